"""The rules of entente.quotes/0.3.0, each on a real news sentence through the real parser.

Rows are (speaker, cue, content, direct), as in `test_attitude_quotes.py`: "it" and relative pronouns
as the active subject of a cue, more verbs whose object is what is said, passives with no source,
the second piece of a quotation split around its cue in one sentence, the addressee of "urged X to",
a time phrase before the reported clause, and the writer's asides that close a content.
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
    ("'it' as the active subject of a cue names a text",
     "It showed that the United Nations can come up with global solutions to global problems.",
     [("It", "showed", "the United Nations can come up with global solutions to global problems", False)]),
    ("'it' as the active subject of an attitude names a body",
     "About a dozen people demonstrated outside the Dallas Morning News after it backed Clinton.",
     [("it", "backed", "Clinton", False)]),
    ("the passive 'it' still names no one", "It is said that the talks failed.", []),
    ("a relative pronoun subject: the noun it hangs on holds the attitude",
     "These opponents will face off in court against a number of cities that support the regulations.",
     [("a number of cities that support the regulations", "support", "the regulations", False)]),
    ("a verb of saying with a noun-phrase object",
     "Donald Trump is stressing the need to bolster the nation\u2019s cybersecurity efforts.",
     [("Donald Trump", "stressing", "the need to bolster the nation\u2019s cybersecurity efforts", False)]),
    ("a passive attitude with no source: its subject and its complement",
     "He has been harshly criticized for policies that objectors see as abuses of executive power.",
     [("He", "criticized", "He \u2026 for policies that objectors see as abuses of executive power", False)]),
    ("a passive verb of saying with no source is no attitude", "A curfew was announced from midnight to 6 a.m.", []),
    ("a quotation split around its cue, resumed after 'but'",
     ('"You know, I love Larry," he said, but "when it comes to energy issues, Larry has a history of '
      'representing fossil fuel industries."'),
     [("he", "said", "You know, I love Larry \u2026 when it comes to energy issues, Larry has a history of "
       "representing fossil fuel industries.", True)]),
    ("a quotation split around its cue, the cue's clause being the first piece",
     ('"What we owe the people mining coal is to be honest with them," Mr. Obama said, "and to say that, '
      'look, the economy is shifting."'),
     [("Mr. Obama", "said", "What we owe the people mining coal is to be honest with them \u2026 and to say "
       "that, look, the economy is shifting.", True)]),
    ("whom the cue urges is part of what is urged", "The governor urged the crowd to welcome the new mayor.",
     [("The governor", "urged", "the crowd to welcome the new mayor", False)]),
    ("a time phrase before the reported clause is when it was said",
     ('Obama told an audience of black lawmakers this weekend he would consider it a "personal insult" if '
      'they did not vote for Mrs. Clinton.'),
     [("Obama", "told", 'he would consider it a "personal insult" if they did not vote for Mrs. Clinton', False)]),
    ("a closing participial aside after a comma is the writer's",
     ('Mr. Obama told an audience of black lawmakers this weekend he would consider it a "personal insult" if '
      'they did not vote for Mrs. Clinton, implicitly putting his name on the line.'),
     [("Mr. Obama", "told", 'he would consider it a "personal insult" if they did not vote for Mrs. Clinton',
       False)]),
    ("a closing apposition is the writer's", "He said he did not support Mr. Trump, the presumed Putin favorite.",
     [("He", "said", "he did not support Mr. Trump", False)]),
    ("an adjunct inside an attitude's content stays, one closing it goes",
     "The governor lauded Mr. Clarke in his state-of-the-state address for helping develop new ideas.",
     [("The governor", "lauded", "Mr. Clarke in his state-of-the-state address for helping develop new ideas",
       False)]),
]


def _rows(doc: Doc) -> list[Row]:
    return [(q.speaker.text, q.cue.text if q.cue else None, q.content.text, q.direct) for q in extract_quotes(doc)]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in TABLE], ids=[n for n, _, _ in TABLE])
def test_rules_v03_table(parse: Callable[[str], Doc], text: str, expected: list[Row]) -> None:
    assert _rows(parse(text)) == expected


def test_rules_v03_lexicons_are_data() -> None:
    cues = load_cues()
    assert cues.impersonal_subjects == frozenset({"it"}) and "it" in cues.excluded_subjects
    assert {"stress", "note", "claim", "indicate"} <= cues.object_speech
