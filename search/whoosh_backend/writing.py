"""Writing the index: runs of `warta index` and `warta delete`, one writer at a time.

A run holds the index's `RUN_LOCK` (an fcntl lock, released by the kernel if the process dies)
from its first batch to its last. Each batch of `batch_size` articles is analysed and written as
one new segment by a worker process (`search.whoosh_backend.segment_writer`), in a folder of its own under
`INCOMING`; this process then moves the segment into the index and commits it, deleting the
versions it replaces (`commits.py`). At the end of a run, segments are merged as the tiered
policy of `merging.py` asks, and during a run with worker processes as the run's own segments
fill a tier (`run_merges.py`). A crash loses at most the batches not yet committed, and the
index always opens at its last commit.
"""

from __future__ import annotations

import gc
import os
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

from whoosh import fields, index
from whoosh.codec.whoosh3 import W3Segment
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.reading import SegmentReader

from search.article import Article
from search.errors import WartaError
from search.whoosh_backend.analysis import analyze_positions
from search.whoosh_backend.internals import committed_segments
from search.whoosh_backend.schema import (
    ACTOR_SEPARATOR, ACTORS, BODY, BODY_EXACT, ID, QUOTES, SAID,
    TITLE, TITLE_EXACT, article_from_fields, build_schema, document_for, open_index, require_current_schema,
)
from search.stories import StoryGrouper
from search.whoosh_backend.column_files import columns_path, segment_checksum
from search.whoosh_backend.commits import INCOMING, commit_incoming, incoming_folder
from search.whoosh_backend.merging import merge_while_needed
from search.whoosh_backend.run_merges import RunMerges
from search.whoosh_backend.columns import BANDS, write_segment_columns
from search.whoosh_backend.said import resolve_speakers, said_postings
from search.whoosh_backend.story_index import story_lookup
from search.whoosh_backend.segment_writer import Postings, write_segment
from search.whoosh_backend.workers import Progress, Workers, count_prepared, worker_pool

RUN_LOCK = "WARTA_RUN"
DEFAULT_BATCH_SIZE = 2000  # articles per commit: what a crash can lose at most
WAIT_DELAY_SECONDS = 0.5


class IndexBusy(WartaError):
    """Another writer holds the index and the caller chose not to wait."""

    status = 503
    code = "index_busy"


@dataclass(frozen=True, slots=True)
class WriteStats:
    """What one indexing run did."""

    written: int  # articles added or replaced
    documents: int  # documents in the index afterwards
    seconds: float
    actors_resolved: int = 0  # documents rewritten so a lone surname names its one full name


Enricher = Callable[[Article], Article]  # fills an article's actors and quotes (search.persons)


def write_articles(
    index_dir: str | os.PathLike,
    articles: Iterable[Article],
    *,
    rebuild: bool = False,
    wait: bool = True,
    on_wait: Callable[[], None] | None = None,
    on_progress: Progress | None = None,
    enrich: Enricher | None = None,
    procs: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> WriteStats:
    """Add or replace (by id) each article, committing every `batch_size`; return what was done.

    `enrich(article)`, when given, fills each article's actors and quotes. Batches are analysed and
    written by `procs` worker processes (by this one when `procs` is 1) and committed in input
    order. `rebuild` empties the index first. With `wait` False a busy index raises IndexBusy at
    once; otherwise `on_wait` is called once and the run waits. `on_progress(n)` is called as
    articles are analysed.
    """
    started = time.perf_counter()
    path = Path(index_dir)
    # A rebuild never reads the old index: one written by an older Warta may not even open.
    storage = FileStorage(str(path)) if rebuild else open_index(path, create=True).storage
    if rebuild:
        path.mkdir(parents=True, exist_ok=True)
    with worker_pool(procs) as workers, _run_lock(storage, wait=wait, on_wait=on_wait):
        ix = index.create_in(path, build_schema()) if rebuild else open_index(path)
        require_current_schema(ix)
        shutil.rmtree(path / INCOMING, ignore_errors=True)  # left by a killed run
        with _Run(ix, workers, batch_size) as run:
            written = run.write(articles, enrich, on_progress)
            resolved = _resolve_actor_names(ix, run)
        merge_while_needed(ix.storage, ix.indexname, ix.schema, workers)
        shutil.rmtree(path / INCOMING, ignore_errors=True)
    return WriteStats(written, _live_count(ix), time.perf_counter() - started, resolved)


def delete_articles(index_dir: str | os.PathLike, ids: Iterable[str], *, wait: bool = True,
                    on_wait: Callable[[], None] | None = None) -> int:
    """Remove the articles with these ids; return how many were in the index."""
    ix = open_index(index_dir)
    with _run_lock(ix.storage, wait=wait, on_wait=on_wait):
        writer = ix.writer()
        deleted = sum(writer.delete_by_term(ID, article_id) for article_id in set(ids))
        # Whoosh's default policy would merge every segment once there are some twenty.
        writer.commit(merge=False)
        merge_while_needed(ix.storage, ix.indexname, ix.schema)
    return deleted


def prepared_document(article: Article, enrich: Enricher | None = None,
                      bands: Sequence[str] = ()) -> dict[str, Any]:
    """`document_for(article)` with its text fields analysed and its story's band keys, as the
    segment writer takes it."""
    if enrich is not None:
        article = enrich(article)
    document = document_for(article)
    if bands:
        document[BANDS] = bands
    for stemmed, exact in ((TITLE, TITLE_EXACT), (BODY, BODY_EXACT)):
        document[stemmed], document[exact] = _analyzed_pair(document[stemmed])
    if QUOTES in document:  # what was said, as its own field (analysed here, as title and body)
        document[SAID] = said_postings(document[QUOTES])
    document["_stored_title"] = article.title
    document["_stored_body"] = article.body
    return document


def _analyzed_pair(text: str) -> tuple[Postings, Postings]:
    """One text analysed for a stemmed field and its exact twin, tokenized once."""
    stemmed, exact = analyze_positions(text)
    return Postings(stemmed), Postings(exact)


@dataclass(frozen=True)
class _Batch:
    """What a worker needs to write one batch as a segment."""

    incoming: Path  # the folder the segment is written in, moved into the index at commit
    index_name: str
    schema: fields.Schema
    articles: list[Article]
    enrich: Enricher | None
    known_names: frozenset[str]  # actor names in the index and in the run's committed batches
    bands: dict[str, tuple[str, ...]]  # article id -> its story band keys (search/stories.py)


@dataclass(frozen=True)
class _Written:
    segment: W3Segment
    ids: list[str]  # in document order
    names: frozenset[str]  # the actors named in the batch


def _write_batch(batch: _Batch, on_prepared: Progress | None = None) -> _Written:
    """Find actors, analyse, and write a batch as one segment (in a worker). An id given twice
    keeps its last version. A lone name is resolved against the names known so far; the run's
    last pass resolves those whose full name came later."""
    with _without_cycle_collection():
        return _written_batch(batch, on_prepared or count_prepared)


def _written_batch(batch: _Batch, report: Progress) -> _Written:
    documents = []
    for article in {article.id: article for article in batch.articles}.values():
        documents.append(prepared_document(article, batch.enrich, batch.bands.get(article.id, ())))
        report(1)
    # Resolution needs the whole batch's names; it changes the actors field only.
    actors = [_actor_names(document) for document in documents]
    resolution = _lone_name_resolution(batch.known_names.union(*actors))
    for document, names in zip(documents, actors, strict=True):
        document[ACTORS] = ACTOR_SEPARATOR.join(_resolved(names, resolution))
        resolve_speakers(document, resolution)
    storage = FileStorage(str(batch.incoming)).create()
    segment = write_segment(storage, batch.index_name, batch.schema, documents)
    write_segment_columns(columns_path(batch.incoming, segment.segment_id()), batch.schema, documents,
                          segment_checksum(batch.incoming, segment))
    return _Written(segment, [document[ID] for document in documents],
                    frozenset(name for document in documents for name in _actor_names(document)))


def _actor_names(document: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(name for name in document[ACTORS].split(ACTOR_SEPARATOR) if name)


class _Run:
    """One run's batches, committed in input order. It knows where each id lives, to delete the
    version a batch replaces: segments from before the run are asked (a hash lookup per id and
    segment), those the run wrote are remembered."""

    def __init__(self, ix: Index, workers: Workers | None, batch_size: int) -> None:
        self._ix = ix
        self._workers = workers
        self._batch_size = batch_size
        self._before = ix.reader()
        self._written: dict[str, tuple[str, int]] = {}
        self._names = {term.decode("utf-8") for term in self._before.lexicon(ACTORS)}
        self._stories = StoryGrouper(story_lookup(self._before))
        self._batches = 0
        self._merges = RunMerges(ix.storage, ix.indexname, ix.schema, workers)

    def __enter__(self) -> _Run:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._before.close()

    @property
    def names(self) -> frozenset[str]:
        """The actor names in the index before the run and in the batches it committed."""
        return frozenset(self._names)

    def write(self, articles: Iterable[Article], enrich: Enricher | None,
              on_progress: Progress | None) -> int:
        """Write and commit `articles` batch by batch; return how many documents were written."""
        written = 0
        for batch, result in self._segments(articles, enrich, on_progress):
            self._commit(batch.incoming, result.segment, result.ids)
            self._names.update(result.names)
            written += len(result.ids)
            self._merges.committed(result.segment, self._written)
        self._merges.finish(self._written)
        return written

    def _segments(self, articles: Iterable[Article], enrich: Enricher | None,
                  on_progress: Progress | None) -> Iterator[tuple[_Batch, _Written]]:
        batches = (_Batch(self._next_incoming(), self._ix.indexname, self._ix.schema,
                          [article for article, _ in grouped], enrich, self.names,
                          {article.id: bands for article, bands in grouped})
                   for grouped in _batches(self._stories.grouped(articles), self._batch_size))
        if self._workers is None:
            for batch in batches:
                yield batch, _write_batch(batch, on_prepared=on_progress)
            return
        pending: deque[tuple[_Batch, AsyncResult]] = deque()
        for batch in batches:
            pending.append((batch, self._workers.pool.apply_async(_write_batch, (batch,))))
            # One batch more than workers, so that none idles while this process commits.
            if len(pending) > self._workers.count:
                batch, result = pending.popleft()
                yield batch, self._workers.result(result, on_progress)
        while pending:
            batch, result = pending.popleft()
            yield batch, self._workers.result(result, on_progress)

    def _next_incoming(self) -> Path:
        self._batches += 1
        return incoming_folder(self._ix.storage.folder, str(self._batches))

    def _commit(self, incoming: Path, segment: W3Segment, ids: list[str]) -> None:
        """Move the segment's files into the index and commit it with the deletions of the
        versions it replaces."""
        replaced = self._locate(ids)

        def replace_old(existing_segments: Sequence[W3Segment]) -> list[W3Segment]:
            kept = []
            for existing in existing_segments:
                for docnum in replaced.get(existing.segment_id(), ()):
                    existing.delete_document(docnum)
                if existing.deleted_count() < existing.doc_count_all():
                    kept.append(existing)
            return [*kept, segment]

        commit_incoming(self._ix.storage, self._ix.indexname, incoming, segment, replace_old)
        for docnum, article_id in enumerate(ids):
            self._written[article_id] = (segment.segment_id(), docnum)

    def _locate(self, ids: list[str]) -> dict[str, list[int]]:
        """Segment id -> document numbers of these article ids in the index."""
        found: dict[str, list[int]] = {}
        for leaf, _ in self._before.leaf_readers():
            for article_id in ids:
                if (ID, article_id) in leaf:
                    found.setdefault(leaf.segment().segment_id(), []).extend(
                        leaf.postings(ID, article_id).all_ids())
        for article_id in ids:
            where_written = self._written.get(article_id)
            if where_written is not None:
                found.setdefault(where_written[0], []).append(where_written[1])
        return found


def _resolve_actor_names(ix: Index, run: _Run) -> int:
    """Rewrite documents whose actors hold a lone name the index knows one full name for.

    Uses `search.actors.resolve_lone_names` over every actor name in the index; returns the
    number of documents rewritten (each batch resolves its articles' names as it is written).
    Segments are read one at a time: opening a Whoosh reader copies each segment's terms and
    postings into memory.
    """
    resolution = _lone_name_resolution(run.names)
    if not resolution:
        return 0
    affected: dict[str, Article] = {}  # one rewrite per document, whatever its lone names
    for segment in committed_segments(ix.storage, ix.indexname):
        with SegmentReader(ix.storage, ix.schema, segment) as reader:
            for lone in resolution:
                if (ACTORS, lone) not in reader:
                    continue
                for docnum in reader.postings(ACTORS, lone).all_ids():
                    if not reader.is_deleted(docnum):
                        article = article_from_fields(reader.stored_fields(docnum))
                        affected[article.id] = article
    return run.write(affected.values(), None, None)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A batch makes millions of lists and tuples and no reference cycles: Python's cycle
    collector, run every few hundred allocations, would walk them all again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _lone_name_resolution(names: Iterable[str]) -> dict[str, str]:
    """Name -> the one name the index uses for that person, for the names that change: a
    variant ("Miryam S. Haryani", "Elza Syarief") or a lone name with one full name."""
    from search.actors import resolve_names

    return {name: full for name, full in resolve_names(names).items() if name != full}


def _resolved(names: Iterable[str], resolution: Mapping[str, str]) -> tuple[str, ...]:
    """Names with each resolvable lone name replaced by its full name, without repeats."""
    return tuple(dict.fromkeys(resolution.get(name, name) for name in names))


def _live_count(ix: Index) -> int:
    """Documents in the index, from its table of contents (a reader would load every segment)."""
    return sum(segment.doc_count() for segment in committed_segments(ix.storage, ix.indexname))


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def _run_lock(storage: FileStorage, *, wait: bool, on_wait: Callable[[], None] | None
              ) -> Iterator[None]:
    lock = storage.lock(RUN_LOCK)
    if not lock.acquire(blocking=False):
        if not wait:
            raise IndexBusy(f"index at {storage.folder} is being written by another process")
        if on_wait:
            on_wait()
        while not lock.acquire(blocking=False):
            time.sleep(WAIT_DELAY_SECONDS)
    try:
        yield
    finally:
        lock.release()
