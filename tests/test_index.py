"""The index: what the seeds and IndoSum find once written, and how updates, deletes and the
one-writer lock behave."""

from __future__ import annotations

import dataclasses

import threading
from pathlib import Path

import pytest

from indexing import article, build_index, seed_articles
from search.errors import IndexUnavailable
from search.whoosh_backend.schema import article_from_fields, document_for, index_stats, open_index
from search.whoosh_backend.writing import RUN_LOCK, IndexBusy, delete_articles, write_articles
from search.whoosh_backend.schema import build_schema
from search.whoosh_backend.writing import _analyzed_pair
from search.ingest import read_articles
from search.request import SearchRequest
from search.whoosh_backend.service import WhooshBackend

BOILERPLATE_ONLY = ("Novichok", "Gaza", "Yahoo", "Yerusalem", '"Harry Potter"')


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    return build_index(tmp_path_factory.mktemp("seeds") / "index", seed_articles(seeds_dir))


def found(index_dir: Path, q: str) -> list[str]:
    """Ids of the articles matching q, best first (the service's relevance order)."""
    request = SearchRequest.from_params({"q": [q], "sort": ["relevance"], "per_page": ["100"]})
    return [hit.article.id for hit in WhooshBackend(index_dir).search(request).hits]


def terms(index_dir: Path, field: str) -> set[str]:
    with open_index(index_dir).reader() as reader:
        return {term.decode() for term in reader.lexicon(field)}


def ids(index_dir: Path) -> list[str]:
    with open_index(index_dir).searcher() as searcher:
        return [stored["id"] for stored in searcher.documents()]


def test_peretasan_finds_the_seed_that_says_meretas_and_peretasan(seeds_index: Path) -> None:
    # 003 says "Diretas" only in a "Baca:" link, which ingest drops.
    assert found(seeds_index, "peretasan") == ["002_9cfa0e0d1cdd636e"]


def test_membentuk_unit_finds_the_seed_about_forming_a_unit(seeds_index: Path) -> None:
    assert found(seeds_index, "membentuk unit") == ["000_8f733fa993c9eeb0"]


def test_the_phrase_dunia_maya_finds_001_and_002(seeds_index: Path) -> None:
    assert sorted(found(seeds_index, '"dunia maya"')) == ["001_9b6439d8732bdf6e",
                                                          "002_9cfa0e0d1cdd636e"]


def test_pemilu_is_indexed_whole(seeds_index: Path) -> None:
    assert "pemilu" in terms(seeds_index, "body")
    assert "milu" not in terms(seeds_index, "body")


@pytest.mark.parametrize("q", BOILERPLATE_ONLY)
def test_a_word_only_in_boilerplate_finds_nothing(seeds_index: Path, q: str) -> None:
    assert found(seeds_index, q) == []


def test_stored_fields_rebuild_the_article(seeds_dir: Path, seeds_index: Path) -> None:
    articles = {a.id: a for a in seed_articles(seeds_dir)}
    with open_index(seeds_index).searcher() as searcher:
        rebuilt = {s["id"]: article_from_fields(s) for s in searcher.documents()}
    # the index adds each article's story (search/stories.py); five different stories here
    assert len({article.story for article in rebuilt.values()} - {None}) == 5
    rebuilt = {key: dataclasses.replace(article, story=None) for key, article in rebuilt.items()}
    assert rebuilt == articles
    assert rebuilt["002_9cfa0e0d1cdd636e"].published.isoformat() == "2020-09-26T08:13:00+07:00"


def test_date_columns_are_the_outlets_wall_clock(seeds_index: Path) -> None:
    with open_index(seeds_index).searcher() as searcher:
        by_id = {s["id"]: n for n, s in enumerate(searcher.documents())}
        month = searcher.reader().column_reader("month")
        dated = searcher.reader().column_reader("dated")
        assert month[by_id["002_9cfa0e0d1cdd636e"]] == 202009
        assert dated[by_id["002_9cfa0e0d1cdd636e"]] == 1
        assert dated[by_id["004_69174ce6b1ba241c"]] == 0  # undated: no year, no month


def test_one_pass_analysis_gives_each_fields_own_postings(seeds_dir: Path) -> None:
    schema = build_schema()
    for seed in seed_articles(seeds_dir):
        for stemmed, exact, text in (("title", "title_exact", seed.title),
                                     ("body", "body_exact", seed.body)):
            pair = _analyzed_pair(text)  # in any term order: the segment writer sorts them
            assert sorted(schema[stemmed].index(pair[0])) == sorted(schema[stemmed].index(text))
            assert sorted(schema[exact].index(pair[1])) == sorted(schema[exact].index(text))


def test_undated_articles_carry_no_year_or_month() -> None:
    document = document_for(article("x", "Judul", "Isi berita"))
    assert {"published", "year", "month"}.isdisjoint(document) and document["dated"] == 0


def test_berlin_typed_in_lower_case_finds_berlin(tmp_path: Path) -> None:
    index_dir = build_index(tmp_path / "index", [
        article("berlin", "Kanselir bertemu Presiden", "Pertemuan digelar di Berlin pekan lalu."),
        article("awan", "Cuaca", "Awan tebal menutupi kota sejak pagi."),
    ])
    assert found(index_dir, "berlin") == ["berlin"]
    assert "berlin" in terms(index_dir, "body") and "lin" not in terms(index_dir, "body")


def test_the_exact_word_form_ranks_above_a_stem_only_hit(tmp_path: Path) -> None:
    index_dir = build_index(tmp_path / "index", [
        article("stem-only", "Situs", "Kelompok itu meretas situs kementerian dan meretas bank."),
        article("exact", "Situs", "Polisi menyelidiki peretasan situs kementerian."),
    ])
    assert found(index_dir, "peretasan") == ["exact", "stem-only"]


def test_reindexing_the_same_articles_keeps_the_count(tmp_path: Path, seeds_dir: Path) -> None:
    articles = seed_articles(seeds_dir)
    write_articles(tmp_path, articles)
    stats = write_articles(tmp_path, articles)
    assert (stats.written, stats.documents) == (5, 5)
    assert sorted(ids(tmp_path)) == sorted(a.id for a in articles)


def test_an_id_given_twice_in_one_run_is_indexed_once(tmp_path: Path) -> None:
    write_articles(tmp_path, [article("a", "Lama", "versi lama"), article("a", "Baru", "versi baru")])
    with open_index(tmp_path).searcher() as searcher:
        assert [s["title"] for s in searcher.documents()] == ["Baru"]


def test_delete_removes_and_counts_only_what_was_there(tmp_path: Path) -> None:
    write_articles(tmp_path, [article("a", "Satu", "isi"), article("b", "Dua", "isi")])
    assert delete_articles(tmp_path, ["a", "missing"]) == 1
    assert ids(tmp_path) == ["b"]


def test_rebuild_starts_clean(tmp_path: Path) -> None:
    write_articles(tmp_path, [article("old", "Lama", "isi")])
    stats = write_articles(tmp_path, [article("new", "Baru", "isi")], rebuild=True)
    assert stats.documents == 1 and ids(tmp_path) == ["new"]


def test_a_lone_surname_resolves_to_the_one_full_name_known(tmp_path: Path) -> None:
    write_articles(tmp_path, [
        article("full", "Jokowi", "isi", actors=("Joko Widodo",)),
        article("lone", "Widodo", "isi", actors=("Widodo", "Mike Pompeo")),
    ])
    with open_index(tmp_path).searcher() as searcher:
        actors = {s["id"]: article_from_fields(s).actors for s in searcher.documents()}
    assert actors == {"full": ("Joko Widodo",), "lone": ("Joko Widodo", "Mike Pompeo")}


def test_two_lone_names_in_one_article_leave_one_document(tmp_path: Path) -> None:
    write_articles(tmp_path, [
        article("trump", "AS", "isi", actors=("Donald Trump",)),
        article("putin", "Rusia", "isi", actors=("Vladimir Putin",)),
        article("both", "KTT", "isi", actors=("Trump", "Putin")),
    ])
    with open_index(tmp_path).searcher() as searcher:
        both = [article_from_fields(s) for s in searcher.documents(id="both")]
        assert searcher.doc_count() == 3
    assert [a.actors for a in both] == [("Donald Trump", "Vladimir Putin")]


def test_stats_count_outlets_and_dates(seeds_index: Path) -> None:
    stats = index_stats(seeds_index)
    assert stats.documents == 5 and stats.undated == 1
    assert dict(stats.outlets) == {"SINDOnews": 1, "Kompas.com": 1, "Bangkapos.com": 1,
                                   "Selidiki.com": 1, "(unknown)": 1}
    assert stats.first_published.isoformat() == "2016-12-15T00:00:00+07:00"
    assert stats.last_published.isoformat() == "2020-10-12T18:10:00+07:00"


def test_a_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailable, match=f"no index at {tmp_path / 'none'}"):
        open_index(tmp_path / "none")


def test_an_unreadable_index_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "_MAIN_1.toc").write_bytes(b"not an index")
    with pytest.raises(IndexUnavailable, match=f"index at {tmp_path} cannot be opened"):
        open_index(tmp_path)


def test_a_second_writer_fails_at_once_without_waiting(tmp_path: Path) -> None:
    lock = open_index(tmp_path, create=True).storage.lock(RUN_LOCK)
    assert lock.acquire()
    try:
        with pytest.raises(IndexBusy, match="being written by another process"):
            write_articles(tmp_path, [article("a", "Satu", "isi")], wait=False)
    finally:
        lock.release()


def test_a_second_writer_waits_then_writes(tmp_path: Path) -> None:
    lock = open_index(tmp_path, create=True).storage.lock(RUN_LOCK)
    assert lock.acquire()
    waited = threading.Event()

    def release_when_waited() -> None:
        waited.wait(10)
        lock.release()

    releaser = threading.Thread(target=release_when_waited)
    releaser.start()
    stats = write_articles(tmp_path, [article("a", "Satu", "isi")], on_wait=waited.set)
    releaser.join()
    assert waited.is_set() and stats.documents == 1


def test_worker_processes_write_the_same_index_as_one_process(tmp_path: Path,
                                                             shared_data: Path) -> None:
    jsonl = shared_data / "indosum" / "articles.jsonl"
    lines = jsonl.read_text(encoding="utf-8").splitlines()[:200]
    (tmp_path / "part.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = list(read_articles([tmp_path / "part.jsonl"], on_problem=pytest.fail))
    write_articles(tmp_path / "one", articles)
    write_articles(tmp_path / "two", articles, procs=2, batch_size=70)
    assert sorted(ids(tmp_path / "two")) == sorted(ids(tmp_path / "one"))
    assert len(ids(tmp_path / "two")) == 200
    assert terms(tmp_path / "two", "body") == terms(tmp_path / "one", "body")


@pytest.mark.slow
def test_indosum_indexed_twice_holds_each_article_once(tmp_path: Path, shared_data: Path) -> None:
    corpus = [shared_data / "indosum" / "articles.jsonl"]
    for _ in range(2):
        stats = write_articles(tmp_path, read_articles(corpus, on_problem=pytest.fail), procs=2)
    assert stats.documents == 3463
    assert len(set(ids(tmp_path))) == 3463


def test_an_index_from_an_older_warta_is_refused_and_can_be_rebuilt(tmp_path: Path) -> None:
    # An older Warta pickled its schema's classes under module paths that no longer exist.
    import sys
    import types

    from whoosh import fields, index

    old = types.ModuleType("warta_older_schema")
    exec("from whoosh import fields\nclass OldText(fields.TEXT):\n    pass\n", old.__dict__)
    sys.modules[old.__name__] = old
    try:
        index.create_in(tmp_path, fields.Schema(id=fields.ID(stored=True), body=old.OldText()))
    finally:
        del sys.modules[old.__name__]
    with pytest.raises(IndexUnavailable, match=r"built by an older Warta .*--rebuild"):
        open_index(tmp_path)
    with pytest.raises(IndexUnavailable, match="older Warta"):
        write_articles(tmp_path, [article("a", "Banjir", "banjir di jakarta")])
    write_articles(tmp_path, [article("a", "Banjir", "banjir di jakarta")], rebuild=True)
    assert found(tmp_path, "banjir") == ["a"]


def test_the_search_service_refuses_an_index_missing_a_field_warta_now_writes(tmp_path: Path) -> None:
    """An index of the last layout (the speakers' words as "quoted_words") would open but answer
    speaker searches wrongly: the service refuses it with the rebuild command, as the indexer does."""
    from whoosh import index

    from search.whoosh_backend.schema import SAID, build_schema
    from search.whoosh_backend.service import WhooshBackend

    schema = build_schema()
    schema.add("quoted_words", schema[SAID])
    schema.remove(SAID)
    index.create_in(tmp_path, schema)
    with pytest.raises(IndexUnavailable, match=r"older Warta \(no field 'said_words'\).*--rebuild"):
        WhooshBackend(tmp_path).health()
