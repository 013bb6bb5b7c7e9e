"""JSON Lines and CSV readers: one record per line or row, fields chosen by a `ColumnMap`.

Here the body is the text exactly as given: character offsets of every later stage refer to it,
and the record's own id is kept as `Article.external_id`.
"""
from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..errors import InputRejected, Reason
from ..records import Article, Rejected
from .dates import parse_published
from .options import IngestOptions


def read_jsonl(lines: Iterable[str], *, origin: str, options: IngestOptions,
               first_line: int = 1) -> Iterator[Article | Rejected]:
    """Yield one article (or one rejection) per non-blank line of a JSON Lines document.

    `first_line` is the number of the first line given, for a reader that starts mid-file.
    """
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        if len(line) > options.max_bytes:
            yield Rejected(where, Reason.TOO_LARGE, f"record of more than {options.max_bytes} bytes", "jsonl")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(where, Reason.MALFORMED, f"not valid JSON ({exc.msg} at column {exc.colno})", "jsonl")
            continue
        if not isinstance(record, dict):
            yield Rejected(where, Reason.MALFORMED, "a JSON value that is not an object", "jsonl")
            continue
        yield _from_record(record, origin=where, options=options, fmt="jsonl")


def read_csv(lines: Iterable[str], *, origin: str, options: IngestOptions) -> Iterator[Article | Rejected]:
    """Yield one article (or one rejection) per row of a CSV (or TSV) file with a header row."""
    stream = iter(lines)
    head = list(itertools.islice(stream, 20))
    try:
        dialect: Any = csv.Sniffer().sniff("".join(head)[:8192], delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(max(options.max_bytes, 131072))
    reader = csv.DictReader(itertools.chain(head, stream), dialect=dialect)
    columns = options.columns
    if reader.fieldnames is None or columns.text not in reader.fieldnames:
        found = ", ".join(reader.fieldnames or []) or "none"
        yield Rejected(origin, Reason.MALFORMED,
                       f"no column {columns.text!r} for the text (columns: {found}); choose one with --text-col",
                       "csv")
        return
    try:
        for number, row in enumerate(reader, start=2):
            where = f"{origin}:{number}"
            if len(row.get(columns.text) or "") > options.max_bytes:
                yield Rejected(where, Reason.TOO_LARGE, f"text of more than {options.max_bytes} characters", "csv")
                continue
            yield _from_record(row, origin=where, options=options, fmt="csv")
    except csv.Error as exc:
        yield Rejected(origin, Reason.MALFORMED, f"broken CSV ({exc})", "csv")


def _from_record(record: Mapping[str, Any], *, origin: str, options: IngestOptions, fmt: str) -> Article | Rejected:
    columns = options.columns
    text = record.get(columns.text)
    if not isinstance(text, str) or not text.strip():
        return Rejected(origin, Reason.EMPTY, f"no text in field {columns.text!r}", fmt)
    published, precision = _published(record.get(columns.date))
    external = record.get(columns.id)
    return Article(
        text=text,
        title=_clean(record.get(columns.title)),
        url=_clean(record.get(columns.url)),
        published=published,
        published_precision=precision,
        external_id=None if external in (None, "") else str(external),
        source=_clean(record.get("source")) or _clean(record.get("outlet")),
        authors=_authors(record.get("authors") or record.get("author")),
        origin=origin,
        format=fmt,
    )


def _published(value: Any) -> tuple[str | None, Any]:
    if value in (None, ""):
        return None, None
    try:
        return parse_published(str(value))
    except InputRejected:
        return None, None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _authors(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str) and value.strip():
        return [part.strip() for part in value.replace(" and ", ",").split(",") if part.strip()]
    return []
