"""A segment's terms and postings read straight from their bytes, for merging segments.

Whoosh reads a term through a term-info object and a matcher, a few microseconds of Python
each; a merge reads every term of every source segment (some two hundred thousand per batch
of articles), so here the terms table is walked in key order from its bytes and each term's
blocks are unpickled as the W3 codec wrote them (the layout `segment_writer.py` writes):

    postings:  b"W3Bl", then blocks
    block:     a signed int32 (negative for the last block): the size of what follows;
               a pickled info tuple (count, max id, max weight, compression, min and max
               length bytes); the pickled (id deltas, weights, values), zlib'd if compression
    term info: flags, weight, doc frequency, lengths, max weight, min and max id (23 bytes),
               then the postings' offset (int64) and size (int32), or, if flags, the
               postings themselves pickled (Whoosh's own writer inlines a term of one document)
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo

from search.whoosh_backend.internals import TERM_INFO_FIXED, WhooshMismatch, term_table

Block = tuple[list[int], list[float], list[bytes]]  # document numbers, weights, values

_PAIR = struct.Struct("!ii")  # key length, value length
_EXTENT = struct.Struct("!qi")
_BLOCK_SIZE = struct.Struct("!i")
_FRAMED = b"\x80\x05\x95"  # a protocol-5 pickle's opening and frame opcode: its size follows
_FRAME = struct.Struct("<Q")


class RawSegment:
    """The terms and postings of one segment reader, read in bulk."""

    def __init__(self, leaf: Any) -> None:
        self._table, self._fields, self._postings = term_table(leaf)

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

    def blocks(self, info: bytes, fixed_size: int | None) -> Iterator[Block]:
        """A term's postings, a block at a time: document numbers, weights, and values (b""
        where the format keeps none), deleted documents included."""
        if info[0]:
            ids, weights, values = W3TermInfo.from_bytes(info).inlined_postings()
            yield list(ids), list(weights), [value or b"" for value in values]
            return
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
                count, _, _, compression, _, _ = pickle.loads(raw[position:data_at])
            else:  # as Whoosh's own writer does: find where the pickle ends by reading it
                stream = io.BytesIO(raw[position:end])
                count, _, _, compression, _, _ = pickle.load(stream)
                data_at = position + stream.tell()
            data = raw[data_at:end]
            deltas, weights, values = pickle.loads(zlib.decompress(data) if compression else data)
            position = end
            if weights is None or isinstance(weights, float):
                weights = [weights or 1.0] * count
            if fixed_size == 0:
                values = [b""] * count
            elif fixed_size is not None and fixed_size > 0:
                values = [values[i:i + fixed_size] for i in range(0, len(values), fixed_size)]
            yield list(accumulate(deltas)), list(weights), list(values)
