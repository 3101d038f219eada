"""Who a statement's cue names: the speaker, resolved to a person of the article.

The cue's clause is read by its shape. The speaker phrase ends where the circumstances start
(`kata Budi di Jakarta`); a role phrase puts the name last (`kata Kepala Dinas Kesehatan X
Budi Santoso`) or after a comma (`kata Camat X, Kabupaten Y, Budi`); a subject stands right
before its verb (`Budi juga mengatakan`). The name found is the article's person holding it
(`kata Hari` -> `Hari Setiyono`), else the longest form the body prints, taken into the
article's persons. A pronoun (`dia`, `ia`, `beliau`), a `-nya` cue (`katanya`) or a role
alone (`kata Presiden`) is the person named last before the statement.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from search import actors
from search.actor_check import checked_name, lone_place
from search.actor_names import INITIALS
from search.actor_tables import tables
from search.actor_trim import after_title, trim
from search.dates import weekdays

PRONOUNS = frozenset({"dia", "ia", "beliau"})


@cache
def _aliases_of() -> dict[str, tuple[str, ...]]:
    """Full name -> its aliases in the reviewed table (`Joko Widodo` -> `Jokowi`)."""
    found: dict[str, list[str]] = {}
    for alias, full in tables().aliases.items():
        found.setdefault(full, []).append(alias)
    return {full: tuple(aliases) for full, aliases in found.items()}


_WORD = re.compile(r"\w+")


class Speakers:
    """Resolves a cue clause to a person of the article, and pronouns to the last named."""

    def __init__(self, body: str, names: Sequence[str]):
        self.body = body
        self.names = list(names)
        self._mentions: tuple[list[int], list[str]] | None = None  # read when first needed

    def last_named(self, before: int) -> str | None:
        """The person named last before offset `before` (by any word of their name or alias)."""
        if self._mentions is None:
            self._mentions = self._read_mentions()
        offsets, names = self._mentions
        at = bisect_left(offsets, before)
        return names[at - 1] if at else None

    def _read_mentions(self) -> tuple[list[int], list[str]]:
        """Where each person of the article is named, in body order: one pass of one pattern."""
        owner: dict[str, str] = {}
        aliases = _aliases_of()
        for name in self.names:
            for form in (*name.split(), *aliases.get(name, ())):
                if len(form) > 2 and form[0].isupper():
                    owner.setdefault(form, name)
        if not owner:
            return [], []
        if all(map(_WORD.fullmatch, owner)):
            # Forms of word characters only: the pattern below would match exactly the words
            # equal to one, and compiling it costs more than reading each word.
            found = [(match.start(), name) for match in _WORD.finditer(self.body)
                     if (name := owner.get(match.group())) is not None]
        else:
            pattern = r"\b(?:" + "|".join(re.escape(form) for form in sorted(owner, key=len, reverse=True)) + r")\b"
            found = [(match.start(), owner[match.group()]) for match in re.finditer(pattern, self.body)]
        return [offset for offset, _ in found], [name for _, name in found]

    def in_clause(self, clause: str, at: int, *, last: bool = False) -> str | None:
        """The person a cue clause names, or the person last named before `at` when it holds
        a pronoun or a role alone (`kata dia`, `kata Presiden`).

        The speaker phrase ends where the circumstances start (`di Jakarta`, `dalam rapat`). A
        role phrase puts the name last (`kata Kepala Dinas Kesehatan X Budi Santoso`) or after
        a comma (`kata Kepala Dinas X, Budi`); before a verb (`last`), the subject is the part
        nearest the verb."""
        name = _subject_name(clause) if last else _speaker_name(clause)
        if name and self._cut_short(clause):  # `... ," ujar Sami` ending a page cut short
            whole = self._completed(name)
            if whole:
                return whole
            name = " ".join(name.split()[:-1])
        if name:
            initial = last and clause.split(",")[-1].strip().startswith(name)
            return self._known(name) or self._adopted(name, initial)
        words = clause.split()
        lead = (words[-1] if last else words[0]).lower().strip(",:") if words else ""
        if lead in PRONOUNS or lead in tables().titles or _opens_with_role(clause):
            return self.last_named(at)
        return None

    def _cut_short(self, clause: str) -> bool:
        """Whether a clause ends the body, and the body is a page cut short in its last word
        (a paragraph ending with no stop, quote or bracket, as find_actors reads it)."""
        body = self.body.rstrip()
        tail = clause.rstrip()
        if not tail or not body.endswith(tail) or not body[-1:].isalpha():
            return False
        last_line = body.rsplit("\n", 1)[-1]
        return len(actors.TOKEN.findall(last_line)) >= _PARAGRAPH_TOKENS

    def _completed(self, name: str) -> str | None:
        """The article's person whose name a name cut short stands for: its other words and a
        word the cut one begins (`Kaw` of `Kawali Tarigan`)."""
        words = name.split()
        holding = [known for known in self.names
                   if set(words[:-1]) <= set(known.split()) and any(w.startswith(words[-1]) for w in known.split())]
        return max(holding, key=lambda known: (len(known.split()), -self.names.index(known))) if holding else None

    def _known(self, name: str) -> str | None:
        """The article's person this name is, or is part of: the whole name, else the longest
        known name holding all its words (`Hari` -> `Hari Setiyono`)."""
        words = set(name.split())
        holding = [known for known in self.names if words <= set(known.split())]
        if not holding:  # a name with a word too many: `Rusia Vladimir Putin`
            holding = [known for known in self.names if " " in known and set(known.split()) < words]
        if not holding:
            return None
        return max(holding, key=lambda known: (len(known.split()), -self.names.index(known)))

    def _adopted(self, name: str, initial: bool = False) -> str | None:
        """A name found in a cue clause that the actor finder missed: in full as the article
        prints it elsewhere (`kata Pahala` -> `Pahala Nainggolan`), taken into its persons."""
        if " " not in name and (name.isupper() or len(name) < 3):
            return None
        name = self._tagged(name) or name
        if (" " not in name and lone_place(name)) or _opens_web_address(self.body, name):
            return None  # a regency's name, or an outlet's (`melansir Sumselupdate.com`)
        name = actors.canonical_name(self._longest_form(name)) or name
        known = self._known(name)
        if known:
            return known
        name = checked_name(name, initial)  # what find_actors would keep of it, if anything
        if name is None:
            return None
        known = self._known(name)
        if known:
            return known
        self.names.append(name)
        self._mentions = None
        return name

    @staticmethod
    def _tagged(run: str) -> str | None:
        """The person name the tagger finds in a run of several words (`Ketua Kelompok Tani
        Sumber Rejeki Darmaji Pranoto` -> `Darmaji Pranoto`), the last if several."""
        if " " not in run:
            return None
        tokens = actors.TOKEN.findall(run)
        spans = actors.person_spans(tokens)
        return " ".join(tokens[spans[-1][0]:spans[-1][1]]) if spans else None

    def _longest_form(self, name: str) -> str:
        """The longest name the body prints around `name`: capitalised words before or after
        it that are no title, role, organisation or place."""
        best = name
        if not all(_name_word(word) for word in name.split()):
            return best
        pattern = rf"(?:[A-Z][\w'’.-]*\s+){{0,3}}{re.escape(name)}(?:\s+[A-Z][\w'’-]*){{0,3}}"
        for match in re.finditer(pattern, self.body):
            words = match.group().split()
            at = next(i for i in range(len(words)) if words[i:i + len(name.split())] == name.split())
            lo, hi = at, at + len(name.split())
            while lo > 0 and _name_word(words[lo - 1]):
                lo -= 1
            while hi < len(words) and _name_word(words[hi]):
                hi += 1
            form = " ".join(words[lo:hi])
            if len(form.split()) > len(best.split()):
                best = form
        return best


_ROLE_WORDS = frozenset({"pengamat", "dosen", "peneliti", "warga", "pakar", "ahli", "ketua", "kepala",
                         "juru", "direktur", "manajer", "koordinator", "komandan", "pelaksana",
                         "general", "head", "chief", "corporate", "sekretaris", "staf", "anggota",
                         "founder", "ceo", "pendiri", "pemilik", "aktivis", "ekonom", "analis"})
# Words that start the circumstances after a speaker: `kata Budi di Jakarta`, `dalam rapat`.
_PHRASE_ENDS = frozenset({"di", "dari", "dalam", "saat", "ketika", "seusai", "usai", "kepada", "pada", "yang",
                          "melalui", "lewat", "sebelum", "setelah", "sesudah", "sambil", "seraya",
                          "kemarin", "dengan", "ketika", "menjawab", "menanggapi", "terkait",
                          "soal", "tentang", "mengenai", "sebagaimana", "seperti", "kala", "tatkala"})
_MAX_NAME_WORDS = 6
_PARAGRAPH_TOKENS = 6  # as search/actors.py: the shortest line taken for a paragraph
_WEB_SUFFIX = r"\.(?:com|co\.id|id|net|org)\b"
_WEB_ADDRESS = re.compile(rf"\w{_WEB_SUFFIX}", re.IGNORECASE)  # an outlet's address: `Sumselupdate.com`
_WEB_SUFFIX_AT = re.compile(_WEB_SUFFIX)

# Words between a subject and its speech verb: `Budi juga mengatakan`, `Ia pun menegaskan`.
_ADVERBS = frozenset({"juga", "pun", "kemudian", "lalu", "pula", "sempat", "telah", "sudah", "akan",
                      "tetap", "kembali", "lantas", "sendiri", "bahkan", "hanya", "masih", "sebelumnya",
                      "secara", "terpisah", "menambahkan"})
_NAME_TOKEN = re.compile(r"[A-Z][\w'’.-]*|(?:bin|binti|van|von|de|al|el)")


def _speaker_name(clause: str) -> str:
    """The name in the clause after a cue (see `Speakers.in_clause`), or ""."""
    words = []
    for word in clause.split():
        if word.lower().strip(",") in _PHRASE_ENDS:
            break
        words.append(word)
    parts = [part.strip() for part in " ".join(words).split(",") if part.strip()]
    if not parts or parts[0].split()[0].lower() in PRONOUNS:
        return ""  # `Menurut dia tinggi gelombang Laut Jawa ...`: the person named before
    if not _opens_with_role(parts[0]):
        return _name_tail(_name_runs(parts[0])[0]) if _name_runs(parts[0]) else ""
    for part in parts[1:]:  # `kata Camat X, Kabupaten Y, Budi Santoso`
        name = part.strip("()\"“”")
        if all(_name_word(word) for word in name.split()) and len(name.split()) <= _MAX_NAME_WORDS:
            return name
    for part in parts:  # `kata Kepala Dinas X Budi`, `Menteri ..., Hukum, dan Keamanan Mahfud MD`
        runs = _name_runs(part)
        if runs and (name := _name_tail(runs[-1])):
            return name
    return ""


def _subject_name(clause: str) -> str:
    """The name of the subject right before a speech verb (`Budi Santoso juga mengatakan`),
    or "" when the words before the verb are no name (`badan keamanan Rusia akan menyampaikan`)."""
    words = clause.split(",")[-1].split()
    while words and words[-1].lower() in _ADVERBS:
        words.pop()
    runs = _name_runs(" ".join(words))
    if not runs or not words or not " ".join(words).rstrip("”\"'").endswith(runs[-1]):
        return ""
    return _name_tail(runs[-1])


def _opens_with_role(phrase: str) -> bool:
    """Whether a phrase opens with a role or title (`Kepala Dinas ...`, `pengamat ...`)."""
    words = phrase.split()
    first = words[0].lower().strip(".") if words else ""
    return first in tables().titles or first in _ROLE_WORDS or phrase[:1].islower()


def _name_word(word: str) -> bool:
    """A capitalised word that can be part of a name: no title, role, organisation, place,
    weekday or word usually written in lower case."""
    t = tables()
    low = word.lower().strip(".,")
    return bool(_NAME_TOKEN.fullmatch(word)) and word[:1].isupper() and not (
        low in t.titles or low in _ROLE_WORDS or low in t.org_words or low in t.not_persons
        or low in weekdays() or t.capitalization.get(low) == "l" or t.contexts.get(low) == "L")


def _name_tail(run: str) -> str:
    """The name at the end of a role phrase: `Kepala Bidang Humas Polda Metro Jaya Komisaris
    Besar Yusri Yunus` -> `Yusri Yunus` (the actor finder's `after_title`, else its trimming
    of titles and places off the edges). A run of one word is a name if it is no title, role,
    place or pronoun (`kata Hari`: a name, though `hari` is also a word)."""
    tokens = run.split()
    if len(tokens) == 1:
        low = tokens[0].lower().strip(".")
        t = tables()
        no_name = (low in PRONOUNS or low in t.titles or low in _ROLE_WORDS or low in t.org_words
                   or low in t.not_persons or low in weekdays() or t.contexts.get(low) == "L")
        return "" if no_name else tokens[0]
    span = after_title(tokens, 0, len(tokens)) or trim(tokens, 0, len(tokens))
    if span is None or not 0 < span[1] - span[0] <= _MAX_NAME_WORDS:
        return ""
    return " ".join(tokens[span[0]:span[1]])


def _name_runs(phrase: str) -> list[str]:
    """The runs of capitalised words in a phrase (`... Daop 8 Surabaya Suprapto` -> `Daop`,
    `Surabaya Suprapto`)."""
    runs, current = [], []
    for word in phrase.split():
        bracketed = word[:1] == "(" or word.rstrip(",:;")[-1:] == ")"
        if bracketed or _WEB_ADDRESS.search(word):
            # `Gubernur Riau (Gubri) Syamsuar`, `Anies Baswedan (Kompas, ...)`: a word in brackets
            # is a short form or a source, an outlet's address no name; either ends the run
            if current:
                runs.append(" ".join(current))
            current = []
            continue
        word = word.strip(",:;()\"“”")
        if word.endswith(".") and not INITIALS.fullmatch(word):  # `kata Ridwan Kamil.`
            word = word[:-1]
        if word and _NAME_TOKEN.fullmatch(word):
            current.append(word)
        else:
            if current:
                runs.append(" ".join(current))
            current = []
    if current:
        runs.append(" ".join(current))
    return runs


def _opens_web_address(body: str, name: str) -> bool:
    """Whether the body prints `name` as the start of a web address (`Sumselupdate.com`): what
    the pattern `\\b<name><web suffix>` finds, without compiling a pattern for each name."""
    at = body.find(name)
    while at >= 0:
        word_before = at > 0 and _is_word_character(body[at - 1])
        if word_before != _is_word_character(name[0]) and _WEB_SUFFIX_AT.match(body, at + len(name)):
            return True
        at = body.find(name, at + 1)
    return False


def _is_word_character(character: str) -> bool:
    """As a pattern's \\w reads a character (`\\b` is where this changes)."""
    return character.isalnum() or character == "_"
