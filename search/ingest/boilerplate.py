"""Boilerplate: the lines of a news page that are not the article.

The markers are data (`search/data/boilerplate.txt`); this module only applies them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from search.data import read_table

_SHORT_LINE = 300
_CREDIT_HINTS = frozenset("()[]/")
_LINK_WORDS = 20  # a linked headline is at most this long
_SENTENCE_ENDS = (".", '"', "”", "'", ":")


@cache
def _pattern(section: str) -> re.Pattern[str]:
    entries = read_table("boilerplate.txt")[section]
    return re.compile("|".join(f"(?:{entry})" for entry in entries), re.IGNORECASE)


@cache
def _searches(section: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    # One pattern at a time over the lower-cased line: much faster than one case-insensitive
    # alternation, which the regex engine cannot scan for a literal prefix. Each comes with
    # the text a line must hold for it to match, checked first.
    return tuple((_required_text(entry), re.compile(entry))
                 for entry in read_table("boilerplate.txt")[section])


# A pattern that opens with a word boundary and literal text: the regex engine tries it at
# every position of the line (2 us a line), while `in` finds the text at once. A character
# made optional by what follows it (`rights?`) is no longer required, nor is anything in a
# pattern with an alternation.
_BOUNDARY_THEN_TEXT = re.compile(r"\\b((?:[a-z0-9 /](?![?*{]))+)")


def _required_text(entry: str) -> str:
    """Text that every match of the pattern `entry` holds; empty when none is known."""
    found = _BOUNDARY_THEN_TEXT.match(entry)
    return found.group(1) if found and "|" not in entry else ""


@cache
def _caption_pattern() -> re.Pattern[str]:
    # Case matters here: a credit names a person in capitals (`/Alfat Handri`), initials do not.
    return re.compile("|".join(f"(?:{entry})" for entry in read_table("boilerplate.txt")["caption"]))


@cache
def _end_markers() -> frozenset[str]:
    return frozenset(entry.lower() for entry in read_table("boilerplate.txt")["end-of-article"])


@cache
def menu_words() -> frozenset[str]:
    """Section and region names that site menus are made of (lower case)."""
    return frozenset(read_table("boilerplate.txt")["menu-words"])


def tidy(line: str) -> str:
    """One line with its whitespace (non-breaking spaces included) collapsed."""
    return " ".join(line.split())


def is_boilerplate(line: str) -> bool:
    """Whether a tidy line is page furniture: a `Baca juga` link, a copyright or share line, ..."""
    if _pattern("drop-line").match(line) or is_caption(line):
        return True
    if len(line) > _SHORT_LINE:
        return False
    lowered = line.lower()
    return any(text in lowered and pattern.search(lowered) for text, pattern in _searches("drop-short-line"))


def is_caption(line: str) -> bool:
    """Whether a tidy line is a photo caption: it ends in a credit, `(Foto: Ist)`,
    `[Suara.com/Alfat Handri]`, `(CNN Indonesia/Martahan Sohuturon)`, `(dok. Istimewa)`."""
    if len(line) > _SHORT_LINE or not (_CREDIT_HINTS.intersection(line) or ":" in line[:24]):
        return False  # every caption pattern needs a bracket, a slash or a label's colon
    return bool(_caption_pattern().search(line))


def ends_article(line: str) -> bool:
    """Whether a tidy line opens what follows an article (`Terkini Lainnya`, `Berita Terkait`)."""
    return line.rstrip(" :").lower() in _end_markers()


def strip_inline(line: str) -> str:
    """The line without inline `( Baca juga: ... )` links or a fused `waktu baca 3 menit`; the
    sentence around them stays."""
    if "(" not in line and "[" not in line and not line[:5].lower() == "waktu":
        return line  # nothing inline to strip: the common case, kept fast
    return tidy(_pattern("inline").sub(" ", line))


def is_link_title(line: str) -> bool:
    """Whether a line reads as a linked headline rather than a paragraph: short, and not
    ending a sentence."""
    return len(line.split()) <= _LINK_WORDS and not line.endswith(_SENTENCE_ENDS)


def without_link_lists(lines: Iterable[str]) -> Iterator[str]:
    """The lines without `Baca juga:` lists: the bare marker line and the linked headlines
    that follow it."""
    in_list = False
    for line in lines:
        if _pattern("link-list").fullmatch(line):
            in_list = True
            continue
        in_list = in_list and is_link_title(line)
        if not in_list:
            yield line


def until_end(lines: Iterable[str]) -> Iterator[str]:
    """The lines before the first end-of-article marker."""
    for line in lines:
        if ends_article(line):
            return
        yield line


def unique(paragraphs: Iterable[str]) -> list[str]:
    """Paragraphs in order, each once: a page that repeats its own paragraphs is read once."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = paragraph.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(paragraph)
    return kept
