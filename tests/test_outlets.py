"""Outlet names: printed spellings, hosts and data-set names map to one display name each."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from search.ingest import read_articles
from search.outlets import canonical_outlet, display_name, outlet_from_url, outlet_network
from search.data import read_table

# The outlets the issue names, as pages print them and with the hosts they serve from.
PRINTED = [
    ("KOMPAS.com", "Kompas.com"),
    ("Kompas.com", "Kompas.com"),
    ("TRIBUNNEWS.COM", "Tribunnews.com"),
    ("BANGKAPOS.COM", "Bangkapos.com"),
    ("Liputan6.com", "Liputan6.com"),
    ("TEMPO.CO", "Tempo.co"),
    ("SINDOnews.com", "SINDOnews"),
    ("CNN Indonesia", "CNN Indonesia"),
    ("CNBC Indonesia", "CNBC Indonesia"),
    ("ANTARA News", "Antara"),
    ("Okezone", "Okezone"),
    ("REPUBLIKA.CO.ID", "Republika"),
    ("kumparanNEWS", "Kumparan"),
    ("Tirto.id", "Tirto.id"),
    ("Suara.com", "Suara.com"),
    ("Merdeka.com", "Merdeka.com"),
    ("Media Indonesia", "Media Indonesia"),
    ("Bisnis.com", "Bisnis.com"),
    ("KONTAN.CO.ID", "Kontan"),
    ("Katadata.co.id", "Katadata"),
    ("JPNN.com", "JPNN"),
    ("IDN Times", "IDN Times"),
    ("VIVA.co.id", "VIVA"),
    ("iNews.id", "iNews"),
    ("Kompas TV", "Kompas TV"),
    ("Metrotvnews.com", "Metro TV News"),
    ("tvOnenews.com", "tvOnenews"),
    ("VOA Indonesia", "VOA Indonesia"),
    ("detikNews", "Detik.com"),
]

HOSTS = [
    ("https://www.kompas.com/global/read/2020/09/26/081300470/x", "Kompas.com"),
    ("https://news.detik.com/berita/d-123/x", "Detik.com"),
    ("finance.detik.com", "Detik.com"),
    ("https://www.tribunnews.com/nasional/2020/01/01/x", "Tribunnews.com"),
    ("https://jakarta.tribunnews.com/2020/01/01/x", "TribunJakarta.com"),
    ("https://bangka.tribunnews.com/2016/12/15/x", "Bangkapos.com"),
    ("http://www.bangkapos.com/x", "Bangkapos.com"),
    ("https://m.liputan6.com/news/read/1/x", "Liputan6.com"),
    ("https://nasional.tempo.co/read/1/x", "Tempo.co"),
    ("https://www.cnnindonesia.com/nasional/x", "CNN Indonesia"),
    ("https://www.cnbcindonesia.com/news/x", "CNBC Indonesia"),
    ("https://www.antaranews.com/berita/1/x", "Antara"),
    ("https://news.okezone.com/read/x", "Okezone"),
    ("https://international.sindonews.com/read/x", "SINDOnews"),
    ("https://www.republika.co.id/berita/x", "Republika"),
    ("https://kumparan.com/x", "Kumparan"),
    ("https://tirto.id/x", "Tirto.id"),
    ("https://www.suara.com/news/x", "Suara.com"),
    ("https://www.merdeka.com/dunia/x", "Merdeka.com"),
    ("https://mediaindonesia.com/internasional/x", "Media Indonesia"),
    ("https://ekonomi.bisnis.com/read/x", "Bisnis.com"),
    ("https://nasional.kontan.co.id/news/x", "Kontan"),
    ("https://katadata.co.id/x", "Katadata"),
    ("https://www.jpnn.com/news/x", "JPNN"),
    ("https://www.idntimes.com/news/x", "IDN Times"),
    ("https://www.viva.co.id/berita/x", "VIVA"),
    ("https://www.inews.id/news/x", "iNews"),
    ("https://www.kompas.tv/internasional/x", "Kompas TV"),
    ("https://www.metrotvnews.com/read/x", "Metro TV News"),
    ("https://www.tvonenews.com/berita/x", "tvOnenews"),
    ("https://www.voaindonesia.com/a/x", "VOA Indonesia"),
    ("https://www.bbc.com/indonesia/dunia-1", "BBC News Indonesia"),
]

INDOSUM = {
    "cnn indonesia": "CNN Indonesia",
    "kumparan": "Kumparan",
    "dailysocial.id": "DailySocial.id",
    "antaranews": "Antara",
    "merdeka": "Merdeka.com",
    "juara.net": "Juara.net",
    "suara": "Suara.com",
    "rimanews": "Rimanews",
    "goal indonesia": "Goal Indonesia",
    "poskotanews": "Poskota News",
}


@pytest.mark.parametrize(("printed", "canonical"), PRINTED)
def test_printed_spellings(printed, canonical):
    assert canonical_outlet(printed) == canonical


@pytest.mark.parametrize(("url", "canonical"), HOSTS)
def test_hosts_and_subdomains(url, canonical):
    assert canonical_outlet(url) == canonical
    assert outlet_from_url(url) == canonical


def test_the_table_covers_at_least_forty_outlets_each_with_a_host():
    rows = [row.split("|")[:3] for row in read_table("outlets.txt")["outlets"]]
    names = [name.strip() for name, _, _ in rows]
    assert len(set(names)) == len(names) >= 40
    assert all(hosts.split() for _, hosts, _ in rows)


def test_no_spelling_or_host_names_two_outlets():
    owners: dict[str, set[str]] = {}
    for row in read_table("outlets.txt")["outlets"]:
        name, hosts, spellings = (part.strip() for part in row.split("|")[:3])
        for key in [name, *hosts.split(), *spellings.split(";")]:
            owners.setdefault(" ".join(key.lower().split()), set()).add(name)
    assert {key: names for key, names in owners.items() if len(names) > 1} == {}


def test_unknown_names_give_none():
    assert canonical_outlet("Reuters") is None
    assert canonical_outlet("Kompas") is None  # newspaper, TV or site: ambiguous
    assert canonical_outlet("https://example.org/x") is None
    assert canonical_outlet("") is None


def test_unknown_printed_hosts_are_tidied_not_dropped():
    assert display_name("SELIDIKI.COM") == "Selidiki.com"
    assert display_name("KOMPAS.com") == "Kompas.com"


@pytest.mark.parametrize(("name", "canonical"), sorted(INDOSUM.items()))
def test_indosum_outlet_names(name, canonical):
    assert canonical_outlet(name) == canonical


def test_indosum_hosts_map_to_the_same_names_as_its_outlet_field(shared_data):
    pairs = Counter()
    lines = (shared_data / "indosum" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    for record in map(json.loads, lines):
        pairs[canonical_outlet(record["outlet"]), outlet_from_url(record["url"])] += 1
    mismatched = {pair: count for pair, count in pairs.items() if pair[0] != pair[1]}
    # The one disagreement is the data set's: a detik.com article credited to CNN Indonesia.
    assert mismatched == {("CNN Indonesia", "Detik.com"): 1}


# Whole pages: an outlet is named by the dateline, the masthead or the copyright line only.

BODY = (
    "Pemerintah mengumumkan program baru untuk memperkuat keamanan siber nasional bersama "
    "sejumlah lembaga negara, kata pejabat itu."
)


def _outlet(tmp_path, page: str) -> str | None:
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    problems = []
    (article,) = read_articles([path], problems.append)
    assert problems == []
    return article.outlet


@pytest.mark.parametrize(
    ("dateline", "outlet"),
    [
        ("TRIBUNNEWS.COM, JAKARTA - ", "Tribunnews.com"),
        ("Liputan6.com, Jakarta - ", "Liputan6.com"),
        ("TEMPO.CO, Semarang - ", "Tempo.co"),
        ("Jakarta, CNN Indonesia -- ", "CNN Indonesia"),
        ("Jakarta (ANTARA) - ", "Antara"),
        ("KOMPAS.com - ", "Kompas.com"),
        ("JAKARTA, KOMPAS.com - ", "Kompas.com"),
        ("SURABAYA, BERITAKITA.CO.ID - ", "Beritakita.co.id"),
        ("JAKARTA - ", None),
    ],
)
def test_outlet_from_the_dateline(tmp_path, dateline, outlet):
    page = "Pemerintah Perkuat Keamanan Siber Nasional\n" + dateline + BODY
    assert _outlet(tmp_path, page) == outlet


def test_outlet_from_the_masthead_next_to_the_headline(tmp_path):
    page = "Pemerintah Perkuat Keamanan Siber Nasional\nKompas.com - 26/09/2020, 08:13 WIB\n" + BODY
    assert _outlet(tmp_path, page) == "Kompas.com"


def test_outlet_from_the_copyright_line(tmp_path):
    page = (
        "Pemerintah Perkuat Keamanan Siber Nasional\nJAKARTA - " + BODY
        + "\nCopyright ©2024 SINDOnews.com\nAll Rights Reserved"
    )
    assert _outlet(tmp_path, page) == "SINDOnews"


@pytest.mark.parametrize(
    "credit",
    [
        "Sumber: Kompas.com",
        "Sumber : Tribunnews.com",
        "Presiden di Istana Merdeka, Jakarta. ANTARA FOTO/Sigid Kurniawan",
        "Berita ini telah tayang di Kompas.com dengan judul yang sama.",
        "Seperti dikutip dari Liputan6.com, pemerintah menyiapkan aturan baru.",
        "Baca juga: Kompas.com - Presiden Bertemu Menteri",
    ],
)
def test_credits_and_citations_name_another_outlet(tmp_path, credit):
    headline = "Pemerintah Perkuat Keamanan Siber Nasional"
    page = f"{headline}\n{credit}\nJAKARTA - {BODY}\n{credit}"
    assert _outlet(tmp_path, page) is None


def test_regional_sites_keep_their_name_and_the_table_records_their_network():
    assert canonical_outlet("https://medan.tribunnews.com/2024/01/01/x") == "TribunMedan.com"
    assert canonical_outlet("Tribun Muria") == "TribunMuria.com"
    assert outlet_network("TribunMedan.com") == "Tribun Network"
    assert outlet_network("Bangkapos.com") == "Tribun Network"
    assert outlet_network("Kompas.com") is None
    assert outlet_network("Cyberthreat.id") is None
