"""Read commands beside a running `entente serve` (issue 14, defect 3).

`make run` serves the store, and `entente serve` holds DuckDB's write lock on it, so no other
process can open the file. Every read command must then answer through the server with exactly
the output it prints when it reads the file itself; and when the store is held by something that
is not an answering server, say what to do instead of DuckDB's "Could not set lock on file".

The store is small and hand-coded (no spaCy): the graph tests' seed article, a reject and a watch.
Each command runs first with no server (reading the file), then while a real `entente serve`
subprocess holds the store, and the two outputs are compared.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import httpx
import pytest
from click.testing import CliRunner

from entente.api.discovery import path_for
from entente.cli import cli
from entente.errors import Reason
from entente.records import Rejected
from entente.store import Store
from entente.watch import Watch, add_watch

from ..graph.builders import seed_store

ENTENTE = str(Path(sys.executable).with_name("entente"))
#: DuckDB's own words, which the user must no longer be left with.
LOCK_ERROR = "Conflicting lock"


@dataclass(frozen=True)
class Output:
    exit_code: int
    stdout: str
    stderr: str


def _build_store(db: Path) -> str:
    """The seed article's events, stances and quote, a reject, and a watch with a feed; returns the watch id."""
    with Store(db) as store:
        seed_store(store)
        store.add_batch([], [Rejected(origin="empty.txt", reason=Reason.EMPTY, detail="the file holds no text")])
        watch = add_watch(store, Watch.create("Israel and Azerbaijan", actors=["ISR"], partners=["AZE"], feed=True))
    return watch.id


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serving(db: Path, log: Path, timeout: float = 90.0) -> Iterator[subprocess.Popen[bytes]]:
    """`entente serve --db DB --port 0` in a subprocess, until it answers; stopped on the way out."""
    with log.open("wb") as out:
        process = subprocess.Popen([ENTENTE, "serve", "--db", str(db), "--port", "0", "--log-level", "warning"],
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while not _answers(db):
            if process.poll() is not None:
                raise RuntimeError(f"entente serve exited: {log.read_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"entente serve did not start: {log.read_text()}")
            time.sleep(0.2)
        yield process
    finally:
        _stop(process)


def _answers(db: Path) -> bool:
    try:
        url = json.loads(path_for(db).read_text())["url"]
        return httpx.get(url + "/api/health", timeout=2).status_code == 200
    except (OSError, ValueError, KeyError, httpx.HTTPError):
        return False


@contextmanager
def holding_the_lock(db: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process (not a server) that has the store open for writing, as an ingest would."""
    script = ("import sys, time, duckdb\n"
              f"con = duckdb.connect({str(db)!r})\n"
              "print('ready', flush=True)\n"
              "time.sleep(120)\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield process
    finally:
        process.kill()
        process.wait()


def run(args: list[str]) -> Output:
    result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Output(result.exit_code, result.stdout, result.stderr)


def read_commands(watch_id: str) -> list[list[str]]:
    """Every read command, in text and JSON (or each export format), with options that change the query."""
    return [
        ["summary"], ["summary", "--json"],
        ["rejects"], ["rejects", "--json"], ["rejects", "--limit", "1"],
        ["why", "ISR", "AZE"], ["why", "isr", "aze", "--json"], ["why", "ISR", "AZE", "--paths", "1", "--evidence", "1"],
        ["dyad", "ISR", "IRN"], ["dyad", "ISR", "IRN", "--window", "year", "--json"],
        ["dyad", "ISR", "AZE", "--since", "2013", "--rolling", "2", "--evidence", "1"],
        ["network"], ["network", "--format", "graphml"], ["network", "--format", "gexf", "--kind", "all"],
        ["network", "--min-events", "2", "--dimension", "security"],
        ["balance"], ["balance", "--window", "year", "--json"], ["balance", "--limit", "0", "--kind", "all"],
        ["blocs"], ["blocs", "--json"], ["blocs", "--window", "year"],
        ["shifts"], ["shifts", "--json", "--window", "year", "--min-events", "2", "--alpha", "0.5"],
        ["shifts", "--actor", "irn", "--kind", "states"],
        ["quotes"], ["quotes", "--json"], ["quotes", "--speaker", "nobody by this name"],
        ["watch", "list"], ["watch", "list", "--json"],
        ["watch", "test", watch_id], ["watch", "test", watch_id, "--json", "--limit", "1"],
        ["watch", "feed", watch_id],
        ["events"], ["events", "--format", "table", "--type", "assault"],
        ["events", "--format", "gdelt", "--dyad", "ISR-AZE"],
        ["events", "--format", "plover", "--since", "2013", "--limit", "2"],
        ["events", "--format", "csv", "--min-confidence", "0.5"],
        ["groups"], ["groups", "--json", "--reports"], ["groups", "--dyad", "ISR-AZE", "--min-reports", "2"],
        # errors: the same message and exit code both ways
        ["dyad", "ISR", "IRN", "--since", "2013-13"],
        ["watch", "test", "0123456789abcdef"],
        ["watch", "feed", "0123456789abcdef"],
    ]


def test_every_read_command_answers_through_the_server_as_it_reads_the_file(tmp_path: Path) -> None:
    db = tmp_path / "served.duckdb"
    watch_id = _build_store(db)
    commands = [[*args, "--db", str(db)] for args in read_commands(watch_id)]
    alone = [run(args) for args in commands]
    alone_file = tmp_path / "alone.graphml"
    assert run(["network", "--format", "graphml", "-o", str(alone_file), "--db", str(db)]).exit_code == 0
    assert [o.exit_code for o in alone[-3:]] == [2, 1, 1] and all(o.exit_code == 0 for o in alone[:-3])

    with serving(db, tmp_path / "serve.log"):
        with pytest.raises(duckdb.IOException, match=LOCK_ERROR):  # the file is the server's now
            duckdb.connect(str(db), read_only=True)
        for args, expected in zip(commands, alone, strict=True):
            assert run(args) == expected, " ".join(args)
        served_file = tmp_path / "served.graphml"
        written = run(["network", "--format", "graphml", "-o", str(served_file), "--db", str(db)])
        assert written.exit_code == 0 and "wrote 5 actors" in written.stderr
        assert served_file.read_bytes() == alone_file.read_bytes()
        # the README's commands, each a process of its own, as a user types them in a second terminal
        for args in (["why", "ISR", "AZE"], ["network", "--format", "json"], ["summary"], ["watch", "list"]):
            done = subprocess.run([ENTENTE, *args, "--db", str(db)], check=False, capture_output=True, text=True, timeout=120)
            assert (done.returncode, done.stdout) == (0, run([*args, "--db", str(db)]).stdout), done.stderr
    assert (tmp_path / "serve.log").read_text().count("Traceback") == 0


def test_commands_that_need_no_store_answer_beside_the_server(tmp_path: Path) -> None:
    db = tmp_path / "served.duckdb"
    _build_store(db)
    with serving(db, tmp_path / "serve.log"):
        done = subprocess.run([ENTENTE, "actors", "show", "ISR", "--json"], check=False, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0 and json.loads(done.stdout)["code"] == "ISR"


def test_a_store_locked_by_another_process_is_explained(tmp_path: Path) -> None:
    db = tmp_path / "locked.duckdb"
    _build_store(db)
    with holding_the_lock(db) as holder:
        for args in (["summary"], ["why", "ISR", "AZE"], ["watch", "list"], ["watch", "remove", "x"]):
            done = run([*args, "--db", str(db)])
            assert done.exit_code == 1, args
            assert f"open for writing in process {holder.pid}" in done.stderr
            assert f"kill {holder.pid}" in done.stderr and "pass another --db" in done.stderr
            assert LOCK_ERROR not in done.stderr
        # a discovery file names a live process that does not answer: a server still starting
        path_for(db).write_text(json.dumps({"url": "http://127.0.0.1:9", "pid": holder.pid,
                                                       "db": str(db), "token": "t"}))
        done = run(["summary", "--db", str(db)])
        assert done.exit_code == 1
        assert f"held by `entente serve` (pid {holder.pid}" in done.stderr and "does not answer" in done.stderr
        assert "stop the server" in done.stderr


def test_watches_are_added_and_removed_through_the_server(tmp_path: Path) -> None:
    db = tmp_path / "served.duckdb"
    _build_store(db)
    with serving(db, tmp_path / "serve.log"):
        added = run(["watch", "add", "--dyad", "ISR-IRN", "--json", "--db", str(db)])
        assert added.exit_code == 0, added.stderr
        watch = json.loads(added.stdout)
        assert watch["dyad"] == ["ISR", "IRN"] and watch["name"] == "ISR–IRN" and watch["channels"]["feed"]
        assert watch["id"] in run(["watch", "list", "--db", str(db)]).stdout
        text = run(["watch", "add", "--actor", "AZE", "--type", "accuse", "--db", str(db)])
        assert text.exit_code == 0 and text.stdout.startswith("added watch ") and "looks for AZE" in text.stdout
        refused = run(["watch", "add", "--actor", "AZE", "--email", "nope", "--db", str(db)])
        assert refused.exit_code == 2 and "e-mail address is not valid" in refused.stderr
        assert run(["watch", "remove", watch["id"], "--db", str(db)]).stdout == f"removed watch {watch['id']}\n"
        gone = run(["watch", "remove", watch["id"], "--db", str(db)])
        assert gone.exit_code == 1 and "no watch" in gone.stderr
        assert watch["id"] not in run(["watch", "list", "--db", str(db)]).stdout


def test_a_command_that_writes_beside_the_server_says_to_stop_it(tmp_path: Path) -> None:
    db = tmp_path / "served.duckdb"
    _build_store(db)
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    with serving(db, tmp_path / "serve.log") as server:
        imported = run(["import-parquet", str(dataset), "--db", str(db)])
        delivered = run(["watch", "deliver", "--db", str(db)])
    assert imported.exit_code == 1 and LOCK_ERROR not in imported.stderr
    assert f"held by `entente serve` (pid {server.pid}" in imported.stderr and "only the server writes" in imported.stderr
    assert delivered.exit_code == 1 and "delivers the pending alerts itself" in delivered.stderr


def test_every_read_query_is_tested_here() -> None:
    from entente.cli.access import QUERIES

    names = {args[0] if args[0] != "watch" else f"watch-{args[1]}" for args in read_commands("id")}
    assert names == set(QUERIES)


def test_the_discovery_file_is_the_one_the_server_writes(tmp_path: Path) -> None:
    from entente.cli.access import discovery_file

    for db in (tmp_path / "a.duckdb", Path("relative.duckdb")):
        assert discovery_file(str(db)) == path_for(db)
