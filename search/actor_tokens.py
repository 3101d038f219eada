"""Tokens, sentences and candidate runs of an article body, as the actor finder reads them:
initials and honorific abbreviations keep their dot, hyphened pairs of names split, credit
lines, bare name lines and title-case headlines are skipped, and only runs of capitalized
tokens (name particles allowed inside) are candidates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from search.actor_features import CACHE_LIMIT
from search.actor_names import PREFIXED_NAME
from search.actor_tables import tables
from search.actor_trim import NAME_PARTICLES

Span = tuple[int, int]

# Initials ("M.", "S.P.") and honorific abbreviations keep their dot, so they end no sentence.
_ABBREVIATION = r"(?:[A-Z]\.){1,3}(?![\w])|(?:Dr|DR|Drs|Dra|Prof|Ir|Hj|KH|HM|HA|Jend|Sdr|Mr|Mrs|Ms|St|Jr)\."
_WORD = r"\w+(?:[-'’]\w+)*"
_WEB_SUFFIX = r"\.(?:com|co\.id|id|net|org)\b"  # an outlet's address: CNNIndonesia.com
TOKEN = re.compile(rf"(?=[A-Z])(?:{_ABBREVIATION})|{_WORD}(?:{_WEB_SUFFIX})?|[^\w\s]")
_SENTENCE_ENDS = frozenset(".!?")


def sentences(body: str) -> Iterator[list[str]]:
    """The body's sentences as token lists, skipping credit lines and bare name lines."""
    credit = _credit_label()
    lines = body.rstrip().splitlines()
    for number, line in enumerate(lines, start=1):
        tokens = TOKEN.findall(line)
        tokens = _without_credit(_hyphens_read(tokens) if "-" in line else tokens)
        if number == len(lines):
            tokens = _without_cut_word(tokens)
        if not tokens or credit(line) or _is_bare_name_or_headline(tokens):
            continue
        start = 0
        for end in [i + 1 for i, token in enumerate(tokens) if token in _SENTENCE_ENDS]:
            yield tokens[start:end]
            start = end
        if start < len(tokens):
            yield tokens[start:]


_PAIR = re.compile(r"([A-Z]\w{2,})-([A-Z]\w{2,})")


def _hyphens_read(tokens: list[str]) -> list[str]:
    """Hyphens as news means them: a running pair of names splits ("Ganjar-Yasin", "Sudirman
    Said-Ida Fauziyah": each side is a person), a spaced hyphen inside one word joins ("Kim
    Jong - un", "Go - Jek"). "al-Assad" and "Jong-un" stay as they are."""
    if not any("-" in token for token in tokens):
        return tokens
    read: list[str] = []
    for token in tokens:
        pair = _PAIR.fullmatch(token) if "-" in token else None
        if pair:
            read += [pair[1], "-", pair[2]]
        elif len(read) >= 2 and read[-1] == "-" and _one_word(read[-2], token):
            read[-2:] = [f"{read[-2]}-{token}"]
        else:
            read.append(token)
    return read


def _one_word(left: str, right: str) -> bool:
    return left[:1].isupper() and right[:1].isalpha() and (right[0].islower() or min(len(left), len(right)) <= 2)


def _without_cut_word(tokens: list[str]) -> list[str]:
    """The last paragraph of a page cut short ("... ujar Sami"), without its last word, which
    may be a name cut in two; a paragraph ends with a stop, a quote or a bracket."""
    if len(tokens) >= _PARAGRAPH and tokens[-1][-1:].isalpha():
        return tokens[:-1]
    return tokens


_PARAGRAPH = 6  # tokens of the shortest line taken for a paragraph, not a heading or a credit


def _without_credit(tokens: list[str]) -> list[str]:
    """A line without the reporter's initials in brackets after its last sentence ("... . (Tri)")."""
    if len(tokens) >= 4 and tokens[-1] == ")" and tokens[-3] == "(" and tokens[-4] in _SENTENCE_ENDS:
        return tokens[:-3]
    return tokens


@cache
def _credit_label():
    """Matcher of a credit line's start: "Penulis : ...", "Editor: ...", "Foto: ..."."""
    labels = "|".join(re.escape(label) for label in tables().credit_labels)
    return re.compile(rf"\s*(?:{labels})\s*[:|-]", re.IGNORECASE).match


def _is_bare_name_or_headline(tokens: list[str]) -> bool:
    """A line holding nothing but a name (a byline), or a headline in title case (its names
    recur in the story; its capitals mislead the tagger)."""
    if len(tokens) <= 4:
        return all(_is_capitalized(t) for t in tokens)
    if tokens[-1] in _SENTENCE_ENDS:
        return False
    words = [t for t in tokens if t[0].isalpha()]
    return sum(1 for w in words if _is_capitalized(w)) >= 0.8 * len(words)


def _is_capitalized(token: str) -> bool:
    if token[0].isupper():
        return True
    if token[0] == "(":  # idner keeps "(SBY)" as one token
        return token[1:2].isupper()
    return "-" in token and bool(PREFIXED_NAME.match(token))


_CAPITALIZED: dict[str, bool] = {}  # token -> whether it counts as capitalized (most tokens recur)


def _capitalized(t: str) -> bool:
    if len(_CAPITALIZED) >= CACHE_LIMIT:
        _CAPITALIZED.clear()
    capitalized = _CAPITALIZED[t] = t[0].isupper() or (not t[0].islower() or "-" in t) and _is_capitalized(t)
    return capitalized


def candidate_runs(tokens: list[str]) -> list[Span]:
    """Maximal runs of capitalized tokens (name particles allowed inside), as [start, end)."""
    capitalized = list(map(_CAPITALIZED.get, tokens))
    if None in capitalized:
        capitalized = [_capitalized(t) if c is None else c for t, c in zip(tokens, capitalized)]
    capitalized.append(False)
    runs: list[Span] = []
    n = len(tokens)
    find = capitalized.index  # skips a stretch of lower-case words in C
    try:
        i = find(True)
        while True:
            j = i + 1
            while capitalized[j] or (j + 1 < n and tokens[j] in NAME_PARTICLES and capitalized[j + 1]):
                j += 1
            runs.append((i, j))
            i = find(True, j)
    except ValueError:
        return runs
