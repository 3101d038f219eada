"""JSON Lines (`.jsonl`): one article a line, with `title`, `body` and optionally `url`,
`outlet`, `published`, `authors`, `id`; or one raw crawled page a line, `{"url": ..., "text":
<the page's visible text>}` (optionally `fetched`, when it was crawled), which goes through the
page extractor like a scraped `.txt` page, the URL giving host and date.

`id` is the url when there is one, else the given id, else `<file name>:<line>`. A missing outlet
comes from the url's host (the bare host when the outlet table does not know it). The body goes
through the same cleaning as a scraped page's.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from search.article import Article
from search.dates import parse_date
from search.ingest.body import clean_body
from search.ingest.bylines import merge_names
from search.ingest.dateline import split_dateline
from search.ingest.page import parse_page
from search.ingest.problems import BadInput
from search.outlets import canonical_outlet, display_name, outlet_from_url

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n")
_REQUIRED = ("title", "body")
_RAW_REQUIRED = ("text",)
_OPTIONAL_TEXT = ("url", "outlet", "published", "id", "fetched")


def _record(line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise BadInput(f"not valid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise BadInput("not valid JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise BadInput(f"expected a JSON object, got {type(record).__name__}")
    for key in _RAW_REQUIRED if _is_raw_page(record) else _REQUIRED:
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            wrong = "missing {!r}" if value is None else "{!r} must be non-empty text"
            raise BadInput(wrong.format(key))
    for key in _OPTIONAL_TEXT:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise BadInput(f"{key!r} must be text, got {type(record[key]).__name__}")
    return record


def _authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise BadInput("'authors' must be text or a list of text")
    return tuple(name.strip() for name in value if name.strip())


def _outlet(record: dict[str, Any]) -> str | None:
    if record.get("outlet"):
        return canonical_outlet(record["outlet"]) or record["outlet"].strip()
    url = record.get("url")
    if not url:
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return outlet_from_url(url) or host or None


def _date(record: dict[str, Any], key: str) -> datetime | None:
    value = record.get(key)
    if not value or not value.strip():
        return None
    found = parse_date(value)
    if found is None:
        raise BadInput(f"{key!r} is not a date: {value!r}")
    return found


def _is_raw_page(record: dict[str, Any]) -> bool:
    return "text" in record and "body" not in record


def _raw_page(record: dict[str, Any], source: str, number: int) -> Article:
    url = record.get("url") or None
    fetched = _date(record, "fetched")
    article = parse_page(record["text"], source, url, fetched)
    return replace(article, id=url or record.get("id") or f"{Path(source).stem}:{number}")


def parse_record(line: str, source: str, number: int) -> Article:
    """The article on one JSON line. Raises BadInput naming what is wrong with it."""
    record = _record(line)
    if _is_raw_page(record):
        return _raw_page(record, source, number)
    title = " ".join(record["title"].split())
    body = clean_body(_PARAGRAPH_BREAK.split(record["body"].strip()), title)
    if not body.paragraphs:
        raise BadInput("'body' holds no article text")
    dateline, lede = split_dateline(body.paragraphs[0])
    url = record.get("url") or None
    dateline_outlet = display_name(dateline.outlet) if dateline and dateline.outlet else None
    return Article(
        id=url or record.get("id") or f"{Path(source).stem}:{number}",
        title=title,
        body="\n\n".join(paragraph for paragraph in (lede, *body.paragraphs[1:]) if paragraph),
        outlet=_outlet(record) or dateline_outlet,
        published=_date(record, "published"),
        authors=merge_names(_authors(record.get("authors")), body.authors),
        place=dateline.place if dateline else None,
        url=url,
        source=source,
    )
