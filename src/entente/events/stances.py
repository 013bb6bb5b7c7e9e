"""Relation statements: standing relations stated in a sentence, as signed `Stance` records.

A stance is read from a relation noun (`stances.toml`) and the two actors around it:

- possessor and "with/to" phrase: "Azerbaijan's closeness with Israel", "Turkey, whose once-close
  partnership with Israel hasn't recovered";
- "between X and Y", or two actor modifiers: "ties between Baku and Jerusalem", "US-Chinese rivalry";
- the view of one actor on another: "Azerbaijan considers Iran a threat", "X sees Y as an ally";
- an apposition naming the other side: "a different regional foe: Armenia" (whose foe is the owner of
  the clause's subject, here Azerbaijan's closeness);
- an inherited subject: "Israel may have reasons for cultivating ties with Azerbaijan".

The sign comes from the noun, then from its modifiers ("strained ties"), then from the predicate
("the partnership hasn't recovered", "forged ties"); a formerly good relation ("once-close") that is
not said to be restored counts as strained now.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from . import modes as M
from .dates import resolve_date
from .lexicon import Lexicon
from .records import EXTRACTOR, Stance, actor_codes, stable_id
from .syntax import Found, MentionIndex, clause_tokens, prep_objects, subject_of

_OTHER_PREPS = ("with", "to", "toward", "towards", "against", "for", "of")


def _words_under(token: Token, limit: int = 12) -> set[str]:
    out: set[str] = set()
    for t in list(token.subtree)[:limit]:
        out.add(t.lower_)
        out.add(t.lemma_.lower())
    return out


def sentence_stances(sent: Span, noun_ids: list[int], index: MentionIndex, lex: Lexicon, *,
                     published: str | None, article: str, field_name: str | None = None) -> list[Stance]:
    """Stances of one sentence, read at the relation nouns the first pass found (`noun_ids`)."""
    nouns = lex.stance["nouns"]
    positive, negative, neutral = nouns["positive"], nouns["negative"], nouns["neutral"]
    relational = lex.cue("frames", "relational")
    out: list[Stance] = []
    for i in noun_ids:
        tok = sent.doc[i]
        lemma = tok.lemma_.lower()
        if lemma not in positive and lemma not in negative and lemma not in neutral:
            continue
        sign, strength, former = _sign_of(tok, lemma, lex)
        if sign == 0:
            continue
        pair = _pair_of(tok, index, lex, relational)
        if pair is None:
            continue
        a, b = pair
        a_refs = [f.ref() for f in a]
        b_refs = [f.ref() for f in b]
        if not a_refs or not b_refs or set(actor_codes(a_refs)) == set(actor_codes(b_refs)):
            continue
        parts = M.modality(tok, lex, lambda t: False)
        parts = [p for p in parts if p != M.NEGATED] if lemma in negative else parts
        if former and sign > 0:
            parts = parts + [M.HISTORICAL]
        mode = M.combine(parts)
        dims = _dimensions(tok, lex)
        date = None
        for ent in sent.ents:
            if ent.label_ == "DATE" and ent.root.head.i in {tok.i, tok.head.i}:
                date = resolve_date(ent.text, published)
                break
        evidence: dict[str, Any] = {"start": sent.start_char, "end": sent.end_char, "cue_start": tok.idx,
                                    "cue_end": tok.idx + len(tok.text)}
        if field_name:
            evidence["field"] = field_name
        sid = stable_id(article, EXTRACTOR, field_name or "", "stance", tok.idx, ",".join(actor_codes(a_refs)),
                        ",".join(actor_codes(b_refs)), sign)
        confidence = 0.7 if all(f.via in ("head", "modifier") for f in a + b) else 0.55
        out.append(Stance(id=sid, a=a_refs, b=b_refs, sign=sign, strength=strength, dimensions=dims, mode=mode,
                          evidence=evidence, cue=tok.text, date=date.date if date else None,
                          date_precision=date.precision if date else None, confidence=confidence))
    return out


def _sign_of(tok: Token, lemma: str, lex: Lexicon) -> tuple[int, float, bool]:
    """(sign, strength, former) of the relation named at `tok`."""
    nouns = lex.stance["nouns"]
    mods = lex.stance["modifiers"]
    preds = lex.stance["predicates"]
    base = 1 if lemma in nouns["positive"] else -1 if lemma in nouns["negative"] else 0
    words: set[str] = set()
    for child in tok.children:
        if child.dep_ in ("amod", "advmod", "compound", "nmod", "acomp") and child.i < tok.i:
            words |= _words_under(child, 6)
    # "a once-close partnership": the hyphenated modifier may be split into several tokens
    for j in range(max(tok.sent.start, tok.i - 4), tok.i):
        words.add(tok.doc[j].lower_)
    mod_sign = -1 if words & mods["negative"] else 1 if words & mods["positive"] else 0
    former = bool(words & mods["former"]) or any(w.startswith("once-") or w.startswith("ex-") for w in words)
    strength = 0.5 + 0.15 * len(words & (mods["intensifiers"] | mods["positive"] | mods["negative"]))
    sign = base if base else mod_sign
    if base > 0 and mod_sign < 0:
        sign = -1
    # the predicate the relation noun is subject or object of
    head = tok.head
    if tok.dep_ in ("pobj",) and head.dep_ == "prep":
        head = head.head
    if head.pos_ in ("VERB", "AUX") and head.i != tok.i:
        verb = head.lemma_.lower()
        negated = M.is_negated(head, lex)
        if verb in preds["not_recovered"] and negated:
            sign, former = -1, False
        elif verb in preds["negative"]:
            sign = -1 if not negated else sign
        elif verb in preds["positive"]:
            if negated:
                sign = -1 if sign >= 0 else sign
            elif sign == 0:
                sign = 1
    if former and sign > 0:
        sign, strength = -1, 0.4
    return sign, min(strength, 1.0), former


def _pair_of(tok: Token, index: MentionIndex, lex: Lexicon,
             relational: frozenset[str]) -> tuple[list[Found], list[Found]] | None:
    a: list[Found] = []
    b: list[Found] = []
    for child in tok.children:
        if child.dep_ == "poss":
            a = index.actors_of(child)
    for prep, pobj in prep_objects(tok, ("between", "among")):
        found = index.actors_of(pobj)
        if len(found) >= 2:
            return [found[0]], [found[1]]
    mods: list[Found] = []
    for child in tok.children:
        if child.i < tok.i and child.dep_ in ("amod", "compound", "nmod"):
            mods.extend(index.actors_of(child))
    codes = {f.mention.actor for f in mods}
    if len(codes) >= 2 and not a:
        first = mods[0]
        second = next(f for f in mods if f.mention.actor != first.mention.actor)
        return [first], [second]
    if not a and mods:
        a = mods[:1]
    for prep, pobj in prep_objects(tok, _OTHER_PREPS):
        if prep.lower_ == "of" and a:
            continue
        found = index.actors_of(pobj, relational=relational)
        if found:
            b = found
            break
    if a and b:
        return a, b
    # the view of one actor on another: "Azerbaijan considers Iran a threat", "sees Y as an ally"
    views = lex.stance["views"]["verbs"]
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "as":
        head = head.head
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in views and head.i != tok.i:
        holder = subject_of(head)
        other = next((c for c in head.children if c.dep_ == "dobj"), None) or subject_of(tok)
        if holder is not None and other is not None:
            ha = index.actors_of(holder)
            ob = index.actors_of(other)
            if ha and ob:
                return ha, ob
    if tok.dep_ in ("ccomp", "oprd", "xcomp", "attr"):
        inner = subject_of(tok)
        verb = tok.head
        if inner is not None and verb.lemma_.lower() in views:
            holder = subject_of(verb)
            if holder is not None:
                ha = index.actors_of(holder)
                ob = index.actors_of(inner)
                if ha and ob:
                    return ha, ob
        if verb.lemma_ == "be":
            subj = subject_of(verb)
            if subj is not None:
                named = index.actors_of(subj)
                if named and a:
                    return a, named
                if named and b:
                    return named, b
    # an apposition names the other side: "a regional foe: Armenia"; "Armenia, Azerbaijan's foe"
    named: list[Found] = []
    for child in tok.children:
        if child.dep_ == "appos":
            named = index.actors_of(child)
            break
    if not named and tok.dep_ == "appos":
        named = index.actors_of(tok.head)
    if named:
        owner = a or _clause_owner(tok, index)
        if owner and {f.mention.actor for f in owner} != {f.mention.actor for f in named}:
            return owner, named
    # an inherited subject: "Israel may have reasons for cultivating ties with Azerbaijan"
    if b and not a:
        from .extract import _inherit_subject

        inherited = _inherit_subject(tok, index, relational)
        if inherited:
            return inherited, b
    return None


def _clause_owner(tok: Token, index: MentionIndex) -> list[Found]:
    """Whose relation a bare relation noun is: the possessor (or the actor) of its clause's subject."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            break
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            subj = subject_of(t)
            if subj is None:
                continue
            for child in subj.children:
                if child.dep_ == "poss":
                    found = index.actors_of(child)
                    if found:
                        return found
            return index.actors_of(subj)
    return []


def _dimensions(tok: Token, lex: Lexicon) -> list[str]:
    tokens = clause_tokens(tok.head if tok.head.pos_ in ("VERB", "AUX") else tok, limit=30)
    dims: set[str] = set()
    for t in tokens:
        for w in (t.lemma_.lower(), t.lower_):
            if w in lex.dim_terms:
                dims.add(lex.dim_terms[w])
    return sorted(dims)

