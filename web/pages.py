"""The HTML pages: the search page and the article page, for people in a browser.

The whole state of a search lives in the URL (a plain GET form), so a page can be bookmarked and
shared and works with JavaScript off; web/static/warta.js only enhances it.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from werkzeug.exceptions import NotFound

from search.article import Article, short_id
from search.backend import EXPORT_LIMIT
from search.errors import ArticleNotFound, IndexUnavailable, InvalidParameter
from search.facets import FACETS, VALUE_FACETS
from search.request import SearchRequest
from search.response import StoryMember
from web.api import prefers_html, require_utf8
from web.errors import handle_http_error
from web.format import format_count, format_period, format_period_short, format_published
from web.messages import in_indonesian
from web.service import get_service

bp = Blueprint("pages", __name__)

# The parameters that make up a search; everything else in a URL is ignored.
STATE_PARAMS = ("q", *(facet.name for facet in VALUE_FACETS), "actor_op", "from", "to", "sort",
                "per_page", "page")
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# How the form names each parameter, for error messages.
PARAM_LABELS = {
    "q": "Cari berita",
    **{facet.name: facet.label for facet in VALUE_FACETS},
    "from": "Dari",
    "to": "Sampai",
    "sort": "Urutkan",
    "actor_op": "Tokoh terpilih",
    "page": "Halaman",
    "per_page": "Hasil per halaman",
    "facet_size": "Jumlah nilai filter",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class SearchState:
    """The search parameters of the current URL, and the URLs that change one thing in them."""

    def __init__(self, params: dict[str, list[str]]) -> None:
        self.params = {
            name: [value for value in params.get(name, []) if value.strip()]
            for name in STATE_PARAMS
        }

    def value(self, name: str) -> str:
        """The single value of a parameter, or ''."""
        values = self.params[name]
        return values[0] if values else ""

    def values(self, name: str) -> list[str]:
        """Every value of a repeatable parameter."""
        return list(self.params[name])

    def url(self, **changes: str | Iterable[str] | None) -> str:
        """The search page with some parameters replaced (None removes one); back to page 1."""
        params = {name: list(values) for name, values in self.params.items() if name != "page"}
        for name, value in changes.items():
            name = name.rstrip("_")  # from_ -> from
            if value is None:
                params[name] = []
            else:
                params[name] = [value] if isinstance(value, str) else list(value)
        return _with_query(url_for("pages.search_page"), params)

    def toggle(self, name: str, value: str) -> str:
        """The URL with a value of a repeatable filter added, or removed if it was there."""
        values = self.values(name)
        changed = [v for v in values if v != value] if value in values else [*values, value]
        return self.url(**{name: changed})

    def add(self, name: str, value: str) -> str:
        """The URL with a value of a repeatable filter added (unchanged if already there)."""
        values = self.values(name)
        return self.url(**{name: values if value in values else [*values, value]})

    def period(self, key: str) -> str:
        """The URL filtered to one date-facet bucket (a year or a month)."""
        return self.url(from_=key, to=key)

    def page(self, number: int) -> str:
        """The URL of another page of the same results."""
        params = dict(self.params, page=[str(number)] if number > 1 else [])
        return _with_query(url_for("pages.search_page"), params)

    def here(self) -> str:
        """The search page exactly as the URL describes it, page included."""
        return _with_query(url_for("pages.search_page"), self.params)

    def chips(self) -> list[tuple[str, str, str]]:
        """The active filters as (kind, label, URL that removes it), in the order of the form."""
        chips = [
            (facet.label, value, self.toggle(facet.name, value))
            for facet in VALUE_FACETS
            for value in dict.fromkeys(self.values(facet.name))
        ]
        since, until = self.value("from"), self.value("to")
        if since and since == until:  # one year, month or day (a bar of the chart): one chip
            chips.append(("Tanggal", format_period(since), self.url(from_=None, to=None)))
            return chips
        for name, kind in (("from", "Dari"), ("to", "Sampai")):
            if self.value(name):
                chips.append((kind, format_period(self.value(name)), self.url(**{name: None})))
        return chips

    def without_each_filter(self) -> list[tuple[str, str, dict[str, list[str]]]]:
        """Each active filter (a value, or the date range) as (kind, label, the parameters of
        this search without it)."""
        relaxed = []
        for facet in VALUE_FACETS:
            for value in dict.fromkeys(self.values(facet.name)):
                rest = [v for v in self.values(facet.name) if v != value]
                relaxed.append((facet.label, value, {**self.params, facet.name: rest}))
        since, until = self.value("from"), self.value("to")
        if since or until:
            label = " – ".join(format_period(value) for value in (since, until) if value)
            relaxed.append(("Tanggal", label, {**self.params, "from": [], "to": []}))
        return relaxed

    def export_url(self, answer_format: str) -> str:
        """Every match of this search (query and filters, not the page) as a download."""
        params = {name: values for name, values in self.params.items()
                  if name not in ("page", "per_page")}
        return _with_query(url_for("api.search"), {**params, "format": [answer_format]})

    def quotes_url(self, answer_format: str | None = None) -> str:
        """The quotations of this search's articles (the /quotes list), or their download."""
        params = {name: values for name, values in self.params.items() if name not in ("page", "format")}
        if answer_format:
            params["format"] = [answer_format]
        return _with_query(url_for("quotes.quotes"), params)

    def without_filters(self) -> str:
        """The URL with every filter removed, the query kept."""
        return self.url(**{facet.name: None for facet in VALUE_FACETS}, actor_op=None, from_=None,
                        to=None)

    def article_url(self, article_id: str) -> str:
        """The article page, carrying this search so the page can mark its words and lead back."""
        return _with_query(url_for("api.article", article_id=short_id(article_id)), self.params)


def _with_query(path: str, params: dict[str, list[str]]) -> str:
    pairs = [(name, value) for name, values in params.items() for value in values]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def search_page() -> tuple[str, int] | Response:
    """The search form, the results and the facets, for the query in the URL; with `format`
    (csv, jsonl, json) the same search as the API answers it: the page's own URL exports."""
    params = request.args.to_dict(flat=False)
    if any(value.strip() and value != "html" for value in params.get("format", [])):
        return current_app.view_functions["api.search"]()
    state = SearchState(params)
    try:
        require_utf8()  # Werkzeug would hand on undecodable bytes as U+FFFD and search for that
        search = SearchRequest.from_params(params)
        response = get_service().search(search).to_json()
    except (InvalidParameter, IndexUnavailable) as error:
        page = render_template("search.html", state=state, response=None, error=error)
        return page, error.status
    widen = _narrowest_filter(state) if response["total"] == 0 else None
    page = render_template("search.html", state=state, response=response, error=None, widen=widen)
    return page, 200


def _narrowest_filter(state: SearchState) -> tuple[str, str, str, int] | None:
    """For a search that finds nothing: the filter whose removal finds the most, as (kind,
    label, URL without it, how many it then finds); None when no removal finds anything."""
    best = None
    for kind, label, params in state.without_each_filter():
        params = {name: values for name, values in params.items() if name != "page"}
        total = get_service().search(SearchRequest.from_params(params)).total
        if total and (best is None or total > best[3]):
            best = (kind, label, _with_query(url_for("pages.search_page"), params), total)
    return best


bp.add_url_rule("/", "search_page", search_page)


@bp.app_context_processor
def facet_registry() -> dict[str, Any]:
    """Every template sees the registered facets (search.facets.FACETS), in order, and how many
    articles an export holds at most."""
    return {"registered_facets": FACETS, "export_limit": EXPORT_LIMIT}


def article_page(article_id: str) -> tuple[str, int]:
    """One article in full, with the words of the search that led here marked."""
    state = SearchState(request.args.to_dict(flat=False))
    try:
        article = get_service().article(article_id)
    except (ArticleNotFound, IndexUnavailable) as error:
        heading = "Artikel tidak ditemukan" if error.status == 404 else "Indeks belum tersedia"
        page = render_template("error.html", state=state, heading=heading,
                               message=in_indonesian(error))
        return page, error.status
    page = render_template(
        "article.html",
        state=state,
        article=article,
        story=_story(article),
        paragraphs=_marked_paragraphs(article.body, state.value("q")),
        original_url=_web_url(article.url),
    )
    return page, 200


# Reached through the JSON API's /articles/<id> when a browser asks for HTML.
bp.add_url_rule("/_pages/articles/<path:article_id>", "article_page", article_page)


def _story(article: Article) -> list[StoryMember]:
    """Every article of the article's story (itself included), first published first; empty
    when it has no copies."""
    members = get_service().story(article)
    if not members:
        return []
    own = StoryMember(article.id, article.title, article.outlet, article.published,
                      article.syndicated_from)
    return sorted([own, *members], key=lambda m: (m.published is None, m.published or 0, m.id))


def _marked_paragraphs(body: str, q: str) -> list[str]:
    """The body as HTML paragraphs, with the words of the query marked."""
    # A mark never spans a line break, so marking once and then splitting keeps the tags whole.
    marked = get_service().highlight(body, q) if q else escape(body)
    return [paragraph for paragraph in marked.split("\n") if paragraph.strip()]


def _web_url(url: str | None) -> str | None:
    """The URL if it is safe to link to (http or https), else None: no `javascript:` links."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def not_found(error: NotFound) -> Response:
    """An unknown address: an Indonesian page for a browser, the JSON envelope for curl."""
    if not prefers_html():
        return handle_http_error(error)
    state = SearchState({})
    page = render_template("error.html", state=state, heading="Halaman tidak ditemukan",
                           message="Alamat ini tidak ada di Warta. Mulai pencarian dari halaman "
                                   "depan.")
    return Response(page, status=404, mimetype="text/html")


def add_security_headers(response: Response) -> Response:
    """Every answer forbids inline script, framing and MIME sniffing."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Register the pages, their template filters and the app-wide security headers."""
    app.register_blueprint(bp)
    app.register_error_handler(NotFound, not_found)
    app.after_request(add_security_headers)
    app.jinja_env.filters.update(
        published=format_published,
        period=format_period,
        period_short=format_period_short,
        count=format_count,
        indonesian=in_indonesian,
    )
    app.jinja_env.globals["param_labels"] = PARAM_LABELS
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
