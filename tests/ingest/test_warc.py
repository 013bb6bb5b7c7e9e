"""Web archives written here with warcio around real Scrapinghub pages: which records become
articles, which are skipped, and what a cut-short archive yields."""
from __future__ import annotations

import gzip
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from entente.errors import Reason
from entente.ingest import IngestOptions, iter_articles
from entente.ingest.warc import read_warc
from entente.records import Article, Rejected

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SCRAPINGHUB = SHARED / "data" / "extraction" / "scrapinghub"
#: sportsnet.ca names no canonical URL (the WARC-Target-URI is used); venturebeat.com names its own.
PAGE_IDS = ("0d46122928b6f468cc4bbc694051d0dbae5702bc75a16dab82a99b58daf150a0",
            "06e5123e4ef7cfb4533250dc45d1e03d0838fc66223f45c583c4d12f48b4da85")
UNDATED = ("<!DOCTYPE html><html><head><title>Talks resume</title></head><body><article>"
           + "".join(f"<p>Paragraph {n}: delegates from both states resumed talks on the border and on trade, "
                     "and agreed to meet again after the harvest season.</p>" for n in range(1, 5))
           + "</article></body></html>").encode()


@lru_cache(maxsize=1)
def _load(ids: tuple[str, ...]) -> list[tuple[str, bytes]]:
    gold = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    return [(gold[i]["url"], gzip.decompress((SCRAPINGHUB / "html" / f"{i}.html.gz").read_bytes())) for i in ids]


@pytest.fixture
def pages() -> list[tuple[str, bytes]]:
    if not (SCRAPINGHUB / "ground-truth.json").exists():
        pytest.skip(f"{SCRAPINGHUB} is not available (the shared data folder sits beside the repository)")
    return _load(PAGE_IDS)


def _http(status: str, content_type: str, **extra: str) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type), *extra.items()], protocol="HTTP/1.1")


def _response(writer: WARCWriter, url: str, body: bytes, headers: StatusAndHeaders, date: str | None = None) -> Any:
    warc_headers = {"WARC-Date": date} if date else None
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                     warc_headers_dict=warc_headers)


def write_warc(path: Path, pages: list[tuple[str, bytes]], *, extra: bool = True) -> Path:
    """A gzip WARC: warcinfo, then for each page a request and a response; then the noise a crawl has."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "entente tests"}))
        for url, body in pages:
            request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            writer.write_record(_response(writer, url, body, _http("200 OK", "text/html; charset=utf-8")))
        if extra:
            png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
            writer.write_record(_response(writer, "https://example.org/logo.png", png, _http("200 OK", "image/png")))
            writer.write_record(_response(writer, "https://example.org/gone", b"<html><body>gone</body></html>",
                                          _http("404 Not Found", "text/html")))
            writer.write_record(writer.create_warc_record("https://example.org/talks", "metadata",
                                                          payload=io.BytesIO(b"via: test\n"),
                                                          warc_content_type="application/warc-fields"))
            writer.write_record(_response(writer, "https://example.org/talks", UNDATED,
                                          _http("200 OK", "text/html"), date="2021-06-02T08:15:00Z"))
    return path


def _read(path: Path, **options: Any) -> list[Article | Rejected]:
    with path.open("rb") as handle:
        return list(read_warc(handle, origin=path.name, options=IngestOptions(**options)))


def test_warc_html_responses_become_articles(tmp_path: Path, pages: list[tuple[str, bytes]]) -> None:
    items = _read(write_warc(tmp_path / "crawl.warc.gz", pages))
    articles = [item for item in items if isinstance(item, Article)]
    assert len(items) == len(articles) == 3  # request, warcinfo, metadata, PNG and 404 are skipped quietly
    assert [a.url for a in articles[:2]] == [url for url, _ in pages]
    assert "Rafael Nadal" in articles[0].text and "WeWork" in articles[1].text
    assert all(a.format == "warc" and a.origin and a.origin.startswith("crawl.warc.gz#urn:uuid:") for a in articles)
    assert articles[0].published == "2019-11-19"  # the page's own date, not the capture date


def test_warc_date_is_the_fallback_publication_date(tmp_path: Path, pages: list[tuple[str, bytes]]) -> None:
    undated = [item for item in _read(write_warc(tmp_path / "c.warc.gz", pages)) if isinstance(item, Article)][-1]
    assert undated.url == "https://example.org/talks"
    assert (undated.published, undated.published_precision) == ("2021-06-02", "day")


def test_warc_record_over_the_cap_is_rejected_alone(tmp_path: Path, pages: list[tuple[str, bytes]]) -> None:
    items = _read(write_warc(tmp_path / "cap.warc.gz", pages), max_bytes=100_000)
    sizes = [len(body) for _, body in pages]
    kinds = [(type(i).__name__, getattr(i, "reason", None)) for i in items]
    expected = [("Rejected", Reason.TOO_LARGE) if size > 100_000 else ("Article", None) for size in sizes]
    assert kinds == [*expected, ("Article", None)]


def test_warc_truncated_archive_yields_what_was_read_then_malformed(
        tmp_path: Path, pages: list[tuple[str, bytes]]) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", pages, extra=False).read_bytes()
    first_end = len(write_warc(tmp_path / "first.warc.gz", pages[:1], extra=False).read_bytes())
    # Cut inside the second page's response record (the request before it is small).
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: first_end + (len(whole) - first_end) // 2])
    items = _read(cut)
    assert len(items) == 2
    article, rejected = items
    assert isinstance(article, Article) and article.url == pages[0][0]
    assert isinstance(rejected, Rejected) and rejected.reason is Reason.MALFORMED
    assert rejected.origin.startswith("cut.warc.gz#") and "truncated" in rejected.detail


@pytest.mark.parametrize("data", [b"WARC/1.0\r\nWARC-Type: resp", b"not a web archive at all, only words " * 4])
def test_warc_garbage_is_one_malformed_rejection(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(data)
    (item,) = _read(path)
    assert isinstance(item, Rejected) and item.reason is Reason.MALFORMED


def test_warc_file_is_read_by_iter_articles(tmp_path: Path, pages: list[tuple[str, bytes]]) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", pages)
    items = list(iter_articles([str(path)], IngestOptions()))
    assert [getattr(item, "url", None) for item in items][:2] == [url for url, _ in pages]
    assert all(isinstance(item, Article) and item.language == "en" for item in items)
