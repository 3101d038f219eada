"""What any search backend must do: the fixtures build an index with each registered backend's
own writer and hand the tests a `SearchBackend` over it (search/backend.py). A new backend adds
its writer to BUILDERS and passes the same tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from search.article import Article
from search.backend import BACKENDS, SearchBackend, open_backend
from search.ingest import read_articles
from search.persons import with_persons


def _whoosh_index(index_dir: Path, articles: Iterable[Article]) -> None:
    from search.whoosh_backend.writing import write_articles

    write_articles(index_dir, articles, rebuild=True, procs=2)


# backend name -> how to build its index from articles
BUILDERS: dict[str, Callable[[Path, Iterable[Article]], None]] = {"whoosh": _whoosh_index}


def _articles(paths: list[Path]) -> list[Article]:
    problems: list[object] = []
    found = [with_persons(article) for article in read_articles(paths, problems.append)]
    assert not problems, problems
    return found


@pytest.fixture(scope="session", params=sorted(BACKENDS))
def backend_name(request: pytest.FixtureRequest) -> str:
    assert request.param in BUILDERS, f"no index builder for backend {request.param!r}"
    return request.param


@pytest.fixture(scope="session")
def build(backend_name: str, tmp_path_factory: pytest.TempPathFactory
          ) -> Callable[[Iterable[Article]], SearchBackend]:
    """Articles -> a backend over a fresh index holding them."""
    def built(articles: Iterable[Article]) -> SearchBackend:
        index_dir = tmp_path_factory.mktemp(backend_name) / "index"
        BUILDERS[backend_name](index_dir, articles)
        return open_backend(backend_name, index_dir)

    return built


@pytest.fixture(scope="session")
def seeds(build, seeds_dir: Path) -> SearchBackend:
    return build(_articles([seeds_dir]))


@pytest.fixture(scope="session")
def indosum(build, shared_data: Path) -> SearchBackend:
    return build(_articles([shared_data / "indosum" / "articles.jsonl"]))
