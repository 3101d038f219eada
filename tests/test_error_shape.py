"""Every error answers with one JSON envelope and a 4xx that names what is wrong; no 5xx."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from indexing import build_index, seed_articles

from web import create_app

FIXTURE_CHECK = HealthCheck.function_scoped_fixture  # the client is shared and stateless
QUERY_PIECES = [*'putin "()-:*?^~[]{}\\/!+&|<>\'', " ", "trump", "actor:", "title:", "outlet:",
                " OR ", " AND ", " NOT ", "OR", "NOT", "-", "keamanan", "\x00", "é", "日本"]

BAD_VALUES = [
    # (url, parameter named in the message)
    ("/search?page=-1", "page"),
    ("/search?page=0", "page"),
    ("/search?page=1.5", "page"),
    ("/search?page=99999999999999999999", "page"),
    ("/search?page=1001", "page"),
    ("/search?per_page=1000", "per_page"),
    ("/search?per_page=0", "per_page"),
    ("/search?per_page=ten", "per_page"),
    ("/search?from=2020-13", "from"),
    ("/search?from=20", "from"),
    ("/search?from=2020-02-30", "from"),
    ("/search?from=0999", "from"),
    ("/search?to=yesterday", "to"),
    ("/search?to=2020-1-5", "to"),
    ("/search?from=2021&to=2020", "to"),
    ("/search?sort=popular", "sort"),
    ("/search?sort=", None),  # empty means the default: accepted
    ("/search?q=" + "a" * 1001, "q"),
    ("/search?q=putin&q=trump", "q"),
    ("/search?q=%22%22", "q"),
    ("/search?q=)(", "q"),
    ("/search?facet_size=0", "facet_size"),
    ("/search?facet_size=100000", "facet_size"),
    ("/search?format=xml", "format"),
    ("/search?outlet=" + "x" * 201, "outlet"),
    ("/search?" + "&".join(f"actor=a{n}" for n in range(51)), "actor"),
    ("/search?qq=putin", "qq"),
    ("/facets/actor?prefix=" + "p" * 101, "prefix"),
    ("/facets/actor?limit=0", "limit"),
    ("/facets/actor?limit=many", "limit"),
    ("/facets/actor?page=2", "page"),
    ("/facets/actor?from=2020-00", "from"),
    ("/articles/x?format=pdf", "format"),
    ("/search?q=ker%E9ta", "q"),  # Latin-1, not UTF-8
    ("/search?outlet=Kompas%FF", "outlet"),
    ("/facets/actor?prefix=%C3%28", "prefix"),
    ("/search?" + "&".join(["outlet=Kompas.com"] * 51), "outlet"),
]


@pytest.fixture(scope="module")
def client(seeds_dir, tmp_path_factory):
    index_dir = build_index(tmp_path_factory.mktemp("seed-index"), seed_articles(seeds_dir))
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def assert_envelope(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert list(body) == ["error"]
    assert list(body["error"]) == ["status", "code", "message"]
    assert body["error"]["status"] == status
    assert "Traceback" not in body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(("url", "param"), BAD_VALUES)
def test_bad_values_of_every_parameter(client, url, param):
    response = client.get(url)
    if param is None:
        assert response.status_code == 200
        return
    error = assert_envelope(response, 400)
    assert error["code"] == "bad_parameter"
    assert error["message"].startswith(f"{param}: ")


def test_design_example_message(client):
    error = assert_envelope(client.get("/search?from=2020-13"), 400)
    assert error["message"] == "from: expected YYYY, YYYY-MM or YYYY-MM-DD, got '2020-13'"


def test_unknown_url_is_a_json_404(client):
    error = assert_envelope(client.get("/no/such/page"), 404)
    assert error["code"] == "not_found"


def test_wrong_method_is_a_json_405_with_allow(client):
    response = client.post("/search")
    error = assert_envelope(response, 405)
    assert error["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_browsers_get_the_same_envelope_for_bad_parameters(client):
    response = client.get("/search?format=xml", headers={"Accept": "text/html"})
    assert assert_envelope(response, 400)["message"].startswith("format: ")


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE_CHECK])
@given(q=st.lists(st.sampled_from(QUERY_PIECES), max_size=12).map("".join))
def test_no_query_string_produces_a_5xx(client, q):
    response = client.get("/search", query_string={"q": q})
    assert response.status_code in (200, 400), (q, response.get_data(as_text=True))
    if response.status_code == 400:
        assert assert_envelope(response, 400)["message"].startswith("q: ")


@settings(max_examples=60, deadline=None, suppress_health_check=[FIXTURE_CHECK])
@given(name=st.sampled_from(["page", "per_page", "from", "to", "sort", "facet_size", "outlet",
                             "actor", "format"]),
       value=st.text(max_size=12))
def test_no_parameter_value_produces_a_5xx(client, name, value):
    response = client.get("/search", query_string={name: value})
    assert response.status_code in (200, 400), (name, value, response.get_data(as_text=True))
    if response.status_code == 400:
        assert assert_envelope(response, 400)["message"].startswith(f"{name}: ")
