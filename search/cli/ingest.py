"""`warta ingest PATH...`: parse articles and print them without indexing (check a new crawl)."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable, Iterator

import click

from search.article import Article
from search.cli import main
from search.ingest import Problem, read_articles
from search.persons import with_persons

_COLUMNS = (("ID", 28), ("PUBLISHED", 22), ("OUTLET", 16), ("PLACE", 12), ("AUTHORS", 24))


@dataclasses.dataclass
class Tally:
    """What a run read and what it could not."""

    articles: int = 0
    skipped: int = 0
    caveats: int = 0

    def report(self, problem: Problem) -> None:
        """Print one problem to stderr as `path:line: reason` and count it."""
        click.echo(str(problem), err=True)
        if problem.skipped:
            self.skipped += 1
        else:
            self.caveats += 1

    def summary(self) -> str:
        """One line: articles read, inputs skipped (and inputs read with a caveat, if any)."""
        line = f"{plural(self.articles, 'article')} read, {plural(self.skipped, 'input')} skipped"
        if self.caveats:
            line += f", {plural(self.caveats, 'input')} read with a caveat"
        return line


def plural(count: int, noun: str) -> str:
    """`1 article`, `2 articles`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _row(article: Article) -> str:
    published = article.published.strftime("%Y-%m-%d %H:%M %z") if article.published else "-"
    values = (article.id, published, article.outlet or "-", article.place or "-",
              ", ".join(article.authors) or "-")
    cells = (_cell(value, width).ljust(width) for value, (_, width) in zip(values, _COLUMNS))
    return "  ".join([*cells, article.title])


def _header() -> str:
    return "  ".join([*(name.ljust(width) for name, width in _COLUMNS), "TITLE"])


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "output", type=click.Choice(["table", "jsonl"]), default="table", show_default=True,
    help="table: one line per article; jsonl: one JSON object per article, every field.",
)
def ingest(paths: tuple[str, ...], output: str) -> None:
    """Parse the articles in PATH... (.txt, .jsonl, .html, .warc files, folders); index nothing.

    Problems go to stderr as `path:line: reason`, then a summary line. The exit status is 1 when
    any input was skipped, else 0.
    """
    tally = Tally()
    if output == "table":
        click.echo(_header())
    for article in map(with_persons, read_articles(paths, tally.report)):
        tally.articles += 1
        if output == "jsonl":
            click.echo(json.dumps(article.to_json(), ensure_ascii=False))
        else:
            click.echo(_row(article))
    click.echo(tally.summary(), err=True)
    sys.exit(1 if tally.skipped else 0)
