"""One story, many outlets: near-duplicate bodies grouped into stories at index time.

A body's fingerprint is a MinHash (datasketch) of its word shingles: five consecutive words,
case-folded, digits kept, so two copies of one story share nearly all shingles while two
stories on one topic share few. Boilerplate and datelines are already off the body, so a copy
that reprints a story under another dateline and outlet line, drops a sentence or adds a
"Baca juga" line still shares most of them.

Candidates are found by locality-sensitive hashing: the signature is cut into bands, and two
bodies sharing a band's values are compared; a pair whose Jaccard similarity reaches
`SAME_STORY` (measured on the shingles themselves) is one story. The bands are indexed with the article, so a new article finds its
story in the index without any rebuild (`StoryGrouper`, given the index's lookup).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

import numpy as np

from search.article import Article

SHINGLE_WORDS = 5
PERMUTATIONS = 48
BANDS = 24  # of 2 rows: a pair of similarity 0.4 shares a band with probability 0.985, of
ROWS = PERMUTATIONS // BANDS  # 0.5 with 0.999; of 0.1 (two stories on one topic) with 0.21
SAME_STORY = 0.4  # Jaccard similarity of shingles from which two bodies are one story
MIN_SHINGLES = 10  # a body shorter than this (a caption, a stub) forms no story with others
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    """A body's LSH band keys (text, as the index stores them) from its MinHash signature, and
    its shingles' hashes, to measure a candidate's similarity exactly: MinHash's estimate errs
    by 0.06 at 64 permutations, the width of the gap between a copy with a sentence dropped
    and a follow-up story that reprints the background paragraphs."""

    bands: tuple[str, ...]
    shingles: np.ndarray  # sorted distinct CRC-32 of the shingles

    def similarity(self, other: Fingerprint) -> float:
        """Jaccard similarity of the two bodies' shingles."""
        shared = len(np.intersect1d(self.shingles, other.shingles, assume_unique=True))
        return shared / (len(self.shingles) + len(other.shingles) - shared)


def fingerprint(body: str) -> Fingerprint | None:
    """The body's fingerprint; None for a body too short to tell a copy from a coincidence."""
    hashes = _shingle_hashes(body)
    if len(hashes) < MIN_SHINGLES:
        return None
    signature = _signature(hashes)
    bands = tuple(f"{band:02d}{zlib.crc32(signature[band * ROWS:(band + 1) * ROWS].tobytes()):08x}"
                  for band in range(BANDS))
    return Fingerprint(bands, hashes)


def _shingle_hashes(body: str) -> np.ndarray:
    """The distinct 32-bit hashes of the body's shingles, sorted: each word hashed once
    (CRC-32), each run of `SHINGLE_WORDS` word hashes combined as a polynomial, in numpy."""
    words = _WORD.findall(body.casefold())
    count = len(words) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint32)
    word_hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):
        combined = (combined * np.uint64(_MULTIPLIER) + word_hashes[offset:offset + count]) & np.uint64(0xFFFFFFFF)
    return np.unique(combined.astype(np.uint32))


_MULTIPLIER = 1_000_003  # an odd prime: the combined hash depends on the words' order


def _signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature of shingles already hashed (with CRC-32: stable across processes,
    unlike Python's hash), under datasketch's permutations for `PERMUTATIONS` and seed 1: what
    datasketch's `MinHash.update_batch` computes, on the array at once rather than through a
    Python list and a hash call per shingle (a test holds the two equal)."""
    global _PERMUTATIONS
    if _PERMUTATIONS is None:
        from datasketch import MinHash  # imported by the indexer only

        _PERMUTATIONS = MinHash(num_perm=PERMUTATIONS, seed=1).permutations  # drawing them is slow
    multipliers, increments = _PERMUTATIONS
    permuted = hashes.astype(np.uint64)[:, np.newaxis] * multipliers  # wraps at 2**64, as theirs
    permuted += increments
    # modulo the Mersenne prime 2**61 - 1 without a division: 2**61 is 1 modulo it
    high = permuted >> np.uint64(61)
    permuted &= _MERSENNE_PRIME
    permuted += high
    np.subtract(permuted, _MERSENNE_PRIME, out=permuted, where=permuted >= _MERSENNE_PRIME)
    permuted &= _MAX_HASH
    return permuted.min(axis=0)


_PERMUTATIONS = None
_MERSENNE_PRIME = np.uint64((1 << 61) - 1)  # datasketch's modulus and hash range
_MAX_HASH = np.uint64((1 << 32) - 1)


def new_story_id(article_id: str) -> str:
    """A story's id, from the id of the article that started it: stable across rebuilds."""
    return hashlib.sha1(f"story:{article_id}".encode("utf-8")).hexdigest()[:12]


# (story id, body) of the indexed articles holding any of these band keys
IndexLookup = Callable[[Iterable[str]], Iterable[tuple[str, str]]]


@dataclass
class StoryGrouper:
    """Gives each article of a run its story: that of the first article found through a
    shared band, earlier in the run or in the index as it was before the run (`lookup`),
    whose body is at least `SAME_STORY` the same; else a story of its own.

    The run's articles are remembered compactly (each band's first holder, and the shingle
    hashes): about 3 KB an article in the indexing process, nothing in the web workers."""

    lookup: IndexLookup
    _stories: list[str] = field(default_factory=list)  # run article -> its story
    _prints: list[np.ndarray] = field(default_factory=list)  # run article -> its shingle hashes
    _by_band: dict[int, int] = field(default_factory=dict)  # band key -> first run article

    def assign(self, article_id: str, body: str) -> tuple[str, tuple[str, ...]]:
        """The article's story id and its band keys (empty for a body too short to group)."""
        print_ = fingerprint(body)
        if print_ is None:
            return new_story_id(article_id), ()
        story = next((story for story, other in self._candidates(print_)
                      if print_.similarity(other) >= SAME_STORY), None) or new_story_id(article_id)
        for band in print_.bands:
            self._by_band.setdefault(band_key(band), len(self._stories))
        self._stories.append(story)
        self._prints.append(print_.shingles)
        return story, print_.bands

    def grouped(self, articles: Iterable[Article]) -> Iterator[tuple[Article, tuple[str, ...]]]:
        """Each article with its story set, and its band keys, in order."""
        for article in articles:
            story, bands = self.assign(article.id, article.body)
            yield replace(article, story=story), bands

    def _candidates(self, print_: Fingerprint) -> Iterator[tuple[str, Fingerprint]]:
        """Articles sharing a band: the run's first (their shingles are at hand), then the
        index's, fingerprinted from their stored bodies as they are needed."""
        holders = dict.fromkeys(self._by_band[key] for band in print_.bands
                                if (key := band_key(band)) in self._by_band)
        for holder in holders:
            yield self._stories[holder], Fingerprint((), self._prints[holder])
        for story, body in self.lookup(print_.bands):
            other = fingerprint(body)
            if other is not None:
                yield story, other


def band_key(band: str) -> int:
    """A band key as an integer below 2**40 (its band number and hash): compact in the run's
    memory and in the index's column files."""
    return int(band, 16)
