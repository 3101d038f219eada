"""HTML pages (`.html`, `.htm`, and the pages inside web archives): an article from the markup.

`trafilatura` finds the main text (without menus, related links and comments) and the metadata:
the headline (`og:title`, JSON-LD `headline`, `<h1>`), the site name (`og:site_name`, JSON-LD
`publisher`), the authors, the canonical URL (`<link rel="canonical">`, `og:url`) and, through
`htmldate`, the publication day (`article:published_time`, JSON-LD, `<time>`, the URL), whose
time of day is read from the page's machine-readable timestamp when it names that day. Their
results then pass through Warta's own rules where those know better: the text goes through the
page extractor (`search.ingest.page`: boilerplate such as `Baca juga` lines that survive, the
dateline leaving the body, captions, credits), outlet names through the outlet table, and the
date, when the markup gives none, comes from the text or the URL as for a scraped page.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
import re
from datetime import datetime
from functools import cache

import trafilatura
from trafilatura.utils import load_html

from search.article import Article
from search.data import read_lines
from search.dates import parse_date
from search.ingest.bylines import merge_names
from search.ingest.page import parse_page
from search.ingest.problems import BadInput
from search.outlets import canonical_outlet, display_name, outlet_from_url, outlet_of_host

_PUBLISHED_META = ("//meta[@property='article:published_time' or @itemprop='datePublished'"
                   " or @name='pubdate' or @name='publishdate']/@content")
_JSON_LD = "//script[@type='application/ld+json']/text()"
_DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
MIN_WORDS_FOR_LANGUAGE = 40  # shorter texts are not judged
MIN_FUNCTION_WORDS = 0.06  # share of Indonesian function words in any Indonesian text
_AUTHOR_SEPARATORS = (";", ",")


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """An HTML page still to parse: its bytes, where it came from (a file, or an archive's
    record), and the URL it was fetched from when known."""

    html: bytes
    path: str
    url: str | None = None
    record: int | None = None  # its number in a web archive

    @property
    def source(self) -> str:
        """`path`, or `path:record` for a page inside an archive."""
        return self.path if self.record is None else f"{self.path}:{self.record}"


def parse_html(html: str | bytes, source: str, url: str | None = None) -> Article:
    """The article on an HTML page; `url` is the address it was fetched from (a WARC record's
    target), else its canonical URL is used. Raises BadInput when the page holds no article in
    Indonesian."""
    tree = load_html(html)
    if tree is None:
        raise BadInput("not an HTML page")
    stamps = _timestamps(tree)  # read before trafilatura, which prunes the tree
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True, fast=True, date_extraction_params={"original_date": True},
    )
    if document is None or not (document.text or "").strip():
        raise BadInput("no article text")
    if not _reads_as_indonesian(document.text):
        raise BadInput("not an Indonesian article (too few Indonesian words)")
    url = url or document.url or None
    title = " ".join((document.title or "").split())
    article = parse_page(f"{title}\n{document.text}" if title else document.text, source, url)
    return dataclasses.replace(
        article,
        title=title or article.title,
        title_source="headline" if title else article.title_source,
        outlet=_outlet(document.sitename, article.outlet, url),
        published=_published(document.date, [*stamps, article.published]),
        authors=merge_names(_authors(document.author), article.authors),
    )


def _outlet(site_name: str | None, from_text: str | None, url: str | None) -> str | None:
    # A host the table knows names the outlet best; then the site's own name for itself, as the
    # table spells it; then what the text says (dateline, masthead); then the bare host.
    known_host = outlet_from_url(url) if url else None
    if known_host:
        return known_host
    if site_name and site_name.strip():
        return canonical_outlet(site_name) or display_name(site_name)
    return from_text or (outlet_of_host(url) if url else None)


def _timestamps(tree) -> list[datetime]:
    """The page's machine-readable publication times: OpenGraph's `article:published_time`,
    schema.org's `datePublished` (as an attribute or in JSON-LD)."""
    texts = [*tree.xpath(_PUBLISHED_META)]
    for script in tree.xpath(_JSON_LD):
        texts += _DATE_PUBLISHED.findall(script)
    return [stamp for stamp in map(parse_date, texts) if stamp is not None]


def _published(marked_up: str | None, candidates: list[datetime | None]) -> datetime | None:
    # htmldate gives the day the page was first published; a timestamp naming that same day
    # (in its own zone) gives the time too.
    day = parse_date(marked_up) if marked_up else None
    timed = [stamp for stamp in candidates if stamp is not None]
    if day is None:
        return timed[-1] if timed else None  # the text's own date, as for a scraped page
    for stamp in timed:
        if stamp.date() == day.date():
            return stamp
    return day


def _authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    names = [value]
    for separator in _AUTHOR_SEPARATORS:
        names = [part for name in names for part in name.split(separator)]
    return tuple(" ".join(name.split()) for name in names if name.strip())


def _reads_as_indonesian(text: str) -> bool:
    words = text.lower().split()
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return True
    function_words = _function_words()
    share = sum(word.strip(".,;:!?\"'()") in function_words for word in words) / len(words)
    return share >= MIN_FUNCTION_WORDS


@cache
def _function_words() -> frozenset[str]:
    return frozenset(read_lines("stop_words.txt"))
