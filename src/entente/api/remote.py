"""Commands run while `entente serve` owns the store: read here, store there; ask there, print here.

`entente ingest`: the client reads its inputs with the same readers and checks as a local ingest
(so every option, file format and network policy of the command line applies), and sends the
articles and rejections to the server in batches (`POST /api/ingest/articles`), which extracts and
stores them with its one writer. The summary has the same shape as a local ingest's.

    server = find_server(db)
    if server is not None:
        summary = ingest_via_server(server, inputs, options=options, extract=extract)

The read commands (`why`, `network`, `summary`, `watch list`, ...): the server runs the command's
query on its own cursor (`POST /api/cli/{command}`, see `entente.cli.reads`) and the client prints
the result, so the output is the same as when the command reads the file itself.

    result = read_via_server(server, "summary", {"as_json": True, "shown_as": db})

`entente watch add` and `watch remove` go through the watches API (`/api/watches`).

The heavy modules (the readers, the pipeline) are imported by `ingest_via_server` only, so that a
read command which merely asks the server starts quickly.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import EntenteError
from ..records import Article, Rejected
from .discovery import ServerInfo, find_server

if TYPE_CHECKING:
    import httpx

    from ..ingest import IngestOptions
    from ..pipeline import IngestSummary

__all__ = ["CommandRefused", "ServerInfo", "ServerUnreachable", "create_watch_via_server", "find_server",
           "ingest_via_server", "read_via_server", "remove_watch_via_server"]

#: Largest request body sent at once; the server accepts up to 32 MB on this path.
MAX_REQUEST_BYTES = 8 * 1024 * 1024
#: How long a read command waits for the server's answer (a network of a large store takes a while).
READ_TIMEOUT = 600.0
#: How long it waits to connect: a live server accepts at once.
CONNECT_TIMEOUT = 5.0
Progress = Callable[["IngestSummary", Article | Rejected], None]


class ServerUnreachable(EntenteError):
    """The server the discovery file names did not answer (it may have stopped a moment ago)."""


class CommandRefused(EntenteError):
    """The server ran the command and refused it: bad options (`usage`) or, e.g., an unknown watch."""

    def __init__(self, message: str, *, usage: bool) -> None:
        super().__init__(message)
        self.usage = usage


def read_via_server(server: ServerInfo, command: str, params: Mapping[str, Any], *,
                    timeout: float = READ_TIMEOUT) -> Any:
    """The result of the read command `command`, run by the server on the store it holds."""
    response = _request(server, "POST", f"/api/cli/{command}", timeout=timeout, payload={"params": dict(params)})
    if response.status_code == 200:
        return response.json()["result"]
    code, message, hint = _error_of(response)
    if code in ("usage_error", "command_error"):
        raise CommandRefused(message, usage=code == "usage_error")
    if response.status_code == 404 and code != "unknown_command":  # a server older than this command line
        raise EntenteError(f"the server at {server.url} (pid {server.pid}) holds the store but does not answer "
                           f"`entente {command}`; restart `entente serve` with this version of entente, or stop it "
                           "(Ctrl+C in its terminal) to let the command read the file")
    raise _failure(server, f"`entente {command}`", code, message, hint)


def create_watch_via_server(server: ServerInfo, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Create a watch in the server's store (`POST /api/watches`); returns the watch as the API shows it."""
    response = _request(server, "POST", "/api/watches", payload=dict(fields))
    if response.status_code == 201:
        created: dict[str, Any] = response.json()
        return created
    code, message, hint = _error_of(response)
    if response.status_code == 422:
        raise CommandRefused(message, usage=True)
    raise _failure(server, "the new watch", code, message, hint)


def remove_watch_via_server(server: ServerInfo, watch_id: str) -> bool:
    """Delete a watch from the server's store (`DELETE /api/watches/{id}`); False when there is none."""
    response = _request(server, "DELETE", f"/api/watches/{watch_id}")
    if response.status_code == 204:
        return True
    code, message, hint = _error_of(response)
    if response.status_code in (404, 422):  # 422: not even the shape of a watch id
        return False
    raise _failure(server, f"the removal of watch {watch_id}", code, message, hint)


def _request(server: ServerInfo, method: str, path: str, *, timeout: float = READ_TIMEOUT,
             payload: Any = None) -> httpx.Response:
    """One authorised request to the server; `ServerUnreachable` when it does not answer."""
    import httpx

    try:
        return httpx.request(method, f"{server.url.rstrip('/')}{path}", json=payload,
                             headers={"Authorization": f"Bearer {server.token}"},
                             timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT), trust_env=False)
    except httpx.TransportError as exc:
        raise ServerUnreachable(f"the server at {server.url} (pid {server.pid}) did not answer: "
                                f"{type(exc).__name__}: {exc}") from exc


def _failure(server: ServerInfo, what: str, code: str, message: str, hint: str) -> EntenteError:
    return EntenteError(f"the server at {server.url} could not answer {what}: {message} ({code})"
                        + (f"; {hint}" if hint else "") + f". See the server's log, or stop it (kill {server.pid}) "
                        "and run the command again to use the file directly")


def _error_of(response: httpx.Response) -> tuple[str, str, str]:
    """The code, message and hint of an API error body (or the bare HTTP status)."""
    try:
        error = response.json()["error"]
        return str(error["code"]), str(error["message"]), str(error.get("hint") or "")
    except (ValueError, KeyError, TypeError):
        return f"http_{response.status_code}", f"HTTP {response.status_code}", ""


def ingest_via_server(server: ServerInfo, inputs: Iterable[str], *, options: IngestOptions | None = None,
                      extract: bool = True, batch_size: int = 200, progress: Progress | None = None,
                      timeout: float = 600.0, keep_rejects: int = 50) -> IngestSummary:
    """Read `inputs` here and store them through the server; return what happened."""
    import httpx

    from ..ingest import IngestOptions, iter_articles
    from ..pipeline import IngestSummary

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
        code, text, hint = _error_of(response)
        message = f"{text} ({code}); {hint}".rstrip("; ") if not code.startswith("http_") else text
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
