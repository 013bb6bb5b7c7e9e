"""The actor KB's pickled cache: used when its sources match, rebuilt when stale or damaged."""
from __future__ import annotations

from pathlib import Path

import pytest

from entente.actors import kb as kb_module
from entente.actors.kb import cached_kb
from entente.cache import CACHE_ENV_VAR


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path))
    return tmp_path


def _builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the KB builds from the shipped data from now on."""
    built: list[int] = []
    real = kb_module.build_kb

    def counting(*args: object, **kwargs: object) -> kb_module.ActorKB:
        built.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kb_module, "build_kb", counting)
    return built


def _resolves_the_seed(kb: kb_module.ActorKB) -> None:
    assert kb.get("ISR").name == "Israel"
    assert any(kb.actors[e.actor].code == "AZE" for e in kb.index["azerbaijan"])


def test_the_first_load_builds_and_caches_the_next_one_reads_the_cache(cache: Path, monkeypatch) -> None:
    built = _builds(monkeypatch)
    first = cached_kb()
    [written] = cache.glob("actors-*.pickle")
    assert built == [1]
    second = cached_kb()
    assert built == [1]  # no second build: the pickle was read
    _resolves_the_seed(second)
    assert second is not first
    assert second.index.keys() == first.index.keys()
    assert written.name == f"actors-{kb_module.kb_source_hash()[:16]}.pickle"


def test_a_change_to_the_sources_makes_the_cache_stale(cache: Path, monkeypatch) -> None:
    cached_kb()
    [old] = cache.glob("actors-*.pickle")
    monkeypatch.setattr(kb_module, "kb_source_hash", lambda: "f" * 64)  # as if the data had changed
    built = _builds(monkeypatch)
    _resolves_the_seed(cached_kb())
    assert built == [1]
    assert [p.name for p in cache.glob("actors-*.pickle")] == ["actors-ffffffffffffffff.pickle"]
    assert not old.exists()  # the stale copy is removed


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty"])
def test_a_damaged_cache_is_rebuilt_not_used(cache: Path, monkeypatch, damage: str, caplog) -> None:
    cached_kb()
    [path] = cache.glob("actors-*.pickle")
    blob = path.read_bytes()
    path.write_bytes({"truncate": blob[: len(blob) // 2],
                      "flip": blob[:100] + bytes([blob[100] ^ 0xFF]) + blob[101:],
                      "empty": b""}[damage])
    built = _builds(monkeypatch)
    _resolves_the_seed(cached_kb())
    assert built == [1]
    assert "rebuilding" in caplog.text or damage == "empty"
    assert cached_kb().get("AZE").name == "Azerbaijan"
    assert built == [1]  # the rebuilt copy is good


def test_an_unwritable_cache_directory_still_gives_the_kb(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory would be")
    monkeypatch.setenv(CACHE_ENV_VAR, str(blocked / "entente"))
    _resolves_the_seed(cached_kb())
