"""What `entente read` codes from ordinary news sentences: the error classes found when a careful coder
judged entente's events on the sample corpus, pinned through the whole pipeline (actors, event rules,
the judge at its default threshold).

Each row reads: a label, the text, its publication date, then what must hold of the coded events:
`no event`, or quads and countries that must not appear (a sign flip, an invented actor).
"""
from __future__ import annotations

from functools import lru_cache

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from entente.records import Article

pytestmark = [pytest.mark.model, pytest.mark.slow]


@lru_cache(maxsize=1)
def _nlp() -> Language:
    from entente.nlp import load_pipeline

    return load_pipeline()


def read(text: str, published: str = "2020-06-01", title: str | None = None) -> Doc:
    from entente.nlp import annotate

    [(_, doc)] = list(annotate(_nlp(), [Article(text=text, published=published, title=title)]))
    return doc


def countries(doc: Doc) -> set[str]:
    return {str(a.get("country")) for e in doc._.events for a in [*e.source, *e.target] if a.get("country")}


NOT_EVENTS: list[tuple[str, str]] = [
    # states of affairs
    ("a residence", "The former minister resides in Iraq with his family."),
    ("a description", "SEPECAT Jaguar is an Anglo-French jet attack aircraft, still in service with the Indian Air Force."),
    # natural deaths, disasters, sport
    ("a natural death", "On Monday, US singer and lyricist Robert Hunter died at his home in San Rafael, California."),
    ("a disaster", "Typhoon Morakot slammed into Taiwan last August, bringing torrential rain that left more than "
                   "700 people dead or missing."),
    ("a match", "England beat France 2-1 in the final at Wembley on Saturday."),
    # business with no political actor
    ("a sale", "Tesco sold its Thai stores to a Thai conglomerate for $10 billion."),
    ("a market report", "Shares in Lufthansa fell 3 percent in Frankfurt on Monday after the airline cut its forecast."),
    # the reporter's own newsgathering
    ("contact with the press", "The ministry did not respond when Reuters reached out for comment."),
    # words in a non-political sense
    ("sworn in", "The chief justice swore her in on Monday in a short ceremony."),
    ("called humble", "Obama called him humble and decent."),
]


@pytest.mark.parametrize("label,text", NOT_EVENTS, ids=[r[0] for r in NOT_EVENTS])
def test_no_event_in_sentences_without_one(label: str, text: str) -> None:
    doc = read(text)
    assert doc._.events == [], f"{label}: coded {[(e.type, e.trigger) for e in doc._.events]}"


def test_a_verbal_attack_is_no_assault() -> None:
    doc = read("Senator Graham attacked the president's proposal as reckless and dangerous.")
    assert not [e for e in doc._.events if e.type == "ASSAULT"]


def test_a_threat_to_destroy_is_no_support() -> None:
    doc = read('"I will totally destroy the Economy of Turkey," Trump wrote on Twitter.', published="2019-10-07")
    assert not [e for e in doc._.events if e.quad in (1, 2) and "TUR" in {a.get("country") for a in e.target}]


def test_a_news_agency_is_no_party() -> None:
    doc = read("Iran's foreign minister told Reuters that Israel had attacked Syrian army positions.")
    assert "GBR" not in countries(doc)


def test_every_event_carries_a_confidence_between_0_and_1() -> None:
    doc = read("Israeli jets struck Hamas positions in Gaza on Tuesday, the army said.", published="2021-05-11")
    assert doc._.events
    for e in doc._.events:
        assert 0.0 <= e.confidence <= 1.0
    assert all(c in doc._.event_candidates for c in doc._.events)


def test_judged_events_keep_their_evidence_and_the_dropped_stay_inspectable() -> None:
    doc = read("Iraqi health officials said American airstrikes killed at least 44 people in a village south "
               "of Falluja. The weather was fine.", published="2004-11-09")
    for e in doc._.event_candidates:
        assert doc.text[e.evidence["start"]:e.evidence["end"]] == e.evidence["sentence"]
