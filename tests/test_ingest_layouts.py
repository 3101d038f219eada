"""Pages laid out the way other large outlets lay theirs out: the same rules that read the seeds
must read these (menus above the headline, bylines beside it, videos and lists below)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from search.ingest import read_articles

WIB = ZoneInfo("Asia/Jakarta")

PAGES = {
    "detik": """detikNews
Berita
Internasional
Jokowi Resmikan Tol Baru di Jawa Tengah
Andi Saputra - detikNews
Senin, 10 Jul 2017 14:09 WIB
Foto: Presiden Jokowi meresmikan tol (Biro Pers Setpres)
Jakarta - Presiden Joko Widodo (Jokowi) meresmikan ruas tol baru di Jawa Tengah pada Senin (10/7/2017). Tol ini diharapkan memangkas waktu tempuh.
"Tol ini penting untuk logistik," kata Jokowi di lokasi peresmian.
Simak juga video 'Jokowi Resmikan Tol':
(asp/asp)
Berita Terkait
Tol Lain Diresmikan Bulan Depan
""",
    "tribun": """Home
Berita Terkini
Nasional
Ria Ricis Resmi Jadi Duta Baca Nasional Tahun Ini
Kamis, 15 Desember 2016 15:20 WIB
Laporan Wartawan Tribunnews.com, Ria Anatasia
TRIBUNNEWS.COM, JAKARTA - Perpustakaan Nasional menunjuk seorang selebgram sebagai duta baca nasional untuk tahun ini.
Baca: Artis Lain Juga Jadi Duta
Penunjukan itu diumumkan di Jakarta, Kamis (15/12/2016).
Artikel ini telah tayang di Tribunnews.com dengan judul Ria Ricis Resmi Jadi Duta Baca
Penulis: Ria Anatasia
Editor: Sanusi
Berita Populer
Copyright © 2016 Tribunnews.com. All Right Reserved
""",
    "cnn": """CNN Indonesia
Nasional
KPK Periksa Tiga Saksi Kasus Korupsi e-KTP
CNN Indonesia | Senin, 10/07/2017 14:09 WIB
Bagikan :
Jakarta, CNN Indonesia -- Komisi Pemberantasan Korupsi (KPK) memeriksa tiga saksi terkait kasus korupsi proyek e-KTP pada Senin (10/7).
Pemeriksaan dilakukan di Gedung KPK, Jakarta.
(pmg)
BACA JUGA
Saksi Lain Dipanggil Pekan Depan
""",
    "kumparan": """kumparanNEWS
Menteri Keuangan Umumkan Defisit Anggaran Turun
10 Juli 2017 14:09
Ilustrasi gedung Kementerian Keuangan. Foto: Dok. Kemenkeu
Menteri Keuangan mengumumkan defisit anggaran negara turun dibanding tahun lalu dalam konferensi pers di Jakarta.
Penurunan itu disebut berkat penerimaan pajak yang naik.
© 2024 kumparan
""",
    "liputan6": """Liputan6.com
News
Gempa Magnitudo 5 Guncang Sulawesi Tengah
Oleh: Nanda Perdana Putra
10 Jul 2017, 14:09 WIB
Liputan6.com, Palu - Gempa bermagnitudo 5 mengguncang Sulawesi Tengah pada Senin pagi, menurut BMKG.
Tidak ada laporan kerusakan.
Saksikan Video Pilihan di Bawah Ini:
""",
    "antara": """Ekonomi
Harga Emas Antam Naik Rp5.000 per Gram
Rabu, 6 Maret 2024 09:30 WITA
Petugas menunjukkan emas batangan di Jakarta. ANTARA FOTO/Aprillio Akbar/wsj.
Makassar (ANTARA) - Harga emas batangan produksi PT Aneka Tambang naik Rp5.000 per gram pada perdagangan Rabu pagi.
Kenaikan itu mengikuti harga emas dunia.
Pewarta: Nur Suhra Wardyah
Editor: Budisantoso Budiman
Copyright © ANTARA 2024
""",
}

EXPECTED = {
    "detik": ("Jokowi Resmikan Tol Baru di Jawa Tengah", "Detik.com",
              datetime(2017, 7, 10, 14, 9, tzinfo=WIB), ("Andi Saputra",), "Jakarta", 2),
    "tribun": ("Ria Ricis Resmi Jadi Duta Baca Nasional Tahun Ini", "Tribunnews.com",
               datetime(2016, 12, 15, 15, 20, tzinfo=WIB), ("Ria Anatasia", "Sanusi"), "JAKARTA", 2),
    "cnn": ("KPK Periksa Tiga Saksi Kasus Korupsi e-KTP", "CNN Indonesia",
            datetime(2017, 7, 10, 14, 9, tzinfo=WIB), (), "Jakarta", 2),
    "kumparan": ("Menteri Keuangan Umumkan Defisit Anggaran Turun", "Kumparan",
                 datetime(2017, 7, 10, 14, 9, tzinfo=WIB), (), None, 2),
    "liputan6": ("Gempa Magnitudo 5 Guncang Sulawesi Tengah", "Liputan6.com",
                 datetime(2017, 7, 10, 14, 9, tzinfo=WIB), ("Nanda Perdana Putra",), "Palu", 2),
    "antara": ("Harga Emas Antam Naik Rp5.000 per Gram", "Antara",
               datetime(2024, 3, 6, 9, 30, tzinfo=ZoneInfo("Asia/Makassar")),
               ("Nur Suhra Wardyah", "Budisantoso Budiman"), "Makassar", 2),
}


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layouts")
    for name, page in PAGES.items():
        (folder / f"{name}.txt").write_text(page, encoding="utf-8")
    problems = []
    read = {article.id: article for article in read_articles([folder], problems.append)}
    assert problems == []
    return read


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_fields(articles, name):
    article = articles[name]
    title, outlet, published, authors, place, paragraphs = EXPECTED[name]
    assert (article.title, article.outlet, article.published) == (title, outlet, published)
    assert (article.authors, article.place) == (authors, place)
    assert len(article.body.split("\n\n")) == paragraphs


@pytest.mark.parametrize(
    "furniture",
    ["Simak juga", "(asp/asp)", "(pmg)", "Berita Terkait", "Tol Lain", "Baca:", "Artis Lain",
     "Artikel ini telah tayang", "Penulis", "Editor", "Pewarta", "Copyright", "BACA JUGA",
     "Saksi Lain Dipanggil", "Foto:", "ANTARA FOTO", "Saksikan Video", "Bagikan", "©"],
)
def test_layout_furniture_stays_out(articles, furniture):
    assert [name for name, a in articles.items() if furniture in a.body] == []
