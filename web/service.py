"""One SearchService per app (and so per gunicorn worker).

Each request's calls use a searcher on the latest commit: the service keeps one per thread and
replaces it when the indexer commits, so no two requests share one at the same time."""

from __future__ import annotations

from flask import Flask, current_app

from search.whoosh_backend.service import SearchService

EXTENSION = "warta.search"


def init_app(app: Flask) -> None:
    """Attach the search service for the app's INDEX_DIR; the index is opened on first use,
    so the app starts even when no index has been built yet."""
    app.extensions[EXTENSION] = SearchService(app.config["INDEX_DIR"])


def get_service() -> SearchService:
    """The current app's search service."""
    service = current_app.extensions.get(EXTENSION)
    if service is None:
        init_app(current_app)
        service = current_app.extensions[EXTENSION]
    return service
