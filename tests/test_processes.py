"""Nothing left running: spaCy's worker processes die with the `entente ingest` that started them."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import live_processes, shared_file


def _descendants(pid: int) -> set[int]:
    """Every live process below `pid`."""
    children: dict[int, list[int]] = {}
    for child, parent in live_processes().items():
        children.setdefault(parent, []).append(child)
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_ingest_workers_die_with_a_killed_parent(tmp_path: Path, how: signal.Signals) -> None:
    reuters = shared_file("data", "news", "reuters_1996_conll2003_docs.jsonl")
    corpus = tmp_path / "reuters_200.jsonl"
    corpus.write_text("\n".join(reuters.read_text(encoding="utf-8").splitlines()[:200]), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "entente", "-v", "ingest", str(corpus), "--workers", "2",
                             "--batch-size", "10", "--no-progress", "--db", str(tmp_path / "s.duckdb")],
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:  # the workers are up once a first batch is committed
            line = proc.stderr.readline()
            if not line or "committed a batch" in line:
                break
        workers = _descendants(proc.pid)
        assert len(workers) >= 2, "the ingest finished or failed before its workers could be seen"
        proc.send_signal(how)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 5
        while workers & live_processes().keys() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not workers & live_processes().keys(), "worker processes outlived their parent"
    finally:
        if proc.poll() is None:
            proc.kill()
