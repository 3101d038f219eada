"""The page extractor: one news article from a page's visible text, whatever the outlet.

Every Indonesian news page has the same parts, though outlets order and print them differently:
furniture (menus, share buttons), the headline, a header (date line, byline, masthead, photo
caption), the body (opening with a dateline paragraph, `JAKARTA, KOMPAS.com - ...`, when there is
one), then related lists and a footer. The body is found first: the dateline paragraph near the
page top, else the first line that reads as a paragraph. The headline is then chosen among the
lines above it; a page without one is titled from its lede.

Used for scraped `.txt` pages and for raw crawler records (`{"url": ..., "text": ...}`), where the
URL adds its host and the date in its path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from search.article import Article
from search.dates import find_dates, find_published, first_sentence, has_time, is_date_line
from search.ingest.body import clean_body, is_headline_repeat
from search.ingest.boilerplate import (
    ends_article,
    is_boilerplate,
    is_caption,
    menu_words,
    tidy,
    without_link_lists,
)
from search.ingest.bylines import find_authors, is_label, labelled_names, merge_names
from search.ingest.dateline import dateline_alone, parse_dateline, split_dateline
from search.ingest.problems import BadInput
from search.ingest.syndication import syndicated_from
from search.ingest.urls import date_in_url, title_from_slug
from search.ingest.outlet import find_outlet
from search.outlets import outlet_in_masthead

_HEADLINE_WORDS = (3, 30)
_FULL_HEADLINE_WORDS, _LONG_HEADLINE_WORDS = 16, 20
_MENU_WORDS = 4  # section names in a line that make it a menu
_HEADLINE_CHARS = 250
_LOOK_AHEAD = 40  # lines after the page top where the body's first paragraph may stand
_PARAGRAPH_WORDS = 8
_LEDE_TITLE_WORDS = 14  # a headline taken from the lede is cut at a word boundary after these
_NEAR_DATE = 3  # lines between a headline and its date line, at most
_FUSED_TIME = re.compile(r"(?P<time>\b[0-2]?\d[:.][0-5]\d(?:\s*(?:WIB|WITA|WIT))?)(?=(?!WIB|WITA|WIT)[A-Z][A-Za-z])")
_BREADCRUMB_START = ("beranda", "home")
_LIST_MARKS = ("-", "–", "—", "•", "·", "|", ">", "»")
_BREADCRUMB = re.compile(r"\s[/>»›]\s")
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")", ":")
# A date printed on its own at the very top of the page, fused with what follows:
# ` date 2023-11-01 jpnn.com, JAKARTA - ...`.
# A partial one (`date 2022-06 HARGA cabai ...`) is dropped: it names no day.
_FUSED_DATE = re.compile(r"^(?P<date>(?:[a-z]+\s*:?\s*)?\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}\S*)?)?)"
                         r"\s+(?P<rest>\S.*)$")


@dataclass(frozen=True, slots=True)
class _Headline:
    title: str
    at: int | None  # its line, or None when taken from the lede
    source: str  # `headline` or `lede`


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
            lines.extend([fused["date"], fused["rest"]] if find_dates(fused["date"]) else [fused["rest"]])
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
        and not is_caption(line)
    )


def _headline_like(line: str) -> bool:
    words = len(line.split())
    return (
        _HEADLINE_WORDS[0] <= words <= _HEADLINE_WORDS[1]
        and len(line) <= _HEADLINE_CHARS
        and not line.endswith((".", ":"))  # a lede or caption ends so, or a list's lead-in
        and not line.startswith(_LIST_MARKS)
        and not _BREADCRUMB.search(line)
        and not is_date_line(line)
        and not find_dates(line)[:1]  # a headline with a full date is a date or byline line
        and parse_dateline(line) is None
        and labelled_names(line) is None
        and outlet_in_masthead(line) is None
        and not is_caption(line)
    )


def find_body_start(lines: Sequence[str]) -> int:
    """The index of the body's first paragraph: the dateline paragraph near the page top, else
    the first line that reads as a paragraph. Raises BadInput when no line does."""
    top = lines[:_LOOK_AHEAD]
    for at, line in enumerate(top):
        if _is_dateline_paragraph(line):
            return at
        if ends_article(line) and any(_long(above) for above in top[:at]):
            break
    paragraphs = (at for at, line in enumerate(lines) if _reads_as_paragraph(line))
    for at in paragraphs:
        if not _standfirst(lines, at):
            return at
    raise BadInput("no article text")


def _standfirst(lines: Sequence[str], at: int) -> bool:
    # A summary under the headline, with the date line or byline still to come: the header.
    after = lines[at + 1 : at + 1 + _NEAR_DATE]
    for line in after:
        if is_date_line(line) or is_label(line) or labelled_names(line) is not None:
            return True
        if _reads_as_paragraph(line):
            return False
    return False


def _dated(top: Sequence[str], candidates: Sequence[int]) -> set[int]:
    # The candidate right above a date line (bylines may sit between), else the one right below.
    dated = set()
    for date_at in (at for at, line in enumerate(top) if is_date_line(line)):
        above = [at for at in candidates if date_at - _NEAR_DATE <= at < date_at]
        below = [at for at in candidates if date_at < at <= date_at + _NEAR_DATE]
        if above or below:
            dated.add(above[-1] if above else below[0])
    return dated


def _menu_like(line: str) -> bool:
    # `News Bola Daerah Sulawesi Sumatera Jabar ...`: a run of section and region names.
    words = [word.strip("|/•·,").lower() for word in line.split()]
    named = sum(word in menu_words() for word in words)
    return named >= _MENU_WORDS and named * 3 >= len(words)


def _title_cased(line: str) -> bool:
    words = [word for word in line.split() if word[:1].isalpha()]
    return bool(words) and sum(word[0].isupper() for word in words) * 2 > len(words)


def _headline_score(top: Sequence[str], at: int, repeats: int, dated: set[int]) -> float:
    # What a headline looks like next to menus, section labels, promotions, standfirsts and
    # captions: a dozen words in title case, printed again or beside its date line.
    line = top[at]
    words = len(line.split())
    score = min(words, _FULL_HEADLINE_WORDS) / 4
    score -= words > _LONG_HEADLINE_WORDS  # a standfirst, a teaser
    score += 3 * (repeats > 1 and words > _HEADLINE_WORDS[0])
    score += 2 * (at in dated)
    score -= 3 * _menu_like(line)
    score += _title_cased(line)
    score -= 2 * line.isupper()  # a section label: `INVESTIGASI`, `REMPANG ECO CITY`
    return score


def find_headline(top: Sequence[str], lede: str = "") -> int | None:
    """The index of the headline among the lines above the body, or None when no line is
    headline-like. Among the candidates (not dates, bylines, captions, breadcrumbs, or a teaser
    repeating the lede), the one that looks most like a headline: printed again, beside the date
    line, in title case, a dozen words long; the earlier one on a tie."""
    _, bylines = find_authors(top)
    lede_start = lede.casefold()
    candidates = [
        at for at, line in enumerate(top)
        if _headline_like(line) and at not in bylines
        and not lede_start.startswith(line.casefold().rstrip(" .…"))
    ]
    if not candidates:
        return None
    folded = [line.casefold().rstrip(" .") for line in top]
    dated = _dated(top, candidates)
    return max(candidates,
               key=lambda at: (_headline_score(top, at, folded.count(folded[at]), dated), -at))


def _headline_with_date_below(lines: Sequence[str]) -> int | None:
    # Some layouts print the headline and its date line after the body: a headline-like line
    # with a date line right below it, wherever it stands.
    for at, line in enumerate(lines[:-1]):
        if _headline_like(line) and is_date_line(lines[at + 1]):
            return at
    return None


def _lede_title(paragraph: str) -> str:
    sentence = first_sentence(paragraph).rstrip(" .")
    words = sentence.split()
    if len(words) <= _LEDE_TITLE_WORDS:
        return sentence
    return " ".join(words[:_LEDE_TITLE_WORDS])


def _without_breadcrumb(title: str) -> str:
    # `Beranda Berita Nasional Harga Beras Naik`: a breadcrumb printed on the headline's line.
    words = title.split()
    if not words or words[0].lower() not in _BREADCRUMB_START:
        return title
    at = 1
    while at < len(words) and words[at].lower() in menu_words():
        at += 1
    return " ".join(words[at:]) if len(words) - at >= _HEADLINE_WORDS[0] else title


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


def _headline(lines: Sequence[str], body_at: int, lede: str, url: str | None) -> _Headline:
    at = find_headline(lines[:body_at], lede)
    if at is None:
        below = _headline_with_date_below(lines[body_at + 1 :])
        at = None if below is None else body_at + 1 + below
    if at is not None:
        return _Headline(_without_breadcrumb(lines[at]), at, "headline")
    slug = title_from_slug(url)
    if slug:
        return _Headline(slug, None, "url")
    return _Headline(_lede_title(lede), None, "lede")


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
    lines = [line for line in without_link_lists(page) if not is_boilerplate(line)]
    body_at = find_body_start(lines)
    dateline, lede = split_dateline(lines[body_at])
    headline = _headline(lines, body_at, lede, url)
    header, near_headline = _header(lines, headline.at, body_at)
    paragraphs = [line for line in _unwrapped(lines[body_at + 1 :]) if not is_date_line(line)]
    repeat = headline.title if headline.source == "headline" else ""
    body = clean_body([lede, *paragraphs], repeat)
    if not body.paragraphs:
        raise BadInput("no article text")
    header_authors, _ = find_authors(header)
    copied_from = syndicated_from(page)
    published = find_published(near_headline, lines[body_at] if dateline else None, lines[:body_at])
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
