"""The Indonesian analyzers: what a word becomes in the stemmed and exact fields."""

from __future__ import annotations

import pickle

import pytest

from search.whoosh_backend.analysis import (
    STEM_CACHE_SIZE,
    exact_analyzer,
    indonesian_analyzer,
    stem,
    stop_words,
)
from search.whoosh_backend.schema import build_schema


def stemmed(text: str, mode: str = "index") -> list[str]:
    return [token.text for token in indonesian_analyzer()(text, mode=mode)]


def exact(text: str) -> list[str]:
    return [token.text for token in exact_analyzer()(text, mode="index")]


def positions(text: str) -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in indonesian_analyzer()(text, positions=True, mode="index")]


@pytest.mark.parametrize(("words", "root"), [
    (("peretasan", "diretas", "meretas", "peretas"), "retas"),
    (("pembentukan", "membentuk", "bentuk"), "bentuk"),
    (("bekerja", "pekerjaan", "kerja"), "kerja"),
])
def test_word_forms_meet_at_their_root(words: tuple[str, ...], root: str) -> None:
    assert stemmed(" ".join(words)) == [root] * len(words)


@pytest.mark.parametrize("word", ["pemilu", "pilkada", "pilpres", "parpol", "ormas", "kapolri",
                                  "menkes"])
def test_news_words_sastrawi_would_mangle_stay_whole(word: str) -> None:
    assert stem(word) == word


@pytest.mark.parametrize(("word", "root"), [
    ("pemilunya", "pemilu"),  # the added root keeps its suffixed forms together
    ("berikan", "beri"),  # Sastrawi alone: ikan
    ("penyelidikan", "selidik"),  # Sastrawi alone: lidi
    ("penyidikan", "sidik"),  # Sastrawi alone: sidi
])
def test_wrong_roots_are_corrected_by_the_data_files(word: str, root: str) -> None:
    assert stem(word) == root


def test_names_in_running_text_are_not_stemmed() -> None:
    text = ("Kanselir Jerman bertemu Nancy Pelosi di Berlin, lalu menemui Menkes dr. Terawan. "
            "Mereka menonton film Dilan.")
    assert stemmed(text) == ["kanselir", "jerman", "temu", "nancy", "pelosi", "berlin", "lalu",
                             "temu", "menkes", "dr", "terawan", "mereka", "tonton", "film",
                             "dilan"]


def test_protected_names_are_kept_where_capitals_say_nothing() -> None:
    # First word of a sentence, a title-case headline, a query typed in lower case.
    assert stemmed("Terawan menjawab.") == ["terawan", "jawab"]
    assert stemmed("Pelosi Kunjungi Taiwan, Berlin Protes") == ["pelosi", "kunjung", "taiwan",
                                                                "berlin", "protes"]
    assert stemmed("berlin terawan pelosi", mode="query") == ["berlin", "terawan", "pelosi"]


def test_a_name_heavy_sentence_is_not_mistaken_for_a_headline() -> None:
    assert stemmed("Menkes Terawan, Nancy Pelosi dan Angela Merkel menonton film Dilan") == [
        "menkes", "terawan", "nancy", "pelosi", "angela", "merkel", "tonton", "film", "dilan"]


def test_a_title_case_headline_is_stemmed_word_by_word() -> None:
    assert stemmed("Bentuk Unit Keamanan Siber, Trump Akan Temui Putin") == [
        "bentuk", "unit", "aman", "siber", "trump", "temu", "putin"]


def test_special_tokens_stay_whole_and_their_parts_are_findable() -> None:
    assert stemmed("KTT G20 membahas covid-19 bersama Bashar al-Assad") == [
        "ktt", "g20", "bahas", "covid-19", "covid19", "covid", "19", "sama", "bashar",
        "al-assad", "alassad", "al", "assad"]


def test_a_hyphenated_word_is_whole_joined_and_its_parts_in_a_row() -> None:
    # the whole and joined forms where the word starts, its parts one after the other, and the
    # next word after the last part: the phrase "indonesia china" and the word "indonesiachina"
    # both find it, as "korupsi e ktp" and "ektp" find `korupsi e-KTP`
    assert positions("hubungan Indonesia-China membaik") == [
        ("hubung", 0), ("indonesia-china", 1), ("indonesiachina", 1), ("indonesia", 1),
        ("china", 2), ("baik", 3)]
    assert positions("kasus e-KTP ditunda") == [
        ("kasus", 0), ("e-ktp", 1), ("ektp", 1), ("e", 1), ("ktp", 2), ("tunda", 3)]


def test_a_query_keeps_a_hyphenated_form_whole() -> None:
    assert stemmed("covid-19 al-assad", mode="query") == ["covid-19", "al-assad"]


@pytest.mark.parametrize("analyze", [stemmed, exact])
def test_reduplications_index_as_their_base(analyze) -> None:
    assert analyze("negara-negara hal-hal") == ["negara", "hal"]


def test_the_exact_field_keeps_word_forms_lower_cased() -> None:
    assert exact("Peretasan Berlin oleh peretas G20") == ["peretasan", "berlin", "peretas", "g20"]


def test_stop_words_are_few_and_news_words_stay_searchable() -> None:
    assert stemmed("kasus korupsi yang baru di hari besar orang itu") == [
        "kasus", "korupsi", "baru", "hari", "besar", "orang"]
    assert {"kasus", "baru", "besar", "orang", "hari", "tidak"}.isdisjoint(stop_words())
    assert len(stop_words()) < 40


def test_positions_close_over_stop_words_on_both_sides_of_a_phrase() -> None:
    assert positions("dunia yang maya") == [("dunia", 0), ("maya", 1)]


def test_single_letters_and_digits_are_kept() -> None:
    assert stemmed("pasal 2 huruf b") == ["pasal", "2", "huruf", "b"]


def test_the_schema_pickles_small_without_the_stemmer() -> None:
    pickled = pickle.dumps(build_schema())
    assert b"Sastrawi.Stemmer" not in pickled and b"Dictionary" not in pickled
    assert len(pickled) < 10_000


def test_the_stem_cache_is_bounded() -> None:
    assert stem.cache_info().maxsize == STEM_CACHE_SIZE


def test_the_indexer_s_one_pass_gives_what_the_analyzers_give(shared_data) -> None:
    from itertools import islice

    from search.whoosh_backend.analysis import analyze_positions
    from search.ingest import read_articles

    corpus = shared_data / "indosum" / "articles.jsonl"
    texts = [text for article in islice(read_articles([corpus], on_problem=pytest.fail), 400)
             for text in (article.title, article.body)]
    texts += ["Dr. Terawan di Berlin", "negara-negara G20 dan covid-19, kata al-Assad",
              "dan yang ke Jakarta", "BERITA UTAMA Presiden Jokowi Bertemu Putin", ""]
    for text in texts:
        expected: tuple[dict, dict] = ({}, {})
        for analyzer, positions in ((indonesian_analyzer(), expected[0]),
                                    (exact_analyzer(), expected[1])):
            for token in analyzer(text, positions=True):
                positions.setdefault(token.text, []).append(token.pos)
        assert analyze_positions(text) == expected, text


def test_title_case_is_told_from_words_as_from_the_text(shared_data) -> None:
    # The check reads the words the tokenizer found; held to its first definition, on the text:
    # the runs of word characters that open with four letters, mostly capitalized.
    import re
    from itertools import islice

    from search.ingest import read_articles
    from search.whoosh_backend.analysis import is_titlecase

    long_word = re.compile(r"\b[^\W\d_]{4,}")

    def on_the_text(text: str) -> bool:
        words = long_word.findall(text)
        return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)

    corpus = shared_data / "indosum" / "articles.jsonl"
    texts = [text for article in islice(read_articles([corpus], on_problem=pytest.fail), 1000)
             for text in (article.title, article.title.title(), article.body)]
    texts += ["Jawa-Barat Dan Jawa-tengah Bersatu", "Indonesia-China Bahas Kerja Sama",
              "Ma'ruf Amin Kunjungi D'Masiv", "Covid-19 Melanda Dunia Lagi", "ABC DEF GHI",
              "Satu Dua tiga", "Nama_Baru Datang Lagi Besok", "Kota Lima2an Bersih Sekali"]
    assert sum(map(on_the_text, texts)) > 100
    for text in texts:
        assert is_titlecase(text) == on_the_text(text), text
