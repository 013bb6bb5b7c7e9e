"""Relations for the API and the page: dyads, network, balance, blocs, why and shifts.

Thin adapters over `entente.graph` (every scoring rule is in `entente.graph.rules`): they call it
on a cursor of the served store and add what a reader of the page needs: actor names and kinds,
and each evidence record as a full event with its sentence, highlights, mode, date and article.

The page's kind filter (`state`, `organisation`, `group`, `person`) maps to the analysis' `kind`:
states only is `states`; anything else is `all`, with the nodes then kept by their kind. The
network view's blocs come from `entente.graph.balance.frustration` with `NETWORK_RESTARTS` starts
of its heuristic (the balance and blocs endpoints use the documented default), so that the page
stays quick on large networks; on networks small enough to solve exactly both are the same.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb

from ..graph import (
    Evidence,
    Relation,
    Scope,
    balance_report,
    balance_series,
    detect_shifts,
    dyad_series,
    evidence,
    explain,
    relation,
    relations,
    rules,
    signed_network,
)
from ..graph.balance import blocs as find_blocs
from ..graph.balance import frustration
from ..graph.dyads import weights_report
from .names import KIND_GROUPS, lookup
from .queries import QUAD_LABELS, EventFilter, QuoteFilter, event_ids, list_events, list_quotes

WINDOWS = ("day", "month", "year")
NETWORK_RESTARTS = 4


def _name(code: str) -> dict[str, Any]:
    return lookup(code).as_dict()


def graph_kind(kinds: list[str] | None) -> str:
    """`states` when only states are asked for (the default), else `all`."""
    return "states" if not kinds or set(kinds) <= {"state"} else "all"


def _keep(code: str, kinds: list[str] | None) -> bool:
    return not kinds or lookup(code).group in kinds


def relation_dict(r: Relation) -> dict[str, Any]:
    data = r.as_dict()
    data.pop("evidence", None)
    return data


def evidence_items(con: duckdb.DuckDBPyConnection, items: list[Evidence]) -> list[dict[str, Any]]:
    """Evidence records as the API shows events: the full event (sentence, highlights, article)
    plus the record's `weight`, `value`, `contribution` and `disputed` from the rules, the weight of
    its mode (`mode_weight`) and how its weight came about (`weights`); a stance becomes an item of
    type STANCE with its sentence."""
    ids = [e.id for e in items if e.kind == "event"]
    events = {e["id"]: e for e in list_events(con, EventFilter(ids=ids), limit=max(1, len(ids)))[1]} if ids else {}
    out = []
    for e in items:
        scores = {"weight": round(e.weight, 4), "value": round(e.value, 4), "contribution": round(e.contribution, 4),
                  "disputed": e.disputed, "kind": e.kind, "mode_weight": round(e.mode_weight, 4),
                  "weights": e.weights}
        if e.kind == "event" and e.id in events:
            out.append({**events[e.id], **scores})
        elif e.kind != "event":
            out.append({
                "id": e.id, "type": "STANCE", "cameo": None, "quad": None, "quad_label": "stated relation",
                "intensity": round(e.value * 10, 2), "mode": e.mode or "asserted", "real": e.weight > 0,
                "date": e.date, "date_precision": None, "when": e.date or e.published, "dimensions": [],
                "source": [{"actor": c, "name": lookup(c).name} for c in e.source],
                "target": [{"actor": c, "name": lookup(c).name} for c in e.target],
                "sentence": {"start": e.start or 0, "end": e.end or 0, "text": e.sentence or "", "highlights": []},
                "reported_by": None, "denies": None, "denied_by": None, "confidence": None, "extractor": "stance",
                "article": {"id": e.article_id, "title": e.title, "published": e.published, "source": e.outlet,
                            "url": e.url, "near_duplicate_of": None}, **scores})
    return out


# -- dyads ----------------------------------------------------------------------------------------
def dyad_view(con: duckdb.DuckDBPyConnection, a: str, b: str, *, window: str = "month", since: str | None = None,
              until: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """The relation of A and B: its score per window, the strongest evidence, every event and quote."""
    series = [relation_dict(r) for r in dyad_series(con, a, b, window=window, since=since, until=until,
                                                    n_evidence=0)]
    overall = relation(con, a, b, since=since, until=until, n_evidence=0)
    strongest_records = evidence(con, a, b, since=since, until=until, limit=5)
    strongest = evidence_items(con, strongest_records)
    total, events = list_events(con, EventFilter(a=a, b=b, since=since, until=until), limit=limit, offset=offset)
    for item in events:  # the weight of each listed event's mode (rule 3), beside the mode itself
        item["mode_weight"] = round(rules.mode_weight(item.get("mode")), 4)
    summary = relation_dict(overall) if overall is not None else None
    return {
        "a": _name(a), "b": _name(b), "window": window, "since": since, "until": until,
        "score": summary["score"] if summary else None, "sign": summary["sign"] if summary else 0,
        "confidence": summary["confidence"] if summary else 0.0,
        "n_events": summary["n_events"] if summary else 0, "n_excluded": summary["n_excluded"] if summary else 0,
        "n_sources": summary["n_sources"] if summary else 0, "relation": summary,
        "series": series, "strongest": strongest,
        "events": {"total": total, "limit": limit, "offset": offset, "items": events},
        "quotes": _dyad_quotes(con, a, b),
        "weights": weights_report(overall, strongest_records),
    }


def _dyad_quotes(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[dict[str, Any]]:
    """Quotes that claim or deny an event between the two."""
    if con.execute("SELECT 1 FROM claims WHERE quote_id IS NOT NULL LIMIT 1").fetchone() is None:
        return []
    ids = event_ids(con, EventFilter(a=a, b=b))
    if not ids:
        return []
    quote_ids = [r[0] for r in con.execute(
        "SELECT DISTINCT quote_id FROM claims WHERE quote_id IS NOT NULL AND event_id IN (SELECT unnest(?)) LIMIT 50",
        [ids]).fetchall()]
    return list_quotes(con, QuoteFilter(ids=quote_ids), limit=50)[1] if quote_ids else []


def list_dyads(con: duckdb.DuckDBPyConnection, *, actor: str | None = None, since: str | None = None,
               until: str | None = None, kinds: list[str] | None = None,
               dimension: str | None = None) -> list[dict[str, Any]]:
    """Every relation of the range (of one actor's, when given), most evidence first."""
    scope = Scope(since=since, until=until, kind=graph_kind(kinds), dimension=dimension,
                  actors=(actor,) if actor else None)
    out = []
    for r in relations(con, scope, n_evidence=0):
        if r.sign == 0 or not (_keep(r.a, kinds) and _keep(r.b, kinds)):
            continue
        out.append({**relation_dict(r), "source": r.a, "target": r.b, "weight": round(r.score or 0.0, 4),
                    "source_name": lookup(r.a).name, "target_name": lookup(r.b).name,
                    "dimensions": sorted(r.dimensions, key=lambda d: (-r.dimensions[d], d))})
    out.sort(key=lambda e: (-e["n_events"], e["source"], e["target"]))
    return out


# -- the network ----------------------------------------------------------------------------------
def network_view(con: duckdb.DuckDBPyConnection, *, since: str | None = None, until: str | None = None,
                 kinds: list[str] | None = None, dimension: str | None = None,
                 min_events: int = 1) -> dict[str, Any]:
    """Actors as nodes, relations as signed edges (named as `entente.graph.network` documents them),
    and the blocs (camps) that minimise frustration, as `bloc` numbers on the nodes."""
    graph = signed_network(con, since=since, until=until, kind=graph_kind(kinds), min_events=min_events,
                           dimension=dimension)
    if kinds and graph_kind(kinds) == "all":
        graph = graph.subgraph([n for n in graph if _keep(n, kinds)]).copy()
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    result = frustration(graph, restarts=NETWORK_RESTARTS)
    camps = find_blocs(graph, result)
    bloc_of = {member: bloc.id for bloc in camps for member in bloc.members}
    nodes = [{**_name(code), "id": code, "degree": graph.degree(code), "n_events": int(data.get("n_events", 0)),
              "bloc": bloc_of.get(code)} for code, data in sorted(graph.nodes(data=True))]
    edges = [{"source": u, "target": v, "sign": int(d["sign"]), "weight": float(d["weight"]),
              "n_events": int(d["n_events"]), "n_sources": int(d["n_sources"]),
              "confidence": float(d.get("confidence", 0.0)), "dimensions": list(d.get("dimensions") or [])}
             for u, v, d in sorted(graph.edges(data=True))]
    return {"since": since, "until": until, "kinds": kinds or ["state"], "dimension": dimension,
            "min_events": min_events, "nodes": nodes, "edges": edges,
            "frustration": int(result.value), "frustration_exact": result.exact,
            "blocs": [bloc.members for bloc in camps]}


# -- balance and blocs ----------------------------------------------------------------------------
def balance_view(con: duckdb.DuckDBPyConnection, *, window: str | None = None, since: str | None = None,
                 until: str | None = None, kinds: list[str] | None = None, limit: int = 50) -> dict[str, Any]:
    """Structural balance (triads, frustration, blocs) of the whole range, or of each window."""
    kind = graph_kind(kinds)
    if window is None:
        graph = signed_network(con, since=since, until=until, kind=kind)
        reports = [balance_report(graph, window=None, limit=limit)]
    else:
        reports = balance_series(con, window=window, since=since, until=until, kind=kind, limit=limit)
    windows = []
    codes: set[str] = set()
    for report in reports:
        data = report.as_dict()
        for bloc in data["blocs"]:
            codes.update(bloc["members"])
        windows.append(data)
    return {"window": window, "since": since, "until": until, "kind": kind, "windows": windows,
            "names": {c: lookup(c).name for c in sorted(codes)}}


def blocs_view(con: duckdb.DuckDBPyConnection, *, window: str | None = None, since: str | None = None,
               until: str | None = None, kinds: list[str] | None = None) -> dict[str, Any]:
    """The camps of each window (or of the whole range), with the frustration they leave."""
    full = balance_view(con, window=window, since=since, until=until, kinds=kinds, limit=0)
    keep = ("window", "nodes", "edges", "frustration", "exact", "lower_bound", "normalised", "blocs")
    return {**{k: full[k] for k in ("window", "since", "until", "kind", "names")},
            "windows": [{k: w.get(k) for k in keep} for w in full["windows"]]}


# -- why and shifts -------------------------------------------------------------------------------
def why_view(con: duckdb.DuckDBPyConnection, a: str, b: str, *, since: str | None = None,
             until: str | None = None, evidence_per_step: int = 3) -> dict[str, Any]:
    """Why A and B relate as they do: the direct evidence, and two-step paths each backed by evidence."""
    found = explain(con, a, b, since=since, until=until, n_evidence=evidence_per_step)
    quote_ids = [q.id for q in found.quotes]
    quotes = list_quotes(con, QuoteFilter(ids=quote_ids), limit=len(quote_ids))[1] if quote_ids else []
    paths = []
    for p in found.paths:
        steps = [{"a": _name(s.a), "b": _name(s.b), "sign": s.relation.sign,
                  "score": None if s.relation.score is None else round(s.relation.score, 4),
                  "n_events": s.relation.n_events, "n_sources": s.relation.n_sources,
                  "confidence": round(s.relation.confidence, 4), "evidence": evidence_items(con, s.evidence)}
                 for s in p.steps]
        paths.append({"via": _name(p.via), "kind": p.kind, "predicts": p.predicts, "supports": p.supports,
                      "strength": round(p.strength, 4), "text": p.text, "steps": steps})
    return {"a": _name(a), "b": _name(b), "since": since, "until": until, "summary": found.summary,
            "direct": {"relation": relation_dict(found.direct) if found.direct else None,
                       "evidence": evidence_items(con, found.evidence)},
            "quotes": quotes, "paths": paths, "shared_adversaries": found.shared_adversaries(),
            "weights": found.weights}


def shifts_view(con: duckdb.DuckDBPyConnection, *, window: str = "month", since: str | None = None,
                until: str | None = None, actor: str | None = None, limit: int = 50) -> dict[str, Any]:
    """Dyads whose score moved significantly between windows (the test is `entente.graph.shifts`')."""
    found = detect_shifts(con, window=window, since=since, until=until, actor=actor)
    out = []
    for s in found[:limit]:
        data = s.as_dict()
        data.pop("drivers", None)
        out.append({**data, "a": _name(s.a), "b": _name(s.b), "events": evidence_items(con, s.drivers)})
    return {"window": window, "since": since, "until": until, "actor": actor, "total": len(found), "shifts": out}


# -- one actor ------------------------------------------------------------------------------------
def partners(con: duckdb.DuckDBPyConnection, code: str, *, since: str | None = None,
             until: str | None = None, window: str = "year") -> dict[str, Any]:
    """An actor's partners and adversaries, strongest first, each with its score per window."""
    scope = Scope(since=since, until=until, kind="all", actors=(code,))
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in relations(con, scope, window=window, n_evidence=0, counts=False):
        series[r.other(code)].append({"window": r.window, "score": None if r.score is None else round(r.score, 4),
                                      "sign": r.sign, "n_events": r.n_events, "n_sources": r.n_sources})
    rows = []
    for r in relations(con, scope, n_evidence=0, counts=False):
        if code not in r.pair or r.sign == 0:
            continue
        other = r.other(code)
        rows.append({**_name(other), "sign": r.sign, "weight": round(r.score or 0.0, 4), "n_events": r.n_events,
                     "n_sources": r.n_sources, "confidence": round(r.confidence, 4),
                     "dimensions": sorted(r.dimensions, key=lambda d: (-r.dimensions[d], d)),
                     "series": series.get(other, [])})
    return {"partners": sorted((r for r in rows if r["sign"] > 0), key=lambda r: (-r["weight"] * r["confidence"],
                                                                                  -r["n_events"], r["code"])),
            "adversaries": sorted((r for r in rows if r["sign"] < 0), key=lambda r: (r["weight"] * r["confidence"],
                                                                                     -r["n_events"], r["code"]))}


__all__ = ["KIND_GROUPS", "QUAD_LABELS", "WINDOWS", "balance_view", "blocs_view", "dyad_view", "evidence_items",
           "list_dyads", "network_view", "partners", "shifts_view", "why_view"]
