"""The index side of story grouping (search/stories.py): which indexed articles share a band."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from search.stories import IndexLookup
from search.whoosh_backend.schema import BODY, STORY, STORY_BANDS


def story_lookup(reader) -> IndexLookup:
    """(story id, body) of each live document of `reader` holding any of the band keys."""

    def lookup(bands: Iterable[str]) -> Iterator[tuple[str, str]]:
        seen: set[int] = set()
        for band in bands:
            if (STORY_BANDS, band) not in reader:
                continue
            for docnum in reader.postings(STORY_BANDS, band).all_ids():
                if docnum in seen or reader.is_deleted(docnum):
                    continue
                seen.add(docnum)
                stored = reader.stored_fields(docnum)
                if stored.get(STORY):
                    yield stored[STORY], stored.get(BODY, "")

    return lookup
