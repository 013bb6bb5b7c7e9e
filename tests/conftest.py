"""Fixtures shared by the whole suite. Tests never touch the network beyond 127.0.0.1."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from entente.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_5add44aad795eaac.txt"


def shared_file(*parts: str) -> Path:
    """A file of ../shared, or skip the test with the reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared data folder sits beside the repository)")
    return path


@pytest.fixture
def seed_path() -> Path:
    return shared_file("seed", "000_5add44aad795eaac.txt")


@pytest.fixture
def memory_store() -> Iterator[Store]:
    with Store(":memory:") as store:
        yield store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ENTENTE_DB", "ENTENTE_ACTORS", "ENTENTE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
