"""The query engine on the seeds, indexed by the real pipeline: query language, filters, sort,
pagination, partial matches and spelling suggestions."""

from __future__ import annotations

import numpy as np
import pytest
from indexing import article, build_index, search_json

from search.errors import InvalidParameter
from search.whoosh_backend.schema import build_schema
from search.request import SearchRequest
from search.whoosh_backend.query import parse_query
from search.whoosh_backend.scoring import PostingsCache, postings
from search.whoosh_backend.service import WhooshBackend

PUTIN_SEEDS = {"000", "001", "002", "004"}


def search(service: WhooshBackend, **params: str | list[str]) -> dict:
    return search_json(service, **params)


def ids(answer: dict) -> list[str]:
    return [result["id"][:3] for result in answer["results"]]


# --- the request ---------------------------------------------------------------------------


def test_defaults_list_everything_newest_first():
    request = SearchRequest.from_params({})
    assert (request.q, request.sort, request.page, request.per_page, request.facet_size) == (
        "", "newest", 1, 10, 20)


def test_a_query_defaults_to_relevance_and_filters_repeat():
    request = SearchRequest.from_params(
        {"q": [" putin "], "outlet": ["Kompas.com", "SINDOnews", "Kompas.com"], "actor": ["A"]})
    assert request.sort == "relevance"
    assert request.q == "putin"
    assert request.outlets == ("Kompas.com", "SINDOnews")


@pytest.mark.parametrize(
    ("params", "param", "message"),
    [
        ({"page": ["-1"]}, "page", "page: expected 1 to 1000, got -1"),
        ({"page": ["abc"]}, "page", "page: expected a whole number, got 'abc'"),
        ({"per_page": ["1000"]}, "per_page", "per_page: expected 1 to 100, got 1000"),
        ({"per_page": ["0"]}, "per_page", "per_page: expected 1 to 100, got 0"),
        ({"from": ["2020-13"]}, "from",
         "from: expected YYYY, YYYY-MM or YYYY-MM-DD, got '2020-13'"),
        ({"to": ["2020-02-30"]}, "to",
         "to: expected YYYY, YYYY-MM or YYYY-MM-DD, got '2020-02-30'"),
        ({"from": ["2021"], "to": ["2020"]}, "to", "to: '2020' is before from='2021'"),
        ({"sort": ["popular"]}, "sort",
         "sort: expected one of relevance, newest, oldest, got 'popular'"),
        ({"q": ["a" * 1001]}, "q", "q: at most 1000 characters, got 1001"),
        ({"q": ["putin", "trump"]}, "q", "q: given 2 times; give it once"),
        ({"facet_size": ["5000"]}, "facet_size", "facet_size: expected 1 to 1000, got 5000"),
        ({"per_page": ["100"], "page": ["101"]}, "page", "page: expected 1 to 100, got 101"),
    ],
)
def test_bad_parameters_are_named(params, param, message):
    with pytest.raises(InvalidParameter) as raised:
        SearchRequest.from_params(params)
    assert (raised.value.param, raised.value.message) == (param, message)


def test_date_bounds_are_inclusive_calendar_periods():
    request = SearchRequest.from_params({"from": ["2020-02"], "to": ["2020-02"]})
    start, end = request.published_range()
    assert (start.isoformat(), end.isoformat()) == ("2020-02-01T00:00:00", "2020-03-01T00:00:00")


# --- the seeds -----------------------------------------------------------------------------


def test_empty_query_lists_all_articles_newest_first_undated_last(service):
    answer = search(service)
    assert answer["total"] == 5
    assert ids(answer) == ["001", "002", "000", "003", "004"]


def test_oldest_first_still_puts_undated_last(service):
    assert ids(search(service, sort="oldest")) == ["003", "000", "002", "001", "004"]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("Vladimir Putin", PUTIN_SEEDS), ("Donald Trump", {"000", "002", "004"})],
)
def test_actor_filter(service, actor, expected):
    answer = search(service, actor=actor)
    assert answer["total"] == len(expected)
    assert set(ids(answer)) == expected


def test_two_actors_are_either_one(service):
    answer = search(service, actor=["Wiranto", "Joe Biden"])
    assert set(ids(answer)) == {"002", "003"}


def test_year_range_is_inclusive(service):
    assert ids(search(service, from_="2020", to="2020")) == ["001", "002"]


def test_day_range_uses_the_outlets_date(service):
    assert ids(search(service, from_="2020-09-26", to="2020-09-26")) == ["002"]


def test_outlet_and_actor_filters_combine_with_and(service):
    assert ids(search(service, outlet="SINDOnews", actor="Vladimir Putin")) == ["000"]
    assert search(service, outlet="SINDOnews", actor="Wiranto")["total"] == 0


@pytest.mark.parametrize("word", ["Novichok", "Gaza", "Yahoo", '"Harry Potter"', "Yerusalem",
                                  "Makhmudov", "Lukashenko", "Netanyahu"])
def test_words_only_in_boilerplate_find_nothing(service, word):
    assert search(service, q=word)["total"] == 0


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("keamanan siber", {"000", "001"}),
        ("peretasan", {"002"}),  # found through its stem: the article says "meretas"
        ('"dunia maya"', {"001", "002"}),
        ("putin -trump", {"001"}),
        ("putin NOT trump", {"001"}),
        ("wiranto OR peskov", {"000", "003"}),
        ("title:cyber", {"003"}),
        ('actor:"Xie Feng"', {"003"}),
        ("actor:bortnikov", {"004"}),
        ("outlet:kompas.com", {"002"}),
        ('"putin', PUTIN_SEEDS),  # an unbalanced quote reads as a word
        ("putin OR", PUTIN_SEEDS),  # a dangling operator is dropped
    ],
)
def test_query_language(service, q, expected):
    answer = search(service, q=q)
    assert set(ids(answer)) == expected
    assert answer["partial"] is False


def test_a_query_of_negations_only_lists_the_rest_newest_first(service):
    assert ids(search(service, q="-putin")) == ["003"]
    assert ids(search(service, q='NOT actor:"Xie Feng"')) == ["001", "002", "000", "004"]


def test_a_query_without_words_is_refused():
    with pytest.raises(InvalidParameter) as raised:
        parse_query(")(", build_schema())
    assert raised.value.message == "q: has no words to search for: ')('"


def test_long_query_few_match_whole_lists_most_of_the_words_flagged(service):
    answer = search(service, q="putin trump peskov cia")
    assert (answer["total"], answer["full_matches"], answer["partial"]) == (2, 0, True)
    assert {(result["id"][:3], result["partial"]) for result in answer["results"]} == {
        ("000", True), ("004", True)}


def test_full_matches_rank_before_partial_ones(service):
    answer = search(service, q="putin trump rusia")
    flags = [(result["id"][:3], result["partial"]) for result in answer["results"]]
    assert (answer["total"], answer["full_matches"]) == (4, 3)
    assert {doc for doc, partial in flags[:3]} == {"000", "002", "004"}
    assert flags[3] == ("001", True)


def test_long_query_with_enough_full_matches_has_no_partial_ones(tmp_path):
    whole = [article(f"w{n:02}", f"Kabar {n}", "banjir melanda kota jakarta") for n in range(10)]
    most = article("most", "Kabar lain", "banjir melanda kota bandung")
    answer = WhooshBackend(build_index(tmp_path, [*whole, most])).search(
        SearchRequest.from_params({"q": ["banjir kota jakarta"]})
    ).to_json()
    assert (answer["total"], answer["partial"]) == (10, False)


def test_misspelling_gets_a_suggestion_from_the_index(service):
    answer = search(service, q="keamannan sibr")
    assert answer["total"] == 0
    assert answer["suggestion"] == "keamanan siber"


def test_no_suggestion_when_the_words_exist(service):
    assert search(service, q="putin")["suggestion"] is None


def test_stop_words_are_not_taken_for_misspellings(service):
    # left out of the index, they are in no lexicon; they are not corrected into other words
    answer = search(service, q="yang dari untuk dengan keamannan")
    assert answer["suggestion"] == "yang dari untuk dengan keamanan"


def test_pagination(service):
    pages = [ids(search(service, per_page="2", page=str(page))) for page in (1, 2, 3)]
    assert pages == [["001", "002"], ["000", "003"], ["004"]]
    assert search(service, per_page="2", page="3")["total"] == 5


def test_postings_cache_keeps_recent_arrays_within_its_budget():
    cache = PostingsCache(max_bytes=160)
    reads: list[str] = []

    def reader(name: str):
        return lambda: (reads.append(name) or (np.zeros(10, dtype=np.int64),))

    for name in ("a", "b", "a", "c", "a", "b"):
        cache.get((name,), reader(name))
    # Two arrays of 80 bytes fit: "b" is dropped for "c", then read again.
    assert reads == ["a", "b", "c", "b"]


def test_block_read_postings_equal_whooshs_own(service):
    # search.whoosh_backend.scoring reads Whoosh's W3 posting blocks directly; check it against the matcher.
    with service._searcher() as searcher:  # noqa: SLF001 - the engine's own reader
        reader = searcher.reader()
        for field in ("title", "title_exact", "body", "body_exact", "actors", "outlet"):
            for text in reader.field_terms(field):
                ids, weights = postings(reader, field, text)
                matcher = reader.postings(field, text)
                expected = []
                while matcher.is_active():
                    expected.append((matcher.id(), matcher.weight()))
                    matcher.next()
                live = [(int(i), float(w)) for i, w in zip(ids, weights)
                        if not reader.is_deleted(int(i))]
                assert live == expected, (field, text)


def test_plain_words_read_as_whoosh_s_parser_reads_them(shared_data):
    """Queries of plain words skip Whoosh's parser: on words of real articles (stop words,
    names, numbers, any case) they give the query the parser gives; anything else (quotes,
    operators, hyphens, field names) is left to the parser."""
    import json
    import random
    import re

    from search.whoosh_backend.plain_words import plain_query
    from search.whoosh_backend.query import WORD_FIELDS, _normalize, _parser

    schema = build_schema()
    with open(shared_data / "indosum" / "articles.jsonl", encoding="utf-8") as lines:
        text = " ".join(json.loads(line)["body"] for _, line in zip(range(40), lines))
    vocabulary = sorted(set(re.findall(r"[^\W_]+", text)))
    chooser = random.Random(11)
    for _ in range(400):
        words = [chooser.choice(vocabulary) for _ in range(chooser.randint(1, 4))]
        words = [chooser.choice((str.lower, str.upper, str.title, str))(word) for word in words]
        q = chooser.choice((" ", "  ", "\t")).join(words)
        expected = _parser(schema).parse(_normalize(q))
        assert plain_query(q, schema, WORD_FIELDS) == expected, q
    for q in ('"bank indonesia"', "jokowi OR prabowo", "gempa NOT lombok", "jokowi -prabowo",
              "title:banjir", "e-ktp", "covid-19", "jum'at", "AND", "harga (minyak)"):
        assert plain_query(q, schema, WORD_FIELDS) is None, q
