"""A folder of hostile files through `warta index` (a real subprocess): each bad input is reported
by path and skipped, or indexed as inert text, and the rest of the folder is indexed. The HTML an
article carries is then served escaped by the pages and as plain data by the JSON API.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from search.whoosh_backend.schema import index_stats, open_index
from search.ingest import Problem, read_articles
from servers import run_warta
from web import create_app

pytestmark = pytest.mark.slow  # one `warta index` run over 30 MB of hostile files: about 20 s

BROWSER = {"Accept": "text/html"}
SCRIPT = "<script>alert('xss')</script>"
IMAGE = '<img src=x onerror="alert(1)">'
HTML_BODY = (
    f"JAKARTA - Polisi menemukan kode {SCRIPT} di situs pemerintah yang diretas pekan lalu.\n\n"
    f"Gambar {IMAGE} juga disisipkan peretas ke halaman depan situs tersebut.\n\n"
    "Kepala Divisi Humas menyebut peretasan itu sudah ditangani tim siber kepolisian."
)
RAW_TAGS = ("<script", "<img")
TRUNCATED_LINES = (
    {"id": "utf8-1", "title": "Presiden résmikan jalan tol “baru” di Medan",
     "body": "Presiden Joko Widodo meresmikan jalan tol “baru” di Medan, Sumatera Utara."},
    {"id": "utf8-2", "title": "Harga cabai naik menjelang Lebaran",
     "body": "Harga cabai rawit di pasar tradisional naik dua kali lipat — kata pedagang."},
)
SEEDS = ("000_8f733fa993c9eeb0", "001_9b6439d8732bdf6e")
INDOSUM_LINES = 3
TEN_MB = 10 * 1024 * 1024


@dataclass
class Run:
    """The hostile folder, the index built from it and what `warta index` said."""

    folder: Path
    index_dir: Path
    returncode: int
    stdout: str
    stderr: str
    good_ids: tuple[str, ...]


def write_hostile_folder(folder: Path, seeds_dir: Path, indosum: Path) -> tuple[str, ...]:
    """The hostile files and some good ones; returns the ids of the good articles."""
    folder.mkdir()
    (folder / "zero.txt").write_bytes(b"")
    (folder / "zero.jsonl").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "binary.jsonl").write_bytes(b"\x00\x01\x02\xff\xfe" * 4000)
    (folder / "huge-line.txt").write_bytes(b"kata " * (TEN_MB // 5))
    (folder / "huge-line.jsonl").write_bytes(b"x" * TEN_MB + b"\n")
    words = ("Presiden meresmikan kebijakan ekonomi baru di Jakarta. " * (TEN_MB // 56))
    (folder / "huge-record.jsonl").write_text(json.dumps(
        {"id": "huge-record", "title": "Satu baris sepuluh megabita", "body": words}) + "\n")
    (folder / "nested.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    (folder / "nested-object.jsonl").write_text(
        '{"title": "Judul", "body": "Isi berita", "authors": ' + '{"a": ' * 50_000 + "1"
        + "}" * 50_000 + "}\n"
    )
    (folder / "list.jsonl").write_text(json.dumps(["Judul berita", "Isi berita yang panjang"]) + "\n")
    (folder / "html.jsonl").write_text(json.dumps(
        {"id": "html-article", "title": f"Situs diretas {SCRIPT}", "body": HTML_BODY}
    ) + "\n")
    # Valid UTF-8 lines, then a last line cut inside a multi-byte character.
    lines = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in TRUNCATED_LINES)
    cut = '{"id": "utf8-3", "title": "Terpotong “'.encode()[:-2]
    (folder / "truncated-utf8.jsonl").write_bytes(lines.encode() + cut)
    for seed in SEEDS:
        shutil.copy(seeds_dir / f"{seed}.txt", folder / f"{seed}.txt")
    with open(indosum, encoding="utf-8") as source:
        good = [next(source) for _ in range(INDOSUM_LINES)]
    (folder / "indosum.jsonl").write_text("".join(good), encoding="utf-8")
    urls = tuple(json.loads(line)["url"] for line in good)
    return (*SEEDS, *urls, "html-article", *(line["id"] for line in TRUNCATED_LINES))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, shared_data: Path) -> Run:
    base = tmp_path_factory.mktemp("hostile")
    folder, index_dir = base / "inbox", base / "index"
    good_ids = write_hostile_folder(folder, seeds_dir, shared_data / "indosum" / "articles.jsonl")
    done = run_warta("index", str(folder), index_dir=index_dir, timeout=600)
    return Run(folder, index_dir, done.returncode, done.stdout, done.stderr, good_ids)


@pytest.fixture(scope="module")
def client(run: Run) -> FlaskClient:
    return create_app({"INDEX_DIR": str(run.index_dir), "TESTING": True}).test_client()


def indexed_ids(index_dir: Path) -> list[str]:
    with open_index(index_dir).searcher() as searcher:
        return [stored["id"] for stored in searcher.documents()]


def problem_lines(run: Run, name: str) -> list[str]:
    where = str(run.folder / name)
    return [line for line in run.stderr.splitlines() if line.startswith(f"{where}:")]


def test_the_run_ends_by_itself_without_a_stack_trace(run: Run) -> None:
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 1, run.stderr[-3000:]  # as `warta ingest`: 1 when inputs were skipped


@pytest.mark.parametrize(("name", "reason"), [
    ("zero.txt", "empty file"),
    ("zero.jsonl", "empty file"),
    ("binary.txt", "binary"),
    ("binary.jsonl", "binary"),
    ("huge-line.txt", "over the 5 MB limit"),
    ("huge-line.jsonl", "not valid JSON"),
    ("list.jsonl", "expected a JSON object, got list"),
])
def test_each_bad_file_is_reported_with_its_reason(run: Run, name: str, reason: str) -> None:
    reported = problem_lines(run, name)
    assert len(reported) == 1 and reason in reported[0], run.stderr[-3000:]


@pytest.mark.parametrize("name", ["nested.jsonl", "nested-object.jsonl"])
def test_deeply_nested_json_is_reported_as_one_bad_line(run: Run, name: str) -> None:
    reported = problem_lines(run, name)
    assert len(reported) == 1 and reported[0].startswith(f"{run.folder / name}:1: "), \
        run.stderr[-3000:]


def test_the_rest_of_the_folder_is_indexed(run: Run) -> None:
    # A 10 MB article may be refused (reported) or indexed as text: either, but said or done.
    huge = [] if problem_lines(run, "huge-record.jsonl") else ["huge-record"]
    ids = indexed_ids(run.index_dir)
    assert sorted(ids) == sorted([*run.good_ids, *huge])
    assert index_stats(run.index_dir).documents == len(run.good_ids) + len(huge)


def test_the_good_lines_of_a_truncated_utf8_file_keep_their_text(run: Run) -> None:
    with open_index(run.index_dir).searcher() as searcher:
        titles = {line["id"]: (searcher.document(id=line["id"]) or {}).get("title")
                  for line in TRUNCATED_LINES}
    assert titles == {line["id"]: line["title"] for line in TRUNCATED_LINES}
    reported = problem_lines(run, "truncated-utf8.jsonl")
    assert any(line.startswith(f"{run.folder / 'truncated-utf8.jsonl'}:3: ") for line in reported)


def test_html_in_an_article_is_data_in_the_json_api(client: FlaskClient) -> None:
    answer = client.get("/articles/html-article", headers={"Accept": "application/json"})
    assert answer.status_code == 200 and answer.content_type == "application/json"
    article = answer.get_json()
    assert article["title"] == f"Situs diretas {SCRIPT}"
    assert SCRIPT in article["body"] and IMAGE in article["body"]  # text, kept as written


def test_html_in_an_article_is_escaped_in_the_snippet(client: FlaskClient) -> None:
    answer = client.get("/search", query_string={"q": "alert"},
                        headers={"Accept": "application/json"})
    hits = answer.get_json()["results"]
    assert [hit["id"] for hit in hits] == ["html-article"]
    snippet = hits[0]["snippet"]  # HTML by contract: escaped text with <mark> only
    assert "<mark>alert</mark>" in snippet
    assert not any(tag in snippet for tag in RAW_TAGS)
    assert "&lt;script&gt;" in snippet or "&lt;img" in snippet


def test_html_in_an_article_is_escaped_in_the_article_page(client: FlaskClient) -> None:
    page = client.get("/articles/html-article", headers=BROWSER)
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    text = page.data.decode()
    assert "alert(" in text  # the text is shown ...
    assert "<script>alert" not in text and "<img src=x" not in text  # ... never as markup
    assert "&lt;script&gt;alert(" in text and "&lt;img src=x onerror=" in text


def test_html_in_an_article_is_escaped_in_the_search_page(client: FlaskClient) -> None:
    page = client.get("/search", query_string={"q": "diretas"}, headers=BROWSER)
    assert page.status_code == 200
    text = page.data.decode()
    assert "Situs diretas &lt;script&gt;" in text
    assert "<script>alert" not in text and "<img src=x" not in text


# --- the same hostile inputs straight through the reader (no index, no subprocess) -----------


def _read(path: Path) -> tuple[list, list[Problem]]:
    problems: list[Problem] = []
    return list(read_articles([path], on_problem=problems.append)), problems


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000,
                                  '{"title": "t", "body": "b", "authors": ' + "[" * 5000
                                  + "]" * 5000 + "}"])
def test_read_articles_reports_deeply_nested_json(tmp_path: Path, text: str) -> None:
    records = tmp_path / "nested.jsonl"
    records.write_text(text + "\n" + json.dumps({"title": "Judul", "body": "Isi berita."}) + "\n")
    articles, problems = _read(records)
    assert [article.title for article in articles] == ["Judul"]
    assert [(problem.line, problem.skipped) for problem in problems] == [(1, True)]


def test_read_articles_keeps_good_utf8_lines_of_a_truncated_file(tmp_path: Path) -> None:
    records = tmp_path / "truncated.jsonl"
    lines = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in TRUNCATED_LINES)
    records.write_bytes(lines.encode() + '{"title": "Terpotong “'.encode()[:-2])
    articles, problems = _read(records)
    assert [article.title for article in articles] == [line["title"] for line in TRUNCATED_LINES]
    assert [problem.line for problem in problems if problem.skipped] == [3]


def test_the_input_folder_is_left_as_it_was(run: Run) -> None:
    # The run wrote only into its own index directory: the folder of inputs is untouched.
    assert sorted(os.listdir(run.folder)) == sorted([
        "zero.txt", "zero.jsonl", "binary.txt", "binary.jsonl", "huge-line.txt",
        "huge-line.jsonl", "huge-record.jsonl", "nested.jsonl", "nested-object.jsonl", "list.jsonl", "html.jsonl",
        "truncated-utf8.jsonl", "indosum.jsonl", *(f"{seed}.txt" for seed in SEEDS),
    ])
