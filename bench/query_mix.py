"""The 50-query mix the search benchmarks run (and the merge test replays): one to three words,
phrases, operators, filters, and filters only, over IndoSum's outlets, years and persons."""

from __future__ import annotations

# (type, params): one to three words, phrases, operators, filters, filters only.
QUERIES: list[tuple[str, dict[str, list[str]]]] = [
    *[("1 word", {"q": [word]}) for word in (
        "presiden", "banjir", "korupsi", "jokowi", "gempa", "sepakbola", "teroris", "narkoba",
        "pilkada", "peretasan")],
    *[("2 words", {"q": [words]}) for words in (
        "harga minyak", "timnas indonesia", "gubernur jakarta", "bank indonesia",
        "kebakaran hutan", "liga inggris", "mobil listrik", "polisi menangkap")],
    *[("3 words", {"q": [words]}) for words in (
        "pemerintah pusat daerah", "bursa saham asia", "piala dunia rusia",
        "kereta api jakarta", "menteri keuangan sri", "anggaran pendapatan belanja")],
    *[("phrase", {"q": [words]}) for words in (
        '"joko widodo"', '"bank indonesia"', '"piala dunia"', '"manchester united"',
        '"komisi pemberantasan korupsi"', '"dunia maya"')],
    ("operators", {"q": ["jokowi -prabowo"]}),
    ("operators", {"q": ["ronaldo OR messi"]}),
    ("operators", {"q": ["title:banjir"]}),
    ("operators", {"q": ["gempa NOT lombok"]}),
    *[("with filters", params) for params in (
        {"q": ["presiden"], "outlet": ["CNN Indonesia"]},
        {"q": ["banjir"], "from": ["2017"], "to": ["2017"]},
        {"q": ["gol"], "outlet": ["Goal Indonesia", "Juara.net"]},
        {"q": ["jakarta"], "actor": ["Anies Baswedan"]},
        {"q": ["harga"], "from": ["2017-03"], "to": ["2017-06"], "outlet": ["Kumparan"]},
        {"q": ["pemain"], "actor": ["Cristiano Ronaldo", "Lionel Messi"]},
        {"q": ["jokowi"], "sort": ["newest"]},
        {"q": ["teknologi startup"], "outlet": ["DailySocial.id"], "sort": ["oldest"]},
    )],
    *[("filters only", params) for params in (
        {},
        {"outlet": ["Antara"]},
        {"actor": ["Joko Widodo"]},
        {"from": ["2018"], "to": ["2018"]},
        {"outlet": ["Merdeka.com"], "from": ["2016-06"], "to": ["2017-06"]},
        {"actor": ["Jose Mourinho"], "sort": ["oldest"]},
        {"page": ["5"]},
        {"outlet": ["Suara.com"], "actor": ["Joko Widodo"]},
    )],
]
