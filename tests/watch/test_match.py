"""Matching: a table of events against watches (pure, no store)."""
from __future__ import annotations

import pytest

from entente.watch.match import BETWEEN, INVOLVES, JOINT, event_relation, mode_parts
from entente.watch.records import Watch

from .conftest import event

DYAD = Watch(id="w", name="ISR–AZE", actors=["ISR"], partners=["AZE"])
IRAN = Watch(id="w", name="Iran", actors=["IRN"])
IRAN_NEIGHBOURS = Watch(id="w", name="Iran and neighbours", actors=["IRN"], partners=["AZE", "ARM", "TUR"])
DENIALS = Watch(id="w", name="denials", actors=["AZE"], modes=["denied"])
STRONG = Watch(id="w", name="strong", actors=["ISR"], min_intensity=5)
MILITARY_ACCUSE = Watch(id="w", name="mil", actors=["IRN"], types=["ACCUSE"], dimensions=["military"])
SHIFT = Watch(id="w", name="shift", actors=["ISR"], partners=["AZE"], shift_threshold=0.5)

CASES = [
    # watch, event, expected relation
    (DYAD, event("e", "COOPERATE", ["ISR"], ["AZE"]), BETWEEN),
    (DYAD, event("e", "COOPERATE", ["AZE"], ["ISR"]), BETWEEN),
    (DYAD, event("e", "REJECT", ["ISR", "AZE"], []), JOINT),
    (DYAD, event("e", "ACCUSE", ["IRN"], ["AZE"]), None),
    (DYAD, event("e", "ACCUSE", ["IRN"], ["AZE", "ISR"]), JOINT),
    (DYAD, event("e", "CONSULT", ["ISR"], ["ISR"]), None),
    (IRAN, event("e", "ACCUSE", ["IRN"], ["AZE"]), INVOLVES),
    (IRAN, event("e", "ACCUSE", ["AZE"], ["IRN"]), INVOLVES),
    (IRAN, event("e", "ACCUSE", ["AZE"], ["ISR"]), None),
    (IRAN_NEIGHBOURS, event("e", "ACCUSE", ["IRN"], ["AZE"]), BETWEEN),
    (IRAN_NEIGHBOURS, event("e", "THREATEN", ["TUR"], ["IRN"]), BETWEEN),
    (IRAN_NEIGHBOURS, event("e", "ACCUSE", ["IRN"], ["USA"]), None),
    (DENIALS, event("e", "REJECT", ["AZE"], ["ISR"], mode="denied"), INVOLVES),
    (DENIALS, event("e", "REJECT", ["AZE"], ["ISR"], mode="reported+denied"), INVOLVES),
    (DENIALS, event("e", "REJECT", ["AZE"], ["ISR"], mode="reported"), None),
    (STRONG, event("e", "ASSAULT", ["ISR"], ["TUR"], intensity=-10.0), INVOLVES),
    (STRONG, event("e", "AID", ["ISR"], ["AZE"], intensity=7.4), INVOLVES),
    (STRONG, event("e", "CONSULT", ["ISR"], ["AZE"], intensity=1.0), None),
    (MILITARY_ACCUSE, event("e", "ACCUSE", ["IRN"], ["AZE"], dimensions=["military", "intelligence"]), INVOLVES),
    (MILITARY_ACCUSE, event("e", "ACCUSE", ["IRN"], ["AZE"], dimensions=["energy"]), None),
    (MILITARY_ACCUSE, event("e", "THREATEN", ["IRN"], ["AZE"], dimensions=["military"]), None),
    (SHIFT, event("e", "COOPERATE", ["ISR"], ["AZE"]), None),  # a shift watch alerts on shifts only
]


@pytest.mark.parametrize(("watch", "row", "expected"), CASES)
def test_match_event_against_watch(watch: Watch, row: dict, expected: str | None) -> None:
    assert event_relation(watch, row) == expected


def test_match_country_of_an_agent_counts_for_its_state() -> None:
    row = event("e", "PRAISE", [], ["AZE"])
    row["source"] = [{"actor": "ISR.HARPAZ", "country": "ISR", "text": "Raphael Harpaz"}]
    assert event_relation(DYAD, row) == BETWEEN


def test_match_bare_codes_are_accepted() -> None:
    row = {"type": "CONSULT", "mode": "asserted", "source": ["ISR"], "target": ["AZE"]}
    assert event_relation(DYAD, row) == BETWEEN


def test_match_mode_parts() -> None:
    assert mode_parts("reported+planned+hypothetical") == {"reported+planned+hypothetical", "reported", "planned",
                                                           "hypothetical"}
    assert mode_parts(None) == {"asserted"}
