"""Facet columns written by the indexer beside each segment hold what its postings hold, and
go when their segment goes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from indexing import article, build_index, seed_articles
from search.whoosh_backend.merging import MERGE_FACTOR
from search.whoosh_backend.column_files import PREFIX
from search.whoosh_backend.columns import STORY, VALUE_FIELDS, _pairs, _published, build_segment_columns
from search.whoosh_backend.internals import committed_segments
from search.whoosh_backend.schema import open_index
from search.whoosh_backend.writing import write_articles


def _as_pairs(names, doc, code) -> set[tuple[int, str]]:
    return {(int(d), names[c]) for d, c in zip(doc, code)}


def test_mapped_columns_hold_what_the_postings_hold(seeds_dir, tmp_path):
    index_dir = build_index(tmp_path, seed_articles(seeds_dir))
    assert len(list(Path(index_dir).glob(f"{PREFIX}*.bin"))) == 1
    with open_index(index_dir).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            mapped = build_segment_columns(leaf)
            assert isinstance(mapped.published, np.memmap) or isinstance(mapped.published.base, np.memmap)
            for name, field in VALUE_FIELDS.items():
                assert _as_pairs(*mapped.values[name]) == _as_pairs(*_pairs(leaf, field)), name
            assert _as_pairs(*mapped.story) == _as_pairs(*_pairs(leaf, STORY))
            assert np.array_equal(mapped.published, _published(leaf, leaf.doc_count_all()))


def test_a_merge_writes_the_column_file_and_leaves_none_of_the_merged_away(tmp_path):
    index_dir = tmp_path / "index"
    for run in range(MERGE_FACTOR):  # small runs: merged once a tier holds MERGE_FACTOR
        write_articles(index_dir, [article(f"a{run}", f"Judul {run}", f"Isi berita nomor {run} tentang banjir.",
                                           outlet="Kompas.com", published="2024-03-04")])
    ix = open_index(index_dir)
    live = {segment.segment_id() for segment in committed_segments(ix.storage, ix.indexname)}
    files = {path.stem[len(PREFIX):] for path in Path(index_dir).glob(f"{PREFIX}*.bin")}
    assert files == live and len(live) == 1
    with ix.searcher() as searcher:
        assert searcher.doc_count() == MERGE_FACTOR


def test_a_damaged_small_segment_is_refused_with_the_rebuild_command(seeds_dir, tmp_path):
    """A small segment is checked whole against the checksum its column file records when a
    process first reads it: one byte changed anywhere is enough."""
    import pytest

    from search.errors import IndexUnavailable
    from search.whoosh_backend.service import WhooshBackend

    index_dir = build_index(tmp_path, seed_articles(seeds_dir))
    assert WhooshBackend(index_dir).health()["status"] == "ok"
    segment = next(Path(index_dir).glob("*.seg"))
    data = bytearray(segment.read_bytes())
    data[len(data) // 3] ^= 0x01  # one bit, inside the data rather than the headers read at open
    segment.write_bytes(bytes(data))
    with pytest.raises(IndexUnavailable, match=r"cannot be read: segment \w+ is damaged .*--rebuild"):
        WhooshBackend(index_dir).health()
