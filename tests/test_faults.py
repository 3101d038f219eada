"""Faults: the indexer killed mid-run, a gunicorn worker killed under load, the app started on a
missing, empty, unreadable or damaged index, and two indexers at once on one index.

Slow: every test runs real `warta` and gunicorn processes, bounded by timeouts, and stops them.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.whoosh_backend.schema import open_index
from search.whoosh_backend.writing import RUN_LOCK
from search.ingest import read_articles
from servers import Gunicorn, run_warta, start_gunicorn, warta_command

pytestmark = pytest.mark.slow

KILLS = 10
KILL_SEED = 20261123
ARTICLES = 150
BATCH = 15  # articles per commit in the kill runs, so kills fall between commits too
# Root reads a chmod-000 directory anyway; without these two capabilities it cannot.
NO_DAC = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
          "--inh-caps", "-dac_override,-dac_read_search"]


# --- helpers -----------------------------------------------------------------------------------


def indosum_slice(shared_data: Path, target: Path, start: int, stop: int) -> list[str]:
    """Lines [start, stop) of the indosum articles as a .jsonl file; returns their ids (urls)."""
    with open(shared_data / "indosum" / "articles.jsonl", encoding="utf-8") as source:
        lines = [line for number, line in enumerate(source) if start <= number < stop]
    target.write_text("".join(lines), encoding="utf-8")
    problems: list[object] = []
    ids = [article.id for article in read_articles([target], on_problem=problems.append)]
    assert not problems, problems[:3]
    return ids


def indexed_ids(index_dir: Path) -> list[str]:
    """Every document's id, duplicates included (a reader, as the web app opens it)."""
    with open_index(index_dir).searcher() as searcher:
        return [stored["id"] for stored in searcher.documents()]


def stats_count(index_dir: Path) -> int:
    """The document count `warta stats` prints (it must exit 0)."""
    done = run_warta("stats", index_dir=index_dir, timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    found = re.search(r"^documents:\s+(\d+)$", done.stdout, re.MULTILINE)
    assert found, done.stdout
    return int(found.group(1))


def start_indexer(paths: list[Path], index_dir: Path, *extra: str) -> subprocess.Popen[str]:
    environment = dict(os.environ, WARTA_INDEX_DIR=str(index_dir))
    # A session of its own, so a kill takes the indexer's worker processes down with it.
    return subprocess.Popen(warta_command("index", *map(str, paths), *extra), env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def kill_indexer(process: subprocess.Popen[str]) -> None:
    """SIGKILL the indexer and every process of its session, as a crash of the machine would."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def finish(process: subprocess.Popen[str], timeout: float = 600) -> tuple[int, str, str]:
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_indexer(process)
        process.communicate()
        raise
    return process.returncode, stdout, stderr


def run_lock_held(index_dir: Path) -> bool:
    """Whether some process holds the index's run lock (Whoosh's FileLock is an flock)."""
    path = index_dir / RUN_LOCK
    if not path.exists():
        return False
    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return False
    finally:
        os.close(descriptor)


def wait_for_lock(process: subprocess.Popen[str], index_dir: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if run_lock_held(index_dir):
            return
        assert process.poll() is None, "the first indexer ended before it took the lock"
        time.sleep(0.02)
    raise AssertionError("the first indexer never took the run lock")


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path (empty if it does not exist)."""
    if not folder.exists():
        return {}
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


# --- the indexer killed at random moments --------------------------------------------------------


@dataclasses.dataclass
class KillRound:
    number: int
    fresh: bool
    delay: float
    killed: bool
    after_kill: int
    after_rerun: int


def test_the_indexer_killed_at_10_random_moments_loses_nothing_committed(
    tmp_path: Path, shared_data: Path
) -> None:
    source = tmp_path / "input.jsonl"
    expected = sorted(set(indosum_slice(shared_data, source, 0, ARTICLES)))
    # One clean run gives the duration the kill moments are drawn from.
    reference = tmp_path / "reference"
    started = time.monotonic()
    done = run_warta("index", str(source), "--batch-size", str(BATCH), index_dir=reference,
                     timeout=600)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(indexed_ids(reference)) == expected

    rng = random.Random(KILL_SEED)
    rounds: list[KillRound] = []
    index_dir = tmp_path / "index-0"
    for number in range(KILLS):
        fresh = number % 2 == 0  # even rounds start empty; odd ones rewrite a full index
        delay = rng.uniform(0.05, 0.95) * duration
        killed = False
        # A later run can be quicker than the reference one: a moment past its end kills nothing,
        # so the round is run again with the moment moved earlier until the kill lands.
        for attempt in range(4):
            if fresh:
                index_dir = tmp_path / f"index-{number}-{attempt}"
                open_index(index_dir, create=True)
            process = start_indexer([source], index_dir, "--batch-size", str(BATCH))
            try:
                time.sleep(delay)
                killed = process.poll() is None
                if killed:
                    kill_indexer(process)
            finally:
                finish(process, timeout=600)
            if killed:
                break
            delay /= 2
        after_kill = indexed_ids(index_dir)  # the index opens at its last commit
        assert len(after_kill) == len(set(after_kill)), f"duplicate ids after kill {number}"
        assert set(after_kill) <= set(expected)
        assert stats_count(index_dir) == len(after_kill)
        if not fresh:
            assert sorted(after_kill) == expected  # a rewrite never loses committed articles
        done = run_warta("index", str(source), index_dir=index_dir, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        after_rerun = indexed_ids(index_dir)
        assert sorted(after_rerun) == expected, f"round {number}"
        assert stats_count(index_dir) == len(expected)
        rounds.append(KillRound(number, fresh, round(delay, 2), killed, len(after_kill),
                                len(after_rerun)))
    print(f"\nclean run {duration:.1f} s, {len(expected)} articles")
    for kill in rounds:
        print(kill)
    assert all(kill.killed for kill in rounds)  # every round killed a running indexer


# --- a gunicorn worker killed under load -------------------------------------------------------


@pytest.fixture
def server(seed_index: Path, tmp_path: Path) -> Iterator[Gunicorn]:
    running = start_gunicorn(seed_index, tmp_path / "gunicorn")
    try:
        yield running
    finally:
        running.stop()


def load(server: Gunicorn, stop: threading.Event, outcomes: list[tuple[float, str]]) -> None:
    """GET searches one after another until `stop`, recording (time, 'ok' or the failure)."""
    targets = ("/search?q=putin", "/search?q=keamanan+siber&outlet=Kompas.com", "/healthz",
               "/facets/actor?prefix=pu")
    number = 0
    while not stop.is_set():
        target = targets[number % len(targets)]
        number += 1
        try:
            answer = server.get(target, timeout=10)
            outcome = "ok" if answer.status == 200 else f"status {answer.status}"
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
        outcomes.append((time.monotonic(), outcome))


def test_a_worker_killed_under_load_costs_at_most_its_request_in_flight(server: Gunicorn) -> None:
    stop = threading.Event()
    outcomes: list[tuple[float, str]] = []
    clients = [threading.Thread(target=load, args=(server, stop, outcomes)) for _ in range(4)]
    for client in clients:
        client.start()
    try:
        time.sleep(2)
        victim = server.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        time.sleep(4)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=30)
    failures = [outcome for _, outcome in outcomes if outcome != "ok"]
    after = [outcome for moment, outcome in outcomes if moment > killed_at + 1]
    print(f"\n{len(outcomes)} requests, {len(failures)} failed: {failures}")
    assert len(failures) <= 1  # a sync worker has one request in flight
    assert len(after) > 20 and set(after) == {"ok"}
    pids = server.worker_pids()
    assert len(pids) == 2 and victim not in pids  # the arbiter replaced the worker
    assert server.get("/healthz").status == 200


# --- the app started on a bad index directory --------------------------------------------------


def damage(index_dir: Path, how: str) -> None:
    """Truncate the segment file to half, or garble its middle half."""
    segment = next(index_dir.glob("*.seg"))
    data = bytearray(segment.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    else:
        for position in range(len(data) // 4, len(data) * 3 // 4):
            data[position] = (data[position] * 7 + 13) % 256
    segment.write_bytes(bytes(data))


@pytest.mark.parametrize(("state", "message"), [
    ("missing", r"^no index at .*/index: build one with `warta index"),
    ("empty", r"^no index at .*/index: build one with `warta index"),
    ("unreadable", r"(?i)^index at .*/index cannot be (opened|read).*permission denied"),
    ("truncated-segment", r"cannot be read"),
    ("garbled-segment", r"cannot be read"),
])
def test_the_app_starts_on_a_bad_index_and_says_what_is_wrong(
    seed_index: Path, tmp_path: Path, state: str, message: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    index_dir = home / "index"
    if state == "empty":
        index_dir.mkdir()
    elif state != "missing":
        shutil.copytree(seed_index, index_dir)
        if state.endswith("segment"):
            damage(index_dir, state.removesuffix("-segment"))
    before = tree_hashes(index_dir)
    if state == "unreadable":
        index_dir.chmod(0)
    try:
        server = start_gunicorn(index_dir, tmp_path / "gunicorn",
                                prefix=NO_DAC if state == "unreadable" else ())
        try:
            answers = {target: server.get(target) for target in
                       ("/healthz", "/search?q=putin", "/search", "/facets/actor?prefix=pu")}
        finally:
            server.stop()
    finally:
        if state == "unreadable":
            index_dir.chmod(0o755)
    for target, answer in answers.items():
        assert answer.status == 503 and answer.headers["Content-Type"] == "application/json", \
            (target, answer.body[:300])
        error = answer.json()["error"]
        assert (error["status"], error["code"]) == (503, "index_unavailable")
        assert re.search(message, error["message"]), (target, error["message"])
        assert b"Traceback" not in answer.body
    assert tree_hashes(index_dir) == before  # nothing written, nothing created
    assert index_dir.exists() == (state != "missing")


# --- two indexers at once on one index ---------------------------------------------------------


@pytest.fixture(scope="module")
def two_inputs(tmp_path_factory: pytest.TempPathFactory, shared_data: Path
               ) -> tuple[Path, Path, list[str]]:
    folder = tmp_path_factory.mktemp("inputs")
    first, second = folder / "first.jsonl", folder / "second.jsonl"
    ids = indosum_slice(shared_data, first, 0, 600) + indosum_slice(shared_data, second, 600, 900)
    return first, second, sorted(set(ids))


@pytest.fixture(scope="module")
def one_after_the_other(tmp_path_factory: pytest.TempPathFactory,
                        two_inputs: tuple[Path, Path, list[str]]) -> list[str]:
    first, second, _ = two_inputs
    index_dir = tmp_path_factory.mktemp("sequential") / "index"
    for source in (first, second):
        done = run_warta("index", str(source), index_dir=index_dir, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
    return sorted(indexed_ids(index_dir))


def test_a_second_indexer_waits_and_the_result_is_as_if_run_one_after_the_other(
    tmp_path: Path, two_inputs: tuple[Path, Path, list[str]], one_after_the_other: list[str]
) -> None:
    first, second, expected = two_inputs
    assert one_after_the_other == expected
    index_dir = tmp_path / "index"
    open_index(index_dir, create=True)
    running = start_indexer([first], index_dir)
    try:
        wait_for_lock(running, index_dir)
        waiting = start_indexer([second], index_dir)
        try:
            code, stdout, stderr = finish(waiting)
        finally:
            first_code, _, first_stderr = finish(running)
    finally:
        if running.poll() is None:
            kill_indexer(running)
            finish(running)
    assert first_code == 0, first_stderr[-2000:]
    assert code == 0, stderr[-2000:]
    assert f"waiting for another writer to finish with {index_dir} ..." in stderr.splitlines()
    assert sorted(indexed_ids(index_dir)) == one_after_the_other
    assert stats_count(index_dir) == len(expected)


def test_a_second_indexer_with_no_wait_is_refused_and_changes_nothing(
    tmp_path: Path, two_inputs: tuple[Path, Path, list[str]]
) -> None:
    first, second, _ = two_inputs
    index_dir = tmp_path / "index"
    open_index(index_dir, create=True)
    running = start_indexer([first], index_dir)
    try:
        wait_for_lock(running, index_dir)
        code, stdout, stderr = finish(start_indexer([second], index_dir, "--no-wait"), 120)
        still_running = running.poll() is None
        first_code, _, first_stderr = finish(running)
    finally:
        if running.poll() is None:
            kill_indexer(running)
            finish(running)
    assert still_running  # refused while the first run held the lock
    assert code == 3 and "Traceback" not in stderr  # 3: the index could not be used
    assert f"error: index at {index_dir} is being written by another process" in stderr, stderr
    assert first_code == 0, first_stderr[-2000:]
    problems: list[object] = []
    assert sorted(indexed_ids(index_dir)) == sorted(
        {article.id for article in read_articles([first], on_problem=problems.append)})


def test_indexed_ids_are_unique_in_the_shared_data(two_inputs: tuple[Path, Path, list[str]]
                                                   ) -> None:
    # The expectations above count distinct ids: say how many the inputs hold.
    first, second, expected = two_inputs
    lines = first.read_text().splitlines() + second.read_text().splitlines()
    assert len(expected) == len({json.loads(line)["url"] for line in lines})
