"""Relations: the signed, time-aware network of who sides with whom, its balance, blocs and reasons.

(`entente.graph.network` is the module; its `network()` function is exported here as `signed_network`.)

Pure functions over the store's extraction tables (DuckDB) and over networkx graphs; every scoring
rule is in `entente.graph.rules`.

    relations(con, Scope(since=..., until=..., kind="states"), window="month")   dyad relations
    dyad_series(con, "ISR", "AZE", window="month")                               one dyad over time
    signed_network(con, since=..., until=..., kind="states")                     signed networkx.Graph
    balance_report(graph) / balance_series(con, window="year")                   triads, frustration, blocs
    explain(con, "ISR", "AZE")                                                   why: evidence and paths
    detect_shifts(con, window="month")                                           significant changes
    materialize(con)                                                             cache for long-lived use
"""

from __future__ import annotations

from .balance import (
    BalanceReport,
    Bloc,
    Frustration,
    Triad,
    TriadCensus,
    balance_report,
    balance_series,
    blocs,
    frustration,
    triad_census,
)
from .dyads import Evidence, Relation, Scope, dyad_series, evidence, materialize, relation, relations
from .network import build_network, write
from .network import network as signed_network
from .shifts import Shift, detect_shifts
from .why import Explanation, Path, explain

__all__ = [
    "BalanceReport",
    "Bloc",
    "Evidence",
    "Explanation",
    "Frustration",
    "Path",
    "Relation",
    "Scope",
    "Shift",
    "Triad",
    "TriadCensus",
    "balance_report",
    "balance_series",
    "blocs",
    "build_network",
    "detect_shifts",
    "dyad_series",
    "evidence",
    "explain",
    "frustration",
    "materialize",
    "relation",
    "relations",
    "signed_network",
    "triad_census",
    "write",
]
