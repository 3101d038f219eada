"""The headline of a page: chosen among the lines above the body, by what a headline looks like.

Menus, section labels, promotions and breadcrumbs stand above a headline; the date line, bylines,
captions and a standfirst below it. Each headline-like line is scored (printed again, beside the
date line, in title case, about a dozen words); a page that prints no headline above its body may
print it after the body with its date line, else it is titled from its URL's slug or its lede.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from search.dates import find_dates, first_sentence, is_date_line
from search.ingest.boilerplate import menu_words
from search.ingest.bylines import find_authors, labelled_names
from search.ingest.dateline import parse_dateline
from search.ingest.urls import title_from_slug
from search.outlets import outlet_in_masthead

_HEADLINE_WORDS = (3, 30)
_HEADLINE_CHARS = 250
_FULL_HEADLINE_WORDS, _LONG_HEADLINE_WORDS = 16, 20
_MENU_WORDS = 4  # section names in a line that make it a menu
_NEAR_DATE = 3  # lines between a headline and its date line, at most
_LEDE_TITLE_WORDS = 14  # a headline taken from the lede is cut at a word boundary after these
_BREADCRUMB_START = ("beranda", "home")
_LIST_MARKS = ("-", "–", "—", "•", "·", "|", ">", "»")
_BREADCRUMB = re.compile(r"\s[/>»›]\s")


@dataclass(frozen=True, slots=True)
class Headline:
    """A page's title, the line it stands on, and how it was found."""

    title: str
    at: int | None  # its line among the page's lines, or None when not printed on the page
    source: str  # `headline` (printed), `url` (the URL's slug) or `lede` (the body's first words)


def _headline_like(line: str) -> bool:
    words = len(line.split())
    return (
        _HEADLINE_WORDS[0] <= words <= _HEADLINE_WORDS[1]
        and len(line) <= _HEADLINE_CHARS
        and not line.endswith((".", ":"))  # a lede or caption ends so, or a list's lead-in
        and not line.startswith(_LIST_MARKS)
        and line != line.lower()  # `harga cabai, cabai rawit merah`: a page's keywords
        and not _BREADCRUMB.search(line)
        and not is_date_line(line)
        and not find_dates(line)[:1]  # a headline with a full date is a date or byline line
        and parse_dateline(line) is None
        and labelled_names(line) is None
        and outlet_in_masthead(line) is None
    )


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


def choose_headline(lines: Sequence[str], body_at: int, lede: str, url: str | None) -> Headline:
    """The page's headline: the best candidate above the body (`body_at`), else one printed after
    the body with its date line, else the URL's slug, else the lede's first words."""
    at = find_headline(lines[:body_at], lede)
    if at is None:
        below = _headline_with_date_below(lines[body_at + 1 :])
        at = None if below is None else body_at + 1 + below
    if at is not None:
        return Headline(_without_breadcrumb(lines[at]), at, "headline")
    slug = title_from_slug(url)
    if slug:
        return Headline(slug, None, "url")
    return Headline(_lede_title(lede), None, "lede")
