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
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputRejected, Reason
from ..records import Article, Rejected
from . import checks
from .decode import (
    GZIP_MAGIC,
    TRUNCATED_GZIP,
    decode_text,
    gunzip,
    looks_binary,
    recode_utf16,
    sniff_format,
    utf16_codec,
)
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
    data = recode_utf16(data)
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
    reader = read_jsonl if fmt == "jsonl" else read_csv
    lines = _LineCount(_decoded_lines(raw, origin))
    # A cut or corrupt gzip stream fails only when the reader reaches the damage; the records
    # before it are already yielded and stay stored, and the damage is one reject for the file.
    try:
        yield from reader(lines, origin=origin, options=options)
    except EOFError:
        yield Rejected(origin, Reason.MALFORMED, f"{TRUNCATED_GZIP} (after line {lines.count}, "
                       "the records before it were read)", fmt)
    except (gzip.BadGzipFile, zlib.error) as exc:
        yield Rejected(origin, Reason.MALFORMED, f"broken gzip stream after line {lines.count} ({exc}); "
                       "download or copy the file again, or check it with `gzip -t`", fmt)
    except UnicodeDecodeError as exc:
        yield Rejected(origin, Reason.ENCODING, f"the UTF-16 text breaks off after line {lines.count} ({exc.reason}); "
                       "re-export the file as UTF-8", fmt)


class _LineCount:
    """Counts the lines a reader has taken, to say where a stream broke off."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.count += 1
            yield line


def _decoded_lines(raw: BinaryIO, origin: str) -> Iterator[str]:
    """Lines of a UTF-8 (or UTF-16) stream; a UTF-8 line that does not decode is replaced, and logged once."""
    codec = utf16_codec(_peek(raw))
    if codec is not None:
        # Line ends are found after decoding: in UTF-16 a newline is two bytes, one of them NUL.
        yield from io.TextIOWrapper(raw, encoding=codec, errors="strict", newline="")
        return
    warned = False
    for line in raw:
        try:
            yield line.decode("utf-8-sig")
        except UnicodeDecodeError:
            if not warned:
                log.warning("%s: some lines are not UTF-8; undecodable bytes were replaced", origin)
                warned = True
            yield line.decode("utf-8", errors="replace")


def _peek(raw: BinaryIO, size: int = 8192) -> bytes:
    """The next bytes of a stream (an even number of them), leaving it where it was.

    Only what one read of the stream gives: a gzip stream cut short fails later, at the cut,
    after the lines before it were read.
    """
    peek = getattr(raw, "peek", None)
    if peek is not None:
        head = bytes(peek(size)[:size])
    else:
        position = raw.tell()
        head = raw.read(size)
        raw.seek(position)
    return head[: len(head) // 2 * 2]


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
    return sniff_format(_readable_head(head), name)


def _readable_head(head: bytes) -> bytes:
    """The head of a UTF-16 input as UTF-8, so that its markup can be recognised; else as it is."""
    codec = utf16_codec(head[: len(head) // 2 * 2])
    if codec is None:
        return head
    return head[: len(head) // 2 * 2].decode(codec, errors="ignore").encode("utf-8")


def _is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))
