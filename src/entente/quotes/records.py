"""The records of the quote stage: `Quote` (who said what) and `Claim` (a quote asserts or denies an event).

Both are slotted dataclasses with `as_dict()` giving the JSON shape printed by `entente read --json`.
Every span is a character offset into the article body (`doc.text`).

A quote's `content` is the words said, without the quotation marks around them; when the words come
in several pieces ("“A,” he said. “B.”" or a quotation running over paragraphs), `content.parts` lists
each piece and `content.text` joins them with a space, while `content.start`/`end` cover them all.

A quote's `speaker` is the phrase that names the source where the quote is attributed ("Raphael Harpaz,
Israel's ambassador to Azerbaijan", "he", "a leaked diplomatic cable"); `name` is whom it resolves to
in the article ("he" -> "Raphael Harpaz"); `actor`, `country`, `sector` come from the actor layer;
`kind` is person, group, document or unknown.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

#: The extractor's name and version; bumped whenever rules or the cue table change, so that stored
#: rows of one version can be found and recoded.
EXTRACTOR = "entente.quotes/0.1.0"

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
