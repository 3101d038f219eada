"""Query evaluation over numpy arrays: which documents match, and their BM25F scores.

Whoosh's matchers walk postings one document at a time in Python, which costs tens of
milliseconds per common word at 100,000 articles. Here each term's postings are read a block at a
time into arrays, and the query tree is evaluated as whole-index boolean masks and score vectors:
And intersects and adds, Or unites and adds, Not excludes. The scores are Whoosh's own BM25F
(same idf, length normalisation and field boosts), so the order is the one Whoosh would give.
Phrases need positions: their documents come from Whoosh, their score from their words.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.query import And, AndMaybe, AndNot, Not, NullQuery, Or, Phrase, Query, Term

from search.whoosh_backend.analysis import stem
from search.whoosh_backend.internals import LENGTH_TABLE, length_codes
from search.whoosh_backend.raw_postings import RawSegment
from search.whoosh_backend.phrases import Within, counts_within, phrase_documents, repeats
from search.whoosh_backend.schema import BODY, BODY_EXACT, SAID, TITLE, TITLE_EXACT
from search.whoosh_backend.segments import segment_key, version_key

K1 = 1.2
B = 0.75
POSTINGS_CACHE_BYTES = 128 * 1024 * 1024  # per process
# A phrase's candidates hold its this many rarest words: the others' postings, when common,
# cost more to read whole than their positions do for the candidates (`phrases.py`)
CANDIDATE_WORDS = 3
SCORED_FIELDS = (TITLE, TITLE_EXACT, BODY, BODY_EXACT, SAID)
STEMMED_TWIN = {TITLE_EXACT: TITLE, BODY_EXACT: BODY}  # an exact field -> its stemmed field


@dataclass(frozen=True)
class FieldLengths:
    """BM25's length normalization of each document in each scored field, K1 * (1 - B + B *
    length / average), computed once per index version instead of for every term of every
    query; and the fields' average lengths. The lengths themselves are not kept: a worker's
    memory holds one float per document and field, not three."""

    norms: dict[str, np.ndarray]
    averages: dict[str, float]


def build_lengths(reader, segment_lengths: Callable[[Any], dict[str, np.ndarray]] | None = None
                  ) -> FieldLengths:
    """The norms of every scored field of every document, from each segment's length codes
    (read by `segment_lengths`, a cache, when given) at their document-number bases.

    The averages count live documents only: the exact totals Whoosh keeps per segment, less the
    (byte-rounded) lengths of deleted documents, which a merge drops the same way
    (`merging.py`), so scores are the same before and after a merge."""
    read = segment_lengths or build_segment_lengths
    size = reader.doc_count_all()
    leaves = [(read(leaf), base) for leaf, base in reader.leaf_readers()]
    deleted = np.zeros(size, dtype=bool)
    for leaf, base in reader.leaf_readers():
        if leaf.has_deletions():
            deleted[base + np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)] = True
    live_count = size - int(deleted.sum())
    norms, averages = {}, {}
    for field in SCORED_FIELDS:
        lengths = np.zeros(size, dtype=np.float32)
        for leaf_codes, base in leaves:
            lengths[base:base + len(leaf_codes[field])] = LENGTH_TABLE[leaf_codes[field]]
        total = reader.field_length(field) - int(lengths[deleted].sum(dtype=np.float64))
        averages[field] = (total / live_count) if live_count else 1.0
        norms[field] = K1 * ((1 - B) + B * lengths / (averages[field] or 1.0))
    return FieldLengths(norms, averages)


def build_segment_lengths(leaf) -> dict[str, np.ndarray]:
    """One segment's length codes per scored field (a byte per document, as Whoosh keeps a
    length: `LENGTH_TABLE` gives the length); they never change, so they are kept per segment."""
    return {field: _leaf_codes(leaf, field) for field in SCORED_FIELDS}


def _leaf_codes(leaf, field: str) -> np.ndarray:
    codes = length_codes(leaf, field)
    if codes is None:  # no document holds the field: every length is 0, as LENGTH_TABLE[0]
        return np.zeros(leaf.doc_count_all(), dtype=np.uint8)
    return codes


def postings(reader, field: str, text) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights (term frequency times field boost) of one term."""
    ids, weights = [], []
    for leaf, base in reader.leaf_readers():
        leaf_ids, leaf_weights = _segment_postings(leaf, field, text)
        if len(leaf_ids):
            ids.append(leaf_ids + base)
            weights.append(leaf_weights)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def _segment_postings(leaf, field: str, text) -> tuple[np.ndarray, np.ndarray]:
    """One segment's postings of a term, read from its bytes (`raw_postings.py`)."""
    if segment_key(leaf) is not None:  # else an empty index's reader: no terms
        raw = RawSegment(leaf)
        info = raw.info(field, text)
        if info is not None:
            return raw.ids_and_weights(info)
    return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)


class PostingsCache:
    """Recently used postings arrays, up to a memory budget: a term's per segment (segments
    never change; deletions are masked by the evaluator) and a query's per index version.

    Reading a common word's postings means unpickling thousands of Whoosh blocks (most of a
    query's time at 100,000 articles); the words people search for repeat, so the arrays are
    kept, as Lucene keeps its filter cache."""

    def __init__(self, max_bytes: int = POSTINGS_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[np.ndarray, ...]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def peek(self, key: tuple) -> tuple[np.ndarray, ...] | None:
        """The arrays under `key`, or None (nothing is read)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        return None

    def get(
        self, key: tuple, read: Callable[[], tuple[np.ndarray, ...]]
    ) -> tuple[np.ndarray, ...]:
        """The arrays under `key`, read (and kept) on a miss."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        arrays = read()
        size = sum(array.nbytes for array in arrays)
        with self._lock:
            if key not in self._entries and size <= self.max_bytes:
                self._entries[key] = arrays
                self._bytes += size
                while self._bytes > self.max_bytes:
                    _, dropped = self._entries.popitem(last=False)
                    self._bytes -= sum(array.nbytes for array in dropped)
        return arrays


def new_postings_cache(reader) -> PostingsCache:
    """An empty cache (the reader is not needed: terms are kept per segment, which a commit
    does not change, and whole-query results under the reader's version)."""
    return PostingsCache()


class Evaluator:
    """Evaluates Whoosh query trees over one searcher as (mask, score) arrays."""

    def __init__(
        self, searcher, live: np.ndarray, lengths: FieldLengths, cache: PostingsCache | None = None,
        deadline: float | None = None,
    ) -> None:
        self.searcher = searcher
        self.deadline = deadline  # time.monotonic() past which a phrase check stops
        self.timed_out = False  # whether one did: the answer holds what was checked
        self.reader = searcher.reader()
        self.live = live
        self.lengths = lengths
        self.cache = cache or PostingsCache(0)
        self.size = len(live)
        # live documents: a merge drops the deleted
        self.doc_count = max(1, int(np.count_nonzero(live)))
        self.version = version_key(self.reader)
        # (leaf, base, segment id) of each segment, named once per query, not once per term
        self.leaves = [(leaf, base, segment_key(leaf)) for leaf, base in self.reader.leaf_readers()]

    def evaluate(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        """Mask of matching live documents and their scores (zero where not matching)."""
        mask, score = self._node(query)
        mask = mask & self.live
        return mask, (score * mask).astype(np.float32, copy=False)  # zero where not matching

    def _node(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(query, Term):
            mask, score = self._term(query.fieldname, query.text)
        elif isinstance(query, And):
            mask, score = self._combine(query.subqueries, np.logical_and)
        elif isinstance(query, Or):
            mask, score = self._combine(query.subqueries, np.logical_or)
        elif isinstance(query, Not):
            inner, _ = self._node(query.query)
            mask, score = ~inner, self._zeros()
        elif isinstance(query, AndNot):
            mask, score = self._node(query.a)
            mask = mask & ~self._node(query.b)[0]
        elif isinstance(query, AndMaybe):
            mask, score = self._node(query.a)
            score = score + np.where(mask, self._node(query.b)[1], 0)
        elif query is NullQuery:
            mask, score = np.zeros(self.size, dtype=bool), self._zeros()
        elif isinstance(query, Phrase):
            mask, score = self._phrase(query)
        elif isinstance(query, Within):
            mask, score = self._within(query)
        else:  # anything rarer: Whoosh finds the documents, unscored
            mask, score = self._whoosh_mask(query), self._zeros()
        return mask, score * query.boost if query.boost != 1 else score

    def _combine(self, subqueries, operator) -> tuple[np.ndarray, np.ndarray]:
        if not subqueries:
            return np.zeros(self.size, dtype=bool), self._zeros()
        if operator is np.logical_or and all(type(sub) is Term for sub in subqueries):
            return self._any_term(subqueries)
        mask, score = self._node(subqueries[0])
        for sub in subqueries[1:]:
            sub_mask, sub_score = self._node(sub)
            mask = operator(mask, sub_mask)
            score = score + sub_score
        return mask, score

    def _any_term(self, terms: list[Term]) -> tuple[np.ndarray, np.ndarray]:
        """A word over several fields (a query word is one such Or): each term's postings and
        scores set into one mask and one score array, with no whole-index array per term."""
        mask, score = np.zeros(self.size, dtype=bool), self._zeros()
        for term in terms:
            ids, weights = self._postings(term.fieldname, term.text)
            if len(ids) == 0:
                continue
            mask[ids] = True
            if term.fieldname in self.lengths.norms:
                # rounded as a term's own score array would be, so the sum is the same
                term_score = self._bm25(term.fieldname, term.text, ids, weights).astype(np.float32)
                score[ids] += term_score * term.boost if term.boost != 1 else term_score
        return mask, score

    def _term(self, field: str, text) -> tuple[np.ndarray, np.ndarray]:
        mask, score = np.zeros(self.size, dtype=bool), self._zeros()
        ids, weights = self._postings(field, text)
        if len(ids) == 0:
            return mask, score
        mask[ids] = True
        if field in self.lengths.norms:
            score[ids] = self._bm25(field, text, ids, weights)
        return mask, score

    def _postings(self, field: str, text) -> tuple[np.ndarray, np.ndarray]:
        """The term's postings over the whole index, from each segment's cached arrays, laid
        end to end at their bases in one pass."""
        found = []
        for leaf, base, segment in self.leaves:
            if segment is None:
                leaf_ids, leaf_weights = postings(leaf, field, text)
            else:
                leaf_ids, leaf_weights = self.cache.get(
                    ("term", segment, field, text), lambda leaf=leaf: postings(leaf, field, text))
            if len(leaf_ids):
                found.append((leaf_ids, leaf_weights, base))
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if len(found) == 1 and not found[0][2]:
            return found[0][0], found[0][1]
        total = sum(len(leaf_ids) for leaf_ids, _, _ in found)
        ids = np.empty(total, dtype=np.result_type(*(leaf_ids for leaf_ids, _, _ in found)))
        weights = np.empty(total, dtype=np.result_type(*(leaf_weights for _, leaf_weights, _ in found)))
        at = 0
        for leaf_ids, leaf_weights, base in found:
            np.add(leaf_ids, base, out=ids[at:at + len(leaf_ids)], casting="unsafe")
            weights[at:at + len(leaf_ids)] = leaf_weights
            at += len(leaf_ids)
        return ids, weights

    def _bm25(self, field: str, text, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        # Whoosh's BM25F: idf = log(N / (df + 1)) + 1, tf saturated against the field length;
        # N and df count live documents (Whoosh's count deleted ones until a merge drops them).
        live = len(ids) if self.doc_count == self.size else int(np.count_nonzero(self.live[ids]))
        idf = math.log(self.doc_count / (live + 1)) + 1
        score = weights * (K1 + 1)  # idf * (weights * (K1 + 1)) / (weights + norm), in place
        score *= idf
        score /= weights + self.lengths.norms[field][ids]
        return score

    def _phrase(self, query: Phrase) -> tuple[np.ndarray, np.ndarray]:
        if query.slop != 1 or len(query.words) < 2:
            mask = self._whoosh_mask(query)
        else:
            mask = self._phrase_mask(query.fieldname, list(query.words))
        score = self._zeros()
        if not mask.any():  # nothing to score: the words' postings need not be read
            return mask, score
        for word in dict.fromkeys(query.words):
            score += self._term(query.fieldname, word)[1]
        return mask, np.where(mask, score, 0)

    def _phrase_mask(self, field: str, words: list[str]) -> np.ndarray:
        """Documents holding the words in a row: candidates from the postings of the rarest
        words (as often as the phrase has them), then their positions (`phrases.py`, which
        reads every word's only where a start still lines up), within the deadline. A
        segment's answer is kept (segments never change; deletions are masked later), so a
        phrase asked again, or after a commit, checks only segments it has not seen."""
        candidates = None  # computed when a segment's answer is not kept
        mask = np.zeros(self.size, dtype=bool)
        for leaf, base, segment in self.leaves:
            key = ("phrase", segment, field, tuple(words))
            cached = self.cache.peek(key) if segment is not None else None
            if cached is None:
                if candidates is None:
                    rarest = sorted(dict.fromkeys(words),
                                    key=lambda word: self.reader.doc_frequency(field, word))
                    candidates = self._holding(
                        field, [word for word in words if word in rarest[:CANDIDATE_WORDS]])
                local = np.flatnonzero(candidates[base:base + leaf.doc_count_all()])
                twin = self._stemmed_twin_answer(segment, field, words)
                if twin is not None:
                    local = np.intersect1d(local, twin, assume_unique=True)
                docs, timed_out = phrase_documents(leaf, field, words, local, self.deadline)
                self.timed_out = self.timed_out or timed_out
                if not timed_out and segment is not None:
                    self.cache.get(key, lambda docs=docs: (docs,))
                cached = (docs,)
            mask[base + cached[0]] = True
        return mask

    def _stemmed_twin_answer(self, segment, field: str, words: list[str]) -> np.ndarray | None:
        """For an exact field's phrase of words that are their own roots, the segment's kept
        answer for the same words in its stemmed twin, if any: a superset of this one. Where
        the exact field holds a form, the stemmed field holds its root (or, for a name, the
        form itself) at the same position, so when every word is its own root the exact
        phrase is found only where the stemmed one is."""
        twin = STEMMED_TWIN.get(field)
        if twin is None or segment is None or any(stem(word) != word for word in words):
            return None
        kept = self.cache.peek(("phrase", segment, twin, tuple(words)))
        return None if kept is None else kept[0]

    def _holding(self, field: str, words: list[str]) -> np.ndarray:
        """Documents holding every word, each as often as `words` repeats it."""
        candidates = np.ones(self.size, dtype=bool)
        boost = self.reader.schema[field].format.field_boost or 1.0
        for word, count in repeats(words).items():
            ids, weights = self._postings(field, word)
            holding = np.zeros(self.size, dtype=bool)
            holding[ids[weights >= count * boost - 1e-6] if count > 1 else ids] = True
            candidates &= holding
        return candidates

    def _within(self, query: Within) -> tuple[np.ndarray, np.ndarray]:
        """Documents where the words start one after another at a position a marker holds
        (`phrases.Within`). A word scores as BM25 of the times it occurs there; a phrase, as
        the sum of its words'. A phrase's slop is not looked at: its words are in a row."""
        field, words = query.fieldname, query.words
        candidates = self._holding(field, words)
        marked = np.zeros(self.size, dtype=bool)
        for marker in query.markers:
            marked[self._postings(field, marker)[0]] = True
        candidates &= marked
        counts = np.zeros(self.size, dtype=np.float32)
        for leaf, base in self.reader.leaf_readers():
            local = np.flatnonzero(candidates[base:base + leaf.doc_count_all()])
            if len(local):
                found = counts_within(leaf, field, words, query.markers, local.tolist())
                counts[base + np.fromiter(found, dtype=np.int64, count=len(found))] = list(found.values())
        mask, score = counts > 0, self._zeros()
        if len(words) > 1:
            for word in dict.fromkeys(words):
                score += self._within(Within(Term(field, word), query.markers))[1]
            return mask, np.where(mask, score, 0)
        ids = np.flatnonzero(mask)
        if len(ids) and field in self.lengths.norms:
            boost = self.reader.schema[field].format.field_boost or 1.0
            score[ids] = self._bm25(field, words[0], ids, counts[ids] * boost)
        return mask, score

    def _whoosh_mask(self, query: Query) -> np.ndarray:
        def read() -> tuple[np.ndarray]:
            return (np.fromiter(self.searcher.docs_for_query(query), dtype=np.int64),)

        (docs,) = self.cache.get(("query", self.version, repr(query)), read)
        mask = np.zeros(self.size, dtype=bool)
        mask[docs] = True
        return mask

    def _zeros(self) -> np.ndarray:
        return np.zeros(self.size, dtype=np.float32)
