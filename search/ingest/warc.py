"""Web archives (`.warc`, `.warc.gz`): every `response` record holding an HTML page becomes an
HTML page to parse (search.ingest.html), its URL the record's target URI. Read with `warcio`, streamed record by record: an
archive is never loaded whole.

Records are numbered from 1 in archive order; a problem names its record (`path:7: reason`). A
response that is not an HTML page (an image, a script, a redirect) is reported and skipped,
as is a page with no article; a broken or truncated archive ends with a report, and every
article read before the break is kept. Request, metadata and warcinfo records are not pages
and pass silently.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from search.ingest.html import HtmlPage
from search.ingest.problems import BadInput, Problem

PAGE_LIMIT = 5 * 1024 * 1024  # an HTML page beyond this is not a news page
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/"


def html_pages(path: Path) -> Iterator[HtmlPage | Problem]:
    """The HTML pages of one web archive, in order, and a Problem for every response that is
    not one or for the break of a truncated archive. Never raises."""
    source = str(path)
    number = 0
    try:
        with path.open("rb") as stream:
            _check_warc(stream)
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.rec_type != "response":
                    continue
                try:
                    yield _html_page(record, source, number)
                except BadInput as problem:
                    yield Problem(source, number, problem.reason)
    except BadInput as problem:
        yield Problem(source, None, problem.reason)
    except _Truncated as error:
        yield Problem(source, number, f"broken or truncated archive: {error}")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as error:
        where = number + 1 if number else None
        yield Problem(source, where, f"broken or truncated archive: {error}")


class _Truncated(Exception):
    """A record shorter than its header says: the archive was cut there."""


def _check_warc(stream: BinaryIO) -> None:
    """Raises BadInput unless the stream opens with a WARC record (plain or gzipped)."""
    head = stream.read(2)
    stream.seek(0)
    if head == _GZIP_MAGIC:
        with gzip.GzipFile(fileobj=stream) as unzipped:
            try:
                head = unzipped.read(len(_WARC_MAGIC))
            except (OSError, EOFError):
                head = b""
        stream.seek(0)
    else:
        head = stream.read(len(_WARC_MAGIC))
        stream.seek(0)
    if head != _WARC_MAGIC:
        raise BadInput("not a WARC archive (it does not open with a WARC/ record)")


def _html_page(record, source: str, number: int) -> HtmlPage:
    url = record.rec_headers.get_header("WARC-Target-URI")
    http = record.http_headers
    status = http.get_statuscode() if http is not None else None
    if status is not None and not status.startswith("2"):
        raise BadInput(f"not a page: HTTP status {status} ({url})")
    content_type = (http.get_header("Content-Type") if http is not None else "") or ""
    if not content_type.lower().startswith(_HTML_TYPES):
        raise BadInput(f"not an HTML page: {content_type or 'no content type'} ({url})")
    html = record.content_stream().read(PAGE_LIMIT + 1)
    if len(html) > PAGE_LIMIT:
        raise BadInput(f"page is over the {PAGE_LIMIT // 2**20} MB limit ({url})")
    missing = getattr(record.raw_stream, "limit", 0)  # what the record promised and never gave
    if missing:
        raise _Truncated(f"the record ends {missing} bytes early")
    return HtmlPage(html, source, url or None, number)
