"""Serving while ingesting: a real server owns the store; clients read while articles arrive
through the API, through the client library `entente ingest` uses, and through the CLI."""
from __future__ import annotations

import inspect
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Self

import httpx
import pytest

from entente.api.discovery import find_server, path_for
from entente.api.remote import ingest_via_server
from entente.errors import StoreError
from entente.ingest import IngestOptions
from entente.store import Store

from ..conftest import shared_file
from .conftest import Filled, running_server, stop

pytestmark = pytest.mark.slow
READS = ["/api/network", "/api/events?limit=20", "/api/articles?q=the&limit=5", "/api/dyads/ISR/AZE",
         "/api/actors?limit=10", "/", "/api/summary"]


def wikinews_slice(tmp_path: Path, name: str, lo: int, hi: int) -> Path:
    lines = shared_file("data", "news", "wikinews", "wikinews_en.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / name
    path.write_text("\n".join(lines[lo:hi]) + "\n", encoding="utf-8")
    return path


class Readers:
    """Threads that keep reading until stopped (or for at most `limit` seconds)."""

    def __init__(self, url: str, n: int = 3, limit: float = 240.0) -> None:
        self.url = url
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.count = 0
        # per reader: one thread's requests follow one another, so what it sees can only grow (the
        # threads' appends interleave in any order, so one shared list need not be sorted)
        self.articles_seen: dict[int, list[int]] = {i: [] for i in range(n)}
        self.lock = threading.Lock()
        self.deadline = time.monotonic() + limit
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(n)]

    def run(self, i: int) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as client:
            k = i
            while not self.stop.is_set() and time.monotonic() < self.deadline:
                path = READS[k % len(READS)]
                k += 1
                try:
                    response = client.get(path)
                    ok = response.status_code == 200
                    if path == "/api/summary" and ok:
                        with self.lock:
                            self.articles_seen[i].append(response.json()["articles"])
                except httpx.HTTPError as exc:
                    ok, response = False, exc  # type: ignore[assignment]
                with self.lock:
                    self.count += 1
                    if not ok:
                        self.errors.append(f"{path}: {getattr(response, 'status_code', response)} "
                                           f"{getattr(response, 'text', '')[:200]}")

    def __enter__(self) -> Self:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(30)


def test_serving_while_ingesting_through_the_api_and_the_client(filled_template: Filled, tmp_path: Path) -> None:
    db = tmp_path / "served.duckdb"
    shutil.copy(filled_template.path, db)
    upload = wikinews_slice(tmp_path, "upload.jsonl", 40, 140)
    by_client = wikinews_slice(tmp_path, "client.jsonl", 140, 240)
    with running_server(db) as server:
        # the discovery file: beside the store, owner-only, naming this server
        discovery = path_for(db)
        assert stat.S_IMODE(discovery.stat().st_mode) == 0o600
        data = json.loads(discovery.read_text())
        assert data["url"] == server.url and data["token"] == server.token and data["pid"] == server.process.pid
        found = find_server(db)
        assert found is not None and found.url == server.url
        # the store is the server's: another process cannot open the file, which is why clients go through it
        with pytest.raises(StoreError):
            Store(db)
        with Readers(server.url) as readers:
            time.sleep(0.5)
            response = httpx.post(server.url + "/api/ingest/file", headers={"Authorization": f"Bearer {server.token}"},
                                  files={"file": ("upload.jsonl", upload.read_bytes())}, data={"extract": "false"},
                                  timeout=120)
            assert response.status_code == 200, response.text
            assert response.json()["summary"]["stored"] == 100
            summary = ingest_via_server(found, [str(by_client)], options=IngestOptions(), extract=False, batch_size=25)
            assert summary.read == 100 and summary.stored == 100 and summary.rejected == 0
            time.sleep(0.5)
        assert readers.errors == [], readers.errors[:5]
        assert readers.count >= 20
        assert any(readers.articles_seen.values())
        assert all(seen == sorted(seen) for seen in readers.articles_seen.values()), readers.articles_seen
        health = httpx.get(server.url + "/api/health").json()
        assert health["articles"] == 24 + 200
    # stopped: the discovery file is gone and the store opens, with everything in it
    assert not path_for(db).exists()
    assert find_server(db) is None
    with Store(db, read_only=True) as store:
        assert store.count("articles") == 224


def test_serving_cli_ingest_goes_through_a_running_server(filled_template: Filled, tmp_path: Path) -> None:
    from entente.cli import ingest as cli_ingest
    if "find_server" not in inspect.getsource(cli_ingest):
        pytest.skip("entente ingest does not look for a running server yet (cli/ingest.py: find_server)")
    db = tmp_path / "served.duckdb"
    shutil.copy(filled_template.path, db)
    batch = wikinews_slice(tmp_path, "cli.jsonl", 240, 317)
    entente = shutil.which("entente", path=os.path.dirname(sys.executable)) or "entente"
    with running_server(db) as server, Readers(server.url) as readers:
        result = subprocess.run([entente, "ingest", str(batch), "--db", str(db), "--no-extract", "--json",
                                 "--no-progress"], check=False, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout)
        assert summary["stored"] == 77 and summary["read"] == 77
        assert readers.errors == []
        assert httpx.get(server.url + "/api/health").json()["articles"] == 24 + 77


def test_serving_refuses_a_second_server_and_a_locked_store(filled_template: Filled, tmp_path: Path) -> None:
    db = tmp_path / "served.duckdb"
    shutil.copy(filled_template.path, db)
    with running_server(db) as server:
        second = subprocess.run([sys.executable, "-m", "entente.api", "--db", str(db), "--port", "0"],
                                check=False, capture_output=True, text=True, timeout=60)
        assert second.returncode != 0 and f"already served at {server.url}" in second.stderr
    # a killed server leaves a stale file, which is ignored
    with running_server(db) as server:
        server.process.kill()
        server.process.wait()
        assert path_for(db).exists() and find_server(db) is None
        stop(server.process)
    with running_server(db) as server:
        assert find_server(db) is not None
