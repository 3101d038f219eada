"""`/quotes`: what was said, for the same parameters as /search: every quotation of the matching
articles by the selected speakers (any speaker when none is selected) that holds the query's
words, with its speaker, article, outlet and date. JSON for curl, CSV to download, the HTML list
for browsers.

The articles are read in the search's order, at most `QUOTES_ARTICLES` of them: a researcher
narrows by speaker, words, outlet or date to reach further back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Flask, Response, render_template, request
from markupsafe import escape

from search.backend import SearchBackend
from search.errors import IndexUnavailable, InvalidParameter
from search.request import SearchRequest
from web.api import (BOM, SEARCH_PARAMS, csv_line, prefers_html, reject_unknown, requested_format,
                     require_utf8, vary)
from web.errors import json_response
from web.pages import SearchState
from web.service import get_service

bp = Blueprint("quotes", __name__)
QUOTES_ARTICLES = 1000  # matching articles read for their quotations, at most
FORMATS = ("json", "csv", "html")
CSV_COLUMNS = ("speaker", "text", "kind", "cue", "outlet", "published", "title", "url", "article_id")


@bp.get("/quotes")
def quotes() -> Response | tuple[str, int]:
    """The quotations of the matching articles: JSON, CSV with format=csv, HTML for browsers."""
    params = request.args.to_dict(flat=False)
    answer_format = requested_format(params, FORMATS) or ("html" if prefers_html() else "json")
    if answer_format == "html":
        return _page(params)
    reject_unknown(params, SEARCH_PARAMS)
    require_utf8()
    search = SearchRequest.from_params(params)
    if answer_format == "csv":
        headers = {"Content-Disposition": 'attachment; filename="warta-kutipan.csv"'}
        return Response(_csv_rows(quotations(get_service(), search)), mimetype="text/csv",
                        headers=headers)
    return vary(json_response(_answer(search)))


def _answer(search: SearchRequest) -> dict[str, Any]:
    """One page of quotations, and how many the articles read hold."""
    found = list(quotations(get_service(), search))
    start = (search.page - 1) * search.per_page
    return {"query": search.to_json(), "total": len(found), "articles_read_limit": QUOTES_ARTICLES,
            "quotes": found[start:start + search.per_page]}


def quotations(service: SearchBackend, search: SearchRequest) -> Iterator[dict[str, Any]]:
    """Each quotation asked for, as a JSON-ready record; `text_html` marks the query's words.
    The matching articles are read when the first record is asked for (a CSV streams them)."""
    asked = {name.casefold() for name in search.selected("speaker")}
    hits = service.export(search, QUOTES_ARTICLES)
    try:
        for hit in hits:
            article = hit.article
            for quote in article.quotes:
                if asked and (quote.speaker or "").casefold() not in asked:
                    continue
                marked = service.highlight(quote.text, search.q) if search.q else None
                if marked is not None and "<mark>" not in marked:
                    continue
                yield {"speaker": quote.speaker, "text": quote.text, "text_html": marked,
                       "kind": quote.kind, "cue": quote.cue, "start": quote.start, "end": quote.end,
                       "article_id": article.id, "title": article.title, "url": article.url,
                       "outlet": article.outlet,
                       "published": article.published.isoformat() if article.published else None}
    finally:
        hits.close()


def _csv_rows(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield BOM + csv_line(CSV_COLUMNS)
    for record in records:
        yield csv_line([record[column] for column in CSV_COLUMNS])


def _page(params: dict[str, list[str]]) -> tuple[str, int]:
    state = SearchState(params)
    try:
        require_utf8()
        search = SearchRequest.from_params({k: v for k, v in params.items() if k != "format"})
        answer = _answer(search)
    except (InvalidParameter, IndexUnavailable) as error:
        return render_template("quotes.html", state=state, answer=None, error=error), error.status
    for record in answer["quotes"]:
        record["text_html"] = record["text_html"] or str(escape(record["text"]))
    return render_template("quotes.html", state=state, answer=answer, error=None), 200


def init_app(app: Flask) -> None:
    """Register /quotes."""
    app.register_blueprint(bp)
