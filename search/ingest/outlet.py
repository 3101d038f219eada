"""A page's own outlet: the places on a page that name the site that published it, most trusted
first.

1. the dateline (`MOSKWA, KOMPAS.com -`), read by `search.ingest.dateline`;
2. a masthead, byline or reporter's credit next to the headline (`Kompas.com - 26/09/2020`,
   `Andi Saputra - detikNews`, `Laporan Wartawan Tribunnews.com, X`, `Tim Hukumonline`);
3. the copyright line (`Copyright ©2024 SINDOnews.com`);
4. the page promoting its own channels (`... konten menarik lainnya dari JPNN.com Jateng di
   Google News`, `follow akun Google News Metrotvnews.com`);
5. the URL's host, when the URL is known;
6. the reporter speaking of the newsroom in the body (`Pantauan Kompas.com`, `dirangkum
   Okezone`, `saat dihubungi suara.com`): known names and hosts only.

A cited outlet (`dikutip dari`, `dilansir`, `Sumber:`, `ANTARA FOTO`) is never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from search.outlets import (
    DOMAIN,
    canonical_outlet,
    display_name,
    named_outlet,
    names_a_site,
    outlet_in_copyright,
    outlet_in_masthead,
    outlet_in_report,
    outlet_of_host,
)

_TEAM = re.compile(r"^tim(?: redaksi| liputan)?\s+(?P<name>\S+(?: \S+)?)$", re.IGNORECASE)
_PROMOTION = re.compile(
    r"(?:google news|whatsapp channel|saluran whatsapp|aplikasi|app)\b", re.IGNORECASE
)
_PROMOTED_NAME = re.compile(r"\b(?:dari|akun)\s+(?P<name>\S+(?: \S+)?)\s+di\s+google news\b"
                            r"|\bgoogle news\s+(?P<after>\S+)", re.IGNORECASE)
_REPORTING = re.compile(
    r"\b(?:pantauan|dirangkum|dihimpun|dihubungi|diwawancarai|ditemui|kepada|laporan)\s+"
    r"(?P<name>[\w.-]+(?:\s[\w.-]+)?)",
    re.IGNORECASE,
)


def outlet_in_team_credit(line: str) -> str | None:
    """The outlet a team byline names (`Tim Hukumonline`, `Tim Redaksi Kompas.com`)."""
    match = _TEAM.match(line.strip())
    if not match or not names_a_site(match["name"]):
        return None
    return display_name(match["name"])


def outlet_in_promotion(line: str) -> str | None:
    """The site a line promoting its own channels names, or None."""
    if not _PROMOTION.search(line):
        return None
    match = _PROMOTED_NAME.search(line)
    name = (match["name"] or match["after"]).rstrip(".,") if match else None
    if name and names_a_site(name):
        return named_outlet(name) or display_name(name)
    domain = DOMAIN.search(line)
    return display_name(domain.group(0)) if domain else None


def outlet_in_reporting(paragraph: str) -> str | None:
    """A known outlet the body names as the newsroom doing the reporting, or None."""
    for match in _REPORTING.finditer(paragraph):
        words = match["name"].rstrip(".,").split()
        for count in range(len(words), 0, -1):
            found = canonical_outlet(" ".join(words[:count]).rstrip(".,"))
            if found:
                return found
    return None


def find_outlet(
    dateline_outlet: str | None,
    near_headline: Iterable[str],
    page: Sequence[str],
    body: Sequence[str] = (),
    url: str | None = None,
    copied_from: str | None = None,
) -> str | None:
    """A page's own outlet from the places above, in order; None when none names it. On a
    syndicated copy whose text keeps the original's dateline (`copied_from`), the URL's host
    is the outlet."""
    if dateline_outlet and copied_from and url and display_name(dateline_outlet) == copied_from:
        return outlet_of_host(url) or copied_from
    if dateline_outlet:
        return display_name(dateline_outlet)
    for line in near_headline:
        found = outlet_in_masthead(line) or outlet_in_report(line) or outlet_in_team_credit(line)
        if found:
            return found
    for finder in (outlet_in_copyright, outlet_in_promotion):
        found = next((name for name in map(finder, page) if name), None)
        if found:
            return found
    if url:
        found = outlet_of_host(url)
        if found:
            return found
    return next((name for name in map(outlet_in_reporting, body) if name), None)
