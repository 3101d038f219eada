"""What the rest of an article says about a name: teams and crowds, places named after
someone, an employer glued to its employee, team sheets, initials, titles across brackets,
a headline's full name, nicknames after "alias", the outlet's own reporter, lists of
institutions. Every sentence here is written for the test."""

from __future__ import annotations

import pytest

from search.actors import find_actors


@pytest.mark.parametrize(
    "body, actors",
    [
        # a club of the table, a nickname, supporters counted as a crowd
        ("Laga antara Persela dan Barito Putera berakhir imbang tanpa gol.", ()),
        ("Gol tunggal itu membuat Singo Edan kian percaya diri di kandang.", ()),
        ("Lagu itu dinyanyikan ribuan Aremania yang memadati tribun timur.", ()),
        ("Puluhan ribu Arek Suroboyo memenuhi jalan sejak pagi.", ()),
        # a match report: the side after "melawan" is a team, the scorer a person
        ("Gol Budi Santoso membuat Kuda Laut unggul. Pekan depan Persik melawan Kuda Laut di Kediri.",
         ("Budi Santoso",)),
        # outside a match report the opponent after "melawan" may be a person
        ("Di final tunggal putra, Anthony Ginting melawan Lee Zii Jia.", ("Anthony Ginting", "Lee Zii Jia")),
    ],
)
def test_teams_and_crowds_are_no_persons(body, actors):
    assert find_actors(body) == actors


def test_a_team_sheet_names_every_player():
    body = ("Susunan pemain kedua tim:\n"
            "Kuda Laut FC (4-4-2): Agus Salim; Bima Sakti, Candra Wijaya (Deni Rahman 70'), Eko Prasetyo, "
            "Fajar Bias; Gilang Ramadhan, Hadi Kotak, Indra Jaya (Joko Susilo 80'), Kurnia Sandi; "
            "Lukman Hakim, Mario Tobing.\nPelatih: Nanda Saputra.")
    found = set(find_actors(body))
    assert {"Agus Salim", "Fajar Bias", "Hadi Kotak", "Deni Rahman", "Joko Susilo", "Mario Tobing",
            "Nanda Saputra"} <= found
    assert not any("FC" in name or "Kuda" in name for name in found)


@pytest.mark.parametrize(
    "body, actors",
    [
        # the place's name is a person's name; the whole phrase is a place
        ("Kepala Base Ops Lanud Adi Sucipto Yogyakarta, Mayor Rudi Hartono, menjelaskan cuaca.", ("Rudi Hartono",)),
        ("Jenazah dimakamkan di TPU Jeruk Purut. Makam itu berada di komplek pemakaman Jeruk Purut.", ()),
        ("Jalan beton menuju Tempat Pemakaman Umum (TPU) Siti Aminah rusak berat.", ()),
        # a title or a speech cue overrules the place's name
        ("Ia kuliah di Universitas Militer Kim Il-sung. Pendiri negara itu, Kim Il-sung, wafat pada 1994.",
         ("Kim Il-sung",)),
        # a grave is named after the person lying there: that person is named
        ("Peziarah memadati Makam Sunan Giri. Menurut Sunan Giri, ilmu harus dicari.", ("Sunan Giri",)),
        ("Pesawat Hercules-Casa disiapkan untuk membawa bantuan ke Palu.", ()),
    ],
)
def test_places_named_after_someone(body, actors):
    assert find_actors(body) == actors


@pytest.mark.parametrize(
    "body, actors",
    [
        # the employer the article names as a company, glued to its employee
        ("Kasus PT Sentosa Abadi disidangkan. Terdakwa lain, mantan Kepala Divisi Keuangan Sentosa Budiman, "
         "membantah.", ("Budiman",)),
        # enumerations of institutions
        ("Pencarian melibatkan TNI/Polri, BPBD, dan Manggala Agni sejak pagi.", ()),
        ("Relawan dari PMI, Tagana, ORARI, dan Forum Peduli Wates ikut membantu.", ()),
        ("Hadir dalam acara itu Jokowi, SBY, dan Megawati Soekarnoputri.",
         ("Joko Widodo", "Susilo Bambang Yudhoyono", "Megawati Soekarnoputri")),
    ],
)
def test_organisations_around_names(body, actors):
    assert find_actors(body) == actors


@pytest.mark.parametrize(
    "body, actors",
    [
        # initials with a dot end no sentence; initials alone are no name
        ("Rapat itu dihadiri Wakil Bupati, Dr. HM. Suhaili, dan para camat.", ("HM Suhaili",)),
        ("Polisi menahan seorang kepala dusun berinisial R S (41) sejak Senin.", ()),
        # a title, an acronym in brackets and a country before a foreign name
        ("Ia disambut Menteri Luar Negeri (Menlu) AS Antony Blinken di bandara.", ("Antony Blinken",)),
        # a two-word honorific cues the name after it
        ("Upacara dihadiri Ketua Hakim Tan Sri Rahim Buang dan pejabat lain.", ("Rahim Buang",)),
        # a nickname after "alias" is the person named before it
        ("Polisi menangkap seorang pria bernama Tan Kim Hok alias Acong di rumahnya. Acong mengaku "
         "membeli barang itu dari temannya.", ("Tan Kim Hok",)),
        # a kin or partner word names one person; the other half of a ticket is a person
        ("Calon bupati itu datang bersama pasangannya Warsono, lalu mendaftar.", ("Warsono",)),
        ("Di kabupaten itu pasangan Sumarto-Rina Wulandari unggul tipis.", ("Sumarto", "Rina Wulandari")),
        ("Kereta Bandung-Cirebon berangkat tepat waktu, kata Budi Santoso.", ("Budi Santoso",)),
        # a thing named with "bernama"
        ("Dinas itu mengerahkan truk penyedot lumpur bernama Si Gesit, kata Hartono.", ("Hartono",)),
        ("Seorang nelayan bernama Darmin hilang di laut.", ("Darmin",)),
        # the outlet's reporter in the story is a credit
        ('"Air naik cepat," kata Sumarni kepada wartawan Andi Pratama yang melaporkan untuk BBC News Indonesia.',
         ("Sumarni",)),
    ],
)
def test_names_and_their_forms(body, actors):
    assert find_actors(body) == actors


def test_the_headline_resolves_a_lone_word_of_the_body():
    body = "Masa jabatan Sharif telah membuat negeri itu lebih stabil. Pemerintah Sharif menolak tuduhan itu."
    assert find_actors(body, title="Nawaz Sharif Diunggulkan dalam Pemilu Pakistan") == ("Nawaz Sharif",)
    assert "Nawaz Sharif" not in find_actors(body)
    # a headline alone names no one
    assert find_actors("Harga cabai naik lagi pekan ini.", title="Nawaz Sharif Diunggulkan dalam Pemilu") == ()


def test_a_lone_word_far_more_common_than_its_one_full_name_stays_apart():
    from search.actors import resolve_names

    names = ["Wartono"] * 9 + ["Budi Wartono"] + ["Suharsono"] * 3 + ["Agus Suharsono"]
    resolved = resolve_names(names)
    assert resolved["Wartono"] == "Wartono"  # a defendant of many stories, not the one "Budi Wartono"
    assert resolved["Suharsono"] == "Agus Suharsono"
