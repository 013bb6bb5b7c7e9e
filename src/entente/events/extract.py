"""Events and stances from a parsed, actor-tagged Doc: pure functions, no state.

    events = extract_events(doc)     # list[Event]
    stances = extract_stances(doc)   # list[Stance]

The Doc must carry a dependency parse and sentences; actors come from `doc._.mentions` (the actor
stage) and the publication date from `doc._.published`. Per sentence:

1. skip boilerplate (subscription prompts, credits);
2. find triggers by dict lookups on lemmas: verbs (with the lemmas of their arguments, so that
   "lift sanctions" and "lift a ban" differ), light verbs with an event noun ("launched an air
   strike"), and event nouns with arguments of their own ("the 2010 storming by Israeli commandos
   of a Turkish ship");
3. read each trigger's source and target from the parse (subject/object, passive agent, "by"/"of"
   phrases, inherited subjects of infinitives and of "accused X of helping"), and the actors they
   name from the mentions;
4. fold complements into the events that govern them ("refused to sell weapons" is one REJECT);
5. give each event its mode, date, dimensions, evidence and confidence.

Then, across sentences, denials are linked to the reported or alleged events they deny.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc, Span, Token

from ..doctext import text_of
from . import modes as M
from .dates import (
    DatePhrases,
    ResolvedDate,
    date_phrases,
    event_date,
    is_historical,
)
from .lexicon import Lexicon, TriggerCode, lexicon, quad_of
from .records import EXTRACTOR, Event, Stance, actor_codes, stable_id
from .sports import sports_sentences
from .syntax import Found, MentionIndex, agent_of, clause_tokens, is_passive, prep_objects, subject_of

#: Prepositions introducing the target of a verbal event, by PLOVER type (None: any type).
_TARGET_PREPS: dict[str | None, tuple[str, ...]] = {
    None: ("against", "on", "at", "toward", "towards", "upon"),
    "CONSULT": ("with", "to"),
    "AGREE": ("with", "to"),
    "COOPERATE": ("with", "to"),
    "SUPPORT": ("with", "to", "for"),
    "AID": ("to", "for"),
    "RETREAT": ("from", "to", "of"),
    "CONCEDE": ("to",),
    "REQUEST": ("to", "from", "on", "upon"),
    "ACCUSE": ("against", "of", "for", "over"),
    "REJECT": ("from", "to", "by"),
    "THREATEN": ("with", "against"),
    "SANCTION": ("with", "from", "against", "on", "to"),
    "COERCE": ("against", "on", "in"),
    "ASSAULT": ("against", "on", "in", "into", "at"),
    "MOBILIZE": ("against", "to", "near", "along", "into"),
    "PROTEST": ("against", "outside"),
}
#: Prepositions introducing the target of an event noun ("a strike on", "aid to", "talks with").
_NOUN_TARGET_PREPS = ("on", "against", "to", "toward", "towards", "with", "into", "for", "upon", "over")
#: Event nouns whose "of" phrase is the target ("the storming of a ship", "the arrest of X").
_OF_TARGET_TYPES = {"ASSAULT", "COERCE", "RETREAT", "SANCTION", "MOBILIZE"}

_ORIGIN_CONFIDENCE = {"curated": 0.85, "petrarch-pattern": 0.75, "curated-default": 0.75, "petrarch-verb": 0.6,
                      "noun": 0.7, "negated-cooperation": 0.7, "denial": 0.8}

#: An announced future action is an agreement (cooperation) or a threat (conflict): CAMEO 03 and 13.
_INTENT_TO_AGREE = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033", "CONCEDE": "035",
                    "RETREAT": "035"}
_INTENT_TO_THREATEN = {"ASSAULT": "138", "MOBILIZE": "138", "COERCE": "130", "SANCTION": "131", "PROTEST": "133"}
_INTENT_HEADS = {"plan", "intend", "vow", "pledge", "promise", "prepare", "ready", "willing", "prepared",
                 "determined", "set", "swear", "commit", "go"}
_OBLIGATION = {"must", "should"}

_NEGATED_COOP_TO_REJECT = {"AGREE": "120", "SUPPORT": "120", "CONSULT": "125", "COOPERATE": "121",
                           "AID": "122", "CONCEDE": "124", "RETREAT": "124"}


@dataclass(slots=True)
class _Candidate:
    trigger: Token                      # the word naming the event
    anchor: Token                       # the verb whose arguments the event takes (== trigger if verbal)
    code: str
    origin: str
    nominal: bool
    plover: str
    sources: list[Found] = field(default_factory=list)
    targets: list[Found] = field(default_factory=list)
    inherited_source: bool = False
    absorbed: list[_Candidate] = field(default_factory=list)
    governor: _Candidate | None = None
    suppressed: bool = False
    mode_parts: list[str] = field(default_factory=list)
    date: ResolvedDate | None = None
    reported_by: dict[str, Any] | None = None
    extra_dims: set[str] = field(default_factory=set)
    event: Event | None = None


# ------------------------------------------------------------------------------------------------
# public API
# ------------------------------------------------------------------------------------------------
def extract_events(doc: Doc, *, require_actors: bool = True, lex: Lexicon | None = None,
                   field_name: str | None = None, include_statements: bool = False,
                   view: DocView | None = None) -> list[Event]:
    """Events of a parsed Doc whose actors are tagged in `doc._.mentions` (see the module doc).

    With `require_actors=False` events whose source and target name no known actor are kept too
    (the evaluation uses this to classify sentences whose actors the gold codes differently).
    `field_name` marks evidence that indexes into a headline rather than the body. With
    `include_statements=True` CAMEO 01 statements other than plain "said" (comments, condolences,
    claims of responsibility), which PLOVER drops, are returned too, with an empty `type`.
    """
    lex = lex or lexicon()
    view = view if view is not None and view.doc is doc else DocView(doc, lex)
    index = view.index
    published = _published_of(doc)
    article = view.article
    events: list[Event] = []
    all_candidates: list[_Candidate] = []
    for sent, (verbs, nouns) in view.sentences_with_triggers():
        candidates = _sentence_candidates(sent, verbs, nouns, index, lex, include_statements=include_statements)
        if not candidates:
            continue
        dates = view.dates()
        for cand in candidates:
            if cand.suppressed:
                continue
            _implicit_participants(cand, sent, index, view.setting, lex)
            event = _build_event(cand, sent, dates, published, article, lex, require_actors, field_name, index)
            if event is not None:
                cand.event = event
        _merge_repeats(candidates)
        events.extend(c.event for c in candidates if c.event is not None)
        all_candidates.extend(c for c in candidates if c.event is not None)
    _link_denials(all_candidates, lex)
    return events


def _merge_repeats(candidates: list[_Candidate]) -> None:
    """The same act named twice in a sentence is one event ("Israeli jets struck Gaza, killing five
    Palestinians"): of the events with the same quad class and the same countries on each side, the one
    highest in the parse is kept; the others are folded into it."""
    groups: dict[tuple[Any, ...], list[_Candidate]] = {}
    for c in candidates:
        e = c.event
        if e is None:
            continue
        key = (e.quad, frozenset(a.get("country") or a.get("actor") for a in e.source),
               frozenset(a.get("country") or a.get("actor") for a in e.target))
        if not (key[1] or key[2]):
            continue
        groups.setdefault(key, []).append(c)
    for group in groups.values():
        if len(group) < 2:
            continue
        keep = min(group, key=lambda c: (token_depth(c.anchor), -c.event.confidence if c.event else 0.0, c.trigger.i))
        for c in group:
            if c is not keep:
                keep.absorbed.append(c)
                c.event = None


def extract_stances(doc: Doc, *, lex: Lexicon | None = None, field_name: str | None = None,
                    view: DocView | None = None) -> list[Stance]:
    """Standing relations stated in a parsed, actor-tagged Doc ("Azerbaijan's closeness with Israel")."""
    from .stances import sentence_stances

    lex = lex or lexicon()
    view = view if view is not None and view.doc is doc else DocView(doc, lex)
    published = _published_of(doc)
    out: list[Stance] = []
    for sent, nouns in view.sentences_with_stance_nouns():
        out.extend(sentence_stances(sent, nouns, view.index, lex, published=published, article=view.article,
                                    field_name=field_name))
    return out


def is_boilerplate(sent: Span, lex: Lexicon | None = None) -> bool:
    """True for sentences that are page furniture, not news (subscription prompts, credits)."""
    lex = lex or lexicon()
    text = sent.text.lower()
    if not any(ch.isalpha() for ch in text):
        return True
    return any(p in text for p in lex.boilerplate)


def _member(values: np.ndarray, sorted_hashes: np.ndarray) -> np.ndarray:
    """Vectorised membership of 64-bit hashes in a sorted array (a binary search, no Python loop)."""
    if not len(sorted_hashes):
        return np.zeros(len(values), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_hashes, values), len(sorted_hashes) - 1)
    return sorted_hashes[pos] == values


class DocView:
    """What the extractors read from one Doc, computed once and shared by events and stances: the
    text, the sentences that are not boilerplate, the tokens that can trigger (found by a vectorised
    lookup of lemma hashes, so that only those tokens become Python objects), the date phrases and
    the actor mentions. The component builds one per Doc and hands it to both extractors."""

    __slots__ = ("doc", "lex", "text", "sents", "sports_article", "verbs", "nouns", "stance_nouns", "index",
                 "article", "setting", "_dates")

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.text = text_of(doc)
        lowered = self.text.lower()
        hits = sorted({m.start() for p in lex.boilerplate for m in re.finditer(re.escape(p), lowered)})
        news: list[Span] = []
        for sent in doc.sents:
            a, b = sent.start_char, sent.end_char
            if any(a <= h < b for h in hits[bisect.bisect_left(hits, a):bisect.bisect_left(hits, b)]):
                continue
            if not any(ch.isalpha() for ch in self.text[a:b]):
                continue
            news.append(sent)
        # results and fixtures of national teams are not relations between states (see `sports`)
        games = sports_sentences(news, getattr(doc._, "title", None) if Doc.has_extension("title") else None)
        self.sports_article = bool(news) and all(games)
        self.sents: list[Span] = [sent for sent, game in zip(news, games, strict=True) if not game]
        if len(doc):
            arr = doc.to_array([LEMMA, LOWER, POS])
            lemma, lower, pos = arr[:, 0], arr[:, 1], arr[:, 2]
            verbal = (pos == VERB) | (pos == AUX)
            nominal = (pos == NOUN) | (pos == PROPN)
            self.verbs = np.nonzero(verbal & (_member(lemma, lex.verb_hashes) | _member(lower, lex.verb_hashes)))[0]
            self.nouns = np.nonzero(nominal & (_member(lemma, lex.noun_hashes) | _member(lower, lex.noun_hashes)))[0]
            self.stance_nouns = np.nonzero(nominal & (_member(lemma, lex.stance_hashes) |
                                                      _member(lower, lex.stance_hashes)))[0]
        else:
            self.verbs = self.nouns = self.stance_nouns = np.zeros(0, dtype=np.int64)
        self.index = MentionIndex(doc, _mentions_of(doc))
        self.article = _article_key(doc, self.text)
        # the state the story happens in, as the actor stage read it (None when it cannot tell)
        self.setting: str | None = getattr(doc._, "setting", None) if Doc.has_extension("setting") else None
        self._dates: DatePhrases | None = None

    def _in(self, positions: np.ndarray, sent: Span) -> list[int]:
        lo = int(np.searchsorted(positions, sent.start))
        hi = int(np.searchsorted(positions, sent.end))
        return [int(i) for i in positions[lo:hi]]

    def sentences_with_triggers(self) -> Iterator[tuple[Span, tuple[list[int], list[int]]]]:
        for sent in self.sents:
            verbs, nouns = self._in(self.verbs, sent), self._in(self.nouns, sent)
            if verbs or nouns:
                yield sent, (verbs, nouns)

    def sentences_with_stance_nouns(self) -> Iterator[tuple[Span, list[int]]]:
        for sent in self.sents:
            nouns = self._in(self.stance_nouns, sent)
            if nouns:
                yield sent, nouns

    def dates(self) -> DatePhrases:
        """Date phrases of the Doc, keyed by the token they attach to (computed once per Doc)."""
        if self._dates is None:
            self._dates = date_phrases(self.doc, self.text)
        return self._dates


# ------------------------------------------------------------------------------------------------
# doc helpers
# ------------------------------------------------------------------------------------------------
def _mentions_of(doc: Doc) -> list[Any]:
    if Doc.has_extension("mentions"):
        return list(getattr(doc._, "mentions", None) or [])
    return []


def _published_of(doc: Doc) -> str | None:
    if Doc.has_extension("published"):
        value = getattr(doc._, "published", None)
        return str(value) if value else None
    return None


def _article_key(doc: Doc, text: str) -> str:
    if Doc.has_extension("article_id"):
        value = getattr(doc._, "article_id", None)
        if value:
            return str(value)
    return stable_id(text)


def token_depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


# ------------------------------------------------------------------------------------------------
# triggers
# ------------------------------------------------------------------------------------------------
def _arg_words(verb: Token, depth: int = 3) -> set[str]:
    """Lemmas and lower-case forms of the words in a verb's right-hand arguments (objects, particles,
    prepositional phrases), to depth 3: what PETRARCH2-style patterns and curated rows test."""
    words: set[str] = set()
    frontier = [(c, 1) for c in verb.children
                if c.dep_ in ("dobj", "dative", "prt", "prep", "attr", "oprd", "acomp", "xcomp", "advmod",
                              "npadvmod", "iobj", "pobj", "agent", "nsubjpass")
                and (c.i > verb.i or c.dep_ == "nsubjpass")]
    if any(c.dep_ == "dobj" for c in verb.children):
        words.add("@obj")
    while frontier:
        tok, d = frontier.pop()
        words.add(tok.lemma_.lower())
        words.add(tok.lower_)
        if d < depth:
            frontier.extend((c, d + 1) for c in tok.children
                            if c.dep_ not in ("relcl", "ccomp", "advcl", "punct", "appos", "acl"))
    return words


def _subject_words(verb: Token) -> set[str]:
    subj = subject_of(verb)
    if subj is None:
        return set()
    return {t.lemma_.lower() for t in subj.subtree if t.i < verb.i} | {subj.lower_}


def _noun_mod_words(noun: Token) -> set[str]:
    words: set[str] = set()
    for c in noun.children:
        words.add(c.lemma_.lower())
        words.add(c.lower_)
        if c.dep_ == "prep":
            for g in c.children:
                words.add(g.lemma_.lower())
    if noun.dep_ == "compound":
        words.add(noun.head.lemma_.lower())
    return words


def noun_lemma(tok: Token) -> str:
    """A noun's lemma, with the hyphenated compound it ends ("cease-fire", "build-up") when spaCy split it."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ and \
            not doc[tok.i - 2].whitespace_:
        return f"{doc[tok.i - 2].lower_}-{tok.lemma_.lower()}"
    return tok.lemma_.lower()


def _event_noun_of(verb: Token, lex: Lexicon) -> Token | None:
    """The event noun a light verb carries: its direct object ("launched an attack"), the object of a
    measure noun ("began a new round of talks"), or a prepositional object ("engaged in talks",
    "went on strike", "took part in the protest")."""
    measures = lex.cue("frames", "measures")
    preps = lex.cue("frames", "light_preps")
    with_prep = lex.cue("frames", "light_with_prep")
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            if noun_lemma(child) in lex.trigger_nouns:
                return child
            if child.lemma_.lower() in measures or child.lemma_.lower() == "part":
                for prep, pobj in prep_objects(child, ("of", "in")):
                    if noun_lemma(pobj) in lex.trigger_nouns:
                        return pobj
        if child.dep_ == "prep" and child.lower_ in preps and \
                (verb.lemma_.lower() in with_prep or any(c.lemma_ == "part" for c in verb.children)):
            for p in child.children:
                if p.dep_ == "pobj" and noun_lemma(p) in lex.trigger_nouns:
                    return p
    return None


def _adjectival(verb: Token) -> bool:
    """A participle used as an adjective ("the disputed region", "a ship bound for Gaza"): no event,
    unless it names its agent ("extremists, aided by Iran")."""
    if verb.dep_ == "amod":
        return True
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return agent_of(verb) is None
    return False


_SKIP_IN_SEQUENCE = {"DET", "PUNCT", "ADJ", "ADV", "NUM", "CCONJ", "PART"}


def raised_object(verb: Token) -> Token | None:
    """The object the parser hung as the subject of a following clause: "declared [a state of siege] to
    begin at midnight", "will not accept [any refugees] fleeing the violence"."""
    if any(c.dep_ == "dobj" for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i:
            subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.left_edge.i <= verb.i + 2 and subj.pos_ in ("NOUN", "PROPN"):
                return subj
    return None


def _after_sequence(verb: Token, limit: int = 10) -> list[frozenset[str]]:
    """The verb's right context within its own arguments, in text order, without determiners,
    adjectives and punctuation: what PETRARCH2's phrase patterns are matched against."""
    allowed: set[int] = set()
    for c in verb.children:
        if c.i > verb.i and c.dep_ not in ("ccomp", "advcl", "parataxis", "punct", "cc", "conj", "mark"):
            allowed.update(t.i for t in c.subtree)
    raised = raised_object(verb)
    if raised is not None:
        allowed.update(t.i for t in raised.subtree)
    out: list[frozenset[str]] = []
    for i in sorted(allowed):
        t = verb.doc[i]
        if t.pos_ in _SKIP_IN_SEQUENCE and t.dep_ != "prt":
            continue
        out.append(frozenset((t.lemma_.lower(), t.lower_)))
        if len(out) >= limit:
            break
    return out


def verb_lemma(tok: Token, lex: Lexicon) -> str:
    """The verb's lemma, mended from its surface form when the lemmatizer missed ("staged" -> "stag")."""
    lemma = tok.lemma_.lower()
    if lemma in lex.trigger_verbs or lemma in lex.light_verbs:
        return lemma
    return lex.verb_forms.get(tok.lower_, lemma)


def _verb_trigger(tok: Token, lex: Lexicon) -> TriggerCode | None:
    lemma = verb_lemma(tok, lex)
    prt = next((c for c in tok.children if c.dep_ == "prt"), None)
    phrasal = f"{lemma} {prt.lower_}" if prt is not None else None
    if lemma not in lex.trigger_verbs and (phrasal is None or phrasal not in lex.trigger_verbs):
        return None
    sequence = _after_sequence(tok)
    args: set[str] = set().union(*sequence) if sequence else set()
    args |= _arg_words(tok, depth=2)
    if "@obj" not in args:
        # an intransitive or passive verb is told apart by its subject ("peacekeepers arrived",
        # "the strike was called off")
        args |= _subject_words(tok)
    if phrasal is not None and phrasal in lex.trigger_verbs:
        before = _subject_words(tok) if lex.needs_subject(phrasal) else set()
        found = lex.verb_code(phrasal, args, before, sequence)
        if found is not None:
            return found
    before = _subject_words(tok) if lex.needs_subject(lemma) else set()
    return lex.verb_code(lemma, args, before, sequence)


def _sentence_candidates(sent: Span, verb_ids: list[int], noun_ids: list[int], index: MentionIndex,
                         lex: Lexicon, *, include_statements: bool = False) -> list[_Candidate]:
    """The trigger candidates of a sentence, from the token positions the first pass found."""
    doc = sent.doc
    light = lex.light_verbs
    candidates: list[_Candidate] = []
    consumed: set[int] = set()
    for i in verb_ids:
        tok = doc[i]
        if tok.pos_ == "AUX" and (tok.dep_ != "ROOT" or tok.lemma_ in ("be", "have")):
            continue
        if _adjectival(tok):
            continue
        if verb_lemma(tok, lex) in lex.cue("frames", "naming_verbs") and any(c.dep_ == "oprd" for c in tok.children):
            continue  # "called him humble", "branded the vote a farce": a characterisation, not a call
        tc = _verb_trigger(tok, lex)
        phrasal = tc is not None and tc.code and tc.origin == "curated" and any(c.dep_ == "prt" for c in tok.children)
        noun = _event_noun_of(tok, lex) if verb_lemma(tok, lex) in light and not phrasal else None
        if noun is not None and (tc is None or tc.origin != "curated" or tc.code is None
                                 or (tc.code or "").startswith("01")):
            ntc = lex.noun_code(noun_lemma(noun), _noun_mod_words(noun))
            if ntc is not None and ntc.code:
                plover = lex.plover_of(ntc.code)
                if plover or ntc.code.startswith("01"):
                    candidates.append(_Candidate(noun, tok, ntc.code, "curated", False, plover or ""))
                    consumed.add(noun.i)
                    continue
        if tc is None or not tc.code:
            continue
        plover = lex.plover_of(tc.code)
        candidates.append(_Candidate(tok, tok, tc.code, tc.origin, False, plover or ""))
        if noun is not None or tc.origin in ("curated", "petrarch-pattern"):
            # "imposed sanctions on": the object noun is part of the verb's event, not another one
            for child in tok.children:
                if child.dep_ == "dobj" and noun_lemma(child) in lex.trigger_nouns:
                    consumed.add(child.i)
    for i in noun_ids:
        if i in consumed:
            continue
        tok = doc[i]
        lemma = noun_lemma(tok)
        if lemma not in lex.trigger_nouns:
            continue
        if tok.dep_ == "compound" and tok.head.lemma_.lower() in lex.trigger_nouns:
            continue   # "air strike": the head noun is the trigger
        ntc = lex.noun_code(lemma, _noun_mod_words(tok))
        if ntc is None or not ntc.code:
            continue
        plover = lex.plover_of(ntc.code)
        if not plover and not (include_statements and ntc.code.startswith("01")):
            continue
        candidates.append(_Candidate(tok, tok, ntc.code, "noun", True, plover or ""))
    for cand in candidates:
        _read_arguments(cand, index, lex)
    candidates.extend(_obligation_candidates(sent, candidates, index, lex))
    _fold_victims(candidates, lex, index)
    _fold_complements(candidates, lex, index, include_statements=include_statements)
    return candidates


# ------------------------------------------------------------------------------------------------
# arguments
# ------------------------------------------------------------------------------------------------
def _read_arguments(cand: _Candidate, index: MentionIndex, lex: Lexicon) -> None:
    relational = lex.cue("frames", "relational")
    if cand.nominal:
        _noun_arguments(cand, index, lex, relational)
        return
    verb = cand.anchor
    plover = cand.plover
    topic_object = verb.lemma_.lower() in lex.cue("frames", "topic_object_verbs")
    # "were engaged in ethnic cleansing": a light verb in the passive keeps its subject as the actor
    passive = is_passive(verb) and not (cand.trigger.i != verb.i and agent_of(verb) is None)
    if passive:
        agent = agent_of(verb)
        if agent is not None:
            cand.sources = index.actors_of(agent, relational=relational)
        subj = subject_of(verb)
        if subj is not None:
            cand.targets = index.actors_of(subj, relational=relational)
            if verb.lemma_.lower() in lex.cue("frames", "instrument_verbs"):
                # "peacekeepers are being deployed to ...": the means sent, not the target
                cand.targets = [f for f in cand.targets if not _own_means(f, cand.sources, lex)]
        elif verb.dep_ == "acl":
            cand.targets = index.actors_of(verb.head, relational=relational)
    else:
        subj = subject_of(verb)
        if subj is not None:
            cand.sources = index.actors_of(subj, relational=relational)
        targets: list[Found] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "iobj") and child.i > verb.i:
                if child.i == cand.trigger.i:
                    continue
                if child.dep_ == "dative" and child.pos_ == "ADP":
                    continue
                if child.dep_ == "dobj" and (topic_object or verb.lemma_.lower() in lex.cue("frames", "origin_object_verbs")):
                    continue  # "discussed Iran", "left Amman": a topic or a place of departure, no party
                found = index.actors_of(child, relational=relational)
                if child.dep_ == "dobj" and verb.lemma_.lower() in lex.cue("frames", "instrument_verbs"):
                    found = [f for f in found if not _own_means(f, cand.sources, lex)]
                targets.extend(found)
        if not targets:
            raised = raised_object(verb)
            if raised is not None:
                targets.extend(index.actors_of(raised, relational=relational))
        if not targets:
            for child in verb.children:
                if child.dep_ == "dative" and child.pos_ == "ADP":
                    for p in child.children:
                        if p.dep_ == "pobj":
                            targets.extend(index.actors_of(p, relational=relational))
        cand.targets = targets
    if not cand.targets and not is_passive(verb):
        # "helping Israel assassinate": the helped is the subject of the complement
        if verb.lemma_.lower() in lex.cue("frames", "object_control"):
            for child in verb.children:
                if child.dep_ in ("ccomp", "xcomp") and child.i > verb.i:
                    inner = subject_of(child)
                    if inner is not None:
                        cand.targets = index.actors_of(inner, relational=relational)
                        break
    if not cand.targets and cand.trigger.i == verb.i:
        # "forged ties with Azerbaijan", "imposed sanctions on Iran": the object's own preposition
        for child in verb.children:
            if child.dep_ == "dobj":
                for prep, pobj in prep_objects(child, _without_topics(
                        ("with", "to", "on", "against", "toward", "towards"), plover, lex)):
                    found = index.actors_of(pobj, relational=relational)
                    if found:
                        cand.targets = found
                        break
    if cand.trigger.i != verb.i and verb.lemma_.lower() in lex.cue("frames", "undergoer_light_verbs"):
        # "Iran faces new US sanctions": Iran undergoes them; their author is the noun's modifier
        undergoers = cand.sources
        authors = [f for c in cand.trigger.children if c.i < cand.trigger.i and c.dep_ in ("poss", "amod", "compound")
                   for f in index.actors_of(c, relational=relational)]
        authors += [f for _p, pobj in prep_objects(cand.trigger, ("by", "from")) for f in index.actors_of(pobj)]
        cand.sources = [f for f in authors if not _same_mention(f, undergoers)]
        cand.targets = undergoers
        cand.inherited_source = False
        return
    if cand.trigger.i != verb.i:
        # light verb + event noun: the noun's own prepositional targets ("an air strike against X")
        if not cand.targets or cand.plover in ("ASSAULT", "SANCTION", "COERCE", "ACCUSE", "PROTEST"):
            noun_targets = _noun_targets(cand.trigger, index, relational, cand.plover)
            if noun_targets:
                cand.targets = noun_targets
    if plover in _ADVOCATING_TYPES and cand.trigger.i == verb.i:
        _recode_advocated_act(cand, index, relational, lex)
    if not cand.targets:
        preps = _without_topics(_TARGET_PREPS.get(plover, ()) + _TARGET_PREPS[None], plover, lex)
        for prep, pobj in prep_objects(verb, preps):
            found = index.actors_of(pobj, relational=relational)
            if found:
                cand.targets = found
                break
    if not cand.targets:
        cand.targets = _requester_target(verb, index, relational, plover)
    if not cand.targets:
        cand.targets = _dangling_prep_target(verb, index, _TARGET_PREPS.get(plover, ()) + _TARGET_PREPS[None])
    if not cand.sources:
        inherited = _inherit_subject(verb, index, relational)
        if inherited and passive:
            # "Avenatti is to be sentenced": the subject a passive inherits undergoes the act
            if not cand.targets and subject_of(verb) is None:
                cand.targets = inherited
        elif inherited:
            cand.sources = inherited
            cand.inherited_source = True
    if not cand.targets and plover in _PLACE_TARGET_TYPES:
        cand.targets = _place_target(cand, index, relational)
    _drop_mentions_holding(cand)
    # "Benin opened its borders": a possessive pronoun standing for the source is not a target
    source_actors = {f.mention.actor for f in cand.sources}
    cand.targets = [t for t in cand.targets if not _same_mention(t, cand.sources) and
                    not (t.via == "pronoun" and t.token.dep_ == "poss" and t.mention.actor in source_actors)]


def _own_means(found: Found, sources: list[Found], lex: Lexicon) -> bool:
    """Troops, forces or police that an actor sends, deploys or offers are its own means, not the target:
    unnamed ones (no country of their own in the text) or those of the source's own country."""
    m = found.mention
    if getattr(m, "sector", None) not in lex.cue("frames", "instrument_sectors"):
        return False
    if getattr(m, "country_from", None) or not getattr(m, "country", None):
        return True
    return any(getattr(s.mention, "country", None) == m.country for s in sources)


@dataclass(slots=True)
class ImplicitActor:
    """An actor the sentence implies but does not name: the authorities who arrested someone "was
    arrested", the people who protest in "protests erupted". It has no words of its own; its span is
    the trigger's, and its country the place of the sentence or the story's setting."""

    start: int
    end: int
    country: str
    sector: str
    text: str = ""
    kind: str = "implicit"
    confidence: float = 0.6
    country_from: str = "context"

    @property
    def actor(self) -> str:
        return self.country


def _implicit_participants(cand: _Candidate, sent: Span, index: MentionIndex, setting: str | None,
                           lex: Lexicon) -> None:
    """Fill the author of an authority's act and the crowd of a protest when the text leaves them out."""
    if cand.sources:
        return
    lemma = {cand.trigger.lemma_.lower(), noun_lemma(cand.trigger), cand.anchor.lemma_.lower()}
    if cand.plover in lex.cue("frames", "authority_types") and lemma & lex.cue("frames", "authority_acts") and \
            (cand.nominal or is_passive(cand.anchor)):
        sector = "JUD" if lemma & {"convict", "conviction", "sentence", "try", "trial", "indict"} else "GOV"
    elif cand.plover in lex.cue("frames", "crowd_types"):
        sector = "CVL"
    else:
        return
    country = _place_of(sent, index) or setting
    if country is None:
        return
    tok = cand.trigger
    cand.sources = [Found(ImplicitActor(tok.idx, tok.idx + len(tok.text), country, sector), "implicit", tok)]
    cand.inherited_source = True


def _place_of(sent: Span, index: MentionIndex) -> str | None:
    """The one country of the places named in the sentence ("in Kabul", "near Sousse"), if there is one."""
    countries = {m.country for m in index.mentions
                 if sent.start_char <= m.start < sent.end_char and (getattr(m, "role", None) or "") == "location"
                 and m.country}
    return next(iter(countries)) if len(countries) == 1 else None


def _without_topics(preps: tuple[str, ...], plover: str, lex: Lexicon) -> tuple[str, ...]:
    """The target prepositions of an event type, without those that name a topic for talks, agreements
    and support ("talks on Syria", "agreed on the border"): their partner comes with "with" or "to"."""
    if plover not in lex.cue("frames", "topic_types"):
        return preps
    topics = lex.cue("frames", "topic_preps")
    return tuple(p for p in preps if p not in topics and p not in ("at", "against"))


def _fold_victims(candidates: list[_Candidate], lex: Lexicon, index: MentionIndex) -> None:
    """Victims are the target of the act that harmed them, never its author.

    "A Hamas leader died in an Israeli air strike", "two Palestinians were killed in clashes with Israeli
    troops": the act is the air strike or the clash, aimed at the victims; the verb of dying or being
    killed only tells its outcome and is folded into it. Dying with no violent cause is no event ("died
    of cancer", "died at home"); a violent cause that is no trigger of its own ("died in a massive
    explosion") keeps the verb as the act, aimed at the victims."""
    by_trigger = {c.trigger.i: c for c in candidates}
    dying = lex.cue("frames", "dying_verbs")
    victim_verbs = lex.cue("frames", "victim_verbs")
    causes = lex.cue("frames", "violent_causes")
    for cand in candidates:
        verb = cand.anchor
        lemma = verb.lemma_.lower()
        if cand.nominal or cand.trigger.i != verb.i or lemma not in victim_verbs:
            continue
        if lemma in dying:
            cand.targets, cand.sources = cand.sources or cand.targets, []
            cand.inherited_source = False
        elif not is_passive(verb):
            continue
        victims = cand.targets
        cause = _victim_cause(verb, lex)
        act = by_trigger.get(cause.i) if cause is not None else None
        if act is None and agent_of(verb) is None:
            act = _clause_act(cand, candidates)
            if act is not None:
                # "23 civilians were killed as government forces launched air strikes": one act
                if not act.targets:
                    act.targets = victims
                cand.suppressed = True
                act.absorbed.append(cand)
                continue
        if act is not None and act is not cand and quad_of(act.code, act.plover) == 4:
            if act.sources or not act.targets:
                act.targets = act.targets if act.targets and not victims else victims
            else:
                # "clashes with Israeli troops": the other side of the clash is who harmed the victims
                act.sources, act.targets = act.targets, victims
            cand.suppressed = True
            act.absorbed.append(cand)
        elif cause is not None and (cause.lemma_.lower() in causes or noun_lemma(cause) in causes):
            if not cand.sources:
                cand.sources = [f for f in index.actors_of(cause) if not _same_mention(f, victims)]
        elif lemma in dying:
            cand.suppressed = True


def _clause_act(victim: _Candidate, candidates: list[_Candidate]) -> _Candidate | None:
    """A violent act told in a clause joined to the victims' verb ("as forces launched air strikes",
    "when rebels attacked their convoy"), or governing it."""
    verb = victim.anchor
    clauses = [c for c in verb.children if c.dep_ == "advcl"]
    if verb.dep_ == "advcl":
        clauses.append(verb.head)
    for other in candidates:
        if other is victim or other.suppressed or quad_of(other.code, other.plover) != 4:
            continue
        if other.anchor in clauses or other.trigger in clauses:
            return other
    return None


def _victim_cause(verb: Token, lex: Lexicon) -> Token | None:
    """The noun after "in", "during", "by", ... that names what killed or hurt the victims."""
    preps = lex.cue("frames", "victim_preps")
    for prep, pobj in prep_objects(verb, preps):
        return pobj
    return None


#: Appeals and welcomes that can advocate a hostile act, and the CAMEO code of each kind of act.
_ADVOCATING_TYPES = {"REQUEST", "SUPPORT"}
_ADVOCATED_CODES = {"advocated_threats": "1312", "advocated_criticism": "111"}


def _recode_advocated_act(cand: _Candidate, index: MentionIndex, relational: frozenset[str], lex: Lexicon) -> None:
    """An appeal for, or welcome of, a hostile act is that act aimed at its target: "urged the UN to move
    toward sanctions against Iran" threatens Iran (PETRARCH2 codes "call for sanctions" 1312), "welcomed
    the criticism of Israel's policies" criticises Israel. An appeal to end, ease or not impose the act
    ("called for an end to sanctions against Iraq", "urged the UN not to impose sanctions", "called for
    sanctions to be lifted") and one aimed at no actor ("urged Germany to act against smugglers") stay
    appeals."""
    verb = cand.anchor
    reversals = lex.cue("frames", "advocated_reversals")
    if M.is_negated(verb, lex) or any(c.dep_ in ("xcomp", "advcl", "ccomp") and _reverses(c, reversals, lex)
                             for c in verb.children):
        return  # "called for sanctions against Iraq to be lifted": the parser hangs "lifted" on the appeal
    frontier = [(c, 1, False) for c in verb.children if c.i > verb.i and c.dep_ not in _NOT_ARGUMENTS]
    while frontier:
        tok, depth, reversed_ = frontier.pop(0)
        reversed_ = reversed_ or _reverses(tok, reversals, lex)
        kind = _advocated_kind(tok, lex)
        if kind is not None and not reversed_ and not _act_reversed(tok, reversals, lex):
            preps = ("against", "on", "upon", "toward", "towards") + (("of",) if kind == "advocated_criticism" else ())
            for prep in preps:
                found = [f for _p, pobj in prep_objects(tok, (prep,)) for f in index.actors_of(pobj, relational=relational)]
                if found:
                    info = lex.info(_ADVOCATED_CODES[kind])
                    cand.code, cand.plover = info.code, info.plover or cand.plover
                    cand.targets = found
                    return
        if depth < 4:
            frontier.extend((c, depth + 1, reversed_) for c in tok.children if c.dep_ not in _NOT_ARGUMENTS)


def _advocated_kind(tok: Token, lex: Lexicon) -> str | None:
    if tok.pos_ != "NOUN":
        return None
    words = {tok.lemma_.lower(), tok.lower_}
    return next((k for k in _ADVOCATED_CODES if words & lex.cue("frames", k)), None)


def _reverses(tok: Token, reversals: frozenset[str], lex: Lexicon) -> bool:
    """"lift", "end", "not to impose": the word turns an advocated act around."""
    return tok.lemma_.lower() in reversals or tok.lower_ in reversals or M.is_negated(tok, lex)


def _act_reversed(act: Token, reversals: frozenset[str], lex: Lexicon) -> bool:
    """"sanctions to be lifted", "no sanctions": the act's own clause turns it around."""
    if M.is_negated(act, lex):
        return True
    return any(c.dep_ in ("acl", "relcl", "xcomp", "ccomp") and _reverses(c, reversals, lex)
               for c in act.children) or (act.head.dep_ in ("xcomp", "ccomp") and M.is_negated(act.head, lex))


_NOT_ARGUMENTS = ("relcl", "advcl", "punct", "conj", "cc")


#: Event types whose place stands for the target when no actor is named ("arrived in Amman", "lifted
#: the curfew in Montenegro", "demonstrated in Kirkuk"), as CAMEO and PLOVER coders do.
_PLACE_TARGET_TYPES = {"CONSULT", "AID", "COOPERATE", "RETREAT", "CONCEDE", "COERCE", "ASSAULT", "MOBILIZE",
                       "PROTEST", "SANCTION"}
_PLACE_PREPS = ("in", "into", "to", "at", "inside", "across", "throughout")
#: Nouns naming a request whose author is the target of its acceptance or refusal.
_REQUEST_NOUNS = {"demand", "call", "request", "appeal", "proposal", "offer", "plan", "plea", "pressure",
                  "ultimatum", "invitation", "suggestion", "initiative", "bid", "idea"}


def _requester_target(verb: Token, index: MentionIndex, relational: frozenset[str], plover: str) -> list[Found]:
    """'rejected calls by Kofi Annan', 'accepted demands from Shona rebels': the author of the request."""
    if plover not in ("REJECT", "CONCEDE", "AGREE", "RETREAT", "SUPPORT", "CONSULT"):
        return []
    for child in verb.children:
        if child.dep_ != "dobj" or child.lemma_.lower() not in _REQUEST_NOUNS:
            continue
        for prep, pobj in prep_objects(child, ("by", "from", "of")):
            found = index.actors_of(pobj, relational=relational)
            if found:
                return found
        for c in child.children:
            if c.dep_ in ("poss", "amod", "compound") and c.i < child.i:
                found = index.actors_of(c, relational=relational)
                if found:
                    return found
    return []


def _dangling_prep_target(verb: Token, index: MentionIndex, preps: tuple[str, ...]) -> list[Found]:
    """A target preposition the parser left without its object ("granted asylum to five Panamanian
    officers holed up ..."): the first mention within a few tokens after it."""
    for child in verb.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps and not any(
                c.dep_ in ("pobj", "pcomp") for c in child.children):
            for j in range(child.i + 1, min(child.i + 6, child.sent.end)):
                m = index.at(child.doc[j])
                if m is not None:
                    return [Found(m, "head", child.doc[j])]
    return []


def _place_target(cand: _Candidate, index: MentionIndex, relational: frozenset[str]) -> list[Found]:
    """The state of the place where the event happens, when no actor is its target. A consultation takes
    its place as the state visited only after a verb or noun of visiting ("arrived in Amman"); talks held
    somewhere ("talks in Geneva") are not with that place's state."""
    sources = {f.mention.actor for f in cand.sources}
    if cand.plover == "CONSULT":
        visits = lexicon().cue("frames", "visit_verbs")
        if not ({cand.anchor.lemma_.lower(), cand.trigger.lemma_.lower()} & visits):
            return []
    for tok in (cand.anchor, cand.trigger):
        for prep, pobj in prep_objects(tok, _PLACE_PREPS):
            for f in index.actors_of(pobj, relational=relational):
                country = getattr(f.mention, "country", None)
                kind = getattr(f.mention, "kind", None)
                if kind in (None, "state", "territory", "entity") and country and f.mention.actor not in sources:
                    return [Found(f.mention, "location", f.token)]
    return []


def _same_mention(found: Found, others: Iterable[Found]) -> bool:
    return any(o.mention is found.mention for o in others)


def _noun_targets(noun: Token, index: MentionIndex, relational: frozenset[str], plover: str) -> list[Found]:
    preps = _without_topics(_NOUN_TARGET_PREPS + (("of",) if plover in _OF_TARGET_TYPES else ()), plover, lexicon())
    for prep, pobj in prep_objects(noun, preps):
        if prep.lower_ == "for" and plover not in ("AID", "SUPPORT", "REQUEST", "ACCUSE"):
            continue
        found = index.actors_of(pobj, relational=relational)
        if found:
            return found
    return []


def _noun_arguments(cand: _Candidate, index: MentionIndex, lex: Lexicon, relational: frozenset[str]) -> None:
    noun = _phrase_head(cand.trigger, lex)
    plover = cand.plover
    sources: list[Found] = []
    targets: list[Found] = []
    # "by" agents, also when the parser hung them lower: "storming by Israeli commandos of a ship"
    by_obj = None
    for prep, pobj in prep_objects(noun, ("by", "from")):
        if prep.lower_ == "by" or plover in ("ACCUSE", "REQUEST", "THREATEN", "AID"):
            found = index.actors_of(pobj, relational=relational)
            if found:
                sources = found
                by_obj = pobj
                break
    # "between X and Y": joint sources of a reciprocal event
    if not sources:
        for prep, pobj in prep_objects(noun, ("between", "among")):
            found = index.actors_of(pobj, relational=relational)
            if found:
                sources = found
                break
    # possessor and modifiers: "Israel's attack", "Israeli strikes", "American and European reluctance"
    if not sources:
        mods: list[Found] = []
        for child in noun.children:
            if child.i < noun.i and child.dep_ in ("poss", "amod", "compound", "nmod"):
                mods.extend(index.actors_of(child, relational=relational))
        sources = _dedupe_found(mods)
    target_preps = _without_topics(_NOUN_TARGET_PREPS + (("of",) if plover in _OF_TARGET_TYPES else ()), plover, lex)
    for prep, pobj in prep_objects(noun, target_preps):
        if prep.lower_ == "for" and plover not in ("AID", "SUPPORT", "REQUEST", "ACCUSE"):
            continue
        found = index.actors_of(pobj, relational=relational)
        if found:
            targets = found
            break
    if not targets and by_obj is not None:
        for prep, pobj in prep_objects(by_obj, ("of", "on", "against")):
            found = index.actors_of(pobj, relational=relational)
            if found:
                targets = found
                break
    # "a senior Hamas leader survived an Israeli assassination attempt": the survivor was the target
    if not targets and noun.dep_ == "dobj" and noun.head.lemma_.lower() in lex.cue("frames", "survival_verbs"):
        survivor = subject_of(noun.head)
        if survivor is not None:
            targets = index.actors_of(survivor, relational=relational)
    # "X is responsible for the killings", "X claimed responsibility for the attack"
    if not sources and noun.dep_ == "pobj" and noun.head.lower_ == "for" and \
            noun.head.head.lemma_.lower() in ("responsible", "responsibility", "blame", "credit"):
        holder = noun.head.head
        verb = holder.head if holder.dep_ in ("acomp", "dobj", "attr") else holder
        subj = subject_of(verb)
        if subj is not None:
            sources = index.actors_of(subj, relational=relational)
            cand.inherited_source = bool(sources)
    # the subject of a hypothetical frame: "Israel planned ... in the event of a strike on Iran"
    if not sources and _in_hypothetical_frame(noun, lex):
        inherited = _inherit_subject(noun, index, relational)
        if inherited:
            sources = inherited
            cand.inherited_source = True
    cand.sources = sources
    cand.targets = [t for t in targets if not _same_mention(t, sources)]
    _drop_mentions_holding(cand)


def _drop_mentions_holding(cand: _Candidate) -> None:
    """A mention that runs on past the trigger ("terrorist attack on UN" read as one actor) names no
    party to it; one that ends with the trigger ("an Israeli air strike") is its author's adjective."""
    head = _phrase_head(cand.trigger, lexicon()) if cand.nominal else cand.trigger
    end = max(cand.trigger.idx + len(cand.trigger.text), head.idx + len(head.text))

    def runs_past(f: Found) -> bool:
        return f.mention.start <= cand.trigger.idx and f.mention.end > end

    cand.sources = [f for f in cand.sources if not runs_past(f)]
    cand.targets = [f for f in cand.targets if not runs_past(f)]


def _phrase_head(noun: Token, lex: Lexicon) -> Token:
    """The noun whose phrase carries an event noun's arguments: the event noun itself, or the head it
    modifies when that head only frames it ("an Israeli assassination attempt", "a bombing campaign")."""
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i and \
            noun.head.lemma_.lower() in lex.cue("frames", "framing_nouns"):
        return noun.head
    return noun


def _dedupe_found(found: list[Found]) -> list[Found]:
    out: list[Found] = []
    for f in found:
        if not _same_mention(f, out):
            out.append(f)
    return out


def _in_hypothetical_frame(noun: Token, lex: Lexicon) -> bool:
    prep_nouns = lex.cue("hypothetical", "prep_nouns")
    head = noun.head
    return noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in prep_nouns


def _inherit_subject(token: Token, index: MentionIndex, relational: frozenset[str]) -> list[Found]:
    """The source of an event whose clause has no subject: the object of "helped X (to) do", of
    "accused X of doing", else the subject of the governing verb ("planned to use", "agreed to set up"),
    else the agent, possessor or modifiers of the governing noun ("plans by X to ...")."""
    object_control = {"help", "aid", "assist", "allow", "enable", "permit", "let", "force", "compel", "urge",
                      "ask", "order", "persuade", "encourage", "invite", "press", "push", "pressure", "call",
                      "lead", "cause", "prompt", "convince", "tell", "request", "instruct", "authorize",
                      "accuse", "blame", "charge", "suspect", "credit", "praise", "condemn", "criticize",
                      "criticise", "thank", "congratulate", "warn"}
    from .modes import plan_noun_host

    lex = lexicon()
    t = token
    for _ in range(8):
        if t.head.i == t.i:
            return []
        host = plan_noun_host(t, lex)
        if host is not None:
            for prep, pobj in prep_objects(host, ("by",)):
                return index.actors_of(pobj, relational=relational)
            mods = [f for c in host.children if c.i < host.i and c.dep_ in ("poss", "amod", "compound")
                    for f in index.actors_of(c, relational=relational)]
            return mods
        dep = t.dep_
        head = t.head
        if dep in ("ccomp", "relcl", "parataxis", "advcl") and not (dep == "advcl" and _is_infinitive(t)):
            if dep == "relcl":
                # the antecedent is the subject when the relative pronoun is missing ("the man seen ...")
                return []
            return []
        if head.pos_ in ("VERB", "AUX"):
            # object control: "helped Israel assassinate", "accused Azerbaijan of helping"
            if head.lemma_.lower() in object_control and dep in ("xcomp", "ccomp", "pcomp", "prep", "advcl"):
                for child in head.children:
                    if child.dep_ in ("dobj",) and child.i < t.i:
                        found = index.actors_of(child, relational=relational)
                        if found:
                            return found
            subj = subject_of(head)
            if subj is not None and not (is_passive(head) and dep != "xcomp"):
                found = index.actors_of(subj, relational=relational)
                if found:
                    return found
            if is_passive(head):
                agent = agent_of(head)
                if agent is not None:
                    found = index.actors_of(agent, relational=relational)
                    if found:
                        return found
            if subj is not None:
                return []
        elif head.pos_ in ("NOUN", "PROPN") and dep in ("acl", "prep", "pobj", "xcomp", "relcl"):
            # "plans by local extremists to blow up", "American reluctance to sell"
            for prep, pobj in prep_objects(head, ("by",)):
                found = index.actors_of(pobj, relational=relational)
                if found:
                    return found
            mods: list[Found] = []
            for child in head.children:
                if child.i < head.i and child.dep_ in ("poss", "amod", "compound"):
                    mods.extend(index.actors_of(child, relational=relational))
            if mods and dep == "acl":
                return mods
        t = head
    return []


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


# ------------------------------------------------------------------------------------------------
# complements and governing events
# ------------------------------------------------------------------------------------------------
def _fold_complements(candidates: list[_Candidate], lex: Lexicon, index: MentionIndex, *,
                      include_statements: bool = False) -> None:
    """Attach each event to the nearest event that governs it in the parse; an event in the
    complement of an agreement, request, threat, refusal or concession is part of that event."""
    by_token: dict[int, _Candidate] = {}
    for cand in candidates:
        by_token.setdefault(cand.anchor.i, cand)
        by_token.setdefault(cand.trigger.i, cand)
    governing = set(lex.cue("frames", "governing_types"))
    for cand in candidates:
        t = cand.anchor
        path: list[str] = []
        for _ in range(8):
            if t.head.i == t.i:
                break
            path.append(t.dep_)
            t = t.head
            gov = by_token.get(t.i)
            if gov is not None and gov is not cand:
                if path[0] == "conj":
                    break
                cand.governor = gov
                complement = path[0] in ("xcomp", "ccomp", "acl", "pcomp", "dobj", "pobj", "relcl") or \
                    (path[0] == "advcl" and _is_infinitive(cand.anchor))
                if gov.plover in governing and complement and not gov.code.startswith("01") and \
                        path[0] != "relcl":
                    cand.suppressed = True
                    gov.absorbed.append(cand)
                    if not gov.targets:
                        gov.targets = _complement_target(gov, cand)
                break
    # a governing event with no target yet: read it from its complement even when that complement is
    # no event of its own ("threatened to cut off electricity to Nakhichevan")
    for cand in candidates:
        if cand.targets or cand.plover not in governing or cand.suppressed:
            continue
        for child in cand.anchor.children:
            if child.dep_ in ("xcomp", "ccomp") and child.i > cand.anchor.i and child.pos_ in ("VERB", "AUX"):
                cand.targets = _complement_actors(cand, child, index)
                if cand.targets:
                    break
    # statement events (CAMEO 01) never stand alone in PLOVER, except denials
    for cand in candidates:
        if not cand.plover and not (include_statements and cand.code.startswith("01") and cand.code != "010"):
            cand.suppressed = True


def _complement_actors(gov: _Candidate, verb: Token, index: MentionIndex) -> list[Found]:
    """Whom a governing event is aimed at, read from a complement that is no event of its own: its
    subject for a request, else its object or prepositional object."""
    gov_actors = {f.mention.actor for f in gov.sources}
    subj = subject_of(verb)
    if subj is not None and gov.plover in ("REQUEST", "SUPPORT"):
        found = [f for f in index.actors_of(subj) if f.mention.actor not in gov_actors]
        if found:
            return found
    lex = lexicon()
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and child.i > verb.i:
            found = [f for f in index.actors_of(child) if f.mention.actor not in gov_actors]
            if verb.lemma_.lower() in lex.cue("frames", "instrument_verbs"):
                found = [f for f in found if not _own_means(f, gov.sources, lex)]
            if found:
                return found
    for prep, pobj in prep_objects(verb, ("to", "against", "on", "with", "from", "into", "at")):
        found = [f for f in index.actors_of(pobj) if f.mention.actor not in gov_actors]
        if found:
            return found
    return []


def _complement_target(gov: _Candidate, cand: _Candidate) -> list[Found]:
    """Whom a governing event is aimed at, read from the complement it absorbs: the complement's own
    subject when it names another actor ("demanded that the US cancel", "urged X to ..."), else the
    complement's target ("refused to sell him weapons", "threatened to attack Iraq")."""
    gov_actors = {f.mention.actor for f in gov.sources}
    if cand.sources and not cand.inherited_source and \
            {f.mention.actor for f in cand.sources} - gov_actors and gov.plover in ("REQUEST", "SUPPORT"):
        return [f for f in cand.sources if f.mention.actor not in gov_actors]
    return [f for f in cand.targets if f.mention.actor not in gov_actors]


# ------------------------------------------------------------------------------------------------
# dates
# ------------------------------------------------------------------------------------------------
def _event_date(cand: _Candidate, dates: DatePhrases, published: str | None) -> ResolvedDate | None:
    """The event's date: the phrases and the tense of their clauses are read in `dates.py`."""
    return event_date(cand.trigger, cand.anchor, dates, published)


# ------------------------------------------------------------------------------------------------
# events
# ------------------------------------------------------------------------------------------------
def _is_media(token: Token, lex: Lexicon | None = None) -> bool:
    lex = lex or lexicon()
    media = lex.cue("report", "media")
    return any(t.lower_ in media or t.lemma_.lower() in media for t in token.subtree if t.i <= token.i + 1) or \
        token.ent_type_ == "ORG" and token.lower_ in media


def _reporter(cand: _Candidate, index: MentionIndex, lex: Lexicon) -> dict[str, Any] | None:
    """Who reports the event: the modifier or "by" phrase of the report noun governing it."""
    report_nouns = lex.cue("report", "nouns")
    report_verbs = lex.cue("report", "verbs") | lex.cue("frames", "speech")
    t = cand.anchor
    for _ in range(10):
        if t.head.i == t.i:
            break
        t = t.head
        lemma = t.lemma_.lower()
        if t.pos_ in ("NOUN", "PROPN") and lemma in report_nouns:
            holder = [c for c in t.children if c.dep_ in ("compound", "poss", "amod") and c.i < t.i]
            for p, pobj in prep_objects(t, ("by", "from", "in")):
                holder.append(pobj)
            for h in holder:
                if h.pos_ in ("PROPN", "NOUN") or h.ent_type_:
                    found = index.actors_of(h)
                    span = _phrase(h)
                    ref: dict[str, Any] = {"text": span.text, "start": span.start_char, "end": span.end_char,
                                           "actor": found[0].mention.actor if found else None}
                    return ref
            return {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "actor": None}
        if t.pos_ == "VERB" and lemma in report_verbs:
            subj = subject_of(t)
            if subj is not None and _is_media(subj, lex):
                span = _phrase(subj)
                found = index.actors_of(subj)
                return {"text": span.text, "start": span.start_char, "end": span.end_char,
                        "actor": found[0].mention.actor if found else None}
    for c in [cand.anchor, *cand.anchor.ancestors]:
        for p, pobj in prep_objects(c, None):
            if p.lemma_ == "accord" or (p.lower_ == "to" and p.head.lemma_ == "accord"):
                span = _phrase(pobj)
                return {"text": span.text, "start": span.start_char, "end": span.end_char, "actor": None}
        for child in c.children:
            if child.dep_ == "prep" and child.lemma_ == "accord":
                for to in child.children:
                    for pobj in to.children:
                        if pobj.dep_ == "pobj":
                            span = _phrase(pobj)
                            found = index.actors_of(pobj)
                            return {"text": span.text, "start": span.start_char, "end": span.end_char,
                                    "actor": found[0].mention.actor if found else None}
    return None


def _phrase(token: Token) -> Span:
    left = token.left_edge.i
    right = token.i
    for c in token.children:
        if c.i > token.i and c.dep_ in ("compound", "flat", "appos") and c.i - right <= 2:
            right = c.right_edge.i
    return token.doc[left:right + 1]


def _dimensions(cand: _Candidate, lex: Lexicon) -> list[str]:
    tokens: dict[int, Token] = {}
    for c in [cand, *cand.absorbed]:
        for t in clause_tokens(c.anchor, limit=40):
            tokens[t.i] = t
        if c.trigger.i != c.anchor.i:
            for t in clause_tokens(c.trigger, limit=20):
                tokens[t.i] = t
    ordered = [tokens[i] for i in sorted(tokens)]
    dims: set[str] = set(cand.extra_dims)
    terms = lex.dim_terms
    words = [(t.lemma_.lower(), t.lower_) for t in ordered]
    for i, (lemma, low) in enumerate(words):
        for w in (lemma, low):
            if w in terms:
                dims.add(terms[w])
        if i + 1 < len(words):
            for a in (lemma, low):
                for b in words[i + 1]:
                    key = f"{a} {b}"
                    if key in terms:
                        dims.add(terms[key])
    info = lex.info(cand.code)
    if info is not None:
        for ctx in info.contexts:
            if ctx in lex.context_dims:
                dims.add(lex.context_dims[ctx])
    return sorted(dims)


def _build_event(cand: _Candidate, sent: Span, dates: DatePhrases, published: str | None, article: str,
                 lex: Lexicon, require_actors: bool, field_name: str | None, index: MentionIndex) -> Event | None:
    if cand.nominal and not (cand.sources or cand.targets):
        return None
    if require_actors and not (cand.sources or cand.targets):
        return None
    is_media = lambda t: _is_media(t, lex)  # noqa: E731
    parts = M.modality(cand.trigger if cand.nominal else cand.anchor, lex, is_media)
    if cand.trigger.i != cand.anchor.i:
        parts = M.modality(cand.anchor, lex, is_media) + [p for p in M.own_mode(cand.trigger, lex)]
    code, plover, origin = cand.code, cand.plover, cand.origin
    # a refusal said in the negative: "would not provide support", "will not accept refugees"
    own = M.own_mode(cand.anchor, lex)
    if M.NEGATED in own and plover in _NEGATED_COOP_TO_REJECT and not cand.nominal and \
            _volitional_negation(cand.anchor):
        code, plover, origin = _NEGATED_COOP_TO_REJECT[plover], "REJECT", "negated-cooperation"
        parts = [p for p in parts if p not in (M.NEGATED, M.PLANNED)]
    # an announced intention: "Finland will give Tanzania a grant" (AGREE), "said they would boycott"
    # (THREATEN); an obligation put on another actor: "said Sudan must return the helicopter" (REQUEST)
    sources_found, targets_found = cand.sources, cand.targets
    # (a condition leaves it an announcement: "will withdraw its force unless a ceasefire is arranged")
    if plover not in ("AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE") and M.PLANNED in parts and \
            set(parts) <= {M.PLANNED, M.REPORTED, M.HYPOTHETICAL} and _announced_intention(cand.anchor) and \
            not M.asked(cand.anchor):
        # the announcement is what happened (as reported, if it is)
        kept = [p for p in parts if p == M.REPORTED]
        if plover in _INTENT_TO_AGREE:
            # the act itself is still to come: "will meet next week" is an intention to meet (AGREE)
            # and a planned meeting, which the newswire guidelines code as planned (a threat is the
            # announcement of harm and stands as it is)
            code, plover, origin = _INTENT_TO_AGREE[plover], "AGREE", "intention"
            parts = kept + [p for p in parts if p in (M.PLANNED, M.HYPOTHETICAL)]
        elif plover in _INTENT_TO_THREATEN:
            code, plover, origin = _INTENT_TO_THREATEN[plover], "THREATEN", "intention"
            parts = kept
    elif not parts and plover not in ("REQUEST",) and not cand.nominal:
        demander = _obligation_speaker(cand.anchor, index, lex)
        if demander is not None and (not demander or not cand.sources or
                                     {f.mention.actor for f in demander} != {f.mention.actor for f in cand.sources}):
            code, plover, origin = "100", "REQUEST", "obligation"
            sources_found, targets_found = demander, cand.sources
    sources_found, targets_found, newsgathering = _without_outlets(sources_found, targets_found, plover, lex)
    if newsgathering or (require_actors and not (sources_found or targets_found)):
        return None
    if plover == "AGREE" and not cand.nominal and cand.anchor.lemma_.lower() in lex.cue("plan", "intent_triggers") \
            and M.PLANNED not in parts:
        parts = parts + [M.PLANNED]  # a promise: what is promised has not happened yet
    cand.mode_parts = parts
    date = _event_date(cand, dates, published)
    if is_historical(date, published):
        parts = parts + [M.HISTORICAL]
    mode = M.combine(parts)
    info = lex.info(code)
    sources = [f.ref() for f in sources_found]
    targets = [f.ref() for f in targets_found]
    quad = quad_of(code, plover)
    confidence = _ORIGIN_CONFIDENCE.get(origin, 0.6)
    if cand.nominal:
        confidence *= 0.9
    if cand.inherited_source or any(f.via in ("pronoun", "relative", "anaphor") for f in cand.sources):
        confidence *= 0.85
    if not sources:
        confidence *= 0.75
    if not targets:
        confidence *= 0.9
    mention_conf = [float(getattr(f.mention, "confidence", 1.0) or 1.0) for f in cand.sources + cand.targets]
    if mention_conf:
        confidence *= sum(mention_conf) / len(mention_conf)
    evidence: dict[str, Any] = {"start": sent.start_char, "end": sent.end_char,
                                "trigger_start": cand.trigger.idx,
                                "trigger_end": cand.trigger.idx + len(cand.trigger.text),
                                "sentence": sent.text}
    if cand.anchor.i != cand.trigger.i:
        evidence["anchor_start"] = cand.anchor.idx
        evidence["anchor_end"] = cand.anchor.idx + len(cand.anchor.text)
    if field_name:
        evidence["field"] = field_name
    event_id = stable_id(article, EXTRACTOR, field_name or "", sent.start_char, cand.trigger.idx, plover,
                         ",".join(actor_codes(sources)), ",".join(actor_codes(targets)))
    reported_by = _reporter(cand, index, lex) if M.REPORTED in parts else None
    trigger_text = cand.trigger.text if cand.trigger.i == cand.anchor.i else f"{cand.anchor.text} … {cand.trigger.text}"
    return Event(
        id=event_id, source=sources, target=targets, type=plover, cameo=code, quad=quad,
        intensity=info.goldstein if info else 0.0, mode=mode,
        date=date.date if date else None, date_precision=date.precision if date else None,
        dimensions=_dimensions(cand, lex), evidence=evidence, confidence=min(confidence, 0.99),
        reported_by=reported_by, plover_mode=lex.plover_mode(plover, code, cand.trigger, cand.anchor),
        trigger=trigger_text)


def _is_outlet(found: Found) -> bool:
    """A news outlet or agency named as such (Reuters, AFP, the BBC, Le Figaro), not a journalist."""
    m = found.mention
    return getattr(m, "sector", None) == "JRN" and bool(getattr(m, "actor", None)) and \
        getattr(m, "kind", None) != "person"


def _without_outlets(sources: list[Found], targets: list[Found], plover: str,
                     lex: Lexicon) -> tuple[list[Found], list[Found], bool]:
    """A news outlet is not a party to the events it reports: it is no source, and a target only of acts
    done to it (banned, raided, sued, accused). Contact with the press ("told Reuters", "reached out to
    AFP") is the reporter's own newsgathering: the third value says so, and the event is dropped."""
    outlet_targets = [t for t in targets if _is_outlet(t)]
    if outlet_targets and plover in lex.cue("frames", "newsgathering_types") and \
            len(outlet_targets) == len(targets):
        return sources, targets, True
    if plover not in lex.cue("frames", "outlet_target_types"):
        targets = [t for t in targets if not _is_outlet(t)]
    return [f for f in sources if not _is_outlet(f)], targets, False


def _announced_intention(verb: Token) -> bool:
    """True when the actor itself announces the action: a future auxiliary on the verb, "would" in
    reported speech, or an intention verb or adjective governing it ("plans to", "is ready to")."""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll", "wo", "would") for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _INTENT_HEADS:
        return True
    # "the Government's plans to impose restrictions": the holder's own plan
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in ("plan", "intention", "decision", "pledge", "promise",
                                                          "vow", "readiness", "threat", "offer") and \
            any(c.dep_ in ("poss", "amod", "compound") for c in verb.head.children):
        return True
    return False


def _obligation_candidates(sent: Span, candidates: list[_Candidate], index: MentionIndex,
                           lex: Lexicon) -> list[_Candidate]:
    """A speaker who says another actor must or should act makes a demand of it, whatever the act:
    "the Bush administration declared that China must drop barriers to U.S. exports" (a REQUEST by the
    United States of China), "Russia said Sudan must return the helicopter"."""
    speech = lex.cue("frames", "speech")
    taken = {c.anchor.i for c in candidates} | {c.trigger.i for c in candidates}
    out: list[_Candidate] = []
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in speech:
            continue
        speaker = subject_of(verb)
        if speaker is None:
            continue
        for clause in verb.children:
            if clause.dep_ != "ccomp" or clause.i in taken or \
                    not any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in clause.children):
                continue
            addressee = subject_of(clause)
            if addressee is None or addressee.pos_ == "PRON":
                continue
            sources = index.actors_of(speaker)
            # a region that "must remain part of Russia" is what is talked about, not who is asked
            targets = [f for f in index.actors_of(addressee) if not _same_mention(f, sources)
                       and getattr(f.mention, "kind", None) not in ("entity", "territory")
                       and not (getattr(f.mention, "role", None) or "").startswith("location")]
            if not sources or not targets or {f.mention.country for f in sources} == {f.mention.country for f in targets}:
                continue
            cand = _Candidate(clause, verb, "100", "obligation", False, "REQUEST", sources=sources, targets=targets)
            out.append(cand)
            taken.add(clause.i)
    return out


def _obligation_speaker(verb: Token, index: MentionIndex, lex: Lexicon) -> list[Found] | None:
    """The speaker who says another actor must act ("Russia said Sudan must return the helicopter"):
    the speaker's actors (maybe none known), or None when this is no such obligation."""
    # "the US must be ready to mediate": the obligation sits on the clause that governs the verb
    steps = 0
    while verb.dep_ in ("xcomp", "acomp") and steps < 3:
        verb = verb.head
        steps += 1
    if not any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in verb.children):
        return None
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in lex.cue("frames", "speech"):
        return None
    subj = subject_of(verb.head)
    inner = subject_of(verb)
    if subj is None or inner is None or inner.pos_ == "PRON" or subj.lower_ == inner.lower_:
        return None
    return index.actors_of(subj)


def _volitional_negation(verb: Token) -> bool:
    """A negated cooperative verb in the future, a modal, or the present: a refusal, not a non-event."""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "shall", "can", "ca", "could") for c in verb.children):
        return True
    return verb.tag_ in ("VBP", "VBZ") or verb.lemma_ in ("accept", "allow", "agree")


# ------------------------------------------------------------------------------------------------
# denials
# ------------------------------------------------------------------------------------------------
def _link_denials(candidates: list[_Candidate], lex: Lexicon) -> None:
    """Link each denial to what it denies: the events of its own complement ("denied that it had
    attacked"), or, when it denies "the report" or "the accusations", the reported or alleged events
    of the sentences before it."""
    deny_verbs = lex.cue("deny", "verbs")
    deny_objects = lex.cue("deny", "objects")
    report_words = lex.cue("report", "nouns") | {"report", "reports", "story", "stories", "rumour", "rumor"}
    for i, cand in enumerate(candidates):
        ev = cand.event
        if ev is None or ev.type != "REJECT" or cand.anchor.lemma_.lower() not in deny_verbs:
            continue
        denied: list[Event] = []
        for other in candidates:
            if other.event is not None and other is not cand and other.governor is cand:
                denied.append(other.event)
        if not denied:
            obj = next((c for c in cand.anchor.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.lemma_.lower() in deny_objects:
                wants_report = obj.lemma_.lower() in report_words
                sent_start = cand.trigger.sent.start_char
                earlier = [c for c in candidates[:i] if c.event is not None and
                           c.trigger.sent.start_char < sent_start and
                           sent_start - c.trigger.sent.start_char < 1500]
                if wants_report:
                    denied = [c.event for c in earlier if c.event and M.REPORTED in c.event.mode]
                else:
                    denied = [c.event for c in earlier if c.event and
                              (M.ALLEGED in c.event.mode or c.event.type == "ACCUSE")]
                if denied:
                    last_sent = max(d.evidence["start"] for d in denied)
                    denied = [d for d in denied if d.evidence["start"] == last_sent]
        for d in denied:
            if d.id not in ev.denies:
                ev.denies.append(d.id)
            if ev.id not in d.denied_by:
                d.denied_by.append(ev.id)
        if denied and not ev.target:
            # the denial answers whoever made the claim: the accuser, else nobody we know
            accusers = [a for d in denied if d.type == "ACCUSE" for a in d.source]
            ev.target = accusers
