"""What a name's sentence says around it, beyond the tagger: the words before and after it
(a title, a speech cue, "bernama", a kin word, a reporter's credit, a thing's noun), a team
sheet, a place's head word, an enumeration of institutions, a hyphened ticket of candidates,
and the words of names found elsewhere in the article. `search/actors.py` applies them."""

from __future__ import annotations

from functools import cache

from search.actor_check import checked_span
from search.actor_evidence import person_context
from search.actor_tables import place_length, tables
from search.actor_trim import after_title, honorific, names_organization, place_name, trim

Span = tuple[int, int]
OPENING_QUOTES = frozenset('"“‘\'(')


def running_mates(sentence: list[str], runs: list[Span], spans: list[Span]) -> list[Span]:
    """The other half of a hyphened pair of persons ("Sudrajat-Ahmad Syaikhu", a ticket of
    candidates) where the tagger found one half only: one or two words, checked as
    find_actors checks a name."""
    found = []
    starts, ends = {a for a, _ in spans}, {b for _, b in spans}
    for start, end in runs:
        if end - start > 2 or start in starts or end in ends:
            continue
        if (end < len(sentence) - 1 and sentence[end] == "-" and end + 1 in starts
                or start >= 2 and sentence[start - 1] == "-" and start - 1 in ends):
            span = checked_span(sentence, start, end, False)
            if span:
                found.append(span)
    return found


def named_places(sentence: list[str], runs: list[Span]) -> list[tuple[list[str], Span]]:
    """The names of places and buildings, which are often persons' names ("Lanud Roesmin
    Nurjadin", "TPU Raudhatul Jannah", "komplek pemakaman Raudhatul Jannah"): the words after
    a place's head word, in the run or right before it. The same words elsewhere in the
    article name the place again, not a person."""
    heads = tables().place_heads
    found = []
    for start, end in runs:
        if start and sentence[start - 1] in heads and sentence[start - 1] not in _GRAVES \
                and not _role_of(sentence, start - 1):
            found.append((sentence, (start, end)))  # a lower-case head: "komplek pemakaman X"
            continue
        head, place_end = place_name(sentence, start, end)
        if place_end > head + 1 and sentence[head].lower() not in _GRAVES:
            found.append((sentence, (head + 1, place_end)))
    return found


_JOINS = frozenset({",", "/", "dan", "serta", "atau"})


def institution_lists(sentence: list[str], runs: list[Span]) -> list[tuple[list[str], Span]]:
    """The other runs of an enumeration holding two acronyms or more ("TNI/Polri, BPBD, dan
    Manggala Agni", "PMI, Tagana, RAPI, FPRB Bagentan"): institutions listed with
    institutions. A run opening with a title is a person's role, and the alias table's
    acronyms ("SBY") are persons."""
    if len(runs) < 3 or sum(1 for a, b in runs if b - a == 1 and sentence[a].isupper()) < 2:
        return []
    t = tables()
    found, group = [], [runs[0]]
    for run in [*runs[1:], None]:
        if run and 0 < run[0] - group[-1][1] <= 2 and all(w.lower() in _JOINS for w in sentence[group[-1][1]:run[0]]):
            group.append(run)
            continue
        acronyms = [(a, b) for a, b in group if b - a == 1 and _acronym(sentence[a]) and sentence[a] not in t.aliases]
        if len(acronyms) >= 2 and len(group) >= 3:
            found += [(sentence, (a, b)) for a, b in group if (a, b) not in acronyms
                      and sentence[a].lower().rstrip(".") not in t.titles]
        group = [run] if run else []
    return found


def _acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def after_place_head(sentence: list[str], a: int) -> bool:
    """A run right after a place's head word in lower case ("komplek pemakaman X") or as an
    acronym in brackets ("Tempat Pemakaman Umum (TPU) X"): the place's name."""
    heads = tables().place_heads
    if a >= 3 and sentence[a - 1] == ")" and sentence[a - 3] == "(":
        return sentence[a - 2].lower() in heads
    return a > 0 and sentence[a - 1] in heads and not _role_of(sentence, a - 1)


def _role_of(sentence: list[str], head: int) -> bool:
    """A lower-case head word after a title names a role, and the run after it its holder
    ("Kepala dusun Sutarmono", "Ketua kampung Darto")."""
    return head > 0 and sentence[head - 1].lower().rstrip(".") in tables().titles


_GRAVES = frozenset({"makam"})  # "Makam Pangeran Diponegoro" is where the person lies: he is named


def lineup(sentence: list[str], runs: list[Span]) -> tuple[int, list[Span]] | None:
    """A team sheet ("Borneo FC (4-3-3): Nadeo; Fajar, Diego (Komang 75'), ..."): a label
    ending in a colon, then six names or more split by semicolons and commas, with hardly a
    lower-case word. Every name of it is a player, whatever the tagger says: as (the colon's
    index, the players' spans)."""
    if ";" not in sentence or ":" not in sentence:
        return None
    colon = sentence.index(":")
    if colon > 8:
        return None
    players = [(a, b) for a, b in runs if a > colon and b - a <= 4]
    lower = sum(1 for token in sentence[colon + 1:] if token[:1].islower())
    return (colon, players) if len(players) >= 6 and lower <= 2 else None


# Things news names with "bernama": vehicles, animals, storms, programs, accounts.
_THINGS = frozenset({"mobil", "truk", "bus", "kapal", "perahu", "pesawat", "kendaraan", "robot", "aplikasi",
                     "program", "akun", "situs", "produk", "merek", "hewan", "anjing", "kucing", "kuda", "sapi",
                     "gajah", "harimau", "badai", "topan", "siklon", "operasi", "toko", "warung", "usaha",
                     "kelompok", "komunitas", "grup", "band", "film", "lagu", "buku", "boneka", "maskot"})


@cache
def special_before() -> frozenset[str]:
    """Words before a name that call for a closer look (a reporter, a thing, a place's head)."""
    reporters = {form for word in _REPORTERS for form in (word, word.capitalize())}
    return frozenset({"bernama", "Bernama", ")", *reporters, *tables().head_forms})


def named_thing(sentence: list[str], start: int) -> bool:
    """A name after "bernama" that a thing bears ("mobil pengangkut sampah bernama X")."""
    if start < 2 or sentence[start - 1].lower() != "bernama":
        return False
    return any(word.lower() in _THINGS for word in sentence[max(0, start - 5):start - 1])


_REPORTERS = frozenset({"wartawan", "jurnalis", "reporter", "koresponden", "kontributor", "pewarta"})


def reporter(sentence: list[str], start: int, end: int) -> bool:
    """The outlet's own reporter, named in the story ("kepada wartawan X yang melaporkan untuk
    BBC News Indonesia", "wartawan X untuk Kompas"): a credit, not an actor."""
    if not start or sentence[start - 1].lower() not in _REPORTERS:
        return False
    k = end + 1 if end < len(sentence) and sentence[end].lower() in ("yang", ",") else end
    after = [token.lower() for token in sentence[k:k + 2]]
    return after == ["melaporkan", "untuk"] or (
        after[:1] == ["untuk"] and k + 1 < len(sentence) and sentence[k + 1][:1].isupper())


def cued(tokens: list[str], start: int, end: int) -> bool:
    """A name right after a title or a speech cue ("Kepala BPBD Aji Piluroso", "kata Sadat"),
    or right before a speech cue ("Sadat, mengatakan"): news names persons so."""
    t = tables()
    before = tokens[start - 1].lower().rstrip(".") if start else ""
    after = [token.lower() for token in tokens[end:end + 2]]
    return (before in t.titles or before in t.cues or before in _NAMING_WORDS
            or bool(after) and (after[0] in t.cues or after[0] == "," and after[1:] and after[1] in t.cues)
            or before.isalpha() and before.upper() == tokens[start - 1] and _title_before(tokens, start - 1)
            or start >= 2 and honorific(tokens, start - 2) > 0)  # "Tan Sri Affendi Buang"


def _title_before(tokens: list[str], i: int) -> bool:
    """A title a few words before i, past the country and the acronyms between ("Menteri
    Keuangan (Menkeu) AS Janet Yellen", "PM India Narendra Modi")."""
    t = tables()
    for j in range(i, max(-1, i - 6), -1):
        token = tokens[j]
        low = token.lower().rstrip(".")
        if low in t.titles:
            return True
        if not (token in "()" or token[:1].isupper() and (token.isupper() or t.capitalization.get(low, "u") in "lm"
                                                           or place_length(tokens, j, t.places))):
            return False
    return False


_NAMING_WORDS = frozenset({"bernama", "saudara", "sosok", "rekannya", "istrinya", "suaminya", "anaknya", "ayahnya", "ibunya"})


def evidenced(sentence: list[str], runs: list[Span], spans: list[Span]) -> list[Span]:
    """Names their context marks as persons (an age, "bernama", an apposition, a speech verb
    after them; see `person_context`): the tagger's span ending there, else the run as
    find_actors's checks keep it (`checked_span`)."""
    found = []
    verbs = tables().speech_verbs
    for start, end in runs:
        if not person_context(sentence, start, end, verbs):
            continue
        tagged = [span for span in spans if span[1] == end]
        if tagged:
            span = tagged[0]
        elif names_organization(sentence, start, end):  # "Dinas Perkebunan Riau mengatakan"
            span = after_title(sentence, start, end)
        else:
            span = checked_span(sentence, start, end, start == 0 or sentence[start - 1] in OPENING_QUOTES)
        if span:
            found.append(span)
    return found


def missed_repeats(sentence: list[str], runs: list[Span], spans: list[Span], name_words: set[str]) -> list[Span]:
    """Words of names found elsewhere in the article that the tagger left out here: the CRF
    judges each sentence alone and misses "Trump berterima kasih" after "Donald Trump"."""
    if name_words.isdisjoint(sentence):
        return []
    covered = {i for a, b in spans for i in range(a, b)}
    found = []
    for start, end in runs:
        words = [i for i in range(start, end)
                 if sentence[i] in name_words and i not in covered and len(sentence[i]) > 2]
        if words and not names_organization(sentence, start, end) and not _holds_place(sentence, start, end):
            found += [(i, i + 1) for i in words if trim(sentence, i, i + 1)]
    return found


def _holds_place(sentence: list[str], start: int, end: int) -> bool:
    """A run holding a place's head word ("TPU Raudhatul Jannah"): its words name the place."""
    head, place_end = place_name(sentence, start, end)
    return place_end > head
