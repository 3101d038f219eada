"""Writing a batch of documents as one Whoosh segment, in one go.

Whoosh's `SegmentWriter` takes documents one at a time: each posting becomes a tuple in a sorting
pool, and at commit each one is sorted, looked up again for its document's field length and handed
to the postings writer in its own call. Most of an indexing run went there. This writer takes a
whole batch whose text fields are already analysed (`Postings`, computed in worker processes),
groups the postings per term in dictionaries, and writes each term's blocks at once,
in the bytes of Whoosh 2.7's W3 codec: Whoosh reads the segment like one it wrote itself (a test
compares the two, term by term). Stored fields, field lengths and columns go through Whoosh's own
per-document writer; only the inverted index is written here.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter, sub
from pickle import dumps, loads
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3Segment
from whoosh.fields import Schema
from whoosh.filedb.filestore import Storage
from whoosh.system import pack_uint, pack_ushort

from search.whoosh_backend.field_terms import indexer
from search.whoosh_backend.internals import BufferedOrderedHashWriter, length_byte

BLOCK_LIMIT = 128  # postings per block, as Whoosh's W3 codec
COMPRESSION = 3  # zlib level of Whoosh's W3 codec
FLUSH_BYTES = 1 << 24  # postings gathered before a write to the file
SMALL_BLOCK = 128  # pickled bytes under which a block is stored uncompressed (the format allows it)
_TERM_INFO = struct.Struct("!BfIBBfIIqi")  # W3TermInfo's fields, then the postings' extent
_INLINED_INFO = struct.Struct("!BfIBBfII")  # W3TermInfo's fields, then the pickled postings
_BLOCK_LENGTH = struct.Struct("!i")
_COUNT_SIZE = 4  # a Positions value starts with its count, a packed unsigned int
# Whoosh writes protocol 2 and reads any: 5 stores bytes as such, not as latin-1 strings.
PICKLE_PROTOCOL = 5

# (docnums, weights, values) of one term, docnums ascending
TermPostings = tuple[list[int], list[float], list[bytes]]
# field -> term -> postings; terms are bytes, or str for analysed text until they are written
Inverted = dict[str, dict[bytes | str, TermPostings]]


@dataclass(frozen=True, slots=True)
class Postings:
    """One document's text field as analysed ahead of the writer (in a worker process): the
    positions of each word, in Whoosh's Positions format (every token boost is 1)."""

    positions: dict[str, list[int]]

    def items(self, boost: float) -> Iterator[tuple[bytes, int, float, bytes]]:
        """(term, frequency, weight, value) as a Positions field's `index(text)` gives them."""
        for word, where in self.positions.items():
            frequency = len(where)
            yield word.encode("utf-8"), frequency, frequency * boost, encode_positions(where)


def encode_positions(positions: list[int]) -> bytes:
    """Whoosh's `Positions.encode`: the count, then the pickled gaps."""
    if len(positions) == 1:  # most words occur once in an article: their value is kept
        value = _ONE_POSITION.get(positions[0])
        if value is None:
            value = _ONE_POSITION[positions[0]] = pack_uint(1) + dumps(positions, 2)
        return value
    gaps = [positions[0], *map(sub, positions[1:], positions)]
    return pack_uint(len(positions)) + dumps(gaps, 2)


_ONE_POSITION: dict[int, bytes] = {}


def decode_positions(value: bytes, shift: int = 0) -> Iterator[int]:
    """The positions an `encode_positions` value holds, each plus `shift` (Whoosh's `Positions`
    decoder, without its copy of the value and its loop in Python)."""
    if value.endswith(b"."):  # a whole pickle, as both writers write it
        gaps = loads(value[_COUNT_SIZE:])
    else:
        gaps = loads(value[_COUNT_SIZE:] + b".")
    if shift and gaps:
        gaps[0] += shift  # the first gap is the first position
    return accumulate(gaps)


def write_segment(storage: Storage, indexname: str, schema: Schema,
                  documents: Sequence[Mapping[str, Any]]) -> W3Segment:
    """Write `documents` (field values as `IndexWriter.add_document` takes them) as one new
    compound segment in `storage`, numbered from 0 in order; return it, not yet in any TOC."""
    codec = W3Codec()
    segment = codec.new_segment(storage, indexname)
    inverted, lengths = _write_per_document(codec, storage, segment, schema, documents)
    _write_inverted(storage, segment, schema, inverted, lengths)
    segment.set_doc_count(len(documents))
    if segment.should_assemble():
        segment.create_compound_file(storage)
        segment.compound = True
    return segment


def _write_per_document(codec: W3Codec, storage: Storage, segment: W3Segment, schema: Schema,
                        documents: Sequence[Mapping[str, Any]]
                        ) -> tuple[Inverted, dict[str, list[int]]]:
    """Stored fields, lengths and columns through Whoosh's writer, as `add_document` does; the
    postings grouped by field and term, and each field's lengths as Whoosh will read them back."""
    perdoc = codec.per_document_writer(storage, segment)
    inverted: Inverted = {}
    lengths: dict[str, list[int]] = {}
    indexers = {name: indexer(field) for name, field in schema.items() if field.indexed}
    for docnum, document in enumerate(documents):
        perdoc.start_doc(docnum)
        for name in sorted(key for key in document if not key.startswith("_")):
            value = document[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed and isinstance(value, Postings):
                length = _add_positions(inverted.setdefault(name, {}), docnum, value.positions,
                                        field.format.field_boost)
            elif field.indexed:
                length = _add_postings(inverted.setdefault(name, {}), docnum,
                                       indexers[name](value), field.scorable)
            if length:
                lengths.setdefault(name, [0] * len(documents))[docnum] = length
            stored = document.get(f"_stored_{name}", value)
            perdoc.add_field(name, field, stored if field.stored else None, length)
            if field.column_type and stored is not None:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        perdoc.finish_doc()
    perdoc.close()
    return inverted, lengths


def _add_postings(terms: dict[bytes, TermPostings], docnum: int, items, scorable: bool) -> int:
    """Add one document's postings in one field; return the field's length in the document."""
    length = 0
    for term, frequency, weight, value in items:
        if scorable:
            length += frequency
        postings = terms.get(term)
        if postings is None:
            terms[term] = ([docnum], [weight], [value])
        else:
            postings[0].append(docnum)
            postings[1].append(weight)
            postings[2].append(value)
    return length


def _add_positions(terms: dict[str, TermPostings], docnum: int,
                   positions: Mapping[str, list[int]], boost: float) -> int:
    """`_add_postings` for analysed text, without the intermediate tuples: the indexer's
    hottest loop. Terms stay str until they are written."""
    length = 0
    for word, where in positions.items():
        frequency = len(where)
        length += frequency
        value = encode_positions(where)
        postings = terms.get(word)
        if postings is None:
            terms[word] = ([docnum], [frequency * boost], [value])
        else:
            postings[0].append(docnum)
            postings[1].append(frequency * boost)
            postings[2].append(value)
    return length


def _write_inverted(storage: Storage, segment: W3Segment, schema: Schema,
                    inverted: Inverted,
                    lengths: Mapping[str, list[int]]) -> None:
    """The batch's terms, fields in name order and terms in byte order, as Whoosh's pool would
    have sorted them."""
    length_bytes = {name: [length_byte(n) for n in field_lengths]
                    for name, field_lengths in lengths.items()}

    def terms(name: str) -> Iterator[tuple[bytes, TermPostings]]:
        # str terms (analysed text) sort as their UTF-8 bytes do; a field holding both kinds
        # would fail here.
        field_terms = inverted[name]
        for term in sorted(field_terms):
            yield (term.encode("utf-8") if isinstance(term, str) else term), field_terms[term]

    write_inverted(storage, segment, schema, ((name, terms(name)) for name in sorted(inverted)),
                   length_bytes)


def write_inverted(storage: Storage, segment: W3Segment, schema: Schema,
                   fields: Iterable[tuple[str, Iterable[tuple[bytes, TermPostings]]]],
                   length_bytes: Mapping[str, Sequence[int]]) -> None:
    """Write the terms file and the postings file of `segment` from each field's terms (fields
    in name order, terms in byte order) and each scorable field's length byte per document
    (Whoosh keeps a length as one byte, and reads 0 as none; it is never 0 where a document has
    a posting in a scorable field). The postings are written as they come, in large writes."""
    terms_file = BufferedOrderedHashWriter(segment.create_file(storage, W3Codec.TERMS_EXT))
    fieldmap = terms_file.extras["fieldmap"] = {}
    postings_file = segment.create_file(storage, W3Codec.POSTS_EXT)
    postings, written = bytearray(), 0
    for name, terms in fields:
        fieldmap[name] = len(fieldmap)
        prefix = pack_ushort(fieldmap[name])
        fixed_size = schema[name].format.fixed_value_size()
        field_lengths = length_bytes.get(name)
        for term, term_postings in terms:
            info = _write_term(postings, written, *term_postings, field_lengths, fixed_size)
            terms_file.add(prefix + term, info)
            if len(postings) >= FLUSH_BYTES:
                postings_file.write(bytes(postings))
                written += len(postings)
                postings.clear()
    postings_file.write(bytes(postings))
    postings_file.close()
    terms_file.close()


def _write_term(out: bytearray, base: int, docnums: Sequence[int], weights: Sequence[float],
                values: Sequence[bytes], length_bytes: Sequence[int] | None,
                fixed_size: int | None) -> bytes:
    """Append one term's blocks to `out` (which starts at `base` in the postings file) as
    W3PostingsWriter does; return its W3TermInfo bytes. A term of one document (most of a
    batch's: names, rare forms, what one speaker said) keeps its posting in the term info,
    as the W3 format allows: no block, and some 40 bytes less."""
    if len(docnums) == 1:
        return _inlined(docnums[0], weights[0], values[0], length_bytes, fixed_size)
    start = len(out)
    out += WHOOSH3_HEADER_MAGIC
    count = len(docnums)
    if count <= BLOCK_LIMIT:  # nearly every term in a batch-sized segment
        max_weight, min_length, max_length = _write_block(out, docnums, weights, values,
                                                          length_bytes, fixed_size, True)
    else:
        blocks = [_write_block(out, docnums[first:first + BLOCK_LIMIT],
                               weights[first:first + BLOCK_LIMIT],
                               values[first:first + BLOCK_LIMIT], length_bytes, fixed_size,
                               first + BLOCK_LIMIT >= count)
                  for first in range(0, count, BLOCK_LIMIT)]
        max_weight = max(block[0] for block in blocks)
        min_length = min(block[1] for block in blocks)
        max_length = max(block[2] for block in blocks)
    return _TERM_INFO.pack(False, sum(weights), count, min_length, max_length, max_weight,
                           docnums[0], docnums[-1], base + start, len(out) - start)


def _inlined(docnum: int, weight: float, value: bytes, length_bytes: Sequence[int] | None,
             fixed_size: int | None) -> bytes:
    """The W3TermInfo of a term held by one document, its posting inlined."""
    length = length_bytes[docnum] if length_bytes is not None else 0
    if fixed_size == 0:
        value = None  # what Whoosh's own writer keeps where the format holds no value
    return _INLINED_INFO.pack(True, weight, 1, length, length, max(weight, 0), docnum, docnum) + \
        dumps(((docnum,), (weight,), (value,)), PICKLE_PROTOCOL)


def _write_block(out: bytearray, ids: list[int], weights: list[float], values: list[bytes],
                 length_bytes: list[int] | None, fixed_size: int | None,
                 last: bool) -> tuple[float, int, int]:
    """Append one block (at most BLOCK_LIMIT postings); return its maximum weight and its
    minimum and maximum length bytes. Weights are term frequencies times a field boost of 1,
    1.5, 2 or 3: exact in the float32 Whoosh keeps them in."""
    count = len(ids)
    first_weight = weights[0]
    if weights.count(first_weight) == count:
        mini_weights = None if first_weight == 1.0 else first_weight
        max_weight = first_weight
    else:
        mini_weights = tuple(weights)
        max_weight = max(weights)
    if length_bytes is None:
        min_length = max_length = 0
    elif count == 1:
        min_length = max_length = length_bytes[ids[0]]
    else:
        block_lengths = itemgetter(*ids)(length_bytes)  # a tuple: count >= 2
        min_length, max_length = min(block_lengths), max(block_lengths)
    deltas = (ids[0],) if count == 1 else (ids[0], *map(sub, ids[1:], ids))
    data = dumps((deltas, mini_weights, _mini_values(values, fixed_size)), PICKLE_PROTOCOL)
    compression = COMPRESSION if len(data) >= SMALL_BLOCK else 0
    if compression:
        data = zlib.compress(data, compression)
    info = dumps((count, ids[-1], max(max_weight, 0), compression, min_length, max_length),
                 PICKLE_PROTOCOL)
    size = len(info) + len(data)
    out += _BLOCK_LENGTH.pack(-size if last else size)
    out += info
    out += data
    return max(max_weight, 0), min_length, max_length


def _mini_values(values: list[bytes], fixed_size: int | None) -> Any:
    if fixed_size == 0:
        return None
    values = tuple(filter(None, values))  # Whoosh keeps no empty value
    if fixed_size is None or fixed_size < 0:
        return values
    return b"".join(values)


