"""Sentence -> expected events, for the hard cases of event extraction.

Each row of CASES reads: the text (published 2013-09-17 unless said otherwise), then the events
that must be among what the extractor returns, as (type, sources, targets, mode, date). Sources
and targets are sets of country codes (the `country` of each actor reference, or its `actor`);
`mode` must equal the event's mode; `date` None means no date may be invented.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from spacy.tokens import Doc

from entente.events import Event
from entente.events.extract import is_boilerplate
from entente.events.records import EXTRACTOR
from entente.events.sports import is_sports_headline, sports_sentences

pytestmark = pytest.mark.model


@dataclass(frozen=True)
class Want:
    type: str
    source: frozenset[str]
    target: frozenset[str]
    mode: str = "asserted"
    date: str | None = None


def W(type_: str, source: str, target: str, mode: str = "asserted", date: str | None = None) -> Want:
    return Want(type_, frozenset(source.split()), frozenset(target.split()), mode, date)


CASES: list[tuple[str, str, list[Want]]] = [
    ("joint sources",
     "Israeli and Azerbaijani officials denied the report.",
     [W("REJECT", "ISR AZE", "")]),
    ("accusation with alleged sub-events",
     "Iran accused Azerbaijan of helping Israel assassinate Iranian nuclear scientists.",
     [W("ACCUSE", "IRN", "AZE"), W("AID", "AZE", "ISR", "alleged"), W("ASSAULT", "ISR", "IRN", "alleged")]),
    ("report with a hypothetical strike inside a plan",
     "The situation was inflamed further by a Reuters report that Israel planned to use Azerbaijani "
     "airfields in the event of a strike on Iranian nuclear facilities.",
     [W("ASSAULT", "ISR", "IRN", "reported+planned+hypothetical")]),
    ("negated refusal",
     "Syria says it will not accept any more refugees.",
     [W("REJECT", "SYR", "")]),
    ("negated event",
     "Israel did not attack Iran.",
     [W("ASSAULT", "ISR", "IRN", "negated")]),
    ("announced cooperation is an agreement to an act still planned",
     "Finland will give Tanzania a grant of 580 million shillings.",
     [W("AGREE", "FIN", "TZA", "planned")]),
    ("announced conflict is a threat",
     "Palestinian leaders said they would boycott all official contact with the United States.",
     [W("THREATEN", "PSE", "USA")]),
    ("hypothetical",
     "If Iran attacks Israel, the United States will respond.",
     [W("ASSAULT", "IRN", "ISR", "hypothetical")]),
    ("historical",
     "Azerbaijan has fought two wars against Armenia in the last century.",
     [W("ASSAULT", "AZE", "ARM", "historical", "19")]),
    ("nominal event with by- and of-phrases, told as background three years on",
     "Turkey's partnership with Israel hasn't recovered from the 2010 storming by Israeli commandos of a "
     "Turkish ship bound for Gaza.",
     [W("ASSAULT", "ISR", "TUR", "historical", "2010")]),
    ("passive with agent, weekday date",
     "Iraqi villages were shelled by Turkish warplanes on Monday.",
     [W("ASSAULT", "TUR", "IRQ", "asserted", "2013-09-16")]),
    ("obligation put on another actor is a request",
     "Russia said Sudan must return the helicopter.",
     [W("REQUEST", "RUS", "SDN")]),
    ("reciprocal agreement, joint sources",
     "Brazil and the United States agreed to deepen a partnership in energy.",
     [W("AGREE", "BRA USA", "")]),
    ("meeting, relational noun keeps its own nationality",
     "Egypt's foreign minister met his Jordanian counterpart in Amman on Sunday.",
     [W("CONSULT", "EGY", "JOR", "asserted", "2013-09-15")]),
    ("light verb with an event noun, relative month",
     "Japan imposed sanctions on North Korea last month.",
     [W("COERCE", "JPN", "PRK", "asserted", "2013-08")]),
    ("refusal noun governs its complement",
     "His policy has led to American and European reluctance to sell Azerbaijan weapons.",
     [W("REJECT", "USA", "AZE")]),
    ("an appeal for sanctions threatens their target",
     "Israel urged the United Nations on Wednesday to move toward sanctions against Iran.",
     [W("THREATEN", "ISR", "IRN")]),
    ("welcoming criticism criticises its target",
     "Syria welcomed the international criticism of Israel.",
     [W("ACCUSE", "SYR", "ISR")]),
    ("an appeal to end sanctions stays an appeal",
     "Russia called for an end to sanctions against Iraq.",
     [W("REQUEST", "RUS", "IRQ")]),
    ("an appeal not to impose sanctions stays an appeal",
     "Russia urged the UN not to impose new sanctions on Iraq.",
     [W("REQUEST", "RUS", "UN")]),
    ("an appeal for sanctions to be lifted stays an appeal",
     "Russia called for sanctions against Iraq to be lifted.",
     [W("REQUEST", "RUS", "IRQ")]),
    ("blasting a decision is criticism, not an attack",
     "The United States blasted the release from a Greek prison of a convicted bomber.",
     [W("ACCUSE", "USA", "GRC")]),
]


def _codes(refs: list[dict[str, object]]) -> frozenset[str]:
    out = set()
    for ref in refs:
        value = ref.get("country") or ref.get("actor")
        if isinstance(value, str):
            out.add(value.split(".")[0])
    return frozenset(out)


def _matches(ev: Event, want: Want) -> bool:
    return (ev.type == want.type and _codes(ev.source) >= want.source - {""}
            and _codes(ev.target) >= want.target - {""} and (want.source != {""} or True)
            and ev.mode == want.mode and (want.date is None or ev.date == want.date))


@pytest.mark.parametrize("label,text,wants", CASES, ids=[c[0] for c in CASES])
def test_extract_table(annotate: Callable[..., Doc], label: str, text: str, wants: list[Want]) -> None:
    doc = annotate(text)
    events: list[Event] = doc._.events
    shown = [(e.type, sorted(_codes(e.source)), sorted(_codes(e.target)), e.mode, e.date) for e in events]
    for want in wants:
        assert any(_matches(e, want) for e in events), f"{label}: wanted {want}, got {shown}"


def test_no_date_is_invented(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Iran accused Azerbaijan of spying.")
    assert doc._.events and all(e.date is None and e.date_precision is None for e in doc._.events)


def test_denial_links_to_the_reported_event(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Reuters reported that Israel planned to use Azerbaijani airfields in the event of a strike "
                   "on Iranian nuclear facilities. Israeli and Azerbaijani officials denied the report.")
    strike = next(e for e in doc._.events if e.type == "ASSAULT")
    denial = next(e for e in doc._.events if e.type == "REJECT")
    assert "reported" in strike.mode and strike.reported_by and "Reuters" in strike.reported_by["text"]
    assert denial.denies == [strike.id] and strike.denied_by == [denial.id]
    assert _codes(denial.source) == {"ISR", "AZE"}


def test_denial_of_a_complement_is_denied(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Turkey denied that its troops had attacked Syria.")
    attack = next(e for e in doc._.events if e.type == "ASSAULT")
    assert "denied" in attack.mode


def test_evidence_spans_index_into_the_text(annotate: Callable[..., Doc]) -> None:
    text = "Also last year, Iran accused Azerbaijan of helping Israel assassinate Iranian nuclear scientists."
    doc = annotate(text)
    accuse = next(e for e in doc._.events if e.type == "ACCUSE")
    ev = accuse.evidence
    assert text[ev["trigger_start"]:ev["trigger_end"]] == "accused"
    assert text[ev["start"]:ev["end"]] == ev["sentence"]
    assert accuse.date == "2012" and accuse.date_precision == "year"
    assert accuse.extractor == EXTRACTOR and 0 < accuse.confidence < 1
    assert accuse.quad == 3 and accuse.cameo.startswith("11") and accuse.intensity < 0
    again = annotate(text)
    assert [e.id for e in again._.events] == [e.id for e in doc._.events]


def test_boilerplate_gives_no_event(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Iran attacked Israel. Would you like to receive updates about new stories? "
                   "We will not share your e-mail address.")
    assert all(e.evidence["start"] == 0 for e in doc._.events)
    assert any(is_boilerplate(s) for s in doc.sents)


@pytest.mark.parametrize("text", [
    "Wales beat San Marino 6-0 (halftime 4-0) in a World Cup soccer European group 7 qualifier on Saturday.",
    "England face Moldova in a World Cup qualifier in the same stadium on Sunday.",
    "Chicago beat the Montreal Expos 5-2 on Monday night.",
    "Sandrine Testud (France) beat Ines Gorrochategui (Argentina) 4-6 6-2 6-1.",
])
def test_a_game_between_national_teams_is_no_event(annotate: Callable[..., Doc], text: str) -> None:
    doc = annotate(text)
    assert doc._.events == [] and doc._.stances == []


def test_a_sports_desk_article_gives_no_events(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Ireland midfielder Roy Keane has signed a new contract with English champions Manchester "
                   "United.", title="SOCCER - KEANE SIGNS FOUR-YEAR CONTRACT WITH MANCHESTER UNITED")
    assert doc._.events == [] and doc._.stances == []


def test_a_headline_about_a_competition_over_results_is_a_sports_article(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Sweden defeated South Korea 1 \u2013 0. In the first game of the day, Sweden faced South Korea "
                   "at the Nizhny Novgorod Stadium. Belgium defeated debutants Panama 3 \u2013 0.",
                   title="FIFA World Cup 2018 day five: Sweden, Belgium, England win three points")
    assert doc._.events == [] and doc._.stances == []


@pytest.mark.parametrize(("title", "sports"), [
    ("SOCCER - ENGLAND BEAT MOLDOVA IN UNDER-21 QUALIFIER", True),
    ("TENNIS: RESULTS FROM THE U.S. OPEN", True),
    ("RUGBY UNION-ENGLAND WIN", True),
    ("Football diplomacy - Turkey and Armenia presidents meet", False),
    ("Boxing Day tsunami - aid pours in", False),
])
def test_sports_desk_tags_are_wire_capitals(title: str, sports: bool) -> None:
    assert is_sports_headline(title) is sports


@pytest.mark.parametrize("text", [
    "The Arab League summit on 22-23 June condemned Israel.",
    "The U.N. team found 10-12 Scud missiles in Iraq.",
    "The parliament voted 250-150 in a victory for Yeltsin.",
    "Trade between China and Russia doubles in the first half.",
])
def test_ranges_tallies_and_halves_of_the_year_are_not_games(annotate: Callable[..., Doc], text: str) -> None:
    assert not any(sports_sentences(list(annotate(text).sents)))


def test_scores_are_not_ranges_or_votes(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Russian troops defeated Chechen rebels in a battle that killed 12-15 people.")
    assert any(e.type == "ASSAULT" for e in doc._.events)
    doc = annotate("Russia drew closer to Iran after the September 25\u201327 talks in Tehran.")
    assert not sports_sentences(list(doc.sents))[0]
    doc = annotate("The Security Council voted 14-0 to impose sanctions on Libya.")
    assert any(_codes(e.target) == {"LBY"} for e in doc._.events)


def test_stance_from_a_relation_noun(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Azerbaijan's closeness with Israel is aimed at Armenia.")
    stance = doc._.stances[0]
    assert stance.sign == 1 and _codes(stance.a) == {"AZE"} and _codes(stance.b) == {"ISR"}


def test_stance_sign_from_the_predicate(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Turkey's once-close partnership with Israel hasn't recovered.")
    stance = doc._.stances[0]
    assert stance.sign == -1 and {_codes(stance.a), _codes(stance.b)} == {frozenset({"TUR"}), frozenset({"ISR"})}


def test_headline_lends_its_relation_the_subtitle_dimensions(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Officials met in Baku on Monday.", title="Israel Forges Close Ties With Azerbaijan",
                   subtitle="Oil, Arms and Tech Fuel the Bond")
    headline = [s for s in doc._.stances if s.evidence.get("field") == "title"]
    assert headline, doc._.stances
    assert {"energy", "military", "technology"} <= set(headline[0].dimensions)
    assert {_codes(headline[0].a) | _codes(headline[0].b)} == {frozenset({"ISR", "AZE"})}


def test_events_survive_serialisation(annotate: Callable[..., Doc]) -> None:
    """Docs cross process boundaries (nlp.pipe with n_process > 1) as bytes: events come back whole."""
    doc = annotate("Iran accused Azerbaijan of helping Israel. Azerbaijan's closeness with Israel is aimed at Armenia.")
    back = Doc(doc.vocab).from_bytes(doc.to_bytes())
    assert [e.as_dict() for e in back._.events] == [e.as_dict() for e in doc._.events]
    assert [s.as_dict() for s in back._.stances] == [s.as_dict() for s in doc._.stances]


def test_no_indication_that_negates_its_complement(annotate: Callable[..., Doc]) -> None:
    from entente.events import modes
    from entente.events.lexicon import lexicon

    doc = annotate("Kornblum gave no indication that he had won any specific commitment from Milosevic.")
    commitment = next(t for t in doc if t.lower_ == "commitment")
    assert modes.modality(commitment, lexicon(), lambda t: False) == [modes.NEGATED]
