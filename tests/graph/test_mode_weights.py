"""How relations use mode (issue 15, part 4): a documented weight per mode, compound modes, historical
events in their own period, and every relation saying which weights it used."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from entente.graph import dyads, explain, rules
from entente.store import Store

from .builders import StoreBuilder, seed_store


@pytest.fixture
def store() -> Iterator[Store]:
    with Store(":memory:") as s:
        yield s


# mode -> weight, as rules.py documents it (rule 3)
WEIGHTS = [
    ("asserted", 1.0),
    (None, 1.0),
    ("reported", 0.7),
    ("alleged", 0.5),
    ("historical", 0.5),
    ("planned", 0.25),
    ("hypothetical", 0.0),
    ("denied", 0.0),
    ("negated", 0.0),
    ("reported+alleged", 0.35),
    ("reported+planned", 0.175),
    ("reported+historical", 0.35),
    ("alleged+denied", 0.0),
    ("reported+planned+hypothetical", 0.0),
]


@pytest.mark.parametrize(("mode", "weight"), WEIGHTS)
def test_weight_of_each_mode_as_documented(mode: str | None, weight: float) -> None:
    assert rules.mode_weight(mode) == pytest.approx(weight)
    assert rules.explain_weight(mode)["weight"] == pytest.approx(weight)
    assert rules.explain_weight(mode)["excluded"] is (weight == 0)


def test_every_mode_weight_is_in_the_docstring() -> None:
    doc = rules.__doc__ or ""
    for mode, weight in rules.MODE_WEIGHTS.items():
        assert mode in doc and rules.number(weight) in doc
    assert "reported+alleged" in doc and "its own period" in doc


def test_legend_and_explanation_text() -> None:
    assert rules.legend().startswith("asserted 1 · reported 0.7 · alleged 0.5")
    assert rules.legend(["denied", "asserted"]) == "asserted 1 · denied 0"
    text = rules.explain_weight("reported+alleged", disputed=True, confidence=0.8)["text"]
    assert text == "reported 0.7 × alleged 0.5 × disputed 0.25 × confidence 0.8 = 0.07"
    assert rules.explain_weight(None)["text"] == "asserted 1"


def test_evidence_carries_its_mode_weight_and_how(store: Store) -> None:
    b = StoreBuilder(store)
    art = b.article("Reuters said Iran accused Azerbaijan of helping Israel.", published="2013-09-17")
    b.event(art, "IRN", "ACCUSE", "AZE", intensity=-2.0, mode="reported+alleged", confidence=0.8)
    (e,) = dyads.evidence(store.con, "IRN", "AZE")
    assert e.mode == "reported+alleged" and e.mode_weight == pytest.approx(0.35)
    assert e.weight == pytest.approx(0.35 * 0.8)
    d = e.as_dict()
    assert d["mode_weight"] == pytest.approx(0.35)
    assert d["weights"]["parts"] == {"reported": 0.7, "alleged": 0.5}
    assert d["weights"]["confidence"] == pytest.approx(0.8)
    assert d["weights"]["text"] == "reported 0.7 × alleged 0.5 × confidence 0.8 = 0.28"


def test_relation_counts_excluded_units_by_mode(store: Store) -> None:
    b = StoreBuilder(store)
    art = b.article("Israel struck Iran. Israel did not strike Iran. If Israel struck Iran.", published="2013-09-17")
    b.event(art, "ISR", "ASSAULT", "IRN", intensity=-9.0, sentence="Israel struck Iran.")
    b.event(art, "ISR", "THREATEN", "IRN", intensity=-6.0, mode="negated", sentence="Israel did not strike Iran.")
    b.event(art, "ISR", "COERCE", "IRN", intensity=-7.0, mode="hypothetical", sentence="If Israel struck Iran.")
    rel = dyads.relation(store.con, "ISR", "IRN")
    assert rel is not None and rel.n_events == 1 and rel.n_excluded == 2
    assert rel.excluded_modes == {"negated": 1, "hypothetical": 1}
    assert rel.modes == {"asserted": 1, "negated": 1, "hypothetical": 1}
    report = dyads.weights_report(rel, dyads.evidence(store.con, "ISR", "IRN"))
    assert report["n_excluded"] == 2 and report["excluded_by_mode"] == {"hypothetical": 1, "negated": 1}
    assert report["in_use"] == "asserted 1 · hypothetical 0 · negated 0"
    assert report["legend"] == rules.legend()
    assert dyads.excluded_text(report) == "2 not counted (weight 0): 1 hypothetical, 1 negated"


def test_historical_event_counts_in_its_own_period(store: Store) -> None:
    """"The 2003 war" told in a 2019 article lands in 2003, never in 2019."""
    b = StoreBuilder(store)
    art = b.article("In 2003 Armenia and Azerbaijan fought a war. Azerbaijan thanked Turkey.", published="2019-05-02")
    b.event(art, "AZE", "ASSAULT", "ARM", intensity=-10.0, mode="historical", date="2003",
            sentence="In 2003 Armenia and Azerbaijan fought a war.")
    series = dyads.dyad_series(store.con, "AZE", "ARM", window="year")
    assert [r.window for r in series] == ["2003"]
    assert dyads.relation(store.con, "AZE", "ARM", since="2019", until="2019") is None or (
        dyads.relation(store.con, "AZE", "ARM", since="2019", until="2019").n_events == 0  # type: ignore[union-attr]
    )
    assert dyads.relation(store.con, "AZE", "ARM", since="2003", until="2003").n_events == 1  # type: ignore[union-attr]


def test_undated_historical_event_is_in_no_window_and_never_the_articles(store: Store) -> None:
    b = StoreBuilder(store)
    art = b.article("Azerbaijan fought two wars with Armenia. Azerbaijan attacked Armenia.", published="2013-09-17")
    b.event(art, "AZE", "ASSAULT", "ARM", intensity=-10.0, mode="historical",
            sentence="Azerbaijan fought two wars with Armenia.")
    b.event(art, "AZE", "FIGHT", "ARM", intensity=-9.0, mode="reported+historical",
            sentence="Azerbaijan attacked Armenia.")
    for window in ("year", "month", "day"):
        assert dyads.dyad_series(store.con, "AZE", "ARM", window=window) == []
    assert dyads.relation(store.con, "AZE", "ARM", since="2013") is None
    whole = dyads.relation(store.con, "AZE", "ARM")  # all time: it counts, at its mode's weight
    assert whole is not None and whole.n_events == 2 and whole.sign == -1
    assert whole.weight == pytest.approx(0.5 + 0.35)


def test_an_asserted_undated_event_still_takes_the_articles_date(store: Store) -> None:
    b = StoreBuilder(store)
    art = b.article("Azerbaijan attacked Armenia.", published="2013-09-17")
    b.event(art, "AZE", "ASSAULT", "ARM", intensity=-10.0, sentence="Azerbaijan attacked Armenia.")
    assert [r.window for r in dyads.dyad_series(store.con, "AZE", "ARM", window="year")] == ["2013"]


def test_materialized_records_keep_modes_and_weights(store: Store) -> None:
    seed_store(store)
    before = dyads.relation(store.con, "ISR", "IRN")
    dyads.materialize(store.con)
    after = dyads.relation(store.con, "ISR", "IRN")
    assert before is not None and after is not None
    assert before.modes == after.modes and before.excluded_modes == after.excluded_modes
    assert after.excluded_modes == {"reported+planned+hypothetical": 1}


def test_explanation_carries_the_weights_it_used(store: Store) -> None:
    seed_store(store)
    ex = explain(store.con, "ISR", "IRN", n_evidence=5)
    assert "1 not counted (weight 0): 1 reported+planned+hypothetical" in ex.summary
    data = ex.as_dict()
    assert data["weights"]["legend"] == rules.legend()
    assert data["weights"]["n_excluded"] == 1
    assert data["weights"]["modes"]["denied"] == 0.0
    modes = {e["mode"]: e for e in data["evidence"]}
    assert modes["alleged"]["mode_weight"] == 0.5 and modes["alleged"]["weights"]["text"] == "alleged 0.5"
    airfields = modes["reported+planned+hypothetical"]
    assert airfields["weight"] == 0 and airfields["weights"]["excluded"]
    for path in data["paths"]:
        for step in path["steps"]:
            for e in step["evidence"]:
                assert e["weights"]["weight"] == pytest.approx(e["weight"], abs=1e-4)
