"""Phrases: which candidate documents hold the words one after another.

Whoosh's phrase matcher walks every document holding all the words; a phrase of common words
(`"yang dari untuk dengan ..."`) then reads the positions of most of the index. Here the
candidates come first, from the cached postings: documents holding every word, each as often
as the phrase repeats it (a phrase of `yang` a hundred times needs a hundred of them). Only
those are checked, their positions read from the rarest word outward, and the check stops at
the query's deadline, answering the documents checked so far.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np

DEADLINE_EVERY = 32  # documents checked between two looks at the clock


def phrase_documents(reader, field: str, words: list[str], candidates: np.ndarray,
                     deadline: float | None) -> tuple[np.ndarray, bool]:
    """The candidates (ascending index-wide document numbers) holding `words` in a row, and
    whether the deadline cut the check short."""
    found: list[int] = []
    checked = 0
    rarest = min(range(len(words)), key=lambda i: reader.doc_frequency(field, words[i]))
    for leaf, base in reader.leaf_readers():
        local = candidates[(candidates >= base) & (candidates < base + leaf.doc_count_all())] - base
        if not len(local):
            continue
        matchers = {word: leaf.postings(field, word) for word in set(words)}
        for doc in local.tolist():
            if deadline is not None and checked % DEADLINE_EVERY == 0 and time.monotonic() > deadline:
                return np.array(found, dtype=np.int64), True
            checked += 1
            positions = {word: _positions(matcher, doc) for word, matcher in matchers.items()}
            starts = (p - rarest for p in positions[words[rarest]])
            if any(all(start + i in positions[word] for i, word in enumerate(words)) for start in starts):
                found.append(base + doc)
    return np.array(found, dtype=np.int64), False


def _positions(matcher, doc: int) -> frozenset[int]:
    matcher.skip_to(doc)
    if not matcher.is_active() or matcher.id() != doc:
        return frozenset()
    return frozenset(matcher.value_as("positions"))


def repeats(words: list[str]) -> Counter:
    """How many times the phrase holds each word: a document needs at least as many."""
    return Counter(words)
