"""Person names in article bodies: find them, clean them, give each person one canonical name.

Method: candidate runs, a CRF, then rules.

1. Candidates. Indonesian news capitalizes every name, so only runs of capitalized tokens
   (with name particles such as ``bin`` or ``al-`` inside) are candidates; lower-case text is
   never tagged. This keeps the tagger off most tokens, which is what makes bulk indexing
   fast; tagged runs are also cached, since names recur.
2. Tagger. A linear-chain CRF (python-crfsuite) labels the tokens of each run as person,
   organization, location or other. It is trained on idner-news-2k train+dev by
   ``bench/train_actor_model.py``. Features: the word, its shape and affixes, one neighbour on
   each side, whether a word is a title (``Presiden``), a speech cue (``kata``), a known
   non-person (``Kremlin``, ``Senin``), an organization word or a name from the alias table,
   and two priors learnt from the unlabelled IndoSum bodies: how often the word is
   capitalized mid-sentence, and whether its capitalized phrases follow person cues (``kata``,
   ``Presiden``) or place cues (``di``). Rules alone cannot tell ``Demokrat`` or ``Orde Baru``
   from ``Dipo`` at the precision we need; a CRF on 1,800 sentences alone misses the names it
   never saw, and sport, showbiz and business pages it never read: the priors and the reviewed
   tables carry it there.
3. Rules around it: titles, honorifics, organization and place words are trimmed from a
   name's edges, a phrase holding an organization word is dropped, a one-word alias is a
   person whatever the tagger says, credit lines (bylines, editors), bare name lines and
   title-case headlines are skipped, a lone sentence-initial word needs backing, and a word
   of a name found in one sentence counts where the tagger missed it in another. Regions of
   the gazetteer (``search/actor_regions.py``) are no persons, nor is a body spelt out
   before its acronym ("Front Pembela Islam (FPI)"), a group named with English "The", nor
   the last word of a page cut short.
4. One name per person: the alias table (``Jokowi`` -> ``Joko Widodo``), then, within the
   article, a short form maps to the one longer name that contains it (``Trump`` ->
   ``Donald Trump``); across the index, ``resolve_lone_names``.

The tables live in ``search/data/actor_*``. The model is opened lazily, once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from search.actor_check import PRONOUNS, checked_span, is_place
from search.actor_evidence import gather, joined_to_place, person_context
from search.actor_features import CACHE_LIMIT, clear_feature_cache, token_features
from search.actor_tables import (  # the paths are re-exported for bench/train_actor_model.py
    CAPITALIZATION_PATH,  # noqa: F401
    CONTEXTS_PATH,  # noqa: F401
    MODEL_PATH,
    place_length,
    tables,
)
from search.actor_regions import regions
from search.actor_names import (  # canonical_name and the resolvers are part of this module's interface
    PREFIXED_NAME,
    canonical_name,
    is_actor_name,
    resolve_lone_names,  # noqa: F401
    resolve_names,  # noqa: F401
    resolve_short_forms,
    spelling_variants,
)
from search.actor_trim import (NAME_PARTICLES, after_title, before_english_article, honorific, maybe_name,
                               names_organization, place_name, spelt_out_acronym, trim)

Span = tuple[int, int]


# ---- tokens and sentences -------------------------------------------------------------

# Initials ("M.", "S.P.") and honorific abbreviations keep their dot, so they end no sentence.
_ABBREVIATION = r"(?:[A-Z]\.){1,3}(?![\w])|(?:Dr|DR|Drs|Dra|Prof|Ir|Hj|KH|HM|HA|Jend|Sdr|Mr|Mrs|Ms|St|Jr)\."
_WORD = r"\w+(?:[-'’]\w+)*"
_WEB_SUFFIX = r"\.(?:com|co\.id|id|net|org)\b"  # an outlet's address: CNNIndonesia.com
TOKEN = re.compile(rf"(?=[A-Z])(?:{_ABBREVIATION})|{_WORD}(?:{_WEB_SUFFIX})?|[^\w\s]")
_SENTENCE_ENDS = frozenset(".!?")


def sentences(body: str) -> Iterator[list[str]]:
    """The body's sentences as token lists, skipping credit lines and bare name lines."""
    credit = _credit_label()
    lines = body.rstrip().splitlines()
    for number, line in enumerate(lines, start=1):
        tokens = TOKEN.findall(line)
        tokens = _without_credit(_hyphens_read(tokens) if "-" in line else tokens)
        if number == len(lines):
            tokens = _without_cut_word(tokens)
        if not tokens or credit(line) or _is_bare_name_or_headline(tokens):
            continue
        start = 0
        for end in [i + 1 for i, token in enumerate(tokens) if token in _SENTENCE_ENDS]:
            yield tokens[start:end]
            start = end
        if start < len(tokens):
            yield tokens[start:]


_PAIR = re.compile(r"([A-Z]\w{2,})-([A-Z]\w{2,})")


def _hyphens_read(tokens: list[str]) -> list[str]:
    """Hyphens as news means them: a running pair of names splits ("Ganjar-Yasin", "Sudirman
    Said-Ida Fauziyah": each side is a person), a spaced hyphen inside one word joins ("Kim
    Jong - un", "Go - Jek"). "al-Assad" and "Jong-un" stay as they are."""
    if not any("-" in token for token in tokens):
        return tokens
    read: list[str] = []
    for token in tokens:
        pair = _PAIR.fullmatch(token) if "-" in token else None
        if pair:
            read += [pair[1], "-", pair[2]]
        elif len(read) >= 2 and read[-1] == "-" and _one_word(read[-2], token):
            read[-2:] = [f"{read[-2]}-{token}"]
        else:
            read.append(token)
    return read


def _one_word(left: str, right: str) -> bool:
    return left[:1].isupper() and right[:1].isalpha() and (right[0].islower() or min(len(left), len(right)) <= 2)


def _without_cut_word(tokens: list[str]) -> list[str]:
    """The last paragraph of a page cut short ("... ujar Sami"), without its last word, which
    may be a name cut in two; a paragraph ends with a stop, a quote or a bracket."""
    if len(tokens) >= _PARAGRAPH and tokens[-1][-1:].isalpha():
        return tokens[:-1]
    return tokens


_PARAGRAPH = 6  # tokens of the shortest line taken for a paragraph, not a heading or a credit


def _without_credit(tokens: list[str]) -> list[str]:
    """A line without the reporter's initials in brackets after its last sentence ("... . (Tri)")."""
    if len(tokens) >= 4 and tokens[-1] == ")" and tokens[-3] == "(" and tokens[-4] in _SENTENCE_ENDS:
        return tokens[:-3]
    return tokens


@cache
def _credit_label():
    """Matcher of a credit line's start: "Penulis : ...", "Editor: ...", "Foto: ..."."""
    labels = "|".join(re.escape(label) for label in tables().credit_labels)
    return re.compile(rf"\s*(?:{labels})\s*[:|-]", re.IGNORECASE).match


def _is_bare_name_or_headline(tokens: list[str]) -> bool:
    """A line holding nothing but a name (a byline), or a headline in title case (its names
    recur in the story; its capitals mislead the tagger)."""
    if len(tokens) <= 4:
        return all(_is_capitalized(t) for t in tokens)
    if tokens[-1] in _SENTENCE_ENDS:
        return False
    words = [t for t in tokens if t[0].isalpha()]
    return sum(1 for w in words if _is_capitalized(w)) >= 0.8 * len(words)


def _is_capitalized(token: str) -> bool:
    if token[0].isupper():
        return True
    if token[0] == "(":  # idner keeps "(SBY)" as one token
        return token[1:2].isupper()
    return "-" in token and bool(PREFIXED_NAME.match(token))


_CAPITALIZED: dict[str, bool] = {}  # token -> whether it counts as capitalized (most tokens recur)


def _capitalized(t: str) -> bool:
    if len(_CAPITALIZED) >= CACHE_LIMIT:
        _CAPITALIZED.clear()
    capitalized = _CAPITALIZED[t] = t[0].isupper() or (not t[0].islower() or "-" in t) and _is_capitalized(t)
    return capitalized


def candidate_runs(tokens: list[str]) -> list[Span]:
    """Maximal runs of capitalized tokens (name particles allowed inside), as [start, end)."""
    capitalized = list(map(_CAPITALIZED.get, tokens))
    if None in capitalized:
        capitalized = [_capitalized(t) if c is None else c for t, c in zip(tokens, capitalized)]
    capitalized.append(False)
    runs: list[Span] = []
    n = len(tokens)
    find = capitalized.index  # skips a stretch of lower-case words in C
    try:
        i = find(True)
        while True:
            j = i + 1
            while capitalized[j] or (j + 1 < n and tokens[j] in NAME_PARTICLES and capitalized[j + 1]):
                j += 1
            runs.append((i, j))
            i = find(True, j)
    except ValueError:
        return runs


# ---- tagging ----------------------------------------------------------------------------

_TAGGER = None


def _tagger():
    """The CRF tagger, opened on first use in each process (it cannot be pickled)."""
    global _TAGGER
    if _TAGGER is None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(MODEL_PATH))
        _TAGGER = tagger
    return _TAGGER


def person_spans(tokens: list[str]) -> list[Span]:
    """Token spans [start, end) of the person names in one tokenized sentence."""
    spans = []
    for start, end in candidate_runs(tokens):
        spans += [(start + a, start + b) for a, b, _ in _run_persons(tokens, start, end)]
    return spans


# The tagger's least marginal over a name's words below which the name is unsure: kept only
# where the article vouches for it (a longer name holding it, the alias table). Places and
# institutions the tagger has never seen mostly fall below it, persons mostly above.
SURE = 0.7
_RUN_CACHE: dict[tuple, tuple[tuple[int, int, bool], ...]] = {}


def _run_persons(tokens: list[str], start: int, end: int) -> tuple[tuple[int, int, bool], ...]:
    """Person spans of one candidate run, relative to its start, each with whether the tagger
    is sure of it; cached on everything the tagger sees (the run and one token each side),
    since names recur across articles."""
    left, right = max(0, start - 1), min(len(tokens), end + 1)
    key = (start - left, end - right, *tokens[left:right])
    found = _RUN_CACHE.get(key)
    if found is None:
        found = tuple((a - start, b - start, sure) for a, b, sure in _tag_run(tokens, start, end))
        if len(_RUN_CACHE) >= CACHE_LIMIT:
            _RUN_CACHE.clear()
        _RUN_CACHE[key] = found
    return found


_INITIAL = re.compile(r"[A-Z]\.?")


def _tag_run(tokens: list[str], start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """Tag one run with the CRF, then trim titles and drop organizations; a name after a
    title is a person whatever the CRF says (it sees one word each side, and long titles
    hide the name from it)."""
    end = before_english_article(tokens, start, end)
    if _plainly_no_name(tokens, start, end):
        return
    tagger = _tagger()
    tags = tagger.tag([token_features(tokens, i) for i in range(start, end)])
    found = []
    place_start, place_end = place_name(tokens, start, end)
    for a, b in _per_chunks(_with_aliases(tokens[start:end], tags), tokens[start:end]):
        if regions().names_place(tokens, start + a, start + b):
            continue  # before trimming: "Cililitan Kecil" is a place, "Cililitan" may not be
        span = trim(tokens, start + a, start + b)
        if span and span[1] == start + b - 1 == end - 1 and _last_name_word(
                tagger, tags, b - 1, tokens[end - 1], _after_title_word(tokens, start + a, start)):
            span = (span[0], end)  # "Uday Kotak", "Affendi Buang": a word, but the name's last one
        if span and not place_start <= span[0] < place_end and not span[0] < place_start < span[1] \
                and not names_organization(tokens, *span):
            found.append((*span, all(_sure(tagger, tags, i, tokens[start + i]) for i in range(a, b))))
    found = [span for span in found if not spelt_out_acronym(tokens, span[0], end)]
    titled = after_title(tokens, start, end)
    if (titled and not spelt_out_acronym(tokens, titled[0], end) and maybe_name(tokens, titled)
            and all(titled[0] <= a and b <= titled[1] for a, b, _ in found)):
        found = [(*titled, True)]  # the tagger saw only part of the name a title introduces
    yield from found


def _after_title_word(tokens: list[str], i: int, run_start: int) -> bool:
    """A title or a two-word honorific right before i, read within the run and the word
    before it (all a cached run may depend on)."""
    return i > 0 and (tokens[i - 1].lower().rstrip(".") in tables().titles
                      or i - 2 >= run_start - 1 and honorific(tokens, i - 2) > 0)


def _last_name_word(tagger, tags: list[str], i: int, word: str, cued: bool) -> bool:
    """Whether the last word of a run, one usually written in lower case that trimming took
    off, ends the name: the tagger reads it as the name's, surely or after a title (`cued`),
    and it is no non-person word."""
    t = tables()
    low = word.lower()
    return (tags[i] == "I-PER" and t.capitalization.get(low) == "l" and low not in t.not_persons
            and low not in NAME_PARTICLES and (cued or tagger.marginal(tags[i], i) >= SURE))


def _sure(tagger, tags: list[str], i: int, word: str) -> bool:
    """Whether the tagger is sure word i is part of a name (an alias always is)."""
    return word in tables().aliases or (tags[i].endswith("PER") and tagger.marginal(tags[i], i) >= SURE)


def clear_caches() -> None:
    """Forget cached features and tagged runs (for benchmarks that time a cold start)."""
    clear_feature_cache()
    _RUN_CACHE.clear()
    _CAPITALIZED.clear()


def _plainly_no_name(tokens: list[str], start: int, end: int) -> bool:
    """Runs not worth tagging: a lone word usually written in lower case (capitalized because
    it starts the sentence or a heading), a lone acronym, organization word, place or pronoun,
    or nothing but titles and non-person words ("Presiden", "Senin", "Jakarta")."""
    t = tables()
    if end - start == 1:
        word = tokens[start]
        low = word.lower()
        if t.capitalization.get(low, "u") in ("ml" if start == 0 else "l"):
            return True
        if len(word) >= 2 and word.isupper() and word.isalpha() and word not in t.aliases:
            return True  # an acronym ("KPK"): no actor unless the alias table knows it ("SBY")
        if (low in t.org_words or t.contexts.get(low) == "L" or low in PRONOUNS or low == "rp"
                or low in t.places and place_length(tokens, start, t.places) == 1):
            return True  # what trim() and names_organization() would drop after tagging
    return all(tokens[i].lower() in t.not_persons or tokens[i].lower() in t.titles for i in range(start, end))


def _with_aliases(run: list[str], tags: list[str]) -> list[str]:
    """A one-word alias from the reviewed table ("Ahok", "Jokowi") is a person whatever the CRF says."""
    aliases = tables().aliases
    return ["B-PER" if word in aliases and not tag.endswith("PER") else tag for word, tag in zip(run, tags)]


def _per_chunks(tags: list[str], run: list[str] | None = None) -> Iterator[Span]:
    """The person chunks of a tagged run; a name never ends with an initial, so a chunk
    ending in one goes on into the next ("Miryam S. | Haryani")."""
    i = 0
    while i < len(tags):
        if tags[i].endswith("PER"):
            j = i + 1
            while j < len(tags) and (tags[j] == "I-PER" or tags[j] == "B-PER" and run and _INITIAL.fullmatch(run[j - 1])):
                j += 1
            yield i, j
            i = j
        else:
            i += 1


_OPENING_QUOTES = frozenset('"“‘\'(')


def _mentions(body: str, known: list[str] | None = None, title: str = "",
              nicknames: dict[str, str] | None = None) -> Iterator[tuple[str, bool]]:
    """Each person mention as (canonical name, firm); a mention is not firm when it is a
    single word that starts a sentence and is not usually capitalized ("Histeria sedang...").
    Full names of the title are added to `known`: they name no one by themselves, but tell
    whom a short form in the body means (the body's own headings stay skipped: bylines are
    among them). A nickname after "alias" is added to `nicknames` with the name it follows
    ("Bubi" -> "Lin Cin An")."""
    capitalization = tables().capitalization
    tagged = []
    firm: set[tuple] = set()  # spans their context vouches for, wherever they stand
    headings: list[list[str]] = [_hyphens_read(TOKEN.findall(title))] if title else []
    head_forms, special = tables().head_forms, _special_before()
    groups: list[tuple[list[str], Span]] = []  # runs that are no person: a team sheet's team
    places: list[tuple[list[str], Span]] = []  # names of places and buildings
    for sentence in sentences(body):
        runs = candidate_runs(sentence)
        found = [(s + a, s + b, sure) for s, e in runs for a, b, sure in _run_persons(sentence, s, e)]
        lineup = _lineup(sentence, runs) if len(runs) >= 6 else None
        if lineup:
            colon, players = lineup
            found = [span for span in found if span[1] <= colon] + [(a, b, True) for a, b in players]
            groups += [(sentence, run) for run in runs if run[1] == colon]  # the team's name
        if not head_forms.isdisjoint(sentence):
            places += _named_places(sentence, runs)
        if len(runs) >= 3:
            groups += _institution_lists(sentence, runs)
        spans = [(a, b) for a, b, _ in found]
        unsure = {(a, b) for a, b, sure in found if not (sure or _cued(sentence, a, b))}
        marked = _evidenced(sentence, runs, spans) + (lineup[1] if lineup else [])
        if found and "-" in sentence:
            marked += _running_mates(sentence, runs, [span for span in spans if span not in unsure])
        firm.update((tuple(sentence), span) for span in marked)
        tagged.append((sentence, runs, spans + [span for span in marked if span not in spans], unsure))
    evidence = gather([(sentence, runs, spans) for sentence, runs, spans, _ in tagged], is_place,
                      tables().titles, groups, places, tables().place_heads)
    name_words = {sentence[i] for sentence, _, spans, unsure in tagged for a, b in spans
                  if (a, b) not in unsure and not _after_place_head(sentence, a) for i in range(a, b)}
    if known is not None:
        headed = _heading_names(headings)
        known += [" ".join(words) for words in headed]
        name_words.update(word for words in headed for word in words)
    for sentence, runs, spans, unsure in tagged:
        previous = (-1, -1)
        for a, b in sorted(spans + _missed_repeats(sentence, runs, spans, name_words)):
            if evidence.companies:
                a = evidence.name_start(sentence, a, b)
            before = sentence[a - 1] if a else ""
            if before == "alias" or before == "Alias":
                if nicknames is not None and any(e == a - 1 and s <= previous[0] < e for s, e in runs):
                    nicknames[canonical_name(" ".join(sentence[a:b]))] = " ".join(sentence[slice(*previous)])
                continue
            if (evidence.rules_out(sentence, a, b)
                    or before in special and (_reporter(sentence, a, b) or _named_thing(sentence, a)
                                                      or _after_place_head(sentence, a))
                    or (a, b) in unsure and evidence.places and evidence.names_place(sentence, a, b)
                    and not _cued(sentence, a, b)
                    or joined_to_place(sentence, a, tables().place_heads)
                    or regions().names_place(sentence, a, b)):
                continue
            name = canonical_name(" ".join(sentence[a:b]))
            previous = (a, b)  # the name a nickname after "alias" stands for ("Lin Cin An alias Bubi")
            initial = a == 0 or sentence[a - 1] in _OPENING_QUOTES
            loose = initial and b - a == 1 and capitalization.get(sentence[a].lower(), "u") not in "Cc"
            yield name, (tuple(sentence), (a, b)) in firm or not (loose or (a, b) in unsure)


def _running_mates(sentence: list[str], runs: list[Span], spans: list[Span]) -> list[Span]:
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


def _named_places(sentence: list[str], runs: list[Span]) -> list[tuple[list[str], Span]]:
    """The names of places and buildings, which are often persons' names ("Lanud Roesmin
    Nurjadin", "TPU Raudhatul Jannah", "komplek pemakaman Raudhatul Jannah"): the words after
    a place's head word, in the run or right before it. The same words elsewhere in the
    article name the place again, not a person."""
    heads = tables().place_heads
    found = []
    for start, end in runs:
        if start and sentence[start - 1] in heads and sentence[start - 1] not in _GRAVES:
            found.append((sentence, (start, end)))  # a lower-case head: "komplek pemakaman X"
            continue
        head, place_end = place_name(sentence, start, end)
        if place_end > head + 1 and sentence[head].lower() not in _GRAVES:
            found.append((sentence, (head + 1, place_end)))
    return found


_JOINS = frozenset({",", "/", "dan", "serta", "atau"})


def _institution_lists(sentence: list[str], runs: list[Span]) -> list[tuple[list[str], Span]]:
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


def _after_place_head(sentence: list[str], a: int) -> bool:
    """A run right after a place's head word in lower case ("komplek pemakaman X") or as an
    acronym in brackets ("Tempat Pemakaman Umum (TPU) X"): the place's name."""
    heads = tables().place_heads
    if a >= 3 and sentence[a - 1] == ")" and sentence[a - 3] == "(":
        return sentence[a - 2].lower() in heads
    return a > 0 and sentence[a - 1] in heads


_GRAVES = frozenset({"makam"})  # "Makam Pangeran Diponegoro" is where the person lies: he is named


def _lineup(sentence: list[str], runs: list[Span]) -> tuple[int, list[Span]] | None:
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
def _special_before() -> frozenset[str]:
    """Words before a name that call for a closer look (a reporter, a thing, a place's head)."""
    reporters = {form for word in _REPORTERS for form in (word, word.capitalize())}
    return frozenset({"bernama", "Bernama", ")", *reporters, *tables().head_forms})


def _named_thing(sentence: list[str], start: int) -> bool:
    """A name after "bernama" that a thing bears ("mobil pengangkut sampah bernama X")."""
    if start < 2 or sentence[start - 1].lower() != "bernama":
        return False
    return any(word.lower() in _THINGS for word in sentence[max(0, start - 5):start - 1])


_REPORTERS = frozenset({"wartawan", "jurnalis", "reporter", "koresponden", "kontributor", "pewarta"})


def _reporter(sentence: list[str], start: int, end: int) -> bool:
    """The outlet's own reporter, named in the story ("kepada wartawan X yang melaporkan untuk
    BBC News Indonesia", "wartawan X untuk Kompas"): a credit, not an actor."""
    if not start or sentence[start - 1].lower() not in _REPORTERS:
        return False
    k = end + 1 if end < len(sentence) and sentence[end].lower() in ("yang", ",") else end
    after = [token.lower() for token in sentence[k:k + 2]]
    return after == ["melaporkan", "untuk"] or (
        after[:1] == ["untuk"] and k + 1 < len(sentence) and sentence[k + 1][:1].isupper())


def _heading_names(headings: list[list[str]]) -> list[list[str]]:
    """Full names the tagger finds in headlines ("Narendra Modi Dijagokan Menang"): two or
    three words none of which IndoSum mostly writes in lower case (a headline's verbs,
    capitalized, are)."""
    capitalization = tables().capitalization
    names = []
    for tokens in headings:
        for start, end in candidate_runs(tokens):
            for a, b, _ in _run_persons(tokens, start, end):
                words = tokens[start + a:start + b]
                if 2 <= len(words) <= 3 and all(capitalization.get(w.lower(), "u") not in "lm" for w in words):
                    names.append(words)
    return names


def _cued(tokens: list[str], start: int, end: int) -> bool:
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


def _evidenced(sentence: list[str], runs: list[Span], spans: list[Span]) -> list[Span]:
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
            span = checked_span(sentence, start, end, start == 0 or sentence[start - 1] in _OPENING_QUOTES)
        if span:
            found.append(span)
    return found


def _missed_repeats(sentence: list[str], runs: list[Span], spans: list[Span], name_words: set[str]) -> list[Span]:
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


def find_actors(body: str, title: str = "") -> tuple[str, ...]:
    """Canonical full names of the persons the body names, each once, in order of appearance.

    A name seen only as a loose sentence-initial word is kept only when the alias table or a
    longer name in the same article vouches for it. The title names no one by itself, but
    its full names tell whom a short form of the body means ("Modi": "Narendra Modi").
    """
    known: list[str] = []
    nicknames: dict[str, str] = {}
    mentions = [(name, firm) for name, firm in _mentions(body, known, title, nicknames) if name]
    if nicknames:
        mentions = [(canonical_name(nicknames[name]) if name in nicknames else name, firm) for name, firm in mentions]
    named = {name for name, _ in mentions}
    resolved = resolve_short_forms([*named, *(canonical_name(name) for name in known)])
    resolved = {name: name if " " in name and target not in named else target  # a title resolves lone words
                for name, target in resolved.items()}
    vouched = {resolved[name] for name, firm in mentions if firm or resolved[name] != name}
    vouched |= {name for name, _ in mentions if name in tables().aliases.values()}
    variants = spelling_variants([resolved[name] for name, _ in mentions if resolved[name] in vouched])
    actors = dict.fromkeys(variants.get(resolved[name], resolved[name]) for name, _ in mentions)
    return tuple(name for name in actors if name in vouched and is_actor_name(name))
