"""Scale: IndoSum x10 and x30 through `warta index`, served by gunicorn with 2 workers, against
SQLite FTS5 and tantivy on the same articles and queries, in one run.

    .venv/bin/python bench/bench_scale.py [--replicas 10,30] [--rounds 3] [--http-seconds 20]
                                          [--no-peers] [--load]

Indexes are built by bench/scale_build.py (through `warta index`, with one 10 MB article added)
and reused while present; their build time is the one recorded then. For each index:
  - served: gunicorn, 2 sync workers. The first request of each fresh worker (two at once, so
    each worker takes one; the index's files read once before, so the OS cache is warm, as the
    target has it: this machine's memory manager drops idle cache), the time budget's worst cases
    (a phrase of 20 common words, `yang` 100 times, a hit on the 10 MB article), 200 queries of
    the 50-query mix, then each worker's own memory: the `Anonymous:` line of
    /proc/PID/smaps_rollup (heap and copies; index files mapped from the page cache are shared
    and not in it); then wrk at 8 connections (bench/query_mix.lua);
  - in process, each engine in a fresh process of its own: its code loaded (ours: what
    gunicorn's master loads before forking), then open + first query (warm OS cache), then
    the 50 queries with the three multi-select facets once untimed and `--rounds` times timed
    (warm): p50/p95, and the process's own memory after. Peers search pre-stemmed text: SQLite
    FTS5 (as bench/bench_search.py) and tantivy (facets by its aggregations).
With --load, bench/load_while_indexing.py runs on a copy of the largest index. Prints tables
with the issue's targets.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import scale_build  # noqa: E402
from bench_search import percentile  # noqa: E402
from query_mix import QUERIES  # noqa: E402
from servers import start_gunicorn  # noqa: E402

WRK = "/usr/bin/wrk"
LUA = ROOT / "bench" / "query_mix.lua"
BUDGET_MS = 2000  # WARTA_QUERY_BUDGET_MS's default
COMMON_PHRASE = ('"ini adalah yang dari untuk dengan dan di ke pada tidak akan dalam juga '
                 'itu oleh karena bisa sudah saat"')
YANG_PHRASE = '"' + " ".join(["yang"] * 100) + '"'
ENGINES = ("ours", "fts5", "tantivy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", default="10,30")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--http-seconds", type=int, default=20)
    parser.add_argument("--no-peers", action="store_true", help="skip SQLite FTS5 and tantivy")
    parser.add_argument("--load", action="store_true", help="also run load_while_indexing.py")
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    replicas = [int(n) for n in args.replicas.split(",")]
    if args.child:
        print(json.dumps(engine_run(args.child, replicas[0], args.rounds)))
        return

    builds = {n: scale_build.build(n) for n in replicas}
    for n, record in builds.items():
        if record["status"] != 0:
            sys.exit(f"warta index on x{n} failed:\n{record['stderr']}")
    print_builds(builds, replicas[0])
    served = {n: serve(n, args.http_seconds) for n in replicas}
    print_served(served)
    engines = {n: {engine: child(engine, n, args.rounds)
                   for engine in (("ours",) if args.no_peers else ENGINES)} for n in replicas}
    print_engines(engines, served)
    if args.load:
        load(replicas[-1])


# --- building ---------------------------------------------------------------------------------


def segments_of(index_dir: Path) -> int:
    from search.whoosh_backend.internals import committed_segments
    from search.whoosh_backend.schema import open_index

    ix = open_index(index_dir)
    return len(committed_segments(ix.storage, ix.indexname))


def print_builds(builds: dict[int, dict], plain_replicas: int) -> None:
    plain = scale_build.build_plain(plain_replicas)
    plain_disk = scale_build.disk_bytes(scale_build.plain_dir(plain_replicas))
    print(f"\n{'index':<6} {'articles':>9} {'seconds':>8} {'art/s':>6} {'segments':>9} "
          f"{'disk MB':>8} {'vs plain Whoosh':>16}")
    for n, record in builds.items():
        disk = scale_build.disk_bytes(scale_build.index_dir(n))
        ratio = f"{disk / plain_disk * plain_replicas / n:.2f}x" if plain_disk else "-"
        print(f"x{n:<5} {record['articles']:>9} {record['seconds']:>8.0f} "
              f"{record['articles'] / record['seconds']:>6.0f} {segments_of(scale_build.index_dir(n)):>9} "
              f"{disk / 1e6:>8.0f} {ratio:>16}")
    print(f"plain Whoosh x{plain_replicas} (StandardAnalyzer; id, title, body stored): "
          f"{plain_disk / 1e6:.0f} MB in {plain['seconds']:.0f} s; the ratio is per article "
          f"(ours x{plain_replicas} is the same articles)")
    print("targets: indexing >= 450 articles/s at x30; disk <= 2.0x plain Whoosh; "
          "100,000 articles in at most about 12 segments")


# --- served by gunicorn -------------------------------------------------------------------------


def serve(replicas: int, http_seconds: int) -> dict:
    """Start gunicorn with 2 fresh workers on the index and measure it (see the docstring)."""
    index_dir = scale_build.index_dir(replicas)
    log_dir = scale_build.folder(replicas) / "gunicorn"
    warm_os_cache(index_dir)
    server = start_gunicorn(index_dir, log_dir, workers=2)
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            first = list(pool.map(lambda q: timed_get(server, {"q": [q]}),
                                  ["korupsi", '"bank indonesia"']))
        worst = {
            "20 common words": timed_get(server, {"q": [COMMON_PHRASE]}),
            "yang x100": timed_get(server, {"q": [YANG_PHRASE]}),
            "10 MB article hit": timed_get(server, {"q": [scale_build.BIG_ARTICLE_WORDS]}),
        }
        mix = [params for _, params in QUERIES] * 4
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            mixed = list(pool.map(lambda params: timed_get(server, params), mix))
        memory = {pid: anonymous_mb(pid) for pid in server.worker_pids()}
        http = wrk(server.base, http_seconds)
    finally:
        server.stop()
    return {"first": first, "worst": worst, "mixed": mixed, "memory": memory, "http": http}


def warm_os_cache(folder: Path) -> None:
    """Read every file of the folder once, so that the page cache holds it."""
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb") as handle:
                while handle.read(1 << 24):
                    pass


def timed_get(server, params: dict[str, list[str]]) -> dict:
    started = time.perf_counter()
    answer = server.get(f"/search?{urlencode(params, doseq=True)}", timeout=60)
    milliseconds = (time.perf_counter() - started) * 1000
    body = answer.json() if answer.status == 200 else {}
    return {"ms": milliseconds, "status": answer.status, "total": body.get("total"),
            "timed_out": body.get("timed_out")}


def anonymous_mb(pid: int) -> float:
    found = re.search(r"^Anonymous:\s+(\d+) kB", Path(f"/proc/{pid}/smaps_rollup").read_text(),
                      re.MULTILINE)
    return int(found.group(1)) / 1024 if found else float("nan")


def wrk(base: str, seconds: int) -> dict:
    done = subprocess.run([WRK, "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", "--latency",
                           "-s", str(LUA), base], capture_output=True, text=True,
                          timeout=seconds + 60)
    found = re.search(r"^WRK_RESULT (\{.*\})$", done.stdout, re.MULTILINE)
    if not found:
        sys.exit(f"wrk gave no result:\n{done.stdout}\n{done.stderr}")
    result = json.loads(found.group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = (result["connect"] + result["read"] + result["write"] + result["timeout"]
                        + result["status"])
    return result


def print_served(served: dict[int, dict]) -> None:
    print(f"\n{'served (gunicorn, 2 workers)':<40} " + " ".join(f"{f'x{n}':>12}" for n in served))

    def row(label: str, values: list[str]) -> None:
        print(f"{label:<40} " + " ".join(f"{value:>12}" for value in values))

    row("first request of each fresh worker, ms",
        ["/".join(f"{first['ms']:.0f}" for first in result["first"]) for result in served.values()])
    for name in next(iter(served.values()))["worst"]:
        row(f"{name}, ms (timed out?)",
            [f"{r['worst'][name]['ms']:.0f} ({'yes' if r['worst'][name]['timed_out'] else 'no'})"
             for r in served.values()])
    row("200 mixed: p50 / max ms",
        [f"{percentile([m['ms'] for m in r['mixed']], 0.5):.0f} / "
         f"{max(m['ms'] for m in r['mixed']):.0f}" for r in served.values()])
    row("200 mixed: non-200 answers",
        [str(sum(m["status"] != 200 for m in r["mixed"])) for r in served.values()])
    row("worker own memory (Anonymous), MB",
        ["/".join(f"{mb:.0f}" for mb in r["memory"].values()) for r in served.values()])
    row("wrk 8 connections: requests/s", [f"{r['http']['rps']:.0f}" for r in served.values()])
    row("wrk: p99 ms / errors",
        [f"{r['http']['p99_us'] / 1000:.0f} / {r['http']['errors']}" for r in served.values()])
    if len(served) > 1:
        low, high = min(served), max(served)
        ratio = max(served[high]["memory"].values()) / max(served[low]["memory"].values())
        print(f"own memory x{high} / x{low}: {ratio:.2f}")
    print(f"targets: own memory <= 300 MB at x30 and x30/x10 <= 1.3; first search <= 300 ms; "
          f"the 20-word phrase <= 300 ms; no request over the budget + 100 ms "
          f"({BUDGET_MS + 100} ms); >= 130 requests/s with 0 errors")


# --- engines in processes of their own ----------------------------------------------------------


def child(engine: str, replicas: int, rounds: int) -> dict:
    if engine == "fts5":
        build_fts5(replicas)
    elif engine == "tantivy":
        build_tantivy(replicas)
    folder = scale_build.folder(replicas)
    # The OS cache warm with the engine's files (FTS5's one file is in the folder itself)
    warm_os_cache({"ours": folder / "index", "tantivy": folder / "tantivy"}.get(engine, folder))
    done = subprocess.run([sys.executable, __file__, "--child", engine, "--replicas",
                           str(replicas), "--rounds", str(rounds)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{engine} x{replicas} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def engine_run(engine: str, replicas: int, rounds: int) -> dict:
    """In this (fresh) process: open + first query, then the mix `rounds` times, then memory."""
    import peer_engines

    peer_engines.load_engine(engine)  # code loaded as a served worker has it: not timed
    started = time.perf_counter()
    search = peer_engines.open_engine(engine, scale_build.folder(replicas), replicas)
    first_total = search(QUERIES[2][1])  # "korupsi"
    cold = (time.perf_counter() - started) * 1000
    times, totals = [], []
    for _, params in QUERIES:  # a first round warms the caches: the rounds timed are warm
        search(params)
    for _ in range(rounds):
        for _, params in QUERIES:
            began = time.perf_counter()
            totals.append(search(params))
            times.append((time.perf_counter() - began) * 1000)
    return {"cold_ms": cold, "first_total": first_total, "p50": percentile(times, 0.5),
            "p95": percentile(times, 0.95), "memory_mb": anonymous_mb_self(),
            "totals": totals[:len(QUERIES)]}


def anonymous_mb_self() -> float:
    import os

    return anonymous_mb(os.getpid())


def build_fts5(replicas: int) -> None:
    import peer_engines

    peer_engines.build_fts5(scale_build.folder(replicas), replicas)


def build_tantivy(replicas: int) -> None:
    import peer_engines

    peer_engines.build_tantivy(scale_build.folder(replicas), replicas)


def print_engines(engines: dict[int, dict[str, dict]], served: dict[int, dict]) -> None:
    print(f"\n{'in process':<10} {'engine':<8} {'cold ms':>8} {'warm p50':>9} {'warm p95':>9} "
          f"{'own MB':>7} {'same totals':>12}")
    for n, results in engines.items():
        ours = results["ours"]
        for engine, result in results.items():
            same = sum(a == b for a, b in zip(result["totals"], ours["totals"], strict=True))
            print(f"x{n:<9} {engine:<8} {result['cold_ms']:>8.0f} {result['p50']:>9.1f} "
                  f"{result['p95']:>9.1f} {result['memory_mb']:>7.0f} "
                  f"{f'{same}/{len(QUERIES)}':>12}")
        if "tantivy" in results:
            peer = results["tantivy"]
            print(f"x{n:<9} ours / tantivy: cold {ours['cold_ms'] / peer['cold_ms']:.1f}x, "
                  f"p50 {ours['p50'] / peer['p50']:.1f}x, p95 {ours['p95'] / peer['p95']:.1f}x, "
                  f"memory {ours['memory_mb'] / peer['memory_mb']:.1f}x")
    print("targets: warm p50 <= 15 ms and p95 <= 40 ms; against tantivy: cold <= 5x, "
          "p50 <= 2x, p95 <= 1x, memory <= 3x")


def load(replicas: int) -> None:
    """load_while_indexing.py on a copy of the index (it adds 1,000 articles)."""
    print(f"\nload while indexing, on x{replicas}:")
    subprocess.run([sys.executable, str(ROOT / "bench" / "load_while_indexing.py"),
                    "--base-index", str(scale_build.index_dir(replicas))], check=False)


if __name__ == "__main__":
    main()
