"""`entente ingest` while `entente serve` owns the store: read here, store there.

The client reads its inputs with the same readers and checks as a local ingest (so every
option, file format and network policy of the command line applies), and sends the articles
and rejections to the server in batches (`POST /api/ingest/articles`), which extracts and
stores them with its one writer. The summary has the same shape as a local ingest's.

    server = find_server(db)
    if server is not None:
        summary = ingest_via_server(server, inputs, options=options, extract=extract)
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx

from ..errors import EntenteError
from ..ingest import IngestOptions, iter_articles
from ..pipeline import IngestSummary
from ..records import Article, Rejected
from .discovery import ServerInfo, find_server

__all__ = ["ServerInfo", "find_server", "ingest_via_server"]

#: Largest request body sent at once; the server accepts up to 32 MB on this path.
MAX_REQUEST_BYTES = 8 * 1024 * 1024
Progress = Callable[[IngestSummary, Article | Rejected], None]


def ingest_via_server(server: ServerInfo, inputs: Iterable[str], *, options: IngestOptions | None = None,
                      extract: bool = True, batch_size: int = 200, progress: Progress | None = None,
                      timeout: float = 600.0, keep_rejects: int = 50) -> IngestSummary:
    """Read `inputs` here and store them through the server; return what happened."""
    summary = IngestSummary()
    started = time.perf_counter()
    headers = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=timeout, trust_env=False) as client:
        for articles, rejects in _batches(iter_articles(inputs, options or IngestOptions()), batch_size, summary,
                                          progress):
            body = {"articles": [_article_json(a) for a in articles], "rejects": [_reject_json(r) for r in rejects],
                    "extract": extract, "wait": min(timeout, 600.0)}
            job = _send(client, body, timeout)
            done = job.get("summary") or {}
            summary.stored += int(done.get("stored", 0))
            summary.duplicates += int(done.get("duplicates", 0))
            summary.near_duplicates += int(done.get("near_duplicates", 0))
            summary.rejected += len(rejects)
            summary.rejects.extend(r.as_dict() for r in rejects[: max(0, keep_rejects - len(summary.rejects))])
    summary.seconds = time.perf_counter() - started
    return summary


def _batches(items: Iterator[Article | Rejected], batch_size: int, summary: IngestSummary,
             progress: Progress | None) -> Iterator[tuple[list[Article], list[Rejected]]]:
    articles: list[Article] = []
    rejects: list[Rejected] = []
    size = 0
    for item in items:
        summary.read += 1
        if progress is not None:
            progress(summary, item)
        if isinstance(item, Rejected):
            rejects.append(item)
            continue
        item_size = len(item.text.encode("utf-8")) + 2048
        if articles and (len(articles) >= batch_size or size + item_size > MAX_REQUEST_BYTES):
            yield articles, rejects
            articles, rejects, size = [], [], 0
        articles.append(item)
        size += item_size
    if articles or rejects:
        yield articles, rejects


def _send(client: httpx.Client, body: dict[str, Any], timeout: float) -> dict[str, Any]:
    response = client.post("/api/ingest/articles", content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                           headers={"Content-Type": "application/json"})
    if response.status_code == 202:  # still running: poll the job until it ends
        location = response.headers["Location"]
        deadline = time.monotonic() + timeout
        while True:
            if time.monotonic() > deadline:
                raise EntenteError(f"the server did not finish the batch within {timeout:.0f}s")
            time.sleep(0.5)
            response = client.get(location)
            if response.status_code != 200 or response.json().get("status") not in ("queued", "running"):
                break
    if response.status_code != 200:
        try:
            error = response.json()["error"]
            message = f"{error['message']} ({error['code']}); {error.get('hint', '')}".rstrip("; ")
        except (ValueError, KeyError, TypeError):
            message = f"HTTP {response.status_code}"
        raise EntenteError(f"the server at {client.base_url} refused the batch: {message}")
    job: dict[str, Any] = response.json()
    if job.get("status") == "failed":
        raise EntenteError(f"the server could not store the batch: {(job.get('error') or {}).get('message')}")
    return job


def _article_json(article: Article) -> dict[str, Any]:
    data = article.as_dict()
    for key in ("id", "near_duplicate_of"):  # the server recomputes the id from the text
        data.pop(key, None)
    return data


def _reject_json(reject: Rejected) -> dict[str, Any]:
    return {"origin": reject.origin, "reason": reject.reason.value, "detail": reject.detail,
            "format": reject.format, "size": reject.size}
