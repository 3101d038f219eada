"""Reviewed tables of names and markers, and the one way to read them.

A table file is plain UTF-8 text: `[section]` headers, one entry per line, `#` starts a comment
line. Entries are returned stripped, in file order.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def read_table(name: str) -> dict[str, tuple[str, ...]]:
    """The sections of table file `name` (in this package), each a tuple of its entries."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), [])
        elif current is None:
            raise ValueError(f"{name}:{number}: entry before any [section]")
        else:
            current.append(line)
    return {section: tuple(entries) for section, entries in sections.items()}


def read_lines(name: str) -> list[str]:
    """The entries of list file `name` (no sections): stripped lines, blanks and `#` comments
    left out. Callers cache what they build from them."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
