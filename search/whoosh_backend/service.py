"""The Whoosh backend's search service: `search.backend.SearchBackend` over one index directory.

One WhooshBackend per process shares the opened index and, per index version, the facet
columns and field lengths. Every call checks the index's table of contents and searches the
latest commit (with a searcher kept per thread, replaced when the version changes), so a new
commit by the indexer is seen by the next request, without a restart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from search.actor_tables import tables
from search.article import Article, Quote
from search.backend import EXPORT_LIMIT, configured_query_budget
from search.errors import ArticleNotFound, IndexUnavailable, InvalidParameter, WartaError
from search.request import SearchRequest
from search.response import Hit, HitStream, SearchResponse, StoryMember
from search.whoosh_backend.analysis import TOKEN_PATTERN, load_stemmer, stop_words
from search.whoosh_backend.columns import ColumnsCache, DocColumns, ValueColumn
from search.whoosh_backend.facets import VALUE_FACETS
from search.whoosh_backend.internals import commit_stamp
from search.whoosh_backend.query import Matches, ParsedQuery, match, parse_query, rank
from search.whoosh_backend.schema import (
    BODY_EXACT,
    ID,
    OUTLET,
    PUBLISHED,
    SHORT_ID,
    SPEAKERS,
    SYNDICATED_FROM,
    TITLE,
    TITLE_EXACT,
    article_from_fields,
    open_index,
    require_current_schema,
)
from search.whoosh_backend.scoring import (
    Evaluator,
    PostingsCache,
    build_lengths,
    build_segment_lengths,
)
from search.whoosh_backend.segments import SegmentCache, VersionCache
from search.whoosh_backend.snippets import mark_query_words, snippet

log = logging.getLogger(__name__)

SPELLING_FIELDS = (BODY_EXACT, TITLE_EXACT)  # word forms as written, not stems
_OPERATORS = frozenset({"AND", "OR", "NOT"})
MAX_PREFIX_CHARS = 100
MAX_SUGGESTIONS = 100


class WhooshBackend:
    """Searches one Whoosh index directory; safe to share between threads."""

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self.budget = configured_query_budget()  # seconds a query may take; see search/backend.py
        self._index = None
        self._lock = threading.Lock()
        # Per-document arrays are read per segment and only assembled per index version, so a
        # commit costs the new segments' reading, not the whole index's.
        self._columns = ColumnsCache()
        self._segment_lengths = SegmentCache(build_segment_lengths)
        self._lengths = VersionCache(lambda reader: build_lengths(reader, self._segment_lengths.get))
        self._postings = PostingsCache()
        self._thread = _ThreadSearcher()

    @staticmethod
    def prepare_process() -> None:
        """Load what every search needs whatever the index: the stemmer's dictionary, the actor
        tables and the modules Whoosh and numpy import on first use (some 150 ms)."""
        import numpy.ma  # noqa: F401 (numpy's set operations import it)
        import whoosh.highlight  # noqa: F401
        import whoosh.searching  # noqa: F401

        load_stemmer()
        tables()

    def search(self, request: SearchRequest) -> SearchResponse:
        """Ranked hits with snippets, facet counts and, when nothing matches, a suggestion."""
        started = time.perf_counter()
        with self._searcher() as searcher:
            parsed, matches = self._match(searcher, request)
            start = (request.page - 1) * request.per_page
            ranked = rank(matches, request, start, start + request.per_page)
            hits = tuple(self._hit(searcher, parsed, doc, partial, request, matches)
                         for doc, partial in ranked)
            suggestion = self._suggestion(searcher, request) if matches.total == 0 else None
            facets = matches.facets(request)
        return SearchResponse(
            request=request,
            total=matches.total,
            full_matches=matches.full_total,
            took_ms=round((time.perf_counter() - started) * 1000),
            hits=hits,
            facets=facets,
            suggestion=suggestion,
            stories=matches.stories(matches.final_selection),
            timed_out=matches.timed_out,
        )

    def export(self, request: SearchRequest, limit: int = EXPORT_LIMIT) -> HitStream:
        """Every matching article in the request's order, up to `limit`, as hits with their
        passages, read lazily; copies of a story each have their row."""
        request = replace(request, collapse=False)
        stack = ExitStack()
        try:
            searcher = stack.enter_context(self._searcher())
            parsed, matches = self._match(searcher, request)
            ranked = rank(matches, request, 0, limit)
        except BaseException:
            stack.close()
            raise
        return _Hits(lambda doc, partial: self._hit(searcher, parsed, doc, partial, request, matches),
                     ranked, stack)

    def article(self, article_id: str) -> Article:
        """The article with this id or short id; ArticleNotFound if there is none."""
        with self._searcher() as searcher:
            stored = searcher.document(**{ID: article_id}) or searcher.document(
                **{SHORT_ID: article_id})
        if stored is None:
            raise ArticleNotFound(article_id)
        return article_from_fields(stored)

    def actor_suggestions(
        self, prefix: str, request: SearchRequest, limit: int = 10
    ) -> list[dict[str, Any]]:
        """Actors whose name, or a word of it, starts with `prefix`, most matches first;
        counted over the request's matches with every filter but the actor one."""
        prefix = " ".join(prefix.split()).casefold()
        if len(prefix) > MAX_PREFIX_CHARS:
            raise InvalidParameter("prefix", f"at most {MAX_PREFIX_CHARS} characters")
        if not 1 <= limit <= MAX_SUGGESTIONS:
            raise InvalidParameter("limit", f"expected 1 to {MAX_SUGGESTIONS}, got {limit}")
        with self._searcher() as searcher:
            _, matches = self._match(searcher, request)
            actors = matches.columns.values["actor"]
            counts = VALUE_FACETS["actor"].counts(matches.columns, matches.without("actor"))
        codes = [code for code in _names_with_prefix(actors, prefix) if counts[code] > 0]
        codes.sort(key=lambda code: (-int(counts[code]), actors.names[code]))
        return [{"value": actors.names[code], "count": int(counts[code])} for code in codes[:limit]]

    def highlight(self, text: str, q: str) -> str:
        """The whole text as safe HTML, every word the query `q` looks for in <mark>."""
        return mark_query_words(text, q)

    def health(self) -> dict[str, Any]:
        """Document count and last commit time; IndexUnavailable when the index cannot be read."""
        with self._searcher() as searcher:
            documents = searcher.doc_count()
            generation = searcher.reader().generation()
            self._columns.get(searcher.reader())  # a small segment's checksum is checked here
        committed = datetime.fromtimestamp(self._open().last_modified(), tz=timezone.utc)
        return {
            "status": "ok",
            "documents": documents,
            "generation": generation,
            "last_commit": committed.isoformat(timespec="seconds"),
        }

    # --- internals -----------------------------------------------------------------------

    def _match(
        self, searcher, request: SearchRequest, q: str | None = None
    ) -> tuple[ParsedQuery, Matches]:
        """Parse the request's query (or `q`) and evaluate it with the filters."""
        reader = searcher.reader()
        columns = self._columns.get(reader)
        lengths = self._lengths.get(reader)
        evaluator = Evaluator(searcher, columns.live, lengths, self._postings,
                              deadline=time.monotonic() + self.budget)
        parsed = parse_query(request.q if q is None else q, searcher.schema,
                             in_quotes=bool(request.selected("speaker")))
        return parsed, match(evaluator, columns, parsed, request)

    def _suggestion(self, searcher, request: SearchRequest) -> str | None:
        """A corrected query, offered only if it finds something under the same filters."""
        corrected = suggest(searcher, request.q)
        if corrected is None:
            return None
        return corrected if self._match(searcher, request, corrected)[1].total else None

    def _hit(self, searcher, parsed: ParsedQuery, doc: int, partial: bool,
             request: SearchRequest, matches: Matches) -> Hit:
        article = article_from_fields(searcher.stored_fields(doc))
        copies = _copies(matches.columns, doc, matches.final)
        asked = _quote_asked_for(article, parsed, request)
        if asked is not None:
            return Hit(article, asked[1], partial, asked[0], *copies)
        return Hit(article, snippet(article.body, parsed.stems, parsed.words), partial, None,
                   *copies)

    def story(self, article: Article) -> list[StoryMember]:
        """The other articles of the article's story, first published first."""
        with self._searcher() as searcher:
            columns = self._columns.get(searcher.reader())
            doc = searcher.document_number(**{ID: article.id})
            return [] if doc is None else list(_members(searcher, columns, doc, columns.live))

    def _open(self):
        with self._lock:
            if self._index is None:
                index = open_index(self.index_dir)
                require_current_schema(index)  # an older layout would answer wrongly, not fail
                self._index = index
            return self._index

    @contextmanager
    def _searcher(self) -> Iterator[Any]:
        """This thread's searcher, on the latest commit.

        Opening a searcher opens every segment's files (10-20 ms at 100,000 articles), so a
        thread keeps its own and replaces it when the index's table of contents changes (a
        directory listing and a stat per request). Threads never share one: Whoosh's readers
        seek in shared file objects."""
        local = self._thread
        try:
            index = self._open()
            stamp = commit_stamp(index)
            if local.searcher is None or local.stamp != stamp:
                if local.searcher is not None:
                    local.searcher.close()
                local.searcher, local.stamp = None, None
                local.searcher, local.stamp = index.searcher(), stamp
            yield local.searcher
        except IndexUnavailable:
            self._forget()
            raise
        except WartaError:  # a bad request, met while searching
            raise
        except Exception as error:
            # A missing segment, a truncated table of contents, damaged bytes met while
            # searching (a block, a stored field), ...
            self._forget()
            log.exception("index at %s cannot be read", self.index_dir)
            raise IndexUnavailable(f"the index cannot be read: {error}") from error

    def _forget(self) -> None:
        """Drop the index and this thread's searcher: the next call opens them afresh."""
        with self._lock:
            self._index = None
        self._thread.searcher, self._thread.stamp = None, None


class _ThreadSearcher(threading.local):
    searcher: Any = None
    stamp: tuple | None = None


class _Hits:
    """Hits read one at a time from an open searcher, released at the end or on `close()`."""

    def __init__(self, hit: Callable[[int, bool], Hit], ranked: list[tuple[int, bool]],
                 stack: ExitStack) -> None:
        self._hit = hit
        self._ranked = ranked
        self._stack = stack

    def __len__(self) -> int:
        return len(self._ranked)

    def __iter__(self) -> Iterator[Hit]:
        try:
            for doc, partial in self._ranked:
                yield self._hit(doc, partial)
        finally:
            self.close()

    def close(self) -> None:
        """Release the searcher (idempotent)."""
        self._stack.close()


MAX_COPIES_LISTED = 50  # a story's other members read for their outlets and dates, at most


def _others_in_story(columns: DocColumns, doc: int, among: np.ndarray) -> np.ndarray:
    """The other documents of `doc`'s story within `among`, first published first."""
    code = columns.story[doc]
    if code < 0:
        return np.zeros(0, dtype=np.int64)
    members = columns.story_members(code)
    others = members[among[members] & (members != doc)]
    return others[np.lexsort((others, columns.published[others]))]


def _copies(columns: DocColumns, doc: int, among: np.ndarray) -> tuple[int, tuple[str, ...]]:
    """How many copies of `doc`'s story `among` holds, and their outlets (first published
    first, each once), from the facet columns: a hit reads no copy's stored fields."""
    others = _others_in_story(columns, doc, among)
    if not len(others):
        return 0, ()
    outlets = columns.values["outlet"]
    names = (outlets.names[code] for code in outlets.first[others].tolist() if code >= 0)
    return len(others), tuple(dict.fromkeys(names))


def _members(searcher, columns: DocColumns, doc: int, among: np.ndarray) -> tuple[StoryMember, ...]:
    """The other documents of `doc`'s story within `among`, first published first."""
    others = _others_in_story(columns, doc, among)[:MAX_COPIES_LISTED]
    members = []
    for other in others.tolist():
        stored = searcher.stored_fields(other)
        members.append(StoryMember(stored[ID], stored.get(TITLE, ""), stored.get(OUTLET),
                                   stored.get(PUBLISHED), stored.get(SYNDICATED_FROM)))
    return tuple(members)


def _quote_asked_for(article: Article, parsed: ParsedQuery, request: SearchRequest
                     ) -> tuple[Quote, str] | None:
    """The article's quotation by a speaker the request asks for (the `speaker` filter or
    `said:`, by name, alias or a word of the name, as the filter matches them) holding the
    query's words, else that speaker's first, with its passage; None when none is asked."""
    if not parsed.in_quotes and not request.selected("speaker"):  # `said:` sets in_quotes
        return None
    aliases = tables().aliases
    asked = {*request.selected("speaker"), *_said(parsed)}
    asked = {aliases.get(name, name).casefold() for name in asked}
    quotes = [quote for quote in article.quotes if quote.speaker and (
        quote.speaker.casefold() in asked or asked & set(quote.speaker.casefold().split()))]
    if not quotes:
        return None
    passages = [snippet(quote.text, parsed.stems, parsed.words) for quote in quotes]
    best = next((i for i, passage in enumerate(passages) if "<mark>" in passage), 0)
    return quotes[best], passages[best]


def _said(parsed: ParsedQuery) -> list[str]:
    """The names the query gives `said:`."""
    if parsed.query is None:
        return []
    return [str(text) for field, text in parsed.query.iter_all_terms() if field == SPEAKERS]


def suggest(searcher, q: str) -> str | None:
    """The query with each word the index does not hold replaced by its nearest indexed word
    (`keamannan` -> `keamanan`); None when there is nothing to correct."""
    reader = searcher.reader()
    pieces, cursor, changed = [], 0, False
    for token in TOKEN_PATTERN.finditer(q):
        word = token.group(0)
        if word in _OPERATORS or q[token.end():token.end() + 1] == ":" or len(word) < 3:
            continue
        folded = word.lower()
        if folded in stop_words() or any((field, folded) in reader for field in SPELLING_FIELDS):
            continue  # a stop word is left out of the index, not misspelled
        correction = _nearest_word(reader, folded)
        if correction:
            pieces += [q[cursor:token.start()], correction]
            cursor, changed = token.end(), True
    return "".join([*pieces, q[cursor:]]) if changed else None


def _nearest_word(reader, word: str) -> str | None:
    """The most frequent indexed word one edit away, else two (for words over five letters:
    shorter ones have too many neighbours); None if there is none."""
    field = SPELLING_FIELDS[0]
    for distance in (1, 2) if len(word) > 5 else (1,):
        candidates = {
            candidate
            for leaf, _ in reader.leaf_readers()
            for candidate in leaf.terms_within(field, word, distance, prefix=1)
            if candidate != word and not candidate.isdigit()
        }
        if candidates:
            return max(candidates, key=lambda term: (reader.doc_frequency(field, term), term))
    return None


def _names_with_prefix(column: ValueColumn, prefix: str) -> list[int]:
    if not prefix:
        return list(range(len(column.names)))
    if " " in prefix:
        return [
            code for code, name in enumerate(column.names)
            if name.casefold().startswith(prefix) or f" {prefix}" in name.casefold()
        ]
    codes = {
        code
        for word, word_codes in column.words.items()
        if word.startswith(prefix)
        for code in word_codes
    }
    return sorted(codes)
