"""Measure quotation extraction: PFSA-ID statements and speakers, and its cost per article.

    .venv/bin/python bench/bench_quotes.py [--shared ../shared] [--repeats 3]

Builds the PFSA-ID development articles with the shared tool (`tools/make_quote_docs.py`) in a
temporary folder, reads them as `warta ingest` does, and scores the quotes with
`tools/check_quotes.py` twice: all statements, and the quotations in marks only (PFSA-ID marks
no statement outside quotation marks, so the checker counts every indirect statement, real or
not, as an error). Then times `find_quotes` alone over the IndoSum bodies, their actors found
beforehand (the extraction's own cost on one core; target <= 0.5 ms per article).
Prints a table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.actors import find_actors  # noqa: E402
from search.ingest import read_articles  # noqa: E402
from search.persons import with_persons  # noqa: E402
from search.quotes import find_quotes  # noqa: E402


def checker_line(tools: Path, truth: Path, output: Path) -> str:
    """The checker's last line: quotes P, R, F1 and the speaker accuracy."""
    done = subprocess.run([sys.executable, str(tools / "check_quotes.py"), str(truth), str(output)],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip().splitlines()[-1]


def score(shared: Path) -> list[tuple[str, str]]:
    tools = shared / "tools"
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "quote-docs"
        subprocess.run([sys.executable, str(tools / "make_quote_docs.py"),
                        str(shared / "data" / "pfsa-id" / "dev-40.txt"), str(docs)],
                       check=True, capture_output=True)
        truth = Path(f"{docs}_truth.jsonl")
        articles = [with_persons(article) for article in read_articles([docs], lambda problem: None)]
        rows = []
        for label, kinds in (("all statements", {"direct", "indirect"}), ("quotations in marks", {"direct"})):
            output = Path(folder) / f"{'-'.join(sorted(kinds))}.jsonl"
            with output.open("w", encoding="utf-8") as out:
                for article in articles:
                    quotes = [q.to_json() for q in article.quotes if q.kind in kinds]
                    out.write(json.dumps({"source": article.source, "quotes": quotes}) + "\n")
            rows.append((label, checker_line(tools, truth, output)))
        indirect = sum(q.kind == "indirect" for a in articles for q in a.quotes)
        rows.append(("indirect statements found", str(indirect)))
    return rows


def cost(indosum: Path, repeats: int) -> tuple[int, float]:
    """Articles and the best CPU seconds of find_quotes over them."""
    bodies = [json.loads(line)["body"] for line in indosum.open(encoding="utf-8")]
    names = [find_actors(body) for body in bodies]
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        for body, found in zip(bodies, names):
            find_quotes(body, found)
        best = min(best, time.process_time() - started)
    return len(bodies), best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"{'PFSA-ID dev-40 (check_quotes.py)':<28}  result")
    for label, line in score(args.shared):
        print(f"{label:<28}  {line}")
    n, seconds = cost(args.shared / "data" / "indosum" / "articles.jsonl", args.repeats)
    print(f"\n{'find_quotes over IndoSum':<28}  {n} articles, {1000 * seconds / n:.3f} ms per article "
          f"(one core, CPU; target <= 0.5)")


if __name__ == "__main__":
    main()
