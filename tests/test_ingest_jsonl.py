"""JSON Lines input: the IndoSum articles in full, and the rules for each field."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from search.ingest import read_articles

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(scope="module")
def indosum(shared_data):
    problems = []
    path = shared_data / "indosum" / "articles.jsonl"
    articles = list(read_articles([path], problems.append))
    return articles, problems, path


def test_indosum_ingests_completely(indosum):
    articles, problems, _ = indosum
    assert problems == []
    assert len(articles) == 3463
    assert len({article.id for article in articles}) == 3463


def test_indosum_outlets_get_display_names(indosum):
    articles, _, _ = indosum
    assert Counter(article.outlet for article in articles) == {
        "CNN Indonesia": 1239, "Kumparan": 511, "DailySocial.id": 322, "Antara": 288,
        "Merdeka.com": 232, "Juara.net": 228, "Suara.com": 177, "Rimanews": 157,
        "Goal Indonesia": 155, "Poskota News": 154,
    }


def test_indosum_first_article_field_by_field(indosum):
    articles, _, path = indosum
    first = articles[0]
    assert first.id == first.url == (
        "https://kumparan.com/ananda-wardhiati-teresia/"
        "ketua-mpr-mustahil-transportasi-tradisional-dan-online-bersaing-bebas"
    )
    assert first.title == "ketua mpr mustahil transportasi tradisional dan online bersaing bebas"
    assert first.outlet == "Kumparan"
    assert first.published == datetime(2017, 3, 28, tzinfo=WIB)
    assert first.source == str(path)
    assert first.body.startswith("Ketua MPR Zulkifli Hasan menyesalkan kisruh")
    # its two "Baca juga:" links are gone, the paragraphs around them stay
    assert "Baca juga" not in first.body
    assert "Setya Novanto" not in first.body
    assert len(first.body.split("\n\n")) == 7


def test_indosum_datelines_give_the_place(indosum):
    articles, _, _ = indosum
    cnn = [article for article in articles if article.outlet == "CNN Indonesia"]
    # every CNN Indonesia body that opens "Jakarta, CNN Indonesia -"
    assert Counter(article.place for article in cnn).most_common(1) == [("Jakarta", 1214)]
    by_url = {article.url: article for article in articles}
    juara = by_url[
        "http://juara.bolasport.com/read/ragam/ragam/"
        "1820746-atletik-sumbang-medali-perak-dari-nomor-estafet-putra"
    ]
    assert juara.place == "KUALA LUMPUR"


def test_no_indosum_body_keeps_a_read_also_line(indosum):
    articles, _, _ = indosum
    kept = [a.id for a in articles if "\nBaca juga:" in a.body or a.body.startswith("Baca juga")]
    assert kept == []


def _read(tmp_path, *records):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    problems = []
    return list(read_articles([path], problems.append)), problems


def test_id_is_the_url_else_the_given_id_else_file_and_line(tmp_path):
    articles, problems = _read(
        tmp_path,
        {"title": "Satu", "body": "Isi satu.", "url": "https://www.tempo.co/a", "id": "x1"},
        {"title": "Dua", "body": "Isi dua.", "id": "x2"},
        {"title": "Tiga", "body": "Isi tiga."},
    )
    assert problems == []
    assert [a.id for a in articles] == ["https://www.tempo.co/a", "x2", "articles:3"]


def test_outlet_comes_from_the_url_host_when_missing(tmp_path):
    articles, _ = _read(
        tmp_path,
        {"title": "A", "body": "Isi.", "url": "https://nasional.kompas.com/read/1"},
        {"title": "B", "body": "Isi.", "url": "https://www.beritakita.co.id/read/2"},
        {"title": "C", "body": "Isi.", "outlet": "TEMPO.CO", "url": "https://www.kompas.com/3"},
        {"title": "D", "body": "Isi."},
    )
    assert [a.outlet for a in articles] == ["Kompas.com", "beritakita.co.id", "Tempo.co", None]


def test_published_authors_and_dates_with_zones(tmp_path):
    articles, problems = _read(
        tmp_path,
        {"title": "A", "body": "Isi.", "published": "2020-09-26T08:13:00+07:00",
         "authors": ["Ani", "Budi"]},
        {"title": "B", "body": "Isi.", "published": "Senin, 10 Juli 2017 - 14:09 WITA",
         "authors": "Citra"},
        {"title": "C", "body": "Isi.", "published": None},
    )
    assert problems == []
    assert [a.to_json()["published"] for a in articles] == [
        "2020-09-26T08:13:00+07:00", "2017-07-10T14:09:00+08:00", None,
    ]
    assert [a.authors for a in articles] == [("Ani", "Budi"), ("Citra",), ()]


def test_bodies_are_cleaned_like_pages(tmp_path):
    body = (
        "JAKARTA, KOMPAS.com - Paragraf pertama (Baca juga: Judul Lain) tetap ada.\n\n"
        "Baca juga: Judul Lain\n\nParagraf kedua.\n\nParagraf kedua.\n\nPenulis: Ani Rahma\n\n(wbs)"
    )
    (article,), _ = _read(tmp_path, {"title": "A", "body": body})
    assert article.body == "Paragraf pertama tetap ada.\n\nParagraf kedua."  # dateline out
    assert article.authors == ("Ani Rahma",)
    assert article.place == "JAKARTA"
    assert article.outlet == "Kompas.com"  # no outlet or url given: the dateline names it


def test_a_bare_read_also_marker_takes_its_linked_headlines_with_it(tmp_path):
    body = (
        "Paragraf pertama berita ini.\n\nBaca Juga:\n\nKisah Cinta Ajaib Olga Lydia dengan Sang Suami"
        "\n\nJupe dan Mimpinya Membesarkan Sepak Bola Indonesia\n\nParagraf kedua berita ini."
    )
    (article,), _ = _read(tmp_path, {"title": "A", "body": body})
    assert article.body == "Paragraf pertama berita ini.\n\nParagraf kedua berita ini."


def test_initials_and_descriptions_are_not_authors(tmp_path):
    body = (
        "Isi berita.\n\nPenulis: drew / cie\n\n"
        "Penulis: Moh. Shofan, aktivis Muhammadiyah, kandidat doktor UIN Jakarta"
    )
    (article,), _ = _read(tmp_path, {"title": "A", "body": body})
    assert article.authors == ("Moh. Shofan",)
    assert article.body == "Isi berita."
