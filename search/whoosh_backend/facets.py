"""The Whoosh backend's facets: each one an object that knows its column, its filter and its
count, registered in one place under the names of `search.facets`.

A request's matches arrive as a boolean mask over document numbers; each facet is counted with
every filter applied except its own, as Solr's tag/exclude does.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from search import facets as registry
from search.request import SearchRequest
from search.response import DateFacet, FacetValue
from search.whoosh_backend.columns import MISSING_MONTH, NO_DATE, DocColumns, ValueColumn
from search.whoosh_backend.internals import datetime_long
from search.whoosh_backend.selection import Selection, selection

MONTH_INTERVAL_SPAN = 24  # months: finer buckets when the matches span two years or less
FEW_VALUES = 8  # selected values up to which a filter compares each rather than a set test
BUCKET_RANGE = 4096  # a span of keys (years, yyyymm) counted in an array, not sorted
ValueCounts = tuple[tuple[FacetValue, ...], int]  # the values listed, and matches with none


class ValueFacet:
    """A facet of values (outlet, actor, author, place, speaker): stored as (document, value) pairs in its
    column (`columns.values[name]`), filtered as OR of the selected values, counted per value.
    An outlet facet lists every value with matches; the others their `facet_size` most common."""

    def __init__(self, name: str, *, list_all: bool = False) -> None:
        self.name = name
        self.list_all = list_all

    def every_value(self, request: SearchRequest) -> bool:
        """Whether the request wants articles holding every selected value, not any (`actor_op
        =and`); the facet then counts within that selection, showing who appears with whom."""
        return self.name == "actor" and request.actor_op == "and"

    def mask(self, columns: DocColumns, request: SearchRequest) -> np.ndarray | None:
        """Articles holding any of the selected values (every one, with `every_value`;
        case-insensitive); None when none is selected."""
        column = columns.values[self.name]
        codes = _selected_codes(column, request.selected(self.name))
        if codes is None:
            return None
        if self.every_value(request):
            if len(codes) < len(request.selected(self.name)):  # a name the index never saw
                return np.zeros(columns.doc_count, dtype=bool)
            holding = [np.bincount(column.doc[column.code == code], minlength=columns.doc_count)
                       for code in codes]
            return np.logical_and.reduce([counts > 0 for counts in holding])
        mask = np.zeros(columns.doc_count, dtype=bool)
        if len(codes) <= FEW_VALUES:  # a comparison per value beats numpy's set membership
            for code in codes:
                mask[column.doc[column.code == code]] = True
        else:
            mask[column.doc[np.isin(column.code, codes)]] = True
        return mask

    def count(self, columns: DocColumns, mask: np.ndarray | Selection, request: SearchRequest
              ) -> ValueCounts:
        """The values with matches, most first (plus the selected ones); and the matches that
        hold no value."""
        column = columns.values[self.name]
        chosen = selection(mask)
        counts = self.counts(columns, chosen)
        missing = _missing(column, chosen)
        limit = None if self.list_all else request.facet_size
        values = _facet_values(column, counts, request.selected(self.name),
                               limit)
        return values, missing

    def counts(self, columns: DocColumns, mask: np.ndarray | Selection) -> np.ndarray:
        """Matching articles per value code."""
        return columns.values[self.name].counts(mask)


class PublishedFacet:
    """The publication date: a Whoosh DATETIME long per document (`columns.published`), counted
    in year buckets, or month buckets when the matches span two years or less."""

    name = registry.DATE_FACET.name

    def mask(self, columns: DocColumns, request: SearchRequest) -> np.ndarray | None:
        """Articles published in the request's range; undated ones are outside every range."""
        start, end = request.published_range()
        if start is None and end is None:
            return None
        mask = columns.published != NO_DATE
        if start is not None:
            mask &= columns.published >= datetime_long(start)
        if end is not None:
            mask &= columns.published < datetime_long(end)
        return mask

    def count(self, columns: DocColumns, mask: np.ndarray | Selection, request: SearchRequest
              ) -> DateFacet:
        """Buckets by year, or by month when the dated matches span two years or less; with a
        range selected, its months too (the zoom)."""
        chosen = selection(mask)
        months = columns.month[chosen.docs] if chosen.narrow else columns.month[chosen.mask]
        missing = int(np.count_nonzero(months == MISSING_MONTH))
        months = months[months != MISSING_MONTH]
        zoom = self._zoom(columns, chosen.mask, request)
        if len(months) == 0:
            return DateFacet("year", (), missing, zoom)
        first, last = int(months.min()), int(months.max())
        span = (last // 100 - first // 100) * 12 + last % 100 - first % 100 + 1
        if span <= MONTH_INTERVAL_SPAN:
            return DateFacet("month", _month_buckets(months), missing, zoom)
        keys, counts = _distinct_counts(months // 100)
        labels = [f"{key:04d}" for key in keys.tolist()]
        return DateFacet("year", tuple(zip(labels, counts.tolist())), missing, zoom)

    def _zoom(self, columns: DocColumns, mask: np.ndarray, request: SearchRequest
              ) -> tuple[tuple[str, int], ...] | None:
        inside = self.mask(columns, request)
        if inside is None:
            return None
        months = columns.month[mask & inside]
        return _month_buckets(months[months != MISSING_MONTH])


def _month_buckets(months: np.ndarray) -> tuple[tuple[str, int], ...]:
    keys, counts = _distinct_counts(months)
    labels = [f"{key // 100:04d}-{key % 100:02d}" for key in keys.tolist()]
    return tuple(zip(labels, counts.tolist()))


def _distinct_counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, ascending, and how often each occurs (`np.unique` with its counts),
    counted rather than sorted when they span few values, as years and months mostly do."""
    if len(keys) == 0:
        return keys, np.zeros(0, dtype=np.int64)
    low = int(keys.min())
    if int(keys.max()) - low > 4 * len(keys) + BUCKET_RANGE:  # a stray date far away
        return np.unique(keys, return_counts=True)
    counts = np.bincount(keys - low)
    present = np.flatnonzero(counts)
    return present + low, counts[present]


# The registry: one facet object under each name search.facets gives.
VALUE_FACETS = {facet.name: facet for facet in (
    ValueFacet("outlet", list_all=True), ValueFacet("actor"), ValueFacet("author"),
    ValueFacet("place"), ValueFacet("speaker"))}
PUBLISHED = PublishedFacet()
FACETS = {**VALUE_FACETS, PUBLISHED.name: PUBLISHED}
if list(FACETS) != [facet.name for facet in registry.FACETS]:
    raise ImportError(f"the Whoosh backend's facets {list(FACETS)} differ from search.facets")


def combine(base: np.ndarray, *masks: np.ndarray | None) -> np.ndarray:
    """base AND every mask that is not None."""
    result = base.copy()
    for mask in masks:
        if mask is not None:
            result &= mask
    return result


def _selected_codes(column: ValueColumn, selected: Iterable[str]) -> np.ndarray | None:
    """Codes of the selected names known to the index (case-insensitive); None when no name is
    selected, an empty array when none of them is known (so the filter matches nothing)."""
    names = [name.casefold() for name in selected]
    if not names:
        return None
    lookup = column.codes
    return np.array([lookup[name] for name in names if name in lookup], dtype=np.int32)


def _missing(column: ValueColumn, chosen: Selection) -> int:
    """Documents of the selection holding no value of the column."""
    if chosen.narrow:  # few: look at theirs only
        return chosen.count - int(np.count_nonzero(column.has_value[chosen.docs]))
    return int(np.count_nonzero(chosen.mask & ~column.has_value))


def _facet_values(
    column: ValueColumn,
    counts: np.ndarray,
    selected: Iterable[str],
    limit: int | None,
) -> tuple[FacetValue, ...]:
    """Values with a count, most first then by name; selected values always, even at zero."""
    names = column.names
    chosen = {name.casefold(): name for name in selected}
    present = np.flatnonzero(counts)
    if limit is not None and len(present) > 2 * limit:
        # Only values counting at least the limit-th highest count can be listed: sort those.
        floor = np.partition(counts[present], len(present) - limit)[len(present) - limit]
        present = present[counts[present] >= floor]
    # Codes follow the lexicon's order, so ordering ties by code orders them by name.
    order = present[np.lexsort((present, -counts[present]))]
    top = order.tolist() if limit is None else order[:limit].tolist()
    values = [
        FacetValue(names[code], int(counts[code]), names[code].casefold() in chosen)
        for code in top
    ]
    listed = {names[code].casefold() for code in top}
    for folded, given in chosen.items():
        if folded not in listed:
            code = column.codes.get(folded)
            known = code is not None
            values.append(FacetValue(names[code] if known else given,
                                     int(counts[code]) if known else 0, True))
    return tuple(values)
