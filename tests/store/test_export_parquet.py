"""`entente export --parquet`: a real store out to Parquet and back into a fresh store, row for row.

The source store is built by `entente ingest` of twelve Wikinews articles, an empty file (a
reject), the same articles seen again from a second file (duplicates: more sightings) and one
article with a word changed (a near-duplicate); a watch with an e-mail subscriber is added, whose
address must not reach the dataset.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from entente.cli import EXIT_REJECTED, cli
from entente.store import Store
from entente.store.parquet import DERIVED_TABLES, EXPORT_TABLES, MANIFEST, month_of, open_dataset

from ..conftest import shared_file

pytestmark = pytest.mark.model

ADDRESS = "subscriber.private@example.org"
#: Each table's identity: the rows a lossless round trip must give back.
KEYS = {
    "articles": "SELECT id FROM articles",
    "mentions": 'SELECT article_id, start, "end" FROM mentions',
    "events": "SELECT id FROM events",
    "event_actors": "SELECT event_id, role, actor FROM event_actors",
    "quotes": "SELECT id FROM quotes",
    "rejects": "SELECT id FROM rejects",
    "near_duplicates": "SELECT article_id, duplicate_of FROM near_duplicates",
    "sightings": "SELECT article_id, origin FROM sightings",
    "extraction_runs": "SELECT article_id, extractors FROM extraction_runs",
}


def _invoke(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store made by `entente ingest` with duplicates, a near-duplicate, a reject and a watch."""
    folder = tmp_path_factory.mktemp("inputs")
    lines = shared_file("data", "news", "wikinews", "wikinews_en.jsonl").read_text(encoding="utf-8").splitlines()[:12]
    (folder / "first.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "again.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")  # exact duplicates
    changed = json.loads(lines[0])
    words = changed["text"].split(" ")
    words[len(words) // 2] = "remarkably"
    changed.update(text=" ".join(words), url=changed["url"] + "_(copy)")
    (folder / "near.jsonl").write_text(json.dumps(changed) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path_factory.mktemp("source") / "source.duckdb"
    for name in ("first.jsonl", "again.jsonl", "near.jsonl", "empty.txt"):
        code, out, err = _invoke(["ingest", str(folder / name), "--db", str(db), "--workers", "1", "--no-progress"])
        assert code in (0, EXIT_REJECTED), out + err
    code, out, err = _invoke(["watch", "add", "--actor", "ISR", "--email", ADDRESS, "--db", str(db)])
    assert code == 0, out + err
    with Store(db, read_only=True) as store:
        assert store.count("articles") == 13 and store.count("near_duplicates") == 1
        assert store.count("rejects") == 1 and store.count("events") > 0 and store.count("sightings") == 25
        assert store.con.execute("SELECT count(*) FROM watches WHERE email = ?", [ADDRESS]).fetchone() == (1,)
    return db


@pytest.fixture(scope="module")
def dataset(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("export") / "dataset"
    code, out, err = _invoke(["export", "--parquet", str(target), "--db", str(source), "--json"])
    assert code == 0, out + err
    written = json.loads(out)["tables"]
    with Store(source, read_only=True) as store:
        assert written == {t: _count(store, t) for t in written}
    assert set(EXPORT_TABLES) <= set(written)
    return target


def _count(store: Store, table: str) -> int:
    return int(store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]


def _has_table(store: Store, table: str) -> bool:
    return bool(store.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                  [table]).fetchone()[0])  # type: ignore[index]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[object, ...]]:
    return sorted(con.execute(sql).fetchall(), key=repr)


def test_import_of_an_export_gives_back_every_row(source: Path, dataset: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.duckdb"
    code, out, err = _invoke(["import-parquet", str(dataset), "--db", str(fresh), "--json"])
    assert code == 0, out + err
    assert json.loads(out) == {"articles": 13, "stored": 13, "duplicates": 0, "near_duplicates": 1}
    with Store(source, read_only=True) as before, Store(fresh, read_only=True) as after:
        for table in EXPORT_TABLES:
            assert _count(after, table) == _count(before, table), table
        for table, sql in KEYS.items():
            assert _rows(after.con, sql) == _rows(before.con, sql), table
        derived = [t for t in DERIVED_TABLES if _has_table(before, t) and _has_table(after, t)]
        for table in (*EXPORT_TABLES, *derived):  # lossless: every column, times included
            assert _rows(after.con, f"SELECT * FROM {table}") == _rows(before.con, f"SELECT * FROM {table}"), table
        assert after.con.execute("SELECT count(*) FROM watches").fetchone() == (0,)


def test_importing_the_same_export_again_changes_nothing(dataset: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "twice.duckdb"
    assert _invoke(["import-parquet", str(dataset), "--db", str(fresh)])[0] == 0
    with Store(fresh, read_only=True) as store:
        once = {t: _rows(store.con, f"SELECT * FROM {t}") for t in EXPORT_TABLES}
    code, out, err = _invoke(["import-parquet", str(dataset), "--db", str(fresh), "--json"])
    assert code == 0, out + err
    assert json.loads(out)["stored"] == 0
    with Store(fresh, read_only=True) as store:
        assert {t: _rows(store.con, f"SELECT * FROM {t}") for t in EXPORT_TABLES} == once


def test_rows_are_partitioned_by_their_article_month(source: Path, dataset: Path) -> None:
    with Store(source, read_only=True) as store:
        months = {month_of(p) for (p,) in store.con.execute("SELECT published FROM articles").fetchall()}
    assert months and "unknown" not in months
    for table in ("articles", "events", "mentions", "sightings"):
        assert {p.name for p in (dataset / table).iterdir()} <= {f"month={m}" for m in months}, table
    assert {p.name for p in (dataset / "articles").iterdir()} == {f"month={m}" for m in months}
    assert all(f.name.startswith("part-") for f in (dataset / "articles").glob("month=*/*.parquet"))
    with open_dataset(dataset) as direct, Store(source, read_only=True) as store:
        for table in ("articles", "events", "event_actors", "quotes", "sightings", "rejects"):
            assert _count(direct, table) == _count(store, table), table


def test_no_subscriber_address_leaves_the_store(dataset: Path) -> None:
    names = {p.name for p in dataset.iterdir()}
    assert names == set(json.loads((dataset / MANIFEST).read_text())["tables"]) | {MANIFEST}
    assert not names & {"watches", "alerts", "deliveries", "shift_checks"}
    for path in dataset.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert ADDRESS.encode() not in data and b"example.org" not in data, path


def test_a_folder_that_holds_something_is_refused_without_overwrite(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, out, err = _invoke(["export", "--parquet", str(target), "--db", str(source)])
    assert code == 1 and "not empty" in err and "--overwrite" in err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    for _ in range(2):  # the second run replaces the first dataset instead of adding to it
        code, out, err = _invoke(["export", "--parquet", str(target), "--db", str(source), "--overwrite", "--json"])
        assert code == 0, out + err
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    with open_dataset(target) as direct:
        assert direct.count("articles") == 13 and direct.count("sightings") == 25


def test_export_of_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    code, _out, err = _invoke(["export", "--parquet", str(tmp_path / "out"), "--db", str(tmp_path / "none.duckdb")])
    assert code == 1 and "entente ingest" in err and not (tmp_path / "out").exists()


def test_export_of_a_store_another_process_writes_says_which_and_what_to_do(source: Path, tmp_path: Path) -> None:
    hold = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(120)"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(source)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        code, _out, err = _invoke(["export", "--parquet", str(tmp_path / "out"), "--db", str(source)])
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert code == 1 and f"open for writing in process {holder.pid}" in err and "Could not set lock" not in err
    assert not (tmp_path / "out").exists()
