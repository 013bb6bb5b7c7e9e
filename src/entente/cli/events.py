"""`entente events`: list the stored events, or export them as data (JSONL, CSV, Parquet, PLOVER, GDELT).

    entente events --dyad ISR-AZE
    entente events --type ASSAULT --since 2012 --format csv > assaults.csv
    entente events --format parquet --output events.parquet
    entente events --format plover --min-confidence 0.5 > events.plover.jsonl
    entente events --format gdelt --output events.gdelt.tsv

The filters are the API's (`entente.api.queries.EventFilter`, the same SQL as `GET /api/events`),
and the events are the API's dicts. Output is streamed: the command asks for one page of events at
a time (`PAGE`) and writes it before asking for the next, so an export of a large store never holds
it whole. Each page is the read query `events` (`entente.cli.access`): it reads the store file, or
asks the `entente serve` that holds it, so the command works beside a running server too.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from ..export import FORMATS
from .access import answer, read_query
from .choices import WATCH_MODES
from .options import db_option, json_option

if TYPE_CHECKING:
    import duckdb

#: Events asked for at a time: small enough to stream, large enough that paging costs little.
PAGE = 1000
#: PLOVER event types entente extracts (`entente.events.lexicon.PLOVER_TYPES`).
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
#: The format an --output file's extension implies when --format is not given.
SUFFIX_FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet",
                  ".tsv": "gdelt"}
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _DATE.match(value):
        raise click.BadParameter(f"{value!r} is no date; give YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2013-09)")
    return value


def _dyad(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    a, sep, b = value.strip().upper().partition("-")
    if not sep or not a or not b:
        raise click.BadParameter(f"{value!r} is no dyad; give two actor codes joined by '-', e.g. ISR-AZE")
    return a, b


@click.command("events")
@click.option("--actor", metavar="CODE", help="Only events of this actor, or of those acting for it (ISR, UN, ...).")
@click.option("--dyad", metavar="A-B", callback=_dyad, help="Only events between A and B, either way (ISR-AZE).")
@click.option("--type", "event_type", type=click.Choice(EVENT_TYPES, case_sensitive=False),
              help="Only events of this PLOVER type.")
@click.option("--quad", type=click.IntRange(1, 4),
              help="Only this quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                   "4 material conflict.")
@click.option("--mode", type=click.Choice(WATCH_MODES),
              help="Only events of this mode, alone or in a compound (reported matches reported+alleged).")
@click.option("--dimension", help="Only events tagged with this dimension (security, economy, ...).")
@click.option("--since", callback=_date, help="First day, month or year included (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Last day, month or year included (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), help="Only events of at least this confidence.")
@click.option("--article", metavar="ID", help="Only the events of this article.")
@click.option("--limit", type=click.IntRange(1), help="At most this many events (default: all).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="table (the default on a terminal), jsonl (the default otherwise: the API's event objects), "
                   "csv, parquet (needs --output), plover (PLOVER/POLECAT JSON records) or gdelt (GDELT 2.0 "
                   "event table, tab-separated). With --output, the file's extension decides when not given.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output).")
@db_option
def events_cmd(actor: str | None, dyad: tuple[str, str] | None, event_type: str | None, quad: int | None,
               mode: str | None, dimension: str | None, since: str | None, until: str | None,
               min_confidence: float | None, article: str | None, limit: int | None, fmt: str | None,
               output: str | None, db: str) -> None:
    """List stored events, newest first, or export them as data.

    Each event is one sentence's act of a source on a target, with its PLOVER type, CAMEO code,
    mode, date, confidence and the article it was read from.
    """
    fmt = _format(fmt, output)
    a, b = dyad if dyad else (None, None)
    params = {"actor": actor.strip().upper() if actor else None, "a": a, "b": b,
              "event_type": event_type.upper() if event_type else None, "quad": quad, "mode": mode,
              "dimension": dimension, "since": since, "until": until, "article": article,
              "min_confidence": min_confidence, "with_lead": fmt == "gdelt"}
    pages = _pages(db, params, limit)
    if fmt == "parquet":
        assert output is not None  # _format insists
        written = _write_parquet(pages, output)
    elif output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            written = _write_text(pages, fmt, handle)
    else:
        try:
            written = _write_text(pages, fmt, sys.stdout)
        except BrokenPipeError:  # `entente events | head`: the reader has all it wants
            _quiet_stdout()
            return
    if output:
        click.echo(f"wrote {written} events to {output} ({fmt})", err=True)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush at exit does not fail on the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
    finally:
        os.close(devnull)


def _format(fmt: str | None, output: str | None) -> str:
    """The format asked for; else the --output file's; else a table on a terminal and JSONL in a pipe."""
    if fmt is None:
        if output:
            fmt = SUFFIX_FORMATS.get(Path(output).suffix.lower(), "jsonl")
        else:
            fmt = "table" if sys.stdout.isatty() else "jsonl"
    if fmt == "parquet" and not output:
        raise click.UsageError("--format parquet writes a file: add --output FILE (e.g. --output events.parquet)")
    return fmt


Page = tuple[list[dict[str, Any]], dict[str, Any]]


def _pages(db: str, params: dict[str, Any], limit: int | None) -> Any:
    """The events, a page at a time: (events, the page's whole answer), until `limit` or the last page."""
    offset = emitted = 0
    while limit is None or emitted < limit:
        want = PAGE if limit is None or params["min_confidence"] is not None else min(PAGE, limit - emitted)
        result = answer(db, "events", **params, offset=offset, page=want)
        events = result["events"] if limit is None else result["events"][:limit - emitted]
        if events:
            yield events, result
        emitted += len(events)
        offset += result["fetched"]
        if result["fetched"] < want:
            return


@read_query("events")
def events_query(con: duckdb.DuckDBPyConnection, *, actor: str | None, a: str | None, b: str | None,
                 event_type: str | None, quad: int | None, mode: str | None, dimension: str | None,
                 since: str | None, until: str | None, article: str | None, min_confidence: float | None,
                 with_lead: bool, offset: int, page: int) -> dict[str, Any]:
    """One page of events as the API shapes them, newest first.

    `fetched` is how many the page read before `min_confidence` dropped some (the next page starts
    after them). With `with_lead`, `lead` and `added` give, per event id, whether it was read from
    the article's headline or first paragraph and when the article was stored (GDELT's IsRootEvent
    and DATEADDED, which the event dict does not carry).
    """
    from ..api.queries import EventFilter, list_events

    f = EventFilter(actor=actor, a=a, b=b, type=event_type, quad=quad, mode=mode, dimension=dimension,
                    since=since, until=until, article=article)
    total, rows = list_events(con, f, limit=page, offset=offset)
    fetched = len(rows)
    if min_confidence is not None:
        rows = [r for r in rows if r["confidence"] is not None and r["confidence"] >= min_confidence]
    result: dict[str, Any] = {"total": total, "fetched": fetched, "events": rows}
    if with_lead:
        result["lead"], result["added"] = _leads(con, [r["id"] for r in rows])
    return result


def _leads(con: duckdb.DuckDBPyConnection, ids: list[str]) -> tuple[dict[str, bool], dict[str, str]]:
    """Per event: read from the headline, the dek or the body's first paragraph; and its article's storing time."""
    if not ids:
        return {}, {}
    found = con.execute(
        """SELECT e.id,
                  coalesce(e.field, 'text') <> 'text'
                  OR strpos(a.text, chr(10)) = 0 OR e.sentence_start < strpos(a.text, chr(10)) - 1,
                  strftime(a.ingested_at, '%Y%m%d%H%M%S')
           FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id IN (SELECT unnest(?))""",
        [ids]).fetchall()
    return {r[0]: bool(r[1]) for r in found}, {r[0]: r[2] for r in found if r[2]}


# --------------------------------------------------------------------------------------------- writers
def _write_text(pages: Any, fmt: str, out: IO[str]) -> int:
    """Write every page in a text format; returns the number of events written."""
    writer = _TEXT_WRITERS[fmt](out)
    written = 0
    for events, result in pages:
        writer(events, result)
        written += len(events)
    if fmt == "table" and written == 0:
        out.write("no events found\n")
    elif fmt == "gdelt" and written == 0:
        writer([], {})  # the header row, so that the file still loads
    out.flush()
    return written


def _jsonl(out: IO[str]) -> Callable[[list[dict[str, Any]], dict[str, Any]], None]:
    def write(events: list[dict[str, Any]], result: dict[str, Any]) -> None:
        for event in events:
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
    return write


def _plover(out: IO[str]) -> Callable[[list[dict[str, Any]], dict[str, Any]], None]:
    from ..export.plover import plover_record

    def write(events: list[dict[str, Any]], result: dict[str, Any]) -> None:
        for event in events:
            out.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")
    return write


def _csv(out: IO[str]) -> Callable[[list[dict[str, Any]], dict[str, Any]], None]:
    from ..export import FLAT_COLUMNS, flat_row

    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()

    def write(events: list[dict[str, Any]], result: dict[str, Any]) -> None:
        writer.writerows(flat_row(event) for event in events)
    return write


def _gdelt(out: IO[str]) -> Callable[[list[dict[str, Any]], dict[str, Any]], None]:
    from ..export.gdelt import columns, gdelt_rows

    header = ["\t".join(columns()) + "\n"]

    def write(events: list[dict[str, Any]], result: dict[str, Any]) -> None:
        if header:
            out.write(header.pop())
        lead, added = result.get("lead", {}), result.get("added", {})
        for event in events:
            for row in gdelt_rows(event, lead=lead.get(event["id"], False), added=added.get(event["id"])):
                out.write("\t".join(row) + "\n")
    return write


def _table(out: IO[str]) -> Callable[[list[dict[str, Any]], dict[str, Any]], None]:
    def write(events: list[dict[str, Any]], result: dict[str, Any]) -> None:
        for event in events:
            out.write("".join(f"{line}\n" for line in _table_lines(event)))
    return write


_TEXT_WRITERS: dict[str, Callable[[IO[str]], Callable[[list[dict[str, Any]], dict[str, Any]], None]]] = {
    "jsonl": _jsonl, "plover": _plover, "csv": _csv, "gdelt": _gdelt, "table": _table}


def _actors_text(actors: list[dict[str, Any]]) -> str:
    if not actors:
        return "-"
    return ", ".join(a["actor"] + (f" [{a['sector']}]" if a.get("sector") else "") for a in actors)


def _table_lines(event: dict[str, Any]) -> list[str]:
    """Two lines or more: when, type, CAMEO, mode, who on whom, confidence, id; then the sentence."""
    confidence = "    " if event.get("confidence") is None else f"{event['confidence']:.2f}"
    head = (f"{event.get('when') or '????':<10}  {event['type']:<9} {event.get('cameo') or '':<4}  "
            f"{event['mode']:<18} {_actors_text(event['source'])} -> {_actors_text(event['target'])}  "
            f"{confidence}  {event['id']}")
    sentence = (event.get("sentence") or {}).get("text") or ""
    return [head, textwrap.indent(textwrap.fill(sentence, 100), "    ")] if sentence else [head]


def _write_parquet(pages: Any, output: str) -> int:
    """Write every page as a row group of one Parquet file (the flat columns); returns the number of events."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..export import flat_row, parquet_schema

    schema = parquet_schema()
    written = 0
    with pq.ParquetWriter(output, schema) as writer:
        for events, _result in pages:
            writer.write_table(pa.Table.from_pylist([flat_row(e) for e in events], schema=schema))
            written += len(events)
    return written


# ------------------------------------------------------------------------------------- event groups
@click.command("groups")
@click.option("--actor", metavar="CODE", help="Only groups holding an event of this actor (ISR, UN, ...).")
@click.option("--dyad", metavar="A-B", callback=_dyad, help="Only groups of events between A and B, either way.")
@click.option("--type", "event_type", type=click.Choice(EVENT_TYPES, case_sensitive=False),
              help="Only groups of this PLOVER event type.")
@click.option("--since", callback=_date, help="First day, month or year included (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Last day, month or year included (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--min-reports", type=click.IntRange(1), default=1, show_default=True,
              help="Only acts told by at least this many reports.")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="At most this many groups.")
@click.option("--reports/--no-reports", default=False, help="List each report: its outlet, date, mode and sentence.")
@json_option
@db_option
def groups_cmd(actor: str | None, dyad: tuple[str, str] | None, event_type: str | None, since: str | None,
               until: str | None, min_reports: int, limit: int, reports: bool, as_json: bool, db: str) -> None:
    """Acts told by several reports, most reported first (`entente.store.groups`).

    Reports of one act share its type, its actors and its date; relations and watches count each
    act once. `agreement` is the share of reports that tell it the same way (as fact, as an
    allegation, as denied, or as only expected).
    """
    a, b = dyad if dyad else (None, None)
    result = answer(db, "groups", actor=actor.strip().upper() if actor else None, a=a, b=b,
                    event_type=event_type.upper() if event_type else None, since=since, until=until,
                    min_reports=min_reports, limit=limit)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, default=str))
        return
    shown = len(result["groups"])
    more = f", the {shown} largest" if result["total"] > shown else ""
    click.echo(f"{result['total']} groups of at least {min_reports} report(s){more}")
    for group in result["groups"]:
        stances = ", ".join(f"{n} {name}" for name, n in group["stances"].items() if n)
        click.echo(f"{group['reports']:>4} reports  {group['sources']:>3} sources  agreement {group['agreement']:.2f}"
                   f"  {group['key']}  ({stances})")
        for report in group["report_list"] if reports else group["report_list"][:1]:
            sentence = " ".join(str(report["sentence"] or "").split())
            line = f"{report['published'] or '?'} {report['source'] or ''} [{report['mode']}] {sentence}"
            click.echo("      " + textwrap.shorten(line, width=140, placeholder=" ..."))


@read_query("groups")
def groups_query(con: duckdb.DuckDBPyConnection, *, actor: str | None, a: str | None, b: str | None,
                 event_type: str | None, since: str | None, until: str | None, min_reports: int,
                 limit: int) -> dict[str, Any]:
    """The largest event groups holding an event that matches the filter."""
    from ..api.queries import EventFilter, list_event_groups

    f = EventFilter(actor=actor, a=a, b=b, type=event_type, since=since, until=until)
    total, groups = list_event_groups(con, f, min_reports=min_reports, limit=limit)
    return {"total": total, "groups": groups}


def register(group: click.Group) -> None:
    """Add `entente events` and `entente groups` to the top-level group."""
    group.add_command(events_cmd)
    group.add_command(groups_cmd)
