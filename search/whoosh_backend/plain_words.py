"""Queries of plain words, read without Whoosh's query parser.

Most queries are a few words and nothing else: no quotes, operators, field names or hyphens.
Whoosh's parser reads each such word as the OR of its terms in the word fields (each field's
analysis of the word; none for a stop word) and the words as their AND, then normalizes the
tree; building that tree directly gives the same query (tests/test_query.py holds them equal)
for a sixth of the parser's cost. Anything else goes to the parser.
"""

from __future__ import annotations

import re

from whoosh.fields import Schema
from whoosh.query import And, Or, Query, Term

# Words of letters and digits between spaces; no operator (Whoosh reads those in capitals).
_PLAIN = re.compile(r"[^\W_]+(?:[ \t]+[^\W_]+)*")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def plain_query(q: str, schema: Schema, fields: tuple[str, ...]) -> Query | None:
    """The query Whoosh's parser reads `q` as over `fields`, when `q` is plain words; else
    None (the parser must read it)."""
    words = q.split()
    if not words or not _PLAIN.fullmatch(q.strip()) or not _OPERATORS.isdisjoint(words):
        return None
    clauses = []
    for word in words:
        terms = []
        for name in fields:
            texts = list(schema[name].process_text(word, mode="query"))
            if len(texts) > 1:  # the parser would join them as its multi-token query
                return None
            terms += [Term(name, text) for text in texts]
        clauses.append(Or(terms))
    return And(clauses).normalize()
