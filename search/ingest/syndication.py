"""Syndicated copies: a page that says where its text first ran (`Artikel ini telah tayang di
Kompas.com dengan judul ...`) is a copy of that outlet's article."""

from __future__ import annotations

import re
from collections.abc import Iterable

from search.outlets import display_name

_NOTE = re.compile(
    r"^(?:artikel|berita|tulisan|konten) ini (?:telah |sudah )?"
    r"(?:tayang|terbit|dimuat|diterbitkan|ditayangkan|tayang lebih dulu) (?:di|pada|dalam|oleh) "
    r"(?P<outlet>[\w.-]+(?: [\w.-]+){0,3}?)(?=\s+(?:dengan judul|berjudul|pada|dengan)\b|\s*[.,:]|$)",
    re.IGNORECASE,
)


def syndicated_from(lines: Iterable[str]) -> str | None:
    """The outlet a page credits as the first publisher of its text, or None."""
    for line in lines:
        note = _NOTE.match(line)
        if note:
            return display_name(note["outlet"])
    return None
