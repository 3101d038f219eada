"""PFSA-ID's PERSON spans as a recall test for the actor finder.

PFSA-ID (CC BY-NC-SA 4.0) marks the public figures who make statements in Kompas articles, one
token a line with BILOU labels. It leaves other persons unmarked, so it measures recall only.
This reader rebuilds each article's text and the names its PERSON spans give, ranks and
honorifics off (the finder strips them too); nothing of it is stored in the repository.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

# An article opens with its dateline: "JAKARTA , KOMPAS —", "KOMPAS , BANYUWANGI —", "JAKARTA —".
_DATELINE = re.compile(r"^(?:[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*)* , KOMPAS [—–-]"
                       r"|KOMPAS , [A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*)* [—–-]|[A-Z]{3,}(?: [A-Z]{3,})* [—–]) ")
# Police and army ranks and honorifics the corpus keeps inside PERSON spans.
_RANK = re.compile(
    r"^(?:(?:Ajun )?Komisaris(?: Besar| Jenderal| Polisi)?|Inspektur(?: Jenderal| Polisi(?: Satu| Dua)?)?"
    r"|Brigadir(?: Jenderal)?|(?:Letnan|Mayor)(?: Jenderal| Kolonel)?|(?:Marsekal|Laksamana)(?: Muda| Madya"
    r"| Pertama)?|Jenderal|Kolonel|Kapten|AKBP|AKP|Kombes|Kompol|Komjen|Irjen|Brigjen|Mayjen|Letjen|Letkol"
    r"|TNI|Laut|\( ?\w+ ?\)|KH|Dr|dr|Prof|Ir|Hj|H)\.? ")
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]”])")
_NO_SPACE_AFTER = re.compile(r"([(\[“]) ")


@dataclass(frozen=True)
class PfsaArticle:
    body: str
    persons: tuple[str, ...]  # distinct names, ranks off


def read_pfsa(path: Path) -> list[PfsaArticle]:
    """The articles of a PFSA-ID file, each with its distinct PERSON names."""
    articles: list[PfsaArticle] = []
    paragraphs: list[str] = []
    persons: dict[str, None] = {}
    for block in _blocks(path):
        tokens = [token for token, _ in block]
        if _DATELINE.match(" ".join(tokens)) and paragraphs:
            articles.append(PfsaArticle("\n\n".join(paragraphs), tuple(persons)))
            paragraphs, persons = [], {}
        paragraphs.append(_detokenized(tokens))
        persons.update(dict.fromkeys(_without_rank(name) for name in _person_spans(block)))
    if paragraphs:
        articles.append(PfsaArticle("\n\n".join(paragraphs), tuple(persons)))
    return articles


def _blocks(path: Path) -> Iterator[list[tuple[str, str]]]:
    block: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if block:
                yield block
            block = []
            continue
        token, label = line.rsplit("\t", 1)
        block.append((token, label))
    if block:
        yield block


def _person_spans(block: list[tuple[str, str]]) -> Iterator[str]:
    words: list[str] = []
    for token, label in block:
        if label.endswith("-PERSON"):
            words.append(token)
            if label[0] in "UL":
                yield " ".join(words)
                words = []


def _without_rank(name: str) -> str:
    while True:
        shorter = _RANK.sub("", name, count=1)
        if shorter == name or not shorter:
            return name
        name = shorter


def _detokenized(tokens: list[str]) -> str:
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", " ".join(tokens)))


def norm(name: str) -> str:
    """Lower case, punctuation as spaces: "Miryam S. Haryani" and "miryam s haryani" compare equal."""
    name = unicodedata.normalize("NFKC", name).lower()
    return " ".join(re.sub(r"[^\w]+", " ", name).split())


def found(gold: str, actors: tuple[str, ...]) -> bool:
    """Whether the finder named this person: the same name, a near spelling, or a full name
    holding it (a one-word name also counts as a word of a found full name: the finder
    resolves "Syafrin" to "Syafrin Liputo" in the article, as it should)."""
    want = norm(gold)
    for actor in map(norm, actors):
        if actor == want or SequenceMatcher(None, actor, want).ratio() >= 0.9:
            return True
        small, big = sorted((want, actor), key=lambda n: len(n.split()))
        if f" {small} " in f" {big} " and (len(small.split()) >= 2 or small == want):
            return True
    return False
