"""The event lexicon: trigger words to CAMEO codes, CAMEO codes to PLOVER types and Goldstein scores,
cue words of modality, relation words of stances, and dimension terms.

Everything is read once from the tables in `entente/events/data/` (see SOURCES.md there):

- `news_triggers.tsv`      hand-curated news triggers (verbs and nouns), with optional object words;
- `petrarch_verbs.tsv`, `petrarch_patterns.tsv`, `petrarch_synsets.tsv`: PETRARCH2's verb dictionary
  (MIT), flattened by `scripts/build_event_lexicon.py`;
- `cameo.tsv`              CAMEO code -> label, PLOVER type/mode/context (CC BY-SA 4.0), Goldstein score;
- `cues.toml`, `stances.toml`, `dimensions.toml`, `dimension_terms.tsv`.

A trigger is looked up by lemma, with the lemmas of its arguments: curated rows that name an object
word first, then PETRARCH2 phrase patterns (the most specific match wins), then the curated default
of the lemma, then PETRARCH2's default for the verb. All lookups are dict accesses.
"""
from __future__ import annotations

import csv
import functools
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Token

from .plover_modes import codebook_mode, decide_plover_mode

DATA = Path(str(resources.files("entente.events").joinpath("data")))

#: PLOVER event types in codebook order.
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

#: PLOVER 0.5b1 names used by older gold files, in PLOVER 2 terms (the manual's CAMEO table).
PLOVER_RENAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
                  "YIELD": "CONCEDE"}

#: Quad classes (GDELT's convention on CAMEO roots): 1 verbal cooperation, 2 material cooperation,
#: 3 verbal conflict, 4 material conflict.
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

#: Penta classes (ConfliBERT's convention on CAMEO roots): 0 statement or appeal (01-02), 1 verbal
#: cooperation (03-05), 2 material cooperation (06-08), 3 verbal conflict (09-13, 16), 4 material
#: conflict (14-15, 17-20).
PENTA_NAMES = {0: "statement/appeal", 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
               4: "material conflict"}

_CONFLICT_TYPES = {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                   "ASSAULT"}


#: The quad class of each PLOVER type, as the newswire gold's guidelines define them: 1 verbal
#: cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. (PLOVER's own README puts
#: REQUEST and SANCTION in verbal conflict and PROTEST in material conflict; entente follows the table
#: its gold data is coded by, so that a request is never scored as a conflict.)
PLOVER_QUAD: dict[str, int] = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "REQUEST": 1,
                               "COOPERATE": 2, "AID": 2, "RETREAT": 2,
                               "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3,
                               "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}


def quad_of(cameo: str, plover: str | None = None) -> int:
    """The quad class of an event: its PLOVER type's (`PLOVER_QUAD`) when it has one, else its CAMEO
    root's (01-05 verbal cooperation, 06-08 material cooperation, 09-13 verbal conflict, 14-20 material
    conflict); a conflict-type PLOVER event from a statement code (016 deny) is 3."""
    if plover in PLOVER_QUAD:
        return PLOVER_QUAD[plover]
    root = int(cameo[:2])
    quad = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
    if quad in (1, 2) and plover in _CONFLICT_TYPES:
        quad = 3
    return quad


def penta_of(cameo: str | None) -> int:
    """ConfliBERT's five classes from a CAMEO code; no code is a statement (0)."""
    if not cameo:
        return 0
    root = int(cameo[:2])
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


@dataclass(slots=True, frozen=True)
class CameoInfo:
    code: str
    label: str
    plover: str | None
    plover_mode: str | None
    contexts: tuple[str, ...]
    goldstein: float


@dataclass(slots=True, frozen=True)
class Pattern:
    before: tuple[frozenset[str], ...]
    after: tuple[frozenset[str], ...]
    code: str | None   # None: the pattern says "no event"
    order: int = 0     # position in the table: ties between equally long matches go to the first

    @property
    def size(self) -> int:
        return len(self.before) + len(self.after)


@dataclass(slots=True, frozen=True)
class TriggerCode:
    """What the lexicon says about one trigger: its CAMEO code (None: explicitly not an event)."""

    code: str | None
    origin: str   # curated, curated-default, petrarch-pattern, petrarch-verb


@dataclass(slots=True, frozen=True)
class CuratedRow:
    code: str | None
    with_words: frozenset[str]


def _read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _read_toml(name: str) -> dict[str, object]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


class Lexicon:
    """All the tables of the event extractor, loaded once (`lexicon()` caches one instance)."""

    def __init__(self) -> None:
        self.cameo: dict[str, CameoInfo] = {}
        for row in _read_tsv("cameo.tsv"):
            self.cameo[row["cameo"]] = CameoInfo(
                code=row["cameo"], label=row["label"], plover=row["plover"] or None,
                plover_mode=row["plover_mode"] or None,
                contexts=tuple(c for c in row["context"].split(",") if c),
                goldstein=float(row["goldstein"]) if row["goldstein"] else 0.0)

        synsets = {row["name"]: frozenset(w for w in row["words"].split("|") if w)
                   for row in _read_tsv("petrarch_synsets.tsv")}

        def word_set(word: str) -> frozenset[str]:
            if word.startswith("&"):
                return synsets.get(word[1:], frozenset({word[1:].lower()}))
            return frozenset({word})

        self.verb_blocks: dict[str, list[str]] = {}
        self.verb_default: dict[str, str | None] = {}
        for row in _read_tsv("petrarch_verbs.tsv"):
            verb = row["verb"]
            self.verb_blocks.setdefault(verb, []).append(row["block"])
            if row["cameo"] and verb not in self.verb_default:
                self.verb_default[verb] = row["cameo"]
        self.block_patterns: dict[str, list[Pattern]] = {}
        for order, row in enumerate(_read_tsv("petrarch_patterns.tsv")):
            pattern = Pattern(before=tuple(word_set(w) for w in row["before"].split()),
                              after=tuple(word_set(w) for w in row["after"].split()),
                              code=row["cameo"] or None, order=order)
            self.block_patterns.setdefault(row["block"], []).append(pattern)

        self.curated: dict[tuple[str, str], list[CuratedRow]] = {}
        self.never: set[tuple[str, str]] = set()
        for row in _read_tsv("news_triggers.tsv"):
            if row["cameo"] == "x":
                self.never.add((row["lemma"], row["pos"]))
                continue
            code = None if row["cameo"] in ("-", "") else row["cameo"]
            words = frozenset(w for w in (row.get("with") or "").split("|") if w)
            self.curated.setdefault((row["lemma"], row["pos"]), []).append(CuratedRow(code, words))

        cues = _read_toml("cues.toml")
        self.cues: dict[str, dict[str, frozenset[str]]] = {
            section: {k: frozenset(v) for k, v in values.items() if isinstance(v, list)}
            for section, values in cues.items() if isinstance(values, dict)}
        self.boilerplate = tuple(self.cues["boilerplate"]["patterns"])

        stances = _read_toml("stances.toml")
        self.stance: dict[str, dict[str, frozenset[str]]] = {
            section: {k: frozenset(v) for k, v in values.items() if isinstance(v, list)}
            for section, values in stances.items() if isinstance(values, dict)}

        dims = _read_toml("dimensions.toml")
        self.dimensions: dict[str, str] = {name: spec["label"] for name, spec in dims["dimension"].items()}
        self.context_dims: dict[str, str] = {ctx: name for name, spec in dims["dimension"].items()
                                             for ctx in spec.get("contexts", [])}
        self.dim_terms: dict[str, str] = {row["term"]: row["dimension"] for row in _read_tsv("dimension_terms.tsv")}
        self.dim_max_words = max((len(t.split()) for t in self.dim_terms), default=1)

        self.trigger_nouns = frozenset(lemma for lemma, pos in self.curated if pos == "NOUN")
        self.trigger_verbs = frozenset({lemma for lemma, pos in self.curated if pos == "VERB"}
                                       | set(self.verb_blocks))
        self.light_verbs = self.cue("frames", "light")
        # regular inflections of the trigger verbs, for tokens the lemmatizer got wrong ("staged" -> "stag")
        self.verb_forms: dict[str, str] = {}
        for verb in sorted(self.trigger_verbs | self.light_verbs):
            if " " in verb or not verb.isalpha():
                continue
            for form in _inflections(verb):
                if form not in self.trigger_verbs:
                    self.verb_forms.setdefault(form, verb)
        # the hashes of the words that can start a trigger, for a vectorised first pass over a Doc
        verb_words = {v.split()[0] for v in self.trigger_verbs} | {v.split()[0] for v in self.light_verbs} \
            | set(self.verb_forms)
        noun_words = {part for n in self.trigger_nouns for part in n.replace("-", " ").split()}
        stance_words = {part for section in ("positive", "negative", "neutral")
                        for n in self.stance["nouns"][section] for part in n.replace("-", " ").split()}
        self.verb_hashes = _hashes(verb_words)
        self.noun_hashes = _hashes(noun_words)
        self.stance_hashes = _hashes(stance_words)
        # PETRARCH2 patterns indexed by the first word after the verb ('' for those with none)
        self.block_index: dict[str, dict[str, list[Pattern]]] = {}
        for block, patterns in self.block_patterns.items():
            idx: dict[str, list[Pattern]] = {}
            for pattern in patterns:
                keys = pattern.after[0] if pattern.after else frozenset({""})
                for key in keys:
                    idx.setdefault(key, []).append(pattern)
            self.block_index[block] = idx
        self.blocks_with_before = frozenset(b for b, ps in self.block_patterns.items() if any(p.before for p in ps))

    # ---- triggers ------------------------------------------------------------------------------
    def verb_code(self, lemma: str, args: Iterable[str], before: Iterable[str] = (),
                  after_sequence: Sequence[frozenset[str]] | None = None) -> TriggerCode | None:
        """The CAMEO code of a verb given the lemmas/words of its arguments; None if it is no trigger.

        `after_sequence` is the verb's right context in text order (each position the set of its lemma
        and surface form): PETRARCH2's patterns must then match in order, their first word among the
        first few positions, as the original coder reads them.
        """
        if (lemma, "VERB") in self.never:
            return TriggerCode(None, "curated")
        args = set(args)
        rows = self.curated.get((lemma, "VERB"), [])
        for row in rows:
            if row.with_words and row.with_words & args:
                return TriggerCode(row.code, "curated")
        best: Pattern | None = None
        before = set(before)
        sequence = list(after_sequence) if after_sequence is not None else None
        for block in self.verb_blocks.get(lemma, ()):
            if sequence is not None:
                # only the patterns whose first word is among the first positions after the verb
                idx = self.block_index.get(block, {})
                pool: list[Pattern] = list(idx.get("", ()))
                for position in sequence[:PATTERN_REACH]:
                    for word in position:
                        pool.extend(idx.get(word, ()))
                pool.sort(key=lambda pat: pat.order)
            else:
                pool = self.block_patterns.get(block, [])
            for pattern in pool:
                if best is not None and (pattern.size < best.size or
                                         (pattern.size == best.size and pattern.order >= best.order)):
                    continue
                if not all(ws & before for ws in pattern.before):
                    continue
                if sequence is not None:
                    if _in_order(pattern.after, sequence):
                        best = pattern
                elif all(ws & args for ws in pattern.after):
                    best = pattern
        if best is not None:
            return TriggerCode(best.code, "petrarch-pattern")
        for row in rows:
            if not row.with_words:
                return TriggerCode(row.code, "curated-default")
        if lemma in self.verb_default:
            return TriggerCode(self.verb_default[lemma], "petrarch-verb")
        if lemma in self.verb_blocks:
            return TriggerCode(None, "petrarch-verb")
        return None

    def needs_subject(self, lemma: str) -> bool:
        """True when some PETRARCH2 pattern of the verb tests words before it (its subject)."""
        return any(b in self.blocks_with_before for b in self.verb_blocks.get(lemma, ()))

    def noun_code(self, lemma: str, mods: Iterable[str]) -> TriggerCode | None:
        rows = self.curated.get((lemma, "NOUN"))
        if not rows:
            return None
        mods = set(mods)
        for row in rows:
            if row.with_words and row.with_words & mods:
                return TriggerCode(row.code, "curated")
        for row in rows:
            if not row.with_words:
                return TriggerCode(row.code, "curated-default")
        return None

    def info(self, code: str) -> CameoInfo | None:
        c: str | None = code
        while c:
            found = self.cameo.get(c)
            if found is not None:
                return found
            c = c[:-1] if len(c) > 2 else None
        return None

    def plover_of(self, code: str) -> str | None:
        info = self.info(code)
        return info.plover if info else None

    def plover_mode(self, plover: str, code: str, trigger: Token, anchor: Token) -> str | None:
        """PLOVER's mode of an event (the codebook's name, or None), read from the trigger and its
        arguments, with the mode of its CAMEO code as the fallback (`entente.events.plover_modes`)."""
        info = self.info(code)
        return decide_plover_mode(plover, info.plover_mode if info else None, trigger, anchor)

    def cue(self, section: str, key: str) -> frozenset[str]:
        return self.cues.get(section, {}).get(key, frozenset())


#: A phrase pattern's first word must come within this many content words after the verb.
PATTERN_REACH = 2


def _in_order(words: tuple[frozenset[str], ...], sequence: Sequence[frozenset[str]]) -> bool:
    """True if each word set matches a later position than the previous one, the first one within
    PATTERN_REACH positions."""
    pos = 0
    for n, ws in enumerate(words):
        limit = min(len(sequence), PATTERN_REACH) if n == 0 else len(sequence)
        while pos < limit and not (ws & sequence[pos]):
            pos += 1
        if pos >= limit:
            return False
        pos += 1
    return True


def _inflections(verb: str) -> set[str]:
    """Regular English inflections of a verb: -s, -ed, -ing, with the usual spelling changes."""
    forms = {verb + "s", verb + "ing", verb + "ed"}
    if verb.endswith("e"):
        forms |= {verb + "d", verb[:-1] + "ing"}
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(verb + "es")
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if len(verb) >= 3 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


def _hashes(words: Iterable[str]) -> np.ndarray:
    """spaCy's 64-bit hashes of words (and of their capitalised forms), sorted, for numpy.isin."""
    values = {get_string_id(w) for w in words} | {get_string_id(w.capitalize()) for w in words}
    return np.array(sorted(values), dtype=np.uint64)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, loaded once per process."""
    return Lexicon()


def normalise_plover_mode(plover: str | None, mode: str | None) -> str | None:
    """A gold or legacy PLOVER mode in the codebook's terms for its type ("strike-hun" -> "hunger",
    CONSULT "host" -> "visit"); None for a name with no counterpart."""
    return codebook_mode(normalise_plover(plover), mode)


def normalise_plover(name: str | None) -> str | None:
    """A gold or legacy PLOVER type name in PLOVER 2 terms (DEMAND -> REQUEST, FIGHT -> ASSAULT)."""
    if not name:
        return None
    name = name.strip().upper()
    return PLOVER_RENAMES.get(name, name)
