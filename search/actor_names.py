"""One name per person: the form a name is stored in, and which names are the same person.

Within an article a short form resolves to the one longer name holding its words ("Trump" ->
"Donald Trump"). Across the index, ``resolve_names`` merges the variants news writes for one
person: a dropped middle name or initial ("Miryam Haryani", "Miryam S. Haryani"), a spelling
variant of one word ("Elza Syarif", "Elza Syarief", by string similarity with rapidfuzz) or a
long word cut short ("Benny Tjokro", "Benny Tjokrosaputro"), and
then a lone word known in one full name only ("Novanto" -> "Setya Novanto"). Every rule
asks for one candidate only: two persons sharing a word are never merged.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import Indel

from search.actor_tables import tables

PREFIXED_NAME = re.compile(r"[a-z]{1,2}-(?=[A-Z])")  # al-Assad, el-Sisi
INITIALS = re.compile(r"(?:[A-Z]\.)+")
_HAJI = re.compile(r"H[MA]\.")  # "HM. Nursiah": Haji Muhammad, initials the tokenizer keeps whole
_NAME_EDGE_PUNCTUATION = "()[]\"'“”‘’,;:"
# A spelling variant differs in one word of at least this many letters, this similar.
_VARIANT_MIN_LETTERS = 5
_VARIANT_SIMILARITY = 0.85


def canonical_name(raw: str) -> str:
    """One person's name as the index stores it: titles and honorifics off, aliases applied."""
    t = tables()
    words = [w.strip(_NAME_EDGE_PUNCTUATION) for w in raw.split()]
    words = [w for w in words if w]
    while words:
        name = " ".join(words)
        if name in t.aliases:
            return t.aliases[name]
        if len(words) > 1 and words[0].lower().rstrip(".") in t.titles:
            words = words[1:]
            continue
        return _plain_form(name)
    return ""


def _plain_form(name: str) -> str:
    """Initials without dots and one apostrophe, as most outlets write them: "Miryam S. Haryani"
    -> "Miryam S Haryani", "Ma’ruf" -> "Ma'ruf"."""
    name = name.replace("’", "'")
    if "." in name:
        name = " ".join(word.replace(".", "") if INITIALS.fullmatch(word) or _HAJI.fullmatch(word) else word
                        for word in name.split())
    return tables().aliases.get(name, name)


def is_actor_name(name: str) -> bool:
    """Unresolved bare acronyms ("AR", "FSB"), initials alone ("M N": a suspect news names by
    initials only) and names with digits are not actors."""
    if not name or any(ch.isdigit() for ch in name):
        return False
    if all(len(word) == 1 for word in name.split()):
        return False
    return not (" " not in name and name.isupper())


def _name_words(name: str) -> set[str]:
    """A name's words, "al-Assad" also standing for "Assad"."""
    words = set(name.split())
    return words | {PREFIXED_NAME.sub("", word, count=1) for word in words if "-" in word}


def resolve_short_forms(names: list[str]) -> dict[str, str]:
    """Map each name to the one longer name of the same article whose words contain it."""
    # Longer names first, by their distinct words ("Suryo Suryo" is as short as "Suryo"), then
    # by name: the order, and so the result, never depends on the hash seed.
    resolved: dict[str, str] = {}
    for name in sorted(set(names), key=lambda n: (-len(set(n.split())), n)):
        words = set(name.split())
        targets = {resolved[other] for other in resolved
                   if len(set(other.split())) > len(words) and words <= _name_words(other)}
        resolved[name] = min(targets) if len(targets) == 1 else name
    return resolved


def resolve_lone_names(names: Iterable[str]) -> dict[str, str]:
    """Map each one-word name to the single known multi-word name having it as one of its words.

    Any word, not only the last: Indonesians are named by first name as often as by last
    (Zulkifli Hasan is "Zulkifli"), and matching any word makes more lone names ambiguous,
    so fewer are merged wrongly: "Prabowo" stays "Prabowo" when both "Prabowo Subianto" and
    "Listyo Sigit Prabowo" are known.
    """
    names = set(names)
    having_word: dict[str, set[str]] = defaultdict(set)
    for name in names:
        words = name.split()
        if len(words) > 1:
            for word in _name_words(name):
                having_word[word].add(name)
    return {
        name: next(iter(having_word[name]))
        for name in sorted(names)
        if " " not in name and len(having_word.get(name, ())) == 1
    }


def resolve_names(names: Iterable[str]) -> dict[str, str]:
    """Map each known name to the one name the index uses for its person: variants first, then
    lone words (see the module's docstring). Names that stay as they are map to themselves.
    A name given more than once counts as more common: a spelling variant merges into the
    most common spelling, and a lone word named more than four times as often as its one full
    name stays apart."""
    mentions = Counter(names)
    names = sorted(mentions)
    merged = {name: name for name in names}
    merged.update(_dropped_words(names, mentions))
    merged.update(_spelling_variants(sorted(set(merged.values())), mentions, lone_words=False))
    merged = {name: merged.get(target, target) for name, target in merged.items()}
    total: Counter = Counter()
    for name, target in merged.items():
        total[target] += mentions[name]
    lone = {word: full for word, full in resolve_lone_names(set(merged.values())).items()
            if total[word] <= _LONE_SHARE * total[full]}
    return {name: lone.get(target, target) for name, target in merged.items()}


# A lone word named far more often than the one full name holding it is someone else, whom
# the index knows by that word only ("Sugiharto" of a trial, "Steven Antonius Sugiharto" once).
_LONE_SHARE = 4


def _dropped_words(names: list[str], mentions: Counter) -> dict[str, str]:
    """A name of two words or more whose words are all in exactly one longer known name with
    the same last word: a middle name, an initial, a title or a first name left out ("Miryam
    Haryani", "Miryam S Haryani"). Both take the form mentioned more often; on a tie the
    alias table's form, else the shorter when the first words agree (a middle part left
    out); a tie between different first words ("Sanjaya Sukamuljo", "Kevin Sanjaya
    Sukamuljo") stays apart, since the longer may carry a word glued on by mistake."""
    by_last: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_last[name.split()[-1]].append(name)
    reviewed = set(tables().aliases.values())
    merged: dict[str, str] = {}
    for name in names:
        words = name.split()
        longer = [other for other in by_last[words[-1]]
                  if len(other.split()) > len(words) and set(words) <= set(other.split())]
        if len(words) < 2 or len(longer) != 1 or longer[0] in merged:
            continue
        pair = (name, longer[0])
        keep = _more_common(pair, mentions, reviewed)
        if keep is None and longer[0].split()[0] == words[0]:
            keep = name
        if keep is not None:
            merged[pair[1] if keep == name else name] = keep
    return merged


def _more_common(pair: tuple[str, str], mentions: Counter, reviewed: set[str]) -> str | None:
    """The one of two names mentioned more often, or the alias table's; None on a tie."""
    a, b = pair
    if mentions[a] != mentions[b]:
        return a if mentions[a] > mentions[b] else b
    if (a in reviewed) != (b in reviewed):
        return a if a in reviewed else b
    return None


def spelling_variants(mentions: list[str]) -> dict[str, str]:
    """Within one article, each name that is a spelling variant of another mentioned there
    ("Sugeng Santoso", "Sugeng Santosa") -> the one kept (see ``_spelling_variants``)."""
    counts = Counter(mentions)
    return _spelling_variants(sorted(counts), counts)


def _spelling_variants(names: list[str], mentions: Counter, lone_words: bool = True) -> dict[str, str]:
    """Names alike but for one long word spelt alike ("Elza Syarief", "Elza Syarif") or cut
    short ("Benny Tjokro") -> one of them: the most common, then the longest, then the first
    in alphabetical order (never the hash seed). Within an article (`lone_words`), also a
    one-word name typed with two letters swapped; across the index such pairs may be two men."""
    by_shape: dict[tuple, list[str]] = defaultdict(list)
    for name in names:
        words = name.split()
        if len(words) >= 2 or lone_words and len(name) >= _VARIANT_MIN_LETTERS + 1:
            by_shape[(len(words), *(w[:1] for w in words))].append(name)
    merged: dict[str, str] = {}
    for group in by_shape.values():
        for i, name in enumerate(group):
            for other in group[i + 1:]:
                if (_swapped_letters(name, other) if " " not in name
                        else _one_word_respelt(name.split(), other.split())):
                    keep, drop = sorted((name, other), key=lambda n: (-mentions[n], -len(n), n))
                    merged.setdefault(drop, merged.get(keep, keep))
    return merged


def _one_word_respelt(words: list[str], others: list[str]) -> bool:
    differing = [(a, b) for a, b in zip(words, others) if a != b]
    if len(differing) != 1:
        return False
    a, b = (word.lower() for word in differing[0])
    return min(len(a), len(b)) >= _VARIANT_MIN_LETTERS and a[:3] == b[:3] and (
        Indel.normalized_similarity(a, b) >= _VARIANT_SIMILARITY
        or a.startswith(b) or b.startswith(a))  # a long name cut short: "Tjokro", "Tjokrosaputro"


def _swapped_letters(a: str, b: str) -> bool:
    """One-word names the same but for two letters next to each other swapped ("Supramono",
    "Suparmono"): a typo. Any other difference may be another person ("Suharto", "Suharno")."""
    if len(a) != len(b) or a == b:
        return False
    at = [i for i in range(len(a)) if a[i] != b[i]]
    return len(at) == 2 and at[1] == at[0] + 1 and a[at[0]] == b[at[1]] and a[at[1]] == b[at[0]]
