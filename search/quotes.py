"""Who said what: the statements an article attributes to persons, with their speakers.

Indonesian news reports speech in a few fixed shapes, so rules read it:

* **Direct**: words in quotation marks (`"..."`, `“...”`, and Kompas's `”` used both ways),
  attributed by a cue next to them: after (`"...," kata Wiranto.`, `ujarnya`) or before
  (`Wiranto mengatakan, "..."`, `kata Wiranto: "..."`, `Menurut Wiranto, "..."`). A quotation
  may span paragraphs: a paragraph that opens a quotation and does not close it goes on in
  the next. A quotation with no cue continues the speaker of the one just before it; a short
  one with no cue is a term in quotes (`istilah "zona merah"`), not a statement.
* **Indirect**: the same cues around a sentence without quotation marks: `Menurut X, ...`,
  `X mengatakan (bahwa) ...`, `..., kata X.`

The speaker is read from the cue's clause by `search/speakers.py`: a person of the article
(`kata Sri` -> `Sri Mulyani Indrawati`), or the person last named before the statement for
a pronoun, a cue with `-nya` (`katanya`) or a bare role (`kata Presiden`). No person, no
speaker: `null`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from search.article import Quote
from search.data import read_lines
from search.speakers import Speakers


MIN_UNCUED_WORDS = 6  # a quotation with no cue shorter than this is a term in quotes
MAX_SPANNED_PARAGRAPHS = 6
MIN_INDIRECT_WORDS = 4


@dataclass(frozen=True)
class _Cues:
    words: frozenset[str]  # kata, ujar ... (their -nya forms are cues too)
    after: re.Pattern  # a cue right after a closing quotation mark or a statement's comma
    before: re.Pattern  # a cue clause right before an opening quotation mark
    menurut: re.Pattern  # "Menurut X, ..." opening a sentence
    verb: re.Pattern  # "X mengatakan (bahwa) ..." inside a sentence


@cache
def _cues() -> _Cues:
    words = frozenset(read_lines("quote_cues.txt"))
    word = "|".join(sorted(words, key=len, reverse=True))
    verb = "|".join(sorted(read_lines("quote_verbs.txt"), key=len, reverse=True))
    return _Cues(
        words=words,
        after=re.compile(rf"[\s,]*[—–-]?\s*(?P<cue>(?:{word})(?:nya)?)\b(?P<clause>[^.;!?\n\"“”]*)",
                         re.IGNORECASE),
        before=re.compile(
            rf"(?:(?P<cue1>\b(?:{word})|\b[Mm]enurut)\s+(?P<who>[^.;!?\n\"“”]*?)|"
            rf"(?P<subject>[^.;!?\n\"“”]*?)\s+(?P<cue2>(?:{verb}))(?:\s+bahwa)?)\s*[,:]?\s*$"),
        menurut=re.compile(r"^[Mm]enurut(?P<nya>nya)?\b(?P<who>[^,.;!?\n]*),\s*"),
        verb=re.compile(rf"(?P<subject>^[^,.;!?\n]*?)\s+(?P<cue>{verb})\b[,:]?(?:\s+bahwa\b)?[,:]?\s*"),
    )


# ---- quotation marks ------------------------------------------------------------------------

_MARKS = re.compile('["“”„«»]')
_OPENERS = frozenset("“„«")
_CLOSERS = frozenset("»")


def _mark_roles(paragraph: str) -> Iterator[tuple[int, str]]:
    """(offset, "open"|"close") for each quotation mark of a paragraph. A curly or angled
    mark says its role; a straight `"` or Kompas's `”` is read from its neighbours (space
    before and a letter after opens), and from parity when they do not tell."""
    inside = False
    for match in _MARKS.finditer(paragraph):
        mark, at = match.group(), match.start()
        before = paragraph[at - 1] if at else " "
        after = paragraph[at + 1] if at + 1 < len(paragraph) else " "
        if mark in _OPENERS:
            opens = True
        elif mark in _CLOSERS:
            opens = False
        elif before.isspace() or before in "([—–-" and not after.isspace():
            opens = not (after.isspace() or after in ",.;:!?)") or not inside
        elif after.isspace() or after in ",.;:!?)—–-":
            opens = False
        else:
            opens = not inside
        if opens and inside and mark in "”\"":
            opens = False  # an opener we did not close: this one closes it
        inside = opens
        yield at, "open" if opens else "close"


@dataclass
class _Direct:
    """A quotation in marks being read: its content's parts, one per paragraph it spans."""

    start: int  # just after the opening mark
    opened: int  # index of the paragraph holding the opening mark
    parts: list[tuple[int, int]]
    end: int = 0  # the closing mark (or the end of the last paragraph)
    paragraph: int = 0  # index of the paragraph where it ends
    close: int = 0  # just after the closing mark (or the paragraph's end)

    def ends(self, part_start: int, at: int, paragraph: int, *, marked: bool) -> _Direct:
        """Take the part up to `at`, where the quotation ends (at a closing mark if `marked`)."""
        self.parts.append((part_start, at))
        self.end, self.paragraph, self.close = at, paragraph, at + 1 if marked else at
        return self


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the body's non-empty lines."""
    spans, at = [], 0
    for line in body.split("\n"):
        if line.strip():
            spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


def _direct_spans(body: str, paragraphs: list[tuple[int, int]]) -> Iterator[_Direct]:
    """Each quotation in marks, as its content's span; one left open at a paragraph's end
    goes on into the next paragraphs (re-opened or not) until a mark closes it."""
    running: _Direct | None = None  # a quotation left open by an earlier paragraph
    for index, (p_start, p_end) in enumerate(paragraphs):
        roles = list(_mark_roles(body[p_start:p_end]))
        if running is not None:
            if roles and roles[0][1] == "open" and roles[0][0] < 3:
                roles = roles[1:]  # the paragraph re-opens the running quotation
            elif not roles or index - running.paragraph > MAX_SPANNED_PARAGRAPHS:
                yield running  # nothing closes it here: it ended with the paragraph before
                running = None
        if running is not None:
            if not roles or roles[0][1] != "close":
                running.ends(p_start, p_end, index, marked=False)
                continue
            yield running.ends(p_start, p_start + roles[0][0], index, marked=True)
            running, roles = None, roles[1:]
        for at, role in roles:
            at += p_start
            if role == "open" and running is None:
                running = _Direct(at + 1, index, [])
            elif role == "close" and running is not None:
                yield running.ends(running.start, at, index, marked=True)
                running = None
        if running is not None:  # open at the paragraph's end
            running.ends(running.start, p_end, index, marked=False)
    if running is not None:
        yield running


# ---- finding statements ---------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_TAIL_CUE = re.compile(r",\s*(?P<cue>\w+)\b(?P<clause>[^,]*)[.!?]?\s*$")  # `..., kata dia.`


def find_quotes(body: str, names: Sequence[str] = ()) -> tuple[Quote, ...]:
    """The statements of a body, in body order, with speakers among `names` (the article's
    actors) where the cue names one of them; a speaker the actor finder missed is taken from
    the cue's clause (`speakers_of` lists them all)."""
    speakers = Speakers(body, names)
    paragraphs = _paragraphs(body)
    quotes = _direct_quotes(body, paragraphs, speakers)
    quoted = [(q.start - 1, q.end + 1) for q in quotes]
    quotes += _indirect_quotes(body, paragraphs, speakers, quoted)
    return tuple(sorted(quotes, key=lambda q: q.start))


def _direct_quotes(body: str, paragraphs: list[tuple[int, int]], speakers: Speakers) -> list[Quote]:
    cues = _cues()
    found: list[Quote] = []
    previous: Quote | None = None
    previous_paragraph = -2
    for span in _direct_spans(body, paragraphs):
        text = _plain(body, span.parts)
        if not text:
            continue
        p_start, p_end = paragraphs[span.paragraph]
        speaker = cue = None
        after = cues.after.match(body, span.close, p_end)
        if after and _cue_word(after.group("cue")):
            cue = after.group("cue")
            speaker = (speakers.last_named(span.start) if _refers_back(cue)
                       else speakers.in_clause(after.group("clause"), span.start))
        else:
            lead = body[paragraphs[span.opened][0]:span.start - 1]
            lead = lead[max(lead.rfind(mark) for mark in "\"“”.!?") + 1:]
            before = cues.before.search(lead)
            if before:
                cue = before.group("cue1") or before.group("cue2")
                if before.group("cue1"):
                    speaker = speakers.in_clause(before.group("who"), span.start)
                else:
                    speaker = speakers.in_clause(before.group("subject"), span.start, last=True)
            elif previous is not None and previous_paragraph >= span.opened - 1 and previous.speaker:
                speaker = previous.speaker  # a quotation going on from the one before
            elif len(_WORD_RE.findall(text)) < MIN_UNCUED_WORDS or not _ends_statement(body, span):
                continue
        if cue is None and len(_WORD_RE.findall(text)) < MIN_UNCUED_WORDS:
            continue
        start, end = _stripped(body, span.start, span.end)
        quote = Quote(speaker, text, "direct", cue, start, end)
        found.append(quote)
        previous, previous_paragraph = quote, span.paragraph
    return found


def _cue_word(word: str) -> bool:
    low = word.lower()
    words = _cues().words
    return low in words or _refers_back(low)


def _refers_back(cue: str) -> bool:
    """A cue with `-nya` ("said he": `katanya`, `ujarnya`), pointing to the person last named;
    `tanya` (asked) is a cue word of its own."""
    low = cue.lower()
    return low.endswith("nya") and low[:-3] in _cues().words


def _ends_statement(body: str, span: _Direct) -> bool:
    """A quotation that reads as a statement: it ends a sentence or a clause inside the marks."""
    tail = body[span.start:span.end].rstrip()
    return bool(tail) and tail[-1] in ",.!?…"


_TRAILING = " \t\n,;:—–-"


def _stripped(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _plain(body: str, parts: list[tuple[int, int]]) -> str:
    """The statement's text: its parts joined, without the comma before the closing mark."""
    pieces = []
    for start, end in parts:
        start, end = _stripped(body, start, end)
        if start < end:
            pieces.append(body[start:end])
    return " ".join(pieces)


def _indirect_quotes(body: str, paragraphs: list[tuple[int, int]], speakers: Speakers,
                     quoted: list[tuple[int, int]]) -> list[Quote]:
    """Statements without marks: `Menurut X, ...`, `X mengatakan (bahwa) ...`, `..., kata X.`"""
    cues = _cues()
    found = []
    for p_start, p_end in paragraphs:
        if any(a < p_end and p_start < b for a, b in quoted):
            continue  # a paragraph with a quotation: its cues belong to it
        for sentence in _SENTENCE.finditer(body, p_start, p_end):
            s_start, s_end = sentence.start(), sentence.end()
            while s_start < s_end and body[s_start].isspace():
                s_start += 1
            quote = _indirect(body, s_start, s_end, speakers, cues)
            if quote is not None:
                found.append(quote)
    return found


def _indirect(body: str, start: int, end: int, speakers: Speakers, cues: _Cues) -> Quote | None:
    sentence = body[start:end]
    menurut = cues.menurut.match(sentence)
    if menurut:
        at = start + menurut.end()
        speaker = (speakers.last_named(start) if menurut.group("nya")
                   else speakers.in_clause(menurut.group("who"), start))
        return _statement(body, at, end, speaker, "menurut" + (menurut.group("nya") or ""))
    verb = cues.verb.search(sentence)
    if verb:
        subject = verb.group("subject")
        speaker = speakers.in_clause(subject, start, last=True)
        if speaker and len(subject.split()) <= 12:
            return _statement(body, start + verb.end(), end, speaker, verb.group("cue"))
    tail = _TAIL_CUE.search(sentence)
    if tail and _cue_word(tail.group("cue")) and tail.group("cue")[0].islower():
        cue = tail.group("cue")
        speaker = (speakers.last_named(start) if _refers_back(cue)
                   else speakers.in_clause(tail.group("clause"), start))
        if speaker:
            return _statement(body, start, start + tail.start(), speaker, cue)
    return None


def _statement(body: str, start: int, end: int, speaker: str | None, cue: str) -> Quote | None:
    start, end = _stripped(body, start, end)
    while end > start and body[end - 1] in ".!?":
        end -= 1
    text = body[start:end]
    if speaker is None or len(_WORD_RE.findall(text)) < MIN_INDIRECT_WORDS:
        return None
    return Quote(speaker, text, "indirect", cue, start, end)


def speakers_of(quotes: Sequence[Quote]) -> tuple[str, ...]:
    """The persons quoted, each once, in order of their first statement."""
    return tuple(dict.fromkeys(q.speaker for q in quotes if q.speaker))
