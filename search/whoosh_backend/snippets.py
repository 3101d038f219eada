"""Highlighted passages: the query's words marked with <mark> in the original text.

A word is marked when its stem is one the query looks for (so `peretasan` marks `meretas`) or
when its exact form is, with the analyzer's own stem function; the text is split with a plain
regular expression rather than the full analyzer, which is ten times slower and would decide
nothing more here. Everything else is HTML-escaped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
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
    text: str, stems: frozenset[str], words: frozenset[str],
    tokens: list[tuple[int, int]] | None = None,
) -> dict[int, tuple[int, str]]:
    """Start offset -> (end offset, stem) of each word the query looks for; `tokens` are the
    text's words as (start, end), when the caller has them."""
    spans: dict[int, tuple[int, str]] = {}
    if not stems and not words:
        return spans
    tokens = tokens if tokens is not None else _tokens(text)
    # A root's letters after its first are inside any word that stems to it (prefixes change
    # only a root's first letter: memukul -> pukul, menyapu -> sapu), and an exact word's
    # inside itself: only the words where one of these turns up are looked at.
    finder = _finder(frozenset(form[1:] for form in stems | words))
    starts = [start for start, _ in tokens]
    looked: set[int] = set()
    for hit in finder.finditer(text):
        index = bisect_right(starts, hit.start()) - 1
        if index < 0 or index in looked or hit.start() >= tokens[index][1]:
            continue
        looked.add(index)
        start, end = tokens[index]
        key = _matched(text[start:end].lower(), stems, words)
        if key is not None:
            spans[start] = (end, key)
    return spans


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in _WORD.finditer(text)]


@lru_cache(maxsize=256)
def _finder(cores: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding any of `cores` (case-insensitive); an empty core finds every word."""
    if "" in cores:
        return _WORD
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
    `SNIPPET_SCAN_CHARS` of the text), as safe HTML."""
    cut = len(text) > SNIPPET_SCAN_CHARS
    text = text[:SNIPPET_SCAN_CHARS] if cut else text
    positions = _tokens(text)
    spans = matched_spans(text, stems, words, positions)
    if not positions:
        return escape(_SPACE.sub(" ", text.strip()))
    first = _best_window(positions, spans, size)
    last = min(first + size, len(positions))
    start = positions[first][0] if first > 0 else 0
    end = positions[last - 1][1] if last < len(positions) else len(text)
    passage = _SPACE.sub(" ", _mark(text, spans, start, end)).strip()
    head = ELLIPSIS + " " if first > 0 else ""
    tail = " " + ELLIPSIS if last < len(positions) or cut else ""
    return head + passage + tail


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


def _best_window(
    positions: list[tuple[int, int]], spans: dict[int, tuple[int, str]], size: int
) -> int:
    """Index of the first word of the window with the most distinct, then most, matches."""
    starts = [start for start, _ in positions]
    matched = sorted(bisect_left(starts, start) for start in spans)  # word indices of the matches
    if not matched:
        return 0
    stems = [spans[positions[index][0]][1] for index in matched]
    best, best_score = matched[0], (-1, -1)
    last = 0
    for at, first in enumerate(matched):  # the best window starts at one of the matches
        last = max(last, at)
        while last + 1 < len(matched) and matched[last + 1] < first + size:
            last += 1
        inside = stems[at:last + 1]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = first, score
    # Show a few words of context before the first match.
    return max(0, min(best - size // 6, len(positions) - size))


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
