"""Scraped news pages as plain text (`.txt`): a page's visible text, boilerplate and all.

The page is read in three parts: the headline (the first headline-like line, preferring one the
page repeats), the header between it and the body (date line, byline, masthead, photo caption),
and the body, which opens with the dateline paragraph (`BERLIN - ...`) when there is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from search.article import Article
from search.dates import find_published, is_date_line
from search.ingest.body import clean_body, is_headline_repeat
from search.ingest.boilerplate import ends_article, is_boilerplate, tidy, without_link_lists
from search.ingest.bylines import find_authors, is_label, labelled_names, merge_names
from search.ingest.dateline import parse_dateline
from search.ingest.problems import BadInput
from search.outlets import find_outlet, outlet_in_masthead

_HEADLINE_WORDS = (3, 30)
_HEADLINE_CHARS = 250
_LOOK_AHEAD = 25  # lines after the page top where a headline may stand
_HEADER_LINES = 15  # lines after the headline where the body must start
_FIRST_PARAGRAPH_WORDS = 8
_NEAR_DATE = 3  # lines between a headline and its date line, at most


def _headline_like(line: str) -> bool:
    words = len(line.split())
    return (
        _HEADLINE_WORDS[0] <= words <= _HEADLINE_WORDS[1]
        and len(line) <= _HEADLINE_CHARS
        and not is_date_line(line)
        and parse_dateline(line) is None
        and labelled_names(line) is None
        and outlet_in_masthead(line) is None
    )


def _long(line: str) -> bool:
    return len(line.split()) >= _FIRST_PARAGRAPH_WORDS


def _top(lines: Sequence[str]) -> list[str]:
    # Where a headline may stand: the page top, before the dateline paragraph, and before an
    # end-of-article marker that follows article-like text (related lists repeat headlines;
    # a menu item `Berita Terkini` above the headline does not end anything).
    top: list[str] = []
    for line in lines[:_LOOK_AHEAD]:
        if parse_dateline(line) and _long(line):
            break
        if ends_article(line) and any(_long(above) for above in top):
            break
        top.append(line)
    return top


def _next_to_date_line(top: Sequence[str], candidates: Sequence[int]) -> int | None:
    # A headline stands right above its date line (bylines may sit between), or right below it.
    for date_at in (at for at, line in enumerate(top) if is_date_line(line)):
        above = [at for at in candidates if date_at - _NEAR_DATE <= at < date_at]
        below = [at for at in candidates if date_at < at <= date_at + _NEAR_DATE]
        if above or below:
            return above[-1] if above else below[0]
    return None


def find_headline(lines: Sequence[str]) -> int:
    """The index of the headline among the lines at the top of the page: the first headline-like
    line the page repeats, else the one next to the date line, else the first that does not read
    as a sentence, else the first."""
    top = _top(lines)
    candidates = [at for at, line in enumerate(top) if _headline_like(line)]
    if not candidates:
        raise BadInput("no headline found")
    folded = [line.casefold() for line in top]
    repeated = [at for at in candidates if folded.count(folded[at]) > 1]
    if repeated:
        return repeated[0]
    dated = _next_to_date_line(top, candidates)
    if dated is not None:
        return dated
    return next((at for at in candidates if not top[at].endswith(".")), candidates[0])


def _opens_body(line: str, title: str) -> bool:
    return (
        _long(line)
        and not is_date_line(line)
        and not is_headline_repeat(line, title)
        and labelled_names(line) is None
        and not is_label(line)
    )


def find_body_start(lines: Sequence[str], headline_at: int) -> int:
    """The index of the body's first paragraph: the dateline paragraph near the headline, else
    the first paragraph-like line after it."""
    title = lines[headline_at]
    near = range(headline_at + 1, min(len(lines), headline_at + 1 + _HEADER_LINES))
    for at in near:
        if parse_dateline(lines[at]) and _long(lines[at]):
            return at
    for at in range(headline_at + 1, len(lines)):
        if _opens_body(lines[at], title):
            return at
    raise BadInput("no article text after the headline")


def parse_page(text: str, source: str) -> Article:
    """The article on a scraped page. Raises BadInput when the page holds no headline or body."""
    page = [line for line in (tidy(raw) for raw in text.splitlines()) if line]
    lines = [line for line in without_link_lists(page) if not is_boilerplate(line)]
    headline_at = find_headline(lines)
    body_at = find_body_start(lines, headline_at)
    title, header = lines[headline_at], lines[headline_at + 1 : body_at]
    dateline = parse_dateline(lines[body_at])
    near_headline = [*header, *lines[max(0, headline_at - 1) : headline_at]]
    body = clean_body(lines[body_at:], title)
    if not body.paragraphs:
        raise BadInput("no article text after the headline")
    header_authors, _ = find_authors(header)
    return Article(
        id=Path(source).stem,
        title=title,
        body=body.text,
        outlet=find_outlet(dateline.outlet if dateline else None, near_headline, page),
        published=find_published(near_headline, lines[body_at] if dateline else None),
        authors=merge_names(header_authors, body.authors),
        place=dateline.place if dateline else None,
        source=source,
    )
