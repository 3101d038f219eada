"""Ingestion speed: the IndoSum JSON Lines file, and the seed pages copied to many files.

    .venv/bin/python bench/bench_ingest.py [--repeat 3] [--pages 1000]

Prints one row per input: articles, best wall time over the repeats, articles per second.
Target (issue 2): the IndoSum file in under 10 s.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=int, default=1000)
    options = parser.parse_args()
    indosum = SHARED / "data" / "indosum" / "articles.jsonl"
    rows = [("indosum articles.jsonl", *_best_time([indosum], options.repeat))]
    with tempfile.TemporaryDirectory() as folder:
        pages = _page_copies(Path(folder), options.pages)
        rows.append((f"seed pages x{options.pages} (.txt)", *_best_time([pages], options.repeat)))
    print(f"{'input':<28} {'articles':>9} {'seconds':>9} {'articles/s':>11}")
    for name, count, seconds in rows:
        print(f"{name:<28} {count:>9} {seconds:>9.2f} {count / seconds:>11.0f}")


if __name__ == "__main__":
    main()
