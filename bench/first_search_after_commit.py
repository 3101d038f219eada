"""First search after a small commit: how long the first search takes once `warta index` has
committed a few articles, next to the cold first search and a warm one, on the indosum index
(bench/load_while_indexing.py's base index, copied). Prints a table of milliseconds.

    .venv/bin/python bench/first_search_after_commit.py [--rounds 5] [--added 10]

To compare with another checkout of the library, put its directory first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WARTA_SHARED_DIR", ROOT.parent / "shared"))
INDOSUM = SHARED / "data" / "indosum" / "articles.jsonl"
BASE = ROOT / "bench" / "out" / "load" / "base-index"
OUT = ROOT / "bench" / "out" / "commit"
QUERY = {"q": ["presiden jokowi"]}


def added_articles(round_number: int, count: int):
    from search.ingest import read_articles

    target = OUT / f"added-{round_number}.jsonl"
    with open(INDOSUM, encoding="utf-8") as source, open(target, "w", encoding="utf-8") as out:
        for number, line in zip(range(count), source):
            record = json.loads(line)
            record.pop("url", None)
            record["id"] = f"commit-bench-{round_number}-{number}"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return list(read_articles([target], on_problem=lambda problem: None))


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--added", type=int, default=10, help="articles per commit (10)")
    args = parser.parse_args()
    if not BASE.exists():
        sys.exit(f"no base index at {BASE.relative_to(ROOT)}: run bench/load_while_indexing.py")
    import search
    from search.persons import with_persons
    from search.whoosh_backend.writing import write_articles
    from search.request import SearchRequest
    from search.whoosh_backend.service import WhooshBackend

    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    index_dir = OUT / "index"
    shutil.copytree(BASE, index_dir)
    service = WhooshBackend(index_dir)
    request = SearchRequest.from_params(QUERY)
    cold = timed(lambda: service.search(request))
    warm = statistics.median(timed(lambda: service.search(request)) for _ in range(5))
    after_commit = []
    for round_number in range(args.rounds):
        articles = added_articles(round_number, args.added)
        write_articles(index_dir, articles, enrich=with_persons)
        after_commit.append(timed(lambda: service.search(request)))
    library = Path(search.__file__).resolve().parent.parent
    rows = [
        ("library", "this checkout" if library == ROOT else "another checkout (PYTHONPATH)"),
        ("documents", f"{service.health()['documents']}"),
        ("cold first search", f"{cold:.0f} ms"),
        ("warm search (median of 5)", f"{warm:.0f} ms"),
        (f"first search after a commit of {args.added} (median of {args.rounds})",
         f"{statistics.median(after_commit):.0f} ms"),
        ("  each round", ", ".join(f"{value:.0f}" for value in after_commit) + " ms"),
    ]
    width = max(len(name) for name, _ in rows)
    print("\n".join(f"{name.ljust(width)}  {value}" for name, value in rows))


if __name__ == "__main__":
    main()
