"""HTML and WARC input end to end: `warta index --jobs 2` over pages of about 100 KB.

IndoSum articles are wrapped in the markup of a real Indonesian news page (a JSON-LD
NewsArticle, OpenGraph tags, a large menu, scripts and styles, a related-articles block, a
comment section) and written as .html files, as one .warc.gz, and, for the comparison, as the
.txt pages a scraper would have saved of the same articles. Each input is indexed from scratch
with two worker processes, as `warta index --jobs 2` does; the last row is trafilatura alone on
the same pages, the floor under any HTML path. Target (issue 16): 60 HTML pages/s or more.

    .venv/bin/python bench/bench_html.py [--pages 600]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

import trafilatura
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("WARTA_SHARED_DIR", ROOT.parent / "shared"))

from search.persons import with_persons  # noqa: E402
from search.ingest import read_articles  # noqa: E402
from search.whoosh_backend.writing import write_articles  # noqa: E402

MENU = "".join(f'<li><a href="/kanal/{n}">Kanal Berita {n}</a><ul>'
               + "".join(f'<li><a href="/kanal/{n}/{m}">Sub {m}</a></li>' for m in range(12))
               + "</ul></li>" for n in range(70))
SCRIPT = "<script>window.dataLayer=window.dataLayer||[];" + "gtag('event','x',{a:1});" * 1400 \
    + "</script>"
STYLE = "<style>" + ".k{margin:0;padding:0}" * 800 + "</style>"
RELATED = "".join(f'<li><a href="/baca/{n}">Berita terkait nomor {n} yang juga ramai dibaca '
                  f'hari ini</a></li>' for n in range(80))


def _page(record: dict, number: int) -> tuple[str, str, str]:
    """(url, html, text) of one IndoSum article dressed as a news page."""
    url = f"https://www.beritacontoh.id/read/2017/03/28/{number}/artikel-{number}"
    paragraphs = [p for p in record["body"].split("\n\n") if p.strip()]
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": record["title"], "datePublished": "2017-03-28T09:15:00+07:00",
                     "author": {"@type": "Person", "name": "Tim Redaksi"}})
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{record["title"]}'
            f'</title><meta property="og:site_name" content="BeritaContoh.id">'
            f'<meta property="og:url" content="{url}"><link rel="canonical" href="{url}">'
            f'<script type="application/ld+json">{ld}</script>{STYLE}{SCRIPT}</head><body>'
            f"<header><nav><ul>{MENU}</ul></nav></header><main><article>"
            f'<h1>{record["title"]}</h1><time datetime="2017-03-28T09:15:00+07:00">Selasa, 28 '
            f"Maret 2017 09:15 WIB</time>{body}</article></main>"
            f'<aside><h3>Berita Terkait</h3><ul>{RELATED}</ul></aside>'
            f"<section id='komentar'><h3>Komentar</h3><p>Mantap beritanya.</p></section>"
            f"<footer>Copyright © 2017 BeritaContoh.id</footer></body></html>")
    text = "\n".join([record["title"], "Selasa, 28 Maret 2017 09:15 WIB", *paragraphs])
    return url, html, text


def _inputs(folder: Path, pages: int) -> dict[str, Path]:
    corpus = SHARED / "data" / "indosum" / "articles.jsonl"
    with corpus.open(encoding="utf-8") as lines:
        dressed = [_page(json.loads(line), n) for n, line in enumerate(islice(lines, pages))]
    html, text = folder / "html", folder / "txt"
    html.mkdir()
    text.mkdir()
    archive = folder / "crawl.warc.gz"
    with archive.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number, (url, page, plain) in enumerate(dressed):
            (html / f"{number:05d}.html").write_text(page, encoding="utf-8")
            (text / f"{number:05d}.txt").write_text(plain, encoding="utf-8")
            payload = page.encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), length=len(payload),
                http_headers=http))
    return {"html": html, "warc.gz": archive, "txt": text}


def _index(source: Path, index_dir: Path) -> tuple[int, float]:
    started = time.perf_counter()
    stats = write_articles(index_dir, read_articles([source], print, jobs=2), rebuild=True,
                           enrich=with_persons, procs=2)
    return stats.written, time.perf_counter() - started


def _extraction_only(folder: Path) -> tuple[int, float]:
    pages = sorted(folder.glob("*.html"))
    started = time.perf_counter()
    for page in pages:
        trafilatura.bare_extraction(page.read_bytes(), with_metadata=True, favor_precision=True,
                                    fast=True)
    return len(pages), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=600)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        inputs = _inputs(Path(folder), options.pages)
        sizes = sorted(p.stat().st_size for p in inputs["html"].glob("*.html"))
        rows = [(f"{kind} (warta index --jobs 2)", *_index(path, Path(folder) / f"index-{kind}"))
                for kind, path in inputs.items()]
        rows.append(("html, trafilatura alone (1 core)", *_extraction_only(inputs["html"])))
    print(f"{options.pages} pages, median HTML size {sizes[len(sizes) // 2] / 1024:.0f} KB")
    print(f"{'input':<36} {'articles':>8} {'seconds':>8} {'pages/s':>8}")
    for name, count, seconds in rows:
        print(f"{name:<36} {count:>8} {seconds:>8.1f} {count / seconds:>8.0f}")
    print("target: html >= 60 pages/s")


if __name__ == "__main__":
    main()
