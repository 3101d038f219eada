"""The HTML pages through Flask's test client.

Most tests feed the page a fixed search answer (the JSON shape of DESIGN.md), so they state what
a reader sees for given results; the last ones run the real search over an index of the seeds.
"""

from __future__ import annotations

import copy
import os
import re
import runpy
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from html import unescape
from pathlib import Path
from typing import Any
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.article import Article, short_id
from search.errors import ArticleNotFound
from search.request import SearchRequest
from search.whoosh_backend.snippets import mark_query_words
from web import create_app, pages

WIB = timezone(timedelta(hours=7))
FACET_COUNT = re.compile(r'facet-value">([^<]*)</span>\s*<span class="facet-count">(\d+)<')

ANSWER: dict[str, Any] = {
    "query": {"q": "keamanan siber", "outlet": ["Kompas.com"], "actor": [], "from": None,
              "to": None, "sort": "relevance", "page": 1, "per_page": 10, "collapse": True},
    "total": 23,
    "stories": 23,
    "took_ms": 12,
    "results": [
        {"id": "002_9cfa0e0d1cdd636e", "url": None, "outlet": "Kompas.com",
         "title": "Presiden Putin Ajak AS Buat Kesepakatan Dunia Maya",
         "published": "2020-09-26T08:13:00+07:00",
         "actors": ["Vladimir Putin", "Donald Trump"],
         "snippet": "\u2026 kerja sama <mark>keamanan</mark> <mark>siber</mark> &lt;b&gt; \u2026"},
        {"id": "004_69174ce6b1ba241c", "url": None, "outlet": None,
         "title": "Putin Ucapkan Terima Kasih Ke Trump", "published": None,
         "actors": [], "snippet": "serangan <mark>siber</mark>"},
    ],
    "facets": {
        "outlet": [{"value": "Kompas.com", "count": 1, "selected": True},
                   {"value": "SINDOnews", "count": 3, "selected": False}],
        "actor": [{"value": "Vladimir Putin", "count": 4, "selected": False},
                  {"value": "Donald Trump", "count": 3, "selected": False}],
        "published": {"interval": "year",
                      "buckets": [{"key": "2016", "count": 1}, {"key": "2020", "count": 2}],
                      "missing": 1},
    },
    "suggestion": None,
}


class FakeAnswer:
    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer

    def to_json(self) -> dict[str, Any]:
        return self.answer


class FakeService:
    """Answers every search with one fixed answer and remembers the requests."""

    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer
        self.requests: list[SearchRequest] = []
        self.articles: dict[str, Article] = {}

    def search(self, request: SearchRequest) -> FakeAnswer:
        self.requests.append(request)
        return FakeAnswer(self.answer)

    def article(self, article_id: str) -> Article:
        if article_id not in self.articles:
            raise ArticleNotFound(article_id)
        return self.articles[article_id]

    def highlight(self, text: str, q: str) -> str:
        return mark_query_words(text, q)  # the Whoosh backend's own marking

    def story(self, article: Article) -> list:
        return []  # no copies


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> FakeService:
    fake = FakeService(copy.deepcopy(ANSWER))
    monkeypatch.setattr(pages, "get_service", lambda: fake)
    return fake


@pytest.fixture
def app(tmp_path) -> Flask:
    return create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "no-index")})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def html_of(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def links(html: str) -> dict[str, str]:
    """Visible link text -> href (unescaped), for links whose text is plain."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', html)
    return {unescape(text).strip(): unescape(href) for href, text in found}


def test_the_search_page_passes_the_url_parameters_to_the_search(client, service) -> None:
    html_of(client, "/?q=keamanan+siber&outlet=Kompas.com&outlet=SINDOnews&from=2020&sort=oldest")
    (request,) = service.requests
    assert request.q == "keamanan siber"
    assert request.outlets == ("Kompas.com", "SINDOnews")
    assert (request.date_from, request.date_to, request.sort) == ("2020", None, "oldest")


def test_each_hit_shows_headline_outlet_indonesian_date_actors_and_marked_snippet(
    client, service
) -> None:
    html = html_of(client, "/?q=keamanan+siber&outlet=Kompas.com")
    found = links(html)
    assert found["Presiden Putin Ajak AS Buat Kesepakatan Dunia Maya"] == (  # the short address
        f"/articles/{short_id('002_9cfa0e0d1cdd636e')}?q=keamanan+siber&outlet=Kompas.com"
    )
    assert "Sabtu, 26 September 2020, 08.13 WIB" in html
    assert "Tanpa tanggal" in html
    assert "Media tidak diketahui" in html
    assert "kerja sama <mark>keamanan</mark> <mark>siber</mark> &lt;b&gt;" in html
    assert found["Donald Trump"] == "/actors/Donald%20Trump"  # each name leads to its page


def test_result_count_and_facet_checkboxes_with_counts(client, service) -> None:
    html = html_of(client, "/?q=keamanan+siber&outlet=Kompas.com")
    assert re.search(r"23 artikel untuk <q>keamanan siber</q>", html)
    assert re.search(r'name="outlet"\s+id="outlet-1" value="Kompas.com" checked>', html)
    assert re.search(r'name="outlet"\s+id="outlet-2" value="SINDOnews">', html)
    counts = FACET_COUNT.findall(html)
    assert counts == [("Kompas.com", "1"), ("SINDOnews", "3"), ("Vladimir Putin", "4"),
                      ("Donald Trump", "3")]


def test_every_facet_control_belongs_to_the_one_get_form(client, service) -> None:
    html = html_of(client, "/?q=keamanan+siber")
    assert re.search(r'<form id="search"[^>]*method="get" action="/"', html)
    controls = re.findall(r'<input [^>]*name="(outlet|actor|from|to)"[^>]*>', html)
    assert sorted(set(controls)) == ["actor", "from", "outlet", "to"]
    for tag in re.findall(r'<input [^>]*name="(?:outlet|actor|from|to)"[^>]*>', html):
        assert 'form="search"' in tag


def test_active_filters_are_chips_that_remove_themselves(client, service) -> None:
    html = html_of(client, "/?q=siber&outlet=Kompas.com&actor=Vladimir+Putin&from=2020-10&page=2")
    chips = re.findall(r'<a class="chip" href="([^"]*)" aria-label="([^"]*)"', html)
    assert [(label, unescape(href)) for href, label in chips] == [
        ("Hapus filter Media: Kompas.com", "/?q=siber&actor=Vladimir+Putin&from=2020-10"),
        ("Hapus filter Tokoh: Vladimir Putin", "/?q=siber&outlet=Kompas.com&from=2020-10"),
        ("Hapus filter Dari: Oktober 2020", "/?q=siber&outlet=Kompas.com&actor=Vladimir+Putin"),
    ]
    assert links(html)["Hapus semua filter"] == "/?q=siber"


def test_date_chart_bars_link_to_their_year(client, service) -> None:
    html = html_of(client, "/?q=siber&actor=Vladimir+Putin")
    bars = re.findall(r'<a href="([^"]*)" class="bar[^"]*"\s+aria-label="([^"]*)"', html)
    assert [(unescape(href), label) for href, label in bars] == [
        ("/?q=siber&actor=Vladimir+Putin&from=2016&to=2016", "2016: 1 artikel"),
        ("/?q=siber&actor=Vladimir+Putin&from=2020&to=2020", "2020: 2 artikel"),
    ]
    assert "Tanpa tanggal: 1 artikel" in html


def test_month_bars_are_named_in_indonesian(client, service) -> None:
    service.answer["facets"]["published"] = {
        "interval": "month", "buckets": [{"key": "2020-09", "count": 1}], "missing": 0}
    html = html_of(client, "/?from=2020&to=2020")
    assert 'aria-label="September 2020: 1 artikel"' in html
    assert "from=2020-09&amp;to=2020-09" in html


def test_pagination_links_keep_the_search(client, service) -> None:
    service.answer["query"]["page"] = 2
    html = html_of(client, "/?q=siber&page=2")
    found = links(html)
    assert found["« Sebelumnya"] == "/?q=siber"
    assert found["Berikutnya »"] == "/?q=siber&page=3"
    assert found["3"] == "/?q=siber&page=3"
    assert '<span aria-current="page">2</span>' in html
    assert '<ol class="hits" start="11">' in html


def test_a_partial_answer_says_how_many_hold_every_word(client, service) -> None:
    service.answer.update(full_matches=1, partial=True)
    service.answer["results"][1]["partial"] = True
    html = html_of(client, "/?q=keamanan+siber")
    assert ("1 artikel memuat semua kata pencarian; 22 lainnya memuat sebagian besar kata"
            in html)
    assert html.count("sebagian kata cocok") == 1


def test_zero_hits_offer_the_suggestion_as_a_link(client, service) -> None:
    service.answer.update(total=0, results=[], suggestion="keamanan")
    html = html_of(client, "/?q=keamnan")
    assert "Tidak ada artikel yang cocok." in html
    assert "Mungkin maksud Anda:" in html
    assert links(html)["keamanan"] == "/?q=keamanan"


def test_a_script_in_the_query_is_shown_as_text(client, service) -> None:
    service.answer["query"]["q"] = "<script>alert(1)</script>"
    html = html_of(client, "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert re.findall(r"<script\b[^>]*>", html) == [
        '<script src="/static/warta.js" defer>'
    ]


def test_no_inline_script_or_event_handler_anywhere(client, service) -> None:
    html = html_of(client, "/?q=siber")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert "style=" not in html


def test_a_bad_parameter_is_explained_on_the_page_with_status_400(client, service) -> None:
    html = html_of(client, "/?q=siber&from=2020-13&outlet=Kompas.com", status=400)
    assert "Isian <strong>Dari</strong> tidak dapat dipakai." in html
    # in Indonesian on the page; the JSON API keeps its English message and stable code
    assert ("harus berupa tahun, bulan atau hari (TTTT, TTTT-BB atau TTTT-BB-HH); tertulis "
            "&#39;2020-13&#39;") in html
    assert "expected" not in html
    # The query and the filters survive, so the user fixes the date and searches again.
    assert 'id="q" name="q" type="search" value="siber"' in html
    assert re.search(r'<input type="hidden" form="search" name="outlet" value="Kompas.com">', html)
    assert re.search(r'id="from" name="from"[^>]*value="2020-13"', html)
    assert service.requests == []


def test_a_value_that_is_not_utf8_is_explained_not_searched(client, service) -> None:
    html = html_of(client, "/?q=ker%E9ta", status=400)
    assert "Isian <strong>Cari berita</strong> tidak dapat dipakai." in html
    assert "bukan teks UTF-8 yang sah" in html
    assert service.requests == []


def test_security_headers_forbid_inline_script(client, service) -> None:
    response = client.get("/?q=siber")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    with client.get("/static/warta.css") as asset:
        assert asset.headers["Content-Security-Policy"] == policy


def test_assets_are_local(client, service) -> None:
    html = html_of(client, "/?q=siber")
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []
    for asset in ("/static/warta.js", "/static/warta.css"):
        with client.get(asset) as response:
            assert response.status_code == 200


def seed_article(**changes: Any) -> Article:
    fields: dict[str, Any] = dict(
        id="002_9cfa0e0d1cdd636e",
        title="Presiden Putin Ajak AS Buat Kesepakatan Dunia Maya",
        body="Presiden Rusia Vladimir Putin mengajak AS.\n\nKeamanan siber <penting> bagi dunia.",
        outlet="Kompas.com",
        published=datetime(2020, 9, 26, 8, 13, tzinfo=WIB),
        authors=("Shintaloka Pradita Sicca",),
        place="MOSKWA",
        url="https://www.kompas.com/global/read/2020/09/26/putin",
        actors=("Vladimir Putin", "Donald Trump"),
    )
    fields.update(changes)
    return Article(**fields)


def test_the_article_page_shows_the_whole_article(client, service) -> None:
    service.articles["a1"] = seed_article()
    html = html_of(client, "/articles/a1")
    assert "<h1>Presiden Putin Ajak AS Buat Kesepakatan Dunia Maya</h1>" in html
    for fact in ("Kompas.com", "Sabtu, 26 September 2020, 08.13 WIB", "MOSKWA",
                 "Shintaloka Pradita Sicca"):
        assert f"<dd>{fact}</dd>" in html or f">{fact}</time></dd>" in html
    assert "<p>Presiden Rusia Vladimir Putin mengajak AS.</p>" in html
    assert "<p>Keamanan siber &lt;penting&gt; bagi dunia.</p>" in html
    found = links(html)
    assert found["Baca di situs aslinya"] == "https://www.kompas.com/global/read/2020/09/26/putin"
    assert found["Donald Trump"] == "/actors/Donald%20Trump"
    assert found["← Kembali ke hasil pencarian"] == "/"


def test_the_article_page_marks_the_query_and_leads_back_to_the_same_results(
    client, service
) -> None:
    service.articles["a1"] = seed_article()
    html = html_of(client, "/articles/a1?q=keamanan&outlet=Kompas.com&page=2")
    assert "<p><mark>Keamanan</mark> siber &lt;penting&gt; bagi dunia.</p>" in html
    back = re.search(r'<nav class="back"[^>]*>\s*<a href="([^"]*)"', html)
    assert unescape(back.group(1)) == "/?q=keamanan&outlet=Kompas.com&page=2"
    assert links(html)["Vladimir Putin"] == "/actors/Vladimir%20Putin"  # the person's page


@pytest.mark.parametrize("url", ["javascript:alert(1)", None, "ftp://x"])
def test_only_web_addresses_become_the_original_link(client, service, url) -> None:
    service.articles["a1"] = seed_article(url=url, published=None)
    html = html_of(client, "/articles/a1")
    assert "Baca di situs aslinya" not in html
    assert "Tanpa tanggal" in html


def test_an_unknown_article_is_a_404_page(client, service) -> None:
    html = html_of(client, "/articles/nope?q=x", status=404)
    assert "<h1>Artikel tidak ditemukan</h1>" in html
    assert links(html)["← Kembali ke pencarian"] == "/?q=x"


def test_a_missing_index_is_a_503_page(client) -> None:
    html = html_of(client, "/?q=siber", status=503)
    assert "Indeks belum tersedia" in html


# --- the real search over the seeds ---------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_client(seeds_dir, tmp_path_factory) -> FlaskClient:
    from indexing import build_index, seed_articles

    index_dir = build_index(tmp_path_factory.mktemp("pages-index"), seed_articles(seeds_dir))
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def titles(html: str) -> list[str]:
    return [unescape(title) for title in re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)]


def test_a_browser_asking_for_search_gets_the_page_and_curl_gets_json(seeds_client) -> None:
    html = html_of(seeds_client, "/search?q=wiranto")
    assert titles(html) == [
        "Hadapi Ancaman Cyber, Indonesia-China Jalin Kerja Sama di Bidang Keamanan Cyber"
    ]
    assert seeds_client.get("/search?q=wiranto").json["total"] == 1


def test_the_front_page_lists_every_seed_newest_first_with_facets(seeds_client) -> None:
    html = html_of(seeds_client, "/")
    assert re.search(r"5 artikel\s*<small", html)
    assert [title[:30] for title in titles(html)] == [
        "Putin Mengaku Belum Hilang Har", "Presiden Putin Ajak AS Buat Ke",
        "Bentuk Unit Keamanan Siber, Tr", "Hadapi Ancaman Cyber, Indonesi",
        "Putin Ucapkan Terima Kasih Ke ",
    ]
    assert "Kamis, 15 Desember 2016" in html  # 003 prints a date without a time
    bars = re.findall(r'class="bar[^"]*"\s+aria-label="([^"]*)"', html)
    assert bars == ["2016: 1 artikel", "2017: 1 artikel", "2020: 2 artikel"]
    assert "Tanpa tanggal: 1 artikel" in html


def test_an_outlet_filter_keeps_the_other_outlets_counts(seeds_client) -> None:
    html = html_of(seeds_client, "/?outlet=Kompas.com")
    counts = dict(FACET_COUNT.findall(html))
    assert counts["Kompas.com"] == "1"
    assert counts["SINDOnews"] == "1"
    assert counts["Vladimir Putin"] == "1"
    assert counts["Hillary Clinton"] == "1"
    assert "Dmitry Peskov" not in counts


def test_a_misspelt_query_offers_the_suggestion(seeds_client) -> None:
    html = html_of(seeds_client, "/?q=keamannan+sibr")
    assert "Tidak ada artikel yang cocok." in html
    assert links(html)["keamanan siber"] == "/?q=keamanan+siber"


def test_a_script_query_through_the_real_search_is_text(seeds_client) -> None:
    html = html_of(seeds_client, "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_article_page_marks_stemmed_forms_of_the_query(seeds_client) -> None:
    html = html_of(seeds_client, "/articles/003_ba24a722cf13d261?q=keamanan")
    title = "Hadapi Ancaman Cyber, Indonesia-China Jalin Kerja Sama di Bidang Keamanan Cyber"
    assert f"<h1>{title}</h1>" in html
    assert re.search(r"<dt>Penulis</dt><dd>[^<]*Kristian Erdianto", html)
    assert "<dt>Tempat</dt><dd>JAKARTA</dd>" in html
    assert "<mark>Keamanan</mark>" in html
    assert links(html)["Xie Feng"] == "/actors/Xie%20Feng"


# --- serving ---------------------------------------------------------------------------------

GUNICORN_CONFIG = Path(__file__).resolve().parents[1] / "web" / "gunicorn.conf.py"


def gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in ("WARTA_HOST", "PORT", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONFIG))


def test_gunicorn_defaults_to_loopback_port_8000_two_workers_access_log_on_stdout(
    monkeypatch,
) -> None:
    settings = gunicorn_settings(monkeypatch)
    assert (settings["bind"], settings["workers"]) == ("127.0.0.1:8000", 2)
    assert (settings["accesslog"], settings["reload"]) == ("-", False)


def test_gunicorn_takes_port_and_workers_from_the_environment(monkeypatch) -> None:
    settings = gunicorn_settings(monkeypatch, PORT="5001", WEB_CONCURRENCY="4")
    assert (settings["bind"], settings["workers"]) == ("127.0.0.1:5001", 4)
    assert gunicorn_settings(monkeypatch, WARTA_HOST="0.0.0.0")["bind"] == "0.0.0.0:8000"


def test_the_master_loads_the_language_tables_before_forking_workers(monkeypatch) -> None:
    """Workers inherit the stemmer's dictionary and the actor tables: a first search does not
    load them. The config's hooks run in gunicorn; here with stand-ins."""
    from search.actor_tables import tables
    from search.whoosh_backend.analysis import _sastrawi

    _sastrawi.cache_clear()
    tables.cache_clear()
    settings = gunicorn_settings(monkeypatch)
    settings["when_ready"](SimpleNamespace(LISTENERS=[]))
    assert _sastrawi.cache_info().currsize == 1 and tables.cache_info().currsize == 1
    settings["post_fork"](None, None)  # fixes glibc's mmap threshold; harmless elsewhere
    logged = []
    settings["post_worker_init"](SimpleNamespace(pid=42, log=SimpleNamespace(
        info=lambda message, *args: logged.append(message % args))))
    assert logged == ["Worker siap (pid: 42)"]


def test_an_unknown_backend_is_refused_by_name() -> None:
    from search.backend import prepare_process

    with pytest.raises(ValueError, match="unknown search backend 'lucene'"):
        prepare_process("lucene")


def test_warta_serve_runs_what_the_procfile_runs() -> None:
    from search.cli.serve import gunicorn_command

    procfile = (GUNICORN_CONFIG.parents[1] / "Procfile").read_text().strip()
    assert procfile == 'web: gunicorn --config web/gunicorn.conf.py "web:create_app()"'
    command = gunicorn_command()
    assert command[1:4] == ["-m", "gunicorn", "--config"]
    assert Path(command[4]) == GUNICORN_CONFIG
    assert command[5:] == ["web:create_app()"]


def test_the_app_runs_without_debug(app) -> None:
    assert app.debug is False


def test_warta_serve_starts_gunicorn_and_stops_on_sigterm(tmp_path) -> None:
    warta = Path(sys.executable).with_name("warta")
    log_path = tmp_path / "serve.log"
    env = dict(os.environ, WARTA_INDEX_DIR=str(tmp_path / "index"))
    with open(log_path, "w") as log:
        process = subprocess.Popen([str(warta), "serve", "--port", "0", "--workers", "1"],
                                   stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 30
            while "Worker siap" not in log_path.read_text() and time.monotonic() < deadline:
                assert process.poll() is None, log_path.read_text()
                time.sleep(0.1)
        finally:
            process.terminate()
            assert process.wait(timeout=15) == 0
    output = log_path.read_text()
    assert re.search(r"Warta siap: buka http://127\.0\.0\.1:\d+/ di peramban", output)
    assert "Shutting down: Master" in output


def test_the_results_offer_every_match_as_csv_and_json_with_the_same_filters(service, client):
    page = unescape(client.get("/?q=keamanan+siber&outlet=Kompas.com&page=2",
                               headers={"Accept": "text/html"}).get_data(as_text=True))
    assert '<a href="/search?q=keamanan+siber&outlet=Kompas.com&format=csv" download>CSV</a>' \
        in page
    assert '<a href="/search?q=keamanan+siber&outlet=Kompas.com&format=jsonl" download>JSON</a>' \
        in page


def test_an_unknown_article_is_explained_in_indonesian(client, service) -> None:
    html = html_of(client, "/articles/tidak-ada", status=404)
    assert "Tidak ada artikel dengan id &#39;tidak-ada&#39;." in html
    assert "no article" not in html


def test_an_unknown_address_is_an_indonesian_page_for_browsers_and_json_for_curl(client) -> None:
    page = client.get("/tidak/ada", headers={"Accept": "text/html"})
    assert (page.status_code, page.mimetype) == (404, "text/html")
    assert "Halaman tidak ditemukan" in page.get_data(as_text=True)
    answer = client.get("/tidak/ada")
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (404, "not_found")


def test_every_problem_the_request_can_report_has_an_indonesian_sentence() -> None:
    from search.request import SearchRequest
    from search.errors import InvalidParameter
    from web.messages import problem_in_indonesian

    bad = [{"from": ["2020-13"]}, {"from": ["0999"]}, {"from": ["2020"], "to": ["2019"]},
           {"q": ["x" * 1001]}, {"outlet": [f"v{n}" for n in range(51)]}, {"actor": ["x" * 201]},
           {"page": ["dua"]}, {"per_page": ["500"]}, {"sort": ["acak"]}, {"q": ["a", "b"]},
           {"q": ["!!!"]}, {"q": ["dan yang"]}]
    for params in bad:
        with pytest.raises(InvalidParameter) as raised:
            request = SearchRequest.from_params(params)
            from search.whoosh_backend.query import parse_query
            from search.whoosh_backend.schema import build_schema
            parse_query(request.q, build_schema())
        said = problem_in_indonesian(raised.value.problem)
        assert said != raised.value.problem, raised.value.problem


def test_the_pager_shows_the_last_page_and_how_many_there_are(client, service) -> None:
    service.answer["total"] = service.answer["stories"] = 230
    service.answer["query"]["page"] = 5
    html = html_of(client, "/?q=keamanan+siber&page=5")
    assert "Halaman 5 dari 23" in html
    assert 'aria-label="Halaman terakhir, 23">23</a>' in html
    assert 'aria-label="Halaman 1">1</a>' in html


def test_results_per_page_can_be_chosen(client, service) -> None:
    html = html_of(client, "/?q=keamanan+siber&per_page=50")
    assert re.search(r'<select id="per_page" name="per_page" class="autosubmit">', html)
    assert '<option value="50" selected>50</option>' in html
    assert '<option value="">10</option>' in html


def test_the_form_explains_the_query_language_in_indonesian(client, service) -> None:
    html = html_of(client, "/")
    assert "<summary>Bantuan pencarian</summary>" in html
    for example in ('"dunia maya"', "ronaldo OR messi", "jokowi -prabowo", "title:gempa",
                    'actor:"Sri Mulyani"'):
        assert f"<code>{example}</code>" in html  # written as is in the template


def test_empty_date_inputs_show_a_hint_not_a_date(client, service) -> None:
    html = html_of(client, "/?q=siber")
    assert 'placeholder="TTTT-BB-HH"' in html
    assert 'placeholder="2020' not in html
