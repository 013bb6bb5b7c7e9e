"""The command line starts without the heavy libraries (issue 14, defect 12).

`entente --help` used to take about 3 s of CPU because spaCy, DuckDB and the actor knowledge base
were imported with `entente.cli`. These tests look at what a fresh interpreter has imported
(`sys.modules`) after the command ran, rather than at a time, which would depend on the machine.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from entente.store import Store

#: Modules that must stay out of `entente --help`: spaCy, DuckDB, the knowledge base.
HEAVY = ("spacy", "duckdb", "entente.actors.kb", "entente.nlp", "entente.pipeline", "entente.store",
         "entente.graph", "fastapi", "httpx")


def _imported_after(argv: list[str]) -> list[str]:
    """The heavy modules a fresh interpreter has imported after running `entente ARGV`."""
    script = (
        "import json, sys\n"
        "from entente.cli import main\n"
        f"sys.argv = ['entente', *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stderr.strip().splitlines()[-1]))


def test_importing_the_cli_imports_no_heavy_library() -> None:
    script = f"import json, sys, entente.cli; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize("argv", [["--help"], ["why", "--help"], ["watch", "--help"], ["ingest", "--help"],
                                  ["network", "--help"], ["actors", "--help"]])
def test_help_imports_no_heavy_library(argv: list[str]) -> None:
    assert _imported_after(argv) == []


def test_watch_list_reads_the_store_without_spacy_the_knowledge_base_or_the_store_module(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with Store(db):
        pass
    loaded = _imported_after(["watch", "list", "--db", str(db)])
    assert "duckdb" in loaded  # it did read the store
    for module in ("spacy", "entente.actors.kb", "entente.nlp", "entente.store", "entente.graph"):
        assert module not in loaded


def test_the_option_values_equal_the_libraries() -> None:
    """`entente.cli.choices` copies a few library constants so that --help need not import them."""
    from entente.cli import choices
    from entente.graph import dyads, network, rules
    from entente.ingest.options import DEFAULT_MAX_BYTES, FORMATS
    from entente.pipeline import DEFAULT_BATCH
    from entente.store import DEFAULT_PATH
    from entente.watch.records import MODES, WINDOWS

    assert choices.DEFAULT_DB == DEFAULT_PATH
    assert choices.INGEST_FORMATS == FORMATS
    assert choices.DEFAULT_MAX_BYTES == DEFAULT_MAX_BYTES
    assert choices.DEFAULT_BATCH == DEFAULT_BATCH
    assert choices.WINDOWS == tuple(rules.WINDOWS)
    assert choices.KINDS == dyads.KINDS
    assert choices.NETWORK_FORMATS == network.FORMATS
    assert choices.SHIFT_MIN_EVENTS == rules.SHIFT_MIN_EVENTS
    assert choices.SHIFT_ALPHA == rules.SHIFT_ALPHA
    assert choices.WATCH_MODES == MODES
    assert choices.WATCH_WINDOWS == WINDOWS
