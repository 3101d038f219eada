"""Whether a name found outside the tagger is a person's name, by find_actors's own checks.

The speaker of a statement is read from its cue's clause (``kata X``, ``X mengatakan``) by
``search/speakers.py``; a name found there that the actor finder missed joins the article's
persons only when it passes the checks a tagged name passes: titles, regions and institutions
trimmed off its edges, and no place, organization, function word or word usually written in
lower case left.
"""

from __future__ import annotations

from search.actor_names import canonical_name, is_actor_name
from search.actor_regions import regions
from search.actor_tables import place_length, tables
from search.actor_trim import NAME_PARTICLES, before_english_article, names_organization, trim


# Pronouns, capitalised by convention ("Anda") or opening a sentence ("Mereka mengatakan").
PRONOUNS = frozenset({"anda", "engkau", "kamu", "kau", "dia", "ia", "beliau", "kami", "kita", "saya", "aku",
                      "mereka", "kalian", "dirinya", "keduanya", "pihaknya"})


def checked_name(name: str, initial: bool = True) -> str | None:
    """A name found outside the tagger (a speaker read from a speech cue's clause) as
    find_actors would keep it (see `checked_span`), or None."""
    from search.actors import TOKEN, _hyphens_read, _is_capitalized  # the tokenizer imports this module

    tokens = _hyphens_read(TOKEN.findall(name))
    if not tokens or not all(_is_capitalized(t) or t in NAME_PARTICLES for t in tokens):
        return None
    span = checked_span(tokens, 0, len(tokens), initial)
    name = canonical_name(" ".join(tokens[span[0]:span[1]])) if span else ""
    return name if name and is_actor_name(name) else None


def checked_span(tokens: list[str], start: int, end: int, initial: bool = True) -> tuple[int, int] | None:
    """The span of a capitalised run the tagger did not read as a person, as find_actors
    would keep it: titles, regions, institutions and degrees trimmed off its edges; None when
    what is left is no person's name: a place or a region, a phrase holding an organization,
    title or non-person word or an acronym ("Penanggulangan Bencana Daerah BPBD"), a lone
    word usually written in lower case opening a sentence (`initial`: "Untuk memastikan ...";
    after a cue, "kata Pahala" is a name), or words most of which IndoSum writes in lower case."""
    end = before_english_article(tokens, start, end)
    if end <= start or (is_place(tokens, start, end) if end - start > 1 else lone_place(tokens[start])):
        return None
    # after a cue a lone capitalised word is a name even if mostly a word ("kata Pahala")
    span = (start, end) if end - start == 1 and not initial else trim(tokens, start, end)
    if span is None or names_organization(tokens, *span) or regions().names_place(tokens, *span):
        return None
    t = tables()
    words = tokens[span[0]:span[1]]
    if any(w.lower() in t.not_persons or w.lower() in t.titles or w.lower() in t.place_heads
           or w.lower() in PRONOUNS for w in words):
        return None
    if any(_is_acronym_word(w) and w not in t.aliases for w in words[:-1]) or (
            len(words) > 1 and len(words[-1]) > 2 and _is_acronym_word(words[-1]) and words[-1] not in t.aliases):
        return None  # an institution's acronym inside or after a name ("Bencana Daerah BPBD")
    usual = [w for w in words if t.capitalization.get(w.lower(), "u") in "lm" and w not in t.aliases]
    if len(words) == 1 and usual and initial or len(words) == 2 and len(usual) == 2 or 2 * len(usual) > len(words) > 2:
        return None  # "Untuk", "Pandemi Covid": words IndoSum mostly writes in lower case
    return span


def is_place(tokens: list[str], start: int, end: int) -> bool:
    """A run that is a place of the table as a whole, or whose words IndoSum writes as places."""
    t = tables()
    return (place_length(tokens, start, t.places) == end - start
            or all(t.contexts.get(tokens[i].lower()) == "L" for i in range(start, end))
            or regions().names_place(tokens, start, end))


def lone_place(word: str) -> bool:
    """A word that names a province, a regency or a place of the table on its own; a village's
    or district's name is also a person's often enough ("Kawali") to be taken after a cue."""
    found = regions()
    n, levels = found.longest([word], 0, 1)
    return (n == 1 and ("p" in levels or "k" in levels)) or place_length([word], 0, tables().places) == 1


def _is_acronym_word(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()
