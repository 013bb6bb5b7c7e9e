"""The judge: does a candidate event hold, as a careful coder would code it?

The event stage proposes candidates by rules (a trigger, its arguments, the actors they name). Most
sentences of an ordinary news stream hold no political event, and a rule cannot tell "attacked the
city" from "attacked the proposal", a victim from an attacker, or a news agency from a party. The
judge is a small text classifier (spaCy's bag-of-n-grams `textcat`, trained with spaCy's own trainer
on annotated news sentences: `training/README.md`) that reads each candidate as a short document:
the words around its trigger with its actors masked by role ("<src>", "<tgt>", "<act>"), and the
candidate's own features (type, CAMEO code, mode, what kind of actor fills each slot and how it was
found). Its probability that the candidate matches a careful coder's event becomes the event's
`confidence`; candidates below the threshold are dropped.

    nlp.add_pipe("entente_event_judge")        # after entente_events, before entente_quotes

The threshold is one setting (`DEFAULT_THRESHOLD`, chosen on the dev figures of
`entente eval newswire`); with `threshold=0` every candidate is kept with its score, which is what the
evaluation uses to draw the precision/recall curve.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .records import Event, stable_id
from .syntax import trigger_token

#: Where the trained judge lives inside the package (rebuilt by `training/train_judge.py`).
MODEL_DIR = Path(__file__).resolve().parent / "data" / "judge"
#: The label whose probability is the confidence that a candidate holds.
LABEL = "HOLDS"
#: The confidence below which a candidate is not an event. Chosen on the dev figures of `entente eval
#: newswire` (the curve is in the README): the threshold whose events per sentence without an event
#: stay under 0.10 with the best precision that keeps recall above the rules' own (0.25); higher
#: thresholds buy little precision for much recall.
DEFAULT_THRESHOLD = 0.1
#: Words of context kept on each side of the trigger.
WINDOW = 12

for _name in ("events", "event_candidates", "mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@functools.lru_cache(maxsize=2)
def load_judge(path: str | None = None) -> Language:
    """The judge's own small pipeline (a blank English vocabulary and the `textcat`), loaded once."""
    folder = Path(path) if path else MODEL_DIR
    if not (folder / "config.cfg").exists():
        raise FileNotFoundError(
            f"no event judge model at {folder}; rebuild it with `make judge` (see training/README.md)")
    return spacy.load(folder)


def judge_version(path: str | None = None) -> str:
    """"entente.judge/<version>" of the installed model (its meta.json), for the extractor signature."""
    folder = Path(path) if path else MODEL_DIR
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "entente.judge/missing"
    return f"entente.judge/{meta.get('version', '0.0.0')}"


EXTRACTOR = judge_version()


@Language.factory(
    "entente_event_judge",
    default_config={"threshold": DEFAULT_THRESHOLD, "model": None},
    assigns=["doc._.events", "doc._.event_candidates"],
    requires=["doc._.events"],
)
def make_event_judge(nlp: Language, name: str, threshold: float, model: str | None) -> EventJudge:
    return EventJudge(nlp, name, threshold=threshold, model=model)


class EventJudge:
    """Scores the event stage's candidates and keeps those at or above the threshold.

    Every candidate keeps its score in `confidence`; the dropped ones stay readable in
    `doc._.event_candidates` (all candidates, kept or not) for inspection and evaluation."""

    def __init__(self, nlp: Language, name: str = "entente_event_judge", *, threshold: float = DEFAULT_THRESHOLD,
                 model: str | None = None) -> None:
        self.name = name
        self.threshold = float(threshold)
        self.judge = load_judge(model)
        self.textcat = self.judge.get_pipe("textcat")

    def __call__(self, doc: Doc) -> Doc:
        events: list[Event] = list(doc._.events or [])
        decided: list[Event] = []
        body = [e for e in events if _field(e) == "body"]
        choices = self.decide(doc, body) if body else {}
        for e in events:
            decided.append(choices.get(e.id, e))
        _relink(decided, {e.id: choices[e.id].id for e in body if choices[e.id].id != e.id})
        held = [e for e in decided if _field(e) == "body" and e.confidence >= self.threshold]
        for e in decided:
            if _field(e) != "body":
                _confirm_headline(e, held)
        kept = _one_per_act([e for e in decided if e.confidence >= self.threshold])
        _unlink_dropped(decided, kept)
        doc._.event_candidates = decided
        doc._.events = kept
        return doc

    def decide(self, doc: Doc, events: Sequence[Event]) -> dict[str, Event]:
        """For each candidate (by id), its best reading with its probability as `confidence`: the
        candidate as the rules read it, or, when one side is empty, completed by the actor the context
        implies (`completions`)."""
        setting = getattr(doc._, "setting", None) if Doc.has_extension("setting") else None
        options = [completions(doc, e, setting) for e in events]
        flat = [o for opts in options for o in opts]
        probabilities = iter(self.score(doc, flat, siblings_of=events))
        out: dict[str, Event] = {}
        for e, opts in zip(events, options, strict=True):
            scored = [(next(probabilities), o) for o in opts]
            p, best = max(scored, key=lambda po: po[0])
            best.confidence = round(p, 3)
            out[e.id] = best
        return out

    def score(self, doc: Doc, events: Sequence[Event], *, siblings_of: Sequence[Event] | None = None) -> list[float]:
        """The probability that each candidate holds."""
        sentences = _sentence_events(doc, siblings_of if siblings_of is not None else events)
        actors = actor_spans(doc)
        docs = [Doc(self.judge.vocab, words=candidate_words(doc, e, sentences, actors=actors)) for e in events]
        scored = self.textcat.pipe(docs, batch_size=256)
        return [float(d.cats.get(LABEL, 0.0)) for d in scored]


# ------------------------------------------------------------------------------------------------
# completing a candidate from its context
# ------------------------------------------------------------------------------------------------
#: How a completed side was filled, as the judge reads it.
FILL_SETTING = "setting"


def completions(doc: Doc, event: Event, setting: str | None) -> list[Event]:
    """The candidate, and the candidate with its empty side filled from the context as a careful coder
    fills it: by the people of the state the story happens in, when the known side is of that state too
    ("police arrested 30 people" in a story from Spain). The judge chooses between them; a filled side says how it was found (`"via":
    "context"`, `"fill": "setting"`, no words of its own). Pairing the event with another actor the
    sentence names was tried and left out: it made events between two countries that were wrong one
    time in two."""
    if _field(event) != "body" or bool(event.source) == bool(event.target):
        return [event]
    empty = "target" if event.source else "source"
    out = [event]
    start, end = int(event.evidence.get("trigger_start", 0)), int(event.evidence.get("trigger_end", 0))
    known = {a.get("country") for a in (event.source or event.target)}
    # only a domestic completion: "police arrested 30 people" in Spain; a foreign state's act is not
    # aimed at the story's setting for being told there
    if setting and setting in known:
        ref = {"actor": setting, "country": setting, "sector": "UNK", "start": start, "end": end, "text": "",
               "via": "context", "fill": FILL_SETTING}
        out.append(_filled(event, empty, ref))
    return out


def _filled(event: Event, side: str, ref: dict[str, Any]) -> Event:
    done = dataclasses.replace(event, denies=list(event.denies), denied_by=list(event.denied_by))
    setattr(done, side, [ref])
    done.id = stable_id(event.id, "fill", side, ref.get("fill"), ref.get("country"), ref.get("start"))
    return done


def _confirm_headline(event: Event, held: list[Event]) -> None:
    """A headline's event holds when the body tells it too: a held body event of the same quad class
    between the same countries lends it its confidence; else it gets none. (The judge reads a
    candidate in its sentence of the body and was trained on body sentences; a headline it cannot read
    is trusted only as far as the article bears it out.)"""
    countries = _countries_of(event)
    support = [e.confidence for e in held if e.quad == event.quad and countries <= _countries_of(e)]
    event.confidence = max(support) if support else 0.0


def _countries_of(event: Event) -> frozenset[Any]:
    return frozenset(a.get("country") for a in [*event.source, *event.target] if a.get("country"))


def _one_per_act(events: list[Event]) -> list[Event]:
    """Two candidates of a sentence that, completed, tell the same act (same quad class, same countries
    on each side) are one event: the more probable is kept."""
    best: dict[tuple[Any, ...], Event] = {}
    for e in events:
        key = (_field(e), e.evidence.get("start"), e.quad, frozenset(a.get("country") for a in e.source),
               frozenset(a.get("country") for a in e.target))
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    chosen = {id(e) for e in best.values()}
    return [e for e in events if id(e) in chosen]


def _relink(events: list[Event], renamed: dict[str, str]) -> None:
    """Denial links follow a candidate whose completed reading was chosen."""
    if not renamed:
        return
    for e in events:
        e.denies = [renamed.get(i, i) for i in e.denies]
        e.denied_by = [renamed.get(i, i) for i in e.denied_by]


def _unlink_dropped(events: list[Event], kept: list[Event]) -> None:
    """Denial links point only at events that are kept."""
    ids = {e.id for e in kept}
    for e in kept:
        e.denies = [i for i in e.denies if i in ids]
        e.denied_by = [i for i in e.denied_by if i in ids]


# ------------------------------------------------------------------------------------------------
# a candidate as a document
# ------------------------------------------------------------------------------------------------
def _sentence_events(doc: Doc, events: Iterable[Event]) -> dict[tuple[str, int], list[Event]]:
    out: dict[tuple[str, int], list[Event]] = {}
    for e in events:
        out.setdefault((_field(e), int(e.evidence.get("start", 0))), []).append(e)
    return out


def _field(e: Event) -> str:
    return str(e.evidence.get("field") or "body")


def candidate_words(doc: Doc, event: Event, sentences: dict[tuple[str, int], list[Event]] | None = None, *,
                    actors: ActorSpans | None = None) -> list[str]:
    """The words the judge reads for one candidate: its features, then its trigger's context.

    `actors` are the Doc's `actor_spans`, computed once per Doc by a caller that scores many
    candidates (computing them per candidate makes a long article quadratic)."""
    words = candidate_features(event, sentences) + _title_words(doc)
    trigger = trigger_token(doc, event.evidence)
    if trigger is not None:
        words += _syntax_features(trigger)
        words += _path_features(doc, event, trigger)
        words += _context_words(doc, event, trigger, actors if actors is not None else actor_spans(doc))
    else:
        words.append("F:no_context")
    return words


def candidate_features(event: Event, sentences: dict[tuple[str, int], list[Event]] | None = None) -> list[str]:
    """Features of the candidate itself, as words ("F:type=ASSAULT", "F:src_sector=GOV", ...)."""
    f = [f"F:type={event.type}", f"F:quad={event.quad}", f"F:cameo={event.cameo[:2]}", f"F:cameo3={event.cameo[:3]}",
         f"F:prior={_bucket(event.confidence, (0.3, 0.4, 0.5, 0.6, 0.7))}", f"F:field={_field(event)}"]
    f += [f"F:mode={m}" for m in (event.mode or "asserted").split("+")]
    f += _slot_features("src", event.source) + _slot_features("tgt", event.target)
    # who acts on whom, as one word: "state>state" attacks differ from "person>none" ones
    pair = f"{_kind_of(event.source)}>{_kind_of(event.target)}"
    f += [f"F:pair={pair}", f"F:type_pair={event.type}:{pair}", f"F:type_mode={event.type}:{event.mode}"]
    src = {str(a.get("country")) for a in event.source if a.get("country")}
    tgt = {str(a.get("country")) for a in event.target if a.get("country")}
    if src and tgt:
        f.append("F:same_country" if src & tgt else "F:two_countries")
    if event.reported_by:
        f.append("F:reported_by")
    if event.date:
        f.append("F:dated")
    if sentences is not None:
        siblings = sentences.get((_field(event), int(event.evidence.get("start", 0))), [])
        f.append(f"F:n_events={min(len(siblings), 4)}")
        same = [s for s in siblings if s is not event and s.quad == event.quad]
        if same:
            f.append("F:same_quad_sibling")
    sentence = str(event.evidence.get("sentence") or "")
    f.append(f"F:sent_len={_bucket(len(sentence.split()), (8, 15, 25, 40))}")
    if any(q in sentence for q in ('"', "\u201c", "\u201d")):
        f.append("F:quotes")
    return f


def _title_words(doc: Doc) -> list[str]:
    """The headline's words ("T:soccer", "T:earthquake", "T:shares"): what the article is about tells a
    sports result or a market report from a political event."""
    title = getattr(doc._, "title", None) if Doc.has_extension("title") else None
    if not title:
        return []
    words = {w.lower() for w in _WORD.findall(str(title)) if len(w) > 2}
    return sorted(f"T:{w}" for w in words - _TITLE_STOP)


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_TITLE_STOP = frozenset({"the", "and", "for", "with", "from", "over", "into", "after", "says", "said", "its", "his",
                         "her", "their", "new", "are", "was", "has", "have", "will", "not", "but", "who", "what"})


def _kind_of(refs: list[dict[str, Any]]) -> str:
    if not refs:
        return "none"
    a = refs[0]
    if a.get("fill"):
        return "context"
    return str(a.get("kind") or ("new" if str(a.get("actor") or "").startswith("new:") else "other"))


def _slot_features(slot: str, refs: list[dict[str, Any]]) -> list[str]:
    if not refs:
        return [f"F:{slot}=none"]
    out = [f"F:{slot}_n={min(len(refs), 3)}"]
    for a in refs[:3]:
        if a.get("fill"):
            out.append(f"F:{slot}_fill={a['fill']}")
        kind = a.get("kind") or ("new" if str(a.get("actor") or "").startswith("new:") else "other")
        out.append(f"F:{slot}_kind={kind}")
        out.append(f"F:{slot}_sector={a.get('sector') or 'none'}")
        out.append(f"F:{slot}_via={a.get('via') or 'head'}")
        if not a.get("country"):
            out.append(f"F:{slot}_no_country")
        if a.get("country_from"):
            out.append(f"F:{slot}_country_from_context")
        if len(str(a.get("text") or "").split()) > 6:
            out.append(f"F:{slot}_long")
    return out


def _bucket(value: float, edges: Sequence[float]) -> int:
    return sum(1 for e in edges if value >= e)




def _syntax_features(trigger: Token) -> list[str]:
    out = [f"F:t_lemma={trigger.lemma_.lower()}", f"F:t_pos={trigger.pos_}", f"F:t_dep={trigger.dep_}",
           f"F:t_head={trigger.head.lemma_.lower()}", f"F:t_head_pos={trigger.head.pos_}"]
    for c in trigger.children:
        if c.dep_ in ("aux", "auxpass", "neg", "prt", "mark"):
            out.append(f"F:t_{c.dep_}={c.lower_}")
        elif c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent", "prep", "xcomp", "ccomp"):
            out.append(f"F:t_child={c.dep_}")
            if c.dep_ == "prep":
                out.append(f"F:t_prep={c.lower_}")
    return out


def _path_features(doc: Doc, event: Event, trigger: Token) -> list[str]:
    """How each actor is tied to the trigger in the parse ("src_path=nsubj", "tgt_path=dobj",
    "tgt_path=pobj<prep<dobj", "src_path=far"): a real argument sits close to its trigger."""
    out = []
    for slot, refs in (("src", event.source), ("tgt", event.target)):
        for ref in refs[:2]:
            if ref.get("via") == "implicit" or "start" not in ref:
                continue
            span = doc.char_span(int(ref["start"]), int(ref["end"]), alignment_mode="expand")
            if span is None or not len(span):
                continue
            out.append(f"F:{slot}_path={_dep_path(span.root, trigger)}")
    return out


def _dep_path(token: Token, trigger: Token, limit: int = 4) -> str:
    """The dependency labels from an actor's head up to the trigger (or to where the two meet)."""
    up: list[str] = []
    ancestors = {t.i: n for n, t in enumerate([trigger, *trigger.ancestors])}
    t = token
    for _ in range(limit + 1):
        if t.i in ancestors:
            down = ancestors[t.i]
            if len(up) + down > limit:
                return "far"
            return "<".join(up) + (f"^{down}" if down else "") if up else f"self^{down}"
        up.append(t.dep_)
        if t.head.i == t.i:
            break
        t = t.head
    return "far"


#: (start, end) of the Doc's mentions of actors with a country or a code, sorted, with their starts.
ActorSpans = tuple[list[tuple[int, int]], list[int]]

#: No actor mention is longer than this many characters (used to look back from a window's start).
_LONGEST_MENTION = 300


def actor_spans(doc: Doc) -> ActorSpans:
    spans = sorted((m.start, m.end) for m in (doc._.mentions or []) if m.country or m.actor)
    return spans, [s for s, _ in spans]


def _actors_near(actors: ActorSpans, lo: int, hi: int) -> list[tuple[int, int]]:
    """The actor spans that overlap the characters lo..hi."""
    spans, starts = actors
    first = bisect.bisect_left(starts, lo - _LONGEST_MENTION)
    last = bisect.bisect_left(starts, hi)
    return [(s, e) for s, e in spans[first:last] if e > lo]


def _context_words(doc: Doc, event: Event, trigger: Token, actors: ActorSpans) -> list[str]:
    """The sentence's words around the trigger, lower-cased lemmas, actors masked by their role."""
    sent: Span = trigger.sent
    lo = max(sent.start, trigger.i - WINDOW)
    hi = min(sent.end, trigger.i + WINDOW + 1)
    roles: list[tuple[int, int, str]] = [(int(a["start"]), int(a["end"]), "<src>") for a in event.source
                                         if a.get("text") and "start" in a] + \
        [(int(a["start"]), int(a["end"]), "<tgt>") for a in event.target if a.get("text") and "start" in a]
    others = _actors_near(actors, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]))
    words: list[str] = []
    last = None
    for tok in doc[lo:hi]:
        if tok.is_space or tok.is_punct and tok.text not in ('"', "\u201c", "\u201d", ":"):
            continue
        if tok.i == trigger.i:
            word = "<trig>"
        else:
            word = next((r for s, e, r in roles if s <= tok.idx < e), None) or \
                ("<act>" if any(s <= tok.idx < e for s, e in others) else None) or \
                ("<num>" if tok.like_num else tok.lemma_.lower())
        if word == last and word.startswith("<"):
            continue
        words.append(word)
        last = word
    return words
