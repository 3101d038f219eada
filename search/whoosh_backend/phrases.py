"""Phrases: which candidate documents hold the words one after another.

Whoosh's phrase matcher walks every document holding all the words; a phrase of common words
(`"yang dari untuk dengan ..."`) then reads the positions of most of the index. Here the
candidates come first, from the cached postings: documents holding every word, each as often
as the phrase repeats it (a phrase of `yang` a hundred times needs a hundred of them). Only
those are checked, a chunk at a time and word by word from the rarest: each word's positions
are read a block at a time (`internals.values_of`) for the documents where a start still lines
up. The check stops at the query's deadline, answering the chunks checked so far.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np

from search.whoosh_backend.internals import values_of

CHUNK = 512  # candidates checked between two looks at the clock


def phrase_documents(leaf, field: str, words: list[str], candidates: np.ndarray,
                     deadline: float | None) -> tuple[np.ndarray, bool]:
    """The candidates (ascending document numbers of one segment) holding `words` in a row,
    and whether the deadline cut the check short."""
    found: list[np.ndarray] = []
    # Rarest word first: most candidates are ruled out after reading two words' positions.
    order = sorted(range(len(words)), key=lambda i: leaf.doc_frequency(field, words[i]))
    decode = leaf.schema[field].format.decoder("positions")
    for first in range(0, len(candidates), CHUNK):
        if deadline is not None and time.monotonic() > deadline:
            return _ascending(found), True
        docs = _in_a_row(leaf, field, words, order, decode,
                         candidates[first:first + CHUNK].tolist())
        found.append(np.array(docs, dtype=np.int64))
    return _ascending(found), False


def _in_a_row(leaf, field: str, words: list[str], order: list[int], decode,
              docs: list[int]) -> list[int]:
    """Those of `docs` (ascending, in one segment) holding the words one after another: word
    by word, each word's positions read for the documents where a start is still possible."""
    starts: dict[int, set[int]] = {}
    for rank, i in enumerate(order):
        values = values_of(leaf.postings(field, words[i]), docs)
        if rank == 0:
            starts = {doc: {position - i for position in decode(values[doc])} for doc in values}
        else:
            starts = {doc: kept for doc in docs if doc in values
                      and (kept := {s for s in starts[doc] if s + i in set(decode(values[doc]))})}
        docs = sorted(starts)
        if not docs:
            break
    return docs


def _ascending(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def repeats(words: list[str]) -> Counter:
    """How many times the phrase holds each word: a document needs at least as many."""
    return Counter(words)
