"""HTML pages and web archives as input: pages written here in the shape of real Indonesian
article pages (JSON-LD NewsArticle, OpenGraph, a <time> element, menus, related-article blocks,
`Baca juga` links inside the text, comments), and WARC archives built from them with warcio."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from search.ingest import read_articles

WITA = timezone(timedelta(hours=8))
URL = "https://www.kabarbima.com/berita/2023/11/01/banjir-rendam-ratusan-rumah"
LEDE = ("Banjir merendam ratusan rumah warga di Kota Bima sejak Rabu pagi setelah hujan deras "
        "mengguyur wilayah itu sejak malam.")
QUOTE = ('"Kami sudah mendirikan posko pengungsian bagi warga yang rumahnya terendam," kata '
         "Kepala BPBD Kota Bima, Ahmad Yani, kepada wartawan.")
LAST = "Petugas gabungan terus mendata kebutuhan warga di setiap posko yang dibuka di kota itu."
BODY = f"{LEDE}\n\n{QUOTE}\n\n{LAST}"

PAGE = f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<title>Banjir Rendam Ratusan Rumah di Bima - KabarBima.com</title>
<meta property="og:site_name" content="KabarBima.com">
<meta property="og:title" content="Banjir Rendam Ratusan Rumah di Bima">
<meta property="og:url" content="{URL}">
<meta property="article:published_time" content="2023-11-01T08:30:00+08:00">
<link rel="canonical" href="{URL}">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Banjir Rendam Ratusan Rumah di Bima", "datePublished": "2023-11-01T08:30:00+08:00",
 "author": [{{"@type": "Person", "name": "Andi Saputra"}}],
 "publisher": {{"@type": "Organization", "name": "KabarBima.com"}}}}</script>
</head><body>
<header><nav><ul><li><a href="/">Beranda</a></li><li><a href="/nasional">Nasional</a></li>
<li><a href="/daerah">Daerah</a></li><li><a href="/olahraga">Olahraga</a></li></ul></nav></header>
<main><article>
<h1>Banjir Rendam Ratusan Rumah di Bima</h1>
<div class="byline">Penulis: Andi Saputra | <time datetime="2023-11-01T08:30:00+08:00">Rabu,
 1 November 2023 08:30 WITA</time></div>
<figure><img src="/foto.jpg" alt=""><figcaption>Warga mengungsi ke masjid.
 (Foto: Istimewa)</figcaption></figure>
<p><strong>BIMA, KabarBima.com</strong> - {LEDE}</p>
<p>Baca juga: <a href="/longsor">Longsor Tutup Jalan Lintas Sumbawa</a></p>
<p>{QUOTE}</p>
<p>{LAST}</p>
</article></main>
<aside class="related"><h3>Berita Terkait</h3><ul>
<li><a href="/a">Gempa Guncang Sumbawa, Warga Panik Berhamburan</a></li>
<li><a href="/b">Harga Beras di Bima Naik Jelang Akhir Tahun</a></li></ul></aside>
<section id="comments"><h3>Komentar</h3><p>Semoga cepat surut, warga tetap semangat!</p>
</section>
<footer><p>Copyright &copy; 2023 KabarBima.com. All rights reserved.</p></footer>
</body></html>
"""

ENGLISH = """<!doctype html><html lang="en"><head><title>Floods in Bima</title></head><body>
<article><h1>Floods Hit Hundreds of Homes in Bima</h1>
<p>Floods have inundated hundreds of homes in the city of Bima since Wednesday morning after
heavy rain fell on the area throughout the night, the local disaster agency said.</p>
<p>"We have set up shelters for the residents whose homes were flooded," the head of the agency
told reporters on Wednesday, adding that the water was expected to recede by the evening.</p>
<p>Officials continue to record the needs of residents at every shelter that has been opened in
the city, and more aid is expected to arrive from the provincial capital in the coming days.</p>
</article></body></html>
"""

TEXT_PAGE = f"""Beranda
Nasional
Banjir Rendam Ratusan Rumah di Bima
Penulis: Andi Saputra | Rabu, 1 November 2023 08:30 WITA
Warga mengungsi ke masjid. (Foto: Istimewa)
BIMA, KabarBima.com - {LEDE}
Baca juga: Longsor Tutup Jalan Lintas Sumbawa
{QUOTE}
{LAST}
Berita Terkait
Gempa Guncang Sumbawa, Warga Panik Berhamburan
"""


def _read(*paths: Path):
    problems: list = []
    articles = list(read_articles(paths, problems.append))
    return articles, [str(problem) for problem in problems]


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str,
              status: str = "200 OK") -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                  length=len(body), http_headers=http))


def _archive(path: Path, compress: bool = True) -> Path:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "www.kabarbima.com")],
                                   is_http_request=True)
        writer.write_record(writer.create_warc_record(URL, "request", http_headers=request))
        _response(writer, URL, PAGE.encode("utf-8"), "text/html; charset=utf-8")  # record 3
        _response(writer, "https://www.kabarbima.com/foto.jpg", b"\xff\xd8\xff", "image/jpeg")
        _response(writer, "https://www.kabarbima.com/hilang", b"", "text/html", "404 Not Found")
        _response(writer, "https://news.example.com/floods", ENGLISH.encode(), "text/html")
    return path


def test_an_html_page_gives_its_headline_outlet_time_authors_and_clean_body(tmp_path):
    path = tmp_path / "banjir.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,), problems = _read(path)
    assert problems == []
    assert article.id == article.url == URL  # the canonical URL
    assert article.title == "Banjir Rendam Ratusan Rumah di Bima"
    assert article.title_source == "headline"
    assert article.outlet == "KabarBima.com"
    assert article.published == datetime(2023, 11, 1, 8, 30, tzinfo=WITA)
    assert article.authors == ("Andi Saputra",)
    assert article.place == "BIMA"
    assert article.body == BODY  # no menu, caption, dateline, link, related list or comment


def test_a_web_archive_gives_its_html_pages_and_reports_every_other_response(tmp_path):
    path = _archive(tmp_path / "crawl.warc.gz")
    (article,), problems = _read(path)
    assert article.id == URL and article.source == f"{path}:3"
    assert article.body == BODY
    assert problems == [
        f"{path}:4: not an HTML page: image/jpeg (https://www.kabarbima.com/foto.jpg)",
        f"{path}:5: not a page: HTTP status 404 (https://www.kabarbima.com/hilang)",
        f"{path}:6: not an Indonesian article (too few Indonesian words)",
    ]


def test_the_same_article_as_text_html_warc_and_crawled_record_is_one_article(tmp_path):
    html = tmp_path / "banjir.html"
    html.write_text(PAGE, encoding="utf-8")
    text = tmp_path / "banjir.txt"
    text.write_text(TEXT_PAGE, encoding="utf-8")
    record = tmp_path / "crawl.jsonl"
    record.write_text(json.dumps({"url": URL, "text": TEXT_PAGE}) + "\n", encoding="utf-8")
    archive = _archive(tmp_path / "crawl.warc", compress=False)
    articles, _ = _read(html, archive, record, text)
    same = [dataclasses.replace(article, source=None) for article in articles]
    assert same[0] == same[1] == same[2]  # one id: the URL
    assert dataclasses.replace(same[3], id=URL, url=URL) == same[0]  # a .txt knows no URL


def test_a_truncated_archive_keeps_what_came_before_the_break(tmp_path):
    whole = _archive(tmp_path / "whole.warc.gz").read_bytes()
    members = _archive(tmp_path / "plain.warc", compress=False).read_bytes()
    assert members.count(b"WARC/1") == 6
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 200])  # the download stopped inside the last record
    articles, problems = _read(cut)
    assert [article.id for article in articles] == [URL]
    assert problems[:2] == [
        f"{cut}:4: not an HTML page: image/jpeg (https://www.kabarbima.com/foto.jpg)",
        f"{cut}:5: not a page: HTTP status 404 (https://www.kabarbima.com/hilang)",
    ]
    assert len(problems) == 3 and problems[2].startswith(f"{cut}:6: broken or truncated archive")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("menu.html", "<html><body><nav><a href='/'>Beranda</a></nav></body></html>",
         "no article text"),
        ("english.html", ENGLISH, "not an Indonesian article (too few Indonesian words)"),
    ],
)
def test_an_html_page_without_an_indonesian_article_is_reported(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    articles, problems = _read(path)
    assert (articles, problems) == ([], [f"{path}: {reason}"])


def test_a_file_that_is_not_an_archive_is_reported(tmp_path):
    path = tmp_path / "rusak.warc"
    path.write_bytes(b"this is not a web archive\n" * 10)
    articles, problems = _read(path)
    assert (articles, problems) == (
        [], [f"{path}: not a WARC archive (it does not open with a WARC/ record)"])


def test_pages_parsed_by_several_processes_come_in_input_order_with_the_rest(tmp_path):
    """With `jobs`, HTML pages are parsed in worker processes while records pass through: the
    same articles and problems, in the same order, as one process gives."""
    inputs = []
    for index in range(12):
        page = tmp_path / f"{index:02d}-page.html"
        page.write_text(PAGE.replace(URL, f"{URL}-{index}"), encoding="utf-8")
        record = tmp_path / f"{index:02d}-records.jsonl"
        record.write_text(json.dumps({"id": f"r{index}", "title": "Banjir di Bima", "body": BODY})
                          + "\n" + ("{broken\n" if index % 5 == 0 else ""), encoding="utf-8")
        inputs += [page, record]
    one_problems: list = []
    one = list(read_articles(inputs, one_problems.append))
    several_problems: list = []
    several = list(read_articles(inputs, several_problems.append, jobs=2))
    assert [article.id for article in several] == [article.id for article in one]
    assert several == one and several_problems == one_problems and len(one) == 24


def test_several_processes_do_not_read_the_input_ahead_of_its_articles():
    """An article read is passed on at once: reading does not drain the input first (the
    whole input read, and held, before indexing could start)."""
    from search.article import Article
    from search.ingest.files import _parsed_in_pool

    drawn = 0

    def items():
        nonlocal drawn
        for index in range(5000):
            drawn += 1
            yield Article(id=f"a{index}", title="Judul", body="Isi berita.")

    parsed = _parsed_in_pool(items(), jobs=2)
    assert next(parsed).id == "a0"
    assert drawn <= 2
    parsed.close()
