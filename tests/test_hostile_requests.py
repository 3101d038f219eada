"""Hostile requests: path tricks, huge and repeated parameters, bytes that are not UTF-8 and HTML in
every parameter. Each gets a clear 4xx in the JSON error envelope (or, for a browser, an HTML page
where nothing is reflected unescaped), never a 5xx and never a stack trace.

Most cases go through Flask's test client over an index of the seeds; the path tricks and the
oversized requests also go to the real app under gunicorn, sent byte for byte as written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from servers import Gunicorn, start_gunicorn
from web import create_app

JSON = {"Accept": "application/json"}
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
)
# What must never appear in an HTML page: the payloads' tags, unescaped.
RAW_TAGS = ("<script>alert", "<img src=x", "<svg onload")
PATH_TRICKS = (
    "/articles/../../etc/passwd",
    "/articles/..%2F..%2Fetc%2Fpasswd",
    "/articles/%2e%2e/%2e%2e/etc/passwd",
    "/articles/%252e%252e%252fetc%252fpasswd",
    "/articles/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/articles/..\\..\\etc\\passwd",
    "/articles/%00",
    "/articles/seed%00.txt",
    "/static/../../etc/passwd",
    "/static/..%2f..%2fpyproject.toml",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/....//....//pyproject.toml",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/warta.css%00.txt",
    "/../../../etc/passwd",
    "/search/../../etc/passwd",
)
SECRETS = ("root:x:0:0", "[build-system]", "root:")
# Percent-encoded bytes that are not UTF-8, per parameter: (query string, parameter named).
NOT_UTF8 = (
    ("q=%FF%FE", "q"),
    ("q=ker%E9ta", "q"),  # Latin-1 e-acute
    ("q=%C3%28", "q"),  # a broken two-byte sequence
    ("q=%ED%A0%80", "q"),  # an encoded surrogate
    ("outlet=Kompas%FF", "outlet"),
    ("actor=Jok%F3", "actor"),
    ("from=2020%80", "from"),
    ("sort=newest%FF", "sort"),
)
SINGLE_PARAMS = ("q", "from", "to", "sort", "page", "per_page", "facet_size", "format")
SINGLE_VALUES = {"q": "putin", "from": "2020", "to": "2020", "sort": "newest", "page": "1",
                 "per_page": "10", "facet_size": "20", "format": "json"}


@pytest.fixture(scope="module")
def client(seed_index: Path) -> FlaskClient:
    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True}).test_client()


@pytest.fixture(scope="module")
def server(seed_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gunicorn]:
    running = start_gunicorn(seed_index, tmp_path_factory.mktemp("gunicorn"))
    try:
        yield running
    finally:
        running.stop()


def assert_error(status: int, content_type: str, body: bytes, expected_status: int,
                 param: str | None = None) -> dict:
    """The answer is the JSON error envelope with this status (naming `param` if given)."""
    assert b"Traceback" not in body
    assert (status, content_type.split(";")[0]) == (expected_status, "application/json"), body[:300]
    envelope = json.loads(body)
    assert list(envelope) == ["error"]
    error = envelope["error"]
    assert sorted(error) == ["code", "message", "status"]
    assert error["status"] == expected_status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if param is not None:
        assert error["message"].startswith(f"{param}: "), error["message"]
    return error


def assert_inert_page(status: int, body: bytes) -> None:
    """An HTML page (any status below 500) with no stack trace and no raw payload tag."""
    text = body.decode("utf-8")
    assert status < 500 and "Traceback" not in text
    for tag in RAW_TAGS:
        assert tag not in text, f"unescaped {tag!r} in the page"


# --- path tricks -------------------------------------------------------------------------------


@pytest.mark.parametrize("target", PATH_TRICKS)
def test_path_tricks_are_not_found_through_the_test_client(client: FlaskClient, target: str) -> None:
    # Werkzeug merges double slashes with a 308 to the same site: following it must end in a 404.
    answer = client.get(target, headers=JSON, follow_redirects=True)
    assert all(step.request.host == "localhost" for step in answer.history)
    assert_error(answer.status_code, answer.content_type, answer.data, 404)
    assert not any(secret.encode() in answer.data for secret in SECRETS)


@pytest.mark.parametrize("target", PATH_TRICKS)
def test_path_tricks_are_not_found_through_gunicorn(server: Gunicorn, target: str) -> None:
    answer = server.get(target)
    if answer.status == 308:  # merged double slashes: a redirect within this site
        location = answer.headers["Location"]
        assert location.startswith((server.base + "/", "/")), location
        answer = server.get(location.removeprefix(server.base))
    assert_error(answer.status, answer.headers["Content-Type"], answer.body, 404)
    assert not any(secret.encode() in answer.body for secret in SECRETS)


@pytest.mark.parametrize("target", PATH_TRICKS)
def test_path_tricks_give_an_inert_page_to_a_browser(client: FlaskClient, target: str) -> None:
    answer = client.get(target, headers=BROWSER, follow_redirects=True)
    assert answer.status_code == 404
    assert_inert_page(answer.status_code, answer.data)


def test_a_real_static_file_is_still_served(server: Gunicorn) -> None:
    answer = server.get("/static/warta.css", headers={"Accept": "*/*"})
    assert answer.status == 200 and answer.headers["Content-Type"].startswith("text/css")


# --- oversized and repeated parameters ---------------------------------------------------------


@pytest.mark.parametrize(("query", "param"), [
    ("q=" + "a" * 100_000, "q"),
    ("q=" + "kata%20" * 15_000, "q"),
    ("outlet=" + "K" * 100_000, "outlet"),
    ("actor=" + "Putin%20" * 12_500, "actor"),
    ("from=" + "2" * 100_000, "from"),
    ("page=" + "9" * 100_000, "page"),
])
def test_a_100_kb_parameter_is_refused_naming_it(client: FlaskClient, query: str, param: str) -> None:
    answer = client.get(f"/search?{query}", headers=JSON)
    error = assert_error(answer.status_code, answer.content_type, answer.data, 400, param)
    assert len(error["message"]) < 500  # the message does not echo the 100 KB back


def test_a_100_kb_prefix_is_refused_naming_it(client: FlaskClient) -> None:
    answer = client.get("/facets/actor?prefix=" + "p" * 100_000, headers=JSON)
    assert_error(answer.status_code, answer.content_type, answer.data, 400, "prefix")


def test_a_query_over_the_old_request_line_limit_gets_the_json_envelope(server: Gunicorn) -> None:
    # 6 KB: past gunicorn's default limit (4,094 bytes), within ours: the app answers, naming q.
    answer = server.get("/search?q=" + "a" * 6_000)
    assert answer.status == 400
    assert json.loads(answer.body)["error"]["message"] == "q: at most 1000 characters, got 6000"


def test_gunicorn_refuses_a_100_kb_request_line_before_the_app(server: Gunicorn) -> None:
    # Past our limit_request_line (8,190 bytes) gunicorn answers before Flask runs: its own 414.
    answer = server.get("/search?q=" + "a" * 100_000)
    assert answer.status == 414
    assert b"Traceback" not in answer.body and b"aaaa" not in answer.body
    assert server.get("/search?q=putin").status == 200  # and the worker serves on


@pytest.mark.parametrize("param", SINGLE_PARAMS)
def test_a_single_parameter_repeated_10000_times_is_refused(client: FlaskClient, param: str) -> None:
    query = "&".join([f"{param}={SINGLE_VALUES[param]}"] * 10_000)
    answer = client.get(f"/search?{query}", headers=JSON)
    error = assert_error(answer.status_code, answer.content_type, answer.data, 400, param)
    assert error["message"] == f"{param}: given 10000 times; give it once"


@pytest.mark.parametrize("param", ["outlet", "actor"])
def test_10000_different_filter_values_are_refused(client: FlaskClient, param: str) -> None:
    query = "&".join(f"{param}=v{number}" for number in range(10_000))
    answer = client.get(f"/search?{query}", headers=JSON)
    error = assert_error(answer.status_code, answer.content_type, answer.data, 400, param)
    assert error["message"] == f"{param}: at most 50 values, got 10000"


@pytest.mark.parametrize("param", ["outlet", "actor"])
def test_one_filter_value_repeated_10000_times_is_refused(client: FlaskClient, param: str) -> None:
    query = "&".join([f"{param}=Kompas.com"] * 10_000)
    answer = client.get(f"/search?{query}", headers=JSON)
    assert_error(answer.status_code, answer.content_type, answer.data, 400, param)


def test_gunicorn_refuses_10000_repeats_before_the_app(server: Gunicorn) -> None:
    answer = server.get("/search?" + "&".join(["outlet=x"] * 10_000))
    assert answer.status == 414 and b"Traceback" not in answer.body


# --- bytes that are not UTF-8 ------------------------------------------------------------------


@pytest.mark.parametrize(("query", "param"), NOT_UTF8)
def test_a_parameter_that_is_not_utf8_is_refused_naming_it(
    client: FlaskClient, query: str, param: str
) -> None:
    answer = client.get(f"/search?{query}", headers=JSON)
    error = assert_error(answer.status_code, answer.content_type, answer.data, 400, param)
    assert "UTF-8" in error["message"]


@pytest.mark.parametrize(("query", "param"), NOT_UTF8)
def test_a_parameter_that_is_not_utf8_gives_a_browser_a_page(
    client: FlaskClient, query: str, param: str
) -> None:
    answer = client.get(f"/search?{query}", headers=BROWSER)
    assert answer.status_code == 400
    assert_inert_page(answer.status_code, answer.data)


def test_a_parameter_name_that_is_not_utf8_is_refused(client: FlaskClient) -> None:
    answer = client.get("/search?%FF%FE=1", headers=JSON)
    error = assert_error(answer.status_code, answer.content_type, answer.data, 400)
    assert "unknown parameter" in error["message"]


def test_an_article_id_that_is_not_utf8_is_not_found(client: FlaskClient) -> None:
    answer = client.get("/articles/%FF%FE", headers=JSON)
    assert_error(answer.status_code, answer.content_type, answer.data, 404)


# --- HTML in every parameter -------------------------------------------------------------------

# (path, parameter, status the JSON API answers with a payload in it)
HTML_CASES = [
    ("/search", "q", 200),
    ("/search", "outlet", 200),
    ("/search", "actor", 200),
    ("/search", "from", 400),
    ("/search", "to", 400),
    ("/search", "sort", 400),
    ("/search", "page", 400),
    ("/search", "per_page", 400),
    ("/search", "facet_size", 400),
    ("/search", "format", 400),
    ("/facets/actor", "prefix", 200),
    ("/facets/actor", "limit", 400),
    ("/facets/actor", "q", 200),
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(("path", "param", "status"), HTML_CASES)
def test_html_in_a_parameter_gets_json_not_markup(
    client: FlaskClient, path: str, param: str, status: int, payload: str
) -> None:
    answer = client.get(path, query_string={param: payload}, headers=JSON)
    assert answer.content_type == "application/json"
    if status == 400:
        assert_error(answer.status_code, answer.content_type, answer.data, 400, param)
    else:
        assert answer.status_code == 200 and b"Traceback" not in answer.data
        if param in ("q", "outlet", "actor") and path == "/search":
            echoed = answer.get_json()["query"][param]
            assert echoed == (payload if param == "q" else [payload])  # data, exactly as sent


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("param", ["q", "outlet", "actor", "from", "to", "sort", "page",
                                   "per_page", "facet_size"])
def test_html_in_a_parameter_is_escaped_in_the_search_page(
    client: FlaskClient, param: str, payload: str
) -> None:
    answer = client.get("/search", query_string={param: payload}, headers=BROWSER)
    assert answer.content_type.startswith("text/html")
    assert answer.status_code == (200 if param in ("q", "outlet", "actor") else 400)
    assert_inert_page(answer.status_code, answer.data)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_in_the_query_is_shown_as_text(client: FlaskClient, payload: str) -> None:
    answer = client.get("/", query_string={"q": payload}, headers=BROWSER)
    assert answer.status_code == 200
    assert_inert_page(answer.status_code, answer.data)
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped.replace('"', "&#34;").replace("'", "&#39;") in answer.data.decode() or \
        escaped in answer.data.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_in_an_unknown_parameter_name(client: FlaskClient, payload: str) -> None:
    answer = client.get("/search", query_string={payload: "1"}, headers=JSON)
    assert_error(answer.status_code, answer.content_type, answer.data, 400)
    page = client.get("/search", query_string={payload: "1"}, headers=BROWSER)
    assert_inert_page(page.status_code, page.data)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_in_an_article_id(client: FlaskClient, payload: str) -> None:
    answer = client.get("/articles/" + payload, headers=JSON)
    error = assert_error(answer.status_code, answer.content_type, answer.data, 404)
    assert error["message"] == f"no article with id {payload!r}"
    page = client.get("/articles/" + payload, headers=BROWSER)
    assert page.status_code == 404
    assert_inert_page(page.status_code, page.data)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_in_the_article_page_query(client: FlaskClient, payload: str) -> None:
    found = client.get("/search?q=putin", headers=JSON).get_json()["results"][0]["id"]
    page = client.get(f"/articles/{found}", query_string={"q": payload, "actor": payload},
                      headers=BROWSER)
    assert page.status_code == 200
    assert_inert_page(page.status_code, page.data)
