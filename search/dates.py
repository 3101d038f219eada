"""Indonesian news dates: the one parser for every date Warta reads.

`parse_date` reads one date as outlets print it (`Senin, 10 Juli 2017 - 14:09 WIB`,
`Kompas.com - 26/09/2020, 08:13 WIB`, `Kamis (15/12/2016)`, `17 Nov 2022`, `2017-03-28`, ...).
`find_published` picks the publication date of a scraped page from the lines next to its headline
and the dateline paragraph, never from the rest of the page.

A date without a time is midnight; a time without a zone is WIB (Asia/Jakarta). A date without a
year, or a weekday alone, is not a date: the answer is None, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from search.data import read_table

JAKARTA = ZoneInfo("Asia/Jakarta")

# Text around a date on a line that still makes it a "date line" (weekday, outlet masthead).
_DATE_LINE_SLACK = 32
_BYLINE_SLACK = 64  # a byline before a timestamp: writer, outlet, weekday
_CLOCK = re.compile(r"\d[:.][0-5]\d")

_TIME = (
    r"(?:\s*(?:[,|/\-–—]\s*)?(?:pukul|pkl\.?|jam|at)\s*|\s*[,|/\-–—]\s*|\s+)"
    r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?:[:.](?P<second>[0-5]\d))?"
    r"(?:\s*(?P<zone>WITA|WIB|WIT|(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?)(?![a-z]))?"
)
_ISO = re.compile(
    r"(?<![\d/.-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?)?(?![\d])",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<day>\d{1,2})(?P<sep>[/-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    rf"(?![\d/])\)?(?:{_TIME})?",
    re.IGNORECASE,
)
_DAY_MONTH_YEAR = re.compile(
    r"(?<![\d\w])(?P<day>\d{1,2})\s*(?P<monthname>[a-z]{3,9})\.?,?\s+(?P<year>\d{4})(?!\d)"
    rf"(?:{_TIME})?",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    r"(?<![\w])(?P<monthname>[a-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})(?!\d)"
    rf"(?:{_TIME})?",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_PATTERNS = (_ISO, _NUMERIC, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR)
_TODAY = re.compile(r"\b(?:hari ini|pagi ini|siang ini|sore ini|malam ini)\b", re.IGNORECASE)
_TODAY_REACH, _TODAY_GAP = 48, 12  # the date follows `hari ini`, a weekday at most between
_RELATIVE = re.compile(r"^\W*(?:\w+\s+){0,2}(?:lalu|silam|mendatang|nanti|depan)\b", re.IGNORECASE)
_RELATIVE_REACH = 32
_RANGE_START = re.compile(r"\d\s*(?:[-–—]|s/d|hingga|sampai)\s*$")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"”])[.!?](?=\s+[A-Z\"“]|\s*$)")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a text: its value and where it stands."""

    value: datetime
    start: int
    end: int


@cache
def _months() -> dict[str, int]:
    months = {}
    for entry in read_table("dates.txt")["months"]:
        number, *names = entry.split()
        months.update({name: int(number) for name in names})
    return months


@cache
def _zones() -> dict[str, ZoneInfo]:
    pairs = (entry.split() for entry in read_table("dates.txt")["zones"])
    return {abbreviation: ZoneInfo(name) for abbreviation, name in pairs}


@cache
def weekdays() -> frozenset[str]:
    """Weekday names (lower case) that may precede a printed date."""
    return frozenset(" ".join(read_table("dates.txt")["weekdays"]).split())


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # (12/3/25): this century unless that lies in the future
        year += 2000 if year <= date.today().year % 100 + 1 else 1900
    return year


def _zone(text: str | None) -> tzinfo:
    if not text:
        return JAKARTA
    text = text.upper().replace(" ", "")
    if text in _zones():
        return _zones()[text]
    if text == "Z":
        return timezone.utc
    sign = -1 if "-" in text else 1
    digits = re.sub(r"^(?:GMT|UTC)?[+-]", "", text).replace(":", "")
    hours, minutes = (digits[:2], digits[2:]) if len(digits) > 2 else (digits, "0")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def _build(match: re.Match[str]) -> datetime | None:
    fields = match.groupdict()
    if fields.get("monthname") is not None:
        month = _months().get(fields["monthname"].lower())
    else:
        month = int(fields["month"])
    if month is None:
        return None
    zone = _zone(fields.get("offset") or fields.get("zone"))
    try:
        return datetime(
            _year(fields["year"]),
            month,
            int(fields["day"]),
            int(fields.get("hour") or 0),
            int(fields.get("minute") or 0),
            int(fields.get("second") or 0),
            tzinfo=zone,
        )
    except ValueError:  # 31 Februari, month 13: not a date
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every complete date (day, month and year) in `text`, in reading order, without overlaps."""
    found: list[DateMatch] = []
    if not _DIGIT.search(text):
        return found  # every date has a digit; most lines of a page have none
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _build(match)
            overlaps = any(m.start < match.end() and match.start() < m.end for m in found)
            if value is not None and not overlaps:
                found.append(DateMatch(value, match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def without_dates(text: str) -> str:
    """The text with every complete date in it cut out (a byline's or a dateline's date)."""
    for found in reversed(find_dates(text)):
        text = text[: found.start] + text[found.end :]
    return text


def parse_date(text: str) -> datetime | None:
    """The first complete date in `text` as an aware datetime, or None when it holds none.

    Never raises: a string with no day-month-year (`Senin`, `16 Desember`, `©2024`) gives None.
    """
    found = find_dates(text)
    return found[0].value if found else None


def is_date_line(line: str) -> bool:
    """Whether `line` is a printed date with little else (a weekday, a masthead, a separator),
    or a byline ending in a timestamp (`Gloria Safira Taylor, CNN Indonesia | Rabu, 11/01/2017
    16:15 WIB`)."""
    found = find_dates(line)
    if len(found) != 1:
        return False
    rest = (line[: found[0].start] + line[found[0].end :]).strip(" ,|-–—()")
    if len(rest) <= _DATE_LINE_SLACK:
        return True
    timed = _CLOCK.search(line, found[0].start, found[0].end)
    return bool(timed) and len(rest) <= _BYLINE_SLACK and not rest.endswith(".")


def has_time(line: str) -> bool:
    """Whether `line` is a date line whose date carries a time of day (a publication stamp)."""
    found = find_dates(line)
    return is_date_line(line) and bool(_CLOCK.search(line, found[0].start, found[0].end))


def first_sentence(paragraph: str) -> str:
    """The paragraph up to its first full stop (where a dateline names its day)."""
    end = _SENTENCE_END.search(paragraph)
    return paragraph[: end.end()] if end else paragraph


def find_published(
    near_headline: Iterable[str], dateline_paragraph: str | None, top: Iterable[str] = ()
) -> datetime | None:
    """The publication date of a page: a date line next to the headline, else an ISO date line
    elsewhere above the body (`date 2023-11-01` at the page top), else the date in the first
    sentence of the dateline paragraph or the one it calls today; None when none prints one."""
    for line in near_headline:
        if is_date_line(line):
            return parse_date(line)
    for line in top:  # a machine-written date far from the headline; not a crawl banner's
        if is_date_line(line) and _ISO.search(line):
            return parse_date(line)
    if dateline_paragraph:
        return _lede_date(first_sentence(dateline_paragraph)) or _today_in(dateline_paragraph)
    return None


def _lede_date(sentence: str) -> datetime | None:
    # The day a lede reports on, not one it looks back or ahead to (`Jumat (29/6/2018) akhir
    # pekan lalu`, `6–8 Maret 2026 mendatang`) or the end of a range of days.
    for found in find_dates(sentence):
        before, after = sentence[: found.start], sentence[found.end : found.end + _RELATIVE_REACH]
        if not _RANGE_START.search(before) and not _RELATIVE.search(after):
            return found.value
    return None


def _today_in(paragraph: str) -> datetime | None:
    # `Hari ini, Minggu (30/3/2025) ...`: a lede that dates "today" dates its own publication.
    for match in _TODAY.finditer(paragraph):
        found = find_dates(paragraph[match.end() : match.end() + _TODAY_REACH])
        if found and found[0].start <= _TODAY_GAP:
            return found[0].value
    return None
