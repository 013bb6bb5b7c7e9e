"""spaCy components that find and code the actors of an article.

* `entente_actor_ruler` (place it before "ner"): marks the knowledge base's names as entities, so that
  the statistical NER does not read "Azerbaijani" as a person or "Armenia" as an organisation; a name
  joined to a capitalised word it does not know ("Korean War", "Costa Sur") is left to the NER, whose
  facility, event, law, work or location entity then shows a thing that is no actor.
* `entente_actors` (after "ner"): cuts the text into noun-phrase segments, composes each with the same
  rules as `resolve_phrase` (role nouns, possessives, prepositions, dates), resolves the model's own
  PERSON entities through appositions and titles ("Raphael Harpaz, Israel's ambassador to
  Azerbaijan"), links later surnames to the person introduced in full ("Harpaz"), lets an apposition
  that describes someone else win over a KB namesake ("Ahmed Mohamed, a student in Texas"), places a
  monarch of several realms in the realm the article points to (`settle_realms`), and sets
  `doc._.mentions` (list of `Mention`) and `doc._.actors` (list of dicts: the actor and its mentions).

The article's publication date is read from `doc._.published` (ISO string or None for today).
`extract_actors(doc)` does the work and can be called on any parsed Doc; `add_actor_pipes(nlp)`
adds both components in the right places.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from srsly.msgpack import msgpack_decoders, msgpack_encoders

from ..doctext import text_of
from . import people
from ._text import key, slug, spans
from .kb import ActorKB, get_kb
from .named import without_named_things
from .records import DocActor, Mention, Resolution
from .resolve import Ctx, Item, Tok, cue_votes, match_items, normalise_date, resolve_tokens

EXTRACTOR = "entente.actors/0.3"

for _name in ("published", "mentions", "actors", "setting"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# The ruler's matches, handed to the actor component of the same process (not stored on the Doc, so
# that Docs stay serialisable for multiprocessing).
_PENDING: dict[int, tuple[str, list[Tok], list[Item]]] = {}


def _encode_records(obj: Any, chain: Any = None) -> Any:
    """msgpack encoder (srsly registry) for Mention, so that annotated Docs cross process boundaries."""
    if isinstance(obj, Mention):
        return {"__entente_mention__": [getattr(obj, f) for f in _MENTION_FIELDS]}
    return obj if chain is None else chain(obj)


def _decode_records(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict) and "__entente_mention__" in obj:
        return Mention(*obj["__entente_mention__"])
    return obj if chain is None else chain(obj)


_MENTION_FIELDS = [f.name for f in fields(Mention)]
msgpack_encoders.register("entente_actors", func=_encode_records)
msgpack_decoders.register("entente_actors", func=_decode_records)

_LABEL = {"state": "GPE", "territory": "GPE", "entity": "GPE", "person": "PERSON"}
# parts of speech that can sit inside an actor noun phrase
_NP_POS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "ADP", "CCONJ", "PART", "NUM", "X", "SYM", "PUNCT"})
_NP_VERB_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})
_SEG_PUNCT = frozenset({",", "-", "'", "'s", "&", "/", "."})


# ---------------------------------------------------------------------------------------------- matching
def _matches(doc: Doc, kb: ActorKB, *, keep: bool = False) -> tuple[list[Tok], list[Item]]:
    """Tokens and KB matches of the Doc's text; the ruler keeps them for the actor component."""
    cached = _PENDING.pop(id(doc), None)
    text = text_of(doc)
    if cached is not None and cached[0] == text:
        toks, items = cached[1], cached[2]
    else:
        toks = spans(text)
        items = match_items(toks, kb)
    if keep:
        if len(_PENDING) > 256:
            _PENDING.clear()
        _PENDING[id(doc)] = (text, toks, items)
    return toks, items


def _align(doc: Doc, toks: Sequence[Tok]) -> list[int]:
    """For each of our tokens, the index of the spaCy token holding its first character."""
    starts = [t.idx for t in doc]
    out = []
    j = 0
    n = len(starts)
    for s, _, _, _ in toks:
        while j + 1 < n and starts[j + 1] <= s:
            j += 1
        out.append(j)
    return out


class ActorRuler:
    """Sets the knowledge base's names as entities before the statistical NER runs."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        kb = get_kb()
        toks, items = _matches(doc, kb, keep=True)
        known = _known_tokens(items)
        ents: list[Span] = []
        last_end = -1
        for it in items:
            if not it.entries:
                continue
            e = it.entries[0]
            if any(x.type == "surname" for x in it.entries):
                continue
            if _inside_longer_name(toks, it, known, kb):
                continue  # "Korean War", "Costa Sur": left to the NER, which may see a thing that is no actor
            a = kb.actors[e.actor]
            label = "NORP" if e.type == "adj" else _LABEL.get(a.kind, "ORG")
            span = doc.char_span(toks[it.i][0], toks[it.j - 1][1], label=label, alignment_mode="contract")
            if span is None or len(span) == 0 or span.start < last_end:
                continue
            ents.append(span)
            last_end = span.end
        if ents:
            doc.set_ents(ents, default="unmodified")
        return doc


def _known_tokens(items: list[Item]) -> set[int]:
    """Tokens that a KB name (not a bare surname: "Costa" may be a word of any name) or a role noun covers."""
    return {
        k
        for it in items
        if it.agent is not None or any(e.type != "surname" for e in it.entries)
        for k in range(it.i, it.j)
    }


def _inside_longer_name(toks: Sequence[Tok], it: Item, known: set[int], kb: ActorKB) -> bool:
    """Is the KB name at `it` joined to a capitalised word that no KB name or role noun covers, as in
    "Korean War", "Persian Gulf" or "Costa Sur"? (Not at a sentence start: "The", "Police" ...)"""

    def unknown_word(k: int) -> bool:
        return k not in known and _name_word(toks[k], kb)

    after = it.j < len(toks) and unknown_word(it.j)
    before = it.i >= 2 and unknown_word(it.i - 1) and toks[it.i - 2][2] not in _SENTENCE_ENDS
    return after or before


_SENTENCE_ENDS = frozenset({".", "!", "?", '"', ":", ";"})


def _name_word(tok: Tok, kb: ActorKB) -> bool:
    """A capitalised word that can be part of a proper name (not "The", not a region word: "Northern")."""
    low, orig = tok[2], tok[3]
    return (
        orig[:1].isupper()
        and orig.isalpha()
        and low not in kb.words("region_words")
        and low not in kb.words("determiners")
    )


@Language.factory("entente_actor_ruler", assigns=["doc.ents"])
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp, name)


@Language.factory(
    "entente_actors",
    assigns=["doc._.mentions", "doc._.actors", "doc._.setting"],
    requires=["token.pos", "token.dep", "doc.ents"],
)
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    return ActorComponent(nlp, name)


class ActorComponent:
    """Sets `doc._.mentions` and `doc._.actors` (see `extract_actors`)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions = extract_actors(doc)
        doc._.mentions = mentions
        doc._.actors = [a.as_dict() for a in group_actors(mentions)]
        return doc


def add_actor_pipes(nlp: Language) -> Language:
    """Add the ruler before "ner" (when there is one) and the actor component at the end."""
    if "entente_actor_ruler" not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe("entente_actor_ruler", before="ner")
        else:
            nlp.add_pipe("entente_actor_ruler")
    if "entente_actors" not in nlp.pipe_names:
        nlp.add_pipe("entente_actors")
    return nlp


# ---------------------------------------------------------------------------------------------- extraction
def extract_actors(doc: Doc, *, kb: ActorKB | None = None) -> list[Mention]:
    """The actor mentions of a Doc (spans are character offsets into `doc.text`).

    Needs part-of-speech tags for segmentation and uses NER PERSON entities and dependencies when
    present; works (less well) on a Doc that only has tokens."""
    kb = kb or get_kb()
    toks, items = _matches(doc, kb)
    if not toks:
        return []
    date = normalise_date(doc._.published)
    align = _align(doc, toks)
    has_pos = doc.has_annotation("POS")
    pos = [doc[align[k]].pos_ if has_pos else "X" for k in range(len(toks))]
    items = _actor_items(doc, toks, items, kb, pos if has_pos else None)
    ctx = Ctx(kb=kb, date=date, countries=_doc_countries(kb, items), cues=cue_votes(kb, text_of(doc)))
    ctx.fill_country = False  # a government spokesman of no named country stays unresolved
    ctx.realm_votes = {}  # a monarch's realm is settled on the mentions (`settle_realms`)
    out: list[Resolution] = []
    for lo, hi in _segments(doc, toks, align, items, has_pos):
        out.extend(resolve_tokens(toks, ctx, items=items, lo=lo, hi=hi, pos=pos))
    mentions = _people(doc, kb, toks, align, out, ctx)
    if doc.has_annotation("DEP"):
        for m in mentions:
            if _names_people_of_state(doc, m, kb):
                m.sector = "CVL"
    mentions.sort(key=lambda m: (m.start, m.end))
    settle_realms(mentions, kb, date)
    # the state the story happens in, for later stages that read implicit actors from it
    doc._.setting = settle_countries(doc, mentions, kb)
    return mentions


def _actor_items(
    doc: Doc, toks: Sequence[Tok], items: list[Item], kb: ActorKB, pos: Sequence[str] | None
) -> list[Item]:
    """The KB matches that may be actors: not part of a named thing, as the words show ("Korean War",
    `entente.actors.named`) or the NER does ("Costa Sur" is a facility, "the Paris Accord" a law)."""
    items = without_named_things(toks, items, kb, pos=pos)
    things = _ner_named_things(doc, toks, items, kb)
    return [it for it in items if it.i not in things] if things else items


def _ner_named_things(doc: Doc, toks: Sequence[Tok], items: list[Item], kb: ActorKB) -> set[int]:
    """Starts of the KB names inside a NER entity of a kind that is no actor (a facility, an event, a
    law, a work, a geographic feature ...) that reaches beyond them with a capitalised word of its own.
    The ruler leaves such names to the NER (`_inside_longer_name`)."""
    labels = frozenset(kb.lexicon.get("nonactor_ner_labels", ()))
    if not labels or not doc.ents:
        return set()
    known = _known_tokens(items)
    starts = [t[0] for t in toks]
    out: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in labels:
            continue
        inside = [
            it for it in items
            if it.entries and ent.start_char <= toks[it.i][0] and toks[it.j - 1][1] <= ent.end_char
        ]
        if not inside:
            continue
        span = range(bisect_left(starts, ent.start_char), bisect_left(starts, ent.end_char))
        if any(k not in known and _name_word(toks[k], kb) for k in span):
            out.update(it.i for it in inside)
    return out


#: Sectors whose members named without a country ("police", "the court", "protesters", "a local
#: businessman") belong to the state where the story happens, as a careful coder reads them; members
#: of international bodies (IGO, NGO, HRI) and "not an actor" (JNK) do not.
_SETTLED_SECTORS = frozenset({"GOV", "DIP", "MIL", "SPY", "COP", "LEG", "JUD", "REB", "PRM", "UAF", "OPP", "PTY",
                              "ELI", "BUS", "LAB", "AGR", "MED", "JRN", "EDU", "REL", "CVL", "REF", "CRM", "SOC",
                              "ENV", "UNK"})
#: How much one mention of a country says about where an article is set, by what it names.
_SETTING_WEIGHT = {"state": 1.0, "place": 1.0, "official": 0.5, "person": 0.25}
#: The setting must hold this share of the article's weight, and outweigh the runner-up by this factor.
_SETTING_SHARE = 0.4
_SETTING_MARGIN = 1.5


def settle_countries(doc: Doc, mentions: list[Mention], kb: ActorKB) -> str | None:
    """Give mentions that name a sector but no country the country where the story happens.

    "Police arrested three men" in a story from Cairo are Egypt's police; "the president" in a story
    about Tunisia is Tunisia's. The country is a place the mention's own phrase names ("police in
    Kabul"), else the article's setting (`article_setting`). A named person only takes it for an office
    of the state ("Senate President Thomas Rivera Schatz"): a private person's nationality is not where
    the story happens. A mention given a country this way says so (`country_from="context"`) and counts
    a little less. Returns the setting (None when the article has no clear one)."""
    setting = article_setting(doc, mentions, kb)
    places = [m for m in mentions if (m.role or "").startswith("location") and m.country]
    for m in mentions:
        if m.country is not None or m.sector not in _SETTLED_SECTORS:
            continue
        if m.actor is not None and not m.actor.startswith("new:"):
            continue
        if m.kind == "person" and (m.sector not in _STATE_OFFICE_SECTORS or
                                   (not m.role and m.source not in ("apposition", "ner"))):
            continue
        country = _place_in_phrase(doc, m, places) or setting
        if country is None:
            continue
        m.country = country
        m.country_from = "context"
        m.confidence *= 0.85
    return setting


#: Sectors of a state's institutions: naming one ("the Australian parliament") places a monarch of
#: several realms in that realm.
_REALM_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP", "SPY"})


def settle_realms(mentions: list[Mention], kb: ActorKB, date: str) -> None:
    """A monarch of several realms acts for the realm the article places them in: a place there ("in
    Canberra"), one of its institutions ("the Australian parliament") or the title ("Queen of Canada");
    else for the realm where they reside. A realm only visited ("visited Canada") is a counterpart,
    not a cue."""
    votes = _realm_votes(mentions)
    for m in mentions:
        a = kb.get(m.actor) if m.kind == "person" and m.actor else None
        if a is None or not people.realms_on(a, date):
            continue
        role = people.choose_role(a, date, votes.get(a.code, votes[""]))
        if role is not None:
            m.country = role.country


def _realm_votes(mentions: list[Mention]) -> dict[str, dict[str, float]]:
    """Per monarch (by code, "" for all), the realms the article points to."""
    shared: dict[str, float] = {}
    titled: dict[str, dict[str, float]] = {}
    for m in mentions:
        if not m.country or m.country_from:
            continue
        if (m.role or "").startswith("office:") and m.actor:
            titled.setdefault(m.actor, {})[m.country] = 3.0  # "Queen of Canada"
        elif (m.role or "").startswith("location"):
            shared[m.country] = shared.get(m.country, 0.0) + 1.0
        elif m.kind in ("state", "territory", "organ") and m.sector in _REALM_SECTORS:
            shared[m.country] = shared.get(m.country, 0.0) + 1.0
    return {code: {**shared, **own} for code, own in titled.items()} | {"": shared}


def article_setting(doc: Doc, mentions: list[Mention], kb: ActorKB) -> str | None:
    """The state an article is set in: the country its states, places, officials and people point to,
    counted twice in the lead sentence (where the dateline is), if it clearly outweighs the others."""
    weights: dict[str, float] = {}
    lead_end = next(iter(doc.sents)).end_char if doc.has_annotation("SENT_START") and len(doc) else 0
    for m in mentions:
        kind = _setting_kind(m, kb)
        if kind is None or not m.country or not _is_state_code(m.country, kb):
            continue
        w = _SETTING_WEIGHT[kind] * (2.0 if m.start < lead_end else 1.0)
        weights[m.country] = weights.get(m.country, 0.0) + w
    if not weights:
        return None
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    top, w = ranked[0]
    total = sum(weights.values())
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if w / total >= _SETTING_SHARE and w >= _SETTING_MARGIN * runner_up:
        return top
    return None


def _setting_kind(m: Mention, kb: ActorKB) -> str | None:
    if m.country_from:
        return None
    if (m.role or "").startswith("location"):
        return "place"
    if (m.role or "").startswith(("posted_to", "origin")):
        return None
    if m.kind in ("state", "territory") and m.sector is None:
        # "a Turkish ship", "Iranian nuclear facilities": whose thing it is, not where the story happens
        return None if _a_states_thing(m, kb) else "state"
    if m.sector in ("GOV", "MIL", "COP", "JUD", "LEG", "SPY"):
        return "official"
    if m.kind == "person" or m.sector is not None:
        return "person"
    return None


def _a_states_thing(m: Mention, kb: ActorKB) -> bool:
    """Does the mention name a thing a state has or does, which may be anywhere ("a Turkish ship",
    "Iranian nuclear facilities"; the lexicon's `actorlike_heads`), not the state or its people?"""
    words = key(m.text).split(" ")
    return len(words) > 1 and words[-1] in kb.words("actorlike_heads")


def _is_state_code(code: str, kb: ActorKB) -> bool:
    a = kb.get(code)
    return a is not None and a.kind in ("state", "territory")


#: Sectors of a state's offices, which a named person of no known country holds where the story happens.
_STATE_OFFICE_SECTORS = frozenset({"GOV", "DIP", "MIL", "SPY", "COP", "LEG", "JUD"})


def _place_in_phrase(doc: Doc, m: Mention, places: list[Mention]) -> str | None:
    """The country of a place attached to the mention's own phrase ("police in Kabul", "protesters
    from Gaza"), by the parse: the place's head climbs to the mention's head within three steps."""
    if not places or not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    for place in places:
        if place.start < m.end or place.start - m.end > 60:
            continue
        pspan = doc.char_span(place.start, place.end, alignment_mode="expand")
        if pspan is None or not len(pspan):
            continue
        t = pspan.root
        for _ in range(3):
            if t.head.i == t.i:
                break
            t = t.head
            if t.i == root.i:
                return place.country
    return None


#: Determiners and quantifiers that make a plural demonym a count of people ("seven Iraqis").
_PEOPLE_QUANTIFIERS = frozenset({"some", "several", "many", "few", "dozens", "hundreds", "thousands", "millions",
                                 "scores", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"})


def _names_people_of_state(doc: Doc, m: Mention, kb: ActorKB) -> bool:
    """Is a demonym used as a noun for people, not for their state?

    "a Briton", "Albania charges Briton", "seven Iraqis", "an American" are people of the state, who do
    not act for it; a bare or definite plural ("Israelis and Palestinians resumed talks", "the
    Americans insisted") is the usual newspaper stand-in for the state and stays the state.
    """
    if m.kind != "state" or m.sector is not None:
        return False
    span = doc.char_span(m.start, m.end)
    if span is None or len(span) != 1:
        return False
    tok = span[0]
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "amod", "nmod"):
        return False
    entries = kb.index.get(tok.lower_, [])
    if not entries or any(e.type != "adj" for e in entries):
        return False
    if any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return False  # "the British agreed", "the Americans insisted": the state
    if tok.tag_ in ("NN", "NNP"):
        return True  # one person ("a Briton"), or one firm ("American's request" - American Airlines)
    if tok.dep_ == "poss":
        return False
    counted = any(c.dep_ == "nummod" or (c.dep_ in ("det", "amod") and c.lower_ in _PEOPLE_QUANTIFIERS)
                  for c in tok.children)
    # "thousands of Iraqis", "dozens of Britons": the quantity heads the phrase
    quantity = tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _PEOPLE_QUANTIFIERS
    return counted or quantity


def _doc_countries(kb: ActorKB, items: list[Item]) -> dict[str, float]:
    """How often each country is named in the article (weights for ambiguous names; the lexicon's
    context cues are added separately, for Georgia the US state or the country)."""
    votes: dict[str, float] = {}
    for it in items:
        if not it.entries or len({kb.actors[e.actor].country for e in it.entries}) != 1:
            continue
        e = it.entries[0]
        if e.type == "surname":
            continue
        c = kb.actors[e.actor].country
        if c:
            votes[c] = votes.get(c, 0.0) + 0.5
    return votes


def _sentence_starts(doc: Doc) -> list[int]:
    """token index -> the index of its sentence's first token (0 for all when unsegmented); one pass,
    where `token.sent` per token walks the sentence each time."""
    starts = [0] * len(doc)
    if doc.has_annotation("SENT_START"):
        for sent in doc.sents:
            starts[sent.start:sent.end] = [sent.start] * (sent.end - sent.start)
    return starts


def _segments(
    doc: Doc, toks: Sequence[Tok], align: list[int], items: list[Item], has_pos: bool
) -> list[tuple[int, int]]:
    """Runs of tokens that can belong to one noun phrase (with its possessives, coordinations and
    prepositional phrases), cut at verbs, pronouns, sentence ends and strong punctuation."""
    covered: set[int] = set()
    for it in items:
        covered.update(range(it.i + 1, it.j))
    segs: list[tuple[int, int]] = []
    lo = 0
    sentence_of = _sentence_starts(doc)
    sent_of = [sentence_of[align[k]] for k in range(len(toks))]
    for k in range(len(toks)):
        cut = False
        if k > lo and sent_of[k] != sent_of[k - 1]:
            cut = True
        elif k not in covered:
            low = toks[k][2]
            tok = doc[align[k]]
            if has_pos:
                if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in _NP_VERB_DEPS:
                    cut = True
                elif tok.pos_ in ("PRON", "SCONJ", "ADV", "INTJ") and low not in ("'s",):
                    cut = not (tok.pos_ == "PRON" and tok.dep_ == "poss")
                elif tok.pos_ == "PUNCT" and low not in _SEG_PUNCT:
                    cut = True
            elif not low[:1].isalnum() and low not in _SEG_PUNCT:
                cut = True
        if cut:
            if k > lo:
                segs.append((lo, k))
            lo = k
    if lo < len(toks):
        segs.append((lo, len(toks)))
    return segs


# ---------------------------------------------------------------------------------------------- people
def _people(
    doc: Doc, kb: ActorKB, toks: Sequence[Tok], align: list[int], res: list[Resolution], ctx: Ctx
) -> list[Mention]:
    """Resolutions -> mentions, adding the NER's unknown PERSON entities that a title or an apposition
    describes, and later surname mentions of every person introduced in full."""
    text = text_of(doc)
    agent_sectors = frozenset(kb.lexicon.get("doc_agent_sectors", ()))
    mentions: list[Mention] = []
    by_start: dict[int, list[Resolution]] = {}
    for r in res:
        by_start.setdefault(r.start, []).append(r)
    person_of_res: dict[int, tuple[str, str, str | None, str | None, str | None]] = {}
    new_people: dict[str, dict[str, Any]] = {}
    surnames: dict[str, tuple[str, str, str | None, str | None, str | None, str]] = {}
    covered = [False] * len(text)
    for r in res:
        for c in range(r.start, r.end):
            covered[c] = True
    # every person named in full, by surname and position (None: a person nothing describes), so that a
    # later bare surname is the person last introduced, not a namesake of the knowledge base
    introduced: dict[str, list[tuple[int, PersonInfo | None]]] = {}
    # a KB person named in full whose apposition describes someone else is a namesake: an unknown person
    namesakes: set[int] = set()
    for r in res:
        desc = _namesake_description(doc, text, r, res, kb)
        if desc is None:
            continue
        country, sector, role, described = desc
        name = text[r.start : r.end].strip()
        code = "new:" + slug(name)
        r.code, r.name, r.country, r.sector, r.role = code, name, country, sector, role
        r.former, r.subsector = False, None
        namesakes.add(id(r))
        for d in described:
            person_of_res[id(d)] = (code, name, country, sector, role)
        surnames.setdefault(name.split()[-1].lower(), (code, name, country, sector, role, "person"))
        _introduce(introduced, name.split()[-1], r.start, (code, name, country, sector, role, "person"))
    # KB people named in full: their surnames refer to them later in the article
    for r in res:
        if r.kind == "person" and r.code and " " in text[r.start : r.end].strip():
            a = kb.get(r.code)
            if a is not None:
                for s in kb.forms_of(a.code).get("surnames", []) + [a.name.split()[-1]]:
                    info = (a.code, a.name, r.country, r.sector, r.role, "person")
                    surnames.setdefault(s.lower(), info)
                    _introduce(introduced, s, r.start, info)
    # unknown people of the NER
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        s, e = ent.start_char, ent.end_char
        if any(covered[c] for c in range(s, e)):
            continue
        name = ent.text.strip()
        if name.endswith("'s") or name.endswith("\u2019s"):
            name = name[:-2]
        desc = _describe(text, s, e, res)
        if desc is None:
            if len(name.split()) >= 2:
                _introduce(introduced, name.split()[-1], s, None)  # "Dr. Tristan Smith": later "Smith" is he
            # a later bare surname of someone introduced earlier ("Harpaz said")
            hit = surnames.get(name.lower())
            if hit is not None:
                code, full, country, sector, role, kind = hit
                mentions.append(
                    Mention(
                        s,
                        e,
                        text[s:e],
                        code,
                        country,
                        sector,
                        role,
                        0.8,
                        name=full,
                        kind=kind,
                        source="coref",
                    )
                )
                for c in range(s, e):
                    covered[c] = True
            continue
        country, sector, role, described = desc
        code = "new:" + slug(name)
        new_people[code] = {"name": name, "country": country, "sector": sector, "role": role}
        mentions.append(
            Mention(
                s, e, text[s:e], code, country, sector, role, 0.75, name=name, kind="person", source="ner"
            )
        )
        for c in range(s, e):
            covered[c] = True
        for r in described:
            person_of_res[id(r)] = (code, name, country, sector, role)
        if len(name.split()) >= 2:
            surnames.setdefault(name.split()[-1].lower(), (code, name, country, sector, role, "person"))
            _introduce(introduced, name.split()[-1], s, (code, name, country, sector, role, "person"))
    for r in res:
        bare = text[r.start : r.end].strip()
        if r.kind == "person" and r.code and " " not in bare and not _titled(text, r):
            found, earlier = _introduced_before(introduced, bare, r.start)
            if found and earlier is None:
                continue  # the unknown person named in full before ("Dr. Tristan Smith ... Smith said")
            if earlier is not None and earlier[0] != r.code:
                # "Mohamed said" after "Ahmed Mohamed, a student": the person named in full, not a namesake
                code, full, country, sector, role, kind = earlier
                mentions.append(
                    Mention(r.start, r.end, text[r.start : r.end], code, country, sector, role, 0.8,
                            name=full, kind=kind, source="coref")
                )
                continue
            a = kb.get(r.code)
            role_now = a.role_on(ctx.date) if a is not None else None
            leader = a is not None and any(
                x.office in ("head_of_state", "head_of_government") and x.source != "phoenix" for x in a.roles
            )
            if earlier is None and (role_now is None or role_now.sector == "ELI") and not leader:
                continue  # a bare surname: only for leaders, people in office, or people named in full before
        linked = person_of_res.get(id(r))
        if linked is not None:
            code, name, country, sector, role = linked
            mentions.append(
                Mention(
                    r.start,
                    r.end,
                    text[r.start : r.end],
                    code,
                    country,
                    sector,
                    role,
                    r.confidence * 0.9,
                    name=name,
                    kind="person",
                    source="apposition",
                )
            )
            continue
        if r.code is None and r.sector not in agent_sectors and r.sector not in _SETTLED_SECTORS:
            continue  # "the region", "Muslim": no actor on their own in an article
        mentions.append(
            Mention(
                r.start,
                r.end,
                text[r.start : r.end],
                r.code,
                r.country,
                r.sector,
                r.role,
                r.confidence,
                former=r.former,
                subsector=r.subsector,
                name=r.name,
                kind=r.kind,
                source="ner" if id(r) in namesakes else "kb",
            )
        )
    # surnames not caught by the NER ("Harpaz added" read as an organisation)
    for k, (s, e, low, orig) in enumerate(toks):
        if covered[s] or not orig[:1].isupper():
            continue
        hit = surnames.get(low)
        if hit is None:
            continue
        nxt = toks[k + 1][3] if k + 1 < len(toks) else ""
        if nxt[:1].isupper() and nxt.isalpha():
            continue  # part of another name
        code, full, country, sector, role, kind = hit
        mentions.append(
            Mention(s, e, orig, code, country, sector, role, 0.8, name=full, kind=kind, source="coref")
        )
        for c in range(s, e):
            covered[c] = True
    return mentions


#: Sectors of private life: a knowledge-base office holder described as a student, a farmer or a
#: refugee is a namesake.
_PRIVATE_SECTORS = frozenset({"EDU", "CVL", "AGR", "REF", "CRM", "LAB"})


def _namesake_description(
    doc: Doc, text: str, r: Resolution, res: list[Resolution], kb: ActorKB
) -> tuple[str | None, str | None, str | None, list[Resolution]] | None:
    """The apposition of a KB person named in full, when it describes someone else: "Ahmed Mohamed, a
    14-year-old boy from Irving, Texas" or "..., a student in Texas" is not the Comorian president of
    1978. It describes someone else when it places the person in a state none of the KB person's
    offices is in, or gives them a sector of private life. The description wins over the namesake.
    Needs the parse: only a true apposition counts, not the clause after a comma. `text` is
    `doc.text`, which spaCy rebuilds from the tokens at every access: read once by the caller."""
    named_in_full = " " in text[r.start : r.end].strip()
    if r.kind != "person" or not r.code or r.code.startswith("new:") or not named_in_full:
        return None
    a = kb.get(r.code)
    span = _apposition_of(doc, r) if a is not None and doc.has_annotation("DEP") else None
    if a is None or span is None:
        return None
    described = [x for x in res if x is not r and span.start_char <= x.start and x.end <= span.end_char]
    places = [x.country for x in described if x.country and x.kind in ("state", "territory")]
    roles = [x for x in described if x.sector and not (x.role or "").startswith("location")]
    own = {a.country, *(role.country for role in a.roles)}
    elsewhere = bool(places) and not own.intersection(places)
    private = any(x.sector in _PRIVATE_SECTORS for x in roles)
    if not (elsewhere or private):
        return None
    best = min(roles, key=lambda x: (_PRIORITY.get(x.sector or "", 99), x.start)) if roles else None
    country = (best.country if best is not None else None) or (places[0] if places else None)
    return country, best.sector if best else None, best.role if best else None, roles


def _apposition_of(doc: Doc, r: Resolution) -> Span | None:
    """The appositions that follow a name, by the parse ("Ahmed Mohamed, 14, a student in Texas,")."""
    name = doc.char_span(r.start, r.end, alignment_mode="expand")
    if name is None:
        return None
    heads = [
        t for t in doc[name.end : min(len(doc), name.end + 12)]
        if t.dep_ == "appos" and (name.start <= t.head.i < name.end or t.head.dep_ == "appos")
    ]
    if not heads:
        return None
    return doc[min(t.left_edge.i for t in heads) : max(t.right_edge.i for t in heads) + 1]


#: code, name, country, sector, role, kind of a person the article introduces
PersonInfo = tuple[str, str, str | None, str | None, str | None, str]


def _introduce(introduced: dict[str, list[tuple[int, PersonInfo | None]]], surname: str, at: int,
               info: PersonInfo | None) -> None:
    introduced.setdefault(surname.lower(), []).append((at, info))


def _introduced_before(
    introduced: dict[str, list[tuple[int, PersonInfo | None]]], surname: str, at: int
) -> tuple[bool, PersonInfo | None]:
    """The person last named in full with this surname before `at`: (found, their info or None when
    nothing described them)."""
    before = [(pos, info) for pos, info in introduced.get(surname.lower(), ()) if pos < at]
    if not before:
        return False, None
    return True, max(before, key=lambda x: x[0])[1]


def _titled(text: str, r: Resolution) -> bool:
    return len(text[r.start : r.end].split()) > 1


_PRIORITY = {
    s: i
    for i, s in enumerate(
        (
            "GOV",
            "DIP",
            "MIL",
            "SPY",
            "COP",
            "LEG",
            "JUD",
            "REB",
            "PRM",
            "UAF",
            "OPP",
            "PTY",
            "ELI",
            "JRN",
            "BUS",
            "LAB",
            "NGO",
            "HRI",
            "MED",
            "EDU",
            "REL",
            "AGR",
            "REF",
            "CRM",
            "SOC",
            "ENV",
            "CVL",
            "UNK",
        )
    )
}


def _describe(
    text: str, s: int, e: int, res: list[Resolution]
) -> tuple[str | None, str | None, str | None, list[Resolution]] | None:
    """Country, sector and role of an unknown person from an apposition after the name ("X, a historian
    and government spokesman,") or a role phrase right before it ("Israel's ambassador X")."""
    after = [
        r
        for r in res
        if r.code is None
        or r.kind in ("state", "territory", "igo", "organ", "entity", "group", "party", "org")
    ]
    # apposition: ", [a|an|the] role phrase" up to the next comma or clause
    k = e
    while k < len(text) and text[k] in " \t":
        k += 1
    if k < len(text) and text[k] == ",":
        end_app = _clause_end(text, k + 1)
        if text[k + 1 : end_app].strip().isdigit() and end_app < len(text) and text[end_app] == ",":
            k = end_app  # an age first: "Ahmed Mohamed, 14, a student in Texas"
            end_app = _clause_end(text, k + 1)
        inside = [
            r
            for r in after
            if k < r.start < end_app and r.sector and not (r.role or "").startswith("location")
        ]
        if inside:
            best = min(inside, key=lambda r: (_PRIORITY.get(r.sector or "", 99), r.start))
            country = best.country or next((r.country for r in inside if r.country), None)
            return country, best.sector, best.role, inside
    # title before the name: "Israel's ambassador Raphael Harpaz", "government spokesman X"
    before = [r for r in after if r.end <= s and s - r.end <= 2 and not text[r.end : s].strip() and r.sector]
    if before:
        best = before[-1]
        return best.country, best.sector, best.role, [best]
    return None


def _clause_end(text: str, k: int) -> int:
    for j in range(k, min(len(text), k + 160)):
        if text[j] in ',;:.\u201c\u201d"()' and not (
            text[j] == "." and j + 1 < len(text) and text[j + 1].isalpha()
        ):
            return j
    return min(len(text), k + 160)


# ---------------------------------------------------------------------------------------------- grouping
def _host_country(mentions: list[Mention], kb: ActorKB) -> str | None:
    """The state an article is mostly about: named in at least 30% of its state mentions and more often
    than any other (a hint for officials of no named country, such as "a government spokesman")."""
    counts: dict[str, int] = {}
    for m in mentions:
        a = kb.get(m.actor) if m.actor else None
        if a is not None and a.kind in ("state", "territory"):  # American Samoa is not Samoa's host
            counts[a.code] = counts.get(a.code, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(counts.values())
    top, n = ranked[0]
    if n / total >= 0.3 and (len(ranked) == 1 or n > ranked[1][1]):
        return top
    return None


def group_actors(mentions: list[Mention], *, kb: ActorKB | None = None) -> list[DocActor]:
    """The article's actors, each with its mentions, in order of first mention."""
    kb = kb or get_kb()
    out: dict[str, DocActor] = {}
    for m in mentions:
        if not m.actor:
            continue
        da = out.get(m.actor)
        if da is None:
            a = kb.get(m.actor)
            if a is not None:
                da = DocActor(a.code, a.name, a.kind, a.country, a.sector)
            else:
                da = DocActor(m.actor, m.name or m.text, m.kind or "person", m.country, m.sector, role=m.role)
            out[m.actor] = da
        da.mentions.append(m)
        if m.former:
            da.former = True
    host = _host_country(mentions, kb)
    if host:
        for da in out.values():
            if da.code.startswith("new:") and da.country is None and da.sector in ("GOV", "DIP", "MIL", "COP"):
                da.inferred_country = host  # a hint only: the mentions keep country None
    return list(out.values())
