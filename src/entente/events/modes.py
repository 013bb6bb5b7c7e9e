"""Modality of events: whether the text asserts, reports, alleges, denies, negates, plans, supposes or
recalls an event.

An event's `mode` is one of `MODES`, or several joined by '+' from the outermost frame inward:
"a Reuters report that Israel planned to use Azerbaijani airfields in the event of a strike" gives the
strike the mode `reported+planned+hypothetical`. `mode_weight` turns a mode into the weight a relation
builder may give the event (an asserted event 1.0, a negated one 0).

`modality(token, ...)` reads the frames around a trigger in the dependency parse: its own negation and
auxiliaries, then each governing word up to the root of the sentence (report nouns, verbs of
allegation and denial, plans, conditions, "according to").
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from .lexicon import Lexicon

ASSERTED = "asserted"
REPORTED = "reported"
ALLEGED = "alleged"
DENIED = "denied"
NEGATED = "negated"
PLANNED = "planned"
HYPOTHETICAL = "hypothetical"
HISTORICAL = "historical"

#: The modalities, most certain first.
MODES = (ASSERTED, REPORTED, ALLEGED, DENIED, NEGATED, PLANNED, HYPOTHETICAL, HISTORICAL)

#: How much an event in each mode says about the relation between its actors (product over parts).
MODE_WEIGHTS = {ASSERTED: 1.0, HISTORICAL: 0.8, REPORTED: 0.7, ALLEGED: 0.5, PLANNED: 0.5,
                HYPOTHETICAL: 0.25, DENIED: 0.2, NEGATED: 0.0}


def combine(parts: list[str]) -> str:
    """Parts (outermost first) as one mode string; repeated parts once; nothing is 'asserted'."""
    seen: list[str] = []
    for p in parts:
        if p and p != ASSERTED and p not in seen:
            seen.append(p)
    return "+".join(seen) if seen else ASSERTED


def parts_of(mode: str) -> list[str]:
    return [p for p in (mode or ASSERTED).split("+") if p]


def mode_weight(mode: str) -> float:
    weight = 1.0
    for part in parts_of(mode):
        weight *= MODE_WEIGHTS.get(part, 0.5)
    return weight


def is_negated(token: Token, lex: Lexicon) -> bool:
    neg = lex.cue("negation", "words")
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in ("no", "neither")):
            return True
        if child.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in child.children):
            return True
        if child.lower_ in ("never",) and child.dep_ in ("neg", "advmod"):
            return True
    # "without attacking"
    if token.dep_ == "pcomp" and token.head.lower_ == "without":
        return True
    return token.lower_ in neg and token.pos_ == "DET"


def own_mode(token: Token, lex: Lexicon) -> list[str]:
    """Modality marked on the trigger itself: negation, future or modal auxiliaries, conditions,
    hypothetical adjectives on a nominal trigger, 'reportedly'/'allegedly'."""
    parts: list[str] = []
    future = lex.cue("plan", "future")
    modals = lex.cue("hypothetical", "modals")
    for child in token.children:
        low = child.lower_
        if child.dep_ in ("aux", "auxpass"):
            if low in future or child.lemma_ in future:
                parts.append(PLANNED)
            elif low == "would" and token.dep_ == "ccomp" and token.head.lemma_.lower() in lex.cue("frames", "speech"):
                parts.append(PLANNED)   # "said they would boycott": the future of reported speech
            elif low in modals:
                parts.append(HYPOTHETICAL if low not in ("can", "must", "should") else "")
        elif child.dep_ == "mark" and low in lex.cue("hypothetical", "markers"):
            parts.append(HYPOTHETICAL)
        elif child.dep_ == "advmod" and low in lex.cue("report", "adverbs"):
            parts.append(REPORTED)
        elif child.dep_ == "advmod" and low in lex.cue("allege", "adverbs"):
            parts.append(ALLEGED)
        elif child.dep_ in ("amod", "compound") and token.pos_ in ("NOUN", "PROPN") and \
                low in lex.cue("hypothetical", "adjectives"):
            parts.append(PLANNED if low in ("planned", "proposed", "future", "imminent") else HYPOTHETICAL)
    # "to be ... " phrases: "is to visit", "is set to sign", "is expected to attend"
    if token.dep_ == "xcomp" and token.head.lemma_ in ("set", "due", "expect", "schedule", "poise", "go") \
            and (any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "be" for c in token.head.children)
                 or token.head.head.lemma_ == "be"):  # "is due to meet": due is the copula's complement
        parts.append(PLANNED)
    if _purpose_of_a_journey(token):
        parts.append(PLANNED)
    parts += _habit(token, lex)
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
           for c in token.children):
        parts.append(HYPOTHETICAL)  # the consequence of a condition: "will face sanctions if it fails to"
    if is_negated(token, lex):
        parts.append(NEGATED)
    return [p for p in parts if p]


def _habit(token: Token, lex: Lexicon) -> list[str]:
    """A habit is no single event: a present-tense act with an adverb of habit is generic
    (hypothetical: "Iranian boats routinely harass tankers"); a perfect of long standing is
    background (historical: "Russia has long supplied arms to Syria")."""
    adverbs = {c.lower_ for c in token.children if c.dep_ == "advmod"}
    if token.tag_ in ("VBZ", "VBP") and adverbs & lex.cue("generic", "adverbs"):
        return [HYPOTHETICAL]
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children)
    if perfect and adverbs & lex.cue("historical", "standing"):
        return [HISTORICAL]
    return []


def _inverted(verb: Token) -> bool:
    """Its auxiliary comes before its subject, with no wh-word before them: "Have any Democrats
    urged ...", "Could terrorists pull off ...", not "Why did Iran attack ..."."""
    aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass")
                and (c.tag_ == "MD" or c.lemma_ in ("do", "be", "have"))), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if aux is None or subject is None or aux.i > subject.i:
        return False
    return not any(t.tag_ in ("WRB", "WP", "WDT", "WP$") for t in verb.doc[verb.left_edge.i:aux.i])


def asked(token: Token) -> bool:
    """The event is asked about in a yes-no question ("Will Iran retaliate?", "Q: Have any Democrats
    urged Gore to concede?", "...a question: Could terrorists pull off something similar?"): nothing
    says it happened. The question is a clause over the trigger that opens with its own auxiliary
    (the inversion) and ends at a question mark. A wh-question ("Why did Iran attack?") presupposes
    its event and is not one."""
    doc = token.doc
    verb: Token | None = token
    for _ in range(6):
        if verb is None:
            break
        last = verb.right_edge
        after = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if (last.text == "?" or (after is not None and after.text == "?")) and _inverted(verb):
            return True
        verb = verb.head if verb.head.i != verb.i else None
    return False


#: Verbs of a journey: what the traveller comes "for" or "to do" is still to happen ("landed in
#: Belgrade for talks", "left his hospital to surrender").
JOURNEY_VERBS = frozenset({"arrive", "land", "fly", "travel", "head", "leave", "go", "come", "return", "set",
                           "depart", "visit", "reach", "board", "sail", "drive", "walk", "gather", "convene"})


def _purpose_of_a_journey(token: Token) -> bool:
    """The act a journey is made for: "for talks" (a noun after "for") or "to surrender" (an
    infinitive of purpose) hung on a verb of travel."""
    if token.dep_ == "pobj" and token.head.lower_ == "for" and token.head.head.lemma_.lower() in JOURNEY_VERBS:
        return True
    return token.dep_ in ("advcl", "xcomp") and token.head.lemma_.lower() in JOURNEY_VERBS and \
        any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


#: Light verbs that carry a nominal event as their object: "will pay a visit", "did not hold talks".
LIGHT_VERBS = frozenset({"pay", "hold", "make", "conduct", "carry", "launch", "stage", "give", "have", "take",
                         "begin", "start", "resume", "open", "host", "attend", "sign", "seal", "mount", "deliver"})

#: Verbs of occurrence whose subject is the event: "the sanctions will come into effect", "talks
#: could take place", "the strike would go ahead".
OCCURRENCE_VERBS = frozenset({"come", "take", "go", "happen", "occur", "begin", "start", "resume", "continue",
                              "proceed", "end"})

#: Verbs whose passive subject is an event seen or not: "protests are not reported in Mosul".
WITNESS_VERBS = frozenset({"report", "see", "observe", "record", "hear", "witness", "expect", "plan", "schedule"})


def light_verb_mode(token: Token, lex: Lexicon) -> list[str]:
    """The future, modal or negation marked on the verb that carries a nominal trigger: its light
    verb ("will pay a visit"), the copula it is the subject of ("bans may be necessary"), or a
    verb of witness in the passive ("protests are not reported")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return []
    verb = token.head
    lemma = verb.lemma_.lower()
    carried = (token.dep_ in ("dobj", "nsubjpass", "attr") and lemma in LIGHT_VERBS) or \
        (token.dep_ == "nsubj" and lemma in OCCURRENCE_VERBS | {"be"}) or \
        (token.dep_ == "nsubjpass" and lemma in WITNESS_VERBS)
    if not carried:
        return []
    return [p for p in own_mode(verb, lex) if p in (PLANNED, HYPOTHETICAL, NEGATED)]


def frame_mode(child: Token, head: Token, lex: Lexicon, is_media: Callable[[Token], bool]) -> str | None:
    """The modality that `head` gives to the event below it reached through `child`."""
    lemma = head.lemma_.lower()
    dep = child.dep_
    if head.pos_ in ("VERB", "AUX", "ADJ"):
        if dep in ("ccomp", "xcomp", "pcomp", "prep", "advcl", "dobj"):
            if lemma in lex.cue("deny", "verbs") and dep in ("ccomp", "xcomp", "pcomp", "prep"):
                return DENIED
            if lemma in lex.cue("allege", "verbs") and dep in ("ccomp", "pcomp", "prep", "xcomp"):
                return ALLEGED
            if lemma in lex.cue("negation", "verbs") and dep == "xcomp":
                return NEGATED
            if lemma in lex.cue("plan", "verbs") and dep in ("xcomp", "ccomp"):
                return PLANNED
            if lemma in lex.cue("report", "verbs") and dep == "ccomp":
                return REPORTED
            if lemma in lex.cue("frames", "speech") and dep == "ccomp":
                subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and is_media(subj):
                    return REPORTED
                if any(c.dep_ == "aux" and c.lower_ in ("would",) for c in child.children):
                    return None   # the "would" itself is read as the future by own_mode
        if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in lex.cue("hypothetical", "markers")
                                  for c in child.children):
            return HYPOTHETICAL
        if dep == "xcomp" and _passive(head):
            # "was reported to have killed", "is said to have met": an account; "an attack believed to
            # be aimed at", "suspected to have": a suspicion
            if lemma in lex.cue("report", "passive_report"):
                return REPORTED
            if lemma in lex.cue("allege", "passive_belief"):
                return ALLEGED
    if head.pos_ in ("NOUN", "PROPN"):
        if dep in ("acl", "ccomp") and lemma in lex.cue("negation", "evidence_nouns") and any(
                c.dep_ == "det" and c.lower_ == "no" for c in head.children):
            return NEGATED  # "no indication that he had won any commitment"
        if dep in ("acl", "relcl", "ccomp", "appos", "prep", "pcomp", "xcomp"):
            if lemma in lex.cue("report", "nouns"):
                return REPORTED
            if lemma in lex.cue("allege", "nouns") and dep != "prep":
                return ALLEGED
            if lemma in lex.cue("plan", "nouns") and dep != "prep":
                return PLANNED
        if dep == "prep" and child.lower_ == "of" and lemma in lex.cue("hypothetical", "prep_nouns"):
            return HYPOTHETICAL
    return None


def _passive(verb: Token) -> bool:
    """A passive verb: with a passive auxiliary, or a participle hung on a noun ("an attack believed to")."""
    return any(c.dep_ == "auxpass" for c in verb.children) or (verb.tag_ == "VBN" and verb.dep_ == "acl")


def plan_noun_host(verb: Token, lex: Lexicon) -> Token | None:
    """The plan noun an infinitive really depends on when the parser hung it on the verb instead:
    "revealed plans by local extremists ... to blow up the embassies"."""
    if verb.dep_ not in ("advcl", "xcomp") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    for c in verb.head.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.i < verb.i and c.lemma_.lower() in lex.cue("plan", "nouns"):
            return c
    return None


def modality(token: Token, lex: Lexicon, is_media: Callable[[Token], bool], *,
             stop: Callable[[Token], bool] | None = None) -> list[str]:
    """The mode parts of the event triggered at `token`, outermost first.

    Climbs from the trigger to the root of its sentence; `stop(head)` may end the climb early (at a
    governing event that carries the frame itself).
    """
    inner = own_mode(token, lex) + light_verb_mode(token, lex)
    outer: list[str] = []
    child = token
    steps = 0
    while child.head.i != child.i and steps < 12:
        head = child.head
        steps += 1
        host = plan_noun_host(child, lex)
        if host is not None:
            outer.insert(0, PLANNED)
            child = host
            continue
        if stop is not None and stop(head):
            break
        part = frame_mode(child, head, lex, is_media)
        if part:
            outer.insert(0, part)
        # "according to X" anywhere up the chain
        for c in head.children:
            if c.dep_ == "prep" and c.lemma_ in lex.cue("report", "according") and c.i != child.i:
                if REPORTED not in outer:
                    outer.insert(0, REPORTED)
            if c.dep_ == "advmod" and c.lower_ in lex.cue("report", "adverbs") and REPORTED not in outer:
                outer.insert(0, REPORTED)
        child = head
    for c in token.children:
        if c.dep_ == "prep" and c.lemma_ in lex.cue("report", "according") and REPORTED not in outer:
            outer.insert(0, REPORTED)
    if asked(token) and HYPOTHETICAL not in inner:
        inner.append(HYPOTHETICAL)
    return outer + inner
