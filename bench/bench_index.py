"""Indexing throughput: the IndoSum articles replicated N times, end to end, against plain Whoosh.

    .venv/bin/python bench/bench_index.py [--replicas 10] [--variants plain,ours-1,ours-2,bare-2] [--baseline REV]

Each variant runs in its own process, so its peak memory (resource.getrusage: the process,
and the largest of its worker processes) is its own:
  plain   Whoosh's StandardAnalyzer into one text field, one process, one commit: the baseline.
  ours-N  `warta index` minus the command line: ingest, actors, analysis and segment writing,
          with N worker processes (1 = everything in one process).
  bare-N  ours-N without the persons step (no actors, no quotations, so no speaker and `said:`
          fields either): what that step costs the indexer, side by side.
Prints one table; the ratio is each variant's time over plain's, and the total peak counts the
process plus N times the largest worker (the workers peak at the same time). Indexes go to a
temporary directory (or --out, e.g. bench/out/, which git ignores). Run on a quiet machine: other
work on the two cores shows up in every figure.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from baseline import run_at  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
INDOSUM = ROOT.parent / "shared" / "data" / "indosum" / "articles.jsonl"


def replicate(source: Path, target: Path, replicas: int) -> int:
    """Write `replicas` copies of each line of `source`, ids and urls made unique; return count."""
    lines = source.read_text(encoding="utf-8").splitlines()
    count = 0
    with open(target, "w", encoding="utf-8") as out:
        for copy in range(replicas):
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record['id']}-{copy}"
                record["url"] = f"{record['url']}?copy={copy}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def run_plain(corpus: Path, index_dir: Path) -> None:
    """The baseline: one text field, Whoosh's StandardAnalyzer, one writer and one commit."""
    from whoosh import fields, index
    from whoosh.analysis import StandardAnalyzer

    index_dir.mkdir(parents=True)
    schema = fields.Schema(id=fields.ID(stored=True, unique=True),
                           text=fields.TEXT(analyzer=StandardAnalyzer()))
    writer = index.create_in(index_dir, schema).writer()
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            writer.add_document(id=record["id"], text=record["title"] + "\n" + record["body"])
    writer.commit()


def run_ours(corpus: Path, index_dir: Path, procs: int, persons: bool = True) -> None:
    """The project's pipeline, as `warta index --jobs procs` runs it (without its persons step
    when not `persons`)."""
    from search.persons import with_persons
    from search.whoosh_backend.writing import write_articles
    from search.ingest import read_articles

    def report(problem) -> None:
        raise SystemExit(f"unexpected problem: {problem}")

    write_articles(index_dir, read_articles([corpus], report),
                   enrich=with_persons if persons else None, procs=procs, rebuild=True)


def measure(variant: str, corpus: Path, index_dir: Path) -> dict[str, float]:
    """Run one variant here and now; its time, index size and peak memory (MB)."""
    started = time.perf_counter()
    if variant == "plain":
        run_plain(corpus, index_dir)
    else:
        kind, procs = variant.split("-")
        run_ours(corpus, index_dir, procs=int(procs), persons=kind == "ours")
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in index_dir.iterdir() if f.is_file())
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "size_mb": size / 1e6, "peak_mb": own, "worker_peak_mb": workers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", type=int, default=10)
    parser.add_argument("--variants", default="plain,ours-2")
    parser.add_argument("--out", type=Path, default=None, help="where indexes go (default: temp)")
    parser.add_argument("--one", nargs=3, metavar=("VARIANT", "CORPUS", "INDEX"),
                        help=argparse.SUPPRESS)  # internal: run one variant, print JSON
    parser.add_argument("--baseline", metavar="REV",
                        help="also run this benchmark as it was at git revision REV")
    args = parser.parse_args()
    if args.one:
        variant, corpus, index_dir = args.one
        print(json.dumps(measure(variant, Path(corpus), Path(index_dir))))
        return

    base = Path(tempfile.mkdtemp(dir=args.out))
    try:
        corpus = base / "corpus.jsonl"
        count = replicate(INDOSUM, corpus, args.replicas)
        results = {variant: _run_apart(variant, corpus, base / variant)
                   for variant in args.variants.split(",")}
    finally:
        shutil.rmtree(base)
    _print_table(count, args.replicas, results)
    if args.baseline:
        print(f"\n--- the same benchmark at {args.baseline} ---")
        print(run_at(args.baseline, Path(__file__).name,
                     ["--replicas", str(args.replicas), "--variants", args.variants]))


def _run_apart(variant: str, corpus: Path, index_dir: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--one", variant, str(corpus), str(index_dir)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def _print_table(count: int, replicas: int, results: dict[str, dict[str, float]]) -> None:
    plain = results.get("plain", {}).get("seconds")
    print(f"IndoSum x{replicas}: {count} articles")
    print(f"{'variant':<8} {'seconds':>8} {'articles/s':>10} {'ratio':>6} {'index MB':>9} "
          f"{'peak MB':>8} {'worker peak MB':>14} {'total peak MB':>13}")
    for variant, r in results.items():
        ratio = f"{r['seconds'] / plain:.2f}" if plain else "-"
        workers = int(variant.split("-")[1]) if variant != "plain" else 0
        total = r["peak_mb"] + (workers if workers > 1 else 0) * r["worker_peak_mb"]
        print(f"{variant:<8} {r['seconds']:>8.1f} {count / r['seconds']:>10.0f} {ratio:>6} "
              f"{r['size_mb']:>9.1f} {r['peak_mb']:>8.0f} {r['worker_peak_mb']:>14.0f} "
              f"{total:>13.0f}")


if __name__ == "__main__":
    main()
