"""Web archives (WARC, plain or gzip-compressed) to articles.

warcio's `ArchiveIterator` walks the records of a plain or gzip-compressed archive. Only
`response` records answering HTTP 200 with an HTML page are articles; requests, metadata,
warcinfo, revisits and non-HTML responses are skipped without a word, since a crawl is mostly
made of them. Each page goes through `read_html`, with the record's `WARC-Target-URI` as its URL
and its `WARC-Date` as the publication date of last resort.

Archives are often cut short (an interrupted crawl, a partial download). warcio reads a cut
record without complaint and hands back a short payload, so the reader checks that each record
was read to its declared length; the articles before the cut are yielded, then one `Rejected`
(`Reason.MALFORMED`) stands for the rest. Nothing in an archive stops the batch.
"""
from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.recordloader import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from ..errors import InputRejected, Reason
from ..records import Article, Rejected
from .dates import parse_published
from .decode import sniff_format
from .html import read_html
from .options import IngestOptions

log = logging.getLogger(__name__)

__all__ = ["read_warc"]

_FORMAT = "warc"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: What a broken archive or a broken record raises inside warcio and the decompressors under it.
_BROKEN = (ArchiveLoadFailed, StatusAndHeadersParserException, ChunkedDataException, zlib.error, EOFError,
           OSError, ValueError)


class _Truncated(Exception):
    """The archive ends inside a record."""


def read_warc(stream: BinaryIO, *, origin: str, options: IngestOptions) -> Iterator[Article | Rejected]:
    """Yield an `Article` or a `Rejected` for each HTML response in a WARC stream.

    Args:
        stream: the archive, compressed or not, opened in binary mode; read once, front to back.
        origin: where the archive came from; a record's origin is `origin#<WARC-Record-ID>`, or
            `origin#<byte offset>` for a record without an id.
        options: `max_bytes` caps each record's payload (after HTTP decoding).
    """
    iterator = ArchiveIterator(stream)
    records = iter(iterator)
    offset = 0
    last: Any = None
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except _BROKEN as exc:
            yield _rest_is_broken(origin, int(getattr(iterator, "offset", offset)), f"{type(exc).__name__}: {exc}")
            return
        # At this point warcio's offset is the start of the record just read.
        last, offset = record, int(iterator.offset)
        problem = _not_a_warc_record(record)
        if problem:
            yield _rest_is_broken(origin, offset, problem)
            return
        kind = _page_kind(record)
        if kind is None:
            continue
        where = f"{origin}#{_record_id(record) or offset}"
        try:
            article = _read_page(record, where=where, options=options, sniff=kind == "unknown")
        except _Truncated:
            yield _rest_is_broken(origin, offset, "the archive ends inside this record")
            return
        except InputRejected as exc:
            yield Rejected(where, exc.reason, exc.detail, _FORMAT)
            continue
        except _BROKEN as exc:  # a broken chunked or gzip payload spoils this record only
            yield Rejected(where, Reason.MALFORMED, f"unreadable payload ({type(exc).__name__}: {exc})", _FORMAT)
            continue
        except Exception as exc:  # one broken record must never stop the archive; log the cause
            log.exception("unexpected failure reading WARC record %s", where)
            yield Rejected(where, Reason.MALFORMED, f"unexpected {type(exc).__name__}: {exc}", _FORMAT)
            continue
        if article is not None:
            yield article
    # A record we skipped (or the last one) may be the one cut short: warcio reads it to the
    # stream's end without a word, and only its length counter shows the missing bytes.
    missing = _missing(last) if last is not None else 0
    unparsed = _unparsed(iterator)
    if missing:
        yield _rest_is_broken(origin, offset, f"the archive ends {missing} bytes short of its last record")
    elif unparsed:
        # warcio stops quietly when the stream ends inside a record's header block.
        end = int(iterator.offset)
        yield _rest_is_broken(origin, end, f"{unparsed} bytes after the last complete record form no record")


def _read_page(record: Any, *, where: str, options: IngestOptions, sniff: bool) -> Article | None:
    """The record's page as an article; None when sniffing shows an untyped payload is not HTML."""
    # content_stream() undoes chunked transfer and gzip/deflate content encodings; the cap is on
    # what it gives, so a small compressed payload that inflates past max_bytes is refused too.
    payload = record.content_stream().read(options.max_bytes + 1)
    if len(payload) > options.max_bytes:
        raise InputRejected(Reason.TOO_LARGE, f"the page is over the cap of {options.max_bytes} bytes")
    # Drain what the decoders left (trailers, padding) so that the length counter tells a
    # complete record (nothing missing) from one the archive cut short.
    while record.raw_stream.read(64 * 1024):
        pass
    if _missing(record):
        raise _Truncated
    if sniff and sniff_format(payload[:4096]) != "html":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    article = read_html(payload, origin=where, url=url)
    if article.published is None:
        # The capture date bounds the publication date from above; a page without its own date
        # is most often a fresh news page, so day precision from the crawl is the best we have.
        warc_date = record.rec_headers.get_header("WARC-Date")
        if warc_date:
            try:
                article.published, article.published_precision = parse_published(warc_date)
            except InputRejected:
                log.debug("%s: WARC-Date %r is not a date", where, warc_date)
    article.format = _FORMAT
    return article


def _page_kind(record: Any) -> str | None:
    """'html' for an HTTP 200 HTML response, 'unknown' for a 200 with no Content-Type, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if not content_type:
        return "unknown"  # judged by its bytes, as the file readers judge a file
    return "html" if content_type in _HTML_TYPES else None


def _not_a_warc_record(record: Any) -> str | None:
    """Why a record warcio parsed is not a WARC record we can trust, or None.

    warcio takes any line with spaces for an ARC header, so garbage parses as an "ARC" record;
    and a header block cut before its Content-Length (mandatory in WARC) parses as a record too.
    """
    if record.format != "warc":
        return f"not a WARC record (read as {record.format})"
    if record.rec_headers.get_header("Content-Length") is None:
        return "a WARC record without Content-Length (header block cut short?)"
    return None


def _unparsed(iterator: ArchiveIterator) -> int:
    """Bytes read from the stream beyond the end of the last complete record."""
    try:
        return max(0, int(iterator.fh.tell()) - int(iterator.offset))
    except (OSError, ValueError, TypeError):
        return 0


def _missing(record: Any) -> int:
    """Bytes of the record's declared length that the stream never delivered (0 when complete)."""
    return max(0, int(getattr(record.raw_stream, "limit", 0)))


def _record_id(record: Any) -> str | None:
    value = record.rec_headers.get_header("WARC-Record-ID") or ""
    return value.strip().strip("<>") or None


def _rest_is_broken(origin: str, offset: int, detail: str) -> Rejected:
    return Rejected(f"{origin}#{offset}", Reason.MALFORMED,
                    f"truncated or corrupt archive from byte {offset} on ({detail})",
                    _FORMAT)
