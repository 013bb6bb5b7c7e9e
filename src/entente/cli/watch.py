"""`entente watch`: add, list, remove and test watches; deliver pending alerts; print a watch's feed.

Thin commands over `entente.watch`. Private settings (e-mail address, webhook URL and secret) are
taken in and never printed back: listings show masks. While `entente serve` holds the store,
`list`, `test` and `feed` answer through it (`entente.cli.access`), and `add` and `remove` go
through its watches API; `deliver` is the server's own job then. `entente.watch` is imported
inside the commands, so that `entente --help` does not load DuckDB.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ..errors import ConfigError, InputRejected
from . import EXIT_REJECTED
from .access import answer, answering_server, read_query, writable_store
from .choices import WATCH_MODES, WATCH_WINDOWS
from .options import db_option, json_option

if TYPE_CHECKING:
    import duckdb

    from ..api.discovery import ServerInfo
    from ..watch import Watch


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
@click.option("--mode", "modes", multiple=True, type=click.Choice(WATCH_MODES), help="A modality (repeatable).")
@click.option("--dimension", "dimensions", multiple=True, metavar="NAME", help="A dimension, e.g. military (repeatable).")
@click.option("--min-intensity", type=click.FloatRange(0, 10), help="Least |Goldstein intensity| of an event.")
@click.option("--shift", "shift_threshold", type=click.FloatRange(0, 2, min_open=True),
              help="Alert when the dyad's score moves by this much between windows (a shift watch).")
@click.option("--window", "shift_window", type=click.Choice(WATCH_WINDOWS), default="month", show_default=True,
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
    """Add a watch; prints its id (and the path of its feed).

    A webhook on a loopback, private or other non-public address is accepted with a warning (on
    standard error; with --json, in the object's "warnings"): delivery refuses such addresses unless
    the configuration allows them ([alerts] allow_private_webhooks, or ENTENTE_WEBHOOK_ALLOW_PRIVATE=1).
    """
    from ..watch import add_watch
    from ..watch.api import build_watch

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
    warning = _webhook_warning(watch.webhook_url) if watch.webhook_url else None
    server = answering_server(db)
    if server is not None:  # the server holds the store: it adds the watch (and gives it its id)
        data = _added_through(server, watch)
    else:
        with writable_store(db) as store:
            add_watch(store, watch)
        data = watch.public_dict()
    if as_json:  # the warning travels with the result, so that a script reading it sees it
        click.echo(json.dumps({**data, "warnings": [warning]} if warning else data, ensure_ascii=False))
        return
    if warning:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"added watch {data['id']}: {data['name']}")
    click.echo(f"  looks for {watch.describe()}")
    for line in _channel_lines(data):
        click.echo(f"  {line}")


def _added_through(server: ServerInfo, watch: Watch) -> dict[str, Any]:
    """Add the watch with the server's watches API; its public view, with the keys a local add prints."""
    from ..api.remote import CommandRefused, create_watch_via_server

    fields = {"name": watch.name, "actors": watch.actors, "partners": watch.partners, "types": watch.types,
              "modes": watch.modes, "dimensions": watch.dimensions, "min_intensity": watch.min_intensity,
              "shift_threshold": watch.shift_threshold, "shift_window": watch.shift_window, "feed": watch.feed,
              "webhook_url": watch.webhook_url, "webhook_secret": watch.webhook_secret, "email": watch.email,
              "email_mode": watch.email_mode}
    try:
        view = create_watch_via_server(server, fields)
    except CommandRefused as exc:
        raise click.UsageError(str(exc)) from None
    return {key: view[key] for key in watch.public_dict()}


#: How long `watch add` waits for the webhook's host name to resolve before it gives up checking.
RESOLVE_SECONDS = 3.0


def _webhook_warning(url: str) -> str | None:
    """Why deliveries to the webhook `url` would be refused, or None when its address is public.

    The check is delivery's own (`entente.ingest.fetch.check_host`, with the configuration's
    `allow_private_webhooks`), so what is said here is what delivery will do. The message names the
    host and its address, never the URL, whose path may hold a secret.
    """
    import httpx

    from ..ingest.fetch import check_host
    from ..watch import load_config

    try:
        allowed = load_config().allow_private_webhooks
    except ConfigError:  # a broken configuration is `watch deliver`'s to report
        allowed = False
    try:
        check_host(httpx.URL(url), allow_private=allowed, resolve=_resolve_within(RESOLVE_SECONDS))
    except InputRejected as exc:
        if exc.reason.value == "forbidden_address":
            return (f"the webhook is not on the public internet ({exc.detail}), so deliveries to it will be refused. "
                    "If it is meant to be on this machine or network, allow it where alerts are delivered: "
                    "allow_private_webhooks = true under [alerts] in the configuration (ENTENTE_CONFIG or "
                    "--config), or ENTENTE_WEBHOOK_ALLOW_PRIVATE=1.")
        return f"the webhook cannot be checked ({exc.detail}); deliveries will fail until its host resolves."
    except httpx.InvalidURL:  # the watch's own check has already refused malformed URLs
        return None
    return None


def _resolve_within(seconds: float) -> Callable[[str, int], list[str]]:
    """A resolver for `check_host` that gives up after `seconds` (a slow DNS must not hang `watch add`)."""
    import socket
    import threading

    def resolve(host: str, port: int) -> list[str]:
        found: list[str] = []
        failure: list[OSError] = []

        def lookup() -> None:
            try:
                found.extend(str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
            except OSError as exc:
                failure.append(exc)

        worker = threading.Thread(target=lookup, name="entente-resolve", daemon=True)
        worker.start()
        worker.join(seconds)
        if worker.is_alive():
            raise OSError(f"no answer within {seconds:g}s")
        if failure:
            raise failure[0]
        return found

    return resolve


@watch_group.command("list")
@json_option
@db_option
def list_cmd(as_json: bool, db: str) -> None:
    """List the watches (private settings masked), with their alert and delivery counts."""
    click.echo(answer(db, "watch-list", as_json=as_json), nl=False)


@read_query("watch-list")
def list_query(con: duckdb.DuckDBPyConnection, *, as_json: bool) -> str:
    from ..watch import list_watches
    from ..watch.watches import count_alerts, delivery_counts

    rows = [{**w.public_dict(), "description": w.describe(), "alerts": count_alerts(con, w.id),
             "deliveries": delivery_counts(con, w.id)} for w in list_watches(con)]
    if as_json:
        return json.dumps(rows, ensure_ascii=False) + "\n"
    if not rows:
        return "no watches; add one with `entente watch add --dyad ISR-AZE`\n"
    lines = []
    for row in rows:
        lines.append(f"{row['id']}  {row['name']}  ({row['alerts']} alerts)")
        lines.append(f"    looks for {row['description']}")
        lines.extend(f"    {line}" for line in _channel_lines(row))
        for channel, counts in sorted(row["deliveries"].items()):
            lines.append(f"    {channel} deliveries: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    return "".join(f"{line}\n" for line in lines)


@watch_group.command("remove")
@click.argument("watch_id")
@db_option
def remove_cmd(watch_id: str, db: str) -> None:
    """Delete a watch, its alerts and its private settings."""
    from ..watch import remove_watch

    server = answering_server(db)
    if server is not None:  # the server holds the store: it removes the watch
        from ..api.remote import remove_watch_via_server

        removed = remove_watch_via_server(server, watch_id)
    else:
        with writable_store(db) as store:
            removed = remove_watch(store, watch_id)
    if not removed:
        raise click.ClickException(f"no watch {watch_id!r}; see `entente watch list`")
    click.echo(f"removed watch {watch_id}")


@watch_group.command("test")
@click.argument("watch_id")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Alerts to show at most.")
@json_option
@db_option
def test_cmd(watch_id: str, limit: int, as_json: bool, db: str) -> None:
    """Show what the watch would alert on among the stored events; records and sends nothing."""
    click.echo(answer(db, "watch-test", watch_id=watch_id, limit=limit, as_json=as_json), nl=False)


@read_query("watch-test")
def test_query(con: duckdb.DuckDBPyConnection, *, watch_id: str, limit: int, as_json: bool) -> str:
    from ..watch import get_watch, preview

    watch = get_watch(con, watch_id)
    if watch is None:
        raise click.ClickException(f"no watch {watch_id!r}; see `entente watch list`")
    alerts = preview(con, watch, limit=limit)
    if as_json:
        return json.dumps([a.as_dict() for a in alerts], ensure_ascii=False, default=str) + "\n"
    if not alerts:
        return f"no stored event matches watch {watch_id} ({watch.describe()})\n"
    lines = [f"{len(alerts)} alert(s) would be raised by watch {watch_id} ({watch.describe()}):"]
    for alert in alerts:
        lines.append(f"- {alert.title}")
        if alert.summary:
            lines.append(f"    {alert.summary}")
    return "".join(f"{line}\n" for line in lines)


@watch_group.command("deliver")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), envvar="ENTENTE_CONFIG",
              help="TOML file with [smtp] and [alerts] settings (or set ENTENTE_CONFIG).")
@click.option("--digest-now", is_flag=True, help="Send digest e-mails now instead of waiting for their interval.")
@click.option("--retry-failed", "retry", is_flag=True, help="First make the deliveries that gave up pending again.")
@json_option
@db_option
def deliver_cmd(config_path: str | None, digest_now: bool, retry: bool, as_json: bool, db: str) -> None:
    """Deliver the pending alerts now (webhooks and e-mail); failures are retried later.

    Exit code 3 when some deliveries failed or gave up (recorded, and retried with back-off), with
    --json as without.
    """
    from ..watch import deliver_pending, load_config, retry_failed

    server = answering_server(db)
    if server is not None:
        raise click.ClickException(
            f"{db} is held by `entente serve` (pid {server.pid}, {server.url}), which delivers the pending alerts "
            "itself and retries the failed ones. To deliver from here instead, stop the server (Ctrl+C in its "
            f"terminal, or `kill {server.pid}`) and run `entente watch deliver` again.")
    config = load_config(config_path)
    with writable_store(db) as store:
        reset = retry_failed(store) if retry else 0
        summary = deliver_pending(store, config, flush_digests=digest_now)
    data = {**summary.as_dict(), "reset": reset}
    if as_json:
        click.echo(json.dumps(data))
    else:
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
    click.echo(answer(db, "watch-feed", watch_id=watch_id, limit=limit), nl=False)


@read_query("watch-feed")
def feed_query(con: duckdb.DuckDBPyConnection, *, watch_id: str, limit: int) -> str:
    from ..watch import watch_feed

    body = watch_feed(con, watch_id, limit=limit)
    if body is None:
        raise click.ClickException(f"no feed for watch {watch_id!r} (no such watch, or made with --no-feed)")
    return body.decode("utf-8") + "\n"


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
