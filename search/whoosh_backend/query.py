"""The query language and its evaluation: the Whoosh query a request's `q` reads as, which
articles match it, and in which order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from whoosh.fields import Schema
from whoosh.qparser import (
    EveryPlugin,
    FieldAliasPlugin,
    MultifieldParser,
    RangePlugin,
    SingleQuotePlugin,
    WildcardPlugin,
)
from whoosh.query import And, Not, NullQuery, Or, Query, Term

from search.errors import InvalidParameter
from search.request import SearchRequest
from search.response import Facets
from search.whoosh_backend.columns import NO_DATE, DocColumns
from search.whoosh_backend.facets import FACETS, PUBLISHED, VALUE_FACETS, combine
from search.whoosh_backend.plain_words import plain_query
from search.whoosh_backend.said import said_by
from search.whoosh_backend.scoring import Evaluator
from search.whoosh_backend.selection import Selection, selection
from search.whoosh_backend.schema import (
    ACTORS, BODY, BODY_EXACT, OUTLET, SAID, SPEAKERS, TITLE, TITLE_EXACT,
)

# --- the query language --------------------------------------------------------------------

WORD_FIELDS = (TITLE, TITLE_EXACT, BODY, BODY_EXACT)  # where a bare word is looked for
QUOTED_WORD_FIELDS = (SAID,)  # ... and where, when a speaker is asked for: in what was said
STEMMED_FIELDS = frozenset({TITLE, BODY, SAID})
EXACT_FIELDS = frozenset({TITLE_EXACT, BODY_EXACT})
FILTER_FIELDS = frozenset({ACTORS, OUTLET, SPEAKERS})  # fields a user may name besides title and body
# the value facet whose column resolves the names a filter field is given
_NAME_COLUMNS = {ACTORS: "actor", SPEAKERS: "speaker"}
PARTIAL_MIN_CLAUSES = 3  # a query this long may be answered with articles holding most words
_QUOTED = re.compile(r'("[^"]*")')
_HYPHENATED = re.compile(r"(?<![\w-])\w+(?:-\w+)+(?![\w-])")
_DANGLING_HEAD = re.compile(r"^\s*(?:(?:AND|OR)\s+)+")
_DANGLING_TAIL = re.compile(r"(?:\s+(?:AND|OR|NOT))+\s*$")


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query as Whoosh reads it, split for partial matching, with the words to mark."""

    query: Query | None  # None: every article
    clauses: tuple[Query, ...]  # words and phrases; a partial match holds most, not all
    required: tuple[Query, ...]  # negations and field restrictions every match must satisfy
    stems: frozenset[str]  # stemmed forms the query looks for (marked in snippets)
    words: frozenset[str]  # exact word forms the query looks for
    in_quotes: bool = False  # the words are looked for in what was said (a speaker is asked for)

    @property
    def allows_partial(self) -> bool:
        """Whether the query is long enough for most-of-the-words matches."""
        return len(self.clauses) >= PARTIAL_MIN_CLAUSES

    def minimum_should_match(self) -> int:
        """How many of the clauses a partial match must hold: two thirds, rounded up."""
        return max(2, -(-2 * len(self.clauses) // 3))


def parse_query(q: str, schema: Schema, *, in_quotes: bool = False) -> ParsedQuery:
    """Read the query language (words, "phrases", OR, -word, NOT, title:, actor:, outlet:,
    said:). With `in_quotes` (a speaker is selected), or when the query names a speaker with
    `said:`, its words are looked for only in what the speakers said."""
    if not q:
        return ParsedQuery(None, (), (), frozenset(), frozenset())
    if not re.search(r"\w", q):
        raise InvalidParameter("q", f"has no words to search for: {q[:40]!r}")
    plain = None if in_quotes else plain_query(q, schema, WORD_FIELDS)
    try:
        query = plain if plain is not None else _parser(schema, in_quotes).parse(_normalize(q))
        if plain is None and not in_quotes and any(field == SPEAKERS for field, _ in _terms(query)):
            in_quotes = True
            query = _parser(schema, True).parse(_normalize(q))
    except Exception as error:  # Whoosh's parser has no error type of its own
        raise InvalidParameter("q", f"could not be read ({error})") from None
    if query is NullQuery:  # every word a stop word: nothing left to look for
        raise InvalidParameter("q", f"has only words too common to search for: {q[:40]!r}")
    clauses, required = _split(query)
    stems, words = _marked_terms(query)
    return ParsedQuery(query, clauses, required, stems, words, in_quotes)


_PARSERS: dict[tuple[bool, tuple[str, ...]], MultifieldParser] = {}


def _parser(schema: Schema, in_quotes: bool = False) -> MultifieldParser:
    """The parser for the schema's fields, built once per field layout (building one costs
    more than parsing a query with it; parsing leaves it unchanged). Every index this process
    opens has its fields from `build_schema`, so fields named alike are alike."""
    key = (in_quotes, tuple(schema.names()))
    parser = _PARSERS.get(key)
    if parser is None:
        parser = _PARSERS[key] = _new_parser(schema, in_quotes)
    return parser


def _new_parser(schema: Schema, in_quotes: bool) -> MultifieldParser:
    # Only the fields a user may name; anything else before a colon is read as plain text.
    words = QUOTED_WORD_FIELDS if in_quotes else WORD_FIELDS
    names = [name for name in (*WORD_FIELDS, *words, *FILTER_FIELDS) if name in schema]
    query_schema = Schema(**{name: schema[name] for name in names})
    parser = MultifieldParser(list(words), query_schema)
    for plugin in (WildcardPlugin, RangePlugin, SingleQuotePlugin, EveryPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(FieldAliasPlugin({ACTORS: ["actor"], SPEAKERS: ["said", "speaker"]}))
    return parser


def _normalize(q: str) -> str:
    """`-word` as `NOT word`, outside quotes; a hyphenated word as its whole, phrase and joined
    forms (`e-ktp` finds `e-KTP`, `e - KTP` and `eKTP`), inside quotes as its parts; drop
    operators left with nothing to join."""
    parts = _QUOTED.split(q)
    for index in range(0, len(parts), 2):  # the even parts are outside quotes
        parts[index] = re.sub(r"(^|\s)-+(?=[\w(]|$)", r"\1NOT ", parts[index])
        parts[index] = _HYPHENATED.sub(_hyphen_alternatives, parts[index])
    for index in range(1, len(parts), 2):  # the phrases
        parts[index] = _HYPHENATED.sub(lambda word: " ".join(word[0].split("-")), parts[index])
    text = "".join(parts)
    text = _DANGLING_HEAD.sub("", text)
    return _DANGLING_TAIL.sub("", text) or text


def _hyphen_alternatives(match: re.Match[str]) -> str:
    word = match[0]
    parts = word.split("-")
    if len(parts) == 2 and parts[0].lower() == parts[1].lower():  # negara-negara: its base
        return word
    return f'({word} OR "{" ".join(parts)}" OR {"".join(parts)})'


def _split(query: Query) -> tuple[tuple[Query, ...], tuple[Query, ...]]:
    subqueries = query.subqueries if isinstance(query, And) else [query]
    clauses, required = [], []
    for sub in subqueries:
        restricts = isinstance(sub, Not) or {f for f, _ in _terms(sub)} <= FILTER_FIELDS
        (required if restricts else clauses).append(sub)
    return tuple(clauses), tuple(required)


def _terms(query: Query) -> list[tuple[str, str]]:
    """(field, text) of every term the query looks for, outside negations."""
    if isinstance(query, Not):
        return []
    if query.is_leaf():
        return [(field, text) for field, text in query.terms(phrases=True)]
    return [term for child in query.children() for term in _terms(child)]


def _marked_terms(query: Query) -> tuple[frozenset[str], frozenset[str]]:
    terms = _terms(query)
    stems = frozenset(str(text) for field, text in terms if field in STEMMED_FIELDS)
    words = frozenset(str(text) for field, text in terms if field in EXACT_FIELDS)
    return stems, words


def resolve_names(query: Query, columns: DocColumns) -> Query:
    """Match actor:, said: and outlet: values case-insensitively; a single word finds every
    name with that word (`actor:putin` finds Vladimir Putin)."""
    if query.is_leaf():
        return _resolve_leaf(query, columns)
    return query.apply(lambda child: resolve_names(child, columns))


def _resolve_leaf(query: Query, columns: DocColumns) -> Query:
    if not isinstance(query, Term) or query.fieldname not in FILTER_FIELDS:
        return query
    folded = str(query.text).casefold()
    if query.fieldname == OUTLET:
        outlets = columns.values["outlet"]
        code = outlets.codes.get(folded)
        return Term(OUTLET, outlets.names[code]) if code is not None else query
    field = query.fieldname
    names = columns.values[_NAME_COLUMNS[field]]
    code = names.codes.get(folded)
    if code is not None:
        return Term(field, names.names[code], boost=query.boost)
    codes = names.words.get(folded, ())
    if not codes:
        return query
    return Or([Term(field, names.names[code]) for code in codes], boost=query.boost)


# --- running: which articles match, in which order ---------------------------------------

PARTIAL_BELOW = 10  # a long query with fewer full matches than this also lists partial ones


@dataclass
class Matches:
    """The articles a request matches, as boolean masks over document numbers, with scores."""

    columns: DocColumns
    scored: bool  # whether the query has words to rank by
    full: np.ndarray  # articles with every word (before the facet filters)
    partial: np.ndarray | None  # articles with most of the words but not all
    scores: np.ndarray | None  # BM25F of each matching article
    filters: dict[str, np.ndarray | None]  # facet name -> its filter; None when not filtered
    # facet name -> the matches it counts over instead of `full` (see `match`)
    bases: dict[str, np.ndarray] = field(default_factory=dict)
    timed_out: bool = False  # the query reached its time budget: these are the matches found

    def __post_init__(self) -> None:
        masks = self.filters.values()
        self.full_final = combine(self.full, *masks)
        self.full_selection = Selection(self.full_final)
        self.partial_final = combine(self.partial, *masks) if self.partial is not None else None
        self.full_total = self.full_selection.count
        partial_total = 0 if self.partial_final is None else np.count_nonzero(self.partial_final)
        self.total = self.full_total + int(partial_total)

    @cached_property
    def final(self) -> np.ndarray:
        """Every match, full or partial, under every filter."""
        return self.full_final if self.partial is None else self.without(None)

    @cached_property
    def final_selection(self) -> Selection:
        """`final` as a selection (the full matches' own when there are no partial ones)."""
        return self.full_selection if self.partial is None else Selection(self.final)

    def stories(self, mask: np.ndarray | Selection) -> int:
        """How many stories the documents of the mask form (a document with no story is one)."""
        stories = self.columns.story[selection(mask).docs]
        told = stories[stories >= 0]
        distinct = np.count_nonzero(np.bincount(told)) if len(told) else 0
        return int(distinct) + int(np.count_nonzero(stories < 0))

    def stories_or_total(self, mask: np.ndarray | Selection, request: SearchRequest) -> int:
        """The results the mask makes: its stories with `collapse`, else its documents."""
        return self.stories(mask) if request.collapse else selection(mask).count

    def without(self, facet: str | None) -> np.ndarray:
        """The matches with every filter applied except this facet's own (multi-select); with
        None, every filter."""
        base = self.full if self.partial is None else self.full | self.partial
        base = self.bases.get(facet, base) if facet is not None else base
        return combine(base, *(mask for name, mask in self.filters.items() if name != facet))

    def facets(self, request: SearchRequest) -> Facets:
        """Every registered facet, each counted without its own filter."""
        values, missing = {}, {}
        every_filter = self.final_selection  # shared by the facets with no filter of their own
        for name, facet in VALUE_FACETS.items():
            # With every-value selection a facet counts within it (who appears with whom).
            own = (every_filter if facet.every_value(request)
                   else self._without_own(name, every_filter))
            values[name], missing[name] = facet.count(self.columns, own, request)
        dates = self._without_own(PUBLISHED.name, every_filter)
        published = PUBLISHED.count(self.columns, dates, request)
        return Facets(values, published, missing)

    def _without_own(self, facet: str, every_filter: Selection) -> Selection:
        """The matches a facet counts: every filter but its own (`every_filter` itself when
        it has none and no base of its own)."""
        if self.filters.get(facet) is None and facet not in self.bases:
            return every_filter
        return Selection(self.without(facet))


def match(
    evaluator: Evaluator, columns: DocColumns, parsed: ParsedQuery, request: SearchRequest
) -> Matches:
    """Evaluate the query and the request's filters over the whole index."""
    filters = {name: facet.mask(columns, request) for name, facet in FACETS.items()}
    if parsed.query is None:
        return Matches(columns, False, columns.live.copy(), None, None, filters)
    required = [evaluator.evaluate(resolve_names(c, columns))[0] for c in parsed.required]
    allowed = combine(columns.live, *required)
    clauses = [resolve_names(c, columns) for c in parsed.clauses]
    speakers = _speakers_asked(columns, request, parsed) if parsed.in_quotes else ()
    bases = {}
    if speakers:
        # The words must be in the asked speakers' own statements; the speaker facet counts,
        # without its own filter, the articles where anyone said them.
        bases["speaker"] = _holding_all(evaluator, clauses, allowed)[0]
        clauses = [said_by(clause, speakers) for clause in clauses]
    full, held, scores = _holding_all(evaluator, clauses, allowed)
    partial = None
    if parsed.allows_partial and np.count_nonzero(combine(full, *filters.values())) < PARTIAL_BELOW:
        partial = allowed & (held >= parsed.minimum_should_match()) & ~full
    # A query of negations and field restrictions only has nothing to rank by: newest first.
    return Matches(columns, bool(clauses), full, partial, scores, filters, bases, evaluator.timed_out)


def _holding_all(evaluator: Evaluator, clauses: list[Query], allowed: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The allowed articles holding every clause, how many clauses each holds, their scores.
    Each top-level clause is evaluated once; full and partial matches are read from them."""
    held = np.zeros(len(allowed), dtype=np.int16)
    scores = np.zeros(len(allowed), dtype=np.float32)
    for mask, score in map(evaluator.evaluate, clauses):
        held += mask
        scores += score
    full = allowed & (held == len(clauses)) if clauses else allowed
    return full, held, scores


def _speakers_asked(columns: DocColumns, request: SearchRequest, parsed: ParsedQuery) -> tuple[str, ...]:
    """The speakers' names as the index holds them: the `speaker` filter's (by name or alias)
    and those `said:` resolves to."""
    column = columns.values["speaker"]
    names = [column.names[column.codes[value.casefold()]] for value in request.selected("speaker")
             if value.casefold() in column.codes]
    for required in parsed.required:
        names += [str(text) for field_name, text in _terms(resolve_names(required, columns))
                  if field_name == SPEAKERS]
    return tuple(dict.fromkeys(names))


def rank(matches: Matches, request: SearchRequest, start: int, end: int) -> list[tuple[int, bool]]:
    """Document numbers of matches [start, end) in the request's order, each with whether it
    is a partial match; full matches come first. With `collapse`, a story's copies give way to
    its best-ranked member (for a story of full matches, its partial ones too)."""
    full = _ordered(matches, request, matches.full_selection, start, end)
    ranked = [(doc, False) for doc in full]
    if matches.partial_final is None:
        return ranked
    shown = matches.stories_or_total(matches.full_selection, request)
    if end <= shown:
        return ranked
    partial = matches.partial_final
    if request.collapse:  # a story already shown through a full match
        partial = partial & ~np.isin(matches.columns.story, matches.columns.story[matches.full_final])
    first, last = max(0, start - shown), end - shown
    later = _ordered(matches, request, Selection(partial), first, last)
    return ranked + [(doc, True) for doc in later]


def _ordered(matches: Matches, request: SearchRequest, chosen: Selection, start: int, end: int
             ) -> list[int]:
    """The documents of the selection in places [start, end) of the request's order (with
    `collapse`, of its stories' best members); ties go to the earlier-indexed document."""
    docs = chosen.docs
    if request.sort == "relevance" and matches.scored:
        key = -matches.scores[docs]
    else:
        published = matches.columns.published[docs]
        newest = request.sort != "oldest"
        key = np.where(published == NO_DATE, NO_DATE, -published) if newest else published
    want = 4 * end
    while True:  # select before sorting: most pages are near the top
        if len(docs) > want:
            cut = np.partition(key, want - 1)[want - 1]
            keep = key <= cut
            top_docs, top_key = docs[keep], key[keep]
        else:
            top_docs, top_key = docs, key
        top = top_docs[np.lexsort((top_docs, top_key))]
        if request.collapse:
            top = top[_first_of_each_story(matches.columns.story[top])]
        if len(top) >= end or len(top_docs) == len(docs):
            return top[start:end].tolist()
        want *= 4  # too many copies near the top: look further


def _first_of_each_story(stories: np.ndarray) -> np.ndarray:
    """Positions of the first document of each story in an ordered list (a document with no
    story stands for itself)."""
    _, first = np.unique(stories, return_index=True)
    keep = np.zeros(len(stories), dtype=bool)
    keep[first] = True
    keep[stories < 0] = True
    return np.flatnonzero(keep)
