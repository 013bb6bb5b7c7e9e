"""`entente events` over the seed article as the real pipeline stores it: the table, the filters,
paging, the errors, and the same output through a running `entente serve`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from entente.cli import cli
from entente.cli import events as events_module
from entente.cli.access import answering_server

from ..export import ingest_seed

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_seed(tmp_path_factory.mktemp("events_cmd") / "seed.duckdb")


def invoke(db: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["events", "--db", str(db), *args])


def events(db: Path, *args: str) -> list[dict[str, Any]]:
    result = invoke(db, "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_table_shows_each_event_with_its_sentence(seed_db: Path) -> None:
    found = events(seed_db)
    result = invoke(seed_db, "--format", "table")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    heads = [line for line in lines if not line.startswith("    ")]
    assert len(heads) == len(found) > 0
    for head, event in zip(heads, found, strict=True):
        assert head.startswith(event["when"]) and head.endswith(event["id"])
        assert f" {event['type']} " in head and event["mode"] in head
        assert f"{event['source'][0]['actor'] if event['source'] else '-'}" in head and " -> " in head
    first_sentence = found[0]["sentence"]["text"].split()[:5]
    assert " ".join(first_sentence) in lines[1]
    assert invoke(seed_db, "--format", "table", "--actor", "NOBODY").stdout == "no events found\n"


def test_in_a_pipe_the_default_is_jsonl_of_the_api_events(seed_db: Path) -> None:
    result = invoke(seed_db)
    assert result.exit_code == 0
    first = json.loads(result.stdout.splitlines()[0])
    assert {"id", "type", "cameo", "quad", "mode", "source", "target", "sentence", "article", "confidence"} <= set(first)


def test_the_type_mode_and_date_filters_narrow_the_events(seed_db: Path) -> None:
    everything = events(seed_db)
    assaults = events(seed_db, "--type", "assault")
    assert 0 < len(assaults) < len(everything)
    assert all(e["type"] == "ASSAULT" for e in assaults)
    asserted = events(seed_db, "--mode", "asserted")
    assert 0 < len(asserted) < len(everything)
    assert all("asserted" in e["mode"].split("+") for e in asserted)
    since, until = events(seed_db, "--since", "2013"), events(seed_db, "--until", "2012")
    assert since and until and len(since) + len(until) == len(everything)
    assert all(e["when"] >= "2013" for e in since) and all(e["when"][:4] <= "2012" for e in until)
    conflict = events(seed_db, "--quad", "4")
    assert conflict and all(e["quad"] == 4 for e in conflict) and len(conflict) < len(everything)
    sure = events(seed_db, "--min-confidence", "0.5")
    assert 0 < len(sure) < len(everything) and all(e["confidence"] >= 0.5 for e in sure)
    dyad = events(seed_db, "--dyad", "isr-aze")
    assert 0 < len(dyad) < len(everything)
    assert all({a["country"] for a in e["source"] + e["target"]} & {"ISR", "AZE"} for e in dyad)
    assert len(events(seed_db, "--limit", "3")) == 3


def test_paging_streams_the_same_events_as_one_page(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = [e["id"] for e in events(seed_db)]
    sure = [e["id"] for e in events(seed_db, "--min-confidence", "0.3")]
    monkeypatch.setattr(events_module, "PAGE", 2)
    asked: list[dict[str, Any]] = []
    real = events_module.answer

    def counting(db: str, name: str, **params: Any) -> Any:
        asked.append(params)
        return real(db, name, **params)

    monkeypatch.setattr(events_module, "answer", counting)
    assert [e["id"] for e in events(seed_db)] == whole
    assert len(asked) == len(whole) // 2 + 1 and all(p["page"] == 2 for p in asked)
    assert [e["id"] for e in events(seed_db, "--min-confidence", "0.3")] == sure
    assert [e["id"] for e in events(seed_db, "--limit", "3")] == whole[:3]
    assert [e["id"] for e in events(seed_db, "--min-confidence", "0.3", "--limit", "2")] == sure[:2]


@pytest.mark.parametrize(("args", "message"), [
    (["--dyad", "ISR"], "give two actor codes joined by '-'"),
    (["--since", "2013-13"], "give YYYY, YYYY-MM or YYYY-MM-DD"),
    (["--format", "parquet"], "add --output FILE"),
    (["--type", "HUG"], "'HUG' is not one of"),
    (["--quad", "5"], "--quad"),
])
def test_bad_options_say_what_to_give(seed_db: Path, args: list[str], message: str) -> None:
    result = invoke(seed_db, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = invoke(tmp_path / "none.duckdb")
    assert result.exit_code == 1
    assert "entente ingest" in result.stderr


@pytest.mark.slow
def test_beside_a_running_server_the_command_prints_what_it_prints_from_the_file(seed_db: Path,
                                                                                 tmp_path: Path) -> None:
    from .test_cli_beside_server import serving

    formats = (["--format", "jsonl"], ["--format", "gdelt"], ["--format", "plover", "--dyad", "ISR-AZE"],
               ["--format", "table", "--type", "ASSAULT"], ["--format", "csv", "--min-confidence", "0.5"])
    alone = [invoke(seed_db, *args).stdout for args in formats]
    with serving(seed_db, tmp_path / "serve.log"):
        assert answering_server(str(seed_db)) is not None
        served = [invoke(seed_db, *args) for args in formats]
    assert [r.exit_code for r in served] == [0] * len(formats), [r.output for r in served]
    assert [r.stdout for r in served] == alone


def test_the_type_choices_are_the_extractors_types() -> None:
    """--type lists the types without importing the extractor (and spaCy) when the CLI starts."""
    from entente.events.lexicon import PLOVER_TYPES

    assert events_module.EVENT_TYPES == PLOVER_TYPES
