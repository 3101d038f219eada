"""Story grouping on IndoSum x2: every replica pair one story, no two IndoSum articles one.

    .venv/bin/python bench/bench_stories.py [--show 10]

The second replica of each IndoSum article is lightly edited as a syndicated copy is: another
dateline and outlet line in front, one sentence dropped, a "Baca juga" line added. Both
replicas go through `write_articles` (2 workers), and the stories the index gives them are
compared: precision and recall over all pairs of articles (a pair is positive when it is an
article and its copy), then how many stories IndoSum alone forms with more than one article,
with their titles to check by eye. Prints a table.

Its costs are measured by the usual benchmarks against the revision before grouping:
    .venv/bin/python bench/bench_index.py --replicas 2 --variants ours-2 --baseline REV
    .venv/bin/python bench/bench_search.py --baseline REV
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.article import Article  # noqa: E402
from search.whoosh_backend.schema import open_index  # noqa: E402
from search.whoosh_backend.writing import write_articles  # noqa: E402

INDOSUM = ROOT.parent / "shared" / "data" / "indosum" / "articles.jsonl"
COPY = "-salinan"
DATELINES = ["SURABAYA, KOMPAS.com -", "Jakarta, CNN Indonesia --", "BANDUNG, TRIBUNJABAR.ID -",
             "Jakarta (ANTARA) -", "MEDAN, Waspada.id -"]


def edited(body: str, rng: random.Random) -> str:
    """The body as another outlet reprints it: its own dateline, a sentence fewer, a link."""
    paragraphs = [p for p in body.split("\n") if p.strip()]
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if s]
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences))]
    sentences[0] = f"{rng.choice(DATELINES)} {sentences[0]}"
    sentences.insert(min(3, len(sentences)), "Baca juga: Berita Terpopuler Hari Ini")
    return "\n\n".join(sentences)


def articles(rng: random.Random) -> list[Article]:
    rows = [json.loads(line) for line in INDOSUM.open(encoding="utf-8")]
    originals = [Article(id=row["id"], title=row["title"], body=row["body"], outlet=row.get("outlet"))
                 for row in rows]
    copies = [Article(id=a.id + COPY, title=a.title, body=edited(a.body, rng), outlet="Salinan")
              for a in originals]
    return originals + copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=10, help="IndoSum's own groups to print")
    args = parser.parse_args()
    corpus = articles(random.Random(7))
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        write_articles(folder, corpus, rebuild=True, procs=2)
        seconds = time.perf_counter() - started
        with open_index(folder).searcher() as searcher:
            story = {fields["id"]: fields["story"] for fields in searcher.all_stored_fields()}
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, story_id in story.items():
        members[story_id].append(article_id)
    grouped = {pair for ids in members.values() for pair in combinations(sorted(ids), 2)}
    positive = {tuple(sorted((a.id, a.id + COPY))) for a in corpus if not a.id.endswith(COPY)}
    true = len(grouped & positive)
    originals = [ids for ids in members.values() if len({i.removesuffix(COPY) for i in ids}) > 1]
    print(f"{'IndoSum x2, second replica edited':<40}{len(corpus):>10} articles")
    print(f"{'indexed in (2 workers)':<40}{seconds:>10.1f} s")
    print(f"{'stories':<40}{len(members):>10}")
    print(f"{'pairs grouped':<40}{len(grouped):>10}")
    print(f"{'replica pairs (positive)':<40}{len(positive):>10}")
    print(f"{'precision over pairs':<40}{true / len(grouped) if grouped else 1.0:>10.4f}")
    print(f"{'recall over pairs':<40}{true / len(positive):>10.4f}   (target: every pair)")
    print(f"{'stories holding 2+ IndoSum articles':<40}{len(originals):>10}   (target: 0)")
    titles = {a.id: a.title for a in corpus}
    for ids in originals[:args.show]:
        print("  -", " | ".join(titles[i] for i in sorted(ids) if not i.endswith(COPY)))


if __name__ == "__main__":
    main()
