"""The Whoosh index: schema, opening and creating, writing and deleting articles, statistics.

Field names are a contract with search/query.py. One writer at a time: a run holds the index's
`RUN_LOCK` (an fcntl lock, released by the kernel if the process dies) from its first batch to
its last, and commits every `batch_size` articles, so a crash loses at most one batch and the
index always opens at its last commit.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

from whoosh import fields, index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import Index

from search.analysis import analyze_both, exact_analyzer, indonesian_analyzer
from search.article import Article
from search.errors import IndexUnavailable, WartaError

RUN_LOCK = "WARTA_RUN"
DEFAULT_BATCH_SIZE = 2000  # articles per commit: what a crash can lose at most
PREPARE_CHUNK = 50  # articles per task sent to a worker process
CHUNKS_AHEAD = 40  # tasks in flight: keeps workers busy through a commit, bounds memory
WAIT_DELAY_SECONDS = 0.5
ACTOR_SEPARATOR = ","


class IndexBusy(WartaError):
    """Another writer holds the index and the caller chose not to wait."""

    status = 503
    code = "index_busy"


@dataclass(frozen=True, slots=True)
class Postings:
    """One text field's postings, computed ahead of the writer (in a worker process)."""

    items: tuple[tuple[bytes, int, float, bytes], ...]


class PreanalyzedText(fields.TEXT):
    """A TEXT field that also takes `Postings`, so analysis can run outside the writer."""

    def index(self, value, **kwargs):
        if isinstance(value, Postings):
            return iter(value.items)
        return super().index(value, **kwargs)


ANALYZED_FIELDS = ("title", "title_exact", "body", "body_exact")


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
    except (OSError, index.IndexError, EOFError, ValueError) as error:
        _close_files_left_open(error)
        raise IndexUnavailable(f"index at {path} cannot be opened: {error}") from error
    raise IndexUnavailable(f"no index at {path}: build one with `warta index PATH --index {path}`")


def _close_files_left_open(error: BaseException) -> None:
    """Whoosh's TOC reader leaves its file open when the file is corrupt: close it here."""
    trace = error.__traceback__
    while trace is not None:
        for value in trace.tb_frame.f_locals.values():
            if isinstance(value, StructFile) and not value.is_closed:
                value.close()
        trace = trace.tb_next


@dataclass(frozen=True, slots=True)
class WriteStats:
    """What one indexing run did."""

    written: int  # articles added or replaced
    documents: int  # documents in the index afterwards
    seconds: float
    actors_resolved: int = 0  # documents rewritten so a lone surname names its one full name


ActorFinder = Callable[[str], tuple[str, ...]]


def write_articles(
    index_dir: str | os.PathLike,
    articles: Iterable[Article],
    *,
    rebuild: bool = False,
    wait: bool = True,
    on_wait: Callable[[], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    find_actors: ActorFinder | None = None,
    procs: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> WriteStats:
    """Add or replace (by id) each article, committing every `batch_size`; return what was done.

    `find_actors(body)`, when given, fills each article's actors. With `procs` > 1, actors and
    analysis run in that many worker processes feeding this one writer. `rebuild` empties the
    index first. With `wait` False a busy index raises IndexBusy at once; otherwise `on_wait` is
    called once and the run waits. `on_progress(n)` is called as articles are written.
    """
    started = time.perf_counter()
    path = Path(index_dir)
    ix = open_index(path, create=True)
    with _worker_pool(procs) as pool, _run_lock(ix, wait=wait, on_wait=on_wait):
        if rebuild:
            ix = index.create_in(path, build_schema())
        documents = _prepared_documents(articles, pool, find_actors)
        written = _write_in_batches(ix, documents, batch_size, on_progress)
        resolved = resolve_actor_names(ix, pool, batch_size)
    return WriteStats(written, _live_count(ix), time.perf_counter() - started, resolved)


def prepared_document(article: Article, find_actors: ActorFinder | None = None) -> dict[str, Any]:
    """`document_for(article)` with its text fields analyzed: what a worker hands the writer."""
    if find_actors is not None:
        article = replace(article, actors=tuple(find_actors(article.body)))
    document = document_for(article)
    schema = _process_schema()
    for stemmed, exact in (("title", "title_exact"), ("body", "body_exact")):
        document[stemmed], document[exact] = _analyzed_pair(schema, stemmed, exact,
                                                            document[stemmed])
    document["_stored_title"] = article.title
    document["_stored_body"] = article.body
    return document


def _analyzed_pair(schema: fields.Schema, stemmed: str, exact: str,
                   text: str) -> tuple[Postings, Postings]:
    """The postings of one text in a stemmed field and its exact twin, tokenized once: what
    each field's `index(text)` gives (Whoosh's Positions format: every token boost is 1)."""
    stemmed_positions: dict[str, list[int]] = {}
    exact_positions: dict[str, list[int]] = {}
    for stem, form, position in analyze_both(text):
        stemmed_positions.setdefault(stem, []).append(position)
        exact_positions.setdefault(form, []).append(position)
    return (_postings(schema[stemmed], stemmed_positions),
            _postings(schema[exact], exact_positions))


def _postings(field: fields.FieldType, positions: Mapping[str, list[int]]) -> Postings:
    encode, boost = field.format.encode, field.format.field_boost
    return Postings(tuple((word.encode("utf-8"), len(where), float(len(where)) * boost,
                           encode(where)) for word, where in positions.items()))


@cache
def _process_schema() -> fields.Schema:
    return build_schema()


def _prepare_chunk(chunk: list[Article], find_actors: ActorFinder | None) -> list[dict[str, Any]]:
    return [prepared_document(article, find_actors) for article in chunk]


def _prepared_documents(
    articles: Iterable[Article], pool: Pool | None, find_actors: ActorFinder | None
) -> Iterator[dict[str, Any]]:
    """Prepared documents in input order; in `pool` when there is one, a bounded few chunks
    ahead so a large input never sits in memory whole."""
    chunks = _batches(articles, PREPARE_CHUNK)
    if pool is None:
        for chunk in chunks:
            yield from _prepare_chunk(chunk, find_actors)
        return
    pending: deque[AsyncResult] = deque()
    for chunk in chunks:
        pending.append(pool.apply_async(_prepare_chunk, (chunk, find_actors)))
        if len(pending) >= CHUNKS_AHEAD:
            yield from pending.popleft().get()
    while pending:
        yield from pending.popleft().get()


@contextmanager
def _worker_pool(procs: int) -> Iterator[Pool | None]:
    """Worker processes, started before any lock is taken so they never inherit it."""
    if procs <= 1:
        yield None
        return
    pool = multiprocessing.get_context("fork").Pool(procs, initializer=_exit_with_parent,
                                                    initargs=(os.getpid(),))
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: a killed indexer must not leave its workers waiting forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_in_batches(
    ix: Index,
    documents: Iterable[dict[str, Any]],
    batch_size: int,
    on_progress: Callable[[int], None] | None,
) -> int:
    """Write documents as they come, committing every `batch_size`; return how many."""
    written = 0
    writer = None
    in_batch: set[str] = set()
    try:
        for document in documents:
            # update_document replaces only committed documents, so an id seen again within
            # the batch closes the batch first.
            if writer is None or len(in_batch) >= batch_size or document["id"] in in_batch:
                if writer is not None:
                    writer.commit()
                writer, in_batch = ix.writer(), set()
            writer.update_document(**document)
            in_batch.add(document["id"])
            written += 1
            if on_progress:
                on_progress(1)
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    if writer is not None:
        writer.commit()
    return written


def delete_articles(index_dir: str | os.PathLike, ids: Iterable[str], *, wait: bool = True,
                    on_wait: Callable[[], None] | None = None) -> int:
    """Remove the articles with these ids; return how many were in the index."""
    ix = open_index(index_dir)
    with _run_lock(ix, wait=wait, on_wait=on_wait):
        writer = ix.writer()
        deleted = sum(writer.delete_by_term("id", article_id) for article_id in set(ids))
        writer.commit()
    return deleted


def resolve_actor_names(ix: Index, pool: Pool | None = None,
                        batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """Rewrite documents whose actors hold a lone name the index knows one full name for.

    Uses `search.actors.resolve_lone_names` over every actor name in the index; returns the number
    of documents rewritten (analysed in `pool` when given). The caller holds the run lock.
    """
    from search.actors import resolve_lone_names

    with ix.reader() as reader:
        names = [term.decode("utf-8") for term in reader.lexicon("actors")]
    resolution = {lone: full for lone, full in resolve_lone_names(names).items() if lone != full}
    if not resolution:
        return 0
    with ix.searcher() as searcher:
        # One rewrite per document, even when it holds several lone names.
        affected = {
            stored["id"]: _resolved(stored, resolution)
            for lone in resolution
            for stored in searcher.documents(actors=lone)
        }
    documents = _prepared_documents(affected.values(), pool, None)
    return _write_in_batches(ix, documents, batch_size, None)


def _resolved(stored: Mapping[str, Any], resolution: Mapping[str, str]) -> Article:
    article = article_from_fields(stored)
    actors = tuple(dict.fromkeys(resolution.get(name, name) for name in article.actors))
    return replace(article, actors=actors)


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
        segments = len(ix._segments())  # noqa: SLF001 - Whoosh has no public segment count
    return IndexStats(
        documents=documents,
        outlets=tuple(sorted(outlets.items(), key=lambda item: (-item[1], item[0]))),
        first_published=min(dates, default=None),
        last_published=max(dates, default=None),
        undated=documents - len(dates),
        size_bytes=sum(f.stat().st_size for f in Path(index_dir).iterdir() if f.is_file()),
        segments=segments,
    )


def _live_count(ix: Index) -> int:
    with ix.searcher() as searcher:
        return searcher.doc_count()


@contextmanager
def _run_lock(ix: Index, *, wait: bool, on_wait: Callable[[], None] | None) -> Iterator[None]:
    lock = ix.storage.lock(RUN_LOCK)
    if not lock.acquire(blocking=False):
        if not wait:
            raise IndexBusy(f"index at {_where(ix)} is being written by another process")
        if on_wait:
            on_wait()
        while not lock.acquire(blocking=False):
            time.sleep(WAIT_DELAY_SECONDS)
    try:
        yield
    finally:
        lock.release()


def _where(ix: Index) -> str:
    storage = ix.storage
    return storage.folder if isinstance(storage, FileStorage) else repr(storage)
