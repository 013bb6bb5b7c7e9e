"""Bytes to text, and a first look at what kind of input some bytes are.

Readers are chosen by content first and by extension second: a `.txt` file that holds HTML is
read as HTML, a gzip stream is opened before it is judged.
"""
from __future__ import annotations

import codecs
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
    except EOFError as exc:
        raise InputRejected(Reason.MALFORMED, TRUNCATED_GZIP) from exc
    except (OSError, zlib.error) as exc:
        raise InputRejected(Reason.MALFORMED, f"broken gzip stream ({exc}); {_GZIP_ADVICE}") from exc
    if len(out) > max_bytes:
        raise InputRejected(Reason.TOO_LARGE, f"decompresses to more than {max_bytes} bytes")
    return out


_GZIP_ADVICE = "download or copy the file again, or check it with `gzip -t`"
#: What a gzip stream cut short (an interrupted download or copy) is reported as.
TRUNCATED_GZIP = f"truncated archive: the compressed file ends early; {_GZIP_ADVICE}"


def looks_binary(data: bytes) -> bool:
    """True for bytes that no text encoding would produce: NULs, or many C0 control bytes.

    UTF-16 text is the exception: half its bytes are NUL when the script is Latin, so bytes that
    look binary are asked `utf16_codec` before they are called binary.
    """
    sample = data[:_SAMPLE_BYTES]
    if not _has_binary_bytes(sample):
        return False
    return utf16_codec(data) is None


def _has_binary_bytes(sample: bytes) -> bool:
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROL)
    return control / len(sample) > 0.05


def utf16_codec(data: bytes) -> str | None:
    """The codec that reads `data` as UTF-16 text, or None when the bytes are not UTF-16 text.

    'utf-16' when a byte-order mark says so (the codec reads the order from it and drops it), else
    'utf-16-le' or 'utf-16-be'. Without a mark, charset_normalizer (the detector entente already
    uses for legacy encodings, and which weighs both byte orders against every other encoding)
    makes the guess. Either way the guess is kept only if the sample decodes strictly into text
    free of NULs and control characters, so that a binary file never passes for UTF-16.
    """
    sample = data[:_SAMPLE_BYTES]
    if not sample or (len(data) >= 2 and len(data) % 2):
        return None  # UTF-16 comes in whole pairs of bytes
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec: str | None = "utf-16"
    elif b"\x00" not in sample:
        return None  # UTF-16 of any script has NULs in its spaces, digits and punctuation
    else:
        guess = from_bytes(sample).best()
        codec = _UTF16_GUESSES.get(guess.encoding) if guess is not None else None
    if codec is None or not _decodes_to_text(sample, codec):
        return None
    return codec


#: charset_normalizer's names for the two byte orders, and the Python codec each stands for.
_UTF16_GUESSES = {"utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be", "utf_16": "utf-16"}
#: Bytes looked at to judge an input; enough for a decision, cheap on large files.
_SAMPLE_BYTES = 8192


def _decodes_to_text(sample: bytes, codec: str) -> bool:
    # Incremental, so that a character pair cut by the end of the sample is not held against it.
    try:
        text = codecs.getincrementaldecoder(codec)(errors="strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    if not text or "\x00" in text:
        return False
    control = sum(1 for ch in text if ord(ch) < 32 and ord(ch) not in _TEXT_CONTROL)
    return control / len(text) <= 0.01


def recode_utf16(data: bytes) -> bytes:
    """UTF-16 text as UTF-8 bytes; any other bytes unchanged.

    Readers downstream (format sniffing, HTML, feeds, CSV) all look for ASCII markup in the bytes,
    which UTF-16 hides; recoding once at the door lets every reader take UTF-16 input.
    """
    codec = utf16_codec(data)
    if codec is None:
        return data
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputRejected(Reason.ENCODING, f"reads as {codec} at first but breaks off at byte {exc.start}; "
                            "re-export the file as UTF-8") from exc


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), else the most plausible encoding.

    Raises `InputRejected` with `Reason.BINARY` or `Reason.ENCODING` when the bytes are not text.
    """
    data = recode_utf16(data)
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
