"""The segment writer writes what Whoosh's own writer would: Whoosh reads both the same."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest
from whoosh.index import TOC
from whoosh.query import Phrase
from whoosh.searching import Searcher

from search.persons import with_persons
from search.whoosh_backend.schema import open_index
from search.ingest import read_articles
from search.whoosh_backend.segment_writer import BLOCK_LIMIT, write_segment
from search.whoosh_backend.writing import prepared_document


@pytest.fixture(scope="module")
def documents(shared_data: Path) -> list[dict]:
    corpus = shared_data / "indosum" / "articles.jsonl"
    articles = islice(read_articles([corpus], on_problem=pytest.fail), 300)
    return [prepared_document(article, with_persons) for article in articles]


@pytest.fixture(scope="module")
def readers(documents: list[dict], tmp_path_factory: pytest.TempPathFactory):
    theirs = open_index(tmp_path_factory.mktemp("whoosh"), create=True)
    writer = theirs.writer()
    for document in documents:
        writer.add_document(**document)
    writer.commit(merge=False)

    ours = open_index(tmp_path_factory.mktemp("ours"), create=True)
    segment = write_segment(ours.storage, ours.indexname, ours.schema, documents)
    TOC(ours.schema, [segment], 1).write(ours.storage, ours.indexname)

    with theirs.reader() as whoosh_reader, open_index(ours.storage.folder).reader() as reader:
        yield whoosh_reader, reader


def _term_stats(reader, field: str, term: bytes) -> tuple:
    info = reader.term_info(field, term)
    return (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
            info.max_weight(), info.min_id(), info.max_id())


def _postings(reader, field: str, term: bytes) -> list[tuple]:
    matcher = reader.postings(field, term)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_max_weight(),
                      matcher.block_min_length(), matcher.block_max_length()))
        matcher.next()
    return found


def test_every_field_holds_the_same_terms(readers) -> None:
    whoosh_reader, reader = readers
    assert sorted(reader.indexed_field_names()) == sorted(whoosh_reader.indexed_field_names())
    for field in whoosh_reader.indexed_field_names():
        assert list(reader.lexicon(field)) == list(whoosh_reader.lexicon(field)), field


def test_every_term_has_the_same_statistics_and_postings(readers) -> None:
    whoosh_reader, reader = readers
    longest = 0
    for field in whoosh_reader.indexed_field_names():
        for term in whoosh_reader.lexicon(field):
            assert _term_stats(reader, field, term) == _term_stats(whoosh_reader, field, term)
            postings = _postings(reader, field, term)
            assert postings == _postings(whoosh_reader, field, term), (field, term)
            longest = max(longest, len(postings))
    assert longest > 2 * BLOCK_LIMIT  # terms of several blocks were compared too


def test_stored_fields_lengths_and_columns_are_the_same(readers) -> None:
    whoosh_reader, reader = readers
    schema = whoosh_reader.schema
    assert reader.doc_count_all() == whoosh_reader.doc_count_all() == 300
    for docnum in range(300):
        assert reader.stored_fields(docnum) == whoosh_reader.stored_fields(docnum)
        for field in schema.names():
            assert (reader.doc_field_length(docnum, field)
                    == whoosh_reader.doc_field_length(docnum, field))
    for field in schema.names():
        assert reader.field_length(field) == whoosh_reader.field_length(field)
        if schema[field].column_type:
            assert list(reader.column_reader(field)) == list(whoosh_reader.column_reader(field))


def test_phrases_match_through_the_written_positions(readers) -> None:
    whoosh_reader, reader = readers
    phrase = Phrase("body", ["jakarta", "pusat"])
    expected = sorted(phrase.docs(Searcher(whoosh_reader)))
    assert expected and sorted(phrase.docs(Searcher(reader))) == expected


def test_a_term_of_one_document_keeps_its_posting_in_its_term_info(readers) -> None:
    whoosh_reader, reader = readers
    ours = reader.leaf_readers()[0][0]
    once = [(field, term) for field in ("body", "body_exact", "actors")
            for term in whoosh_reader.lexicon(field) if whoosh_reader.doc_frequency(field, term) == 1]
    assert once and all(ours.term_info(field, term).is_inlined() for field, term in once)
    assert not any(whoosh_reader.term_info(field, term).is_inlined() for field, term in once)


def test_raw_reads_give_what_whooshs_matchers_give(readers) -> None:
    """Queries and phrases read postings and positions from the bytes (`raw_postings.py`),
    from segments of both writers: inlined terms, one block and several."""
    import numpy as np

    from search.whoosh_backend.raw_postings import RawSegment
    from search.whoosh_backend.segment_writer import decode_positions

    for reader in readers:
        leaf = reader.leaf_readers()[0][0]
        raw = RawSegment(leaf)
        for field in ("body", "title_exact", "actors", "said_words", "speakers"):
            positions = leaf.schema[field].format.supports("positions")
            for term in list(leaf.lexicon(field))[::7]:
                expected = _postings(leaf, field, term)
                info = raw.info(field, term)
                ids, weights = raw.ids_and_weights(info)
                assert ids.tolist() == [posting[0] for posting in expected], (field, term)
                assert np.allclose(weights, [posting[1] for posting in expected])
                if not positions:  # values_for is for positions (phrases, speakers' words)
                    continue
                every_other = [posting[0] for posting in expected][::2] + [leaf.doc_count_all()]
                values = raw.values_for(info, every_other)
                assert sorted(values) == every_other[:-1]
                for docnum, value in values.items():
                    wanted = next(posting[2] for posting in expected if posting[0] == docnum)
                    assert value == wanted
                    assert list(decode_positions(value)) == leaf.schema[field].format.decode_positions(wanted)
        assert raw.info("body", "kata-yang-tidak-ada") is None


def test_positions_decode_as_encoded_by_both_writers_and_shifted() -> None:
    import random

    from whoosh.formats import Positions

    from search.whoosh_backend.segment_writer import decode_positions, encode_positions

    rng = random.Random(7)
    for _ in range(300):
        positions = sorted(rng.sample(range(5000), rng.randint(1, 40)))
        shift = rng.choice([0, -3, 5])
        expected = [position + shift for position in positions]
        ours = encode_positions(positions)
        theirs = Positions().encode(positions)
        assert list(decode_positions(ours, shift)) == expected
        assert list(decode_positions(theirs, shift)) == expected
        assert list(decode_positions(ours)) == positions  # the cached value left as it was
