"""The Article record: one clean news article, whatever its input format."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Quote:
    """One statement: `text` is `body[start:end]` with paragraph breaks and the quotation
    marks of a continued quotation made plain."""

    speaker: str | None
    text: str
    kind: str  # "direct" (in quotation marks) or "indirect"
    cue: str | None  # the cue word as written ("kata", "ujarnya", "menurut", "mengatakan")
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text, "kind": self.kind, "cue": self.cue,
                "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Quote:
        return cls(data.get("speaker"), data["text"], data.get("kind", "direct"), data.get("cue"),
                   int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article, ready to be indexed or printed."""

    id: str
    title: str
    body: str
    # How the title was found: `headline` (printed on the page), `url` (the URL's slug) or
    # `lede` (the first words of the body, for a page that shows no headline).
    title_source: str = "headline"
    outlet: str | None = None
    published: datetime | None = None  # always timezone-aware when set
    authors: tuple[str, ...] = ()
    place: str | None = None
    url: str | None = None
    source: str | None = None
    syndicated_from: str | None = None  # the outlet a syndicated copy credits as first publisher
    actors: tuple[str, ...] = field(default=())
    quotes: tuple[Quote, ...] = field(default=())  # statements attributed in the body, in order
    story: str | None = None  # the story (near-duplicate group) the index put it in

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; `published` as ISO 8601 with its offset, or None."""
        return {
            "id": self.id,
            "title": self.title,
            "title_source": self.title_source,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "authors": list(self.authors),
            "actors": list(self.actors),
            "place": self.place,
            "url": self.url,
            "source": self.source,
            "syndicated_from": self.syndicated_from,
            "story": self.story,
            "quotes": [quote.to_json() for quote in self.quotes],
            "body": self.body,
        }


SHORT_ID_CHARS = 12  # 48 bits: a collision among a million articles is a one-in-500 chance


def short_id(article_id: str) -> str:
    """A short, stable name for an article's address (`/articles/3f9a0c2e71bd`): the start of
    the SHA-1 of its id. The id itself (often a long URL) still finds the article too."""
    return hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:SHORT_ID_CHARS]
