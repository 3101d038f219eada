"""The page extractor: one news article from a page's visible text, whatever the outlet.

Every Indonesian news page has the same parts, though outlets order and print them differently:
furniture (menus, share buttons), the headline, a header (date line, byline, masthead, photo
caption), the body (opening with a dateline paragraph, `JAKARTA, KOMPAS.com - ...`, when there is
one), then related lists and a footer. The body is found first: the dateline paragraph near the
page top, else the first line that reads as a paragraph. The headline is then chosen among the
lines above it (`search.ingest.headline`); a page without one is titled from its URL or lede.

Used for scraped `.txt` pages and for raw crawler records (`{"url": ..., "text": ...}`), where the
URL adds its host and the date in its path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from search.article import Article
from search.dates import find_dates, find_published, has_time, is_date_line
from search.ingest.body import clean_body
from search.ingest.boilerplate import (
    ends_article,
    is_boilerplate,
    tidy,
    without_link_lists,
)
from search.ingest.bylines import find_authors, is_label, labelled_names, merge_names
from search.ingest.dateline import dateline_alone, parse_dateline, split_dateline
from search.ingest.headline import choose_headline
from search.ingest.problems import BadInput
from search.ingest.syndication import syndicated_from
from search.ingest.outlet import find_outlet
from search.ingest.urls import date_in_url

_LOOK_AHEAD = 40  # lines after the page top where the body's first paragraph may stand
_PARAGRAPH_WORDS = 8
_NEAR_DATE = 3  # lines between a headline and its date line, at most
_PARAGRAPHS_BEFORE_DATELINE = 3  # paragraphs above a title-case dateline: the story began
_FUSED_TIME = re.compile(
    r"(?P<time>\b[0-2]?\d[:.][0-5]\d(?:\s*(?:WIB|WITA|WIT))?)(?=(?!WIB|WITA|WIT)[A-Z][A-Za-z])"
)
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")", ":")
# A date printed on its own at the very top of the page, fused with what follows:
# ` date 2023-11-01 jpnn.com, JAKARTA - ...`.
# A partial one (`date 2022-06 HARGA cabai ...`) is dropped: it names no day.
_FUSED_DATE = re.compile(
    r"^(?P<date>(?:[a-z]+\s*:?\s*)?\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}\S*)?)?)\s+(?P<rest>\S.*)$"
)


def _unfused(text: str) -> str:
    # `... 02 Agustus 2022 06:49JAKARTA - Badan ...`: a timestamp glued to the next paragraph.
    return _FUSED_TIME.sub("\\g<time>\n", text)


def _lines(text: str) -> list[str]:
    """The page's non-empty lines, tidy, with fused tokens split and lone datelines joined to
    their paragraph."""
    lines: list[str] = []
    for raw in _unfused(text).splitlines():
        line = tidy(raw).lstrip("•·▪►» ")  # a bulleted byline is still a byline
        if not line:
            continue
        fused = _FUSED_DATE.match(line) if not lines else None
        if fused:
            dated = bool(find_dates(fused["date"]))
            lines.extend([fused["date"], fused["rest"]] if dated else [fused["rest"]])
        elif lines and dateline_alone(lines[-1]):
            joint = " " if lines[-1].endswith(("-", "–", "—")) else " - "
            lines[-1] = f"{lines[-1]}{joint}{line}"
        else:
            lines.append(line)
    return lines


def _long(line: str) -> bool:
    return len(line.split()) >= _PARAGRAPH_WORDS


def _is_dateline_paragraph(line: str) -> bool:
    # `Ferdian - Selasa, 4 April 2023 | 15:30 WIB` is a byline, not a dateline
    return _long(line) and not is_date_line(line) and parse_dateline(line) is not None


def _reads_as_paragraph(line: str) -> bool:
    return (
        _long(line)
        and line.endswith(_SENTENCE_END)
        and not is_date_line(line)
        and labelled_names(line) is None
        and not is_label(line)
    )


def find_body_start(lines: Sequence[str]) -> int:
    """The index of the body's first paragraph: the dateline paragraph near the page top, else
    the first line that reads as a paragraph. Raises BadInput when no line does."""
    top = lines[:_LOOK_AHEAD]
    paragraphs_above = 0
    for at, line in enumerate(top):
        if _is_dateline_paragraph(line) and not (paragraphs_above >= _PARAGRAPHS_BEFORE_DATELINE
                                                 and _weak_dateline(line)):
            return _with_outlet_nearby(top, at)
        paragraphs_above += _reads_as_paragraph(line)
        if ends_article(line) and any(_long(above) for above in top[:at]):
            break
    paragraphs = (at for at, line in enumerate(lines) if _reads_as_paragraph(line))
    for at in paragraphs:
        if not _standfirst(lines, at):
            return at
    raise BadInput("no article text")


def _weak_dateline(line: str) -> bool:
    # `Co - Founder dan COO ...`, `Menurut Worldometers - Indonesia ...`: a spaced hyphen in
    # title case, with no outlet, reads as a dateline only at the top of the story.
    dateline = parse_dateline(line)
    return dateline is not None and dateline.outlet is None and not (dateline.place or "").isupper()


def _with_outlet_nearby(top: Sequence[str], at: int) -> int:
    # `PROTES -Warga di Kampung ...` (a caption's keyword) right before `SURYAMALANG.COM, KLOJEN -
    # ...`: a dateline naming its outlet just below one that names only a place is the real one.
    first = parse_dateline(top[at])
    if first is None or first.outlet is not None:
        return at
    for below in range(at + 1, min(len(top), at + 1 + _NEAR_DATE)):
        found = parse_dateline(top[below]) if _long(top[below]) else None
        if found is not None and found.outlet is not None:
            return below
    return at


def _standfirst(lines: Sequence[str], at: int) -> bool:
    # A summary under the headline, with the date line or byline still to come: the header.
    after = lines[at + 1 : at + 1 + _NEAR_DATE]
    for line in after:
        if is_date_line(line) or is_label(line) or labelled_names(line) is not None:
            return True
        if _reads_as_paragraph(line):
            return False
    return False


def _unwrapped(lines: Sequence[str]) -> list[str]:
    """Lines with hard-wrapped sentences joined: a line that stops mid-sentence continues on
    the next when that one starts in lower case."""
    joined: list[str] = []
    for line in lines:
        wrapped = joined and not joined[-1].endswith(_SENTENCE_END) and line[:1].islower()
        if wrapped and not ends_article(joined[-1]):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def _header(lines: Sequence[str], headline_at: int | None, body_at: int
            ) -> tuple[list[str], list[str]]:
    """The header lines (between headline and body: date line, bylines, captions) and the lines
    where the page prints its date and masthead: the header and the line above the headline."""
    if headline_at is None:  # the date line may still stand above the body, with its time
        above = lines[max(0, body_at - _NEAR_DATE) : body_at]
        return [], [line for line in above if has_time(line)]
    if headline_at > body_at:  # a headline printed after the body has its date line below it
        below = list(lines[headline_at + 1 : headline_at + 2])
        return below, below
    header = list(lines[headline_at + 1 : body_at])
    return header, [*header, *lines[max(0, headline_at - 1) : headline_at]]


def _not_after(published: datetime | None, fetched: datetime | None) -> datetime | None:
    # A page cannot be published after it was fetched: such a date is one the story looks
    # ahead to.
    return None if published and fetched and published > fetched else published


def parse_page(text: str, source: str, url: str | None = None,
               fetched: datetime | None = None) -> Article:
    """The article on a page's visible text; `url` and `fetched` (when the crawler recorded
    them) add the host, the URL's date, and a bound no publication date can pass. Raises
    BadInput when the page holds no article text (a menu, an index page)."""
    page = _lines(text)
    # captions, credits and promotions go first: no later rule needs to tell them apart
    lines = [line for line in without_link_lists(page) if not is_boilerplate(line)]
    body_at = find_body_start(lines)
    dateline, lede = split_dateline(lines[body_at])
    headline = choose_headline(lines, body_at, lede, url)
    header, near_headline = _header(lines, headline.at, body_at)
    paragraphs = [line for line in _unwrapped(lines[body_at + 1 :]) if not is_date_line(line)]
    repeat = headline.title if headline.source == "headline" else ""
    body = clean_body([lede, *paragraphs], repeat)
    if not body.paragraphs:
        raise BadInput("no article text")
    header_authors, _ = find_authors(header)
    copied_from = syndicated_from(page)
    dateline_paragraph = lines[body_at] if dateline else None
    published = find_published(near_headline, dateline_paragraph, lines[:body_at])
    return Article(
        id=url or Path(source).stem,
        title=headline.title,
        title_source=headline.source,
        body=body.text,
        outlet=find_outlet(dateline.outlet if dateline else None, near_headline, page,
                           body.paragraphs, url, copied_from),
        published=_not_after(published or date_in_url(url), fetched),
        authors=merge_names(header_authors, body.authors),
        place=dateline.place if dateline else None,
        url=url,
        source=source,
        syndicated_from=copied_from,
    )
