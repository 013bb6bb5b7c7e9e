"""Sentence -> the candidate events the rules propose, for the error classes found on ordinary news.

These pin the event rules (before the judge decides which candidates hold): who is the source and who
the target, and where a sentence gives no candidate at all. Each row reads: a label, the text, then the
events that must be there as (quad, sources, targets) with sources and targets as sets of country codes,
and the (quad, sources, targets) that must not be there. Texts are published 2020-06-01.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

pytestmark = pytest.mark.model

Slot = frozenset[str]


def E(quad: int, sources: str, targets: str) -> tuple[int, Slot, Slot]:
    return quad, frozenset(sources.split()), frozenset(targets.split())


def coded(doc: Doc) -> list[tuple[int, Slot, Slot]]:
    return [(e.quad, frozenset(a.get("country") or "" for a in e.source) - {""},
             frozenset(a.get("country") or "" for a in e.target) - {""}) for e in doc._.events]


CASES: list[tuple[str, str, list[tuple[int, Slot, Slot]], list[tuple[int, Slot, Slot]]]] = [
    # victims are the target of the act that harmed them, never its author
    ("a victim who died in a strike",
     "A Hamas leader died in an Israeli air strike.",
     [E(4, "ISR", "PSE")], [E(4, "PSE", "ISR"), E(4, "PSE", "")]),
    ("victims of clashes",
     "Two Palestinians were killed in clashes with Israeli troops.",
     [E(4, "ISR", "PSE")], [E(4, "", "ISR")]),
    ("victims and the act in a clause",
     "At least 23 civilians were killed on February 5 as Syrian government forces launched air strikes "
     "against the rebel-held enclave of Eastern Ghouta.",
     [E(4, "SYR", "SYR")], []),
    ("a survivor is the target",
     "A senior Hamas leader survived an Israeli assassination attempt in the Gaza Strip.",
     [E(4, "ISR", "PSE")], [E(4, "PSE", "")]),
    ("a conjoined passive inherits no author",
     "The leader survived, but five other Palestinians were killed in the explosion.",
     [], [E(4, "PSE", "PSE")]),
    # natural deaths are no events
    ("a natural death", "Former Egyptian President Hosni Mubarak died aged 91 in a military hospital in Cairo.", [],
     [E(4, "EGY", ""), E(4, "", "EGY")]),
    ("a death from illness", "The president died of cancer on Monday.", [], [E(4, "", "")]),
    # a topic is not a target
    ("the topic of talks", "Merkel and Macron discussed Iran on Monday.", [], [E(1, "DEU FRA", "IRN")]),
    ("talks on a country", "Russian Foreign Minister Lavrov held talks on Syria in Geneva.", [],
     [E(1, "RUS", "SYR"), E(1, "RUS", "CHE")]),
    ("agreed on a topic, with a partner", "Turkey agreed with Russia on a ceasefire in Syria.",
     [E(1, "TUR", "RUS")], [E(1, "TUR", "SYR")]),
    # a news agency is no party to what it reports
    ("contact with the press", "The ministry reached out to Reuters for comment.", [], [E(1, "", "GBR")]),
    ("an outlet in a dateline is no author",
     "AFP - Attempts to mediate the crisis are gathering pace with EU foreign policy chief Javier Solana.",
     [], [E(1, "FRA", "EU")]),
    ("an outlet acted upon stays the target", "China banned the BBC on Thursday.", [E(4, "CHN", "GBR")], []),
    # a dateline place is not an actor
    ("a wire dateline",
     "World News: Islamabad, Nov 9 : US Deputy Secretary of State Richard Armitage Tuesday met top Pakistani "
     "leaders.", [E(1, "USA", "PAK")], [E(1, "PAK", "PAK")]),
    # an actor's own troops are its means
    ("troops sent", "Britain is deploying 300 troops to Mali.", [], [E(4, "GBR", "GBR")]),
    # the authorities of the place arrest people
    ("an arrest told in the passive", "Two journalists were arrested in Cairo on Monday.", [E(4, "EGY", "EGY")], []),
]


@pytest.mark.parametrize("label,text,wanted,unwanted", CASES, ids=[c[0] for c in CASES])
def test_rules_on_news_sentences(annotate: Callable[..., Doc], label: str, text: str,
                                 wanted: list[tuple[int, Slot, Slot]], unwanted: list[tuple[int, Slot, Slot]]) -> None:
    got = coded(annotate(text, published="2020-06-01"))
    for want in wanted:
        assert want in got, f"{label}: missing {want}; got {got}"
    for bad in unwanted:
        assert bad not in got, f"{label}: should not code {bad}; got {got}"
