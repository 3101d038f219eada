"""The CRF's features for a token of a sentence: the word, its shape and affixes, its neighbours,
its entries in the reviewed tables and the learnt priors (see search/actors.py)."""

from __future__ import annotations

from functools import cache

from search.actor_tables import is_web_address, tables

_OFFSETS = (-1, 1)
_FEATURE_CACHE: dict[str, tuple[list[str], ...]] = {}
CACHE_LIMIT = 200_000  # words whose features are kept
_PADDING = (None, *(f"{d}pad" for d in _OFFSETS))


def _shape(word: str) -> str:
    shape = []
    for ch in word[:6]:
        kind = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)


def _word_features(word: str) -> tuple[list[str], ...]:
    """The word's own features, then its context features for each offset in _OFFSETS."""
    known = _FEATURE_CACHE.get(word)
    if known is not None:
        return known
    t = tables()
    low = word.lower()
    core = ["w=" + low, "sh=" + _shape(word), "cap=" + t.capitalization.get(low, "u"), "ctx=" + t.contexts.get(low, "u")]
    flags = (("title", t.titles), ("cue", t.cues), ("nonper", t.not_persons), ("org", t.org_words),
             ("known", _known_name_words()))
    core += [flag for flag, table in flags if low.rstrip(".") in table]
    if is_web_address(low):
        core.append("web")
    own = ["bias", "p3=" + low[:3], "s3=" + low[-3:], *core]
    known = (own, *([f"{d}{f}" for f in core] for d in _OFFSETS))
    if len(_FEATURE_CACHE) >= CACHE_LIMIT:
        _FEATURE_CACHE.clear()
    _FEATURE_CACHE[word] = known
    return known


@cache
def _known_name_words() -> frozenset[str]:
    return tables().known_name_words


def token_features(tokens: list[str], i: int) -> list[str]:
    """CRF features of token i of a sentence."""
    cache = _FEATURE_CACHE
    features = list((cache.get(tokens[i]) or _word_features(tokens[i]))[0])
    if i == 0:
        features.append("BOS")
    n = len(tokens)
    for k, d in enumerate(_OFFSETS, start=1):
        j = i + d
        if 0 <= j < n:
            features += (cache.get(tokens[j]) or _word_features(tokens[j]))[k]
        else:
            features.append(_PADDING[k])
    return features


def clear_feature_cache() -> None:
    """Forget every word's cached features."""
    _FEATURE_CACHE.clear()
