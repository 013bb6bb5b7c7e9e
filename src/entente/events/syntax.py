"""Arguments of triggers in a spaCy parse, and the actors they name.

`MentionIndex` maps tokens to the actor mentions set by the actor stage (`doc._.mentions`), and
resolves a noun phrase to the actors it names: the mention at its head, else the actors among its
modifiers ("Israeli commandos", "the Israeli and American embassies"), else those of its "of" phrase
or apposition. Pronouns, relative pronouns and "the country" are resolved to an earlier mention by
simple rules (the speaker of a "said" clause, the antecedent of a relative clause, the nearest earlier
mention of the right kind). Nothing here is quadratic: every walk is bounded by the phrase or by a
fixed window.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from ..doctext import text_of
from .records import ActorRef


def trigger_token(doc: Doc, evidence: Mapping[str, Any]) -> Token | None:
    """The head word of an event's trigger in the body, from its evidence's character offsets (None
    for an event of the headline or subtitle, whose evidence names its `field`, or without offsets)."""
    start, end = evidence.get("trigger_start"), evidence.get("trigger_end")
    if evidence.get("field") or start is None or end is None:
        return None
    span = doc.char_span(int(start), int(end), alignment_mode="expand")
    return span.root if span is not None and len(span) else None


SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
THING_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
FIRST_PRONOUNS = {"we", "us", "our", "ours", "i", "me", "my"}
#: Sectors of people that, named without a country as a modifier, describe a thing rather than act
#: ("a passenger plane", "student protests", "business leaders"' firms).
_DESCRIPTIVE_SECTORS = frozenset({"CVL", "UNK", "EDU", "BUS", "MED", "AGR", "LAB", "REF", "SOC"})
RELATIVE_PRONOUNS = {"who", "whom", "whose", "which", "that"}
ANAPHORIC_NOUNS = {"country", "state", "nation", "government", "regime", "republic", "kingdom", "administration"}


@dataclass(slots=True)
class Found:
    """An actor found for an argument, with how it was found (for the confidence)."""

    mention: Any
    via: str   # head, modifier, of, appos, pronoun, relative, anaphor
    token: Token

    def ref(self) -> ActorRef:
        m = self.mention
        ref: ActorRef = {"actor": m.actor or m.country, "country": m.country, "sector": m.sector,
                         "start": m.start, "end": m.end, "text": m.text}
        kind = getattr(m, "kind", None)
        if kind:
            ref["kind"] = kind
        if getattr(m, "country_from", None):
            ref["country_from"] = m.country_from
        if self.via == "implicit":
            ref["via"] = "implicit"
        if self.via in ("pronoun", "anaphor", "relative"):
            ref["via"] = self.via
            ref["anchor"] = {"start": self.token.idx, "end": self.token.idx + len(self.token.text),
                             "text": self.token.text}
        return ref


class MentionIndex:
    """The actor mentions of a Doc, addressable by token."""

    def __init__(self, doc: Doc, mentions: Sequence[Any] | None) -> None:
        self.doc = doc
        self.by_token: dict[int, Any] = {}
        text = text_of(doc)
        usable = [m for m in (mentions or []) if (getattr(m, "actor", None) or getattr(m, "country", None))
                  and getattr(m, "role", None) not in ("location_only",) and not is_dateline(text, m)]
        usable.sort(key=lambda m: (m.start, -(m.end - m.start)))
        self.mentions = usable
        self.starts = [m.start for m in usable]
        for m in usable:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                current = self.by_token.get(tok.i)
                if current is None or (current.end - current.start) < (m.end - m.start):
                    self.by_token[tok.i] = m

    def at(self, token: Token) -> Any | None:
        return self.by_token.get(token.i)

    # ---- noun phrases ---------------------------------------------------------------------------
    def actors_of(self, head: Token, *, relational: frozenset[str] = frozenset(), depth: int = 0) -> list[Found]:
        """The actors a noun phrase headed by `head` names, with its conjuncts ("Israeli and Azerbaijani
        officials", "Brazil and the United States")."""
        found: list[Found] = []
        for h in conjuncts(head):
            found.extend(self._actors_of_one(h, relational=relational, depth=depth))
        return _dedupe(found)

    def _actors_of_one(self, head: Token, *, relational: frozenset[str], depth: int) -> list[Found]:
        m = self.at(head)
        if m is not None:
            return [Found(m, "head", head)]
        low = head.lower_
        if head.pos_ == "PRON" or low in RELATIVE_PRONOUNS:
            resolved = self.resolve_pronoun(head)
            return [resolved] if resolved is not None else []
        if head.pos_ == "DET" and low in ("this", "that", "these", "those"):
            return []
        # modifiers: amod, compound, poss, nmod (and their conjuncts): "Israeli commandos"
        mods: list[Found] = []
        is_relational = head.lemma_.lower() in relational
        for child in head.children:
            if child.i > head.i and child.dep_ not in ("nmod",):
                continue
            if child.dep_ in ("amod", "compound", "nmod", "poss", "nummod") or \
                    (child.dep_ == "npadvmod" and child.i < head.i):
                if child.dep_ == "poss" and is_relational:
                    continue
                for c in conjuncts(child):
                    mc = self.at(c)
                    if mc is not None and not getattr(mc, "actor", None) and (
                            c.pos_ == "ADJ" or getattr(mc, "sector", None) in _DESCRIPTIVE_SECTORS):
                        continue  # "military aid", "a passenger plane": a sector word describing a thing
                    if mc is not None:
                        mods.append(Found(mc, "modifier", c))
                    elif c.pos_ in ("PRON", "DET") or c.lower_ in ANAPHORIC_NOUNS or c.lemma_ in ANAPHORIC_NOUNS:
                        if c.dep_ == "poss" or c.pos_ != "PRON":
                            sub = self._actors_of_one(c, relational=relational, depth=depth + 1)
                            mods.extend(Found(f.mention, f.via, f.token) for f in sub)
                    else:
                        # one level deeper: "U.S. Central Command", "the Iranian nuclear programme's"
                        for g in c.children:
                            if g.dep_ in ("compound", "amod", "poss") and g.i < c.i:
                                mg = self.at(g)
                                if mg is not None:
                                    mods.append(Found(mg, "modifier", g))
        if mods:
            return mods
        if depth >= 2:
            return []
        # "the Government of Israel", "officials from Iran", appositions
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        sub = self.actors_of(pobj, relational=relational, depth=depth + 1)
                        if sub:
                            return [Found(f.mention, "of", f.token) for f in sub]
            if child.dep_ == "appos":
                sub = self.actors_of(child, relational=relational, depth=depth + 1)
                if sub:
                    return [Found(f.mention, "appos", f.token) for f in sub]
        if (low in ANAPHORIC_NOUNS or head.lemma_.lower() in ANAPHORIC_NOUNS) and head.tag_ == "NN":
            if any(c.dep_ == "det" and c.lower_ == "the" for c in head.children) and \
                    not any(c.dep_ in ("amod", "compound") for c in head.children):
                resolved = self.resolve_anaphor(head)
                if resolved is not None:
                    return [resolved]
        return []

    # ---- coreference ----------------------------------------------------------------------------
    def resolve_pronoun(self, pron: Token) -> Found | None:
        low = pron.lower_
        if low in FIRST_PRONOUNS:
            speaker = self._speaker_of(pron)
            return Found(speaker.mention, "pronoun", pron) if speaker else None
        if low in RELATIVE_PRONOUNS:
            antecedent = relative_antecedent(pron)
            if antecedent is None:
                return None
            found = self.actors_of(antecedent)
            return Found(found[0].mention, "relative", pron) if found else None
        if low not in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS:
            return None
        # the speaker of the clause that holds the pronoun: "Syria says it will not accept ..."
        speaker = self._speaker_of(pron)
        if speaker is not None and _kind_fits(speaker.mention, low):
            return Found(speaker.mention, "pronoun", pron)
        return self._nearest_before(pron, low)

    def resolve_anaphor(self, noun: Token) -> Found | None:
        """'the country', 'the government': the nearest earlier mention of a state itself (not of its
        diplomats or troops), subjects first."""
        found = self._nearest_before(noun, "it", states_only=True,
                                     sectors=("GOV",) if noun.lemma_ in ("government", "administration", "regime") else ())
        return Found(found.mention, "anaphor", noun) if found else None

    def _speaker_of(self, token: Token) -> Found | None:
        clause = token.head
        steps = 0
        while clause.dep_ not in ("ccomp", "ROOT") and clause.head.i != clause.i and steps < 6:
            clause = clause.head
            steps += 1
        if clause.dep_ != "ccomp":
            return None
        verb = clause.head
        for child in verb.children:
            if child.dep_ in ("nsubj",) and child.i != token.i:
                found = self.actors_of(child)
                if found:
                    return found[0]
        return None

    def _nearest_before(self, token: Token, pronoun: str, *, states_only: bool = False,
                        sectors: tuple[str, ...] = ()) -> Found | None:
        """The nearest mention before `token` that fits the pronoun, within this and the two previous
        sentences; mentions in subject position are preferred within a sentence."""
        pos = bisect.bisect_left(self.starts, token.idx)
        sent_start = token.sent.start_char
        limit_sent = token.sent
        earliest = sent_start
        prev = token.sent
        for _ in range(2):
            if prev.start == 0:
                break
            prev = self.doc[prev.start - 1].sent
            earliest = prev.start_char
        best: Any | None = None
        best_score = -1.0
        for j in range(pos - 1, -1, -1):
            m = self.mentions[j]
            if m.start < earliest:
                break
            if m.end > token.idx:
                continue
            if not _kind_fits(m, pronoun, states_only=states_only):
                continue
            if states_only and getattr(m, "sector", None) not in (None, "", *sectors):
                continue
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            chain = [root, *root.ancestors]
            in_subject = any(t.dep_ in SUBJECTS for t in chain[:3])
            same_sentence = m.start >= sent_start
            score = (2.0 if same_sentence else 1.0) + (0.5 if in_subject else 0.0) - 0.05 * min(len(chain), 8) \
                + m.start / 1e7
            if root.dep_ == "poss" and pronoun in THING_PRONOUNS | PLURAL_PRONOUNS:
                score -= 0.25
            if score > best_score:
                best, best_score = m, score
        del limit_sent
        return Found(best, "pronoun", token) if best is not None else None


_DATELINE_AFTER = ("(", "-", "\u2013", "\u2014", ":", ",")


def is_dateline(text: str, m: Any) -> bool:
    """Is the mention the dateline of a wire story ("BAGHDAD (Reuters) -", "Islamabad, Nov 9 :",
    "KUALA LUMPUR:")? It says where the story was filed, and is no actor of the first sentence."""
    start, end = int(m.start), int(m.end)
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].strip()
    if before and not before.endswith(":") and not before.rstrip(":-").strip().isupper():
        return False  # "World News: Islamabad, Nov 9 :" is still a dateline; mid-sentence names are not
    after = text[end:end + 3].lstrip(" ")
    if not after or not after.startswith(_DATELINE_AFTER):
        return False
    word = text[start:end]
    if word.isupper() and len(word) > 2:
        return True
    # "Islamabad, Nov 9 :", "New York, Sep 27 (UNI)": a place, a date and a colon or an agency
    tail = text[end:end + 40]
    return bool(re.match(r"\s*,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:[:(]|\s*-)", tail))


def _is_person(m: Any) -> bool:
    kind = getattr(m, "kind", None)
    if kind:
        return kind == "person"
    actor = str(getattr(m, "actor", "") or "")
    return "." in actor and actor.split(".", 1)[1].replace("_", "").isalpha() and getattr(m, "sector", "") \
        not in ("IGO",) and actor.count("_") >= 1


def _is_state(m: Any) -> bool:
    kind = getattr(m, "kind", None)
    if kind:
        return kind in ("state", "territory", "entity")
    actor = str(getattr(m, "actor", "") or "")
    return len(actor) == 3 and actor.isalpha() and actor.isupper() and actor == getattr(m, "country", None)


def _kind_fits(m: Any, pronoun: str, *, states_only: bool = False) -> bool:
    if states_only:
        return _is_state(m)
    if pronoun in PERSON_PRONOUNS:
        return _is_person(m)
    if pronoun in THING_PRONOUNS:
        return not _is_person(m)
    return True


def _dedupe(found: Iterable[Found]) -> list[Found]:
    out: list[Found] = []
    seen: set[tuple[Any, int]] = set()
    for f in found:
        key = (f.mention.actor or f.mention.country, f.mention.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


# ---- tree helpers -------------------------------------------------------------------------------
def conjuncts(token: Token) -> list[Token]:
    """The token and the tokens conjoined to it ("Brazil and the United States")."""
    out = [token]
    frontier = [token]
    while frontier and len(out) < 8:
        t = frontier.pop()
        for c in t.children:
            if c.dep_ == "conj" and c not in out:
                out.append(c)
                frontier.append(c)
    return out


def relative_antecedent(pron: Token) -> Token | None:
    """The noun a relative pronoun stands for: the head of its relative clause, past appositions."""
    t = pron
    steps = 0
    while t.dep_ != "relcl" and t.head.i != t.i and steps < 6:
        t = t.head
        steps += 1
    if t.dep_ != "relcl":
        return None
    antecedent = t.head
    while antecedent.dep_ == "appos" and antecedent.head.i != antecedent.i:
        antecedent = antecedent.head
    return antecedent


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children) or \
        (verb.dep_ == "acl" and verb.tag_ == "VBN")


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and child.i > verb.i):
            for p in child.children:
                if p.dep_ == "pobj":
                    return p
    return None


def prep_objects(token: Token, preps: Iterable[str] | None = None) -> list[tuple[Token, Token]]:
    """(preposition, object) pairs attached to `token` ("strike on Iranian facilities")."""
    wanted = set(preps) if preps is not None else None
    out = []
    for child in token.children:
        if child.dep_ in ("prep", "dative") and (wanted is None or child.lower_ in wanted):
            for p in child.children:
                if p.dep_ == "pobj":
                    out.append((child, p))
                elif p.dep_ == "pcomp":
                    for q in p.children:
                        if q.dep_ == "pobj":
                            out.append((child, q))
    return out


def clause_tokens(token: Token, limit: int = 40) -> list[Token]:
    """Tokens of the trigger's own clause: its subtree without nested clauses, at most `limit`."""
    out = [token]
    frontier = [token]
    while frontier and len(out) < limit:
        t = frontier.pop()
        for c in t.children:
            if c.dep_ in ("ccomp", "relcl", "advcl", "parataxis") or (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
                continue
            out.append(c)
            frontier.append(c)
    return out

