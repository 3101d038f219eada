"""The file a segment's facet columns are written in, beside the segment, and mapped from.

`warta_columns_<segment id>.bin`: what `search/whoosh_backend/columns.py` would otherwise read
back from the segment's postings in every web worker. Mapped read-only, its arrays are shared
by every worker through the page cache, and opening it reads a small header.

Layout: an 8-byte little-endian header length, a JSON header (each array's dtype, offset and
length; each value column's names; the CRC-32 of the segment's compound file), then the
arrays, each at an 8-byte boundary. The checksum lets a process check a small segment whole
when it first reads it (`verify_if_small`): a damaged one is refused with the rebuild command.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from search.errors import IndexUnavailable

PREFIX = "warta_columns_"
VERIFY_AT_OPEN_BYTES = 2 << 20  # segments up to this size are checked whole at first read (~2 ms)
_HEADER = struct.Struct("<Q")


def columns_path(folder: str | os.PathLike, segment_id: str) -> Path:
    return Path(folder) / f"{PREFIX}{segment_id}.bin"


def segment_checksum(folder: str | os.PathLike, segment: Any) -> int:
    """CRC-32 of a segment's compound file, read a few megabytes at a time."""
    checksum = 0
    with open(Path(folder) / segment.make_filename(segment.COMPOUND_EXT), "rb") as data:
        while chunk := data.read(1 << 22):
            checksum = zlib.crc32(chunk, checksum)
    return checksum


def segment_size(folder: str | os.PathLike, segment: Any) -> int:
    return (Path(folder) / segment.make_filename(segment.COMPOUND_EXT)).stat().st_size


def verify_if_small(folder, segment, checksum: int | None) -> None:
    """Check a small segment against its checksum when a process first reads it, as Lucene
    checks its small files at open; a larger one costs too much to read whole then (its damage
    shows when a search reads it, or when a merge does)."""
    if checksum is None or segment_size(folder, segment) > VERIFY_AT_OPEN_BYTES:
        return
    if segment_checksum(folder, segment) != checksum:
        raise IndexUnavailable(
            f"the index cannot be read: segment {segment.segment_id()} is damaged (its checksum "
            f"does not match): rebuild it with `warta index PATH --index {folder} --rebuild`")


def write_arrays(path: Path, arrays: Mapping[str, np.ndarray], names: Mapping[str, list[str]],
                 checksum: int) -> None:
    """Write the arrays, the name lists and the segment's checksum into one file (see the
    layout above)."""
    layout, offset = {}, 0
    for key, array in arrays.items():
        layout[key] = (array.dtype.str, offset, array.nbytes)
        offset += _aligned(array.nbytes)
    header = json.dumps({"arrays": layout, "names": names, "segment_crc32": checksum},
                        ensure_ascii=False).encode("utf-8")
    with open(path, "wb") as out:
        out.write(_HEADER.pack(len(header)) + header)
        out.write(b"\0" * (_aligned(_HEADER.size + len(header)) - _HEADER.size - len(header)))
        for array in arrays.values():
            out.write(array.tobytes())
            out.write(b"\0" * (_aligned(array.nbytes) - array.nbytes))


def read_arrays(path: Path) -> tuple[dict[str, np.ndarray], dict[str, list[str]], int | None] | None:
    """The arrays (read-only views of the mapped file), name lists and the segment's checksum
    (None in a file written before checksums); None if no file."""
    try:
        raw = np.memmap(path, dtype=np.uint8, mode="r")
    except (FileNotFoundError, ValueError):
        return None
    (size,) = _HEADER.unpack(raw[:_HEADER.size].tobytes())
    header = json.loads(raw[_HEADER.size:_HEADER.size + size].tobytes())
    data = _aligned(_HEADER.size + size)
    arrays = {key: raw[data + offset:data + offset + length].view(dtype)
              for key, (dtype, offset, length) in header["arrays"].items()}
    return arrays, header["names"], header.get("segment_crc32")


def remove_columns_of_gone_segments(folder: str | os.PathLike, segments: Iterable[Any]) -> None:
    """Delete the column files of segments no longer in the index (merged away)."""
    kept = {segment.segment_id() for segment in segments}
    for path in Path(folder).glob(f"{PREFIX}*.bin"):
        if path.stem[len(PREFIX):] not in kept:
            path.unlink(missing_ok=True)


def _aligned(size: int) -> int:
    return -(-size // 8) * 8
