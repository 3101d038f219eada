"""Ingestion speed: the IndoSum JSON Lines file, and the seed pages copied to many files.

    .venv/bin/python bench/bench_ingest.py [--repeat 3] [--pages 1000] [--baseline REV]

Prints one row per input: articles, best wall time over the repeats, articles per second. With
`--baseline REV` the same inputs are read by the code at git revision REV too (checked out in a
temporary worktree and run in a child process), in the same run, so the two rows compare on
this noisy machine. Targets: the IndoSum file in under 10 s (issue 2); 500 seed-like pages/s or
more on one core (issue 11).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from search.ingest import read_articles

sys.path.insert(0, str(Path(__file__).resolve().parent))
from baseline import run_at  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WARTA_SHARED_DIR", ROOT.parent / "shared"))


def _best_time(paths: list[Path], repeat: int) -> tuple[int, float]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        problems = []
        start = time.perf_counter()
        count = sum(1 for _ in read_articles(paths, problems.append))
        best = min(best, time.perf_counter() - start)
        if problems:
            sys.exit(f"unexpected problems: {problems[:3]}")
    return count, best


def _page_copies(folder: Path, pages: int) -> Path:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for number in range(pages):
        source = seeds[number % len(seeds)]
        shutil.copyfile(source, folder / f"{number:05d}_{source.name}")
    return folder


def _rows(options: argparse.Namespace) -> list[tuple[str, int, float]]:
    indosum = SHARED / "data" / "indosum" / "articles.jsonl"
    rows = [("indosum articles.jsonl", *_best_time([indosum], options.repeat))]
    with tempfile.TemporaryDirectory() as folder:
        pages = _page_copies(Path(folder), options.pages)
        rows.append((f"seed pages x{options.pages} (.txt)", *_best_time([pages], options.repeat)))
    return rows


def _baseline_rows(revision: str, options: argparse.Namespace) -> list[tuple[str, int, float]]:
    output = run_at(revision, Path(__file__).name, ["--rows-only", "--repeat",
                                                    str(options.repeat), "--pages", str(options.pages)])
    rows = []
    for line in output.splitlines():
        name, count, seconds = line.rsplit("\t", 2)
        rows.append((f"{name} @{revision}", int(count), float(seconds)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--baseline", help="git revision to run side by side")
    parser.add_argument("--rows-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    rows = _rows(options)
    if options.rows_only:  # a baseline child: plain rows for the parent to print
        for name, count, seconds in rows:
            print(f"{name}\t{count}\t{seconds}")
        return
    if options.baseline:
        rows += _baseline_rows(options.baseline, options)
    print(f"{'input':<40} {'articles':>9} {'seconds':>9} {'articles/s':>11}")
    for name, count, seconds in rows:
        print(f"{name:<40} {count:>9} {seconds:>9.2f} {count / seconds:>11.0f}")


if __name__ == "__main__":
    main()
