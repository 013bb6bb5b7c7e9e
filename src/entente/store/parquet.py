"""The store's tables as a partitioned Parquet dataset: the interchange format at scale.

Layout: `DIR/<table>/month=YYYY-MM/<unit>.parquet`, partitioned by the article's publication
month (`month=unknown` when it has none), one file per work unit, so that a re-run of a unit
overwrites its own files and nothing else. The tables and their columns are those of the
DuckDB store (`store/migrations/*.sql`), plus `month` (and `article_id` on `event_actors`).

Analysis reads a dataset directly through DuckDB views (`open_dataset`), or `import_dataset`
loads it into an embedded store, deduplicating articles and grouping near-duplicates as
ingest does.

`export_store` writes a whole store in the same layout (`part-N.parquet` files, written by
DuckDB's partitioned COPY) with the store's bookkeeping tables too (sightings, near-duplicate
groups, MinHash signatures, extraction runs) and a manifest, `entente-export.json`; importing
that dataset into a fresh store gives back the same rows. Only the tables of an explicit
allow-list leave the store: watches, alerts and deliveries hold subscriber addresses, webhook
URLs and secrets, and never do.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Reason, StoreError
from ..records import Article, Rejected
from . import Store, canonical_url
from . import extractions as rows_of
from .groups import group_events

TABLES = ("articles", "mentions", "events", "event_actors", "stances", "quotes", "claims", "rejects")
#: Every table `export_store` writes: the allow-list. A table not named here (watches, alerts,
#: deliveries, shift_checks, or any later one) stays in the store, whatever it holds.
EXPORT_TABLES = ("articles", "sightings", "rejects", "near_duplicates", "minhash", "minhash_bands", "mentions",
                 "events", "event_actors", "stances", "quotes", "claims", "extraction_runs")
#: Tables computed from the others that a store may or may not have yet; exported when present.
DERIVED_TABLES = ("event_groups",)
#: The file that marks a dataset as a whole store's export (its tables are complete, even empty ones).
MANIFEST = "entente-export.json"
_ARTICLE_FIELDS = ("id", "title", "subtitle", "authors", "published", "published_precision", "source", "url",
                   "canonical_url", "language", "page", "page_count", "text", "removed", "external_id", "origin",
                   "format", "near_duplicate_of")


def month_of(published: str | None) -> str:
    return published[:7] if published and len(published) >= 7 else (published[:4] + "-00" if published else "unknown")


def unit_tables(articles: Iterable[Article], extractions: Mapping[str, rows_of.Extraction],
                rejects: Iterable[Rejected], *, signature: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table for one work unit's output; `signature` names the extractor versions."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for article in articles:
        month = month_of(article.published)
        row = {name: getattr(article, name, None) for name in _ARTICLE_FIELDS if name != "canonical_url"}
        row["canonical_url"] = canonical_url(article.url)
        row["removed"] = json.dumps(article.removed, ensure_ascii=False)
        tables["articles"].append({**row, "extractors": signature if article.id in extractions else None,
                                   "month": month})
        extraction = extractions.get(article.id, {})
        for table, made in (("mentions", rows_of.mention_rows(article.id, extraction.get("mentions", []))),
                            ("stances", rows_of.stance_rows(article.id, extraction.get("stances", []))),
                            ("quotes", rows_of.quote_rows(article.id, extraction.get("quotes", []))),
                            ("claims", rows_of.claim_rows(article.id, extraction.get("claims", [])))):
            tables[table] += [{**r, "month": month} for r in made]
        events, actors = rows_of.event_rows(article.id, extraction.get("events", []))
        tables["events"] += [{**r, "month": month} for r in events]
        tables["event_actors"] += [{**r, "article_id": article.id, "month": month} for r in actors]
    for reject in rejects:
        tables["rejects"].append({**reject.as_dict(), "month": "unknown"})
    return tables


def write_unit(directory: str | Path, unit: str, tables: Mapping[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Write one unit's rows, one file per table and month; return rows written per table."""
    written = {}
    for table, rows in tables.items():
        by_month: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_month.setdefault(row["month"], []).append(row)
        for month, month_rows in by_month.items():
            folder = Path(directory) / table / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            arrow = pa.Table.from_pylist([{k: v for k, v in r.items() if k != "month"} for r in month_rows],
                                         schema=_schema(table, month_rows))
            target = folder / f"{unit}.parquet"
            partial = target.with_suffix(".parquet.partial")
            pq.write_table(arrow, partial)
            partial.replace(target)  # a killed worker leaves no half-written file behind
        written[table] = len(rows)
    return written


def _schema(table: str, rows: list[dict[str, Any]]) -> pa.Schema:
    names = [k for k in rows[0] if k != "month"]
    types = {**rows_of._TYPES, "authors": pa.list_(pa.string()), "page": pa.int32(), "page_count": pa.int32(),
             "size": pa.int64()}
    return pa.schema([(n, types.get(n, pa.string())) for n in names])


def _glob(directory: str | Path, table: str) -> str:
    return str(Path(directory) / table / "**" / "*.parquet")


def present_tables(directory: str | Path, tables: Sequence[str] = TABLES) -> list[str]:
    return [t for t in tables if any((Path(directory) / t).glob("**/*.parquet"))]


def open_dataset(directory: str | Path) -> Store:
    """A read-only store whose tables are views over a Parquet dataset (nothing is copied).

    Articles and events are deduplicated by id in the views, so that a unit processed twice, or
    the same article in two inputs, counts once.
    """
    store = Store.__new__(Store)
    store.path = str(directory)
    store.read_only = True
    store.con = duckdb.connect(":memory:")
    present = set(present_tables(directory, (*EXPORT_TABLES, *DERIVED_TABLES)))
    for table in (*EXPORT_TABLES, *DERIVED_TABLES):
        if table in present:
            source = f"read_parquet('{_glob(directory, table)}', hive_partitioning = true, union_by_name = true)"
            key = {"articles": "id", "events": "id", "quotes": "id", "stances": "id"}.get(table)
            select = f"SELECT DISTINCT ON ({key}) * FROM {source}" if key else f"SELECT * FROM {source}"
            store.con.execute(f"CREATE VIEW {table} AS {select}")
    _empty_views_for_missing(store.con, present)
    if "event_groups" not in present:  # a dataset of `ingest --dask` units: group its reports here, in memory
        store.con.execute("CREATE TABLE event_groups (event_id VARCHAR PRIMARY KEY, group_id VARCHAR NOT NULL, "
                          "key VARCHAR NOT NULL, grouper VARCHAR NOT NULL)")
        group_events(store.con)
    return store


def _empty_views_for_missing(con: duckdb.DuckDBPyConnection, present: set[str]) -> None:
    """Tables a dataset lacks (no rejects, say) still exist, empty, with the store's columns."""
    scratch = Store(":memory:")
    try:
        for table in (*TABLES, "sightings", "near_duplicates", "minhash", "extraction_runs"):
            if table in present:
                continue
            columns = scratch.con.execute(f"DESCRIBE {table}").fetchall()
            cols = ", ".join(f'CAST(NULL AS {c[1]}) AS "{c[0]}"' for c in columns)
            con.execute(f"CREATE VIEW {table} AS SELECT {cols} WHERE false")
    finally:
        scratch.close()


def import_dataset(directory: str | Path, store: Store, *, batch_size: int = 500) -> dict[str, int]:
    """Load a Parquet dataset into an embedded store, as an ingest would.

    Articles go through `Store.add_batch` (duplicates skipped, near-duplicates grouped); the
    extraction rows of the articles newly stored follow in the same transaction, so an
    interrupted import resumes without loss or duplication. A whole store's export
    (`export_store`) also carries what ingest computed: its sightings, near-duplicate groups,
    MinHash signatures, extraction runs and rejects are copied for the articles newly stored
    instead of recomputed, so that a fresh store ends with the exported rows.
    """
    present = set(present_tables(directory, (*EXPORT_TABLES, *DERIVED_TABLES)))
    whole = is_store_export(directory)
    counts = {"articles": 0, "stored": 0, "duplicates": 0, "near_duplicates": 0}
    if "articles" not in present:
        return counts
    reader = duckdb.connect(":memory:")
    _import_rejects(reader, directory, present, store)
    cursor = reader.execute(
        f"SELECT * EXCLUDE (month) FROM read_parquet('{_glob(directory, 'articles')}', hive_partitioning = true, "
        "union_by_name = true) ORDER BY id")
    names = [d[0] for d in cursor.description]
    stored: list[str] = []
    while rows := cursor.fetchmany(batch_size):
        articles = []
        signatures = {}
        for row in rows:
            record = dict(zip(names, row))
            signatures[record["id"]] = record.pop("extractors", None)
            record["removed"] = json.loads(record["removed"]) if record.get("removed") else {}
            record["authors"] = list(record.get("authors") or [])
            articles.append(Article.from_dict(record))
        def with_fresh(con: duckdb.DuckDBPyConnection, ids: list[str], signatures: dict[str, Any] = signatures) -> None:
            _copy_extractions(con, directory, present, ids, distinct=not whole)
            runs = [(i, signatures[i]) for i in ids if signatures.get(i)]
            if runs:
                con.executemany("INSERT OR REPLACE INTO extraction_runs (article_id, extractors) VALUES (?, ?)", runs)
            if whole:
                _copy_ingest_records(con, directory, present, ids)

        result = store.add_batch(articles, with_fresh=with_fresh)
        counts["articles"] += len(articles)
        counts["stored"] += len(result.stored)
        stored += result.stored
        counts["duplicates"] += len(result.duplicates)
        counts["near_duplicates"] += len(result.near_duplicates)
    reader.close()
    if whole:
        _copy_derived(store, directory, present)
        counts["near_duplicates"] = int(store.con.execute(  # the exported marks, not the ones recomputed
            "SELECT count(*) FROM near_duplicates WHERE article_id IN (SELECT unnest(?))", [stored]
        ).fetchone()[0])  # type: ignore[index]
    group_events(store.con)  # the reports of datasets that carry no groups (`ingest --dask`)
    return counts


def _source(directory: str | Path, table: str) -> str:
    return f"read_parquet('{_glob(directory, table)}', hive_partitioning = true, union_by_name = true)"


def _shared_columns(con: duckdb.DuckDBPyConnection, directory: str | Path, table: str) -> list[str]:
    """The store table's columns that the dataset has too (an older dataset may lack a newer column)."""
    stored = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
    given = {c[0] for c in con.execute(f"DESCRIBE SELECT * FROM {_source(directory, table)}").fetchall()}
    return [c for c in stored if c in given]


def _import_rejects(reader: duckdb.DuckDBPyConnection, directory: str | Path, present: set[str],
                    store: Store) -> None:
    if "rejects" not in present:
        return
    if "id" in {c[0] for c in reader.execute(f"DESCRIBE SELECT * FROM {_source(directory, 'rejects')}").fetchall()}:
        _copy_rejects(store, directory)  # a store's export: the rows themselves, with their times and counts
        return
    rows = reader.execute(f"SELECT origin, reason, detail, format, size FROM read_parquet('{_glob(directory, 'rejects')}', "
                          "hive_partitioning = true, union_by_name = true)").fetchall()
    rejects = [Rejected(origin, Reason(reason), detail or "", fmt, size) for origin, reason, detail, fmt, size in rows]
    for i in range(0, len(rejects), 1000):
        store.add_batch([], rejects[i:i + 1000])


def _copy_rejects(store: Store, directory: str | Path) -> None:
    """Exported rejects, merged by id: importing the same export twice changes nothing."""
    with store.atomic() as con:
        columns = _shared_columns(con, directory, "rejects")
        quoted = ", ".join(f'"{c}"' for c in columns)
        merge = {"first_seen": "least(rejects.first_seen, excluded.first_seen)",
                 "last_seen": "greatest(rejects.last_seen, excluded.last_seen)",
                 "times": "greatest(rejects.times, excluded.times)"}
        updates = ", ".join(f"{c} = {merge[c]}" for c in merge if c in columns)
        action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        con.execute(f"INSERT INTO rejects ({quoted}) SELECT {quoted} FROM {_source(directory, 'rejects')} "
                    f"ON CONFLICT (id) {action}")


def _copy_extractions(con: duckdb.DuckDBPyConnection, directory: str | Path, present: set[str],
                      article_ids: list[str], *, distinct: bool = True) -> None:
    """The extraction rows of these articles; `distinct` drops the copies two units made of one article."""
    for table in ("mentions", "events", "event_actors", "stances", "quotes", "claims"):
        if table not in present:
            continue
        quoted = ", ".join(f'"{c}"' for c in _shared_columns(con, directory, table))
        conflict = "" if table in ("event_actors", "claims") else " ON CONFLICT DO NOTHING"
        con.execute(f"INSERT INTO {table} ({quoted}) SELECT {'DISTINCT ' if distinct else ''}{quoted} "
                    f"FROM {_source(directory, table)} WHERE article_id IN (SELECT unnest(?)){conflict}", [article_ids])


def _copy_ingest_records(con: duckdb.DuckDBPyConnection, directory: str | Path, present: set[str],
                         ids: list[str]) -> None:
    """What ingest recorded about these newly stored articles, as the export holds it.

    `add_batch` has just computed MinHash signatures and near-duplicate marks in this import's
    order; the exported ones replace them (a mark against an article the export does not hold,
    one already in this store, is kept). Sightings and runs keep their original times.
    """
    for table in ("sightings", "extraction_runs", "minhash", "minhash_bands"):
        if table not in present:
            continue
        if table in ("minhash", "minhash_bands"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
        quoted = ", ".join(f'"{c}"' for c in _shared_columns(con, directory, table))
        verb = "INSERT OR REPLACE INTO" if table == "extraction_runs" else "INSERT INTO"
        conflict = " ON CONFLICT DO NOTHING" if table == "sightings" else ""
        con.execute(f"{verb} {table} ({quoted}) SELECT {quoted} FROM {_source(directory, table)} "
                    f"WHERE article_id IN (SELECT unnest(?)){conflict}", [ids])
    articles = _source(directory, "articles")
    con.execute(f"DELETE FROM near_duplicates WHERE article_id IN (SELECT unnest(?)) "
                f"AND duplicate_of IN (SELECT id FROM {articles})", [ids])
    if "near_duplicates" in present:
        con.execute(f"INSERT INTO near_duplicates (article_id, duplicate_of, similarity) "
                    f"SELECT article_id, duplicate_of, similarity FROM {_source(directory, 'near_duplicates')} "
                    "WHERE article_id IN (SELECT unnest(?)) ON CONFLICT DO NOTHING", [ids])
    con.execute("UPDATE articles SET near_duplicate_of = n.duplicate_of FROM "
                "(SELECT a.id, d.duplicate_of FROM articles a LEFT JOIN near_duplicates d ON d.article_id = a.id "
                " WHERE a.id IN (SELECT unnest(?))) n WHERE articles.id = n.id", [ids])
    if "ingested_at" in _shared_columns(con, directory, "articles"):
        con.execute(f"UPDATE articles SET ingested_at = d.ingested_at FROM {articles} d "
                    "WHERE articles.id = d.id AND d.id IN (SELECT unnest(?)) AND d.ingested_at IS NOT NULL", [ids])


def _copy_derived(store: Store, directory: str | Path, present: set[str]) -> None:
    """Derived tables (event groups) of the export, into a store whose own are still empty.

    They are computed from the other tables, so a store that already has some keeps its own
    rather than mixing two computations.
    """
    stored = _stored_tables(store.con)
    for table in DERIVED_TABLES:
        if table not in present or table not in stored:
            continue
        if store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:  # type: ignore[index]
            continue
        with store.atomic() as con:
            quoted = ", ".join(f'"{c}"' for c in _shared_columns(con, directory, table))
            con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM {_source(directory, table)}")


# -- a whole store, out and back ----------------------------------------------------------
def export_store(store_or_connection: Store | duckdb.DuckDBPyConnection, directory: str | Path, *,
                 overwrite: bool = False) -> dict[str, int]:
    """Write every allow-listed table of a store as a partitioned Parquet dataset; return rows per table.

    Each row goes to the month of its article's publication date (`month_of`), the layout of
    `write_unit`, so that `open_dataset` and `import_dataset` read it. A folder that already
    holds something is refused unless `overwrite`, which replaces the table folders and the
    manifest of an earlier dataset there and leaves any other file alone.
    """
    con = store_or_connection.con if isinstance(store_or_connection, Store) else store_or_connection
    target = Path(directory)
    _prepare_target(target, overwrite=overwrite)
    stored = _stored_tables(con)
    counts: dict[str, int] = {}
    for table in (*EXPORT_TABLES, *DERIVED_TABLES):
        if table not in stored:
            continue
        folder = target / table
        con.execute(f"COPY ({_export_query(table, stored[table])}) TO '{_sql_text(str(folder))}' "
                    "(FORMAT PARQUET, PARTITION_BY (month), FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE)")
        counts[table] = int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]
    manifest = {"format": "entente-store-export", "version": 1, "tables": counts}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return counts


def _prepare_target(target: Path, *, overwrite: bool) -> None:
    """Refuse to mix a new export with whatever a folder holds, unless asked to replace it."""
    if target.exists() and not target.is_dir():
        raise StoreError(f"{target} is a file; name a folder for the Parquet dataset")
    if target.exists() and any(target.iterdir()):
        if not overwrite:
            raise StoreError(f"{target} is not empty; name a new or empty folder, or pass --overwrite to replace "
                             "the dataset in it")
        for table in (*EXPORT_TABLES, *DERIVED_TABLES):
            if (target / table).is_dir():
                shutil.rmtree(target / table)
        (target / MANIFEST).unlink(missing_ok=True)
    target.mkdir(parents=True, exist_ok=True)


def _stored_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The store's tables (and views, for a dataset opened with `open_dataset`) with their columns."""
    rows = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                       "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def _month_sql(published: str) -> str:
    """`month_of` in SQL: 'YYYY-MM', 'YYYY-00' for a year-only date, 'unknown' without one."""
    return (f"CASE WHEN coalesce({published}, '') = '' THEN 'unknown' WHEN length({published}) >= 7 "
            f"THEN substr({published}, 1, 7) ELSE substr({published}, 1, 4) || '-00' END")


def _export_query(table: str, columns: list[str]) -> str:
    """The rows of `table` with the month of their article (and `article_id` on `event_actors`)."""
    if table == "articles":
        return f"SELECT t.*, {_month_sql('t.published')} AS month FROM articles t"
    if table == "rejects":  # no article: the month it was first seen
        return "SELECT t.*, coalesce(strftime(t.first_seen, '%Y-%m'), 'unknown') AS month FROM rejects t"
    if "article_id" in columns:
        return (f"SELECT t.*, {_month_sql('a.published')} AS month FROM {table} t "
                "LEFT JOIN articles a ON a.id = t.article_id")
    if "event_id" in columns:  # event_actors, event_groups: through the event to its article
        article = ", e.article_id" if table == "event_actors" else ""
        return (f"SELECT t.*{article}, {_month_sql('a.published')} AS month FROM {table} t "
                "LEFT JOIN events e ON e.id = t.event_id LEFT JOIN articles a ON a.id = e.article_id")
    return f"SELECT t.*, 'unknown' AS month FROM {table} t"


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


def is_store_export(directory: str | Path) -> bool:
    """Whether `directory` is a whole store's export (its tables are complete), not an ingest's units."""
    return (Path(directory) / MANIFEST).is_file()
