"""The `entente` command line: thin commands over library calls.

Exit codes: 0 success; 1 an error stopped the command; 2 a usage error; 3 the command finished
but some inputs were rejected (they are listed, and recorded in the store's `rejects` table).
"""
from __future__ import annotations

import logging

import click

from .. import __version__
from ..errors import EntenteError

EXIT_REJECTED = 3


class EntenteGroup(click.Group):
    """Turns entente's own errors into one clean line and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except EntenteError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=EntenteGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="entente")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to standard error.")
def cli(verbose: int) -> None:
    """entente reads news and maps who sides with whom."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def main() -> None:
    cli(prog_name="entente")


# Each module registers its commands on `cli`.
from . import actors as _actors  # noqa: E402
from . import eval as _eval  # noqa: E402
from . import events as _events  # noqa: E402
from . import export as _export  # noqa: E402
from . import ingest as _ingest  # noqa: E402
from . import quotes as _quotes  # noqa: E402
from . import relations as _relations  # noqa: E402
from . import serve as _serve  # noqa: E402
from . import watch as _watch  # noqa: E402

for _module in (_ingest, _actors, _eval, _events, _export, _quotes, _relations, _serve, _watch):
    _module.register(cli)
