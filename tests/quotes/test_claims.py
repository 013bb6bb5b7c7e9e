"""Claims: a quote asserts the events stated in its words; a denial denies the report before it."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from spacy.tokens import Doc

from entente.quotes import extract_quotes, link_claims

pytestmark = pytest.mark.model

TEXT = ("The situation was inflamed by a Reuters report that Israel planned to use Azerbaijani airfields. "
        "Israeli and Azerbaijani officials denied the report.\n\n"
        "“These reports sound like James Bond stories,” said Raphael Harpaz, Israel’s ambassador. "
        "Harpaz said Azerbaijan had taken a courageous stand.")


def _event(event_id: str, trigger: str, mode: str) -> dict[str, Any]:
    start = TEXT.index(trigger)
    return {"id": event_id, "mode": mode, "evidence": {"start": 0, "end": len(TEXT), "trigger_start": start,
                                                      "trigger_end": start + len(trigger)}}


@pytest.fixture
def linked(parse: Callable[[str], Doc]) -> tuple[list[Any], list[Any]]:
    doc = parse(TEXT)
    quotes = extract_quotes(doc, article_id="seedlike")
    events = [_event("plan", "use", "reported+planned"), _event("stand", "taken", "asserted"),
              _event("deny", "denied", "asserted")]
    return quotes, link_claims(doc, quotes, events)


def test_claims_report_asserts_and_denials_deny(linked: tuple[list[Any], list[Any]]) -> None:
    quotes, claims = linked
    by_speaker = {q.speaker.text: q for q in quotes}
    report = by_speaker["a Reuters report"]
    officials = by_speaker["Israeli and Azerbaijani officials"]
    harpaz = by_speaker["Raphael Harpaz, Israel’s ambassador"]
    assert report.asserts == ["plan"]
    assert officials.denies == [report.id, "plan"]
    assert harpaz.denies == [report.id, "plan"]
    assert by_speaker["Harpaz"].asserts == ["stand"]
    assert {(c.quote_id, c.event_id, c.relation) for c in claims} == {
        (report.id, "plan", "asserts"), (officials.id, "plan", "denies"), (harpaz.id, "plan", "denies"),
        (by_speaker["Harpaz"].id, "stand", "asserts")}


def test_claims_negated_event_inside_a_quote_is_denied(parse: Callable[[str], Doc]) -> None:
    text = "The minister said the army had not fired on protesters."
    doc = parse(text)
    quotes = extract_quotes(doc)
    start = text.index("fired")
    event = {"id": "fire", "mode": "negated", "evidence": {"start": 0, "end": len(text), "trigger_start": start,
                                                          "trigger_end": start + 5}}
    claims = link_claims(doc, quotes, [event])
    assert [(c.event_id, c.relation) for c in claims] == [("fire", "denies")]


def test_claims_without_events_are_empty(parse: Callable[[str], Doc]) -> None:
    doc = parse(TEXT)
    assert link_claims(doc, extract_quotes(doc), []) == []
