"""Whoosh's private parts that Warta relies on, all in this one module, checked at import.

The fast paths reach past Whoosh's public API: postings are read a block at a time, field
lengths as their stored bytes, a segment's terms straight from its postings file; segments are
written in the W3 codec's bytes and committed through the table of contents under Whoosh's own
lock; publication dates are Whoosh's DATETIME longs. Every such reach is a function or constant
here. At import the installed Whoosh must be the version this was written against and hold every
class-level name relied on; an instance attribute is checked where it is read. A broken
expectation raises WhooshMismatch naming it: there is no silent fallback to a slower path.
"""

from __future__ import annotations

import contextlib
import struct
from array import array
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from functools import partial
from typing import Any

import numpy as np
import whoosh
from whoosh import columns
from whoosh.codec import whoosh3
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.index import TOC, FileIndex, clean_files
from whoosh.util import numeric, times

WHOOSH_VERSION = (2, 7, 5)
WRITER_LOCK = "WRITELOCK"  # the lock Whoosh's own writer takes before committing


class WhooshMismatch(ImportError):
    """The installed Whoosh is not the one Warta's fast paths were written against."""


def _require(owner: Any, *names: str) -> None:
    for name in names:
        if not hasattr(owner, name):
            where = getattr(owner, "__name__", type(owner).__name__)
            raise WhooshMismatch(
                f"Whoosh {whoosh.versionstring()} has no {where}.{name}, which Warta relies on "
                f"(search/whoosh_backend/internals.py); install whoosh-reloaded "
                f"{'.'.join(map(str, WHOOSH_VERSION))} as pyproject.toml pins it"
            )


def _attribute(owner: Any, name: str) -> Any:
    """An instance attribute Whoosh sets in its constructors, read or failed on loudly."""
    _require(owner, name)
    return getattr(owner, name)


class _MappedView:
    """A read-only file over a memoryview of a mapped compound segment file: each read copies
    only the bytes it returns, never the whole sub-file."""

    def __init__(self, buf: memoryview) -> None:
        self._buf = buf
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._buf) if size is None or size < 0 else min(len(self._buf), self._pos + size)
        data = bytes(self._buf[self._pos:end])
        self._pos = end
        return data

    def readline(self, size: int = -1) -> bytes:
        end = len(self._buf) if size is None or size < 0 else min(len(self._buf), self._pos + size)
        newline = bytes(self._buf[self._pos:end]).find(b"\n")
        return self.read((newline + 1) if newline >= 0 else end - self._pos)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._buf))[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._buf = memoryview(b"")


class MappedFile(BufferFile):
    """Whoosh's BufferFile without its private copy: Whoosh maps each compound segment file but
    hands every sub-file to a BufferFile, which copies it whole into a BytesIO, so each web
    worker held its own copy of all postings. Reads here go straight to the mapping, shared by
    every process through the page cache."""

    def __init__(self, buf, name=None, onclose=None) -> None:
        self._buf = memoryview(buf) if not isinstance(buf, memoryview) else buf
        self._name = name
        self.file = _MappedView(self._buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position, length, name=None):
        return MappedFile(self._buf[position:position + length], name=name or self._name)


if tuple(whoosh.__version__[:3]) != WHOOSH_VERSION:
    raise WhooshMismatch(
        f"Warta reads and writes Whoosh {'.'.join(map(str, WHOOSH_VERSION))}'s file format; "
        f"Whoosh {whoosh.versionstring()} is installed (pyproject.toml pins whoosh-reloaded)"
    )
_require(whoosh3, "_lenfield", "LENGTHS_COLUMN", "WHOOSH3_HEADER_MAGIC")
_require(compound, "BufferFile")
_require(BufferFile, "get", "get_array", "subset")
compound.BufferFile = MappedFile  # every compound segment file is read from its mapping
_require(whoosh3.W3PerDocReader, "_cached_reader")
_require(whoosh3.W3Codec, "TERMS_EXT", "POSTS_EXT", "postings_reader")
_require(FileIndex, "_segments")
_require(TOC, "read", "write", "_filename")
_require(numeric, "byte_to_length", "length_to_byte")
_require(times, "datetime_to_long")


# --- field lengths: one byte per document and field ----------------------------------------

LENGTH_TABLE = np.array([numeric.byte_to_length(code) for code in range(256)], dtype=np.float32)
length_byte = numeric.length_to_byte


def segment_folder(leaf: Any) -> str | None:
    """The folder of the index a segment reader reads (None for an index not in a folder). A
    compound segment's reader reads an overlay: its compound file over the index's storage."""
    storage = _attribute(leaf, "_storage")
    storage = getattr(storage, "b", storage)  # OverlayStorage(compound file, index storage)
    return getattr(storage, "folder", None)


def length_codes(leaf: Any, field: str) -> np.ndarray | None:
    """A segment's stored length byte of `field` for every document; None when it has none."""
    per_document = _attribute(leaf, "_perdoc")
    column = per_document._cached_reader(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN)
    if column is None:
        return None
    count, documents = _attribute(column, "_count"), _attribute(column, "_doccount")
    if _attribute(column, "_fixedlen") != 1 or _attribute(column, "_reverse"):
        raise WhooshMismatch("a field's lengths are not a column of one unsigned byte each")
    # The column's bytes as they lie in the file (one byte a document, the last ones left out
    # when they are the default): read at once, not a Python call per document.
    stored = _attribute(column, "_dbfile").get(_attribute(column, "_basepos"), count)
    codes = np.full(documents, _attribute(column, "_default") or 0, dtype=np.uint8)
    codes[:count] = np.frombuffer(stored, dtype=np.uint8)
    return codes


# --- stored fields, copied as they lie --------------------------------------------------------

_require(whoosh3, "STORED_COLUMN")
_require(whoosh3.W3PerDocWriter, "_get_column")
_require(columns.VarBytesColumn.Reader, "__getitem__")
_require(columns.VarBytesColumn.Writer, "add")


def stored_bytes(leaf: Any) -> Callable[[int], bytes]:
    """A segment's stored fields of one document as its file holds them (pickled, then
    compressed), for a merge to copy without reading them: empty for a document with none."""
    column = _attribute(leaf, "_perdoc")._cached_reader("_stored", whoosh3.STORED_COLUMN)
    if column is None:
        return lambda docnum: b""
    compressed = _attribute(column, "_child")
    if not (isinstance(column, columns.PickleColumn.Reader)
            and isinstance(compressed, columns.CompressedBytesColumn.Reader)):
        raise WhooshMismatch("stored fields are not a pickled, compressed bytes column")
    return partial(columns.VarBytesColumn.Reader.__getitem__, compressed)


def add_stored_bytes(per_document_writer: Any, docnum: int, stored: bytes) -> None:
    """Give document `docnum` of a segment being written the stored fields `stored_bytes` read
    (the document is given no stored value through `add_field`)."""
    column = per_document_writer._get_column("_stored")
    compressed = _attribute(column, "_child")
    if not isinstance(compressed, columns.CompressedBytesColumn.Writer):
        raise WhooshMismatch("stored fields are not written as compressed bytes")
    columns.VarBytesColumn.Writer.add(compressed, docnum, stored)


TERM_INFO_FIXED = _attribute(whoosh3.W3TermInfo, "_struct").size  # bytes before the extent


def term_table(leaf: Any) -> tuple[Any, dict[str, int], Any]:
    """A segment's terms table (Whoosh's OrderedHashReader: key/value pairs in key order from
    `startofdata`, a key being the field's number and the term), its field numbers, and its
    postings file, for reading them in bulk (`raw_postings.py`)."""
    terms = _attribute(leaf, "_terms")
    table = _attribute(terms, "_tindex")
    for name in ("startofdata", "endofdata", "closest_key_pos", "dbfile"):
        _require(table, name)
    return table, _attribute(terms, "_fieldmap"), _attribute(terms, "_postfile")


def set_field_totals(per_document_writer: Any, totals: dict[str, int]) -> None:
    """Set a new segment's total length of each field (what BM25's average length divides),
    where the lengths added document by document were rounded to their length bytes."""
    _attribute(per_document_writer, "_fieldlengths").update(totals)


# --- segments and commits --------------------------------------------------------------------


def segment_count(ix: Any) -> int:
    """How many segments the index's latest commit holds."""
    return len(ix._segments())


def committed_segments(storage: Any, indexname: str) -> list[Any]:
    """The segments of the latest commit, from the table of contents alone (a reader would
    copy every segment into memory)."""
    return TOC.read(storage, indexname).segments


def commit_stamp(ix: Any, attempts: int = 3) -> tuple[int, float]:
    """The latest commit's generation and its table of contents' modification time: what
    `(ix.latest_generation(), ix.last_modified())` gives, with one directory listing, not two.
    A commit landing between the listing and the stat removes the table listed: the folder is
    listed again (FileNotFoundError when there is still none: no index)."""
    for attempt in range(attempts):
        generation = ix.latest_generation()
        try:
            return generation, ix.storage.file_modified(TOC._filename(ix.indexname, generation))
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
    raise ValueError("attempts must be at least 1")


@contextlib.contextmanager
def writer_lock(storage: Any) -> Iterator[None]:
    """Whoosh's own writer lock, held while a commit is made outside Whoosh's writer."""
    lock = storage.lock(WRITER_LOCK)
    lock.acquire(blocking=True)
    try:
        yield
    finally:
        lock.release()


def commit_segments(storage: Any, indexname: str,
                    update: Callable[[Sequence[Any]], list[Any]]) -> None:
    """Write the next generation's table of contents with `update(segments)` and remove the
    files no segment uses any more. Call under `writer_lock`."""
    toc = TOC.read(storage, indexname)
    segments = update(toc.segments)
    TOC(toc.schema, segments, toc.generation + 1).write(storage, indexname)
    clean_files(storage, indexname, toc.generation + 1, segments)


def close_files_left_open(error: BaseException) -> None:
    """Whoosh's TOC reader leaves its file open when the file is corrupt: close it here."""
    trace = error.__traceback__
    while trace is not None:
        for value in trace.tb_frame.f_locals.values():
            if isinstance(value, StructFile) and not value.is_closed:
                value.close()
        trace = trace.tb_next


# --- DATETIME fields ---------------------------------------------------------------------------

EPOCH = np.datetime64("0001-01-01T00:00:00", "us")  # Whoosh's datetime longs count from here


def datetime_long(wall_clock: datetime) -> int:
    """A naive wall-clock time as Whoosh's DATETIME column long (microseconds since year 1)."""
    return times.datetime_to_long(wall_clock)


# --- the terms table, written in one go ----------------------------------------------------------


class BufferedOrderedHashWriter(OrderedHashWriter):
    """Whoosh's terms table, with its key/value pairs gathered in memory and written at close
    rather than three writes and a few checks per term."""

    _PAIR_LENGTHS = struct.Struct("!ii")

    def __init__(self, dbfile: Any) -> None:
        super().__init__(dbfile)
        for name in ("lastkey", "hashfn", "buckets", "index", "extras", "dbfile"):
            _require(self, name)
        self._base = dbfile.tell()
        self._pairs = bytearray()
        self._positions = array("q")
        self._hashes = array("Q")

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"keys must increase: {self.lastkey!r}..{key!r}")
        self.lastkey = key
        self._positions.append(self._base + len(self._pairs))
        self._hashes.append(self.hashfn(key))
        self._pairs += self._PAIR_LENGTHS.pack(len(key), len(value))
        self._pairs += key
        self._pairs += value

    def close(self) -> Any:
        self.dbfile.write(bytes(self._pairs))
        buckets = self.buckets
        for position, hashed in zip(self._positions, self._hashes):
            buckets[hashed & 255].append((hashed, position))
            self.index.append(position)
        return super().close()
