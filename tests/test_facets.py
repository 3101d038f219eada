"""Facets on the seeds: counted over every match, multi-select, selected values always listed."""

from __future__ import annotations

import pytest
from indexing import article, build_index, seed_articles

from search.index import delete_articles
from search.query import SearchRequest
from search.service import SearchService

SEED_OUTLETS = [
    {"value": "Bangkapos.com", "count": 1, "selected": False},
    {"value": "Kompas.com", "count": 1, "selected": False},
    {"value": "SINDOnews", "count": 1, "selected": False},
    {"value": "Selidiki.com", "count": 1, "selected": False},
]


@pytest.fixture(scope="module")
def service(seeds_dir, tmp_path_factory) -> SearchService:
    index_dir = build_index(tmp_path_factory.mktemp("seed-index"), seed_articles(seeds_dir))
    return SearchService(index_dir)


def facets(service: SearchService, **params: str | list[str]) -> dict:
    values = {name.rstrip("_"): value if isinstance(value, list) else [value]
              for name, value in params.items()}
    return service.search(SearchRequest.from_params(values)).to_json()["facets"]


def test_outlet_facet_lists_every_outlet_and_the_unknown_one(service):
    found = facets(service)
    assert found["outlet"] == SEED_OUTLETS
    assert found["missing"]["outlet"] == 1


def test_year_facet_with_the_undated_article(service):
    assert facets(service)["published"] == {
        "interval": "year",
        "buckets": [{"key": "2016", "count": 1}, {"key": "2017", "count": 1},
                    {"key": "2020", "count": 2}],
        "missing": 1,
    }


def test_selecting_an_outlet_leaves_the_other_outlet_counts(service):
    found = facets(service, outlet="Kompas.com")
    expected = [dict(value, selected=value["value"] == "Kompas.com") for value in SEED_OUTLETS]
    assert found["outlet"] == expected
    # ... while the other facets count only Kompas.com's article, by month (one month's span).
    assert found["published"] == {
        "interval": "month", "buckets": [{"key": "2020-09", "count": 1}], "missing": 0}
    assert [value["value"] for value in found["actor"]] == [
        "Donald Trump", "Hillary Clinton", "Joe Biden", "Vladimir Putin"]


def test_actor_facet_counts_every_match_not_just_the_page(service):
    found = facets(service, per_page="1")
    assert found["actor"][:2] == [
        {"value": "Vladimir Putin", "count": 4, "selected": False},
        {"value": "Donald Trump", "count": 3, "selected": False},
    ]


def test_actor_facet_is_multi_select(service):
    found = facets(service, actor="Donald Trump")
    assert found["actor"][:2] == [
        {"value": "Vladimir Putin", "count": 4, "selected": False},
        {"value": "Donald Trump", "count": 3, "selected": True},
    ]
    # The other facets apply the actor filter: three articles name Trump.
    assert sum(value["count"] for value in found["outlet"]) + found["missing"]["outlet"] == 3


def test_facet_size_limits_actors_but_keeps_selected_ones(service):
    found = facets(service, facet_size="1", actor="Xie Feng")
    assert found["actor"] == [
        {"value": "Vladimir Putin", "count": 4, "selected": False},
        {"value": "Xie Feng", "count": 1, "selected": True},
    ]


def test_selected_values_with_no_match_are_listed_at_zero(service):
    found = facets(service, q="wiranto", outlet="Tempo", actor="Joko Widodo")
    assert {"value": "Tempo", "count": 0, "selected": True} in found["outlet"]
    assert {"value": "Joko Widodo", "count": 0, "selected": True} in found["actor"]


def test_facets_follow_the_query(service):
    found = facets(service, q="wiranto")
    assert found["outlet"] == [{"value": "Bangkapos.com", "count": 1, "selected": False}]
    assert found["published"]["buckets"] == [{"key": "2016-12", "count": 1}]


def test_date_filter_does_not_narrow_the_date_facet(service):
    found = facets(service, from_="2020", to="2020")
    assert found["published"]["buckets"][0] == {"key": "2016", "count": 1}
    assert sum(value["count"] for value in found["outlet"]) + found["missing"]["outlet"] == 2


def test_month_buckets_when_matches_span_two_years_or_less(tmp_path):
    articles = [
        article("a", "Banjir", "banjir", published="2019-01-05"),
        article("b", "Banjir", "banjir", published="2020-12-31"),
        article("c", "Banjir", "banjir", published="2020-12-01"),
        article("d", "Banjir", "banjir", published="2021-01-01"),
    ]
    service = SearchService(build_index(tmp_path, articles))
    assert facets(service, q="banjir")["published"]["buckets"] == [
        {"key": "2019", "count": 1}, {"key": "2020", "count": 2}, {"key": "2021", "count": 1}]
    narrowed = SearchService(build_index(tmp_path / "two", articles[1:]))
    assert facets(narrowed)["published"]["buckets"] == [
        {"key": "2020-12", "count": 2}, {"key": "2021-01", "count": 1}]


def test_deleted_articles_leave_the_counts(tmp_path):
    articles = [
        article("a", "Satu", "banjir", outlet="Tempo", actors=("Joko Widodo",)),
        article("b", "Dua", "banjir", outlet="Tempo", actors=("Joko Widodo",)),
    ]
    index_dir = build_index(tmp_path, articles)
    service = SearchService(index_dir)
    assert facets(service)["outlet"] == [{"value": "Tempo", "count": 2, "selected": False}]
    delete_articles(index_dir, ["a"])
    found = facets(service)
    assert found["outlet"] == [{"value": "Tempo", "count": 1, "selected": False}]
    assert found["actor"] == [{"value": "Joko Widodo", "count": 1, "selected": False}]
