"""The spaCy component `entente_events`: sets `doc._.events` and `doc._.stances`.

It runs after the actor stage (`entente_actors`, which sets `doc._.mentions`) and reads the
publication date from `doc._.published`. When the caller also sets `doc._.title` and
`doc._.subtitle`, the headline is read too: its relation statements become stances (and its events,
events) whose evidence says `"field": "title"`, and a subtitle that names no actors of its own lends
its dimensions to the headline's relation ("Oil, Arms and Tech Fuel Enemy-of-My-Enemy Bond").

    nlp.add_pipe("entente_events")            # after entente_actors
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .extract import DocView, extract_events, extract_stances
from .lexicon import Lexicon, lexicon
from .records import Event, Stance
from .sports import is_sports_headline

for _name in ("events", "stances"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
for _name in ("title", "subtitle", "published", "article_id"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory(
    "entente_events",
    default_config={"headline": True},
    assigns=["doc._.events", "doc._.stances"],
    requires=["token.dep", "token.lemma", "doc.sents"],
)
def make_events_component(nlp: Language, name: str, headline: bool) -> EventsComponent:
    return EventsComponent(nlp, name, headline=headline)


class EventsComponent:
    """Extracts events and stances from each Doc (see `entente.events.extract`)."""

    def __init__(self, nlp: Language, name: str = "entente_events", *, headline: bool = True) -> None:
        self.nlp = nlp
        self.name = name
        self.headline = headline
        self.lex: Lexicon = lexicon()

    def __call__(self, doc: Doc) -> Doc:
        [doc] = self.pipe([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Annotate the Docs in batches: their headlines are parsed together, one call of each earlier
        component per batch, because a call per headline costs more in overhead than in parsing."""
        for batch in minibatch(docs, size=batch_size):
            views = [DocView(doc, self.lex) for doc in batch]
            headlines = self._parse_headlines([doc for doc, view in zip(batch, views) if not view.sports_article])
            for doc, view in zip(batch, views):
                events = extract_events(doc, lex=self.lex, view=view)
                stances = extract_stances(doc, lex=self.lex, view=view)
                if doc in headlines:
                    head_events, head_stances = self._headline(headlines[doc])
                    events.extend(head_events)
                    stances.extend(head_stances)
                doc._.events = events
                doc._.stances = stances
                yield doc

    # ---- headline ---------------------------------------------------------------------------------
    def _parse_headlines(self, docs: list[Doc]) -> dict[Doc, dict[str, Doc]]:
        """Each Doc's title and subtitle, parsed: `{doc: {"title": Doc, "subtitle": Doc}}`."""
        if not self.headline:
            return {}
        wanted: list[tuple[Doc, str, Doc]] = []
        for doc in docs:
            title = getattr(doc._, "title", None)
            subtitle = getattr(doc._, "subtitle", None)
            if (not title and not subtitle) or is_sports_headline(title):
                continue
            for field, text in (("title", title), ("subtitle", subtitle)):
                if text:
                    wanted.append((doc, field, self._headline_doc(str(text), doc)))
        parsed = self._run_earlier_components([hdoc for _, _, hdoc in wanted])
        found: dict[Doc, dict[str, Doc]] = {}
        for (doc, field, _), hdoc in zip(wanted, parsed):
            found.setdefault(doc, {})[field] = hdoc
        return found

    def _headline(self, fields: dict[str, Doc]) -> tuple[list[Event], list[Stance]]:
        parsed: dict[str, tuple[list[Event], list[Stance], set[str]]] = {}
        for field, hdoc in fields.items():
            evs = extract_events(hdoc, lex=self.lex, field_name=field)
            sts = extract_stances(hdoc, lex=self.lex, field_name=field)
            parsed[field] = (evs, sts, _dimension_terms(hdoc, self.lex))
        title_evs, title_sts, _ = parsed.get("title", ([], [], set()))
        sub_evs, sub_sts, sub_dims = parsed.get("subtitle", ([], [], set()))
        if sub_dims and not sub_evs and not sub_sts:
            for record in [*title_evs, *title_sts]:
                record.dimensions = sorted(set(record.dimensions) | sub_dims)
        return title_evs + sub_evs, title_sts + sub_sts

    def _headline_doc(self, text: str, body: Doc) -> Doc:
        """A headline as a Doc in sentence case, with its article's date and id."""
        hdoc = self.nlp.make_doc(_sentence_case(text, self.lex))
        for attr in ("published", "article_id"):
            setattr(hdoc._, attr, getattr(body._, attr, None))
        return hdoc

    def _run_earlier_components(self, docs: list[Doc]) -> list[Doc]:
        """The Docs run through the components before this one."""
        for name, proc in self.nlp.pipeline:
            if name == self.name or proc is self:
                break
            docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(doc) for doc in docs]
        return docs


def _sentence_case(text: str, lex: Lexicon) -> str:
    """Lower-case the capitalised function and event words of a Title Case headline, so that the
    parser reads "Israel Forges Close Ties With Azerbaijan" as a sentence; names stay as they are."""
    # a dash between two clauses of a headline ends a sentence ("... With Azerbaijan — Both Eye Iran")
    text = re.sub(r"\s[\u2014\u2013-]\s", " . ", text)
    words = re.findall(r"\S+", text)
    capitalised = sum(1 for w in words if w[:1].isupper())
    if len(words) < 3 or capitalised < 0.6 * len(words):
        return " ".join(words) if len(" ".join(words)) == len(text) else text
    known = _headline_words(lex)
    out = []
    for i, w in enumerate(words):
        core = w.strip("\"'“”‘’,:;—-")
        low = core.lower()
        stem = low[:-1] if low.endswith("s") else low
        if i > 0 and core[:1].isupper() and not core.isupper() and (low in known or stem in known
                                                                   or low.rstrip("es") in known):
            w = w.replace(core, low, 1)
        out.append(w)
    return " ".join(out)


@lru_cache(maxsize=4)
def _headline_words(lex: Lexicon) -> frozenset[str]:
    """Words lower-cased in a Title Case headline: event and stance words, and function words."""
    known = set(lex.trigger_verbs) | set(lex.trigger_nouns)
    for section in lex.stance.values():
        for values in section.values():
            known |= set(values)
    known |= {"with", "and", "or", "of", "the", "a", "an", "to", "in", "on", "for", "both", "over", "as", "at",
              "by", "from", "into", "after", "amid", "against", "eye", "eyes", "fuel", "fuels", "its", "their"}
    return frozenset(known)


def _dimension_terms(doc: Doc, lex: Lexicon) -> set[str]:
    dims: set[str] = set()
    for tok in doc:
        for w in (tok.lemma_.lower(), tok.lower_):
            if w in lex.dim_terms:
                dims.add(lex.dim_terms[w])
    return dims


def events_of(doc: Doc) -> list[dict[str, Any]]:
    """`doc._.events` as JSON-ready dicts (empty when the component did not run)."""
    return [e.as_dict() for e in (getattr(doc._, "events", None) or [])]
