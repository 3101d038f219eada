"""Test helpers: indexes built by the real pipeline (ingest, actors, index writer)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from search.article import Article
from search.whoosh_backend.writing import write_articles
from search.ingest import read_articles
from search.persons import with_persons

WIB = timezone(timedelta(hours=7))


def seed_articles(seeds_dir: Path) -> list[Article]:
    """The five seeds as `warta` ingests them: cleaned, with their actors and quotes found."""
    problems: list[object] = []
    articles = [
        with_persons(article)
        for article in read_articles([seeds_dir], on_problem=problems.append)
    ]
    assert not problems, problems
    return articles


def build_index(index_dir: Path, articles: Iterable[Article]) -> Path:
    """Write the articles into a fresh index at `index_dir` with the project's writer."""
    write_articles(index_dir, articles, rebuild=True)
    return index_dir


def article(
    article_id: str,
    title: str,
    body: str,
    *,
    outlet: str | None = None,
    published: str | None = None,
    actors: tuple[str, ...] = (),
) -> Article:
    """An Article for a hand-made index; `published` as YYYY-MM-DD, in WIB."""
    when = datetime.fromisoformat(published).replace(tzinfo=WIB) if published else None
    return Article(
        id=article_id, title=title, body=body, outlet=outlet, published=when, actors=actors
    )


def search_json(service, **params: str | list[str]) -> dict:
    """The JSON answer of `service` to query parameters given as keywords (`from_` for `from`)."""
    from search.request import SearchRequest

    values = {name.rstrip("_"): value if isinstance(value, list) else [value]
              for name, value in params.items()}
    return service.search(SearchRequest.from_params(values)).to_json()
