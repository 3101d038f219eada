"""The actor finder's tables: the reviewed word lists and aliases in `search/data/actor_*`, the
priors learnt from IndoSum by bench/train_actor_model.py, and the model's path."""

from __future__ import annotations

import re
import dataclasses
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from search.data import read_lines

DATA = Path(__file__).parent / "data"
MODEL_PATH = DATA / "actor_model.crfsuite"
CAPITALIZATION_PATH = DATA / "actor_capitalization.tsv"
CONTEXTS_PATH = DATA / "actor_contexts.tsv"

@dataclass(frozen=True)
class Tables:
    """The reviewed word tables (lower-case words) and the alias map."""

    titles: frozenset[str]
    cues: frozenset[str]
    not_persons: frozenset[str]
    org_words: frozenset[str]
    credit_labels: tuple[str, ...]
    places: dict[str, tuple[tuple[str, ...], ...]]  # first word -> the places (as words) it opens
    place_heads: frozenset[str]
    degrees: frozenset[str]
    aliases: dict[str, str]
    capitalization: dict[str, str]
    contexts: dict[str, str]
    speech_verbs: frozenset[str] = frozenset()  # "mengatakan", "menuturkan": after a speaker
    teams: dict[str, tuple[tuple[str, ...], ...]] = dataclasses.field(default_factory=dict)  # as places

    @property
    def head_forms(self) -> frozenset[str]:
        """The place heads as news writes them: lower case, capitalized, upper case ("RSUD"),
        for a quick check that a sentence holds none."""
        return _head_forms(self.place_heads)

    @property
    def known_name_words(self) -> frozenset[str]:
        """Lower-case words of the alias table, both sides: a small gazetteer of names."""
        return frozenset(w.lower() for pair in self.aliases.items() for name in pair for w in name.split())


@cache
def _head_forms(heads: frozenset[str]) -> frozenset[str]:
    return frozenset(form for head in heads for form in (head, head.capitalize(), head.upper()))


def place_length(tokens: list[str], i: int, places: dict[str, tuple[tuple[str, ...], ...]]) -> int:
    """How many tokens from i name a place of the table (0 if none): "Rokan Hulu" is two."""
    for place in places.get(tokens[i].lower(), ()):
        if tuple(t.lower() for t in tokens[i:i + len(place)]) == place:
            return len(place)
    return 0


def _phrases(name: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """A phrase table by first word, longest phrases first so "Rokan Hulu" wins over "Rokan"."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for line in read_lines(name):
        words = tuple(line.lower().split())
        by_first.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(found, key=lambda p: (-len(p), p))) for first, found in by_first.items()}


def _derived_table(path: Path) -> dict[str, str]:
    """A word -> bucket table built by bench/train_actor_model.py (empty while it rebuilds)."""
    return dict(line.split("\t") for line in read_lines(path.name)) if path.exists() else {}


@cache
def tables() -> Tables:
    """Load the actor tables from ``search/data`` (once per process)."""
    return Tables(
        titles=frozenset(w for line in read_lines("actor_titles.txt") for w in line.lower().split()),
        cues=frozenset(read_lines("actor_cues.txt")),
        not_persons=frozenset(w.lower() for w in read_lines("actor_not_persons.txt")),
        org_words=frozenset(w.lower() for w in read_lines("actor_org_words.txt")),
        credit_labels=tuple(read_lines("actor_credit_labels.txt")),
        places=_phrases("actor_places.txt"),
        place_heads=frozenset(w.lower() for w in read_lines("actor_place_heads.txt") if " " not in w),
        degrees=frozenset(w.lower() for w in read_lines("actor_degrees.txt")),
        aliases=dict(line.split("\t") for line in read_lines("actor_aliases.tsv")),
        capitalization=_derived_table(CAPITALIZATION_PATH),
        contexts=_derived_table(CONTEXTS_PATH),
        speech_verbs=frozenset(read_lines("quote_verbs.txt")),
        teams=_phrases("actor_teams.txt"),
    )


_WORD = r"\w+(?:[-'’]\w+)*"
_WEB_SUFFIX = r"\.(?:com|co\.id|id|net|org)\b"
is_web_address = re.compile(rf"{_WORD}{_WEB_SUFFIX}").fullmatch  # an outlet: CNNIndonesia.com
