"""Delivery through real servers on 127.0.0.1: signed webhooks with retries and back-off, e-mail
(immediate, digest, login), the outbox surviving a killed process, and private fields kept out of
logs and stored errors."""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from entente.store import Store
from entente.watch import DeliveryWorker, Watch, add_watch, after_batch, deliver_pending, retry_failed
from entente.watch.config import AlertConfig, SmtpConfig, with_smtp
from entente.watch.watches import utcnow

from .conftest import (
    COLD,
    SENDER,
    STORY,
    WARM,
    Hook,
    Mailbox,
    article,
    cold,
    event,
    ingest,
    json_body,
    month,
    warm,
)

SECRET = "s3cret-for-hmac-only"
ADDRESS = "analyst.private@example.org"
DENIAL = (STORY.index("Israeli"), STORY.index(".", STORY.index("Israeli")) + 1)


def _watch(store: Store, hook: Hook | None = None, *, email: str | None = ADDRESS, mode: str = "immediate",
           created: Any = None) -> Watch:
    watch = Watch.create("ISR–AZE", actors=["ISR"], partners=["AZE"], feed=True,
                         webhook_url=hook.url() if hook else None, webhook_secret=SECRET if hook else None,
                         email=email, email_mode=mode)
    watch.created_at = created
    return add_watch(store, watch)


def _ingest_story(store: Store, n: int = 1) -> None:
    ingest(store, [(article(STORY), [event(f"e{i}", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0, span=DENIAL)
                                     for i in range(n)])])


def _deliveries(store: Store) -> dict[str, tuple[Any, ...]]:
    rows = store.con.execute("SELECT channel, status, attempts, next_attempt_at, last_error, sent_at "
                             "FROM deliveries ORDER BY channel").fetchall()
    return {r[0]: r[1:] for r in rows}


def test_deliver_signed_webhook_and_email(store: Store, webhook_server: Hook, smtp_server: Mailbox,
                                          alert_config: AlertConfig) -> None:
    watch = _watch(store, webhook_server)
    _ingest_story(store)
    summary = deliver_pending(store, alert_config)
    assert summary.sent == {"webhook": 1, "email": 1} and summary.emails == 1 and summary.waiting == 0

    [request] = webhook_server.received
    body = request["body"]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert request["headers"]["X-Entente-Signature"] == expected
    assert request["path"] == "/hooks/T0K3N-in-path"
    data = json_body(request)
    assert request["headers"]["X-Entente-Alert"] == data["id"]
    assert data["kind"] == "event" and data["event"]["type"] == "COOPERATE"
    assert data["watch"] == {"id": watch.id, "name": "ISR–AZE"}
    assert data["event"]["evidence"].startswith("Israeli and Azerbaijani officials denied")
    assert data["feed"] == f"http://entente.test/watches/{watch.id}/feed.atom"

    [message] = smtp_server.messages
    assert smtp_server.recipients() == [ADDRESS]
    assert message["From"] == SENDER and message["To"] == ADDRESS
    assert message["Subject"] == "[entente] ISR–AZE: Israel → Azerbaijan: COOPERATE"
    assert message["Auto-Submitted"] == "auto-generated"
    assert "Israeli and Azerbaijani officials denied" in message.get_payload(decode=True).decode()

    assert {c: row[:2] for c, row in _deliveries(store).items()} == {"email": ("sent", 1), "webhook": ("sent", 1)}
    again = deliver_pending(store, alert_config)  # nothing twice
    assert again.total_sent == 0 and len(webhook_server.requests) == 1 and len(smtp_server.envelopes) == 1


def test_deliver_webhook_failing_twice_is_retried_with_backoff(store: Store, webhook_server: Hook,
                                                               alert_config: AlertConfig) -> None:
    webhook_server.fail = 2
    _watch(store, webhook_server, email=None)
    _ingest_story(store)
    t0 = utcnow()

    first = deliver_pending(store, alert_config, now=t0)
    status, attempts, next_at, error, _ = _deliveries(store)["webhook"]
    assert first.failed == {"webhook": 1}
    assert (status, attempts, error) == ("pending", 1, "the webhook answered HTTP 500")
    assert next_at == t0 + timedelta(seconds=30)

    early = deliver_pending(store, alert_config, now=t0 + timedelta(seconds=10))
    assert early.total_sent == 0 and not early.failed and early.waiting == 1
    assert len(webhook_server.requests) == 1  # not due yet: not tried

    t1 = t0 + timedelta(seconds=31)
    deliver_pending(store, alert_config, now=t1)
    status, attempts, next_at, _, _ = _deliveries(store)["webhook"]
    assert (status, attempts, next_at) == ("pending", 2, t1 + timedelta(seconds=60))  # doubled

    t2 = t1 + timedelta(seconds=61)
    last = deliver_pending(store, alert_config, now=t2)
    assert last.sent == {"webhook": 1}
    status, attempts, _, error, sent_at = _deliveries(store)["webhook"]
    assert (status, attempts, error, sent_at) == ("sent", 3, None, t2)
    assert len(webhook_server.requests) == 3 and len(webhook_server.received) == 1
    attempt_numbers = [json_body(r)["delivery"]["attempt"] for r in webhook_server.requests]
    assert attempt_numbers == [1, 2, 3]
    for record in webhook_server.requests:  # every attempt is signed over its own body
        expected = "sha256=" + hmac.new(SECRET.encode(), record["body"], hashlib.sha256).hexdigest()
        assert record["headers"]["X-Entente-Signature"] == expected
    assert len({json_body(r)["id"] for r in webhook_server.requests}) == 1


def test_deliver_gives_up_after_max_attempts_then_retry_failed_sends(store: Store, webhook_server: Hook,
                                                                     alert_config: AlertConfig) -> None:
    config = dataclasses.replace(alert_config, max_attempts=2, backoff_base=0)
    webhook_server.fail = 2
    _watch(store, webhook_server, email=None)
    _ingest_story(store)
    deliver_pending(store, config)
    summary = deliver_pending(store, config)
    assert summary.gave_up == {"webhook": 1}
    assert _deliveries(store)["webhook"][:2] == ("failed", 2)
    assert deliver_pending(store, config).total_sent == 0  # a failed delivery waits for a person
    assert retry_failed(store) == 1
    assert deliver_pending(store, config).sent == {"webhook": 1}
    assert len(webhook_server.received) == 1


def test_deliver_refuses_private_addresses_unless_allowed(store: Store, webhook_server: Hook,
                                                          alert_config: AlertConfig) -> None:
    _watch(store, webhook_server, email=None)
    _ingest_story(store)
    summary = deliver_pending(store, dataclasses.replace(alert_config, allow_private_webhooks=False))
    assert summary.gave_up == {"webhook": 1} and webhook_server.requests == []
    assert "forbidden_address" in _deliveries(store)["webhook"][3]


def test_deliver_unreachable_webhook_is_retried(store: Store, alert_config: AlertConfig) -> None:
    dead = Hook(port=1)  # nothing listens on port 1
    _watch(store, dead, email=None)
    _ingest_story(store)
    assert deliver_pending(store, alert_config).failed == {"webhook": 1}
    status, attempts, _, error, _ = _deliveries(store)["webhook"]
    assert (status, attempts) == ("pending", 1) and "Connection" in error


def test_deliver_email_digest_waits_for_its_interval(store: Store, smtp_server: Mailbox,
                                                     alert_config: AlertConfig) -> None:
    t0 = utcnow()
    watch = _watch(store, mode="digest", created=t0)
    _ingest_story(store, n=3)
    assert deliver_pending(store, alert_config, now=t0 + timedelta(minutes=5)).waiting == 3
    assert smtp_server.envelopes == []
    t1 = t0 + timedelta(seconds=3601)
    summary = deliver_pending(store, alert_config, now=t1)
    assert summary.sent == {"email": 3} and summary.emails == 1
    [message] = smtp_server.messages
    assert message["Subject"] == "[entente] ISR–AZE: 3 new alert(s)"
    text = message.get_payload(decode=True).decode()
    assert text.count("Israel → Azerbaijan: COOPERATE") == 3
    assert store.con.execute("SELECT digest_sent_at FROM watches WHERE id = ?", [watch.id]).fetchone()[0] == t1
    # the next digest waits a full interval again, unless flushed
    ingest(store, [(article(STORY + " More."), [event("later", "CONSULT", ["ISR"], ["AZE"], intensity=1.0)])])
    assert deliver_pending(store, alert_config, now=t1 + timedelta(minutes=1)).total_sent == 0
    assert deliver_pending(store, alert_config, now=t1 + timedelta(minutes=1), flush_digests=True).emails == 1
    assert len(smtp_server.envelopes) == 2


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_deliver_email_with_login(store: Store, smtp_factory: Any, alert_config: AlertConfig) -> None:
    box = smtp_factory(login=("entente", "smtp-password"))
    _watch(store)
    _ingest_story(store)
    bad = with_smtp(alert_config, port=box.port, username="entente", password="wrong-password")
    assert deliver_pending(store, bad).failed == {"email": 1}
    assert box.envelopes == []
    good = with_smtp(alert_config, port=box.port, username="entente", password="smtp-password")
    assert deliver_pending(store, good, now=utcnow() + timedelta(hours=1)).sent == {"email": 1}
    assert box.recipients() == [ADDRESS]


def test_deliver_without_smtp_server_keeps_the_email_pending(store: Store) -> None:
    _watch(store)
    _ingest_story(store)
    summary = deliver_pending(store, AlertConfig())
    assert summary.failed == {"email": 1}
    status, attempts, _, error, _ = _deliveries(store)["email"]
    assert (status, attempts) == ("pending", 1) and "no SMTP server is configured" in error


def test_deliver_deleted_watch_sends_nothing(store: Store, webhook_server: Hook,
                                                       alert_config: AlertConfig) -> None:
    watch = _watch(store, webhook_server)
    _ingest_story(store)
    from entente.watch import remove_watch
    assert remove_watch(store, watch.id)
    assert deliver_pending(store, alert_config).total_sent == 0
    assert webhook_server.requests == []
    assert store.con.execute("SELECT count(*) FROM alerts").fetchone() == (0,)


# -- the outbox survives a killed process ------------------------------------------------------
_CRASH = textwrap.dedent("""
    import os, signal, sys
    from entente.records import Article
    from entente.store import Store
    from entente.watch import Watch, add_watch, detect_alerts
    db, hook, smtp_port, text = sys.argv[1:5]
    with Store(db) as store:
        add_watch(store, Watch.create("ISR–AZE", actors=["ISR"], partners=["AZE"], webhook_url=hook,
                                      webhook_secret="s3cret-for-hmac-only", email="analyst.private@example.org"))
        a = Article(text=text, title="A test story", published="2013-09-17")
        event = {"id": "k1", "type": "COOPERATE", "cameo": "111", "quad": 2, "intensity": 6.0, "mode": "asserted",
                 "source": [{"actor": "ISR", "country": "ISR"}], "target": [{"actor": "AZE", "country": "AZE"}],
                 "evidence": {"start": 0, "end": 20}, "confidence": 0.8, "dimensions": []}
        store.add_batch([a], extractions={a.id: {"events": [event]}}, with_fresh=detect_alerts)
        print("committed", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # killed between detection and delivery
""")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_deliver_killed_process_loses_no_alert(tmp_path: Path, webhook_server: Hook, smtp_server: Mailbox,
                                               alert_config: AlertConfig) -> None:
    db = tmp_path / "crash.duckdb"
    done = subprocess.run([sys.executable, "-c", _CRASH, str(db), webhook_server.url(), str(smtp_server.port), STORY],
                          check=False, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert "committed" in done.stdout
    assert webhook_server.requests == [] and smtp_server.envelopes == []
    with Store(db) as store:
        assert {c: row[0] for c, row in _deliveries(store).items()} == {"email": "pending", "webhook": "pending"}
        summary = deliver_pending(store, alert_config)
        assert summary.sent == {"email": 1, "webhook": 1}
    assert json_body(webhook_server.received[0])["event"]["id"] == "k1"
    assert smtp_server.recipients() == [ADDRESS]


def test_deliver_crash_after_commit_in_process_loses_nothing(store: Store, webhook_server: Hook,
                                                             alert_config: AlertConfig) -> None:
    _watch(store, webhook_server, email=None)

    def ingest_then_crash() -> None:
        _ingest_story(store)
        raise KeyboardInterrupt  # the run stops before its delivery step

    with pytest.raises(KeyboardInterrupt):
        ingest_then_crash()
    assert deliver_pending(store, alert_config).sent == {"webhook": 1}


def test_deliver_checks_queued_shifts_and_sends_them(store: Store, webhook_server: Hook,
                                                    alert_config: AlertConfig) -> None:
    add_watch(store, Watch.create("ISR–AZE moves", actors=["ISR"], partners=["AZE"], shift_threshold=0.5,
                                  webhook_url=webhook_server.url(), webhook_secret=SECRET))
    ingest(store, [(month("2013-08-10", WARM), warm("w")), (month("2013-09-12", COLD), cold("c"))])
    summary = deliver_pending(store, alert_config)
    assert summary.shift_alerts == 1 and summary.sent == {"webhook": 1}
    data = json_body(webhook_server.received[0])
    assert data["kind"] == "shift" and data["shift"]["to_window"] == "2013-09"
    assert data["shift"]["drivers"] and data["shift"]["drivers"][0]["sentence"]
    assert deliver_pending(store, alert_config).shift_alerts == 0


def test_deliver_worker_delivers_in_the_background(tmp_path: Path, webhook_server: Hook,
                                                   alert_config: AlertConfig) -> None:
    with Store(tmp_path / "w.duckdb") as store:
        _watch(store, webhook_server, email=None)
        worker = DeliveryWorker(lambda: store.con.cursor(), alert_config, interval=60).start()
        try:
            _ingest_story(store)
            worker.notify()
            deadline = time.monotonic() + 20
            while not webhook_server.received and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            worker.stop()
        assert len(webhook_server.received) == 1
        assert _deliveries(store)["webhook"][0] == "sent"


def test_deliver_after_batch_never_raises(store: Store, webhook_server: Hook, alert_config: AlertConfig) -> None:
    _watch(store, webhook_server, email=None)
    _ingest_story(store)
    assert after_batch(store, alert_config).sent == {"webhook": 1}  # type: ignore[union-attr]
    store.con.execute("DROP TABLE deliveries")
    assert after_batch(store, alert_config) is None


# -- privacy -----------------------------------------------------------------------------------
def test_deliver_logs_and_errors_hold_no_private_fields(store: Store, webhook_server: Hook, smtp_factory: Any,
                                                        alert_config: AlertConfig,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    refusing = smtp_factory(refuse=True)
    webhook_server.fail = 1
    _watch(store, webhook_server)
    _ingest_story(store)
    config = with_smtp(alert_config, port=refusing.port)
    with caplog.at_level(logging.DEBUG):
        first = deliver_pending(store, config)
        second = deliver_pending(store, config, now=utcnow() + timedelta(hours=1))
    assert first.failed == {"webhook": 1, "email": 1}
    assert second.sent == {"webhook": 1} and second.failed == {"email": 1}
    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]  # mail.log is the test SMTP server
    assert any("failed" in r.getMessage() for r in ours)
    text = "\n".join(r.getMessage() for r in ours) + "\n".join(
        str(v) for row in store.con.execute("SELECT last_error FROM deliveries").fetchall() for v in row)
    for private in (ADDRESS, "analyst.private", SECRET, "T0K3N", webhook_server.url()):
        assert private not in text
    assert "SMTPRecipientsRefused" in text


def test_deliver_config_repr_hides_the_password() -> None:
    smtp = SmtpConfig(host="smtp.example.org", username="u", password="smtp-password")
    assert "smtp-password" not in repr(smtp) + repr(AlertConfig(smtp=smtp))
