"""The served store: one DuckDB database owned by the server, read by many threads, written by one.

DuckDB allows one writing *process* per file, and inside that process any number of connections
(cursors) to the same database, each with its own transaction (MVCC: a reader sees the last
committed state and never waits for a writer). `StoreService` uses exactly that:

* the `Store` (read-write, migrations applied) is opened once, and used by one thread only: the
  **writer**, which takes ingestion jobs from a queue, one at a time, and commits each batch in
  one transaction, as `entente ingest` does;
* every request thread reads through its own **cursor** of the same database (`read()`), created
  on first use and kept for the life of the thread, so reads are never serialised behind a write;
* reading the inputs (decoding, HTML extraction, fetching a URL) happens in the request thread,
  before the job is queued, so a slow download never holds the writer.

Another process that wants to add articles while the server runs submits them through the API
(`entente.api.remote`), because it could not open the file.
"""
from __future__ import annotations

import itertools
import logging
import os
import queue
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from ..errors import EntenteError
from ..pipeline import IngestSummary
from ..records import Article, Rejected
from ..store import Store

log = logging.getLogger(__name__)

#: Articles per transaction when the server stores a job.
BATCH = 200
#: Finished jobs remembered for `GET /api/ingest/jobs/{id}`.
KEEP_JOBS = 200
#: Cursors kept for the relations analysis, each with the evidence records materialised
#: (`entente.graph.materialize`), refreshed at most this often while the store changes.
ANALYSIS_CURSORS = max(2, min(4, os.cpu_count() or 2))
ANALYSIS_WAIT = 10.0
REFRESH_SECONDS = 5.0
#: Responses of the relations endpoints kept (see `StoreService.cached`).
CACHE_SIZE = 256
STALE_SECONDS = 5.0


class ReadStore(Store):
    """`Store`'s read methods (`article`, `summary`, `rejects`, ...) over a borrowed cursor."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:
        self.con = con
        self.path = path
        self.read_only = True

    def close(self) -> None:  # the cursor belongs to its thread, not to this view
        pass


@dataclass(slots=True)
class IngestJob:
    """Articles and rejections waiting to be stored, and what became of them."""

    kind: str
    items: list[Article | Rejected]
    extract: bool
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    status: str = "queued"  # queued, running, done, failed
    created: float = field(default_factory=time.time)
    finished: float | None = None
    summary: dict[str, Any] | None = None
    error: dict[str, str] | None = None
    stored_ids: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "status": self.status, "extract": self.extract,
                "created": _iso(self.created), "finished": _iso(self.finished) if self.finished else None,
                "summary": self.summary, "article_ids": self.article_ids[:1000],
                "stored_ids": self.stored_ids[:1000], "error": self.error}


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


class StoreService:
    """Owns the store for the server's lifetime: read cursors per thread, one writer thread."""

    def __init__(self, path: str | Path, *, batch_size: int = BATCH, cache: bool = True) -> None:
        self.path = str(path)
        self.cache = cache
        self.batch_size = batch_size
        self.store = Store(self.path)  # read-write: DuckDB's lock keeps other processes out
        self._root = self.store.con.cursor()  # used only to make cursors, never to query
        self._root_lock = threading.Lock()
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._jobs: OrderedDict[str, IngestJob] = OrderedDict()
        self._jobs_lock = threading.Lock()
        self._queue: queue.Queue[IngestJob | None] = queue.Queue()
        self._closed = False
        self.version = 0  # bumped after every job that wrote something: the key of every cache
        self._analysis: queue.Queue[_AnalysisCursor] = queue.Queue()
        self._analysis_made = 0
        self._cache: OrderedDict[tuple[Any, ...], tuple[int, float, Any]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._key_locks: dict[tuple[Any, ...], threading.Lock] = {}
        self._writer = threading.Thread(target=self._write_loop, name="entente-writer", daemon=True)
        self._writer.start()
        self._stop = threading.Event()
        self._refresher = threading.Thread(target=self._refresh_loop, name="entente-refresher", daemon=True)
        self._refresher.start()

    # -- reading -----------------------------------------------------------------------------
    def read(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the store: a consistent snapshot per query, never blocked by writes."""
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cur is None:
            with self._root_lock:
                if self._closed:
                    raise EntenteError("the server is shutting down")
                cur = self._root.cursor()
                self._cursors.append(cur)
            self._local.cursor = cur
        return cur

    def read_store(self) -> ReadStore:
        return ReadStore(self.read(), self.path)

    @contextmanager
    def analysis(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for the relations analysis: a snapshot of the store with its evidence records
        materialised (`entente.graph.materialize`).

        A few such cursors are pooled (`ANALYSIS_CURSORS`). Each reads inside one transaction, so
        that it sees a fixed snapshot of the store (MVCC) in which the materialised records stay
        valid while the writer commits; the snapshot is renewed, and the records rebuilt, when the
        store has changed and the snapshot is older than `REFRESH_SECONDS`. So the relations lag
        the writes by a few seconds at most, and cost a few milliseconds instead of a few hundred.
        When every pooled cursor stays busy for `ANALYSIS_WAIT` seconds, the request reads the
        tables directly through its own cursor instead.
        """
        item: _AnalysisCursor | None = None
        try:
            item = self._analysis.get_nowait()
        except queue.Empty:
            with self._root_lock:
                if self._closed:
                    raise EntenteError("the server is shutting down") from None
                if self._analysis_made < ANALYSIS_CURSORS:
                    self._analysis_made += 1
                    item = _AnalysisCursor(self._root.cursor())
                    self._cursors.append(item.cursor)
            if item is None:
                try:
                    item = self._analysis.get(timeout=ANALYSIS_WAIT)
                except queue.Empty:
                    item = None
        if item is None:  # every pooled cursor is busy: read the tables directly rather than wait longer
            yield self.read()
            return
        try:
            if not item.in_transaction or time.monotonic() - item.built > 4 * REFRESH_SECONDS:
                item.refresh(self.version)  # first use, or the refresher is behind
            yield item.cursor
        except BaseException:
            item.reset()  # a failed statement aborts the snapshot's transaction
            raise
        finally:
            self._analysis.put(item)

    def _refresh_loop(self) -> None:
        """Keep the analysis cursors' snapshots recent, so that requests seldom wait for a rebuild."""
        while not self._stop.wait(1.0):
            with self._root_lock:
                if self._closed:
                    return
                while self._analysis_made < ANALYSIS_CURSORS:  # make them all, warm, from the start
                    self._analysis_made += 1
                    item = _AnalysisCursor(self._root.cursor())
                    self._cursors.append(item.cursor)
                    self._analysis.put(item)
            for _ in range(ANALYSIS_CURSORS):
                try:
                    item = self._analysis.get_nowait()
                except queue.Empty:
                    break
                try:
                    if not item.in_transaction or (item.version != self.version
                                                   and time.monotonic() - item.built >= REFRESH_SECONDS):
                        item.refresh(self.version)
                except Exception:  # a failed rebuild leaves the cursor to read the tables directly
                    log.exception("could not refresh an analysis snapshot")
                    item.reset()
                finally:
                    self._analysis.put(item)

    def cached(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """`compute()`'s result for `key`, computed once and reused while it is current.

        A result is current while the store has not changed since it was computed; after a change
        it is still served for up to `STALE_SECONDS`, so that a running ingest (which changes the
        store every batch) does not make every reader recompute: the relations shown lag the
        writes by a few seconds at most. Concurrent requests for the same key wait for one
        computation. `cache=False` (or ENTENTE_API_CACHE=0) computes every time.
        """
        if not self.cache:
            return compute()
        with self._cache_lock:
            entry = self._cache.get(key)
            if entry is not None and (entry[0] == self.version or time.monotonic() - entry[1] < STALE_SECONDS):
                self._cache.move_to_end(key)
                return entry[2]
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:  # one computation per key; the others wait for it
            with self._cache_lock:
                entry = self._cache.get(key)
                if entry is not None and (entry[0] == self.version or time.monotonic() - entry[1] < STALE_SECONDS):
                    return entry[2]
            version, began = self.version, time.monotonic()
            value = compute()
            with self._cache_lock:
                self._cache[key] = (version, began, value)
                self._cache.move_to_end(key)
                while len(self._cache) > CACHE_SIZE:
                    evicted, _ = self._cache.popitem(last=False)
                    self._key_locks.pop(evicted, None)
        return value

    # -- writing -----------------------------------------------------------------------------
    def submit(self, kind: str, items: Iterable[Article | Rejected], *, extract: bool) -> IngestJob:
        """Queue articles (and rejections) for the writer; returns the job at once."""
        if self._closed:
            raise EntenteError("the server is shutting down")
        job = IngestJob(kind=kind, items=list(items), extract=extract)
        with self._jobs_lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                oldest = next(iter(self._jobs))
                if not self._jobs[oldest].done.is_set():
                    break
                self._jobs.pop(oldest)
        self._queue.put(job)
        return job

    def job(self, job_id: str) -> IngestJob | None:
        with self._jobs_lock:
            return self._jobs.get(job_id)

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    def _committed(self) -> None:
        self.version += 1  # only the writer thread writes it

    def _write_loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            job.status = "running"
            try:
                summary = store_items(self.store, job.items, extract=job.extract, batch_size=self.batch_size,
                                      stored_ids=job.stored_ids, on_commit=self._committed)
                job.summary = summary.as_dict()
                job.status = "done"
            except EntenteError as exc:
                job.status, job.error = "failed", {"code": type(exc).__name__, "message": str(exc)}
            except Exception as exc:  # the writer must outlive one bad job
                log.exception("ingest job %s failed", job.id)
                job.status, job.error = "failed", {"code": type(exc).__name__, "message": str(exc)}
            finally:
                job.article_ids = [i.id for i in job.items if isinstance(i, Article)]
                job.items = []
                job.finished = time.time()
                job.done.set()

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self, timeout: float = 30.0) -> None:
        """Finish queued jobs (up to `timeout` seconds), then close every cursor and the store."""
        if self._closed:
            return
        self._stop.set()
        self._queue.put(None)
        self._writer.join(timeout)
        self._refresher.join(timeout)
        with self._root_lock:
            self._closed = True
            for cur in self._cursors:
                try:
                    cur.close()
                except duckdb.Error:
                    pass
            self._cursors.clear()
            self._root.close()
        self.store.close()


class _AnalysisCursor:
    """A pooled cursor reading a snapshot (one open transaction) with materialised evidence records."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self.cursor = cursor
        self.version = -1
        self.built = 0.0
        self.in_transaction = False

    def refresh(self, version: int) -> None:
        if self.in_transaction and (version == self.version or time.monotonic() - self.built < REFRESH_SECONDS):
            return
        from ..graph import materialize
        self.reset()
        self.cursor.execute("BEGIN TRANSACTION")
        self.in_transaction = True
        materialize(self.cursor)
        self.version, self.built = version, time.monotonic()

    def reset(self) -> None:
        if self.in_transaction:
            try:
                self.cursor.execute("ROLLBACK")
            except duckdb.Error:
                pass
        self.in_transaction = False
        self.version = -1


def store_items(store: Store, items: Sequence[Article | Rejected], *, extract: bool, batch_size: int = BATCH,
                stored_ids: list[str] | None = None, on_commit: Callable[[], None] | None = None) -> IngestSummary:
    """Store already-read articles and rejections: skip known ones, extract the new, one transaction a batch.

    The same steps as `pipeline.ingest` after its reading stage (which the request thread or the
    submitting client has already done).
    """
    summary = IngestSummary()
    started = time.perf_counter()
    articles = [i for i in items if isinstance(i, Article)]
    rejects = [i for i in items if isinstance(i, Rejected)]
    summary.read = len(items)
    nlp = None
    signature: str | None = None
    for batch_no in itertools.count():
        chunk = articles[batch_no * batch_size:(batch_no + 1) * batch_size]
        batch_rejects = rejects if batch_no == 0 else []
        if not chunk and not batch_rejects:
            break
        extractions: dict[str, Any] = {}
        to_store = chunk
        if extract and chunk:
            known = store.known(chunk)
            fresh = [a for a in chunk if a.id not in known]
            if fresh:
                from ..nlp import extract as extract_all
                from ..nlp import extractor_signature, load_pipeline
                from ..pipeline import split_extracted
                nlp = nlp or load_pipeline()
                signature = signature or extractor_signature()
                _, extractions, failed = split_extracted(extract_all(nlp, fresh))
                # the known ones (duplicates) and the extracted; the failed are rejects now
                to_store = [a for a in chunk if a.id in known or a.id in extractions]
                batch_rejects = [*batch_rejects, *failed]
        from ..watch import on_fresh  # alerts are recorded in the same transaction as their events
        if extractions:  # recorded with the extractor versions, as `entente ingest` does (for `recode`)
            result = store.add_batch(to_store, batch_rejects, extractions, signature=signature, with_fresh=on_fresh)
        else:
            result = store.add_batch(to_store, batch_rejects, with_fresh=on_fresh)
        if on_commit is not None:
            on_commit()
        summary.stored += len(result.stored)
        summary.duplicates += len(result.duplicates)
        summary.near_duplicates += len(result.near_duplicates)
        summary.rejected += len(batch_rejects)
        summary.rejects.extend(r.as_dict() for r in batch_rejects[:50])
        if stored_ids is not None:
            stored_ids.extend(result.stored)
        if not chunk:
            break
    summary.seconds = time.perf_counter() - started
    return summary
