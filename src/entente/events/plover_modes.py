"""PLOVER's `mode` attribute of an event, read off its sentence.

PLOVER splits an event type into modes: the means of an ASSAULT ("shelled": heavy-weapons), the kind of
CONSULT ("telephoned": phone), the content of a THREAT ("threatened to halt talks": relations). A CAMEO
code says some of that, but the trigger's code is often generic ("killed", "attacked") while the
clause names the means ("armed with machetes", "a minefield explosion"). So the mode is decided
from words, nearest first:

1. the trigger phrase: the trigger, the verb it hangs on, their compounds and particles
   ("hunger strike", "blew up", "air strike"), the nearest the trigger in the text first;
2. the trigger's arguments: its clause without sub-clauses (objects, subject, prepositional phrases,
   an infinitive's clause: "threatened to impose a curfew"), the nearest in the parse first;
3. the mode of the trigger's CAMEO code (`cameo.tsv`), when it is a codebook mode of the type;
4. the type's default, where the codebook names a residual mode (SANCTION: discontinue).

The rest of the sentence is not read: there its words describe other acts as often as this one.

Between equally near cues the cue listed first in
`data/plover_modes.toml` wins: specific before general, "suicide bombing" before "bomb". Only the
codebook's mode names are ever returned.
"""
from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

DATA = Path(str(resources.files("entente.events").joinpath("data")))

#: Dependents that open a clause of their own: their words describe another act, not this one.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass", "acomp"})

#: Verbs that share the subject of the clause they hang on when they have none ("..., killing 20").
SHARING_DEPS = frozenset({"advcl", "conj", "xcomp"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
#: The parse distance given to what a verb shares with its head clause: past its own arguments.
SHARED_DEPTH = 3

#: Dependents of the trigger or its verb that belong to the trigger phrase itself.
PHRASE_DEPS = frozenset({"compound", "prt", "amod", "nmod"})

#: A phrase of cue words: one tuple of alternatives per position, each word optionally with a part of
#: speech ("assault/VERB").
Word = tuple[str, str | None]


@dataclass(slots=True, frozen=True)
class Cue:
    """One entry of the cue table: `words` anywhere, or a trigger lemma with one of `objects`."""

    mode: str
    phrases: tuple[tuple[Word, ...], ...] = ()
    triggers: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()


@dataclass(slots=True, frozen=True)
class TypeModes:
    """The codebook's modes of one event type, with the cues that decide between them."""

    modes: frozenset[str]
    cues: tuple[Cue, ...]
    default: str | None
    ignore: tuple[tuple[Word, ...], ...]
    content: bool   # the mode is what the act says (a demand, a threat): read its complement clause
    #: the cue phrases by their first word: (position of the cue in the table, mode, phrase)
    by_first_word: dict[str, tuple[tuple[int, str, tuple[Word, ...]], ...]]


def _index_by_first_word(cues: Sequence[Cue]) -> dict[str, tuple[tuple[int, str, tuple[Word, ...]], ...]]:
    """The cue phrases keyed by their first word, so that a token is matched by one dict lookup."""
    index: dict[str, list[tuple[int, str, tuple[Word, ...]]]] = {}
    for order, cue in enumerate(cues):
        for phrase in cue.phrases:
            index.setdefault(phrase[0][0], []).append((order, cue.mode, phrase))
    return {word: tuple(entries) for word, entries in index.items()}


@dataclass(slots=True, frozen=True)
class ModeTable:
    types: dict[str, TypeModes]
    legacy: dict[str, str]   # "TYPE.old-name" -> codebook name ('' for none)


def _phrase(text: str) -> tuple[Word, ...]:
    """A cue phrase as words: lower case, hyphens as spaces, "word/POS" split."""
    words: list[Word] = []
    for part in text.lower().replace("-", " ").split():
        word, _, pos = part.partition("/")
        words.append((word, pos.upper() or None))
    return tuple(words)


@functools.lru_cache(maxsize=1)
def mode_table() -> ModeTable:
    """The cue table of `data/plover_modes.toml`, read once."""
    raw = tomllib.loads((DATA / "plover_modes.toml").read_text(encoding="utf-8"))
    common_ignore = tuple(_phrase(p) for p in raw.get("ignore", []))
    types: dict[str, TypeModes] = {}
    for name, spec in raw.items():
        if not (isinstance(spec, dict) and "modes" in spec):
            continue
        modes = frozenset(spec["modes"])
        cues = []
        for entry in spec.get("cue", []):
            if entry["mode"] not in modes:
                raise ValueError(f"plover_modes.toml: {entry['mode']!r} is no codebook mode of {name}")
            cues.append(Cue(mode=entry["mode"], phrases=tuple(_phrase(w) for w in entry.get("words", [])),
                            triggers=frozenset(entry.get("triggers", [])),
                            objects=frozenset(entry.get("objects", []))))
        default = spec.get("default") or None
        types[name] = TypeModes(modes=modes, cues=tuple(cues), default=default,
                                ignore=common_ignore + tuple(_phrase(p) for p in spec.get("ignore", [])),
                                content=bool(spec.get("content", False)),
                                by_first_word=_index_by_first_word(cues))
    legacy = {str(k): str(v) for k, v in raw.get("legacy", {}).items()}
    return ModeTable(types=types, legacy=legacy)


# ------------------------------------------------------------------------------------------------
# where the evidence is
# ------------------------------------------------------------------------------------------------
def trigger_phrase(trigger: Token, anchor: Token) -> list[Token]:
    """The trigger and its verb with their compounds, modifiers and particles, in text order."""
    found = {trigger.i: trigger, anchor.i: anchor}
    for head in (trigger, anchor):
        for child in head.children:
            if child.dep_ in PHRASE_DEPS:
                for tok in child.subtree:
                    found[tok.i] = tok
    return [found[i] for i in sorted(found)]


def argument_tokens(trigger: Token, anchor: Token, *, content: bool = False) -> dict[int, tuple[Token, int]]:
    """The words of the trigger's clause with their distance in the parse from the trigger or its verb:
    what hangs on them, without the sub-clauses that describe other acts ("..., killing 20", "if the
    US goes ahead"). With `content`, the clause the trigger's verb introduces is its own ("demanded
    that Rwanda withdraw its troops"). Keyed by token index."""
    found: dict[int, tuple[Token, int]] = {}
    queue = [(trigger, 0), (anchor, 0)]
    shared = _shared_subject(anchor)
    if shared:
        # what the verb shares with the clause it hangs on counts, after its own arguments
        queue += [(tok, SHARED_DEPTH) for tok in shared]
        if anchor.dep_ == "conj":
            found[anchor.head.i] = (anchor.head, SHARED_DEPTH)   # "shot and killed": the verb only
    while queue:
        tok, depth = queue.pop(0)
        if tok.i in found:
            continue
        found[tok.i] = (tok, depth)
        for child in tok.children:
            said = content and child.dep_ == "ccomp" and tok.i in (trigger.i, anchor.i)
            if not said and (child.dep_ in CLAUSE_DEPS or (child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"))):
                continue
            queue.append((child, depth + 1))
    return dict(sorted(found.items()))


def _shared_subject(anchor: Token) -> list[Token]:
    """The subject a verb without one of its own takes from the clause it hangs on: "A car bomb
    exploded ..., killing seven", "soldiers shot and killed a man", "was attacked by gunmen, who ..."."""
    if anchor.dep_ not in SHARING_DEPS or any(c.dep_ in SUBJECT_DEPS for c in anchor.children):
        return []
    return [c for c in anchor.head.children if c.dep_ in SUBJECT_DEPS and c.i != anchor.i]


def _words_of(tokens: Iterable[Token]) -> list[Token]:
    """The tokens that can be cue words: no punctuation, so that "cease-fire" reads "cease fire"."""
    return [t for t in tokens if not (t.is_punct or t.is_space)]


# ------------------------------------------------------------------------------------------------
# matching
# ------------------------------------------------------------------------------------------------
def _fits(token: Token, word: Word) -> bool:
    text, pos = word
    if pos is not None and token.pos_ != pos:
        return False
    return text in (token.lemma_.lower(), token.lower_)


def _phrase_at(tokens: Sequence[Token], start: int, phrase: tuple[Word, ...]) -> bool:
    if start + len(phrase) > len(tokens):
        return False
    return all(_fits(tokens[start + k], word) for k, word in enumerate(phrase))


def _without_ignored(tokens: list[Token], ignore: Sequence[tuple[Word, ...]]) -> list[Token]:
    """The tokens minus those inside an ignored phrase ("riot police" says nothing of a riot)."""
    dropped: set[int] = set()
    for start in range(len(tokens)):
        for phrase in ignore:
            if _phrase_at(tokens, start, phrase):
                dropped.update(range(start, start + len(phrase)))
    return [t for n, t in enumerate(tokens) if n not in dropped]


def _cue_mode(spec: TypeModes, tokens: list[Token], distance: dict[int, int]) -> str | None:
    """The mode of the word cue nearest the trigger (by `distance`, each token's distance from it)
    among the tokens, between equally near ones the cue listed first; None if there is none."""
    tokens = _without_ignored(_words_of(tokens), spec.ignore)
    best: tuple[int, int, str] | None = None
    for start, token in enumerate(tokens):
        for key in {token.lemma_.lower(), token.lower_}:
            for order, mode, phrase in spec.by_first_word.get(key, ()):
                if _phrase_at(tokens, start, phrase):
                    near = min(distance.get(tokens[start + k].i, 99) for k in range(len(phrase)))
                    best = min(best or (near, order, mode), (near, order, mode))
    return best[2] if best else None


def _object_cue_mode(spec: TypeModes, arguments: list[Token], trigger_lemmas: frozenset[str]) -> str | None:
    """The mode of the first trigger + object cue whose trigger is the event's and whose object is
    among its arguments, or None."""
    words = {t.lemma_.lower() for t in arguments} | {t.lower_ for t in arguments}
    for cue in spec.cues:
        if cue.triggers & trigger_lemmas and cue.objects & words:
            return cue.mode
    return None


# ------------------------------------------------------------------------------------------------
# public
# ------------------------------------------------------------------------------------------------
def codebook_mode(plover: str | None, name: str | None) -> str | None:
    """A mode name in the codebook's terms for the type, or None: codebook names pass, older names
    (PLOVER 0.5b1 gold, the CAMEO table's odd entries) are mapped, anything else is dropped."""
    if not plover or not name:
        return None
    table = mode_table()
    name = name.strip().lower()
    spec = table.types.get(plover)
    if spec is not None and name in spec.modes:
        return name
    mapped = table.legacy.get(f"{plover}.{name}")
    if mapped and spec is not None and mapped in spec.modes:
        return mapped
    return None


def decide_plover_mode(plover: str, cameo_mode: str | None, trigger: Token, anchor: Token) -> str | None:
    """The PLOVER mode of an event of type `plover` whose trigger is `trigger` (on the verb `anchor`),
    given the mode its CAMEO code implies (`cameo_mode`); None when the type has no modes or the
    sentence does not say."""
    spec = mode_table().types.get(plover)
    if spec is None:
        return None
    phrase = trigger_phrase(trigger, anchor)
    trigger_lemmas = frozenset(t.lemma_.lower() for t in phrase) | frozenset(t.lower_ for t in phrase)
    arguments = argument_tokens(trigger, anchor, content=spec.content)
    argument_words = [tok for tok, _ in arguments.values()]
    # a trigger with its object is the most specific cue: "banned thousands of books" is censorship
    # before it is a ban; then the trigger phrase, nearest the trigger in the text ("kidnapping and
    # sexual assault" is about the assault); then the arguments, nearest in the parse
    found = _object_cue_mode(spec, argument_words, trigger_lemmas) or \
        _cue_mode(spec, phrase, distance={t.i: abs(t.i - trigger.i) for t in phrase}) or \
        _cue_mode(spec, argument_words, distance={i: d for i, (_, d) in arguments.items()})
    if found:
        return found
    # words elsewhere in the sentence describe other acts too often ("shot dead three guerrillas
    # suspected of killing a bishop"): past the trigger's clause only its CAMEO code speaks
    return codebook_mode(plover, cameo_mode) or spec.default
