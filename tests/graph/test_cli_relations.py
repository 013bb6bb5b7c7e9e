"""The relations commands over a small store file: text and JSON output, exports, options."""

from __future__ import annotations

import json
from pathlib import Path

import click
import networkx as nx
import pytest
from click.testing import CliRunner

from entente.cli import EntenteGroup
from entente.cli.relations import COMMANDS, register
from entente.store import Store

from .builders import seed_store


@click.group(cls=EntenteGroup)
def group() -> None:
    """Test group holding the relations commands."""


register(group)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("relations") / "seed.duckdb"
    with Store(path) as store:
        seed_store(store)
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(group, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_registered_with_help() -> None:
    assert {c.name for c in COMMANDS} == {"dyad", "network", "balance", "blocs", "why", "shifts"}
    for command in COMMANDS:
        assert command.help
        run(command.name or "", "--help")


def test_why(db: str) -> None:
    text = run("why", "ISR", "AZE", "--db", db)
    assert "both in conflict with Iran" in text and "Azerbaijan considers Iran" in text
    data = json.loads(run("why", "isr", "aze", "--db", db, "--json"))
    assert data["paths"][0]["via"] == "IRN" and data["paths"][0]["kind"] == "common_enemy"


def test_dyad(db: str) -> None:
    data = json.loads(run("dyad", "ISR", "IRN", "--window", "year", "--db", db, "--json"))
    assert [p["window"] for p in data["series"]] == ["2012", "2013"]
    assert data["overall"]["sign"] == -1 and data["evidence"][0]["sentence"]
    assert "Israel - Iran" in run("dyad", "ISR", "IRN", "--db", db)


def test_network_exports(db: str, tmp_path: Path) -> None:
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"n.{fmt}"
        run("network", "--format", fmt, "--output", str(out), "--db", db)
        assert reader(out).number_of_edges() == 5
    data = json.loads(run("network", "--db", db, "--kind", "all"))
    assert len(data["links"]) == 5


def test_balance_and_blocs(db: str) -> None:
    data = json.loads(run("balance", "--db", db, "--json"))
    (window,) = data["windows"]
    assert window["share_balanced"] == 1.0 and window["frustration"] == 0
    years = json.loads(run("balance", "--window", "year", "--db", db, "--json"))
    assert [w["window"] for w in years["windows"]] == ["2010", "2012", "2013"]
    blocs = json.loads(run("blocs", "--db", db, "--json"))["windows"][0]["blocs"]
    assert sorted(map(sorted, (b["members"] for b in blocs))) == [["ARM", "IRN", "TUR"], ["AZE", "ISR"]]
    assert "bloc 0" in run("blocs", "--db", db)


def test_shifts(db: str) -> None:
    assert json.loads(run("shifts", "--db", db, "--json"))["total"] == 0
    assert "no significant shifts" in run("shifts", "--since", "2012", "--db", db)


def test_db_from_environment(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENTENTE_DB", db)
    assert json.loads(run("why", "ISR", "AZE", "--json"))["direct"]["sign"] == 1


def test_errors_are_one_line(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(group, ["balance", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 1 and "no store" in result.output
    result = CliRunner().invoke(group, ["network", "--since", "last year", "--db", db])
    assert result.exit_code == 2 and "ISO date" in result.output


def test_why_and_dyad_explain_the_weights_they_used(db: str) -> None:
    """Each listed record shows its mode and the weight it got; a legend of the mode weights and the
    count of excluded records close the output (issue 15, part 4)."""
    text = run("why", "ISR", "IRN", "--db", db)
    assert "(weight alleged 0.5)" in text
    assert "weight reported 0.7 × planned 0.25 × hypothetical 0 × disputed 0.25 = 0, not counted" in text
    assert "mode weights: asserted 1 · reported 0.7 · alleged 0.5" in text
    assert "1 not counted (weight 0): 1 reported+planned+hypothetical" in text
    data = json.loads(run("why", "ISR", "IRN", "--db", db, "--json"))
    assert data["weights"]["legend"].startswith("asserted 1 · reported 0.7")
    assert data["weights"]["excluded_by_mode"] == {"reported+planned+hypothetical": 1}
    assert all("mode_weight" in e and e["weights"]["text"] for e in data["evidence"])
    text = run("dyad", "ISR", "IRN", "--db", db)
    assert "mode weights: asserted 1" in text and "(weight alleged 0.5)" in text
    data = json.loads(run("dyad", "ISR", "IRN", "--db", db, "--json"))
    assert data["weights"]["n_excluded"] == data["overall"]["n_excluded"] == 1
    assert data["overall"]["excluded_by_mode"] == {"reported+planned+hypothetical": 1}
    assert {e["mode"]: e["mode_weight"] for e in data["evidence"]}["alleged"] == 0.5
