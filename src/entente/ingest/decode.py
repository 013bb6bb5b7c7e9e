"""Bytes to text, and a first look at what kind of input some bytes are.

Readers are chosen by content first and by extension second: a `.txt` file that holds HTML is
read as HTML, a gzip stream is opened before it is judged.
"""
from __future__ import annotations

import gzip
import io
import zlib

from charset_normalizer import from_bytes

from ..errors import InputRejected, Reason

GZIP_MAGIC = b"\x1f\x8b"
_TEXT_CONTROL = {9, 10, 12, 13, 27}


def gunzip(data: bytes, *, max_bytes: int) -> bytes:
    """Decompress a gzip stream, refusing one whose output exceeds `max_bytes`."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputRejected(Reason.MALFORMED, f"broken gzip stream ({exc})") from exc
    if len(out) > max_bytes:
        raise InputRejected(Reason.TOO_LARGE, f"decompresses to more than {max_bytes} bytes")
    return out


def looks_binary(data: bytes) -> bool:
    """True for bytes that no text encoding would produce: NULs, or many C0 control bytes."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    control = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROL)
    return control / len(sample) > 0.05


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), else the most plausible encoding.

    Raises `InputRejected` with `Reason.BINARY` or `Reason.ENCODING` when the bytes are not text.
    """
    if looks_binary(data):
        raise InputRejected(Reason.BINARY, "the bytes hold NUL or control characters")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputRejected(Reason.ENCODING, "not UTF-8, and no other encoding fits")
    if best.coherence == 0.0:
        # the bytes decode, but into no language at all: garbage, not a legacy encoding
        raise InputRejected(Reason.ENCODING, f"not UTF-8; as {best.encoding} the bytes read as no language")
    encoding = best.encoding
    if encoding in _LATIN_GUESSES:
        encoding = _windows_1252_if_it_fits(data) or encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputRejected(Reason.ENCODING, f"not UTF-8, and {encoding} failed ({exc})") from exc
    if _mojibake_ratio(text) > 0.02:
        raise InputRejected(Reason.ENCODING, f"decodes as {encoding} only into garbage")
    return text


#: Single-byte Latin encodings that charset detection cannot tell apart on short texts; news
#: written in any of them is nearly always Windows-1252 (or its subset ISO 8859-1).
_LATIN_GUESSES = {"iso8859_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13",
                  "iso8859_14", "iso8859_15", "iso8859_16", "latin_1", "cp1250", "cp1252", "cp1254", "cp1257",
                  "mac_latin2", "mac_roman", "mac_iceland", "mac_turkish"}


def _windows_1252_if_it_fits(data: bytes) -> str | None:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return "cp1252"


def _mojibake_ratio(text: str) -> float:
    sample = text[:20_000]
    if not sample:
        return 0.0
    odd = sum(1 for ch in sample if ch == "\ufffd" or (0x80 <= ord(ch) < 0xA0))
    return odd / len(sample)


def sniff_format(data: bytes, name: str = "") -> str:
    """Guess the reader for some bytes: 'warc', 'feed', 'html', 'jsonl', 'csv' or 'text'.

    Content decides; the file name's extension only breaks ties that content leaves open
    (a CSV and a text file can look alike).
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = head.lower()
    name = name.lower()
    for suffix in (".gz", ".gzip"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if head.startswith(b"WARC/"):
        return "warc"
    if lower.startswith(b"<?xml") or lower.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        if any(tag in lower for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")):
            return "feed"
    if lower.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        b"<html" in lower[:1024] or b"<body" in lower
    ):
        return "html"
    if head.startswith(b"{") and name.endswith((".jsonl", ".ndjson", ".json", "")):
        return "jsonl"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith((".rss", ".atom", ".xml")):
        return "feed"
    if name.endswith(".warc"):
        return "warc"
    return "text"
