"""Hyphenated words, as journalists type them and as outlets print them: `e-KTP`, `e - KTP`,
`eKTP`. A hyphenated query word matches the whole form, its parts as a phrase and the joined
form; a hyphenated word in a text is found by each of these."""

from __future__ import annotations

import pytest
from indexing import article, build_index, search_json

from search.whoosh_backend.service import WhooshBackend

TEXTS = {
    "hyphen": "Sidang kasus korupsi e-KTP kembali ditunda oleh majelis hakim pekan ini.",
    "spaced": "Sidang kasus korupsi e - KTP kembali ditunda oleh majelis hakim pekan ini.",
    "joined": "Sidang kasus korupsi eKTP kembali ditunda oleh majelis hakim pekan ini.",
    "other": "Sidang kasus korupsi dana desa kembali ditunda oleh majelis hakim pekan ini.",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> WhooshBackend:
    articles = [article(key, "Sidang Ditunda", text) for key, text in TEXTS.items()]
    return WhooshBackend(build_index(tmp_path_factory.mktemp("hyphens"), articles))


def found(service: WhooshBackend, q: str) -> set[str]:
    return {hit["id"] for hit in search_json(service, q=q, per_page="100")["results"]}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("e-ktp", {"hyphen", "spaced", "joined"}),  # whole, phrase and joined forms
        ("korupsi e-ktp", {"hyphen", "spaced", "joined"}),
        ("E-KTP", {"hyphen", "spaced", "joined"}),
        ("ektp", {"hyphen", "joined"}),  # the joined form finds the hyphenated word
        ('"e ktp"', {"hyphen", "spaced"}),  # the parts as a phrase find it too
        ('"korupsi e-ktp kembali"', {"hyphen", "spaced"}),  # inside a phrase, its parts
        ("ktp", {"hyphen", "spaced"}),
        ("korupsi -e-ktp", {"other"}),
    ],
)
def test_every_form_finds_every_printing(service, q, expected) -> None:
    assert found(service, q) == expected


def test_a_phrase_finds_the_words_around_a_hyphenated_one(service) -> None:
    assert found(service, '"e-ktp kembali ditunda"') == {"hyphen", "spaced"}
    assert found(service, '"kasus korupsi e ktp"') == {"hyphen", "spaced"}


def test_the_seed_with_pasca_perang_dingin_is_found_by_the_phrase(seed_index) -> None:
    service = WhooshBackend(seed_index)
    assert found(service, '"pasca perang"') == {"002_9cfa0e0d1cdd636e"}
    assert found(service, "pasca-perang") == {"002_9cfa0e0d1cdd636e"}
