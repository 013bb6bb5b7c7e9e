"""Sentence -> expected quotes: a readable table of the quote rules, hard news cases included.

Each row is a text and the quotes it must give, in reading order, as (speaker, cue, content, direct):
the speaker's words as written (None: no speaker), the cue's words, the content's words exactly
(several pieces joined by " … "), and whether the words are all inside quotation marks.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from entente.quotes import extract_quotes

pytestmark = pytest.mark.model

Row = tuple[str | None, str | None, str, bool]

TABLE: list[tuple[str, str, list[Row]]] = [
    # -- direct quotes: marks, cue after, cue before ------------------------------------------
    ("curly marks, cue after", "“We will not back down,” the minister said.",
     [("the minister", "said", "We will not back down", True)]),
    ("straight marks, cue after", '"We will not back down," the minister said.',
     [("the minister", "said", "We will not back down", True)]),
    ("cue before, colon", "The minister said: “We will not back down.”",
     [("The minister", "said", "We will not back down.", True)]),
    ("inverted cue with an apposition",
     ("“These reports sound like James Bond stories,” said Raphael Harpaz, Israel’s ambassador to Azerbaijan, "
      "at his office."),
     [("Raphael Harpaz, Israel’s ambassador to Azerbaijan", "said", "These reports sound like James Bond stories",
       True)]),
    ("'That said' is no cue; the cue comes after the marks",
     "That said, “Azerbaijan has taken a courageous stand,” Harpaz added – an obvious reference to Iran.",
     [("Harpaz", "added", "Azerbaijan has taken a courageous stand", True)]),
    ("cue told, addressee and place after the cue", "“We are ready,” Putin told reporters in Moscow on Tuesday.",
     [("Putin", "told", "We are ready", True)]),
    # -- split and multi-sentence quotes ----------------------------------------------------
    ("split around the cue, one sentence", "“The talks are over,” the envoy said, “and we are going home.”",
     [("the envoy", "said", "The talks are over … and we are going home.", True)]),
    ("split around the cue, second sentence continues", "“The talks are over,” she said. “We are going home.”",
     [("she", "said", "The talks are over … We are going home.", True)]),
    ("several sentences inside the marks", "“The talks are over. We tried everything. Nobody listened,” the envoy said.",
     [("the envoy", "said", "The talks are over. We tried everything. Nobody listened", True)]),
    ("a quote running over two paragraphs (no closing mark on the first)",
     "“The talks are over,” the envoy said. “We tried everything.\n\n“Nobody listened to us.”",
     [("the envoy", "said", "The talks are over … We tried everything. … Nobody listened to us.", True)]),
    ("nested quotes: single marks inside double", "“He told me, ‘We are not leaving,’” the mayor recalled.",
     [("the mayor", "recalled", "He told me, ‘We are not leaving,’", True)]),
    ("a paragraph opening with a quotation keeps the last speaker",
     "“We are done,” the envoy said.\n\n“Nobody listened to us. We leave tomorrow.”\n\nThe talks began in May.",
     [("the envoy", "said", "We are done", True), ("the envoy", None, "Nobody listened to us. We leave tomorrow.", True)]),
    ("a paragraph of quotation after a cue ending in a colon", "Caddell continued:\n\n“The health issue is partisan.”",
     [("Caddell", "continued", "The health issue is partisan.", True)]),
    # -- indirect speech ----------------------------------------------------------------------
    ("said + clause", "Harpaz said anti-Semitic sentiment is virtually nonexistent in Azerbaijan.",
     [("Harpaz", "said", "anti-Semitic sentiment is virtually nonexistent in Azerbaijan", False)]),
    ("present tense", "Idan says Azerbaijan’s closeness with Israel is aimed at Armenia.",
     [("Idan", "says", "Azerbaijan’s closeness with Israel is aimed at Armenia", False)]),
    ("belief, with a partial quotation inside; 'according to' only backs it",
     ("American diplomats believe Azerbaijan considers Iran “a major, even existential security threat,” "
      "according to a leaked cable."),
     [("American diplomats", "believe", "Azerbaijan considers Iran “a major, even existential security threat,”",
       False)]),
    ("a document reads, the quotation finishing a clause",
     "The country’s cooperation with Israel “flows from this shared recognition,” the cable read.",
     [("the cable", "read", "The country’s cooperation with Israel “flows from this shared recognition,”", False)]),
    ("wrote in January that", "Eldar Mamedov wrote in January that Israel sees Azerbaijan as a replacement for Turkey.",
     [("Eldar Mamedov", "wrote", "Israel sees Azerbaijan as a replacement for Turkey", False)]),
    ("told an outlet that",
     "Fuad Akhundov, a government spokesman, told JTA that personal bonds have helped cement the bond.",
     [("Fuad Akhundov, a government spokesman", "told", "personal bonds have helped cement the bond", False)]),
    ("said in a statement that", "The ministry said in a statement that the border would reopen on Monday.",
     [("The ministry", "said", "the border would reopen on Monday", False)]),
    ("parenthetical cue", "The plan, the minister said, was dead on arrival.",
     [("the minister", "said", "The plan … was dead on arrival", False)]),
    ("a second statement by the same speaker",
     "The minister said the talks had failed, adding that new elections would be held in May.",
     [("The minister", "said", "the talks had failed", False),
      ("The minister", "adding", "new elections would be held in May", False)]),
    ("relative clause in the speaker", "Smith, who spoke on condition of anonymity, said the deal was close.",
     [("Smith, who spoke on condition of anonymity", "said", "the deal was close", False)]),
    ("a promise with a to-infinitive", "The president has vowed to retaliate against any attack.",
     [("The president", "vowed", "to retaliate against any attack", False)]),
    # -- according to, documents, denials -------------------------------------------------
    ("according to, after the clause", "Twelve soldiers were killed in the attack, according to the defence ministry.",
     [("the defence ministry", "according to", "Twelve soldiers were killed in the attack", False)]),
    ("according to, before the clause", "According to the defence ministry, twelve soldiers were killed in the attack.",
     [("the defence ministry", "According to", "twelve soldiers were killed in the attack", False)]),
    ("a report that", "The situation was inflamed by a Reuters report that Israel planned to use Azerbaijani airfields.",
     [("a Reuters report", "report", "Israel planned to use Azerbaijani airfields", False)]),
    ("a denial of a report", "Israeli and Azerbaijani officials denied the report.",
     [("Israeli and Azerbaijani officials", "denied", "the report", False)]),
    # -- no quotes ----------------------------------------------------------------------------
    ("a title in marks is no quote", "The film “Casablanca” was shown at the festival.", []),
    ("a scare quote with no cue is no quote", "The so-called “reform” passed without debate.", []),
    ("no cue, no marks", "Protesters chanted slogans outside the embassy.", []),
    ("newsletter furniture", "“Sign up for our newsletter to receive updates,” the page says.", []),
]


def _rows(doc: Doc) -> list[Row]:
    return [(q.speaker.text, q.cue.text if q.cue else None, q.content.text, q.direct) for q in extract_quotes(doc)]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in TABLE], ids=[name for name, _, _ in TABLE])
def test_extract_table(parse: Callable[[str], Doc], text: str, expected: list[Row]) -> None:
    assert _rows(parse(text)) == expected


def test_extract_offsets_index_the_text(parse: Callable[[str], Doc]) -> None:
    for _, text, _ in TABLE:
        for quote in extract_quotes(parse(text)):
            for start, end in quote.content.pieces:
                assert text[start:end] in quote.content.text
            if quote.cue is not None:
                assert text[quote.cue.start:quote.cue.end] == quote.cue.text
            if quote.speaker.start is not None:
                assert text[quote.speaker.start:quote.speaker.end] == quote.speaker.text


def test_extract_outlet_from_told_and_from_a_report(parse: Callable[[str], Doc]) -> None:
    told = extract_quotes(parse("Fuad Akhundov, a government spokesman, told JTA that personal bonds have helped."))
    report = extract_quotes(parse("It followed a Reuters report that Israel planned to use the airfields."))
    assert [q.outlet for q in told] == ["JTA"]
    assert [q.outlet for q in report] == ["Reuters"]
    assert report[0].speaker.kind == "document"


def test_extract_pronoun_and_surname_resolve_to_the_full_name(parse: Callable[[str], Doc]) -> None:
    text = ("“It is over,” said Raphael Harpaz, the ambassador. Harpaz said the reports were false. "
            "He said the embassy would stay open.")
    quotes = extract_quotes(parse(text))
    assert [q.speaker.text for q in quotes] == ["Raphael Harpaz, the ambassador", "Harpaz", "He"]
    assert [q.speaker.name for q in quotes] == ["Raphael Harpaz"] * 3
    assert [q.speaker.kind for q in quotes] == ["person"] * 3


def test_extract_ids_are_stable_and_distinct(parse: Callable[[str], Doc]) -> None:
    text = "“A deal is near,” the envoy said. The minister said the talks had failed."
    first = [q.id for q in extract_quotes(parse(text), article_id="a1")]
    again = [q.id for q in extract_quotes(parse(text), article_id="a1")]
    other = [q.id for q in extract_quotes(parse(text), article_id="a2")]
    assert first == again and len(set(first)) == 2 and not set(first) & set(other)
