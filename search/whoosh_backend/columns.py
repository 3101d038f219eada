"""Facet columns: per-document outlet, actors and publication time as numpy arrays.

They are read once per segment (segments never change but for deletions) from the segment's
postings and its `published` column, and assembled for each index version by concatenation
(Whoosh's `groupedby` over the overlapping actors field is an order of magnitude slower at
100,000 articles). The facets (`search/whoosh_backend/facets.py`) filter and count over them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from search.whoosh_backend.internals import EPOCH, field_postings
from search.whoosh_backend.schema import ACTORS, OUTLET, PUBLISHED
from search.whoosh_backend.scoring import leaf_postings
from search.whoosh_backend.segments import SegmentCache, VersionCache

MISSING_MONTH = 0
NO_DATE = np.iinfo(np.int64).max


@dataclass(frozen=True)
class DocColumns:
    """Per-document facet values for one version of the index, indexed by document number."""

    live: np.ndarray  # bool: not deleted
    outlet_names: tuple[str, ...]
    outlet: np.ndarray  # int32 code into outlet_names, -1 when unknown
    actor_names: tuple[str, ...]
    actor_doc: np.ndarray  # int32: one entry per (article, actor) pair ...
    actor_code: np.ndarray  # int32: ... and the actor's code into actor_names
    published: np.ndarray  # int64 Whoosh datetime longs of the wall-clock time; NO_DATE if none
    month: np.ndarray  # int32 yyyymm; 0 when unknown

    outlet_codes: dict[str, int]  # case-folded name -> code
    actor_codes: dict[str, int]
    actor_words: dict[str, tuple[int, ...]]  # case-folded word of a name -> codes of the names
    has_actor: np.ndarray  # bool: names at least one actor

    @property
    def doc_count(self) -> int:
        """Number of document slots, deleted ones included."""
        return len(self.live)


@dataclass(frozen=True)
class SegmentColumns:
    """Facet values of one segment's documents, deleted ones included, in the segment's own
    document numbers and codes (its own sorted lexicon of outlets and actors)."""

    outlet_names: tuple[str, ...]
    outlet: np.ndarray  # int32 code into outlet_names, -1 when unknown
    actor_names: tuple[str, ...]
    actor_doc: np.ndarray  # int32 document number within the segment
    actor_code: np.ndarray  # int32 code into actor_names
    published: np.ndarray  # int64, NO_DATE if none


def build_segment_columns(leaf) -> SegmentColumns:
    """Read one segment's outlets and actors from its postings and dates from its column."""
    size = leaf.doc_count_all()
    outlet_names, outlet_postings = _postings(leaf, OUTLET)
    outlet = np.full(size, -1, dtype=np.int32)
    for code, docs in enumerate(outlet_postings):
        outlet[docs] = code
    actor_names, actor_postings = _postings(leaf, ACTORS)
    lengths = [len(docs) for docs in actor_postings]
    actor_doc = np.concatenate(actor_postings) if actor_postings else np.zeros(0, np.int64)
    actor_code = np.repeat(np.arange(len(actor_names), dtype=np.int32), lengths)
    return SegmentColumns(
        outlet_names=outlet_names,
        outlet=outlet,
        actor_names=actor_names,
        actor_doc=actor_doc.astype(np.int32),
        actor_code=actor_code,
        published=_published(leaf, size),
    )


class ColumnsCache:
    """DocColumns for the current index version, assembled from per-segment columns."""

    def __init__(
        self,
        build_segment: Callable[[Any], SegmentColumns] = build_segment_columns,
        max_segments: int = 48,
    ) -> None:
        self.segments = SegmentCache(build_segment, max_segments)
        self._versions = VersionCache(self._assemble)

    def get(self, reader) -> DocColumns:
        """The columns of this reader's index version."""
        return self._versions.get(reader)

    def _assemble(self, reader) -> DocColumns:
        leaves = [(self.segments.get(leaf), leaf, base) for leaf, base in reader.leaf_readers()]
        return assemble_columns(reader, leaves)


def build_columns(reader) -> DocColumns:
    """The whole index's columns, every segment read afresh."""
    leaves = [(build_segment_columns(leaf), leaf, base) for leaf, base in reader.leaf_readers()]
    return assemble_columns(reader, leaves)


def assemble_columns(reader, leaves: list[tuple[SegmentColumns, Any, int]]) -> DocColumns:
    """Concatenate per-segment columns at their document-number bases, with the segments' codes
    mapped into one lexicon for the index, and the live mask of this reader's deletions."""
    size = reader.doc_count_all()
    live = np.ones(size, dtype=bool)
    outlet = np.full(size, -1, dtype=np.int32)
    published = np.full(size, NO_DATE, dtype=np.int64)
    outlet_names = tuple(sorted(set().union(*(seg.outlet_names for seg, _, _ in leaves))))
    actor_names = tuple(sorted(set().union(*(seg.actor_names for seg, _, _ in leaves))))
    outlet_codes, actor_codes = _codes(outlet_names), _codes(actor_names)
    outlet_exact = {name: code for code, name in enumerate(outlet_names)}
    actor_exact = {name: code for code, name in enumerate(actor_names)}
    actor_docs, actor_code_parts = [], []
    for seg, leaf, base in leaves:
        count = len(seg.outlet)
        if leaf.has_deletions():
            deleted = np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)
            live[base + deleted] = False
        # -1 (no outlet) picks the appended -1.
        remap = np.append(_remap(seg.outlet_names, outlet_exact), np.int32(-1))
        outlet[base:base + count] = remap[seg.outlet]
        published[base:base + count] = seg.published
        actor_docs.append(seg.actor_doc.astype(np.int64) + base)
        actor_code_parts.append(_remap(seg.actor_names, actor_exact)[seg.actor_code])
    actor_doc = np.concatenate(actor_docs) if actor_docs else np.zeros(0, np.int64)
    actor_code = (np.concatenate(actor_code_parts) if actor_code_parts
                  else np.zeros(0, np.int32)).astype(np.int32)
    return DocColumns(
        live=live,
        outlet_names=outlet_names,
        outlet=outlet,
        actor_names=actor_names,
        actor_doc=actor_doc.astype(np.int32),
        actor_code=actor_code,
        published=published,
        month=_months(published),
        outlet_codes=outlet_codes,
        actor_codes=actor_codes,
        actor_words=_words(actor_names),
        has_actor=np.bincount(actor_doc, minlength=size).astype(bool)[:size],
    )


def _remap(names: tuple[str, ...], codes: dict[str, int]) -> np.ndarray:
    """A segment's codes -> the index's codes."""
    return np.array([codes[name] for name in names], dtype=np.int32)


def _codes(names: tuple[str, ...]) -> dict[str, int]:
    return {name.casefold(): code for code, name in enumerate(names)}


def _words(names: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    words: dict[str, list[int]] = {}
    for code, name in enumerate(names):
        for word in dict.fromkeys(re.findall(r"\w+", name.casefold())):
            words.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in words.items()}


def _postings(leaf, field: str) -> tuple[tuple[str, ...], list[np.ndarray]]:
    """A segment's terms of `field`, sorted, with their documents (deleted ones included)."""
    if field not in leaf.indexed_field_names():
        return (), []
    names, postings = [], []
    for text, matcher in field_postings(leaf, field):
        docs, _ = leaf_postings(matcher)
        names.append(leaf.schema[field].from_bytes(text))
        postings.append(docs)
    return tuple(names), postings


def _published(reader, size: int) -> np.ndarray:
    published = np.full(size, NO_DATE, dtype=np.int64)
    if not reader.has_column(PUBLISHED):
        return published
    raw = np.fromiter(
        reader.column_reader(PUBLISHED, translate=False), dtype=np.uint64, count=size
    )
    dated = raw < np.uint64(NO_DATE)  # Whoosh fills undated documents with the largest value
    published[dated] = raw[dated].astype(np.int64)
    return published


def _months(published: np.ndarray) -> np.ndarray:
    """yyyymm of each publication time (the outlet's wall clock, as the index stores it)."""
    month = np.full(len(published), MISSING_MONTH, dtype=np.int32)
    dated = published != NO_DATE
    local = EPOCH + published[dated].astype("timedelta64[us]")
    months = local.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    month[dated] = (months // 12 + 1970) * 100 + months % 12 + 1
    return month
