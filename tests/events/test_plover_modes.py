"""PLOVER's `mode` attribute (`Event.plover_mode`): the kind of act within an event type, read off the
trigger and its clause (`entente.events.plover_modes`), in the codebook's names.

The table holds real newswire sentences from `../shared/data/news/` (Reuters 1996 and AG News 2004;
whitespace and AG's HTML-entity debris tidied), each with the event's trigger, the type and the mode a
coder following the PLOVER codebook gives it. They are run through the whole pipeline.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from entente.events import Event
from entente.events.lexicon import normalise_plover_mode
from entente.events.plover_modes import mode_table

from .conftest import SHARED

CODEBOOK = SHARED / "data" / "ontology" / "plover"

#: published, sentence, trigger, PLOVER type, PLOVER mode (None: the codebook has none for it)
SENTENCES: list[tuple[str, str, str, str, str | None]] = [
    # ASSAULT: the means of the attack
    ("1996-08-24", "Iraqi army heavily shelled the Kanie Karzhala camp, west of Arbil, on Friday...",
     "shelled", "ASSAULT", "heavy-weapons"),
    ("1996-08-23", "A Libyan man has been found stabbed to death in Malta, police said on Friday.",
     "stabbed", "ASSAULT", "primitive"),
    ("1996-08-26", ("Unidentified gunmen dragged 10 men out ot their homes in a rural area of Colombia's "
     "northwest province of Antioquia and shot them to death, authorities said on Sunday."),
     "shot", "ASSAULT", "firearms"),
    ("1996-08-26", ("After Moslem suicide bombers killed 59 people in Israel in February and March, Weizman "
     "called for peace efforts with the PLO to be suspended."),
     "killed", "ASSAULT", "suicide-attack"),
    ("2004-08-01", ("A massive car bomb exploded on the outskirts of the Iraqi city of Fallujah, killing seven "
     "United States Marines and wounding several others, a US military official said."),
     "exploded", "ASSAULT", "explosives"),
    # ... and the killing it caused has the subject of the clause it hangs on
    ("2004-08-01", ("A massive car bomb exploded on the outskirts of the Iraqi city of Fallujah, killing seven "
     "United States Marines and wounding several others, a US military official said."),
     "killing", "ASSAULT", "explosives"),
    ("2004-08-01", ("Israeli soldiers shot and killed a Palestinian as he approached a security fence between "
     "Israel and the Gaza Strip, Israeli military sources said on Saturday."),
     "killed", "ASSAULT", "firearms"),
    ("2004-08-01", ("Israeli helicopters attacked a Hamas training camp early Tuesday, killing at least 14 "
     "militants and wounding 30 others in one of the deadliest airstrikes since fighting broke out four "
     "years ago."),
     "attacked", "ASSAULT", "aerial"),
    ("2004-08-01", ("Baton-wielding riot police fired tear gas and rounded up dozens of demonstrators in "
     "Bangladesh on Tuesday during a general strike called to protest a weekend grenade attack that killed "
     "20 people and wounded hundreds at an opposition political rally."),
     "fired", "ASSAULT", "crowd-control"),
    # CONSULT: how the parties meet
    ("1996-08-29", ("Interfax, quoting Yeltsin press secretary Sergei Yastrzhembsky, said Yeltsin and Kohl had "
     "discussed bilateral relations and international issues on the telephone."),
     "discussed", "CONSULT", "phone"),
    ("1996-08-29", ("Australian Foreign Minister Alexander Downer arrived in Beijing on Thursday for a four-day "
     "visit that follows rising friction between the two nations in recent weeks."),
     "arrived", "CONSULT", "visit"),
    ("1996-08-29", "Belgian police have visited Bratislava and will visit Prague.",
     "visited", "CONSULT", "visit"),
    # PROTEST: the form of the protest
    ("1996-08-27", ("Thousands of Tamils demonstrated outside the United Nations ' European headquarters in "
     "Geneva on Monday to appeal for U.N. recognition of their fight for independence from Sri Lanka."),
     "demonstrated", "PROTEST", "demo"),
    ("1996-08-27", ("Miners led by Cozma rioted in Bucharest in 1990 and 1991, bringing down the reformist "
     "government of premier Petre Roman."),
     "rioted", "PROTEST", "riot"),
    ("2004-08-01", ("Italy ground to a halt as millions of workers observed a general strike in protest "
     "against the economic policies of Prime Minister Silvio Berlusconi's centre-right government."),
     "strike", "PROTEST", "strike"),
    # COERCE: what the authorities do
    ("1996-08-24", ("Sudanese police have arrested three people trying to smuggle sewing machines and army "
     "clothing to Sudanese opposition groups in Eritrea, an official newspaper reported on Saturday."),
     "arrested", "COERCE", "arrest"),
    ("1996-08-28", ("The Albanian daily Koha Jone reported earlier that Greece had deported about 5,000 "
     "Albanians in the last five days."),
     "deported", "COERCE", "deport"),
    ("1996-08-27", ("Egypt has banned and confiscated 10,000 copies of the Cyprus-based Arabic monthly newspaper "
     "al-Tadamun because of an editorial suggesting mental health tests for Arab leaders, the "
     "editor-in-chief said on Tuesday."),
     "confiscated", "COERCE", "censor"),
    ("1996-08-29", ("Marriner said NATO forces confiscated 25 long-barreled AK-47 automatic assault rifles from "
     "the detained Serbs before setting them free."),
     "confiscated", "COERCE", "seize"),
    # THREATEN: the content of the threat
    ("2004-08-01", ("Panama recalled its ambassador from Cuba on Monday after the Cuban government threatened "
     "to break off relations in a dispute over four anti-Fidel Castro exiles imprisoned in Panama."),
     "threatened", "THREATEN", "relations"),
    ("1996-08-24", ("The Speaker of Bangladesh's parliament, Humayun Rasheed Choudhury, said he had received "
     "death threats from anonymous callers after opposition parties threatened to boycott proceedings "
     "chaired by him."),
     "threatened", "THREATEN", "restrict"),
    # SANCTION, RETREAT
    ("2004-08-01", ("Panama recalled its ambassador from Cuba on Monday after the Cuban government threatened "
     "to break off relations in a dispute over four anti-Fidel Castro exiles imprisoned in Panama."),
     "recalled", "SANCTION", "withdraw"),
    ("1996-08-29", ("The April arrests were announced shortly after a row in which Tehran asked Ankara to "
     "withdraw four Turkish diplomats accused of spying, and Turkey expelled four Iranian diplomats for "
     "their alleged links to killings of Iranian exiles."),
     "expelled", "SANCTION", "expel"),
    ("2004-08-01", ("The soldiers withdrew from the heights above the Ossetian of capital of Tskhinvali "
     "Thursday, turning the area over to peacekeepers."),
     "withdrew", "RETREAT", "withdraw"),
    ("2004-08-01", ("Vietnam has released nearly 9,000 prisoners, including 10 inmates whose cases it says had "
     "drawn international attention, as part of traditional pardons granted ahead of independence "
     "celebrations on September 2."),
     "released", "RETREAT", "release"),
    # REQUEST and ACCUSE: what is asked, how one disapproves
    ("2004-08-01", ("The UN Security Council on Tuesday condemned reported military actions by Rwanda in the "
     "eastern Democratic Republic of Congo (DRC) and demanded the country immediately withdraw any troops "
     "it may have in the DRC."),
     "demanded", "REQUEST", "yield"),
    ("2004-08-01", ("The UN Security Council on Tuesday condemned reported military actions by Rwanda in the "
     "eastern Democratic Republic of Congo (DRC) and demanded the country immediately withdraw any troops "
     "it may have in the DRC."),
     "condemned", "ACCUSE", "disapprove"),
    ("1996-08-29", ("India's Home (interior) Minister accused Pakistan on on Thursday of planning to disrupt "
     "state elections in troubled Jammu and Kashmir state."),
     "accused", "ACCUSE", "allege"),
    # no mode: a call to strike is none of REQUEST's (assist, change, yield, meet); AGREE has none at all
    ("1996-08-29", ("Palestinian President Yasser Arafat said on Wednesday that Israel had declared war on the "
     "Palestinians and called for the first general strike in the West Bank and Gaza in two years."),
     "called", "REQUEST", None),
    ("1996-08-29", "Belgian police have visited Bratislava and will visit Prague.",
     "visit", "AGREE", None),
]


def _event_with_trigger(doc: Doc, trigger: str) -> Event:
    found = [ev for ev in doc._.events if ev.trigger == trigger or ev.trigger.endswith(f"… {trigger}")]
    assert found, f"no event on {trigger!r}: {[(ev.type, ev.trigger) for ev in doc._.events]}"
    return found[0]


@pytest.mark.parametrize(("published", "text", "trigger", "plover", "mode"), SENTENCES,
                         ids=[f"{row[3]}-{row[4]}-{row[2]}" for row in SENTENCES])
def test_plover_mode_of_news_sentence(annotate: Callable[..., Doc], published: str, text: str, trigger: str,
                                      plover: str, mode: str | None) -> None:
    event = _event_with_trigger(annotate(text, published=published), trigger)
    assert (event.type, event.plover_mode) == (plover, mode)


def _codebook_modes() -> set[str]:
    """Every mode name of the codebook: the structured CSV's and the manual's mode tables'."""
    names = set()
    with (CODEBOOK / "PLOVER_structured_codebook.csv").open(encoding="utf-8", newline="") as fh:
        names |= {row["mode"].strip() for row in csv.DictReader(fh) if row["mode"].strip()}
    manual = (CODEBOOK / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    names |= set(re.findall(r"^([a-z][a-z-]+) & ", manual, flags=re.MULTILINE))
    return names


def test_only_codebook_mode_names() -> None:
    if not CODEBOOK.exists():
        pytest.skip(f"{CODEBOOK} is not available")
    known = _codebook_modes()
    for plover, spec in mode_table().types.items():
        assert spec.modes <= known, (plover, sorted(spec.modes - known))
        assert {cue.mode for cue in spec.cues} <= spec.modes
        assert spec.default is None or spec.default in spec.modes


@pytest.mark.parametrize(("plover", "gold", "expected"), [
    ("PROTEST", "strike-hun", "hunger"),      # PLOVER 0.5b1 names of the gold files
    ("PROTEST", "demo-spon", "demo"),
    ("CONSULT", "host", "visit"),             # hosting a visit is the visit seen from the host
    ("THREATEN", "curfew", "restrict"),
    ("COERCE", "detain", "arrest"),
    ("FIGHT", "heavy-weapons", "heavy-weapons"),   # the old type name is mapped too
    ("ASSAULT", "other", None),               # no counterpart
    ("AGREE", "visit", None),                 # AGREE has no modes
])
def test_legacy_gold_modes_in_codebook_terms(plover: str, gold: str, expected: str | None) -> None:
    assert normalise_plover_mode(plover, gold) == expected
