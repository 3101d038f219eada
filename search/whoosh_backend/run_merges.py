"""Merges made during an indexing run, beside its batches.

A large run writes a segment a batch, and the tiered policy (`merging.py`) asks for a merge
each time ten of them fill a tier. Left to the end of the run, those merges run two at a time
and the last alone, while the other core idles: at 100,000 articles five merges took the
last 40 seconds. So after each batch commit the run starts the merge the policy asks for, one
at a time, and commits it when it is done. Merges run in a process of their own, beside the
batch workers rather than queued behind their batches: the operating system shares the cores
among them, so the run's last merge, which can only start once the batches of its tier are
committed, runs while the last batches are written, not alone after them.

Only segments the run itself committed are merged this way: the run looks up the versions a
batch replaces in the segments from before the run by their segment ids, and those stay put.
A batch that deletes from a segment being merged (an article given twice) makes that merge
stale: it is thrown away, and the end of the run merges again (`merge_while_needed`).
"""

from __future__ import annotations

import shutil
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from pathlib import Path

from whoosh.codec.whoosh3 import W3Segment
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage

from search.whoosh_backend.commits import commit_incoming, incoming_folder
from search.whoosh_backend.internals import committed_segments
from search.whoosh_backend.merging import in_place_of, merge_at, planned_merges, renumbering
from search.whoosh_backend.workers import Workers

Written = MutableMapping[str, tuple[str, int]]  # article id -> (segment id, document number)


@dataclass(frozen=True)
class _Merge:
    sources: tuple[W3Segment, ...]  # as committed when the merge started, deletions included
    incoming: Path
    result: AsyncResult


class RunMerges:
    """The merges of one run's own segments, made in its worker processes as it goes."""

    def __init__(self, storage: FileStorage, indexname: str, schema: Schema,
                 workers: Workers | None) -> None:
        self._storage = storage
        self._indexname = indexname
        self._schema = schema
        self._workers = workers
        self._own: set[str] = set()  # ids of the segments this run committed
        self._merge: _Merge | None = None
        self._started = 0

    def committed(self, segment: W3Segment, written: Written) -> None:
        """After a commit of the run's `segment`: commit the merge in flight if it is done,
        then start the next one the policy asks for. `written` is updated for the documents
        a merge renumbers."""
        self._own.add(segment.segment_id())
        if self._workers is None:
            return  # one process: the end of the run merges
        if self._merge is not None:
            if not self._merge.result.ready():
                return
            self._commit(written)
        self._start()

    def finish(self, written: Written) -> None:
        """Wait for the merge in flight, and commit it."""
        if self._merge is not None:
            self._merge.result.wait()
            self._commit(written)

    def _start(self) -> None:
        segments = committed_segments(self._storage, self._indexname)
        for plan in planned_merges(segments):
            sources = tuple(segments[position] for position in plan)
            if all(source.segment_id() in self._own for source in sources):
                self._started += 1
                incoming = incoming_folder(self._storage.folder, f"run-merge-{self._started}")
                result = self._workers.merger.apply_async(
                    merge_at, (self._storage.folder, self._schema, self._indexname, sources,
                               incoming))
                self._merge = _Merge(sources, incoming, result)
                return

    def _commit(self, written: Written) -> None:
        merge, self._merge = self._merge, None
        merged = merge.result.get()
        if not self._unchanged(merge.sources):
            shutil.rmtree(merge.incoming, ignore_errors=True)
            return
        commit_incoming(self._storage, self._indexname, merge.incoming, merged,
                        in_place_of(merge.sources, merged))
        self._own.add(merged.segment_id())
        _renumber(written, merge.sources, merged)

    def _unchanged(self, sources: Sequence[W3Segment]) -> bool:
        """Whether every source is still committed with the deletions it had at the start."""
        now = {segment.segment_id(): segment
               for segment in committed_segments(self._storage, self._indexname)}
        return all(source.segment_id() in now and
                   now[source.segment_id()].deleted_count() == source.deleted_count()
                   for source in sources)


def _renumber(written: Written, sources: Sequence[W3Segment], merged: W3Segment) -> None:
    """Point the documents `written` holds in `sources` at their numbers in `merged`."""
    numbers = dict(zip((source.segment_id() for source in sources), renumbering(sources),
                       strict=True))
    merged_id = merged.segment_id()
    for article_id, (segment_id, docnum) in written.items():
        table = numbers.get(segment_id)
        if table is not None:
            written[article_id] = (merged_id, int(table[docnum]))
