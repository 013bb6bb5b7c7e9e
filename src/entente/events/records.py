"""The records of the event stage: `Event` (who did what to whom) and `Stance` (a standing relation).

Both are slotted dataclasses with `as_dict()` giving the JSON shape printed by `entente read --json`.
Every span is a character offset into the article body (`doc.text`), except for records taken from
the headline, whose evidence says so with `"field": "title"` or `"subtitle"`.

An actor reference (`source`, `target`, `a`, `b`) is a dict::

    {"actor": "ISR", "country": "ISR", "sector": "MIL", "start": 120, "end": 127, "text": "Israeli"}

`start`/`end`/`text` are those of the mention the actor was read from (for a pronoun, the pronoun).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

from srsly.msgpack import msgpack_decoders, msgpack_encoders

#: The extractor's name and version; bumped whenever rules or lexicon tables change, so that stored
#: rows of one version can be found and recoded.
EXTRACTOR = "entente.events/0.3.2"

ActorRef = dict[str, Any]


def stable_id(*parts: object) -> str:
    """First 16 hex digits of SHA-256 over the parts joined by '|': same inputs, same id."""
    text = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def actor_codes(refs: list[ActorRef]) -> list[str]:
    return sorted({str(r.get("actor") or r.get("country") or "") for r in refs} - {""})


@dataclass(slots=True)
class Event:
    """One event: `source` did `type` to `target`, with the mode in which the text states it.

    `type` is a PLOVER event type; `cameo` the CAMEO code the trigger maps to (its first two digits are
    the CAMEO root); `quad` 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    conflict; `intensity` the Goldstein score of the CAMEO code (-10 .. +10). `mode` is a modality from
    `entente.events.modes.MODES`, or several joined by '+', outermost first ("reported+hypothetical").
    `date` is an ISO 8601 string of the precision known (`date_precision`: day, month, year, decade,
    century) or None when the text gives no date. `plover_mode` is PLOVER's own sub-type ("visit",
    "assassinate"), not the modality.
    """

    id: str
    source: list[ActorRef]
    target: list[ActorRef]
    type: str
    cameo: str
    quad: int
    intensity: float
    mode: str
    date: str | None
    date_precision: str | None
    dimensions: list[str]
    evidence: dict[str, Any]
    confidence: float
    extractor: str = EXTRACTOR
    reported_by: dict[str, Any] | None = None
    denies: list[str] = field(default_factory=list)
    denied_by: list[str] = field(default_factory=list)
    plover_mode: str | None = None
    trigger: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "source": self.source, "target": self.target, "type": self.type,
            "cameo": self.cameo, "quad": self.quad, "intensity": self.intensity, "mode": self.mode,
            "date": self.date, "date_precision": self.date_precision, "dimensions": list(self.dimensions),
            "evidence": dict(self.evidence), "reported_by": self.reported_by, "denies": list(self.denies),
            "denied_by": list(self.denied_by), "confidence": round(self.confidence, 3),
            "extractor": self.extractor, "plover_mode": self.plover_mode, "trigger": self.trigger,
        }

    @property
    def source_codes(self) -> list[str]:
        return actor_codes(self.source)

    @property
    def target_codes(self) -> list[str]:
        return actor_codes(self.target)


@dataclass(slots=True)
class Stance:
    """A standing relation stated in the text ("Azerbaijan's closeness with Israel", "a regional foe").

    `sign` is +1 (friendly) or -1 (hostile); `strength` in (0, 1] grows with intensifiers ("close",
    "existential"); `mode` as for events. `a` and `b` are actor references; the relation is undirected
    unless the text gives a direction (`a` holds the view of `b`: "Azerbaijan considers Iran a threat").
    """

    id: str
    a: list[ActorRef]
    b: list[ActorRef]
    sign: int
    strength: float
    dimensions: list[str]
    mode: str
    evidence: dict[str, Any]
    extractor: str = EXTRACTOR
    cue: str = ""
    date: str | None = None
    date_precision: str | None = None
    confidence: float = 0.6

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "a": self.a, "b": self.b, "sign": self.sign, "strength": round(self.strength, 3),
            "dimensions": list(self.dimensions), "mode": self.mode, "evidence": dict(self.evidence),
            "extractor": self.extractor, "cue": self.cue, "date": self.date,
            "date_precision": self.date_precision, "confidence": round(self.confidence, 3),
        }


# ---- msgpack: annotated Docs cross process boundaries (nlp.pipe with n_process > 1 calls to_bytes) ----
_EVENT_FIELDS = [f.name for f in fields(Event)]
_STANCE_FIELDS = [f.name for f in fields(Stance)]


def _encode_records(obj: Any, chain: Any = None) -> Any:
    """msgpack encoder (srsly registry) for Event and Stance."""
    if isinstance(obj, Event):
        return {"__entente_event__": [getattr(obj, f) for f in _EVENT_FIELDS]}
    if isinstance(obj, Stance):
        return {"__entente_stance__": [getattr(obj, f) for f in _STANCE_FIELDS]}
    return obj if chain is None else chain(obj)


def _decode_records(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict):
        if "__entente_event__" in obj:
            return Event(**dict(zip(_EVENT_FIELDS, obj["__entente_event__"])))
        if "__entente_stance__" in obj:
            return Stance(**dict(zip(_STANCE_FIELDS, obj["__entente_stance__"])))
    return obj if chain is None else chain(obj)


msgpack_encoders.register("entente_events", func=_encode_records)
msgpack_decoders.register("entente_events", func=_decode_records)
