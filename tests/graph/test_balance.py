"""Structural balance: triad census, frustration index (exact and heuristic), blocs."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import numpy as np
import pytest

from entente.graph import balance, network
from entente.store import Store

from .builders import StoreBuilder, seed_store


def signed(
    edges: list[tuple[str, str, int]], weights: dict[tuple[str, str], float] | None = None
) -> nx.Graph:
    g = nx.Graph()
    for u, v, s in edges:
        g.add_edge(u, v, sign=s, weight=(weights or {}).get((u, v), float(s)))
    return g


def brute_force(g: nx.Graph) -> int:
    nodes = sorted(g.nodes)
    best = g.number_of_edges()
    for bits in itertools.product((0, 1), repeat=len(nodes) - 1):
        camp = dict(zip(nodes, (0, *bits)))
        best = min(best, sum((d["sign"] > 0) != (camp[u] == camp[v]) for u, v, d in g.edges(data=True)))
    return best


def random_signed(n: int, p: float, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    g = nx.gnp_random_graph(n, p, seed=seed)
    for u, v in g.edges:
        g.edges[u, v]["sign"] = rng.choice((1, -1))
        g.edges[u, v]["weight"] = g.edges[u, v]["sign"] * rng.random()
    return nx.relabel_nodes(g, {i: f"N{i:02d}" for i in g.nodes})


# --------------------------------------------------------------------------------------------- known graphs
@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ([("A", "B", 1), ("B", "C", 1), ("A", "C", 1)], 0),  # three friends
        ([("A", "B", 1), ("B", "C", -1), ("A", "C", -1)], 0),  # enemy of my enemy
        ([("A", "B", 1), ("B", "C", 1), ("A", "C", -1)], 1),  # a friend's enemy
        ([("A", "B", -1), ("B", "C", -1), ("A", "C", -1)], 1),  # three enemies
        ([(a, b, -1) for a, b in itertools.combinations("ABCD", 2)], 2),  # K4 all hostile: 2 + 2 split
        ([(a, b, -1) for a, b in itertools.combinations("ABCDE", 2)], 4),  # K5 all hostile: C(2,2) + C(3,2)
        ([("A", "B", -1), ("B", "C", -1), ("C", "D", -1), ("D", "A", -1)], 0),  # even negative cycle
        ([("A", "B", -1), ("B", "C", -1), ("C", "D", -1), ("D", "E", -1), ("E", "A", -1)], 1),  # odd cycle
    ],
)
def test_frustration_of_known_graphs(edges: list[tuple[str, str, int]], expected: int) -> None:
    result = balance.frustration(signed(edges))
    assert result.value == expected and result.exact and result.lower_bound == expected
    assert len(result.frustrated) == expected


def test_frustration_exact_matches_brute_force() -> None:
    for seed in range(30):
        g = random_signed(random.Random(seed).randint(3, 11), 0.5, seed)
        if g.number_of_edges() == 0:
            continue
        result = balance.frustration(g)
        assert result.value == brute_force(g), seed
        assert result.exact
        # the camps attain the value
        assert (
            sum(
                balance._is_frustrated(d["sign"], result.camp[u], result.camp[v])
                for u, v, d in g.edges(data=True)
            )
            == result.value
        )


def test_frustration_adds_up_over_blocks() -> None:
    # two unbalanced triangles joined at a cut vertex, plus a bridge to a pendant: 1 + 1
    g = signed(
        [
            ("A", "B", 1),
            ("B", "C", 1),
            ("A", "C", -1),
            ("C", "D", -1),
            ("D", "E", -1),
            ("C", "E", -1),
            ("E", "F", 1),
        ]
    )
    assert balance.frustration(g).value == 2


def test_exact_handles_a_block_of_twenty() -> None:
    g = random_signed(20, 0.35, 5)
    assert max(len(b) for b in nx.biconnected_components(g)) > 14
    result = balance.frustration(g)
    assert result.exact
    heuristic = balance.frustration(g, exact_nodes=3)
    assert not heuristic.exact or heuristic.value == result.value
    assert heuristic.lower_bound <= result.value <= heuristic.value


def test_heuristic_is_bounded_and_usually_exact() -> None:
    hits = 0
    for seed in range(12):
        g = random_signed(12, 0.5, 100 + seed)
        exact = balance.frustration(g)
        guess = balance.frustration(g, exact_nodes=2)
        assert guess.lower_bound <= exact.value <= guess.value
        hits += guess.value == exact.value
    assert hits >= 10


def test_heuristic_recovers_planted_camps() -> None:
    rng = np.random.default_rng(1)
    camp = {f"S{i:03d}": int(rng.integers(0, 2)) for i in range(80)}
    g = nx.Graph()
    for u, v in itertools.combinations(camp, 2):
        if rng.random() < 0.3:
            s = 1 if camp[u] == camp[v] else -1
            g.add_edge(u, v, sign=s if rng.random() > 0.05 else -s, weight=s)
    assert max(len(b) for b in nx.biconnected_components(g)) > 20  # the heuristic's case
    result = balance.frustration(g)
    assert result.lower_bound <= result.value  # exact only when the lower bound proves it
    planted = sum((d["sign"] > 0) != (camp[u] == camp[v]) for u, v, d in g.edges(data=True))
    assert result.value <= planted
    blocs = balance.blocs(g, result)
    assert len(blocs) == 2
    agree = max(sum(camp[m] == side for m in blocs[0].members) for side in (0, 1))
    assert agree / len(blocs[0].members) > 0.95


def test_weighted_frustration() -> None:
    g = signed(
        [("A", "B", 1), ("B", "C", 1), ("A", "C", -1)], {("A", "B"): 0.9, ("B", "C"): 0.8, ("A", "C"): -0.1}
    )
    result = balance.frustration(g, weighted=True)
    assert result.value == pytest.approx(0.1) and result.frustrated == [("A", "C", -1)]


# --------------------------------------------------------------------------------------------- triads
def test_triad_census_matches_enumeration() -> None:
    for seed in range(10):
        g = random_signed(14, 0.5, seed)
        census = balance.triad_census(g, limit=1000)
        triads = [
            t
            for t in itertools.combinations(sorted(g.nodes), 3)
            if all(g.has_edge(a, b) for a, b in itertools.combinations(t, 2))
        ]
        signs = [g.edges[a, b]["sign"] * g.edges[b, c]["sign"] * g.edges[a, c]["sign"] for a, b, c in triads]
        assert census.total == len(triads)
        assert census.balanced == sum(s > 0 for s in signs)
        assert len(census.unbalanced) == census.n_unbalanced
        assert all(not t.balanced for t in census.unbalanced)
        strengths = [t.strength for t in census.unbalanced]
        assert strengths == sorted(strengths, reverse=True)


def test_triad_census_of_empty_and_tiny_graphs() -> None:
    assert balance.triad_census(nx.Graph()).share_balanced is None
    assert balance.triad_census(signed([("A", "B", 1)])).total == 0


# --------------------------------------------------------------------------------------------- seed
def test_seed_triad_balanced_and_blocs() -> None:
    with Store(":memory:") as store:
        seed_store(store)
        g = network.network(store.con, kind="states")
        t = balance.triad(g, "ISR", "AZE", "IRN")
        assert t is not None and t.balanced
        report = balance.balance_report(g)
        assert report.triads.share_balanced == 1.0 and report.frustration.value == 0
        camps = [set(b.members) for b in report.blocs]
        assert {"ISR", "AZE"} in camps and {"IRN", "ARM", "TUR"} in camps
        assert report.blocs[0].opposed == report.blocs[1].id


def test_blocs_per_window_form_and_break() -> None:
    with Store(":memory:") as store:
        b = StoreBuilder(store)
        # 2019: A-B friends against C; 2020: B turns on A and sides with C
        plan = {
            "2019": [("USA", "GBR", 6.0), ("USA", "IRN", -8.0), ("GBR", "IRN", -6.0)],
            "2020": [("USA", "GBR", -6.0), ("GBR", "IRN", 5.0), ("USA", "IRN", -8.0)],
        }
        for year, events in plan.items():
            art = b.article(f"What happened in {year}.", published=f"{year}-06-01")
            for x, y, value in events:
                b.event(art, x, "ACT", y, intensity=value)
        reports = balance.balance_series(store.con, window="year")
        assert [r.window for r in reports] == ["2019", "2020"]
        first = {frozenset(bl.members) for bl in reports[0].blocs}
        second = {frozenset(bl.members) for bl in reports[1].blocs}
        assert frozenset({"USA", "GBR"}) in first
        assert frozenset({"GBR", "IRN"}) in second
        changes = {c["actor"]: c for c in balance.bloc_changes(reports[0].blocs, reports[1].blocs)}
        assert changes["GBR"]["joined"] == ["IRN"] and changes["GBR"]["left"] == ["USA"]


def test_disconnected_components_are_separate_blocs() -> None:
    g = signed([("A", "B", 1), ("C", "D", -1)])
    blocs = balance.blocs(g)
    assert sorted(sorted(b.members) for b in blocs) == [["A", "B"], ["C"], ["D"]]
    assert len({b.component for b in blocs}) == 2
