"""The contract on the five seeds: what a correct ingest makes of them (../shared/seeds/README.md)
is what every backend answers, with facets counted over every match, multi-select filters,
inclusive date ranges and the errors of search/errors.py."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from search.backend import SearchBackend, open_backend
from search.errors import ArticleNotFound, IndexUnavailable
from search.request import SearchRequest
from search.response import SearchResponse

WIB = timezone(timedelta(hours=7))
SEEDS = {  # id -> title, outlet, published (WIB), persons in the body
    "000_8f733fa993c9eeb0": ("Bentuk Unit Keamanan Siber, Trump Akan Temui Putin", "SINDOnews",
                             datetime(2017, 7, 10, 14, 9, tzinfo=WIB),
                             {"Donald Trump", "Vladimir Putin", "Dmitry Peskov", "Barack Obama"}),
    "001_9b6439d8732bdf6e": ("Putin Mengaku Belum Hilang Harapan Jalin Kerjasama Keamanan Siber "
                             "dengan AS", None, datetime(2020, 10, 12, 18, 10, tzinfo=WIB),
                             {"Vladimir Putin"}),
    "002_9cfa0e0d1cdd636e": ("Presiden Putin Ajak AS Buat Kesepakatan Dunia Maya untuk Hindari "
                             "Risiko Besar", "Kompas.com", datetime(2020, 9, 26, 8, 13, tzinfo=WIB),
                             {"Vladimir Putin", "Donald Trump", "Hillary Clinton", "Joe Biden"}),
    "003_ba24a722cf13d261": ("Hadapi Ancaman Cyber, Indonesia-China Jalin Kerja Sama di Bidang "
                             "Keamanan Cyber", "Bangkapos.com", datetime(2016, 12, 15, tzinfo=WIB),
                             {"Wiranto", "Xie Feng"}),
    "004_69174ce6b1ba241c": ("Putin Ucapkan Terima Kasih Ke Trump Atas Bantuan CIA Gagalkan "
                             "Serangan", "Selidiki.com", None,
                             {"Vladimir Putin", "Donald Trump", "Alexander Bortnikov",
                              "Bashar al-Assad", "Mike Pompeo"}),
}


def ask(backend: SearchBackend, **params: str | list[str]) -> SearchResponse:
    """The backend's answer to query-string parameters (`from_` for `from`)."""
    values = {name.rstrip("_"): value if isinstance(value, list) else [value]
              for name, value in params.items()}
    return backend.search(SearchRequest.from_params(values))


def ids(response: SearchResponse) -> list[str]:
    return [hit.article.id for hit in response.hits]


@pytest.mark.parametrize("article_id", sorted(SEEDS))
def test_every_seed_is_stored_as_a_correct_ingest_makes_it(seeds, article_id) -> None:
    title, outlet, published, persons = SEEDS[article_id]
    found = seeds.article(article_id)
    assert (found.title, found.outlet, found.published) == (title, outlet, published)
    assert persons <= set(found.actors)


def test_an_empty_query_lists_every_article_newest_first_undated_last(seeds) -> None:
    answer = ask(seeds)
    assert answer.total == 5
    assert ids(answer) == ["001_9b6439d8732bdf6e", "002_9cfa0e0d1cdd636e",
                           "000_8f733fa993c9eeb0", "003_ba24a722cf13d261",
                           "004_69174ce6b1ba241c"]
    assert ids(ask(seeds, sort="oldest"))[0] == "003_ba24a722cf13d261"


def test_words_match_whatever_their_affixes_and_rank_by_relevance(seeds) -> None:
    assert set(ids(ask(seeds, q="keamanan siber"))) >= {"000_8f733fa993c9eeb0",
                                                         "001_9b6439d8732bdf6e"}
    assert ids(ask(seeds, q="kesepakatan"))[0] == "002_9cfa0e0d1cdd636e"
    assert ids(ask(seeds, q='"dunia maya"'))[0] == "002_9cfa0e0d1cdd636e"
    assert ask(seeds, q="title:xie").total == 0 and ask(seeds, q="xie").total == 1


@pytest.mark.parametrize("q", ["Novichok", "Gaza", "Yahoo", "Yerusalem", '"Harry Potter"'])
def test_words_found_only_in_boilerplate_find_nothing(seeds, q) -> None:
    assert ask(seeds, q=q).total == 0


def test_facets_count_every_match_and_the_articles_without_a_value(seeds) -> None:
    facets = ask(seeds, per_page="1").facets.to_json()
    assert [(v["value"], v["count"]) for v in facets["outlet"]] == [
        ("Bangkapos.com", 1), ("Kompas.com", 1), ("SINDOnews", 1), ("Selidiki.com", 1)]
    assert facets["missing"] == {"outlet": 1, "actor": 0, "author": 3, "place": 0, "speaker": 0}
    assert facets["actor"][:2] == [{"value": "Vladimir Putin", "count": 4, "selected": False},
                                   {"value": "Donald Trump", "count": 3, "selected": False}]
    assert facets["published"] == {
        "interval": "year", "missing": 1,
        "buckets": [{"key": "2016", "count": 1}, {"key": "2017", "count": 1},
                    {"key": "2020", "count": 2}]}


def test_filters_are_or_within_a_facet_and_each_facet_ignores_its_own(seeds) -> None:
    answer = ask(seeds, outlet=["Kompas.com", "SINDOnews"])
    assert set(ids(answer)) == {"000_8f733fa993c9eeb0", "002_9cfa0e0d1cdd636e"}
    outlets = {v["value"]: (v["count"], v["selected"]) for v in answer.facets.to_json()["outlet"]}
    assert outlets["Bangkapos.com"] == (1, False)  # still offered, with its own count
    assert outlets["Kompas.com"] == (1, True)
    both = ask(seeds, actor=["Wiranto", "Joe Biden"])
    assert set(ids(both)) == {"002_9cfa0e0d1cdd636e", "003_ba24a722cf13d261"}


def test_authors_and_places_are_facets_and_filters_too(seeds) -> None:
    facets = ask(seeds).facets.to_json()
    assert [(v["value"], v["count"]) for v in facets["author"]] == [  # writers and editors
        ("Asmadi", 1), ("Kristian Erdianto", 1), ("Shintaloka Pradita Sicca", 1)]
    assert [(v["value"], v["count"]) for v in facets["place"]] == [
        ("Berlin", 1), ("Jakarta", 1), ("Moscow", 1), ("Moskow", 1), ("Moskwa", 1)]
    assert ids(ask(seeds, author="kristian erdianto")) == ["003_ba24a722cf13d261"]
    assert set(ids(ask(seeds, place=["Moskwa", "Berlin"]))) == {"000_8f733fa993c9eeb0",
                                                               "002_9cfa0e0d1cdd636e"}
    # multi-select: the place facet still counts every place with a place selected
    assert len(ask(seeds, place="Berlin").facets.to_json()["place"]) == 5


def test_actor_op_and_finds_articles_naming_every_selected_person(seeds) -> None:
    either = ask(seeds, actor=["Donald Trump", "Dmitry Peskov"])
    both = ask(seeds, actor=["Donald Trump", "Dmitry Peskov"], actor_op="and")
    assert set(ids(either)) == {"000_8f733fa993c9eeb0", "002_9cfa0e0d1cdd636e",
                                "004_69174ce6b1ba241c"}
    assert ids(both) == ["000_8f733fa993c9eeb0"]
    # who appears with them: the actor facet counts within the selection
    actors = {v["value"]: v["count"] for v in both.facets.to_json()["actor"]}
    assert actors == {"Barack Obama": 1, "Dmitry Peskov": 1, "Donald Trump": 1,
                      "Vladimir Putin": 1}
    assert ask(seeds, actor=["Donald Trump", "Nobody Known"], actor_op="and").total == 0


def test_a_selected_value_is_listed_even_with_no_match(seeds) -> None:
    answer = ask(seeds, q="wiranto", outlet="Kompas.com")
    assert answer.total == 0
    assert {"value": "Kompas.com", "count": 0, "selected": True} in \
        answer.facets.to_json()["outlet"]


def test_date_ranges_are_inclusive_and_leave_undated_articles_out(seeds) -> None:
    assert set(ids(ask(seeds, from_="2020", to="2020"))) == {"001_9b6439d8732bdf6e",
                                                             "002_9cfa0e0d1cdd636e"}
    assert ids(ask(seeds, from_="2020-09-26", to="2020-09-26")) == ["002_9cfa0e0d1cdd636e"]
    assert ids(ask(seeds, to="2016-12")) == ["003_ba24a722cf13d261"]
    answer = ask(seeds, from_="2020-09")
    assert answer.total == 2
    # the date facet ignores its own filter: every year stays in view
    assert [bucket["key"] for bucket in answer.facets.to_json()["published"]["buckets"]] == [
        "2016", "2017", "2020"]


def test_paging_walks_the_same_order_without_repeats(seeds) -> None:
    pages = [ids(ask(seeds, per_page="2", page=str(page))) for page in (1, 2, 3)]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert sum(pages, []) == ids(ask(seeds))


def test_export_streams_every_match_in_order(seeds) -> None:
    stream = seeds.export(SearchRequest.from_params({"q": ["putin"]}))
    assert len(stream) == 4
    hits = list(stream)
    assert [hit.article.id for hit in hits] == ids(ask(seeds, q="putin"))
    assert all("<mark>" in hit.snippet for hit in hits)
    stream.close()


def test_actor_suggestions_complete_a_prefix_of_any_word(seeds) -> None:
    request = SearchRequest.from_params({})
    assert seeds.actor_suggestions("put", request) == [{"value": "Vladimir Putin", "count": 4}]
    assert seeds.actor_suggestions("xie", request) == [{"value": "Xie Feng", "count": 1}]


def test_highlight_marks_the_query_words_in_any_form(seeds) -> None:
    marked = seeds.highlight("Serangan siber <b> diretas", "peretasan siber")
    assert marked == "Serangan <mark>siber</mark> &lt;b&gt; <mark>diretas</mark>"


def test_a_misspelt_query_that_finds_nothing_gets_a_suggestion(seeds) -> None:
    answer = ask(seeds, q="keamannan")
    assert answer.total == 0 and answer.suggestion == "keamanan"


def test_health_counts_the_documents(seeds) -> None:
    health = seeds.health()
    assert (health["status"], health["documents"]) == ("ok", 5)


def test_an_unknown_article_is_not_found(seeds) -> None:
    with pytest.raises(ArticleNotFound):
        seeds.article("tidak-ada")


def test_a_missing_index_is_unavailable(backend_name: str, tmp_path: Path) -> None:
    backend = open_backend(backend_name, tmp_path / "none")
    with pytest.raises(IndexUnavailable):
        ask(backend, q="putin")
    with pytest.raises(IndexUnavailable):
        backend.health()
