"""The orchestrator: sources -> ingest -> (nlp -> actors -> events -> quotes) -> store.

Reads top to bottom like the architecture diagram in the README. Each stage lives in its own
module; this file only decides the order, the batching, and what happens to a bad input (it is
recorded as a rejection and the run goes on).
"""
from __future__ import annotations

import collections
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from . import watch
from .errors import Reason
from .ingest import IngestOptions, iter_articles
from .nlp import Extraction, ExtractionFailed, extractor_signature, load_pipeline
from .nlp import extract as extract_all
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
           workers: int = 1, keep_rejects: int = 50) -> IngestSummary:
    """Read every input into the store, one transaction per batch; return what happened.

    1. read: every input becomes articles or rejections (`ingest.iter_articles`);
    2. skip what the store already holds, so a re-run costs no parsing;
    3. extract: parse the new articles with spaCy and entente's components (`nlp`), in
       `workers` processes when more than one;
    4. store: articles, their extractions and the rejections, one transaction per batch,
       written by this process alone (DuckDB allows one writer).

    Memory stays bounded: articles stream through, at most a few batches are in flight.
    Re-running the same inputs stores nothing twice, so an interrupted run is resumed by
    running it again.
    """
    summary = IngestSummary()
    started = time.perf_counter()
    tally = _Tally(summary, progress)
    items = iter_articles(inputs, options or IngestOptions())
    if extract:
        signature = extractor_signature()
        fresh = _unknown_articles(items, store, batch_size, tally)
        extracted = extract_all(load_pipeline(), fresh, n_process=max(1, workers))
        for chunk in _chunks(extracted, batch_size):
            articles, extractions, failed = split_extracted(chunk)
            tally.rejects.extend(failed)
            _store_batch(store, articles, tally, summary, keep_rejects, extractions, signature)
        _store_batch(store, [], tally, summary, keep_rejects, {})  # what is left: duplicates, rejects
    else:
        for chunk in _chunks(items, batch_size):
            tally.count(chunk)
            _store_batch(store, [i for i in chunk if isinstance(i, Article)], tally, summary, keep_rejects, None)
    summary.seconds = time.perf_counter() - started
    return summary


class _Tally:
    """Counts what was read, and holds rejections and known duplicates until the next write."""

    def __init__(self, summary: IngestSummary, progress: Progress | None) -> None:
        self.summary = summary
        self.progress = progress
        self.rejects: list[Rejected] = []
        self.duplicates: list[Article] = []

    def count(self, items: Iterable[Article | Rejected]) -> list[Article]:
        articles = []
        for item in items:
            self.summary.read += 1
            if self.progress is not None:
                self.progress(self.summary, item)
            if isinstance(item, Rejected):
                self.rejects.append(item)
            else:
                articles.append(item)
        return articles


def split_extracted(results: Iterable[tuple[Article, Extraction | ExtractionFailed]]
                    ) -> tuple[list[Article], dict[str, Extraction], list[Rejected]]:
    """The extracted articles and their extractions, and a rejection for each article that failed."""
    articles, extractions, failed = [], {}, []
    for article, result in results:
        if isinstance(result, ExtractionFailed):
            failed.append(extraction_failed(article, result))
        else:
            articles.append(article)
            extractions[article.id] = result
    return articles, extractions, failed


def extraction_failed(article: Article, failure: ExtractionFailed) -> Rejected:
    """The rejection that records an article an extractor failed on (the article is not stored)."""
    origin = article.origin or article.url or article.id
    return Rejected(origin, Reason.EXTRACTION_FAILED, failure.detail, article.format, len(article.text))


def _unknown_articles(items: Iterator[Article | Rejected], store: Store, batch_size: int,
                      tally: _Tally) -> Iterator[Article]:
    """Articles the store does not hold yet; the others are kept aside as duplicates."""
    for chunk in _chunks(items, batch_size):
        articles = tally.count(chunk)
        known = store.known(articles)
        tally.duplicates.extend(a for a in articles if a.id in known)
        yield from (a for a in articles if a.id not in known)


def _store_batch(store: Store, articles: list[Article], tally: _Tally, summary: IngestSummary,
                 keep_rejects: int, extractions: dict[str, Any] | None, signature: str | None = None) -> None:
    rejects, tally.rejects = tally.rejects, []
    duplicates, tally.duplicates = tally.duplicates, []
    if not (articles or rejects or duplicates):
        return
    result = store.add_batch(articles + duplicates, rejects, extractions, signature=signature,
                             with_fresh=watch.on_fresh)  # alerts are recorded with their events
    summary.stored += len(result.stored)
    summary.duplicates += len(result.duplicates)
    summary.near_duplicates += len(result.near_duplicates)
    summary.rejected += len(rejects)
    summary.rejects.extend(r.as_dict() for r in rejects[: max(0, keep_rejects - len(summary.rejects))])
    log.info("committed a batch of %d articles and %d rejections", len(articles) + len(duplicates), len(rejects))


T = TypeVar("T")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def read(inputs: Iterable[str], *, options: IngestOptions | None = None,
         extract: bool = True) -> Iterator[dict[str, Any] | Rejected]:
    """Read inputs without touching a store: one JSON-ready dict per article, or a rejection.

    The dict holds the Article fields, then what the extractors found (`actors`, `mentions`,
    `events`, `stances`, `quotes`, `claims`). Its shape is published in
    `entente/schema/read.v1.schema.json`.
    """
    items = iter_articles(inputs, options or IngestOptions())
    if not extract:
        yield from (item if isinstance(item, Rejected) else item.as_dict() for item in items)
        return
    # Articles go to the extractors in batches; a rejection found meanwhile waits in line behind
    # the articles read before it, so the output keeps the order of the input.
    in_line: collections.deque[Rejected | None] = collections.deque()  # None: an article in the stream

    def articles() -> Iterator[Article]:
        for item in items:
            in_line.append(item if isinstance(item, Rejected) else None)
            if not isinstance(item, Rejected):
                yield item

    for article, result in extract_all(load_pipeline(), articles()):
        while in_line[0] is not None:
            yield in_line.popleft()  # type: ignore[misc]
        in_line.popleft()
        yield extraction_failed(article, result) if isinstance(result, ExtractionFailed) \
            else {**article.as_dict(), **result}
    yield from in_line  # type: ignore[misc]  # only rejections are left


@dataclass(slots=True)
class RecodeSummary:
    articles: int = 0
    seconds: float = 0.0
    signature: str = ""
    failed: list[dict[str, Any]] = field(default_factory=list)  # articles an extractor failed on

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def recode(store: Store, *, workers: int = 1, batch_size: int = DEFAULT_BATCH, everything: bool = False,
           limit: int | None = None, progress: Callable[[int], None] | None = None) -> RecodeSummary:
    """Re-run the installed extractors over stored articles, replacing their older extractions.

    Only articles whose extractions were made by other extractor versions are parsed again
    (all of them with `everything`); each batch swaps old rows for new ones in one transaction,
    so an interrupted recode resumes where it stopped.
    """
    started = time.perf_counter()
    signature = extractor_signature()
    ids = store.article_ids(limit=limit) if everything else store.stale_articles(signature, limit=limit)
    summary = RecodeSummary(signature=signature)
    articles = (a for chunk in _chunks(ids, batch_size) for a in store.articles_by_id(chunk))
    for chunk in _chunks(extract_all(load_pipeline(), articles, n_process=max(1, workers)), batch_size):
        _, extractions, failed = split_extracted(chunk)
        store.replace_extractions(extractions, signature=signature)  # a failed article keeps its old rows
        summary.articles += len(extractions)
        summary.failed.extend(r.as_dict() for r in failed)
        if progress is not None:
            progress(len(chunk))
    summary.seconds = time.perf_counter() - started
    return summary
