"""Bad input never stops a run and never passes silently: reported as path:line: reason,
skipped, counted; the rest of the input is still read."""

from __future__ import annotations

import json

import pytest

from search.ingest import Problem, read_articles

PAGE = (
    "Pemerintah Perkuat Keamanan Siber Nasional\n"
    "Senin, 10 Juli 2017 - 14:09 WIB\n"
    "JAKARTA - Pemerintah mengumumkan program baru untuk memperkuat keamanan siber nasional.\n"
)
GOOD = {"title": "Judul", "body": "Isi berita yang cukup.", "url": "https://kumparan.com/a"}


def _run(paths):
    problems: list[Problem] = []
    articles = list(read_articles(paths, problems.append))
    return articles, problems


@pytest.fixture
def good_page(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_problem_reads_as_path_line_reason():
    assert str(Problem("a.jsonl", 3, "not valid JSON")) == "a.jsonl:3: not valid JSON"
    assert str(Problem("a.txt", None, "empty file")) == "a.txt: empty file"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t\n", "empty file"),
        ("empty.jsonl", b"", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        ("data.jsonl", bytes(range(256)) * 4, "binary file, not text"),
        ("menu.txt", b"Beranda\nNasional\n", "no article text"),
        (
            "headline.txt",
            b"Pemerintah Perkuat Keamanan Siber Nasional\n",
            "no article text",
        ),
    ],
)
def test_unreadable_files_are_skipped_and_the_rest_read(tmp_path, good_page, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    articles, problems = _run([bad, good_page])
    assert [str(p) for p in problems] == [f"{bad}: {reason}"]
    assert [a.id for a in articles] == ["good"]


def test_a_page_over_five_megabytes_is_skipped(tmp_path, good_page):
    big = tmp_path / "big.txt"
    big.write_text(PAGE + "x" * (5 * 1024 * 1024), encoding="utf-8")
    articles, problems = _run([big, good_page])
    assert [str(p) for p in problems] == [f"{big}: file is 5.0 MB, over the 5 MB limit for a page"]
    assert [a.id for a in articles] == ["good"]


def test_text_that_is_not_utf8_is_read_as_cp1252_and_said_so(tmp_path):
    path = tmp_path / "latin.txt"
    text = PAGE.replace("Senin", "Jum’at") + "Kata “kutip”.\n"
    path.write_bytes(text.encode("cp1252"))
    articles, problems = _run([path])
    assert problems == [Problem(str(path), None, "not UTF-8; read as cp1252", skipped=False)]
    (article,) = articles
    assert article.title == "Pemerintah Perkuat Keamanan Siber Nasional"
    assert article.body.endswith("Kata “kutip”.")
    assert article.published.isoformat() == "2017-07-10T14:09:00+07:00"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"title": "Judul", "body": ', "not valid JSON: Expecting value (column 28)"),
        ("[1, 2, 3]", "expected a JSON object, got list"),
        ('"just text"', "expected a JSON object, got str"),
        (json.dumps({"body": "Isi."}), "missing 'title'"),
        (json.dumps({"title": "Judul"}), "missing 'body'"),
        (json.dumps({"title": "  ", "body": "Isi."}), "'title' must be non-empty text"),
        (json.dumps({"title": "Judul", "body": 42}), "'body' must be non-empty text"),
        (json.dumps({**GOOD, "published": "kemarin"}), "'published' is not a date: 'kemarin'"),
        (
            json.dumps({**GOOD, "published": "Senin, 16 Desember"}),
            "'published' is not a date: 'Senin, 16 Desember'",
        ),
        (json.dumps({**GOOD, "published": 20170328}), "'published' must be text, got int"),
        (json.dumps({**GOOD, "authors": [1, 2]}), "'authors' must be text or a list of text"),
        (json.dumps({"title": "Judul", "body": "Baca juga: Lain"}), "'body' holds no article text"),
    ],
)
def test_bad_json_lines_are_skipped_with_their_line_number(tmp_path, line, reason):
    path = tmp_path / "feed.jsonl"
    second = {**GOOD, "url": "https://kumparan.com/b"}
    path.write_text(f"{json.dumps(GOOD)}\n\n{line}\n{json.dumps(second)}\n", encoding="utf-8")
    articles, problems = _run([path])
    assert [str(p) for p in problems] == [f"{path}:3: {reason}"]
    assert [a.id for a in articles] == ["https://kumparan.com/a", "https://kumparan.com/b"]


def test_every_bad_line_is_reported_not_only_the_first(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("{oops\n" + json.dumps(GOOD) + "\n[]\n", encoding="utf-8")
    articles, problems = _run([path])
    assert [(p.line, p.skipped) for p in problems] == [(1, True), (3, True)]
    assert len(articles) == 1


def test_missing_paths_and_other_file_types_named_explicitly_are_reported(tmp_path, good_page):
    pdf = tmp_path / "page.pdf"
    pdf.write_text("%PDF-1.4", encoding="utf-8")
    articles, problems = _run([tmp_path / "nope.txt", pdf, good_page])
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'nope.txt'}: no such file or folder",
        f"{pdf}: not a .txt, .jsonl, .html, .htm, .warc or .warc.gz file (.pdf)",
    ]
    assert [a.id for a in articles] == ["good"]


def test_folders_are_walked_sorted_reading_only_txt_and_jsonl(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a" / "one.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    (tmp_path / "a" / "README.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text(PAGE, encoding="utf-8")
    articles, problems = _run([tmp_path])
    assert problems == []
    assert [a.id for a in articles] == ["https://kumparan.com/a", "two"]


def test_unicode_line_separators_inside_json_strings_do_not_split_a_record(tmp_path):
    path = tmp_path / "feed.jsonl"
    record = {"title": "Judul\u2028baris", "body": "Isi\u2029berita\x0byang\x1cpanjang."}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\r\n", encoding="utf-8")
    articles, problems = _run([path])
    assert problems == []
    assert [a.title for a in articles] == ["Judul baris"]


@pytest.mark.parametrize(
    "line",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"title": "t", "body": "b", "authors": ' + "[" * 5000 + "]" * 5000 + "}",
    ],
)
def test_json_nested_too_deeply_is_one_bad_line(tmp_path, line):
    path = tmp_path / "nested.jsonl"
    path.write_text(line + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    articles, problems = _run([path])
    assert [str(p) for p in problems] == [f"{path}:1: not valid JSON: nested too deeply"]
    assert [a.id for a in articles] == ["https://kumparan.com/a"]


def test_one_line_that_is_not_utf8_costs_only_itself(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = json.dumps({**GOOD, "title": "Presiden résmikan tol “baru”"}, ensure_ascii=False)
    latin = json.dumps({**GOOD, "url": "https://kumparan.com/b", "title": "Jum’at"})
    latin = latin.replace("\\u2019", "’")  # the raw character, to be written as cp1252
    cut = '{"title": "Terpotong “'.encode()[:-2]
    path.write_bytes(good.encode() + b"\n" + latin.encode("cp1252") + b"\n" + cut)
    articles, problems = _run([path])
    assert [a.title for a in articles] == ["Presiden résmikan tol “baru”", "Jum’at"]
    assert [(p.line, p.reason, p.skipped) for p in problems] == [
        (2, "not UTF-8; read as cp1252", False),
        (3, "not UTF-8; read as cp1252", False),
        (3, "not valid JSON: Unterminated string starting at (column 11)", True),
    ]


def test_a_page_whose_only_text_is_furniture_is_skipped(tmp_path, good_page):
    path = tmp_path / "furniture.txt"
    path.write_text(
        "Pemerintah Perkuat Keamanan Siber Nasional\n"
        "Simak breaking news dan berita pilihan kami langsung di ponselmu sekarang juga ya.\n"
        "Copyright ©2024 Contoh.com All Rights Reserved\n",
        encoding="utf-8",
    )
    articles, problems = _run([path, good_page])
    assert [str(p) for p in problems] == [f"{path}: no article text"]
    assert [a.id for a in articles] == ["good"]
