"""What the rest of an article tells about a capitalized run, beyond the tagger's one sentence.

The tagger sees one word each side. News text says more a few words away or elsewhere in
the article: a place is written after ``di`` or in a list of places ("Dumai, Pelalawan dan
Siak"), an institution is followed by its abbreviation in brackets ("Kejaksaan Tinggi
(Kejati)"), a person by an age ("Wagiman (57)") and a nickname follows ``alias``. These rules
read those signs; they hold for any outlet because they are the language's conventions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

Span = tuple[int, int]

# Words after which a capitalized run names a place ("di Pelalawan", "warga Delitua").
PLACE_CUES = frozenset({"di", "ke", "warga", "asal", "daerah", "wilayah", "kawasan", "menuju", "sekitar"})
_LIST_JOINS = frozenset({",", "dan", "serta", "atau", "hingga", "sampai"})


@dataclass(frozen=True)
class Evidence:
    """Words the article shows to be places or institutions, not persons (lower case)."""

    not_persons: frozenset[str]
    places: frozenset[str] = frozenset()  # words of places named after someone ("Lanud Roesmin Nurjadin")
    companies: frozenset[str] = frozenset()  # words after "PT", "CV" ("PT Jiwasraya")

    def name_start(self, tokens: list[str], start: int, end: int) -> int:
        """Where a name of two words or more starts after the words of a company the article
        names ("Keuangan Jiwasraya Syahmirwan" after "PT Jiwasraya"): the employer glued to
        its employee, with no title between."""
        while end - start > 1 and tokens[start].lower() in self.companies:
            start += 1
        return start

    def rules_out(self, tokens: list[str], start: int, end: int) -> bool:
        """Whether every word of a span is one the article shows not to be a person."""
        return all(tokens[i].lower() in self.not_persons or tokens[i].lower() in self.companies
                   for i in range(start, end))

    def names_place(self, tokens: list[str], start: int, end: int) -> bool:
        """Whether a span's words all belong to the name of a place or building of the article
        (a person's name, often: the caller keeps it after a title or a speech cue)."""
        return all(tokens[i].lower() in self.places for i in range(start, end))


def age_follows(tokens: list[str], end: int) -> bool:
    """An age in brackets right after the run ("Esiah (24)"): news gives ages of persons only."""
    return (end + 2 < len(tokens) and tokens[end] == "(" and tokens[end + 1].isdigit()
            and tokens[end + 2] == ")" and 0 < int(tokens[end + 1]) < 120)


# Words after "X," that say X is one person of a kind: "Afif, salah seorang petani", "Siti,
# seorang guru", "Darto, warga Desa Sukamaju"; before ", X" they introduce the person
# ("seorang nelayan, Samin", "warga setempat, Muhyan").
_ONE_OF = frozenset({"seorang", "warga"})
# "korban bernama Klewih"; a kin or partner word names one person ("pasangannya Marwoto")
_NAMED = frozenset({"bernama", "pasangannya", "istrinya", "suaminya", "putranya", "putrinya", "adiknya",
                    "kakaknya", "ayahnya", "ibunya", "cucunya", "menantunya", "ajudannya"})


def person_context(tokens: list[str], start: int, end: int, speech_verbs: frozenset[str]) -> bool:
    """Whether the words around a capitalised run say it is a person, whatever its words: an
    age ("Siska, 23 tahun", "Wagiman (57)"), "bernama" before it, an apposition of one person
    ("Afif, salah seorang petani", "seorang nelayan, Samin"), or a speech verb right after it
    or after its apposition commas (", Sadat, mengatakan", "Suyanta menuturkan")."""
    before = tokens[start - 1] if start else ""
    if before == ",":
        if start >= 2 and _one_introduced(tokens, start):
            return True
    elif before and before.lower() in PLACE_CUES:
        return False  # "warga Tanimulya mengatakan": the speaker is the village's resident
    elif before and before.lower() in _NAMED:
        return True
    if end >= len(tokens):
        return False
    after = tokens[end]
    if after == "(":
        return age_follows(tokens, end)
    if after == ",":
        if end + 1 >= len(tokens):
            return False
        word = tokens[end + 1].lower()
        return (word in _ONE_OF or word in speech_verbs or word == "salah" and end + 2 < len(tokens)
                and tokens[end + 2].lower() == "seorang" or _age_in_words(tokens, end))
    return after.lower() in speech_verbs


def _one_introduced(tokens: list[str], start: int) -> bool:
    """", X" after lower-case words saying one person of a kind: "seorang nelayan, Samin"."""
    lead = [token.lower() for token in tokens[max(0, start - 4):start - 1]]
    return all(word.isalpha() and word.islower() for word in lead) and bool(_ONE_OF & set(lead))


def _age_in_words(tokens: list[str], end: int) -> bool:
    """An age between commas after a name: "Siska, 23 tahun, ..."."""
    return (end + 2 < len(tokens) and tokens[end] == "," and tokens[end + 1].isdigit()
            and tokens[end + 2].lower() == "tahun" and 0 < int(tokens[end + 1]) < 120)


def after_alias(tokens: list[str], start: int) -> bool:
    """A nickname after "alias" ("Riki alias Bogel") is the same person, already named."""
    return start > 0 and tokens[start - 1].lower() == "alias"


def gather(tagged: list[tuple[list[str], list[Span], list[Span]]], is_place,
           titles: frozenset[str] = frozenset(), groups: Iterable[tuple[list[str], Span]] = (),
           places: Iterable[tuple[list[str], Span]] = (), heads: frozenset[str] = frozenset()) -> Evidence:
    """Evidence from every sentence of an article, given as (tokens, candidate runs, person
    spans); `is_place(tokens, start, end)` says whether a run is a known place, and a run
    opening with one of `titles` is a person's role, so its list is no list of places.
    `groups` are runs known to be no person whatever the tagger says (a team sheet's team),
    `places` the names of places and buildings, as (tokens, span). A place written after a
    place's head word (`heads`: "di Universitas Militer Kim Il-sung") is named after someone:
    its name is left to `places`, which a title or a speech cue overrules."""
    words: set[str] = set()
    match = any(not _GOAL_WORDS.isdisjoint(tokens) for tokens, _, _ in tagged)
    for tokens, runs, spans in tagged:
        persons = {i for a, b in spans for i in range(a, b)}
        for start, end in _place_runs(tokens, runs, is_place, titles) + _abbreviations(tokens, runs, persons):
            lows = [tokens[i].lower() for i in range(start, end)]
            cut = next((k + 1 for k, low in enumerate(lows) if low in heads), len(lows))
            words.update(low for k, low in enumerate(lows[:cut]) if start + k not in persons)
        for start, end in _crowds(tokens, runs) + (_teams(tokens, runs) if match else []):
            words.update(tokens[i].lower() for i in range(start, end))
    for tokens, (start, end) in groups:
        words.update(tokens[i].lower() for i in range(start, end))
    named = {tokens[i].lower() for tokens, (start, end) in places for i in range(start, end)}
    companies = {word for tokens, runs, spans in tagged for word in _company_words(tokens, runs, spans)}
    return Evidence(frozenset(words), frozenset(named), frozenset(companies))


def _company_words(tokens: list[str], runs: list[Span], spans: list[Span]) -> Iterator[str]:
    """The words of a company's name after its form ("PT Jiwasraya", "PT Trada Alam Minera
    Tbk"), up to "Tbk" or the person named after it."""
    if _COMPANY_FORMS.isdisjoint(tokens):
        return
    for start, end in runs:
        for form in range(start, end - 1):
            if tokens[form] in _COMPANY_FORMS:
                stop = min([a for a, _ in spans if form < a < end] + [end])
                for i in range(form + 1, stop):
                    if tokens[i] == "Tbk":
                        break
                    yield tokens[i].lower()
                break


_COMPANY_FORMS = frozenset({"PT", "PT.", "CV", "CV.", "Perum", "Perumda", "Persero"})


# A match report: a run after these words is a team ("melawan Barito Putera", "menjamu
# Persela"), as is a run before a score ("dipermalukan Semen Padang 2 - 1"). In other
# stories (badminton, tennis, politics) the opponent after "melawan" is often a person.
_GOAL_WORDS = frozenset({"gol", "Gol", "golnya", "gol-gol"})
_TEAM_CUES = frozenset({"melawan", "kontra", "menjamu", "dijamu", "vs", "versus", "menghadapi", "tim", "skuad",
                        "klub", "suporter", "pertahanan", "kandang", "bertandang"})
# Counts of people before a run: "ribuan Bonek", "puluhan ribu Aremania", "para Jakmania".
_CROWD_WORDS = frozenset({"ribuan", "ratusan", "puluhan", "belasan", "jutaan", "ribu", "ratus", "juta", "para"})


def _teams(tokens: list[str], runs: list[Span]) -> list[Span]:
    """Runs a match report writes as teams: after a team cue, or before a score."""
    found = []
    for start, end in runs:
        before = tokens[start - 1].lower().rstrip(".") if start else ""
        if before in _TEAM_CUES or _score_at(tokens, end):
            found.append((start, end))
    return found


def _score_at(tokens: list[str], i: int) -> bool:
    """A score at i: "2 - 1" or "2-1"."""
    if i >= len(tokens) or not tokens[i][:1].isdigit():
        return False
    if "-" in tokens[i]:
        return all(part.isdigit() for part in tokens[i].split("-"))
    return i + 2 < len(tokens) and tokens[i + 1] == "-" and tokens[i + 2].isdigit()


def _crowds(tokens: list[str], runs: list[Span]) -> list[Span]:
    """Runs counted as crowds ("puluhan ribu Arek Bonek"): groups, not one person."""
    if _CROWD_WORDS.isdisjoint(tokens):
        return []
    return [(start, end) for start, end in runs if start and tokens[start - 1].lower() in _CROWD_WORDS]


def _place_runs(tokens: list[str], runs: list[Span], is_place, titles: frozenset[str]) -> list[Span]:
    """Runs written as places: after a place cue, or in one list with a place ("Mundari,
    Camat Cilandak, Jakarta Selatan" is a person, a role and a place: no list)."""
    places = []
    for group in _lists(tokens, runs):
        if any(tokens[start].lower() in titles for start, _ in group):
            continue
        cued = [run for run in group if run[0] > 0 and tokens[run[0] - 1].lower() in PLACE_CUES]
        if len(group) == 1:
            places += cued
        elif cued or any(is_place(tokens, *run) for run in group):
            places += group
    return places


def _lists(tokens: list[str], runs: list[Span]) -> list[list[Span]]:
    """Runs joined only by commas and "dan"/"serta"/"atau": one enumeration each."""
    groups: list[list[Span]] = []
    for run in runs:
        if groups and _joined(tokens, groups[-1][-1][1], run[0]):
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups


def _joined(tokens: list[str], previous_end: int, start: int) -> bool:
    between = tokens[previous_end:start]
    return 0 < len(between) <= 2 and all(token.lower() in _LIST_JOINS for token in between)


def _abbreviations(tokens: list[str], runs: list[Span], persons: set[int]) -> list[Span]:
    """An abbreviation in brackets after a run that is no person ("Badan Anggaran (Banggar)")
    names the same institution or place; after a person it is the person's nickname."""
    found = []
    for (start, end), (a, b) in zip(runs, runs[1:]):
        if (b - a == 1 and a == end + 1 and tokens[end] == "(" and b < len(tokens) and tokens[b] == ")"
                and not persons & set(range(start, end))):
            found.append((a, b))
    return found


def joined_to_place(tokens: list[str], start: int, heads: frozenset[str]) -> bool:
    """A run after a hyphen that follows a place's name ("Bandara Soekarno - Hatta",
    "Jalan Sudirman - Thamrin"): the rest of the place's name, not a person."""
    if start < 2 or tokens[start - 1] != "-":
        return False
    i = start - 2
    while i > 0 and tokens[i - 1][:1].isupper():
        i -= 1
    return tokens[i].lower() in heads
