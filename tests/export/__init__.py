"""Tests of `entente events` and its export formats (`entente.export`)."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from entente.cli import cli

from ..conftest import shared_file


def ingest_seed(db: Path) -> Path:
    """A store holding the seed article, read by the real pipeline (`entente ingest`, about 10 s)."""
    seed = shared_file("seed", "000_5add44aad795eaac.txt")
    result = CliRunner().invoke(cli, ["ingest", str(seed), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0, result.output
    return db
