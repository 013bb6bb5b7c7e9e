"""The orchestrator: sources -> ingest -> (nlp -> actors -> events -> quotes) -> store.

Reads top to bottom like the architecture diagram in the README. Each stage lives in its own
module; this file only decides the order, the batching, and what happens to a bad input (it is
recorded as a rejection and the run goes on).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from .ingest import IngestOptions, iter_articles
from .nlp import annotate, extraction_of, load_pipeline
from .records import Article, Rejected
from .store import Store

log = logging.getLogger(__name__)

DEFAULT_BATCH = 200


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did; `rejects` keeps the first few rejections for the terminal."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    seconds: float = 0.0
    rejects: list[dict[str, Any]] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["articles_per_second"] = round(self.articles_per_second, 2)
        data["seconds"] = round(self.seconds, 3)
        return data


#: Called after each item with the running summary and the item (article or rejection).
Progress = Callable[[IngestSummary, Article | Rejected], None]


def ingest(inputs: Iterable[str], store: Store, *, options: IngestOptions | None = None,
           batch_size: int = DEFAULT_BATCH, progress: Progress | None = None, extract: bool = True,
           n_process: int = 1, keep_rejects: int = 50) -> IngestSummary:
    """Read every input into the store, one transaction per batch; return what happened.

    1. read: every input becomes articles or rejections (`ingest.iter_articles`);
    2. skip what the store already holds, so a re-run costs no parsing;
    3. extract: parse the new articles with spaCy and entente's components (`nlp`);
    4. store: articles, their extractions and the rejections, one transaction per batch.

    Re-running the same inputs stores nothing twice, so an interrupted run is resumed by
    running it again.
    """
    summary = IngestSummary()
    started = time.perf_counter()
    nlp = load_pipeline() if extract else None
    for batch in _batches(iter_articles(inputs, options or IngestOptions()), batch_size, summary, progress):
        articles = [item for item in batch if isinstance(item, Article)]
        rejects = [item for item in batch if isinstance(item, Rejected)]
        extractions = None
        if nlp is not None:
            known = store.known(articles)
            fresh = [a for a in articles if a.id not in known]
            extractions = {a.id: extraction_of(doc) for a, doc in annotate(nlp, fresh, n_process=n_process)}
        result = store.add_batch(articles, rejects, extractions)
        summary.stored += len(result.stored)
        summary.duplicates += len(result.duplicates)
        summary.near_duplicates += len(result.near_duplicates)
        summary.rejected += len(rejects)
        summary.rejects.extend(r.as_dict() for r in rejects[: max(0, keep_rejects - len(summary.rejects))])
        log.info("committed a batch of %d articles and %d rejections", len(articles), len(rejects))
    summary.seconds = time.perf_counter() - started
    return summary


def _batches(items: Iterator[Article | Rejected], size: int, summary: IngestSummary,
             progress: Progress | None) -> Iterator[list[Article | Rejected]]:
    batch: list[Article | Rejected] = []
    for item in items:
        summary.read += 1
        batch.append(item)
        if progress is not None:
            progress(summary, item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def read(inputs: Iterable[str], *, options: IngestOptions | None = None,
         extract: bool = True) -> Iterator[dict[str, Any] | Rejected]:
    """Read inputs without touching a store: one JSON-ready dict per article, or a rejection.

    The dict holds the Article fields, then what the extractors found (`actors`, `mentions`,
    `events`, `stances`, `quotes`, `claims`). Its shape is published in
    `entente/schema/read.v1.schema.json`.
    """
    nlp = load_pipeline() if extract else None
    for item in iter_articles(inputs, options or IngestOptions()):
        if isinstance(item, Rejected):
            yield item
        elif nlp is None:
            yield item.as_dict()
        else:
            [(article, doc)] = list(annotate(nlp, [item]))
            yield {**article.as_dict(), **extraction_of(doc)}
