"""How a command gets at the store: by opening the file, or through the `entente serve` that holds it.

DuckDB lets one process open a store file for writing, and while it does, no other process may
open the file at all, not even read-only. `entente serve` keeps its store open for writing for as
long as it runs, so a command in a second terminal cannot open the file; it asks the server
instead, as `entente ingest` already does (the server is found through `<db>.serve.json`, see
`entente.api.discovery`).

A read command is therefore split in two, so that both ways print exactly the same thing:

* a **query**, registered with `@read_query("name")`: `query(source, **params)` reads the store
  and returns a JSON value, most often the very text the command prints. It runs here on the
  file, or in the server on one of its cursors (`entente.cli.served`: `POST /api/cli/{name}`);
* the **command**, which parses its options, calls `answer(db, "name", **params)` and prints.

When the store is locked by something that is not a server that answers (an `entente ingest` in
progress, a server still starting), the command says which process holds it and what to do,
instead of DuckDB's "Could not set lock on file" (`StoreBusy`). Commands that write use
`writable_store`, which explains a lock the same way.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

from ..api import discovery
from ..api.discovery import ServerInfo
from ..errors import StoreError

if TYPE_CHECKING:
    from ..store import Store

#: What a query reads from: a DuckDB connection (or a server's cursor), or a `Store` for the few
#: queries that need its methods (`summary`, `rejects`). Opening a connection does not import
#: `entente.store`, which keeps `entente watch list` quick.
Source = Literal["connection", "store"]
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class ReadQuery:
    """One read command's query: `run(source, **params)` returns a JSON value."""

    name: str
    run: Callable[..., Any]
    source: Source


#: Every read command's query, by command name; the server answers exactly these.
QUERIES: dict[str, ReadQuery] = {}


class StoreBusy(click.ClickException):
    """The store is locked by another process and no server answers for it; the message says what to do."""


def read_query(name: str, *, source: Source = "connection") -> Callable[[F], F]:
    """Register `func(source, **params)` as the query of the read command `name`.

    Its parameters after the first must be JSON values (str, int, float, bool, None): the server
    receives them as JSON and checks them against the function's annotations.
    """

    def register(func: F) -> F:
        if name in QUERIES:
            raise ValueError(f"two read queries named {name!r}")
        QUERIES[name] = ReadQuery(name, func, source)
        return func

    return register


def answer(db: str, name: str, **params: Any) -> Any:
    """The result of the read query `name` over the store `db`.

    When a server holds `db` (its discovery file names a live process that answers for `db`), the
    server runs the query; otherwise it runs here on the file, opened read-only.
    """
    query = QUERIES[name]
    server = answering_server(db)
    if server is not None:
        from ..api.remote import ServerUnreachable

        try:
            return _ask(server, name, params)
        except ServerUnreachable:
            pass  # it stopped after the health check: the file is free again, or the lock says who has it
    with _opened(db, query.source) as source:
        return query.run(source, **params)


#: `entente serve --db X` announces itself in the file `X.serve.json` beside the store. The
#: discovery module is plain standard library (the `entente.api` package loads its app only when
#: asked), so reading it costs a read command nothing.
discovery_file = discovery.path_for


def _claiming_server(db: str) -> ServerInfo | None:
    """The server the discovery file names, if its process is alive (answering or not)."""
    return discovery.claimed(db)


def answering_server(db: str) -> ServerInfo | None:
    """The server that holds `db` and answers for it, or None."""
    if _claiming_server(db) is None:  # no discovery file, or its process is gone: no HTTP at all
        return None
    return discovery.find_server(db)


def _ask(server: ServerInfo, name: str, params: dict[str, Any]) -> Any:
    from ..api.remote import CommandRefused, read_via_server

    try:
        return read_via_server(server, name, params)
    except CommandRefused as exc:  # the same error the command raises when it reads the file itself
        if exc.usage:
            raise click.UsageError(str(exc)) from None
        raise click.ClickException(str(exc)) from None


@contextmanager
def _opened(db: str, source: Source) -> Iterator[Any]:
    """The store `db` opened read-only: a `Store`, or only its DuckDB connection (lighter)."""
    if source == "store" or Path(db).is_dir():  # a Parquet dataset folder is always read through `Store`
        from ..store import open_store

        store = _open(db, lambda: open_store(db, read_only=True))
        try:
            yield store if source == "store" else store.con
        finally:
            store.close()
        return
    if not Path(db).exists():
        raise StoreError(f"no store at {db}; create one with `entente ingest ... --db {db}`")
    import duckdb

    try:
        con = duckdb.connect(db, read_only=True)
    except duckdb.Error as exc:
        raise _unopenable(db, exc) from exc
    try:
        yield con
    finally:
        con.close()


@contextmanager
def writable_store(db: str, *, via_server: bool = False) -> Iterator[Store]:
    """The store `db` opened for writing (created when missing), or `StoreBusy` saying who holds it.

    `via_server`: the command goes through a server that answers (as `ingest` does), so a server
    that holds the store without answering yet is one to wait for, not one to stop.
    """
    from ..store import Store

    store = _open(db, lambda: Store(db), writes=not via_server)
    try:
        yield store
    finally:
        store.close()


T = TypeVar("T")


def _open(db: str, opener: Callable[[], T], *, writes: bool = False) -> T:
    try:
        return opener()
    except StoreError as exc:
        raise _unopenable(db, exc, writes=writes) from exc


def _unopenable(db: str, exc: Exception, *, writes: bool = False) -> Exception:
    """`StoreBusy` with what to do when `exc` is DuckDB's lock error; else a `StoreError`."""
    detail = str(exc)
    if not is_lock_error(detail):
        return exc if isinstance(exc, StoreError) else StoreError(f"cannot open the store {db}: {detail}")
    return StoreBusy(busy_message(db, detail, writes=writes))


def is_lock_error(detail: str) -> bool:
    """DuckDB's "Could not set lock on file ... Conflicting lock is held" (another process writes)."""
    text = detail.lower()
    return "could not set lock" in text or "conflicting lock" in text


def busy_message(db: str, detail: str = "", *, writes: bool = False) -> str:
    """What to do about a store another process holds: the server that owns it, or the process.

    `writes`: the command writes, which only the server may do while it runs (reads go through it).
    """
    command = _command_path()
    server = _claiming_server(db)
    if server is not None and writes:
        return (f"{db} is held by `entente serve` (pid {server.pid}, {server.url}), and while it runs only the "
                f"server writes to the store. Stop the server (Ctrl+C in its terminal, or `kill {server.pid}`) and "
                f"run `{command}` again, or pass another --db.")
    if server is not None:
        return (f"{db} is held by `entente serve` (pid {server.pid}, {server.url}), which does not answer yet "
                f"(it may still be starting). Run `{command}` again in a moment, or stop the server (Ctrl+C in its "
                f"terminal, or `kill {server.pid}`) so that the command can open the file.")
    pid = _holder_pid(detail)
    holder = f"process {pid}" + _process_line(pid) if pid else "another process"
    stop = f"stop it (`kill {pid}`)" if pid else "stop it"
    return (f"{db} is open for writing in {holder}, so `{command}` cannot open it. Wait until that process "
            f"finishes (an `entente ingest` or `entente recode` ends by itself), or {stop}, or pass another --db. "
            f"To read a store while it is written to, serve it: `entente serve --db {db}`; commands then "
            "answer through the server.")


def _command_path() -> str:
    ctx = click.get_current_context(silent=True)
    return ctx.command_path if ctx is not None else "entente"


_PID = re.compile(r"\bPID (\d+)")


def _holder_pid(detail: str) -> int | None:
    found = _PID.search(detail)
    return int(found.group(1)) if found else None


def _process_line(pid: int) -> str:
    """` (entente ingest news/ --db x.duckdb)` from /proc when readable (Linux), else nothing."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    words = [w for w in raw.decode("utf-8", "replace").split("\0") if w]
    if not words:
        return ""
    line = " ".join(Path(words[0]).name if i == 0 else w for i, w in enumerate(words))
    return f" ({line[:120]})"
