"""The search service's interface, which any engine implements, and the one place a backend is
chosen by name. Knows no engine: a backend's module is imported only when it is chosen.

The web app talks to a `SearchBackend` only; `search.whoosh_backend` is the one there is. A
backend for corpora beyond one machine (OpenSearch, say) implements the same protocol and passes
the same contract tests (`tests/contract/`).
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from search.article import Article
from search.request import SearchRequest
from search.response import HitStream, SearchResponse, StoryMember

EXPORT_LIMIT = 10_000  # articles one export may hold at most
BACKENDS = {"whoosh": "search.whoosh_backend.service:WhooshBackend"}
DEFAULT_BACKEND = "whoosh"


@runtime_checkable
class SearchBackend(Protocol):
    """What a search engine behind Warta answers. Errors are `search.errors` exceptions:
    InvalidParameter (400), ArticleNotFound (404), IndexUnavailable (503)."""

    def search(self, request: SearchRequest) -> SearchResponse:
        """Ranked hits with snippets, facet counts (each facet without its own filter) and, when
        nothing matches, a corrected query that would find something."""

    def export(self, request: SearchRequest, limit: int = EXPORT_LIMIT) -> HitStream:
        """Every matching article in the request's order, up to `limit`, as hits with their
        passages, read lazily; copies of one story each have their row (never collapsed)."""

    def article(self, article_id: str) -> Article:
        """The article with this id, or with this short id (search.article.short_id)."""

    def story(self, article: Article) -> list[StoryMember]:
        """The other articles of the article's story (its copies, or its original and the other
        copies), first published first."""

    def actor_suggestions(
        self, prefix: str, request: SearchRequest, limit: int = 10
    ) -> list[dict[str, Any]]:
        """Actors whose name or a word of it starts with `prefix`, as `{"value", "count"}`, most
        matches first, counted over the request's matches without its actor filter."""

    def highlight(self, text: str, q: str) -> str:
        """The whole text as safe HTML, every word the query `q` looks for in <mark>."""

    def health(self) -> dict[str, Any]:
        """`status`, `documents`, `generation` and `last_commit` of the index searched."""


DEFAULT_QUERY_BUDGET_MS = 2000


def configured_query_budget() -> float:
    """Seconds a query may run before it answers what it has (`WARTA_QUERY_BUDGET_MS`, in ms;
    default 2000), flagged `timed_out` as Elasticsearch does."""
    text = os.environ.get("WARTA_QUERY_BUDGET_MS", "")
    try:
        milliseconds = int(text) if text.strip() else DEFAULT_QUERY_BUDGET_MS
    except ValueError:
        raise ValueError(f"WARTA_QUERY_BUDGET_MS must be a whole number of milliseconds, got {text!r}") from None
    if milliseconds <= 0:
        raise ValueError(f"WARTA_QUERY_BUDGET_MS must be positive, got {milliseconds}")
    return milliseconds / 1000


def configured_backend() -> str:
    """The backend named by the environment (`WARTA_BACKEND`), else the default."""
    return os.environ.get("WARTA_BACKEND", DEFAULT_BACKEND)


def open_backend(name: str, index_dir: str | Path) -> SearchBackend:
    """The backend registered as `name`, over the index at `index_dir` (opened on first use)."""
    backend = _backend_class(name)(index_dir)
    if not isinstance(backend, SearchBackend):
        raise TypeError(f"{BACKENDS[name]} does not implement SearchBackend")
    return backend


def prepare_process(name: str) -> None:
    """Load what the backend `name` needs in every process whatever the index (code, language
    tables), if it says what: gunicorn's master does it before forking its workers, so a fresh
    worker's first search only opens the index and searches it."""
    prepare = getattr(_backend_class(name), "prepare_process", None)
    if prepare is not None:
        prepare()


def _backend_class(name: str) -> Any:
    if name not in BACKENDS:
        known = ", ".join(sorted(BACKENDS))
        raise ValueError(f"unknown search backend {name!r}: expected one of {known}")
    module_name, class_name = BACKENDS[name].split(":")
    return getattr(importlib.import_module(module_name), class_name)
