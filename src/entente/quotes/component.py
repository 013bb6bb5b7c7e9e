"""The spaCy component `entente_quotes`: sets `doc._.quotes` and `doc._.claims`.

It runs after the actor stage (`entente_actors`, whose `doc._.mentions` give speakers their
affiliation) and the event stage (`entente_events`, whose `doc._.events` the claims point at);
either may be missing, and then speakers stay unaffiliated or claims empty.

    nlp.add_pipe("entente_quotes")            # after entente_actors and entente_events

With `mark_reported` (the default), an event that a quote asserts and that the event stage left
`asserted` becomes `reported`, with the quote's speaker as `reported_by`.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..events.syntax import trigger_token
from .cues import Cues, load_cues
from .extract import extract_quotes, link_claims
from .records import Claim, Quote

for _name in ("quotes", "claims", "mentions", "events", "article_id"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory(
    "entente_quotes",
    default_config={"mark_reported": True, "cues_path": None},
    assigns=["doc._.quotes", "doc._.claims"],
    requires=["token.dep", "token.lemma", "doc.sents"],
)
def make_quotes_component(nlp: Language, name: str, mark_reported: bool, cues_path: str | None) -> QuotesComponent:
    return QuotesComponent(nlp, name, mark_reported=mark_reported, cues=load_cues(cues_path))


class QuotesComponent:
    """Extracts quotes and links them to events (see `entente.quotes.extract`)."""

    def __init__(self, nlp: Language, name: str = "entente_quotes", *, mark_reported: bool = True,
                 cues: Cues | None = None) -> None:
        self.nlp = nlp
        self.name = name
        self.mark_reported = mark_reported
        self.cues = cues or load_cues()

    def __call__(self, doc: Doc) -> Doc:
        quotes = extract_quotes(doc, cues=self.cues, mentions=doc._.mentions or [])
        events = list(doc._.events or [])
        claims = link_claims(doc, quotes, events, cues=self.cues) if quotes else []
        if self.mark_reported and claims:
            _mark_reported(doc, quotes, events, claims)
        doc._.quotes = quotes
        doc._.claims = claims
        return doc


def _mark_reported(doc: Doc, quotes: list[Quote], events: list[Any], claims: list[Claim]) -> None:
    """Give an asserted event that a quote states the `reported` mode and the quote's speaker as source."""
    by_id = {str(_get(e, "id")): e for e in events}
    by_quote = {q.id: q for q in quotes}
    for claim in claims:
        event, quote = by_id.get(claim.event_id), by_quote.get(claim.quote_id or "")
        if event is None or quote is None or claim.relation != "asserts":
            continue
        if _get(event, "mode") == "asserted" and not _own_speech_act(doc, event, quote):
            _set(event, "mode", "reported")
        if not _get(event, "reported_by"):
            speaker = quote.speaker
            _set(event, "reported_by", {"actor": speaker.actor, "country": speaker.country,
                                        "sector": speaker.sector, "text": speaker.name or speaker.text,
                                        "start": speaker.start, "end": speaker.end, "quote_id": quote.id})


#: Event types a speaker performs by saying them: "We oppose any privatization", "he said he refused
#: to meet", "saying Moscow opposed sanctions". Said of the speaker's own side, they happen in the
#: saying, so they stay asserted; what the speaker tells of others stays reported.
SPEECH_ACTS = frozenset({"AGREE", "REQUEST", "REJECT", "ACCUSE", "THREATEN", "SUPPORT"})


def _own_speech_act(doc: Doc, event: Any, quote: Quote) -> bool:
    """A speech act of the speaker's own side, said by a verb in the simple present or past ("we
    oppose", "he refused"); one told in the perfect ("said it had agreed a ceasefire") or named by a
    noun is an account of an earlier act, which stays reported."""
    if _get(event, "type") not in SPEECH_ACTS:
        return False
    verb = trigger_token(doc, _get(event, "evidence") or {})
    if verb is None or verb.pos_ not in ("VERB", "ADJ") or \
            any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return False
    speaker = quote.speaker
    for actor in _get(event, "source") or []:
        code, country = _get(actor, "actor"), _get(actor, "country")
        if (speaker.actor and code == speaker.actor) or (speaker.country and country == speaker.country):
            return True
    return False


def _get(record: Any, name: str) -> Any:
    return record.get(name) if isinstance(record, dict) else getattr(record, name, None)


def _set(record: Any, name: str, value: Any) -> None:
    if isinstance(record, dict):
        record[name] = value
    elif hasattr(record, name):
        setattr(record, name, value)
