"""A segment's terms and postings read straight from their bytes: for merging segments, for a
query's postings and for a phrase's positions.

Whoosh reads a term through a term-info object and a matcher, a few microseconds of Python
each, and its matcher reads a block through several small file reads: a merge reads every term
of every source segment, and a query's common words thousands of blocks (the most of a first
search). Here the terms table is walked in key order from its bytes and each term's
blocks are unpickled as the W3 codec wrote them (the layout `segment_writer.py` writes):

    postings:  b"W3Bl", then blocks
    block:     a signed int32 (negative for the last block): the size of what follows;
               a pickled info tuple (count, max id, max weight, compression, min and max
               length bytes); the pickled (id deltas, weights, values), zlib'd if compression
    term info: flags, weight, doc frequency, lengths, max weight, min and max id (23 bytes),
               then the postings' offset (int64) and size (int32), or, if flags, the
               postings themselves pickled (segment_writer.py inlines a term of one document)
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC

from search.whoosh_backend.internals import TERM_INFO_FIXED, WhooshMismatch, term_table

Block = tuple[Iterable[int], Iterable[float], Iterable[bytes]]  # document numbers, weights, values

_PAIR = struct.Struct("!ii")  # key length, value length
_EXTENT = struct.Struct("!qi")
_BLOCK_SIZE = struct.Struct("!i")
_FRAMED = b"\x80\x05\x95"  # a protocol-5 pickle's opening and frame opcode: its size follows
_FRAME = struct.Struct("<Q")


class RawSegment:
    """The terms and postings of one segment reader, read in bulk."""

    def __init__(self, leaf: Any) -> None:
        self._table, self._fields, self._postings = term_table(leaf)
        self._schema = leaf.schema

    def terms(self, field: str) -> Iterator[tuple[bytes, bytes]]:
        """(term, term info bytes) of each term of `field`, in byte order."""
        number = self._fields.get(field)
        if number is None:
            return
        prefix = struct.pack("!H", number)
        table = self._table
        start = table.closest_key_pos(prefix)
        if start is None:
            return
        data = table.dbfile.get(start, table.endofdata - start)
        position, end = 0, len(data)
        while position < end:
            key_length, value_length = _PAIR.unpack_from(data, position)
            position += _PAIR.size
            if data[position:position + 2] != prefix:
                return
            value_at = position + key_length
            yield data[position + 2:value_at], data[value_at:value_at + value_length]
            position = value_at + value_length

    def info(self, field: str, term: str | bytes) -> bytes | None:
        """A term's term info bytes; None if the segment does not hold it."""
        number = self._fields.get(field)
        if number is None:
            return None
        if not isinstance(term, bytes):
            term = self._schema[field].to_bytes(term)  # as Whoosh's reader turns text into a key
        return self._table.get(struct.pack("!H", number) + term)

    def blocks(self, info: bytes, fixed_size: int | None) -> Iterator[Block]:
        """A term's postings, a block at a time: document numbers, weights, and values (b""
        where the format keeps none), deleted documents included; each an iterable, to be
        read once."""
        if info[0]:
            ids, weights, values = _inlined(info)
            yield ids, weights, [value or b"" for value in values]
            return
        for count, _, data in self._raw_blocks(info):
            deltas, weights, values = pickle.loads(data)
            if weights is None or isinstance(weights, float):
                weights = [weights or 1.0] * count
            if fixed_size == 0:
                values = [b""] * count
            elif fixed_size is not None and fixed_size > 0:
                values = [values[i:i + fixed_size] for i in range(0, len(values), fixed_size)]
            yield accumulate(deltas), weights, values

    def ids_and_weights(self, info: bytes) -> tuple[np.ndarray, np.ndarray]:
        """A term's document numbers (int32) and weights (float32), deleted documents
        included: every block unpickled, no per-posting Python."""
        if info[0]:
            ids, weights, _ = _inlined(info)
            return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)
        deltas: list[int] = []
        weight_parts: list[Any] = []
        previous_last = 0
        for count, last_id, data in self._raw_blocks(info):
            block_deltas, weights, _ = pickle.loads(data)
            first = len(deltas)
            deltas.extend(block_deltas)
            deltas[first] -= previous_last  # a block's first id is absolute, the rest are gaps
            previous_last = last_id
            if weights is None or isinstance(weights, float):
                weight_parts.append(np.full(count, weights or 1.0, dtype=np.float32))
            else:
                weight_parts.append(np.array(weights, dtype=np.float32))
        if not deltas:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        return (np.cumsum(np.array(deltas, dtype=np.int64)).astype(np.int32),
                np.concatenate(weight_parts))

    def values_for(self, info: bytes, docs: list[int]) -> dict[int, Any]:
        """The posting values (of a field whose format keeps some: positions) of those of
        `docs` (ascending) the term holds; blocks holding none of them are skipped
        undecompressed, by the last id in their header."""
        if info[0]:
            ids, _, values = _inlined(info)
            wanted = set(docs)
            return {doc: value for doc, value in zip(ids, values) if doc in wanted}
        found: dict[int, Any] = {}
        at, count = 0, len(docs)
        if not count:
            return found
        for _, last_id, data in self._raw_blocks(info, lambda last_id: docs[at] <= last_id):
            deltas, _, values = pickle.loads(data)
            ids = list(accumulate(deltas))
            i = 0
            while at < count and docs[at] <= last_id:  # both ascending: one walk
                i = bisect_left(ids, docs[at], i)
                if ids[i] == docs[at]:
                    found[docs[at]] = values[i]
                at += 1
            if at >= count:
                break
        return found

    def _raw_blocks(self, info: bytes, wanted=None) -> Iterator[tuple[int, int, bytes]]:
        """(postings count, last document number, unpickled-ready data) of each block of a
        term not inlined; with `wanted(last id)`, blocks it refuses are not decompressed."""
        offset, size = _EXTENT.unpack_from(info, TERM_INFO_FIXED)
        raw = self._postings.get(offset, size)
        if raw[:4] != WHOOSH3_HEADER_MAGIC:
            raise WhooshMismatch("a postings list does not start with the W3 codec's header")
        position, last = 4, False
        while not last:
            (block_size,) = _BLOCK_SIZE.unpack_from(raw, position)
            position += _BLOCK_SIZE.size
            last, block_size = block_size < 0, abs(block_size)
            end = position + block_size
            if raw[position:position + 3] == _FRAMED:  # as segment_writer.py writes it
                data_at = position + 3 + _FRAME.size + _FRAME.unpack_from(raw, position + 3)[0]
                count, last_id, _, compression, _, _ = pickle.loads(raw[position:data_at])
            else:  # as Whoosh's own writer does: find where the pickle ends by reading it
                stream = io.BytesIO(raw[position:end])
                count, last_id, _, compression, _, _ = pickle.load(stream)
                data_at = position + stream.tell()
            if wanted is None or wanted(last_id):
                data = raw[data_at:end]
                yield count, last_id, zlib.decompress(data) if compression else data
            position = end


def _inlined(info: bytes) -> tuple[tuple, tuple, tuple]:
    """The (ids, weights, values) a term info holds inline (`W3TermInfo.inlined_postings`, without
    building the term info object): they are pickled after its fixed fields."""
    return pickle.loads(info[TERM_INFO_FIXED:])
