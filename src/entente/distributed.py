"""Scale-out on Dask: read, parse and extract on a cluster, write a partitioned Parquet dataset.

The work is cut into units that each worker can do alone: a byte range of a JSON Lines file
(cut at line ends, so a record is never split), or a group of other files. Every unit is one
Dask task that reads its inputs, admits the articles, runs the spaCy pipeline (loaded once per
worker process, cached by `nlp.load_pipeline`) and writes its own Parquet files
(`store.parquet.write_unit`) with a completion marker. Results stay on the workers' shared file
system; only counts travel back to the client. A re-run skips finished units, so an interrupted
job resumes.

Point it at a real cluster by passing its scheduler address (`tcp://host:8786`); with
dask-jobqueue (SLURM, PBS) or dask-kubernetes, start the cluster there and pass
`cluster.scheduler_address`. The dataset directory must be reachable by every worker under the
same path (a shared file system or a mounted bucket).
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .ingest import IngestOptions, checks
from .ingest.decode import GZIP_MAGIC, sniff_format
from .ingest.sources import expand, iter_articles
from .ingest.tabular import read_jsonl
from .records import Article, Rejected

#: Bytes of JSON Lines per unit: big enough to amortise a task, small enough to balance load.
DEFAULT_UNIT_BYTES = 4 * 1024 * 1024
FILES_PER_UNIT = 64


@dataclass(frozen=True, slots=True)
class Unit:
    """One task's share of the input."""

    id: str
    kind: str                      # "jsonl-range" or "files"
    paths: tuple[str, ...]
    start: int = 0                 # byte range, for jsonl-range
    end: int = 0
    first_line: int = 1


@dataclass(slots=True)
class DaskSummary:
    units: int = 0
    skipped_units: int = 0
    read: int = 0
    articles: int = 0
    rejected: int = 0
    events: int = 0
    seconds: float = 0.0
    dataset: str = ""
    workers: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def plan_units(inputs: Iterable[str], *, unit_bytes: int = DEFAULT_UNIT_BYTES) -> list[Unit]:
    """Cut the inputs into units: JSON Lines files by byte ranges, everything else in groups."""
    units: list[Unit] = []
    others: list[str] = []
    for name in inputs:
        for path in expand(name):
            if _is_plain_jsonl(path):
                units.extend(_jsonl_ranges(path, unit_bytes))
            else:
                others.append(path)
    for i in range(0, len(others), FILES_PER_UNIT):
        group = tuple(others[i:i + FILES_PER_UNIT])
        units.append(Unit(_unit_id("files", *group), "files", group))
    return units


def _is_plain_jsonl(path: str) -> bool:
    file = Path(path)
    if not file.is_file():
        return False
    with file.open("rb") as handle:
        head = handle.read(4096)
    return not head.startswith(GZIP_MAGIC) and sniff_format(head, file.name) == "jsonl"


def _jsonl_ranges(path: str, unit_bytes: int) -> Iterator[Unit]:
    """Byte ranges ending at line ends, with the line number each starts at (one pass)."""
    start, line = 0, 1
    with open(path, "rb") as handle:
        while True:
            handle.seek(start)
            chunk = handle.read(unit_bytes)
            if not chunk:
                return
            rest = handle.readline() if not chunk.endswith(b"\n") else b""
            end = start + len(chunk) + len(rest)
            yield Unit(_unit_id("jsonl", path, str(start), str(end)), "jsonl-range", (path,), start, end, line)
            line += chunk.count(b"\n") + rest.count(b"\n")
            start = end


def _unit_id(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]


def run_unit(unit: Unit, dataset: str, options: IngestOptions, extract: bool = True) -> dict[str, Any]:
    """Do one unit on whichever worker runs it; return counts. Safe to run twice."""
    from .nlp import extract as extract_all
    from .nlp import extractor_signature, load_pipeline
    from .pipeline import split_extracted
    from .store import parquet

    marker = Path(dataset) / "_units" / f"{unit.id}.json"
    if marker.exists():
        return {**json.loads(marker.read_text()), "skipped": True}
    items = list(_unit_items(unit, options))
    articles = [i for i in items if isinstance(i, Article)]
    rejects = [i for i in items if isinstance(i, Rejected)]
    extractions: dict[str, Any] = {}
    if extract and articles:
        articles, extractions, failed = split_extracted(extract_all(load_pipeline(), articles))
        rejects.extend(failed)
    signature = extractor_signature() if extract else None
    written = parquet.write_unit(dataset, unit.id,
                                 parquet.unit_tables(articles, extractions, rejects, signature=signature))
    counts = {"read": len(items), "articles": len(articles), "rejected": len(rejects), "rows": written}
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(counts))
    return {**counts, "skipped": False}


def _unit_items(unit: Unit, options: IngestOptions) -> Iterator[Article | Rejected]:
    if unit.kind == "files":
        yield from iter_articles(unit.paths, options)
        return
    path = unit.paths[0]
    with open(path, "rb") as handle:
        handle.seek(unit.start)
        data = handle.read(unit.end - unit.start)
    lines = data.decode("utf-8", errors="replace").splitlines()
    # origins number lines from the start of the file, as the single-process reader does
    for item in read_jsonl(lines, origin=path, options=options, first_line=unit.first_line):
        yield checks.admit(item, options) if isinstance(item, Article) else item


def ingest_dask(inputs: Iterable[str], dataset: str | Path, *, scheduler: str = "local", workers: int = 2,
                options: IngestOptions | None = None, extract: bool = True,
                unit_bytes: int = DEFAULT_UNIT_BYTES) -> DaskSummary:
    """Run an ingest on Dask into a Parquet dataset; `scheduler` is "local" or an address."""
    from dask.distributed import Client, LocalCluster

    options = options or IngestOptions()
    dataset = str(Path(dataset).resolve())
    started = time.perf_counter()
    units = plan_units(inputs, unit_bytes=unit_bytes)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None) if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        futures = client.map(run_unit, units, dataset=dataset, options=options, extract=extract, pure=False)
        results = client.gather(futures)
        n_workers = len(client.scheduler_info().get("workers", {}))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    summary = DaskSummary(units=len(units), dataset=dataset, workers=n_workers)
    for result in results:
        summary.skipped_units += bool(result.get("skipped"))
        summary.read += result["read"]
        summary.articles += result["articles"]
        summary.rejected += result["rejected"]
        for table, count in result["rows"].items():
            summary.rows[table] = summary.rows.get(table, 0) + count
    summary.events = summary.rows.get("events", 0)
    summary.seconds = time.perf_counter() - started
    return summary
