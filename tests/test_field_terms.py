"""The terms of id and keyword fields, computed without Whoosh's analyzer, are Whoosh's."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest
from whoosh import fields
from whoosh.analysis import IDTokenizer, LowercaseFilter

from search.ingest import read_articles
from search.persons import with_persons
from search.whoosh_backend.field_terms import indexer
from search.whoosh_backend.schema import ACTORS, ID, OUTLET, build_schema
from search.whoosh_backend.writing import prepared_document

ODD_VALUES = [
    "", " ", ",", ",,", "a,,b", " a , a ,b ", "a, ", " ,a", "Joko Widodo,Joko Widodo",
    "Ma'ruf Amin, Basuki Tjahaja Purnama ,  ", "\t tab\t,\nline\n", "é, e\u0301", "日本, 日本",
    "x" * 300, "satu,dua,tiga,dua,satu,satu",
]


def _same(field: fields.FieldType, value) -> None:
    expected = sorted(field.index(value))
    assert sorted(indexer(field)(value)) == expected, value


@pytest.fixture(scope="module")
def documents(shared_data: Path) -> list[dict]:
    corpus = shared_data / "indosum" / "articles.jsonl"
    articles = islice(read_articles([corpus], on_problem=pytest.fail), 300)
    return [prepared_document(article, with_persons) for article in articles]


def test_the_schema_s_id_and_keyword_fields_take_the_short_way() -> None:
    schema = build_schema()
    for name in (ID, OUTLET, ACTORS):
        assert indexer(schema[name]) is not schema[name].index, name


def test_every_id_and_keyword_value_of_real_articles_gives_whoosh_s_terms(documents) -> None:
    schema = build_schema()
    checked = 0
    for name, field in schema.items():
        if not field.indexed or indexer(field) is field.index:
            continue
        for document in documents:
            if name in document:
                _same(field, document[name])
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize("field", [
    fields.ID(), fields.ID(stored=True, unique=True), fields.ID(field_boost=2.0),
    fields.KEYWORD(commas=True, lowercase=False, scorable=False),
    fields.KEYWORD(commas=True, scorable=True, field_boost=1.5),
], ids=["id", "unique id", "boosted id", "keyword", "boosted keyword"])
def test_odd_values_give_whoosh_s_terms(field: fields.FieldType) -> None:
    for value in ODD_VALUES:
        _same(field, value)
    _same(field, ["a", "b", "a"])  # not a string: Whoosh's own way


def test_other_kinds_of_field_are_left_to_whoosh() -> None:
    for field in (fields.KEYWORD(), fields.KEYWORD(commas=True, lowercase=True),
                  fields.ID(analyzer=IDTokenizer() | LowercaseFilter()), fields.TEXT(), fields.NUMERIC()):
        assert indexer(field) == field.index
