"""The records of the quote stage: `Quote` (who said what) and `Claim` (a quote asserts or denies an event).

Both are slotted dataclasses with `as_dict()` giving the JSON shape printed by `entente read --json`.
Every span is a character offset into the article body (`doc.text`).

A quote's `content` is the words said, without the quotation marks around them; when the words come
in several pieces ("“A,” he said. “B.”" or a quotation running over paragraphs), `content.parts` lists
each piece and `content.text` joins them with " … ", while `content.start`/`end` cover them all.

A quote's `speaker` is the phrase that names the source where the quote is attributed ("Raphael Harpaz,
Israel's ambassador to Azerbaijan", "he", "a leaked diplomatic cable"); `name` is whom it resolves to
in the article ("he" -> "Raphael Harpaz"); `actor`, `country`, `sector` come from the actor layer;
`kind` is person, group, document or unknown.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from srsly.msgpack import msgpack_decoders, msgpack_encoders

#: The extractor's name and version; bumped whenever rules or the cue table change, so that stored
#: rows of one version can be found and recoded.
EXTRACTOR = "entente.quotes/0.4.1"

SpeakerKind = Literal["person", "group", "document", "unknown"]
Relation = Literal["asserts", "denies"]
RELATIONS: tuple[str, ...] = ("asserts", "denies")


def stable_id(*parts: object) -> str:
    """First 16 hex digits of SHA-256 over the parts joined by '|': same inputs, same id."""
    text = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Span:
    """A character span of the article body, with its text (`text` may join several `parts`)."""

    start: int
    end: int
    text: str
    parts: tuple[tuple[int, int], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if len(self.parts) > 1:
            data["parts"] = [list(p) for p in self.parts]
        return data

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The pieces of the span: `parts`, or the whole span when it is in one piece."""
        return self.parts or ((self.start, self.end),)


@dataclass(slots=True)
class Speaker:
    """Who a quote is attributed to: the phrase in the text and what it resolves to."""

    start: int | None
    end: int | None
    text: str | None
    kind: SpeakerKind = "unknown"
    name: str | None = None
    actor: str | None = None
    country: str | None = None
    sector: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "name": self.name,
                "actor": self.actor, "country": self.country, "sector": self.sector, "kind": self.kind}


@dataclass(slots=True)
class Quote:
    """One attributed statement: `speaker` said (`cue`) `content`, in quotation marks or not (`direct`).

    `outlet` is the news organisation the words were given to ("told JTA") or that published the
    report ("a Reuters report"). `asserts` lists the ids of events the quote states; `denies` the
    ids of events, and of quotes (the claims), that it denies.
    """

    id: str
    content: Span
    cue: Span | None
    speaker: Speaker
    direct: bool
    outlet: str | None = None
    asserts: list[str] = field(default_factory=list)
    denies: list[str] = field(default_factory=list)
    extractor: str = EXTRACTOR

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "content": self.content.as_dict(),
            "cue": self.cue.as_dict() if self.cue is not None else None,
            "speaker": self.speaker.as_dict(), "direct": self.direct, "outlet": self.outlet,
            "asserts": list(self.asserts), "denies": list(self.denies), "extractor": self.extractor,
        }


@dataclass(slots=True, frozen=True)
class Claim:
    """A quote (or report) asserts or denies an event: the link from claim to denial."""

    quote_id: str | None
    event_id: str
    relation: Relation
    extractor: str = EXTRACTOR

    def as_dict(self) -> dict[str, Any]:
        return {"quote_id": self.quote_id, "event_id": self.event_id, "relation": self.relation,
                "extractor": self.extractor}


# ---- msgpack: annotated Docs cross process boundaries (nlp.pipe with n_process > 1 calls to_bytes) ----
_SPAN_FIELDS = [f.name for f in fields(Span)]
_SPEAKER_FIELDS = [f.name for f in fields(Speaker)]
_QUOTE_FIELDS = [f.name for f in fields(Quote)]
_CLAIM_FIELDS = [f.name for f in fields(Claim)]


def _span_row(span: Span | None) -> list[Any] | None:
    return None if span is None else [span.start, span.end, span.text, [list(p) for p in span.parts]]


def _span_of(row: list[Any] | None) -> Span | None:
    return None if row is None else Span(row[0], row[1], row[2], tuple((int(a), int(b)) for a, b in row[3]))


def _encode_records(obj: Any, chain: Any = None) -> Any:
    """msgpack encoder (srsly registry) for Quote and Claim."""
    if isinstance(obj, Quote):
        return {"__entente_quote__": [obj.id, _span_row(obj.content), _span_row(obj.cue),
                                      [getattr(obj.speaker, f) for f in _SPEAKER_FIELDS], obj.direct, obj.outlet,
                                      list(obj.asserts), list(obj.denies), obj.extractor]}
    if isinstance(obj, Claim):
        return {"__entente_claim__": [getattr(obj, f) for f in _CLAIM_FIELDS]}
    return obj if chain is None else chain(obj)


def _decode_records(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict):
        if "__entente_quote__" in obj:
            qid, content, cue, speaker, direct, outlet, asserts, denies, extractor = obj["__entente_quote__"]
            return Quote(qid, _span_of(content) or Span(0, 0, ""), _span_of(cue),
                         Speaker(**dict(zip(_SPEAKER_FIELDS, speaker))), direct, outlet, list(asserts),
                         list(denies), extractor)
        if "__entente_claim__" in obj:
            return Claim(**dict(zip(_CLAIM_FIELDS, obj["__entente_claim__"])))
    return obj if chain is None else chain(obj)


msgpack_encoders.register("entente_quotes", func=_encode_records)
msgpack_decoders.register("entente_quotes", func=_decode_records)
