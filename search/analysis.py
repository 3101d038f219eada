"""Indonesian text analysis for Whoosh: tokenize, lower-case, stem with Sastrawi.

FIRST CUT (to be completed by the index issue): protected words, names, reduplication, stop words.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter

TOKEN_PATTERN = r"\w+(?:[-']\w+)*"


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer(isDev=False)


def sastrawi_stem(word: str) -> str:
    """The Sastrawi root of one lower-case word."""
    return _stemmer().stem(word) or word


def indonesian_analyzer():
    """Stemmed analysis: the field users' words meet whatever their affixes."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StemFilter(stemfn=sastrawi_stem, cachesize=50000)
    )


def exact_analyzer():
    """Unstemmed analysis: lower-cased word forms, ranked above stem-only hits."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
