"""Delivery: send the pending alerts of the outbox (`deliveries`) by webhook and e-mail.

Detection records each alert with one `pending` delivery row per push channel, in the ingest
transaction. `deliver_pending` sends what is due and records each outcome on its row:

* **webhook**: a JSON POST; with a secret, `X-Entente-Signature: sha256=<hex>` is the HMAC-SHA256
  of the exact body bytes under the secret. A 2xx answer is success; anything else (an error
  status, a refused connection, a timeout) is a failure, retried after `backoff_base`, then twice
  as long each time up to `backoff_max`; after `max_attempts` failures the row is `failed` (kept,
  and pending again with `entente watch deliver --retry-failed`). Redirects are not followed.
* **e-mail**: through the configured SMTP server, one message per alert (`immediate`) or one per
  watch every `digest_interval` (`digest`), with the same retry rule.
* the **feed** needs no delivery: it is generated from `alerts` when it is read.

Delivery is at least once: a process killed after a send and before its row is updated sends
that alert again next time. Receivers can tell repeats by the alert id (`X-Entente-Alert`).

Subscriber addresses, webhook URLs and secrets are never logged, and are scrubbed from the error
text stored in `last_error`.
"""
from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import smtplib
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any
from urllib.parse import urlsplit

import duckdb

from .. import __version__
from ..errors import EntenteError
from .config import AlertConfig, SmtpConfig, load_config
from .detect import check_shifts
from .records import Alert, Watch, mask_email, mask_url
from .watches import alert_from_row, connection, get_watch, utcnow, with_retries

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Entente-Signature"
ALERT_HEADER = "X-Entente-Alert"
#: Alerts in one digest e-mail; the rest wait for the next digest.
DIGEST_MAX = 200
_MAX_ERROR = 500
_LOCK = threading.Lock()  # one delivery run at a time per process: no alert is sent twice concurrently
_ALERT_SELECT = ("a.id, a.watch_id, a.kind, a.title, a.summary, a.payload, a.created_at, a.event_id, "
                 "a.article_id, a.story_id, a.equivalent")


class DeliveryError(EntenteError):
    """One delivery attempt failed; the message is already free of private fields."""


@dataclass(slots=True)
class DeliverySummary:
    """What one delivery run did, per channel."""

    sent: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)    # attempts that failed and will be retried
    gave_up: dict[str, int] = field(default_factory=dict)   # deliveries marked failed in this run
    cancelled: int = 0                                      # the watch or its channel is gone
    emails: int = 0                                         # messages sent (a digest counts once)
    waiting: int = 0                                        # pending, not due yet (back-off or digest)
    shift_alerts: int = 0                                   # new shift alerts found by `check_shifts`

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def total_sent(self) -> int:
        return sum(self.sent.values())

    def _bump(self, table: dict[str, int], channel: str, n: int = 1) -> None:
        table[channel] = table.get(channel, 0) + n


def sign(secret: str, body: bytes) -> str:
    """The value of `X-Entente-Signature` for a body: `sha256=` and the hex HMAC-SHA256."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """What a receiver does: recompute the signature and compare in constant time."""
    return bool(header) and hmac.compare_digest(sign(secret, body), header or "")


def deliver_pending(store: Any, config: AlertConfig | None = None, *, now: datetime | None = None,
                    flush_digests: bool = False, budget: float | None = None,
                    limit: int = 1000) -> DeliverySummary:
    """Check queued shifts, then send every due pending delivery; record each outcome; return what happened.

    `store` is a `Store` or a DuckDB connection; call it outside any transaction. `now` (naive
    UTC) is for tests; `flush_digests` sends digest e-mails without waiting for their interval;
    `budget` (seconds) stops starting new sends after that long, leaving the rest pending.
    Channel failures never raise: they are recorded and retried.
    """
    config = config or load_config()
    con = connection(store)
    now = now or utcnow()
    started = time.monotonic()
    summary = DeliverySummary()
    with _LOCK:
        summary.shift_alerts = check_shifts(con, now=now)
        summary.cancelled = _cancel_orphans(con)
        watches: dict[str, Watch | None] = {}
        mailer = _Mailer(config.smtp)
        try:
            due = _due(con, now, limit)
            digests: dict[str, list[Alert]] = {}
            for alert, channel, attempts in due:
                if budget is not None and time.monotonic() - started > budget:
                    break
                watch = watches.setdefault(alert.watch_id, get_watch(con, alert.watch_id))
                if watch is None or channel not in watch.push_channels:
                    _set(con, alert.id, channel, status="cancelled")
                    summary.cancelled += 1
                    continue
                if channel == "email" and watch.email_mode == "digest":
                    digests.setdefault(watch.id, []).append(alert)
                    continue
                try:
                    if channel == "webhook":
                        _send_webhook(config, watch, alert, attempts + 1, now)
                    else:
                        mailer.send(_immediate_message(config, watch, alert))
                        summary.emails += 1
                except DeliveryError as exc:
                    _failed(con, config, summary, watch, [alert.id], channel, attempts, str(exc), now,
                            permanent=getattr(exc, "permanent", False))
                else:
                    _sent(con, summary, watch, [alert.id], channel, now)
            for watch_id, alerts in digests.items():
                if budget is not None and time.monotonic() - started > budget:
                    break
                watch = watches[watch_id]
                assert watch is not None
                if not (flush_digests or _digest_due(watch, config, now)):
                    continue
                alerts = alerts[:DIGEST_MAX]
                attempts = _attempts(con, [a.id for a in alerts])
                try:
                    mailer.send(_digest_message(config, watch, alerts))
                    summary.emails += 1
                except DeliveryError as exc:
                    _failed(con, config, summary, watch, [a.id for a in alerts], "email", attempts, str(exc), now)
                else:
                    _sent(con, summary, watch, [a.id for a in alerts], "email", now)
                    with_retries(lambda w=watch_id: con.execute(
                        "UPDATE watches SET digest_sent_at = ? WHERE id = ?", [now, w]))
        finally:
            mailer.close()
        row = con.execute("SELECT count(*) FROM deliveries WHERE status = 'pending'").fetchone()
        summary.waiting = int(row[0]) if row else 0
    if summary.total_sent or summary.failed:
        log.info("delivery: sent %s, failed %s, still pending %d", summary.sent, summary.failed, summary.waiting)
    return summary


def after_batch(store: Any, config: AlertConfig | None = None, *, budget: float = 5.0) -> DeliverySummary | None:
    """Deliver what is due after an ingest, for at most about `budget` seconds; never raises.

    What is not sent stays pending for the next call, `entente watch deliver`, or a
    `DeliveryWorker`.
    """
    try:
        return deliver_pending(store, config, budget=budget)
    except (EntenteError, duckdb.Error) as exc:
        log.warning("alert delivery skipped: %s (%s)", type(exc).__name__, exc)
        return None


def retry_failed(store: Any, watch_id: str | None = None, *, now: datetime | None = None) -> int:
    """Make the deliveries that gave up pending again (attempts reset); returns how many."""
    con = connection(store)
    sql = "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE status = 'failed'"
    params: list[Any] = [now or utcnow()]
    if watch_id:
        sql += " AND watch_id = ?"
        params.append(watch_id)
    row = with_retries(lambda: con.execute(sql + " RETURNING alert_id", params).fetchall())
    return len(row or [])


class DeliveryWorker:
    """Delivers pending alerts on a background thread: every `interval` seconds, and soon after `notify()`.

    `connect` makes the connection the thread uses (in a server: a cursor of the served store,
    e.g. `lambda: service.store.con.cursor()`), so that sending never holds the ingest writer.
    """

    def __init__(self, connect: Callable[[], duckdb.DuckDBPyConnection], config: AlertConfig | None = None, *,
                 interval: float = 30.0) -> None:
        self._connect = connect
        self.config = config or load_config()
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="entente-alerts", daemon=True)

    def start(self) -> DeliveryWorker:
        self._thread.start()
        return self

    def notify(self) -> None:
        """New alerts were committed: deliver soon."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        con = self._connect()
        try:
            while not self._stop.is_set():
                try:
                    deliver_pending(con, self.config)
                except Exception:  # the worker must outlive one bad run
                    log.exception("alert delivery run failed")
                self._wake.wait(self.interval)
                self._wake.clear()
        finally:
            try:
                con.close()
            except duckdb.Error:
                pass


# -- the outbox ------------------------------------------------------------------------------
def _due(con: duckdb.DuckDBPyConnection, now: datetime, limit: int) -> list[tuple[Alert, str, int]]:
    rows = con.execute(
        f"""SELECT {_ALERT_SELECT}, d.channel, d.attempts FROM deliveries d JOIN alerts a ON a.id = d.alert_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= ?
            ORDER BY d.created_at, a.created_at, a.id, d.channel LIMIT ?""", [now, limit]).fetchall()
    return [(alert_from_row(r[:11]), r[11], int(r[12])) for r in rows]


def _cancel_orphans(con: duckdb.DuckDBPyConnection) -> int:
    rows = with_retries(lambda: con.execute(
        """UPDATE deliveries SET status = 'cancelled' WHERE status = 'pending'
           AND (watch_id NOT IN (SELECT id FROM watches) OR alert_id NOT IN (SELECT id FROM alerts))
           RETURNING alert_id""").fetchall())
    return len(rows or [])


def _attempts(con: duckdb.DuckDBPyConnection, alert_ids: list[str]) -> int:
    row = con.execute("SELECT max(attempts) FROM deliveries WHERE channel = 'email' AND alert_id IN (SELECT unnest(?))",
                      [alert_ids]).fetchone()
    return int(row[0] or 0) if row else 0


def _set(con: duckdb.DuckDBPyConnection, alert_id: str, channel: str, **values: Any) -> None:
    assignments = ", ".join(f"{k} = ?" for k in values)
    with_retries(lambda: con.execute(f"UPDATE deliveries SET {assignments} WHERE alert_id = ? AND channel = ?",
                                     [*values.values(), alert_id, channel]))


def _sent(con: duckdb.DuckDBPyConnection, summary: DeliverySummary, watch: Watch, alert_ids: list[str],
          channel: str, now: datetime) -> None:
    for alert_id in alert_ids:
        with_retries(lambda a=alert_id: con.execute(
            """UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL
               WHERE alert_id = ? AND channel = ?""", [now, a, channel]))
    summary._bump(summary.sent, channel, len(alert_ids))
    log.info("watch %s: %d alert(s) delivered by %s", watch.id, len(alert_ids), channel)


def _failed(con: duckdb.DuckDBPyConnection, config: AlertConfig, summary: DeliverySummary, watch: Watch,
            alert_ids: list[str], channel: str, attempts: int, error: str, now: datetime, *,
            permanent: bool = False) -> None:
    attempts += 1
    error = _scrub(error, watch)[:_MAX_ERROR]
    give_up = permanent or attempts >= config.max_attempts
    retry_at = now + timedelta(seconds=config.backoff(attempts))
    for alert_id in alert_ids:
        _set(con, alert_id, channel, status="failed" if give_up else "pending", attempts=attempts,
             next_attempt_at=retry_at, last_error=error)
    if give_up:
        summary._bump(summary.gave_up, channel, len(alert_ids))
        log.warning("watch %s: %s delivery of %d alert(s) gave up after %d attempt(s): %s", watch.id, channel,
                    len(alert_ids), attempts, error)
    else:
        summary._bump(summary.failed, channel, len(alert_ids))
        log.warning("watch %s: %s delivery of %d alert(s) failed (attempt %d), next try at %sZ: %s", watch.id,
                    channel, len(alert_ids), attempts, retry_at.isoformat(timespec="seconds"), error)


def _digest_due(watch: Watch, config: AlertConfig, now: datetime) -> bool:
    last = watch.digest_sent_at or watch.created_at or now
    return now >= last + timedelta(seconds=config.digest_interval)


def _scrub(text: str, watch: Watch) -> str:
    """The text with the watch's private fields replaced by their masks."""
    replacements: list[tuple[str, str]] = []
    if watch.webhook_secret:
        replacements.append((watch.webhook_secret, "***"))
    if watch.webhook_url:
        masked = mask_url(watch.webhook_url) or "***"
        parts = urlsplit(watch.webhook_url)
        replacements += [(watch.webhook_url, masked)]
        if parts.path not in ("", "/"):
            replacements.append((parts.path + (f"?{parts.query}" if parts.query else ""), "/…"))
            replacements.append((parts.path, "/…"))
        if parts.query:
            replacements.append((parts.query, "…"))
    if watch.email:
        replacements.append((watch.email, mask_email(watch.email) or "***"))
        replacements.append((watch.email.lower(), mask_email(watch.email) or "***"))
    for secret, mask in sorted(replacements, key=lambda r: -len(r[0])):
        if secret:
            text = text.replace(secret, mask)
    return text


# -- webhooks --------------------------------------------------------------------------------
def webhook_body(config: AlertConfig, alert: Alert, attempt: int, now: datetime) -> bytes:
    """The exact bytes POSTed (and signed): the alert's payload with its id, title and summary."""
    data = {**alert.payload, "id": alert.id, "title": alert.title, "summary": alert.summary,
            "created_at": _iso(alert.created_at), "feed": config.feed_url(alert.watch_id),
            "delivery": {"attempt": attempt, "sent_at": _iso(now)}}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _send_webhook(config: AlertConfig, watch: Watch, alert: Alert, attempt: int, now: datetime) -> None:
    url = watch.webhook_url or ""
    _check_destination(url, config)
    body = webhook_body(config, alert, attempt, now)
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": f"entente/{__version__}",
               ALERT_HEADER: alert.id, "X-Entente-Watch": watch.id}
    if watch.webhook_secret:
        headers[SIGNATURE_HEADER] = sign(watch.webhook_secret, body)
    parts = urlsplit(url)
    try:
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(parts.hostname or "", parts.port, timeout=config.webhook_timeout,
                                               context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=config.webhook_timeout)
        try:
            conn.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body=body,
                         headers=headers)
            response = conn.getresponse()
            response.read(64 * 1024)
            status = response.status
        finally:
            conn.close()
    except (OSError, http.client.HTTPException) as exc:  # refused, reset, timeout, TLS, bad answer
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from None
    if not 200 <= status < 300:
        raise DeliveryError(f"the webhook answered HTTP {status}")


def _check_destination(url: str, config: AlertConfig) -> None:
    """Refuse webhooks to private, loopback and other non-public addresses unless allowed."""
    import httpx

    from ..errors import InputRejected
    from ..ingest.fetch import check_host
    try:
        check_host(httpx.URL(url), allow_private=config.allow_private_webhooks)
    except InputRejected as exc:
        error = DeliveryError(f"{exc.reason.value}: the webhook's address is not public "
                              "(set [alerts] allow_private_webhooks to allow it)")
        error.permanent = True  # type: ignore[attr-defined]
        raise error from None
    except httpx.InvalidURL as exc:
        error = DeliveryError(f"invalid webhook URL ({type(exc).__name__})")
        error.permanent = True  # type: ignore[attr-defined]
        raise error from None


# -- e-mail ----------------------------------------------------------------------------------
class _Mailer:
    """One SMTP connection per delivery run, opened on the first message."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        if not self.config.host:
            raise DeliveryError("no SMTP server is configured (set [smtp] host or ENTENTE_SMTP_HOST)")
        for attempt in range(2):
            try:
                if self._smtp is None:
                    self._smtp = self._connect()
                refused = self._smtp.send_message(message)
            except smtplib.SMTPServerDisconnected as exc:
                self._smtp = None
                if attempt:
                    raise DeliveryError(f"SMTPServerDisconnected: {exc}") from None
                continue
            except smtplib.SMTPResponseException as exc:
                self._reset()
                raise DeliveryError(f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}") from None
            except smtplib.SMTPRecipientsRefused as exc:
                self._reset()
                codes = sorted({str(code) for code, _ in exc.recipients.values()})
                raise DeliveryError(f"SMTPRecipientsRefused: the server refused the recipient ({', '.join(codes)})") from None
            except (smtplib.SMTPException, OSError) as exc:
                self._smtp = None
                raise DeliveryError(f"{type(exc).__name__}: {exc}") from None
            if refused:
                raise DeliveryError("the server refused the recipient")
            return

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if cfg.ssl:
            smtp = smtplib.SMTP_SSL(cfg.host or "", cfg.port, timeout=cfg.timeout, context=context)
        else:
            smtp = smtplib.SMTP(cfg.host or "", cfg.port, timeout=cfg.timeout)
        try:
            smtp.ehlo()
            if cfg.starttls:
                smtp.starttls(context=context)
                smtp.ehlo()
            if cfg.username and cfg.password:
                smtp.login(cfg.username, cfg.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _reset(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.rset()
            except (smtplib.SMTPException, OSError):
                self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None


def _message(config: AlertConfig, watch: Watch, subject: str, body: str, alert_ids: list[str]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = " ".join(subject.split())[:200]
    message["From"] = config.smtp.sender
    message["To"] = watch.email or ""
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Message-ID"] = make_msgid("entente", domain=config.smtp.sender.rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"
    message["X-Entente-Watch"] = watch.id
    if len(alert_ids) == 1:
        message[ALERT_HEADER] = alert_ids[0]
    footer = [f"You receive this because of the entente watch {watch.name!r} ({watch.id}).",
              f"Stop it with `entente watch remove {watch.id}`."]
    feed = config.feed_url(watch.id)
    if feed:
        footer.insert(1, f"Its feed: {feed}")
    message.set_content(body.rstrip() + "\n\n-- \n" + "\n".join(footer) + "\n")
    return message


def _alert_text(alert: Alert) -> str:
    lines = [alert.title, ""]
    if alert.summary:
        lines.append(alert.summary)
    article = alert.payload.get("article") or {}
    if article.get("url"):
        lines.append(f"Source: {article['url']}")
    lines.append(f"Alert {alert.id}")
    return "\n".join(lines)


def _immediate_message(config: AlertConfig, watch: Watch, alert: Alert) -> EmailMessage:
    return _message(config, watch, f"[entente] {watch.name}: {alert.title}", _alert_text(alert), [alert.id])


def _digest_message(config: AlertConfig, watch: Watch, alerts: list[Alert]) -> EmailMessage:
    body = f"{len(alerts)} new alert(s) for {watch.name}:\n\n" + "\n\n".join(
        f"{i}. {_alert_text(a)}" for i, a in enumerate(alerts, 1))
    return _message(config, watch, f"[entente] {watch.name}: {len(alerts)} new alert(s)", body,
                    [a.id for a in alerts])


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _iso(ts: datetime | None) -> str | None:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ") if ts else None
