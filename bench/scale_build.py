"""The indexes bench_scale.py measures: IndoSum replicated N times (ids and URLs made unique),
plus one article of 10 MB, through `warta index` as a user runs it; and the same articles in
plain Whoosh (its default analyzer, id, title and body stored) for the disk comparison.

    .venv/bin/python bench/scale_build.py --replicas 10 [--plain]

Each build writes bench/out/scale-xN/ and a build.json beside it with its time and exit status,
which bench_scale.py prints (a build is reused while present: building x30 takes minutes).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from bench_index import INDOSUM, replicate  # noqa: E402
from servers import warta_command  # noqa: E402

OUT = ROOT / "bench" / "out"
BIG_ARTICLE_ID = "scale-big-article"
BIG_ARTICLE_BYTES = 10 * 1024 * 1024
# Said of the big article's only distinctive words, so a query finds it
BIG_ARTICLE_WORDS = "ekskavator raksasa"


def folder(replicas: int) -> Path:
    return OUT / f"scale-x{replicas}"


def index_dir(replicas: int) -> Path:
    return folder(replicas) / "index"


def plain_dir(replicas: int) -> Path:
    return folder(replicas) / "plain"


def build(replicas: int, rebuild: bool = False) -> dict:
    """Build (or reuse) the index of IndoSum x `replicas` plus the big article; its build record."""
    record_path = folder(replicas) / "build.json"
    if record_path.exists() and not rebuild:
        return json.loads(record_path.read_text())
    # The articles and the peers' indexes stay: only Warta's index is built again.
    shutil.rmtree(index_dir(replicas), ignore_errors=True)
    inbox = folder(replicas) / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    count = replicate(INDOSUM, inbox / "indosum.jsonl", replicas)
    count += write_big_article(inbox / "big.jsonl")
    started = time.perf_counter()
    done = subprocess.run(warta_command("index", str(inbox), "--index", str(index_dir(replicas)),
                                        "--rebuild"), cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    record = {"articles": count, "seconds": seconds, "status": done.returncode,
              "stderr": done.stderr[-2000:]}
    record_path.write_text(json.dumps(record))
    return record


def write_big_article(target: Path) -> int:
    """One article of 10 MB: a long report whose words are everywhere in IndoSum."""
    paragraph = ("Pemerintah daerah menyampaikan laporan tentang pembangunan jalan dan jembatan "
                 "yang dikerjakan sepanjang tahun ini oleh kontraktor dengan " + BIG_ARTICLE_WORDS +
                 " di beberapa kecamatan. ")
    body = "\n\n".join([paragraph] * (BIG_ARTICLE_BYTES // len(paragraph)))
    record = {"id": BIG_ARTICLE_ID, "title": "Laporan pembangunan jalan sepanjang tahun",
              "outlet": "Warta Uji", "published": "2020-01-02T08:00:00+07:00", "body": body}
    target.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1


def build_plain(replicas: int) -> dict:
    """The same articles in plain Whoosh: StandardAnalyzer, id, title and body stored, one
    writer with Whoosh's own multiprocessing (2 processes)."""
    record_path = folder(replicas) / "plain.json"
    if record_path.exists():
        return json.loads(record_path.read_text())
    from whoosh import fields, index
    from whoosh.analysis import StandardAnalyzer

    target = plain_dir(replicas)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    schema = fields.Schema(id=fields.ID(stored=True, unique=True),
                           title=fields.TEXT(analyzer=StandardAnalyzer(), stored=True),
                           body=fields.TEXT(analyzer=StandardAnalyzer(), stored=True),
                           outlet=fields.ID(stored=True), published=fields.STORED())
    started = time.perf_counter()
    writer = index.create_in(target, schema).writer(procs=2, limitmb=256)
    for path in sorted((folder(replicas) / "inbox").glob("*.jsonl")):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                writer.add_document(id=record["id"], title=record.get("title") or "",
                                    body=record.get("body") or "", outlet=record.get("outlet"),
                                    published=record.get("published"))
    writer.commit()
    record = {"seconds": time.perf_counter() - started}
    record_path.write_text(json.dumps(record))
    return record


def disk_bytes(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--plain", action="store_true", help="also build plain Whoosh")
    args = parser.parse_args()
    record = build(args.replicas, args.rebuild)
    print(f"x{args.replicas}: {record['articles']} articles in {record['seconds']:.0f} s "
          f"({record['articles'] / record['seconds']:.0f}/s), status {record['status']}")
    if args.plain:
        print(f"plain Whoosh: {build_plain(args.replicas)['seconds']:.0f} s")


if __name__ == "__main__":
    main()
