"""The contract on IndoSum's 3,463 articles: counts that add up, orders that hold, filters that
narrow, and results that agree with the article texts themselves."""

from __future__ import annotations

import pytest

from search.request import SearchRequest
from search.response import SearchResponse

pytestmark = pytest.mark.slow


def ask(backend, **params: str | list[str]) -> SearchResponse:
    values = {name.rstrip("_"): value if isinstance(value, list) else [value]
              for name, value in params.items()}
    return backend.search(SearchRequest.from_params(values))


def test_every_article_is_searchable(indosum) -> None:
    assert ask(indosum).total == indosum.health()["documents"] == 3463


@pytest.mark.parametrize("q", ["korupsi", "banjir", "timnas", '"bank indonesia"'])
def test_every_hit_holds_the_query_and_the_facets_add_up(indosum, q) -> None:
    answer = ask(indosum, q=q, per_page="100")
    assert answer.total > 10
    word = q.strip('"').split()[0]
    for hit in answer.hits:
        text = f"{hit.article.title} {hit.article.body}".lower()
        assert word[:4] in text  # the word, or a form of it
    facets = answer.facets.to_json()
    outlets = sum(value["count"] for value in facets["outlet"])
    assert outlets + facets["missing"]["outlet"] == answer.total
    dated = sum(bucket["count"] for bucket in facets["published"]["buckets"])
    assert dated + facets["published"]["missing"] == answer.total


def test_an_outlet_filter_narrows_to_that_outlets_count(indosum) -> None:
    everything = ask(indosum, q="korupsi").facets.to_json()["outlet"]
    outlet, count = everything[0]["value"], everything[0]["count"]
    answer = ask(indosum, q="korupsi", outlet=outlet, per_page="100")
    assert answer.total == count
    assert {hit.article.outlet for hit in answer.hits} == {outlet}


def test_newest_first_is_in_date_order_across_pages(indosum) -> None:
    dates = [hit.article.published
             for page in (1, 2, 3)
             for hit in ask(indosum, q="pemerintah", sort="newest", per_page="50",
                            page=str(page)).hits]
    known = [date for date in dates if date is not None]
    assert known == sorted(known, reverse=True)


def test_a_year_filter_keeps_only_that_year(indosum) -> None:
    answer = ask(indosum, q="jokowi", from_="2017", to="2017", per_page="100")
    assert answer.total > 0
    assert {hit.article.published.year for hit in answer.hits} == {2017}


def test_an_actor_filter_keeps_articles_naming_that_person(indosum) -> None:
    top = ask(indosum, q="korupsi").facets.to_json()["actor"][0]
    answer = ask(indosum, q="korupsi", actor=top["value"], per_page="100")
    assert answer.total == top["count"]
    assert all(top["value"] in hit.article.actors for hit in answer.hits)
