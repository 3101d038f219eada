"""The HTTP API as curl users meet it, on the seeds indexed by the real pipeline."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from indexing import article, build_index, seed_articles

from search.ingest import read_articles
from search.whoosh_backend.internals import commit_stamp
from search.whoosh_backend.schema import open_index
from search.whoosh_backend.writing import write_articles
from web import create_app

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def seed_index(seeds_dir, tmp_path_factory):
    return build_index(tmp_path_factory.mktemp("seed-index"), seed_articles(seeds_dir))


@pytest.fixture()
def client(seed_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(seed_index)}).test_client()


def test_search_answers_json_to_curl(client):
    response = client.get("/search?q=keamanan siber", headers={"Accept": "*/*"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    answer = response.get_json()
    assert list(answer) == ["query", "total", "stories", "full_matches", "partial", "took_ms", "timed_out",
                            "suggestion", "results", "facets"]
    assert answer["query"] == {"q": "keamanan siber", "outlet": [], "actor": [], "author": [],
                               "place": [], "speaker": [], "actor_op": "or", "collapse": True, "from": None,
                               "to": None, "sort": "relevance", "page": 1, "per_page": 10}
    assert answer["total"] == 2
    assert {result["id"][:3] for result in answer["results"]} == {"000", "001"}
    assert list(answer["results"][0]) == ["id", "title", "url", "outlet", "published", "actors",
                                          "snippet", "quote", "partial", "story", "copies",
                                          "copy_outlets"]
    assert list(answer["facets"]) == ["outlet", "actor", "author", "place", "speaker", "published", "missing"]


def test_search_repeated_filters(client):
    url = "/search?actor=Vladimir Putin&outlet=SINDOnews&outlet=Kompas.com"
    answer = client.get(url).get_json()
    assert answer["total"] == 2
    assert [result["outlet"] for result in answer["results"]] == ["Kompas.com", "SINDOnews"]
    assert answer["results"][0]["published"] == "2020-09-26T08:13:00+07:00"


def test_browser_gets_the_search_page_and_json_on_request(client):
    page = client.get("/search?q=putin", headers={"Accept": BROWSER_ACCEPT})
    if "pages.search_page" not in client.application.view_functions:
        pytest.skip("the HTML pages are not registered")
    assert page.mimetype == "text/html"
    assert "Accept" in page.headers["Vary"]
    forced = client.get("/search?q=putin&format=json", headers={"Accept": BROWSER_ACCEPT})
    assert forced.mimetype == "application/json"


def test_csv_streams_every_match_for_spreadsheets(client):
    response = client.get("/search?actor=Donald Trump&sort=newest&format=csv&per_page=1")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark: Excel reads it so
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["id", "url", "outlet", "published", "title", "authors", "place", "actors",
                       "snippet", "story", "copies"]
    assert [row[0][:3] for row in rows[1:]] == ["002", "000", "004"]
    assert rows[1][2:4] == ["Kompas.com", "2020-09-26T08:13:00+07:00"]
    assert rows[1][5:8] == ["Shintaloka Pradita Sicca", "MOSKWA",
                            "Vladimir Putin; Donald Trump; Hillary Clinton; Joe Biden"]
    assert rows[1][8].startswith("Presiden Vladimir Putin menyerukan")  # plain text, no <mark>
    assert "<" not in rows[1][8]
    assert all(len(row[9]) == 12 and row[10] == "0" for row in rows[1:])  # five stories, no copies


def test_json_lines_export_every_match_with_passages(client):
    response = client.get("/search?q=putin&format=jsonl")
    assert response.mimetype == "application/x-ndjson"
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(records) == 4
    assert set(records[0]) == {"id", "title", "url", "outlet", "published", "actors", "authors",
                               "place", "snippet", "quote", "story", "copies", "copy_outlets"}
    assert all("putin" in record["snippet"].lower() for record in records)


def test_the_pages_own_url_exports_on_request(client):
    for answer_format, mimetype in (("csv", "text/csv"), ("jsonl", "application/x-ndjson"),
                                    ("json", "application/json")):
        response = client.get(f"/?q=putin&format={answer_format}",
                              headers={"Accept": BROWSER_ACCEPT})
        assert (response.status_code, response.mimetype) == (200, mimetype)


def test_article_as_json(client):
    seed_id = client.get("/search?outlet=Bangkapos.com").get_json()["results"][0]["id"]
    found = client.get(f"/articles/{seed_id}").get_json()
    assert found["id"] == seed_id
    assert found["outlet"] == "Bangkapos.com"
    assert found["actors"] == ["Wiranto", "Xie Feng"]
    assert "Kristian Erdianto" in found["authors"]
    assert "Buni Yani" not in found["body"]


def test_unknown_article_is_a_json_404(client):
    response = client.get("/articles/no-such-article")
    assert response.status_code == 404
    assert response.get_json() == {"error": {
        "status": 404, "code": "not_found", "message": "no article with id 'no-such-article'"}}


def test_actor_typeahead_by_prefix_of_any_word(client):
    assert client.get("/facets/actor?prefix=put").get_json() == {
        "facet": "actor", "prefix": "put", "values": [{"value": "Vladimir Putin", "count": 4}]}
    values = client.get("/facets/actor?prefix=b").get_json()["values"]
    assert values == [{"value": "Alexander Bortnikov", "count": 1},
                      {"value": "Barack Obama", "count": 1},
                      {"value": "Bashar al-Assad", "count": 1},
                      {"value": "Joe Biden", "count": 1}]


def test_actor_typeahead_applies_the_search_filters(client):
    answer = client.get("/facets/actor?prefix=&outlet=Kompas.com&limit=2").get_json()
    assert answer["values"] == [{"value": "Donald Trump", "count": 1},
                                {"value": "Hillary Clinton", "count": 1}]


def test_healthz_reports_the_index(client):
    health = client.get("/healthz").get_json()
    assert (health["status"], health["documents"]) == ("ok", 5)
    assert health["last_commit"].endswith("+00:00")


def test_missing_index_starts_and_answers_503(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    for url in ("/healthz", "/search?q=putin", "/articles/x", "/facets/actor?prefix=a"):
        response = client.get(url)
        assert response.status_code == 503, url
        error = response.get_json()["error"]
        assert (error["status"], error["code"]) == (503, "index_unavailable")
        assert error["message"].startswith("no index at ")


def test_a_new_commit_is_seen_without_restart(tmp_path):
    index_dir = build_index(tmp_path, [article("a", "Banjir Jakarta", "banjir di jakarta")])
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    assert client.get("/search?q=banjir").get_json()["total"] == 1
    write_articles(index_dir, [article("b", "Banjir Bandung", "banjir di bandung", outlet="Tempo")])
    answer = client.get("/search?q=banjir").get_json()
    assert answer["total"] == 2
    assert answer["facets"]["outlet"] == [{"value": "Tempo", "count": 1, "selected": False}]
    assert client.get("/healthz").get_json()["documents"] == 2


def test_a_commit_s_stamp_is_whoosh_s_generation_and_time(tmp_path):
    """What tells a searcher a commit landed: the latest table of contents and its time."""
    index_dir = build_index(tmp_path, [article("a", "Banjir Jakarta", "banjir di jakarta")])
    first = commit_stamp(open_index(index_dir))
    write_articles(index_dir, [article("b", "Banjir Bandung", "banjir di bandung")])
    index = open_index(index_dir)
    assert commit_stamp(index) == (index.latest_generation(), index.last_modified())
    assert commit_stamp(index)[0] == first[0] + 1


def test_a_commit_landing_while_the_stamp_is_read_is_looked_for_again(tmp_path, monkeypatch):
    """A commit removes the table of contents just listed: the folder is listed again, and a
    search sees the new commit rather than an unreadable index."""
    index_dir = build_index(tmp_path, [article("a", "Banjir Jakarta", "banjir di jakarta")])
    index = open_index(index_dir)
    modified = index.storage.file_modified

    def commit_meanwhile(name):
        monkeypatch.setattr(index.storage, "file_modified", modified)
        write_articles(index_dir, [article("b", "Banjir Bandung", "banjir di bandung")])
        return modified(name)  # the table listed is gone by now

    monkeypatch.setattr(index.storage, "file_modified", commit_meanwhile)
    assert commit_stamp(index) == (index.latest_generation(), index.last_modified())
    shutil.rmtree(index_dir)
    with pytest.raises(FileNotFoundError):
        commit_stamp(index)


def test_an_index_removed_and_rebuilt_under_the_app(tmp_path):
    index_dir = build_index(tmp_path / "index", [article("a", "Banjir", "banjir di jakarta")])
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    assert client.get("/search?q=banjir").get_json()["total"] == 1
    shutil.rmtree(index_dir)
    assert client.get("/search?q=banjir").status_code == 503
    assert client.get("/healthz").status_code == 503
    build_index(index_dir, [article("b", "Banjir", "banjir"), article("c", "Banjir", "banjir")])
    assert client.get("/search?q=banjir").get_json()["total"] == 2


def test_a_crawled_page_reaches_search_with_its_extracted_facts(tmp_path):
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text(json.dumps({
        "url": "https://www.beritapantura.id/read/2023/11/01/banjir-rendam-ratusan-rumah",
        "text": "Beranda\nJAKARTA, KOMPAS.com - Banjir merendam ratusan rumah warga di Bima "
                "sejak Senin pagi.\nArtikel ini telah tayang di Kompas.com dengan judul Banjir\n",
    }) + "\n", encoding="utf-8")
    index_dir = build_index(tmp_path / "index", read_articles([crawl], print))
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    url = "https://www.beritapantura.id/read/2023/11/01/banjir-rendam-ratusan-rumah"
    found = client.get(f"/articles/{url}").get_json()
    assert (found["title"], found["title_source"]) == ("Banjir rendam ratusan rumah", "url")
    # a copy that kept the original's dateline: the host published it, Kompas.com wrote it
    assert (found["outlet"], found["place"]) == ("Beritapantura.id", "JAKARTA")
    assert found["published"] == "2023-11-01T00:00:00+07:00"
    assert found["syndicated_from"] == "Kompas.com"
    assert found["body"] == "Banjir merendam ratusan rumah warga di Bima sejak Senin pagi."
    # the dateline's city is the place, not body text: "jakarta" finds nothing
    assert client.get("/search?q=jakarta").get_json()["total"] == 0
    page = client.get(f"/articles/{url}", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "judul diambil dari alamat (URL) berita" in page
    assert "<dt>Salinan dari</dt><dd>Kompas.com</dd>" in page


def test_a_query_of_stop_words_only_says_so(client):
    answer = client.get("/search?q=dan")
    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"] == "q: has only words too common to search for: 'dan'"
    page = client.get("/?q=dan", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "hanya berisi kata yang terlalu umum untuk dicari" in page


def test_a_search_that_finds_nothing_suggests_dropping_the_narrowest_filter(client):
    page = client.get("/?q=wiranto&outlet=Kompas.com&actor=Joe+Biden",
                      headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Tidak ada artikel yang cocok." in page
    # without Kompas.com, Joe Biden and "wiranto" still find nothing; without Joe Biden, the
    # Kompas.com filter still finds nothing: no single removal helps, so nothing is suggested
    assert "Tanpa filter" not in page
    page = client.get("/?q=wiranto&outlet=Kompas.com&from=2016",
                      headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'Tanpa filter Media: Kompas.com, ada <a href="/?q=wiranto&amp;from=2016">1 artikel</a>' \
        in page


def test_an_article_answers_at_its_short_address_and_its_long_one(client):
    from search.article import short_id

    url = "https://megapolitan.kompas.com/read/2020/01/06/13481041/banjir-surut-3106-warga"
    assert len(short_id(url)) == 12 and short_id(url) == short_id(url)
    seed = "002_9cfa0e0d1cdd636e"
    short = client.get(f"/articles/{short_id(seed)}").get_json()
    assert short["id"] == seed == client.get(f"/articles/{seed}").get_json()["id"]


def test_a_persons_page_answers_json_to_curl_and_html_to_browsers(client):
    person = client.get("/actors/Donald Trump").get_json()
    assert (person["name"], person["articles"]) == ("Donald Trump", 3)
    assert person["with"][0] == {"value": "Vladimir Putin", "count": 3, "selected": False}
    assert [outlet["value"] for outlet in person["outlets"]] == ["Kompas.com", "SINDOnews",
                                                                 "Selidiki.com"]
    assert [hit["id"][:3] for hit in person["latest"]] == ["002", "000", "004"]
    assert person["published"]["missing"] == 1
    page = client.get("/actors/donald trump", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "<h1>Donald Trump</h1>" in page.get_data(as_text=True)
    assert "Sering muncul bersama" in page.get_data(as_text=True)
    missing = client.get("/actors/Tidak Ada")
    assert (missing.status_code, missing.get_json()["error"]["code"]) == (404, "not_found")
    page = client.get("/actors/Tidak Ada", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Tidak ada artikel yang menyebut" in page


def test_an_alias_leads_to_the_persons_page(tmp_path):
    index_dir = build_index(tmp_path, [
        article("a", "Ahok", "Basuki Tjahaja Purnama berpidato.", actors=("Basuki Tjahaja Purnama",))])
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    person = client.get("/actors/Ahok").get_json()
    assert person["name"] == "Basuki Tjahaja Purnama"
    assert person["aliases"] == ["Ahok", "BTP"]
