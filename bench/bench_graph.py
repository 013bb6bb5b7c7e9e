#!/usr/bin/env python3
"""Relations at scale: network, balance and blocs for a year of 100,000 events; a dyad series on 1M.

Builds synthetic stores with the real schema (articles, events, event_actors, stances; 5% of the
articles near-duplicates, a realistic mix of modes, some disputed events) over ~150 state actors
split into two hidden camps, then times

- `relations` + `build_network` for the whole year (states), `balance` (triads and frustration) and
  `blocs`, and the same per month;
- `dyad_series` of the busiest pair, per month, on a store of 1,000,000 events: straight from the
  tables ("cold", median of 5 calls) and after `dyads.materialize` (median of 20 calls), as a
  long-lived process (the API) would run it;

and prints JSON. It also reports how well the blocs recover the hidden camps (share of actors in the
right camp), a sanity check that the pipeline measures what it should.

Run from the repository root: .venv/bin/python bench/bench_graph.py [--events N] [--big N] [--actors N]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pycountry

from entente.graph import balance, dyads, network
from entente.store import Store

MODES = np.array(
    [
        "asserted",
        "reported",
        "alleged",
        "planned",
        "historical",
        "hypothetical",
        "denied",
        "negated",
        "reported+planned",
    ]
)
MODE_P = np.array([0.6, 0.15, 0.06, 0.05, 0.04, 0.03, 0.03, 0.02, 0.02])
TYPES_POS = np.array(["CONSULT", "COOPERATE", "AID", "AGREE", "SUPPORT"])
TYPES_NEG = np.array(["ACCUSE", "THREATEN", "ASSAULT", "COERCE", "REJECT"])


def synthetic_store(
    path: str,
    *,
    n_events: int,
    n_actors: int = 150,
    n_camps: int = 2,
    seed: int = 1,
    year: int = 2013,
    noise: float = 0.2,
) -> dict[str, object]:
    """Fill a new store at `path` with `n_events` events of one year; return the hidden camps."""
    rng = np.random.default_rng(seed)
    codes = np.array(sorted(c.alpha_3 for c in pycountry.countries)[:n_actors])
    camp = rng.integers(0, n_camps, size=len(codes))
    popularity = rng.pareto(1.2, size=len(codes)) + 1
    popularity /= popularity.sum()
    n_articles = max(1, n_events // 4)
    days = rng.integers(0, 365, size=n_articles)
    published = (np.datetime64(f"{year}-01-01") + days.astype("timedelta64[D]")).astype(str)
    art_ids = np.char.add("a", np.arange(n_articles).astype(str))
    near = np.where(rng.random(n_articles) < 0.05, np.roll(art_ids, 1), None)
    outlets = np.char.add("outlet", rng.integers(0, 40, size=n_articles).astype(str))
    text = "Synthetic sentence about two states. " * 4
    articles = pa.table(
        {
            "id": art_ids,
            "title": art_ids,
            "published": published,
            "published_precision": np.full(n_articles, "day"),
            "source": outlets,
            "text": np.full(n_articles, text),
            "near_duplicate_of": pa.array(near, pa.string()),
        }
    )
    src = rng.choice(len(codes), size=n_events, p=popularity)
    tgt = rng.choice(len(codes), size=n_events, p=popularity)
    tgt = np.where(tgt == src, (tgt + 1) % len(codes), tgt)
    friendly = (camp[src] == camp[tgt]) ^ (rng.random(n_events) < noise)
    intensity = np.where(friendly, rng.uniform(1, 8, n_events), -rng.uniform(1, 10, n_events)).round(1)
    types = np.where(
        friendly, TYPES_POS[rng.integers(0, 5, n_events)], TYPES_NEG[rng.integers(0, 5, n_events)]
    )
    quad = np.where(friendly, np.where(intensity > 4, 2, 1), np.where(intensity < -5, 4, 3)).astype(np.int16)
    ev_ids = np.char.add("e", np.arange(n_events).astype(str))
    article_of = rng.integers(0, n_articles, size=n_events)
    disputed = rng.random(n_events) < 0.02
    events = pa.table(
        {
            "id": ev_ids,
            "article_id": art_ids[article_of],
            "type": types,
            "quad": quad,
            "intensity": intensity,
            "mode": MODES[rng.choice(len(MODES), size=n_events, p=MODE_P)],
            "dimensions": pa.array(
                [["security"] if q > 2 else ["economy"] for q in quad], pa.list_(pa.string())
            ),
            "sentence_start": np.zeros(n_events, np.int32),
            "sentence_end": np.full(n_events, 36, np.int32),
            "denied_by": pa.array(np.where(disputed, "x", None), pa.string()),
            "confidence": rng.uniform(0.5, 1.0, n_events).round(2),
            "extractor": np.full(n_events, "synthetic"),
        }
    )
    actors = pa.table(
        {
            "event_id": np.concatenate([ev_ids, ev_ids]),
            "role": np.concatenate([np.full(n_events, "source"), np.full(n_events, "target")]),
            "actor": np.concatenate([codes[src], codes[tgt]]),
            "country": np.concatenate([codes[src], codes[tgt]]),
            "sector": np.full(2 * n_events, "GOV"),
        }
    )
    n_stances = n_events // 10
    sa = rng.choice(len(codes), size=n_stances, p=popularity)
    sb = (sa + rng.integers(1, len(codes), size=n_stances)) % len(codes)
    ssign = np.where((camp[sa] == camp[sb]) ^ (rng.random(n_stances) < noise), 1, -1).astype(np.int16)
    stances = pa.table(
        {
            "id": np.char.add("s", np.arange(n_stances).astype(str)),
            "article_id": art_ids[rng.integers(0, n_articles, size=n_stances)],
            "a": codes[sa],
            "b": codes[sb],
            "sign": ssign,
            "strength": rng.uniform(0.3, 1.0, n_stances).round(2),
            "dimensions": pa.array([[] for _ in range(n_stances)], pa.list_(pa.string())),
            "mode": np.full(n_stances, "asserted"),
            "start": np.zeros(n_stances, np.int32),
            "end": np.full(n_stances, 36, np.int32),
            "extractor": np.full(n_stances, "synthetic"),
        }
    )
    with Store(path) as store:
        for name, table in (
            ("articles", articles),
            ("events", events),
            ("event_actors", actors),
            ("stances", stances),
        ):
            store.con.register("_bench", table)
            cols = ", ".join(f'"{c}"' for c in table.column_names)
            store.con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _bench")
            store.con.unregister("_bench")
    busiest = np.argsort(popularity)[::-1][:2]
    return {"camps": dict(zip(codes.tolist(), camp.tolist())), "busy_pair": codes[busiest].tolist()}


def camp_recovery(blocs: list[balance.Bloc], camps: dict[str, int]) -> float:
    """Share of actors whose bloc's majority hidden camp is their own."""
    right = total = 0
    for bloc in blocs:
        hidden = [camps[m] for m in bloc.members if m in camps]
        if not hidden:
            continue
        majority = max(set(hidden), key=hidden.count)
        right += sum(1 for h in hidden if h == majority)
        total += len(hidden)
    return right / total if total else 0.0


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def bench_year(n_events: int, n_actors: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "year.duckdb")
        hidden, build_s = timed(synthetic_store, path, n_events=n_events, n_actors=n_actors)
        with Store(path, read_only=True) as store:
            con = store.con
            rels, rel_s = timed(dyads.relations, con, dyads.Scope(kind="states"), n_evidence=0, counts=False)
            graph, net_s = timed(network.build_network, rels)
            triads, tri_s = timed(balance.triad_census, graph)
            frus, fr_s = timed(balance.frustration, graph)
            camps, bl_s = timed(balance.blocs, graph, frus)
            monthly, month_s = timed(balance.balance_series, con, window="month", kind="states")
            rows, mat_s = timed(dyads.materialize, con)
            _, month_warm_s = timed(balance.balance_series, con, window="month", kind="states")
        return {
            "events": n_events,
            "actors": n_actors,
            "store_build_seconds": round(build_s, 2),
            "relations_seconds": round(rel_s, 3),
            "network_build_seconds": round(net_s, 3),
            "network": {
                "nodes": graph.number_of_nodes(),
                "edges": graph.number_of_edges(),
                "negative": sum(1 for *_, d in graph.edges(data=True) if d["sign"] < 0),
            },
            "triads_seconds": round(tri_s, 3),
            "triads": triads.total,
            "share_balanced": round(triads.share_balanced or 0.0, 4),
            "frustration_seconds": round(fr_s, 3),
            "frustration": frus.value,
            "frustration_exact": frus.exact,
            "frustration_lower_bound": frus.lower_bound,
            "blocs_seconds": round(bl_s, 3),
            "blocs": [len(b.members) for b in camps],
            "camp_recovery": round(camp_recovery(camps, hidden["camps"]), 3),  # type: ignore[arg-type]
            "network_balance_blocs_total_seconds": round(rel_s + net_s + tri_s + fr_s + bl_s, 3),
            "balance_per_month_seconds": round(month_s, 3),
            "months": len(monthly),
            "materialize_seconds": round(mat_s, 3),
            "materialized_records": rows,
            "balance_per_month_materialized_seconds": round(month_warm_s, 3),
        }


def bench_dyad(n_events: int, n_actors: int, repeats: int = 20) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "big.duckdb")
        hidden, build_s = timed(synthetic_store, path, n_events=n_events, n_actors=n_actors, seed=2)
        a, b = hidden["busy_pair"]  # type: ignore[misc]
        quiet = max(hidden["camps"])  # type: ignore[arg-type]
        with Store(path, read_only=True) as store:
            cold = [timed(dyads.dyad_series, store.con, a, b, window="month")[1] for _ in range(5)]
            rows, mat_s = timed(dyads.materialize, store.con)
            warm = []
            for _ in range(repeats):
                series, seconds = timed(dyads.dyad_series, store.con, a, b, window="month")
                warm.append(seconds)
            _, quiet_s = timed(dyads.dyad_series, store.con, quiet, a, window="month")
        return {
            "events": n_events,
            "store_build_seconds": round(build_s, 2),
            "pair": [a, b],
            "windows": len(series),
            "units_in_pair": sum(r.n_events for r in series),
            "cold_median_ms": round(1000 * statistics.median(cold), 1),
            "materialize_seconds": round(mat_s, 2),
            "materialized_records": rows,
            "materialized_median_ms": round(1000 * statistics.median(warm), 1),
            "materialized_max_ms": round(1000 * max(warm), 1),
            "materialized_quiet_pair_ms": round(1000 * quiet_s, 1),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events in the year store")
    parser.add_argument(
        "--big", type=int, default=1_000_000, help="events in the dyad-latency store (0: skip)"
    )
    parser.add_argument("--actors", type=int, default=150)
    args = parser.parse_args(argv)
    result: dict[str, object] = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
    }
    result["year"] = bench_year(args.events, args.actors)
    if args.big:
        result["dyad_latency"] = bench_dyad(args.big, args.actors)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
