"""The Atom 1.0 feed (RFC 4287) of a watch, generated from its alerts when it is read.

Ids are `urn:uuid:` URIs derived from the watch and alert ids (stable: a feed reader never sees
an entry twice); `updated` is the newest alert's time; every entry has an id, a title, an
updated time and text content, and links to its article when the article has a web address.
Text goes through ElementTree, which escapes it; characters XML cannot carry are dropped.
"""
from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .. import __version__
from .records import Alert, Watch
from .watches import alerts_of, get_watch

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
_NAMESPACE = uuid.UUID("6f0c1c52-6a4e-5a53-9a4b-656e74656e74")  # entente's own namespace for uuid5
_INVALID_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def feed_id(watch_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'watch:{watch_id}')}"


def entry_id(alert_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'alert:{alert_id}')}"


def atom_feed(watch: Watch, alerts: Sequence[Alert], *, self_url: str | None = None,
              html_url: str | None = None) -> bytes:
    """The feed document (UTF-8 bytes) of a watch and its alerts, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(_q("feed"))
    _text(feed, "id", feed_id(watch.id))
    _text(feed, "title", f"entente watch: {watch.name}", type="text")
    _text(feed, "subtitle", watch.describe() or "entente alerts", type="text")
    newest = max((a.created_at for a in alerts if a.created_at), default=None)
    _text(feed, "updated", _rfc3339(newest or watch.created_at or datetime(1970, 1, 1)))
    author = ET.SubElement(feed, _q("author"))
    _text(author, "name", "entente")
    _text(feed, "generator", "entente", version=__version__)
    if self_url:
        ET.SubElement(feed, _q("link"), rel="self", type=MEDIA_TYPE, href=self_url)
    if html_url:
        ET.SubElement(feed, _q("link"), rel="alternate", type="text/html", href=html_url)
    for alert in alerts:
        feed.append(_entry(alert))
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document


def watch_feed(store: Any, watch_id: str, *, self_url: str | None = None, html_url: str | None = None,
               limit: int = 100) -> bytes | None:
    """The feed of a stored watch (its `limit` newest alerts), or None when there is no such watch
    or it does not publish a feed."""
    watch = get_watch(store, watch_id)
    if watch is None or not watch.feed:
        return None
    return atom_feed(watch, alerts_of(store, watch_id, limit=limit), self_url=self_url, html_url=html_url)


def _entry(alert: Alert) -> ET.Element:
    entry = ET.Element(_q("entry"))
    _text(entry, "id", entry_id(alert.id))
    _text(entry, "title", alert.title, type="text")
    when = _rfc3339(alert.created_at or datetime(1970, 1, 1))
    _text(entry, "updated", when)
    _text(entry, "published", when)
    article = alert.payload.get("article") or {}
    url = article.get("url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        ET.SubElement(entry, _q("link"), rel="alternate", type="text/html", href=_clean(url))
    event = alert.payload.get("event") or {}
    for term in (alert.kind, event.get("type"), *(event.get("dimensions") or [])):
        if term:
            ET.SubElement(entry, _q("category"), term=_clean(str(term)))
    if alert.summary:
        _text(entry, "summary", alert.summary, type="text")
    _text(entry, "content", _content(alert), type="text")
    return entry


def _content(alert: Alert) -> str:
    lines = [alert.title]
    if alert.summary:
        lines += ["", alert.summary]
    event = alert.payload.get("event")
    if event:
        facts = [f"type {event.get('type')}" + (f" (CAMEO {event['cameo']})" if event.get("cameo") else ""),
                 f"mode {event.get('mode') or 'asserted'}"]
        if event.get("intensity") is not None:
            facts.append(f"intensity {event['intensity']:+g}")
        facts.append(f"date {event.get('date') or 'not given'}")
        lines += ["", ", ".join(facts).capitalize() + "."]
    shift = alert.payload.get("shift")
    if shift:
        drivers = [d for d in shift.get("drivers") or [] if d.get("sentence")]
        if drivers:
            lines += ["", "What drove it:"] + [
                f"- {' '.join(str(d['sentence']).split())}" + (f" ({d['title']})" if d.get("title") else "")
                for d in drivers]
    article = alert.payload.get("article") or {}
    if article.get("title") or article.get("url"):
        lines += ["", "Article: " + " — ".join(str(x) for x in (article.get("title"), article.get("source"),
                                                                 article.get("published"), article.get("url")) if x)]
    return "\n".join(lines)


def _q(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), {k: _clean(v) for k, v in attrs.items()})
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text)


def _rfc3339(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")
