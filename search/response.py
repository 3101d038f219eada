"""What a search answers: hits, facets and the response around them, as plain values with their
JSON shapes (documented in web/openapi.json). Knows no engine."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from search.article import Article, Quote
from search.request import SearchRequest


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with the number of matching articles."""

    value: str
    count: int
    selected: bool

    def to_json(self) -> dict[str, Any]:
        """As in the response's facet lists."""
        return {"value": self.value, "count": self.count, "selected": self.selected}


@dataclass(frozen=True)
class DateFacet:
    """Publication dates bucketed by year or month, plus the articles with no date."""

    interval: str  # "year" or "month"
    buckets: tuple[tuple[str, int], ...]
    missing: int
    # With a date range selected: the range's months, counted as the buckets are (so the other
    # years stay in view above): the chart zooms in on the selection.
    zoom: tuple[tuple[str, int], ...] | None = None

    def to_json(self) -> dict[str, Any]:
        """As in the response's `published` facet."""
        answer: dict[str, Any] = {
            "interval": self.interval,
            "buckets": [{"key": key, "count": count} for key, count in self.buckets],
            "missing": self.missing,
        }
        if self.zoom is not None:
            answer["zoom"] = {"interval": "month",
                              "buckets": [{"key": key, "count": count} for key, count in self.zoom]}
        return answer


@dataclass(frozen=True)
class Facets:
    """The facets of one response, in the registry's order (search.facets.FACETS): the values of
    each value facet, the date buckets, and per value facet how many matches have no value."""

    values: Mapping[str, tuple[FacetValue, ...]]
    published: DateFacet
    missing: Mapping[str, int]

    def to_json(self) -> dict[str, Any]:
        """As in the response's `facets` object."""
        return {
            **{name: [value.to_json() for value in values] for name, values in self.values.items()},
            "published": self.published.to_json(),
            "missing": dict(self.missing),
        }


@dataclass(frozen=True)
class Hit:
    """One result: the article, its best passage as safe HTML, and whether it matched partly.
    When a speaker is asked for, the passage is from the quotation of theirs that matches."""

    article: Article
    snippet: str
    partial: bool
    quote: Quote | None = None
    copies: int = 0  # the other matches of its story
    copy_outlets: tuple[str, ...] = ()  # their outlets, first published first, each once

    def to_json(self) -> dict[str, Any]:
        """As in the response's `results` list: the article's listing fields, the passage."""
        article = self.article.to_json()
        quote = self.quote and {"speaker": self.quote.speaker, "kind": self.quote.kind}
        return {**{key: article[key] for key in _HIT_FIELDS},
                "snippet": self.snippet, "quote": quote, "partial": self.partial,
                "story": self.article.story, "copies": self.copies,
                "copy_outlets": list(self.copy_outlets)}


@dataclass(frozen=True)
class StoryMember:
    """An article of a story, as its copies and the article page list it."""

    id: str
    title: str
    outlet: str | None
    published: datetime | None
    syndicated_from: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "outlet": self.outlet,
                "published": self.published.isoformat() if self.published else None,
                "syndicated_from": self.syndicated_from}


_HIT_FIELDS = ("id", "title", "url", "outlet", "published", "actors")


@dataclass(frozen=True)
class SearchResponse:
    """The answer to one SearchRequest."""

    request: SearchRequest
    total: int
    full_matches: int  # articles holding every word; the rest of `total` hold most of them
    took_ms: int
    hits: tuple[Hit, ...]
    facets: Facets
    suggestion: str | None
    stories: int = 0  # the stories the matches form (copies of one story are one)
    timed_out: bool = False  # the query reached its time budget: the answer holds what was found

    @property
    def results(self) -> int:
        """How many results the answer lists over its pages: stories when collapsed."""
        return self.stories if self.request.collapse else self.total

    @property
    def partial(self) -> bool:
        """Whether the answer includes articles that hold only most of the query's words."""
        return self.total > self.full_matches

    def to_json(self) -> dict[str, Any]:
        """The JSON answer of GET /search (shape documented in web/openapi.json)."""
        return {
            "query": self.request.to_json(),
            "total": self.total,
            "stories": self.stories,
            "full_matches": self.full_matches,
            "partial": self.partial,
            "took_ms": self.took_ms,
            "timed_out": self.timed_out,
            "suggestion": self.suggestion,
            "results": [hit.to_json() for hit in self.hits],
            "facets": self.facets.to_json(),
        }


class HitStream(Protocol):
    """Matching articles read one at a time as hits (an export); closed at the end or on
    `close()`."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Hit]: ...

    def close(self) -> None:
        """Release what the stream holds open (idempotent)."""
