"""Bylines: the writers and editors a page credits (`Penulis : X`, `X` over `Penulis`).

Author initials closing an article, such as `(wbs)`, are not names and are never returned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from search.data import read_table
from search.dates import weekdays, without_dates
from search.outlets import canonical_outlet

_NAME = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.'’-]*(?: [A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.'’-]*){0,5}")
_SEPARATORS = re.compile(r"\s*(?:,|&|\||;|/|\bdan\b|\band\b)\s*", re.IGNORECASE)
_MIN_NAME_LETTERS = 3
_MAX_INITIALS = 4
_PARTICLES = frozenset({"bin", "binti", "van", "von", "der", "de", "da", "di", "al", "el"})


@cache
def _labels() -> tuple[str, ...]:
    return read_table("bylines.txt")["labels"]


@cache
def _label_pattern() -> re.Pattern[str]:
    labels = "|".join(re.escape(label) for label in _labels())
    return re.compile(rf"(?:^|(?<=\s)|(?<=\|))(?P<label>{labels})\s*:\s*", re.IGNORECASE)


@cache
def _report_pattern() -> re.Pattern[str]:
    phrases = "|".join(re.escape(phrase) for phrase in read_table("bylines.txt")["reports"])
    return re.compile(rf"^(?:{phrases})\b[^,]*,\s*(?P<names>.+)$", re.IGNORECASE)


def _is_name(part: str) -> bool:
    if not _NAME.fullmatch(part) or sum(char.isalpha() for char in part) < _MIN_NAME_LETTERS:
        return False
    words = part.split()
    if part.islower():  # `asmadi` is a name; `drew`, `cie` are initials
        return len(words) == 1 and len(part) > _MAX_INITIALS
    return all(word[0].isupper() or word.lower() in _PARTICLES for word in words)


def _names(text: str) -> list[str]:
    names = []
    # `Andi Saputra | Rabu, 1 November 2023 08:30 WITA`: the date is no name, nor its weekday.
    for part in _SEPARATORS.split(without_dates(text).strip(" .:-–|")):
        part = re.sub(r"\s*\([^)]*\)$", "", part).strip(" .")
        if _is_name(part) and part.lower() not in weekdays():
            names.append(part.title() if part.islower() or part.isupper() else part)
    return names


def is_label(line: str) -> bool:
    """Whether a line is a byline label standing alone (`Penulis`)."""
    return line.rstrip(" :").lower() in _labels()


def labelled_names(line: str) -> list[str] | None:
    """The names a byline line credits (`Penulis : A | Editor: B` -> [A, B]); None if the line
    is not a byline."""
    report = _report_pattern().match(line)
    if report:
        return _names(report.group("names"))
    if " - " in line:  # `Andi Saputra - detikNews`
        writer, outlet = line.rsplit(" - ", 1)
        if canonical_outlet(outlet) and _names(writer):
            return _names(writer)
    if not _label_pattern().match(line):
        return None
    matches = list(_label_pattern().finditer(line))
    names = []
    for match, following in zip(matches, [*matches[1:], None]):
        end = following.start() if following else len(line)
        names.extend(_names(line[match.end() : end]))
    return names


def find_authors(lines: Sequence[str]) -> tuple[list[str], set[int]]:
    """The credited names in page order, each once, and the indexes of the byline lines
    (labels and the names they label) so they can be left out of the body."""
    authors: list[str] = []
    byline_at: set[int] = set()
    for at, line in enumerate(lines):
        names = labelled_names(line)
        if names is None and is_label(line):
            names = _names(lines[at - 1]) if at > 0 else []
            if names:
                byline_at.add(at - 1)
        if names is None:
            continue
        byline_at.add(at)
        authors = list(merge_names(authors, names))
    return authors, byline_at


def merge_names(*groups: Sequence[str]) -> tuple[str, ...]:
    """The names of all groups in order, each once (ignoring case)."""
    merged: dict[str, str] = {}
    for group in groups:
        for name in group:
            merged.setdefault(name.casefold(), name)
    return tuple(merged.values())
