"""The store's tables as a partitioned Parquet dataset: the interchange format at scale.

Layout: `DIR/<table>/month=YYYY-MM/<unit>.parquet`, partitioned by the article's publication
month (`month=unknown` when it has none), one file per work unit, so that a re-run of a unit
overwrites its own files and nothing else. The tables and their columns are those of the
DuckDB store (`store/migrations/*.sql`), plus `month` (and `article_id` on `event_actors`).

Analysis reads a dataset directly through DuckDB views (`open_dataset`), or `import_dataset`
loads it into an embedded store, deduplicating articles and grouping near-duplicates as
ingest does.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Reason
from ..records import Article, Rejected
from . import Store, canonical_url
from . import extractions as rows_of

TABLES = ("articles", "mentions", "events", "event_actors", "stances", "quotes", "claims", "rejects")
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


def present_tables(directory: str | Path) -> list[str]:
    return [t for t in TABLES if any((Path(directory) / t).glob("**/*.parquet"))]


def open_dataset(directory: str | Path) -> Store:
    """A read-only store whose tables are views over a Parquet dataset (nothing is copied).

    Articles and events are deduplicated by id in the views, so that a unit processed twice, or
    the same article in two inputs, counts once.
    """
    store = Store.__new__(Store)
    store.path = str(directory)
    store.read_only = True
    store.con = duckdb.connect(":memory:")
    present = set(present_tables(directory))
    for table in TABLES:
        if table in present:
            source = f"read_parquet('{_glob(directory, table)}', hive_partitioning = true, union_by_name = true)"
            key = {"articles": "id", "events": "id", "quotes": "id", "stances": "id"}.get(table)
            select = f"SELECT DISTINCT ON ({key}) * FROM {source}" if key else f"SELECT * FROM {source}"
            store.con.execute(f"CREATE VIEW {table} AS {select}")
    _empty_views_for_missing(store.con, present)
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
    interrupted import resumes without loss or duplication.
    """
    present = set(present_tables(directory))
    counts = {"articles": 0, "stored": 0, "duplicates": 0, "near_duplicates": 0}
    if "articles" not in present:
        return counts
    reader = duckdb.connect(":memory:")
    _import_rejects(reader, directory, present, store)
    cursor = reader.execute(
        f"SELECT * EXCLUDE (month) FROM read_parquet('{_glob(directory, 'articles')}', hive_partitioning = true, "
        "union_by_name = true) ORDER BY id")
    names = [d[0] for d in cursor.description]
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
            _copy_extractions(con, directory, present, ids)
            runs = [(i, signatures[i]) for i in ids if signatures.get(i)]
            if runs:
                con.executemany("INSERT OR REPLACE INTO extraction_runs (article_id, extractors) VALUES (?, ?)", runs)

        result = store.add_batch(articles, with_fresh=with_fresh)
        counts["articles"] += len(articles)
        counts["stored"] += len(result.stored)
        counts["duplicates"] += len(result.duplicates)
        counts["near_duplicates"] += len(result.near_duplicates)
    reader.close()
    return counts


def _import_rejects(reader: duckdb.DuckDBPyConnection, directory: str | Path, present: set[str],
                    store: Store) -> None:
    if "rejects" not in present:
        return
    rows = reader.execute(f"SELECT origin, reason, detail, format, size FROM read_parquet('{_glob(directory, 'rejects')}', "
                          "hive_partitioning = true, union_by_name = true)").fetchall()
    rejects = [Rejected(origin, Reason(reason), detail or "", fmt, size) for origin, reason, detail, fmt, size in rows]
    for i in range(0, len(rejects), 1000):
        store.add_batch([], rejects[i:i + 1000])


def _copy_extractions(con: duckdb.DuckDBPyConnection, directory: str | Path, present: set[str],
                      article_ids: list[str]) -> None:
    for table in ("mentions", "events", "event_actors", "stances", "quotes", "claims"):
        if table not in present:
            continue
        columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
        quoted = ", ".join(f'"{c}"' for c in columns)
        source = f"read_parquet('{_glob(directory, table)}', hive_partitioning = true, union_by_name = true)"
        distinct = "DISTINCT "  # the same rows may come from two units that read the same article
        conflict = "" if table in ("event_actors", "claims") else " ON CONFLICT DO NOTHING"
        con.execute(f"INSERT INTO {table} ({quoted}) SELECT {distinct}{quoted} FROM {source} "
                    f"WHERE article_id IN (SELECT unnest(?)){conflict}", [article_ids])
