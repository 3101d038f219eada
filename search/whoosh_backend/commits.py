"""Committing a segment written aside: how a batch and a merge enter the index.

A segment is written in a folder of its own under the index's `INCOMING` folder (a dot name,
so Whoosh's cleanup leaves it be), with its facet column file beside it. Committing moves its
files into the index and writes the next generation's table of contents, under Whoosh's own
writer lock. Until that one write, readers and a crash see the previous commit whole; readers
that opened it keep it (segment files are only unlinked, never changed).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from whoosh.codec.whoosh3 import W3Segment
from whoosh.filedb.filestore import FileStorage

from search.whoosh_backend.column_files import columns_path, remove_columns_of_gone_segments
from search.whoosh_backend.internals import commit_segments, committed_segments, writer_lock

INCOMING = ".incoming"  # segments being written


def incoming_folder(index_folder: str | os.PathLike, name: str) -> Path:
    """A folder under INCOMING for one segment being written."""
    return Path(index_folder) / INCOMING / name


def commit_incoming(storage: FileStorage, indexname: str, incoming: Path, segment: W3Segment,
                    update: Callable[[Sequence[W3Segment]], list[W3Segment]]) -> None:
    """Move `segment` (written in `incoming`) and its column file into the index, and commit
    `update(segments of the last commit)`, which places it among them."""
    with writer_lock(storage):
        for filename in segment.list_files(FileStorage(str(incoming))):
            os.replace(incoming / filename, Path(storage.folder) / filename)
        os.replace(columns_path(incoming, segment.segment_id()),
                   columns_path(storage.folder, segment.segment_id()))
        commit_segments(storage, indexname, update)
    remove_columns_of_gone_segments(storage.folder, committed_segments(storage, indexname))
    shutil.rmtree(incoming, ignore_errors=True)
