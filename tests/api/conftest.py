"""Fixtures of the API tests: a filled store, an app over it, and a real server in a subprocess."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from entente.api import create_app
from entente.api.discovery import path_for
from entente.store import Store

from .storefill import fill

TOKEN = "test-token-123"


@dataclass
class Filled:
    path: Path
    info: dict[str, Any]


def make_store(path: Path, **kwargs: Any) -> Filled:
    with Store(path) as store:
        info = fill(store, **kwargs)
    return Filled(path, info)


@pytest.fixture(scope="session")
def filled_template(tmp_path_factory: pytest.TempPathFactory) -> Filled:
    """A filled store built once per session; copy it before writing to it."""
    return make_store(tmp_path_factory.mktemp("store") / "filled.duckdb")


@pytest.fixture(scope="module")
def filled(filled_template: Filled, tmp_path_factory: pytest.TempPathFactory) -> Filled:
    """A module's own copy of the filled store."""
    target = tmp_path_factory.mktemp("copy") / "store.duckdb"
    target.write_bytes(filled_template.path.read_bytes())
    return Filled(target, filled_template.info)


@pytest.fixture(scope="module")
def client(filled: Filled) -> Iterator[TestClient]:
    """A client over an app serving the module's store (reads; the token is TOKEN)."""
    app = create_app(filled.path, token=TOKEN)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def fresh_client(filled_template: Filled, tmp_path: Path) -> Iterator[TestClient]:
    """A client over a fresh copy of the filled store, for tests that write."""
    target = tmp_path / "fresh.duckdb"
    target.write_bytes(filled_template.path.read_bytes())
    app = create_app(target, token=TOKEN)
    with TestClient(app) as test_client:
        yield test_client


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@dataclass
class Server:
    url: str
    db: Path
    token: str
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def running_server(db: Path, *, token: str = TOKEN, allow_private: bool = False,
                   timeout: float = 60.0) -> Iterator[Server]:
    """`python -m entente.api --db DB --port 0` in a subprocess; yields once it answers."""
    log = db.with_suffix(".serve.log")
    args = [sys.executable, "-m", "entente.api", "--db", str(db), "--port", "0", "--log-level", "warning"]
    if allow_private:
        args.append("--allow-private")
    env = {**os.environ, "ENTENTE_TOKEN": token}
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + timeout
        discovery = path_for(db)
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited: {log.read_text()}")
            if discovery.exists():
                url = json.loads(discovery.read_text())["url"]
                try:
                    if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {log.read_text()}")
            time.sleep(0.1)
        yield Server(url, db, token, process, log)
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
