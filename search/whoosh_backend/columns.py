"""Facet columns: per-document outlet, actors and publication time as numpy arrays.

They are read once per segment (segments never change but for deletions) from the segment's
postings and its `published` column, and assembled for each index version by concatenation
(Whoosh's `groupedby` over the overlapping actors field is an order of magnitude slower at
100,000 articles). The facets (`search/whoosh_backend/facets.py`) filter and count over them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from whoosh.fields import FieldType

from search.actor_tables import tables
from search.whoosh_backend.column_files import columns_path, read_arrays, verify_if_small, write_arrays
from search.whoosh_backend.field_terms import indexer
from search.whoosh_backend.internals import EPOCH, segment_folder
from search.stories import band_key
from search.whoosh_backend.schema import (
    ACTORS, AUTHOR, OUTLET, PLACE_FACET, PUBLISHED, SPEAKERS, STORY,
)
from search.whoosh_backend.raw_postings import RawSegment
from search.whoosh_backend.segments import SegmentCache, VersionCache
from search.whoosh_backend.selection import Selection, selection

MISSING_MONTH = 0
NO_DATE = np.iinfo(np.int64).max
# value facet name (search.facets) -> the indexed field its values come from
VALUE_FIELDS = {"outlet": OUTLET, "actor": ACTORS, "author": AUTHOR, "place": PLACE_FACET,
                "speaker": SPEAKERS}
# value facet name -> its reviewed aliases (alias -> the name the index holds)
VALUE_ALIASES: dict[str, Callable[[], Mapping[str, str]]] = {"actor": lambda: tables().aliases,
                                                              "speaker": lambda: tables().aliases}
Pairs = tuple[tuple[str, ...], np.ndarray, np.ndarray]  # names, document and code of each pair
# uint64 story band keys (search/stories.py `band_key`), ascending, and the int32 document
# holding each: a segment's index from band to documents
Bands = tuple[np.ndarray, np.ndarray]
BANDS = "_story_bands"  # the document key the indexer gives an article's band keys in
WIDE_SELECTION = 4  # pairs per matched document below which counting reads every pair


@dataclass(frozen=True)
class ValueColumn:
    """One value facet over the index: a (document, value) pair for each value a document
    holds (an outlet, an actor, ...), values coded into their sorted names."""

    names: tuple[str, ...]
    doc: np.ndarray  # int32 document number of each pair, ascending
    code: np.ndarray  # int32 code of each pair's value into names
    has_value: np.ndarray  # bool per document: holds at least one value
    aliases: Callable[[], Mapping[str, str]] = dict  # the facet's reviewed aliases

    def counts(self, mask: np.ndarray | Selection) -> np.ndarray:
        """Documents of `mask` holding each value, per code. A mask of most documents is
        counted as what it leaves out, taken from every document's counts."""
        chosen = selection(mask)
        if chosen.count * 2 > len(chosen.mask):
            return self.all_counts - self._counts(chosen.rest)
        return self._counts(chosen)

    def _counts(self, chosen: Selection) -> np.ndarray:
        """Over every pair once when they are few against the matches, else over the matched
        documents' pairs only (`starts`)."""
        if len(self.doc) <= chosen.count * WIDE_SELECTION:
            return np.bincount(self.code[chosen.mask[self.doc]], minlength=len(self.names))
        matched_docs = chosen.docs
        if self.single_valued:  # a document's code is its first: no runs to lay end to end
            return np.bincount(self.first[matched_docs] + 1, minlength=len(self.names) + 1)[1:]
        first = self.starts[matched_docs]
        sizes = self.starts[matched_docs + 1] - first
        # each matched document's run of pairs, end to end: first[i], first[i] + 1, ...
        runs = np.repeat(first - (np.cumsum(sizes) - sizes), sizes) + np.arange(sizes.sum())
        return np.bincount(self.code[runs], minlength=len(self.names))

    @cached_property
    def single_valued(self) -> bool:
        """Whether no document holds two values (an outlet, a place): built on first use."""
        return bool(np.all(self.doc[1:] != self.doc[:-1]))

    @cached_property
    def codes(self) -> dict[str, int]:
        """Case-folded name -> code (built on first use: a filter, a selected value)."""
        return {name.casefold(): code for code, name in enumerate(self.names)}

    @cached_property
    def all_counts(self) -> np.ndarray:
        """Documents holding each value, deleted ones included, per code."""
        return np.bincount(self.code, minlength=len(self.names))

    @cached_property
    def starts(self) -> np.ndarray:
        """int32 per document and one more: where its pairs start (`doc` is ascending), built
        on first use."""
        starts = np.zeros(len(self.has_value) + 1, dtype=np.int32)
        np.cumsum(np.bincount(self.doc, minlength=len(self.has_value)), out=starts[1:])
        return starts

    @cached_property
    def first(self) -> np.ndarray:
        """int32 per document: the code of its first value, -1 if none (built on first use:
        the outlet's, to name a story's copies; a single-valued column's, to count it)."""
        first = np.full(len(self.has_value), -1, dtype=np.int32)
        first[self.doc[::-1]] = self.code[::-1]  # of a document's pairs, the first one wins
        return first

    @cached_property
    def words(self) -> dict[str, tuple[int, ...]]:
        """Case-folded word of a name (or of an alias of it) -> codes of the names: built on
        first use (type-ahead, `actor:`), not by every worker's first search."""
        return _words(self.names, self.aliases())


@dataclass(frozen=True)
class DocColumns:
    """Per-document facet values for one version of the index, indexed by document number."""

    live: np.ndarray  # bool: not deleted
    values: dict[str, ValueColumn]  # value facet name -> its column
    published: np.ndarray  # int64 Whoosh datetime longs of the wall-clock time; NO_DATE if none
    month: np.ndarray  # int32 yyyymm; 0 when unknown
    story: np.ndarray  # int32 code of each document's story (search/stories.py); -1 if none
    story_ids: tuple[str, ...]  # the story ids, sorted: a code's id

    @property
    def doc_count(self) -> int:
        """Number of document slots, deleted ones included."""
        return len(self.live)

    def story_members(self, code: int) -> np.ndarray:
        """The documents of the story coded `code`, ascending."""
        order, starts = self._by_story
        return order[starts[code]:starts[code + 1]]

    @cached_property
    def _by_story(self) -> tuple[np.ndarray, np.ndarray]:
        """The documents ordered by story code, and where each code's run starts (built on
        first use): a hit's copies are found without a pass over every document."""
        order = np.argsort(self.story, kind="stable").astype(np.int32)
        return order, np.searchsorted(self.story[order], np.arange(len(self.story_ids) + 1))


@dataclass(frozen=True)
class SegmentColumns:
    """Facet values of one segment's documents, deleted ones included, in the segment's own
    document numbers and codes (its own sorted lexicon of each facet's values)."""

    values: dict[str, Pairs]
    published: np.ndarray  # int64, NO_DATE if none
    story: Pairs
    bands: Bands

    def band_documents(self, key: int) -> np.ndarray:
        """The documents (deleted ones included) holding the band key."""
        keys, docs = self.bands
        return docs[np.searchsorted(keys, key, "left"):np.searchsorted(keys, key, "right")]


def build_segment_columns(leaf) -> SegmentColumns:
    """One segment's facet values and dates: mapped from the file the indexer wrote beside it,
    else read from its postings and its date column (a segment Whoosh merged)."""
    folder = segment_folder(leaf)
    mapped = read_arrays(columns_path(folder, leaf.segment().segment_id())) if folder else None
    if mapped is not None:
        arrays, names, checksum = mapped
        verify_if_small(folder, leaf.segment(), checksum)
        pairs = {name: (tuple(names[name]), arrays[f"{name}.doc"], arrays[f"{name}.code"])
                 for name in names}
        story = pairs.pop("story")
        bands = (arrays["bands.key"], arrays["bands.doc"])
        return SegmentColumns(pairs, arrays["published"], story, bands)
    values = {name: _pairs(leaf, field) for name, field in VALUE_FIELDS.items()}
    no_bands = (np.zeros(0, np.uint64), np.zeros(0, np.int32))  # only the indexer writes them
    return SegmentColumns(values, _published(leaf, leaf.doc_count_all()), _pairs(leaf, STORY),
                          no_bands)


def write_segment_columns(path, schema, documents: Sequence[Mapping[str, Any]], checksum: int) -> None:
    """Write the facet columns of a segment's documents (as the segment writer takes them, in
    document order) for `build_segment_columns` to map: the same values its postings hold."""
    arrays: dict[str, np.ndarray] = {}
    names: dict[str, list[str]] = {}
    for name, field in {**VALUE_FIELDS, "story": STORY}.items():
        terms = _indexed_terms(schema[field])
        pairs = [(doc, term) for doc, document in enumerate(documents)
                 for term in terms(document.get(field))]
        names[name] = sorted({term for _, term in pairs})
        code = {term: i for i, term in enumerate(names[name])}
        arrays[f"{name}.doc"] = np.array([doc for doc, _ in pairs], dtype=np.int32)
        arrays[f"{name}.code"] = np.array([code[term] for _, term in pairs], dtype=np.int32)
    published = np.full(len(documents), NO_DATE, dtype=np.int64)
    for doc, document in enumerate(documents):
        if document.get(PUBLISHED) is not None:
            published[doc] = schema[PUBLISHED].to_column_value(document[PUBLISHED])
    arrays["published"] = published
    band_pairs = [(band_key(band), doc) for doc, document in enumerate(documents)
                  for band in document.get(BANDS, ())]
    arrays["bands.key"], arrays["bands.doc"] = _sorted_bands(
        np.array([key for key, _ in band_pairs], dtype=np.uint64),
        np.array([doc for _, doc in band_pairs], dtype=np.int32))
    write_arrays(path, arrays, names, checksum)


def merge_segment_columns(path, sources: Sequence[tuple[SegmentColumns, np.ndarray]],
                          checksum: int) -> None:
    """Write the facet columns of a merged segment: each source's columns with its documents
    renumbered (`numbers[doc]`, -1 for a document left out) and its codes into the union of
    their names."""
    arrays: dict[str, np.ndarray] = {}
    names: dict[str, list[str]] = {}
    for name in (*VALUE_FIELDS, "story"):
        pairs = [(columns.story if name == "story" else columns.values[name], numbers)
                 for columns, numbers in sources]
        names[name] = sorted(set().union(*(source_names for (source_names, _, _), _ in pairs)))
        code_of = {value: code for code, value in enumerate(names[name])}
        docs, codes = [], []
        for (source_names, doc, code), numbers in pairs:
            recode = np.array([code_of[value] for value in source_names] or [0], dtype=np.int32)
            renumbered = numbers[doc]
            kept = renumbered >= 0
            docs.append(renumbered[kept].astype(np.int32))
            codes.append(recode[code[kept]])
        arrays[f"{name}.doc"] = np.concatenate(docs) if docs else np.zeros(0, np.int32)
        arrays[f"{name}.code"] = np.concatenate(codes) if codes else np.zeros(0, np.int32)
    arrays["published"] = np.concatenate([columns.published[numbers >= 0]
                                          for columns, numbers in sources])
    keys, docs = [], []
    for columns, numbers in sources:
        source_keys, source_docs = columns.bands
        renumbered = numbers[source_docs]
        keys.append(source_keys[renumbered >= 0])
        docs.append(renumbered[renumbered >= 0].astype(np.int32))
    arrays["bands.key"], arrays["bands.doc"] = _sorted_bands(
        np.concatenate(keys) if keys else np.zeros(0, np.uint64),
        np.concatenate(docs) if docs else np.zeros(0, np.int32))
    write_arrays(path, arrays, names, checksum)


def _sorted_bands(keys: np.ndarray, docs: np.ndarray) -> Bands:
    order = np.lexsort((docs, keys))
    return keys[order].astype(np.uint64), docs[order].astype(np.int32)


def _indexed_terms(field: FieldType) -> Callable[[Any], list[str]]:
    """A function giving the terms the field indexes for a value, as its postings hold them."""
    index = indexer(field)

    def terms(value: Any) -> list[str]:
        if value is None or value == "":
            return []
        return [field.from_bytes(term) for term, *_ in index(value)]
    return terms


def _pairs(leaf, field: str) -> Pairs:
    """A segment's (document, value) pairs of an indexed field, in its own codes."""
    names, postings = _postings(leaf, field)
    lengths = [len(docs) for docs in postings]
    doc = np.concatenate(postings) if postings else np.zeros(0, np.int64)
    code = np.repeat(np.arange(len(names), dtype=np.int32), lengths)
    return names, doc.astype(np.int32), code


class ColumnsCache:
    """DocColumns for the current index version, assembled from per-segment columns."""

    def __init__(
        self,
        build_segment: Callable[[Any], SegmentColumns] = build_segment_columns,
        max_segments: int = 48,
    ) -> None:
        self.segments = SegmentCache(build_segment, max_segments)
        self._versions = VersionCache(self._assemble)

    def get(self, reader) -> DocColumns:
        """The columns of this reader's index version."""
        return self._versions.get(reader)

    def _assemble(self, reader) -> DocColumns:
        leaves = [(self.segments.get(leaf), leaf, base) for leaf, base in reader.leaf_readers()]
        return assemble_columns(reader, leaves)


def build_columns(reader) -> DocColumns:
    """The whole index's columns, every segment read afresh."""
    leaves = [(build_segment_columns(leaf), leaf, base) for leaf, base in reader.leaf_readers()]
    return assemble_columns(reader, leaves)


def assemble_columns(reader, leaves: list[tuple[SegmentColumns, Any, int]]) -> DocColumns:
    """Concatenate per-segment columns at their document-number bases, with the segments' codes
    mapped into one lexicon for the index, and the live mask of this reader's deletions."""
    size = reader.doc_count_all()
    live = np.ones(size, dtype=bool)
    published = np.full(size, NO_DATE, dtype=np.int64)
    for seg, leaf, base in leaves:
        if leaf.has_deletions():
            deleted = np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)
            live[base + deleted] = False
        published[base:base + len(seg.published)] = seg.published
    values = {name: _value_column(size, [(seg.values[name], base) for seg, _, base in leaves],
                                  VALUE_ALIASES.get(name, dict))
              for name in VALUE_FIELDS}
    story_ids, story = _one_value(size, [(seg.story, base) for seg, _, base in leaves])
    return DocColumns(live=live, values=values, published=published, month=_months(published),
                      story=story, story_ids=story_ids)


def _one_value(size: int, segments: list[tuple[Pairs, int]]) -> tuple[tuple[str, ...], np.ndarray]:
    """The sorted values of a field each document holds once, and each document's code (-1)."""
    names = tuple(sorted(set().union(*(seg_names for (seg_names, _, _), _ in segments))))
    exact = {name: code for code, name in enumerate(names)}
    codes = np.full(size, -1, dtype=np.int32)
    for (seg_names, doc, code), base in segments:
        if len(doc):
            codes[doc.astype(np.int64) + base] = _remap(seg_names, exact)[code]
    return names, codes


def _value_column(size: int, segments: list[tuple[Pairs, int]],
                  aliases: Callable[[], Mapping[str, str]]) -> ValueColumn:
    names = tuple(sorted(set().union(*(seg_names for (seg_names, _, _), _ in segments))))
    exact = {name: code for code, name in enumerate(names)}
    # Written in place, segment after segment: the mapped arrays are read once, no copies
    total = sum(len(seg_doc) for (_, seg_doc, _), _ in segments)
    doc, code = np.empty(total, dtype=np.int32), np.empty(total, dtype=np.int32)
    at = 0
    for (seg_names, seg_doc, seg_code), base in segments:
        np.add(seg_doc, base, out=doc[at:at + len(seg_doc)], casting="unsafe")
        np.take(_remap(seg_names, exact), seg_code, out=code[at:at + len(seg_doc)])
        at += len(seg_doc)
    if np.any(doc[1:] < doc[:-1]):  # pairs read from postings come term by term
        order = np.argsort(doc, kind="stable")
        doc, code = doc[order], code[order]
    has_value = np.zeros(size, dtype=bool)
    has_value[doc] = True
    return ValueColumn(names=names, doc=doc, code=code, has_value=has_value, aliases=aliases)


def _remap(names: tuple[str, ...], codes: dict[str, int]) -> np.ndarray:
    """A segment's codes -> the index's codes."""
    return np.array([codes[name] for name in names], dtype=np.int32).reshape(-1)


def _words(names: tuple[str, ...], aliases: Mapping[str, str]) -> dict[str, tuple[int, ...]]:
    """Each case-folded word of a name, and of an alias of it, -> the codes of the names: what
    type-ahead and `actor:` match (`ahok` finds Basuki Tjahaja Purnama)."""
    words: dict[str, list[int]] = {}
    for code, name in enumerate(names):
        for word in dict.fromkeys(re.findall(r"\w+", name.casefold())):
            words.setdefault(word, []).append(code)
    known = {name: code for code, name in enumerate(names)}
    for alias, name in sorted(aliases.items()):
        if name in known:
            for word in dict.fromkeys(re.findall(r"\w+", alias.casefold())):
                if known[name] not in words.setdefault(word, []):
                    words[word].append(known[name])
    return {word: tuple(codes) for word, codes in words.items()}


def _postings(leaf, field: str) -> tuple[tuple[str, ...], list[np.ndarray]]:
    """A segment's terms of `field`, sorted, with their documents (deleted ones included)."""
    if field not in leaf.indexed_field_names():
        return (), []
    raw = RawSegment(leaf)
    names, postings = [], []
    for text, info in raw.terms(field):
        names.append(leaf.schema[field].from_bytes(text))
        postings.append(raw.ids_and_weights(info)[0])
    return tuple(names), postings


def _published(reader, size: int) -> np.ndarray:
    published = np.full(size, NO_DATE, dtype=np.int64)
    if not reader.has_column(PUBLISHED):
        return published
    raw = np.fromiter(
        reader.column_reader(PUBLISHED, translate=False), dtype=np.uint64, count=size
    )
    dated = raw < np.uint64(NO_DATE)  # Whoosh fills undated documents with the largest value
    published[dated] = raw[dated].astype(np.int64)
    return published


def _months(published: np.ndarray) -> np.ndarray:
    """yyyymm of each publication time (the outlet's wall clock, as the index stores it)."""
    month = np.full(len(published), MISSING_MONTH, dtype=np.int32)
    dated = published != NO_DATE
    local = EPOCH + published[dated].astype("timedelta64[us]")
    months = local.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    month[dated] = (months // 12 + 1970) * 100 + months % 12 + 1
    return month
