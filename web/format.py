"""Dates written the Indonesian way, for people reading the web pages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

NO_DATE = "Tanpa tanggal"
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
# Indonesia's three time zones, named by their UTC offset in hours.
ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}
WIB = timezone(timedelta(hours=7))


def format_published(published: datetime | str | None) -> str:
    """`Senin, 12 Oktober 2020, 18.10 WIB`; `Tanpa tanggal` when there is no date.

    A time in WITA or WIT keeps its zone; any other offset (or none) is shown in WIB. Midnight
    sharp is shown as the day alone: ingest records a page that prints only a date that way.
    """
    moment = _as_datetime(published)
    if moment is None:
        return NO_DATE
    moment, zone = _in_indonesian_zone(moment)
    day = f"{DAYS[moment.weekday()]}, {moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        return day
    return f"{day}, {moment.hour:02d}.{moment.minute:02d} {zone}"


def format_period(key: str) -> str:
    """A `from`/`to` value or date-facet key in words: `2020`, `Oktober 2020`, `17 Agustus 2020`."""
    parts = key.split("-")
    try:
        numbers = [int(part) for part in parts]
    except ValueError:
        return key
    if len(numbers) == 1:
        return str(numbers[0])
    if not 1 <= numbers[1] <= 12:
        return key
    month = f"{MONTHS[numbers[1] - 1]} {numbers[0]}"
    return month if len(numbers) == 2 else f"{numbers[2]} {month}"


def format_period_short(key: str) -> str:
    """A date-facet key as a short chart label: `2020`, `Sep 2020`."""
    words = format_period(key).split(" ")
    if len(words) == 2:
        return f"{words[0][:3]} {words[1]}"
    return " ".join(words)


def format_count(count: int) -> str:
    """A count with the Indonesian thousands separator: `12.345`."""
    return f"{count:,}".replace(",", ".")


def _as_datetime(published: datetime | str | None) -> datetime | None:
    if published is None or published == "":
        return None
    if isinstance(published, datetime):
        return published
    return datetime.fromisoformat(published)


def _in_indonesian_zone(moment: datetime) -> tuple[datetime, str]:
    offset = moment.utcoffset()
    if offset is not None:
        hours = offset / timedelta(hours=1)
        if hours in ZONES:
            return moment, ZONES[int(hours)]
        return moment.astimezone(WIB), "WIB"
    # A naive time has no zone to convert from: Warta's articles are read as WIB.
    return moment, "WIB"
