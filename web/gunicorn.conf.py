"""Gunicorn settings for Warta, read from the environment (the Procfile's convention).

PORT            port to listen on (default 8000)
WARTA_HOST      address to listen on (default 127.0.0.1; a platform that routes to the
                container sets 0.0.0.0)
WEB_CONCURRENCY worker processes (default 2)
WARTA_INDEX_DIR the index each worker opens read-only (default "index")
"""

from __future__ import annotations

import os

bind = f"{os.environ.get('WARTA_HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
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
# Gunicorn's runtime control socket lives at one path per user ($HOME/.gunicorn/gunicorn.ctl):
# two servers on one machine would fight over it, and Warta does not use it.
control_socket_disable = True
# A long query must reach the app, which refuses it in its JSON envelope naming `q`; gunicorn's
# default (4,094 bytes) would answer its own HTML 414 first. 8,190 bytes is the most gunicorn
# allows short of no limit at all; beyond it gunicorn still answers 414.
limit_request_line = 8190


def when_ready(server) -> None:  # noqa: ANN001 (gunicorn's Arbiter)
    """Tell the person who started the server which address to open."""
    for listener in server.LISTENERS:
        address = str(listener)  # "http://127.0.0.1:8000" in gunicorn 27, "127.0.0.1:8000" before
        url = address if "://" in address else f"http://{address}"
        print(f"Warta siap: buka {url}/ di peramban (Ctrl-C untuk berhenti)", flush=True)
