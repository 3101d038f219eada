"""Phrases: which candidate documents hold the words one after another.

Whoosh's phrase matcher walks every document holding all the words; a phrase of common words
(`"yang dari untuk dengan ..."`) then reads the positions of most of the index. Here the
candidates come first, from the cached postings: documents holding every word, each as often
as the phrase repeats it (a phrase of `yang` a hundred times needs a hundred of them). Only
those are checked, a chunk at a time and word by word from the rarest: each word's positions
are read from the segment's bytes (`raw_postings.py`), skipping the blocks that hold none of
the documents where a start still lines up. The check stops at the query's deadline, answering
the chunks checked so far.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import numpy as np
from whoosh.query import Query

from search.whoosh_backend.raw_postings import RawSegment
from search.whoosh_backend.segment_writer import decode_positions

CHUNK = 512  # candidates checked between two looks at the clock


def phrase_documents(leaf, field: str, words: list[str], candidates: np.ndarray,
                     deadline: float | None) -> tuple[np.ndarray, bool]:
    """The candidates (ascending document numbers of one segment) holding `words` in a row,
    and whether the deadline cut the check short."""
    found: list[np.ndarray] = []
    # Rarest word first: most candidates are ruled out after reading two words' positions.
    order = sorted(range(len(words)), key=lambda i: leaf.doc_frequency(field, words[i]))
    for first in range(0, len(candidates), CHUNK):
        if deadline is not None and time.monotonic() > deadline:
            return _ascending(found), True
        docs = _in_a_row(leaf, field, words, order, candidates[first:first + CHUNK].tolist())
        found.append(np.array(docs, dtype=np.int64))
    return _ascending(found), False


def _in_a_row(leaf, field: str, words: list[str], order: list[int],
              docs: list[int]) -> list[int]:
    """Those of `docs` (ascending, in one segment) holding the words one after another."""
    return sorted(_starts(leaf, field, words, order, docs))


def _starts(leaf, field: str, words: list[str], order: list[int],
            docs: list[int]) -> dict[int, set[int]]:
    """Where the words start one after another in each of `docs` holding them: word by word,
    each word's positions read for the documents where a start is still possible."""
    starts: dict[int, set[int]] = {}
    raw = RawSegment(leaf)
    for rank, i in enumerate(order):
        values = _values(raw, field, words[i], docs)
        if rank == 0:
            starts = {doc: _starts_of(value, i) for doc, value in values.items()}
        else:
            starts = {doc: kept for doc in docs if doc in values
                      and (kept := starts[doc] & _starts_of(values[doc], i))}
        docs = sorted(starts)
        if not docs:
            break
    return starts


def _starts_of(value: bytes, index: int) -> set[int]:
    """Where a phrase starts if its word number `index` is at the positions `value` holds."""
    return set(decode_positions(value, -index))


def _values(raw: RawSegment, field: str, term: str, docs: list[int]) -> dict[int, Any]:
    """The term's posting values in those of `docs` holding it."""
    info = raw.info(field, term) if docs else None
    return raw.values_for(info, docs) if info is not None else {}


class Within(Query):
    """`query` (a Term or a Phrase) where it starts at a position one of `markers`, terms of
    the same field, also holds: what one speaker said, when a speaker's term covers the
    positions of their statements (`said.py`). Evaluated by `scoring.Evaluator`."""

    def __init__(self, query: Query, markers: tuple[str, ...], boost: float = 1.0) -> None:
        self.query = query
        self.markers = tuple(markers)
        self.boost = boost

    def __repr__(self) -> str:
        return f"Within({self.query!r}, {self.markers!r}, boost={self.boost})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Within) and self.query == other.query
                and self.markers == other.markers and self.boost == other.boost)

    def __hash__(self) -> int:
        return hash((self.query, self.markers, self.boost))

    def is_leaf(self) -> bool:
        return True

    @property
    def fieldname(self) -> str:
        return self.query.fieldname

    @property
    def words(self) -> list[str]:
        return list(getattr(self.query, "words", None) or [self.query.text])


def counts_within(leaf, field: str, words: list[str], markers: tuple[str, ...],
                  docs: list[int]) -> dict[int, int]:
    """For each of `docs` (ascending, in one segment, each holding every word) where the
    words start one after another at positions a marker also holds: how many times."""
    order = sorted(range(len(words)), key=lambda i: leaf.doc_frequency(field, words[i]))
    starts = _starts(leaf, field, words, order, docs)
    covered: dict[int, set[int]] = {}
    raw = RawSegment(leaf)
    for marker in markers:
        for doc, value in _values(raw, field, marker, sorted(starts)).items():
            covered.setdefault(doc, set()).update(decode_positions(value))
    return {doc: count for doc, where in starts.items()
            if (count := len(where & covered.get(doc, set())))}


def _ascending(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def repeats(words: list[str]) -> Counter:
    """How many times the phrase holds each word: a document needs at least as many."""
    return Counter(words)
