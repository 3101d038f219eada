"""Datelines: the place (and often the outlet) that open the first paragraph of a news story.

`BERLIN - ...`, `MOSKWA, KOMPAS.com - ...`, `BANGKAPOS.COM, JAKARTA -- ...`,
`Jakarta, CNN Indonesia - - ...`, `Jakarta (ANTARA News) - ...`, `Suara.com - ...`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from search.data import read_table
from search.outlets import named_outlet

_DATELINE = re.compile(r"^(?P<head>[^\n]{2,70}?)\s+(?:-{1,3}|–|—)(?:\s*[-–—])?\s+\S")
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


@cache
def _not_places() -> frozenset[str]:
    return frozenset(read_table("datelines.txt")["not-places"])


def _is_place(part: str) -> bool:
    shaped = _PLACE_CAPS.fullmatch(part) or _PLACE_TITLE.fullmatch(part)
    return bool(shaped) and part.lower() not in _not_places()


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening `paragraph`, or None when it does not open with one."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    parts = [part for part in _PARTS.split(match.group("head")) if part]
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
    return Dateline(place, outlet)
