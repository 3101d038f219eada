"""Test helpers: the app under gunicorn (as the Procfile runs it) on a free loopback port, and
`warta` as a subprocess. Every process started here is stopped and waited for, and every file
opened here is closed, so tests run clean under `filterwarnings = ["error"]`.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONFIG = ROOT / "web" / "gunicorn.conf.py"
APP = "web:create_app()"
READY = re.compile(r"Warta siap: buka (http://127\.0\.0\.1:(\d+))/")
START_SECONDS = 30
STOP_SECONDS = 15


def warta_command(*args: str) -> list[str]:
    """The installed `warta` command of this interpreter's virtualenv."""
    return [str(Path(sys.executable).with_name("warta")), *args]


def run_warta(*args: str, index_dir: Path | None = None, timeout: float = 300,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `warta ARGS...` to the end (bounded by `timeout`), capturing its output."""
    environment = dict(os.environ, **(env or {}))
    if index_dir is not None:
        environment["WARTA_INDEX_DIR"] = str(index_dir)
    return subprocess.run(warta_command(*args), cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=timeout)


@dataclass
class Response:
    """One HTTP answer, read whole."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Gunicorn:
    """A running gunicorn: its address, its arbiter process and its log file."""

    process: subprocess.Popen[bytes]
    log_path: Path
    host: str = "127.0.0.1"
    port: int = 0
    _log: Any = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(self, target: str, *, headers: dict[str, str] | None = None,
            timeout: float = 30) -> Response:
        """GET a raw request target (sent as given, not re-encoded) and read the answer."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.putrequest("GET", target, skip_accept_encoding=True)
            for name, value in (headers or {"Accept": "application/json"}).items():
                connection.putheader(name, value)
            connection.endheaders()
            answer = connection.getresponse()
            return Response(answer.status, dict(answer.getheaders()), answer.read())
        finally:
            connection.close()

    def worker_pids(self) -> list[int]:
        """The arbiter's current worker processes (children in /proc)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        """SIGTERM, then wait (SIGKILL if it does not stop in time); close the log."""
        try:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout=STOP_SECONDS)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=STOP_SECONDS)
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None


def start_gunicorn(index_dir: Path, log_dir: Path, *, workers: int = 2,
                   env: dict[str, str] | None = None, prefix: Sequence[str] = ()) -> Gunicorn:
    """Start the app as the Procfile does, on a port the kernel picks, and wait until it serves.

    The port comes from gunicorn's own start-up line, so there is no race for a free port.
    `prefix` runs gunicorn under another command (setpriv, to drop capabilities).
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / "gunicorn.log"
    environment = dict(os.environ, WARTA_INDEX_DIR=str(index_dir), WARTA_HOST="127.0.0.1",
                       PORT="0", WEB_CONCURRENCY=str(workers), **(env or {}))
    command = [*prefix, sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG), APP]
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed by Gunicorn.stop
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log,
                               stderr=subprocess.STDOUT)
    server = Gunicorn(process, log_path, _log=log)
    try:
        server.port = _wait_for_port(server, workers)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_for_port(server: Gunicorn, workers: int) -> int:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start:\n{server.log()[-3000:]}")
        found = READY.search(server.log())
        # Each worker says so once it has loaded the app (web/gunicorn.conf.py), so a
        # measured first request is a first search, not a worker's start-up.
        if found and server.log().count("Worker siap") >= workers:
            port = int(found.group(2))
            server.port = port
            if _answers(server):
                return port
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not start in {START_SECONDS} s:\n{server.log()[-3000:]}")


def _answers(server: Gunicorn) -> bool:
    try:
        server.get("/openapi.json", timeout=2)
    except OSError:
        return False
    return True
