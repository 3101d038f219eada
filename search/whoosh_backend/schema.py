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

from search.whoosh_backend.analysis import exact_analyzer, indonesian_analyzer
from search.article import Article
from search.errors import IndexUnavailable
from search.whoosh_backend.internals import close_files_left_open, segment_count
from search.whoosh_backend.segment_writer import Postings

ACTOR_SEPARATOR = ","


class PreanalyzedText(fields.TEXT):
    """A TEXT field that also takes `Postings`, so analysis can run outside the writer."""

    def index(self, value, **kwargs):
        if isinstance(value, Postings):
            return value.items(self.format.field_boost)
        return super().index(value, **kwargs)


def build_schema() -> fields.Schema:
    """The index schema: stemmed and exact fields for title and body; facet and sort columns."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        url=fields.STORED(),
        title=PreanalyzedText(analyzer=indonesian_analyzer(), stored=True, field_boost=2.0),
        title_exact=PreanalyzedText(analyzer=exact_analyzer(), field_boost=3.0),
        body=PreanalyzedText(analyzer=indonesian_analyzer(), stored=True),
        body_exact=PreanalyzedText(analyzer=exact_analyzer(), field_boost=1.5),
        outlet=fields.ID(stored=True, sortable=True),
        # Indexed as the outlet's wall-clock time (what "published on 2020-09-26" means to a
        # reader); stored as the timezone-aware datetime the Article carries.
        published=fields.DATETIME(stored=True, sortable=True),
        # shift_step=0: few distinct values, so no extra range-query terms are worth their cost.
        year=fields.NUMERIC(sortable=True, shift_step=0),
        month=fields.NUMERIC(sortable=True, shift_step=0),  # yyyymm
        dated=fields.NUMERIC(bits=8, sortable=True, shift_step=0),  # 1 dated, 0 not: sort key
        actors=fields.KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        authors=fields.STORED(),
        place=fields.STORED(),
        source=fields.STORED(),
        title_source=fields.STORED(),
        syndicated_from=fields.STORED(),
    )


def document_for(article: Article) -> dict[str, Any]:
    """The fields written for one article (None values left out, as Whoosh wants)."""
    document: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "title_exact": article.title,
        "body": article.body,
        "body_exact": article.body,
        "outlet": article.outlet,
        "dated": 0,
        "actors": ACTOR_SEPARATOR.join(article.actors),
        "authors": tuple(article.authors),
        "place": article.place,
        "source": article.source,
        "title_source": article.title_source,
        "syndicated_from": article.syndicated_from,
    }
    if article.published is not None:
        wall_clock = article.published.replace(tzinfo=None)
        document.update(
            published=wall_clock,
            _stored_published=article.published,
            year=wall_clock.year,
            month=wall_clock.year * 100 + wall_clock.month,
            dated=1,
        )
    return {name: value for name, value in document.items() if value is not None}


def article_from_fields(stored: Mapping[str, Any]) -> Article:
    """Rebuild the Article from a document's stored fields (a hit's `fields()`)."""
    actors = stored.get("actors") or ""
    return Article(
        id=stored["id"],
        title=stored.get("title", ""),
        body=stored.get("body", ""),
        outlet=stored.get("outlet"),
        published=stored.get("published"),
        authors=tuple(stored.get("authors") or ()),
        place=stored.get("place"),
        url=stored.get("url"),
        source=stored.get("source"),
        title_source=stored.get("title_source", "headline"),
        syndicated_from=stored.get("syndicated_from"),
        actors=tuple(name for name in actors.split(ACTOR_SEPARATOR) if name),
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
