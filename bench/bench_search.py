"""In-process search benchmark: Warta's engine against SQLite FTS5 on the same articles.

The IndoSum articles (../shared/data/indosum/) are replicated 30 times (about 104,000 articles),
indexed once by the real pipeline into bench/out/ and reused while present. A fixed mix of 50
queries runs with all three facets and snippets for the first 10 hits; the same queries run
against SQLite FTS5 over the text stemmed by our analyzer, with facets by GROUP BY (multi-select
too: each facet without its own filter). Prints p50/p95 per query type and our/SQLite ratios.

    .venv/bin/python bench/bench_search.py [--replicas 30] [--rounds 3] [--baseline REV]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.actors import find_actors  # noqa: E402
from search.whoosh_backend.analysis import indonesian_analyzer  # noqa: E402
from search.article import Article  # noqa: E402
from search.whoosh_backend.schema import document_for, open_index  # noqa: E402
from search.ingest import read_articles  # noqa: E402
from search.request import SearchRequest  # noqa: E402
from search.whoosh_backend.service import WhooshBackend  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from baseline import run_at  # noqa: E402
from query_mix import QUERIES  # noqa: E402

OUT = ROOT / "bench" / "out"
INDOSUM = ROOT.parent / "shared" / "data" / "indosum" / "articles.jsonl"

def indosum_articles() -> list[Article]:
    """The IndoSum articles with their actors, as `warta` ingests them."""
    articles = read_articles([INDOSUM], on_problem=lambda problem: None)
    return [dataclasses.replace(a, actors=find_actors(a.body)) for a in articles]


def replicated(articles: list[Article], replicas: int) -> Iterator[Article]:
    """Each article `replicas` times under distinct ids."""
    for replica in range(replicas):
        for article in articles:
            yield dataclasses.replace(article, id=f"r{replica:02d}:{article.id}")


def build_whoosh(index_dir: Path, articles: list[Article], replicas: int) -> float:
    """The index's own documents (search.whoosh_backend.schema.document_for) in one segment.

    Replicas repeat the same texts, so each distinct field value is analyzed once and its
    postings replayed for the other replicas: the benchmark measures queries, and analyzing
    100,000 articles on two shared cores would take an hour. The corpus-wide actor resolution
    pass of `warta index` is left out for the same reason."""
    started = time.perf_counter()
    shutil.rmtree(index_dir, ignore_errors=True)
    ix = open_index(index_dir, create=True)
    writer = ix.writer(limitmb=512)
    fields = [writer.schema[name] for name in ("title", "title_exact", "body", "body_exact")]
    for field in fields:
        _memoize_postings(field)
    for article in replicated(articles, replicas):
        writer.add_document(**document_for(article))
    for field in fields:
        del field.index  # the schema is pickled into the index at commit
    writer.commit()
    return time.perf_counter() - started


def _memoize_postings(field) -> None:
    """Cache a field's `index(value)` (its analyzed postings) by value, on this instance."""
    analyze = field.index
    cache: dict[str, list] = {}

    def index(value, **kwargs):
        if kwargs or not isinstance(value, str):
            return analyze(value, **kwargs)
        if value not in cache:
            cache[value] = list(analyze(value))
        return iter(cache[value])

    field.index = index


def build_sqlite(db_path: Path, articles: list[Article], replicas: int) -> float:
    """FTS5 over the stemmed title and body, plus plain tables for the facets."""
    started = time.perf_counter()
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    db.executescript("""
        CREATE TABLE articles(docid INTEGER PRIMARY KEY, id TEXT, title TEXT, outlet TEXT,
                              published TEXT, year INTEGER, month INTEGER);
        CREATE TABLE actors(docid INTEGER, actor TEXT);
        CREATE VIRTUAL TABLE texts USING fts5(title, body, tokenize='unicode61');
    """)
    stemmed = [(stem_text(a.title), stem_text(a.body)) for a in articles]
    docid = 0
    for replica in range(replicas):
        for article, (title, body) in zip(articles, stemmed):
            docid += 1
            when = article.published
            db.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?)", (
                docid, f"r{replica:02d}:{article.id}", article.title, article.outlet,
                when.replace(tzinfo=None).isoformat() if when else None,
                when.year if when else None, when.year * 100 + when.month if when else None))
            db.executemany("INSERT INTO actors VALUES (?,?)",
                           [(docid, actor) for actor in article.actors])
            db.execute("INSERT INTO texts(rowid, title, body) VALUES (?,?,?)",
                       (docid, title, body))
    db.executescript("""
        CREATE INDEX actors_docid ON actors(docid); CREATE INDEX actors_actor ON actors(actor);
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE INDEX articles_published ON articles(published);
    """)
    db.commit()
    db.close()
    return time.perf_counter() - started


def stem_text(text: str) -> str:
    return " ".join(token.text for token in indonesian_analyzer()(text))


def stem_query(q: str) -> str:
    analyzer = indonesian_analyzer()
    return " ".join(token.text for token in analyzer(q, mode="query"))


# --- SQLite side -----------------------------------------------------------------------------


def fts_match(q: str) -> str | None:
    """Our query language, as far as these queries use it, in FTS5 syntax."""
    if not q:
        return None
    if q.startswith('"'):
        return f'"{stem_query(q)}"'
    if q.startswith("title:"):
        return f"title : {stem_query(q[6:])}"
    for ours, theirs in ((" -", " NOT "), (" NOT ", " NOT "), (" OR ", " OR ")):
        if ours in q:
            left, right = q.split(ours, 1)
            return f"{stem_query(left)} {theirs.strip()} {stem_query(right)}"
    return " AND ".join(stem_query(q).split())


def sqlite_search(db: sqlite3.Connection, params: dict[str, list[str]]) -> int:
    """Top 10 by bm25 (or date) and the three multi-select facets; returns the total."""
    request = SearchRequest.from_params(params)
    match = fts_match(request.q)
    filters = _sql_filters(request)

    def where(skip: str | None) -> tuple[str, list]:
        clauses, args = [], []
        if match:
            clauses.append("a.docid IN (SELECT rowid FROM texts WHERE texts MATCH ?)")
            args.append(match)
        for name, (clause, values) in filters.items():
            if name != skip:
                clauses.append(clause)
                args += values
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    sql, args = where(None)
    total = db.execute(f"SELECT count(*) FROM articles a{sql}", args).fetchone()[0]
    start = (request.page - 1) * request.per_page
    if match and request.sort == "relevance":
        rest = sql.replace("a.docid IN (SELECT rowid FROM texts WHERE texts MATCH ?)",
                           "texts MATCH ?")
        db.execute(f"SELECT a.id, a.title FROM texts JOIN articles a ON a.docid = texts.rowid"
                   f"{rest} ORDER BY bm25(texts, 2.0, 1.0) LIMIT 10 OFFSET {start}", args).fetchall()
    else:
        order = "DESC" if request.sort != "oldest" else "ASC"
        db.execute(f"SELECT a.id, a.title FROM articles a{sql} ORDER BY a.published IS NULL, "
                   f"a.published {order} LIMIT 10 OFFSET {start}", args).fetchall()
    sql, args = where("outlet")
    db.execute(f"SELECT outlet, count(*) FROM articles a{sql} GROUP BY outlet", args).fetchall()
    sql, args = where("actor")
    db.execute(f"SELECT actor, count(*) AS n FROM actors JOIN articles a USING(docid){sql} "
               f"GROUP BY actor ORDER BY n DESC LIMIT 20", args).fetchall()
    sql, args = where("published")
    db.execute(f"SELECT year, count(*) FROM articles a{sql} GROUP BY year", args).fetchall()
    return total


def _sql_filters(request: SearchRequest) -> dict[str, tuple[str, list]]:
    filters: dict[str, tuple[str, list]] = {}
    if request.outlets:
        marks = ",".join("?" * len(request.outlets))
        filters["outlet"] = (f"a.outlet IN ({marks})", list(request.outlets))
    if request.actors:
        marks = ",".join("?" * len(request.actors))
        filters["actor"] = (
            f"a.docid IN (SELECT docid FROM actors WHERE actor IN ({marks}))",
            list(request.actors))
    start, end = request.published_range()
    if start or end:
        filters["published"] = ("a.published >= ? AND a.published < ?", [
            (start.isoformat() if start else "0000"), (end.isoformat() if end else "9999")])
    return filters


# --- timing ----------------------------------------------------------------------------------


def timed(run, rounds: int) -> tuple[float, list[float]]:
    """Milliseconds of a first (cold) run, then of each of `rounds` runs."""
    started = time.perf_counter()
    run()
    cold = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return cold, times


def percentile(values: Iterable[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each query")
    parser.add_argument("--rebuild", action="store_true", help="index again even if present")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--baseline", metavar="REV",
                        help="also run this benchmark as it was at git revision REV")
    args = parser.parse_args()

    index_dir = OUT / f"index-x{args.replicas}"
    db_path = OUT / f"fts-x{args.replicas}.sqlite"
    OUT.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not (index_dir / "built.json").exists() or not db_path.exists():
        started = time.perf_counter()
        articles = indosum_articles()
        print(f"ingested {len(articles)} articles with actors in {time.perf_counter() - started:.0f} s")
        whoosh_s = build_whoosh(index_dir, articles, args.replicas)
        print(f"whoosh: {len(articles) * args.replicas} articles in {whoosh_s:.0f} s "
              f"({len(articles) * args.replicas / whoosh_s:.0f}/s)")
        sqlite_s = build_sqlite(db_path, articles, args.replicas)
        print(f"sqlite fts5: {sqlite_s:.0f} s")
        (index_dir / "built.json").write_text(json.dumps(
            {"articles": len(articles) * args.replicas, "whoosh_s": whoosh_s, "sqlite_s": sqlite_s}))
    if args.build_only:
        return
    run_queries(index_dir, db_path, args.rounds)
    if args.baseline:
        print(f"\n--- the same benchmark at {args.baseline} (its own index, built now) ---")
        print(run_at(args.baseline, Path(__file__).name,
                     ["--replicas", str(args.replicas), "--rounds", str(args.rounds)]))


def run_queries(index_dir: Path, db_path: Path, rounds: int) -> None:
    service = WhooshBackend(index_dir)
    started = time.perf_counter()
    first = service.search(SearchRequest.from_params({}))
    print(f"{first.total} articles; first search (builds the facet columns) "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    db = sqlite3.connect(db_path)
    ours: dict[str, list[float]] = {}
    theirs: dict[str, list[float]] = {}
    cold: list[float] = []
    print(f"\n{'query':<48} {'ours ms':>8} {'fts5 ms':>8} {'total':>7} {'fts5 n':>7}  "
          "(medians of the timed runs)")
    for kind, params in QUERIES:
        request = SearchRequest.from_params(params)
        our_cold, our_times = timed(lambda: service.search(request), rounds)
        _, their_times = timed(lambda: sqlite_search(db, params), rounds)
        cold.append(our_cold)
        ours.setdefault(kind, []).extend(our_times)
        theirs.setdefault(kind, []).extend(their_times)
        label = " ".join(f"{k}={','.join(v)}" for k, v in params.items())[:48] or "(all)"
        print(f"{label:<48} {statistics.median(our_times):>8.1f} "
              f"{statistics.median(their_times):>8.1f} {service.search(request).total:>7} "
              f"{sqlite_search(db, params):>7}")
    print(f"\n{'type':<14} {'n':>3} {'p50':>7} {'p95':>7} {'fts5 p50':>9} {'fts5 p95':>9} {'ratio p50':>10}")
    for kind in ours:
        ratio = percentile(ours[kind], 0.5) / percentile(theirs[kind], 0.5)
        print(f"{kind:<14} {len(ours[kind]):>3} {percentile(ours[kind], 0.5):>7.1f} "
              f"{percentile(ours[kind], 0.95):>7.1f} {percentile(theirs[kind], 0.5):>9.1f} "
              f"{percentile(theirs[kind], 0.95):>9.1f} {ratio:>10.2f}")
    every, every_fts = sum(ours.values(), []), sum(theirs.values(), [])
    print(f"{'all':<14} {len(every):>3} {percentile(every, 0.5):>7.1f} "
          f"{percentile(every, 0.95):>7.1f} {percentile(every_fts, 0.5):>9.1f} "
          f"{percentile(every_fts, 0.95):>9.1f} "
          f"{percentile(every, 0.5) / percentile(every_fts, 0.5):>10.2f}")
    print(f"\nours, first run of each query in this process (postings not yet cached): "
          f"p50 {percentile(cold, 0.5):.1f} ms, p95 {percentile(cold, 0.95):.1f} ms")
    print("targets: p50 <= 50 ms, p95 <= 200 ms (ours, all queries)")


if __name__ == "__main__":
    main()
