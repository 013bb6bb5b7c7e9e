"""Named, ordered schema migrations, recorded in the database they change.

Each migration is a SQL file `NNNN_name.sql` beside this module; a store applies, in order and
each in its own transaction, the ones its `migrations` table does not list yet.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import duckdb

from ..errors import StoreError

_LEDGER = """CREATE TABLE IF NOT EXISTS migrations (
    name VARCHAR PRIMARY KEY, applied_at TIMESTAMP DEFAULT current_timestamp)"""


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    sql: str


def available() -> list[Migration]:
    """Every migration shipped with the package, in the order it must run."""
    folder = resources.files("entente.store") / "migrations"
    found = [Migration(entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8"))
             for entry in folder.iterdir() if entry.name.endswith(".sql")]
    return sorted(found, key=lambda m: m.name)


def applied(con: duckdb.DuckDBPyConnection) -> list[str]:
    con.execute(_LEDGER)
    return [row[0] for row in con.execute("SELECT name FROM migrations ORDER BY name").fetchall()]


def pending(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    done = set(applied(con))
    return [m for m in available() if m.name not in done]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every pending migration; return the names applied."""
    names = []
    for migration in pending(con):
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(migration.sql)
            con.execute("INSERT INTO migrations (name) VALUES (?)", [migration.name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {migration.name} failed: {exc}") from exc
        names.append(migration.name)
    return names
