"""The Whoosh index: schema, documents, opening and creating, statistics.

Field names are a contract with search/query.py. Writing is search/writing.py's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import fields, index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from search.article import Article, Quote, short_id
from search.errors import IndexUnavailable
from search.whoosh_backend.analysis import exact_analyzer, indonesian_analyzer
from search.whoosh_backend.internals import close_files_left_open, segment_count
from search.whoosh_backend.segment_writer import Postings

ACTOR_SEPARATOR = ","


class PreanalyzedText(fields.TEXT):
    """A TEXT field that also takes `Postings`, so analysis can run outside the writer."""

    def index(self, value, **kwargs):
        if isinstance(value, Postings):
            return value.items(self.format.field_boost)
        return super().index(value, **kwargs)


# Field names: the one spelling of each, used by every module of the backend.
ID = "id"
URL = "url"
TITLE = "title"
TITLE_EXACT = "title_exact"
BODY = "body"
BODY_EXACT = "body_exact"
OUTLET = "outlet"
PUBLISHED = "published"
YEAR = "year"
MONTH = "month"
DATED = "dated"
ACTORS = "actors"
AUTHORS = "authors"
PLACE = "place"
SOURCE = "source"
TITLE_SOURCE = "title_source"
SYNDICATED_FROM = "syndicated_from"
AUTHOR = "author"  # the authors again, indexed for the author facet
PLACE_FACET = "place_facet"  # the dateline's place as the place facet shows it
SHORT_ID = "short_id"  # search.article.short_id of the id: the article's short address
SPEAKERS = "speakers"  # the persons quoted, for the speaker facet and said:
QUOTES = "quotes"  # the statements, stored as JSON-ready dicts
STORY = "story"  # the story (group of near-duplicate bodies) an article belongs to
# The statements' words, and each speaker's positions (search/whoosh_backend/said.py). Renamed
# when the speakers' terms changed: an index holding "quoted_words" is refused, to be rebuilt.
SAID = "said_words"
_STORED_PUBLISHED = f"_stored_{PUBLISHED}"  # the stored value where it differs from the indexed


def build_schema() -> fields.Schema:
    """The index schema: stemmed and exact fields for title and body; facet and sort columns."""
    return fields.Schema(**{
        ID: fields.ID(stored=True, unique=True),
        SHORT_ID: fields.ID(),
        URL: fields.STORED(),
        TITLE: PreanalyzedText(analyzer=indonesian_analyzer(), stored=True, field_boost=2.0),
        TITLE_EXACT: PreanalyzedText(analyzer=exact_analyzer(), field_boost=3.0),
        BODY: PreanalyzedText(analyzer=indonesian_analyzer(), stored=True),
        BODY_EXACT: PreanalyzedText(analyzer=exact_analyzer(), field_boost=1.5),
        OUTLET: fields.ID(stored=True, sortable=True),
        # Indexed as the outlet's wall-clock time (what "published on 2020-09-26" means to a
        # reader); stored as the timezone-aware datetime the Article carries.
        PUBLISHED: fields.DATETIME(stored=True, sortable=True),
        # shift_step=0: few distinct values, so no extra range-query terms are worth their cost.
        YEAR: fields.NUMERIC(sortable=True, shift_step=0),
        MONTH: fields.NUMERIC(sortable=True, shift_step=0),  # yyyymm
        DATED: fields.NUMERIC(bits=8, sortable=True, shift_step=0),  # 1 dated, 0 not: sort key
        ACTORS: fields.KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        AUTHOR: fields.KEYWORD(commas=True, lowercase=False, scorable=False),
        SPEAKERS: fields.KEYWORD(commas=True, lowercase=False, scorable=False),
        SAID: PreanalyzedText(analyzer=indonesian_analyzer()),
        QUOTES: fields.STORED(),
        STORY: fields.ID(stored=True),
        PLACE_FACET: fields.ID(),
        AUTHORS: fields.STORED(),
        PLACE: fields.STORED(),
        SOURCE: fields.STORED(),
        TITLE_SOURCE: fields.STORED(),
        SYNDICATED_FROM: fields.STORED(),
    })


def document_for(article: Article) -> dict[str, Any]:
    """The fields written for one article (None values left out, as Whoosh wants)."""
    document: dict[str, Any] = {
        ID: article.id,
        SHORT_ID: short_id(article.id),
        URL: article.url,
        TITLE: article.title,
        TITLE_EXACT: article.title,
        BODY: article.body,
        BODY_EXACT: article.body,
        OUTLET: article.outlet,
        DATED: 0,
        ACTORS: ACTOR_SEPARATOR.join(article.actors),
        AUTHORS: tuple(article.authors),
        PLACE: article.place,
        SOURCE: article.source,
        TITLE_SOURCE: article.title_source,
        AUTHOR: ACTOR_SEPARATOR.join(name.replace(ACTOR_SEPARATOR, " ") for name in article.authors),
        PLACE_FACET: facet_place(article.place),
        SYNDICATED_FROM: article.syndicated_from,
        SPEAKERS: ACTOR_SEPARATOR.join(dict.fromkeys(q.speaker for q in article.quotes if q.speaker)),
        QUOTES: tuple(quote.to_json() for quote in article.quotes) or None,
        STORY: article.story,
    }
    if article.published is not None:
        wall_clock = article.published.replace(tzinfo=None)
        document.update({
            PUBLISHED: wall_clock,
            _STORED_PUBLISHED: article.published,
            YEAR: wall_clock.year,
            MONTH: wall_clock.year * 100 + wall_clock.month,
            DATED: 1,
        })
    return {name: value for name, value in document.items() if value is not None}


def facet_place(place: str | None) -> str | None:
    """A dateline's place as the place facet shows it: `JAKARTA`, `Jakarta` -> `Jakarta`."""
    if not place:
        return None
    return " ".join(word.capitalize() for word in place.split()) if place.isupper() else place


def article_from_fields(stored: Mapping[str, Any]) -> Article:
    """Rebuild the Article from a document's stored fields (a hit's `fields()`)."""
    actors = stored.get(ACTORS) or ""
    return Article(
        id=stored[ID],
        title=stored.get(TITLE, ""),
        body=stored.get(BODY, ""),
        outlet=stored.get(OUTLET),
        published=stored.get(PUBLISHED),
        authors=tuple(stored.get(AUTHORS) or ()),
        place=stored.get(PLACE),
        url=stored.get(URL),
        source=stored.get(SOURCE),
        title_source=stored.get(TITLE_SOURCE, "headline"),
        syndicated_from=stored.get(SYNDICATED_FROM),
        actors=tuple(name for name in actors.split(ACTOR_SEPARATOR) if name),
        quotes=tuple(Quote.from_json(quote) for quote in stored.get(QUOTES) or ()),
        story=stored.get(STORY),
    )


def open_index(index_dir: str | os.PathLike, *, create: bool = False) -> Index:
    """Open the index at `index_dir`; with `create`, make an empty one if there is none.

    Raises IndexUnavailable, naming the directory, when it is missing or unreadable.
    """
    path = Path(index_dir)
    try:
        # exists_in() turns a PermissionError into False: list the directory first so an
        # unreadable index is reported as such, not as a missing one.
        if path.is_dir():
            os.listdir(path)
        if index.exists_in(path):
            return index.open_dir(path)
        if create:
            path.mkdir(parents=True, exist_ok=True)
            return index.create_in(path, build_schema())
    except (ModuleNotFoundError, AttributeError) as error:  # unpickling an older schema
        close_files_left_open(error)
        raise IndexUnavailable(
            f"index at {path} was built by an older Warta ({error}): rebuild it with "
            f"`warta index PATH --index {path} --rebuild`"
        ) from error
    except (OSError, index.IndexError, EOFError, ValueError) as error:
        close_files_left_open(error)
        raise IndexUnavailable(f"index at {path} cannot be opened: {error}") from error
    raise IndexUnavailable(f"no index at {path}: build one with `warta index PATH --index {path}`")


def require_current_schema(ix: Index) -> None:
    """Raises IndexUnavailable when the index was built with fewer fields than Warta now writes."""
    missing = sorted(set(build_schema().names()) - set(ix.schema.names()))
    if missing:
        folder = where(ix)
        raise IndexUnavailable(
            f"index at {folder} was built by an older Warta (no field {missing[0]!r}): "
            f"rebuild it with `warta index PATH --index {folder} --rebuild`"
        )


@dataclass(frozen=True, slots=True)
class IndexStats:
    """What `warta stats` prints."""

    documents: int
    outlets: tuple[tuple[str, int], ...]  # (outlet, articles), most articles first
    first_published: datetime | None
    last_published: datetime | None
    undated: int
    size_bytes: int
    segments: int


def index_stats(index_dir: str | os.PathLike) -> IndexStats:
    """Document count, articles per outlet, date range, undated count and size on disk."""
    ix = open_index(index_dir)
    outlets: dict[str, int] = {}
    dates: list[datetime] = []
    with ix.searcher() as searcher:
        for stored in searcher.documents():
            outlet = stored.get("outlet") or "(unknown)"
            outlets[outlet] = outlets.get(outlet, 0) + 1
            if stored.get("published") is not None:
                dates.append(stored["published"])
        documents = searcher.doc_count()
        segments = segment_count(ix)
    return IndexStats(
        documents=documents,
        outlets=tuple(sorted(outlets.items(), key=lambda item: (-item[1], item[0]))),
        first_published=min(dates, default=None),
        last_published=max(dates, default=None),
        undated=documents - len(dates),
        size_bytes=sum(f.stat().st_size for f in Path(index_dir).iterdir() if f.is_file()),
        segments=segments,
    )


def where(ix: Index) -> str:
    """The index's folder, for messages."""
    storage = ix.storage
    return storage.folder if isinstance(storage, FileStorage) else repr(storage)
