"""Highlighted passages: the query's words marked with <mark> in the original text.

A word is marked when its stem is one the query looks for (so `peretasan` marks `meretas`) or
when its exact form is, with the analyzer's own stem function; the text is split with a plain
regular expression rather than the full analyzer, which is ten times slower and would decide
nothing more here. Everything else is HTML-escaped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import islice
from html import escape

from search.errors import InvalidParameter
from search.whoosh_backend.analysis import TOKEN_PATTERN, stem
from search.whoosh_backend.query import parse_query

SNIPPET_WORDS = 30
# A passage is looked for in the text's start only: a hit on a 10 MB article (a crawled dump, a
# document pasted whole) must not scan it all for a 30-word passage.
SNIPPET_SCAN_CHARS = 100_000
ELLIPSIS = "\u2026"
_WORD = re.compile(TOKEN_PATTERN)
_SPACE = re.compile(r"\s+")


def matched_spans(
    text: str, stems: frozenset[str], words: frozenset[str]
) -> dict[int, tuple[int, str]]:
    """Start offset -> (end offset, stem) of each word the query looks for."""
    spans: dict[int, tuple[int, str]] = {}
    if not stems and not words:
        return spans
    # A root's letters after its first are inside any word that stems to it (prefixes change
    # only a root's first letter: memukul -> pukul, menyapu -> sapu), and an exact word's
    # inside itself: only the words where one of these turns up are looked at, each split out
    # of the run of text between the spaces around it (a word never holds a space).
    run_end, run_starts, run_ends, looked = 0, [], [], set()
    for at in _core_hits(text, frozenset(form[1:] for form in stems | words)):
        if at >= run_end:
            run_start, run_end = _run_start(text, at, run_end), _run_end(text, at)
            run_words = [word.span() for word in _WORD.finditer(text, run_start, run_end)]
            run_starts, run_ends = [start for start, _ in run_words], [end for _, end in run_words]
        index = bisect_right(run_starts, at) - 1  # the run's word holding `at`, if any
        if index < 0 or at >= run_ends[index] or run_starts[index] in looked:
            continue
        start, end = run_starts[index], run_ends[index]
        looked.add(start)
        key = _matched(text[start:end].lower(), stems, words)
        if key is not None:
            spans[start] = (end, key)
    return spans


def _run_start(text: str, at: int, floor: int = 0) -> int:
    """Where the run of text holding offset `at` starts: after the last space or line break
    before it, or at `floor` (itself a place no word crosses). Splitting words from there
    gives the same words as splitting the whole text."""
    space = max(text.rfind(" ", floor, at), text.rfind("\n", floor, at))
    return floor if space < 0 else space + 1


def _run_end(text: str, at: int) -> int:
    ends = [found for found in (text.find(" ", at), text.find("\n", at)) if found >= 0]
    return min(ends) if ends else len(text)


def _core_hits(text: str, cores: frozenset[str]) -> list[int]:
    """Sorted offsets where any of `cores` turns up, case-insensitively (an empty core: every
    word's start). Found with `str.find` in the lower-cased text, several times faster than
    a case-insensitive pattern; a text whose lower case changes its length (a dotted capital
    I) is searched with the pattern instead."""
    if "" in cores:
        return [word.start() for word in _WORD.finditer(text)]
    lowered = text.lower()
    if len(lowered) != len(text):
        return [hit.start() for hit in _finder(cores).finditer(text)]
    hits = []
    for core in cores:
        at = lowered.find(core)
        while at >= 0:
            hits.append(at)
            at = lowered.find(core, at + 1)
    hits.sort()
    return hits


@lru_cache(maxsize=256)
def _finder(cores: frozenset[str]) -> re.Pattern[str]:
    """A case-insensitive pattern finding any of `cores`."""
    alternatives = sorted(cores, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives)), re.IGNORECASE)


def _matched(word: str, stems: frozenset[str], words: frozenset[str]) -> str | None:
    """The stem under which this lower-cased word matches the query, or None.

    As the index does: names keep their form (so the form itself may be a query stem), and a
    hyphenated form also matches through its parts (negara-negara, al-assad)."""
    for form in (word, *word.split("-")) if "-" in word else (word,):
        if form in words or form in stems:
            return form
        root = stem(form)
        if root in stems:
            return root
    return None


def snippet(
    text: str,
    stems: frozenset[str],
    words: frozenset[str],
    size: int = SNIPPET_WORDS,
) -> str:
    """The passage of about `size` words holding most of the query's words (in the first
    `SNIPPET_SCAN_CHARS` of the text), as safe HTML.

    The text is never split into words whole: only the words around the matches are (between
    two matches, counted up to `size`), and the passage's own."""
    cut = len(text) > SNIPPET_SCAN_CHARS
    text = text[:SNIPPET_SCAN_CHARS] if cut else text
    spans = matched_spans(text, stems, words)
    best = _best_match(text, spans, size)
    before = _words_before(text, best, size // 6)  # a few words of context before it
    window = before + _words(text, best, size + 1 - len(before))
    if not window:
        return escape(_SPACE.sub(" ", text.strip()))
    if len(window) < size:  # the text ends inside the window: the window ends with the text
        window[:0] = _words_before(text, window[0][0], size - len(window))
    more = len(window) > size
    opening = not _words_before(text, window[0][0], 1)
    start = 0 if opening else window[0][0]
    end = window[size - 1][1] if more else len(text)
    passage = _SPACE.sub(" ", _mark(text, spans, start, end)).strip()
    head = "" if opening else ELLIPSIS + " "
    tail = " " + ELLIPSIS if more or cut else ""
    return head + passage + tail


def _best_match(text: str, spans: dict[int, tuple[int, str]], size: int) -> int:
    """Start of the match that opens the window of `size` words with the most distinct, then
    most, matches (0 when nothing matched)."""
    starts = sorted(spans)
    if not starts:
        return 0
    # Word indices of the matches, relative to the first: only a gap under `size` words
    # decides anything, so a gap is counted up to `size`.
    indices = [0]
    for previous, start in zip(starts, starts[1:]):
        gap = _count_words(text, spans[previous][0], start, size)
        indices.append(indices[-1] + 1 + gap)
    stems = [spans[start][1] for start in starts]
    best, best_score, last = 0, (-1, -1), 0
    for at, first in enumerate(indices):  # the best window starts at one of the matches
        last = max(last, at)
        while last + 1 < len(indices) and indices[last + 1] < first + size:
            last += 1
        inside = stems[at:last + 1]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = at, score
    return starts[best]


def _count_words(text: str, start: int, end: int, most: int) -> int:
    """Words between offsets `start` and `end`, counted up to `most` (a short stretch is
    counted whole, which is quicker than stopping at `most`)."""
    if end - start <= 8 * most:
        return min(len(_WORD.findall(text, start, end)), most)
    return len(list(islice(_WORD.finditer(text, start, end), most)))


def _words(text: str, start: int, count: int) -> list[tuple[int, int]]:
    """(start, end) of up to `count` words from offset `start` (a word's start, or 0)."""
    return [word.span() for word in islice(_WORD.finditer(text, start), max(count, 0))]


def _words_before(text: str, at: int, count: int) -> list[tuple[int, int]]:
    """(start, end) of up to `count` words ending before offset `at` (a word's start, or 0),
    split from a run start far enough back (looked for further back until found)."""
    reach = 16 * count
    while count > 0:
        floor = _run_start(text, max(at - reach, 0))
        found = [word.span() for word in _WORD.finditer(text, floor, at)]
        if len(found) >= count or floor == 0:
            return found[-count:]
        reach *= 2
    return []


def mark_query_words(text: str, q: str) -> str:
    """The whole text as safe HTML with every word the query `q` looks for in <mark>."""
    schema = _schema()
    try:
        parsed = parse_query(q.strip(), schema)
    except InvalidParameter:
        return escape(text)
    spans = matched_spans(text, parsed.stems, parsed.words)
    return _mark(text, spans, 0, len(text))


@lru_cache(maxsize=1)
def _schema():
    from search.whoosh_backend.schema import build_schema

    return build_schema()


def _mark(text: str, spans: dict[int, tuple[int, str]], start: int, end: int) -> str:
    pieces, cursor = [], start
    for span_start in sorted(spans):
        span_end = spans[span_start][0]
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    return "".join(pieces)
