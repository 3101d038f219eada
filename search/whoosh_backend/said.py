"""What was said, as the index holds it: the SAID field.

Each word of an article's statements is indexed twice, stemmed: once as anyone's (`hubung`)
and once as its speaker's (`Vladimir Putin\x1fhubung`). With a speaker asked for, a query's
words become that speaker's (`said_by`), so an article matches only where the person asked
for said them, not where someone else quoted in it did. Statements are apart in positions,
so no phrase spans two of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from whoosh.query import Or, Phrase, Query, Term

from search.whoosh_backend.analysis import analyze_positions
from search.whoosh_backend.schema import ACTOR_SEPARATOR, QUOTES, SAID, SPEAKERS
from search.whoosh_backend.segment_writer import Postings

SPEAKER_MARK = "\x1f"
_STATEMENT_GAP = 10  # positions between two statements


def said_term(speaker: str, term: str) -> str:
    """The SAID term for `term` said by `speaker` (the name as the speakers field holds it)."""
    return f"{speaker}{SPEAKER_MARK}{term}"


def said_postings(quotes: Sequence[Mapping[str, Any]]) -> Postings:
    """The SAID field of an article's statements (JSON-ready dicts with `text` and `speaker`)."""
    positions: dict[str, list[int]] = {}
    offset = 0
    for quote in quotes:
        stemmed, _ = analyze_positions(quote["text"])
        for term, where in stemmed.items():
            shifted = [offset + position for position in where]
            positions.setdefault(term, []).extend(shifted)
            if quote.get("speaker"):
                positions.setdefault(said_term(quote["speaker"], term), []).extend(shifted)
        offset += max((max(where) for where in stemmed.values()), default=0) + _STATEMENT_GAP
    return Postings(positions)


def resolve_speakers(document: dict[str, Any], resolution: Mapping[str, str]) -> None:
    """The quoted persons' lone names resolved as the actors' are, in their words too."""
    quotes = document.get(QUOTES)
    if resolution and quotes and any(q["speaker"] in resolution for q in quotes):
        quotes = tuple({**q, "speaker": resolution.get(q["speaker"], q["speaker"])} for q in quotes)
        speakers = (q["speaker"] for q in quotes if q["speaker"])
        document[QUOTES], document[SAID] = quotes, said_postings(quotes)
        document[SPEAKERS] = ACTOR_SEPARATOR.join(dict.fromkeys(speakers))


def said_by(query: Query, speakers: tuple[str, ...]) -> Query:
    """The query with each word looked for in what one of `speakers` said (`said_term`)."""
    if isinstance(query, Term) and query.fieldname == SAID:
        return Or([Term(SAID, said_term(name, query.text)) for name in speakers], boost=query.boost)
    if isinstance(query, Phrase) and query.fieldname == SAID:
        return Or([Phrase(SAID, [said_term(name, word) for word in query.words], slop=query.slop)
                   for name in speakers], boost=query.boost)
    if query.is_leaf():
        return query
    return query.apply(lambda child: said_by(child, speakers))
