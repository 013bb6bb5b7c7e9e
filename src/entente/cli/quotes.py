"""`entente quotes` (list stored quotes) and `entente eval quotes` (score against PolNeAR).

    entente quotes --speaker harpaz --db entente.duckdb
    entente quotes --actor ISR --json
    entente eval quotes ../shared/data/quotes/polnear --split dev

Thin commands over `entente.quotes.query.stored_quotes` and `entente.quotes.evaluate.evaluate_polnear`.
`quotes_cmd` is registered at the top level, `eval_quotes_cmd` under `entente eval` (both named
"quotes"); `register(cli)` adds the first.
"""
from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

import click

from .access import answer, read_query
from .options import db_option, json_option

if TYPE_CHECKING:
    import duckdb


@click.command("quotes")
@click.option("--speaker", metavar="NAME", help="Only quotes whose speaker's words contain NAME (any case).")
@click.option("--actor", metavar="CODE", help="Only quotes whose speaker is, or belongs to, CODE (ISR, USA, …).")
@click.option("--article", metavar="ID", help="Only the quotes of this article.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@json_option
@db_option
def quotes_cmd(speaker: str | None, actor: str | None, article: str | None, limit: int, as_json: bool,
               db: str) -> None:
    """List stored quotes: who said what, speaking for whom, and the events they assert or deny."""
    click.echo(answer(db, "quotes", speaker=speaker, actor=actor, article=article, limit=limit, as_json=as_json),
               nl=False)


@read_query("quotes")
def quotes_query(con: duckdb.DuckDBPyConnection, *, speaker: str | None, actor: str | None, article: str | None,
                 limit: int, as_json: bool) -> str:
    """The text `entente quotes` prints (it runs in the server while one holds the store)."""
    from ..quotes.query import stored_quotes

    found = stored_quotes(con, speaker=speaker, actor=actor, article=article, limit=limit)
    if as_json:
        return json.dumps({"count": len(found), "quotes": found}, ensure_ascii=False, indent=2) + "\n"
    if not found:
        return "no quotes found\n"
    lines = []
    for q in found:
        who = q["speaker_text"] or "(unattributed)"
        affiliation = "/".join(x for x in (q["speaker_country"], q["speaker_sector"]) if x)
        cue = f" {q['cue']}" if q["cue"] else ""
        outlet = f" (to {q['outlet']})" if q["outlet"] else ""
        words = f"\u201c{q['content']}\u201d" if q["direct"] else q["content"]
        lines.append(f"{q['published'] or '????'}  {who}{f' [{affiliation}]' if affiliation else ''}{cue}{outlet}")
        lines.append(textwrap.indent(textwrap.fill(words, 100), "    "))
        for claim in q["claims"]:
            lines.append(f"    {claim['relation']} event {claim['event_id']}")
    return "".join(f"{line}\n" for line in lines)


@click.command("quotes")
@click.argument("gold", type=click.Path(exists=True, file_okay=False))
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default="dev", show_default=True,
              help="The PolNeAR split to score.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Score only the first N articles (by name).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=0.5, show_default=True,
              help="Least share of both the gold and the predicted content that must overlap for a match.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one line of JSON (default: indented).")
def eval_quotes_cmd(gold: str, split: str, limit: int | None, threshold: float, as_json: bool) -> None:
    """Score the quote extractor on PolNeAR at GOLD (its folder, its data folder or a split folder).

    Prints JSON: precision, recall and F1 of quote contents (a match overlaps at least half of both
    the gold and the predicted content), and speaker accuracy on the matched quotes.
    """
    from ..quotes.evaluate import evaluate_polnear

    try:
        report = evaluate_polnear(gold, split=split, limit=limit, threshold=threshold)
    except FileNotFoundError as exc:
        raise click.BadParameter(str(exc), param_hint="GOLD") from exc
    click.echo(json.dumps(report, ensure_ascii=False, indent=None if as_json else 2))


def register(group: click.Group) -> None:
    """Add `entente quotes` to the top-level group (the lead attaches `eval_quotes_cmd` under `eval`)."""
    group.add_command(quotes_cmd)
