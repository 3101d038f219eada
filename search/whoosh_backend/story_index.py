"""The index side of story grouping (search/stories.py): which indexed articles share a band,
from the band keys each segment's column file holds (`columns.py`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from search.stories import IndexLookup, band_key
from search.whoosh_backend.columns import build_segment_columns
from search.whoosh_backend.schema import BODY, STORY
from search.whoosh_backend.segments import segment_key


def story_lookup(reader) -> IndexLookup:
    """(story id, body) of each live document of `reader` holding any of the band keys."""
    leaves = [(leaf, build_segment_columns(leaf)) for leaf, _ in reader.leaf_readers()
              if segment_key(leaf) is not None]  # an empty index's reader reads no segment

    def lookup(bands: Iterable[str]) -> Iterator[tuple[str, str]]:
        keys = [band_key(band) for band in bands]
        for leaf, columns in leaves:
            seen: set[int] = set()
            for key in keys:
                for docnum in columns.band_documents(key).tolist():
                    if docnum in seen or leaf.is_deleted(docnum):
                        continue
                    seen.add(docnum)
                    stored = leaf.stored_fields(docnum)
                    if stored.get(STORY):
                        yield stored[STORY], stored.get(BODY, "")

    return lookup
