"""`entente export --parquet DIR`: the whole store as a partitioned Parquet dataset.

The dataset has the layout `ingest --dask` writes (`DIR/<table>/month=YYYY-MM/part-N.parquet`),
so DuckDB, pandas or Spark read it as it is, and `entente import-parquet DIR` loads it back into
a store with the same rows. Only an allow-list of tables leaves the store: watches, alerts and
deliveries (subscriber addresses, webhook URLs, secrets) never do.

The export reads the store file itself, opened read-only; while `entente serve` holds the store
the file cannot be opened, and the command says what to do. DuckDB and the store load only when
the command runs, so that `entente --help` stays quick.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import StoreError
from .access import StoreBusy, busy_message, is_lock_error
from .options import db_option, json_option

if TYPE_CHECKING:
    import duckdb


@click.command("export")
@click.option("--parquet", "parquet_dir", required=True, type=click.Path(file_okay=False),
              help="The folder to write the Parquet dataset to (new or empty, unless --overwrite).")
@click.option("--overwrite", is_flag=True,
              help="Replace the dataset already in the folder (other files there are left alone).")
@json_option
@db_option
def export_cmd(parquet_dir: str, overwrite: bool, as_json: bool, db: str) -> None:
    """Write the whole store as a Parquet dataset partitioned by month; load it elsewhere with import-parquet.

    Articles, their sightings, near-duplicate groups, extractions and rejects are written;
    watches and their subscribers are not.
    """
    from ..store.parquet import export_store

    con = _read_only(db)
    try:
        counts = export_store(con, parquet_dir, overwrite=overwrite)
    finally:
        con.close()
    if as_json:
        click.echo(json.dumps({"dataset": parquet_dir, "tables": counts}))
        return
    width = max(len(name) for name in counts) if counts else 0
    for name, rows in counts.items():
        click.echo(f"{name:<{width}}  {rows:>9}")
    click.echo(f"{sum(counts.values())} rows in {len(counts)} tables  -> {parquet_dir}")


def _read_only(db: str) -> duckdb.DuckDBPyConnection:
    """The store file opened read-only, or an error that says what to do instead."""
    import duckdb

    if Path(db).is_dir():
        raise StoreError(f"{db} is a Parquet dataset already; name a DuckDB store file with --db")
    if not Path(db).exists():
        raise StoreError(f"no store at {db}; create one with `entente ingest ... --db {db}`")
    try:
        return duckdb.connect(db, read_only=True)
    except duckdb.Error as exc:
        if not is_lock_error(str(exc)):
            raise StoreError(f"cannot open the store {db}: {exc}") from exc
        raise StoreBusy(_busy(db, str(exc))) from exc


def _busy(db: str, detail: str) -> str:
    """Why the file cannot be read: the export reads the file itself, never through a server."""
    from ..api.discovery import claimed

    server = claimed(db)
    if server is None:
        return busy_message(db, detail)
    return (f"{db} is held by `entente serve` (pid {server.pid}, {server.url}), and `entente export` reads the "
            f"store file itself, which the server keeps locked. Stop the server (Ctrl+C in its terminal, or "
            f"`kill {server.pid}`) and run the export again.")


def register(group: click.Group) -> None:
    group.add_command(export_cmd)
