"""From what a user names (paths, directories, globs, `-`, URLs) to readers, and to articles.

Every input yields `Article` or `Rejected` items; nothing raised by one input escapes to stop the
others. Single-article files are read whole under the size cap; container formats (JSON Lines,
CSV, WARC) are streamed, and the cap applies to each record.
"""
from __future__ import annotations

import glob
import gzip
import io
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputRejected, Reason
from ..records import Article, Rejected
from . import checks
from .decode import GZIP_MAGIC, decode_text, gunzip, looks_binary, sniff_format
from .options import IngestOptions

log = logging.getLogger(__name__)

Item = Article | Rejected
_STREAMED = ("jsonl", "csv", "warc")
_GLOB_CHARS = set("*?[")


def iter_articles(inputs: Iterable[str], options: IngestOptions | None = None) -> Iterator[Item]:
    """Read every input; yield admitted articles and rejections, in input order."""
    options = options or IngestOptions()
    for name in inputs:
        for item in _read_input(name, options):
            yield checks.admit(item, options) if isinstance(item, Article) else item


def expand(name: str) -> Iterator[str]:
    """The files a name stands for: itself, a directory's files (sorted, recursive), or a glob's."""
    if name == "-" or _is_url(name):
        yield name
        return
    path = Path(name)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if not any(part.startswith(".") for part in child.relative_to(path).parts):
                yield str(child)
        return
    if not path.exists() and _GLOB_CHARS & set(name):
        matches = sorted(glob.glob(name, recursive=True))
        yield from (m for m in matches if Path(m).is_file())
        if not matches:
            yield name  # reported below as not found
        return
    yield name


def _read_input(name: str, options: IngestOptions) -> Iterator[Item]:
    for origin in expand(name):
        try:
            if origin == "-":
                yield from _read_bytes(_read_capped(sys.stdin.buffer, options, "<stdin>"), "<stdin>", options)
            elif _is_url(origin):
                yield from _read_url(origin, options)
            else:
                yield from _read_file(Path(origin), options)
        except InputRejected as exc:
            yield Rejected(origin, exc.reason, exc.detail)
        except Exception as exc:  # one broken input must never stop the batch; log the cause
            log.exception("unexpected failure reading %s", origin)
            yield Rejected(origin, Reason.MALFORMED, f"unexpected {type(exc).__name__}: {exc}")


def _read_file(path: Path, options: IngestOptions) -> Iterator[Item]:
    origin = str(path)
    if not path.is_file():
        raise InputRejected(Reason.NOT_FOUND, f"no such file: {origin}")
    size = path.stat().st_size
    if size == 0:
        raise InputRejected(Reason.EMPTY, "the file is empty")
    with path.open("rb") as handle:
        head = handle.read(8192)
        fmt = _choose_format(head, path.name, options)
        if fmt in _STREAMED:
            handle.seek(0)
            yield from _read_stream(handle, fmt, origin, options, gzipped=head.startswith(GZIP_MAGIC))
            return
    if size > options.max_bytes:
        raise InputRejected(Reason.TOO_LARGE, f"{size} bytes, over the cap of {options.max_bytes}")
    yield from _read_bytes(path.read_bytes(), origin, options, name=path.name)


def _read_capped(stream: BinaryIO, options: IngestOptions, origin: str) -> bytes:
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputRejected(Reason.TOO_LARGE, f"{origin} is over the cap of {options.max_bytes} bytes")
    return data


def _read_bytes(data: bytes, origin: str, options: IngestOptions, *, name: str = "",
                url: str | None = None) -> Iterator[Item]:
    if not data.strip():
        raise InputRejected(Reason.EMPTY, "no content")
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, max_bytes=options.max_bytes)
    fmt = _choose_format(data, name, options)
    if fmt != "warc" and looks_binary(data):
        raise InputRejected(Reason.BINARY, "the bytes hold NUL or control characters: not text, HTML or a feed")
    if fmt in _STREAMED:
        yield from _read_stream(io.BytesIO(data), fmt, origin, options, gzipped=False)
    elif fmt == "feed":
        from .feeds import read_feed
        yield from read_feed(data, origin=origin, options=options)
    elif fmt == "html":
        from .html import read_html
        yield read_html(data, origin=origin, url=url)
    else:
        from .text import read_text
        yield from read_text(decode_text(data), origin=origin)


def _read_stream(handle: BinaryIO, fmt: str, origin: str, options: IngestOptions, *, gzipped: bool) -> Iterator[Item]:
    if fmt == "warc":  # warcio opens gzip members itself
        from .warc import read_warc
        yield from read_warc(handle, origin=origin, options=options)
        return
    raw: BinaryIO = gzip.GzipFile(fileobj=handle) if gzipped else handle  # type: ignore[assignment]
    from .tabular import read_csv, read_jsonl
    lines = _decoded_lines(raw, origin)
    reader = read_jsonl if fmt == "jsonl" else read_csv
    yield from reader(lines, origin=origin, options=options)


def _decoded_lines(raw: BinaryIO, origin: str) -> Iterator[str]:
    """Lines of a UTF-8 stream; a line that does not decode is replaced, and logged once."""
    warned = False
    for line in raw:
        try:
            yield line.decode("utf-8-sig")
        except UnicodeDecodeError:
            if not warned:
                log.warning("%s: some lines are not UTF-8; undecodable bytes were replaced", origin)
                warned = True
            yield line.decode("utf-8", errors="replace")


def _read_url(url: str, options: IngestOptions) -> Iterator[Item]:
    from .fetch import fetch
    page = fetch(url, options=options)
    content_type = page.content_type.lower()
    name = page.final_url.rsplit("/", 1)[-1]
    if any(kind in content_type for kind in ("rss", "atom")):
        from .feeds import read_feed
        yield from read_feed(page.data, origin=url, options=options)
        return
    yield from _read_bytes(page.data, url, options, name=name, url=page.final_url)


def _choose_format(head: bytes, name: str, options: IngestOptions) -> str:
    if options.format != "auto":
        return options.format
    if head.startswith(GZIP_MAGIC):
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(head)).read(4096)
        except (OSError, EOFError):
            pass  # a short head of a gzip stream may end mid-block: judge by name
    return sniff_format(head, name)


def _is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))
