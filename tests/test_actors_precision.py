"""Precision of the actor finder by class of false person: regions, bodies named after a
title, English and Indonesian names of groups, a page cut in the middle of a word.
Every sentence here is written for the test."""

from __future__ import annotations

import pytest

from search.actor_regions import regions
from search.actors import find_actors


@pytest.mark.parametrize(
    "phrase, place",
    [
        ("Wedi Klaten", True),  # a district followed by its regency
        ("Playen Gunungkidul", True),  # the regency written as one word
        ("Pakem Sleman", True),
        ("Pakem Klaten", False),  # Pakem does not lie in Klaten
        ("Kalitengah Kidul", True),  # a village and a direction
        ("Seruyan Hilir", True),  # a district of two words
        ("Cangkringan", True),  # a lone district
        ("Bambang", False),  # a district too, but mostly a person's name
        ("Dewi", False),  # a lone village name is never enough
        ("Dewi Sartika", False),
    ],
)
def test_region_shapes(phrase, place):
    words = phrase.split()
    assert regions().names_place(words, 0, len(words)) is place


@pytest.mark.parametrize(
    "body, actors",
    [
        ("Pendaftar datang dari Kecamatan Cawas, Wedi Klaten, dan Playen Gunungkidul.", ()),
        ("Menurut warga, air sudah surut di Pakem Sleman dan Tawangsari Sukoharjo.", ()),
        ("Hujan abu turun di Kalitengah Kidul dan sekitarnya sejak malam.", ()),
        ("Camat Cangkringan Sutarno mengatakan jalan itu rusak sejak pekan lalu.", ("Sutarno",)),
        ("Bambang mengatakan jalan itu rusak sejak pekan lalu.", ("Bambang",)),
    ],
)
def test_regions_are_not_persons_and_come_off_a_name(body, actors):
    assert find_actors(body) == actors


@pytest.mark.parametrize(
    "body, actors",
    [
        ("Rapat itu dihadiri Menteri Koperasi dan para bupati.", ()),
        ("Banyak pendaftar di Kota Pahlawan tahun ini, kata Sutarno.", ("Sutarno",)),
        ("Ketua Laskar Merah Putih mengatakan aksi itu damai.", ()),
        ("Direktur Jenderal Pajak Kemenkeu Suryo Utomo menjelaskan aturan itu.", ("Suryo Utomo",)),
    ],
)
def test_a_title_introduces_no_body_the_tagger_or_the_priors_reject(body, actors):
    assert find_actors(body) == actors


@pytest.mark.parametrize(
    "body, actors",
    [
        ("Lembaga Jakarta Corruption Watch menilai aturan itu lemah.", ()),
        ("Pebalap Yamaha Factory Team, Budi Santoso, menang di Mandalika.", ("Budi Santoso",)),
        ("Sejumlah anggota The Jakmania datang ke stadion sejak siang.", ()),
        ("Acara itu digelar Forum Guru Muhammadiyah bersama Ikatan Alumni Nusantara.", ()),
    ],
)
def test_groups_named_in_english_or_indonesian_are_not_persons(body, actors):
    assert find_actors(body) == actors


def test_the_last_word_of_a_page_cut_short_is_no_name():
    body = ("Ketua RT Darmono mengatakan air sudah surut sejak pagi.\n\n"
            "Warga lain juga membenarkan hal itu kepada wartawan, ujar Darmo")
    assert find_actors(body) == ("Darmono",)
    assert find_actors(body + ".") == ("Darmono", "Darmo")  # a whole last paragraph: a name


@pytest.mark.parametrize(
    "body, actors",
    [
        ("Tersangka ditangkap di Jalan Dr Sutomo Gang Melati pada malam hari.", ()),
        ("Kepala Satpol PP Kota Bekasi Hendra Wijaya mengatakan pasar itu ramai.", ("Hendra Wijaya",)),
        ("Sementara itu, Sutarni, Lurah Cilandak, Jakarta Selatan, mengatakan warga aman.", ("Sutarni",)),
        ("Sekretaris Jenderal The Kopites Jakarta mengatakan acara itu meriah.", ()),
    ],
)
def test_streets_city_heads_roles_in_lists_and_english_names(body, actors):
    assert find_actors(body) == actors


@pytest.mark.parametrize(
    "body, actors",
    [
        ("Ketua DPD Pembela Kesatuan Tanah Air (PKTA) Jawa Timur Santoso mengatakan itu.", ("Santoso",)),
        ("Mantan presiden Susilo Bambang Yudhoyono (SBY) datang ke acara itu.", ("Susilo Bambang Yudhoyono",)),
    ],
)
def test_a_body_spelt_out_before_its_acronym_is_no_name(body, actors):
    assert find_actors(body) == actors


def test_one_article_spelling_a_name_two_ways_names_one_person():
    body = ("Terdakwa Hendra Gunawirawan hadir di sidang. Kuasa hukum Hendra Gunawi menolak dakwaan. "
            "Saksi Lestari Wulandari datang. Menurut Lestari Wulandary, semua sudah jelas.")
    assert find_actors(body) == ("Hendra Gunawirawan", "Lestari Wulandari")


def test_resolve_names_merges_a_long_word_cut_short():
    from search.actors import resolve_names

    merged = resolve_names(["Hendra Gunawi", "Hendra Gunawirawan", "Hendra Gunawan"])
    assert merged["Hendra Gunawi"] == "Hendra Gunawirawan"
    assert merged["Hendra Gunawan"] == "Hendra Gunawan"  # neither a prefix nor a near spelling


@pytest.mark.parametrize(
    "body, name",
    [
        ("Banjir merendam kampung itu sejak subuh. Wartini, 41 tahun, memilih bertahan di loteng rumahnya.",
         "Wartini"),
        ("Petugas akhirnya menemukan korban bernama Sukirjo di bawah timbunan tanah pada Senin pagi.", "Sukirjo"),
        ("Di tempat lain, Darsimah, salah seorang pedagang sayur di pasar itu, mengaku rugi besar.", "Darsimah"),
        ("Hal serupa disampaikan seorang pengemudi ojek, Warsiman.", "Warsiman"),
        ("Bendahara komunitas itu, Jumadil, mengatakan iuran anggota dipakai untuk kegiatan sosial.", "Jumadil"),
        ("Terpisah, Murtolo menuturkan bahwa harga gabah turun sejak awal bulan.", "Murtolo"),
    ],
)
def test_unfamiliar_names_the_context_marks_as_persons(body, name):
    assert name in find_actors(body)


@pytest.mark.parametrize(
    "body",
    [
        "Sahrudin (34), warga Sukajaya mengatakan lubang jalan itu sudah ada sejak tahun lalu.",
        "Dinas Perkebunan Jambi mengatakan harga sawit naik pekan ini.",
        "“Kami mengimbau warga untuk menjauhi tebing yang rawan longsor,” ujar petugas.",
        "Anda menuturkan keluhan itu kepada petugas di loket pengaduan.",
    ],
)
def test_places_bodies_and_pronouns_before_a_speech_verb_are_no_persons(body):
    found = find_actors(body)
    assert not any(word in name for name in found for word in ("Sukajaya", "Perkebunan", "Kami", "Anda"))


def test_a_one_word_name_with_two_letters_swapped_is_one_person():
    body = ("Kepala dusun Sutarmono meminta warga waspada. Menurut Sutramono, air sungai naik sejak malam. "
            "Sutarmono juga meminta warga menyiapkan tas darurat.")
    assert find_actors(body) == ("Sutarmono",)


@pytest.mark.parametrize(
    "body, actors",
    [
        ("Perdana Menteri Tan Sri Rahmat Zulkifli tiba di Kuala Lumpur pada Senin.", ("Rahmat Zulkifli",)),
        ("Upacara itu disaksikan Datuk Seri Azman Hashim dan Puan Sri Noraini Yusof.",
         ("Azman Hashim", "Noraini Yusof")),
        ("Sri Wahyuningsih menjadi ketua panitia lomba tahun ini.", ("Sri Wahyuningsih",)),
    ],
)
def test_two_word_foreign_honorifics_are_titles(body, actors):
    assert find_actors(body) == actors


def test_a_word_before_a_rank_is_not_part_of_the_name():
    body = "Menurut Kepala Satreskrim AKP Darmanto, pelaku ditangkap di rumahnya pada Selasa malam."
    assert find_actors(body) == ("Darmanto",)
