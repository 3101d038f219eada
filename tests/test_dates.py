"""Dates as Indonesian outlets print them, and the dates that are not publication dates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from search.dates import find_published, is_date_line, parse_date

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Senin, 10 Juli 2017 - 14:09 WIB", datetime(2017, 7, 10, 14, 9, tzinfo=WIB)),
        ("Kompas.com - 26/09/2020, 08:13 WIB", datetime(2020, 9, 26, 8, 13, tzinfo=WIB)),
        ("Kamis (15/12/2016)", datetime(2016, 12, 15, tzinfo=WIB)),
        ("Jumat (25/9/2020)", datetime(2020, 9, 25, tzinfo=WIB)),
        ("SENIN, 08 MEI 2023 | 01:47 WIB", datetime(2023, 5, 8, 1, 47, tzinfo=WIB)),
        ("17 Nov 2022", datetime(2022, 11, 17, tzinfo=WIB)),
        ("Jum'at, 3 Maret 2023 10:15:30 WIB", datetime(2023, 3, 3, 10, 15, 30, tzinfo=WIB)),
        ("22 August 2022 22:00", datetime(2022, 8, 22, 22, 0, tzinfo=WIB)),
        ("(12/3/25)", datetime(2025, 3, 12, tzinfo=WIB)),
        ("Selasa, 5 Maret 2024 10:00 WITA", datetime(2024, 3, 5, 10, 0, tzinfo=WITA)),
        ("Rabu, 6 Maret 2024 | 09:30 WIT", datetime(2024, 3, 6, 9, 30, tzinfo=WIT)),
        ("Rabu, 14 Desember 2016 pukul 10.15 WIB", datetime(2016, 12, 14, 10, 15, tzinfo=WIB)),
        ("10 Jul 2017, 14:09 WIB", datetime(2017, 7, 10, 14, 9, tzinfo=WIB)),
        ("Senin, 10/07/2017 14:09 WIB", datetime(2017, 7, 10, 14, 9, tzinfo=WIB)),
        ("August 22, 2022", datetime(2022, 8, 22, tzinfo=WIB)),
        ("2017-03-28", datetime(2017, 3, 28, tzinfo=WIB)),
        ("2017-03-28T10:11:12+08:00", datetime(2017, 3, 28, 10, 11, 12, tzinfo=WITA)),
        ("2017-03-28 10:11:12Z", datetime(2017, 3, 28, 10, 11, 12, tzinfo=timezone.utc)),
        ("22 Agu 2022 10:00 GMT+7", datetime(2022, 8, 22, 10, tzinfo=timezone(timedelta(hours=7)))),
    ],
)
def test_printed_formats(printed, expected):
    parsed = parse_date(printed)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_offsets_in_iso_form():
    assert parse_date("Senin, 10 Juli 2017 - 14:09 WIB").isoformat() == "2017-07-10T14:09:00+07:00"
    assert parse_date("5 Maret 2024 10:00 WITA").isoformat() == "2024-03-05T10:00:00+08:00"
    assert parse_date("5 Maret 2024 10:00 WIT").isoformat() == "2024-03-05T10:00:00+09:00"
    assert parse_date("17 Nov 2022").isoformat() == "2022-11-17T00:00:00+07:00"


@pytest.mark.parametrize(
    "not_a_date",
    [
        "Senin",  # a bare weekday
        "Jumat (25/9)",  # no year
        "Senin, 16 Desember",  # no year
        "pada 16 Desember",
        "pemilihan presiden pada 2018",  # a year alone
        "Copyright ©2024 SINDOnews.com",
        "© 2019 TRIBUNnews.com Network",
        "31 Februari 2020",  # no such day
        "2017-13-45",
        "14:09 WIB",  # a time alone
        "",
    ],
)
def test_what_is_not_a_date_gives_none(not_a_date):
    assert parse_date(not_a_date) is None


def test_a_date_line_is_a_date_with_little_else():
    assert is_date_line("Kompas.com - 26/09/2020, 08:13 WIB")
    assert not is_date_line(
        "Menko Polhukam Wiranto saat ditemui usai acara DKPP Outlook 2017 di Hotel Arya Duta, "
        "Jakarta Pusat, Rabu (14/12/2016)."
    )


def test_the_date_next_to_the_headline_wins_over_the_dateline():
    header = ["Kompas.com - 26/09/2020, 08:13 WIB", "Shintaloka Pradita Sicca", "Penulis"]
    dateline = "MOSKWA, KOMPAS.com - Presiden Vladimir Putin menyerukan ... pada Jumat (25/9/2020)."
    assert find_published(header, dateline) == datetime(2020, 9, 26, 8, 13, tzinfo=WIB)


def test_a_photo_caption_date_is_not_the_publication_date():
    header = [
        "Kristian Erdianto",
        "Menko Polhukam Wiranto saat ditemui usai acara DKPP Outlook 2017 di Hotel Arya Duta, "
        "Jakarta Pusat, Rabu (14/12/2016).",
    ]
    dateline = (
        "BANGKAPOS.COM, JAKARTA -- Menteri Koordinator ... bertemu dengan Duta Besar China, "
        "Xie Feng, di Kantor Kemenko Polhukam, Jakarta Pusat, Kamis (15/12/2016). Lalu pada "
        "Jumat (16/12/2016) ..."
    )
    assert find_published(header, dateline) == datetime(2016, 12, 15, tzinfo=WIB)


def test_a_date_after_the_first_sentence_of_the_dateline_is_a_story_date():
    dateline = "MOSKOW - Rusia berharap. Hal itu diungkapkan Putin pada Senin (12/10/2020)."
    assert find_published([], dateline) is None


def test_nothing_next_to_the_headline_and_no_dateline_gives_none():
    assert find_published(["Internasional", "Putin Ucapkan Terima Kasih Ke Trump"], None) is None
    assert find_published(["Senin, 16 Desember | 10:00 WIB"], None) is None  # no year


# Whole pages: the date a reader sees next to the headline, never the page's other dates.

BODY = (
    "JAKARTA - Pemerintah mengumumkan program baru untuk memperkuat keamanan siber nasional "
    "bersama sejumlah lembaga negara."
)


def _published(tmp_path, page: str):
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    from search.ingest import read_articles

    problems = []
    (article,) = read_articles([path], problems.append)
    assert problems == []
    return article.published


def test_a_crawl_banner_far_from_the_article_is_not_its_date(tmp_path):
    page = (
        "Diakses pada Kamis, 9 Mei 2024 10:15 WIB\nBeranda\nNasional\nTerpopuler hari ini\n"
        "Pemerintah Perkuat Keamanan Siber Nasional\n\n" + BODY + "\n\nCopyright © 2024\n"
        "Halaman ini dirender 09/05/2024 10:15:02\n"
    )
    assert _published(tmp_path, page) is None


def test_the_date_line_under_the_headline_wins_over_a_crawl_banner(tmp_path):
    page = (
        "Kamis, 9 Mei 2024 10:15 WIB\nBeranda\nNasional\n"
        "Pemerintah Perkuat Keamanan Siber Nasional\nSenin, 8 Mei 2023 | 07:05 WITA\n" + BODY
    )
    assert _published(tmp_path, page) == datetime(2023, 5, 8, 7, 5, tzinfo=WITA)


def test_a_copyright_year_is_not_a_date(tmp_path):
    page = f"Pemerintah Perkuat Keamanan Siber Nasional\n{BODY}\nCopyright ©2024 SINDOnews.com\n"
    assert _published(tmp_path, page) is None


def test_a_date_line_without_a_year_gives_none(tmp_path):
    page = "Pemerintah Perkuat Keamanan Siber Nasional\nSenin, 16 Desember | 10:00 WIB\n" + BODY
    assert _published(tmp_path, page) is None
