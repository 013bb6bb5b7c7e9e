"""Choosing readers and reporting bad input: every input yields an article or a reason."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from entente.errors import Reason
from entente.ingest import ColumnMap, IngestOptions, iter_articles
from entente.ingest.decode import sniff_format
from entente.records import Article, Rejected

from ..conftest import shared_file


def _wikinews_rows(n: int) -> list[dict]:
    path = shared_file("data", "news", "wikinews", "wikinews_en.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:n]]


def _items(*inputs: str, **options: object) -> list[Article | Rejected]:
    return list(iter_articles(inputs, IngestOptions(**options)))  # type: ignore[arg-type]


@pytest.mark.parametrize(("head", "name", "expected"), [
    (b"WARC/1.0\r\nWARC-Type: warcinfo", "x.warc", "warc"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel>", "feed", "feed"),
    (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", "a.xml", "feed"),
    (b"<!DOCTYPE html><html><body>", "page.txt", "html"),
    (b'{"text": "x"}\n', "records.jsonl", "jsonl"),
    (b"id,text\n1,hello\n", "records.csv", "csv"),
    (b"Title\n\nBody text.", "story.txt", "text"),
])
def test_sources_sniff_format_by_content_then_extension(head: bytes, name: str, expected: str) -> None:
    assert sniff_format(head, name) == expected


def test_sources_jsonl_keeps_text_exactly_and_the_given_id(tmp_path: Path) -> None:
    rows = _wikinews_rows(3)
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps({**r, "id": f"wn-{i}"}) for i, r in enumerate(rows)), encoding="utf-8")
    items = _items(str(path))
    assert [type(i) for i in items] == [Article] * 3
    for i, (item, row) in enumerate(zip(items, rows)):
        assert isinstance(item, Article)
        assert item.text == row["text"] and item.title == row["title"] and item.url == row["url"]
        assert item.external_id == f"wn-{i}" and item.published == row["date"] and item.published_precision == "day"
        assert item.language == "en" and item.origin == f"{path}:{i + 1}"


def test_sources_jsonl_column_mapping_and_gzip(tmp_path: Path) -> None:
    rows = _wikinews_rows(2)
    lines = "\n".join(json.dumps({"body": r["text"], "headline": r["title"], "when": r["date"], "link": r["url"],
                                  "key": 7}) for r in rows)
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(lines.encode()))
    items = _items(str(path), columns=ColumnMap(text="body", title="headline", date="when", url="link", id="key"))
    assert all(isinstance(i, Article) for i in items)
    assert items[0].title == rows[0]["title"] and items[0].external_id == "7"  # type: ignore[union-attr]


def test_sources_csv_reader(tmp_path: Path) -> None:
    path = shared_file("data", "news", "ag_news_world_2004.csv")
    assert path.read_text(encoding="utf-8").splitlines()[0] == "label,title,description"
    options = IngestOptions(min_words=10, columns=ColumnMap(text="description"))
    items = list(iter_articles([str(path)], options))[:50]
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) >= 40
    assert all(a.format == "csv" and a.text and a.title for a in articles)
    assert articles[0].title.startswith("Sister of man who died in Vancouver")  # type: ignore[union-attr]


def test_sources_csv_without_text_column_says_which_columns_exist(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("headline,body\nA,B\n", encoding="utf-8")
    [item] = _items(str(path))
    assert isinstance(item, Rejected) and item.reason is Reason.MALFORMED
    assert "headline, body" in item.detail and "--text-col" in item.detail


def test_sources_bad_records_do_not_stop_the_file(tmp_path: Path) -> None:
    rows = _wikinews_rows(2)
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([json.dumps(rows[0]), "{not json", "[1, 2]", json.dumps({"title": "no text"}),
                               json.dumps({"text": "Too short to be news."}), json.dumps(rows[1])]), encoding="utf-8")
    items = _items(str(path))
    kinds = [i.reason if isinstance(i, Rejected) else "article" for i in items]
    assert kinds == ["article", Reason.MALFORMED, Reason.MALFORMED, Reason.EMPTY, Reason.NO_ARTICLE, "article"]


def test_sources_bad_files_are_each_rejected_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "big.txt").write_bytes(b"word " * 300_000)
    (tmp_path / "latin1.jsonl").write_bytes(b"")
    items = _items(str(tmp_path / "empty.txt"), str(tmp_path / "binary.txt"), str(tmp_path / "big.txt"),
                   str(tmp_path / "missing.txt"), max_bytes=1_000_000)
    reasons = [i.reason for i in items if isinstance(i, Rejected)]
    assert reasons == [Reason.EMPTY, Reason.BINARY, Reason.TOO_LARGE, Reason.NOT_FOUND]


def test_sources_foreign_language_is_rejected(tmp_path: Path) -> None:
    french = ("Le gouvernement français a annoncé mardi une nouvelle série de mesures destinées à soutenir "
              "les entreprises touchées par la crise, a déclaré le ministre de l'Économie devant les députés. "
              "Les syndicats ont salué une avancée mais demandent davantage de garanties pour les salariés.")
    path = tmp_path / "fr.jsonl"
    path.write_text(json.dumps({"text": french}), encoding="utf-8")
    [item] = _items(str(path))
    assert isinstance(item, Rejected) and item.reason is Reason.LANGUAGE and "'fr'" in item.detail
    [accepted] = _items(str(path), languages=())
    assert isinstance(accepted, Article) and accepted.language == "fr"


def test_sources_broken_encoding_in_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d" * 400)
    [item] = _items(str(path))
    assert isinstance(item, Rejected) and item.reason in (Reason.ENCODING, Reason.BINARY)


def test_sources_directories_and_globs_expand_sorted(tmp_path: Path) -> None:
    rows = _wikinews_rows(3)
    for i, row in enumerate(rows):
        sub = tmp_path / f"d{i % 2}"
        sub.mkdir(exist_ok=True)
        (sub / f"a{i}.jsonl").write_text(json.dumps(row), encoding="utf-8")
    (tmp_path / ".hidden.jsonl").write_text(json.dumps(rows[0]), encoding="utf-8")
    from_dir = _items(str(tmp_path))
    from_glob = _items(str(tmp_path / "d*" / "*.jsonl"))
    assert [a.title for a in from_dir] == [a.title for a in from_glob]  # type: ignore[union-attr]
    assert len(from_dir) == 3


def test_sources_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    row = _wikinews_rows(1)[0]

    class FakeStdin:
        buffer = io.BytesIO(json.dumps(row).encode())

    monkeypatch.setattr("sys.stdin", FakeStdin)
    [item] = _items("-")
    assert isinstance(item, Article) and item.title == row["title"]


def test_sources_truncated_gzip_keeps_the_records_before_the_cut_and_says_so(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    rows = _wikinews_rows(6)
    whole = gzip.compress("".join(json.dumps(row) + "\n" for row in rows).encode(), mtime=0)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])  # an interrupted download
    with caplog.at_level("DEBUG"):
        items = _items(str(path))
    *articles, rejected = items
    assert articles and all(isinstance(item, Article) for item in articles)
    assert [a.title for a in articles] == [row["title"] for row in rows[: len(articles)]]  # type: ignore[union-attr]
    assert isinstance(rejected, Rejected) and rejected.reason is Reason.MALFORMED
    assert rejected.origin == str(path)
    assert "compressed file ends early" in rejected.detail and f"after line {len(articles)}" in rejected.detail
    assert not [record for record in caplog.records if record.exc_info], "a traceback was logged"


def test_sources_truncated_gzip_of_a_single_article_is_a_clear_reject(tmp_path: Path) -> None:
    whole = gzip.compress(b"Title\n\n" + b"A paragraph of an article that was cut short in transit. " * 50, mtime=0)
    path = tmp_path / "story.txt.gz"
    path.write_bytes(whole[: len(whole) // 2])
    [item] = _items(str(path))
    assert isinstance(item, Rejected) and item.reason is Reason.MALFORMED
    assert "compressed file ends early" in item.detail


@pytest.mark.parametrize(("line", "problem"), [
    ('{"text": "an unterminated string', "Unterminated string starting at column 10"),
    ('{"text": }', "Expecting value at column 10"),
    ('{"text": "a"} trailing', "Extra data at column 15"),
])
def test_sources_jsonl_errors_name_the_problem_and_its_column(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    [item] = _items(str(path))
    assert isinstance(item, Rejected) and item.reason is Reason.MALFORMED
    assert item.detail == f"not valid JSON: {problem}; fix or remove the line"


def test_sources_csv_broken_rows_cost_only_themselves(tmp_path: Path) -> None:
    rows = _wikinews_rows(3)

    def row(n: int) -> str:
        return f'{n},"{rows[n]["title"]}","{rows[n]["text"].replace(chr(34), chr(34) * 2)}"'

    path = tmp_path / "broken.csv"
    path.write_text("\n".join(["id,title,text", row(0), "9,stray\rcarriage return,in an unquoted field", row(1),
                               '10,Never closed,"this quote is never closed']) + "\n", encoding="utf-8")
    items = _items(str(path))
    kinds = [item.reason if isinstance(item, Rejected) else item.title for item in items]
    assert kinds == [rows[0]["title"], Reason.MALFORMED, rows[1]["title"], Reason.MALFORMED]
    assert "never closed" in items[3].detail  # type: ignore[union-attr]
