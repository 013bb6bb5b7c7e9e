"""Structural balance of a signed network: triads, the frustration index, and blocs.

A triad (three actors, all three related) is *balanced* when the product of its signs is positive:
three friends, or two friends with a common enemy ("the enemy of my enemy is my friend"). The
*frustration index* of a network is the fewest edges whose sign must change for the whole network to
be balanced - equivalently, over all splits of the actors into two camps, the fewest positive edges
across the camps plus negative edges inside them. The split that attains it gives the *blocs*.

How the frustration index is computed (`frustration`):

1. The network is cut into its biconnected blocks (networkx): a bridge or a cut vertex lets one side be
   flipped without touching the other, so the index is the sum of the blocks' indices and the camps
   of the blocks can be glued together at their cut vertices.
2. A block of at most `rules.EXACT_NODES` (20) nodes is solved **exactly**, by evaluating every
   2-colouring with numpy (2^(n-1) of them: the first node's camp is fixed).
3. A larger block gets a **heuristic**: iterated local search. Each of `rules.HEURISTIC_RESTARTS`
   starts colours a random spanning tree consistently (so the tree is balanced), then flips the single
   actor that lowers the frustration most until none does, then perturbs a few actors and descends
   again, until n perturbations in a row bring no improvement; the best colouring of all starts wins
   (seeded: the same input gives the same answer). The starts stop early when one reaches the lower
   bound below, or when 8 in a row improve nothing.
   Its value is an upper bound; `lower_bound` adds, for such blocks, a packing of edge-disjoint
   unbalanced triangles (each needs at least one change), so the true index lies in
   [lower_bound, value]; when the two meet, the heuristic is proven optimal and `exact` is true.

`weighted=True` counts each edge by |weight| instead of 1.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import networkx as nx
import numpy as np

from . import rules
from .dyads import Scope, relations
from .network import build_network


# --------------------------------------------------------------------------------------------- triads
@dataclass(slots=True)
class Triad:
    """Three actors and the signs of their three relations (ab, bc, ac)."""

    nodes: tuple[str, str, str]
    signs: tuple[int, int, int]
    strength: float

    @property
    def balanced(self) -> bool:
        return self.signs[0] * self.signs[1] * self.signs[2] > 0

    def as_dict(self) -> dict[str, Any]:
        a, b, c = self.nodes
        return {
            "nodes": list(self.nodes),
            "signs": {f"{a}-{b}": self.signs[0], f"{b}-{c}": self.signs[1], f"{a}-{c}": self.signs[2]},
            "balanced": self.balanced,
            "strength": round(self.strength, 4),
        }


@dataclass(slots=True)
class TriadCensus:
    """Counts of closed triads by their number of negative edges, and the unbalanced ones listed.

    `share_balanced` is None when the network has no triad. `unbalanced` lists at most `limit` of the
    unbalanced triads, strongest first (strength: the weakest |weight| of the three edges).
    """

    total: int
    balanced: int
    by_negatives: dict[int, int]
    unbalanced: list[Triad] = field(default_factory=list)

    @property
    def share_balanced(self) -> float | None:
        return self.balanced / self.total if self.total else None

    @property
    def n_unbalanced(self) -> int:
        return self.total - self.balanced

    def as_dict(self) -> dict[str, Any]:
        share = self.share_balanced
        return {
            "triads": self.total,
            "balanced": self.balanced,
            "unbalanced": self.n_unbalanced,
            "share_balanced": None if share is None else round(share, 4),
            "by_negatives": {str(k): v for k, v in sorted(self.by_negatives.items())},
            "unbalanced_triads": [t.as_dict() for t in self.unbalanced],
        }


def _matrices(graph: nx.Graph) -> tuple[list[Any], np.ndarray, np.ndarray]:
    nodes = sorted(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    signs = np.zeros((len(nodes), len(nodes)), dtype=np.float64)
    weights = np.zeros_like(signs)
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        i, j = index[u], index[v]
        signs[i, j] = signs[j, i] = 1.0 if data.get("sign", 1) > 0 else -1.0
        weights[i, j] = weights[j, i] = abs(float(data.get("weight", 1.0)))
    return nodes, signs, weights


def triad(graph: nx.Graph, a: str, b: str, c: str) -> Triad | None:
    """The triad of three given actors, or None when one of its three relations is missing."""
    pairs = ((a, b), (b, c), (a, c))
    if not all(graph.has_edge(x, y) for x, y in pairs):
        return None
    signs = tuple(1 if graph.edges[x, y].get("sign", 1) > 0 else -1 for x, y in pairs)
    strength = min(abs(float(graph.edges[x, y].get("weight", 1.0))) for x, y in pairs)
    return Triad((a, b, c), signs, strength)  # type: ignore[arg-type]


def triad_census(graph: nx.Graph, *, limit: int = 100) -> TriadCensus:
    """Count the closed triads of the network by sign pattern, and list the unbalanced ones."""
    nodes, signs, weights = _matrices(graph)
    if len(nodes) < 3:
        return TriadCensus(0, 0, {0: 0, 1: 0, 2: 0, 3: 0})
    pos = (signs > 0).astype(np.float64)
    neg = (signs < 0).astype(np.float64)
    pp = pos @ pos
    nn = neg @ neg
    by = {
        0: round(np.einsum("ij,ji->", pp, pos) / 6),
        1: round(np.einsum("ij,ji->", pp, neg) / 2),
        2: round(np.einsum("ij,ji->", nn, pos) / 2),
        3: round(np.einsum("ij,ji->", nn, neg) / 6),
    }
    total = sum(by.values())
    unbalanced = _unbalanced(nodes, signs, weights, limit) if limit > 0 and (by[1] or by[3]) else []
    return TriadCensus(total, by[0] + by[2], by, unbalanced)


def _unbalanced(nodes: list[Any], signs: np.ndarray, weights: np.ndarray, limit: int) -> list[Triad]:
    """The `limit` strongest unbalanced triads, by a vectorised scan over edges (i < j) and k > j."""
    found_i: list[np.ndarray] = []
    found_j: list[np.ndarray] = []
    found_k: list[np.ndarray] = []
    n = len(nodes)
    ks = np.arange(n)
    for i in range(n):
        js = np.nonzero(signs[i, i + 1 :])[0] + i + 1
        if len(js) == 0:
            continue
        product = signs[js] * signs[i][None, :] * signs[i, js][:, None]  # sign(ij) * sign(jk) * sign(ik)
        mask = (product < 0) & (ks[None, :] > js[:, None])
        rows, cols = np.nonzero(mask)
        if len(rows):
            found_i.append(np.full(len(rows), i))
            found_j.append(js[rows])
            found_k.append(cols)
    if not found_i:
        return []
    fi, fj, fk = (np.concatenate(x) for x in (found_i, found_j, found_k))
    strength = np.minimum(np.minimum(weights[fi, fj], weights[fj, fk]), weights[fi, fk])
    order = np.lexsort((fk, fj, fi, -strength))[:limit]
    return [
        Triad(
            (nodes[fi[t]], nodes[fj[t]], nodes[fk[t]]),
            (int(signs[fi[t], fj[t]]), int(signs[fj[t], fk[t]]), int(signs[fi[t], fk[t]])),
            float(strength[t]),
        )
        for t in order
    ]


# --------------------------------------------------------------------------------------------- frustration
@dataclass(slots=True)
class Frustration:
    """The frustration index of a network, how it was found, and the camps that attain it.

    `value` is the number (or |weight| sum, when weighted) of frustrated edges; `exact` tells whether
    every block was solved exactly; `lower_bound` equals `value` when exact. `camp` maps each actor to
    0 or 1 within its connected component; `frustrated` lists the edges against the camps (positive
    across, negative within).
    """

    value: float
    exact: bool
    lower_bound: float
    n_edges: int
    camp: dict[Any, int]
    frustrated: list[tuple[Any, Any, int]]
    weighted: bool = False

    @property
    def normalised(self) -> float | None:
        """The index over the number of edges (0 balanced; at most 0.5 for any network)."""
        return self.value / self.n_edges if self.n_edges and not self.weighted else None

    def as_dict(self) -> dict[str, Any]:
        norm = self.normalised
        return {
            "frustration": round(self.value, 6) if self.weighted else int(self.value),
            "exact": self.exact,
            "lower_bound": round(self.lower_bound, 6) if self.weighted else int(self.lower_bound),
            "normalised": None if norm is None else round(norm, 4),
            "weighted": self.weighted,
            "n_edges": self.n_edges,
            "frustrated_edges": [{"a": u, "b": v, "sign": s} for u, v, s in self.frustrated],
        }


def frustration(
    graph: nx.Graph,
    *,
    weighted: bool = False,
    exact_nodes: int = rules.EXACT_NODES,
    restarts: int = rules.HEURISTIC_RESTARTS,
    seed: int = rules.HEURISTIC_SEED,
) -> Frustration:
    """The frustration index of a signed graph (edge attribute `sign`; `weight` when weighted)."""
    camp: dict[Any, int] = {}
    total = 0.0
    lower = 0.0
    exact = True
    blocks = [sorted(b) for b in nx.biconnected_components(graph)]
    solved: list[tuple[list[Any], dict[Any, int]]] = []
    rng = np.random.default_rng(seed)
    for block in blocks:
        edges = _block_edges(graph, block, weighted)
        if len(block) <= exact_nodes:
            colours, cost = _exact(block, edges)
            bound = cost
        else:
            packing = _triangle_packing_bound(block, edges)
            colours, cost = _local_search(block, edges, restarts, rng, target=packing)
            bound = min(cost, packing)
            exact = exact and bool(bound >= cost)  # the bound can prove the heuristic optimal
        total += float(cost)
        lower += float(bound)
        solved.append((block, colours))
    _glue(solved, camp)
    for node in graph.nodes:
        camp.setdefault(node, 0)
    frustrated = [
        (u, v, int(d.get("sign", 1)))
        for u, v, d in graph.edges(data=True)
        if u != v and _is_frustrated(d.get("sign", 1), camp[u], camp[v])
    ]
    return Frustration(
        value=total,
        exact=exact,
        lower_bound=lower,
        n_edges=graph.number_of_edges(),
        camp=camp,
        frustrated=frustrated,
        weighted=weighted,
    )


def _is_frustrated(sign: int, cu: int, cv: int) -> bool:
    return (sign > 0) != (cu == cv)


def _block_edges(graph: nx.Graph, block: list[Any], weighted: bool) -> list[tuple[int, int, int, float]]:
    index = {n: i for i, n in enumerate(block)}
    out = []
    for u, v, data in graph.edges(block, data=True):
        if u == v or u not in index or v not in index:
            continue
        cost = abs(float(data.get("weight", 1.0))) if weighted else 1.0
        out.append((index[u], index[v], 1 if data.get("sign", 1) > 0 else -1, cost))
    return out


def _exact(block: list[Any], edges: list[tuple[int, int, int, float]]) -> tuple[dict[Any, int], float]:
    """Every 2-colouring of the block (node 0 in camp 0), in chunks of 2^20; the cheapest wins."""
    n = len(block)
    if n <= 2 or not edges:
        return _tree_colouring(block, edges), 0.0
    best_cost, best_code = np.inf, 0
    count = 1 << (n - 1)
    chunk = 1 << 20
    for lo in range(0, count, chunk):
        codes = np.arange(lo, min(count, lo + chunk), dtype=np.int64) << 1  # node 0 fixed to camp 0
        cost = np.zeros(len(codes), dtype=np.float64)
        for u, v, sign, c in edges:
            across = ((codes >> u) ^ (codes >> v)) & 1
            cost += c * (across if sign > 0 else 1 - across)
        at = int(np.argmin(cost))
        if cost[at] < best_cost:
            best_cost, best_code = float(cost[at]), int(codes[at])
    return {node: (best_code >> i) & 1 for i, node in enumerate(block)}, best_cost


def _tree_colouring(block: list[Any], edges: list[tuple[int, int, int, float]]) -> dict[Any, int]:
    colour = {0: 0}
    adjacency: dict[int, list[tuple[int, int]]] = {}
    for u, v, s, _ in edges:
        adjacency.setdefault(u, []).append((v, s))
        adjacency.setdefault(v, []).append((u, s))
    queue = deque([0])
    while queue:
        u = queue.popleft()
        for v, s in adjacency.get(u, []):
            if v not in colour:
                colour[v] = colour[u] if s > 0 else 1 - colour[u]
                queue.append(v)
    return {node: colour.get(i, 0) for i, node in enumerate(block)}


def _local_search(
    block: list[Any],
    edges: list[tuple[int, int, int, float]],
    restarts: int,
    rng: np.random.Generator,
    *,
    target: float = -1.0,
) -> tuple[dict[Any, int], float]:
    """Iterated local search over spins x in {-1, +1}^n minimising sum c_ij (1 - s_ij x_i x_j) / 2.

    With the local field h = J x (J_ij = s_ij c_ij), flipping actor i changes the cost by x_i h_i, so
    the search keeps h up to date in O(n) per flip. Each start: a random spanning tree coloured
    consistently, steepest descent, then perturb-and-descend until `n` perturbations in a row bring
    no improvement. Stops early once a start reaches `target` (a lower bound: nothing can beat it).
    """
    n = len(block)
    coupling = np.zeros((n, n))
    neighbours: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for u, v, s, c in edges:
        coupling[u, v] = coupling[v, u] = s * c
        neighbours[u].append((v, s))
        neighbours[v].append((u, s))
    half_total = sum(c for *_, c in edges) / 2
    kick = max(1, min(3, n // 10))

    def descend(x: np.ndarray, h: np.ndarray, cost: float) -> float:
        while True:
            gain = x * h
            i = int(np.argmin(gain))
            if gain[i] >= -1e-9:
                return cost
            cost += gain[i]
            x[i] = -x[i]
            h += 2 * x[i] * coupling[:, i]

    best_x: np.ndarray | None = None
    best = np.inf
    idle = 0
    for _ in range(max(1, restarts)):
        x = _spanning_tree_spins(n, neighbours, rng)
        h = coupling @ x
        cost = descend(x, h, float(half_total - x @ h / 4))
        stale = 0
        while stale < n:
            tx, th, tc = x.copy(), h.copy(), cost
            for i in rng.choice(n, size=kick, replace=False):
                tc += tx[i] * th[i]
                tx[i] = -tx[i]
                th += 2 * tx[i] * coupling[:, i]
            tc = descend(tx, th, tc)
            if tc < cost - 1e-9:
                x, h, cost, stale = tx, th, tc, 0
            else:
                stale += 1
        if cost < best - 1e-9:
            best, best_x = cost, x.copy()
            idle = 0
        else:
            idle += 1
        if best <= target + 1e-9 or idle >= 8:  # proven optimal, or 8 starts in a row found nothing better
            break
    assert best_x is not None
    best = float(half_total - best_x @ coupling @ best_x / 4)  # exact, free of rounding drift
    camps = ((1 - best_x) // 2).astype(int)
    if camps[0] == 1:
        camps = 1 - camps
    return {node: int(camps[i]) for i, node in enumerate(block)}, round(best, 9)


def _spanning_tree_spins(
    n: int, neighbours: list[list[tuple[int, int]]], rng: np.random.Generator
) -> np.ndarray:
    """Spins that satisfy every edge of a breadth-first spanning tree grown from a random root."""
    spin = [0] * n
    root = int(rng.integers(n))
    spin[root] = 1
    queue = deque([root])
    while queue:
        u = queue.popleft()
        for v, sign in neighbours[u]:
            if spin[v] == 0:
                spin[v] = spin[u] * sign
                queue.append(v)
    return np.array([x or 1 for x in spin], dtype=np.float64)


def _triangle_packing_bound(block: list[Any], edges: list[tuple[int, int, int, float]]) -> float:
    """A lower bound: greedily packed edge-disjoint unbalanced triangles, each costing its cheapest edge."""
    n = len(block)
    signs = np.zeros((n, n))
    costs = np.zeros((n, n))
    for u, v, s, c in edges:
        signs[u, v] = signs[v, u] = s
        costs[u, v] = costs[v, u] = c
    used = np.zeros((n, n), dtype=bool)
    bound = 0.0
    for i in range(n):
        for j in np.nonzero(signs[i, i + 1 :])[0] + i + 1:
            if used[i, j]:
                continue
            ks = np.nonzero((signs[i] * signs[j] * signs[i, j] < 0) & ~used[i] & ~used[j])[0]
            ks = ks[ks > j]
            if len(ks):
                k = int(ks[0])
                bound += min(costs[i, j], costs[j, k], costs[i, k])
                for a, b in ((i, j), (j, k), (i, k)):
                    used[a, b] = used[b, a] = True
    return bound


def _glue(solved: list[tuple[list[Any], dict[Any, int]]], camp: dict[Any, int]) -> None:
    """Join the blocks' colourings at their cut vertices (flipping a block where they disagree)."""
    node_blocks: dict[Any, list[int]] = {}
    for b, (block, _) in enumerate(solved):
        for node in block:
            node_blocks.setdefault(node, []).append(b)
    seen: set[int] = set()
    for start in range(len(solved)):
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            b = queue.popleft()
            block, colours = solved[b]
            anchor = next((n for n in block if n in camp), None)
            flip = anchor is not None and camp[anchor] != colours[anchor]
            for node in block:
                if node not in camp:
                    camp[node] = 1 - colours[node] if flip else colours[node]
            for node in block:
                for other in node_blocks[node]:
                    if other not in seen:
                        seen.add(other)
                        queue.append(other)


# --------------------------------------------------------------------------------------------- blocs
@dataclass(slots=True)
class Bloc:
    """A camp: actors on one side of the frustration-minimising split of their connected component.

    `positive_within` / `negative_within` count the relations among its members (negative ones are
    frustrated); `opposed` names the bloc across (the other camp of the same component), if any.
    """

    id: int
    members: list[str]
    component: int
    positive_within: int = 0
    negative_within: int = 0
    opposed: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": list(self.members),
            "size": len(self.members),
            "component": self.component,
            "positive_within": self.positive_within,
            "negative_within": self.negative_within,
            "opposed": self.opposed,
        }


def blocs(graph: nx.Graph, result: Frustration | None = None, *, min_size: int = 1) -> list[Bloc]:
    """The blocs of a network: both camps of each connected component, largest first."""
    result = result or frustration(graph)
    groups: list[tuple[int, list[str]]] = []
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    for number, component in enumerate(components):
        hub = max(component, key=lambda n: (graph.degree(n), str(n)))
        sides: dict[int, list[str]] = {0: [], 1: []}
        for node in component:
            sides[0 if result.camp.get(node, 0) == result.camp.get(hub, 0) else 1].append(node)
        for side in (0, 1):
            if sides[side]:
                groups.append((number, sorted(sides[side])))
    groups.sort(key=lambda g: (-len(g[1]), g[0], g[1][0]))
    out: list[Bloc] = []
    side_of: dict[Any, int] = {}
    for number, members in groups:
        if len(members) < min_size:
            continue
        bloc = Bloc(id=len(out), members=members, component=number)
        out.append(bloc)
        side_of.update(dict.fromkeys(members, bloc.id))
    for u, v, d in graph.edges(data=True):
        if u in side_of and side_of[u] == side_of.get(v):
            if d.get("sign", 1) > 0:
                out[side_of[u]].positive_within += 1
            else:
                out[side_of[u]].negative_within += 1
    for bloc in out:
        bloc.opposed = next((o.id for o in out if o.component == bloc.component and o.id != bloc.id), None)
    return out


# --------------------------------------------------------------------------------------------- reports
@dataclass(slots=True)
class BalanceReport:
    """Balance and blocs of one window's network."""

    window: str | None
    n_nodes: int
    n_edges: int
    n_negative: int
    triads: TriadCensus
    frustration: Frustration
    blocs: list[Bloc]

    def as_dict(self) -> dict[str, Any]:
        return {
            "window": self.window,
            "nodes": self.n_nodes,
            "edges": self.n_edges,
            "negative_edges": self.n_negative,
            **self.triads.as_dict(),
            **self.frustration.as_dict(),
            "blocs": [b.as_dict() for b in self.blocs],
        }


def balance_report(
    graph: nx.Graph, *, window: str | None = None, limit: int = 100, weighted: bool = False
) -> BalanceReport:
    result = frustration(graph, weighted=weighted)
    negative = sum(1 for *_, d in graph.edges(data=True) if d.get("sign", 1) < 0)
    return BalanceReport(
        window=window,
        n_nodes=graph.number_of_nodes(),
        n_edges=graph.number_of_edges(),
        n_negative=negative,
        triads=triad_census(graph, limit=limit),
        frustration=result,
        blocs=blocs(graph, result),
    )


def networks_by_window(
    con: duckdb.DuckDBPyConnection,
    *,
    window: str = "year",
    since: str | None = None,
    until: str | None = None,
    kind: str = "states",
    min_events: int = 1,
) -> dict[str, nx.Graph]:
    """The signed network of every window that has evidence, from one SQL query."""
    scope = Scope(since=since, until=until, kind=kind)
    per: dict[str, list[Any]] = {}
    for r in relations(con, scope, window=window, min_events=min_events, n_evidence=0, counts=False):
        per.setdefault(r.window or "", []).append(r)
    return {label: build_network(rels, min_events=min_events) for label, rels in sorted(per.items())}


def balance_series(
    con: duckdb.DuckDBPyConnection,
    *,
    window: str = "year",
    since: str | None = None,
    until: str | None = None,
    kind: str = "states",
    min_events: int = 1,
    limit: int = 20,
    weighted: bool = False,
) -> list[BalanceReport]:
    """Balance and blocs per window, oldest first: how camps form and break over time."""
    graphs = networks_by_window(
        con, window=window, since=since, until=until, kind=kind, min_events=min_events
    )
    return [balance_report(g, window=label, limit=limit, weighted=weighted) for label, g in graphs.items()]


def bloc_changes(before: Iterable[Bloc], after: Iterable[Bloc]) -> list[dict[str, Any]]:
    """Actors whose bloc partners changed between two windows (joined or left a camp's company)."""

    def partners(bs: Iterable[Bloc]) -> dict[str, set[str]]:
        return {m: set(b.members) - {m} for b in bs for m in b.members}

    old, new = partners(before), partners(after)
    out = []
    for actor in sorted(set(old) & set(new)):
        joined, left = sorted(new[actor] - old[actor]), sorted(old[actor] - new[actor])
        if joined or left:
            out.append({"actor": actor, "joined": joined, "left": left})
    return out
