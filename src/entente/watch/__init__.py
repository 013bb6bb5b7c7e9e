"""Watches and alerts: be told when something new happens between the actors you follow.

    watch = Watch.create("Israel–Azerbaijan", actors=["ISR"], partners=["AZE"], email="me@example.org")
    add_watch(store, watch)
    store.add_batch(articles, extractions=..., with_fresh=on_fresh)        # alerts, in the same transaction
    deliver_pending(store, load_config())                                  # webhooks and e-mail, with retries
    watch_feed(store, watch.id)                                            # the Atom feed, on request

Stages: `match` (pure: does an event match a watch), `detect` (alerts from newly stored
articles, exactly once), `deliver` (the outbox: webhook, e-mail), `feed` (Atom), `config`
(SMTP and retry settings), `api` (FastAPI routes) and `entente.cli.watch` (the commands).
"""
from __future__ import annotations

from .config import AlertConfig, SmtpConfig, load_config
from .deliver import (
    DeliveryError,
    DeliverySummary,
    DeliveryWorker,
    after_batch,
    deliver_pending,
    retry_failed,
)
from .detect import detect_alerts, on_fresh, preview
from .feed import atom_feed, watch_feed
from .match import matches
from .records import Alert, Watch
from .watches import add_watch, alerts_of, get_watch, list_watches, remove_watch

__all__ = [
    "Alert",
    "AlertConfig",
    "DeliveryError",
    "DeliverySummary",
    "DeliveryWorker",
    "SmtpConfig",
    "Watch",
    "add_watch",
    "after_batch",
    "alerts_of",
    "atom_feed",
    "deliver_pending",
    "detect_alerts",
    "get_watch",
    "list_watches",
    "load_config",
    "matches",
    "on_fresh",
    "preview",
    "remove_watch",
    "retry_failed",
    "watch_feed",
]
