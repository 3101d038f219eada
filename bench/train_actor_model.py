"""Rebuild the actor finder's data from ../shared/data: two word priors and the CRF.

    .venv/bin/python bench/train_actor_model.py [--shared ../shared/data]

1. search/data/actor_capitalization.tsv: for each word seen at least twice in the IndoSum
   bodies away from a sentence start, how often it is capitalized there, in four buckets
   (C: >= 95%, c: >= 60%, m: >= 15%, l: below). A proper-noun prior from unlabelled text.
2. search/data/actor_contexts.tsv: for each word of a capitalized phrase seen at least twice
   right after a person cue (a title such as "Presiden", a speech cue such as "kata", or
   before "mengatakan") or after a place cue ("di", "kota"), the share of person cues
   (P: >= 80%, p: >= 50%, x: >= 20%, L: below). Tells "Putin" from "Jakarta" for unseen names.
3. search/data/actor_model.crfsuite: a linear-chain CRF (python-crfsuite, L-BFGS with L1 and L2)
   over the capitalized candidate runs of the idner-news-2k train and dev sentences, labelled
   with their PER/ORG/LOC BIO tags. The test split is never read here.
Deterministic: the same data gives the same files.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search import actors  # noqa: E402

CRF_PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True}
_AFTER_OPENING = frozenset('.!?"“:')


def read_idner(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, BIO tag) pairs from an idner-news-2k file."""
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        parts = line.split(" ")
        current.append((parts[0], parts[-1]))
    if current:
        sentences.append(current)
    return sentences


def build_capitalization(indosum: Path, out: Path) -> int:
    """Write the capitalization prior table; returns the number of words in it."""
    capitalized, total = Counter(), Counter()
    with indosum.open(encoding="utf-8") as lines:
        for line in lines:
            for sentence in actors.sentences(json.loads(line)["body"]):
                for previous, token in zip(sentence, sentence[1:]):
                    if previous in _AFTER_OPENING or not token[:1].isalpha():
                        continue
                    low = token.lower()
                    total[low] += 1
                    capitalized[low] += token[0].isupper()
    rows = [f"{word}\t{_bucket(capitalized[word] / n)}" for word, n in sorted(total.items()) if n >= 2]
    header = "# word<TAB>capitalization bucket; built by bench/train_actor_model.py from IndoSum\n"
    out.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


_PLACE_CUES = frozenset({"di", "kota", "provinsi", "kabupaten", "negara", "wilayah", "daerah", "kawasan"})


def build_contexts(indosum: Path, out: Path) -> int:
    """Write the person-or-place context table; returns the number of words in it."""
    person, place = Counter(), Counter()
    t = actors.tables()
    with indosum.open(encoding="utf-8") as lines:
        for line in lines:
            for sentence in actors.sentences(json.loads(line)["body"]):
                for start, end in actors.candidate_runs(sentence):
                    _count_run_context(sentence, start, end, t, person, place)
    rows = [f"{word}\t{_context_bucket(person[word] / (person[word] + place[word]))}"
            for word in sorted(person.keys() | place.keys()) if person[word] + place[word] >= 2]
    header = "# word<TAB>person-or-place context bucket; built by bench/train_actor_model.py from IndoSum\n"
    out.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def _count_run_context(sentence, start, end, t, person: Counter, place: Counter) -> None:
    """Credit each word of one capitalized run with the cue around it, if any."""
    titled = start < end and sentence[start].lower() in t.titles
    while start < end and sentence[start].lower() in t.titles:
        start += 1
    before = sentence[start - 1].lower() if start else ""
    after = sentence[end].lower() if end < len(sentence) else ""
    if titled or before in t.cues or after in t.cues:
        counter = person
    elif before in _PLACE_CUES:
        counter = place
    else:
        return
    for word in sentence[start:end]:
        if word.lower() not in t.not_persons:
            counter[word.lower()] += 1


def _context_bucket(ratio: float) -> str:
    return "P" if ratio >= 0.8 else "p" if ratio >= 0.5 else "x" if ratio >= 0.2 else "L"


def _bucket(ratio: float) -> str:
    return "C" if ratio >= 0.95 else "c" if ratio >= 0.6 else "m" if ratio >= 0.15 else "l"


def run_examples(sentence: list[tuple[str, str]]):
    """(features, labels) for each candidate run of one labelled sentence."""
    tokens = [token for token, _ in sentence]
    for start, end in actors.candidate_runs(tokens):
        labels = [tag for _, tag in sentence[start:end]]
        if labels[0].startswith("I-"):
            labels[0] = "B-" + labels[0][2:]
        yield [actors.token_features(tokens, i) for i in range(start, end)], labels


def train(sentences: list[list[tuple[str, str]]], out: Path) -> None:
    """Train the CRF on the candidate runs of the sentences and save it."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        for features, labels in run_examples(sentence):
            trainer.append(features, labels)
    trainer.set_params(CRF_PARAMS)
    trainer.train(str(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    words = build_capitalization(args.shared / "indosum" / "articles.jsonl", actors.CAPITALIZATION_PATH)
    actors.tables.cache_clear()
    contexts = build_contexts(args.shared / "indosum" / "articles.jsonl", actors.CONTEXTS_PATH)
    actors.tables.cache_clear()
    idner = args.shared / "idner-news-2k"
    sentences = read_idner(idner / "train.orig.txt") + read_idner(idner / "dev.orig.txt")
    train(sentences, actors.MODEL_PATH)
    size = actors.MODEL_PATH.stat().st_size
    print(f"capitalization table: {words} words; context table: {contexts} words; model: {size / 1e6:.2f} MB from {len(sentences)} sentences")


if __name__ == "__main__":
    main()
