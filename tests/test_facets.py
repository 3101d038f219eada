"""Facets on the seeds: counted over every match, multi-select, selected values always listed."""

from __future__ import annotations

from indexing import article, build_index, search_json

from search.whoosh_backend.writing import delete_articles
from search.whoosh_backend.service import WhooshBackend

SEED_OUTLETS = [
    {"value": "Bangkapos.com", "count": 1, "selected": False},
    {"value": "Kompas.com", "count": 1, "selected": False},
    {"value": "SINDOnews", "count": 1, "selected": False},
    {"value": "Selidiki.com", "count": 1, "selected": False},
]


def facets(service: WhooshBackend, **params: str | list[str]) -> dict:
    return search_json(service, **params)["facets"]


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
    service = WhooshBackend(build_index(tmp_path, articles))
    assert facets(service, q="banjir")["published"]["buckets"] == [
        {"key": "2019", "count": 1}, {"key": "2020", "count": 2}, {"key": "2021", "count": 1}]
    narrowed = WhooshBackend(build_index(tmp_path / "two", articles[1:]))
    assert facets(narrowed)["published"]["buckets"] == [
        {"key": "2020-12", "count": 2}, {"key": "2021-01", "count": 1}]


def test_deleted_articles_leave_the_counts(tmp_path):
    articles = [
        article("a", "Satu", "banjir", outlet="Tempo", actors=("Joko Widodo",)),
        article("b", "Dua", "banjir", outlet="Tempo", actors=("Joko Widodo",)),
    ]
    index_dir = build_index(tmp_path, articles)
    service = WhooshBackend(index_dir)
    assert facets(service)["outlet"] == [{"value": "Tempo", "count": 2, "selected": False}]
    delete_articles(index_dir, ["a"])
    found = facets(service)
    assert found["outlet"] == [{"value": "Tempo", "count": 1, "selected": False}]
    assert found["actor"] == [{"value": "Joko Widodo", "count": 1, "selected": False}]


def test_a_commit_reads_only_the_new_segment(tmp_path, monkeypatch):
    import search.whoosh_backend.columns as facets_module
    from search.whoosh_backend.schema import open_index
    from search.whoosh_backend.writing import write_articles

    built: list[str] = []
    build = facets_module.build_segment_columns

    def counting_build(leaf):
        built.append(leaf.segment().segment_id())
        return build(leaf)

    index_dir = build_index(tmp_path, [
        article("a", "Satu", "banjir", outlet="Tempo", actors=("Joko Widodo",),
                published="2020-01-02"),
        article("b", "Dua", "banjir", outlet="Kompas", actors=("Prabowo Subianto",)),
    ])
    write_articles(index_dir, [article("c", "Tiga", "banjir", outlet="Tempo",
                                       actors=("Joko Widodo",), published="2021-03-04")])
    service = WhooshBackend(index_dir)
    monkeypatch.setattr(service._columns.segments, "_build", counting_build)  # noqa: SLF001

    def segments() -> list[str]:
        with open_index(index_dir).reader() as reader:
            return [leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()]

    facets(service)
    before = segments()
    assert len(before) == 2 and sorted(built) == sorted(before)
    built.clear()
    write_articles(index_dir, [article("d", "Empat", "banjir", outlet="Antara",
                                       actors=("Joko Widodo", "Ma'ruf Amin"))])
    after = segments()
    assert set(before) < set(after)  # the old segments are still there, unchanged
    found = facets(service)
    assert built == [segment for segment in after if segment not in before]
    assert found["outlet"] == [
        {"value": "Tempo", "count": 2, "selected": False},
        {"value": "Antara", "count": 1, "selected": False},
        {"value": "Kompas", "count": 1, "selected": False},
    ]
    assert found["actor"] == [
        {"value": "Joko Widodo", "count": 3, "selected": False},
        {"value": "Ma'ruf Amin", "count": 1, "selected": False},
        {"value": "Prabowo Subianto", "count": 1, "selected": False},
    ]
    assert found["published"] == {"interval": "month", "missing": 2, "buckets": [
        {"key": "2020-01", "count": 1}, {"key": "2021-03", "count": 1}]}
    # A deletion changes no segment id: nothing is read again, and the counts follow it.
    built.clear()
    delete_articles(index_dir, ["a"])
    found = facets(service)
    assert built == []
    assert found["actor"][0] == {"value": "Joko Widodo", "count": 2, "selected": False}
    assert {"value": "Tempo", "count": 1, "selected": False} in found["outlet"]


def test_a_selected_year_zooms_the_date_facet_into_its_months(service):
    published = facets(service, from_="2020", to="2020")["published"]
    # the other years stay in view (multi-select) ...
    assert [bucket["key"] for bucket in published["buckets"]] == ["2016", "2017", "2020"]
    # ... and the selected year shows its months
    assert published["zoom"] == {"interval": "month", "buckets": [
        {"key": "2020-09", "count": 1}, {"key": "2020-10", "count": 1}]}
    assert "zoom" not in facets(service)["published"]


def test_an_alias_finds_its_person_in_type_ahead_and_in_the_query(tmp_path):
    from search.request import SearchRequest

    index_dir = build_index(tmp_path, [
        article("a", "Satu", "Basuki Tjahaja Purnama berpidato.", actors=("Basuki Tjahaja Purnama",)),
        article("b", "Dua", "Lu Ahok berjualan.", actors=("Lu Ahok",)),
    ])
    backend = WhooshBackend(index_dir)
    found = backend.actor_suggestions("ahok", SearchRequest.from_params({}))
    assert {value["value"] for value in found} == {"Basuki Tjahaja Purnama", "Lu Ahok"}
    answer = backend.search(SearchRequest.from_params({"q": ["actor:jokowi OR actor:btp"]}))
    assert [hit.article.id for hit in answer.hits] == ["a"]


def test_the_listed_values_are_the_top_of_every_value_sorted(tmp_path):
    """Only the values that can make the list are sorted: the same list as sorting them all
    (most first, ties by name), on random counts with many ties and any limit."""
    import random

    import numpy as np

    from search.whoosh_backend.columns import ValueColumn
    from search.whoosh_backend.facets import _facet_values

    chooser = random.Random(3)
    for _ in range(300):
        size = chooser.randint(1, 400)
        names = tuple(sorted(f"n{index:04d}" for index in range(size)))
        column = ValueColumn(names, np.zeros(0, np.int32), np.zeros(0, np.int32),
                             np.zeros(0, bool))
        counts = np.array([chooser.choice((0, 0, 1, 1, 2, 3, chooser.randint(0, 50)))
                           for _ in names])
        limit = chooser.choice((None, 1, 5, 20, 50))
        present = [code for code in range(size) if counts[code]]
        every = sorted(present, key=lambda code: (-counts[code], names[code]))
        expected = [(names[code], int(counts[code])) for code in every[:limit]]
        listed = _facet_values(column, counts, (), limit)
        assert [(value.value, value.count) for value in listed] == expected
