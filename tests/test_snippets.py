"""Snippets and whole-text marking: matched through the stem, everything else escaped."""

from __future__ import annotations

import re

from search.whoosh_backend.schema import build_schema
from search.whoosh_backend.query import parse_query
from search.whoosh_backend.snippets import mark_query_words, snippet

SCHEMA = build_schema()


def snippet_for(text: str, q: str) -> str:
    parsed = parse_query(q, SCHEMA)
    return snippet(text, parsed.stems, parsed.words)


def test_every_form_sharing_the_stem_is_marked():
    text = "Kelompok itu meretas situs. Peretasan itu diretas ulang oleh peretas lain."
    assert snippet_for(text, "peretasan") == (
        "Kelompok itu <mark>meretas</mark> situs. <mark>Peretasan</mark> itu "
        "<mark>diretas</mark> ulang oleh <mark>peretas</mark> lain."
    )


def test_everything_else_is_escaped():
    text = 'Putin <script>alert("x")</script> & Trump'
    assert snippet_for(text, "putin") == (
        "<mark>Putin</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Trump"
    )


def test_the_passage_is_about_thirty_words_around_the_best_match():
    filler = " ".join(f"kata{n}" for n in range(100))
    text = f"{filler} keamanan siber dibahas. {filler}"
    passage = snippet_for(text, "keamanan siber")
    assert passage.startswith("\u2026 kata95 ") and passage.endswith(" \u2026")
    assert len(re.findall(r"\w+", re.sub(r"</?mark>", "", passage))) == 30
    assert "<mark>keamanan</mark> <mark>siber</mark> dibahas." in passage


def test_the_window_with_most_distinct_words_wins():
    filler = " ".join(["lain"] * 40)
    text = f"siber siber siber. {filler} keamanan siber nasional. {filler}"
    passage = snippet_for(text, "keamanan siber")
    assert "<mark>keamanan</mark> <mark>siber</mark> nasional" in passage


def test_no_match_gives_the_opening_words():
    text = " ".join(f"kata{n}" for n in range(50))
    assert snippet_for(text, "") == " ".join(f"kata{n}" for n in range(30)) + " \u2026"


def test_negated_words_are_not_marked():
    assert snippet_for("Putin dan Trump", "putin -trump") == "<mark>Putin</mark> dan Trump"


def test_names_and_hyphenated_forms_are_marked():
    text = "Presiden Bashar al-Assad bertemu para menteri negara-negara Arab."
    assert snippet_for(text, "assad negara") == (
        "Presiden Bashar <mark>al-Assad</mark> bertemu para menteri "
        "<mark>negara-negara</mark> Arab."
    )


def test_phrase_words_are_marked():
    assert snippet_for("keamanan dunia maya kita", '"dunia maya"') == (
        "keamanan <mark>dunia</mark> <mark>maya</mark> kita"
    )


def test_mark_query_words_marks_the_whole_text_and_keeps_lines():
    body = "Rusia membantah.\n\nMoskow dituduh meretas <b>kampanye</b>.\n"
    assert mark_query_words(body, "peretasan rusia") == (
        "<mark>Rusia</mark> membantah.\n\nMoskow dituduh <mark>meretas</mark> "
        "&lt;b&gt;kampanye&lt;/b&gt;.\n"
    )


def test_mark_query_words_with_an_unreadable_query_only_escapes():
    assert mark_query_words("a < b", ")(") == "a &lt; b"


def test_looking_only_where_a_root_turns_up_marks_what_stemming_every_word_marks(shared_data):
    """matched_spans stems only the words holding a query root past its first letter; on real
    articles that marks exactly the words stemming every word marks."""
    import json

    from search.whoosh_backend.snippets import _WORD, _matched, matched_spans

    with open(shared_data / "indosum" / "articles.jsonl", encoding="utf-8") as lines:
        bodies = [json.loads(line)["body"] for _, line in zip(range(150), lines)]
    for q in ("korupsi", "pemukulan", "menyapu jalan", '"bank indonesia"', "negara-negara",
              "peretasan", "memberantas narkoba", "api", "Ahok", "kirim"):
        parsed = parse_query(q, SCHEMA)
        for body in bodies:
            every_word = {}
            for match in _WORD.finditer(body):
                key = _matched(match.group(0).lower(), parsed.stems, parsed.words)
                if key is not None:
                    every_word[match.start()] = (match.end(), key)
            assert matched_spans(body, parsed.stems, parsed.words) == every_word, q


def _snippet_by_every_word(text, stems, words, size):
    """The snippet stated plainly, over every word of the text: the reference for `snippet`,
    which splits out only the words around the matches."""
    from collections import Counter
    from html import escape

    from search.whoosh_backend.snippets import (
        _SPACE, _WORD, ELLIPSIS, SNIPPET_SCAN_CHARS, _mark, _matched)

    cut = len(text) > SNIPPET_SCAN_CHARS
    text = text[:SNIPPET_SCAN_CHARS] if cut else text
    positions = [match.span() for match in _WORD.finditer(text)]
    if not positions:
        return escape(_SPACE.sub(" ", text.strip()))
    keys = [_matched(text[start:end].lower(), stems, words) for start, end in positions]
    spans = {start: (end, key) for (start, end), key in zip(positions, keys) if key is not None}
    best, best_score = 0, (-1, -1)
    for first, key in enumerate(keys):
        if key is not None:
            inside = Counter(key for key in keys[first:first + size] if key is not None)
            score = (len(inside), sum(inside.values()))
            if score > best_score:
                best, best_score = first, score
    first = max(0, min(best - size // 6, len(positions) - size))
    last = min(first + size, len(positions))
    start = positions[first][0] if first > 0 else 0
    end = positions[last - 1][1] if last < len(positions) else len(text)
    passage = _SPACE.sub(" ", _mark(text, spans, start, end)).strip()
    return ((ELLIPSIS + " " if first > 0 else "") + passage
            + (" " + ELLIPSIS if last < len(positions) or cut else ""))


def test_the_snippet_is_the_one_splitting_every_word_would_give(shared_data):
    """On real articles and on random texts of odd spacing, hyphens, apostrophes and very long
    words, for one match, many, or none, and windows of 5 and 30 words."""
    import json
    import random

    with open(shared_data / "indosum" / "articles.jsonl", encoding="utf-8") as lines:
        bodies = [json.loads(line)["body"] for _, line in zip(range(200), lines)]
    chooser = random.Random(5)
    pieces = ["kata", "korupsi", "dikorupsi", "al-Assad", "o'neil", "negara-negara", "-", "\u2014",
              ".", ",", "'", "-x-", "korupsi-nya", "Presiden", "harga", "İzmir", "x" * 300]
    spaces = [" ", " ", "", "\n", "\t", "\xa0", "  "]
    randoms = ["".join(chooser.choice(pieces) + chooser.choice(spaces)
                       for _ in range(chooser.randint(0, 150))) for _ in range(300)]
    for q in ("korupsi", "presiden jokowi", "assad negara", "kata korupsi", "harga-harga",
              '"bank indonesia"', "gol", "kx"):
        parsed = parse_query(q, SCHEMA)
        for text in bodies + randoms:
            for size in (5, 30):
                expected = _snippet_by_every_word(text, parsed.stems, parsed.words, size)
                assert snippet(text, parsed.stems, parsed.words, size) == expected, (q, text)
