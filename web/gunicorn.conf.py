"""Gunicorn settings for Warta, read from the environment (the Procfile's convention).

PORT            port to listen on (default 8000)
HOST            address to listen on (default 127.0.0.1; a platform that routes to the
                container sets 0.0.0.0)
WEB_CONCURRENCY worker processes (default 2)
WARTA_INDEX_DIR the index each worker opens read-only (default "index")
"""

from __future__ import annotations

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = 30
graceful_timeout = 10
accesslog = "-"
errorlog = "-"
loglevel = "info"
# Production serving: no code reloading, and each worker opens the index itself after the
# fork (no preload), so no file handle is shared between processes.
reload = False
preload_app = False


def when_ready(server) -> None:  # noqa: ANN001 (gunicorn's Arbiter)
    """Tell the person who started the server which address to open."""
    for listener in server.LISTENERS:
        print(f"Warta siap: buka http://{listener}/ di peramban (Ctrl-C untuk berhenti)", flush=True)
