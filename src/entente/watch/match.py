"""Does an event match a watch? Pure functions over plain rows, testable without a store.

An event row is a mapping with `type`, `mode`, `intensity`, `dimensions`, and `source` / `target`:
lists of actor references (`{"actor": "ISR.MIL", "country": "ISR"}` or bare codes). A watch code
matches a reference when it equals the actor code or its country.

How the sides are read:

* actors only: one of `actors` takes part, on either side (`relation` "involves");
* actors and partners: an actor of one side acts on an actor of the other, in either direction
  ("between"), or both act together on the same side of the event ("joint": "Israeli and
  Azerbaijani officials denied the report" says something about Israel–Azerbaijan too).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .records import Watch

INVOLVES = "involves"
BETWEEN = "between"
JOINT = "joint"


def codes_of(refs: Iterable[Any]) -> set[str]:
    """Every code a side of an event answers to: its actors' codes and their countries."""
    out: set[str] = set()
    for ref in refs or ():
        if isinstance(ref, Mapping):
            for key in ("actor", "country"):
                if ref.get(key):
                    out.add(str(ref[key]).upper())
        elif ref:
            out.add(str(ref).upper())
    return out


def mode_parts(mode: str | None) -> set[str]:
    """"reported+planned" -> {"reported", "planned", "reported+planned"}; nothing is "asserted"."""
    mode = mode or "asserted"
    return {mode, *(p for p in mode.split("+") if p)}


def relation(watch: Watch, sources: set[str], targets: set[str]) -> str | None:
    """How the event's sides meet the watch's sides, or None when they do not."""
    actors, partners = set(watch.actors), set(watch.partners)
    if not actors:
        return INVOLVES
    if not partners:
        return INVOLVES if (sources | targets) & actors else None
    if (sources & actors and targets & partners) or (sources & partners and targets & actors):
        return BETWEEN
    for side in (sources, targets):
        if side & actors and side & partners and (side & actors) != (side & partners):
            return JOINT
    return None


def event_relation(watch: Watch, event: Mapping[str, Any]) -> str | None:
    """The relation (see `relation`) if the event matches every criterion of the watch, else None."""
    if watch.is_shift:
        return None
    if watch.types and str(event.get("type") or "").upper() not in watch.types:
        return None
    if watch.modes and not (mode_parts(event.get("mode")) & set(watch.modes)):
        return None
    if watch.dimensions and not ({str(d).lower() for d in event.get("dimensions") or ()} & set(watch.dimensions)):
        return None
    if watch.min_intensity is not None:
        intensity = event.get("intensity")
        if intensity is None or abs(float(intensity)) < watch.min_intensity:
            return None
    return relation(watch, codes_of(event.get("source") or ()), codes_of(event.get("target") or ()))


def matches(watch: Watch, event: Mapping[str, Any]) -> bool:
    """True when the event would raise an alert for the watch."""
    return event_relation(watch, event) is not None
