"""Reading and writing the `watches`, `alerts` and `deliveries` tables (migration 0005).

Every function takes a DuckDB connection, or anything with a `.con` (a `Store`), so that the CLI,
the API (a per-thread cursor) and the ingest transaction share them. Times are naive UTC.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import duckdb

from ..errors import StoreError
from .records import Alert, Watch

Connection = duckdb.DuckDBPyConnection

_COLUMNS = ("id", "name", "actors", "partners", "types", "modes", "dimensions", "min_intensity",
            "shift_threshold", "shift_window", "feed", "webhook_url", "webhook_secret", "email", "email_mode",
            "created_at", "digest_sent_at")
_ALERT_COLUMNS = ("id", "watch_id", "kind", "title", "summary", "payload", "created_at", "event_id", "article_id",
                  "story_id", "equivalent")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def connection(store_or_con: Any) -> Connection:
    """The DuckDB connection of a `Store` (or the connection itself)."""
    con = getattr(store_or_con, "con", store_or_con)
    return con  # type: ignore[no-any-return]


@contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """One transaction on `con` (a retry of the whole block is the caller's: see `with_retries`)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def with_retries(func: Any, *, attempts: int = 4) -> Any:
    """Run `func()` again when DuckDB reports a write-write conflict with another thread's transaction."""
    for attempt in range(attempts):
        try:
            return func()
        except duckdb.TransactionException:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * 2 ** attempt)
    return None  # pragma: no cover


# -- watches ---------------------------------------------------------------------------------
def add_watch(store: Any, watch: Watch) -> Watch:
    """Store a validated watch; returns it with `created_at` set."""
    con = connection(store)
    watch.normalise()
    watch.validate()
    if watch.created_at is None:
        watch.created_at = utcnow()
    values = [getattr(watch, c) for c in _COLUMNS]
    try:
        con.execute(f"INSERT INTO watches ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                    values)
    except duckdb.ConstraintException as exc:
        raise StoreError(f"a watch with id {watch.id} already exists") from exc
    except duckdb.Error as exc:
        raise StoreError(f"cannot store the watch: {type(exc).__name__}") from exc
    return watch


def get_watch(store: Any, watch_id: str) -> Watch | None:
    row = connection(store).execute(f"SELECT {', '.join(_COLUMNS)} FROM watches WHERE id = ?",
                                    [watch_id]).fetchone()
    return None if row is None else _watch(row)


def list_watches(store: Any) -> list[Watch]:
    rows = connection(store).execute(f"SELECT {', '.join(_COLUMNS)} FROM watches ORDER BY created_at, id").fetchall()
    return [_watch(r) for r in rows]


def remove_watch(store: Any, watch_id: str) -> bool:
    """Delete a watch with its alerts and deliveries, and with them its private fields. True if it existed."""
    con = connection(store)

    def run() -> bool:
        with transaction(con):
            found = con.execute("SELECT count(*) FROM watches WHERE id = ?", [watch_id]).fetchone()
            con.execute("DELETE FROM deliveries WHERE watch_id = ?", [watch_id])
            con.execute("DELETE FROM alerts WHERE watch_id = ?", [watch_id])
            con.execute("DELETE FROM watches WHERE id = ?", [watch_id])
        return bool(found and found[0])

    return bool(with_retries(run))


def _watch(row: tuple[Any, ...]) -> Watch:
    data = dict(zip(_COLUMNS, row))
    for key in ("actors", "partners", "types", "modes", "dimensions"):
        data[key] = list(data[key] or [])
    return Watch(**data)


# -- alerts ----------------------------------------------------------------------------------
def insert_alert(con: Connection, alert: Alert, channels: list[str], *, now: datetime) -> bool:
    """Record an alert and one pending delivery per push channel; False if it was already recorded."""
    exists = con.execute("SELECT 1 FROM alerts WHERE id = ?", [alert.id]).fetchone()
    if exists:
        return False
    alert.created_at = alert.created_at or now
    con.execute(f"INSERT INTO alerts ({', '.join(_ALERT_COLUMNS)}) VALUES ({', '.join('?' * len(_ALERT_COLUMNS))})",
                [json.dumps(alert.payload, ensure_ascii=False, sort_keys=True) if c == "payload"
                 else getattr(alert, c) for c in _ALERT_COLUMNS])
    for channel in channels:
        con.execute("""INSERT INTO deliveries (alert_id, channel, watch_id, status, attempts, next_attempt_at,
                                               created_at) VALUES (?, ?, ?, 'pending', 0, ?, ?)
                       ON CONFLICT DO NOTHING""", [alert.id, channel, alert.watch_id, now, now])
    return True


def alerts_of(store: Any, watch_id: str, *, limit: int = 50, offset: int = 0) -> list[Alert]:
    """The watch's alerts, newest first."""
    rows = connection(store).execute(
        f"""SELECT {', '.join(_ALERT_COLUMNS)} FROM alerts WHERE watch_id = ?
            ORDER BY created_at DESC, id LIMIT ? OFFSET ?""", [watch_id, limit, offset]).fetchall()
    return [alert_from_row(r) for r in rows]


def count_alerts(store: Any, watch_id: str) -> int:
    row = connection(store).execute("SELECT count(*) FROM alerts WHERE watch_id = ?", [watch_id]).fetchone()
    return int(row[0]) if row else 0


def alert_from_row(row: tuple[Any, ...]) -> Alert:
    data = dict(zip(_ALERT_COLUMNS, row))
    data["payload"] = json.loads(data["payload"]) if isinstance(data["payload"], str) else (data["payload"] or {})
    return Alert(**data)


def delivery_counts(store: Any, watch_id: str | None = None) -> dict[str, dict[str, int]]:
    """channel -> status -> number of deliveries (of one watch, or of all)."""
    sql = "SELECT channel, status, count(*) FROM deliveries"
    params: list[Any] = []
    if watch_id is not None:
        sql += " WHERE watch_id = ?"
        params.append(watch_id)
    out: dict[str, dict[str, int]] = {}
    for channel, status, n in connection(store).execute(sql + " GROUP BY channel, status", params).fetchall():
        out.setdefault(channel, {})[status] = int(n)
    return out


def deliveries_of(store: Any, alert_id: str) -> list[dict[str, Any]]:
    cur = connection(store).execute(
        """SELECT channel, status, attempts, next_attempt_at, last_error, sent_at FROM deliveries
           WHERE alert_id = ? ORDER BY channel""", [alert_id])
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, r)) for r in cur.fetchall()]
