"""A search request: what a user asked for, its parameters validated. Knows no engine."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from search.errors import InvalidParameter
from search.facets import VALUE_FACETS

MAX_QUERY_CHARS = 1000
MAX_PER_PAGE = 100
MAX_RESULT_WINDOW = 10_000  # deepest result reachable by paging, as Elasticsearch's default
MAX_FACET_SIZE = 1000
MAX_FILTER_VALUES = 50
DEFAULT_PER_PAGE = 10
DEFAULT_FACET_SIZE = 20
SORTS = ("relevance", "newest", "oldest")
ACTOR_OPS = ("or", "and")  # the first is the default
COLLAPSE = ("true", "false")

_DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATE_FORMAT_HELP = "expected YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What a user asked for: a query, filters, an order and a page. Valid by construction."""

    q: str = ""
    # value facet name (search.facets.VALUE_FACETS) -> the values selected, in the order given
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: str | None = None  # as given: YYYY, YYYY-MM or YYYY-MM-DD
    date_to: str | None = None
    sort: str = "newest"  # resolved: relevance when q is given, newest otherwise
    actor_op: str = "or"  # "and": articles naming every selected actor
    collapse: bool = True  # a story's copies give way to its best-ranked member
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    facet_size: int = DEFAULT_FACET_SIZE

    @classmethod
    def from_params(cls, params: Mapping[str, Sequence[str]]) -> SearchRequest:
        """Validate query-string parameters (name -> list of values); raise InvalidParameter."""
        q = single_param(params, "q").strip()
        if len(q) > MAX_QUERY_CHARS:
            raise InvalidParameter("q", f"at most {MAX_QUERY_CHARS} characters, got {len(q)}")
        date_from = _date_param(params, "from")
        date_to = _date_param(params, "to")
        if date_from and date_to and _date_start(date_to) < _date_start(date_from):
            raise InvalidParameter("to", f"{date_to!r} is before from={date_from!r}")
        per_page = int_param(params, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
        page = int_param(params, "page", 1, 1, MAX_RESULT_WINDOW // per_page)
        return cls(
            q=q,
            filters={facet.name: _multi(params, facet.name) for facet in VALUE_FACETS},
            date_from=date_from,
            date_to=date_to,
            sort=_sort_param(params, q),
            actor_op=_choice_param(params, "actor_op", ACTOR_OPS),
            collapse=_choice_param(params, "collapse", COLLAPSE) == "true",
            page=page,
            per_page=per_page,
            facet_size=int_param(params, "facet_size", DEFAULT_FACET_SIZE, 1, MAX_FACET_SIZE),
        )

    def selected(self, facet: str) -> tuple[str, ...]:
        """The values selected for a value facet; () when none."""
        return tuple(self.filters.get(facet, ()))

    @property
    def outlets(self) -> tuple[str, ...]:
        """The outlets selected."""
        return self.selected("outlet")

    @property
    def actors(self) -> tuple[str, ...]:
        """The actors selected."""
        return self.selected("actor")

    def published_range(self) -> tuple[datetime | None, datetime | None]:
        """The date filter as [start, end) on the outlets' wall clocks; None where open."""
        start = _date_start(self.date_from) if self.date_from else None
        end = _date_end(self.date_to) if self.date_to else None
        return start, end

    def to_json(self) -> dict[str, Any]:
        """The request as echoed in the response's `query` object."""
        return {
            "q": self.q,
            **{facet.name: list(self.selected(facet.name)) for facet in VALUE_FACETS},
            "from": self.date_from,
            "to": self.date_to,
            "actor_op": self.actor_op,
            "collapse": self.collapse,
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
        }


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    raw = params.get(name, [])
    values = [raw] if isinstance(raw, str) else list(raw)
    return [value.strip() for value in values if value.strip()]


def single_param(params: Mapping[str, Sequence[str]], name: str) -> str:
    """A parameter given at most once, stripped; "" when absent."""
    values = _values(params, name)
    if len(values) > 1:
        raise InvalidParameter(name, f"given {len(values)} times; give it once")
    return values[0] if values else ""


def _multi(params: Mapping[str, Sequence[str]], name: str) -> tuple[str, ...]:
    given = _values(params, name)
    if len(given) > MAX_FILTER_VALUES:
        raise InvalidParameter(name, f"at most {MAX_FILTER_VALUES} values, got {len(given)}")
    values = tuple(dict.fromkeys(given))
    for value in values:
        if len(value) > 200:
            raise InvalidParameter(name, "a value is longer than 200 characters")
    return values


def int_param(
    params: Mapping[str, Sequence[str]], name: str, default: int, low: int, high: int
) -> int:
    """A whole-number parameter within [low, high]; `default` when absent or empty."""
    text = single_param(params, name)
    if not text:
        return default
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        raise InvalidParameter(name, f"expected a whole number, got {text[:40]!r}")
    number = int(text)
    if not low <= number <= high:
        raise InvalidParameter(name, f"expected {low} to {high}, got {number}")
    return number


def _sort_param(params: Mapping[str, Sequence[str]], q: str) -> str:
    sort = single_param(params, "sort")
    if not sort:
        return "relevance" if q else "newest"
    if sort not in SORTS:
        raise InvalidParameter("sort", f"expected one of {', '.join(SORTS)}, got {sort[:40]!r}")
    return sort


def _choice_param(params: Mapping[str, Sequence[str]], name: str, choices: Sequence[str]) -> str:
    value = single_param(params, name)
    if not value:
        return choices[0]
    if value not in choices:
        raise InvalidParameter(name, f"expected one of {', '.join(choices)}, got {value[:40]!r}")
    return value


def _date_param(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    text = single_param(params, name)
    if not text:
        return None
    match = _DATE_PATTERN.fullmatch(text)
    if not match:
        raise InvalidParameter(name, f"{_DATE_FORMAT_HELP}, got {text[:40]!r}")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        raise InvalidParameter(name, f"{_DATE_FORMAT_HELP}, got {text[:40]!r}") from None
    if not 1000 <= year <= 2999:
        raise InvalidParameter(name, f"expected a year from 1000 to 2999, got {text!r}")
    return text


def _date_start(text: str) -> datetime:
    """The first instant of the year, month or day the text names (naive wall-clock time)."""
    parts = [int(part) for part in text.split("-")] + [1, 1]
    return datetime(parts[0], parts[1], parts[2])


def _date_end(text: str) -> datetime:
    """The first instant after the year, month or day the text names (naive wall-clock time)."""
    start = _date_start(text)
    depth = text.count("-")
    if depth == 2:
        return start + timedelta(days=1)
    if depth == 1:
        year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        return start.replace(year=year, month=month)
    return start.replace(year=start.year + 1)
