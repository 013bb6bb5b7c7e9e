"""Attributions beyond verbs of saying, as PolNeAR counts them, on real sentences through the real parser.

Each row is a sentence and the quotes it must give, as (speaker, cue, content, direct): verbs of
attitude with their object and its complements, passives with a "by" source, attitude nouns with
their preposition, "according to", the doubled-apostrophe quotation mark and content boundaries
(a misattached conjunct, a semicolon). The last rows must give nothing: an act that is no attitude,
and page furniture.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from entente.quotes import extract_quotes
from entente.quotes.cues import load_cues

pytestmark = pytest.mark.model

Row = tuple[str | None, str | None, str, bool]

TABLE: list[tuple[str, str, list[Row]]] = [
    ("attitude verb: object and its 'for' complement",
     "Sanders criticized Clinton for accepting speaking fees from Wall Street firms.",
     [("Sanders", "criticized", "Clinton for accepting speaking fees from Wall Street firms", False)]),
    ("attitude verb: 'accused X of Y'", "He accused Clinton of being too cozy with Wall Street.",
     [("He", "accused", "Clinton of being too cozy with Wall Street", False)]),
    ("attitude verb with an infinitive: the parser's misattached conjuncts stay in the content",
     ("She wants to triple the size of the AmeriCorps program, grow the Peace Corps and create a new "
      "national service reserve program."),
     [("She", "wants", "to triple the size of the AmeriCorps program, grow the Peace Corps and create a new "
       "national service reserve program", False)]),
    ("passive with a source: the subject and the complement are the content, the agent the speaker",
     "The proposal was criticized by left-leaning economists for its cost.",
     [("left-leaning economists", "criticized", "The proposal \u2026 for its cost", False)]),
    ("attitude noun as the object of a light verb: the verb's subject holds it",
     "Clinton expressed concern about the pace of the recovery.",
     [("Clinton", "concern about", "the pace of the recovery", False)]),
    ("attitude noun with a possessor", "Trump's criticism of the soldier's parents drew fire from both parties.",
     [("Trump's", "criticism of", "the soldier's parents", False)]),
    ("according to X: the clause it modifies", "The plan would raise $1.1 trillion, according to the Tax Policy Center.",
     [("the Tax Policy Center", "according to", "The plan would raise $1.1 trillion", False)]),
    ("clause boundary: a semicolon ends the reported clause",
     ("The center estimates that the plan would raise $1.1 trillion over the next decade; the Tax Foundation "
      "puts the figure at $498 billion."),
     [("The center", "estimates", "the plan would raise $1.1 trillion over the next decade", False)]),
    ("doubled apostrophes as quotation marks, split around the cue",
     ("''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist. ''It's anti-reform. She's layering "
      "on even more complexity.''"),
     [("Douglas Holtz-Eakin, an economist", "said",
       "This isn't tax reform \u2026 It's anti-reform. She's layering on even more complexity.", True)]),
    ("an act, not an attitude: 'sought out allies'", "The Jewish state sought out moderate Muslim nations as allies.",
     []),
    ("page furniture never yields a quote, whatever its verb",
     "Readers who want updates should sign up for our newsletter.", []),
]


def _rows(doc: Doc) -> list[Row]:
    return [(q.speaker.text, q.cue.text if q.cue else None, q.content.text, q.direct) for q in extract_quotes(doc)]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in TABLE], ids=[n for n, _, _ in TABLE])
def test_attitude_table(parse: Callable[[str], Doc], text: str, expected: list[Row]) -> None:
    assert _rows(parse(text)) == expected


def test_attitude_lexicons_are_data() -> None:
    cues = load_cues()
    assert {"criticize", "accuse", "endorse", "praise"} <= cues.attitude
    assert "for" in cues.attitude_nouns["support"] and "of" in cues.attitude_nouns["criticism"]
    assert "during" not in cues.argument_prepositions
