"""The `warta` command: one click group, one module per family of subcommands."""

from __future__ import annotations

import click


@click.group()
@click.version_option(package_name="warta")
def main() -> None:
    """Warta: search Indonesian news."""


# Each module registers its commands on `main` when imported.
from search.cli import index, ingest, serve  # noqa: E402,F401
