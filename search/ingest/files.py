"""Reading inputs: files and folders, their size, bytes and encoding, dispatched by extension.

`.txt` scraped pages, `.jsonl` records, `.html`/`.htm` pages, `.warc`/`.warc.gz` web archives.
Folders are walked recursively in sorted order; inside a folder only those are read, and hidden
files and folders (`.git`) and other extensions are passed over as not being input. A file named
explicitly with another extension is reported as a problem.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from pathlib import Path

from search.article import Article
from search.ingest.jsonl import parse_record
from search.ingest.problems import BadInput, Problem
from search.ingest.html import HtmlPage, parse_html
from search.ingest.page import parse_page
from search.ingest.warc import html_pages

PAGE_LIMIT = 5 * 1024 * 1024  # a scraped page beyond this is not a news page
READERS = (".txt", ".jsonl", ".html", ".htm", ".warc", ".warc.gz")
_SNIFF = 8192
_POOL_CHUNK = 4  # pages sent to a parsing worker at a time
_POOL_AHEAD = 64  # chunks sent before the first of them is waited for
Item = Article | Problem | HtmlPage
_CONTROL = bytes(sorted(set(range(32)) - {9, 10, 12, 13}))


def input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str | None]]:
    """Each file to read, with None, or a path with the reason it cannot be read."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from ((file, None) for file in _walk(path))
        elif not path.exists():
            yield path, "no such file or folder"
        elif _kind(path) is None:
            yield path, f"not a {', '.join(READERS[:-1])} or {READERS[-1]} file " \
                        f"({path.suffix or 'no extension'})"
        else:
            yield path, None


def _walk(folder: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and _kind(Path(name)) is not None:
                yield Path(root, name)


def _kind(path: Path) -> str | None:
    """The input format a file name says (`.warc.gz` is an archive), or None."""
    name = path.name.lower()
    return next((suffix for suffix in sorted(READERS, key=len, reverse=True)
                 if name.endswith(suffix)), None)


def check_text(data: bytes) -> None:
    """Raises BadInput for data that is empty or binary rather than text."""
    if not data.strip():
        raise BadInput("empty file")
    head = data[:_SNIFF]
    controls = len(head) - len(head.translate(None, _CONTROL))
    if b"\0" in head or controls > len(head) // 20:
        raise BadInput("binary file, not text")


def decode(data: bytes) -> tuple[str, bool]:
    """The text in `data` and whether it was UTF-8; other text is read as cp1252."""
    try:
        return data.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), False


def _caveat(source: str, line: int | None) -> Problem:
    return Problem(source, line, "not UTF-8; read as cp1252", skipped=False)


def read_file(path: Path) -> Iterator[Item]:
    """What one file holds, in order: articles, problems, and HTML pages still to parse."""
    source = str(path)
    kind = _kind(path)
    try:
        if kind in (".warc", ".warc.gz"):
            yield from html_pages(path)
        elif kind in (".txt", ".html", ".htm"):
            size = path.stat().st_size
            if size > PAGE_LIMIT:
                raise BadInput(f"file is {size / 2**20:.1f} MB, over the "
                               f"{PAGE_LIMIT // 2**20} MB limit for a page")
            data = path.read_bytes()
            check_text(data)
            yield from _page(data, source) if kind == ".txt" else [HtmlPage(data, source)]
        else:
            with path.open("rb") as stream:  # line by line: a large file never sits in memory
                head = stream.read(_SNIFF)
                if head.strip():
                    check_text(head)
                stream.seek(0)
                if not (yield from _records(stream, source)):
                    raise BadInput("empty file")
    except BadInput as problem:
        yield Problem(source, problem.line, problem.reason)
    except OSError as error:
        yield Problem(source, None, f"cannot read: {error.strerror or error}")


def _page(data: bytes, source: str) -> Iterator[Article | Problem]:
    text, is_utf8 = decode(data)
    if not is_utf8:
        yield _caveat(source, None)
    try:
        yield parse_page(text, source)
    except BadInput as problem:
        yield Problem(source, problem.line, problem.reason)


def _records(lines: Iterable[bytes], source: str) -> Generator[Article | Problem, None, bool]:
    """The records of a .jsonl file; returns whether it had any line that is not blank."""
    # Line by line, bytes first: one bad byte costs its own line only, and characters such as
    # U+2028 inside a JSON string never split a record.
    any_line = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        any_line = True
        line, is_utf8 = decode(raw.removesuffix(b"\n"))
        if not is_utf8:
            yield _caveat(source, number)
        try:
            yield parse_record(line, source, number)
        except BadInput as problem:
            yield Problem(source, number, problem.reason)
    return any_line


def read_articles(
    paths: Iterable[str | os.PathLike[str]], on_problem: Callable[[Problem], None],
    jobs: int = 1,
) -> Iterator[Article]:
    """Clean articles (with `actors` empty) from files and folders of `.txt` pages, `.jsonl`
    records, `.html` pages and `.warc` archives, in input order; every input skipped is
    reported to `on_problem` as a Problem. With `jobs` > 1, HTML pages are parsed by that many
    worker processes (their extraction is most of an HTML page's cost)."""
    items = _items(paths)
    parsed = _parsed_in_pool(items, jobs) if jobs > 1 else map(_parsed, items)
    for item in parsed:
        if isinstance(item, Problem):
            on_problem(item)
        else:
            yield item


def _items(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Item]:
    for path, reason in input_files(paths):
        if reason:
            yield Problem(str(path), None, reason)
        else:
            yield from read_file(path)


def _parsed(item: Item) -> Article | Problem:
    """An HTML page parsed (or the problem it is); anything else as it is."""
    if not isinstance(item, HtmlPage):
        return item
    try:
        return parse_html(item.html, item.source, item.url)
    except BadInput as problem:
        return Problem(item.path, item.record, problem.reason)


def _parsed_in_pool(items: Iterator[Item], jobs: int) -> Iterator[Article | Problem]:
    """HTML pages parsed by `jobs` processes, in chunks sent at most _POOL_AHEAD ahead of what
    is yielded; the other items (read already) pass through. Order is kept, so a later article
    still replaces an earlier one with its id.

    Not `Pool.imap`: its feeding thread drains the input whole at once, so every file was read
    (and every record sent to a worker and back) before the first article went on, while the
    thread held this process."""
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pending: deque[list[Article | Problem] | AsyncResult] = deque()
        pages: list[HtmlPage] = []
        for item in items:
            if isinstance(item, HtmlPage):
                pages.append(item)
                if len(pages) < _POOL_CHUNK:
                    continue
            if pages:
                pending.append(pool.map_async(_parsed, pages))
                pages = []
            if not isinstance(item, HtmlPage):
                pending.append([item])
            while pending and (isinstance(pending[0], list) or len(pending) > _POOL_AHEAD):
                yield from _ready(pending.popleft())
        if pages:
            pending.append(pool.map_async(_parsed, pages))
        while pending:
            yield from _ready(pending.popleft())


def _ready(entry: list[Article | Problem] | AsyncResult) -> list[Article | Problem]:
    return entry if isinstance(entry, list) else entry.get()
