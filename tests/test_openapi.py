"""The OpenAPI description: valid OpenAPI 3.1, complete, and true to what the API answers."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from indexing import build_index, seed_articles
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from web import create_app

SPEC = json.loads(resources.files("web").joinpath("openapi.json").read_text(encoding="utf-8"))
EXAMPLES = {"q": "putin", "outlet": "Kompas.com", "actor": "Vladimir Putin", "speaker": "Vladimir Putin", "collapse": "false",
            "author": "Kristian Erdianto", "place": "Jakarta", "from": "2020",
            "to": "2020-12-31", "prefix": "put"}


@pytest.fixture(scope="module")
def client(seeds_dir, tmp_path_factory):
    index_dir = build_index(tmp_path_factory.mktemp("seed-index"), seed_articles(seeds_dir))
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def inline_refs(node):
    """The schema with every local $ref replaced by what it points to (no cycles here)."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].removeprefix("#/components/schemas/")
            return inline_refs(SPEC["components"]["schemas"][name])
        return {key: inline_refs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [inline_refs(value) for value in node]
    return node


def response_schema(path: str, status: str = "200") -> dict:
    content = SPEC["paths"][path]["get"]["responses"][status]["content"]
    return inline_refs(content["application/json"]["schema"])


def documented_parameters():
    for path, item in SPEC["paths"].items():
        for parameter in item["get"].get("parameters", []):
            if parameter["in"] == "query":
                yield path, parameter


def example(parameter: dict) -> str:
    schema = parameter["schema"]
    if "anyOf" in schema:  # a number, or empty for the default
        schema = {"default": schema.get("default"), **schema["anyOf"][0]}
    if "enum" in schema:
        return schema["enum"][0]
    if schema["type"] == "integer":
        return str(schema["default"] if schema.get("default") is not None else schema["minimum"])
    return EXAMPLES[parameter["name"]]


def test_the_description_is_valid_openapi_3_1():
    validate(SPEC)
    assert SPEC["openapi"].startswith("3.1")


def test_it_is_served_as_json(client):
    response = client.get("/openapi.json")
    assert response.mimetype == "application/json"
    assert response.get_json() == SPEC


def test_every_api_route_is_documented(client):
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in client.application.url_map.iter_rules()
        if rule.endpoint.startswith(("api.", "people.", "quotes."))
    }
    assert routes == set(SPEC["paths"])


@pytest.mark.parametrize(
    ("path", "parameter"), list(documented_parameters()),
    ids=lambda value: value["name"] if isinstance(value, dict) else value)
def test_every_documented_parameter_is_accepted(client, path, parameter):
    url = path.replace("{article_id}", "no-such-article").replace("{name}", "Vladimir Putin")
    response = client.get(url, query_string={parameter["name"]: example(parameter)},
                          headers={"Accept": "application/json"})
    expected = 404 if "{article_id}" in path else 200
    assert response.status_code == expected, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/search?q=putin&actor=Donald Trump&facet_size=3", "/search"),
        ("/search?q=keamannan", "/search"),
        ("/search?q=putin trump peskov cia", "/search"),
        ("/facets/actor?prefix=v", "/facets/actor"),
        ("/actors/Vladimir Putin", "/actors/{name}"),
        ("/quotes?speaker=Vladimir Putin&q=hubungan", "/quotes"),
        ("/search?q=said:Wiranto china", "/search"),
        ("/healthz", "/healthz"),
    ],
)
def test_answers_match_their_documented_schema(client, url, path):
    OAS31Validator(response_schema(path)).validate(client.get(url).get_json())


def test_article_and_error_answers_match_their_schemas(client):
    seed_id = client.get("/search?per_page=1").get_json()["results"][0]["id"]
    found = client.get(f"/articles/{seed_id}").get_json()
    OAS31Validator(response_schema("/articles/{article_id}")).validate(found)
    error = client.get("/search?page=0").get_json()
    OAS31Validator(response_schema("/search", "400")).validate(error)
