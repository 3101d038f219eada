"""The pages' error messages, in Indonesian. The JSON API keeps its stable `code` and English
`message`; a page says the same thing in the reader's language.

A parameter's problem is matched against the table below (the English sentences of
search/request.py and search/errors.py) and said again in Indonesian; one the table does not know
keeps its English wording rather than being lost.
"""

from __future__ import annotations

import re

from search.errors import (
    ActorNotFound,
    ArticleNotFound,
    IndexUnavailable,
    InvalidParameter,
    WartaError,
)

_PROBLEMS = [(re.compile(pattern), template) for pattern, template in (
    (r"expected YYYY, YYYY-MM or YYYY-MM-DD, got (?P<got>.+)",
     "harus berupa tahun, bulan atau hari (TTTT, TTTT-BB atau TTTT-BB-HH); tertulis {got}"),
    (r"expected a year from (?P<low>\d+) to (?P<high>\d+), got (?P<got>.+)",
     "tahunnya harus antara {low} dan {high}; tertulis {got}"),
    (r"(?P<to>'[^']*') is before from=(?P<since>'[^']*')",
     "{to} lebih awal daripada tanggal Dari ({since})"),
    (r"at most (?P<count>\d+) characters, got (?P<got>\d+)",
     "paling banyak {count} karakter; tertulis {got}"),
    (r"at most (?P<count>\d+) values, got (?P<got>\d+)", "paling banyak {count} nilai; tertulis {got}"),
    (r"a value is longer than (?P<count>\d+) characters", "ada nilai yang lebih dari {count} karakter"),
    (r"expected a whole number, got (?P<got>.+)", "harus bilangan bulat; tertulis {got}"),
    (r"expected (?P<low>-?\d+) to (?P<high>\d+), got (?P<got>.+)",
     "harus antara {low} dan {high}; tertulis {got}"),
    (r"expected one of (?P<options>.+), got (?P<got>.+)",
     "harus salah satu dari {options}; tertulis {got}"),
    (r"given (?P<count>\d+) times; give it once", "diisi {count} kali; isi sekali saja"),
    (r"has no words to search for: (?P<got>.+)", "tidak memuat kata yang dapat dicari: {got}"),
    (r"has only words too common to search for: (?P<got>.+)",
     "hanya berisi kata yang terlalu umum untuk dicari (seperti dan, yang, di): {got}"),
    (r"could not be read \((?P<why>.*)\)", "tidak dapat dibaca ({why})"),
    (r"is not valid UTF-8 text", "bukan teks UTF-8 yang sah"),
)]


def problem_in_indonesian(problem: str) -> str:
    """A parameter's problem (the English of InvalidParameter.problem) in Indonesian."""
    for pattern, template in _PROBLEMS:
        match = pattern.fullmatch(problem)
        if match:
            return template.format(**match.groupdict())
    return problem


def in_indonesian(error: WartaError) -> str:
    """What a page says of an error."""
    if isinstance(error, InvalidParameter):
        return problem_in_indonesian(error.problem)
    if isinstance(error, ArticleNotFound):
        return f"Tidak ada artikel dengan id {error.article_id!r}."
    if isinstance(error, ActorNotFound):
        return f"Tidak ada artikel yang menyebut {error.name!r}."
    if isinstance(error, IndexUnavailable):
        return ("Indeks pencarian belum dibangun atau tidak dapat dibaca. Bangun dengan "
                "`warta index`, lalu muat ulang halaman ini.")
    return "Terjadi kesalahan yang tidak terduga; kesalahan itu sudah dicatat."
