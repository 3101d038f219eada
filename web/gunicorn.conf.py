"""Gunicorn settings for Warta, read from the environment (the Procfile's convention).

PORT            port to listen on (default 8000)
WARTA_HOST      address to listen on (default 127.0.0.1; a platform that routes to the
                container sets 0.0.0.0)
WEB_CONCURRENCY worker processes (default 2)
WARTA_INDEX_DIR the index each worker opens read-only (default "index")
"""

from __future__ import annotations

import ctypes
import ctypes.util
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
    """Load what every worker's searches need whatever the index, before the workers are forked
    (each opens the index itself); then tell the person who started the server which address
    to open."""
    from search.backend import configured_backend, prepare_process

    prepare_process(configured_backend())
    for listener in server.LISTENERS:
        address = str(listener)  # "http://127.0.0.1:8000" in gunicorn 27, "127.0.0.1:8000" before
        url = address if "://" in address else f"http://{address}"
        print(f"Warta siap: buka {url}/ di peramban (Ctrl-C untuk berhenti)", flush=True)


# glibc's mallopt parameter, and the size from which it maps an allocation of its own: numpy's
# per-query arrays (a number per article) are larger, and so are handed back when freed.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 128 * 1024


def post_fork(server, worker) -> None:  # noqa: ANN001 (gunicorn's Arbiter and Worker)
    """Fix glibc's mmap threshold in each worker. By default glibc raises it to the size of
    the first mapped block freed, after which every per-query array of a large index is carved
    from the heap, which only grows: a worker's memory then followed the index's size."""
    libc_name = ctypes.util.find_library("c")
    mallopt = getattr(ctypes.CDLL(libc_name), "mallopt", None) if libc_name else None
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def post_worker_init(worker) -> None:  # noqa: ANN001 (gunicorn's Worker)
    """Say when a worker has loaded the app and serves: "Booting worker" comes before."""
    worker.log.info("Worker siap (pid: %s)", worker.pid)
