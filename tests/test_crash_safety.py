"""An indexer killed with SIGKILL leaves a readable index holding what it committed, no lock and
no stray workers; running it again completes the job with every article once."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search.errors import IndexUnavailable
from search.whoosh_backend.schema import open_index

ARTICLES = 240
BATCH = 40
WARTA = (sys.executable, "-c", "from search.cli import main; main()")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    with open(shared_data / "indosum" / "articles.jsonl", encoding="utf-8") as source:
        lines = [next(source) for _ in range(ARTICLES)]
    (folder / "part.jsonl").write_text("".join(lines), encoding="utf-8")
    return folder


def start_indexer(inbox: Path, index_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*WARTA, "index", str(inbox), "--index", str(index_dir), "--batch-size", str(BATCH),
         "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def committed(index_dir: Path) -> int:
    try:
        return open_index(index_dir).doc_count()
    except IndexUnavailable:
        return -1


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


def is_gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def indexed_ids(index_dir: Path) -> list[str]:
    with open_index(index_dir).searcher() as searcher:
        return [stored["id"] for stored in searcher.documents()]


@pytest.mark.parametrize("kill_after", [
    pytest.param(0, id="before-any-commit"),
    pytest.param(2 * BATCH, id="mid-run", marks=pytest.mark.slow),  # about 30 s on 2 cores
])
def test_a_killed_indexer_leaves_a_readable_index_and_a_rerun_completes(
    inbox: Path, tmp_path: Path, kill_after: int
) -> None:
    index_dir = tmp_path / "index"
    indexer = start_indexer(inbox, index_dir)
    try:
        assert wait_for(lambda: committed(index_dir) >= kill_after, timeout=300)
        workers = children(indexer.pid)
        assert indexer.poll() is None, "the run ended before it could be killed"
        indexer.send_signal(signal.SIGKILL)
        indexer.wait(timeout=30)
    finally:
        indexer.kill()
        indexer.communicate()

    survived = committed(index_dir)
    assert survived < ARTICLES and survived % BATCH == 0
    assert wait_for(lambda: all(is_gone(pid) for pid in workers), timeout=10), workers

    rerun = subprocess.run(
        [*WARTA, "index", str(inbox), "--index", str(index_dir), "--no-wait"],
        capture_output=True, text=True, timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
    ids = indexed_ids(index_dir)
    assert len(ids) == ARTICLES and len(set(ids)) == ARTICLES


def test_workers_exit_when_the_indexer_is_killed_outright() -> None:
    # The watchdog each worker runs: a parent that vanishes ends the worker within seconds.
    script = (
        "import os, time; from search.whoosh_backend.workers import worker_pool\n"
        "with worker_pool(2) as pool:\n"
        "    print(*[p.pid for p in (*pool.pool._pool, *pool.merger._pool)], flush=True)\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == -signal.SIGKILL
    workers = [int(pid) for pid in run.stdout.split()]
    assert len(workers) == 3  # two for batches, one for the run's merges
    assert wait_for(lambda: all(is_gone(pid) for pid in workers), timeout=10)
