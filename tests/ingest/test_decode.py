"""Bytes to text: UTF-16 in either byte order, with or without a byte-order mark, is text; binary
files stay binary."""
from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

import pytest

from entente.errors import InputRejected, Reason
from entente.ingest import IngestOptions, iter_articles
from entente.ingest.decode import decode_text, looks_binary, utf16_codec
from entente.ingest.html import read_html
from entente.records import Article, Rejected

STORY = ("Observers arrive for the vote\n\n"
         "A team of forty observers arrived on Sunday to watch next week's parliamentary election, the "
         "electoral commission said. The mission, led by a former judge from Zürich, will visit polling "
         "stations in every province and publish a first report two days after the vote.\n")
RUSSIAN = ("Министры иностранных дел двух стран встретились во вторник в Женеве, чтобы обсудить спорный "
           "участок границы, сообщил представитель правительства.\n")
CHINESE = "两国外长星期二在日内瓦会晤，讨论有争议的边界问题，政府发言人说。双方同意下个月继续会谈。\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [STORY, RUSSIAN, CHINESE], ids=["english", "russian", "chinese"])
def test_decode_utf16_with_or_without_byte_order_mark_is_text(text: str, encoding: str) -> None:
    data = text.encode(encoding)  # "utf-16" writes a byte-order mark, the other two do not
    assert not looks_binary(data)
    assert decode_text(data) == text


def test_decode_utf16_byte_order_is_told_apart() -> None:
    assert utf16_codec(STORY.encode("utf-16-le")) == "utf-16-le"
    assert utf16_codec(STORY.encode("utf-16-be")) == "utf-16-be"
    assert utf16_codec(STORY.encode("utf-16")) == "utf-16"
    assert utf16_codec(STORY.encode("utf-8")) is None


def _binaries() -> dict[str, bytes]:
    executable = Path(sys.executable).resolve().read_bytes()[:65536]
    return {
        "the python executable": executable,
        "every byte value": bytes(range(256)) * 40,
        "random bytes": random.Random(14).randbytes(20_000),
        "a gzip stream, undecompressed": gzip.compress(STORY.encode() * 50, mtime=0),
        "UTF-8 text with NULs in the middle": STORY.encode().replace(b"forty", b"forty\x00\x00\x00\x00"),
        "a UTF-16 byte-order mark before binary": b"\xff\xfe" + executable,
    }


@pytest.mark.parametrize("name", sorted(_binaries()))
def test_decode_binary_files_stay_binary(name: str) -> None:
    data = _binaries()[name]
    assert utf16_codec(data) is None
    assert looks_binary(data)
    with pytest.raises(InputRejected) as caught:
        decode_text(data)
    assert caught.value.reason is Reason.BINARY


def test_decode_utf16_html_page_is_read_without_a_byte_order_mark() -> None:
    page = (f"<!DOCTYPE html><html><head><title>Observers arrive</title></head><body><article>"
            f"{''.join(f'<p>{line}</p>' for line in STORY.splitlines()[2:])}</article></body></html>")
    article = read_html(page.encode("utf-16-le"), origin="page.html")
    assert "led by a former judge from Zürich" in article.text


def test_decode_utf16_tab_separated_export_is_read_row_by_row(tmp_path: Path) -> None:
    """Spreadsheet programs save "Unicode text" as UTF-16 with a mark, tab-separated."""
    body = STORY.splitlines()[2]
    rows = ["id\ttitle\ttext", f"1\tObservers arrive\t{body}", f"2\tSecond report\t{body.replace('forty', 'fifty')}"]
    path = tmp_path / "export.tsv"
    path.write_bytes("\r\n".join(rows).encode("utf-16"))
    items = list(iter_articles([str(path)], IngestOptions()))
    assert [type(item) for item in items] == [Article, Article], items
    assert [item.title for item in items if isinstance(item, Article)] == ["Observers arrive", "Second report"]
    assert "fifty observers" in items[1].text  # type: ignore[union-attr]


def test_decode_utf16_json_lines_without_mark_are_read(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": n, "text": STORY.replace("forty", word)}, ensure_ascii=False) + "\n"
                    for n, word in enumerate(["forty", "fifty"]))
    path = tmp_path / "records.jsonl"
    path.write_bytes(lines.encode("utf-16-be"))
    items = list(iter_articles([str(path)], IngestOptions()))
    assert [type(item) for item in items] == [Article, Article], items
    assert all("Zürich" in item.text for item in items if isinstance(item, Article))


def test_decode_utf16_that_breaks_off_is_an_encoding_reject(tmp_path: Path) -> None:
    # A high surrogate with no low one after it, far past the bytes the detector looks at.
    data = (STORY * 60).encode("utf-16-le") + b"\x00\xd8" + "and the rest".encode("utf-16-le")
    path = tmp_path / "cut.txt"
    path.write_bytes(data)
    [item] = iter_articles([str(path)], IngestOptions())
    assert isinstance(item, Rejected) and item.reason is Reason.ENCODING
    assert "UTF-8" in item.detail
