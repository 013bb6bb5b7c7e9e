"""The reporting cues, read from `data/cues.toml`: what marks a quote, its source and a denial.

The words live in the data file, edited by hand; this module only reads them into sets and compiled
patterns, once per process. `load_cues(path)` reads another file with the same tables (for tests or
for a user's own list).

A second, learned table extends the hand lexicon: `data/learned_cues.tsv`, the lemmas that PolNeAR's
train split marks as cues often enough (written by `scripts/build_quote_cues.py`). It only adds cues:
a lemma of the hand lexicon keeps its hand-given frames (`LearnedCues.extra_*` leave those out).
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

DEFAULT_PATH = "data/cues.toml"
LEARNED_PATH = "data/learned_cues.tsv"
LEARNED_COLUMNS = ("lemma", "pos", "kind", "n_cue", "n_seen", "rate", "n_fired", "n_hit")
LEARNED_KINDS = ("verb", "noun", "adj", "prep-phrase")


@dataclass(frozen=True, slots=True)
class LearnedEntry:
    """One row of the learned table: a lemma (or "lemma preposition") of a part of speech, marked as
    a cue `n_cue` times out of `n_seen` occurrences outside another attribution's content; the
    extractor gave `n_fired` quotes from it on train, `n_hit` of them right."""

    lemma: str
    pos: str
    kind: str
    n_cue: int
    n_seen: int
    rate: float
    n_fired: int = 0
    n_hit: int = 0


@dataclass(frozen=True, slots=True)
class LearnedCues:
    """The learned cue lemmas by frame: verbs, nouns and adjectives alone, and with the preposition or
    particle that the corpus marks with them ("go after", "supporter of", "critical of")."""

    entries: tuple[LearnedEntry, ...] = ()
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    verb_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    noun_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    adjective_preps: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def heads(self) -> dict[str, frozenset[str]]:
        """POS -> every head lemma of that POS, alone or with a preposition."""
        return {"VERB": self.verbs | frozenset(self.verb_preps), "NOUN": self.nouns | frozenset(self.noun_preps),
                "ADJ": self.adjectives | frozenset(self.adjective_preps)}


def parse_learned(lines: list[str]) -> LearnedCues:
    """Build `LearnedCues` from the lines of a learned table (comments start with "#")."""
    rows = [line.rstrip("\n").split("\t") for line in lines if line.strip() and not line.startswith("#")]
    if rows and rows[0][0] == LEARNED_COLUMNS[0]:  # the column names
        rows = rows[1:]
    entries = tuple(LearnedEntry(r[0], r[1], r[2], int(r[3]), int(r[4]), float(r[5]), *(int(v) for v in r[6:8]))
                    for r in rows)
    single: dict[str, set[str]] = {"VERB": set(), "NOUN": set(), "ADJ": set()}
    paired: dict[str, dict[str, set[str]]] = {"VERB": {}, "NOUN": {}, "ADJ": {}}
    for entry in entries:
        if entry.pos not in single:
            continue
        words = entry.lemma.split()
        if entry.kind == "prep-phrase" and len(words) == 2:
            paired[entry.pos].setdefault(words[0], set()).add(words[1])
        elif len(words) == 1:
            single[entry.pos].add(words[0])
    frozen = {pos: {w: frozenset(p) for w, p in table.items()} for pos, table in paired.items()}
    return LearnedCues(entries, frozenset(single["VERB"]), frozenset(single["NOUN"]), frozenset(single["ADJ"]),
                       frozen["VERB"], frozen["NOUN"], frozen["ADJ"])


def load_learned(path: str | Path | None = None) -> LearnedCues:
    """The learned table of `path`, or the packaged `data/learned_cues.tsv` (empty if it is missing)."""
    if path is None:
        return _default_learned()
    with open(path, encoding="utf-8") as handle:
        return parse_learned(handle.readlines())


@functools.lru_cache(maxsize=1)
def _default_learned() -> LearnedCues:
    resource = resources.files(__package__).joinpath(LEARNED_PATH)
    if not resource.is_file():
        return LearnedCues()
    with resource.open("r", encoding="utf-8") as handle:
        return parse_learned(handle.readlines())


@dataclass(frozen=True, slots=True)
class Cues:
    """Lemma sets and patterns of the quote extractor (see the comments in `data/cues.toml`)."""

    speech: frozenset[str]
    cognition: frozenset[str]
    object_speech: frozenset[str]
    infinitive: frozenset[str]
    attitude: frozenset[str]
    argument_prepositions: frozenset[str]
    particles: frozenset[str]
    prepositional: dict[str, frozenset[str]]
    naming: frozenset[str]
    addressee: frozenset[str]
    asking: frozenset[str]
    claim_nouns: frozenset[str]
    attitude_nouns: dict[str, frozenset[str]]
    document_heads: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    outlets: dict[str, str]
    press: frozenset[str]
    excluded_subjects: frozenset[str]
    impersonal_subjects: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    first_person: frozenset[str]
    state_sectors: frozenset[str]
    institutions: frozenset[str]
    deny_verbs: frozenset[str]
    deny_objects: frozenset[str]
    anaphoric: frozenset[str]
    dismissive: re.Pattern[str]
    boilerplate: re.Pattern[str]
    learned: LearnedCues = field(default_factory=LearnedCues)

    @property
    def verbs(self) -> frozenset[str]:
        """Every verb lemma that can be a cue."""
        return self.speech | self.cognition | self.object_speech | self.infinitive | self.naming | self.attitude \
            | frozenset(self.prepositional)

    @property
    def learned_verbs(self) -> frozenset[str]:
        """Learned verb lemmas that the hand lexicon lacks (alone or with a learned preposition)."""
        return self.learned.heads["VERB"] - self.verbs - self.deny_verbs

    @property
    def learned_nouns(self) -> dict[str, frozenset[str]]:
        """Learned noun lemma -> its learned prepositions, for nouns the hand lexicon lacks."""
        known = self.claim_nouns | frozenset(self.attitude_nouns) | self.document_heads
        return {w: self.learned.noun_preps.get(w, frozenset()) for w in self.learned.heads["NOUN"] - known}

    @property
    def learned_adjectives(self) -> dict[str, frozenset[str]]:
        """Learned adjective lemma -> its learned prepositions ("critical of", "confident that")."""
        return {w: self.learned.adjective_preps.get(w, frozenset()) for w in self.learned.heads["ADJ"]}

    def outlet(self, text: str) -> str | None:
        """The outlet's canonical spelling if `text` names a known news organisation."""
        return self.outlets.get(_fold(text))


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values or ())


def _alternation(phrases: list[str], *, words: bool) -> re.Pattern[str]:
    if not phrases:
        return re.compile(r"(?!x)x")
    body = "|".join(sorted((p if not words else re.escape(p) for p in phrases), key=len, reverse=True))
    return re.compile(rf"\b(?:{body})\b" if words else f"(?:{body})", re.IGNORECASE)


def _prepositional(phrases: Any) -> dict[str, frozenset[str]]:
    """"call for", "criticism of" -> {"call": {"for"}, "criticism": {"of"}}."""
    table: dict[str, set[str]] = {}
    for phrase in phrases:
        word, prep = str(phrase).lower().split()
        table.setdefault(word, set()).add(prep)
    return {word: frozenset(preps) for word, preps in table.items()}


def parse_cues(data: dict[str, Any], learned: LearnedCues | None = None) -> Cues:
    """Build `Cues` from the tables of a cue file (already parsed)."""
    verbs, nouns, speakers, deny = data["verbs"], data["nouns"], data["speakers"], data["deny"]
    outlets = data.get("outlets", {})
    return Cues(
        speech=_words(verbs["speech"]), cognition=_words(verbs["cognition"]),
        object_speech=_words(verbs.get("object_speech")), infinitive=_words(verbs.get("infinitive")),
        attitude=_words(verbs.get("attitude")),
        argument_prepositions=_words(verbs.get("argument_prepositions")),
        particles=_words(verbs.get("particles")),
        prepositional=_prepositional(verbs.get("prepositional", ())), naming=_words(verbs.get("naming")),
        addressee=_words(verbs.get("addressee")), asking=_words(verbs.get("asking")),
        claim_nouns=_words(nouns["claim"]), attitude_nouns=_prepositional(nouns.get("attitude", ())),
        document_heads=_words(data["documents"]["heads"]),
        according=tuple(tuple(p.lower().split()) for p in data["phrases"]["according"]),
        outlets={_fold(n): n for n in outlets.get("names", ())}, press=_words(outlets.get("press")),
        excluded_subjects=_words(speakers["excluded"]),
        impersonal_subjects=_words(speakers.get("impersonal")), person_pronouns=_words(speakers["person_pronouns"]),
        group_pronouns=_words(speakers["group_pronouns"]), first_person=_words(speakers["first_person"]),
        institutions=_words(speakers.get("institutions")),
        state_sectors=frozenset(str(v).upper() for v in speakers.get("state_sectors", ())),
        deny_verbs=_words(deny["verbs"]), deny_objects=_words(deny["objects"]),
        anaphoric=_words(deny["anaphoric"]),
        dismissive=_alternation(list(deny["dismissive"]), words=True),
        boilerplate=_alternation(list(data.get("boilerplate", {}).get("patterns", ())), words=False),
        learned=learned if learned is not None else load_learned(),
    )


def load_cues(path: str | Path | None = None) -> Cues:
    """The cues of `path`, or of the packaged `data/cues.toml` (read once per process)."""
    if path is None:
        return _default_cues()
    with open(path, "rb") as handle:
        return parse_cues(tomllib.load(handle))


@functools.lru_cache(maxsize=1)
def _default_cues() -> Cues:
    with resources.files(__package__).joinpath(DEFAULT_PATH).open("rb") as handle:
        return parse_cues(tomllib.load(handle))
