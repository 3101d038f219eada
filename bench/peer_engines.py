"""The engines bench_scale.py compares, each opened as a search function over the same articles:
ours (Warta's Whoosh backend over the index `warta index` wrote), SQLite FTS5 and tantivy over
IndoSum's text pre-stemmed by our analyzer. A search answers the query with its top 10 and the
three multi-select facets (outlet, actor, year: each counted without its own filter), and returns
the total.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from bench_search import build_sqlite, indosum_articles, sqlite_search, stem_query, stem_text

Search = Callable[[dict[str, list[str]]], int]


def load_engine(engine: str) -> None:
    """Load an engine's code (and, for ours, what gunicorn's master loads before it forks a
    worker: `WhooshBackend.prepare_process`), so that a timed open + first query is the index's
    and not the library's start-up."""
    if engine == "ours":
        from search.whoosh_backend.service import WhooshBackend

        WhooshBackend.prepare_process()
    elif engine == "tantivy":
        import importlib

        importlib.import_module("tantivy")


def open_engine(engine: str, folder: Path, replicas: int) -> Search:
    if engine == "ours":
        from search.request import SearchRequest
        from search.whoosh_backend.service import WhooshBackend

        backend = WhooshBackend(folder / "index")
        return lambda params: backend.search(SearchRequest.from_params(params)).total
    if engine == "fts5":
        db = sqlite3.connect(folder / "fts5.sqlite")
        return lambda params: sqlite_search(db, params)
    return _tantivy_search(folder / "tantivy")


def build_fts5(folder: Path, replicas: int) -> None:
    if not (folder / "fts5.sqlite").exists():
        build_sqlite(folder / "fts5.sqlite", indosum_articles(), replicas)


# --- tantivy ------------------------------------------------------------------------------------


def _schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="whitespace")
    builder.add_text_field("body", tokenizer_name="whitespace")
    builder.add_text_field("outlet", fast=True, tokenizer_name="raw")
    builder.add_text_field("actors", fast=True, tokenizer_name="raw")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("month", indexed=True, fast=True)
    builder.add_integer_field("published", indexed=True, fast=True)
    return builder.build()


def build_tantivy(folder: Path, replicas: int) -> None:
    import tantivy

    target = folder / "tantivy"
    if (target / "meta.json").exists():
        return
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(target))
    writer = index.writer(heap_size=512_000_000, num_threads=2)
    articles = indosum_articles()
    stemmed = [(stem_text(a.title), stem_text(a.body)) for a in articles]
    for replica in range(replicas):
        for article, (title, body) in zip(articles, stemmed, strict=True):
            when = article.published
            fields = {"id": f"r{replica:02d}:{article.id}", "title": title, "body": body,
                      "actors": list(article.actors)}
            if article.outlet:
                fields["outlet"] = article.outlet
            if when:
                fields.update(year=when.year, month=when.year * 100 + when.month,
                              published=int(when.strftime("%Y%m%d%H%M%S")))
            writer.add_document(tantivy.Document(**fields))
    writer.commit()
    writer.wait_merging_threads()


def _tantivy_search(path: Path) -> Search:
    import tantivy

    index = tantivy.Index.open(str(path))
    schema = index.schema
    searcher = index.searcher()
    Occur = tantivy.Occur

    def any_of(field: str, values) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(Occur.Should, tantivy.Query.term_query(schema, field, value)) for value in values])

    def search(params: dict[str, list[str]]) -> int:
        from search.request import SearchRequest

        request = SearchRequest.from_params(params)
        must = {}
        if request.q:
            must["q"] = index.parse_query(_tantivy_syntax(request.q), ["title", "body"],
                                          field_boosts={"title": 2.0},
                                          conjunction_by_default=True)
        if request.outlets:
            must["outlet"] = any_of("outlet", request.outlets)
        if request.actors:
            must["actor"] = any_of("actors", request.actors)
        start, end = request.published_range()
        if start or end:
            must["published"] = tantivy.Query.range_query(
                schema, "published", tantivy.FieldType.Integer,
                int(start.strftime("%Y%m%d%H%M%S")) if start else 0,
                int(end.strftime("%Y%m%d%H%M%S")) if end else 99991231235959, True, False)

        def without(skip: str | None) -> tantivy.Query:
            parts = [(Occur.Must, query) for name, query in must.items() if name != skip]
            return tantivy.Query.boolean_query(parts) if parts else tantivy.Query.all_query()

        query = without(None)
        if request.q and request.sort == "relevance":
            result = searcher.search(query, 10, offset=(request.page - 1) * 10)
        else:
            result = searcher.search(query, 10, offset=(request.page - 1) * 10,
                                     order_by_field="published",
                                     order=tantivy.Order.Asc if request.sort == "oldest"
                                     else tantivy.Order.Desc)
        for _, address in result.hits:
            searcher.doc(address)
        searcher.aggregate(without("outlet"), {"f": {"terms": {"field": "outlet", "size": 50}}})
        searcher.aggregate(without("actor"), {"f": {"terms": {"field": "actors", "size": 20}}})
        searcher.aggregate(without("published"), {"f": {"terms": {"field": "year", "size": 50}}})
        return result.count

    return search


def _tantivy_syntax(q: str) -> str:
    """Our query language, as far as the mix uses it, in tantivy's (stemmed words)."""
    if q.startswith('"'):
        return f'"{stem_query(q)}"'
    if q.startswith("title:"):
        return " AND ".join(f"title:{word}" for word in stem_query(q[6:]).split())
    for ours, theirs in ((" -", " -"), (" NOT ", " -"), (" OR ", " OR ")):
        if ours in q:
            left, right = q.split(ours, 1)
            return f"{stem_query(left)}{theirs}{stem_query(right)}"
    return stem_query(q)
