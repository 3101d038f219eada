"""Outlet recognition: canonical display names from printed names, hosts and page text.

The names, hosts and spellings live in `search/data/outlets.txt`. A page names its own outlet in
its dateline (`MOSKWA, KOMPAS.com -`), its masthead (`Kompas.com - 26/09/2020, 08:13 WIB`) or its
copyright line (`Copyright ©2024 SINDOnews.com`); every other mention (a `Sumber:` line, a photo
credit, `dikutip dari`, the body) names another outlet and is never read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from search.data import read_table
from search.dates import find_dates

# A host-like token as pages print their own name: SELIDIKI.COM, Liputan6.com, TEMPO.CO.
DOMAIN = re.compile(
    r"(?<![\w.@/-])(?P<name>[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*)"
    r"\.(?P<tld>co\.id|or\.id|web\.id|my\.id|com|id|net|co|tv|org|news|info|asia)(?![\w.-]*\w)",
    re.IGNORECASE,
)
# A printed name ending in a domain, spaces and all: `METRO JABAR.ID`.
DOMAIN_END = re.compile(r"\.(?:co\.id|or\.id|web\.id|my\.id|com|id|net|co|tv|org|news|info)$",
                        re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"(?:copyright|hak cipta|©|\(c\))\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,.]*"
    r"(?P<owner>.*)",
    re.IGNORECASE,
)
_SECOND_LEVEL = frozenset({"co.id", "or.id", "web.id", "my.id", "ac.id", "go.id", "sch.id",
                           "net.id", "biz.id", "co.uk"})
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.", "beta.")
_MAX_NAME_WORDS = 4
_ACRONYM_LETTERS = 4
_MASTHEAD_PARTS = re.compile(r"\s+[-–—|]+\s+|\s*[|,·•]\s*|\s+[-–—]+$")
_MAX_MASTHEAD_PARTS = 3
_REPORT = re.compile(
    r"^laporan (?:wartawan|reporter|kontributor|jurnalis)\s+(?P<outlet>[\w.-]+(?: [\w.-]+)?)\s*,",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Table:
    spellings: dict[str, str]  # normalized spelling -> canonical name
    hosts: dict[str, str]  # host, or host/path prefix -> canonical name
    networks: dict[str, str]  # canonical name -> the network it belongs to


def _normalize(name: str) -> str:
    return " ".join(name.lower().split())


@cache
def _table() -> _Table:
    spellings: dict[str, str] = {}
    hosts: dict[str, str] = {}
    networks: dict[str, str] = {}
    for entry in read_table("outlets.txt")["outlets"]:
        canonical, host_field, spelling_field, *network = (part.strip() for part in entry.split("|"))
        if network:
            networks[canonical] = network[0]
        for host in host_field.split():
            hosts[host.lower()] = canonical
            spellings.setdefault(host.lower(), canonical)
        for spelling in [canonical, *spelling_field.split(";")]:
            if spelling.strip():
                spellings[_normalize(spelling)] = canonical
    return _Table(spellings, hosts, networks)


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix) :]
    return host


def outlet_from_url(url: str) -> str | None:
    """The canonical outlet of a URL's host (subdomains included), or None when unknown."""
    parts = urlsplit(url if "//" in url else f"//{url}")
    labels = _bare_host(parts.hostname or "").split(".")
    segments = [segment for segment in parts.path.lower().split("/") if segment]
    hosts = _table().hosts
    for start in range(len(labels) - 1):  # longest host suffix first, then longest path
        suffix = ".".join(labels[start:])
        for depth in range(len(segments), -1, -1):
            key = "/".join([suffix, *segments[:depth]])
            if key in hosts:
                return hosts[key]
    return None


def canonical_outlet(name_or_host: str) -> str | None:
    """The canonical display name for a printed outlet name, a host or a URL; None if unknown."""
    name = _normalize(name_or_host.strip(" \t-–—|,.:;()"))
    if not name:
        return None
    known = _table().spellings.get(name)
    if known:
        return known
    if " " not in name and "." in name:
        return outlet_from_url(name)
    return None


def outlet_network(outlet: str) -> str | None:
    """The network a known outlet belongs to (`TribunMedan.com` -> `Tribun Network`), or None."""
    return _table().networks.get(canonical_outlet(outlet) or outlet)


def display_name(printed: str) -> str:
    """A printed outlet name as Warta shows it: the table's name, else the printed host tidied
    (`SELIDIKI.COM` -> `Selidiki.com`)."""
    known = canonical_outlet(printed)
    if known:
        return known
    printed = printed.strip()
    if not (printed.isupper() or printed.islower()):
        return printed
    if " " in printed:  # `RADAR JOGJA` -> `Radar Jogja`
        return " ".join(word[:1].upper() + word[1:].lower() for word in printed.split())
    if printed.isupper() and "." not in printed and len(printed) <= _ACRONYM_LETTERS:
        return printed  # an agency's acronym: `MINA`
    return printed[:1].upper() + printed[1:].lower()


def named_outlet(text: str) -> str | None:
    """The outlet a short text names outright (a known spelling or a host), or None."""
    known = canonical_outlet(text)
    if known:
        return known
    domain = DOMAIN.fullmatch(text.strip())
    return display_name(domain.group(0)) if domain else None


@cache
def _news_affixes() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    tables = read_table("outlets.txt")
    return tables["news-prefixes"], tables["news-infixes"], tables["news-suffixes"]


def names_a_site(name: str) -> bool:
    """Whether a printed name is a news site's, known or not: a known outlet, a name ending in a
    domain (`METRO JABAR.ID`), or one holding a news word (`Murianews`, `Radar Jogja`)."""
    if named_outlet(name) or DOMAIN_END.search(name):
        return True
    prefixes, infixes, suffixes = _news_affixes()
    return any(word.startswith(prefixes) or word.endswith(suffixes)
               or any(infix in word for infix in infixes) for word in name.lower().split())


def outlet_in_masthead(line: str) -> str | None:
    """The outlet of a masthead or byline line: a known name or a site name alone, a name before
    the date (`Kompas.com - 26/09/2020, 08:13 WIB`), or beside a writer's name
    (`Andi Saputra - detikNews`, `Gloria Safira Taylor, CNN Indonesia | Rabu, 11/01/2017`)."""
    dates = find_dates(line)
    if len(dates) == 1:
        line = line[: dates[0].start]
    parts = [part for part in _MASTHEAD_PARTS.split(line) if part.strip(" -–—|,.:;()")]
    if not parts or len(parts) > _MAX_MASTHEAD_PARTS:
        return None
    for part in reversed(parts):  # the outlet follows the writer's name
        known = named_outlet(part)
        if known:
            return known
    return None


def outlet_in_report(line: str) -> str | None:
    """The outlet a reporter's credit names (`Laporan Wartawan Tribunnews.com, Ria Anatasia`)."""
    match = _REPORT.match(line)
    return named_outlet(match["outlet"]) if match else None


def outlet_in_copyright(line: str) -> str | None:
    """The outlet a copyright line names (`Copyright ©2024 SINDOnews.com`), or None."""
    match = _COPYRIGHT.match(line.strip())
    if not match:
        return None
    owner = match.group("owner")
    domain = DOMAIN.search(owner)
    if domain:
        return display_name(domain.group(0))
    words = owner.split()
    for count in range(min(_MAX_NAME_WORDS, len(words)), 0, -1):
        known = canonical_outlet(" ".join(words[:count]))
        if known:
            return known
    return None


def outlet_of_host(url: str) -> str | None:
    """The outlet of a URL: the table's name for its host, else the bare host as a site name
    (`https://www.cyberthreat.id/read/...` -> `Cyberthreat.id`)."""
    known = outlet_from_url(url)
    if known:
        return known
    labels = _bare_host(urlsplit(url if "//" in url else f"//{url}").hostname or "").split(".")
    if len(labels) < 2:
        return None
    # The site's own domain, without subdomains: two labels, three under `co.id`, `or.id`, ...
    keep = 3 if ".".join(labels[-2:]) in _SECOND_LEVEL else 2
    return display_name(".".join(labels[-keep:]))
