"""`warta index`, `warta delete`, `warta stats`, `warta search`: build and inspect the index.

Exit statuses: 0 done; 1 done, but some input was skipped (or some id was not in the index);
2 bad usage; 3 the index could not be used (missing, unreadable, or busy with --no-wait).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import click
from tqdm import tqdm

from search.persons import with_persons
from search.cli import main
from search.cli.ingest import Tally, plural
from search.errors import InvalidParameter, WartaError
from search.whoosh_backend.schema import IndexStats, index_stats
from search.whoosh_backend.writing import DEFAULT_BATCH_SIZE, delete_articles, write_articles
from search.ingest import read_articles

T = TypeVar("T")
EXIT_SKIPPED = 1
EXIT_INDEX = 3
# Inputs above this size are worth worker processes (each pays a second or so to start and warm
# its stemmer cache).
LARGE_INPUT_BYTES = 2 * 1024 * 1024

index_option = click.option(
    "--index", "index_dir", envvar="WARTA_INDEX_DIR", default="index", show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Index directory (default: $WARTA_INDEX_DIR, else index/).",
)
no_wait_option = click.option(
    "--no-wait", is_flag=True, help="Fail at once if another writer holds the index.",
)


@main.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Empty the index first instead of updating it.")
@no_wait_option
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for actors and analysis [default: all cores on large "
                   "inputs, else 1].")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE,
              show_default=True, help="Articles per commit: at most this many are lost in a crash.")
def index_command(paths: tuple[Path, ...], index_dir: Path, rebuild: bool, no_wait: bool,
                  jobs: int | None, batch_size: int) -> None:
    """Ingest PATH... (.txt, .jsonl, .html, .warc files, folders) and add the articles to the index.

    An article whose id is already indexed is replaced. Bad inputs go to stderr as
    `path:line: reason` and are skipped; the exit status is then 1.
    """
    tally = Tally()
    procs = jobs or _default_jobs(paths)
    with _progress() as on_progress:
        stats = _run(
            lambda: write_articles(
                index_dir, _counted(read_articles(paths, tally.report, jobs=procs), tally),
                rebuild=rebuild, wait=not no_wait, on_wait=_waiting(index_dir),
                on_progress=on_progress, enrich=with_persons,
                procs=procs, batch_size=batch_size,
            )
        )
    rate = stats.written / stats.seconds if stats.seconds else 0.0
    click.echo(
        f"indexed {plural(stats.written, 'article')} in {stats.seconds:.1f} s "
        f"({rate:.0f} articles/s); {tally.summary()}; {index_dir} holds "
        f"{plural(stats.documents, 'document')}"
    )
    sys.exit(EXIT_SKIPPED if tally.skipped else 0)


@main.command("delete")
@click.argument("ids", nargs=-1, required=True)
@index_option
@no_wait_option
def delete_command(ids: tuple[str, ...], index_dir: Path, no_wait: bool) -> None:
    """Remove the articles with these IDs from the index (exit status 1 if some were not in it)."""
    wanted = set(ids)
    deleted = _run(lambda: delete_articles(index_dir, wanted, wait=not no_wait,
                                           on_wait=_waiting(index_dir)))
    click.echo(f"deleted {deleted} of {len(wanted)} articles")
    sys.exit(0 if deleted == len(wanted) else EXIT_SKIPPED)


@main.command("stats")
@index_option
def stats_command(index_dir: Path) -> None:
    """Print the document count, outlets, date range and size of the index."""
    click.echo(format_stats(index_dir, _run(lambda: index_stats(index_dir))))


@main.command("search")
@click.argument("query")
@index_option
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
def search_command(query: str, index_dir: Path, limit: int) -> None:
    """Print the top hits for QUERY (id, outlet, date, title), best first."""
    from search.backend import configured_backend, open_backend
    from search.request import SearchRequest

    try:
        request = SearchRequest.from_params({"q": [query], "per_page": [str(limit)]})
    except InvalidParameter as error:
        raise click.UsageError(error.message) from error
    response = _run(lambda: open_backend(configured_backend(), index_dir).search(request))
    for rank, hit in enumerate(response.hits, start=1):
        article = hit.article
        published = article.published.strftime("%Y-%m-%d") if article.published else "-"
        click.echo(f"{rank:>3}  {article.id}  {article.outlet or '-'}  {published}  {article.title}")
    click.echo(f"{response.total} articles match", err=True)


def format_stats(index_dir: Path, stats: IndexStats) -> str:
    """`warta stats` output: one fact a line, then articles per outlet."""
    first = stats.first_published.date().isoformat() if stats.first_published else "-"
    last = stats.last_published.date().isoformat() if stats.last_published else "-"
    lines = [
        f"index:      {index_dir} ({stats.size_bytes / 1_000_000:.1f} MB, "
        f"{stats.segments} segments)",
        f"documents:  {stats.documents}",
        f"published:  {first} .. {last} ({stats.undated} undated)",
        f"outlets:    {len(stats.outlets)}",
    ]
    width = max((len(name) for name, _ in stats.outlets), default=0)
    lines += [f"  {name.ljust(width)}  {count:>7}" for name, count in stats.outlets]
    return "\n".join(lines)


def _run(action: Callable[[], T]) -> T:
    """Run an index action; a WartaError becomes its message on stderr and exit status 3."""
    try:
        return action()
    except WartaError as error:
        click.echo(f"error: {error.message}", err=True)
        sys.exit(EXIT_INDEX)


def _counted(articles: Iterator, tally: Tally) -> Iterator:
    for article in articles:
        tally.articles += 1
        yield article


def _waiting(index_dir: Path) -> Callable[[], None]:
    def say() -> None:
        click.echo(f"waiting for another writer to finish with {index_dir} ...", err=True)

    return say


@contextmanager
def _progress() -> Iterator[Callable[[int], None]]:
    """A tqdm bar with articles/s on a terminal; nothing otherwise (the summary line says it)."""
    if not sys.stderr.isatty():
        yield lambda count: None
        return
    with tqdm(unit=" articles", desc="indexing", file=sys.stderr) as bar:
        yield bar.update


def _default_jobs(paths: tuple[Path, ...]) -> int:
    """All cores when the input is large, else one process (workers cost more than they save)."""
    total = 0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        total += sum(f.stat().st_size for f in files if f.is_file())
        if total > LARGE_INPUT_BYTES:
            return os.cpu_count() or 1
    return 1

