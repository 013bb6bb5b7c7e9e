"""Speakers: from the phrase that names a source to whom it is, and whom they speak for.

`SpeakerResolver` walks an article's quotes in order. For each speaker phrase it finds

- the kind: a person (a PERSON name, "he", "a spokesman"), a group ("officials", an organisation),
  a document ("a leaked diplomatic cable", "a Reuters report") or unknown;
- the name it resolves to in the article: a surname to the full name introduced earlier
  ("Harpaz" -> "Raphael Harpaz"), a personal pronoun to the last person who spoke or was named;
- the affiliation from the actor layer's mentions (`doc._.mentions`): the mention that covers the
  phrase's head first, then the role mentions in the phrase ("Israel's ambassador to Azerbaijan"),
  then, for a resolved surname or pronoun, the affiliation of the antecedent.

Mentions may be `Mention` records or dicts with the same fields; without them (no actor layer) the
affiliation stays empty.
"""
from __future__ import annotations

import collections
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from .cues import Cues
from .records import Speaker, SpeakerKind

_GROUP_LABELS = frozenset({"ORG", "NORP", "GPE"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
#: mention roles that only place an actor ("in Baku") or name where a diplomat is posted, not whom
#: the speaker speaks for
_NOT_AFFILIATION = frozenset({"location", "origin"})


def mention_field(mention: Any, name: str) -> Any:
    """A field of a `Mention` record or of a mention dict."""
    if isinstance(mention, dict):
        return mention.get(name)
    return getattr(mention, name, None)


@dataclass(slots=True)
class Affiliation:
    actor: str | None = None
    country: str | None = None
    sector: str | None = None
    kind: str | None = None

    def fill(self, other: Affiliation) -> None:
        """Take from `other` what this one lacks (not the actor: that names this speaker alone)."""
        self.country = self.country or other.country
        self.sector = self.sector or other.sector

    @property
    def empty(self) -> bool:
        return not (self.actor or self.country or self.sector)


class Mentions:
    """The actor layer's mentions of one Doc, searchable by character span."""

    def __init__(self, mentions: Sequence[Any]) -> None:
        self.items = sorted(mentions, key=lambda m: (int(mention_field(m, "start") or 0),
                                                     -int(mention_field(m, "end") or 0)))

    def within(self, start: int, end: int) -> list[Any]:
        return [m for m in self.items
                if int(mention_field(m, "start")) < end and int(mention_field(m, "end")) > start]

    def affiliation(self, start: int, end: int, head: int | None) -> Affiliation:
        """What the mentions inside [start, end) say about the speaker whose head is at `head`."""
        found = self.within(start, end)
        if not found:
            return Affiliation()
        primary = [m for m in found if head is not None
                   and int(mention_field(m, "start")) <= head < int(mention_field(m, "end"))]
        # the widest mention over the head first (a role phrase beats the bare country inside it)
        primary.sort(key=lambda m: int(mention_field(m, "start")) - int(mention_field(m, "end")))
        result = Affiliation()
        if primary:
            result = _affiliation_of(primary[0])
        for mention in sorted(found, key=lambda m: mention_field(m, "sector") is None):
            if mention in primary[:1] or mention_field(mention, "role") in _NOT_AFFILIATION:
                continue
            if str(mention_field(mention, "role") or "").startswith("posted_to") and mention_field(
                    mention, "sector") is None:
                continue
            result.fill(_affiliation_of(mention))
            if result.country and result.sector:
                break
        return result


def _affiliation_of(mention: Any) -> Affiliation:
    actor = mention_field(mention, "actor")
    country = mention_field(mention, "country")
    if country is None and isinstance(actor, str) and len(actor) == 3 and actor.isupper():
        country = actor
    return Affiliation(actor=actor, country=country, sector=mention_field(mention, "sector"),
                       kind=mention_field(mention, "kind"))


@dataclass(slots=True)
class _Known:
    """A person or group met earlier in the article, a candidate antecedent."""

    position: int
    name: str
    kind: SpeakerKind
    affiliation: Affiliation


class SpeakerResolver:
    """Resolves speaker phrases of one Doc, in reading order (see the module docstring)."""

    def __init__(self, doc: Doc, cues: Cues, mentions: Sequence[Any]) -> None:
        self.doc = doc
        self.cues = cues
        self.mentions = Mentions(mentions)
        self.spoken: list[_Known] = []
        self.ents = tuple(doc.ents)
        self.people = [e for e in self.ents if e.label_ == "PERSON"]

    @functools.cached_property
    def context_country(self) -> str | None:
        """The state the article is about: the one it names most often (as a state, or as where its
        diplomats are posted), if one leads.

        A "government spokesman" of no stated country speaks for that state ("told JTA" in an
        article from Baku about Azerbaijan). Ties give None."""
        counts: collections.Counter[str] = collections.Counter()
        for mention in self.mentions.items:
            actor, role = str(mention_field(mention, "actor") or ""), str(mention_field(mention, "role") or "")
            if len(actor) == 3 and actor.isupper():  # the state itself, named ("Azerbaijan", "Azerbaijani")
                counts[actor] += 1
            if role.startswith("posted_to:"):  # a diplomat posted there: the story is there
                counts[role.split(":", 1)[1]] += 1
        ranked = counts.most_common(2)
        if not ranked or len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0]

    # -- building a speaker ----------------------------------------------------------------
    def speaker(self, phrase: Span | None, head: Token | None) -> Speaker:
        """The speaker named by `phrase` (whose syntactic head is `head`); unknown when None."""
        if phrase is None or head is None:
            return Speaker(None, None, None)
        start, end = phrase.start_char, phrase.end_char
        affiliation = self.mentions.affiliation(start, end, head.idx)
        kind = self._kind(phrase, head, affiliation)
        name = self._name(phrase, head)
        lower = head.lower_
        antecedent: _Known | None = None
        if kind == "person" and lower in self.cues.person_pronouns and len(phrase) == 1:
            antecedent = self._antecedent(start, kinds=("person",))
        elif kind == "group" and lower in self.cues.group_pronouns and len(phrase) == 1:
            antecedent = self._antecedent(start, kinds=("group",), window=600)
        elif name and " " not in name and head.pos_ == "PROPN":
            antecedent = self._full_name(name, start)
            if antecedent is not None:
                kind = "person"
        if antecedent is not None:
            name = antecedent.name
            if not affiliation.actor:
                affiliation.actor = antecedent.affiliation.actor
            affiliation.fill(antecedent.affiliation)
        if affiliation.country is None and affiliation.sector in self.cues.state_sectors and kind in ("person", "group"):
            affiliation.country = self.context_country
        speaker = Speaker(start, end, phrase.text, kind=kind, name=name, actor=affiliation.actor,
                          country=affiliation.country, sector=affiliation.sector)
        if name and kind in ("person", "group") and lower not in self.cues.first_person:
            self.spoken.append(_Known(start, name, kind, affiliation))
        return speaker

    def _kind(self, phrase: Span, head: Token, affiliation: Affiliation) -> SpeakerKind:
        lower, lemma = head.lower_, head.lemma_.lower()
        if lower in self.cues.person_pronouns or lower in ("i", "me"):
            return "person"
        if lower in self.cues.group_pronouns or lower in ("us",):
            return "group"
        if lemma in self.cues.document_heads or lower in self.cues.document_heads:
            return "document"
        if affiliation.kind == "person" or head.ent_type_ == "PERSON":
            return "person"
        if affiliation.kind in ("state", "igo", "organ", "group", "party", "org"):
            return "group"
        if head.ent_type_ in _GROUP_LABELS:
            # the small tagger calls many a lone surname ORG or GPE ("Idan says …"): a one-word name
            # that the actor stage does not know stays unknown
            lone = len(phrase) == 1 and head.pos_ == "PROPN" and not head.is_upper and affiliation.empty
            return "unknown" if lone else "group"
        if head.tag_ in _PLURAL_TAGS or lemma in self.cues.institutions:
            return "group"
        if head.pos_ == "PROPN":
            return "person" if any(t.ent_type_ == "PERSON" for t in phrase) else "unknown"
        if head.pos_ == "NOUN":
            return "person"  # "a spokesman", "the minister", "an official"
        return "unknown"

    def _name(self, phrase: Span, head: Token) -> str | None:
        if head.lower_ in self.cues.person_pronouns or head.lower_ in self.cues.group_pronouns:
            return None
        if head.ent_type_:
            ent = next((e for e in self.ents if e.start <= head.i < e.end), None)
            if ent is not None and ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                return ent.text
        for appos in (c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"):
            ent = next((e for e in self.ents if e.start <= appos.i < e.end), None)
            if ent is not None:
                return ent.text
        if head.pos_ == "PROPN":
            left = head.i
            while left > phrase.start and self.doc[left - 1].dep_ == "compound" and self.doc[left - 1].pos_ == "PROPN":
                left -= 1
            return self.doc[left: head.i + 1].text
        return None

    # -- antecedents -----------------------------------------------------------------------
    def _antecedent(self, position: int, *, kinds: tuple[str, ...], window: int = 2500) -> _Known | None:
        """The last person (or group) who spoke, or for a person the last PERSON named, before `position`."""
        best: _Known | None = None
        for known in reversed(self.spoken):
            if known.position < position and known.kind in kinds:
                best = known
                break
        if "person" in kinds:
            for ent in reversed(self.people):
                if ent.start_char >= position:
                    continue
                if best is None or ent.start_char > best.position:
                    full = self._full_name(ent.text, ent.start_char)
                    best = full or _Known(ent.start_char, ent.text, "person",
                                          self.mentions.affiliation(ent.start_char, ent.end_char, ent.start_char))
                break
        if best is not None and position - best.position > window:
            return None
        return best

    def _full_name(self, surname: str, position: int) -> _Known | None:
        """The person met earlier whose full name ends with `surname` ("Harpaz" -> "Raphael Harpaz")."""
        last = surname.split()[-1].lower()
        for known in reversed(self.spoken):
            if known.position < position and known.kind == "person" and " " in known.name \
                    and known.name.split()[-1].lower() == last:
                return known
        for ent in self.people:
            if ent.start_char >= position:
                break
            words = ent.text.split()
            if len(words) > 1 and words[-1].lower() == last:
                return _Known(ent.start_char, ent.text, "person",
                              self.mentions.affiliation(ent.start_char, _apposition_end(ent), ent.start_char))
        return None


def _apposition_end(ent: Span) -> int:
    """End of the name with its apposition ("Raphael Harpaz, Israel's ambassador to Azerbaijan")."""
    root = ent.root
    end = ent.end_char
    for child in root.rights:
        if child.dep_ == "appos":
            end = max(end, child.right_edge.idx + len(child.right_edge))
    return end
