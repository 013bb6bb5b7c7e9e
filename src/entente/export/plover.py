"""Events as PLOVER records: one JSON object per event, in the layout of PLOVER's manual and POLECAT.

The field names are the PLOVER manual's ("Data Fields": `id`, `date`, `event`, `actor`, `recipient`,
`mode`, `context`, `quad_code`, `text`, ...) with POLECAT's for what the manual leaves open
(`event_type`, `event_date`, `story_date`, `story_id`, `headline`, `publisher`), so that a reader of
either finds its fields. The record's JSON Schema ships as `entente/schema/plover_event.v1.schema.json`.

What is entente's own and has no PLOVER field is kept under `entente_*` keys: entente's mode
("asserted", "reported+alleged": whether and how the text says the event happened), its dimensions,
its confidence, and the event's CAMEO code. PLOVER's `mode` is the kind of act within the event type
("visit" for a CONSULT); it is filled when the event carries one (`plover_mode`), else empty.
"""
from __future__ import annotations

from typing import Any

SCHEMA_NAME = "plover_event.v1.schema.json"

#: entente dimensions that are PLOVER general contexts (the manual's table of contexts); the others
#: (security, nuclear, energy, humanitarian, culture) have no single PLOVER context and stay in
#: `entente_dimensions` only.
CONTEXTS = {"military": "military", "technology": "technology", "economy": "economic", "diplomacy": "diplomatic"}


def entity(actor: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER entity object: `code` is the top-level entity (the country, or the IGO), as the manual says."""
    return {"code": actor.get("country") or actor.get("actor"), "name": actor.get("name"),
            "country": actor.get("country"), "sector": actor.get("sector"), "entity_text": actor.get("text"),
            "identifier_id": actor.get("actor")}


def _trigger_text(sentence: dict[str, Any]) -> str | None:
    text = sentence.get("text") or ""
    for mark in sentence.get("highlights") or []:
        if mark.get("kind") == "trigger":
            return str(text[mark["start"]:mark["end"]])
    return None


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """The event as one PLOVER/POLECAT record (see the module's docstring for the fields)."""
    article = event.get("article") or {}
    sentence = event.get("sentence") or {}
    plover_mode = event.get("plover_mode")
    dimensions = list(event.get("dimensions") or [])
    return {
        "id": event["id"],
        "date": event.get("when"),
        "event": [event.get("type")],
        "event_type": event.get("type"),
        "mode": [plover_mode] if plover_mode else [],
        "context": sorted({CONTEXTS[d] for d in dimensions if d in CONTEXTS}),
        "quad_code": event.get("quad"),
        "event_scale": event.get("intensity"),
        "actor": [entity(a) for a in event.get("source") or []],
        "recipient": [entity(a) for a in event.get("target") or []],
        "event_date": event.get("date"),
        "event_date_precision": event.get("date_precision"),
        "story_date": article.get("published"),
        "text": sentence.get("text"),
        "event_text": _trigger_text(sentence),
        "story_id": article.get("id"),
        "url": article.get("url"),
        "headline": article.get("title"),
        "publisher": article.get("source"),
        "coder": event.get("extractor"),
        "entente_mode": event.get("mode"),
        "entente_real": event.get("real"),
        "entente_dimensions": dimensions,
        "entente_confidence": event.get("confidence"),
        "entente_cameo": event.get("cameo"),
    }


__all__ = ["CONTEXTS", "SCHEMA_NAME", "entity", "plover_record"]
