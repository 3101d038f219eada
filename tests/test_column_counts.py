"""Counting facet values and finding a story's copies from the columns: the narrow paths (a
selection's own pairs, a story's own documents) give what a pass over every pair gives."""

from __future__ import annotations

import numpy as np
import pytest

from search.whoosh_backend.columns import DocColumns, _value_column
from search.whoosh_backend.facets import _distinct_counts, _missing
from search.whoosh_backend.selection import Selection


def _every_pair(column, mask: np.ndarray) -> np.ndarray:
    return np.bincount(column.code[mask[column.doc]], minlength=len(column.names))


def _segments(rng, size: int, names: tuple[str, ...], per_doc: int, by_term: bool):
    """Two segments of random (document, value) pairs, each document holding 0 to `per_doc`
    values; `by_term` lists them value by value, as pairs read from postings come."""
    half = size // 2
    segments = []
    for base, count in ((0, half), (half, size - half)):
        pairs = sorted({(doc, int(code)) for doc in range(count)
                        for code in rng.integers(0, len(names), rng.integers(0, per_doc + 1))},
                       key=(lambda pair: (pair[1], pair[0])) if by_term else None)
        doc = np.array([d for d, _ in pairs], dtype=np.int32)
        code = np.array([c for _, c in pairs], dtype=np.int32)
        segments.append(((names, doc, code), base))
    return segments


@pytest.mark.parametrize("by_term", [False, True])
@pytest.mark.parametrize("per_doc", [4, 1])  # 1: a single-valued column, as outlets are
@pytest.mark.parametrize("share", [0.0, 0.002, 0.05, 0.3, 0.6, 0.97, 1.0])
def test_counts_equal_a_pass_over_every_pair(by_term, per_doc, share):
    rng = np.random.default_rng(7)
    size, names = 5000, tuple(f"nama {i:03d}" for i in range(40))
    column = _value_column(size, _segments(rng, size, names, per_doc, by_term), dict)
    assert np.all(column.doc[1:] >= column.doc[:-1])
    assert column.single_valued == (per_doc == 1)
    mask = rng.random(size) < share
    assert np.array_equal(column.counts(mask), _every_pair(column, mask))
    assert _missing(column, Selection(mask)) == np.count_nonzero(mask & ~column.has_value)


@pytest.mark.parametrize("keys", [
    [], [201805], [201805, 201805, 201712, 202001], [2016, 2018, 2016, 2017],
    [1, 202001, 202001, 999912],  # stray dates far from the rest: sorted, not counted
    list(np.random.default_rng(5).integers(199001, 202612, 3000)),
])
def test_date_buckets_are_the_distinct_keys_and_their_counts(keys):
    keys = np.array(keys, dtype=np.int32)
    found, counts = _distinct_counts(keys)
    expected, expected_counts = np.unique(keys, return_counts=True)
    assert found.tolist() == expected.tolist() and counts.tolist() == expected_counts.tolist()


def test_a_column_with_few_pairs_counts_the_same():
    rng = np.random.default_rng(3)
    column = _value_column(3000, _segments(rng, 3000, ("a", "b"), 1, False), dict)
    mask = rng.random(3000) < 0.01
    assert np.array_equal(column.counts(mask), _every_pair(column, mask))


def test_story_members_are_the_documents_of_the_story():
    rng = np.random.default_rng(11)
    size, stories = 2000, 37
    story = rng.integers(-1, stories, size).astype(np.int32)
    columns = DocColumns(live=np.ones(size, dtype=bool), values={}, published=np.zeros(size, np.int64),
                         month=np.zeros(size, np.int32), story=story,
                         story_ids=tuple(f"s{i}" for i in range(stories)))
    for code in range(stories):
        assert columns.story_members(code).tolist() == np.flatnonzero(story == code).tolist()
