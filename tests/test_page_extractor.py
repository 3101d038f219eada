"""The page extractor on the layouts real Indonesian pages use, one test per failure class seen
on pages nobody here wrote. The layouts are our own, written in the shape those pages have."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from search.ingest import read_articles
from search.ingest.page import parse_page
from search.ingest.problems import BadInput

WIB = ZoneInfo("Asia/Jakarta")
LEDE = ("Pemerintah daerah menyiapkan posko pengungsian bagi ratusan warga yang rumahnya "
        "terendam banjir sejak pekan lalu.")
SECOND = "Petugas gabungan terus mendata kebutuhan warga di setiap posko yang dibuka."


def page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def parse(*lines: str, url: str | None = None):
    return parse_page(page(*lines), "halaman.txt", url)


def test_a_menu_before_the_headline_is_not_the_headline():
    article = parse(
        "Berita Nasional Daerah Jabar Jateng Jatim Bali Olahraga Ekonomi Video Foto",
        "• Home", "• Bandung Raya", "No Result", "View All Result",
        "Media Terkini dan Aktual",
        "Warga Kampung Pulo Mengungsi ke Masjid Setelah Banjir Setinggi Dada",
        "Senin, 13 Januari 2025 | 09:15 WIB",
        f"JAKARTA, Sinarpagi.id - {LEDE}",
        SECOND,
    )
    assert article.title == "Warga Kampung Pulo Mengungsi ke Masjid Setelah Banjir Setinggi Dada"
    assert article.title_source == "headline"
    assert article.outlet == "Sinarpagi.id"
    assert article.published == datetime(2025, 1, 13, 9, 15, tzinfo=WIB)


def test_a_date_line_before_the_headline_dates_it():
    article = parse(
        "Home / News",
        "Sabtu, 20 November 2021 - 10:27 WIB",
        "Longsor di Kabupaten Banjarnegara, Empat Warga Meninggal Dunia",
        "Rumah warga rusak akibat longsor di Banjarnegara. (Foto: BPBD Banjarnegara)",
        f"KABARBANJAR.COM, Banjarnegara – {LEDE}",
    )
    assert article.title == "Longsor di Kabupaten Banjarnegara, Empat Warga Meninggal Dunia"
    assert article.published == datetime(2021, 11, 20, 10, 27, tzinfo=WIB)
    assert article.outlet == "Kabarbanjar.com"
    assert article.place == "Banjarnegara"
    assert article.body == LEDE  # the caption and the dateline are no article text


def test_a_dateline_without_a_space_after_the_dash():
    article = parse("Harga Cabai Melonjak Jelang Lebaran",
                    "TEMPO.CO, Semarang -Banyaknya pedagang cabai di pasar tradisional mengeluh "
                    "karena harga naik dua kali lipat.")
    assert (article.outlet, article.place) == ("Tempo.co", "Semarang")
    assert article.body.startswith("Banyaknya pedagang cabai")


@pytest.mark.parametrize(
    ("dateline", "outlet", "place"),
    [
        ("Cyberthreat.id -", "Cyberthreat.id", None),  # a site the table does not know
        ("Liputan6.com, Jakarta:", "Liputan6.com", "Jakarta"),
        ("PEMALANG (KABARPANTURA) –", "Kabarpantura", "PEMALANG"),
        ("Bandar Lampung (lampost.co)–", "Lampung Post", "Bandar Lampung"),
        ("Kudusnews, Kudus –", "Kudusnews", "Kudus"),
        ("RADAR KEDU –", "Radar Kedu", None),
        ("SOLO, Suara Aisyiyah-", "Suara Aisyiyah", "SOLO"),
        ("Semarang, MINA –", "MINA", "Semarang"),
        ("LOMBOK TENGAH |", None, "LOMBOK TENGAH"),
        ("Sinarpagi. id –", "Sinarpagi.id", None),
        ("KABARBALI.COM, DENPASAR, BALI –", "Kabarbali.com", "DENPASAR"),  # place and region
        ("KAB. SERANG –", None, "KAB. SERANG"),
        ("PEMALANG, BB –", "BB", "PEMALANG"),  # an acronym after the place
        ("JAKARTA, DKI -", None, "JAKARTA"),  # a place and its region: no outlet
        ("HUMASPOLRESNEWS,--", "Humaspolresnews", None),
        ("SEMARANG (SUARAKITA.ID)", "Suarakita.id", "SEMARANG"),  # no dash after a site
        ("KABARKITA.COM, PALEMBANG.", "Kabarkita.com", "PALEMBANG"),  # a full stop after one
        ("MEDAN, WASPADA –", "Waspada", "MEDAN"),  # a print edition's name in capitals
        ("SYDNEY, AUSTRALIA –", None, "SYDNEY"),  # a city and its country: no outlet
    ],
)
def test_datelines_name_the_outlet_by_their_shape(dateline, outlet, place):
    article = parse("Pemerintah Siapkan Posko Pengungsian Banjir", f"{dateline} {LEDE}")
    assert (article.outlet, article.place) == (outlet, place)
    assert article.body == LEDE


def test_a_spaced_hyphen_deep_in_the_story_is_no_dateline():
    # Text detokenised with spaced hyphens (`Covid - 19`, `Co - Founder`): the story began
    # paragraphs above, so a title-case "place" before a hyphen there cuts nothing off.
    paragraphs = [LEDE, SECOND, "Warga yang mengungsi mendapat makanan dan obat-obatan dari petugas setiap hari.",
                  "Pandemi Covid - 19 membuat petugas membatasi jumlah pengungsi di setiap tenda.",
                  "Co - Founder lembaga relawan setempat mengatakan bantuan terus berdatangan dari warga."]
    article = parse("Pemerintah Siapkan Posko Pengungsian Banjir", *paragraphs)
    assert article.body == "\n\n".join(paragraphs)
    assert article.place is None


def test_a_dateline_alone_on_its_line_joins_its_paragraph():
    article = parse("Presiden Resmikan Asrama Putri Pesantren", "Jember, NU Online", LEDE)
    assert (article.outlet, article.place, article.body) == ("NU Online", "Jember", LEDE)
    article = parse("Polda Gagalkan Peredaran Sabu", "Bulungan -", LEDE)
    assert (article.outlet, article.place, article.body) == (None, "Bulungan", LEDE)


def test_a_page_without_a_headline_is_kept_and_titled_from_its_lede():
    article = parse(f"REPUBLIKA.CO.ID, JAKARTA -- {LEDE}", SECOND)
    # the first sentence, cut at a word boundary after fourteen words
    assert article.title == ("Pemerintah daerah menyiapkan posko pengungsian bagi ratusan warga "
                             "yang rumahnya terendam banjir sejak pekan")
    assert article.title_source == "lede"
    assert article.outlet == "Republika"
    assert article.body == f"{LEDE}\n\n{SECOND}"  # the lede stays in the body


def test_a_page_with_no_article_text_is_refused():
    with pytest.raises(BadInput, match="no article text"):
        parse("Beranda", "Nasional", "Indeks Berita", "Tentang Kami")


def test_a_syndicated_copy_names_where_it_first_ran():
    article = parse(
        "Warga Mengungsi Akibat Banjir",
        f"BANGKAPOS.COM, JAKARTA - {LEDE}",
        "Artikel ini telah tayang di Kompas.com dengan judul \"Warga Mengungsi\"",
    )
    assert article.outlet == "Bangkapos.com"
    assert article.syndicated_from == "Kompas.com"
    assert "tayang" not in article.body


def test_a_date_token_fused_to_the_top_of_the_page():
    article = parse(f" date 2023-11-01 jpnn.com, JAKARTA - {LEDE}", SECOND)
    assert article.published == datetime(2023, 11, 1, tzinfo=WIB)
    assert article.outlet == "JPNN"
    assert article.body.startswith("Pemerintah daerah")
    partial = parse(f" date 2022-06 HARGA cabai naik lagi di pasar. {LEDE}")
    assert partial.published is None and partial.body.startswith("HARGA cabai")


def test_a_byline_ending_in_a_timestamp_is_the_date_line():
    article = parse(
        "Polisi Amankan Narkoba Senilai Rp15 Miliar",
        "Gloria Taylor, CNN Indonesia | Rabu, 11/01/2017 16:15 WIB",
        "Barang bukti sabu yang diamankan polisi. (CNN Indonesia/Martahan Sohuturon)",
        f"Jakarta, CNN Indonesia -- {LEDE}",
    )
    assert article.published == datetime(2017, 1, 11, 16, 15, tzinfo=WIB)
    assert article.outlet == "CNN Indonesia"
    assert "Martahan" not in article.body


def test_the_lede_dates_the_story_only_for_the_day_it_reports():
    ahead = parse("Festival Budaya Digelar Bulan Depan",
                  "DENPASAR, Balinews.id - Pemerintah kota siap menggelar festival pada "
                  "6–8 Maret 2026 mendatang di lapangan kota.")
    assert ahead.published is None
    before = parse("Hasil Hitung Suara Mulai Masuk",
                   "Jakarta, Portonews.com – Penghitungan suara dimulai pada Jumat (29/6/2018) "
                   "akhir pekan lalu di seluruh daerah.")
    assert before.published is None
    today = parse("Arus Mudik di Tol Lancar",
                  "KOMPAS.TV - Arus mudik di jalan tol terpantau lancar sejak pagi. Hari ini, "
                  "Minggu (30/3/2025) sistem satu arah dihentikan.")
    assert today.published == datetime(2025, 3, 30, tzinfo=WIB)


def test_a_headline_printed_after_the_body_with_its_date_line():
    article = parse(f"Pekanbaru (ANTARA) - {LEDE}", SECOND,
                    "BPBD Riau turunkan dua helikopter padamkan karhutla",
                    "Selasa, 22 Juni 2021 19:10 WIB 994")
    assert article.title == "BPBD Riau turunkan dua helikopter padamkan karhutla"
    assert article.published == datetime(2021, 6, 22, 19, 10, tzinfo=WIB)
    assert article.body == f"{LEDE}\n\n{SECOND}"


def test_a_standfirst_above_the_date_line_is_header():
    article = parse("INVESTIGASI", "Buruknya Kualitas Udara di Langit Jakarta",
                    "Kualitas udara di beberapa wilayah Jakarta sangat tidak sehat menurut data.",
                    "Ilustrasi: Edi Wahyono", "Jumat, 6 Juli 2018", LEDE)
    assert article.title == "Buruknya Kualitas Udara di Langit Jakarta"
    assert article.published == datetime(2018, 7, 6, tzinfo=WIB)
    assert article.body == LEDE


def test_a_teaser_repeating_the_lede_is_not_the_headline():
    article = parse("Harga Cabai Merah Tak Lagi Pedas",
                    "Pemerintah daerah menyiapkan posko pengungsian bagi ratusan warga yang rumahnya",
                    "Jumat, 19 Mei 2023 - 13:25 WIB", f"Medan, tvOnenews.com - {LEDE}")
    assert article.title == "Harga Cabai Merah Tak Lagi Pedas"
    assert article.outlet == "tvOnenews"


def test_the_page_names_itself_in_a_team_byline_or_its_own_promotion():
    team = parse("Balada Saksi Sidang Korupsi", "Oleh:", "Tim Hukumonline", LEDE)
    assert team.outlet == "Hukumonline"
    promoted = parse("Banjir Rob Rendam Ratusan Rumah", "25 December 2022 00:20", LEDE,
                     "Jangan lupa ikuti update berita lainnya dan follow akun",
                     "Google News Metrotvnews.com")
    assert promoted.outlet == "Metro TV News"
    assert promoted.published == datetime(2022, 12, 25, 0, 20, tzinfo=WIB)


def test_a_cited_outlet_is_never_the_pages_outlet():
    article = parse("Putin Temui Trump di Helsinki",
                    f"{LEDE} Hal itu dilansir dari Kompas.com dan dikutip dari Reuters.",
                    "Sumber: Tribunnews.com", "ANTARA FOTO/Rivan Awal Lingga")
    assert article.outlet is None


def test_a_raw_crawled_page_takes_host_and_date_from_its_url(tmp_path):
    record = {
        "url": "https://www.beritapantura.id/read/2023/11/01/banjir-rendam-ratusan-rumah",
        "text": page("Menu", LEDE, SECOND),
        "fetched": "2023-11-02T08:00:00+07:00",
    }
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    problems = []
    (article,) = read_articles([path], problems.append)
    assert problems == []
    assert article.id == article.url == record["url"]
    assert article.outlet == "Beritapantura.id"
    assert article.published == datetime(2023, 11, 1, tzinfo=WIB)
    assert article.title == "Banjir rendam ratusan rumah"
    assert article.title_source == "url"
    assert article.body == f"{LEDE}\n\n{SECOND}"


def test_a_raw_page_date_after_its_fetch_is_a_date_it_looks_ahead_to(tmp_path):
    record = {"url": "https://contoh.id/berita/banjir", "fetched": "2024-01-05",
              "text": page("Banjir Rendam Kota", "Senin, 10 Maret 2025 | 09:00 WIB", LEDE)}
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = read_articles([path], print)
    assert article.published is None


def test_captions_and_credits_stay_out_of_the_body_and_its_actors():
    article = parse(
        "Banjir Rendam Perumahan di Makassar",
        "Banjir di sudut perumahan Tamalanrea (IDN Times/Achmad Hidayat Alsair)",
        f"Makassar, IDN Times - {LEDE}",
        "(Banjir di salah satu daerah di Makassar) IDN Times/Achmad Hidayat Alsair",
        f"{SECOND} (Aryudi A Razaq/Alhafiz K)",
        "(Djanti Virantika)",
    )
    assert article.body == f"{LEDE}\n\n{SECOND}"
    for credited in ("Alsair", "Aryudi", "Virantika"):
        assert credited not in article.body


def test_a_dateline_that_carries_the_day_dates_the_story():
    article = parse("Presiden Resmikan Jalan Tol Baru", f"Jakarta, Kamis (15/12/2016) - {LEDE}")
    assert (article.place, article.outlet) == ("Jakarta", None)
    assert article.published == datetime(2016, 12, 15, tzinfo=WIB)
    assert article.body == LEDE
    # a place is not read as a site for beginning like a news word's ending (`Poso`, `pos`)
    assert parse("Warga Poso Mengungsi", f"POSO - {LEDE}").place == "POSO"


def test_a_byline_glued_to_the_dateline_paragraph():
    article = parse("Inflasi Naik Lagi, BI Bersiap Naikkan Suku Bunga?",
                    f"Yunike Purnama - Selasa, 02 Agustus 2022 06:49JAKARTA - {LEDE}")
    assert article.published == datetime(2022, 8, 2, 6, 49, tzinfo=WIB)
    assert (article.place, article.body) == ("JAKARTA", LEDE)


def test_a_byline_with_its_date_is_not_a_dateline():
    article = parse("Truk Hantam Minibus di Tol Lampung",
                    "Ferdian - Selasa, 4 April 2023 | 15:30 WIB",
                    f"Otomotifnet.com - {LEDE}")
    assert (article.outlet, article.place) == ("Otomotifnet.com", None)
    assert article.published == datetime(2023, 4, 4, 15, 30, tzinfo=WIB)


def test_a_breadcrumb_on_the_headline_line_and_hard_wrapped_paragraphs():
    article = parse("Beranda Berita Nasional Harga Beras di Pasar Banjar Naik Melebihi HET",
                    "Kamis, Tanggal 10-01-2019, jam 09:16:51", LEDE,
                    "Sepuluh maling motor ditangkap polisi dalam sebuah penyergapan yang diberi",
                    "nama Operasi Jaran oleh petugas di lapangan.", SECOND)
    assert article.title == "Harga Beras di Pasar Banjar Naik Melebihi HET"
    assert article.published == datetime(2019, 1, 10, 9, 16, 51, tzinfo=WIB)
    assert article.body == (f"{LEDE}\n\nSepuluh maling motor ditangkap polisi dalam sebuah "
                            "penyergapan yang diberi nama Operasi Jaran oleh petugas di lapangan."
                            f"\n\n{SECOND}")


def test_a_caption_keyword_before_the_real_dateline_is_not_the_dateline():
    article = parse(
        "Dinas PU Belum Akan Perbaiki Jalan Rusak",
        "Editor: Faiq Nuraini",
        "PROTES -Warga di Kampung Kedungkandang memprotes jalan mereka yang rusak parah.",
        f"KABARMALANG.COM, KLOJEN - {LEDE}",
    )
    assert (article.outlet, article.place, article.body) == ("Kabarmalang.com", "KLOJEN", LEDE)


def test_a_keywords_line_and_a_credited_caption_are_no_headline():
    article = parse(" date 2017-02 id", "harga cabai, cabai rawit merah",
                    "Pejabat tiba di kantor kejaksaan. (foto-ferdinand/kabarkita.com) Palembang",
                    f"Indramayu (ANTARA News) - {LEDE}")
    assert article.title_source == "lede"
    assert article.outlet == "Antara"
    assert "foto" not in article.body


def test_the_text_a_boilerplate_pattern_requires_is_held_by_every_line_it_matches(shared_data):
    """A pattern is searched only in lines holding the literal text it opens with: that text
    must be in every line the pattern matches, real paragraphs and variants of the patterns'
    own text alike, and none is assumed where an alternation or an optional letter follows."""
    from itertools import islice

    from search.ingest.boilerplate import _required_text, _searches, tidy

    assert _required_text(r"\ball rights? reserved\b") == "all right"
    assert _required_text(r"\bcontent is protected\b") == "content is protected"
    assert _required_text(r"\bfoto\s*:|\bdok") == ""
    assert _required_text(r"\b(foto|dok)\s*:") == ""
    assert _required_text(r"\bfo{2}") == "f"
    corpus = shared_data / "indosum" / "articles.jsonl"
    lines = [tidy(line).lower() for article in islice(read_articles([corpus], on_problem=pytest.fail), 500)
             for line in article.body.splitlines()]
    lines += ["© 2017 kompas all right reserved.", "all rights reserved", "(antara foto/ali)",
              "rendering in 0.12 seconds", "foto: ist", "content is protected !"]
    for text, pattern in _searches("drop-short-line"):
        matched = [line for line in lines if pattern.search(line)]
        assert all(text in line for line in matched), pattern.pattern
    assert sum(bool(text) for text, _ in _searches("drop-short-line")) >= 3
