"""What an article's URL tells: the publication date in its path (`/2023/11/01/`,
`/read/20250703/`), and a headline from its slug (`/banjir-924-warga-jakarta-mengungsi`).

The outlet of a URL's host is `search.outlets.outlet_from_url`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import unquote, urlsplit

from search.dates import JAKARTA

_EARLIEST_YEAR = 1995  # Indonesian news went online in the mid-1990s
_SPLIT_DATE = re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?=/|$)")
_JOINED_DATE = re.compile(r"/(?:[a-z-]*?)(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)"
                          r"(?:\d{2,10})?(?=/|$|-)")
_SLUG_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}")
_MIN_SLUG_WORDS = 3


def date_in_url(url: str | None, *, today: date | None = None) -> datetime | None:
    """The date a URL's path spells, at midnight WIB, or None when it spells none or an
    impossible one (a future day, a month 13)."""
    if not url:
        return None
    path = urlsplit(url).path.lower()
    for pattern in (_SPLIT_DATE, _JOINED_DATE):
        for match in pattern.finditer(path):
            found = _valid(match, today or date.today())
            if found:
                return found
    return None


def _valid(match: re.Match[str], today: date) -> datetime | None:
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    if not _EARLIEST_YEAR <= day.year or day > today:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=JAKARTA)


def title_from_slug(url: str | None) -> str | None:
    """The words of a URL's slug as a sentence-case headline, or None when it has no word slug
    (`/berita/mzb9lk/banjir-924-warga-jakarta-mengungsi` -> `Banjir 924 warga jakarta mengungsi`)."""
    if not url:
        return None
    segments = [unquote(segment) for segment in urlsplit(url).path.lower().split("/") if segment]
    for segment in reversed(segments):
        slug = re.sub(r"\.(html?|php|aspx?)$", "", segment)
        if _SLUG_WORDS.fullmatch(slug):
            words = slug.split("-")
            if sum(word.isalpha() for word in words) >= _MIN_SLUG_WORDS:
                text = " ".join(words)
                return text[:1].upper() + text[1:]
    return None
