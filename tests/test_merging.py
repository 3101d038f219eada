"""Merging: the tiered policy keeps segments few, a merge changes no answer, drops what was
deleted, and a merge killed half-way leaves the last commit whole."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pytest

from search.ingest import read_articles
from search.persons import with_persons
from search.request import SearchRequest
from search.whoosh_backend import writing
from search.whoosh_backend.commits import INCOMING
from search.whoosh_backend.internals import committed_segments
from search.whoosh_backend.merging import (
    EXPUNGE_MIN, MERGE_FACTOR, TIER_BASE, merge_while_needed, next_merge, tier,
)
from search.whoosh_backend.schema import open_index
from search.whoosh_backend.service import WhooshBackend

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from query_mix import QUERIES  # noqa: E402

ARTICLES = 480
BATCH = 40  # twelve segments: the first ten are one tier, merged into one


@dataclass
class FakeSegment:
    live: int
    deleted: int = 0

    def doc_count(self) -> int:
        return self.live

    def doc_count_all(self) -> int:
        return self.live + self.deleted

    def deleted_count(self) -> int:
        return self.deleted


def test_a_tier_is_a_factor_of_ten() -> None:
    assert tier(1) == tier(TIER_BASE) == 0
    # ten batches missing a few replaced articles are the next tier
    assert tier(MERGE_FACTOR * (TIER_BASE - 10)) == 1
    assert tier(MERGE_FACTOR ** 2 * (TIER_BASE - 10)) == 2


def test_the_policy_merges_a_full_tier_and_expunges_deletions() -> None:
    batches = [FakeSegment(TIER_BASE) for _ in range(MERGE_FACTOR - 1)]
    assert next_merge(batches) is None
    big = FakeSegment(TIER_BASE * MERGE_FACTOR)
    assert next_merge([big, *batches, FakeSegment(7)]) == list(range(1, MERGE_FACTOR + 1))
    assert next_merge([big, FakeSegment(TIER_BASE, deleted=TIER_BASE)]) == [1]
    # a small segment's deletions wait for its tier's merge
    assert next_merge([big, FakeSegment(EXPUNGE_MIN // 4, deleted=EXPUNGE_MIN // 4)]) is None


def test_an_index_of_a_hundred_batches_keeps_few_segments() -> None:
    segments: list[FakeSegment] = []
    for _ in range(100):
        segments.append(FakeSegment(TIER_BASE))
        if len(segments) % 7 == 0:  # a replaced article here and there
            segments[-1].live -= 3
        while (chosen := next_merge(segments)) is not None:
            merged = FakeSegment(sum(segments[i].live for i in chosen))
            segments = [s for i, s in enumerate(segments) if i not in chosen]
            segments.insert(chosen[0], merged)
        assert len(segments) <= 2 * (MERGE_FACTOR - 1)
    assert len(segments) == 1 and segments[0].live > TIER_BASE * (MERGE_FACTOR ** 2 - 1)


@pytest.fixture(scope="module")
def unmerged(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """IndoSum's first articles in batches, not merged; the run's last pass rewrites the articles
    whose lone names it resolves, so earlier segments hold deleted documents."""
    corpus = shared_data / "indosum" / "articles.jsonl"
    articles = list(islice(read_articles([corpus], on_problem=pytest.fail), ARTICLES))
    index_dir = tmp_path_factory.mktemp("unmerged") / "index"
    original = writing.merge_while_needed
    writing.merge_while_needed = lambda *args: 0
    try:
        writing.write_articles(index_dir, articles, rebuild=True, enrich=with_persons,
                               batch_size=BATCH)
    finally:
        writing.merge_while_needed = original
    return index_dir


def answers(index_dir: Path) -> list[dict]:
    """The 50 queries' answers (ids in order, counts, facets, snippets), and every copy listed."""
    service = WhooshBackend(index_dir)
    found = []
    for _, params in [*QUERIES, ("all", {"q": ["presiden"], "collapse": ["false"],
                                         "per_page": ["100"]})]:
        response = service.search(SearchRequest.from_params(params)).to_json()
        response.pop("took_ms")
        found.append(json.loads(json.dumps(response, default=str)))
    return found


def segments(index_dir: Path) -> list:
    ix = open_index(index_dir)
    return committed_segments(ix.storage, ix.indexname)


def test_a_merge_changes_no_answer_and_drops_the_deleted(unmerged: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(unmerged, index_dir)
    before = segments(index_dir)
    assert len(before) >= MERGE_FACTOR + 1 and any(s.deleted_count() for s in before[:MERGE_FACTOR])
    expected = answers(index_dir)
    ix = open_index(index_dir)
    assert merge_while_needed(ix.storage, ix.indexname, ix.schema) == 1
    after = segments(index_dir)
    assert len(after) == len(before) - MERGE_FACTOR + 1
    assert after[0].deleted_count() == 0
    assert after[0].doc_count() == sum(s.doc_count() for s in before[:MERGE_FACTOR])
    assert [s.segment_id() for s in after[1:]] == [s.segment_id() for s in before[MERGE_FACTOR:]]
    assert answers(index_dir) == expected
    assert sum(1 for answer in expected if answer["total"]) >= 45  # the queries find something


def test_a_merged_segment_holds_every_live_posting(unmerged: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(unmerged, index_dir)

    def postings_by_article(field: str) -> dict:
        with open_index(index_dir).reader() as reader:
            ids = {docnum: stored["id"] for docnum, stored in reader.iter_docs()}
            found = {}
            for term in reader.lexicon(field):
                matcher = reader.postings(field, term)  # skips deleted documents
                while matcher.is_active():
                    found[term, ids[matcher.id()]] = (matcher.weight(), matcher.value())
                    matcher.next()
            return found

    fields = ("body", "title_exact", "actors", "published", "said_words")
    expected = {field: postings_by_article(field) for field in fields}
    ix = open_index(index_dir)
    merge_while_needed(ix.storage, ix.indexname, ix.schema)
    for field in fields:
        assert postings_by_article(field) == expected[field], field


def test_a_merge_copies_every_live_article_s_stored_fields_as_they_were(unmerged: Path,
                                                                         tmp_path: Path) -> None:
    """Stored fields are copied as the sources hold them, not read and written again: every
    live article keeps each field and value, deleted ones are gone, and a field stored for some
    articles only (quotes, syndication) stays with those alone."""
    index_dir = tmp_path / "index"
    shutil.copytree(unmerged, index_dir)

    def stored_by_article() -> dict[str, dict]:
        with open_index(index_dir).reader() as reader:
            return {stored["id"]: stored for _, stored in reader.iter_docs()}

    expected = stored_by_article()
    ix = open_index(index_dir)
    assert merge_while_needed(ix.storage, ix.indexname, ix.schema) == 1
    assert stored_by_article() == expected
    assert any("quotes" in stored for stored in expected.values())
    assert any("quotes" not in stored for stored in expected.values())


MERGE = ("import sys; from search.whoosh_backend.schema import open_index; "
         "from search.whoosh_backend.merging import merge_while_needed; "
         "ix = open_index(sys.argv[1]); merge_while_needed(ix.storage, ix.indexname, ix.schema)")


def _start_merge(index_dir: Path) -> tuple[subprocess.Popen, float]:
    """A merge in a process of its own, and the time its writing aside began."""
    merger = subprocess.Popen([sys.executable, "-c", MERGE, str(index_dir)])
    writing_aside = index_dir / INCOMING / "merge-1"
    deadline = time.monotonic() + 60
    while not writing_aside.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    return merger, time.monotonic()


@pytest.fixture(scope="module")
def merge_seconds(unmerged: Path, tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long the merge writes aside on this machine, measured on a copy."""
    index_dir = tmp_path_factory.mktemp("timed") / "index"
    shutil.copytree(unmerged, index_dir)
    merger, began = _start_merge(index_dir)
    merger.wait()
    return time.monotonic() - began


@pytest.mark.parametrize("share", [0.0, 0.3, 0.6])
def test_a_merge_killed_half_way_leaves_the_last_commit_whole(
        unmerged: Path, tmp_path: Path, merge_seconds: float, share: float) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(unmerged, index_dir)
    expected = answers(index_dir)
    merger, began = _start_merge(index_dir)
    time.sleep(max(0.0, began + share * merge_seconds - time.monotonic()))  # that share in
    assert merger.poll() is None, "the merge ended before it could be killed"
    merger.send_signal(signal.SIGKILL)
    merger.wait()
    assert answers(index_dir) == expected  # before or after the merge's commit: the same
    ix = open_index(index_dir)
    merge_while_needed(ix.storage, ix.indexname, ix.schema)  # a later run finishes the job
    assert len(segments(index_dir)) < MERGE_FACTOR
    assert answers(index_dir) == expected


def test_disjoint_merges_run_side_by_side_and_answer_as_one_after_another(
        shared_data: Path, tmp_path: Path) -> None:
    from search.whoosh_backend.workers import worker_pool

    corpus = shared_data / "indosum" / "articles.jsonl"
    articles = list(islice(read_articles([corpus], on_problem=pytest.fail), ARTICLES))
    original = writing.merge_while_needed
    writing.merge_while_needed = lambda *args: 0
    try:
        writing.write_articles(tmp_path / "one", articles, rebuild=True, batch_size=BATCH // 2)
    finally:
        writing.merge_while_needed = original
    assert len(segments(tmp_path / "one")) >= 2 * MERGE_FACTOR  # two merges at once
    shutil.copytree(tmp_path / "one", tmp_path / "two")
    ix = open_index(tmp_path / "one")
    merge_while_needed(ix.storage, ix.indexname, ix.schema)
    ix = open_index(tmp_path / "two")
    with worker_pool(2) as workers:
        merge_while_needed(ix.storage, ix.indexname, ix.schema, workers)
    assert ([s.doc_count() for s in segments(tmp_path / "one")]
            == [s.doc_count() for s in segments(tmp_path / "two")])
    assert answers(tmp_path / "two") == answers(tmp_path / "one")


def test_merges_made_during_a_run_answer_as_merges_at_its_end(
        shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With worker processes a run merges its own segments as they fill a tier; the answers
    are those of one process merging at the end, and an article given again later in the run
    replaces its merged first version. Each merge is waited for at the next batch commit, so
    the first is committed before the article comes again, however busy the machine."""
    import dataclasses

    from search.whoosh_backend import run_merges

    corpus = shared_data / "indosum" / "articles.jsonl"
    articles = list(islice(read_articles([corpus], on_problem=pytest.fail), ARTICLES))
    again = [dataclasses.replace(article, title=f"{article.title} (diperbarui)")
             for article in articles[:3]]
    committed = []
    original = run_merges.commit_incoming

    def counted_commit(*args):
        committed.append(args[3])  # the merged segment
        original(*args)

    monkeypatch.setattr(run_merges, "commit_incoming", counted_commit)
    started = run_merges.RunMerges.committed

    def committed_after_the_merge(self, segment, written):
        self.finish(written)
        started(self, segment, written)

    monkeypatch.setattr(run_merges.RunMerges, "committed", committed_after_the_merge)
    writing.write_articles(tmp_path / "during", [*articles, *again], rebuild=True,
                           batch_size=BATCH // 2, procs=2)
    monkeypatch.undo()
    writing.write_articles(tmp_path / "end", [*articles, *again], rebuild=True,
                           batch_size=BATCH // 2)
    assert committed  # a merge was committed during the run
    assert answers(tmp_path / "during") == answers(tmp_path / "end")
    service = WhooshBackend(tmp_path / "during")
    for article in again:
        assert service.article(article.id).title == article.title
    assert service.health()["documents"] == ARTICLES


def test_a_merge_whose_sources_lost_documents_meanwhile_is_thrown_away(
        shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A deletion committed while a run's merge is written would be lost by committing it: the
    merge is dropped instead, and the segments stay as they were."""
    from search.whoosh_backend.run_merges import RunMerges
    from search.whoosh_backend.workers import worker_pool

    corpus = shared_data / "indosum" / "articles.jsonl"
    articles = list(islice(read_articles([corpus], on_problem=pytest.fail), MERGE_FACTOR * 10))
    monkeypatch.setattr(writing, "merge_while_needed", lambda *args: 0)
    writing.write_articles(tmp_path / "index", articles, rebuild=True, batch_size=10)
    ix = open_index(tmp_path / "index")
    before = committed_segments(ix.storage, ix.indexname)
    assert len(before) == MERGE_FACTOR
    with worker_pool(2) as workers:
        merges = RunMerges(ix.storage, ix.indexname, ix.schema, workers)
        for segment in before:
            merges.committed(segment, {})  # the last one starts a merge of all ten
        writing.delete_articles(tmp_path / "index", [articles[0].id])
        merges.finish({})
    after = committed_segments(ix.storage, ix.indexname)
    assert [s.segment_id() for s in after] == [s.segment_id() for s in before]
    assert WhooshBackend(tmp_path / "index").health()["documents"] == len(articles) - 1
    assert not any((tmp_path / "index" / INCOMING).glob("run-merge-*"))
