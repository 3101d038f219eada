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

from search.actor_check import PRONOUNS, is_place
from search.actor_context import (OPENING_QUOTES, after_place_head, cued, evidenced, institution_lists, lineup,
                                  missed_repeats, named_places, named_thing, reporter, running_mates, special_before)
from search.actor_evidence import gather, joined_to_place
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
    canonical_name,
    is_actor_name,
    resolve_lone_names,  # noqa: F401
    resolve_names,  # noqa: F401
    resolve_short_forms,
    spelling_variants,
)
from search.actor_trim import (NAME_PARTICLES, after_title, before_english_article, honorific, maybe_name,
                               names_organization, place_name, spelt_out_acronym, trim)
from search.actor_tokens import (  # TOKEN, _hyphens_read, _is_capitalized: read by actor_check.py
    _CAPITALIZED,
    TOKEN,
    _hyphens_read,
    _is_capitalized,  # noqa: F401
    candidate_runs,
    sentences,
)

Span = tuple[int, int]


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
    head_forms, special = tables().head_forms, special_before()
    groups: list[tuple[list[str], Span]] = []  # runs that are no person: a team sheet's team
    places: list[tuple[list[str], Span]] = []  # names of places and buildings
    for sentence in sentences(body):
        runs = candidate_runs(sentence)
        found = [(s + a, s + b, sure) for s, e in runs for a, b, sure in _run_persons(sentence, s, e)]
        sheet = lineup(sentence, runs) if len(runs) >= 6 else None
        if sheet:
            colon, players = sheet
            found = [span for span in found if span[1] <= colon] + [(a, b, True) for a, b in players]
            groups += [(sentence, run) for run in runs if run[1] == colon]  # the team's name
        if not head_forms.isdisjoint(sentence):
            places += named_places(sentence, runs)
        if len(runs) >= 3:
            groups += institution_lists(sentence, runs)
        spans = [(a, b) for a, b, _ in found]
        unsure = {(a, b) for a, b, sure in found if not (sure or cued(sentence, a, b))}
        marked = evidenced(sentence, runs, spans) + (sheet[1] if sheet else [])
        if found and "-" in sentence:
            marked += running_mates(sentence, runs, [span for span in spans if span not in unsure])
        firm.update((tuple(sentence), span) for span in marked)
        tagged.append((sentence, runs, spans + [span for span in marked if span not in spans], unsure))
    evidence = gather([(sentence, runs, spans) for sentence, runs, spans, _ in tagged], is_place,
                      tables().titles, groups, places, tables().place_heads)
    name_words = {sentence[i] for sentence, _, spans, unsure in tagged for a, b in spans
                  if (a, b) not in unsure and not after_place_head(sentence, a) for i in range(a, b)}
    if known is not None:
        headed = _heading_names(headings)
        known += [" ".join(words) for words in headed]
        name_words.update(word for words in headed for word in words)
    for sentence, runs, spans, unsure in tagged:
        previous = (-1, -1)
        for a, b in sorted(spans + missed_repeats(sentence, runs, spans, name_words)):
            if evidence.companies:
                a = evidence.name_start(sentence, a, b)
            before = sentence[a - 1] if a else ""
            if before == "alias" or before == "Alias":
                if nicknames is not None and any(e == a - 1 and s <= previous[0] < e for s, e in runs):
                    nicknames[canonical_name(" ".join(sentence[a:b]))] = " ".join(sentence[slice(*previous)])
                continue
            if (evidence.rules_out(sentence, a, b)
                    or before in special and (reporter(sentence, a, b) or named_thing(sentence, a)
                                                      or after_place_head(sentence, a))
                    or (a, b) in unsure and evidence.places and evidence.names_place(sentence, a, b)
                    and not cued(sentence, a, b)
                    or joined_to_place(sentence, a, tables().place_heads)
                    or regions().names_place(sentence, a, b)):
                continue
            name = canonical_name(" ".join(sentence[a:b]))
            previous = (a, b)  # the name a nickname after "alias" stands for ("Lin Cin An alias Bubi")
            initial = a == 0 or sentence[a - 1] in OPENING_QUOTES
            loose = initial and b - a == 1 and capitalization.get(sentence[a].lower(), "u") not in "Cc"
            yield name, (tuple(sentence), (a, b)) in firm or not (loose or (a, b) in unsure)


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
