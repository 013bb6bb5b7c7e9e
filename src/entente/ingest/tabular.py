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
            # Without its line end, a string left open is reported as unterminated where it
            # starts, rather than as a control character (the newline) where the line ends.
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield Rejected(where, Reason.MALFORMED, f"not valid JSON: {_json_problem(exc)}; fix or remove the line",
                           "jsonl")
            continue
        if not isinstance(record, dict):
            yield Rejected(where, Reason.MALFORMED, "a JSON value that is not an object", "jsonl")
            continue
        yield _from_record(record, origin=where, options=options, fmt="jsonl")


def _json_problem(exc: json.JSONDecodeError) -> str:
    """The decoder's message with its column: "Unterminated string starting at column 42".

    Some of the decoder's messages end in "at" and expect a position after them ("Unterminated
    string starting at"); others do not ("Expecting value"), so the position is joined to fit.
    """
    message = exc.msg.removesuffix(" at")
    return f"{message} at column {exc.colno}"


def read_csv(lines: Iterable[str], *, origin: str, options: IngestOptions) -> Iterator[Article | Rejected]:
    """Yield one article (or one rejection) per row of a CSV (or TSV) file with a header row."""
    stream = iter(lines)
    head = list(itertools.islice(stream, 20))
    try:
        dialect: Any = csv.Sniffer().sniff("".join(head)[:8192], delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(max(options.max_bytes, 131072))
    # Strict: a quote left open is an error at the end of the file, not a field that silently
    # swallows every row after it; an error costs its row only (see `_rows_or_errors`).
    # The sniffer turns doubled quotes off when its sample happens to hold none, but without an
    # escape character a quote inside a field can only be written doubled, so they stay on.
    doublequote = bool(dialect.doublequote or not dialect.escapechar)
    reader = csv.DictReader(itertools.chain(head, stream), dialect=dialect, strict=True, doublequote=doublequote)
    columns = options.columns
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        yield Rejected(origin, Reason.MALFORMED, f"the header row is broken: {_csv_problem(exc)}", "csv")
        return
    if fieldnames is None or columns.text not in fieldnames:
        found = ", ".join(fieldnames or []) or "none"
        yield Rejected(origin, Reason.MALFORMED,
                       f"no column {columns.text!r} for the text (columns: {found}); choose one with --text-col",
                       "csv")
        return
    rows = _rows_or_errors(reader)
    for number, row in enumerate(rows, start=2):
        where = f"{origin}:{number}"
        if isinstance(row, csv.Error):
            yield Rejected(where, Reason.MALFORMED, _csv_problem(row), "csv")
            continue
        if len(row.get(columns.text) or "") > options.max_bytes:
            yield Rejected(where, Reason.TOO_LARGE, f"text of more than {options.max_bytes} characters", "csv")
            continue
        yield _from_record(row, origin=where, options=options, fmt="csv")


def _rows_or_errors(reader: csv.DictReader[str]) -> Iterator[dict[str, Any] | csv.Error]:
    """Each row, or the error that row raised; the csv module reads on after an error at the next line."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield exc


def _csv_problem(exc: csv.Error) -> str:
    message = str(exc)
    if "unexpected end of data" in message:
        # Strict parsing: a quote opened and never closed ran to the end of the file.
        return ("a quoted field is never closed: it runs to the end of the file and takes every line after "
                "it; close the quote or double the quotes inside it")
    if "new-line character seen in unquoted field" in message:
        return "a line break inside an unquoted field; quote the field, or save the file with Unix or Windows line ends"
    return f"broken CSV row ({message}); fix the row"


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
