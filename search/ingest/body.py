"""An article body from its candidate lines: boilerplate out, bylines taken, repeats once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search.ingest.boilerplate import (
    is_boilerplate,
    strip_inline,
    tidy,
    unique,
    until_end,
    without_link_lists,
)
from search.ingest.bylines import find_authors


@dataclass(frozen=True, slots=True)
class Body:
    """Clean paragraphs and the authors their byline lines credit."""

    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]

    @property
    def text(self) -> str:
        """The paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


def is_headline_repeat(line: str, title: str) -> bool:
    """Whether a line repeats the headline, whole or shortened (`Putin Ucapkan Terima Kasih`)."""
    line, title = line.casefold().rstrip(" ."), title.casefold()
    return line == title or (len(line.split()) >= 3 and title.startswith(line))


def clean_body(lines: Sequence[str], title: str) -> Body:
    """The article in `lines` (one paragraph each, in page order), up to the first
    end-of-article marker, without boilerplate, bylines or headline repeats."""
    kept = list(without_link_lists(until_end(tidy(line) for line in lines)))
    authors, byline_at = find_authors(kept)
    paragraphs = (
        strip_inline(line)
        for at, line in enumerate(kept)
        if line and at not in byline_at and not is_boilerplate(line)
    )
    paragraphs = (p for p in paragraphs if p and not is_headline_repeat(p, title))
    return Body(tuple(unique(paragraphs)), tuple(authors))
