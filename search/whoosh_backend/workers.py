"""Worker processes for `warta index`: batches are analysed and written as segments in parallel,
with progress counted across processes and workers that exit when the indexer is killed."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

PROGRESS_SECONDS = 0.2  # how often workers' progress is reported while a batch is written
# Batch workers yield the processor to the other processes of the machine (a web app serving
# searches first), and to the run's own: the indexer reading the next batches, and the merge
# beside them, which thus runs at full speed and ends about when the last batches do rather
# than alone after them (a merge is one process; the batches are several).
BATCH_NICENESS = 5
Progress = Callable[[int], None]

_prepared_counter = None  # in a worker: the shared count of articles analysed


@dataclass(frozen=True)
class Workers:
    """A pool of worker processes and the count of articles they have analysed since the
    parent last reported progress; and one more process for the merges a run makes as it goes
    (`run_merges.py`), beside the batches rather than queued behind them."""

    pool: Pool
    count: int
    prepared: Any  # a multiprocessing.Value shared with the workers
    merger: Pool

    def result(self, result: AsyncResult, on_progress: Progress | None) -> Any:
        """Wait for a task's result, reporting the workers' progress meanwhile."""
        while True:
            result.wait(PROGRESS_SECONDS)
            ready = result.ready()
            if on_progress is not None:
                with self.prepared.get_lock():
                    done, self.prepared.value = self.prepared.value, 0
                if done:
                    on_progress(done)
            if ready:
                return result.get()


@contextmanager
def worker_pool(procs: int) -> Iterator[Workers | None]:
    """Worker processes, started before any lock is taken so they never inherit it."""
    if procs <= 1:
        yield None
        return
    context = multiprocessing.get_context("fork")
    prepared = context.Value("q", 0)
    pool = context.Pool(procs, initializer=_start_worker,
                        initargs=(os.getpid(), prepared, BATCH_NICENESS))
    merger = context.Pool(1, initializer=_start_worker, initargs=(os.getpid(), prepared, 0))
    try:
        yield Workers(pool, procs, prepared, merger)
    finally:
        for processes in (pool, merger):
            processes.terminate()
            processes.join()


def _start_worker(parent: int, prepared: Any, niceness: int) -> None:
    """Worker initializer: count progress in `prepared`, yield the processor by `niceness`, and
    exit if the indexer is killed, rather than wait forever."""
    global _prepared_counter
    _prepared_counter = prepared
    os.nice(niceness)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def count_prepared(count: int) -> None:
    """In a worker: add `count` articles to the progress its parent reports."""
    if _prepared_counter is not None:
        with _prepared_counter.get_lock():
            _prepared_counter.value += count
