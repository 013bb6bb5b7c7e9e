"""Relations commands: `dyad`, `network`, `balance`, `blocs`, `why`, `shifts` - thin layers over `entente.graph`.

Each reads the store (`--db`, or ENTENTE_DB), calls one library function and prints a table, or JSON
with `--json`. Each is split into a query (`*_query`: reads the store, returns the text to print)
and the command that prints it, so that while `entente serve` holds the store the server runs the
same query (`entente.cli.access`). `entente.graph` is imported by the queries only, so that
`entente --help` does not load it. `register(group)` adds the commands to the `entente` group.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .access import answer, read_query
from .choices import KINDS, NETWORK_FORMATS, SHIFT_ALPHA, SHIFT_MIN_EVENTS, WINDOWS
from .options import db_option, json_option

if TYPE_CHECKING:
    import duckdb

    from ..graph import balance as balance_mod
    from ..graph import dyads

F = TypeVar("F", bound=Callable[..., Any])


def _range_options(func: F) -> F:
    func = click.option("--until", help="Last day, month or year included (YYYY, YYYY-MM or YYYY-MM-DD).")(
        func
    )
    return click.option("--since", help="First day, month or year included (YYYY, YYYY-MM or YYYY-MM-DD).")(
        func
    )


def _kind_option(default: str) -> Callable[[F], F]:
    return click.option(
        "--kind",
        type=click.Choice(KINDS),
        default=default,
        show_default=True,
        help="'states': states only (agents of a state count as the state); 'all': every actor.",
    )


def _per_window_network_options(window_help: str) -> Callable[[F], F]:
    """--window, --since/--until, --kind and --min-events: the networks that balance and blocs read."""

    def decorate(func: F) -> F:
        func = click.option("--min-events", type=click.IntRange(min=1), default=1, show_default=True)(func)
        func = _kind_option("states")(func)
        func = _range_options(func)
        return click.option(
            "--window", type=click.Choice(WINDOWS), default=None, help=window_help
        )(func)

    return decorate


def _code(value: str) -> str:
    return value.strip().upper()


class _Printout:
    """The lines a command prints, gathered so that a query can return them as one text."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def echo(self, line: str = "") -> None:
        self.lines.append(line)

    def json(self, data: Any) -> str:
        self.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return self.text()

    def text(self) -> str:
        return "".join(f"{line}\n" for line in self.lines)


T = TypeVar("T")


def _checked(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def _score(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:+.2f}"


def _evidence_lines(items: list[dyads.Evidence], indent: str = "  ") -> list[str]:
    """Each record: contribution, type, date and outlet, its mode with the weight it got and how
    (`reported 0.7 × alleged 0.5 = 0.35`), then its sentence."""
    lines = []
    for e in items:
        weights = e.weights
        flags = ", ".join(
            x
            for x in (
                f"weight {weights['text']}",
                "not counted" if e.weight <= 0 else "",
            )
            if x
        )
        where = " ".join(x for x in (e.date or e.published or "", e.outlet or "") if x)
        lines.append(f"{indent}{_score(e.contribution)} {e.type or ''} [{where}] ({flags})")
        if e.sentence:
            lines.append(f'{indent}      "{e.sentence}"')
    return lines


def _weights_lines(report: dict[str, Any]) -> list[str]:
    """The legend of the mode weights used, and what the rules excluded (weight 0)."""
    from ..graph.dyads import excluded_text

    lines = [
        f"mode weights: {report['legend']}",
        (
            f"  {report['compound']}; disputed ×{report['disputed_factor']:g}; {report['confidence']}; "
            f"{report['historical']}"
        ),
    ]
    excluded = excluded_text(report)
    if excluded:
        lines.append(f"  {excluded}")
    return lines


# --------------------------------------------------------------------------------------------- commands
@click.command("dyad")
@click.argument("a")
@click.argument("b")
@click.option("--window", type=click.Choice(WINDOWS), default="month", show_default=True)
@click.option(
    "--rolling",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Each point covers this many windows, ending at it.",
)
@click.option(
    "--evidence",
    "n_evidence",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Strongest records listed for the whole range.",
)
@_range_options
@json_option
@db_option
def dyad_cmd(
    a: str,
    b: str,
    window: str,
    rolling: int,
    n_evidence: int,
    since: str | None,
    until: str | None,
    as_json: bool,
    db: str,
) -> None:
    """The relation of actors A and B (codes, e.g. ISR AZE) per window, with its evidence."""
    click.echo(answer(db, "dyad", a=_code(a), b=_code(b), window=window, rolling=rolling, n_evidence=n_evidence,
                      since=since, until=until, as_json=as_json), nl=False)


@read_query("dyad")
def dyad_query(con: duckdb.DuckDBPyConnection, *, a: str, b: str, window: str, rolling: int, n_evidence: int,
               since: str | None, until: str | None, as_json: bool) -> str:
    from ..graph import dyads
    from ..graph.network import actor_name

    series = _checked(
        lambda: dyads.dyad_series(con, a, b, window=window, since=since, until=until, rolling=rolling)
    )
    overall = dyads.relation(con, a, b, since=since, until=until, n_evidence=0)
    items = dyads.evidence(con, a, b, since=since, until=until, limit=n_evidence)
    out = _Printout()
    if as_json:
        return out.json(
            {
                "a": a,
                "b": b,
                "window": window,
                "rolling": rolling,
                "since": since,
                "until": until,
                "overall": None if overall is None else overall.as_dict(),
                "series": [r.as_dict() for r in series],
                "evidence": [e.as_dict() for e in items],
                "weights": dyads.weights_report(overall, items),
            }
        )
    out.echo(f"{actor_name(a)} - {actor_name(b)}")
    if overall is None:
        out.echo("  no evidence")
        return out.text()
    out.echo(
        f"  overall {_score(overall.score)} sign {overall.sign:+d}  events {overall.n_events} "
        f"(+{overall.n_excluded} not counted)  sources {overall.n_sources}  "
        f"confidence {overall.confidence:.2f}"
    )
    for r in series:
        out.echo(
            f"  {r.window:<10} {_score(r.score)}  events {r.n_events:>4}  sources {r.n_sources:>3}  "
            f"{' '.join(f'{k}:{v}' for k, v in sorted(r.types.items()))}"
        )
    if items:
        out.echo("evidence:")
        for line in _evidence_lines(items):
            out.echo(line)
    for line in _weights_lines(dyads.weights_report(overall, items)):
        out.echo(line)
    return out.text()


@click.command("network")
@_range_options
@_kind_option("states")
@click.option("--format", "fmt", type=click.Choice(NETWORK_FORMATS), default="json", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="File to write (default: standard output).",
)
@click.option(
    "--min-events",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Fewest counted events for an edge.",
)
@click.option("--dimension", help="Only evidence tagged with this dimension (e.g. security).")
@db_option
def network_cmd(
    since: str | None,
    until: str | None,
    kind: str,
    fmt: str,
    output: str | None,
    min_events: int,
    dimension: str | None,
    db: str,
) -> None:
    """The signed network of a range, as GraphML, GEXF or node-link JSON.

    Edge attributes: sign (+1/-1), weight (signed score in [-1, 1]), n_events, n_sources, confidence,
    dimensions (';'-joined in GraphML and GEXF).
    """
    export = answer(db, "network", since=since, until=until, kind=kind, fmt=fmt, min_events=min_events,
                    dimension=dimension)
    if output:
        # the file holds what `entente.graph.network.write` writes: the export, and a newline after JSON
        Path(output).write_text(export["text"] + ("\n" if fmt == "json" else ""), encoding="utf-8")
        click.echo(f"wrote {export['nodes']} actors and {export['edges']} relations to {output}", err=True)
    else:
        sys.stdout.write(export["text"] + "\n")


@read_query("network")
def network_query(con: duckdb.DuckDBPyConnection, *, since: str | None, until: str | None, kind: str, fmt: str,
                  min_events: int, dimension: str | None) -> dict[str, Any]:
    """The export as text (`text`), with its numbers of actors (`nodes`) and relations (`edges`)."""
    from ..graph import network as network_mod

    graph = _checked(
        lambda: network_mod.network(
            con, since=since, until=until, kind=kind, min_events=min_events, dimension=dimension
        )
    )
    return {"text": network_mod.dumps(graph, fmt), "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges()}


def _reports(
    con: duckdb.DuckDBPyConnection, window: str | None, since: str | None, until: str | None, kind: str,
    min_events: int, limit: int
) -> list[balance_mod.BalanceReport]:
    from ..graph import balance as balance_mod
    from ..graph import network as network_mod

    if window:
        return _checked(
            lambda: balance_mod.balance_series(
                con,
                window=window,
                since=since,
                until=until,
                kind=kind,
                min_events=min_events,
                limit=limit,
            )
        )
    graph = _checked(
        lambda: network_mod.network(con, since=since, until=until, kind=kind, min_events=min_events)
    )
    return [balance_mod.balance_report(graph, limit=limit)]


@click.command("balance")
@_per_window_network_options("One report per window (default: one for the whole range).")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Unbalanced triads listed per window.",
)
@json_option
@db_option
def balance_cmd(
    window: str | None,
    since: str | None,
    until: str | None,
    kind: str,
    min_events: int,
    limit: int,
    as_json: bool,
    db: str,
) -> None:
    """Structural balance: share of balanced triads, unbalanced triads, frustration index."""
    click.echo(answer(db, "balance", window=window, since=since, until=until, kind=kind, min_events=min_events,
                      limit=limit, as_json=as_json), nl=False)


@read_query("balance")
def balance_query(con: duckdb.DuckDBPyConnection, *, window: str | None, since: str | None, until: str | None,
                  kind: str, min_events: int, limit: int, as_json: bool) -> str:
    reports = _reports(con, window, since, until, kind, min_events, limit)
    out = _Printout()
    if as_json:
        return out.json(
            {
                "window": window,
                "since": since,
                "until": until,
                "kind": kind,
                "windows": [r.as_dict() for r in reports],
            }
        )
    for r in reports:
        share = r.triads.share_balanced
        f = r.frustration
        out.echo(
            f"{r.window or 'all'}: {r.n_nodes} actors, {r.n_edges} relations ({r.n_negative} hostile); "
            f"triads {r.triads.total}, balanced {'n/a' if share is None else f'{share:.1%}'}; "
            f"frustration {f.value:g}{'' if f.exact else f' (heuristic, >= {f.lower_bound:g})'}"
        )
        for t in r.triads.unbalanced:
            a, b, c = t.nodes
            out.echo(
                f"  unbalanced {a}-{b} {t.signs[0]:+d}  {b}-{c} {t.signs[1]:+d}  {a}-{c} {t.signs[2]:+d}"
            )
    return out.text()


@click.command("blocs")
@_per_window_network_options("Blocs per window (default: for the whole range).")
@json_option
@db_option
def blocs_cmd(
    window: str | None,
    since: str | None,
    until: str | None,
    kind: str,
    min_events: int,
    as_json: bool,
    db: str,
) -> None:
    """Camps of actors: the split that leaves the fewest relations against structural balance."""
    click.echo(answer(db, "blocs", window=window, since=since, until=until, kind=kind, min_events=min_events,
                      as_json=as_json), nl=False)


@read_query("blocs")
def blocs_query(con: duckdb.DuckDBPyConnection, *, window: str | None, since: str | None, until: str | None,
                kind: str, min_events: int, as_json: bool) -> str:
    reports = _reports(con, window, since, until, kind, min_events, 0)
    out = _Printout()
    if as_json:
        return out.json(
            {
                "window": window,
                "since": since,
                "until": until,
                "kind": kind,
                "windows": [
                    {
                        "window": r.window,
                        "frustration": r.frustration.as_dict()["frustration"],
                        "exact": r.frustration.exact,
                        "blocs": [b.as_dict() for b in r.blocs],
                    }
                    for r in reports
                ],
            }
        )
    for r in reports:
        out.echo(f"{r.window or 'all'}: {len(r.blocs)} blocs, frustration {r.frustration.value:g}")
        for bloc in r.blocs:
            against = f" (opposed to bloc {bloc.opposed})" if bloc.opposed is not None else ""
            out.echo(f"  bloc {bloc.id}{against}: {', '.join(bloc.members)}")
    return out.text()


@click.command("why")
@click.argument("a")
@click.argument("b")
@_range_options
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default=None,
    help="Network the paths run through (default: states when A and B are states).",
)
@click.option("--evidence", "n_evidence", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--paths", "n_paths", type=click.IntRange(min=0), default=5, show_default=True)
@json_option
@db_option
def why_cmd(
    a: str,
    b: str,
    since: str | None,
    until: str | None,
    kind: str | None,
    n_evidence: int,
    n_paths: int,
    as_json: bool,
    db: str,
) -> None:
    """Why A and B relate as they do: direct evidence, and paths through third actors."""
    click.echo(answer(db, "why", a=_code(a), b=_code(b), since=since, until=until, kind=kind,
                      n_evidence=n_evidence, n_paths=n_paths, as_json=as_json), nl=False)


@read_query("why")
def why_query(con: duckdb.DuckDBPyConnection, *, a: str, b: str, since: str | None, until: str | None,
              kind: str | None, n_evidence: int, n_paths: int, as_json: bool) -> str:
    from ..graph import why as why_mod
    from ..graph.network import actor_name

    ex = _checked(
        lambda: why_mod.explain(
            con, a, b, since=since, until=until, kind=kind, n_evidence=n_evidence, n_paths=n_paths
        )
    )
    out = _Printout()
    if as_json:
        return out.json(ex.as_dict())
    out.echo(ex.summary)
    if ex.evidence:
        out.echo("direct evidence:")
        for line in _evidence_lines(ex.evidence):
            out.echo(line)
    for q in ex.quotes:
        out.echo(f'  quote ({q.speaker or "unattributed"}): "{q.text}"')
    for p in ex.paths:
        verdict = {True: "supports", False: "strains", None: "bears on"}[p.supports]
        out.echo(f"via {actor_name(p.via)} ({p.kind.replace('_', ' ')}, {verdict} the relation): {p.text}")
        for step in p.steps:
            out.echo(f"  {step.a}-{step.b} {_score(step.relation.score)} ({step.relation.n_events} events)")
            for line in _evidence_lines(step.evidence, indent="    "):
                out.echo(line)
    for line in _weights_lines(ex.weights):
        out.echo(line)
    return out.text()


@click.command("shifts")
@_range_options
@click.option("--window", type=click.Choice(WINDOWS), default="month", show_default=True)
@_kind_option("all")
@click.option("--actor", help="Only dyads of this actor.")
@click.option(
    "--min-events",
    type=click.IntRange(min=2),
    default=SHIFT_MIN_EVENTS,
    show_default=True,
    help="Fewest counted events in each of the two windows.",
)
@click.option(
    "--alpha",
    type=click.FloatRange(0, 1),
    default=SHIFT_ALPHA,
    show_default=True,
    help="False discovery rate (Benjamini-Hochberg).",
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@json_option
@db_option
def shifts_cmd(
    since: str | None,
    until: str | None,
    window: str,
    kind: str,
    actor: str | None,
    min_events: int,
    alpha: float,
    limit: int,
    as_json: bool,
    db: str,
) -> None:
    """Dyads whose score changed significantly between consecutive windows, with the events behind it."""
    click.echo(answer(db, "shifts", since=since, until=until, window=window, kind=kind,
                      actor=_code(actor) if actor else None, min_events=min_events, alpha=alpha, limit=limit,
                      as_json=as_json), nl=False)


@read_query("shifts")
def shifts_query(con: duckdb.DuckDBPyConnection, *, since: str | None, until: str | None, window: str, kind: str,
                 actor: str | None, min_events: int, alpha: float, limit: int, as_json: bool) -> str:
    from ..graph import shifts as shifts_mod

    found = _checked(
        lambda: shifts_mod.detect_shifts(
            con,
            window=window,
            since=since,
            until=until,
            kind=kind,
            actor=actor,
            min_events=min_events,
            alpha=alpha,
        )
    )
    out = _Printout()
    if as_json:
        return out.json(
            {
                "window": window,
                "since": since,
                "until": until,
                "total": len(found),
                "shifts": [s.as_dict() for s in found[:limit]],
            }
        )
    if not found:
        out.echo("no significant shifts")
    for s in found[:limit]:
        out.echo(
            f"{s.a}-{s.b} {s.from_window} -> {s.to_window}: {_score(s.before)} -> {_score(s.after)} "
            f"(n {s.n_before}/{s.n_after}, q {s.q:.3g})"
        )
        for line in _evidence_lines(s.drivers, indent="    "):
            out.echo(line)
    return out.text()


COMMANDS = (dyad_cmd, network_cmd, balance_cmd, blocs_cmd, why_cmd, shifts_cmd)


def register(group: click.Group) -> None:
    """Add the relations commands to a click group (the `entente` CLI)."""
    for command in COMMANDS:
        group.add_command(command)
