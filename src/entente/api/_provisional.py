"""Provisional relations over the tables, used only while `entente.graph` is not installed.

A deliberately small stand-in with the same shapes as `entente.api.relations` returns, so that
the page and the API work before the relations analysis lands. Rules: an event between a source
and a target (different actors) counts with the weight of its mode (denied, negated and
hypothetical 0; reported, alleged and planned 0.5; otherwise 1); a window's score is the
weighted mean Goldstein intensity divided by 10, in [-1, 1]; stances count as events of
intensity `sign * strength * 10`.
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

import duckdb

from .names import kinds_matching, lookup
from .queries import EVENT_WHEN

_WEIGHT = """CASE WHEN regexp_matches(e.mode, '(^|\\+)(denied|negated|hypothetical)(\\+|$)') THEN 0.0
                  WHEN regexp_matches(e.mode, '(^|\\+)(reported|alleged|planned)(\\+|$)') THEN 0.5 ELSE 1.0 END"""
_WINDOW = {"day": 10, "month": 7, "year": 4}


def _win(n: int) -> str:
    """The window of a row: its date cut to n characters, or the article's when the date is coarser."""
    return f'''CASE WHEN length("when") >= {n} THEN substr("when", 1, {n}) ELSE substr(published, 1, {n}) END'''


def _pairs_sql(where: str) -> str:
    return f"""
        SELECT e.id AS event_id, least(s.actor, t.actor) AS a, greatest(s.actor, t.actor) AS b,
               coalesce(e.intensity, 0) AS intensity, {_WEIGHT} AS w, e.dimensions, {EVENT_WHEN} AS "when",
               coalesce(a.source, a.id) AS outlet, a.published
        FROM events e JOIN articles a ON a.id = e.article_id
        JOIN event_actors s ON s.event_id = e.id AND s.role = 'source'
        JOIN event_actors t ON t.event_id = e.id AND t.role = 'target'
        WHERE s.actor <> t.actor AND a.near_duplicate_of IS NULL AND {where}
        UNION ALL
        SELECT st.id, least(st.a, st.b), greatest(st.a, st.b), st.sign * coalesce(st.strength, 0.5) * 10,
               {_WEIGHT.replace('e.mode', 'st.mode')}, st.dimensions, a.published, coalesce(a.source, a.id), a.published
        FROM stances st JOIN articles a ON a.id = st.article_id
        WHERE st.a <> st.b AND a.near_duplicate_of IS NULL AND {where.replace(EVENT_WHEN, 'a.published')}
    """


def _range(since: str | None, until: str | None) -> tuple[str, list[Any]]:
    where, params = ["TRUE"], []
    if since:
        where.append(f"{EVENT_WHEN} >= ?")
        params.append(since)
    if until:
        where.append(f"substr({EVENT_WHEN}, 1, length(?)) <= ?")
        params += [until, until]
    return " AND ".join(where), params


def dyad(con: duckdb.DuckDBPyConnection, a: str, b: str, *, window: str = "month", since: str | None = None,
         until: str | None = None) -> dict[str, Any]:
    where, params = _range(since, until)
    lo, hi = sorted((a, b))
    n = _WINDOW.get(window, 7)
    rows = con.execute(
        f"""SELECT {_win(n)} AS win, sum(w * intensity) / nullif(sum(w), 0) / 10 AS score,
                   count(*) AS n_events, count(DISTINCT outlet) AS n_sources, sum(w) AS weight
            FROM ({_pairs_sql(where)}) p WHERE a = ? AND b = ? AND "when" IS NOT NULL
            GROUP BY win ORDER BY win""", params + params + [lo, hi]).fetchall()
    series = [{"window": w, "score": round(s, 4) if s is not None else None,
               "sign": 0 if not s else (1 if s > 0 else -1), "n_events": int(ne), "n_sources": int(ns),
               "confidence": round(1 - 0.5 ** int(ns), 3)} for w, s, ne, ns, _ in rows]
    return {"a": a, "b": b, "window": window, "series": series}


def network(con: duckdb.DuckDBPyConnection, *, since: str | None = None, until: str | None = None,
            kinds: list[str] | None = None, dimension: str | None = None, min_events: int = 1) -> dict[str, Any]:
    where, params = _range(since, until)
    rows = con.execute(
        f"""SELECT a, b, sum(w * intensity) / nullif(sum(w), 0) / 10 AS score, count(*) AS n_events,
                   count(DISTINCT outlet) AS n_sources, sum(w) AS weight,
                   list_distinct(flatten(list(dimensions))) AS dims
            FROM ({_pairs_sql(where)}) p
            {"WHERE list_contains(dimensions, ?)" if dimension else ""}
            GROUP BY a, b HAVING count(*) >= ?""",
        params + params + ([dimension] if dimension else []) + [min_events]).fetchall()
    wanted = kinds_matching(kinds) if kinds else None
    edges = []
    for a, b, score, n_events, n_sources, weight, dims in rows:
        if wanted is not None and (lookup(a).kind not in wanted or lookup(b).kind not in wanted):
            continue
        if not weight:
            continue
        edges.append({"source": a, "target": b, "sign": 1 if (score or 0) >= 0 else -1,
                      "weight": round(float(score or 0), 4), "n_events": int(n_events), "n_sources": int(n_sources),
                      "dimensions": sorted(d for d in (dims or []) if d)})
    return {"edges": edges}


def blocs(edges: list[dict[str, Any]]) -> tuple[dict[str, int], int]:
    """Two camps by greedy local search from a 2-colouring over hostile edges; returns (bloc of actor, frustration)."""
    adj: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for e in edges:
        adj[e["source"]].append((e["target"], e["sign"]))
        adj[e["target"]].append((e["source"], e["sign"]))
    side: dict[str, int] = {}
    for start in sorted(adj, key=lambda n: -len(adj[n])):
        if start in side:
            continue
        side[start] = 0
        stack = [start]
        while stack:
            node = stack.pop()
            for other, sign in adj[node]:
                if other not in side:
                    side[other] = side[node] if sign > 0 else 1 - side[node]
                    stack.append(other)

    def cost(node: str, s: int) -> int:
        return sum(1 for other, sign in adj[node] if (sign > 0) != (side[other] == s))

    for _ in range(20):
        moved = False
        for node in adj:
            if cost(node, 1 - side[node]) < cost(node, side[node]):
                side[node] = 1 - side[node]
                moved = True
        if not moved:
            break
    frustration = sum(1 for e in edges if (e["sign"] > 0) != (side[e["source"]] == side[e["target"]]))
    return side, frustration


def balance(edges: list[dict[str, Any]]) -> dict[str, Any]:
    sign = {(e["source"], e["target"]): e["sign"] for e in edges}
    sign.update({(b, a): s for (a, b), s in list(sign.items())})
    nodes = sorted({n for pair in sign for n in pair})
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in sign:
        neighbours[a].add(b)
    triads, unbalanced = 0, []
    for a in nodes:
        for b, c in itertools.combinations(sorted(n for n in neighbours[a] if n > a), 2):
            if c in neighbours[b]:
                triads += 1
                product = sign[(a, b)] * sign[(b, c)] * sign[(a, c)]
                if product < 0:
                    unbalanced.append({"actors": [a, b, c], "signs": [sign[(a, b)], sign[(b, c)], sign[(a, c)]]})
    return {"triads": triads, "balanced": triads - len(unbalanced),
            "share_balanced": round((triads - len(unbalanced)) / triads, 4) if triads else None,
            "unbalanced": unbalanced[:200]}


def windows(con: duckdb.DuckDBPyConnection, window: str, since: str | None, until: str | None) -> list[str]:
    where, params = _range(since, until)
    n = _WINDOW.get(window, 4)
    return [r[0] for r in con.execute(
        f"""SELECT DISTINCT substr({EVENT_WHEN}, 1, {n}) AS w FROM events e JOIN articles a ON a.id = e.article_id
            WHERE {where} AND {EVENT_WHEN} IS NOT NULL ORDER BY w""", params).fetchall()]


def why(con: duckdb.DuckDBPyConnection, a: str, b: str, *, since: str | None = None,
        until: str | None = None) -> dict[str, Any]:
    edges = network(con, since=since, until=until)["edges"]
    score = {(e["source"], e["target"]): e for e in edges}
    score.update({(e["target"], e["source"]): e for e in edges})
    direct = score.get((a, b))
    paths = []
    for (x, c), edge_ac in score.items():
        if x != a or c == b or (b, c) not in score:
            continue
        edge_bc = score[(b, c)]
        sa, sb = edge_ac["sign"], edge_bc["sign"]
        if sa < 0 and sb < 0:
            text = f"both in conflict with {lookup(c).name}"
        elif sa > 0 and sb > 0:
            text = f"both with a partner in {lookup(c).name}"
        else:
            text = f"{lookup(a if sa > 0 else b).name} is close to {lookup(c).name}, " \
                   f"which is at odds with {lookup(b if sa > 0 else a).name}"
        paths.append({"via": c, "supports": sa * sb, "text": text,
                      "strength": round(min(abs(edge_ac["weight"]), abs(edge_bc["weight"])), 4),
                      "steps": [{"a": a, "b": c, "sign": sa, "weight": edge_ac["weight"], "n_events": edge_ac["n_events"]},
                                {"a": b, "b": c, "sign": sb, "weight": edge_bc["weight"], "n_events": edge_bc["n_events"]}]})
    paths.sort(key=lambda p: -p["strength"])
    return {"a": a, "b": b, "direct": direct, "paths": paths[:20]}


def shifts(con: duckdb.DuckDBPyConnection, *, window: str = "month", since: str | None = None,
           until: str | None = None, actor: str | None = None, threshold: float = 0.5) -> list[dict[str, Any]]:
    where, params = _range(since, until)
    n = _WINDOW.get(window, 7)
    rows = con.execute(
        f"""SELECT a, b, {_win(n)} AS win, sum(w * intensity) / nullif(sum(w), 0) / 10 AS score,
                   count(*) AS n
            FROM ({_pairs_sql(where)}) p WHERE "when" IS NOT NULL
            {"AND (a = ? OR b = ?)" if actor else ""}
            GROUP BY a, b, win HAVING sum(w) > 0 ORDER BY a, b, win""",
        params + params + ([actor, actor] if actor else [])).fetchall()
    out = []
    for (a, b), group in itertools.groupby(rows, key=lambda r: (r[0], r[1])):
        series = list(group)
        for before, after in itertools.pairwise(series):
            delta = (after[3] or 0) - (before[3] or 0)
            if abs(delta) >= threshold:
                out.append({"a": a, "b": b, "from_window": before[2], "to_window": after[2],
                            "before": round(before[3] or 0, 4), "after": round(after[3] or 0, 4),
                            "delta": round(delta, 4), "n_before": int(before[4]), "n_after": int(after[4])})
    out.sort(key=lambda s: -abs(s["delta"]))
    return out
