"""`warta serve`: the web app under gunicorn, exactly as the Procfile runs it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from search.cli import main

APP = "web:create_app()"


def gunicorn_command() -> list[str]:
    """The Procfile's command line, with this interpreter's gunicorn and the packaged config."""
    import web

    config = Path(web.__file__).with_name("gunicorn.conf.py")
    return [sys.executable, "-m", "gunicorn", "--config", str(config), APP]


@main.command()
@click.option("--index-dir", envvar="WARTA_INDEX_DIR", default="index", show_default=True,
              type=click.Path(file_okay=False), help="The index to serve (WARTA_INDEX_DIR).")
@click.option("--host", envvar="WARTA_HOST", default="127.0.0.1", show_default=True,
              help="Address to listen on (WARTA_HOST).")
@click.option("--port", envvar="PORT", default=8000, show_default=True,
              type=click.IntRange(0, 65535), help="Port to listen on (PORT); 0 picks a free one.")
@click.option("--workers", envvar="WEB_CONCURRENCY", default=2, show_default=True,
              type=click.IntRange(1, 64), help="Worker processes (WEB_CONCURRENCY).")
def serve(index_dir: str, host: str, port: int, workers: int) -> None:
    """Serve the search page and the JSON API with gunicorn until Ctrl-C."""
    os.environ.update(
        WARTA_INDEX_DIR=index_dir, WARTA_HOST=host, PORT=str(port), WEB_CONCURRENCY=str(workers)
    )
    command = gunicorn_command()
    # Replace this process, so Ctrl-C and a platform's SIGTERM reach gunicorn's arbiter directly.
    os.execv(command[0], command)
