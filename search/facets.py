"""The facets a search offers, registered in one place: their names, labels and kinds.

A value facet (`outlet`, `actor`, `author`, `place`, `speaker`: the persons quoted) is a repeatable filter parameter of the same name, OR within
the facet, and a list of values with counts; the date facet (`published`) is filtered by `from`
and `to` and answered as year or month buckets. Each is counted with every filter applied except
its own (multi-select). The request, the JSON answer and the page all iterate this registry; a
backend implements each facet's storage and counting (for Whoosh, `search/whoosh_backend/
facets.py`). Knows no engine.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Facet:
    """One facet: its parameter and response name, its label on the page, and its kind."""

    name: str
    label: str  # Indonesian, as the page shows it
    kind: str  # "values" (repeatable filter, counted values) or "dates" (from/to, buckets)
    suggest: bool = False  # whether the page offers type-ahead over its values ...
    example: str = ""  # ... and a value to show as an example there


VALUE_FACETS = (
    Facet("outlet", "Media", "values"),
    Facet("actor", "Tokoh", "values", suggest=True, example="Joko Widodo"),
    Facet("author", "Penulis", "values"),
    Facet("place", "Tempat", "values"),
    Facet("speaker", "Dikutip", "values", suggest=True, example="Joko Widodo"),
)
DATE_FACET = Facet("published", "Tanggal terbit", "dates")
FACETS = (*VALUE_FACETS, DATE_FACET)
