"""The signed network of a window: actors as nodes, relations as signed, weighted edges (networkx).

`build_network(relations)` is a pure function from `Relation` records to an undirected
`networkx.Graph`; `network(con, ...)` reads the relations of a window from the store first.

Node attributes
    `name`     a readable name (the ISO 3166 name for states, the code otherwise)
    `kind`     `state` (see `rules.is_state`) or `other` (organisations, groups, people)
    `n_events` counted evidence units on all the node's edges

Edge attributes (one edge per dyad with at least `min_events` counted units)
    `sign`        +1 friendly, -1 hostile (rule 8; dyads of sign 0 are left out unless `keep_neutral`)
    `weight`      the signed score in [-1, +1] (rule 8): its sign is `sign`, its size the strength
    `n_events`    counted evidence units (rule 7)
    `n_sources`   distinct outlets (rule 9)
    `confidence`  in [0, 1) (rule 9)
    `dimensions`  the dimensions of the evidence, most frequent first: a list in memory and in JSON,
                  a ';'-joined string in GraphML and GEXF (which have no list type)

Exports: `write_graphml`, `write_gexf`, `to_json` / `write_json` (networkx node-link data with the
edges under "links"), or `write(graph, path, fmt)`; each is readable back by networkx
(`read_graphml`, `read_gexf`, `from_json`).
"""

from __future__ import annotations

import inspect
import io
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import duckdb
import networkx as nx
import pycountry

from ..actors.records import SECTORS
from . import rules
from .dyads import Relation, Scope, relations

FORMATS = ("graphml", "gexf", "json")
EDGE_ATTRIBUTES = ("sign", "weight", "n_events", "n_sources", "confidence", "dimensions")
#: The key under which node-link JSON lists the edges (networkx 3.4 renamed the keyword that sets it).
LINKS_KEY = "links"


@lru_cache(maxsize=4096)
def actor_name(code: str) -> str:
    """A readable name for an actor code: the ISO 3166 name of a state (current or historic), people of a
    state by their sector ("civilians (United Kingdom)"), an official by name ("Strobe Talbott (USA)"),
    else the code itself. The API's names (`entente.api.names.lookup`) use this for the last three."""
    if rules.is_state(code):
        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            country = next(
                (c for c in pycountry.historic_countries if getattr(c, "alpha_3", None) == code), None
            )
        if country is not None:
            return str(getattr(country, "common_name", None) or country.name)
    if "." in code:
        owner, _, rest = code.partition(".")
        if rest in SECTORS and rules.is_state(owner):
            # people of a state who do not act for it (rule 2): "civilians (United Kingdom)"
            return f"{SECTORS[rest]} ({actor_name(owner)})"
        return f"{rest.replace('_', ' ').title()} ({owner})"
    return code


def build_network(rels: Iterable[Relation], *, min_events: int = 1, keep_neutral: bool = False) -> nx.Graph:
    """An undirected signed graph from relations (one window's: at most one relation per pair)."""
    graph = nx.Graph()
    for r in rels:
        if r.n_events < min_events or r.score is None or (r.sign == 0 and not keep_neutral):
            continue
        dims = [d for d, _ in sorted(r.dimensions.items(), key=lambda kv: (-kv[1], kv[0]))]
        for code in (r.a, r.b):
            if code not in graph:
                graph.add_node(
                    code, name=actor_name(code), kind="state" if rules.is_state(code) else "other", n_events=0
                )
            graph.nodes[code]["n_events"] += r.n_events
        graph.add_edge(
            r.a,
            r.b,
            sign=r.sign,
            weight=round(float(r.score), 6),
            n_events=r.n_events,
            n_sources=r.n_sources,
            confidence=round(r.confidence, 6),
            dimensions=dims,
        )
    return graph


def network(
    con: duckdb.DuckDBPyConnection,
    *,
    since: str | None = None,
    until: str | None = None,
    kind: str = "states",
    min_events: int = 1,
    dimension: str | None = None,
    actors: Iterable[str] | None = None,
    keep_neutral: bool = False,
) -> nx.Graph:
    """The signed network of the range `since`..`until` (ISO dates of any precision; None: open)."""
    scope = Scope(
        since=since, until=until, kind=kind, dimension=dimension, actors=tuple(actors) if actors else None
    )
    rels = relations(con, scope, min_events=min_events, n_evidence=0, counts=False)
    graph = build_network(rels, min_events=min_events, keep_neutral=keep_neutral)
    graph.graph.update({"since": since or "", "until": until or "", "kind": kind, "min_events": min_events})
    return graph


def signed_edges(graph: nx.Graph) -> list[tuple[str, str, int]]:
    return [(u, v, int(d["sign"])) for u, v, d in graph.edges(data=True)]


# --------------------------------------------------------------------------------------------- exports
def _flat(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all scalars (lists joined by ';'), for GraphML and GEXF."""
    flat = nx.Graph()
    flat.graph.update({k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float, bool))})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: (";".join(v) if isinstance(v, list) else v) for k, v in data.items()})
    for u, v, data in graph.edges(data=True):
        flat.add_edge(u, v, **{k: (";".join(x) if isinstance(x, list) else x) for k, x in data.items()})
    return flat


def write_graphml(graph: nx.Graph, target: str | Path | IO[bytes]) -> None:
    nx.write_graphml(_flat(graph), target)


def write_gexf(graph: nx.Graph, target: str | Path | IO[bytes]) -> None:
    nx.write_gexf(_flat(graph), target)


def _link_kwargs(func: Any) -> dict[str, str]:
    """networkx < 3.4 calls the edges key `link`, 3.4+ `edges`: pass whichever this version has."""
    params = inspect.signature(func).parameters
    if "edges" in params:
        return {"edges": LINKS_KEY}
    if "link" in params:
        return {"link": LINKS_KEY}
    return {}


def to_json(graph: nx.Graph) -> dict[str, Any]:
    """Node-link data (the edges under "links"), JSON-ready."""
    return nx.node_link_data(graph, **_link_kwargs(nx.node_link_data))  # type: ignore[no-any-return]


def from_json(data: dict[str, Any]) -> nx.Graph:
    return nx.node_link_graph(data, directed=False, multigraph=False, **_link_kwargs(nx.node_link_graph))


def write_json(graph: nx.Graph, target: str | Path | IO[str]) -> None:
    text = json.dumps(to_json(graph), ensure_ascii=False, indent=1)
    if isinstance(target, (str, Path)):
        Path(target).write_text(text + "\n", encoding="utf-8")
    else:
        target.write(text + "\n")


def write(graph: nx.Graph, target: str | Path | IO[Any], fmt: str) -> None:
    """Write in one of `FORMATS`."""
    if fmt == "graphml":
        write_graphml(graph, target)
    elif fmt == "gexf":
        write_gexf(graph, target)
    elif fmt == "json":
        write_json(graph, target)
    else:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def dumps(graph: nx.Graph, fmt: str) -> str:
    """The export as text."""
    if fmt == "json":
        return json.dumps(to_json(graph), ensure_ascii=False, indent=1)
    buffer = io.BytesIO()
    write(graph, buffer, fmt)
    return buffer.getvalue().decode("utf-8")
