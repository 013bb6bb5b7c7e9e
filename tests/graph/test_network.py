"""The signed network: attributes, actor filters, exports readable back by networkx."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest

from entente.graph import network
from entente.store import Store

from .builders import StoreBuilder, seed_store


@pytest.fixture
def graph() -> nx.Graph:
    with Store(":memory:") as store:
        seed_store(store)
        b = StoreBuilder(store)
        b.event(
            b.article("Hamas fired rockets at Israel."),
            {"actor": "PSE.HAMAS", "country": "PSE", "sector": "REB"},
            "ASSAULT",
            "ISR",
            intensity=-10.0,
        )
        return network.network(store.con, kind="states")


def test_edge_attributes(graph: nx.Graph) -> None:
    edge = graph.edges["ISR", "AZE"]
    assert set(network.EDGE_ATTRIBUTES) <= set(edge)
    assert edge["sign"] == 1 and 0 < edge["weight"] <= 1
    assert edge["n_events"] == 2 and edge["n_sources"] == 1
    assert edge["dimensions"][:2] == ["energy", "military"]
    assert graph.edges["IRN", "ISR"]["sign"] == -1 and graph.edges["IRN", "ISR"]["weight"] < 0
    assert graph.nodes["AZE"]["name"] == "Azerbaijan" and graph.nodes["AZE"]["kind"] == "state"
    assert "PSE.HAMAS" not in graph


def test_all_kinds_keep_groups() -> None:
    with Store(":memory:") as store:
        b = StoreBuilder(store)
        b.event(
            b.article("Hamas fired rockets at Israel."),
            {"actor": "PSE.HAMAS", "country": "PSE", "sector": "REB"},
            "ASSAULT",
            "ISR",
            intensity=-10.0,
        )
        g = network.network(store.con, kind="all")
        assert g.nodes["PSE.HAMAS"]["kind"] == "other" and g.nodes["PSE.HAMAS"]["name"] == "Hamas (PSE)"
        assert network.network(store.con, kind="states").number_of_nodes() == 0


def test_min_events_and_actor_filter() -> None:
    with Store(":memory:") as store:
        seed_store(store)
        assert set(network.network(store.con, min_events=3).edges) == {("AZE", "IRN")}
        g = network.network(store.con, actors=["TUR"])
        assert set(map(frozenset, g.edges)) == {frozenset({"ISR", "TUR"})}


def _same(a: nx.Graph, b: nx.Graph) -> None:
    assert set(map(frozenset, a.edges)) == set(map(frozenset, b.edges))
    for u, v, d in a.edges(data=True):
        e = b.edges[u, v]
        assert int(e["sign"]) == d["sign"] and float(e["weight"]) == pytest.approx(d["weight"])
        assert int(e["n_events"]) == d["n_events"] and int(e["n_sources"]) == d["n_sources"]


def test_graphml_round_trip(graph: nx.Graph, tmp_path: Path) -> None:
    path = tmp_path / "net.graphml"
    network.write(graph, path, "graphml")
    back = nx.read_graphml(path)
    _same(graph, back)
    assert back.edges["AZE", "ISR"]["dimensions"].split(";")[:2] == ["energy", "military"]
    assert back.nodes["IRN"]["name"] == "Iran"


def test_gexf_round_trip(graph: nx.Graph, tmp_path: Path) -> None:
    path = tmp_path / "net.gexf"
    network.write(graph, path, "gexf")
    back = nx.read_gexf(path)
    _same(graph, back)


def test_json_round_trip(graph: nx.Graph, tmp_path: Path) -> None:
    data = network.to_json(graph)
    assert network.LINKS_KEY in data and len(data[network.LINKS_KEY]) == graph.number_of_edges()
    text = json.dumps(data)
    back = network.from_json(json.loads(text))
    _same(graph, back)
    assert back.edges["AZE", "ISR"]["dimensions"] == graph.edges["AZE", "ISR"]["dimensions"]
    buffer = io.StringIO()
    network.write(graph, buffer, "json")
    assert json.loads(buffer.getvalue())["nodes"]
    assert network.dumps(graph, "gexf").startswith("<?xml")


def test_unknown_format(graph: nx.Graph) -> None:
    with pytest.raises(ValueError):
        network.write(graph, io.StringIO(), "dot")


def test_node_names_read_as_people_officials_and_states() -> None:
    from entente.graph.network import actor_name

    assert actor_name("AZE") == "Azerbaijan"
    assert actor_name("GBR.CVL") == "civilians (United Kingdom)"
    assert actor_name("USA.STROBE_TALBOTT") == "Strobe Talbott (USA)"
