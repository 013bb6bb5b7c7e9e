"""Dyad relations from stored events and stances: signs, rules, windows, evidence."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from entente.graph import dyads, rules
from entente.graph.dyads import Scope
from entente.store import Store

from .builders import SENT, StoreBuilder, seed_store


@pytest.fixture
def store() -> Iterator[Store]:
    with Store(":memory:") as s:
        yield s


@pytest.fixture
def seed(store: Store) -> Store:
    seed_store(store)
    return store


def _by_pair(rels: list[dyads.Relation]) -> dict[tuple[str, str], dyads.Relation]:
    return {r.pair: r for r in rels}


def test_seed_signs(seed: Store) -> None:
    rels = _by_pair(dyads.relations(seed.con, Scope(kind="states")))
    assert rels[("AZE", "ISR")].sign == 1
    for pair in (("AZE", "IRN"), ("IRN", "ISR"), ("ARM", "AZE"), ("ISR", "TUR")):
        assert rels[pair].sign == -1, pair
    assert set(rels) == {("AZE", "ISR"), ("AZE", "IRN"), ("IRN", "ISR"), ("ARM", "AZE"), ("ISR", "TUR")}


def test_relation_counts_and_evidence(seed: Store) -> None:
    r = dyads.relation(seed.con, "ISR", "AZE")
    assert r is not None and r.pair == ("AZE", "ISR")  # order-free, stored as (min, max)
    assert r.n_sources == 1 and r.n_articles == 1
    assert r.types == {"COOPERATE": 1, "STANCE": 1}  # the two stances of one article are one unit
    assert r.quads == {2: 1}
    assert r.dimensions["military"] == 2 and r.dimensions["technology"] == 1
    assert 0 < r.confidence < 1
    assert r.evidence and r.evidence[0].contribution == max(e.contribution for e in r.evidence)


def test_denied_event_does_not_count_as_asserted(store: Store) -> None:
    b = StoreBuilder(store)
    text = "Israel struck Iran. Israel denied striking Iran. Israel might strike Iran."
    art = b.article(text)
    denial = b.event(
        art, "ISR", "REJECT", "IRN", intensity=0.0, mode="asserted", sentence="Israel denied striking Iran."
    )
    b.event(
        art, "ISR", "ASSAULT", "IRN", intensity=-10.0, mode="denied", sentence="Israel denied striking Iran."
    )
    b.event(
        art,
        "ISR",
        "ASSAULT",
        "IRN",
        intensity=-10.0,
        mode="hypothetical",
        sentence="Israel might strike Iran.",
    )
    r = dyads.relation(store.con, "ISR", "IRN")
    assert r is not None
    # the REJECT counts; the denied strike and the supposed one (two acts: one expected) do not
    assert r.n_events == 1 and r.n_excluded == 2
    assert r.sign == 0  # a neutral statement only
    # an asserted event that someone denies is disputed: it counts, but far less than if it stood
    struck = b.event(
        art,
        "ISR",
        "ASSAULT",
        "IRN",
        intensity=-10.0,
        sentence="Israel struck Iran.",
        denied_by=denial,
        date="2013-09-16",
    )
    items = {e.id: e for e in dyads.evidence(store.con, "ISR", "IRN")}
    assert items[struck].disputed and items[struck].weight == pytest.approx(rules.DISPUTED_FACTOR)
    assert all(e.weight == 0 for e in items.values() if e.mode in ("denied", "hypothetical"))


def test_claims_denies_marks_event_disputed(store: Store) -> None:
    b = StoreBuilder(store)
    art = b.article("Reports say Russia shelled Ukraine. Moscow denied it.")
    event = b.event(
        art,
        "RUS",
        "ASSAULT",
        "UKR",
        intensity=-9.0,
        mode="reported",
        sentence="Reports say Russia shelled Ukraine.",
    )
    b.claim(event, art, "denies")
    (e,) = dyads.evidence(store.con, "RUS", "UKR")
    assert e.disputed and e.weight == pytest.approx(rules.mode_weight("reported") * rules.DISPUTED_FACTOR)


def test_mode_weights() -> None:
    assert rules.mode_weight("asserted") == 1.0
    assert rules.mode_weight(None) == 1.0
    assert rules.mode_weight("reported") < 1.0 and rules.mode_weight("alleged") < 1.0
    assert rules.mode_weight("historical") < 1.0
    for mode in ("denied", "negated", "hypothetical", "reported+planned+hypothetical"):
        assert rules.mode_weight(mode) == 0.0
    assert rules.mode_weight("reported+planned") == pytest.approx(
        rules.MODE_WEIGHTS["reported"] * rules.MODE_WEIGHTS["planned"]
    )
    # the documented order: asserted > reported > alleged > planned > hypothetical = denied = negated = 0
    w = rules.MODE_WEIGHTS
    assert w["asserted"] == 1.0 > w["reported"] > w["alleged"] > w["planned"] > w["hypothetical"] == 0.0
    assert w["denied"] == w["negated"] == 0.0
    assert rules.mode_weight("unheard-of") == rules.UNKNOWN_MODE_WEIGHT


def test_near_duplicates_counted_once(store: Store) -> None:
    b = StoreBuilder(store)
    text = "France and Germany signed a defence pact on Monday."
    first = b.article(text, source="AFP")
    copy = b.article(text + " (Updated.)", source="Yahoo", near_duplicate_of=first)
    for art in (first, copy):
        b.event(art, "FRA", "AGREE", "DEU", intensity=5.0)
    r = dyads.relation(store.con, "FRA", "DEU")
    assert r is not None and r.n_events == 1 and r.n_sources == 1 and r.n_articles == 1


def test_confidence_grows_with_independent_outlets(store: Store) -> None:
    b = StoreBuilder(store)
    for outlet in ("AFP",):
        b.event(
            b.article("Japan and India hold talks.", source=outlet), "JPN", "CONSULT", "IND", intensity=1.0
        )
    one = dyads.relation(store.con, "JPN", "IND")
    for outlet in ("Reuters", "BBC"):
        b.event(
            b.article(f"Japan and India hold talks, {outlet} says.", source=outlet),
            "JPN",
            "CONSULT",
            "IND",
            intensity=1.0,
        )
    three = dyads.relation(store.con, "JPN", "IND")
    assert one is not None and three is not None
    assert three.n_sources == 3 and three.confidence > one.confidence


def test_one_article_repeating_an_event_is_one_unit(store: Store) -> None:
    b = StoreBuilder(store)
    art = b.article("India shelled Pakistan. The shelling by India of Pakistan went on.")
    b.event(art, "IND", "ASSAULT", "PAK", intensity=-9.0, sentence="India shelled Pakistan.")
    b.event(
        art, "IND", "ASSAULT", "PAK", intensity=-9.0, sentence="The shelling by India of Pakistan went on."
    )
    b.event(art, "IND", "CONSULT", "PAK", intensity=1.0)
    r = dyads.relation(store.con, "IND", "PAK")
    assert r is not None and r.n_events == 2 and r.types == {"ASSAULT": 1, "CONSULT": 1}


def test_score_is_net_intensity_ratio(store: Store) -> None:
    b = StoreBuilder(store)
    art = b.article("Chile and Peru: a visit, then a clash.")
    b.event(art, "CHL", "CONSULT", "PER", intensity=2.0)
    b.event(art, "CHL", "ASSAULT", "PER", intensity=-8.0)
    r = dyads.relation(store.con, "CHL", "PER")
    assert r is not None and r.score == pytest.approx((0.2 - 0.8) / (0.2 + 0.8))


def test_agents_of_a_state_roll_up_into_it(store: Store) -> None:
    b = StoreBuilder(store)
    art = b.article("Ilham Aliyev praised Israel. The Taliban attacked Pakistan.")
    b.event(
        art, {"actor": "AZE.ILHAM_ALIYEV", "country": "AZE", "sector": "GOV"}, "PRAISE", "ISR", intensity=3.4
    )
    b.event(
        art, {"actor": "AFG.TALIBAN", "country": "AFG", "sector": "REB"}, "ASSAULT", "PAK", intensity=-10.0
    )
    states = _by_pair(dyads.relations(store.con, Scope(kind="states")))
    assert set(states) == {("AZE", "ISR")}  # a rebel group is not its country
    everyone = _by_pair(dyads.relations(store.con, Scope(kind="all")))
    assert ("AFG.TALIBAN", "PAK") in everyone and ("AZE", "ISR") in everyone
    raw = _by_pair(dyads.relations(store.con, Scope(kind="all", rollup=False)))
    assert ("AZE.ILHAM_ALIYEV", "ISR") in raw


def test_people_of_a_state_are_not_the_state(store: Store) -> None:
    b = StoreBuilder(store)
    art = b.article("Albania charges Briton with child sex abuse. Albania thanked Britain for its help.")
    b.event(art, "ALB", "COERCE", {"actor": "GBR", "country": "GBR", "sector": "CVL"}, intensity=-5.0)
    b.event(art, "ALB", "PRAISE", "GBR", intensity=3.4)
    states = _by_pair(dyads.relations(store.con, Scope(kind="states")))
    assert states[("ALB", "GBR")].n_events == 1 and states[("ALB", "GBR")].score == pytest.approx(1.0)
    everyone = _by_pair(dyads.relations(store.con, Scope(kind="all")))
    assert ("ALB", "GBR.CVL") in everyone
    # the node can be asked for by name, from the tables and from the materialized records
    for cached in (False, True):
        if cached:
            dyads.materialize(store.con)
        pair = dyads.relation(store.con, "ALB", "GBR.CVL")
        assert pair is not None and pair.n_events == 1 and pair.score is not None and pair.score < 0
    from entente.api.queries import EventFilter, list_events

    assert list_events(store.con, EventFilter(a="ALB", b="GBR.CVL"))[0] == 1
    assert list_events(store.con, EventFilter(actor="GBR.CVL"))[0] == 1


def test_rule_2_in_python_matches_the_sql() -> None:
    assert rules.node("ISR", "ISR", None) == "ISR"
    assert rules.node("AZE.ILHAM_ALIYEV", "AZE", "GOV") == "AZE"
    assert rules.node("GBR", "GBR", "UNK") == "GBR.CVL"
    assert rules.node("CUB", "CUB", "REF") == "CUB.REF"
    assert rules.node("GBR", "GBR", "JNK") is None
    assert rules.node("AFG.TALIBAN", "AFG", "REB") == "AFG.TALIBAN"


def test_stances_of_people_of_a_state_are_not_the_state() -> None:
    from entente.store.extractions import stance_rows

    rows = stance_rows("a1", [{"id": "s1", "sign": 1, "a": [{"actor": "IRQ", "country": "IRQ", "sector": "CVL"}],
                               "b": [{"actor": "IRN", "country": "IRN", "sector": None}]}])
    assert [(r["a"], r["b"]) for r in rows] == [("IRQ.CVL", "IRN")]


def test_windows_and_precision(seed: Store) -> None:
    years = dyads.dyad_series(seed.con, "ISR", "IRN", window="year")
    assert [r.window for r in years] == ["2012", "2013"]
    assert years[0].start == "2012-01-01" and years[0].end == "2012-12-31"
    months = dyads.dyad_series(seed.con, "ISR", "IRN", window="month")
    assert [r.window for r in months] == ["2013-09"]  # an event dated "2012" is in no month
    assert dyads.relation(seed.con, "ISR", "IRN", since="2013") is not None
    only_2012 = dyads.relation(seed.con, "ISR", "IRN", until="2012")
    assert only_2012 is not None and only_2012.types == {"ASSAULT": 1}
    assert dyads.relation(seed.con, "ISR", "TUR", since="2011") is None
    assert dyads.window_labels(seed.con, "year") == ["2010", "2012", "2013"]


def test_rolling_window_covers_previous_windows(store: Store) -> None:
    b = StoreBuilder(store)
    for month, value in (("2020-01", 5.0), ("2020-02", 5.0), ("2020-04", -5.0)):
        b.event(
            b.article(f"Talks in {month}.", published=f"{month}-10"), "EGY", "CONSULT", "ISR", intensity=value
        )
    plain = dyads.dyad_series(store.con, "EGY", "ISR", window="month")
    assert [r.window for r in plain] == ["2020-01", "2020-02", "2020-04"]
    rolled = {r.window: r for r in dyads.dyad_series(store.con, "EGY", "ISR", window="month", rolling=2)}
    assert list(rolled) == ["2020-01", "2020-02", "2020-03", "2020-04"]
    assert rolled["2020-02"].n_events == 2 and rolled["2020-03"].n_events == 1
    assert rolled["2020-04"].n_events == 1 and rolled["2020-04"].sign == -1


def test_undated_evidence_counts_only_without_a_range(store: Store) -> None:
    b = StoreBuilder(store)
    b.event(b.article("Kenya and Uganda agreed.", published=None), "KEN", "AGREE", "UGA", intensity=4.0)
    assert dyads.relation(store.con, "KEN", "UGA") is not None
    assert dyads.relation(store.con, "KEN", "UGA", since="1900") is None
    assert dyads.dyad_series(store.con, "KEN", "UGA", window="year") == []


def test_dimension_filter(seed: Store) -> None:
    rels = _by_pair(dyads.relations(seed.con, Scope(dimension="energy")))
    assert set(rels) == {("AZE", "ISR")}


def test_materialized_records_give_the_same_answers(seed: Store) -> None:
    queries = {
        "year": lambda: dyads.relations(seed.con, window="year"),
        "states": lambda: dyads.relations(seed.con, Scope(kind="states", since="2012", actors=("IRN",))),
        "series": lambda: dyads.dyad_series(seed.con, "AZE", "IRN", window="month", rolling=2),
        "evidence": lambda: dyads.evidence(seed.con, "ISR", "IRN"),
    }
    before = {name: [r.as_dict() for r in query()] for name, query in queries.items()}
    assert dyads.materialize(seed.con) > 0
    assert dyads._cache_fresh(seed.con)
    assert {name: [r.as_dict() for r in query()] for name, query in queries.items()} == before
    # a write makes the cache stale: it is dropped and the tables are read again
    b = StoreBuilder(seed)
    b.event(b.article("Armenia and Azerbaijan talk."), "ARM", "CONSULT", "AZE", intensity=1.0)
    after = _by_pair(dyads.relations(seed.con))
    assert after[("ARM", "AZE")].n_events == 3


def test_attach_text_gives_the_sentence(seed: Store) -> None:
    items = dyads.evidence(seed.con, "AZE", "IRN", limit=10)
    assert SENT["threat"] in {e.sentence for e in items}
    assert all(e.outlet == "Forward" and e.published == "2013-09-17" for e in items)


def test_bad_arguments(seed: Store) -> None:
    with pytest.raises(ValueError):
        Scope(since="Sept 2013")
    with pytest.raises(ValueError):
        Scope(kind="planets")
    with pytest.raises(ValueError):
        dyads.relations(seed.con, window="week")


def test_relation_as_dict_is_json_ready(seed: Store) -> None:
    import json

    r = dyads.relation(seed.con, "AZE", "ISR")
    assert r is not None
    data = json.loads(json.dumps(r.as_dict()))
    assert data["sign"] == 1 and data["evidence"][0]["sentence"] is None  # attach_text adds sentences


def test_dyads_headline_evidence_quotes_the_headline_not_the_body() -> None:
    """A stance read from the title indexes into the title: its sentence is the title's words."""
    with Store(":memory:") as store:
        build = StoreBuilder(store)
        body = "Officials met in Baku on Tuesday to discuss trade and energy projects between the two states."
        article = build.article(body, title="Israel Forges Close Ties With Azerbaijan")
        stance = build.stance(article, "AZE", "ISR", +1, text=body)
        store.con.execute("UPDATE stances SET field = 'title', start = 0, \"end\" = 40 WHERE id = ?", [stance])
        [item] = dyads.evidence(store.con, "ISR", "AZE")
        assert item.field == "title"
        assert item.sentence == "Israel Forges Close Ties With Azerbaijan"
