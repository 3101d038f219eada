"""`warta index`, `warta delete`, `warta stats`, `warta search`: what a user at a terminal sees."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import main
from search.whoosh_backend.schema import open_index
from search.whoosh_backend.writing import RUN_LOCK

WARTA = (sys.executable, "-c", "from search.cli import main; main()")
SEED_IDS = ("000_8f733fa993c9eeb0", "001_9b6439d8732bdf6e", "002_9cfa0e0d1cdd636e",
            "003_ba24a722cf13d261", "004_69174ce6b1ba241c")


def warta(*args: str, env: dict[str, str] | None = None):
    return CliRunner(env=env).invoke(main, list(args))


@pytest.fixture
def seeds_index(tmp_path: Path, seeds_dir: Path) -> Path:
    index_dir = tmp_path / "index"
    assert warta("index", str(seeds_dir), "--index", str(index_dir)).exit_code == 0
    return index_dir


def test_index_prints_one_summary_line_off_a_terminal(tmp_path: Path, seeds_dir: Path) -> None:
    result = warta("index", str(seeds_dir), "--index", str(tmp_path / "index"))
    assert result.exit_code == 0
    assert re.fullmatch(
        r"indexed 5 articles in [\d.]+ s \(\d+ articles/s\); 5 articles read, 0 inputs skipped; "
        + re.escape(str(tmp_path / "index")) + r" holds 5 documents\n", result.stdout)
    assert result.stderr == ""


def test_index_defaults_to_warta_index_dir(tmp_path: Path, seeds_dir: Path) -> None:
    result = warta("index", str(seeds_dir), env={"WARTA_INDEX_DIR": str(tmp_path / "elsewhere")})
    assert result.exit_code == 0
    assert f"{tmp_path / 'elsewhere'} holds 5 documents" in result.stdout


def test_bad_inputs_are_reported_skipped_and_set_the_exit_status(tmp_path: Path,
                                                                seeds_dir: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_bytes((seeds_dir / "002_9cfa0e0d1cdd636e.txt").read_bytes())
    (inbox / "bad.jsonl").write_text('{"id": "a", "title": "Judul", "body": "Isi"}\n{oops\n')
    result = warta("index", str(inbox), "--index", str(tmp_path / "index"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{inbox / 'bad.jsonl'}:2: ")
    assert "2 articles read, 1 input skipped" in result.stdout
    with open_index(tmp_path / "index").searcher() as searcher:
        assert sorted(s["id"] for s in searcher.documents()) == ["a", "good"]


def test_indexing_twice_keeps_the_count_and_rebuild_starts_clean(seeds_index: Path,
                                                                 seeds_dir: Path) -> None:
    again = warta("index", str(seeds_dir), "--index", str(seeds_index))
    assert f"{seeds_index} holds 5 documents" in again.stdout
    rebuilt = warta("index", str(seeds_dir / "000_8f733fa993c9eeb0.txt"), "--rebuild",
                    "--index", str(seeds_index))
    assert f"{seeds_index} holds 1 document" in rebuilt.stdout


def test_delete_removes_and_says_what_was_missing(seeds_index: Path) -> None:
    result = warta("delete", SEED_IDS[0], "no-such-id", "--index", str(seeds_index))
    assert (result.exit_code, result.stdout) == (1, "deleted 1 of 2 articles\n")
    assert "documents:  4" in warta("stats", "--index", str(seeds_index)).stdout


def test_stats_prints_count_dates_outlets_and_size(seeds_index: Path) -> None:
    result = warta("stats", "--index", str(seeds_index))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert re.fullmatch(re.escape(f"index:      {seeds_index} (") + r"\d+\.\d MB, \d+ segments\)",
                        lines[0])
    assert lines[1:5] == ["documents:  5", "published:  2016-12-15 .. 2020-10-12 (1 undated)",
                          "outlets:    5", "  (unknown)            1"]


def test_search_prints_the_top_hits(seeds_index: Path) -> None:
    result = warta("search", '"dunia maya"', "--index", str(seeds_index))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "  1  002_9cfa0e0d1cdd636e  Kompas.com  2020-09-26  Presiden Putin Ajak AS Buat "
        "Kesepakatan Dunia Maya untuk Hindari Risiko Besar",
        "  2  001_9b6439d8732bdf6e  -  2020-10-12  Putin Mengaku Belum Hilang Harapan Jalin "
        "Kerjasama Keamanan Siber dengan AS",
    ]
    assert result.stderr == "2 articles match\n"


def test_a_missing_index_is_exit_status_3_with_a_message(tmp_path: Path) -> None:
    result = warta("stats", "--index", str(tmp_path / "none"))
    assert result.exit_code == 3
    assert result.stderr == (f"error: no index at {tmp_path / 'none'}: build one with "
                             f"`warta index PATH --index {tmp_path / 'none'}`\n")


def test_no_wait_on_a_busy_index_fails_at_once(seeds_index: Path, seeds_dir: Path) -> None:
    lock = open_index(seeds_index).storage.lock(RUN_LOCK)
    assert lock.acquire()
    try:
        result = warta("index", str(seeds_dir), "--index", str(seeds_index), "--no-wait")
    finally:
        lock.release()
    assert result.exit_code == 3
    assert result.stderr == (f"error: index at {seeds_index} is being written by another "
                             "process\n")


def test_a_busy_index_makes_the_second_writer_wait_with_a_message(seeds_index: Path,
                                                                   seeds_dir: Path) -> None:
    lock = open_index(seeds_index).storage.lock(RUN_LOCK)
    assert lock.acquire()
    second = subprocess.Popen(
        [*WARTA, "index", str(seeds_dir), "--index", str(seeds_index)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        waiting = second.stderr.readline()
    finally:
        lock.release()
    out, _ = second.communicate(timeout=120)
    assert waiting == f"waiting for another writer to finish with {seeds_index} ...\n"
    assert second.returncode == 0 and "holds 5 documents" in out


def test_a_terminal_gets_a_progress_bar_with_articles_per_second(tmp_path: Path,
                                                                 seeds_dir: Path) -> None:
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    run = subprocess.run(
        [*WARTA, "index", str(seeds_dir), "--index", str(tmp_path / "index")],
        stdout=subprocess.PIPE, stderr=terminal, timeout=120, env=dict(os.environ),
    )
    os.close(terminal)
    shown = _read_all(controller)
    assert run.returncode == 0
    assert re.search(r"indexing: 5 articles \[[\d:]+, +[\d.]+ articles/s\]", shown), shown


def _read_all(controller: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the terminal side is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return b"".join(chunks).decode()
