"""HTTP benchmark: gunicorn with 2 workers on a free loopback port, loaded from another process.

Runs the 50 queries of bench_search.py (all facets, snippets for the first 10 hits) as
GET /search requests from concurrent clients for a fixed time and prints requests/s, latency
percentiles and errors. Build the index first with bench_search.py (it reuses bench/out/).

    .venv/bin/python bench/bench_http.py [--seconds 30] [--clients 4]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import OUT, QUERIES, percentile  # noqa: E402

TARGET_RPS = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(index_dir: Path, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, WARTA_INDEX_DIR=str(index_dir))
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", str(workers),
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "web:create_app()"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def get(port: int, path: str, timeout: float = 60) -> tuple[int, float]:
    """Status and seconds of one GET."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def wait_ready(port: int, deadline: float) -> None:
    while time.time() < deadline:
        try:
            if get(port, "/healthz", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not become ready")


def paths() -> list[str]:
    return [f"/search?{urlencode(params, doseq=True)}" for _, params in QUERIES]


def load(port: int, seconds: float, clients: int, results: multiprocessing.Queue) -> None:
    """The load generator (a separate process): `clients` threads looping over the queries."""
    samples: list[tuple[int, float]] = []
    lock = threading.Lock()
    deadline = time.time() + seconds
    urls = paths()

    def client(offset: int) -> None:
        index = offset
        while time.time() < deadline:
            try:
                sample = get(port, urls[index % len(urls)])
            except OSError:
                sample = (0, 0.0)
            with lock:
                samples.append(sample)
            index += 1

    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=OUT / "index-x30")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not (args.index / "built.json").exists():
        raise SystemExit(f"no benchmark index at {args.index}: run bench/bench_search.py first")

    port = free_port()
    server = start_gunicorn(args.index, port, args.workers)
    try:
        wait_ready(port, time.time() + 120)
        for path in paths() * 2:  # warm every worker: facet columns and field lengths
            get(port, path)
        results: multiprocessing.Queue = multiprocessing.Queue()
        generator = multiprocessing.Process(
            target=load, args=(port, args.seconds, args.clients, results))
        generator.start()
        samples = results.get()
        generator.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report(samples, args)


def report(samples: list[tuple[int, float]], args: argparse.Namespace) -> None:
    ok = [seconds * 1000 for status, seconds in samples if status == 200]
    errors = len(samples) - len(ok)
    rate = len(ok) / args.seconds
    print(f"gunicorn {args.workers} workers, {args.clients} clients, {args.seconds:.0f} s, "
          f"{len(QUERIES)} queries in turn")
    print(f"{'requests':>9} {'errors':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    print(f"{len(samples):>9} {errors:>7} {rate:>7.1f} {percentile(ok, 0.5):>7.1f} "
          f"{percentile(ok, 0.95):>7.1f} {percentile(ok, 0.99):>7.1f}")
    print(f"target: >= {TARGET_RPS} req/s with no errors: "
          f"{'met' if rate >= TARGET_RPS and not errors else 'NOT met'}")


if __name__ == "__main__":
    main()
