"""The embedded store: one DuckDB file (default `./entente.duckdb`) that mirrors the records.

`Store` wraps one connection: use it as a context manager, group writes with `atomic()`, and pass
`":memory:"` for a throwaway store in tests. Tables are created by named migrations
(`store/migrations/*.sql`) recorded in the `migrations` table.

DuckDB allows one writing process per file; readers in other processes must open it read-only
while no writer holds it. Ingestion therefore writes in batches, each in one transaction, so an
interrupted run loses at most the batch in flight and a re-run stores it, once.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import duckdb
import pyarrow as pa

from ..errors import StoreError
from ..records import Article, Rejected
from . import extractions as extractions_mod
from . import migrations
from .extractions import Extraction, insert_rows
from .groups import bring_up_to_date

log = logging.getLogger(__name__)

DEFAULT_PATH = "entente.duckdb"
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid")


def open_store(path: str | Path, *, read_only: bool = True) -> Store:
    """A store from a DuckDB file, or read-only views over a Parquet dataset directory."""
    if Path(path).is_dir():
        from .parquet import open_dataset
        return open_dataset(path)
    if read_only and not Path(path).exists():
        raise StoreError(f"no store at {path}; create one with `entente ingest ... --db {path}`")
    return Store(path, read_only=read_only)


def canonical_url(url: str | None) -> str | None:
    """The form of a URL that two links to the same page share (no fragment, no tracking)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not k.lower().startswith(_TRACKING)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https" if parts.scheme in ("http", "https") else parts.scheme, host, path, query, ""))


@dataclass(slots=True)
class BatchResult:
    """What one batch did to the store."""

    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    near_duplicates: dict[str, str] = field(default_factory=dict)
    rejected: int = 0


class Store:
    """A DuckDB-backed store of articles and everything extracted from them."""

    def __init__(self, path: str | Path = DEFAULT_PATH, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            hint = " (is another entente process writing to it?)" if "lock" in str(exc).lower() else ""
            raise StoreError(f"cannot open the store {self.path}: {exc}{hint}") from exc
        if not read_only:
            migrations.migrate(self.con)
            bring_up_to_date(self.con)  # events stored before grouping existed or by older rules, or copied by SQL

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run the block in one transaction: all of it is written, or none."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- writing ---------------------------------------------------------------------------
    def known(self, articles: Sequence[Article]) -> set[str]:
        """Ids of the given articles that are already stored (by id or canonical URL)."""
        stored_ids, stored_urls = self._stored_keys(articles)
        return {a.id for a in articles if a.id in stored_ids or canonical_url(a.url) in stored_urls}

    def _stored_keys(self, articles: Sequence[Article]) -> tuple[set[str], dict[str, str]]:
        """Which of these articles' ids are stored, and the stored id of each of their canonical URLs."""
        ids = [a.id for a in articles]
        urls = [u for a in articles if (u := canonical_url(a.url))]
        stored_ids = {r[0] for r in self.con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()} if ids else set()
        stored_urls = {r[0]: r[1] for r in self.con.execute(
            "SELECT canonical_url, id FROM articles WHERE canonical_url IN (SELECT unnest(?))",
            [urls]).fetchall()} if urls else {}
        return stored_ids, stored_urls

    def add_batch(self, articles: Sequence[Article], rejects: Sequence[Rejected] = (),
                  extractions: Mapping[str, Extraction] | None = None, *, signature: str | None = None,
                  with_fresh: Callable[[duckdb.DuckDBPyConnection, list[str]], None] | None = None) -> BatchResult:
        """Store a batch of articles and rejections in one transaction.

        An article whose id (normalised-body hash) or canonical URL is already stored is a
        duplicate: only the new sighting is recorded. An article that MinHash finds to be a
        near-duplicate of a stored one is stored, marked `near_duplicate_of`, and grouped in
        `near_duplicates`, so that analysis can count the story once. `extractions` (article id
        -> what the extractors found) are written with their articles, in the same transaction,
        and `signature` (the extractor versions) is recorded for them. `with_fresh` runs in that
        transaction too, with the ids of the articles newly stored.
        """
        result = BatchResult(rejected=len(rejects))
        with self.atomic():
            fresh = self._drop_duplicates(articles, result)
            self._mark_near_duplicates(fresh, result)
            self._insert_articles(fresh)
            if extractions:
                fresh_ids = {a.id for a in fresh}
                extractions_mod.write(self.con, {k: v for k, v in extractions.items() if k in fresh_ids},
                                      signature=signature)
            if with_fresh is not None and fresh:
                with_fresh(self.con, [a.id for a in fresh])
            self._insert_sightings(articles)
            for reject in rejects:
                self._record_reject(reject)
        result.stored = [a.id for a in fresh]
        return result

    def _drop_duplicates(self, articles: Sequence[Article], result: BatchResult) -> list[Article]:
        known_ids, known_urls = self._stored_keys(articles)
        fresh: list[Article] = []
        seen_ids: set[str] = set()
        seen_urls: set[str] = set()
        for article in articles:
            url = canonical_url(article.url)
            if article.id in known_ids or article.id in seen_ids or (url and (url in known_urls or url in seen_urls)):
                if url in known_urls and article.id not in known_ids:
                    article.id = known_urls[url]  # same page, fetched again: keep the first copy
                result.duplicates.append(article.id)
                continue
            seen_ids.add(article.id)
            if url:
                seen_urls.add(url)
            fresh.append(article)
        return fresh

    def _mark_near_duplicates(self, articles: Sequence[Article], result: BatchResult) -> None:
        if not articles:
            return
        from ..ingest import dedup  # datasketch and scipy: only for a write, not for every reader

        sigs = {a.id: dedup.signature(a.text) for a in articles}
        keys = {a.id: dedup.band_keys(sigs[a.id]) for a in articles}
        table = pa.table({
            "band": pa.array([b for a in articles for b in range(dedup.BANDS)], pa.int16()),
            "key": pa.array([k for a in articles for k in keys[a.id]], pa.int64()),
            "article_id": pa.array([a.id for a in articles for _ in range(dedup.BANDS)]),
        })
        self.con.register("batch_bands", table)
        try:
            rows = self.con.execute(
                """SELECT DISTINCT b.article_id, m.article_id, s.signature
                   FROM batch_bands b JOIN minhash_bands m USING (band, key)
                   JOIN minhash s ON s.article_id = m.article_id""").fetchall()
            candidates: dict[str, dict[str, Any]] = {}
            for new_id, old_id, blob in rows:
                candidates.setdefault(new_id, {})[old_id] = dedup.from_blob(blob)
            earlier: dict[tuple[int, int], list[str]] = {}
            for article in articles:
                pool = candidates.get(article.id, {})
                for band, key in enumerate(keys[article.id]):  # earlier articles of this batch
                    for other in earlier.get((band, key), []):
                        pool[other] = sigs[other]
                best = max(((dedup.similarity(sigs[article.id], sig), other) for other, sig in pool.items()),
                           default=(0.0, ""))
                if best[0] >= dedup.THRESHOLD:
                    article.near_duplicate_of = best[1]
                    result.near_duplicates[article.id] = best[1]
                for band, key in enumerate(keys[article.id]):
                    earlier.setdefault((band, key), []).append(article.id)
            self.con.execute("INSERT INTO minhash_bands SELECT band, key, article_id FROM batch_bands")
        finally:
            self.con.unregister("batch_bands")
        insert_rows(self.con, "minhash", [{"article_id": a.id, "signature": dedup.to_blob(sigs[a.id])}
                                          for a in articles], skip_existing=False, types={"signature": pa.binary()})
        if result.near_duplicates:
            self.con.executemany(
                "INSERT INTO near_duplicates VALUES (?, ?, ?)",
                [(new, old, dedup.similarity(sigs[new], sigs[old]) if old in sigs else dedup.THRESHOLD)
                 for new, old in result.near_duplicates.items()])

    def _insert_articles(self, articles: Sequence[Article]) -> None:
        if not articles:
            return
        columns: dict[str, list[Any]] = {name: [] for name in _ARTICLE_COLUMNS}
        for a in articles:
            row = a.as_dict()
            row["canonical_url"] = canonical_url(a.url)
            row["removed"] = json.dumps(a.removed, ensure_ascii=False)
            for name in _ARTICLE_COLUMNS:
                columns[name].append(row[name])
        table = pa.table({name: pa.array(values, _ARTICLE_TYPES.get(name, pa.string()))
                          for name, values in columns.items()})
        self.con.register("batch_articles", table)
        try:
            self.con.execute(f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) "
                             f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM batch_articles "
                             "ON CONFLICT DO NOTHING")
        finally:
            self.con.unregister("batch_articles")

    def _insert_sightings(self, articles: Iterable[Article]) -> None:
        rows = sorted({(a.id, a.origin or a.url or "", a.format) for a in articles})
        insert_rows(self.con, "sightings", [{"article_id": i, "origin": o, "format": f} for i, o, f in rows])

    def _record_reject(self, reject: Rejected) -> None:
        key = hashlib.sha256(f"{reject.origin}\x00{reject.reason.value}".encode()).hexdigest()[:16]
        self.con.execute(
            """INSERT INTO rejects (id, origin, reason, detail, format, size) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET last_seen = now(), times = rejects.times + 1,
               detail = excluded.detail""",
            [key, reject.origin, reject.reason.value, reject.detail, reject.format, reject.size])

    # -- reading ---------------------------------------------------------------------------
    def article(self, article_id: str) -> Article | None:
        cur = self.con.execute(f"SELECT {', '.join(_READ_COLUMNS)} FROM articles WHERE id = ?", [article_id])
        row = cur.fetchone()
        return None if row is None else _article_from_row(dict(zip(_READ_COLUMNS, row)))

    def articles(self, *, limit: int | None = None) -> Iterator[Article]:
        sql = f"SELECT {', '.join(_READ_COLUMNS)} FROM articles ORDER BY published NULLS LAST, id"
        cur = self.con.execute(sql + (f" LIMIT {int(limit)}" if limit else ""))
        while rows := cur.fetchmany(500):
            for row in rows:
                yield _article_from_row(dict(zip(_READ_COLUMNS, row)))

    def count(self, table: str) -> int:
        if table not in _COUNTABLE:
            raise StoreError(f"unknown table {table!r}")
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]

    def summary(self) -> dict[str, Any]:
        """Counts a person wants after an ingest: articles, sources, years, languages, rejects."""
        con = self.con
        years = con.execute("""SELECT substr(published, 1, 4) AS y, count(*) FROM articles
                               WHERE published IS NOT NULL GROUP BY y ORDER BY y""").fetchall()
        reasons = con.execute("SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY 2 DESC").fetchall()
        formats = con.execute("SELECT format, count(*) FROM articles GROUP BY format ORDER BY 2 DESC").fetchall()
        return {
            "store": self.path,
            "articles": self.count("articles"),
            "near_duplicates": self.count("near_duplicates"),
            "sightings": self.count("sightings"),
            "rejects": self.count("rejects"),
            "mentions": self.count("mentions"),
            "events": self.count("events"),
            "stances": self.count("stances"),
            "quotes": self.count("quotes"),
            "rejects_by_reason": dict(reasons),
            "articles_by_format": {k or "unknown": v for k, v in formats},
            "articles_by_year": dict(years),
            "migrations": migrations.applied(self.con) if not self.read_only else None,
        }

    def replace_extractions(self, extractions: Mapping[str, Extraction], *, signature: str) -> None:
        """Re-coding: swap the stored extractions of these articles for new ones, in one transaction."""
        with self.atomic():
            extractions_mod.delete_for(self.con, list(extractions))
            extractions_mod.write(self.con, extractions, signature=signature)

    def stale_articles(self, signature: str, *, limit: int | None = None) -> list[str]:
        """Ids of articles whose extractions were not made by exactly these extractor versions."""
        sql = """SELECT a.id FROM articles a LEFT JOIN extraction_runs r ON r.article_id = a.id
                 WHERE r.extractors IS DISTINCT FROM ? ORDER BY a.id"""
        params: list[Any] = [signature]
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return [row[0] for row in self.con.execute(sql, params).fetchall()]

    def article_ids(self, *, limit: int | None = None) -> list[str]:
        sql = "SELECT id FROM articles ORDER BY id" + (f" LIMIT {int(limit)}" if limit else "")
        return [row[0] for row in self.con.execute(sql).fetchall()]

    def articles_by_id(self, ids: Sequence[str]) -> list[Article]:
        cur = self.con.execute(f"SELECT {', '.join(_READ_COLUMNS)} FROM articles WHERE id IN (SELECT unnest(?))",
                               [list(ids)])
        return [_article_from_row(dict(zip(_READ_COLUMNS, row))) for row in cur.fetchall()]

    def rejects(self, *, limit: int = 100) -> list[dict[str, Any]]:
        cur = self.con.execute("""SELECT origin, reason, detail, format, size, times, last_seen
                                  FROM rejects ORDER BY last_seen DESC LIMIT ?""", [limit])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


_ARTICLE_COLUMNS = ("id", "title", "subtitle", "authors", "published", "published_precision", "source", "url",
                    "canonical_url", "language", "page", "page_count", "text", "removed", "external_id",
                    "origin", "format", "near_duplicate_of")
_ARTICLE_TYPES = {"authors": pa.list_(pa.string()), "page": pa.int32(), "page_count": pa.int32()}
_READ_COLUMNS = tuple(c for c in _ARTICLE_COLUMNS if c != "canonical_url")
_COUNTABLE = {"articles", "sightings", "rejects", "near_duplicates", "minhash", "migrations", "mentions", "events",
              "event_actors", "stances", "quotes", "claims", "extraction_runs"}


def _article_from_row(row: dict[str, Any]) -> Article:
    row["removed"] = json.loads(row["removed"]) if row["removed"] else {}
    row["authors"] = list(row["authors"] or [])
    return Article.from_dict(row)
