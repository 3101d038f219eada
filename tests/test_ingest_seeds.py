"""The five seed pages, read as the seeds README says a correct ingest reads them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from search.ingest import read_articles

WIB = ZoneInfo("Asia/Jakarta")

EXPECTED = {
    "000_8f733fa993c9eeb0": dict(
        title="Bentuk Unit Keamanan Siber, Trump Akan Temui Putin",
        outlet="SINDOnews",
        published=datetime(2017, 7, 10, 14, 9, tzinfo=WIB),
        authors=(),
        place="BERLIN",
    ),
    "001_9b6439d8732bdf6e": dict(
        title="Putin Mengaku Belum Hilang Harapan Jalin Kerjasama Keamanan Siber dengan AS",
        outlet=None,
        published=datetime(2020, 10, 12, 18, 10, tzinfo=WIB),
        authors=(),
        place="MOSKOW",
    ),
    "002_9cfa0e0d1cdd636e": dict(
        title="Presiden Putin Ajak AS Buat Kesepakatan Dunia Maya untuk Hindari Risiko Besar",
        outlet="Kompas.com",
        published=datetime(2020, 9, 26, 8, 13, tzinfo=WIB),
        authors=("Shintaloka Pradita Sicca",),
        place="MOSKWA",
    ),
    "003_ba24a722cf13d261": dict(
        title="Hadapi Ancaman Cyber, Indonesia-China Jalin Kerja Sama di Bidang Keamanan Cyber",
        outlet="Bangkapos.com",
        published=datetime(2016, 12, 15, tzinfo=WIB),
        authors=("Kristian Erdianto", "Asmadi"),
        place="JAKARTA",
    ),
    "004_69174ce6b1ba241c": dict(
        title="Putin Ucapkan Terima Kasih Ke Trump Atas Bantuan CIA Gagalkan Serangan",
        outlet="Selidiki.com",
        published=None,
        authors=(),
        place="MOSCOW",
    ),
}

# First and last paragraph of each body: the article starts after its dateline (which gives the
# place and outlet, and is no article text) and ends before the initials, bylines, promotions
# and related lists.
BODY_ENDS = {
    "000_8f733fa993c9eeb0": (
        "Presiden Amerika Serikat (AS), Donald Trump akan membentuk",
        "menurut dua pejabat keamanan nasional",
    ),
    "001_9b6439d8732bdf6e": (
        "Rusia sangat berharap untuk dapat melanjutkan kerjasama",
        "dalam menjaga keamanan internasional pada tingkat tinggi.",
    ),
    "002_9cfa0e0d1cdd636e": (
        "Presiden Vladimir Putin menyerukan kesepakatan",
        'Kremlin menyebut laporan itu "tidak masuk akal".',
    ),
    "003_ba24a722cf13d261": (
        "Menteri Koordinator bidang Politik",
        'kami bisa saling berkoordinasi untuk meningkatkan keamanan cyber," ujar Xie.',
    ),
    "004_69174ce6b1ba241c": (
        "Presiden Rusia Vladimir Putin berterima kasih",
        "membangun kembali tingkat kerja sama yang kita butuhkan.”",
    ),
}

# Page furniture that must not reach any body, and names/words found only inside it.
NOT_IN_BODIES = [
    "Baca juga", "Baca:", "A A A", "Copyright", "©", "All Right", "rendering in",
    "Sharing is caring", "Content is protected", "tulis komentar", "(wbs)", "(esn)",
    "Terkini Lainnya", "WhatsApp Channel", "Gabung Kompas.com+", "Video rekomendasi",
    "Close Ads", "Penulis", "Editor", "Sumber:", "Ikuti kami", "KOMENTAR", "BERITA TERKINI",
    "To Top", "Login untuk",
    "Arslanbek", "Novichok", "Lukashenko", "Netanyahu", "Gaza", "Buni Yani", "Yahoo",
    "Harry Potter", "Yerusalem",
]


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    problems = []
    articles = {article.id: article for article in read_articles([seeds_dir], problems.append)}
    assert problems == []
    return articles


def test_every_seed_is_read_with_its_file_stem_as_id(seeds, seeds_dir):
    assert sorted(seeds) == sorted(EXPECTED)
    for article_id, article in seeds.items():
        assert article.source == str(seeds_dir / f"{article_id}.txt")
        assert article.url is None
        assert article.actors == ()


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_seed_fields(seeds, article_id):
    article = seeds[article_id]
    expected = EXPECTED[article_id]
    assert article.title == expected["title"]
    assert article.outlet == expected["outlet"]
    assert article.published == expected["published"]
    assert article.authors == expected["authors"]
    assert article.place == expected["place"]


def test_published_carries_the_wib_offset(seeds):
    assert seeds["000_8f733fa993c9eeb0"].to_json()["published"] == "2017-07-10T14:09:00+07:00"
    assert seeds["003_ba24a722cf13d261"].to_json()["published"] == "2016-12-15T00:00:00+07:00"


@pytest.mark.parametrize("article_id", sorted(BODY_ENDS))
def test_body_starts_after_the_dateline_and_ends_with_the_story(seeds, article_id):
    paragraphs = seeds[article_id].body.split("\n\n")
    first, last = BODY_ENDS[article_id]
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].endswith(last)


@pytest.mark.parametrize("fragment", NOT_IN_BODIES)
def test_boilerplate_never_reaches_a_body(seeds, fragment):
    assert [a.id for a in seeds.values() if fragment.lower() in a.body.lower()] == []


def test_headline_appears_once_and_only_as_title(seeds):
    for article in seeds.values():
        assert article.title not in article.body
    # 004 repeats a shortened headline above the body
    assert "Putin Ucapkan Terima Kasih Ke Trump" not in seeds["004_69174ce6b1ba241c"].body


def test_header_lines_stay_out_of_the_body(seeds):
    kompas, tribun = seeds["002_9cfa0e0d1cdd636e"].body, seeds["003_ba24a722cf13d261"].body
    assert "26/09/2020" not in kompas
    assert "Shintaloka" not in kompas
    assert "Rabu (14/12/2016)" not in tribun  # the photo caption
    assert "Kristian Erdianto" not in tribun
    assert tribun.count("Kunjungan Dubes China kali ini") == 1  # teaser above the headline


def test_inline_read_also_links_go_and_their_sentence_stays(seeds):
    body = seeds["001_9b6439d8732bdf6e"].body
    assert (
        "mencatat bahwa seruannya kepada Washington untuk melanjutkan kerja sama di bidang "
        "keamanan dunia maya tetap tidak terjawab hingga saat ini.\n\n"
    ) in body
    assert "(" + " Baca" not in body


def test_paragraphs_the_page_repeats_appear_once(seeds):
    paragraphs = seeds["001_9b6439d8732bdf6e"].body.split("\n\n")
    assert len(paragraphs) == 7
    assert len(set(paragraphs)) == len(paragraphs)
    assert sum("Pemimpin Rusia itu menyerukan" in p for p in paragraphs) == 1


def test_event_dates_in_the_story_stay_in_the_body(seeds):
    body = seeds["004_69174ce6b1ba241c"].body
    assert "pada 16 Desember" in body
    assert "pemilihan presiden pada 2018" in body
