"""The discovery file: how another entente process finds the server that owns a store.

`entente serve --db X.duckdb` writes `X.duckdb.serve.json` beside the store, holding the server's
URL, process id, the store's absolute path and the bearer token, and removes it on exit. The
file is created with mode 0600 (owner read and write only), the same protection the store file
itself needs: whoever can read it could also open the store, once the server stops. `entente
ingest` reads it, checks that the process is alive and that the server answers for the same
store, and sends its articles there instead of opening the file, which the server holds locked.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SUFFIX = ".serve.json"


@dataclass(frozen=True, slots=True)
class ServerInfo:
    url: str
    pid: int
    db: str
    token: str
    version: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def path_for(db: str | Path) -> Path:
    """`<db>.serve.json`, beside the store."""
    return Path(os.path.abspath(db)).with_name(Path(db).name + SUFFIX)


def write(db: str | Path, info: ServerInfo) -> Path:
    """Write the discovery file atomically, readable by its owner only (mode 0600)."""
    target = path_for(db)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", dir=target.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(info.as_dict(), out)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def remove(db: str | Path, pid: int | None = None) -> None:
    """Remove the discovery file, only if it is this process's (`pid`) when given."""
    target = path_for(db)
    info = read(db)
    if info is None or pid is None or info.pid == pid:
        target.unlink(missing_ok=True)


def read(db: str | Path) -> ServerInfo | None:
    """The discovery file's content, or None when there is none or it is unreadable."""
    try:
        data = json.loads(path_for(db).read_text(encoding="utf-8"))
        return ServerInfo(url=str(data["url"]), pid=int(data["pid"]), db=str(data["db"]), token=str(data["token"]),
                          version=str(data.get("version", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def claimed(db: str | Path) -> ServerInfo | None:
    """The discovery file's server when its process is alive, whether or not it answers yet.

    A read command that cannot open a locked store uses it to say which server holds the store.
    """
    info = read(db)
    return info if info is not None and _alive(info.pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_server(db: str | Path, *, timeout: float = 3.0) -> ServerInfo | None:
    """The live server that owns `db`, or None.

    Live means: the discovery file names a running process, and `GET /api/health` at its URL
    answers for the same store file. A stale file (the server was killed) is ignored.
    """
    info = claimed(db)
    if info is None:
        return None
    import httpx  # only when a server may be running: every read command calls this first

    try:
        response = httpx.get(info.url.rstrip("/") + "/api/health", timeout=timeout, trust_env=False)
        health = response.json()
    except (httpx.HTTPError, ValueError):
        return None
    if response.status_code != 200 or os.path.abspath(str(health.get("db"))) != os.path.abspath(db):
        return None
    return info
