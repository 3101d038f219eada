"""Where a tagged name starts and ends: titles, places, institutions and degrees come off its
edges ("Bupati Sleman Sri Purnomo, SH" -> "Sri Purnomo"), and a span that names a place,
a building or an institution is no name at all ("Jalan Andi Pangerang Pettarani")."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from search.actor_regions import regions
from search.actor_tables import Tables, is_web_address, place_length, tables

Span = tuple[int, int]
NAME_PARTICLES = frozenset({"bin", "binti", "ibn", "van", "von", "der", "den", "de", "da", "dos", "al", "el"})
# Title words that head a body's name, not a person's ("Komisi Pemberantasan Korupsi").
_BODIES = frozenset({"komisi", "dewan", "fraksi", "majelis", "kabinet", "kongres", "badan", "partai",
                     "pembina", "pengurus", "umum", "harian", "bidang"})
# Heads whose place is a region of the table; a name may follow it ("Kabupaten Tulungagung Sutrisno").
_REGION_HEADS = frozenset({"kabupaten", "provinsi", "kecamatan", "kota"})
_STREET_HEADS = frozenset({"jalan", "jl", "jln", "gang", "gg"})
# Titles of those who govern or police a region, written before it ("Camat Seruyan Hilir X").
_REGION_RULERS = frozenset({"gubernur", "wagub", "bupati", "wabup", "kota", "walikota", "wawali", "camat",
                            "lurah", "kades", "geuchik", "panewu", "sekda", "kapolda", "kapolres",
                            "kapolsek", "dandim", "danramil", "kajati", "kajari", "kadis"})


# Two-word honorifics of Malaysia and Brunei: a title before the name, though "Sri" and "Seri"
# are name words on their own ("Sri Mulyani").
_HONORIFICS = frozenset({("tan", "sri"), ("puan", "sri"), ("datuk", "seri"), ("datuk", "sri"), ("dato", "sri"),
                         ("dato", "seri"), ("dato'", "sri"), ("toh", "puan"), ("yang", "mulia")})


_HONORIFIC_OPENERS = frozenset(first for first, _ in _HONORIFICS)


def honorific(tokens: list[str], i: int) -> int:
    """How many words from i are a two-word honorific ("Tan Sri"): 2 or 0."""
    if i + 1 >= len(tokens) or tokens[i].lower().rstrip(".") not in _HONORIFIC_OPENERS:
        return 0
    return 2 if (tokens[i].lower().rstrip("."), tokens[i + 1].lower().rstrip(".")) in _HONORIFICS else 0


def trim(tokens: list[str], start: int, end: int) -> Span | None:
    """Drop titles, organizations, places and non-person words from a span's edges
    ("Kemenperin Haris Munandar" -> "Haris Munandar", "Bupati Sleman Sri Purnomo" -> "Sri
    Purnomo"); None if nothing is left, if an organization or place word leaves a lone word
    ("Mahkamah Agung", "Bandara Soekarno"), or if the span names a place or building after
    its head word ("Jalan Andi Pangerang Pettarani", "Kelurahan Tegal Alur")."""
    t = tables()
    while start < end and not _opens_alias(tokens, start, end, t):
        if honorific(tokens, start):
            start += 2
            continue
        low = tokens[start].lower().rstrip(".").strip("()")
        if low in t.place_heads and low not in t.titles:
            start = _after_place(tokens, start, end, t)
            continue
        places = place_length(tokens, start, t.places) or _region_after_title(tokens, start, end, t)
        if places:
            start += places
            continue
        if _is_acronym(tokens[start], t):
            start += 1
            continue
        if (low in t.org_words or t.contexts.get(low) == "L") and not tokens[start].endswith("."):
            if end - start <= 2:  # (an abbreviation with its dot, "HM.", is a person's initials)
                return None
        elif not (_not_name_word(low, t) or low in t.titles or _misspelt_title(low)):
            break
        start += 1
    while start < end and _ends_no_name(tokens[end - 1].lower().rstrip(".").strip("()"), t):
        end -= 1
    for i in range(end - 2, start, -1):  # "Satpolair AKP Sunardi": what stands before a rank is no name
        if tokens[i].isupper() and len(tokens[i]) >= 2 and tokens[i].lower() in t.titles:
            start = i + 1
            break
    return (start, end) if start < end else None


def _region_after_title(tokens: list[str], start: int, end: int, t: Tables) -> int:
    """How many words from start name the region a title before them governs ("Panewu
    Cangkringan Supramono", "Camat Seruyan Hilir Idham"), when a name follows; else 0. A lone
    village name is not taken: it may be the name itself."""
    if start == 0 or tokens[start - 1].lower().rstrip(".") not in _REGION_RULERS:
        return 0
    found = regions()
    n, levels = found.longest(tokens, start, end)
    return n if n and start + n < end and (n > 1 or found.lone_place(tokens[start], levels)) else 0


def place_name(tokens: list[str], start: int, end: int) -> Span:
    """Where the name of a place or building in a run starts and ends ("Warga Kelurahan Tegal
    Sari", "Masjid Al Ikhlas"); empty when the run holds no place's head word."""
    t = tables()
    for i in range(start, end):
        low = tokens[i].lower()
        if low in t.place_heads and low not in t.titles:
            return i, _after_place(tokens, i, end, t)
    return start, start


def _opens_alias(tokens: list[str], start: int, end: int, t: Tables) -> bool:
    """Whether a many-word alias starts here ("Gus Dur"): its title word is part of the name."""
    return any(" ".join(tokens[start:start + n]) in t.aliases for n in range(2, min(4, end - start + 1)))


def _after_place(tokens: list[str], start: int, end: int, t: Tables) -> int:
    """Where a name may start after a place's head word: after the region a regional head
    names ("Kabupaten Tulungagung Sutrisno"), at the next title ("Polres Pemalang AKP
    Sunardi"), or nowhere (end): the rest names the place."""
    if tokens[start].lower().rstrip(".") in _STREET_HEADS:
        return end  # streets are named after persons, titles and all: "Jalan Dr Wahidin"
    regional = tokens[start].lower() in _REGION_HEADS
    i = start + 1
    if regional and i < end and place_length(tokens, i, t.places):
        return i + place_length(tokens, i, t.places)
    while i < end and tokens[i].lower().rstrip(".") not in t.titles:
        i += 1
    return i


def _ends_no_name(low: str, t: Tables) -> bool:
    """A word a name does not end with: a non-name word or a degree ("SH", "M.Si")."""
    return _not_name_word(low, t) or low.replace(".", "") in t.degrees


def names_organization(tokens: list[str], start: int, end: int) -> bool:
    """A phrase with an organization, place, team or outlet word in it ("Mahkamah Agung"), or
    a sports club or supporters' group of the table ("Barito Putera", "Singo Edan")."""
    t = tables()
    org_words, teams = t.org_words, t.teams
    for i in range(start, end):
        low = tokens[i].lower().strip("()")
        if low in org_words or is_web_address(tokens[i]) or low in teams and place_length(tokens, i, teams):
            return True
    return False


def _not_name_word(low: str, t: Tables) -> bool:
    """A word that ends no name: a non-person word, a particle, or a word usually written in
    lower case ("Keamanan" in "dan Keamanan Wiranto")."""
    return low in t.not_persons or low in NAME_PARTICLES or t.capitalization.get(low) == "l"


def _is_acronym(token: str, t: Tables) -> bool:
    """An institution's acronym opening a span ("KNPI Parepare", "BPBD Sleman Sugiyanto"); the
    alias table's acronyms ("SBY", "AHY") are persons."""
    return len(token) >= 2 and token.isupper() and token.isalpha() and token not in t.aliases


def after_title(tokens: list[str], start: int, end: int) -> Span | None:
    """The name a title introduces at the end of a run ("Menteri Sosial Juliari Batubara",
    "Direktur Jenderal Dukcapil Kemendagri Zudan Arif Fakrulloh"): the words after the last
    title, institution or place word, when one to four plain name words are left."""
    t = tables()
    anchors, titled, i = [], False, start
    while i < end:
        places = place_length(tokens, i, t.places)
        if honorific(tokens, i):
            titled, i = True, i + 2
            anchors.append(i)
        elif places or _anchors_name(tokens[i], t):
            titled = titled or _is_title(tokens, i, end, t)
            i += places or 1
            anchors.append(i)
        else:
            i += 1
    if not titled or tokens[anchors[-1] - 1].lower() in _BODIES:
        return None
    if any(tokens[i].lower().rstrip(".") in _STREET_HEADS for i in range(start, anchors[-1])):
        return None  # the title is part of a street's name: "Jalan Dr Wahidin Gang Bahagia"
    first = anchors[-1]
    while first < end and t.capitalization.get(tokens[first].lower(), "u") in "lm":
        first += 1  # "Komisi Pemberantasan Korupsi Johan Budi": the body's own name
    span = trim(tokens, first, end)
    if span is None or span[1] - span[0] > 4 or names_organization(tokens, *span):
        return None
    words = [tokens[i].lower() for i in range(*span)]
    if any(w in t.not_persons or w in t.titles for w in words):
        return None
    return span


def _is_title(tokens: list[str], i: int, end: int, t: Tables) -> bool:
    """Whether word i is a title. A title word that also heads a place ("Kota" of "Wali Kota")
    is one after another title word, or before a known place with words after it ("Satpol
    PP Kota Tangerang Selatan Muksin"); "Kota Bengawan" names a city."""
    low = tokens[i].lower().rstrip(".")
    if low not in t.titles:
        return False
    if low not in t.place_heads or i > 0 and tokens[i - 1].lower() in t.titles:
        return True
    n = i + 1 < end and (place_length(tokens, i + 1, t.places) or regions().longest(tokens, i + 1, end)[0])
    return bool(n) and i + 1 + n < end


def _anchors_name(token: str, t: Tables) -> bool:
    low = token.lower().rstrip(".")
    return low in t.titles or low in t.org_words or _is_acronym(token, t)


@lru_cache(maxsize=50_000)
def _misspelt_title(low: str) -> bool:
    """A long title word with one letter wrong ("Keamana Wiranto" for "Keamanan"): outlets'
    typos would otherwise glue the title to the name."""
    if len(low) < 7:
        return False
    return process.extractOne(low, sorted(tables().titles), scorer=Levenshtein.distance,
                              score_cutoff=1) is not None


def spelt_out_acronym(tokens: list[str], start: int, end: int) -> bool:
    """Whether the words from start to the run's end are a body's name that an acronym in
    brackets spells out ("Front Pembela Islam (FPI)"): its initials, and a word of it that
    IndoSum does not always capitalize and the alias table does not know. A person's initials
    ("Susilo Bambang Yudhoyono (SBY)") spell out names only."""
    if end + 2 >= len(tokens) or tokens[end] != "(" or tokens[end + 2] != ")":
        return False
    acronym, words = tokens[end + 1], tokens[start:end]
    t = tables()
    return (len(acronym) >= 3 and acronym.isupper() and acronym == "".join(w[0] for w in words).upper()
            and any(t.capitalization.get(w.lower(), "u") in "clm" and w.lower() not in t.known_name_words
                    for w in words))


def before_english_article(tokens: list[str], start: int, end: int) -> int:
    """Where a run's names end: before a capitalized English "The", which opens the name of a
    group, a band, a film or an outlet ("Sekretaris Jenderal The Maczman")."""
    for i in range(start, end):
        if tokens[i] == "The":
            return i
    return end


def maybe_name(tokens: list[str], span: Span) -> bool:
    """Whether the words a title introduces may be a name: not a lone word usually written in
    lower case ("Menteri Koperasi", "Republik Rakyat Tiongkok"). The tagger's word counts
    for nothing here: long titles hide the name from it ("Ketua Yayasan Lembaga Konsumen
    Indonesia Tulus Abadi" reads to it as one institution)."""
    return span[1] - span[0] > 1 or tables().capitalization.get(tokens[span[0]].lower(), "u") not in "lm"
