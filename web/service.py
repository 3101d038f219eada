"""One search backend per app (and so per gunicorn worker), chosen from the configuration.

The app knows the backend only through `search.backend.SearchBackend`. The Whoosh backend keeps
a searcher per thread on the latest commit and replaces it when the indexer commits, so no two
requests share one at the same time."""

from __future__ import annotations

from flask import Flask, current_app

from search.backend import SearchBackend, open_backend

EXTENSION = "warta.search"


def init_app(app: Flask) -> None:
    """Attach the configured backend (SEARCH_BACKEND) over the app's INDEX_DIR; the index is
    opened on first use, so the app starts even when no index has been built yet."""
    app.extensions[EXTENSION] = open_backend(app.config["SEARCH_BACKEND"], app.config["INDEX_DIR"])


def get_service() -> SearchBackend:
    """The current app's search backend."""
    service = current_app.extensions.get(EXTENSION)
    if service is None:
        init_app(current_app)
        service = current_app.extensions[EXTENSION]
    return service
