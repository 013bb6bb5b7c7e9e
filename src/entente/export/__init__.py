"""Events as data: the rows `entente events` writes, in entente's own flat layout, PLOVER's or GDELT's.

Every exporter takes one event as `entente.api.queries.list_events` shapes it (the dict the API and
`entente events --format jsonl` show) and returns what to write for it, so an export is streamed
page by page and never holds the whole result:

* `flat_row(event)`: one row of plain columns (`FLAT_COLUMNS`), for CSV and Parquet;
* `entente.export.plover.plover_record(event)`: one PLOVER/POLECAT JSON record;
* `entente.export.gdelt.gdelt_rows(event, ...)`: GDELT 2.0 event-table rows (one per actor pair).

The facts copied from the shared reference data (GDELT's column names, the Goldstein scale, CAMEO
actor codes) are in `data/`, with their sources in `data/SOURCES.md`.
"""
from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

DATA = Path(__file__).resolve().parent / "data"

#: Formats `entente events` writes: a table for people, the rest for programs.
FORMATS = ("table", "jsonl", "csv", "parquet", "plover", "gdelt")

#: The columns of `flat_row`, in order; lists are joined with ";" so that every cell is a scalar.
FLAT_COLUMNS = ("id", "article_id", "when", "date", "date_precision", "type", "cameo", "quad", "intensity",
                "mode", "real", "confidence", "dimensions", "source_actors", "source_countries",
                "source_sectors", "target_actors", "target_countries", "target_sectors", "sentence", "title",
                "published", "outlet", "url", "extractor")
_FLOATS = {"intensity", "confidence"}
_INTS = {"quad"}
_BOOLS = {"real"}


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of the tab-separated file `data/<name>` (lines starting with # are notes)."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _joined(values: list[Any]) -> str:
    return ";".join("" if v is None else str(v) for v in values)


def flat_row(event: dict[str, Any]) -> dict[str, Any]:
    """The event as one row of scalars: actors' codes, countries and sectors ";"-joined per role.

    The three lists of a role line up (the n-th country is the n-th actor's), so a consumer can
    split them again; an actor without a sector leaves an empty place.
    """
    article = event.get("article") or {}
    row: dict[str, Any] = {
        "id": event["id"], "article_id": article.get("id"), "when": event.get("when"), "date": event.get("date"),
        "date_precision": event.get("date_precision"), "type": event.get("type"), "cameo": event.get("cameo"),
        "quad": event.get("quad"), "intensity": event.get("intensity"), "mode": event.get("mode"),
        "real": event.get("real"), "confidence": event.get("confidence"),
        "dimensions": _joined(list(event.get("dimensions") or [])),
        "sentence": (event.get("sentence") or {}).get("text"), "title": article.get("title"),
        "published": article.get("published"), "outlet": article.get("source"), "url": article.get("url"),
        "extractor": event.get("extractor"),
    }
    for role in ("source", "target"):
        actors = event.get(role) or []
        row[f"{role}_actors"] = _joined([a.get("actor") for a in actors])
        row[f"{role}_countries"] = _joined([a.get("country") for a in actors])
        row[f"{role}_sectors"] = _joined([a.get("sector") for a in actors])
    return {name: row[name] for name in FLAT_COLUMNS}


@functools.cache
def parquet_schema() -> pa.Schema:
    """One fixed schema for every page, so that a page of nulls does not change a column's type."""
    import pyarrow as pa

    def kind(name: str) -> pa.DataType:
        if name in _FLOATS:
            return pa.float64()
        if name in _INTS:
            return pa.int16()
        if name in _BOOLS:
            return pa.bool_()
        return pa.string()

    return pa.schema([pa.field(name, kind(name)) for name in FLAT_COLUMNS])


__all__ = ["DATA", "FLAT_COLUMNS", "FORMATS", "flat_row", "parquet_schema", "read_table"]
