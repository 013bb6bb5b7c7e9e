"""`entente watch`: add, list, remove and test watches; deliver pending alerts; print a watch's feed.

Thin commands over `entente.watch`. Private settings (e-mail address, webhook URL and secret) are
taken in and never printed back: listings show masks.
"""
from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..errors import ConfigError
from ..store import Store
from ..watch import (
    add_watch,
    deliver_pending,
    get_watch,
    list_watches,
    load_config,
    preview,
    remove_watch,
    retry_failed,
    watch_feed,
)
from ..watch.api import build_watch
from ..watch.records import MODES, WINDOWS
from ..watch.watches import count_alerts, delivery_counts
from . import EXIT_REJECTED
from .options import db_option, json_option


@click.group("watch")
def watch_group() -> None:
    """Watches: be told when a relation moves (Atom feed, signed webhook, e-mail)."""


@watch_group.command("add")
@click.option("--name", help="What to call the watch (default: what it looks for).")
@click.option("--dyad", metavar="A-B", help="Two actor codes, e.g. ISR-AZE: events between them, either way.")
@click.option("--actor", "actors", multiple=True, metavar="CODE", help="An actor to follow (repeat for several).")
@click.option("--with", "partners", multiple=True, metavar="CODE",
              help="Only events between --actor and this partner (repeat for several).")
@click.option("--type", "types", multiple=True, metavar="TYPE", help="A PLOVER event type, e.g. ACCUSE (repeatable).")
@click.option("--mode", "modes", multiple=True, type=click.Choice(MODES), help="A modality (repeatable).")
@click.option("--dimension", "dimensions", multiple=True, metavar="NAME", help="A dimension, e.g. military (repeatable).")
@click.option("--min-intensity", type=click.FloatRange(0, 10), help="Least |Goldstein intensity| of an event.")
@click.option("--shift", "shift_threshold", type=click.FloatRange(0, 2, min_open=True),
              help="Alert when the dyad's score moves by this much between windows (a shift watch).")
@click.option("--window", "shift_window", type=click.Choice(WINDOWS), default="month", show_default=True,
              help="The windows a shift is measured between.")
@click.option("--feed/--no-feed", default=None, help="Publish an Atom feed (default: when no other channel).")
@click.option("--webhook", "webhook_url", metavar="URL", help="POST each alert as JSON to this URL.")
@click.option("--secret", "webhook_secret", metavar="S",
              help="Sign webhook bodies with this secret (HMAC-SHA256); '-' asks for it without echoing.")
@click.option("--email", metavar="ADDR", help="E-mail each alert to this address (SMTP from the configuration).")
@click.option("--digest", is_flag=True, help="With --email: one e-mail per digest interval instead of one per alert.")
@json_option
@db_option
def add_cmd(name: str | None, dyad: str | None, actors: tuple[str, ...], partners: tuple[str, ...],
            types: tuple[str, ...], modes: tuple[str, ...], dimensions: tuple[str, ...],
            min_intensity: float | None, shift_threshold: float | None, shift_window: str, feed: bool | None,
            webhook_url: str | None, webhook_secret: str | None, email: str | None, digest: bool,
            as_json: bool, db: str) -> None:
    """Add a watch; prints its id (and the path of its feed)."""
    if webhook_secret == "-":
        webhook_secret = click.prompt("Webhook secret", hide_input=True, confirmation_prompt=True, err=True)
    if digest and not email:
        raise click.UsageError("--digest goes with --email")
    pair = None
    if dyad:
        pair = [p for p in dyad.replace("–", "-").replace("/", "-").split("-") if p]
        if len(pair) != 2:
            raise click.UsageError("--dyad takes two codes joined by '-', e.g. ISR-AZE")
    try:
        watch = build_watch(name=name or "watch", dyad=pair, actors=list(actors), partners=list(partners),
                            types=list(types), modes=list(modes), dimensions=list(dimensions),
                            min_intensity=min_intensity, shift_threshold=shift_threshold, shift_window=shift_window,
                            feed=feed, webhook_url=webhook_url, webhook_secret=webhook_secret, email=email,
                            email_mode="digest" if digest else "immediate")
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    if not name:  # named after what it looks for
        watch.name = watch.describe()[:200] or "watch"
    with Store(db) as store:
        add_watch(store, watch)
    data = watch.public_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(f"added watch {watch.id}: {watch.name}")
    click.echo(f"  looks for {watch.describe()}")
    for line in _channel_lines(data):
        click.echo(f"  {line}")


@watch_group.command("list")
@json_option
@db_option
def list_cmd(as_json: bool, db: str) -> None:
    """List the watches (private settings masked), with their alert and delivery counts."""
    with Store(db) as store:
        rows = [{**w.public_dict(), "description": w.describe(), "alerts": count_alerts(store, w.id),
                 "deliveries": delivery_counts(store, w.id)} for w in list_watches(store)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo("no watches; add one with `entente watch add --dyad ISR-AZE`")
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['name']}  ({row['alerts']} alerts)")
        click.echo(f"    looks for {row['description']}")
        for line in _channel_lines(row):
            click.echo(f"    {line}")
        for channel, counts in sorted(row["deliveries"].items()):
            click.echo(f"    {channel} deliveries: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))


@watch_group.command("remove")
@click.argument("watch_id")
@db_option
def remove_cmd(watch_id: str, db: str) -> None:
    """Delete a watch, its alerts and its private settings."""
    with Store(db) as store:
        if not remove_watch(store, watch_id):
            raise click.ClickException(f"no watch {watch_id!r}; see `entente watch list`")
    click.echo(f"removed watch {watch_id}")


@watch_group.command("test")
@click.argument("watch_id")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Alerts to show at most.")
@json_option
@db_option
def test_cmd(watch_id: str, limit: int, as_json: bool, db: str) -> None:
    """Show what the watch would alert on among the stored events; records and sends nothing."""
    with Store(db) as store:
        watch = get_watch(store, watch_id)
        if watch is None:
            raise click.ClickException(f"no watch {watch_id!r}; see `entente watch list`")
        alerts = preview(store.con, watch, limit=limit)
    if as_json:
        click.echo(json.dumps([a.as_dict() for a in alerts], ensure_ascii=False, default=str))
        return
    if not alerts:
        click.echo(f"no stored event matches watch {watch_id} ({watch.describe()})")
        return
    click.echo(f"{len(alerts)} alert(s) would be raised by watch {watch_id} ({watch.describe()}):")
    for alert in alerts:
        click.echo(f"- {alert.title}")
        if alert.summary:
            click.echo(f"    {alert.summary}")


@watch_group.command("deliver")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), envvar="ENTENTE_CONFIG",
              help="TOML file with [smtp] and [alerts] settings (or set ENTENTE_CONFIG).")
@click.option("--digest-now", is_flag=True, help="Send digest e-mails now instead of waiting for their interval.")
@click.option("--retry-failed", "retry", is_flag=True, help="First make the deliveries that gave up pending again.")
@json_option
@db_option
def deliver_cmd(config_path: str | None, digest_now: bool, retry: bool, as_json: bool, db: str) -> None:
    """Deliver the pending alerts now (webhooks and e-mail); failures are retried later.

    Exit code 3 when some deliveries failed (recorded, and retried with back-off).
    """
    config = load_config(config_path)
    with Store(db) as store:
        reset = retry_failed(store) if retry else 0
        summary = deliver_pending(store, config, flush_digests=digest_now)
    data = {**summary.as_dict(), "reset": reset}
    if as_json:
        click.echo(json.dumps(data))
        return
    click.echo(f"sent {summary.total_sent} ({_counts(summary.sent)}), e-mails {summary.emails}, "
               f"failed {sum(summary.failed.values())} ({_counts(summary.failed)}), "
               f"gave up {sum(summary.gave_up.values())}, still pending {summary.waiting}")
    if summary.failed or summary.gave_up:
        sys.exit(EXIT_REJECTED)  # finished, but some deliveries failed (they are retried later)


@watch_group.command("feed")
@click.argument("watch_id")
@click.option("--limit", type=click.IntRange(1, 1000), default=100, show_default=True)
@db_option
def feed_cmd(watch_id: str, limit: int, db: str) -> None:
    """Print the watch's Atom feed."""
    with Store(db) as store:
        body = watch_feed(store, watch_id, limit=limit)
    if body is None:
        raise click.ClickException(f"no feed for watch {watch_id!r} (no such watch, or made with --no-feed)")
    click.echo(body.decode("utf-8"))


def _channel_lines(data: dict[str, Any]) -> list[str]:
    channels = data["channels"]
    lines = []
    if channels["feed"]:
        lines.append(f"feed: /api/watches/{data['id']}/feed.atom (or `entente watch feed {data['id']}`)")
    if channels["webhook"]:
        lines.append(f"webhook: {channels['webhook']['url']}" + (" (signed)" if channels["webhook"]["has_secret"] else ""))
    if channels["email"]:
        lines.append(f"e-mail: {channels['email']['address']} ({channels['email']['mode']})")
    return lines


def _counts(table: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(table.items())) or "none"


def register(group: click.Group) -> None:
    group.add_command(watch_group)
