"""Relations for the API and the page: dyads, network, balance, blocs, why and shifts.

Thin adapters: the analysis is `entente.graph`'s; these functions call it on a request's cursor
and add what a reader of the page needs (actor names and kinds, evidence events with their
sentences, bloc colours). While `entente.graph` is not installed, `_provisional` stands in.
"""
from __future__ import annotations

from typing import Any

import duckdb

from . import _provisional as prov
from .names import lookup
from .queries import EventFilter, QuoteFilter, list_events, list_quotes

WINDOWS = ("day", "month", "year")


def _name(code: str) -> dict[str, Any]:
    return lookup(code).as_dict()


def dyad_view(con: duckdb.DuckDBPyConnection, a: str, b: str, *, window: str = "month", since: str | None = None,
              until: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """The relation of A and B: its score per window, and the events and quotes behind it."""
    data = prov.dyad(con, a, b, window=window, since=since, until=until)
    total, events = list_events(con, EventFilter(a=a, b=b, since=since, until=until), limit=limit, offset=offset)
    real = [p for p in data["series"] if p["score"] is not None]
    weights = sum(p["n_events"] for p in real)
    overall = sum(p["score"] * p["n_events"] for p in real) / weights if weights else None
    return {
        "a": _name(a), "b": _name(b), "window": window, "since": since, "until": until,
        "score": round(overall, 4) if overall is not None else None,
        "sign": 0 if not overall else (1 if overall > 0 else -1),
        "n_events": total, "series": data["series"],
        "events": {"total": total, "limit": limit, "offset": offset, "items": events},
        "quotes": _dyad_quotes(con, a, b),
    }


def _dyad_quotes(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[dict[str, Any]]:
    """Quotes of one side that claim or deny an event between the two."""
    ids = [r[0] for r in con.execute(
        """SELECT DISTINCT c.quote_id FROM claims c
           JOIN event_actors s ON s.event_id = c.event_id AND s.role = 'source'
           JOIN event_actors t ON t.event_id = c.event_id AND t.role = 'target'
           WHERE c.quote_id IS NOT NULL AND ((s.actor = ? AND t.actor = ?) OR (s.actor = ? AND t.actor = ?))
           LIMIT 50""", [a, b, b, a]).fetchall()]
    return list_quotes(con, QuoteFilter(ids=ids), limit=50)[1] if ids else []


def network_view(con: duckdb.DuckDBPyConnection, *, since: str | None = None, until: str | None = None,
                 kinds: list[str] | None = None, dimension: str | None = None,
                 min_events: int = 1) -> dict[str, Any]:
    """Actors as nodes, relations as signed edges, and the camps (blocs) of the window."""
    edges = prov.network(con, since=since, until=until, kinds=kinds, dimension=dimension,
                         min_events=min_events)["edges"]
    side, frustration = prov.blocs(edges)
    degree: dict[str, int] = {}
    volume: dict[str, int] = {}
    for e in edges:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + 1
            volume[end] = volume.get(end, 0) + e["n_events"]
    nodes = [{**_name(code), "id": code, "degree": degree[code], "n_events": volume[code],
              "bloc": side.get(code)} for code in sorted(degree)]
    return {"since": since, "until": until, "kinds": kinds or [], "dimension": dimension, "min_events": min_events,
            "nodes": nodes, "edges": edges, "frustration": frustration,
            "blocs": _bloc_lists(side)}


def _bloc_lists(side: dict[str, int]) -> list[list[str]]:
    camps: dict[int, list[str]] = {}
    for code, camp in side.items():
        camps.setdefault(camp, []).append(code)
    return [sorted(members) for _, members in sorted(camps.items())]


def balance_view(con: duckdb.DuckDBPyConnection, *, window: str | None = None, since: str | None = None,
                 until: str | None = None, kinds: list[str] | None = None) -> dict[str, Any]:
    """Structural balance of the whole range, and of each window when one is given."""
    spans = [(since, until, None)]
    if window:
        spans = [(w, w, w) for w in prov.windows(con, window, since, until)]
    out = []
    for lo, hi, label in spans:
        edges = prov.network(con, since=lo, until=hi, kinds=kinds)["edges"]
        result = prov.balance(edges)
        _, frustration = prov.blocs(edges)
        out.append({"window": label, "since": lo, "until": hi, "n_edges": len(edges), "frustration": frustration,
                    **result})
    return {"window": window, "since": since, "until": until, "windows": out}


def blocs_view(con: duckdb.DuckDBPyConnection, *, window: str | None = None, since: str | None = None,
               until: str | None = None, kinds: list[str] | None = None) -> dict[str, Any]:
    spans = [(since, until, None)]
    if window:
        spans = [(w, w, w) for w in prov.windows(con, window, since, until)]
    out = []
    for lo, hi, label in spans:
        edges = prov.network(con, since=lo, until=hi, kinds=kinds)["edges"]
        side, frustration = prov.blocs(edges)
        out.append({"window": label, "since": lo, "until": hi, "frustration": frustration,
                    "blocs": [[_name(c) for c in members] for members in _bloc_lists(side)]})
    return {"window": window, "since": since, "until": until, "windows": out}


def why_view(con: duckdb.DuckDBPyConnection, a: str, b: str, *, since: str | None = None,
             until: str | None = None, evidence: int = 3) -> dict[str, Any]:
    """Why A and B relate as they do: direct evidence, and two-step paths through third actors."""
    data = prov.why(con, a, b, since=since, until=until)
    direct_events = list_events(con, EventFilter(a=a, b=b, since=since, until=until), limit=evidence * 2)[1]
    direct_events.sort(key=lambda e: (not e["real"], -abs(e["intensity"] or 0)))
    paths = []
    for path in data["paths"]:
        steps = []
        for step in path["steps"]:
            events = list_events(con, EventFilter(a=step["a"], b=step["b"], since=since, until=until),
                                 limit=evidence)[1]
            steps.append({**step, "a": _name(step["a"]), "b": _name(step["b"]), "evidence": events})
        paths.append({**path, "via": _name(path["via"]), "steps": steps})
    direct = data["direct"]
    summary = _why_summary(a, b, direct, paths)
    return {"a": _name(a), "b": _name(b), "since": since, "until": until, "summary": summary,
            "direct": {"relation": direct, "evidence": direct_events[:evidence]}, "paths": paths}


def _why_summary(a: str, b: str, direct: dict[str, Any] | None, paths: list[dict[str, Any]]) -> str:
    names = f"{lookup(a).name} and {lookup(b).name}"
    parts = []
    if direct:
        parts.append(f"{'friendly' if direct['sign'] > 0 else 'hostile'} directly "
                     f"({direct['n_events']} events, score {direct['weight']:+.2f})")
    else:
        parts.append("no direct evidence")
    if paths:
        parts.append("; ".join(p["text"] for p in paths[:3]))
    return f"{names}: " + "; ".join(parts)


def shifts_view(con: duckdb.DuckDBPyConnection, *, window: str = "month", since: str | None = None,
                until: str | None = None, actor: str | None = None, limit: int = 50,
                evidence: int = 3) -> dict[str, Any]:
    found = prov.shifts(con, window=window, since=since, until=until, actor=actor)
    out = []
    for s in found[:limit]:
        events = list_events(con, EventFilter(a=s["a"], b=s["b"], since=s["to_window"], until=s["to_window"]),
                             limit=evidence)[1]
        out.append({**s, "a": _name(s["a"]), "b": _name(s["b"]), "events": events})
    return {"window": window, "since": since, "until": until, "actor": actor, "total": len(found), "shifts": out}


def partners(con: duckdb.DuckDBPyConnection, code: str, *, since: str | None = None,
             until: str | None = None, window: str = "year") -> dict[str, Any]:
    """An actor's partners and adversaries: every relation it has, best and worst first, with a series each."""
    edges = [e for e in prov.network(con, since=since, until=until)["edges"] if code in (e["source"], e["target"])]
    rows = []
    for e in edges:
        other = e["target"] if e["source"] == code else e["source"]
        series = prov.dyad(con, code, other, window=window, since=since, until=until)["series"]
        rows.append({**_name(other), "sign": e["sign"], "weight": e["weight"], "n_events": e["n_events"],
                     "n_sources": e["n_sources"], "dimensions": e["dimensions"], "series": series})
    rows.sort(key=lambda r: (-r["weight"], -r["n_events"]))
    return {"partners": [r for r in rows if r["sign"] > 0],
            "adversaries": sorted((r for r in rows if r["sign"] < 0), key=lambda r: (r["weight"], -r["n_events"]))}
