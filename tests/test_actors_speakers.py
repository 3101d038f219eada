"""Speakers the actor finder missed join an article's persons only when find_actors's own
checks keep them: no function word, institution, region, outlet, role's short form or word cut
short by the end of a page. Every sentence here is written for the test."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.actor_check import checked_name
from search.article import Article
from search.persons import with_persons
from search.speakers import _WEB_SUFFIX, _opens_web_address


def persons(body: str) -> tuple[tuple[str, ...], list[str | None]]:
    """The article's actors and its statements' speakers."""
    article = with_persons(Article(id="t", title="t", body=body))
    return article.actors, [quote.speaker for quote in article.quotes]


@pytest.mark.parametrize(
    "name, kept",
    [
        ("Untuk", None),  # a function word opening a sentence
        ("Pusat Pengendalian Bencana Daerah BPBD", None),  # an institution and its acronym
        ("Kepala Dinas Pertanian Rahmat Hidayat", "Rahmat Hidayat"),  # the title trimmed
        ("Kabupaten Sragen", None),
        ("Sragen", None),  # a regency on its own
        ("Lestari Wulandari", "Lestari Wulandari"),
        ("Pelayanan Kesehatan Masyarakat", None),  # words written in lower case in running text
    ],
)
def test_a_name_outside_the_tagger_passes_the_finders_checks(name, kept):
    assert checked_name(name) == kept


def test_a_word_after_a_cue_is_a_name_even_if_it_is_also_a_word():
    assert checked_name("Harapan", initial=False) == "Harapan"
    assert checked_name("Harapan", initial=True) is None


def test_a_function_word_before_a_speech_verb_is_no_speaker():
    body = ("Warga desa itu mulai menanam padi lagi setelah banjir surut pekan lalu.\n\n"
            "Untuk memastikan itu, petugas dinas pertanian datang setiap pagi ke sawah warga.")
    actors, _ = persons(body)
    assert "Untuk" not in actors


def test_an_institution_writing_a_statement_is_no_person():
    body = ('"Air mulai surut di tiga kelurahan dan warga sudah kembali ke rumah masing-masing," '
            'tulis Pusat Pengendalian Bencana Daerah (BPBD) Kota Medan dalam laman resminya, Selasa.')
    actors, speakers = persons(body)
    assert actors == () and speakers == [None]


def test_a_roles_short_form_in_brackets_is_not_part_of_the_name():
    body = ("Bupati Sragen Kusdinar Untung Yuni Sukowati membuka pasar murah di alun-alun.\n\n"
            '"Harga beras kami jaga agar tetap terjangkau oleh warga," kata Wakil Bupati Sragen (Wabup) '
            "Suroto di sela acara, Rabu.")
    actors, speakers = persons(body)
    assert "Suroto" in actors and not any("Wabup" in actor for actor in actors)
    assert speakers == ["Suroto"]


def test_an_outlet_quoted_after_a_cue_is_no_person():
    body = ("Antrean kendaraan di stasiun pengisian bahan bakar mengular sejak pagi.\n\n"
            '"Stok solar di sini habis sejak kemarin sore, kami menunggu kiriman," kata melansir '
            "Kabarkota.com, Kamis.")
    actors, _ = persons(body)
    assert actors == ()


def test_a_pronoun_after_menurut_refers_back_whatever_follows():
    body = ("Kepala Pelabuhan Perikanan Tegal Wibisono Adi meninjau dermaga pada Senin.\n\n"
            "Menurut dia tinggi gelombang di perairan utara Brebes mencapai 2,5 meter sepanjang pekan ini.")
    actors, speakers = persons(body)
    assert actors == ("Wibisono Adi",) and speakers == ["Wibisono Adi"]


def test_a_speaker_cut_short_by_the_end_of_the_page_is_the_person_it_begins():
    body = ("Ketua kelompok nelayan Hendrawan Saputra memimpin rapat di balai desa pada Jumat.\n\n"
            '"Kami minta semua anggota melaporkan hasil tangkapan setiap pekan dengan jujur," terang Hendr')
    actors, speakers = persons(body)
    assert actors == ("Hendrawan Saputra",) and speakers == ["Hendrawan Saputra"]


def test_a_speaker_cut_short_whom_nobody_holds_is_dropped():
    actors, _ = persons("Pasar ikan di pantai itu ramai sejak subuh oleh pembeli dari kota.\n\n"
                        '"Ombak tinggi membuat banyak perahu tidak berani melaut pagi tadi," ujar Sum')
    assert actors == ()


def test_where_each_person_is_named_is_found_as_one_pattern_of_their_name_words_finds_it(shared_data):
    """Persons' mentions, read word by word where every form of their names is one word, are
    those the pattern of all the forms, longest first and on word boundaries, finds: on real
    articles with their actors, and with forms holding an apostrophe, a hyphen or a full stop."""
    import re
    from itertools import islice

    from search.actors import find_actors
    from search.ingest import read_articles
    from search.speakers import Speakers, _aliases_of

    def by_pattern(body: str, names: list[str]) -> tuple[list[int], list[str]]:
        owner: dict[str, str] = {}
        for name in names:
            for form in (*name.split(), *_aliases_of().get(name, ())):
                if len(form) > 2 and form[0].isupper():
                    owner.setdefault(form, name)
        if not owner:
            return [], []
        pattern = r"\b(?:" + "|".join(map(re.escape, sorted(owner, key=len, reverse=True))) + r")\b"
        found = [(match.start(), owner[match.group()]) for match in re.finditer(pattern, body)]
        return [offset for offset, _ in found], [name for _, name in found]

    corpus = shared_data / "indosum" / "articles.jsonl"
    cases = [(article.body, list(find_actors(article.body)))
             for article in islice(read_articles([corpus], on_problem=pytest.fail), 300)]
    cases += [("Kata Ma'ruf Amin, Amin setuju. Al-Assad dan Assad hadir; Amin_x bukan Amin.",
               ["Ma'ruf Amin", "Bashar Al-Assad", "Amin"]),
              ("Joko Widodo alias Jokowi datang. Jokowi-Ma'ruf menang.", ["Joko Widodo"]),
              ("H.M. Prasetyo dan Prasetyo, Prasetyo2 serta Prasetyo.", ["H.M. Prasetyo"])]
    read = 0
    for body, names in cases:
        found = Speakers(body, names)._read_mentions()
        assert found == by_pattern(body, names), body[:80]
        read += bool(found[0])
    assert read > 100


_ADDRESS_TEXT = st.text(alphabet=st.sampled_from(list("Suml_é9 .-\ncoidnetrg(")), max_size=40)


@settings(max_examples=400, deadline=None)
@given(before=_ADDRESS_TEXT, name=st.text(alphabet=st.sampled_from(list("Sumlé_9 .(-")), min_size=1, max_size=6),
       after=_ADDRESS_TEXT)
def test_a_name_opening_a_web_address_is_found_as_the_pattern_finds_it(before, name, after):
    """`melansir Sumselupdate.com` names an outlet: the check finds what `\\b<name><suffix>`
    finds, wherever the name, a word character or a suffix stands around it."""
    for body in (before + name + after, before + name + ".co.id" + after, name + ".com", before + name):
        expected = re.search(rf"\b{re.escape(name)}{_WEB_SUFFIX}", body) is not None
        assert _opens_web_address(body, name) == expected, (body, name)


def test_a_name_opening_a_web_address_on_written_sentences():
    body = "Seperti dilansir Sumselupdate.com, warga Sumsel dan _Sumsel.com menunggu. Kompas.co.idx"
    assert _opens_web_address(body, "Sumselupdate")
    assert not _opens_web_address(body, "Sumsel")  # `_Sumsel` holds it inside a word
    assert not _opens_web_address(body, "Kompas")  # `.co.idx` is no suffix
    assert _opens_web_address("(Detik.net)", "Detik")
