"""Fuzz the HTTP API from its own /openapi.json with schemathesis: valid and invalid values of
every documented parameter, on every operation, in process (WSGI) over an index of the seeds.
No answer may be a 5xx, and every answer must match what the description documents (status,
content type, body schema). Bounded by a fixed number of examples per operation.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from schemathesis import checks
from hypothesis import HealthCheck, settings

from search.actors import find_actors
from search.whoosh_backend.writing import write_articles
from search.ingest import read_articles
from web import create_app

EXAMPLES_PER_OPERATION = 150
CASES: Counter[str] = Counter()
STATUSES: Counter[int] = Counter()


# The schema is loaded when the module is imported (schemathesis parametrizes at collection);
# the app opens its index lazily, so the index is built into this directory by a fixture.
INDEX_HOME = tempfile.TemporaryDirectory(prefix="warta-fuzz-")
INDEX_DIR = Path(INDEX_HOME.name) / "index"
schema = schemathesis.openapi.from_wsgi(
    "/openapi.json", create_app({"INDEX_DIR": str(INDEX_DIR), "TESTING": True})
)


@pytest.fixture(scope="module", autouse=True)
def seed_index(seeds_dir: Path) -> Iterator[Path]:
    try:
        problems: list[object] = []
        articles = [dataclasses.replace(article, actors=find_actors(article.body))
                    for article in read_articles([seeds_dir], on_problem=problems.append)]
        assert len(articles) == 5 and not problems
        write_articles(INDEX_DIR, articles, rebuild=True)
        yield INDEX_DIR
    finally:
        INDEX_HOME.cleanup()


FUZZ = settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


# positive_data_acceptance is never applied: the description cannot express the rules that tie
# parameters together (to >= from, page * per_page <= 10,000, a real calendar day), so some
# schema-valid combinations are rightly refused with a 400. negative_data_rejection is never
# applied either: the API deliberately reads a blank value (an empty form field, spaces) as an
# absent one and strips the spaces around a number, which the description states in words but a
# JSON schema of one query string cannot; every other invalid value must still get a 400, which
# tests/test_error_shape.py checks parameter by parameter.
NOT_APPLIED = [checks.positive_data_acceptance, checks.negative_data_rejection]
# Left out of the broad run so that it explores every operation fully for 5xx and wrong bodies;
# the per-operation runs below apply it.
DESCRIPTION_GAPS = [checks.content_type_conformance]


def fuzz(case, excluded: list = NOT_APPLIED) -> None:
    """Send one generated request and apply the checks to its answer."""
    CASES[f"{case.method} {case.path}"] += 1
    response = case.call_and_validate(excluded_checks=excluded)
    STATUSES[response.status_code] += 1
    assert response.status_code < 500, response.text[:500]
    assert "Traceback" not in response.text


@pytest.mark.slow
@schema.parametrize()
@FUZZ
def test_no_answer_is_a_server_error_and_every_body_matches_its_schema(case) -> None:
    fuzz(case, NOT_APPLIED + DESCRIPTION_GAPS)


@pytest.mark.slow
@schema.include(path="/search").parametrize()
@FUZZ
def test_fuzz_search_with_every_check(case) -> None:
    fuzz(case)


@pytest.mark.slow
@schema.include(path="/articles/{article_id}").parametrize()
@FUZZ
def test_fuzz_article_with_every_check(case) -> None:
    fuzz(case)


@pytest.mark.slow
@schema.include(path="/facets/actor").parametrize()
@FUZZ
def test_fuzz_actor_facet_with_every_check(case) -> None:
    fuzz(case)


@pytest.mark.slow
@schema.include(path_regex="^/(healthz|openapi\\.json)$").parametrize()
@FUZZ
def test_fuzz_health_and_description_with_every_check(case) -> None:
    fuzz(case)


@pytest.mark.slow
def test_the_fuzzing_ran_every_operation() -> None:
    # Runs after the fuzzing above (same module, file order): every operation got cases.
    print(f"\nschemathesis cases: {sum(CASES.values())} "
          f"({', '.join(f'{name}: {count}' for name, count in sorted(CASES.items()))}); "
          f"statuses: {dict(sorted(STATUSES.items()))}")
    assert {"GET /search", "GET /articles/{article_id}", "GET /facets/actor",
            "GET /healthz", "GET /openapi.json"} <= set(CASES)
