"""Datelines: the place (and often the outlet) that open the first paragraph of a news story.

`BERLIN - ...`, `MOSKWA, KOMPAS.com - ...`, `BANGKAPOS.COM, JAKARTA -- ...`,
`Jakarta, CNN Indonesia - - ...`, `Jakarta (ANTARA News) - ...`, `Suara.com - ...`,
`TEMPO.CO, Semarang -Banyaknya ...` (no space after the dash), `Liputan6.com, Jakarta: ...`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from search.data import read_table
from search.outlets import named_outlet

# The dash has a space on at least one side (`Semarang -Banyaknya`); a colon only follows a head
# that names an outlet (`Liputan6.com, Jakarta:`), as a colon after a name opens a quotation.
_DATELINE = re.compile(
    r"^(?P<head>[^\n]{2,70}?)(?:\s+(?:-{1,3}|–|—)(?:\s*[-–—])?\s*|(?:-{1,3}|–|—)\s+"
    r"|(?P<colon>:)\s+)(?=\S)"
)
_ALONE = re.compile(r"^(?P<head>[^\n]{2,70}?)\s*(?:-{1,3}|–|—)$")
_PARTS = re.compile(r"\s*(?:,|\(|\))\s*")
# A place in capitals (`KUALA LUMPUR`), or in title case if short (`New York`): longer title-case
# runs are more often a person (`Presiden Joko Widodo - ...`) than a place.
_PLACE_CAPS = re.compile(r"[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,3}")
_PLACE_TITLE = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?")


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a dateline names: the place as printed, and the outlet as printed (or None)."""

    place: str | None
    outlet: str | None
    end: int  # where the paragraph's own text starts, after the dateline


@cache
def _not_places() -> frozenset[str]:
    return frozenset(read_table("datelines.txt")["not-places"])


def _is_place(part: str) -> bool:
    shaped = _PLACE_CAPS.fullmatch(part) or _PLACE_TITLE.fullmatch(part)
    return bool(shaped) and part.lower() not in _not_places()


def _read_head(head: str) -> tuple[str | None, str | None] | None:
    parts = [part for part in _PARTS.split(head) if part]
    if not 1 <= len(parts) <= 2:
        return None
    place = outlet = None
    for part in parts:
        if outlet is None and named_outlet(part):
            outlet = part
        elif place is None and _is_place(part):
            place = part
        else:
            return None
    return place, outlet


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening `paragraph`, or None when it does not open with one."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    read = _read_head(match.group("head"))
    if read is None or (match.group("colon") and read[1] is None):
        return None
    return Dateline(*read, end=match.end())


def dateline_alone(line: str) -> bool:
    """Whether a line is a dateline standing alone (`Bulungan -`), its paragraph on the next."""
    match = _ALONE.match(line)
    return bool(match) and _read_head(match.group("head")) is not None
