"""Problems: inputs that were skipped (or read with a caveat), reported as `path:line: reason`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One input Warta could not read as an article. `skipped` is False for a caveat only
    (text that is not UTF-8 was read as cp1252): the article was still read."""

    path: str
    line: int | None
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


class BadInput(Exception):
    """Raised by a parser for input it must skip; the reader turns it into a Problem."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
