"""Load while indexing: gunicorn (2 workers, loopback) over an index of the indosum articles takes
16 concurrent connections for 60 seconds from wrk (bench/query_mix.lua), while `warta index` adds
1,000 more articles (indosum articles with ids made unique). Prints a table of requests/s,
p50/p99 latency, errors and non-2xx answers, and checks that every added article is then found
by its id through /articles/<id>.

    .venv/bin/python bench/load_while_indexing.py [--duration 60] [--connections 16]
                                                  [--base-index DIR]

Work files go to bench/out/load/ (git-ignored); the base index is built once and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from servers import run_warta, start_gunicorn, warta_command  # noqa: E402

SHARED = Path(os.environ.get("WARTA_SHARED_DIR", ROOT.parent / "shared"))
INDOSUM = SHARED / "data" / "indosum" / "articles.jsonl"
OUT = ROOT / "bench" / "out" / "load"
WRK = "/usr/bin/wrk"
LUA = ROOT / "bench" / "query_mix.lua"
ADDED = 1000
ADDED_PREFIX = "load-added-"


def build_base_index(index_dir: Path, rebuild: bool) -> float:
    """The indosum articles in a fresh index (reused when present); returns seconds taken."""
    if index_dir.exists() and not rebuild:
        return 0.0
    shutil.rmtree(index_dir, ignore_errors=True)
    started = time.monotonic()
    done = run_warta("index", str(INDOSUM), "--index", str(index_dir), timeout=3600)
    if done.returncode != 0:
        sys.exit(f"building the base index failed:\n{done.stderr[-3000:]}")
    return time.monotonic() - started


def write_added_articles(target: Path) -> list[str]:
    """The first 1,000 indosum articles under new ids (no url, so the id is the given one)."""
    ids = []
    with open(INDOSUM, encoding="utf-8") as source, open(target, "w", encoding="utf-8") as out:
        for number, line in zip(range(ADDED), source):
            record = json.loads(line)
            record.pop("url", None)
            record["id"] = f"{ADDED_PREFIX}{number:04d}"
            ids.append(record["id"])
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return ids


def documents(server) -> int:
    return server.get("/healthz", timeout=30).json()["documents"]


def run_load(base_url: str, duration: int, connections: int, index_dir: Path, added: Path,
             delay: float, batch_size: int) -> tuple[dict, dict]:
    """wrk for `duration` seconds; `warta index` starts `delay` seconds in. Both results."""
    wrk = subprocess.Popen(
        [WRK, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency",
         "-s", str(LUA), base_url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        time.sleep(delay)
        started = time.monotonic()
        indexer = subprocess.run(
            warta_command("index", str(added), "--index", str(index_dir),
                          "--batch-size", str(batch_size)),
            capture_output=True, text=True, timeout=duration * 10,
        )
        indexing = {"seconds": time.monotonic() - started, "returncode": indexer.returncode,
                    "summary": indexer.stdout.strip(), "stderr": indexer.stderr.strip()[-2000:],
                    "ended_in_load": time.monotonic() - started + delay < duration}
        stdout, stderr = wrk.communicate(timeout=duration + 60)
    finally:
        if wrk.poll() is None:
            wrk.kill()
            wrk.communicate()
    found = re.search(r"^WRK_RESULT (\{.*\})$", stdout, re.MULTILINE)
    if not found:
        sys.exit(f"wrk gave no result:\n{stdout}\n{stderr}")
    return json.loads(found.group(1)), indexing


def check_added(server, ids: list[str]) -> tuple[int, list[str]]:
    """How many added articles /articles/<id> finds (200 with that id), and the first misses."""
    missing = []
    for article_id in ids:
        answer = server.get(f"/articles/{quote(article_id)}", timeout=30)
        if answer.status != 200 or answer.json().get("id") != article_id:
            missing.append(f"{article_id}: {answer.status}")
    return len(ids) - len(missing), missing[:5]


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (16)")
    parser.add_argument("--delay", type=float, default=5.0,
                        help="seconds of load before the indexer starts (5)")
    parser.add_argument("--batch-size", type=int, default=100,
                        help="articles per commit, so the workers see commits under load (100)")
    parser.add_argument("--rebuild-base", action="store_true", help="rebuild the base index")
    parser.add_argument("--base-index", type=Path,
                        help="start from a copy of this index instead (bench_scale.py: x30)")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    base_index = args.base_index or OUT / "base-index"
    base_seconds = 0.0 if args.base_index else build_base_index(base_index, args.rebuild_base)
    # Every run starts from the base index: a copy, so the added articles are new each time.
    index_dir = OUT / "index"
    shutil.rmtree(index_dir, ignore_errors=True)
    shutil.copytree(base_index, index_dir)
    added = OUT / "added.jsonl"
    ids = write_added_articles(added)

    server = start_gunicorn(index_dir, OUT / "gunicorn", workers=2)
    try:
        before = documents(server)
        load, indexing = run_load(server.base, args.duration, args.connections, index_dir, added,
                                  args.delay, args.batch_size)
        time.sleep(2)  # a worker sees a new commit on its next request; give both one
        after = documents(server)
        found, missing = check_added(server, ids)
    finally:
        server.stop()
    served_5xx = sum(count for status, count in load["statuses"].items() if int(status) >= 500)
    errors = load["connect"] + load["read"] + load["write"] + load["timeout"]
    seconds = load["duration_us"] / 1e6
    rows = [
        ("base index", f"{before} documents" + (f" (built in {base_seconds:.0f} s)"
                                                  if base_seconds else " (reused)")),
        ("load", f"wrk, 2 threads, {args.connections} connections, {seconds:.0f} s, "
                 f"gunicorn 2 sync workers"),
        ("requests", f"{load['requests']}"),
        ("requests/s", f"{load['requests'] / seconds:.1f}"),
        ("latency p50", f"{load['p50_us'] / 1000:.0f} ms"),
        ("latency p90", f"{load['p90_us'] / 1000:.0f} ms"),
        ("latency p99", f"{load['p99_us'] / 1000:.0f} ms"),
        ("latency max", f"{load['max_us'] / 1000:.0f} ms"),
        ("socket errors", f"{errors} (connect {load['connect']}, read {load['read']}, "
                          f"write {load['write']}, timeout {load['timeout']})"),
        ("non-2xx", f"{load['status']} (5xx: {served_5xx}); by status: "
                    f"{dict(sorted(load['statuses'].items()))}"),
        ("indexing", f"{ADDED} articles in {indexing['seconds']:.1f} s "
                     f"({ADDED / indexing['seconds']:.0f} articles/s, {args.batch_size} per "
                     f"commit), exit "
                     f"{indexing['returncode']}, "
                     f"{'within' if indexing['ended_in_load'] else 'after'} the load"),
        ("documents after", f"{after} (expected {before + ADDED})"),
        ("added found by id", f"{found}/{ADDED}" + (f"; missing: {missing}" if missing else "")),
    ]
    print(table(rows))
    if indexing["returncode"] != 0:
        print(f"\nindexer stderr:\n{indexing['stderr']}")
    ok = (errors == 0 and load["status"] == 0 and indexing["returncode"] == 0
          and found == ADDED and after == before + ADDED)
    print(f"\nresult: {'PASS' if ok else 'FAIL'} (target: zero errors, zero non-2xx, every added "
          "article found)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
