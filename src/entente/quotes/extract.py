"""Quotes and claims as pure functions of a parsed Doc.

`extract_quotes(doc)` finds who said what, in four passes over the Doc:

1. **quotations**: the stretches between quotation marks (`marks.find_quotations`);
2. **direct quotes**: each quotation is given the reporting cue that governs it (a verb of saying
   whose clausal complement lies inside it: "“…,” said Harpaz"), else the cue right after it in the
   same sentence ("“…,” Harpaz added – …"), else the cue right before it ("Harpaz said: “…”",
   also from the end of the previous paragraph). A quotation with no cue that follows a quote in
   the same paragraph is another piece of that quote ("“A,” he said. “B.”"); one that opens a
   paragraph after a quote keeps that quote's speaker; a short one with no cue is a scare quote;
3. **indirect speech**: a verb of saying or believing with a clausal complement ("Harpaz said
   anti-Semitic sentiment … is virtually nonexistent", "told JTA that …", "American diplomats
   believe …"), a parenthetical ("The plan, he said, is dead"), "according to X", a claim noun with
   a that-clause ("a Reuters report that Israel planned …"), a denial of a report ("officials denied
   the report") and a promise with a to-infinitive ("vowed to retaliate");
4. **speakers**: the subject of the cue (or of the verb it hangs from: "…, adding that …"),
   resolved by `speakers.SpeakerResolver`; the outlet from "told JTA", "in an interview with CNN"
   or "a Reuters report".

A quote nested in another quote's content is part of that quote and is not given separately.

`link_claims(doc, quotes, events)` (from `entente.quotes.claims`) ties quotes to the events of
`doc._.events`: a quote asserts the events stated in its content, and a denial ("officials denied
the report", "These reports sound like James Bond stories") denies the last report or allegation
before it and the events that report asserts.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IDX, LEMMA, LOWER
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..doctext import text_of
from .claims import link_claims
from .cues import Cues, load_cues
from .marks import Quotation, find_quotations
from .records import Quote, Span, Speaker, stable_id
from .speakers import SpeakerResolver

__all__ = ["PIECE_JOINER", "extract_quotes", "link_claims"]

_CLAUSE_DEPS = ("ccomp",)
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_CLIMB_DEPS = frozenset({"advcl", "conj", "xcomp", "relcl", "acl"})
_EDGE_PUNCT = frozenset(",;:-\u2013\u2014()[]")
# quotation marks as characters and as tokens: the doubled apostrophe ('') is a straight mark in some texts
_MARKS = frozenset("\"\u201c\u201d\u00ab\u00bb\u201e") | {"''"}
_SENTENCE_END = frozenset(".!?")
_NAMING_DEPS = frozenset({"dobj", "oprd", "xcomp", "ccomp", "dative", "attr", "nmod"})
_SUBORDINATORS = frozenset({"after", "because", "while", "when", "before", "since", "although", "though",
                           "unless", "until", "whereas"})
_CONTRASTIVE = frozenset({"while", "whereas", "although", "though"})
_LINKING_WORDS = frozenset({"but", "and", "yet", "still", "so", "however", "also", "then", "later"})
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
_CUT_PUNCT = frozenset(",;\u2014\u2013-")
# the complements that carry an attitude's content, the ones it must have one of, and where it ends
_PREDICATE_DEPS = frozenset({"dobj", "dative", "xcomp", "ccomp", "oprd", "prep", "attr", "acomp", "prt"})
_OBJECT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "dative"})
_PREDICATE_STOPS = frozenset({"advcl", "conj", "cc", "parataxis"})
_MIN_QUOTATION_WORDS = 5
_TRAILING_WINDOW = 8
_LEADING_WINDOW = 10
_CONTINUATION_PARAGRAPHS = 2

Pieces = list[tuple[int, int]]
#: what stands between the pieces of a quote in `content.text` (the words left out: the cue, a paragraph break)
PIECE_JOINER = " \u2026 "


# ------------------------------------------------------------------------------------------
# working records
# ------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Attribution:
    """A quote being built: token-level facts before the speaker is resolved."""

    pieces: Pieces
    direct: bool
    cue: tuple[int, int] | None = None                 # token range of the cue
    cue_token: Token | None = None
    speaker: SpacySpan | None = None                   # the speaker phrase
    speaker_head: Token | None = None
    outlet: str | None = None
    inherit_from: _Attribution | None = None           # a continuation keeps this quote's speaker
    quotations: list[int] = field(default_factory=list)
    resolved: Speaker | None = None

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


_LINE_END = re.compile("\n")


class _Context:
    """What the passes share about one Doc: quotations, token membership, paragraphs, cues."""

    def __init__(self, doc: Doc, cues: Cues) -> None:
        self.doc = doc
        self.cues = cues
        self.text = text_of(doc)
        self.ents = tuple(doc.ents)
        self.verbs = cues.verbs
        # learned cues the hand lexicon lacks (data/learned_cues.tsv), read once per Doc
        self.learned_verbs = cues.learned_verbs
        self.learned_nouns = cues.learned_nouns
        self.learned_adjectives = cues.learned_adjectives
        self.quotations = find_quotations(self.text)
        self._outer = [(p.outer_start, p.outer_end, qi) for qi, q in enumerate(self.quotations) for p in q.pieces]
        self._outer_starts = [o[0] for o in self._outer]
        self.token_quote = [self._quotation_at(idx) for idx in doc.to_array(IDX).tolist()] if self.quotations \
            else [-1] * len(doc)
        self._paragraph_starts = [0] + [m.end() for m in _LINE_END.finditer(self.text)]

    def cue_tokens(self) -> list[Token]:
        """The tokens whose word can be a cue (a verb of saying, a claim or attitude noun, a learned
        cue, "according"), found from the Doc's lemma and lower-case arrays: only they become Python
        Token objects, the rest of a long article is skipped at the cost of a dict lookup."""
        lemmas = self.verbs | self.cues.claim_nouns | self.learned_verbs | frozenset(self.learned_nouns) \
            | frozenset(self.learned_adjectives) | {"accord"}
        lowers = frozenset(self.cues.attitude_nouns)
        strings = self.doc.vocab.strings
        known: dict[int, bool] = {}
        found = []
        for i, (lemma, lower) in enumerate(self.doc.to_array([LEMMA, LOWER]).tolist()):
            hit = known.get(lemma)
            if hit is None:
                hit = known[lemma] = strings[lemma].lower() in lemmas
            if not hit:
                hit = known.get(~lower)  # lower-case forms are memoised under their complement
                if hit is None:
                    hit = known[~lower] = strings[lower] in lowers
            if hit:
                found.append(self.doc[i])
        return found

    def _quotation_at(self, char: int) -> int:
        k = bisect.bisect_right(self._outer_starts, char) - 1
        if k >= 0 and self._outer[k][0] <= char < self._outer[k][1]:
            return self._outer[k][2]
        return -1

    def paragraph(self, char: int) -> int:
        """The index of the paragraph (line) that holds character `char`."""
        return bisect.bisect_right(self._paragraph_starts, char) - 1

    def paragraph_start(self, char: int) -> int:
        """The offset where the paragraph holding character `char` starts."""
        return self._paragraph_starts[self.paragraph(char)]

    def quoted(self, token: Token) -> bool:
        return self.token_quote[token.i] >= 0

    def is_cue_verb(self, token: Token) -> bool:
        return token.lemma_.lower() in self.verbs and _verbal(token) and not self.quoted(token)


def _verbal(token: Token) -> bool:
    """A verb, or a word the tagger took for a noun that heads a clause ("…,” the cable read")."""
    if token.pos_ == "VERB" or token.tag_.startswith("VB"):
        return True
    return token.dep_ == "ROOT" and any(c.dep_ in _CLAUSE_DEPS for c in token.children)


# ------------------------------------------------------------------------------------------
# public API
# ------------------------------------------------------------------------------------------
def extract_quotes(doc: Doc, *, cues: Cues | None = None, mentions: Sequence[Any] | None = None,
                   article_id: str | None = None) -> list[Quote]:
    """Every quote of `doc`, in reading order (see the module docstring).

    `mentions` are the actor layer's mentions (default: `doc._.mentions` when set); `article_id`
    seeds the quotes' ids (default: `doc._.article_id`, else a hash of the text).
    """
    cues = cues or load_cues()
    if mentions is None:
        mentions = _doc_attr(doc, "mentions") or []
    ctx = _Context(doc, cues)
    key = article_id or _doc_attr(doc, "article_id") or stable_id(ctx.text)
    attributions = _direct(ctx)
    used_cues = {a.cue_token.i for a in attributions if a.cue_token is not None}
    attributions += _indirect(ctx, used_cues)
    attributions = _prune(ctx, attributions)
    resolver = SpeakerResolver(doc, cues, mentions)
    quotes = []
    for attribution in attributions:
        quote = _build(ctx, attribution, resolver, key)
        if quote is not None:
            quotes.append(quote)
    return quotes


# ------------------------------------------------------------------------------------------
# pass 2: direct quotes
# ------------------------------------------------------------------------------------------
def _direct(ctx: _Context) -> list[_Attribution]:
    """One attribution per cued quotation (pieces of a split quote merged), in order."""
    result: list[_Attribution] = []
    by_cue: dict[int, _Attribution] = {}
    last: _Attribution | None = None
    last_cue_paragraph_end: int = -1
    for qi, quotation in enumerate(ctx.quotations):
        if _is_boilerplate(ctx, quotation):
            continue
        cue = _cue_of(ctx, qi, quotation)
        pieces = [(p.start, p.end) for p in quotation.pieces]
        if cue is not None:
            attribution = by_cue.get(cue.i)
            if attribution is not None:
                attribution.pieces.extend(p for p in pieces if p[0] >= attribution.end)
                attribution.quotations.append(qi)
            else:
                attribution = _cued(ctx, cue, pieces, qi)
                by_cue[cue.i] = attribution
                result.append(attribution)
            last = attribution
            last_cue_paragraph_end = _paragraph_end(ctx, max(quotation.end, cue.idx))
            continue
        if last is not None and _continues(ctx, last, quotation, last_cue_paragraph_end):
            if ctx.paragraph(quotation.start) == ctx.paragraph(last.end):
                last.pieces.extend(pieces)
                last.quotations.append(qi)
            else:
                follow = _Attribution(pieces, True, inherit_from=last.inherit_from or last, quotations=[qi])
                result.append(follow)
                last = follow
            last_cue_paragraph_end = _paragraph_end(ctx, quotation.end)
            continue
        if _words(ctx, quotation) >= _MIN_QUOTATION_WORDS and _starts_sentence(ctx, quotation):
            result.append(_Attribution(pieces, True, quotations=[qi]))  # spoken by someone unnamed
    return result


def _cued(ctx: _Context, cue: Token, pieces: Pieces, qi: int) -> _Attribution:
    speaker, head = _speaker_of(ctx, cue)
    attribution = _Attribution(pieces, True, cue=_cue_range(ctx, cue), cue_token=cue, speaker=speaker,
                               speaker_head=head, outlet=_outlet_of(ctx, cue, head), quotations=[qi])
    _widen_with_clause(ctx, attribution, cue, ctx.quotations[qi])
    return attribution


def _cue_of(ctx: _Context, qi: int, quotation: Quotation) -> Token | None:
    """The cue that governs a quotation: by syntax, then right after it, then right before it."""
    doc = ctx.doc
    span = doc.char_span(quotation.outer_start, quotation.outer_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = range(span.start, span.end)
    candidates = []
    for sent in {t.sent.start: t.sent for t in (span[0], span[-1])}.values():
        for token in sent:
            if ctx.quoted(token) or not _is_direct_cue(ctx, token):
                continue
            linked = any(c.dep_ in _CLAUSE_DEPS and c.i in inside for c in token.children)
            hangs = token.head.i in inside and (token.dep_ in ("parataxis", "ccomp") or (
                token.dep_ in ("advcl", "conj") and token.tag_ != "VBG"))
            if (linked or hangs) and _subject_ok(ctx, token):
                candidates.append((not linked, min(abs(token.i - span.start), abs(token.i - span.end)), token.i))
    if candidates:  # linked first, then the nearest: "told X that “A,” adding, “B”" gives B to "adding"
        return doc[min(candidates)[2]]
    trailing = _trailing_cue(ctx, span)
    if trailing is not None:
        return trailing
    return _leading_cue(ctx, span, quotation)


def _is_direct_cue(ctx: _Context, token: Token) -> bool:
    """A verb of saying (not of believing) that may introduce a quotation."""
    return token.lemma_.lower() in ctx.cues.speech and _verbal(token)


def _subject_ok(ctx: _Context, cue: Token) -> bool:
    subject = next((c for c in cue.children if c.dep_ in _SUBJECT_DEPS), None)
    return subject is None or not _excluded_subject(ctx, subject, cue)


def _excluded_subject(ctx: _Context, subject: Token, verb: Token) -> bool:
    """A subject that names no source: "That said", "It is said that" -- but not the relative pronoun
    of a clause on a source ("a letter … that says …", "cities that support the regulations") nor
    "it" as the active subject of a cue, a text or a body ("It shows that …", "it backed Clinton")."""
    word = subject.lower_
    if word in _RELATIVE_PRONOUNS and verb.dep_ == "relcl" and subject.dep_ == "nsubj":
        return False
    return word in ctx.cues.excluded_subjects and not _active_impersonal(ctx, subject)


def _active_impersonal(ctx: _Context, subject: Token) -> bool:
    """"It shows that …", "it backed Clinton": "it" as the active subject stands for a text or a body."""
    return subject.dep_ == "nsubj" and subject.lower_ in ctx.cues.impersonal_subjects


def _has_own_content(ctx: _Context, cue: Token, quotation_index: int) -> bool:
    """True if the cue governs a clause outside the quotation (then it is not this quotation's cue)."""
    for child in cue.children:
        if child.dep_ in ("ccomp", "xcomp") and ctx.token_quote[child.i] != quotation_index \
                and not _in_earlier_quotation(ctx, child, quotation_index):
            return True
    return False


def _in_earlier_quotation(ctx: _Context, token: Token, quotation_index: int) -> bool:
    """True if `token` lies in a quotation before this one: "“A,” Mr. Obama said, “and B”" -- the cue's
    clause is the first piece of the same quote, not content of its own."""
    return 0 <= ctx.token_quote[token.i] < quotation_index


def _trailing_cue(ctx: _Context, span: SpacySpan) -> Token | None:
    """"“…,” Harpaz added" / "“…,” said the spokesman": the first verb after the closing mark."""
    doc, qi = ctx.doc, ctx.token_quote[span[-1].i]
    paragraph = ctx.paragraph(span.end_char - 1)
    for token in doc[span.end: min(len(doc), span.end + _TRAILING_WINDOW)]:
        if ctx.paragraph(token.idx) != paragraph or ctx.quoted(token) or token.text in _SENTENCE_END:
            return None
        if token.pos_ in ("VERB", "AUX") and not _is_direct_cue(ctx, token) and token.dep_ != "aux":
            return None
        if _is_direct_cue(ctx, token):
            if _has_own_content(ctx, token, qi) or not _subject_ok(ctx, token):
                return None
            return token
    return None


def _leading_cue(ctx: _Context, span: SpacySpan, quotation: Quotation) -> Token | None:
    """"Harpaz said: “…”" / "He told reporters, “…”": a cue ending in a colon or comma before the mark."""
    doc, qi = ctx.doc, ctx.token_quote[span[0].i]
    k = span.start - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k > 0 and doc[k].dep_ == "cc" and doc[k - 1].text == ",":
        k -= 1  # "“A,” he said, but “B”": the quote goes on after the conjunction
    if k < 0 or doc[k].text not in (":", ","):
        return None
    crosses = ctx.paragraph(doc[k].idx) != ctx.paragraph(quotation.outer_start)
    if crosses and doc[k].text != ":":
        return None
    for token in reversed(doc[max(0, k - _LEADING_WINDOW): k]):
        if ctx.quoted(token) or token.text in _SENTENCE_END:
            return None
        if _is_direct_cue(ctx, token):
            if _has_own_content(ctx, token, qi) or not _subject_ok(ctx, token):
                return None
            between = doc[token.i + 1: k]
            if all(t.head.i >= token.i and _dominated_by(t, token) for t in between):
                return token
            return None
    return None


def _dominated_by(token: Token, ancestor: Token) -> bool:
    return token == ancestor or ancestor in token.ancestors


def _continues(ctx: _Context, last: _Attribution, quotation: Quotation, paragraph_end: int) -> bool:
    """A cue-less quotation right after a quote: in the rest of its paragraph, or opening the next one."""
    if quotation.start <= last.end:
        return False
    same = ctx.paragraph(quotation.start) == ctx.paragraph(last.end)
    if same:
        if last.cue is None:
            return not _has_words_outside(ctx, last.end, quotation.outer_start)
        cue_sentence_end = _sentence_words_end(ctx.doc[last.cue[0]].sent)
        if quotation.outer_start < min(cue_sentence_end, _sentence_end_after(ctx, last.end)):
            return False  # in the cue's own sentence: "…,” she said, adding that he is “the best”
        tail = _strip_marks(ctx.text[max(last.end, cue_sentence_end):quotation.outer_start]).strip(" ,")
        return not any(ch.isalpha() for ch in tail) or tail.lower() in _LINKING_WORDS
    if ctx.paragraph(quotation.start) - ctx.paragraph(last.end) > _CONTINUATION_PARAGRAPHS:
        return False
    # the paragraph of the last quote ends with it (or with its cue clause), and this one opens with a mark
    opens_paragraph = ctx.text[ctx.paragraph_start(quotation.outer_start):quotation.outer_start].strip() == ""
    return opens_paragraph and quotation.outer_start >= paragraph_end and not any(
        ch.isalpha() for ch in ctx.text[paragraph_end:quotation.outer_start])


def _sentence_end_after(ctx: _Context, char: int) -> int:
    """End of the sentence that holds the character `char` (or the next token after it)."""
    span = ctx.doc.char_span(char, min(len(ctx.text), char + 1), alignment_mode="expand")
    if span is None or len(span) == 0:
        return char
    return _sentence_words_end(span[0].sent)


def _sentence_words_end(sent: SpacySpan) -> int:
    """Where a sentence's words end: the parser hangs a mark that opens the next quotation on the
    sentence before it when the mark is a doubled apostrophe (''), read as a closing mark."""
    k = sent.end
    while k > sent.start + 1 and (sent.doc[k - 1].text in _MARKS or sent.doc[k - 1].is_space):
        k -= 1
    return sent.doc[k - 1].idx + len(sent.doc[k - 1])


def _has_words_outside(ctx: _Context, start: int, end: int) -> bool:
    return any(ch.isalpha() for ch in _strip_marks(ctx.text[start:end]))


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text.replace("''", "") if ch not in _MARKS)


def _paragraph_end(ctx: _Context, char: int) -> int:
    end = ctx.text.find("\n", char)
    return len(ctx.text) if end < 0 else end


def _words(ctx: _Context, quotation: Quotation) -> int:
    return sum(len(ctx.text[p.start:p.end].split()) for p in quotation.pieces)


def _starts_sentence(ctx: _Context, quotation: Quotation) -> bool:
    """A quotation that is a sentence of its own (capitalised), not a phrase inside one."""
    text = ctx.text
    first = text[quotation.start: quotation.start + 1]
    before = text[:quotation.outer_start].rstrip(" \t")
    return first.isupper() and (not before or before[-1] in ".!?\n:\u201d\"" or before.endswith("''"))


def _is_boilerplate(ctx: _Context, quotation: Quotation) -> bool:
    words = " ".join(ctx.text[p.start:p.end] for p in quotation.pieces)
    return ctx.cues.boilerplate.search(words) is not None


def _widen_with_clause(ctx: _Context, attribution: _Attribution, cue: Token, quotation: Quotation) -> None:
    """"The country's cooperation with Israel “flows from this shared recognition,” the cable read",
    "Rubio says Obama is “obsessed” with …": the cue's clause around the marks is the content."""
    qi = attribution.quotations[0]
    clause = next((c for c in cue.children if c.dep_ in _CLAUSE_DEPS), None)
    if clause is None or ctx.token_quote[clause.i] != qi:
        return
    lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    if lo <= cue.i < hi:
        lo, hi = (cue.i + 1, hi) if cue.i < clause.i else (lo, cue.i)
    sent = clause.sent
    lo, hi = max(lo, sent.start), min(hi, sent.end)
    paragraph = ctx.paragraph(quotation.outer_start)
    outside = [t for t in ctx.doc[lo:hi] if not ctx.quoted(t) and t.is_alpha and ctx.paragraph(t.idx) == paragraph]
    if not outside:
        return
    while lo < hi and (ctx.paragraph(ctx.doc[lo].idx) != paragraph
                       or ctx.doc[lo].dep_ == "mark" and ctx.doc[lo].lower_ == "that"):
        lo += 1
    hi = _cut_at_cue(ctx, lo, hi, cue)
    piece = _char_piece(ctx, lo, hi)
    if piece is None:
        return
    first_start, first_end = attribution.pieces[0]
    attribution.pieces[0] = (min(piece[0], first_start), max(piece[1], first_end))
    attribution.direct = False


# ------------------------------------------------------------------------------------------
# pass 3: indirect speech
# ------------------------------------------------------------------------------------------
def _indirect(ctx: _Context, used: set[int]) -> list[_Attribution]:
    found: list[_Attribution] = []
    for token in ctx.cue_tokens():
        if token.i in used or ctx.quoted(token):
            continue
        lemma = token.lemma_.lower()
        attribution: _Attribution | None = None
        if lemma == "accord" and token.i + 1 < len(ctx.doc) and ctx.doc[token.i + 1].lower_ == "to":
            attribution = _according(ctx, token)
        elif ctx.is_cue_verb(token):
            attribution = _verb_speech(ctx, token)
        elif token.pos_ in ("NOUN", "PROPN") and lemma in ctx.cues.claim_nouns:
            attribution = _noun_claim(ctx, token)
            if attribution is None and token.lower_ in ctx.cues.attitude_nouns:
                attribution = _noun_attitude(ctx, token)
        elif token.pos_ == "NOUN" and token.lower_ in ctx.cues.attitude_nouns:
            attribution = _noun_attitude(ctx, token)
        else:
            attribution = _learned(ctx, token, lemma)
        if attribution is not None and attribution.pieces:
            found.append(attribution)
    return found


def _verb_speech(ctx: _Context, cue: Token) -> _Attribution | None:
    lemma = cue.lemma_.lower()
    clause = _clause_of(ctx, cue)
    if clause is None and lemma in ctx.cues.speech and lemma not in ctx.cues.infinitive:
        # "He said legalizing it could put …" parsed as an open complement: a clause all the same
        clause = next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i
                       and not any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
    pieces: Pieces = []
    if clause is not None and clause.sent == cue.sent:
        pieces = _clause_pieces(ctx, clause, cue)
    elif (prep := _prepositional(ctx, cue)) is not None:
        pieces = _np_pieces(ctx, prep, cue)
    elif lemma in ctx.cues.naming and (named := _naming_pieces(ctx, cue)):
        pieces = named
    elif cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX"):
        pieces = _parenthetical_pieces(ctx, cue)
    elif (question := _question(ctx, cue)) is not None:
        pieces = _clause_pieces(ctx, question, cue)
    elif lemma in ctx.cues.infinitive and (xcomp := _infinitive(cue)) is not None:
        pieces = _infinitive_pieces(ctx, cue, xcomp)
    elif (obj := _said_object(ctx, cue)) is not None:
        pieces = _np_pieces(ctx, obj, cue)
    elif _passive_with_agent(cue):
        pieces = _passive_pieces(ctx, cue)
    elif lemma in ctx.cues.attitude:
        pieces = _predicate_pieces(ctx, cue)
    if not pieces and (sourceless := _sourceless_passive(ctx, cue)):
        pieces = sourceless
    if not pieces or not _subject_ok(ctx, cue):
        return None
    speaker, head = _agent_of(ctx, cue) if _passive_with_agent(cue) else _speaker_of(ctx, cue)
    if speaker is None and _attitude_only(ctx, lemma) and not _passive(cue):
        return None  # "to discuss the plan", "the vote backed …": an attitude needs someone to hold it
    return _Attribution(pieces, False, cue=_cue_range(ctx, cue), cue_token=cue, speaker=speaker,
                        speaker_head=head, outlet=_outlet_of(ctx, cue, head))


def _clause_of(ctx: _Context, cue: Token) -> Token | None:
    """The cue's clausal complement in its own paragraph, the nearest first; failing that, a
    that-clause the parser hung lower ("said … during a news conference that he may wait …")."""
    paragraph = ctx.paragraph(cue.idx)
    clauses = [c for c in cue.children if c.dep_ in _CLAUSE_DEPS and ctx.paragraph(c.idx) == paragraph]
    if clauses:
        return min(clauses, key=lambda c: abs(c.i - cue.i))
    for token in cue.subtree:
        if token.i > cue.i and token.dep_ in ("relcl", "acl", "advcl") and ctx.paragraph(token.idx) == paragraph \
                and any(g.dep_ == "mark" and g.lower_ == "that" and g.i < token.i for g in token.children) \
                and any(g.dep_ in _SUBJECT_DEPS and g.lower_ not in ("that", "which", "who") for g in token.children) \
                and not ctx.is_cue_verb(token.head):
            return token
    return None


def _according(ctx: _Context, token: Token) -> _Attribution | None:
    """"…, according to an assessment in a leaked diplomatic cable": the source and the clause."""
    to = ctx.doc[token.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    head = token.head
    if ctx.is_cue_verb(head) and any(c.dep_ in _CLAUSE_DEPS for c in head.children):
        return None  # the verb's own speaker says it; "according to" only backs it
    root = head if head.pos_ in ("VERB", "AUX") and head.sent == token.sent else token.sent.root
    lo, hi = root.left_edge.i, root.right_edge.i + 1
    pp_lo, pp_hi = token.left_edge.i, token.right_edge.i + 1
    pieces: Pieces = []
    for a, b in ((lo, pp_lo), (pp_hi, hi)):
        piece = _char_piece(ctx, a, b, token)
        if piece is not None:
            pieces.append(piece)
    if not pieces:
        return None
    speaker = _phrase(ctx, source)
    return _Attribution(pieces, False, cue=(token.i, to.i + 1), cue_token=token, speaker=speaker,
                        speaker_head=source, outlet=_outlet_in(ctx, source))


def _noun_claim(ctx: _Context, noun: Token) -> _Attribution | None:
    """"a Reuters report that Israel planned …", "Iran's claim that …": a that-clause of a claim noun."""
    clause = _that_clause(noun)
    if clause is None:
        return None
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
    lemma = noun.lemma_.lower()
    if possessor is not None and lemma not in ctx.cues.document_heads:
        speaker, head = _phrase(ctx, possessor), possessor
    elif lemma in ctx.cues.document_heads or noun.lower_ in ctx.cues.document_heads:
        lo = noun.left_edge.i
        hi = noun.i + 1
        for child in noun.rights:  # "a report by the agency"
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "in", "of") and child.i < clause.i:
                hi = child.right_edge.i + 1
        speaker, head = ctx.doc[_trim_left(ctx.doc, lo, hi): hi], noun
    else:
        return None
    pieces = _clause_pieces(ctx, clause, noun)
    if not pieces:
        return None
    return _Attribution(pieces, False, cue=(noun.i, noun.i + 1), cue_token=noun, speaker=speaker,
                        speaker_head=head, outlet=_outlet_in(ctx, noun))


def _noun_attitude(ctx: _Context, noun: Token) -> _Attribution | None:
    """"Trump's criticism of the deal", "voiced support for Clinton", "concern from allies about …": the
    object of the noun's preposition, when someone holds the attitude."""
    preps = ctx.cues.attitude_nouns.get(noun.lower_, frozenset())
    prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in preps), None)
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    if obj is None:
        return None
    speaker, head = _holder_of(ctx, noun)
    if speaker is None:
        return None
    pieces = _np_pieces(ctx, obj, noun)
    if not pieces:
        return None
    return _Attribution(pieces, False, cue=(noun.i, prep.i + 1), cue_token=noun, speaker=speaker,
                        speaker_head=head, outlet=_outlet_in(ctx, head))


def _holder_of(ctx: _Context, noun: Token) -> tuple[SpacySpan | None, Token | None]:
    """Who holds an attitude noun: its possessor, its "from"/"by"/"among" phrase, or the subject of the
    verb that has it as object ("Clinton expressed concern about …")."""
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
    if possessor is not None:
        return _phrase(ctx, possessor), possessor
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "among")):
        source = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if source is not None and not ctx.quoted(source):
            return _phrase(ctx, source), source
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        return _speaker_of(ctx, noun.head)
    return None, None


# ------------------------------------------------------------------------------------------
# learned cues (data/learned_cues.tsv): lemmas the corpus marks as cues that the hand lexicon lacks
# ------------------------------------------------------------------------------------------
_PLAUSIBLE_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_PREDICATIVE_DEPS = frozenset({"acomp", "oprd"})


def _learned(ctx: _Context, token: Token, lemma: str) -> _Attribution | None:
    """A learned cue in the frame its part of speech allows; its frame is not known beyond that, so it
    is a quote only when its holder is a plausible source (a person, an organisation, a pronoun)."""
    if token.pos_ == "VERB" and lemma in ctx.learned_verbs:
        return _learned_verb(ctx, token, lemma)
    if token.pos_ == "NOUN" and lemma in ctx.learned_nouns:
        return _learned_noun(ctx, token, lemma)
    if token.pos_ == "ADJ" and lemma in ctx.learned_adjectives:
        return _learned_adjective(ctx, token, lemma)
    return None


def _plausible_source(ctx: _Context, head: Token | None) -> bool:
    """A phrase head that can hold a statement or an attitude: a personal or group pronoun, a named
    person, organisation or people, a proper noun or a body of people ("the committee")."""
    if head is None or ctx.quoted(head):
        return False
    lower = head.lower_
    if head.pos_ == "PRON":
        return lower in ctx.cues.person_pronouns or lower in ctx.cues.group_pronouns
    return head.ent_type_ in _PLAUSIBLE_ENTS or head.pos_ == "PROPN" or head.lemma_.lower() in ctx.cues.institutions


def _learned_prep_object(token: Token, preps: frozenset[str]) -> tuple[Token, Token] | None:
    """The preposition (or particle) a learned cue is marked with, and its object ("went after Clinton")."""
    for prep in token.rights:
        if prep.dep_ in ("prep", "prt") and prep.lower_ in preps:
            obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is None and prep.dep_ == "prt":  # "lays out his plan": the particle's verb has the object
                obj = next((c for c in token.rights if c.dep_ == "dobj" and c.i > prep.i), None)
            if obj is not None:
                return prep, obj
    return None


def _learned_verb(ctx: _Context, cue: Token, lemma: str) -> _Attribution | None:
    """A learned verb: its clause ("insinuated that …"), its learned preposition's object ("went
    after Clinton"), its to-infinitive, or -- the attitude frame -- its object and complements."""
    if _passive(cue) or not _subject_ok(ctx, cue):
        return None
    speaker, head = _speaker_of(ctx, cue)
    if not _plausible_source(ctx, head):
        return None
    pieces: Pieces = []
    end = cue.i + 1
    clause = _clause_of(ctx, cue)
    prep_object = _learned_prep_object(cue, ctx.cues.learned.verb_preps.get(lemma, frozenset()))
    # only what follows: a clause before the verb ("…; the Foundation puts it at …") is the writer's,
    # the inverted "X, he said" being a verb of saying's frame that a learned verb is not known to have
    if clause is not None and clause.sent == cue.sent and clause.left_edge.i > cue.i:
        pieces = _clause_pieces(ctx, clause, cue)
    elif prep_object is not None:
        pieces = _np_pieces(ctx, prep_object[1], cue)
        end = prep_object[0].i + 1 if prep_object[0].i == cue.i + 1 else end
    elif lemma in ctx.cues.learned.verbs:
        xcomp = _infinitive(cue)
        pieces = _infinitive_pieces(ctx, cue, xcomp) if xcomp is not None else _predicate_pieces(ctx, cue)
    if not pieces:
        return None
    return _Attribution(pieces, False, cue=(cue.i, end), cue_token=cue, speaker=speaker, speaker_head=head,
                        outlet=_outlet_of(ctx, cue, head))


def _learned_noun(ctx: _Context, noun: Token, lemma: str) -> _Attribution | None:
    """A learned noun held by someone ("Trump's embrace of …", "his stance on …", "her view that …"):
    its learned preposition's object, or its that-clause. The holder must be the noun's own (a
    possessor, a "by"/"from" phrase): as the object of a verb ("…,” Harpaz added – an obvious
    reference to Iran") the noun is as often the writer's gloss as the subject's attitude."""
    if noun.dep_ == "dobj" and not any(c.dep_ == "poss" for c in noun.children):
        return None
    speaker, head = _holder_of(ctx, noun)
    if not _plausible_source(ctx, head):
        return None
    prep_object = _learned_prep_object(noun, ctx.learned_nouns[lemma])
    end = noun.i + 1
    if prep_object is not None:
        pieces = _np_pieces(ctx, prep_object[1], noun)
        end = prep_object[0].i + 1
    elif lemma in ctx.cues.learned.nouns and (clause := _that_clause(noun)) is not None:
        pieces = _clause_pieces(ctx, clause, noun)
    else:
        return None
    if not pieces:
        return None
    return _Attribution(pieces, False, cue=(noun.i, end), cue_token=noun, speaker=speaker, speaker_head=head,
                        outlet=_outlet_in(ctx, head))


def _learned_adjective(ctx: _Context, adj: Token, lemma: str) -> _Attribution | None:
    """A learned adjective as the predicate of its holder ("Trump is confident that …", "she was
    critical of the deal", "he seemed eager to …"): its clause, infinitive or preposition's object."""
    if adj.dep_ not in _PREDICATIVE_DEPS or adj.head.pos_ not in ("VERB", "AUX"):
        return None
    speaker, head = _speaker_of(ctx, adj.head)
    if not _plausible_source(ctx, head):
        return None
    clause = next((c for c in adj.children if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i), None)
    prep_object = _learned_prep_object(adj, ctx.learned_adjectives[lemma])
    end = adj.i + 1
    if clause is not None and adj.i < clause.left_edge.i:
        pieces = _subtree_pieces(ctx, clause, adj)
    elif prep_object is not None:
        pieces = _np_pieces(ctx, prep_object[1], adj)
        end = prep_object[0].i + 1
    else:
        return None
    if not pieces:
        return None
    return _Attribution(pieces, False, cue=(adj.i, end), cue_token=adj, speaker=speaker, speaker_head=head,
                        outlet=_outlet_of(ctx, adj.head, head))


def _that_clause(noun: Token) -> Token | None:
    """"his claim that Israel planned …": a that-clause with its own subject, hung on the noun."""
    return next((c for c in noun.rights if c.dep_ in ("acl", "relcl", "ccomp", "appos")
                 and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                 and any(g.dep_ in _SUBJECT_DEPS and g.lower_ not in ("that", "which") for g in c.children)), None)


def _clause_pieces(ctx: _Context, clause: Token, cue: Token) -> Pieces:
    """The clause's words: before the cue ("The talks failed, he said") or after it ("He said the
    talks failed", then up to the end of the sentence, the parser often hanging the clause's last
    phrases on the cue), cut before another cue ("…, adding that …", "— asserting …")."""
    lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    if lo <= cue.i < hi:
        return []
    sent = cue.sent
    lo, hi = max(lo, sent.start), min(hi, sent.end)
    while lo < hi and (ctx.doc[lo].dep_ == "mark" and ctx.doc[lo].lower_ == "that"):
        lo += 1
    if lo > cue.i:
        lo = _past_leading_time(ctx, clause, lo)
        hi = _extend_right(ctx, lo, hi, sent.end, cue)
    hi = _cut_at_cue(ctx, lo, hi, cue)
    piece = _char_piece(ctx, lo, hi, cue)
    return [piece] if piece is not None else []


def _past_leading_time(ctx: _Context, clause: Token, lo: int) -> int:
    """"told the crowd this weekend he would …": a time phrase before the clause's subject is when it
    was said, which the parser takes into the clause; what was said starts at the subject."""
    subject = next((c for c in clause.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None or subject.left_edge.i <= lo:
        return lo
    before = ctx.doc[lo:subject.left_edge.i]
    if all(t.ent_type_ in ("DATE", "TIME") or t.is_punct for t in before) and any(t.ent_type_ for t in before):
        return subject.left_edge.i
    return lo


def _after_closing_mark(doc: Doc, k: int, lo: int) -> bool:
    """True if token k (a conjunction) comes right after a closing quotation mark and a comma."""
    j = k - 1
    while j > lo and doc[j].text in (",", ";"):
        j -= 1
    return doc[j].text in ("\u201d", '"', "''")


def _extend_right(ctx: _Context, lo: int, hi: int, limit: int, cue: Token) -> int:
    """Past the clause's last word, over phrases the parser hung on the cue ("says Obama is
    “obsessed” with …"), up to the sentence end, another cue or the cue's own coordination."""
    for k in range(hi, limit):
        token = ctx.doc[k]
        if ctx.is_cue_verb(token):  # "…, and more than 4 in 10 said …": stop at the last joint before it
            joints = [m for m in range(max(lo + 1, hi - 2), k) if ctx.doc[m].dep_ == "cc" or ctx.doc[m].text in (",", ";")]
            return joints[-1] if joints else k
        if "\n" in token.text or token.lower_ == "according" or (token.text == ";" and not ctx.quoted(token)):
            return k  # a semicolon joins the writer's next statement ("…; the Tax Foundation puts …")
        if token.head == cue and token.dep_ in ("conj", "cc", "advcl"):
            return k
        if ctx.doc[k - 1].text == "," and token.tag_ in ("WDT", "WP"):
            return k  # ", which has led to …": the writer's remark on the whole sentence
    return limit


def _cut_at_cue(ctx: _Context, lo: int, hi: int, cue: Token | None = None) -> int:
    """Stop before ", adding …", "— asserting …", ", according to …", "and tells …" or "and accused …"
    (the speaker's next statement or act) inside [lo, hi)."""
    doc = ctx.doc
    cue_line = set(cue.ancestors) | {cue} if cue is not None else set()
    for k in range(lo + 1, hi):
        token = doc[k]
        if ctx.quoted(token):
            continue
        j = k - 1
        while j > lo and doc[j].text in _MARKS:
            j -= 1
        before = doc[j]
        if before.text in _CUT_PUNCT and (token.lower_ == "according" or (
                token.tag_ == "VBG" and token.lemma_.lower() in ctx.verbs)):
            return j
        if before.text in _CUT_PUNCT and token.lower_ in _CONTRASTIVE:
            return j
        if before.text in _CUT_PUNCT and _writer_aside(_past_adverbs(doc, k, hi), hi, after_comma=before.text == ","):
            return j
        if token.dep_ == "conj" and ctx.is_cue_verb(token) and any(c.dep_ in _SUBJECT_DEPS for c in token.children):
            # "…, and more than 4 in 10 said …": the next statement starts after the last "and" or comma
            joints = [m for m in range(lo + 1, token.i) if doc[m].dep_ == "cc" or doc[m].text in (",", ";")]
            if joints:
                return joints[-1]
        if before.dep_ == "cc" and token.pos_ == "VERB" and token.dep_ == "conj" and (
                token.head in cue_line or ctx.is_cue_verb(token) or _after_closing_mark(doc, j, lo)) and not any(
                c.dep_ in _SUBJECT_DEPS for c in token.children):
            return k - 1
    return hi


def _past_adverbs(doc: Doc, k: int, hi: int) -> Token:
    """The first word at or after k that is not an adverb (", implicitly putting …")."""
    while k < hi - 1 and doc[k].tag_ == "RB" and doc[k].dep_ == "advmod":
        k += 1
    return doc[k]


def _writer_aside(token: Token, hi: int, *, after_comma: bool) -> bool:
    """After a comma or a dash, the writer's own addition closing what was said: a participial adjunct
    (", focusing on people under 30", ", implicitly putting his name on the line"; after a dash it is
    more often the speaker's own description: "Azerbaijan … – teeming with bars") or an apposition
    (", the presumed Putin favorite", "— a metaphor for …"). (Relative clauses, ", which …", are left
    in: the corpus keeps them about as often as it leaves them out.)"""
    closes = hi - 2  # the aside runs to the end of the content (a final mark or stop aside)
    if after_comma and token.tag_ == "VBG" and token.dep_ == "advcl" and token.right_edge.i >= closes:
        return True
    head = token if token.dep_ == "appos" else token.head if token.head.dep_ == "appos" and token.i < token.head.i \
        else None
    return head is not None and token.i == head.left_edge.i and head.right_edge.i >= closes


def _parenthetical_pieces(ctx: _Context, cue: Token) -> Pieces:
    """"The plan, he said, is dead": the clause the cue hangs in, less the cue's own words."""
    head = cue.head
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    c_lo, c_hi = cue.left_edge.i, cue.right_edge.i + 1
    pieces = [p for p in (_char_piece(ctx, lo, c_lo, cue), _char_piece(ctx, c_hi, hi, cue)) if p is not None]
    return pieces if sum(e - s for s, e in pieces) > 0 else []


def _attitude_only(ctx: _Context, lemma: str) -> bool:
    """True for a verb of attitude that is not also a verb of saying or believing."""
    return lemma in ctx.cues.attitude and lemma not in ctx.cues.speech and lemma not in ctx.cues.cognition


def _predicate_pieces(ctx: _Context, cue: Token) -> Pieces:
    """"criticized Clinton for her emails", "accused him of lying", "decided not to recommend charges":
    the complements after a verb of attitude, from its object to the last complement, ending before an
    adverbial clause, a coordinated verb or a comma (", saying …" is another statement)."""
    parts: list[Token] = []
    for child in cue.rights:
        if child.dep_ == "prep" and parts and child.lower_ not in ctx.cues.argument_prepositions:
            # "lauded Mr. Clarke in his address for helping …": an adjunct inside the content is kept,
            # one that ends it ("attacked her as a fraud during the debate") is the writer's, cut below
            parts.append(child)
            continue
        if child.dep_ in _PREDICATE_DEPS:
            parts.append(child)
        elif child.dep_ in _PREDICATE_STOPS or (child.dep_ == "punct" and parts):
            break
    while parts and parts[-1].dep_ == "prep" and parts[-1].lower_ not in ctx.cues.argument_prepositions:
        parts.pop()  # the time and place closing the predicate are the writer's
    while parts and parts[0].dep_ == "prt":  # "laid out her plans": the particle is the cue's
        parts.pop(0)
    if not any(p.dep_ in _OBJECT_DEPS for p in parts) or _holds_attitude_noun(ctx, parts[0]):
        return []
    lo, hi = parts[0].left_edge.i, parts[-1].right_edge.i + 1
    if lo <= cue.i:
        return []
    hi = _cut_at_remark(ctx, lo, _over_misattached_conjuncts(ctx, cue, lo, hi))
    piece = _char_piece(ctx, lo, _cut_at_cue(ctx, lo, hi, cue), cue)
    return [piece] if piece is not None else []


def _over_misattached_conjuncts(ctx: _Context, cue: Token, lo: int, hi: int) -> int:
    """"wants to triple X, grow Y and create Z", "mentioned refinancing loans and forcing …": the parser
    often hangs the later conjuncts of an infinitive or a gerund on the cue. A conjunct of the cue in
    the infinitive's or the gerund's form, not the cue's own, continues the content."""
    content_forms = {t.tag_ for t in ctx.doc[lo:min(hi, lo + 3)] if t.tag_ in ("VB", "VBG")}
    for child in cue.rights:
        if child.i >= hi and child.dep_ == "conj" and child.tag_ in content_forms and child.tag_ != cue.tag_ \
                and not any(c.dep_ in _SUBJECT_DEPS for c in child.children):
            hi = child.right_edge.i + 1
    return hi


def _holds_attitude_noun(ctx: _Context, obj: Token) -> bool:
    """"expressed concern about Clinton": the noun and its preposition carry the attitude, and the
    content is what follows them (given by `_noun_attitude`)."""
    preps = ctx.cues.attitude_nouns.get(obj.lower_)
    return obj.dep_ == "dobj" and bool(preps) and any(c.dep_ == "prep" and c.lower_ in preps for c in obj.rights)


def _passive_with_agent(cue: Token) -> bool:
    """"The move was criticized by economists": a passive cue that names its source."""
    deps = {c.dep_ for c in cue.children}
    return cue.tag_ == "VBN" and "agent" in deps and "nsubjpass" in deps


def _passive(cue: Token) -> bool:
    return cue.tag_ == "VBN" and any(c.dep_ == "nsubjpass" for c in cue.children)


def _sourceless_passive(ctx: _Context, cue: Token) -> Pieces:
    """"He has been harshly criticized for his policies", "Mr. Quiros was accused of using …", "it is
    considered a threat": an attitude held by someone left unnamed, with what it says of its subject.
    Both the subject and a complement after the cue are needed ("a curfew was announced" says nothing)."""
    lemma = cue.lemma_.lower()
    if not _passive(cue) or any(c.dep_ == "agent" for c in cue.children) or not (
            lemma in ctx.cues.attitude or lemma in ctx.cues.naming or lemma in ctx.cues.cognition):
        return []  # verbs of saying ("was admitted as", "was revealed as") are seldom attitudes when passive
    subject = next(c for c in cue.children if c.dep_ == "nsubjpass")
    if subject.pos_ == "PRON" and subject.lower_ in ctx.cues.excluded_subjects:
        return []
    pieces = _passive_pieces(ctx, cue)
    return pieces if len(pieces) == 2 else []


def _agent_of(ctx: _Context, cue: Token) -> tuple[SpacySpan | None, Token | None]:
    """The source of a passive cue: the object of its "by" phrase."""
    agent = next(c for c in cue.children if c.dep_ == "agent")
    source = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if source is None or ctx.quoted(source):
        return None, None
    return _phrase(ctx, source), source


def _passive_pieces(ctx: _Context, cue: Token) -> Pieces:
    """"Clinton was endorsed by the Times", "He was criticized by Democrats for his remarks": the passive
    subject, and the complements after the cue other than the agent (its source)."""
    subject = next(c for c in cue.children if c.dep_ == "nsubjpass")
    pieces: Pieces = []
    if subject.lower_ in ("which", "that", "who") and cue.dep_ == "relcl":
        # "Clinton, who was endorsed by …": the noun the relative clause hangs on, up to the clause
        piece = _char_piece(ctx, cue.head.left_edge.i, cue.left_edge.i, cue)
        pieces = [piece] if piece is not None else []
    elif subject.i < cue.i:
        pieces = _subtree_pieces(ctx, subject, cue)
    after = [c for c in cue.rights if c.dep_ in ("prep", "oprd", "xcomp") and (
        c.dep_ != "prep" or c.lower_ in ctx.cues.argument_prepositions)]
    if after:
        piece = _char_piece(ctx, after[0].left_edge.i, _cut_at_cue(ctx, after[0].left_edge.i,
                                                                   after[-1].right_edge.i + 1, cue), cue)
        if piece is not None:
            pieces.append(piece)
    return pieces


def _cut_at_remark(ctx: _Context, lo: int, hi: int) -> int:
    """Stop before ", which …" or ", who …": the writer's remark on what was said, not part of it."""
    for k in range(lo + 1, hi):
        token = ctx.doc[k]
        if ctx.doc[k - 1].text == "," and token.tag_ in ("WDT", "WP") and not ctx.quoted(token):
            return k - 1
    return hi


def _infinitive(cue: Token) -> Token | None:
    """"vowed to retaliate": the to-infinitive the cue governs."""
    return next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i
                 and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)


def _infinitive_pieces(ctx: _Context, cue: Token, xcomp: Token) -> Pieces:
    """"vowed to retaliate"; "urged the crowd to welcome the governor", "tells his supporters … to
    vote": whom the cue urges or tells is part of what is urged (the attribution corpora's reading)."""
    pieces = _subtree_pieces(ctx, xcomp, cue, conjuncts=True)
    addressee = next((c for c in cue.children if c.dep_ in ("dobj", "dative") and cue.i < c.i < xcomp.i), None)
    if not pieces or addressee is None:
        return pieces
    start = _char_piece(ctx, addressee.left_edge.i, addressee.right_edge.i + 1, cue)
    return [(start[0], pieces[0][1])] if start is not None else pieces


def _question(ctx: _Context, cue: Token) -> Token | None:
    """"asked him whether he would run": an if/whether clause of a verb of asking."""
    if cue.lemma_.lower() not in ctx.cues.asking:
        return None
    return next((c for c in cue.children if c.dep_ in ("advcl", "ccomp") and c.i > cue.i
                 and any(g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in c.children)), None)


def _said_object(ctx: _Context, cue: Token) -> Token | None:
    """What was said, as a noun phrase: "announced his resignation", "denied the report",
    "dismissed the kerfuffle as “absurd”" (not the addressee of "told reporters", not a pronoun)."""
    lemma = cue.lemma_.lower()
    if lemma not in ctx.cues.object_speech or lemma in ctx.cues.addressee:
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None or obj.pos_ == "PRON" or obj.ent_type_ in ("PERSON", "NORP") or obj.lower_ in ctx.cues.press:
        return None
    return obj


def _np_pieces(ctx: _Context, head: Token, cue: Token) -> Pieces:
    """A noun phrase said or asked for, with its "as"-predicate ("dismissed X as “absurd”") or its
    to-infinitive ("revealed plans …, to blow up …"), cut before a subordinate clause ("… after the
    Associated Press reports …")."""
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    if lo <= cue.i < hi:
        return []
    for k in range(head.i + 1, hi):
        token = ctx.doc[k]
        if not ctx.quoted(token) and (token.dep_ == "advcl" or (
                token.lower_ in _SUBORDINATORS and token.dep_ in ("mark", "prep", "advmod"))):
            hi = token.left_edge.i
            break
    for child in cue.children:
        if child.dep_ in ("prep", "oprd") and child.lower_ in ("as", "like") and child.i == hi:
            hi = child.right_edge.i + 1
    k = hi + 1 if hi < len(ctx.doc) and ctx.doc[hi].text == "," else hi
    if k < len(ctx.doc) and ctx.doc[k].lower_ == "to":
        verb = ctx.doc[k].head
        if verb.head == cue and verb.dep_ in ("advcl", "xcomp") and verb.i > k:
            hi = verb.right_edge.i + 1
    piece = _char_piece(ctx, lo, _cut_at_cue(ctx, lo, hi, cue), cue)
    return [piece] if piece is not None else []


def _prepositional(ctx: _Context, cue: Token) -> Token | None:
    """The object of a prepositional cue ("called for a ceasefire", "warned of a war")."""
    preps = ctx.cues.prepositional.get(cue.lemma_.lower())
    if not preps:
        return None
    for prep in cue.children:
        if prep.dep_ in ("prep", "prt") and prep.lower_ in preps and prep.i > cue.i:
            obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return obj
    return None


def _naming_pieces(ctx: _Context, cue: Token) -> Pieces:
    """"called Cruz a liar", "calls her “third-rate”", "sees Cruz as a uniter": the object and what
    it is called. The parser splits such phrases in many ways; what counts is that the cue governs an
    object and a predicate (or a predicate alone, or words in quotation marks)."""
    parts = [c for c in cue.rights if c.dep_ in _NAMING_DEPS or (c.dep_ == "prep" and c.lower_ == "as")]
    if not parts:
        return []
    lo, hi = parts[0].left_edge.i, parts[-1].right_edge.i + 1
    predicate = len(parts) > 1 or parts[0].dep_ == "oprd" or any(ctx.quoted(t) for t in ctx.doc[lo:hi]) or (
        parts[0].dep_ in ("xcomp", "ccomp") and any(c.dep_ in ("dobj", "attr", "oprd", "appos")
                                                    for c in parts[0].children))
    if not predicate or not any(c.dep_ in ("dobj", "oprd", "dative", "xcomp", "ccomp") for c in parts):
        return []
    piece = _char_piece(ctx, lo, _cut_at_cue(ctx, lo, hi, cue), cue)
    return [piece] if piece is not None else []


def _subtree_pieces(ctx: _Context, token: Token, cue: Token, *, conjuncts: bool = False) -> Pieces:
    lo, hi = token.left_edge.i, token.right_edge.i + 1
    if lo <= cue.i < hi:
        return []
    if conjuncts:
        hi = _over_misattached_conjuncts(ctx, cue, lo, hi)
    piece = _char_piece(ctx, lo, hi, cue)
    return [piece] if piece is not None else []


def _char_piece(ctx: _Context, lo: int, hi: int, anchor: Token | None = None) -> tuple[int, int] | None:
    """Characters of tokens [lo, hi), without edge punctuation, spaces and a dangling conjunction,
    and within the paragraph of `anchor` (the parser's sentences sometimes run over a paragraph break)."""
    doc = ctx.doc
    if anchor is not None:
        paragraph = ctx.paragraph(anchor.idx)
        while lo < hi and ctx.paragraph(doc[lo].idx) != paragraph:
            lo += 1
        while hi > lo and ctx.paragraph(doc[hi - 1].idx) != paragraph:
            hi -= 1
    while lo < hi and (doc[lo].is_space or doc[lo].text in _EDGE_PUNCT or doc[lo].dep_ == "cc"
                       or (doc[lo].text in _MARKS and _unbalanced(doc[lo:hi].text))):
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].text in _EDGE_PUNCT or doc[hi - 1].text in _SENTENCE_END
                       or doc[hi - 1].dep_ == "cc"):
        hi -= 1
    if hi <= lo or not any(t.is_alpha for t in doc[lo:hi]):
        return None
    if _unbalanced(doc[lo:hi].text):  # a quotation that the clause ends inside: close it
        for k in range(hi, min(len(doc), hi + 2)):
            if doc[k].text in _MARKS:
                hi = k + 1
                break
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
    return (start, end)


def _unbalanced(text: str) -> bool:
    return sum(text.count(m) for m in _MARKS) % 2 == 1


def _trim_left(doc: Doc, lo: int, hi: int) -> int:
    while lo < hi - 1 and (doc[lo].is_punct or doc[lo].is_space or doc[lo].dep_ == "cc"):
        lo += 1
    return lo


# ------------------------------------------------------------------------------------------
# speakers and outlets (token level)
# ------------------------------------------------------------------------------------------
def _speaker_of(ctx: _Context, cue: Token) -> tuple[SpacySpan | None, Token | None]:
    """The phrase that names who said it: the cue's subject, or that of the verb it hangs from."""
    token: Token | None = cue
    for _ in range(5):
        if token is None:
            break
        if ctx.quoted(token):  # a participle the parser hung on a quoted verb: go on up
            if token.head == token:
                break
            token = token.head
            continue
        subject = next((c for c in token.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is None:
            agent = next((c for c in token.children if c.dep_ == "agent"), None)
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if subject is not None and token.lemma_.lower() not in ("quote", "cite"):
                subject = None if token.tag_ != "VBN" else subject
        if subject is None and token.pos_ != "VERB" and not token.tag_.startswith("VB"):
            return _noun_tagged_subject(ctx, token)
        if subject is not None:
            if subject.lower_ in _RELATIVE_PRONOUNS and token.dep_ in ("relcl", "acl"):
                subject = token.head
            if ctx.quoted(subject) or (subject.lower_ in ctx.cues.excluded_subjects
                                       and not _active_impersonal(ctx, subject)):
                return None, None
            # "cities that support …": the phrase keeps its relative clause, where the corpus marks "that"
            return _phrase(ctx, subject), subject
        if token.dep_ in _CLIMB_DEPS | {"ccomp"} and token.head != token and (token is cue or ctx.quoted(token.head)
                                                                             or token.dep_ != "ccomp"):
            token = token.head
            if token.pos_ not in ("VERB", "AUX"):
                return None, None
            if token.dep_ == "ccomp" and ctx.is_cue_verb(token.head) and not ctx.quoted(token):
                token = token.head  # "said the talks had failed, adding that …": the speaker's, not the talks'
            continue
        break
    return None, None


def _noun_tagged_subject(ctx: _Context, cue: Token) -> tuple[SpacySpan | None, Token | None]:
    """"the cable read" tagged as a noun phrase: its modifiers right before it are the subject."""
    lo = cue.i
    while lo > 0 and ctx.doc[lo - 1].head == cue and ctx.doc[lo - 1].dep_ in ("compound", "det", "amod", "poss") \
            and not ctx.quoted(ctx.doc[lo - 1]):
        lo -= 1
    heads = [t for t in ctx.doc[lo:cue.i] if t.dep_ in ("compound", "poss")]
    if not heads:
        return None, None
    return ctx.doc[lo:cue.i], heads[-1]


def _phrase(ctx: _Context, head: Token) -> SpacySpan:
    """The noun phrase of `head`: its subtree, cut at quotation marks and trimmed of punctuation."""
    doc = ctx.doc
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    for k in range(head.i - 1, lo - 1, -1):
        if ctx.quoted(doc[k]) or doc[k].is_space and "\n" in doc[k].text:
            lo = k + 1
            break
    for k in range(head.i + 1, hi):
        if ctx.quoted(doc[k]) or doc[k].is_space and "\n" in doc[k].text:
            hi = k
            break
    while lo < head.i and (doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi - 1 > head.i and (doc[hi - 1].is_punct or doc[hi - 1].dep_ == "cc" or doc[hi - 1].is_space):
        hi -= 1
    return doc[lo:hi]


def _cue_range(ctx: _Context, cue: Token) -> tuple[int, int]:
    """The cue word, with an adjacent particle ("pointed out") or a following "to" ("according to")."""
    end = cue.i + 1
    for child in cue.rights:
        if child.i == end and child.dep_ == "prt" and child.lower_ in ctx.cues.particles:
            end += 1
    return (cue.i, end)


def _outlet_of(ctx: _Context, cue: Token, speaker_head: Token | None) -> str | None:
    """"told JTA", "said in an interview with CNN", or a speaker that is itself a news outlet."""
    if cue.lemma_.lower() == "tell":
        for child in cue.children:
            if child.dep_ in ("dobj", "dative", "iobj"):
                outlet = _outlet_in(ctx, child)
                if outlet:
                    return outlet
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "to")):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if obj.lower_ in ("interview", "statement", "broadcast", "appearance", "op-ed", "column"):
                for sub in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("with", "on", "to", "in")):
                    for target in (c for c in sub.children if c.dep_ == "pobj"):
                        outlet = _outlet_in(ctx, target)
                        if outlet:
                            return outlet
            elif prep.lower_ in ("on", "to"):
                outlet = _outlet_in(ctx, obj)
                if outlet:
                    return outlet
    if speaker_head is not None:
        return _outlet_in(ctx, speaker_head)
    return None


def _outlet_in(ctx: _Context, head: Token) -> str | None:
    """A news organisation named by `head`'s phrase (itself, or a compound/possessor: "a Reuters report")."""
    candidates = [head] + [c for c in head.children if c.dep_ in ("compound", "poss", "nmod")]
    for token in candidates:
        for ent in ctx.ents:
            if ent.start <= token.i < ent.end:
                known = ctx.cues.outlet(ent.text)
                if known:
                    return known
                break
        known = ctx.cues.outlet(token.text)
        if known:
            return known
        if token.lower_ in ctx.cues.press:
            return None
    return None


# ------------------------------------------------------------------------------------------
# pruning and building
# ------------------------------------------------------------------------------------------
def _prune(ctx: _Context, attributions: list[_Attribution]) -> list[_Attribution]:
    """Drop quotations absorbed by an indirect quote, nested quotes and duplicates; sort by position."""
    attributions.sort(key=lambda a: (a.start, -a.end))
    covered = [a for a in attributions if a.cue is not None]
    kept: list[_Attribution] = []
    seen: set[tuple[int, int]] = set()
    for a in attributions:
        span = (a.start, a.end)
        if span in seen:
            continue
        outer = next((b for b in covered if b is not a and _inside_content(ctx, a, b)), None)
        if outer is not None:
            continue
        seen.add(span)
        kept.append(a)
    return kept


def _inside_content(ctx: _Context, inner: _Attribution, outer: _Attribution) -> bool:
    """True if `inner` (its cue, or its words when it has none) lies within `outer`'s content."""
    if inner.inherit_from is outer:
        return False
    if inner.cue_token is not None:
        anchor = inner.cue_token.idx
        return any(s <= anchor < e for s, e in outer.pieces) and (outer.end - outer.start) > (inner.end - inner.start)
    return any(s <= inner.start and inner.end <= e for s, e in outer.pieces) and not outer.direct


def _build(ctx: _Context, a: _Attribution, resolver: SpeakerResolver, key: str) -> Quote | None:
    text = ctx.text
    words = PIECE_JOINER.join(text[s:e] for s, e in a.pieces)
    if sum(ch.isalpha() for ch in words) < 2 or ctx.cues.boilerplate.search(words):
        return None
    if a.cue_token is not None and ctx.cues.boilerplate.search(a.cue_token.sent.text):
        return None  # "Readers who want updates should sign up for our newsletter": furniture, whatever its verb
    if a.inherit_from is not None and a.inherit_from.resolved is not None:
        source = a.inherit_from.resolved
        speaker = Speaker(source.start, source.end, source.text, kind=source.kind, name=source.name,
                          actor=source.actor, country=source.country, sector=source.sector)
    else:
        speaker = resolver.speaker(a.speaker, a.speaker_head)
    a.resolved = speaker
    cue = None
    if a.cue is not None:
        c_start, c_end = ctx.doc[a.cue[0]].idx, ctx.doc[a.cue[1] - 1].idx + len(ctx.doc[a.cue[1] - 1])
        cue = Span(c_start, c_end, text[c_start:c_end])
    parts = tuple(a.pieces)
    content = Span(a.start, a.end, words if len(parts) > 1 else text[a.start:a.end],
                   parts if len(parts) > 1 else ())
    quote_id = stable_id(key, "quote", a.start, a.end, cue.start if cue else None)
    return Quote(quote_id, content, cue, speaker, a.direct, outlet=a.outlet)


def _doc_attr(doc: Doc, name: str) -> Any:
    return getattr(doc._, name) if Doc.has_extension(name) else None
