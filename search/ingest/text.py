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
from search.ingest.boilerplate import ends_article, is_boilerplate, tidy
from search.ingest.bylines import find_authors, is_label, labelled_names, merge_names
from search.ingest.dateline import parse_dateline
from search.ingest.problems import BadInput
from search.outlets import find_outlet

_HEADLINE_WORDS = (3, 30)
_HEADLINE_CHARS = 250
_LOOK_AHEAD = 25  # lines after the page top where a headline may stand
_HEADER_LINES = 15  # lines after the headline where the body must start
_FIRST_PARAGRAPH_WORDS = 8


def _headline_like(line: str) -> bool:
    words = len(line.split())
    return (
        _HEADLINE_WORDS[0] <= words <= _HEADLINE_WORDS[1]
        and len(line) <= _HEADLINE_CHARS
        and not is_date_line(line)
        and parse_dateline(line) is None
        and labelled_names(line) is None
    )


def _top(lines: Sequence[str]) -> list[str]:
    # Where a headline may stand: the page top, before the first dateline paragraph or
    # end-of-article marker (related lists and repeated paragraphs come after those).
    top = []
    for line in lines[:_LOOK_AHEAD]:
        if ends_article(line) or (parse_dateline(line) and _long(line)):
            break
        top.append(line)
    return top


def _long(line: str) -> bool:
    return len(line.split()) >= _FIRST_PARAGRAPH_WORDS


def find_headline(lines: Sequence[str]) -> int:
    """The index of the headline: the first headline-like line at the top of the page that the
    page repeats, else the first one that does not read as a sentence, else the first one."""
    top = _top(lines)
    candidates = [at for at, line in enumerate(top) if _headline_like(line)]
    if not candidates:
        raise BadInput("no headline found")
    folded = [line.casefold() for line in lines[:_LOOK_AHEAD]]
    for at in candidates:
        if folded.count(folded[at]) > 1:
            return at
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
    lines = [line for line in page if not is_boilerplate(line)]
    headline_at = find_headline(lines)
    body_at = find_body_start(lines, headline_at)
    title, header = lines[headline_at], lines[headline_at + 1 : body_at]
    dateline = parse_dateline(lines[body_at])
    near_headline = [*header, *lines[max(0, headline_at - 1) : headline_at]]
    body = clean_body(lines[body_at:], title)
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
