"""Every query is bounded: a phrase of common words is checked only where it can occur, and a
query that reaches its time budget answers what it found, flagged `timed_out`."""

from __future__ import annotations

import time

import numpy as np

from indexing import article, build_index
from search.whoosh_backend.columns import build_columns
from search.whoosh_backend.query import parse_query
from search.whoosh_backend.schema import open_index
from search.whoosh_backend.scoring import Evaluator, build_lengths
from web import create_app

BODIES = {
    "ulang": "Warga kota berkumpul di alun-alun. " + "Warga kota " * 40,
    "sekali": "Warga kota berkumpul di alun-alun untuk merayakan ulang tahun kota.",
    "tidak": "Kota itu ramai; warga datang dari desa sekitar untuk berbelanja.",
}


def _evaluate(index_dir, q: str, deadline: float | None = None):
    with open_index(index_dir).searcher() as searcher:
        reader = searcher.reader()
        columns = build_columns(reader)
        evaluator = Evaluator(searcher, columns.live, build_lengths(reader), deadline=deadline)
        parsed = parse_query(q, searcher.schema)
        mask = np.logical_and.reduce([evaluator.evaluate(c)[0] for c in parsed.clauses])
        ids = {searcher.stored_fields(int(doc))["id"] for doc in np.flatnonzero(mask)}
        return ids, evaluator.timed_out


def test_a_phrase_needs_its_words_in_a_row_and_as_often_as_it_repeats_them(tmp_path):
    index_dir = build_index(tmp_path, [article(key, key, body) for key, body in BODIES.items()])
    assert _evaluate(index_dir, '"warga kota"')[0] == {"ulang", "sekali"}
    repeated = '"' + " ".join(["warga kota"] * 30) + '"'
    assert _evaluate(index_dir, repeated)[0] == {"ulang"}
    assert _evaluate(index_dir, '"' + " ".join(["warga kota"] * 60) + '"')[0] == set()


def test_a_query_past_its_deadline_answers_what_it_has_and_says_so(tmp_path):
    index_dir = build_index(tmp_path, [article(key, key, body) for key, body in BODIES.items()])
    found, timed_out = _evaluate(index_dir, '"warga kota"', deadline=time.monotonic() - 1)
    assert timed_out and found == set()
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    assert client.get('/search?q="warga kota"').get_json()["timed_out"] is False
    with client.application.app_context():
        from web.service import get_service
        get_service().budget = -1.0  # every query is already past its budget
    answer = client.get('/search?q="kota warga"').get_json()
    assert answer["timed_out"] is True and answer["total"] == 0
    page = client.get('/?q="kota warga"', headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "mungkin belum lengkap" in page
    # a phrase whose segments were all checked before is answered whole from what was found
    assert client.get('/search?q="warga kota"').get_json()["timed_out"] is False


def test_a_passage_is_looked_for_in_a_huge_articles_start_only():
    from search.whoosh_backend.snippets import SNIPPET_SCAN_CHARS, snippet

    text = "Pembukaan berita ini. " + "isi " * (SNIPPET_SCAN_CHARS // 4) + "banjir besar"
    passage = snippet(text, frozenset({"banjir"}), frozenset())
    assert passage.startswith("Pembukaan berita ini.") and passage.endswith("\u2026")
    assert "<mark>" not in passage  # the word lies past the part scanned


def test_a_phrase_kept_per_segment_still_finds_what_a_later_commit_adds(tmp_path):
    from search.request import SearchRequest
    from search.whoosh_backend.service import WhooshBackend
    from search.whoosh_backend.writing import delete_articles, write_articles

    index_dir = build_index(tmp_path, [article(key, key, body) for key, body in BODIES.items()])
    service = WhooshBackend(index_dir)

    def found() -> set[str]:
        answer = service.search(SearchRequest.from_params({"q": ['"warga kota"'],
                                                            "collapse": ["false"]}))
        return {hit.article.id for hit in answer.hits}

    assert found() == {"ulang", "sekali"}
    write_articles(index_dir, [article("baru", "baru", "Para warga kota menonton pawai.")])
    assert found() == {"ulang", "sekali", "baru"}
    delete_articles(index_dir, ["sekali"])
    assert found() == {"ulang", "baru"}
