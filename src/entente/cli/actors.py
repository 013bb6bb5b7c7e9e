"""`entente actor` and `entente actors list|show`: resolve a phrase, browse the actor knowledge base.

Thin commands over `entente.actors`. The knowledge base can be extended with a user file named by
`--kb` (or the `ENTENTE_ACTORS` environment variable); see `entente.actors.kb` for its format.
They read the knowledge base, not the store, so they answer also while `entente serve` holds it.
The knowledge base is imported inside the commands, so that `entente --help` does not load it.
"""

from __future__ import annotations

import json
from typing import Any

import click

from .options import json_option

_kb_option = click.option(
    "--kb",
    "kb_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="An extra actor file (JSON Lines, same format as the shipped one).",
)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


@click.command("actor")
@click.argument("text")
@click.option("--date", help="The article's date, YYYY-MM-DD (default: today); leaders are resolved on it.")
@click.option("--context", help='A sentence or a country that helps ("Defense Minister" --context German).')
@_kb_option
@json_option
def actor_cmd(text: str, date: str | None, context: str | None, kb_path: str | None, as_json: bool) -> None:
    """Resolve TEXT (a phrase such as "Israel's ambassador to Azerbaijan") to its actors."""
    from ..actors import get_kb, resolve_phrase
    from ..actors.resolve import normalise_date

    kb = get_kb(kb_path)
    when = normalise_date(date)
    found = resolve_phrase(text, date=when, context=context, kb=kb)
    if as_json:
        _print_json({"text": text, "date": when, "context": context, "actors": [r.as_dict() for r in found]})
        return
    if not found:
        click.echo("no actor found")
        return
    _table(
        [
            [
                r.text,
                r.code or "-",
                r.name or "-",
                r.kind or "-",
                r.country or "-",
                r.sector or "-",
                (r.role or "") + (" former" if r.former and r.role != "former" else ""),
                f"{r.confidence:.2f}",
            ]
            for r in found
        ],
        ["text", "code", "name", "kind", "country", "sector", "role", "conf"],
    )


@click.group("actors")
def actors_group() -> None:
    """Browse the actor knowledge base (states, organisations, groups, people)."""


@actors_group.command("list")
@click.option(
    "--kind",
    type=click.Choice(["state", "territory", "entity", "igo", "organ", "group", "party", "org", "person"]),
    help="Only actors of this kind.",
)
@click.option("--country", metavar="CODE", help="Only actors of this country (ISO alpha-3) or organisation.")
@click.option(
    "--search", "query", metavar="TEXT", help="Only actors whose code, name or alias contains TEXT."
)
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@_kb_option
@json_option
def list_cmd(
    kind: str | None, country: str | None, query: str | None, limit: int, kb_path: str | None, as_json: bool
) -> None:
    """List actors, filtered by kind, country or a search string."""
    from ..actors import get_kb

    kb = get_kb(kb_path)
    found = kb.search(query or "", kind=kind, country=country.upper() if country else None, limit=limit)
    if as_json:
        _print_json({"count": len(found), "actors": [_brief(a) for a in found]})
        return
    _table(
        [[a.code, a.name, a.kind, a.country or "-", a.sector or "-"] for a in found],
        ["code", "name", "kind", "country", "sector"],
    )


@actors_group.command("show")
@click.argument("code")
@click.option("--date", help="Also say which role the actor held on this date (YYYY-MM-DD).")
@_kb_option
@json_option
def show_cmd(code: str, date: str | None, kb_path: str | None, as_json: bool) -> None:
    """Show one actor: names by type, roles with dates, sources."""
    from ..actors import get_kb
    from ..actors.resolve import normalise_date

    kb = get_kb(kb_path)
    a = kb.get(code) or kb.get(code.upper())
    if a is None:
        hits = kb.lookup(code)
        if len(hits) == 1:
            a = hits[0]
        else:
            raise click.ClickException(
                f"no actor with code {code!r}; try `entente actors list --search {code}`"
            )
    data = a.as_dict()
    data["names"] = kb.forms_of(a.code)
    data.pop("aliases", None)
    data["sources"] = list(a.sources)
    if date:
        when = normalise_date(date)
        role = a.role_on(when)
        data["on_date"] = {
            "date": when,
            "role": role.as_dict() if role else None,
            "former": role is None and a.last_role_before(when) is not None,
        }
    if as_json:
        _print_json(data)
        return
    click.echo(f"{a.code}  {a.name}  ({a.kind}; country {a.country or '-'}; sector {a.sector or '-'})")
    if a.parent:
        click.echo(f"  part of: {a.parent}")
    for typ, names in data["names"].items():
        shown = ", ".join(names[:12]) + (f", ... (+{len(names) - 12})" if len(names) > 12 else "")
        click.echo(f"  {typ}: {shown}")
    for r in a.roles:
        span = (
            f"{r.start or '?'} .. {r.end or ('' if r.start else '?')}"
            if (r.start or r.end)
            else f"seen {r.seen or '?'}"
        )
        click.echo(
            f"  role: {r.title or r.office or '-'} ({r.country}, {r.sector}"
            f"{'/' + r.subsector if r.subsector else ''}) {span}"
        )
    if date:
        od = data["on_date"]
        click.echo(
            f"  on {od['date']}: "
            + (
                f"{od['role'].get('title') or od['role'].get('office') or od['role']['sector']}"
                if od["role"]
                else ("former" if od["former"] else "no known role")
            )
        )
    click.echo(f"  sources: {', '.join(a.sources) or '-'}")


def _brief(a: Any) -> dict[str, Any]:
    return {"code": a.code, "name": a.name, "kind": a.kind, "country": a.country, "sector": a.sector}


def register(group: click.Group) -> None:
    """Add `actor` and `actors` to the top-level group."""
    group.add_command(actor_cmd)
    group.add_command(actors_group)
