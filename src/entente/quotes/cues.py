"""The reporting cues, read from `data/cues.toml`: what marks a quote, its source and a denial.

The words live in the data file, edited by hand; this module only reads them into sets and compiled
patterns, once per process. `load_cues(path)` reads another file with the same tables (for tests or
for a user's own list).
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

DEFAULT_PATH = "data/cues.toml"


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

    @property
    def verbs(self) -> frozenset[str]:
        """Every verb lemma that can be a cue."""
        return self.speech | self.cognition | self.object_speech | self.infinitive | self.naming | self.attitude \
            | frozenset(self.prepositional)

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


def parse_cues(data: dict[str, Any]) -> Cues:
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
