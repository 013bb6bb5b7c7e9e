"""The command line over real inputs: read's JSON shape, ingest's exit codes, kill-and-resume."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import duckdb
import jsonschema
import pytest
from click.testing import CliRunner

from entente.cli import EXIT_REJECTED, cli

from ..conftest import shared_file

SCHEMA = json.loads((resources.files("entente") / "schema" / "read.v1.schema.json").read_text(encoding="utf-8"))


def test_cli_every_command_has_help() -> None:
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help, f"{name} has no help text"


def test_cli_read_json_matches_the_published_schema(tmp_path: Path) -> None:
    wikinews = shared_file("data", "news", "wikinews", "wikinews_en.jsonl")
    sample = tmp_path / "five.jsonl"
    sample.write_text("\n".join(wikinews.read_text(encoding="utf-8").splitlines()[:5]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["read", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    for line in lines:
        jsonschema.validate(line, SCHEMA)


def test_cli_read_reports_rejects_and_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(cli, ["read", str(bad), "--json"])
    assert result.exit_code == EXIT_REJECTED
    assert "binary" in result.stderr


def test_cli_ingest_sample_then_again_is_all_duplicates(db_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", "--sample", "--db", str(db_path), "--json", "--no-progress", "--no-extract"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["stored"] == summary["read"] >= 300 and summary["rejected"] == 0
    second = runner.invoke(cli, ["ingest", "--sample", "--db", str(db_path), "--json", "--no-progress", "--no-extract"])
    assert second.exit_code == 0
    again = json.loads(second.stdout)
    assert again["stored"] == 0 and again["duplicates"] == summary["stored"]
    shown = runner.invoke(cli, ["summary", "--db", str(db_path), "--json"])
    assert json.loads(shown.stdout)["articles"] == summary["stored"]


def test_cli_ingest_with_rejects_exits_3_and_records_them(db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "nope.html"),
                                      "--db", str(db_path), "--no-progress"])
    assert result.exit_code == EXIT_REJECTED
    assert "rejected" in result.stderr and "empty" in result.stderr
    listed = CliRunner().invoke(cli, ["rejects", "--db", str(db_path), "--json"])
    reasons = sorted(json.loads(line)["reason"] for line in listed.stdout.splitlines())
    assert reasons == ["empty", "not_found"]


def _ids(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [row[0] for row in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]


@pytest.mark.slow
def test_cli_ingest_killed_midway_resumes_with_no_duplicate_and_no_loss(tmp_path: Path) -> None:
    reuters = shared_file("data", "news", "reuters_1996_conll2003_docs.jsonl")
    corpus = tmp_path / "reuters_300.jsonl"  # enough for a dozen batches, small enough to parse twice
    corpus.write_text("\n".join(reuters.read_text(encoding="utf-8").splitlines()[:300]), encoding="utf-8")
    command = [sys.executable, "-m", "entente", "-v", "ingest", str(corpus), "--batch-size", "10",
               "--no-progress", "--db"]
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    subprocess.run(command + [str(clean_db)], check=False, capture_output=True, timeout=600)

    proc = subprocess.Popen(command + [str(killed_db)], stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    committed = 0
    deadline = time.monotonic() + 300
    while committed < 5 and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        committed += "committed a batch" in line
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    partial = _ids(killed_db)
    assert 0 < len(partial) < len(_ids(clean_db))

    resumed = subprocess.run(command + [str(killed_db)], check=False, capture_output=True, text=True, timeout=600)
    assert resumed.returncode in (0, EXIT_REJECTED), resumed.stderr
    assert _ids(killed_db) == _ids(clean_db)
    with duckdb.connect(str(killed_db), read_only=True) as con:
        assert con.execute("SELECT count(*) - count(DISTINCT id) FROM articles").fetchone() == (0,)
        rejects = con.execute("SELECT count(*), sum(times) FROM rejects").fetchone()
    with duckdb.connect(str(clean_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM rejects").fetchone()[0] == rejects[0]  # type: ignore[index]
