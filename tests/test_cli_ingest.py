"""`warta ingest`, end to end: what a user checking a new crawl sees."""

from __future__ import annotations

import json

from click.testing import CliRunner

from search.cli import main


def test_table_lists_the_seeds_and_exits_zero(seeds_dir):
    result = CliRunner().invoke(main, ["ingest", str(seeds_dir)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "PUBLISHED", "OUTLET", "PLACE", "AUTHORS", "TITLE"]
    assert len(lines) == 6
    assert lines[1].startswith("000_8f733fa993c9eeb0")
    assert "2017-07-10 14:09 +0700" in lines[1]
    assert "SINDOnews" in lines[1]
    assert lines[1].endswith("Bentuk Unit Keamanan Siber, Trump Akan Temui Putin")
    assert result.stderr == "5 articles read, 0 inputs skipped\n"


def test_jsonl_has_every_field(seeds_dir):
    page = seeds_dir / "002_9cfa0e0d1cdd636e.txt"
    result = CliRunner().invoke(main, ["ingest", "--format", "jsonl", str(page)])
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    record = json.loads(line)
    assert set(record) == {
        "id", "title", "title_source", "outlet", "published", "authors", "actors", "place", "url",
        "source", "syndicated_from", "story", "quotes", "body",
    }
    assert record["id"] == "002_9cfa0e0d1cdd636e"
    assert record["outlet"] == "Kompas.com"
    assert record["published"] == "2020-09-26T08:13:00+07:00"
    assert record["authors"] == ["Shintaloka Pradita Sicca"]
    assert record["place"] == "MOSKWA"
    assert record["url"] is None
    assert record["source"] == str(seeds_dir / "002_9cfa0e0d1cdd636e.txt")
    assert record["body"].startswith("Presiden Vladimir Putin")  # the dateline is no body text
    assert record["title_source"] == "headline"
    assert record["syndicated_from"] is None
    assert isinstance(record["actors"], list)
    assert result.stderr == "1 article read, 0 inputs skipped\n"


def test_problems_go_to_stderr_and_the_exit_status_says_so(tmp_path, seeds_dir):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "A", "body": "Isi."}\n{broken\n[]\n', encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    page = seeds_dir / "000_8f733fa993c9eeb0.txt"
    arguments = ["ingest", "--format", "jsonl", str(feed), str(empty), str(page)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        "feed:1", "000_8f733fa993c9eeb0",
    ]
    assert result.stderr.splitlines() == [
        f"{feed}:2: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{feed}:3: expected a JSON object, got list",
        f"{empty}: empty file",
        "2 articles read, 3 inputs skipped",
    ]


def test_a_cp1252_page_is_read_with_a_caveat_and_exits_zero(tmp_path):
    page = tmp_path / "latin.txt"
    page.write_bytes(
        "Pemerintah Perkuat Keamanan Siber\n"
        "JAKARTA - Kata “kutip” dari pemerintah tentang keamanan siber.\n".encode("cp1252")
    )
    result = CliRunner().invoke(main, ["ingest", str(page)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{page}: not UTF-8; read as cp1252",
        "1 article read, 0 inputs skipped, 1 input read with a caveat",
    ]


def test_paths_are_required():
    result = CliRunner().invoke(main, ["ingest"])
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr
