"""Property tests (hypothesis): whatever a user types or a crawler writes, the query engine, the
date parser and ingestion answer with a result or with the project's own documented error
(InvalidParameter for a request; a Problem report for input), never with anything else.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.actors import find_actors
from search.article import Article
from search.dates import JAKARTA, find_dates, find_published, is_date_line, parse_date
from search.errors import InvalidParameter
from search.whoosh_backend.writing import write_articles
from search.ingest import Problem, read_articles
from search.request import MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_RESULT_WINDOW, SORTS, SearchRequest
from search.whoosh_backend.service import WhooshBackend

EXAMPLES = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
FEW_EXAMPLES = settings(EXAMPLES, max_examples=40)

PARAM_NAMES = ("q", "outlet", "actor", "from", "to", "sort", "page", "per_page", "facet_size")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")
# Pieces of the query language and of the seeds' words, so generated queries reach deep paths.
QUERY_PIECES = ("putin", "Trump", "keamanan", "siber", "peretasan", "dunia", "maya", "AND", "OR",
                "NOT", "-", '"', "(", ")", "title:", "actor:", "outlet:", "body:", "id:", "*",
                "?", "~", "^2", "[", "]", "{", "}", ":", "\\", "'", "TO", "Kompas.com",
                '"Vladimir Putin"', "negara-negara", "G20", "covid-19", "\u200b", "ـ", "１２")
DATE_WORDS = ("Senin", "Selasa", ",", "(", ")", "/", "-", ":", ".", "WIB", "WITA", "WIT",
              "GMT+7", "UTC-3", "Z", "pukul", "T", " ", "2020", "12", "31", "02", "29", "00",
              "99", "1999", "Februari", "Feb", "Agu", "Juli", "Mei", "Jan.", "Des")
text_values = st.text(max_size=60)
query_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(QUERY_PIECES) | st.text(max_size=8), max_size=12).map(" ".join),
    st.lists(st.sampled_from(QUERY_PIECES), max_size=12).map("".join),
)
date_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(DATE_WORDS) | st.integers(0, 10_000).map(str), max_size=12)
    .map(" ".join),
    st.lists(st.sampled_from(DATE_WORDS) | st.integers(0, 99).map(str), max_size=12).map("".join),
)
params = st.dictionaries(
    st.sampled_from(PARAM_NAMES) | st.text(max_size=10),
    st.lists(text_values | st.integers(-10**12, 10**12).map(str) | st.sampled_from(SORTS)
             | st.sampled_from(("2020", "2020-02", "2020-02-29", "2019-02-29", "0999", "3000")),
             max_size=4),
    max_size=6,
)


# --- SearchRequest.from_params -----------------------------------------------------------------


@EXAMPLES
@given(params)
def test_from_params_gives_a_valid_request_or_invalid_parameter(raw: dict[str, list[str]]) -> None:
    try:
        request = SearchRequest.from_params(raw)
    except InvalidParameter as error:
        assert error.status == 400 and error.code == "bad_parameter"
        assert error.message.startswith(f"{error.param}: ")
        return
    assert len(request.q) <= MAX_QUERY_CHARS
    assert 1 <= request.per_page <= MAX_PER_PAGE
    assert 1 <= request.page and request.page * request.per_page <= MAX_RESULT_WINDOW
    assert request.sort in SORTS
    start, end = request.published_range()
    if start and end:
        assert start < end
    json.dumps(request.to_json())


@EXAMPLES
@given(st.text(max_size=2000))
def test_from_params_bounds_the_query_length(q: str) -> None:
    try:
        request = SearchRequest.from_params({"q": [q]})
    except InvalidParameter as error:
        assert error.param == "q"
        assert len(q.strip()) > MAX_QUERY_CHARS
    else:
        assert request.q == q.strip()


# --- the query language, end to end over an index of the seeds ---------------------------------


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> WhooshBackend:
    target = tmp_path_factory.mktemp("seed-index")
    problems: list[Problem] = []
    articles = [dataclasses.replace(article, actors=find_actors(article.body))
                for article in read_articles([seeds_dir], on_problem=problems.append)]
    assert len(articles) == 5 and not problems
    write_articles(target, articles, rebuild=True)
    return WhooshBackend(target)


_MARK = re.compile(r"</?mark>")


@EXAMPLES
@given(q=query_text, sort=st.sampled_from(("", *SORTS)), page=st.integers(1, 3))
def test_any_query_is_answered_or_refused_as_a_bad_parameter(
    service: WhooshBackend, q: str, sort: str, page: int
) -> None:
    raw = {"q": [q], "sort": [sort], "page": [str(page)], "per_page": ["2"]}
    try:
        request = SearchRequest.from_params(raw)
        response = service.search(request)
    except InvalidParameter as error:
        assert error.param == "q", error.message
        return
    assert response.full_matches <= response.total <= 5
    assert len(response.hits) == max(0, min(2, response.total - (page - 1) * 2))
    for hit in response.hits:
        # A snippet is escaped text with <mark> as its only markup.
        assert "<" not in _MARK.sub("", hit.snippet) and ">" not in _MARK.sub("", hit.snippet)
    json.dumps(response.to_json())


@FEW_EXAMPLES
@given(q=query_text, prefix=st.text(max_size=20), limit=st.integers(1, 100))
def test_any_actor_prefix_is_answered_or_refused(
    service: WhooshBackend, q: str, prefix: str, limit: int
) -> None:
    try:
        request = SearchRequest.from_params({"q": [q]})
        values = service.actor_suggestions(prefix, request, limit)
    except InvalidParameter as error:
        assert error.param in ("q", "prefix"), error.message
        return
    assert len(values) <= limit
    assert all(entry["count"] >= 1 for entry in values)


# --- the date parser ---------------------------------------------------------------------------


@EXAMPLES
@given(date_text)
def test_parse_date_never_raises_and_gives_an_aware_datetime_or_none(text: str) -> None:
    value = parse_date(text)
    assert value is None or (isinstance(value, datetime) and value.tzinfo is not None)
    found = find_dates(text)
    assert value == (found[0].value if found else None)
    for earlier, later in zip(found, found[1:]):
        assert earlier.end <= later.start  # in reading order, without overlaps
    assert isinstance(is_date_line(text), bool)


@EXAMPLES
@given(st.lists(date_text, max_size=5), st.none() | date_text)
def test_find_published_never_raises(header: list[str], dateline: str | None) -> None:
    value = find_published(header, dateline)
    assert value is None or value.tzinfo is not None


@EXAMPLES
@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2099, 12, 31)),
       st.sampled_from(("long", "numeric", "iso", "weekday")))
def test_a_printed_date_reads_back_as_the_same_day(moment: datetime, style: str) -> None:
    day, month, year = moment.day, moment.month, moment.year
    hour, minute = moment.hour, moment.minute
    printed = {
        "long": f"{day} {MONTHS[month - 1]} {year} {hour:02d}:{minute:02d} WIB",
        "numeric": f"Kompas.com - {day:02d}/{month:02d}/{year}, {hour:02d}:{minute:02d} WIB",
        "iso": f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+07:00",
        "weekday": f"Senin, {day} {MONTHS[month - 1]} {year} - {hour:02d}:{minute:02d} WIB",
    }[style]
    value = parse_date(printed)
    assert value is not None, printed
    assert value.replace(tzinfo=None) == datetime(year, month, day, hour, minute)
    wib = timedelta(hours=7) if style == "iso" else JAKARTA.utcoffset(value.replace(tzinfo=None))
    assert value.utcoffset() == wib  # Jakarta's offset of that day (+07:30 before 1964)


# --- ingestion of arbitrary text -----------------------------------------------------------------


def _read(path: Path) -> tuple[list[Article], list[Problem]]:
    problems: list[Problem] = []
    articles = list(read_articles([path], on_problem=problems.append))
    return articles, problems


def _assert_clean(article: Article, path: Path) -> None:
    assert article.id and article.title.strip() and article.body.strip()
    assert article.source == str(path)
    assert article.published is None or article.published.tzinfo is not None
    json.dumps(article.to_json())


@EXAMPLES
@given(data=st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode))
def test_any_bytes_as_a_page_give_one_article_or_one_problem(tmp_path: Path, data: bytes) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(data)
    articles, problems = _read(page)
    skipped = [problem for problem in problems if problem.skipped]
    assert len(articles) + len(skipped) == 1, (articles, problems)
    assert all(problem.path == str(page) for problem in problems)
    for article in articles:
        _assert_clean(article, page)


@EXAMPLES
@given(data=st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode))
def test_any_bytes_as_json_lines_never_raise(tmp_path: Path, data: bytes) -> None:
    records = tmp_path / "records.jsonl"
    records.write_bytes(data)
    articles, problems = _read(records)
    assert all(problem.path == str(records) for problem in problems)
    for article in articles:
        _assert_clean(article, records)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
record_fields = st.fixed_dictionaries(
    {},
    optional={
        "title": st.text(max_size=80) | json_values,
        "body": st.text(max_size=400) | json_values,
        "url": st.sampled_from(("https://kompas.com/a", "javascript:alert(1)", "", "://"))
        | st.text(max_size=30) | json_values,
        "outlet": st.text(max_size=20) | json_values,
        "published": date_text | json_values,
        "authors": st.lists(st.text(max_size=20), max_size=3) | json_values,
        "id": st.text(max_size=20) | json_values,
    },
)


@EXAMPLES
@given(lines=st.lists(record_fields | json_values, min_size=1, max_size=6))
def test_each_json_line_gives_one_article_or_one_problem(tmp_path: Path, lines: list) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    articles, problems = _read(records)
    assert not [problem for problem in problems if not problem.skipped]  # all UTF-8
    assert len(articles) + len(problems) == len(lines)
    assert all(problem.path == str(records) and 1 <= problem.line <= len(lines)
               for problem in problems)
    for article in articles:
        _assert_clean(article, records)
