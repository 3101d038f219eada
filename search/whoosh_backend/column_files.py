"""The file a segment's facet columns are written in, beside the segment, and mapped from.

`warta_columns_<segment id>.bin`: what `search/whoosh_backend/columns.py` would otherwise read
back from the segment's postings in every web worker. Mapped read-only, its arrays are shared
by every worker through the page cache, and opening it reads a small header.

Layout: an 8-byte little-endian header length, a JSON header (each array's dtype, offset and
length; each value column's names), then the arrays, each at an 8-byte boundary.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

PREFIX = "warta_columns_"
_HEADER = struct.Struct("<Q")


def columns_path(folder: str | os.PathLike, segment_id: str) -> Path:
    return Path(folder) / f"{PREFIX}{segment_id}.bin"


def write_arrays(path: Path, arrays: Mapping[str, np.ndarray], names: Mapping[str, list[str]]) -> None:
    """Write the arrays and the name lists into one file (see the layout above)."""
    layout, offset = {}, 0
    for key, array in arrays.items():
        layout[key] = (array.dtype.str, offset, array.nbytes)
        offset += _aligned(array.nbytes)
    header = json.dumps({"arrays": layout, "names": names}, ensure_ascii=False).encode("utf-8")
    with open(path, "wb") as out:
        out.write(_HEADER.pack(len(header)) + header)
        out.write(b"\0" * (_aligned(_HEADER.size + len(header)) - _HEADER.size - len(header)))
        for array in arrays.values():
            out.write(array.tobytes())
            out.write(b"\0" * (_aligned(array.nbytes) - array.nbytes))


def read_arrays(path: Path) -> tuple[dict[str, np.ndarray], dict[str, list[str]]] | None:
    """The arrays (read-only views of the mapped file) and name lists; None if no file."""
    try:
        raw = np.memmap(path, dtype=np.uint8, mode="r")
    except (FileNotFoundError, ValueError):
        return None
    (size,) = _HEADER.unpack(raw[:_HEADER.size].tobytes())
    header = json.loads(raw[_HEADER.size:_HEADER.size + size].tobytes())
    data = _aligned(_HEADER.size + size)
    arrays = {key: raw[data + offset:data + offset + length].view(dtype)
              for key, (dtype, offset, length) in header["arrays"].items()}
    return arrays, header["names"]


def remove_columns_of_gone_segments(folder: str | os.PathLike, segments: Iterable[Any]) -> None:
    """Delete the column files of segments no longer in the index (merged away)."""
    kept = {segment.segment_id() for segment in segments}
    for path in Path(folder).glob(f"{PREFIX}*.bin"):
        if path.stem[len(PREFIX):] not in kept:
            path.unlink(missing_ok=True)


def _aligned(size: int) -> int:
    return -(-size // 8) * 8
