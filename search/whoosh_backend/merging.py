"""Merging segments: a tiered policy picks which, and our segment writer writes them as one.

Each indexing batch is a segment of its own, so without merging an index of N articles holds
N / batch-size segments, and every search and every facet visits each. The policy, a plain
form of Lucene's tiered merge policy: a segment's tier is how many times MERGE_FACTOR its live
documents exceed half of TIER_BASE (a batch: tier 0 below 5 batches, tier 1 below 50, ...).
When a tier holds MERGE_FACTOR segments, they are merged into one of the next tier, so an index
keeps at most MERGE_FACTOR - 1 segments a tier, and a tier per factor of ten: 100,000 articles
written in batches are in 5 to 14 segments. A segment (of EXPUNGE_MIN documents or more) with more than
a third of its documents deleted is rewritten alone, so replaced articles do not keep their
space.

A merge reads each source segment's postings a block at a time, as the W3 codec wrote them,
renumbers the documents past deletions and writes each term once through the segment writer's
term writer (`segment_writer.write_inverted`). Stored fields are copied as the sources hold
them (pickled and compressed); field lengths and sort columns go through Whoosh's per-document
writer; the facet column file is the sources' own renumbered. Documents keep their order, and
the merged segment takes the place of the first source, so searches rank and count the same
before and after. A merge is written aside and committed as a batch is (`commits.py`): a reader
keeps the version it opened, and a merge killed half-way leaves the last commit whole. During a
run with worker processes, a merge starts as soon as the run's own segments fill a tier
(`run_merges.py`); at its end the merges the policy still asks for touch disjoint segments, and
run side by side in those processes.
"""

from __future__ import annotations

import heapq
from itertools import compress
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from search.whoosh_backend.column_files import columns_path, segment_checksum
from search.whoosh_backend.columns import build_segment_columns, merge_segment_columns
from search.whoosh_backend.commits import commit_incoming, incoming_folder
from search.whoosh_backend.internals import (
    LENGTH_TABLE, add_stored_bytes, committed_segments, length_codes, set_field_totals, stored_bytes,
)
from search.whoosh_backend.raw_postings import RawSegment
from search.whoosh_backend.segment_writer import TermPostings, write_inverted
from search.whoosh_backend.workers import Workers

MERGE_FACTOR = 10  # segments of one tier merged into one of the next
TIER_BASE = 2000  # live documents: the size of an indexing batch
EXPUNGE_SHARE = 1 / 3  # a segment with more deleted than this is rewritten without them...
EXPUNGE_MIN = 200  # ...if it holds this many documents (a smaller one waits for its tier's merge)


def tier(live: int) -> int:
    """The tier of a segment with `live` documents: 0 below TIER_BASE * MERGE_FACTOR / 2, then
    one more per factor of MERGE_FACTOR. The half makes a merge of a full tier land in the next
    one even when some of its documents were deleted (ten batches of nearly 2,000 articles)."""
    level, ceiling = 0, TIER_BASE * MERGE_FACTOR // 2
    while live >= ceiling:
        level, ceiling = level + 1, ceiling * MERGE_FACTOR
    return level


def planned_merges(segments: Sequence[W3Segment]) -> list[list[int]]:
    """The merges the policy asks for now, as positions (in commit order) of disjoint sets of
    segments: each segment to expunge alone, then each full set of MERGE_FACTOR in a tier."""
    plans, taken = [], set()
    for position, segment in enumerate(segments):
        size = segment.doc_count_all()
        if size >= EXPUNGE_MIN and segment.deleted_count() > size * EXPUNGE_SHARE:
            plans.append([position])
            taken.add(position)
    tiers: dict[int, list[int]] = {}
    for position, segment in enumerate(segments):
        if position not in taken:
            tiers.setdefault(tier(segment.doc_count()), []).append(position)
    for level in sorted(tiers):
        group = tiers[level]
        plans += [group[first:first + MERGE_FACTOR]
                  for first in range(0, len(group) - MERGE_FACTOR + 1, MERGE_FACTOR)]
    return plans


def next_merge(segments: Sequence[W3Segment]) -> list[int] | None:
    """Positions (in commit order) of the segments to merge next; None when none need it."""
    plans = planned_merges(segments)
    return plans[0] if plans else None


def merge_while_needed(storage: FileStorage, indexname: str, schema: Schema,
                       workers: Workers | None = None) -> int:
    """Merge as the policy asks until it asks no more; return the number of merges. Disjoint
    merges run side by side in `workers`' processes when given, each committed as it ends.
    Call with the index's run lock held: nothing else may change the segments meanwhile."""
    merges = 0
    while plans := planned_merges(segments := committed_segments(storage, indexname)):
        pending = []
        for plan in plans:
            merges += 1
            sources = [segments[position] for position in plan]
            arguments = (storage.folder, schema, indexname, sources,
                         incoming_folder(storage.folder, f"merge-{merges}"))
            pending.append((sources, arguments[-1], workers.pool.apply_async(merge_at, arguments)
                            if workers is not None and len(plans) > 1 else merge_at(*arguments)))
        for sources, incoming, merged in pending:
            if workers is not None and len(plans) > 1:
                merged = workers.result(merged, None)
            commit_incoming(storage, indexname, incoming, merged, in_place_of(sources, merged))
    return merges


def merge_at(folder: str, schema: Schema, indexname: str, sources: Sequence[W3Segment],
             incoming: Path) -> W3Segment:
    """`merge_segments` of the index in `folder` (arguments a worker process can take)."""
    return merge_segments(FileStorage(folder), schema, indexname, sources, incoming)


def in_place_of(sources: Sequence[W3Segment], merged: W3Segment
                ) -> Callable[[Sequence[W3Segment]], list[W3Segment]]:
    """The commit's update: `merged` where the first of `sources` was, the others gone."""
    source_ids = {segment.segment_id() for segment in sources}

    def update(segments: Sequence[W3Segment]) -> list[W3Segment]:
        if source_ids - {segment.segment_id() for segment in segments}:
            raise RuntimeError("a segment being merged left the index during the merge")
        first = next(i for i, s in enumerate(segments) if s.segment_id() in source_ids)
        kept = [segment for segment in segments if segment.segment_id() not in source_ids]
        return [*kept[:first], merged, *kept[first:]]

    return update


def merge_segments(storage: FileStorage, schema: Schema, indexname: str,
                   sources: Sequence[W3Segment], folder: Path) -> W3Segment:
    """Write the live documents of `sources` (in their order) as one new segment in `folder`,
    with its facet column file; return it, not yet in any commit."""
    out = FileStorage(str(folder)).create()
    codec = W3Codec()
    merged = codec.new_segment(out, indexname)
    readers = [SegmentReader(storage, schema, segment) for segment in sources]
    try:
        renumbered = renumbering(sources)
        length_bytes = _write_documents(codec, out, merged, schema, readers, renumbered)
        fields = sorted(set().union(*(reader.indexed_field_names() for reader in readers))
                        & set(schema.names()))
        raw = [RawSegment(reader) for reader in readers]
        write_inverted(out, merged, schema,
                       ((name, _merged_terms(raw, renumbered, name, schema)) for name in fields),
                       length_bytes)
        merged.set_doc_count(sum(int((numbers >= 0).sum()) for numbers in renumbered))
        if merged.should_assemble():
            merged.create_compound_file(out)
            merged.compound = True
        merge_segment_columns(columns_path(folder, merged.segment_id()),
                              [(build_segment_columns(reader), numbers)
                               for reader, numbers in zip(readers, renumbered, strict=True)],
                              segment_checksum(folder, merged))
    finally:
        for reader in readers:
            reader.close()
    return merged


def renumbering(sources: Sequence[W3Segment]) -> list[np.ndarray]:
    """For each source, the merged document number of each of its documents; -1 if deleted."""
    renumbered, base = [], 0
    for segment in sources:
        live = np.ones(segment.doc_count_all(), dtype=bool)
        if segment.has_deletions():
            live[np.fromiter(segment.deleted_docs(), dtype=np.int64)] = False
        numbers = np.full(len(live), -1, dtype=np.int64)
        numbers[live] = np.arange(base, base + int(live.sum()))
        renumbered.append(numbers)
        base += int(live.sum())
    return renumbered


def _write_documents(codec: W3Codec, out: FileStorage, merged: W3Segment, schema: Schema,
                     readers: Sequence[SegmentReader], renumbered: Sequence[np.ndarray]
                     ) -> dict[str, list[int]]:
    """Stored fields, length bytes and sort columns of the live documents, in order; return each
    scorable field's length byte per merged document, as the postings blocks need them."""
    perdoc = codec.per_document_writer(out, merged)
    names = schema.names()
    scorable = [name for name in names if schema[name].scorable]
    merged_lengths: dict[str, list[np.ndarray]] = {name: [] for name in scorable}
    totals = dict.fromkeys(scorable, 0)
    docnum = 0
    for reader, numbers in zip(readers, renumbered, strict=True):
        live = numbers >= 0
        codes = {name: length_codes(reader, name) for name in scorable}
        codes = {name: column for name, column in codes.items() if column is not None}
        for name in scorable:
            column = codes.get(name)
            kept = column[live] if column is not None else np.zeros(int(live.sum()), np.uint8)
            merged_lengths[name].append(kept)
            # Exact where nothing was deleted; less the deleted documents' rounded lengths
            totals[name] += reader.field_length(name) - (
                int(LENGTH_TABLE[column[~live]].sum(dtype=np.float64)) if column is not None else 0)
        sorting = {name: reader.column_reader(name, translate=False) for name in names
                   if schema[name].column_type and reader.has_column(name)}
        stored = stored_bytes(reader)  # copied as they lie: nothing changes them in a merge
        for old in np.flatnonzero(live).tolist():
            perdoc.start_doc(docnum)
            for name, column in codes.items():
                length = int(LENGTH_TABLE[column[old]])
                if length:
                    perdoc.add_field(name, schema[name], None, length)
            for name, column in sorting.items():
                perdoc.add_column_value(name, schema[name].column_type, column[old])
            perdoc.finish_doc()
            if stored_fields := stored(old):
                add_stored_bytes(perdoc, docnum, stored_fields)
            docnum += 1
    set_field_totals(perdoc, totals)
    perdoc.close()
    return {name: np.concatenate(parts).tolist() for name, parts in merged_lengths.items()}



def _merged_terms(sources: Sequence[RawSegment], renumbered: Sequence[np.ndarray], field: str,
                  schema: Schema) -> Iterator[tuple[bytes, TermPostings]]:
    """Each term of `field` across the sources in byte order, with its postings renumbered and
    those of deleted documents dropped."""
    fixed_size = schema[field].format.fixed_value_size()
    # A source without deletions shifts its numbers by an offset; others are looked up.
    offsets = [int(numbers[0]) if len(numbers) and (numbers >= 0).all() else None
               for numbers in renumbered]
    tables = [numbers.tolist() if offset is None else None
              for numbers, offset in zip(renumbered, offsets, strict=True)]
    streams = [_tagged(source.terms(field), number) for number, source in enumerate(sources)]
    current: bytes | None = None
    docnums: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    for term, number, info in heapq.merge(*streams):  # (term, source) never ties
        if term != current:
            if docnums:
                yield current, (docnums, weights, values)
            current, docnums, weights, values = term, [], [], []
        offset, table = offsets[number], tables[number]
        for ids, block_weights, block_values in sources[number].blocks(info, fixed_size):
            if offset is None:
                ids = [table[docnum] for docnum in ids]
                if -1 in ids:
                    kept = [docnum >= 0 for docnum in ids]
                    ids = list(compress(ids, kept))
                    block_weights = compress(block_weights, kept)
                    block_values = compress(block_values, kept)
            elif offset:
                ids = map(offset.__add__, ids)
            docnums.extend(ids)
            weights.extend(block_weights)
            values.extend(block_values)
    if docnums:
        yield current, (docnums, weights, values)


def _tagged(terms: Iterator[tuple[bytes, bytes]], number: int) -> Iterator[tuple[bytes, int, bytes]]:
    for term, info in terms:
        yield term, number, info
