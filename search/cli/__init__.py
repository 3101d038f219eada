"""The `warta` command: one click group, one module per family of subcommands."""

from __future__ import annotations

import click


@click.group()
@click.version_option(package_name="warta")
def main() -> None:
    """Warta: search Indonesian news."""


def _register() -> None:
    # Subcommand modules register themselves on `main`; each is imported only if present so the
    # group works while the families are built one at a time.
    import importlib

    for name in ("ingest", "index", "serve"):
        try:
            importlib.import_module(f"search.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"search.cli.{name}":
                raise


_register()
