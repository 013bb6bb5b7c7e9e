"""The records of the watch stage: `Watch` (what to be told about, and how) and `Alert` (what was found).

A watch names one side (`actors`) and, optionally, the other side (`partners`): an event matches
when an actor of one side acts on an actor of the other (either direction), or, without
partners, when any of `actors` takes part. A dyad is one actor and one partner ("ISR", "AZE").
Codes are compared with both the actor code and the country of an event's actor references, so
a watch on `ISR` sees Israel's ambassador as well as Israel.

The private fields of a watch (`email`, `webhook_url`, `webhook_secret`) are left out of `repr`
and of `public_dict()`, which shows a masked form instead; they are read only by delivery.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError

#: Modalities an event may carry (the parts of `Event.mode`); mirrors `entente.events.modes.MODES`.
MODES = ("asserted", "reported", "alleged", "denied", "negated", "planned", "hypothetical", "historical")
WINDOWS = ("day", "month", "year")
EMAIL_MODES = ("immediate", "digest")
CHANNELS = ("feed", "webhook", "email")

_CODE = re.compile(r"^[A-Z0-9_.\-]{1,64}$")
_TYPE = re.compile(r"^[A-Z_]{2,32}$")
_DIMENSION = re.compile(r"^[a-z0-9_\-]{1,40}$")
_EMAIL = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+$")
_MAX_LIST = 50


def new_watch_id() -> str:
    """A random id of 24 hex digits: unguessable, since the feed URL carries it."""
    return secrets.token_hex(12)


def mask_email(address: str | None) -> str | None:
    """`alice@example.org` -> `a***@example.org`."""
    if not address:
        return None
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_url(url: str | None) -> str | None:
    """`https://hooks.example.org/T0/B1/secret` -> `https://hooks.example.org/…` (paths often hold tokens)."""
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/…"


@dataclass(slots=True)
class Watch:
    """A standing query over new events, and where to send what it finds.

    `types`, `modes` and `dimensions` narrow the events (an empty list narrows nothing);
    `min_intensity` is the least magnitude of the Goldstein intensity (0..10). `shift_threshold`
    (dyad watches only) makes a shift watch: it alerts when the dyad's score moves by at least
    that much between one `shift_window` and the next, and on no single event. Channels: `feed` (an Atom feed per watch),
    `webhook_url` (+ `webhook_secret` to sign the body), `email` (+ `email_mode`).
    """

    id: str
    name: str
    actors: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)
    min_intensity: float | None = None
    shift_threshold: float | None = None
    shift_window: str = "month"
    feed: bool = True
    webhook_url: str | None = field(default=None, repr=False)
    webhook_secret: str | None = field(default=None, repr=False)
    email: str | None = field(default=None, repr=False)
    email_mode: str = "immediate"
    created_at: datetime | None = None
    digest_sent_at: datetime | None = None

    @classmethod
    def create(cls, name: str, **fields: Any) -> Watch:
        """A new watch with a fresh id, normalised and validated (raises `ConfigError`)."""
        watch = cls(id=new_watch_id(), name=name, **fields)
        watch.normalise()
        watch.validate()
        return watch

    # -- derived -------------------------------------------------------------------------------
    @property
    def dyad(self) -> tuple[str, str] | None:
        if len(self.actors) == 1 and len(self.partners) == 1:
            return self.actors[0], self.partners[0]
        return None

    @property
    def is_shift(self) -> bool:
        """A shift watch alerts on moves of its dyad's score; any other watch alerts on events."""
        return self.shift_threshold is not None

    @property
    def channels(self) -> list[str]:
        return [c for c, on in (("feed", self.feed), ("webhook", bool(self.webhook_url)),
                                ("email", bool(self.email))) if on]

    @property
    def push_channels(self) -> list[str]:
        """The channels that need a delivery row per alert (the feed is read from the alerts table)."""
        return [c for c in self.channels if c != "feed"]

    # -- checks --------------------------------------------------------------------------------
    def normalise(self) -> None:
        self.name = " ".join((self.name or "").split())
        self.actors = _codes(self.actors)
        self.partners = _codes(self.partners)
        self.types = _unique(t.strip().upper() for t in self.types if t and t.strip())
        self.modes = _unique(m.strip().lower() for m in self.modes if m and m.strip())
        self.dimensions = _unique(d.strip().lower() for d in self.dimensions if d and d.strip())
        self.email = self.email.strip() if self.email else None
        self.webhook_url = self.webhook_url.strip() if self.webhook_url else None
        self.webhook_secret = self.webhook_secret or None
        self.shift_window = (self.shift_window or "month").lower()
        self.email_mode = (self.email_mode or "immediate").lower()

    def validate(self) -> None:
        """Raise `ConfigError` naming the first thing wrong with this watch."""
        if not self.name or len(self.name) > 200:
            raise ConfigError("a watch needs a name of 1 to 200 characters")
        for label, values, pattern in (("actor", self.actors, _CODE), ("partner", self.partners, _CODE),
                                       ("event type", self.types, _TYPE), ("dimension", self.dimensions, _DIMENSION)):
            if len(values) > _MAX_LIST:
                raise ConfigError(f"at most {_MAX_LIST} {label}s per watch")
            for value in values:
                if not pattern.match(value):
                    raise ConfigError(f"{value!r} is not a valid {label}")
        for mode in self.modes:
            if mode not in MODES:
                raise ConfigError(f"unknown mode {mode!r}; choose among {', '.join(MODES)}")
        if self.partners and not self.actors:
            raise ConfigError("partners need actors: name one side with actors, the other with partners")
        if self.min_intensity is not None and not 0 <= self.min_intensity <= 10:
            raise ConfigError("min intensity is a magnitude on the Goldstein scale, from 0 to 10")
        if self.shift_threshold is not None:
            if self.dyad is None:
                raise ConfigError("a shift watch needs a dyad: exactly one actor and one partner")
            if not 0 < self.shift_threshold <= 2:
                raise ConfigError("the shift threshold is a change of score, between 0 (excluded) and 2")
            if self.types or self.modes or self.dimensions or self.min_intensity is not None:
                raise ConfigError("a shift watch follows the dyad's score and takes no event filters; "
                                  "make a second watch for the events")
        if self.shift_window not in WINDOWS:
            raise ConfigError(f"unknown window {self.shift_window!r}; choose among {', '.join(WINDOWS)}")
        if not (self.actors or self.types or self.modes or self.dimensions or self.min_intensity):
            raise ConfigError("a watch needs at least one criterion: actors, a dyad, event types, modes, "
                              "dimensions or a minimum intensity")
        if self.email is not None and (len(self.email) > 254 or not _EMAIL.match(self.email)):
            raise ConfigError("the e-mail address is not valid")
        if self.email_mode not in EMAIL_MODES:
            raise ConfigError(f"unknown e-mail mode {self.email_mode!r}; choose immediate or digest")
        if self.webhook_url is not None:
            parts = urlsplit(self.webhook_url)
            if parts.scheme not in ("http", "https") or not parts.hostname or len(self.webhook_url) > 2000:
                raise ConfigError("the webhook must be an http or https URL with a host")
            if parts.username or parts.password:
                raise ConfigError("put no credentials in the webhook URL; use a secret to sign the body instead")
        if self.webhook_secret is not None and self.webhook_url is None:
            raise ConfigError("a secret signs webhook bodies: give a webhook URL with it")
        if self.webhook_secret is not None and not 8 <= len(self.webhook_secret) <= 512:
            raise ConfigError("a webhook secret has 8 to 512 characters")
        if not self.channels:
            raise ConfigError("a watch needs a channel: the feed, a webhook or an e-mail address")

    # -- shapes --------------------------------------------------------------------------------
    def public_dict(self) -> dict[str, Any]:
        """What may be shown to anyone: private fields only as masks and flags."""
        return {
            "id": self.id, "name": self.name, "actors": list(self.actors), "partners": list(self.partners),
            "dyad": list(self.dyad) if self.dyad else None, "types": list(self.types), "modes": list(self.modes),
            "dimensions": list(self.dimensions), "min_intensity": self.min_intensity,
            "shift": ({"threshold": self.shift_threshold, "window": self.shift_window}
                      if self.shift_threshold is not None else None),
            "channels": {
                "feed": self.feed,
                "webhook": ({"url": mask_url(self.webhook_url), "has_secret": bool(self.webhook_secret)}
                            if self.webhook_url else None),
                "email": ({"address": mask_email(self.email), "mode": self.email_mode} if self.email else None),
            },
            "created_at": _iso(self.created_at),
        }

    def describe(self) -> str:
        """One line for people: what the watch looks for (no private fields)."""
        parts = []
        if self.dyad:
            parts.append(f"{self.dyad[0]}–{self.dyad[1]}")
        elif self.actors:
            side = "/".join(self.actors)
            parts.append(f"{side} with {'/'.join(self.partners)}" if self.partners else side)
        if self.types:
            parts.append("types " + ",".join(self.types))
        if self.modes:
            parts.append("modes " + ",".join(self.modes))
        if self.dimensions:
            parts.append("dimensions " + ",".join(self.dimensions))
        if self.min_intensity is not None:
            parts.append(f"|intensity| >= {self.min_intensity:g}")
        if self.shift_threshold is not None:
            parts.append(f"shift >= {self.shift_threshold:g} per {self.shift_window}")
        return "; ".join(parts)


@dataclass(slots=True)
class Alert:
    """One thing a watch found: a new matching event, or a shift of a watched dyad's score.

    `id` is a hash of (watch, kind, event id or shift key), so detecting twice writes it once.
    `payload` is the JSON sent to webhooks and shown in the feed; it holds no private field.
    """

    id: str
    watch_id: str
    kind: str  # event or shift
    title: str
    summary: str
    payload: dict[str, Any]
    created_at: datetime | None = None
    event_id: str | None = None
    article_id: str | None = None
    story_id: str | None = None
    equivalent: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "watch_id": self.watch_id, "kind": self.kind, "title": self.title,
                "summary": self.summary, "event_id": self.event_id, "article_id": self.article_id,
                "created_at": _iso(self.created_at), "payload": self.payload}


def _codes(values: list[str] | tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for value in values or ():
        for code in str(value).replace(",", " ").split():
            code = code.strip().upper()
            if code and code not in out:
                out.append(code)
    return out


def _unique(values: Any) -> list[str]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def _iso(ts: datetime | None) -> str | None:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ") if ts else None
