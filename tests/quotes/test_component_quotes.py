"""The `entente_quotes` component: sets doc._.quotes and doc._.claims, after actors and events."""
from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import entente.quotes.component  # noqa: F401  (registers the factory)
from entente.quotes import Quote

from .conftest import mention

pytestmark = pytest.mark.model

TEXT = "“It is over,” said Raphael Harpaz, Israel’s ambassador to Azerbaijan. He said the army had taken the hill."


@pytest.fixture(scope="module")
def pipeline(nlp: Language) -> Language:
    stand_in = f"entente_test_quote_inputs_{id(nlp)}"

    @Language.component(stand_in)
    def _inputs(doc: Doc) -> Doc:  # a stand-in for the actor and event stages
        doc._.mentions = [mention(TEXT, "Raphael Harpaz", "ISR.RAPHAEL_HARPAZ", "ISR", "DIP", kind="person"),
                          mention(TEXT, "Israel’s ambassador to Azerbaijan", "ISR.RAPHAEL_HARPAZ", "ISR", "DIP",
                                  role="posted_to:AZE")]
        start = TEXT.index("taken")
        doc._.events = [{"id": "e1", "mode": "asserted", "reported_by": None,
                         "evidence": {"start": 0, "end": len(TEXT), "trigger_start": start, "trigger_end": start + 5}}]
        return doc

    from spacy.lang.en import English
    copy = English(vocab=nlp.vocab)
    for name in nlp.pipe_names:
        copy.add_pipe(name, source=nlp)
    copy.add_pipe(stand_in)
    copy.add_pipe("entente_quotes")
    return copy


def test_component_sets_quotes_and_claims(pipeline: Language) -> None:
    doc = pipeline(TEXT)
    quotes: list[Quote] = doc._.quotes
    assert [q.speaker.text for q in quotes] == ["Raphael Harpaz, Israel’s ambassador to Azerbaijan", "He"]
    assert [(q.speaker.actor, q.speaker.country, q.speaker.sector) for q in quotes] == \
        [("ISR.RAPHAEL_HARPAZ", "ISR", "DIP")] * 2
    assert [c.as_dict()["relation"] for c in doc._.claims] == ["asserts"]
    event = doc._.events[0]
    assert event["mode"] == "reported"
    assert event["reported_by"]["actor"] == "ISR.RAPHAEL_HARPAZ" and event["reported_by"]["quote_id"] == quotes[1].id


def test_component_runs_without_actor_or_event_stages(nlp: Language) -> None:
    from spacy.lang.en import English
    bare = English(vocab=nlp.vocab)
    for name in nlp.pipe_names:
        bare.add_pipe(name, source=nlp)
    bare.add_pipe("entente_quotes", config={"mark_reported": False})
    doc = bare("Officials said the border would reopen.")
    assert [q.content.text for q in doc._.quotes] == ["the border would reopen"]
    assert doc._.claims == []
    assert "doc._.quotes" in bare.get_pipe_meta("entente_quotes").assigns


def test_component_extensions_are_registered() -> None:
    assert Doc.has_extension("quotes") and Doc.has_extension("claims")
