"""A person's page: `/actors/<name>`, as HTML for a browser and JSON for curl.

Everything on it is one of the backend's searches for the person: how many articles name them
over time, who appears with them most (the actor facet counted within their articles, as
`actor_op=and` does), the outlets that name them, and their latest articles; their aliases come
from the reviewed alias table. An alias finds the person (`/actors/Ahok`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, render_template, request

from search.actor_tables import tables
from search.errors import ActorNotFound
from search.request import SearchRequest
from search.response import SearchResponse
from web.api import prefers_html, reject_unknown, requested_format, vary
from web.errors import json_response
from web.messages import in_indonesian
from web.pages import SearchState
from web.service import get_service

bp = Blueprint("people", __name__)
TOP = 10  # persons, outlets and articles listed
PARAMS = frozenset({"format"})
FORMATS = ("json", "html")


def person_name(name: str) -> str:
    """The full name an alias stands for (`Ahok` -> `Basuki Tjahaja Purnama`), else `name`."""
    folded = {alias.casefold(): full for alias, full in tables().aliases.items()}
    return folded.get(name.strip().casefold(), " ".join(name.split()))


def aliases_of(name: str) -> list[str]:
    """The reviewed aliases of a full name."""
    return sorted(alias for alias, full in tables().aliases.items() if full == name)


def _person(name: str) -> tuple[str, SearchResponse]:
    wanted = person_name(name)
    params = {"actor": [wanted], "actor_op": ["and"], "sort": ["newest"],
              "per_page": [str(TOP)], "facet_size": [str(TOP + 1)]}
    answer = get_service().search(SearchRequest.from_params(params))
    if answer.total == 0:
        raise ActorNotFound(name)
    selected = [value.value for value in answer.facets.values["actor"] if value.selected]
    return (selected[0] if selected else wanted), answer


def person_json(name: str, answer: SearchResponse) -> dict[str, Any]:
    """The person's page as JSON."""
    facets = answer.facets.to_json()
    return {
        "name": name,
        "aliases": aliases_of(name),
        "articles": answer.total,
        "published": facets["published"],
        "with": [value for value in facets["actor"] if value["value"] != name][:TOP],
        "outlets": facets["outlet"][:TOP],
        "latest": [hit.to_json() for hit in answer.hits],
    }


@bp.get("/actors/<path:name>")
def person(name: str) -> Response:
    """Who a person is in the news: counts over time, companions, outlets, latest articles."""
    params = request.args.to_dict(flat=False)
    reject_unknown(params, PARAMS)
    answer_format = requested_format(params, FORMATS)
    as_html = answer_format == "html" or (answer_format != "json" and prefers_html())
    try:
        found, answer = _person(name)
    except ActorNotFound as error:
        if not as_html:
            raise
        page = render_template("error.html", state=SearchState({}), heading="Tokoh tidak ditemukan",
                               message=in_indonesian(error))
        return Response(page, status=404, mimetype="text/html")
    data = person_json(found, answer)
    if not as_html:
        response = json_response(data)
    else:
        state = SearchState({"actor": [found]})
        response = Response(render_template("actor.html", person=data, state=state),
                            mimetype="text/html")
    return vary(response)


def init_app(app: Flask) -> None:
    """Register the person pages."""
    app.register_blueprint(bp)
