"""Datelines: the place (and often the outlet) that open the first paragraph of a news story.

`BERLIN - ...`, `MOSKWA, KOMPAS.com - ...`, `BANGKAPOS.COM, JAKARTA -- ...`,
`Jakarta, CNN Indonesia - - ...`, `Jakarta (ANTARA News) - ...`, `Suara.com - ...`,
`TEMPO.CO, Semarang -Banyaknya ...` (no space after the dash), `Liputan6.com, Jakarta: ...`,
`PEMALANG (PUSKAPIK) – ...`, `Bandar Lampung (lampost.co)–...`, `RADAR JOGJA – ...`,
`Murianews, Kudus – ...`, `LOMBOK TENGAH | ...`, `Jakarta, Kamis (15/12/2016) - ...`,
`DIKSIMERDEKA.COM, DENPASAR, BALI – ...`, `SEMARANG (SUARABARU.ID) Ribuan ...`,
`TRANSFORMASINEWS.COM, PALEMBANG. Jaksa ...`, and `Jember, NU Online` alone on the line above
its paragraph.

A site not in the outlet table is still read as the outlet where the dateline's shape says so:
a host (`Cyberthreat.id`), a name in parentheses after the place, a name holding a news word
(`Murianews`, `Radar Jogja`), or the second part when it is printed in another case than the
place before it or as a short acronym
(`SOLO, Suara Muhammadiyah-`, `Semarang, MINA -`, `JAKARTA, KOMPAS -`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from search.data import read_table
from search.dates import weekdays, without_dates
from search.outlets import named_outlet, names_a_site

# The dash has a space on at least one side (`Semarang -Banyaknya`); a colon only follows a head
# that names an outlet (`Liputan6.com, Jakarta:`), as a colon after a name opens a quotation.
# After a closing parenthesis the dash may touch both sides: `(lampost.co)–Menjelang`.
_DATELINE = re.compile(
    r"^(?P<head>[^\n]{2,70}?)(?:\s+(?:-{1,3}|–|—)(?:\s*[-–—])?\s*|(?:-{1,3}|–|—)\s+"
    r"|(?<=\))\s*(?:-{1,3}|–|—)\s*|\s+\|\s+|(?P<colon>:)\s+)(?=\S)"
)
# Without a dash, only after a head naming an outlet: `SEMARANG (SUARABARU.ID) Ribuan ...`,
# `TRANSFORMASINEWS.COM, PALEMBANG. Jaksa ...`.
_DATELINE_LOOSE = re.compile(r"^(?P<head>[^\n]{2,70}?)(?:(?<=\))\s+|\.\s+)(?=[A-Z\"“])")
_ALONE = re.compile(r"^(?P<head>[^\n]{2,70}?)\s*(?P<dash>-{1,3}|–|—)?$")
# Parts are split by commas, parentheses, a bar (`balitribune.co.id I Denpasar`) or a full stop
# after a domain (`Suaradiksi.com. Lhokseumawe`; `KAB. SERANG` is one place); a name in
# parentheses starts with a letter (`(4-3-3)` is none).
_PARTS = re.compile(r"\s*,\s*|(?<=com|net)\.\s+|(?<=\.id|\.co)\.\s+|\s+[|I]\s+"
                    r"|\s*\((?P<bracketed>[A-Za-z][^()]*)\)\s*")
_MAX_PARTS = 3
_ACRONYM_LETTERS = 4
# A day in brackets, with or without its year: `(15/12/2016)`, `(3/4)`.
_BRACKETED_DAY = re.compile(r"\s*\(\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*\)")
_SPACED_DOMAIN = re.compile(r"\.\s+(?=(?:com|id|co|net|tv|or\.id|co\.id)\b)", re.IGNORECASE)
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


@cache
def _regions() -> frozenset[str]:
    return frozenset(read_table("datelines.txt")["regions"])


def _parts(head: str) -> list[tuple[str, bool]]:
    """The head's parts, each with whether it stood in parentheses."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for match in _PARTS.finditer(head):
        parts.append((head[at : match.start()], False))
        if match["bracketed"]:
            parts.append((match["bracketed"].strip(), True))
        at = match.end()
    parts.append((head[at:], False))
    return [(text.strip(), bracketed) for text, bracketed in parts if text.strip()]


def _second_is_outlet(texts: list[str]) -> bool:
    # `SOLO, Suara Muhammadiyah`, `Semarang, MINA`, `PEMALANG, BB`: the place comes first and the
    # outlet second, printed in another case or as a short acronym; a region (`KUDUS, Jawa
    # Tengah`) is a place, not an outlet.
    first, second = texts
    if second.lower() in _regions():
        return False
    acronym = second.isupper() and second.isalpha() and len(second) <= _ACRONYM_LETTERS
    # `JAKARTA, KOMPAS -`: the print edition's name, one word in capitals after the place.
    masthead = first.isupper() and second.isupper() and second.isalpha()
    return first.isupper() != second.isupper() or acronym or masthead


def _read_head(head: str) -> tuple[str | None, str | None] | None:
    """The place and outlet a dateline head names, or None when it is not a dateline head."""
    # `Jakarta, Kamis (15/12/2016) -`: the date is the story's, the dateline names the place.
    head = without_dates(_BRACKETED_DAY.sub("", _SPACED_DOMAIN.sub(".", head)))  # `Seide. id`
    parts = [part for part in _parts(head) if part[0].lower() not in weekdays()]
    if not 1 <= len(parts) <= _MAX_PARTS or "/" in head:  # `Bali Tribune/KASANGA FEST -`: a credit
        return None
    texts = [text for text, _ in parts]
    outlets = [text for text, bracketed in parts if bracketed and len(parts) > 1]
    outlets = outlets or [text for text in texts if named_outlet(text)]
    outlets = outlets or [text for text in texts if names_a_site(text)]
    if not outlets and len(parts) == 2 and _second_is_outlet(texts):
        outlets = [texts[1]]
    outlet = outlets[0] if outlets else None
    places = [text for text in texts if text != outlet]
    # One place, or a place and its region: `DIKSIMERDEKA.COM, DENPASAR, BALI -`.
    if len(places) > 1 and (len(places) > 2 or places[1].lower() not in _regions()):
        return None
    if not all(_is_place(place) for place in places):
        return None
    return (places[0] if places else None), outlet


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening `paragraph`, or None when it does not open with one."""
    match = _DATELINE.match(paragraph)
    read = _read_head(match.group("head")) if match else None
    if read is not None and not (match.group("colon") and read[1] is None or _hyphenated_term(read, paragraph, match)):
        return Dateline(*read, end=match.end())
    loose = _DATELINE_LOOSE.match(paragraph)
    read = _read_head(loose.group("head")) if loose else None
    if read is None or read[1] is None or not names_a_site(read[1]):
        return None
    return Dateline(*read, end=loose.end())


def _hyphenated_term(read: tuple[str | None, str | None], paragraph: str, match: re.Match) -> bool:
    # `Pandemi Covid - 19 menjadi ...`: a term written with a spaced hyphen before a number,
    # not a place in title case and its story.
    place, outlet = read
    return outlet is None and place is not None and not place.isupper() and paragraph[match.end():][:1].isdigit()


def dateline_alone(line: str) -> bool:
    """Whether a line is a dateline standing alone, its paragraph on the next: `Bulungan -`, or
    a place and an outlet without a dash (`Jember, NU Online`)."""
    if "," not in line and not line.endswith(("-", "–", "—")):
        return False
    match = _ALONE.match(line)
    if not match:
        return False
    read = _read_head(match.group("head"))
    if read is None or match.group("dash") is not None:
        return read is not None
    # Without a dash only `Place, Outlet`: `Laporan Wartawan Tribun Batam, Ucik Suwaibah` is a
    # reporter's credit.
    place, outlet = read
    return place is not None and outlet is not None and match.group("head").endswith(outlet)


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """The dateline opening a paragraph (or None) and the paragraph's text after it."""
    dateline = parse_dateline(paragraph)
    if dateline is None:
        return None, paragraph
    return dateline, paragraph[dateline.end :].lstrip(" -–—:")
