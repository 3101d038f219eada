"""The engine boundary, kept: Whoosh is imported in one package only, its private names are read
in one module only, the web app knows the protocol and not the engine, and no module of search/
grows past 400 lines."""

from __future__ import annotations

import re
from pathlib import Path

from search.backend import BACKENDS, SearchBackend, open_backend

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "search" / "whoosh_backend"
IMPORTS_WHOOSH = re.compile(r"^\s*(?:import whoosh|from whoosh)\b", re.MULTILINE)
# `thing._name` where thing is not self/cls: a reach into another object's private parts
PRIVATE_ACCESS = re.compile(r"\b(?!self\b|cls\b|os\b)[A-Za-z_]\w*\._[a-z]\w*")
MAX_LINES = 400


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_only_the_whoosh_backend_imports_whoosh() -> None:
    importing = [path for path in [*_modules("search"), *_modules("web")]
                 if IMPORTS_WHOOSH.search(path.read_text(encoding="utf-8"))]
    assert importing and all(path.parent == ENGINE for path in importing), importing


def test_only_internals_reads_private_whoosh_names() -> None:
    reaching = {
        path.name: PRIVATE_ACCESS.findall(path.read_text(encoding="utf-8"))
        for path in _modules("search/whoosh_backend") if path.name != "internals.py"
    }
    assert {name: found for name, found in reaching.items() if found} == {}


def test_the_web_app_knows_the_protocol_not_the_engine() -> None:
    for path in _modules("web"):
        assert "whoosh_backend" not in path.read_text(encoding="utf-8"), path


def test_no_module_of_search_is_over_four_hundred_lines() -> None:
    long = {str(path.relative_to(ROOT)): count for path in _modules("search")
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_every_registered_backend_implements_the_protocol(tmp_path: Path) -> None:
    for name in BACKENDS:
        assert isinstance(open_backend(name, tmp_path), SearchBackend)
