"""Indonesian text analysis for Whoosh: tokenize, mark names, lower-case, stem with Sastrawi.

Two analyzers share one tokenizer. `indonesian_analyzer()` feeds the stemmed fields (`title`,
`body`): `peretasan`, `diretas` and `meretas` all index as `retas`. `exact_analyzer()` feeds the
`*_exact` fields: lower-cased word forms, unstemmed, so that a name typed in lower case (`berlin`)
still matches and a hit on the very form typed can rank above a hit on the stem only.

Names are not stemmed (Sastrawi turns Berlin into `lin`). A word is taken for a name when it is
capitalized in running text but does not start a sentence, or when it is in the protected list
(`data/stem_protected_words.txt`). Capitals say nothing in a title-case headline, so there only the
protected list counts. Sastrawi's known faults are fixed with data: roots added to its dictionary
(`data/stem_extra_roots.txt`) and word -> root overrides (`data/stem_overrides.tsv`).

The Sastrawi stemmer is built lazily once per process and reached through the module function
`stem`, so the analyzers pickled into the index schema stay small and importable.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache

from whoosh.analysis import Filter, LowercaseFilter, StopFilter, Token, Tokenizer

from search.data import read_lines

TOKEN_PATTERN = re.compile(r"\w+(?:['\u2019-]\w+)*")
# A gap between two words that ends a sentence: a full stop, ! or ?, or a line break.
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
_WORD_PARTS = re.compile("[\x00'\u2019-]")  # between the parts of words joined by \x00
TITLECASE_SHARE = 0.8  # share of capitalized long words above which capitals mark nothing
STEM_CACHE_SIZE = 200_000  # distinct word forms; a large news corpus has about 150k


@cache
def stop_words() -> frozenset[str]:
    """The conservative stop-word list (see data/stop_words.txt for why it is short)."""
    return frozenset(read_lines("stop_words.txt"))


@cache
def protected_words() -> frozenset[str]:
    """Lower-case words never stemmed (names Sastrawi mangles)."""
    return frozenset(read_lines("stem_protected_words.txt"))


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(read_lines("abbreviations.txt"))


@cache
def _stem_overrides() -> dict[str, str]:
    pairs = (line.split("\t") for line in read_lines("stem_overrides.tsv"))
    return {word: root for word, root in pairs}


@cache
def _sastrawi():
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    roots = StemmerFactory().get_words() + read_lines("stem_extra_roots.txt")
    return Stemmer(ArrayDictionary(roots))


def load_stemmer() -> None:
    """Load the stemmer's dictionary now rather than with the first word stemmed, and stem a
    few words with the affixes its rules look for: Sastrawi matches its rules' patterns as
    strings, compiled on first use (some 5 ms), so a fresh web worker's first search does not."""
    stemmer = _sastrawi()
    for word in _AFFIXED_WORDS:
        stemmer.stem_word(word)


_AFFIXED_WORDS = (
    "mempermainkan", "dipertanggungjawabkan", "pembangunan", "menyapu", "berlari", "terbawa",
    "kebersamaan", "perekonomian", "sekolahnya", "bukukah", "memukul", "pengajaran", "bertemu",
    "penyelesaian", "pelajaran", "memperbaiki", "menangkap", "mengambil", "menyanyi",
    "pengangkutan", "pemberantasan", "peretasan", "ketidakadilan", "berkelanjutan",
    "terpercaya", "menjalankan", "diselenggarakan", "pertanyaan", "keterangan",
)


@lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(word: str) -> str:
    """The root of one word (lower-cased first): protected words and forms with digits unchanged."""
    word = word.lower()
    if word in protected_words():
        return word
    override = _stem_overrides().get(word)
    if override:
        return override
    if not word.replace("-", "").isalpha():  # numbers, covid-19, g20, jum'at
        return word
    return _sastrawi().stem_word(word) or word


def is_titlecase(text: str) -> bool:
    """True when most long words are capitalized, as in a headline: capitals then mark nothing."""
    words = TOKEN_PATTERN.findall(text)
    return _titlecase_words(words, "\x00".join(words))


def _titlecase_words(words: list[str], joined: str) -> bool:
    """`is_titlecase` of a text split into its words (TOKEN_PATTERN's), also given joined by
    \x00: a long word is a part of a word (between hyphens and apostrophes) that opens with
    four letters."""
    parts = _WORD_PARTS.split(joined) if "-" in joined or "'" in joined or "\u2019" in joined \
        else words
    long = [part for part in parts if len(part) >= 4 and part[:4].isalpha()]
    if len(long) < 3:
        return False
    return len([part for part in long if part[0].isupper()]) >= TITLECASE_SHARE * len(long)


class IndonesianTokenizer(Tokenizer):
    """Words, numbers and hyphenated forms (G20, covid-19, al-Assad, negara-negara).

    Each token also carries `name`: True when its capital marks a proper name (capitalized, not
    the first word of a sentence, not in a title-case text). Filters downstream read it.
    """

    def __eq__(self, other):
        return self.__class__ is other.__class__

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        names_possible = mode != "query" and not is_titlecase(value)
        previous_end = 0
        previous_word = ""
        for pos, match in enumerate(TOKEN_PATTERN.finditer(value)):
            text = match.group(0)
            start = match.start()
            t.text = text
            t.boost = 1.0
            t.stopped = False
            t.name = names_possible and text[0].isupper() and not _starts_sentence(
                value[previous_end:start], previous_word, pos
            )
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + match.end()
            previous_end = match.end()
            previous_word = text
            yield t


def _starts_sentence(gap: str, previous_word: str, pos: int) -> bool:
    """Whether a word after `gap` (the text since `previous_word`) is a sentence's first word."""
    if pos == 0 or "\n" in gap:
        return True
    if not _SENTENCE_BREAK.search(gap):
        return False
    # "dr. Terawan", "Jl. Sudirman": the full stop closes an abbreviation, not a sentence.
    return not (gap.startswith(".") and previous_word.lower() in _abbreviations())


class ProtectedNameFilter(Filter):
    """Marks protected words (known names Sastrawi mangles) as names, whatever their case."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        protected = protected_words()
        for t in tokens:
            if not t.name and t.text.lower() in protected:
                t.name = True
            yield t


def hyphen_forms(form: str) -> list[tuple[str, int]]:
    """The forms a hyphenated word is indexed under, each with its position offset: a
    reduplication as its base (negara-negara -> negara); any other (e-ktp, al-assad, covid-19)
    as the whole form, the joined form (ektp) and its parts, the parts at consecutive positions
    so that the phrase "e ktp" finds it as it finds `e - KTP`."""
    parts = form.split("-")
    if len(parts) == 2 and parts[0] == parts[1]:
        return [(parts[0], 0)]
    return [(form, 0), ("".join(parts), 0), *((part, at) for at, part in enumerate(parts))]


class HyphenFilter(Filter):
    """Hyphenated words as `hyphen_forms` says, the words after them moved along by the extra
    positions their parts take. Queries keep the whole form only (the query parser expands a
    hyphenated word into whole, phrase and joined forms itself)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        shift = 0
        for t in tokens:
            if t.positions:
                t.pos += shift
            text = t.text
            if "-" not in text:
                yield t
                continue
            forms = hyphen_forms(text)
            if t.mode == "query":
                t.text = forms[0][0]
                yield t
                continue
            base = t.pos if t.positions else 0
            for form, offset in forms:
                t.text = form
                if t.positions:
                    t.pos = base + offset
                yield t
            shift += max(offset for _, offset in forms)


class SastrawiStemFilter(Filter):
    """Stems each token through `stem` (bounded cache, Sastrawi), leaving names alone."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not t.name:
                t.text = stem(t.text)
            yield t


def _stop_filter() -> StopFilter:
    # minsize=1: single letters and digits ("pasal 2") stay searchable. It runs before
    # HyphenFilter because renumbering would move a form's parts off their shared position.
    return StopFilter(stoplist=stop_words(), minsize=1)


def indonesian_analyzer():
    """Stemmed analysis for the `title` and `body` fields."""
    return (
        IndonesianTokenizer()
        | ProtectedNameFilter()
        | LowercaseFilter()
        | _stop_filter()
        | HyphenFilter()
        | SastrawiStemFilter()
    )


def exact_analyzer():
    """Unstemmed analysis for the `*_exact` fields: lower-cased word forms."""
    return IndonesianTokenizer() | LowercaseFilter() | _stop_filter() | HyphenFilter()


def analyze_positions(value: str) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The positions of each term of `value` as `indonesian_analyzer()` and `exact_analyzer()`
    index it: (stemmed, exact), in one pass. The two may share position lists: read them only.

    The indexer's hot loop: the analyzers' tokenizer and filters fused into one function, with
    no Token objects, the per-word steps done as whole-list operations, and each distinct word
    stemmed once per text rather than at each occurrence. A test holds it to the analyzers'
    output over real articles.
    """
    parts = _WORDS_AND_GAPS.split(value)  # gap, word, gap, word, ..., gap
    words = parts[1::2]
    joined = "\x00".join(words)
    lowered = joined.lower()  # each word as its own lower(): \x00 is no letter
    forms = lowered.split("\x00")
    stops = stop_words()
    kept = [at for at, form in enumerate(forms) if form not in stops] if words else []
    if not kept:
        return {}, {}
    capitalized = [] if _titlecase_words(words, joined) else [at for at, word in enumerate(words) if word[0].isupper()]
    named = {at for at in capitalized
             if not _starts_sentence(parts[2 * at], words[at - 1] if at else "", at)}
    if "-" in lowered:
        terms, positions, named_at, named_terms = _with_hyphen_forms(forms, kept, named)
    else:  # as StopFilter renumbers: the first kept word keeps its own index
        terms = [forms[at] for at in kept]
        positions = range(kept[0], kept[0] + len(kept))
        ranks = {at: rank for at in named if (rank := bisect_left(kept, at)) < len(kept)
                 and kept[rank] == at}  # the names that are no stop words, by their rank
        named_at = {kept[0] + rank for rank in ranks.values()}
        named_terms = {forms[at] for at in ranks}
    exact: defaultdict[str, list[int]] = defaultdict(list)
    for term, position in zip(terms, positions):
        exact[term].append(position)
    return _stemmed(exact, named_terms, named_at), dict(exact)


_WORDS_AND_GAPS = re.compile(f"({TOKEN_PATTERN.pattern})")


def _with_hyphen_forms(forms: list[str], kept: list[int], named: set[int]
                       ) -> tuple[list[str], list[int], set[int], set[str]]:
    """The terms of the kept words at their positions, a hyphenated word as `hyphen_forms`
    says (the words after it moved along); and the positions and terms of names (a protected
    word's forms included: its parts are no more stemmed than it is)."""
    terms: list[str] = []
    positions: list[int] = []
    named_at: set[int] = set()
    named_terms: set[str] = set()
    protected = protected_words()
    position = kept[0] - 1
    for at in kept:
        position += 1
        form = forms[at]
        name = at in named or form in protected
        for term, offset in hyphen_forms(form) if "-" in form else ((form, 0),):
            terms.append(term)
            positions.append(position + offset)
            if name:
                named_at.add(position + offset)
                named_terms.add(term)
        position += offset  # the words after a hyphenated one follow its last part
    return terms, positions, named_at, named_terms


def _stemmed(exact: Mapping[str, list[int]], named_terms: set[str], named_at: set[int]
             ) -> dict[str, list[int]]:
    """The stemmed field's positions from the exact field's: a word's form indexed under its
    root, but at the positions where it is a name under the form itself."""
    stemmed: dict[str, list[int]] = {}
    joined: set[str] = set()  # roots several forms came to: their positions to sort
    for form, where in exact.items():
        root = stem(form)
        if root != form and form in named_terms:
            as_name = [position for position in where if position in named_at]
            where = [position for position in where if position not in named_at]
            if as_name:
                _add(stemmed, form, as_name, joined)
        if where:
            _add(stemmed, root, where, joined)
    for root in joined:
        stemmed[root].sort()
    return stemmed


def _add(positions: dict[str, list[int]], term: str, where: list[int], joined: set[str]) -> None:
    """Give `term` the positions `where` too; a term given them twice is noted in `joined`."""
    before = positions.get(term)
    if before is None:
        positions[term] = where
    else:
        positions[term] = before + where
        joined.add(term)
