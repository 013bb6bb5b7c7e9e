"""Fixtures shared by the whole suite. Tests never touch the network beyond 127.0.0.1."""
from __future__ import annotations

import os
import signal
import time
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


@pytest.fixture
def explode_on_marker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quotes extractor raises on any text holding EXPLODE, as a bug in it would (forked spaCy
    workers inherit the patched module)."""
    import entente.quotes.component as quotes

    real = quotes.extract_quotes

    def extract_quotes(doc, **kwargs):  # type: ignore[no-untyped-def]
        if "EXPLODE" in doc.text:
            raise ValueError("boom on a marked article")
        return real(doc, **kwargs)

    monkeypatch.setattr(quotes, "extract_quotes", extract_quotes)


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ENTENTE_DB", "ENTENTE_ACTORS", "ENTENTE_TOKEN"):
        monkeypatch.delenv(name, raising=False)


# ------------------------------------------------------------------ nothing left running
#: Every process the suite starts inherits this variable, so that the processes it leaves behind
#: (a server, a spaCy worker) can be found at the end even after their parent has died.
RUN_MARK = f"ENTENTE_TEST_RUN={os.getpid()}-{time.time_ns()}"
os.environ["ENTENTE_TEST_RUN"] = RUN_MARK.split("=", 1)[1]


def live_processes() -> dict[int, int]:
    """The processes that are alive (not zombies), read from /proc: pid -> parent pid."""
    alive = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                state, parent = (proc / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            except (OSError, ValueError):
                continue
            if state != "Z":
                alive[int(proc.name)] = int(parent)
    return alive


def _left_by_this_run() -> dict[int, str]:
    """Processes started by this test run, other than pytest itself: pid -> command line."""
    left = {}
    for pid, parent in live_processes().items():
        if pid == os.getpid():
            continue
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if RUN_MARK.encode() in environ and not _ends_with_pytest(parent, command):
            left[pid] = command.strip()
    return left


def _ends_with_pytest(parent: int, command: str) -> bool:
    """multiprocessing's resource tracker, started for this process: it exits when its pipe from
    this process closes, that is when pytest itself exits."""
    return parent == os.getpid() and "multiprocessing.resource_tracker" in command


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if it leaves a process behind (after a few seconds' grace), and kill those."""
    if not Path("/proc/self/environ").exists():
        return
    deadline = time.monotonic() + 5
    while (left := _left_by_this_run()) and time.monotonic() < deadline:
        time.sleep(0.2)
    if not left:
        return
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"the test run left {len(left)} processes running (now killed):", red=True)
        for pid, command in sorted(left.items()):
            reporter.write_line(f"  {pid}: {command[:200]}", red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
