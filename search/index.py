"""The Whoosh index: schema, opening and creating, writing articles.

FIRST CUT of the schema (field names are a contract with search/query.py; the index issue
completes this module).
"""

from __future__ import annotations

from whoosh import fields

from search.analysis import exact_analyzer, indonesian_analyzer


def build_schema() -> fields.Schema:
    """The index schema. Stemmed and exact fields for title and body; facet columns."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        url=fields.STORED(),
        title=fields.TEXT(analyzer=indonesian_analyzer(), stored=True, field_boost=2.0),
        title_exact=fields.TEXT(analyzer=exact_analyzer(), field_boost=3.0),
        body=fields.TEXT(analyzer=indonesian_analyzer(), stored=True),
        body_exact=fields.TEXT(analyzer=exact_analyzer(), field_boost=1.5),
        outlet=fields.ID(stored=True, sortable=True),
        published=fields.DATETIME(stored=True, sortable=True),
        year=fields.NUMERIC(sortable=True),
        month=fields.NUMERIC(sortable=True),  # yyyymm
        actors=fields.KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        authors=fields.STORED(),
        place=fields.STORED(),
        source=fields.STORED(),
    )
