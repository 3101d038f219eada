"""Caches over Whoosh index versions and over their segments.

A Whoosh index is a list of immutable segments plus, per segment, a set of deleted documents.
Values read from a segment's documents are kept per segment id, so after a commit only the new
segments are read; values of the whole index are kept per version (segment ids, deletion counts
and document-number bases).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class VersionCache:
    """One value per index version, built from a reader on first use of that version and
    shared by every reader of the same version."""

    def __init__(self, build: Callable[[Any], Any]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._value: Any = None

    def get(self, reader) -> Any:
        """The value for this Whoosh reader's index version."""
        key = version_key(reader)
        with self._lock:
            if key != self._key:
                self._value = self._build(reader)
                self._key = key
            return self._value


class SegmentCache:
    """Values built from one segment's reader, kept for the most recently used segments.

    A segment's documents never change (only deletions do, and they live outside the cached
    values), so after a commit only the new segments cost anything."""

    def __init__(self, build: Callable[[Any], Any], max_segments: int = 48) -> None:
        self._build = build
        self.max_segments = max_segments
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, Any] = OrderedDict()

    def get(self, leaf) -> Any:
        """The value for this leaf reader's segment, built on a miss."""
        key = segment_key(leaf)
        if key is None:  # not a segment (an empty index): nothing worth keeping
            return self._build(leaf)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = self._build(leaf)  # outside the lock: other segments need not wait
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_segments:
                self._entries.popitem(last=False)
        return value


def segment_key(leaf) -> str | None:
    """The segment id of a leaf reader; None when it reads no segment."""
    segment = getattr(leaf, "segment", None)
    found = segment() if segment is not None else None
    return found.segment_id() if found is not None else None


def version_key(reader) -> tuple:
    """Names one version of the index as a reader sees it."""
    # Segments are immutable apart from deletions, so ids plus deletion counts name a version,
    # even when an index is rebuilt from scratch and its generation numbers start again.
    key = []
    for leaf, base in reader.leaf_readers():
        segment = segment_key(leaf)
        key.append((segment, leaf.segment().deleted_count() if segment else 0, base))
    return tuple(key)
