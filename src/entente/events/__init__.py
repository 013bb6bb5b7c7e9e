"""Events and stances: who did what to whom, how surely, when, on what, with the sentence that says so.

Public API:

- `extract_events(doc) -> list[Event]`, `extract_stances(doc) -> list[Stance]`: pure functions over a
  parsed Doc whose actors are tagged in `doc._.mentions` (`entente.events.extract`);
- the spaCy component `entente_events` (`entente.events.component`), setting `doc._.events` and
  `doc._.stances`;
- `Event`, `Stance`, `EXTRACTOR` (`entente.events.records`);
- `resolve_date` (`entente.events.dates`), `MODES`, `mode_weight` (`entente.events.modes`);
- `evaluate_file` and the gold readers (`entente.events.evaluate`).
"""
from __future__ import annotations

from .dates import ResolvedDate, resolve_date
from .extract import extract_events, extract_stances
from .modes import MODES, mode_weight
from .records import EXTRACTOR, Event, Stance

__all__ = ["EXTRACTOR", "MODES", "Event", "ResolvedDate", "Stance", "extract_events", "extract_stances",
           "mode_weight", "resolve_date"]
