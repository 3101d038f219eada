"""Who said what: quotations and statements with their speakers, in articles written here in
the shapes Indonesian news uses, on the seeds, and through the API."""

from __future__ import annotations

import csv
import io

import pytest

from search.actors import find_actors
from search.quotes import find_quotes
from search.persons import with_persons
from indexing import seed_articles


def said(body: str) -> list[tuple[str | None, str, str]]:
    """(speaker, kind, text) of each statement, the speakers resolved among the body's actors."""
    return [(q.speaker, q.kind, q.text) for q in find_quotes(body, find_actors(body))]


def test_a_direct_quotation_with_its_cue_after_it():
    body = ('Menteri Keuangan Sri Mulyani Indrawati meninjau pelabuhan itu pada Senin.\n\n'
            '"Penerimaan pajak tahun ini akan kami jaga agar tetap sesuai target," kata Sri Mulyani di Jakarta.')
    assert said(body) == [("Sri Mulyani Indrawati", "direct",
                           "Penerimaan pajak tahun ini akan kami jaga agar tetap sesuai target")]


def test_offsets_point_into_the_body():
    body = 'Wali Kota Bogor Bima Arya hadir.\n\n“Kota ini siap menerima wisatawan lagi,” ujar Bima.'
    quote = find_quotes(body, find_actors(body))[0]
    assert body[quote.start:quote.end] == quote.text == "Kota ini siap menerima wisatawan lagi"
    assert quote.cue == "ujar"


def test_a_role_phrase_puts_the_name_last_or_after_a_comma():
    body = ('"Stok beras di gudang kami cukup untuk enam bulan ke depan," kata Kepala Dinas Ketahanan '
            'Pangan Kabupaten Bantul, Suwarno Hadi, Selasa (4/2/2025).\n\n'
            '"Harga gabah di tingkat petani masih stabil sampai pekan ini," ujar Ketua Kelompok Tani '
            'Darmaji Pranoto di Bantul.')
    assert [speaker for speaker, _, _ in said(body)] == ["Suwarno Hadi", "Darmaji Pranoto"]


def test_katanya_and_pronouns_name_the_person_last_named():
    body = ('Juru bicara kepolisian Rudi Hartono menjelaskan kronologi kejadian.\n\n'
            '"Pelaku sudah kami amankan bersama barang buktinya," katanya.\n\n'
            'Ia mengatakan, penyelidikan masih terus berjalan hingga semua saksi diperiksa.')
    assert said(body) == [
        ("Rudi Hartono", "direct", "Pelaku sudah kami amankan bersama barang buktinya"),
        ("Rudi Hartono", "indirect", "penyelidikan masih terus berjalan hingga semua saksi diperiksa"),
    ]


def test_a_quotation_spanning_paragraphs_is_one_statement():
    body = ('Gubernur Jawa Tengah Ahmad Luthfi meninjau banjir di Demak.\n\n'
            '"Kami sudah mengirim perahu karet dan dapur umum ke tiga kecamatan.\n\n'
            'Bantuan logistik akan terus ditambah sampai air surut," kata Ahmad Luthfi.')
    quotes = find_quotes(body, find_actors(body))
    assert len(quotes) == 1
    assert quotes[0].speaker == "Ahmad Luthfi"
    assert quotes[0].text == ("Kami sudah mengirim perahu karet dan dapur umum ke tiga kecamatan. "
                              "Bantuan logistik akan terus ditambah sampai air surut")


def test_a_cue_before_the_quotation():
    body = ('Direktur Utama PT Kereta Api Indonesia Didiek Hartantyo mengatakan, "Semua kereta '
            'tambahan untuk libur panjang sudah siap berangkat."')
    assert said(body) == [("Didiek Hartantyo", "direct",
                           "Semua kereta tambahan untuk libur panjang sudah siap berangkat.")]


@pytest.mark.parametrize(
    ("sentence", "speaker", "text"),
    [
        ("Menurut Rizal Ramli, kenaikan harga bahan bakar akan menekan daya beli warga desa.",
         "Rizal Ramli", "kenaikan harga bahan bakar akan menekan daya beli warga desa"),
        ("Kepala BMKG Dwikorita Karnawati mengatakan bahwa musim hujan tahun ini datang lebih awal.",
         "Dwikorita Karnawati", "musim hujan tahun ini datang lebih awal"),
        ("Wali Kota Semarang Agustina Wilujeng menyebut anggaran perbaikan jalan desa naik dua kali lipat.",
         "Agustina Wilujeng", "anggaran perbaikan jalan desa naik dua kali lipat"),
        ("Bupati Sleman Kustini Sri Purnomo menyebut anggaran perbaikan jalan desa naik dua kali lipat.",
         "Kustini Sri Purnomo", "anggaran perbaikan jalan desa naik dua kali lipat"),
        ("Pembangunan jembatan itu ditargetkan rampung pada akhir tahun, kata Ridwan Kamil.",
         "Ridwan Kamil", "Pembangunan jembatan itu ditargetkan rampung pada akhir tahun"),
    ],
)
def test_indirect_statements_without_quotation_marks(sentence, speaker, text):
    assert said(sentence) == [(speaker, "indirect", text)]


def test_words_in_quotes_without_a_cue_are_a_term_not_a_statement():
    body = 'Warga menyebut kawasan itu sebagai "zona merah" sejak banjir pekan lalu.'
    assert said(body) == []


def test_an_organisation_or_a_nameless_role_says_nothing_a_person_said():
    body = "Badan keamanan Rusia akan menyampaikan informasi yang diterima tentang ancaman teroris itu."
    assert said(body) == []


def test_a_speaker_the_actor_finder_missed_joins_the_actors():
    body = ('Peneliti senior lembaga itu, Andreas Maryoto, menilai kebijakan tersebut.\n\n'
            '"Kebijakan ini terlambat dua tahun," kata Andreas.')
    article = with_persons(seed_like(body))
    assert article.quotes[-1].speaker in article.actors


def seed_like(body: str):
    from search.article import Article
    return Article(id="tulisan", title="Judul", body=body)


# The statements of the seeds, with their speakers (issue: who said what on the seeds).
SEED_STATEMENTS = {
    "000_8f733fa993c9eeb0": [("Donald Trump", "direct"), ("Dmitry Peskov", "indirect"),
                             ("Dmitry Peskov", "direct"), ("Dmitry Peskov", "direct"),
                             ("Dmitry Peskov", "indirect")],
    "001_9b6439d8732bdf6e": [("Vladimir Putin", "direct"), ("Vladimir Putin", "direct"),
                             ("Vladimir Putin", "indirect")],
    "003_ba24a722cf13d261": [("Wiranto", "direct"), ("Wiranto", "direct"), ("Xie Feng", "direct")],
}


def test_the_seeds_statements_have_their_speakers(seeds_dir):
    articles = {article.id: article for article in seed_articles(seeds_dir)}
    for article_id, expected in SEED_STATEMENTS.items():
        assert [(q.speaker, q.kind) for q in articles[article_id].quotes] == expected
    peskov = [q.text for q in articles["000_8f733fa993c9eeb0"].quotes if q.kind == "direct"]
    assert peskov[1].startswith("Ini merupakan upaya untuk merusak hubungan bilateral")
    putin = {q.speaker for q in articles["002_9cfa0e0d1cdd636e"].quotes if q.kind == "direct"}
    assert putin == {"Vladimir Putin"}


# ---- through the API ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(seeds_dir, tmp_path_factory):
    from indexing import build_index
    from web import create_app

    index_dir = build_index(tmp_path_factory.mktemp("quotes-index"), seed_articles(seeds_dir))
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def test_the_speaker_filter_finds_articles_quoting_the_person(client):
    answer = client.get("/search?speaker=Dmitry Peskov").get_json()
    assert [hit["id"][:3] for hit in answer["results"]] == ["000"]
    speakers = {value["value"]: value["count"] for value in answer["facets"]["speaker"]}
    assert speakers["Dmitry Peskov"] == 1 and speakers["Vladimir Putin"] == 3


def test_with_a_speaker_the_words_are_looked_for_in_what_they_said(client):
    # "Wiranto" is quoted in 003 and "China" is in his quotation there.
    answer = client.get("/search?q=china&speaker=Wiranto").get_json()
    assert [hit["id"][:3] for hit in answer["results"]] == ["003"]
    assert answer["results"][0]["quote"] == {"speaker": "Wiranto", "kind": "direct"}
    assert "<mark>China</mark>" in answer["results"][0]["snippet"]
    # Putin is quoted, but never about e-commerce: the article words alone do not count.
    assert client.get("/search?q=e-commerce&speaker=Vladimir Putin").get_json()["total"] == 0
    assert client.get('/search?q=said:"Wiranto" china').get_json()["total"] == 1
    # said: takes a word of the name, as actor: does; the passage is still the person's quotation
    answer = client.get("/search?q=said:putin hubungan").get_json()
    assert answer["total"] >= 1
    assert {hit["quote"]["speaker"] for hit in answer["results"]} == {"Vladimir Putin"}


def test_quotes_lists_what_a_person_said_as_json_and_csv(client):
    answer = client.get("/quotes?speaker=Vladimir Putin&per_page=2").get_json()
    assert answer["total"] >= 6 and len(answer["quotes"]) == 2
    assert {quote["speaker"] for quote in answer["quotes"]} == {"Vladimir Putin"}
    response = client.get("/quotes?q=hubungan&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows and all("hubungan" in row["text"].lower() for row in rows)
    assert {row["speaker"] for row in rows} >= {"Dmitry Peskov"}


def test_quotes_refuses_bad_parameters_by_name(client):
    for url, param in (("/quotes?format=xml", "format"), ("/quotes?bogus=1", "bogus"),
                       ("/quotes?page=0", "page")):
        response = client.get(url)
        assert response.status_code == 400
        assert param in response.get_json()["error"]["message"]


def test_the_article_page_lists_its_quotations(client):
    page = client.get("/articles/003_ba24a722cf13d261", headers={"Accept": "text/html"})
    text = page.get_data(as_text=True)
    assert "Kutipan (3)" in text and "Xie Feng" in text
    quotes_page = client.get("/quotes?speaker=Wiranto", headers={"Accept": "text/html"})
    assert quotes_page.status_code == 200 and "2 kutipan" in quotes_page.get_data(as_text=True)


def test_the_words_count_only_in_the_asked_speakers_own_statements(tmp_path):
    from search.article import Article
    from indexing import build_index
    from web import create_app

    body = ('Gubernur Jawa Barat Dedi Mulyadi dan Wali Kota Bandung Muhammad Farhan meninjau lokasi.\n\n'
            '"Anggaran perbaikan tanggul sudah kami siapkan tahun ini," kata Dedi Mulyadi.\n\n'
            '"Warga yang rumahnya terendam banjir akan kami bantu," ujar Muhammad Farhan.')
    article = with_persons(Article(id="tanggul", title="Tanggul Jebol di Bandung", body=body))
    assert {q.speaker for q in article.quotes} == {"Dedi Mulyadi", "Muhammad Farhan"}
    client = create_app({"TESTING": True, "INDEX_DIR": str(build_index(tmp_path, [article]))}).test_client()

    def total(query: str) -> int:
        return client.get(f"/search?{query}").get_json()["total"]

    assert total("q=banjir&speaker=Muhammad Farhan") == 1
    assert total("q=banjir&speaker=Dedi Mulyadi") == 0  # banjir is in the article, said by Farhan
    assert total('q=said:"Dedi Mulyadi" anggaran') == 1
    assert total('q=said:"Dedi Mulyadi" banjir') == 0
    # Phrases too: in a row, within the asked speaker's statement, never across two statements
    assert total('q="perbaikan tanggul"&speaker=Dedi Mulyadi') == 1
    assert total('q="perbaikan tanggul"&speaker=Muhammad Farhan') == 0
    assert total('q="tahun ini warga"&speaker=Dedi Mulyadi') == 0
    assert total('q="tahun ini warga"&speaker=Dedi Mulyadi&speaker=Muhammad Farhan') == 0
    # Either of two speakers asked for: the words of each count
    assert total("q=banjir&speaker=Dedi Mulyadi&speaker=Muhammad Farhan") == 1
    assert total("q=anggaran banjir&speaker=Dedi Mulyadi&speaker=Muhammad Farhan") == 1
    # The speaker list still offers who else said the words, without its own filter.
    facet = client.get("/search?q=banjir&speaker=Dedi Mulyadi").get_json()["facets"]["speaker"]
    assert {value["value"]: value["count"] for value in facet}["Muhammad Farhan"] == 1


def test_what_the_asked_speaker_said_ranks_not_what_others_said(tmp_path):
    """Scored by the word's count in the asked speaker's own statements: another speaker's
    repeating it in the same article adds nothing."""
    from search.article import Article
    from indexing import build_index
    from web import create_app

    intro = 'Gubernur Jawa Barat Dedi Mulyadi dan Wali Kota Bandung Muhammad Farhan meninjau lokasi.\n\n'
    twice = with_persons(Article(id="dua-kali", title="Tanggul di Bandung", body=intro + (
        '"Tanggul jebol karena banjir, dan banjir itu akan kami tangani," kata Dedi Mulyadi.\n\n'
        '"Kami membantu warga," ujar Muhammad Farhan.')))
    once = with_persons(Article(id="sekali", title="Tanggul di Bandung", body=intro + (
        '"Tanggul jebol karena banjir, semua akan kami tangani," kata Dedi Mulyadi.\n\n'
        '"Banjir, banjir, banjir: warga terdampak banjir kami bantu," ujar Muhammad Farhan.')))
    client = create_app({"TESTING": True,
                         "INDEX_DIR": str(build_index(tmp_path, [once, twice]))}).test_client()
    hits = client.get("/search?q=banjir&speaker=Dedi Mulyadi").get_json()["results"]
    assert [hit["id"] for hit in hits] == ["dua-kali", "sekali"]
    anyone = client.get("/search?q=banjir&collapse=false").get_json()["results"]
    assert [hit["id"] for hit in anyone][0] == "sekali"  # without a speaker, every statement counts
