"""What was said, as the index holds it: the SAID field.

The words of an article's statements are indexed stemmed, at their positions, statements
apart so that no phrase spans two of them; and each speaker has a term of their own
(`Vladimir Putin\x1f`) at every position of their statements. With a speaker asked for, a
query's words must start at a position of that speaker's term (`said_by`, evaluated by
`phrases.Within`), so an article matches only where the person asked for said them, not where
someone else quoted in it did. One term per speaker and article: a term per speaker and word
made a third of a segment's terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

from whoosh.query import Phrase, Query, Term

from search.whoosh_backend.analysis import analyze_positions
from search.whoosh_backend.phrases import Within
from search.whoosh_backend.schema import ACTOR_SEPARATOR, QUOTES, SAID, SPEAKERS
from search.whoosh_backend.segment_writer import Postings

SPEAKER_MARK = "\x1f"
_STATEMENT_GAP = 10  # positions between two statements


def speaker_term(speaker: str) -> str:
    """The SAID term at the positions of what `speaker` said (the name as the speakers field
    holds it)."""
    return f"{speaker}{SPEAKER_MARK}"


def said_postings(quotes: Sequence[Mapping[str, Any]]) -> Postings:
    """The SAID field of an article's statements (JSON-ready dicts with `text` and `speaker`)."""
    positions: dict[str, list[int]] = {}
    offset = 0
    for quote in quotes:
        stemmed, _ = analyze_positions(quote["text"])
        shifted = offset.__add__
        for term, where in stemmed.items():
            positions.setdefault(term, []).extend(map(shifted, where))
        if quote.get("speaker") and stemmed:
            covered = sorted(set(chain.from_iterable(stemmed.values())))
            positions.setdefault(speaker_term(quote["speaker"]), []).extend(map(shifted, covered))
        # A term's positions ascend: its last is its largest.
        offset += max(map(itemgetter(-1), stemmed.values()), default=0) + _STATEMENT_GAP
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
    """The query with each word and phrase looked for in what one of `speakers` said."""
    if isinstance(query, (Term, Phrase)) and query.fieldname == SAID:
        return Within(query, tuple(speaker_term(name) for name in speakers), boost=query.boost)
    if query.is_leaf():
        return query
    return query.apply(lambda child: said_by(child, speakers))
