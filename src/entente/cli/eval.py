"""`entente eval`: score extractors on gold files.

    entente eval events ../shared/data/events/plover_gold.json --json

The library function (`entente.events.evaluate.evaluate_file`) does the work; this prints it.
"""
from __future__ import annotations

import json
from typing import Any

import click


@click.group("eval")
def eval_group() -> None:
    """Score entente's extractors on gold files."""


@eval_group.command("events")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, default=None, help="Score only the first N sentences.")
@click.option("--split", type=click.Choice(["all", "dev", "heldout"]), default="all", show_default=True,
              help="Score a fixed part of the file: 'dev' (four in five sentences, by hash) or 'heldout'.")
@click.option("--examples", type=int, default=5, show_default=True, help="Misses to show per measure.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
def events_cmd(gold: str, limit: int | None, split: str, examples: int, as_json: bool) -> None:
    """Score the event extractor on GOLD: PLOVER JSON, PETRARCH2 XML, ConfliBERT class TSV or NER file.

    Reports event type (accuracy, per-type precision/recall/F1, macro-F1), quad and penta class,
    PLOVER mode, and source/target actor accuracy, with examples of misses.
    """
    from ..events.evaluate import evaluate_file

    report = evaluate_file(gold, limit=limit, split=None if split == "all" else split, examples=examples)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(_summary(report))


@eval_group.command("newswire")
@click.argument("gold", type=click.Path(exists=True, file_okay=False))
@click.option("--threshold", type=float, default=None,
              help="Confidence at which a candidate event counts (default: the judge's default threshold).")
@click.option("--examples", type=int, default=0, show_default=True, help="Spurious and missed events to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the report and the curve as one JSON object.")
def newswire_cmd(gold: str, threshold: float | None, examples: int, as_json: bool) -> None:
    """Score event coding on a newswire gold folder (articles.jsonl + gold.jsonl): random news sentences,
    most of them without an event.

    Prints precision, recall, events coded per sentence that holds none, precision of events between two
    countries, type and mode agreement at the default threshold, then the same figures at several
    thresholds (the precision/recall curve the default was chosen from).

        entente eval newswire ../shared/data/events/newswire_gold/dev
    """
    from ..events.judge import DEFAULT_THRESHOLD
    from ..events.newswire import curve, mode_table, predict, read_gold, score

    data = read_gold(gold)
    candidates = predict(data)
    t = DEFAULT_THRESHOLD if threshold is None else threshold
    report = score(data, candidates, threshold=t, examples=examples)
    rows = curve(data, candidates)
    if as_json:
        click.echo(json.dumps({"gold": gold, "report": report, "curve": rows}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{gold}: {report['sentences']} sentences ({report['sentences_without_event']} without an event), "
               f"{report['gold_events']} gold events with a country")
    click.echo(f"at threshold {t:.2f}: {report['predicted']} events coded")
    for key, label in (("precision", "precision"), ("recall", "recall"), ("f1", "F1"),
                       ("spurious_per_empty_sentence", "events per sentence without one"),
                       ("dyadic_precision", f"precision between two countries ({report['dyadic_predicted']} coded)"),
                       ("loose_precision", "loose precision (quad and one country)"),
                       ("type_agreement", "type agreement on matches"), ("mode_agreement", "mode agreement on matches"),
                       ("false_assertions", f"not-asserted gold coded asserted (of {report['not_asserted_matched']})")):
        click.echo(f"  {label:<44} {report[key]:.3f}")
    click.echo("mode of matched events, gold (rows) against coded (columns):")
    table = mode_table(report["mode_confusion"])
    widths = [max(len(row[n]) for row in table) for n in range(len(table[0]))]
    for row in table:
        click.echo("  " + "  ".join(cell.rjust(w) if n else cell.ljust(w) for n, (cell, w) in enumerate(zip(row, widths))))
    click.echo("curve:")
    click.echo("  threshold  coded  precision  recall  dyadic (n)      spurious")
    for r in rows:
        click.echo(f"  {r['threshold']:>9.2f}  {r['predicted']:>5}  {r['precision']:>9.3f}  {r['recall']:>6.3f}  "
                   f"{r['dyadic_precision']:.3f} ({r['dyadic_predicted']:>3})  {r['spurious_per_empty_sentence']:>8.3f}")
    for kind, misses in (report.get("misses") or {}).items():
        for m in misses:
            click.echo(f"  {kind}: {m.get('predicted') if kind == 'spurious' else m.get('gold')} | {m['sentence'][:120]}")


def _summary(report: dict[str, Any]) -> str:
    lines = [f"{report['gold']} ({report['dataset']}, {report['split']}): {report['sentences']} sentences, "
             f"{report['with_event']} with an event"]
    if "type" in report:
        t = report["type"]
        lines.append(f"  PLOVER type   accuracy {t['accuracy']:.3f}   macro-F1 {t['macro_f1']:.3f}   (n={t['n']})")
    for key, label in (("penta", "penta class"), ("quad", "quad class"), ("plover_mode", "PLOVER mode")):
        if key in report:
            lines.append(f"  {label:<13} accuracy {report[key]['accuracy']:.3f}   (n={report[key]['n']})")
    for key in ("source", "target", "source_span", "target_span"):
        if key in report:
            r = report[key]
            lines.append(f"  {key:<13} on predicted {r['on_predicted']:.3f}   overall {r['overall']:.3f}   "
                         f"({r['predicted']} predicted of {r['n']})")
    for kind, misses in (report.get("misses") or {}).items():
        for m in misses[:2]:
            lines.append(f"  miss {kind}: gold {m['gold']} got {m['predicted']} | {m['text'][:100]}")
    return "\n".join(lines)


def register(group: click.Group) -> None:
    from .quotes import eval_quotes_cmd

    eval_group.add_command(eval_quotes_cmd)
    group.add_command(eval_group)
