"""One story, many outlets: near-duplicate bodies grouped into stories at index time.

A body's fingerprint is a MinHash (datasketch) of its word shingles: five consecutive words,
case-folded, digits kept, so two copies of one story share nearly all shingles while two
stories on one topic share few. Boilerplate and datelines are already off the body, so a copy
that reprints a story under another dateline and outlet line, drops a sentence or adds a
"Baca juga" line still shares most of them.

Candidates are found by locality-sensitive hashing: the signature is cut into bands, and two
bodies sharing a band's values are compared; a pair whose estimated Jaccard similarity reaches
`SAME_STORY` is one story. The bands are indexed with the article, so a new article finds its
story in the index without any rebuild (`StoryGrouper`, given the index's lookup).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

import numpy as np

from search.article import Article

SHINGLE_WORDS = 5
PERMUTATIONS = 64
BANDS = 32  # of 2 rows: a pair of similarity 0.4 shares a band with probability 0.996, of
ROWS = PERMUTATIONS // BANDS  # 0.5 with 0.9999, of 0.1 (two stories on one topic) with 0.27
SAME_STORY = 0.4  # estimated Jaccard similarity of shingles from which two bodies are one story
MIN_SHINGLES = 10  # a body shorter than this (a caption, a stub) forms no story with others
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    """A body's MinHash signature and its LSH band keys (text, as the index stores them)."""

    signature: np.ndarray
    bands: tuple[str, ...]

    def similarity(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two bodies' shingles."""
        return float(np.count_nonzero(self.signature == other.signature)) / len(self.signature)


def fingerprint(body: str) -> Fingerprint | None:
    """The body's fingerprint; None for a body too short to tell a copy from a coincidence."""
    from datasketch import LeanMinHash, MinHash  # imported by the indexer only

    words = _WORD.findall(body.casefold())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8")
                for i in range(len(words) - SHINGLE_WORDS + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    minhash.update_batch(list(shingles))
    signature = LeanMinHash(minhash).hashvalues
    bands = tuple(f"{band:02d}{hashlib.blake2b(signature[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=6).hexdigest()}"
                  for band in range(BANDS))
    return Fingerprint(signature, bands)


def new_story_id(article_id: str) -> str:
    """A story's id, from the id of the article that started it: stable across rebuilds."""
    return hashlib.sha1(f"story:{article_id}".encode("utf-8")).hexdigest()[:12]


# (story id, body) of the indexed articles holding any of these band keys
IndexLookup = Callable[[Iterable[str]], Iterable[tuple[str, str]]]


@dataclass
class StoryGrouper:
    """Gives each article of a run its story: that of the most similar article found through
    a shared band, in the index (`lookup`) or earlier in the run, else a story of its own."""

    lookup: IndexLookup
    _run: dict[str, list[tuple[str, Fingerprint]]] = field(default_factory=dict)  # band -> seen

    def assign(self, article_id: str, body: str) -> tuple[str, tuple[str, ...]]:
        """The article's story id and its band keys (empty for a body too short to group)."""
        print_ = fingerprint(body)
        if print_ is None:
            return new_story_id(article_id), ()
        best, best_similarity = None, SAME_STORY
        for story, other in self._candidates(print_):
            similarity = print_.similarity(other)
            if similarity >= best_similarity and (best is None or similarity > best_similarity
                                                   or story < best):
                best, best_similarity = story, similarity
        story = best or new_story_id(article_id)
        for band in print_.bands:
            self._run.setdefault(band, []).append((story, print_))
        return story, print_.bands

    def grouped(self, articles: Iterable[Article]) -> Iterator[tuple[Article, tuple[str, ...]]]:
        """Each article with its story set, and its band keys, in order."""
        for article in articles:
            story, bands = self.assign(article.id, article.body)
            yield replace(article, story=story), bands

    def _candidates(self, print_: Fingerprint) -> Iterable[tuple[str, Fingerprint]]:
        seen: set[int] = set()
        for band in print_.bands:
            for story, other in self._run.get(band, ()):
                if id(other) not in seen:
                    seen.add(id(other))
                    yield story, other
        for story, body in self.lookup(print_.bands):
            other = fingerprint(body)
            if other is not None:
                yield story, other
