"""Claims: which events a quote asserts, and which earlier claim a denial denies.

`link_claims(doc, quotes, events)` is a pure function over a parsed Doc, its quotes (from
`extract_quotes`) and the event stage's events (`doc._.events`: `Event` records or dicts with `id`,
`mode` and `evidence` {start, end, trigger_start, trigger_end}):

- a quote asserts the events whose trigger lies in its words, and denies those whose mode is denied
  or negated ("the minister said the army had not fired");
- a denial, by its cue ("officials denied the report") or by words that dismiss an earlier claim
  ("These reports sound like James Bond stories"), denies the last quote before it that reports or
  alleges (a document, an outlet, "reported", "accused") within a few paragraphs, and the events
  that quote asserts, or else the reported and alleged events just before it.

The links are returned as `Claim` records and also written into each quote's `asserts` and `denies`
(which lists the denied quote, the claim, first, then the events).
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

from spacy.tokens import Doc

from ..doctext import text_of
from .cues import Cues, load_cues
from .records import Claim, Quote, Relation

#: cue lemmas that make a quote a report or an allegation, the kind of claim a denial answers
REPORTING_CUES = frozenset({"report", "reveal", "allege", "claim", "accuse", "charge", "leak", "publish",
                            "disclose", "accord"})
#: how many paragraphs back a denial looks for the claim it denies
DENIAL_REACH = 6


def link_claims(doc: Doc, quotes: Sequence[Quote], events: Iterable[Any], *,
                cues: Cues | None = None) -> list[Claim]:
    """The claims that tie `quotes` to `events` (see the module docstring); fills each quote's
    `asserts` and `denies` too."""
    cues = cues or load_cues()
    events = [e for e in events if _event_anchor(e) is not None]
    text = text_of(doc)
    claims: list[Claim] = []
    seen: set[tuple[str, str, str]] = set()

    def add(quote: Quote, event_id: str, relation: Relation) -> None:
        if (quote.id, event_id, relation) in seen:
            return
        seen.add((quote.id, event_id, relation))
        claims.append(Claim(quote.id, event_id, relation))
        links = quote.asserts if relation == "asserts" else quote.denies
        if event_id not in links:
            links.append(event_id)

    anchored = sorted(((_event_anchor(e), n, e) for n, e in enumerate(events)), key=lambda t: (t[0], t[1]))
    anchors = [a for a, _, _ in anchored]
    for quote in quotes:
        for s, e in quote.content.pieces:  # the events stated inside the quote, found by bisection
            for _, _, event in anchored[bisect.bisect_left(anchors, s):bisect.bisect_left(anchors, e)]:
                mode = str(_field(event, "mode") or "")
                add(quote, str(_field(event, "id")), "denies" if "denied" in mode or "negated" in mode else "asserts")
    for k, quote in enumerate(quotes):
        if not _is_denial(doc, quote, cues):
            continue
        claim = _denied_claim(doc, text, quotes[:k], quote, cues)
        denied_events: list[str] = []
        if claim is not None:
            if claim.id not in quote.denies:
                quote.denies.insert(0, claim.id)
            denied_events = list(claim.asserts)
        if not denied_events:
            denied_events = [str(_field(e, "id")) for e in _reported_events_before(text, events, quote)]
        for event_id in denied_events:
            add(quote, event_id, "denies")
    return claims


def _field(record: Any, name: str) -> Any:
    if isinstance(record, dict):
        return record.get(name)
    return getattr(record, name, None)


def _event_anchor(event: Any) -> int | None:
    """Where the event is stated in the body: its trigger, else its sentence (None for a headline's)."""
    evidence = _field(event, "evidence") or {}
    if not isinstance(evidence, dict) or evidence.get("field", "text") != "text":
        return None
    for key in ("trigger_start", "start"):
        if evidence.get(key) is not None:
            return int(evidence[key])
    return None


def _is_denial(doc: Doc, quote: Quote, cues: Cues) -> bool:
    """A denial: a denying cue, or words that dismiss an earlier claim ("these reports … stories")."""
    if quote.cue is not None:
        span = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
        if span is not None and any(t.lemma_.lower() in cues.deny_verbs for t in span):
            return True
    text = quote.content.text
    if not cues.dismissive.search(text):
        return False
    for s, e in quote.content.pieces:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            if token.lemma_.lower() in cues.deny_objects and any(
                    c.lower_ in cues.anaphoric for c in token.children if c.dep_ in ("det", "poss")):
                return True
    return False


def _is_report(doc: Doc, quote: Quote) -> bool:
    if quote.speaker.kind == "document" or quote.outlet:
        return True
    if quote.cue is None:
        return False
    span = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() in REPORTING_CUES for t in span)


def _denied_claim(doc: Doc, text: str, earlier: Sequence[Quote], denial: Quote, cues: Cues) -> Quote | None:
    """The last report or allegation before the denial, within a few paragraphs."""
    start = denial.cue.start if denial.cue is not None and denial.cue.start < denial.content.start \
        else denial.content.start
    paragraphs = text[:start].count("\n")
    for quote in reversed(earlier):
        if quote.content.end > start or _is_denial(doc, quote, cues):
            continue
        if paragraphs - text[:quote.content.start].count("\n") > DENIAL_REACH:
            return None
        if _is_report(doc, quote):
            return quote
    return None


def _reported_events_before(text: str, events: Sequence[Any], denial: Quote) -> list[Any]:
    """Reported or alleged events of the denial's paragraph and the two before it, before the denial
    (when no quote reports the claim)."""
    start = denial.content.start if denial.cue is None else min(denial.cue.start, denial.content.start)
    window = start
    for _ in range(3):
        window = text.rfind("\n\n", 0, max(0, window - 1))
        if window < 0:
            window = 0
            break
    found = []
    for event in events:
        anchor = _event_anchor(event)
        mode = str(_field(event, "mode") or "")
        if anchor is not None and window <= anchor < start and ("reported" in mode or "alleged" in mode):
            found.append(event)
    return found
