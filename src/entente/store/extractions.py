"""From what the extractors put on a Doc to rows of the extraction tables (migration 0003).

An `Extraction` is the JSON-ready output of one article: lists of mention, event, stance, quote
and claim dicts, exactly as `entente read --json` prints them. Each mapping below picks the
columns of one table; events fan out into `event_actors`, one row per source and target.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import duckdb
import pyarrow as pa

from .groups import forget, group_events

Extraction = Mapping[str, list[dict[str, Any]]]
KINDS = ("mentions", "events", "stances", "quotes", "claims")
_DEFAULT_EXTRACTOR = "unknown"


def _span(record: Mapping[str, Any], key: str) -> tuple[Any, Any, Any]:
    value = record.get(key) or {}
    if isinstance(value, Mapping):
        return value.get("start"), value.get("end"), value.get("text")
    return None, None, value if isinstance(value, str) else None


def mention_rows(article_id: str, mentions: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"article_id": article_id, "start": m["start"], "end": m["end"], "text": m.get("text") or "",
             "actor": m.get("actor"), "country": m.get("country"), "sector": m.get("sector"),
             "role": m.get("role"), "confidence": m.get("confidence"),
             "extractor": m.get("extractor") or _DEFAULT_EXTRACTOR} for m in mentions]


def event_rows(article_id: str, events: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows, actor_rows = [], []
    for e in events:
        evidence = e.get("evidence") or {}
        rows.append({
            "id": e["id"], "article_id": article_id, "type": e["type"], "cameo": e.get("cameo"),
            "quad": e.get("quad"), "intensity": e.get("intensity"), "mode": e.get("mode") or "asserted",
            "date": e.get("date"), "date_precision": e.get("date_precision"),
            "dimensions": list(e.get("dimensions") or []),
            "sentence_start": evidence.get("start"), "sentence_end": evidence.get("end"),
            "trigger_start": evidence.get("trigger_start"), "trigger_end": evidence.get("trigger_end"),
            "reported_by": _as_text(e.get("reported_by")), "denies": _as_text(e.get("denies")),
            "denied_by": _as_text(e.get("denied_by")), "confidence": e.get("confidence"),
            "field": evidence.get("field") or "text", "plover_mode": e.get("plover_mode"),
            "extractor": e.get("extractor") or _DEFAULT_EXTRACTOR,
        })
        for role in ("source", "target"):
            for ref in e.get(role) or []:
                ref = ref if isinstance(ref, Mapping) else {"actor": ref}
                if not ref.get("actor"):
                    continue
                actor_rows.append({"event_id": e["id"], "role": role, "actor": ref["actor"],
                                   "country": ref.get("country"), "sector": ref.get("sector"),
                                   "start": ref.get("start"), "end": ref.get("end"), "text": ref.get("text")})
    return rows, actor_rows


def _codes(side: Any) -> list[str]:
    """Network nodes of one side of a stance (a code, an actor ref, or a list of either), by relations
    rule 2: "Iraqi Kurds' ties with Iran" is a stance of Iraq's civilians (`IRQ.CVL`), not of Iraq."""
    from ..graph.rules import node

    items = side if isinstance(side, (list, tuple)) else [side]
    codes = [node(item.get("actor"), item.get("country"), item.get("sector")) if isinstance(item, Mapping)
             else item for item in items]
    return [c for c in dict.fromkeys(codes) if c]


def stance_rows(article_id: str, stances: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per pair of actor codes: "Israel and Azerbaijan's closeness with Turkey" gives two."""
    rows = []
    for s in stances:
        evidence = s.get("evidence") or {}
        pairs = [(a, b) for a in _codes(s["a"]) for b in _codes(s["b"]) if a != b]
        for a, b in pairs:
            rows.append({"id": s["id"] if len(pairs) == 1 else f"{s['id']}:{a}:{b}", "article_id": article_id,
                         "a": a, "b": b, "sign": s["sign"], "strength": s.get("strength"),
                         "dimensions": list(s.get("dimensions") or []), "mode": s.get("mode") or "asserted",
                         "start": evidence.get("start", s.get("start")), "end": evidence.get("end", s.get("end")),
                         "field": evidence.get("field") or "text",
                         "extractor": s.get("extractor") or _DEFAULT_EXTRACTOR})
    return rows


def quote_rows(article_id: str, quotes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for q in quotes:
        c_start, c_end, _ = _span(q, "content")
        cue_start, cue_end, _ = _span(q, "cue")
        speaker = q.get("speaker") or {}
        rows.append({"id": q["id"], "article_id": article_id, "content_start": c_start, "content_end": c_end,
                     "cue_start": cue_start, "cue_end": cue_end,
                     "speaker_start": speaker.get("start"), "speaker_end": speaker.get("end"),
                     "speaker_text": speaker.get("text"), "speaker_actor": speaker.get("actor"),
                     "speaker_country": speaker.get("country"), "speaker_sector": speaker.get("sector"),
                     "direct": bool(q.get("direct")), "outlet": q.get("outlet"),
                     "extractor": q.get("extractor") or _DEFAULT_EXTRACTOR})
    return rows


def claim_rows(article_id: str, claims: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"quote_id": c.get("quote_id"), "event_id": c["event_id"], "relation": c["relation"],
             "article_id": article_id, "extractor": c.get("extractor") or _DEFAULT_EXTRACTOR} for c in claims]


def _as_text(value: Any) -> str | None:
    if value in (None, "", []):
        return None
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, Mapping):
        return str(value.get("id") or value.get("actor") or value.get("text") or value)
    return str(value)


_TYPES: dict[str, pa.DataType] = {
    "start": pa.int32(), "end": pa.int32(), "quad": pa.int16(), "sign": pa.int16(), "intensity": pa.float64(),
    "confidence": pa.float64(), "strength": pa.float64(), "dimensions": pa.list_(pa.string()),
    "sentence_start": pa.int32(), "sentence_end": pa.int32(), "trigger_start": pa.int32(),
    "trigger_end": pa.int32(), "content_start": pa.int32(), "content_end": pa.int32(), "cue_start": pa.int32(),
    "cue_end": pa.int32(), "speaker_start": pa.int32(), "speaker_end": pa.int32(), "direct": pa.bool_(),
}


_KEYED = {"mentions", "events", "stances", "quotes"}


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], *,
                skip_existing: bool = True, replace: bool = False,
                types: Mapping[str, pa.DataType] | None = None) -> None:
    """Bulk-insert dict rows through Arrow (DuckDB's fast path; `executemany` costs ~2 ms a row).

    With `skip_existing`, rows whose primary key is already stored are left alone; with `replace`,
    they are replaced. Columns are strings unless `types` (or the extraction tables' types) say not.
    """
    if not rows:
        return
    names = list(rows[0])
    types = {**_TYPES, **(types or {})}
    arrow = pa.table({n: pa.array([r[n] for r in rows], types.get(n, pa.string())) for n in names})
    view = f"_insert_{table}"
    # DuckDB refuses to register while an earlier statement's result is unread (any caller's INSERT):
    # a new statement closes that result
    con.execute("SELECT 1").fetchall()
    con.register(view, arrow)
    try:
        quoted = ", ".join(f'"{n}"' for n in names)
        verb = "INSERT OR REPLACE INTO" if replace else "INSERT INTO"
        conflict = " ON CONFLICT DO NOTHING" if skip_existing and not replace else ""
        con.execute(f"{verb} {table} ({quoted}) SELECT {quoted} FROM {view}{conflict}").fetchall()  # finished, so the next register can run
    finally:
        con.unregister(view)


def write(con: duckdb.DuckDBPyConnection, extractions: Mapping[str, Extraction], *,
          signature: str | None = None) -> None:
    """Write the extractions of several articles (article id -> extraction), one insert per table.

    Runs inside the caller's transaction, so an article and what was extracted from it are
    stored together or not at all.
    """
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in
                                               ("mentions", "events", "event_actors", "stances", "quotes", "claims")}
    for article_id, extraction in extractions.items():
        tables["mentions"] += mention_rows(article_id, extraction.get("mentions", []))
        events, actors = event_rows(article_id, extraction.get("events", []))
        tables["events"] += events
        tables["event_actors"] += actors
        tables["stances"] += stance_rows(article_id, extraction.get("stances", []))
        tables["quotes"] += quote_rows(article_id, extraction.get("quotes", []))
        tables["claims"] += claim_rows(article_id, extraction.get("claims", []))
    for table, rows in tables.items():
        insert_rows(con, table, rows, skip_existing=table in _KEYED)
    if tables["events"]:
        group_events(con, [row["id"] for row in tables["events"]])
    if signature is not None and extractions:
        insert_rows(con, "extraction_runs", [{"article_id": article_id, "extractors": signature}
                                             for article_id in extractions], replace=True)


def delete_for(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Remove every extracted row of these articles (re-coding replaces them)."""
    for table in ("mentions", "stances", "quotes", "claims"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [article_ids])
    forget(con, article_ids)
    con.execute("DELETE FROM event_actors WHERE event_id IN "
                "(SELECT id FROM events WHERE article_id IN (SELECT unnest(?)))", [article_ids])
    con.execute("DELETE FROM events WHERE article_id IN (SELECT unnest(?))", [article_ids])
    con.execute("DELETE FROM extraction_runs WHERE article_id IN (SELECT unnest(?))", [article_ids])
