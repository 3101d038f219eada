"""The JSON API: GET /search, /articles/<id>, /facets/actor, /healthz and /openapi.json.

curl (Accept: */*) and `Accept: application/json` get JSON; a browser, which prefers text/html,
is handed to the HTML pages when they are registered.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from html import unescape
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl

from flask import Blueprint, Flask, Response, current_app, request

from search.errors import InvalidParameter
from search.facets import VALUE_FACETS
from search.request import SearchRequest, int_param, single_param
from search.response import Hit, HitStream
from web import errors
from web import service as web_service
from web.errors import json_response

bp = Blueprint("api", __name__)

SEARCH_PARAMS = frozenset(
    {"q", *(facet.name for facet in VALUE_FACETS), "actor_op", "collapse", "from", "to", "sort", "page",
     "per_page", "facet_size", "format"}
)
FACET_PARAMS = (SEARCH_PARAMS - {"sort", "page", "per_page", "facet_size", "format"}) | {
    "prefix",
    "limit",
}
FORMATS = ("json", "csv", "jsonl", "html")
EXPORTS = ("csv", "jsonl")  # every match (up to the export limit), not one page
CSV_COLUMNS = ("id", "url", "outlet", "published", "title", "authors", "place", "actors",
               "snippet", "story", "copies")
ACTOR_SEPARATOR = "; "
BOM = "\ufeff"  # so that Excel reads the CSV as UTF-8
_MARKS = re.compile(r"</?mark>")


@bp.get("/search")
def search() -> Response:
    """Search results with facets: JSON, CSV on format=csv, the HTML page for browsers."""
    params = request.args.to_dict(flat=False)
    answer_format = requested_format(params)
    page = _html_view("pages.search_page", answer_format)
    if page is not None:
        return vary(current_app.make_response(page()))
    reject_unknown(params, SEARCH_PARAMS)
    require_utf8()
    search_request = SearchRequest.from_params(params)
    service = web_service.get_service()
    if answer_format in EXPORTS:
        return _export_response(service.export(search_request), answer_format)
    return vary(json_response(service.search(search_request).to_json()))


@bp.get("/articles/<path:article_id>")
def article(article_id: str) -> Response:
    """One article as JSON (clean body, metadata, actors, quotes, the other articles of its
    story); the article page for browsers."""
    answer_format = requested_format(request.args.to_dict(flat=False))
    page = _html_view("pages.article_page", answer_format)
    if page is not None:
        return vary(current_app.make_response(page(article_id=article_id)))
    service = web_service.get_service()
    found = service.article(article_id)
    copies = [member.to_json() for member in service.story(found)]
    return vary(json_response({**found.to_json(), "copies": copies}))


@bp.get("/facets/actor")
def actor_facet() -> Response:
    """Actors matching a type-ahead prefix, counted under the same filters as /search."""
    params = request.args.to_dict(flat=False)
    reject_unknown(params, FACET_PARAMS)
    require_utf8()
    prefix = single_param(params, "prefix")
    limit = int_param(params, "limit", 10, 1, 100)
    search_request = SearchRequest.from_params(params)
    values = web_service.get_service().actor_suggestions(prefix, search_request, limit)
    return json_response({"facet": "actor", "prefix": prefix, "values": values})


@bp.get("/healthz")
def healthz() -> Response:
    """Document count and last commit time; 503 (error envelope) when the index is unusable."""
    return json_response(web_service.get_service().health())


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    text = resources.files("web").joinpath("openapi.json").read_text(encoding="utf-8")
    return Response(text, mimetype="application/json")


def requested_format(params: Mapping[str, Sequence[str]], formats: Sequence[str] = FORMATS) -> str | None:
    """The `format` parameter, one of `formats`, or None when not given; a 400 naming it else."""
    answer_format = single_param(params, "format")
    if answer_format and answer_format not in formats:
        expected = ", ".join(formats)
        raise InvalidParameter("format", f"expected one of {expected}, got {answer_format[:40]!r}")
    return answer_format or None


def _html_view(endpoint: str, answer_format: str | None):
    """The page's view function when the client wants HTML and the pages are registered."""
    if answer_format in ("json", *EXPORTS):
        return None
    if answer_format is None and not prefers_html():
        return None
    return current_app.view_functions.get(endpoint)


def prefers_html() -> bool:
    """Whether the client ranks HTML above JSON (a browser, not curl)."""
    # curl sends */*, which ranks both equally: JSON wins ties. Browsers rank text/html first.
    accept = request.accept_mimetypes
    return accept["text/html"] > accept["application/json"]


def vary(response: Response) -> Response:
    """The response marked as depending on the Accept header (JSON or HTML)."""
    response.vary.add("Accept")
    return response


def reject_unknown(params: Mapping[str, Sequence[str]], known: frozenset[str]) -> None:
    """Raise InvalidParameter naming the first parameter that is not one of `known`."""
    for name in params:
        if name not in known:
            names = ", ".join(sorted(known))
            raise InvalidParameter(name[:40], f"unknown parameter; expected one of {names}")


def require_utf8() -> None:
    """Refuse a value whose percent-encoded bytes are not UTF-8 (Werkzeug would keep them as
    literal `%FF` text and search for that)."""
    pairs = parse_qsl(request.query_string.decode("latin-1"), keep_blank_values=True,
                      encoding="latin-1")
    for name, value in pairs:
        try:
            value.encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            param = name.encode("latin-1").decode("utf-8", errors="replace")
            raise InvalidParameter(param[:40], "is not valid UTF-8 text") from None


def _export_response(hits: HitStream, answer_format: str) -> Response:
    rows = _csv_rows(hits) if answer_format == "csv" else _jsonl_rows(hits)
    mimetype = "text/csv" if answer_format == "csv" else "application/x-ndjson"
    headers = {"Content-Disposition": f'attachment; filename="warta-search.{answer_format}"'}
    return Response(rows, mimetype=mimetype, headers=headers)


def _export_record(hit: Hit) -> dict[str, Any]:
    """One exported article: its listing fields, authors, place and plain-text passage, its
    story and how many other matches the story has."""
    article = hit.article
    record = {**hit.to_json(), "authors": list(article.authors), "place": article.place}
    record["snippet"] = unescape(_MARKS.sub("", hit.snippet))
    del record["partial"]
    return record


def _csv_rows(hits: HitStream) -> Iterator[str]:
    """The header, then one line per article; the searcher is released however it ends."""
    try:
        yield BOM + csv_line(CSV_COLUMNS)
        for hit in hits:
            record = _export_record(hit)
            record["authors"] = ACTOR_SEPARATOR.join(record["authors"])
            record["actors"] = ACTOR_SEPARATOR.join(record["actors"])
            yield csv_line([record[column] for column in CSV_COLUMNS])
    finally:
        hits.close()


def _jsonl_rows(hits: HitStream) -> Iterator[str]:
    """One JSON object per article; the searcher is released however it ends."""
    try:
        for hit in hits:
            yield json.dumps(_export_record(hit), ensure_ascii=False) + "\n"
    finally:
        hits.close()


def csv_line(cells: Sequence[str | int | None]) -> str:
    """One CSV line; None is an empty cell."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_spreadsheet_safe("" if cell is None else str(cell)) for cell in cells])
    return buffer.getvalue()


def _spreadsheet_safe(cell: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets: quote it as text.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def init_app(app: Flask) -> None:
    """Register the API, the error envelope and the search service on the app."""
    app.register_blueprint(bp)
    errors.init_app(app)
    web_service.init_app(app)
