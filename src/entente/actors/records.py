"""The records of the actor stage: what the knowledge base holds and what recognition yields.

`Actor` is one entry of the knowledge base (a state, a territory, an international organisation or one
of its organs, a state organ, an armed or political group, a person). A person's offices are `Role`s
with start and end dates, so that the same name resolves differently by the article's date.

`Resolution` is what `resolve_phrase` returns for one actor found in a phrase; `Mention` is the same
thing anchored to a character span of an article body. Both are slotted dataclasses with `as_dict`.

Sectors are PLOVER/CAMEO agent codes (GOV, MIL, REB, COP, JUD, LEG, OPP, PTY, BUS, MED = medical,
JRN = media, CVL, EDU, REL, SPY, UAF, CRM, ELI = former officials and elites, ...) plus DIP for
diplomats, which PLOVER folds into GOV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Sector codes used by the knowledge base, with a short gloss each.
SECTORS: dict[str, str] = {
    "GOV": "government, executive",
    "DIP": "diplomats, embassies, foreign missions",
    "MIL": "armed forces",
    "LEG": "legislature, legislators",
    "JUD": "judiciary, courts",
    "COP": "police, internal security",
    "SPY": "intelligence services",
    "REB": "rebels, insurgents, militants",
    "PRM": "paramilitaries, militias",
    "UAF": "unidentified armed forces, gunmen, mercenaries",
    "OPP": "opposition, dissidents, protesters",
    "PTY": "political parties, politicians",
    "ELI": "elites, former officials",
    "BUS": "business",
    "LAB": "labour, trade unions",
    "AGR": "agriculture, farmers",
    "MED": "medical, health",
    "JRN": "media, journalists",
    "EDU": "education, academics",
    "REL": "religious",
    "CVL": "civilians",
    "NGO": "non-governmental organisations",
    "IGO": "international organisations",
    "REF": "refugees, displaced people",
    "CRM": "criminals, gangs",
    "SOC": "social and civic groups",
    "PRE": "partially recognised or breakaway entities",
    "HRI": "human rights bodies",
    "ENV": "environment",
    "UNK": "unknown",
    "JNK": "not an actor",
}

#: Kinds of actor in the knowledge base.
KINDS = ("state", "territory", "entity", "igo", "organ", "group", "party", "org", "person")


@dataclass(slots=True, frozen=True)
class Role:
    """One office a person held: in `country` (a state or an IGO code), in `sector`, between dates.

    `start`/`end` are ISO dates (or None when unknown or still in office); `seen` is the date of a
    snapshot that saw the person in office when the source gives no dates.
    """

    title: str | None
    country: str
    sector: str | None
    start: str | None = None
    end: str | None = None
    office: str | None = None
    subsector: str | None = None
    seen: str | None = None
    source: str | None = None

    def holds_on(self, date: str) -> bool:
        """True if the role was in force on `date` (ISO, any precision; open ends count as open)."""
        if self.start is None and self.end is None:
            return self.seen is not None and self.seen[:4] == date[:4]
        if self.start is not None and date < self.start[: len(date)]:
            return False
        if self.end is not None and date > self.end[: len(date)]:
            return False
        return True

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Role:
        return cls(**{k: data.get(k) for k in cls.__slots__})  # type: ignore[attr-defined]


@dataclass(slots=True)
class Actor:
    """One entry of the actor knowledge base.

    `code` is the ISO 3166-1 alpha-3 code for states and territories, an acronym for international
    organisations (`UN`, `EU`, `NATO`, organs as `UN.SC`, `EU.EP`), and `<COUNTRY>.<NAME>` for state
    organs, groups and people (`USA.CIA`, `LBN.HEZBOLLAH`, `AZE.ILHAM_ALIYEV`). `country` is the state
    (or international organisation) the actor belongs to; for a state it is the state itself.
    """

    code: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_to: str | None = None
    parent: str | None = None
    subsector: str | None = None
    roles: tuple[Role, ...] = ()
    wikidata: str | None = None
    sources: tuple[str, ...] = ()

    def role_on(self, date: str | None) -> Role | None:
        """The role in force on `date`, preferring heads of state and government; None if none."""
        if date is None or not self.roles:
            return None
        held = [r for r in self.roles if r.holds_on(date)]
        if not held:
            return None
        return min(held, key=_role_rank)

    def last_role_before(self, date: str) -> Role | None:
        """The most senior role that ended before `date` (the person is then a former official)."""
        ended = [
            r for r in self.roles if r.end is not None and r.end[: len(date)] < date and r.sector != "ELI"
        ]
        if not ended:
            return None
        return min(ended, key=_role_rank)

    def first_start(self) -> str | None:
        starts = [r.start for r in self.roles if r.start]
        return min(starts) if starts else None

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "sector": self.sector,
            "aliases": list(self.aliases),
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
        }
        if self.parent:
            d["parent"] = self.parent
        if self.subsector:
            d["subsector"] = self.subsector
        if self.roles:
            d["roles"] = [r.as_dict() for r in self.roles]
        if self.wikidata:
            d["wikidata"] = self.wikidata
        return d


_OFFICE_RANK = {"head_of_state": 0, "head_of_government": 1, "foreign_minister": 2, "defence_minister": 3}


def _role_rank(role: Role) -> tuple[int, str]:
    return (_OFFICE_RANK.get(role.office or "", 5 if role.sector == "ELI" else 4), role.start or "")


@dataclass(slots=True)
class Resolution:
    """One actor found in a phrase, with the span of the phrase that names it.

    `code` is the actor's KB code, or None when only a sector is known ("a government spokesman").
    `role` says how the actor is attached: `posted_to:AZE` for a diplomat posted abroad, `location`
    for a place that is only where something happens, `origin` for a birthplace, `office:president`
    for a title resolved by date, `former` for a former office holder.
    """

    code: str | None
    name: str | None
    kind: str | None
    country: str | None
    sector: str | None
    confidence: float
    start: int = 0
    end: int = 0
    text: str = ""
    role: str | None = None
    former: bool = False
    subsector: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "sector": self.sector,
            "subsector": self.subsector,
            "role": self.role,
            "former": self.former,
            "confidence": round(self.confidence, 3),
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(slots=True)
class Mention:
    """One mention of an actor in an article: a character span of the body and what it refers to."""

    start: int
    end: int
    text: str
    actor: str | None
    country: str | None
    sector: str | None
    role: str | None = None
    confidence: float = 1.0
    former: bool = False
    subsector: str | None = None
    name: str | None = None
    kind: str | None = None
    source: str = "kb"
    #: "context" when the country is not named in the mention but read from the article's setting
    #: ("police" in a story from Cairo are Egypt's police).
    country_from: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "actor": self.actor,
            "country": self.country,
            "sector": self.sector,
            "subsector": self.subsector,
            "role": self.role,
            "former": self.former,
            "confidence": round(self.confidence, 3),
            "source": self.source,
        }
        if self.country_from:
            out["country_from"] = self.country_from
        return out


@dataclass(slots=True)
class DocActor:
    """An actor of one article, with its mentions (what `doc._.actors` lists, as dicts)."""

    code: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    mentions: list[Mention] = field(default_factory=list)
    role: str | None = None
    former: bool = False
    inferred_country: str | None = None

    def as_dict(self) -> dict[str, Any]:
        extra = {"inferred_country": self.inferred_country} if self.inferred_country else {}
        return {
            **extra,
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "sector": self.sector,
            "role": self.role,
            "former": self.former,
            "mentions": [m.as_dict() for m in self.mentions],
        }
