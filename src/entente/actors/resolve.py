"""Phrase -> actors, by dict lookups on normalised tokens; no spaCy needed.

`resolve_phrase("Israel's ambassador to Azerbaijan", date="2013-09-17")` finds the names the knowledge
base knows ("Israel", "Azerbaijan") and the role nouns of the agent lexicon ("ambassador"), then
composes them the way news phrases are built:

* a possessor or an attributive name gives an agent its country: "Israel's ambassador",
  "Azerbaijani officials", "Israeli and Azerbaijani officials", "Minsk police";
* a prepositional phrase does too, or names the host of a diplomat: "trade unions in Denmark",
  "ambassador to Azerbaijan" (role `posted_to:AZE`);
* a title before a name, or the name alone, is resolved by the date: "President Obama" in 2013,
  "Trump" in 2015 (known, no office) and 2018 (in office), "Angela Merkel" in 2022 (former: ELI);
* a title with a country and no name is the office holder on that date: "the Mongolian president";
* a seat of power or an epithet is the government: "the Kremlin", "the Jewish state";
* a nationality adjective before a cultural noun is no actor: "a Turkish pop hit";
* a bare surname is a KB person only with evidence (`entente.actors.people`): a title that fits one of
  the person's offices, their country in the context, or one salient bearer on the date; a given name
  before it must spell the person's own ("Alexander Lukashenko", not "Bernie Sanders");
* a name inside a named thing is no actor ("Korean War", "the Persian Gulf": `entente.actors.named`),
  nor the object of a stance ("the pro-Israel lobby", "anti-American protests").

The same composition runs on the segments the spaCy component cuts from an article
(`entente.actors.recognize`), so that phrases and articles are coded alike.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from . import people
from ._text import spans
from .kb import ActorKB, Agent, Entry, get_kb
from .named import without_named_things
from .records import Actor, Resolution

Tok = tuple[int, int, str, str]  # start, end, lower-case folded text, original text

_PREPS = frozenset(
    {
        "of",
        "to",
        "in",
        "at",
        "for",
        "from",
        "across",
        "with",
        "on",
        "near",
        "inside",
        "outside",
        "throughout",
        "around",
        "into",
        "bound",
        "within",
        "over",
        "via",
        "toward",
        "towards",
        "by",
    }
)
_BREAKS = frozenset({".", ";", ":", "(", ")", '"', "!", "?", "[", "]", "--"})
_GOVLIKE = frozenset(
    {
        "administration",
        "government",
        "regime",
        "cabinet",
        "camp",
        "team",
        "aides",
        "allies",
        "loyalists",
        "forces",
        "supporters",
    }
)
_PERSON_TYPES = frozenset({"name", "surname"})
_GEO_KINDS = frozenset({"state", "territory", "entity"})
#: Sectors of titles that a politician may carry at one time or another ("opposition leader", "MP").
_POLITICAL_TITLE_SECTORS = frozenset({"GOV", "DIP", "LEG", "OPP", "PTY"})
#: A surname borne by officials of this many countries is a common name: alone, it names nobody.
_COMMON_SURNAME_COUNTRIES = 4
_TYPE_SCORE = {"name": 3.0, "seat": 3.0, "adj": 3.0, "capital": 2.5, "place": 1.6, "surname": 1.2}


@dataclass(slots=True)
class Item:
    """A run of tokens [i, j) naming KB actors (`entries`) and/or a role noun (`agent`)."""

    i: int
    j: int
    entries: tuple[Entry, ...] = ()
    agent: Agent | None = None
    choice: Entry | None = None
    former: bool = False


@dataclass(slots=True)
class Ctx:
    kb: ActorKB
    date: str
    countries: dict[str, float] = field(default_factory=dict)
    cues: dict[str, float] = field(default_factory=dict)
    case_free: bool = False
    fill_country: bool = True
    #: Countries that choose among a monarch's realms; None: the context countries and cues.
    realm_votes: dict[str, float] | None = None
    lexicon_cache: dict[str, frozenset[str]] = field(default_factory=dict)

    def words(self, name: str) -> frozenset[str]:
        return self.kb.words(name)


# ---------------------------------------------------------------------------------------------- dates
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def normalise_date(value: str | _dt.date | None) -> str:
    """An ISO date for `value`: today if None or "today"; ISO prefixes kept; other forms via dateparser."""
    if value is None:
        return _dt.date.today().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    v = value.strip()
    if not v or v.lower() in ("today", "now"):
        return _dt.date.today().isoformat()
    m = _ISO.match(v)
    if m:
        return m.group(0)
    return _parse_date(v)


@lru_cache(maxsize=1024)
def _parse_date(v: str) -> str:
    try:
        import dateparser  # local import: slow to load and rarely needed
    except ImportError:  # pragma: no cover
        return _dt.date.today().isoformat()
    d = dateparser.parse(v, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return d.date().isoformat() if d else _dt.date.today().isoformat()


# ---------------------------------------------------------------------------------------------- matching
def case_ok(toks: Sequence[Tok], i: int, e: Entry) -> bool:
    if e.acronym:
        for t in toks[i : i + 1]:
            letters = [c for c in t[3] if c.isalpha()]
            if not letters or not all(c.isupper() for c in letters):
                return False
        return True
    for p in e.caps:
        k = i + p
        if k >= len(toks) or not toks[k][3][:1].isupper():
            return False
    return True


def match_items(toks: Sequence[Tok], kb: ActorKB, *, case_free: bool = False) -> list[Item]:
    """Longest KB aliases and role nouns, left to right, not overlapping."""
    items: list[Item] = []
    lows = [t[2] for t in toks]
    n = len(toks)
    i = 0
    index, agents, maxlen, amaxlen = kb.index, kb.agents, kb.maxlen, kb.agent_maxlen
    lowercase_words = kb.lowercase_words
    while i < n:
        first = lows[i]
        best: Item | None = None
        top = max(maxlen.get(first, 0), amaxlen.get(first, 0))
        for length in range(min(top, n - i), 0, -1):
            k = " ".join(lows[i : i + length]) if length > 1 else first
            entries = index.get(k)
            if entries and not case_free:
                entries = [e for e in entries if case_ok(toks, i, e)]
            elif entries and length == 1 and k in lowercase_words and toks[i][3].islower():
                entries = None
            agent = agents.get(k)
            if entries or agent:
                best = Item(i, i + length, tuple(entries or ()), agent)
                break
        if best is None:
            i += 1
            continue
        items.append(best)
        i = best.j
    return items


# ---------------------------------------------------------------------------------------------- choosing
def entry_score(kb: ActorKB, e: Entry, ctx: Ctx) -> float:
    a = kb.actors[e.actor]
    s = _TYPE_SCORE.get(e.type, 1.0)
    if a.kind in _GEO_KINDS:
        s += 0.6 if a.kind == "state" else 0.2
        if a.valid_to and ctx.date > a.valid_to:
            s -= 2.0
        if a.valid_from and ctx.date < a.valid_from[: len(ctx.date)]:
            s -= 2.0
    elif a.kind == "person":
        s += person_date_score(a, ctx.date)
    else:
        s += 0.3
        if a.valid_to and ctx.date > a.valid_to:
            s -= 1.0
    if "curated" in a.sources:
        s += 0.4
    if a.country and (a.country in ctx.countries or a.country in ctx.cues):
        s += min(2.0, ctx.countries.get(a.country, 0.0) + ctx.cues.get(a.country, 0.0))
    return s


def person_date_score(a: Actor, date: str) -> float:
    role = a.role_on(date)
    if role is not None:
        if role.office in ("head_of_state", "head_of_government"):
            return 2.5
        return 2.0 if role.sector != "ELI" else 0.6
    if a.last_role_before(date) is not None:
        return 1.0
    if any(r.start is None and r.end is None for r in a.roles):
        return 0.8
    return 0.3


def choose(item: Item, ctx: Ctx) -> Entry | None:
    if item.choice is not None or not item.entries:
        return item.choice
    kb = ctx.kb
    best = max(item.entries, key=lambda e: (entry_score(kb, e, ctx), -e.actor))
    item.choice = best
    return best


# ---------------------------------------------------------------------------------------------- composing
@dataclass(slots=True)
class Unit:
    """A token-level view of a segment: an Item, or a connector word."""

    kind: str  # item | poss | cc | prep | det | name | other | break | dash | origin | former | stance
    i: int
    j: int
    item: Item | None = None
    word: str = ""


def _start_of(item: Item) -> int:
    return item.i


def units_of(
    toks: Sequence[Tok], items: list[Item], ctx: Ctx, lo: int, hi: int, pos: Sequence[str] | None = None
) -> list[Unit]:
    out: list[Unit] = []
    # items come left to right (match_items): the window's are found by bisection, not by a scan of
    # the whole Doc's items for each of its segments
    first, last = bisect.bisect_left(items, lo, key=_start_of), bisect.bisect_left(items, hi, key=_start_of)
    by_start = {it.i: it for it in items[first:last]}
    dets = ctx.words("determiners")
    formers = ctx.words("former_words")
    origins = ctx.words("origin_suffixes")
    stances = ctx.words("stance_prefixes")
    k = lo
    while k < hi:
        if toks[k][2] in stances and k + 2 < hi and toks[k + 1][2] == "-" and k + 2 in by_start:
            # "pro-Israel", "anti-American": a stance towards the actor that follows, not the actor
            out.append(Unit("stance", k, k + 2, word=toks[k][2]))
            k += 2
            continue
        it = by_start.get(k)
        if it is not None:
            if it.agent is not None and "former" in it.agent.flags and not it.entries:
                out.append(Unit("former", it.i, it.j, word=toks[k][2]))
            else:
                out.append(Unit("item", it.i, it.j, it))
            k = it.j
            continue
        low, orig = toks[k][2], toks[k][3]
        if low in ("'s", "'"):
            kind = "poss"
        elif low in ("and", "or", "&", ",", "/"):
            kind = "cc"
        elif low == "-" and k + 1 < hi and toks[k + 1][2] in origins:
            out.append(Unit("origin", k, k + 2, word=toks[k + 1][2]))
            k += 2
            continue
        elif low in formers:
            kind = "former"
        elif low in _PREPS:
            kind = "prep"
        elif low in dets:
            kind = "det"
        elif low == "." and k > lo and len(toks[k - 1][2]) <= 3 and toks[k - 1][3][:1].isupper():
            kind = "other"  # "St. Andrews", "Gen. X": an abbreviation, not a sentence end
        elif low in _BREAKS or (not low[:1].isalnum() and low not in ("-",)):
            kind = "break"
        elif low == "-":
            kind = "dash"
        elif orig[:1].isupper() and not ctx.case_free and (pos is None or pos[k] == "PROPN"):
            kind = "name"
        else:
            kind = "other"
        out.append(Unit(kind, k, k + 1, word=low))
        k += 1
    return out


def _entity_sector(kb: ActorKB, e: Entry, locative: bool) -> tuple[str | None, str | None]:
    """(sector, role) of a geographic/organisation mention on its own."""
    a = kb.actors[e.actor]
    if a.kind in ("state", "territory"):
        if e.type == "seat":
            return "GOV", None
        if e.type == "capital":
            return (None, "location") if locative else ("GOV", None)
        if e.type == "place":
            return None, "location"
        return None, ("location" if locative else None)
    if a.kind == "entity":
        return (a.sector, "location") if locative else (a.sector, None)
    return a.sector, None


class Composer:
    """Composes the units of one segment into resolutions (token spans, resolved by `ctx`)."""

    def __init__(self, toks: Sequence[Tok], units: list[Unit], ctx: Ctx) -> None:
        self.toks = toks
        self.u = units
        self.ctx = ctx
        self.kb = ctx.kb
        self.used: set[int] = set()
        self.out: list[Resolution] = []

    # -------------------------------------------------------------- helpers
    def actor(self, it: Item) -> Actor | None:
        e = choose(it, self.ctx)
        return None if e is None else self.kb.actors[e.actor]

    def is_person(self, it: Item) -> bool:
        e = choose(it, self.ctx)
        return e is not None and e.type in _PERSON_TYPES and self.kb.actors[e.actor].kind == "person"

    def is_entity(self, it: Item) -> bool:
        e = choose(it, self.ctx)
        return e is not None and not self.is_person(it)

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.toks[self.u[a].i][0], self.toks[self.u[b].j - 1][1]

    def locative_before(self, x: int) -> bool:
        preps = self.ctx.words("locative_preps")
        k = x - 1
        while k >= 0 and self.u[k].kind in ("det", "other"):
            k -= 1
        return (
            k >= 0
            and self.u[k].kind == "prep"
            and self.u[k].word in preps
            or (k >= 0 and self.u[k].kind == "other" and self.u[k].word in preps)
        )

    # -------------------------------------------------------------- left context of a head
    def left_modifiers(self, x: int) -> tuple[list[int], int | None, bool, list[int]]:
        """Items modifying unit x from the left: attributive entity items, a possessor, a former flag, titles.

        Returns (entity unit indexes, possessor agent unit index, former, title unit indexes)."""
        ents: list[int] = []
        titles: list[int] = []
        poss_agent = None
        former = False
        k = x - 1
        skipped = 0
        while k >= 0:
            u = self.u[k]
            if u.kind == "former":
                former = True
            elif u.kind in ("det", "stance"):
                pass
            elif u.kind == "item" and self.after_stance(k):
                pass  # "pro-Moscow leaders": the leaders are not Moscow's
            elif u.kind == "other":
                skipped += 1
                if skipped > 3:
                    break
            elif u.kind == "cc" and u.word == "and" and self.modifiers_reach_a_name(k):
                skipped += 1  # "French political and military officials": coordinated modifiers of one head
                if skipped > 3:
                    break
            elif u.kind == "poss":
                # X 's head: the possessor, and what modifies it
                k -= 1
                if k >= 0 and self.u[k].kind == "item":
                    it = self.u[k].item
                    assert it is not None
                    if it.entries and self.is_entity(it):
                        ents.append(k)
                        k = self._coordinated_left(k, ents)
                        continue
                    if it.agent is not None:
                        poss_agent = k
                        sub_ents, _, sub_former, _ = self.left_modifiers(k)
                        ents.extend(sub_ents)
                        former = former or sub_former
                        break
                break
            elif u.kind == "item":
                it = u.item
                assert it is not None
                if it.entries and self.is_entity(it):
                    ents.append(k)
                    k = self._coordinated_left(k, ents)
                    continue
                if it.agent is not None and it.agent.is_title and not it.entries:
                    titles.append(k)
                elif it.agent is not None and not it.entries:
                    pass  # "government" in "government spokesman" (already one agent) or a stacked noun
                else:
                    break
            else:
                break
            k -= 1
        return ents, poss_agent, former, titles

    def modifiers_reach_a_name(self, k: int) -> bool:
        """Does one plain word left of the conjunction at k follow a name that modifies both
        ("French political and military officials"; not "Turkey mount air and land ...")?"""
        j = k - 2
        if j < 0 or self.u[k - 1].kind != "other":
            return False
        it = self.u[j].item
        return self.u[j].kind == "item" and it is not None and bool(it.entries) and self.is_entity(it)

    def _coordinated_left(self, k: int, ents: list[int]) -> int:
        """From entity unit k, absorb "X and Y" / "X, Y and" coordinated entities to the left."""
        k -= 1
        while k >= 1 and self.u[k].kind == "cc" and self.u[k - 1].kind == "item":
            it = self.u[k - 1].item
            assert it is not None
            if not (it.entries and self.is_entity(it)):
                break
            ents.append(k - 1)
            k -= 2
        return k

    def right_attachments(self, x: int) -> list[tuple[str, int]]:
        """(preposition, unit index) of the entities that prepositional phrases attach to unit x."""
        out: list[tuple[str, int]] = []
        k = x + 1
        prep = None
        while k < len(self.u):
            u = self.u[k]
            if u.kind == "prep":
                prep = u.word
            elif u.kind in ("det", "other", "name", "dash", "poss", "former", "stance"):
                pass
            elif u.kind == "item" and self.after_stance(k):
                pass
            elif u.kind == "item" and prep is not None:
                it = u.item
                assert it is not None
                if it.entries and self.is_entity(it):
                    if choose(it, self.ctx).type == "adj":  # type: ignore[union-attr]
                        # "dance to Turkish and Russian pop hits": no actor; "of the Chadian League": one
                        nxt = self.u[k + 1] if k + 1 < len(self.u) else None
                        noun_next = nxt is not None and (
                            nxt.kind in ("other", "name")
                            or (nxt.kind == "item" and nxt.item is not None and nxt.item.agent is not None)
                        )
                        if not noun_next or self.nonactor_head(k):
                            break
                    out.append((prep, k))
                elif it.agent is not None and prep in ("of", "for"):
                    out.append((prep, k))
            elif u.kind == "cc" and prep is not None:
                pass
            else:
                break
            k += 1
        return out

    # -------------------------------------------------------------- emitting
    def emit(
        self,
        a: int,
        b: int,
        *,
        code: str | None,
        name: str | None,
        kind: str | None,
        country: str | None,
        sector: str | None,
        conf: float,
        role: str | None = None,
        former: bool = False,
        subsector: str | None = None,
    ) -> None:
        s, e = self.span(a, b)
        if country is None and code is None and self.ctx.countries and self.ctx.fill_country:
            top = max(self.ctx.countries.items(), key=lambda kv: kv[1])
            if top[1] >= 1.0 and sector is not None:
                country, conf = top[0], conf * 0.8
        if former and sector not in (None, "ELI"):
            subsector, sector = sector, "ELI"
        self.out.append(
            Resolution(
                code=code,
                name=name,
                kind=kind,
                country=country,
                sector=sector,
                confidence=conf,
                start=s,
                end=e,
                role=role,
                former=former,
                subsector=subsector,
            )
        )

    # -------------------------------------------------------------- the rules
    def foreign_organs(self) -> None:
        for x, u in enumerate(self.u):
            it = u.item
            if u.kind != "item" or it is None or not it.entries or it.agent is None:
                continue
            a = self.actor(it)
            if a is None or a.kind not in ("organ", "igo"):
                continue
            k = x - 1
            while k >= 0 and self.u[k].kind in ("det", "other"):
                k -= 1
            if k >= 0 and self.u[k].kind == "poss":
                k -= 1
            if k >= 0 and self.u[k].kind == "item" and self.u[k].item is not None and self.u[k].item.entries:
                b = self.actor(self.u[k].item)  # type: ignore[arg-type]
                if b is not None and b.kind in _GEO_KINDS and (b.country or b.code) != a.country:
                    it.entries, it.choice = (), None

    def run(self) -> list[Resolution]:
        self.foreign_organs()
        self.join_given_names()
        self.demote_surnames()
        for x, u in enumerate(self.u):
            if u.kind == "item" and u.item is not None and u.item.entries and self.is_person(u.item):
                self.person(x)
        # right to left: in "the governor's spokesman" the head is the spokesman
        for x, u in enumerate(self.u):
            if x in self.used or u.kind != "item" or u.item is None:
                continue
            if u.item.agent is not None and not (u.item.entries and self.is_entity(u.item)):
                if self.is_possessor(x):
                    continue
                self.agent(x)
        for x, u in enumerate(self.u):
            if x in self.used or u.kind != "item" or u.item is None or not u.item.entries:
                continue
            if self.is_entity(u.item):
                self.entity(x)
        self.out.sort(key=lambda r: (r.start, r.end))
        return self.out

    def demote_surnames(self) -> None:
        """A bare surname is a person of the KB only with evidence (see `entente.actors.people`): a title
        that fits one of the person's offices, the person's country named in the context, or a surname
        that one salient person bears around the date; and never beside an unknown capitalised word
        ("Michael Jordan", "Mohammad Arif Nuri"). Otherwise it is an unknown name."""
        given = self.kb.lexicon.get("given_name_countries", ())
        for x, u in enumerate(self.u):
            it = u.item
            if u.kind != "item" or it is None or not it.entries or it.agent is not None:
                continue
            if (
                it.j - it.i == 1
                and self.toks[it.i][3] in given
                and x + 1 < len(self.u)
                and self.u[x + 1].kind in ("name", "item")
                and self.u[x + 1].item is None
                or (
                    it.j - it.i == 1
                    and self.toks[it.i][3] in given
                    and x + 1 < len(self.u)
                    and self.u[x + 1].item is not None
                    and self.u[x + 1].item.entries  # type: ignore[union-attr]
                    and all(e.type == "surname" for e in self.u[x + 1].item.entries)
                )
            ):  # type: ignore[union-attr]
                # "Chad Smith", "Jordan Peterson": a given name, not the country
                self.demote(x)
                continue
            if (
                x + 1 < len(self.u)
                and self.u[x + 1].kind == "name"
                and all(self.kb.actors[e.actor].kind == "person" for e in it.entries)
            ):
                # "Juan Carlos Jobet" is not King Juan Carlos
                self.demote(x)
                continue
            if not all(e.type == "surname" for e in it.entries):
                continue
            beside = (
                (x > 0 and self.u[x - 1].kind == "name")
                or (x + 1 < len(self.u) and self.u[x + 1].kind == "name")
                or self.hyphenated_to_name(x)
                or self.after_initials(x)
            )
            title = self.title_before(x)
            bearers = [self.kb.actors[e.actor] for e in it.entries]
            cands = [e for e in it.entries if self.surname_evidence(self.kb.actors[e.actor], title, bearers)]
            if beside or not cands:
                self.demote(x)
                continue
            it.entries = tuple(cands)
            it.choice = None

    def after_initials(self, x: int) -> bool:
        """Is unit x a surname after initials ("M. Walker", "I.K. Gujral")? Initials are no full name."""
        k = self.u[x].i
        prev = self.toks[k - 1][3] if k >= 1 else ""
        if re.fullmatch(r"(?:[^\W\d_]\.){2,}", prev):
            return True
        return prev == "." and k >= 2 and len(self.toks[k - 2][3]) == 1 and self.toks[k - 2][3].isupper()

    def hyphenated_to_name(self, x: int) -> bool:
        """Is unit x joined by a hyphen to a capitalised word ("Wa-Jama", "Jean-Jacques")?"""
        before = x >= 2 and self.u[x - 1].kind == "dash" and self.toks[self.u[x - 2].i][3][:1].isupper()
        after = (
            x + 2 < len(self.u)
            and self.u[x + 1].kind == "dash"
            and self.toks[self.u[x + 2].i][3][:1].isupper()
        )
        return before or after

    def demote(self, x: int) -> None:
        """Unit x is a capitalised word of some unknown name, not a KB actor."""
        u = self.u[x]
        u.kind, u.word, u.item = "name", self.toks[u.i][2], None

    def title_before(self, x: int) -> Agent | None:
        """The title right before unit x ("Senator" in "Senator Warren"), if any."""
        if x == 0:
            return None
        prev = self.u[x - 1]
        it = prev.item
        if prev.kind == "item" and it is not None and it.agent is not None and not it.entries:
            return it.agent if it.agent.is_title else None
        return None

    def surname_evidence(self, a: Actor, title: Agent | None, bearers: Sequence[Actor]) -> bool:
        """Is a bare surname this person? With a title: if the title fits one of the person's offices.
        Without: if the context names the person's country, or the surname stands alone on the date
        (one salient bearer, no active namesake abroad, not a name shared across many countries)."""
        votes = {**self.ctx.countries, **self.ctx.cues}
        if title is not None:
            # a political title fits a politician of the named country, whose offices the KB may not all
            # know ("opposition leader Peres"); an office ("King") or a profession ("Professor") must fit
            loose = title.office is None and title.sector in _POLITICAL_TITLE_SECTORS
            return people.title_fits(self.kb, title, a) or (
                loose and self.prominent(a) and people.country_named(a, votes)
            )
        if people.country_named(a, votes):
            return True
        if len({b.country for b in bearers}) >= _COMMON_SURNAME_COUNTRIES:
            return False
        return self.prominent(a) and people.stands_alone(a, bearers, self.ctx.date)

    def join_given_names(self) -> None:
        """A capitalised word right before a surname is a given name. If it fits the given name of a
        person bearing the surname ("Alexander Lukashenko"), the two are that person's full name; if not
        ("Bernie Sanders"), both are words of an unknown name. A KB surname followed by another part of a
        name ("Thomas Rivera Schatz", "Robert Hunter", "Jean-Jacques Muyembe") is a given name too."""
        x = 0
        while x + 1 < len(self.u):
            if self.is_given_name_slot(x) and self.is_surname_unit(x + 1):
                word = self.toks[self.u[x].i][3]
                nxt = self.u[x + 1].item
                assert nxt is not None
                fits = [
                    e for e in nxt.entries if people.given_name_fits(self.kb, word, self.kb.actors[e.actor])
                ]
                if fits:
                    self.merge_full_name(x, fits)
                elif self.u[x].kind == "item":
                    self.demote(x)
            elif self.is_surname_unit(x) and self.name_part_follows(x):
                self.demote(x)
                nxt_u = self.u[x + 1]
                if nxt_u.kind == "item" and nxt_u.item is not None and nxt_u.item.agent is not None:
                    self.demote(x + 1)  # "Robert Hunter": a capitalised role noun after a given name
            x += 1

    def is_surname_unit(self, x: int) -> bool:
        it = self.u[x].item
        return (
            self.u[x].kind == "item"
            and it is not None
            and it.agent is None
            and bool(it.entries)
            and all(e.type == "surname" for e in it.entries)
        )

    def is_given_name_slot(self, x: int) -> bool:
        """A capitalised proper name, or a one-word KB surname (many given names are surnames too)."""
        u = self.u[x]
        if u.kind == "name":
            return self.toks[u.i][2].isalpha()
        return self.is_surname_unit(x) and u.j - u.i == 1

    def name_part_follows(self, x: int) -> bool:
        """Is unit x followed by another part of a personal name: a capitalised name, a capitalised role
        noun that is no title ("Hunter"), or a hyphen and a capitalised word ("Jean-Jacques")?"""
        if x + 1 >= len(self.u):
            return False
        nxt = self.u[x + 1]
        if nxt.kind == "name":
            return True
        if nxt.kind == "dash" and x + 2 < len(self.u):
            after = self.u[x + 2]
            return after.kind in ("name", "item") and self.toks[after.i][3][:1].isupper()
        it = nxt.item
        return (
            nxt.kind == "item"
            and it is not None
            and it.agent is not None
            and not it.entries
            and not it.agent.is_title
            and it.j - it.i == 1
            and self.toks[it.i][3][:1].isupper()
            and self.toks[it.i][2] not in _GOVLIKE
        )

    def merge_full_name(self, x: int, entries: Sequence[Entry]) -> None:
        """Units x (given name) and x+1 (surname) become one item naming the fitting people in full."""
        given, surname = self.u[x], self.u[x + 1]
        full = tuple(Entry(e.actor, "name", e.caps, e.acronym) for e in entries)
        item = Item(given.i, surname.j, full)
        self.u[x : x + 2] = [Unit("item", given.i, surname.j, item)]

    def is_possessor(self, x: int) -> bool:
        """An agent followed by 's and another agent owns that agent ("the governor's spokesman")."""
        k = x + 1
        if k >= len(self.u) or self.u[k].kind != "poss":
            return False
        k += 1
        while k < len(self.u) and self.u[k].kind in ("other", "det"):
            k += 1
        return (
            k < len(self.u)
            and self.u[k].kind == "item"
            and self.u[k].item is not None
            and self.u[k].item.agent is not None
        )  # type: ignore[union-attr]

    def prominent(self, a: Actor) -> bool:
        """Leaders and ministers whose offices are dated by Wikidata or the curated list."""
        if a.kind != "person":
            return False
        if "curated" in a.sources:
            return True
        return any(r.office for r in a.roles if r.source != "phoenix")

    def chosen(self, x: int) -> tuple[Item, Entry, Actor]:
        """Unit x's matched item, the entry the context chooses for it, and that entry's actor."""
        it = self.u[x].item
        assert it is not None
        e = choose(it, self.ctx)
        assert e is not None
        return it, e, self.kb.actors[e.actor]

    def after_stance(self, x: int) -> bool:
        """Is unit x the object of a stance prefix ("pro-Israel", "anti-American")?"""
        return x > 0 and self.u[x - 1].kind == "stance"

    def realm_votes(self) -> dict[str, float]:
        """Countries the context points to, for a monarch of several realms; the article's component
        sets `ctx.realm_votes` (it settles realms itself), a phrase uses its context."""
        if self.ctx.realm_votes is not None:
            return self.ctx.realm_votes
        return {**self.ctx.countries, **self.ctx.cues}

    def person(self, x: int) -> None:
        it, e, a = self.chosen(x)
        if self.after_stance(x):
            self.used.add(x)  # "pro-Putin", "anti-Trump": a stance towards the person, who does not act here
            return
        ents, poss_agent, former, titles = self.left_modifiers(x)
        title_agents = [self.u[t].item.agent for t in titles if self.u[t].item is not None]
        # "Michael Jordan", "Chad Smith": a country name next to an unknown capitalised word is a person
        left = min([x] + titles + ents)
        self.used.update([x, *titles, *ents])
        if poss_agent is not None:
            self.used.add(poss_agent)
        date = self.ctx.date
        role = people.choose_role(a, date, self.realm_votes())
        conf = 0.95 if e.type == "name" else 0.8
        country, sector, sub, rolestr = a.country, a.sector, a.subsector, None
        is_former = former
        if role is not None:
            country, sector, sub = role.country, role.sector, role.subsector
            if role.sector == "ELI":
                sector = "ELI"
        else:
            last = a.last_role_before(date)
            undated = [r for r in a.roles if r.start is None and r.end is None]
            if last is not None:
                country, is_former = last.country, True
                sector, sub = last.sector, last.subsector
            elif undated:
                r = min(undated, key=lambda r: 0 if r.office else 1)
                country, sector, sub = r.country, r.sector, r.subsector
                conf *= 0.85
            else:
                sector, sub = None, None
                conf *= 0.8
                for ag in title_agents:
                    if ag is not None:
                        sector, sub = ag.sector, ag.subsector
        if a.kind == "person" and self.u[x].j < len(self.toks) and self.followed_by_govlike(x):
            # "the Obama administration"
            self.used.add(x + 1)
            s, _ = self.span(left, x)
            st = self.kb.get(country or "") if country else None
            self.out.append(
                Resolution(
                    code=st.code if st else country,
                    name=st.name if st else None,
                    kind=st.kind if st else None,
                    country=country,
                    sector="GOV",
                    confidence=0.85,
                    start=s,
                    end=self.toks[self.u[x + 1].j - 1][1],
                )
            )
            return
        if is_former and sector not in ("ELI",):
            rolestr = "former"
        self.emit(
            left,
            x,
            code=a.code,
            name=a.name,
            kind=a.kind,
            country=country,
            sector=sector,
            conf=conf,
            role=rolestr,
            former=is_former,
            subsector=sub,
        )

    def followed_by_govlike(self, x: int) -> bool:
        if x + 1 >= len(self.u):
            return False
        nxt = self.u[x + 1]
        return (
            nxt.kind == "item"
            and nxt.item is not None
            and nxt.item.agent is not None
            and self.toks[nxt.i][2] in ("administration", "government", "regime", "cabinet")
        )

    def surname_ok(self, a: Actor) -> bool:
        """A bare surname is accepted for people who held a dated office (leaders, ministers)."""
        return (
            any(r.start or r.end for r in a.roles if r.sector != "ELI")
            or a.role_on(self.ctx.date) is not None
        )

    def agent(self, x: int) -> None:
        it = self.u[x].item
        assert it is not None and it.agent is not None
        ag = it.agent
        if self.after_stance(x):
            self.used.add(x)  # "pro-government militias": the role noun only modifies the next one
            return
        nxt = self.u[x + 1] if x + 1 < len(self.u) else None
        if (
            nxt is not None
            and nxt.kind == "item"
            and nxt.item is not None
            and nxt.item.entries
            and self.is_entity(nxt.item)
            and self.actor(nxt.item) is not None
            and self.actor(nxt.item).kind not in _GEO_KINDS
        ):  # type: ignore[union-attr]
            # "the rebel FDLR force", "the militant group Hamas": the name is the head
            self.used.add(x)
            return
        ents, poss_agent, former, titles = self.left_modifiers(x)
        self.used.update([x, *titles])
        sector, sub = ag.sector, ag.subsector
        left = min([x] + ents + titles + ([poss_agent] if poss_agent is not None else []))
        right = x
        rel = "rel" in ag.flags
        if poss_agent is not None:
            self.used.add(poss_agent)
            pa = self.u[poss_agent].item.agent  # type: ignore[union-attr]
            if rel and pa is not None:
                sector, sub = pa.sector, pa.subsector
        posted = None
        # "a state of emergency in Iraq": a place after a thing that is no actor stays a place
        attach = [] if ag.sector == "JNK" else self.right_attachments(x)
        for prep, k in attach:
            tgt = self.u[k].item
            assert tgt is not None
            if tgt.entries and self.is_entity(tgt):
                tact = self.actor(tgt)
                if "post" in ag.flags and prep in ("to", "in", "at") and posted is None and tact is not None:
                    posted = tact.country or tact.code
                    self.used.add(k)
                    right = max(right, k)
                    continue
                if not ents:
                    ents.append(k)
                    right = max(right, k)
            elif tgt.agent is not None and rel and prep in ("of", "for"):
                sector, sub = tgt.agent.sector, tgt.agent.subsector
                self.used.add(k)
                right = max(right, k)
        # a person named right after the agent ("spokesman, Mohammad Nuri") stays unknown
        if not ents:
            if ag.office and self.ctx.countries and not rel:
                pass
            if not self.agent_alone_ok(ag, x):
                return
            self.emit(
                left,
                right,
                code=None,
                name=None,
                kind=None,
                country=None,
                sector=sector,
                subsector=sub,
                conf=0.6,
                former=former,
                role=f"posted_to:{posted}" if posted else None,
            )
            return
        # one resolution per coordinated entity; when several share the head, each span is its own name
        shared = len(set(ents)) > 1
        for k in sorted(set(ents)):
            tgt = self.u[k].item
            assert tgt is not None
            e = choose(tgt, self.ctx)
            assert e is not None
            ta = self.kb.actors[e.actor]
            self.used.add(k)
            sec, ssub = sector, sub
            tsec = ta.sector
            if ta.roles and ta.kind != "person":
                dated = ta.role_on(self.ctx.date)
                tsec = dated.sector if dated is not None else tsec
            generic = rel or ag.is_title or ag.sector in ("GOV", "UNK", "CVL") or "rel" in ag.flags
            if (ta.kind not in _GEO_KINDS or ta.kind == "entity") and tsec and generic:
                sec, ssub = tsec, (ag.sector if ag.sector != tsec else ssub)
            country = ta.country if ta.kind != "entity" else ta.country
            code, name, kind = ta.code, ta.name, ta.kind
            role = f"posted_to:{posted}" if posted else None
            conf = 0.9
            if ta.kind in _GEO_KINDS and ag.office and not former:
                holder = self.office_holder(ta.country or ta.code, ag.office)
                if holder is not None:
                    code, name, kind = holder.code, holder.name, holder.kind
                    role = f"office:{ag.office}"
                    conf = 0.85
            if ta.kind == "entity":
                code, name, kind = ta.code, ta.name, ta.kind
            a0, b0 = (k, k) if shared else (min(left, k), max(right, k))
            self.emit(
                a0,
                b0,
                code=code,
                name=name,
                kind=kind,
                country=country,
                sector=sec,
                subsector=ssub,
                conf=conf,
                role=role,
                former=former,
            )

    def agent_alone_ok(self, ag: Agent, x: int) -> bool:
        return True

    def office_holder(self, country: str, office: str) -> Actor | None:
        cands: list[Actor] = []
        for o in self.kb.office_for(country, office):
            cands.extend(self.kb.holders(country, o, self.ctx.date))
        uniq = {a.code: a for a in cands}
        if len(uniq) == 1:
            return next(iter(uniq.values()))
        return None

    def entity(self, x: int) -> None:
        it, e, a = self.chosen(x)
        self.used.add(x)
        if self.after_stance(x):
            return  # "the pro-Israel lobby", "anti-American protests": the name only says what for or against
        # origin: "Azerbaijan-born" names a birthplace, not an actor
        if x + 1 < len(self.u) and self.u[x + 1].kind == "origin":
            return
        if a.kind in _GEO_KINDS and e.type == "name" and self.person_name_next_to(x, a):
            return
        if e.type == "adj" and self.nonactor_head(x):
            return
        if e.type == "name" and a.kind in ("state", "territory") and self.nonactor_head(x, attributive_only=True):
            return  # "U.S. long bond rates", "the Iran market": the name only modifies a thing
        locative = self.locative_before(x)
        if locative and a.kind not in _GEO_KINDS:
            geo = [g for g in it.entries if self.kb.actors[g.actor].kind in _GEO_KINDS]
            if geo:
                e = max(geo, key=lambda g: entry_score(self.kb, g, self.ctx))
                a = self.kb.actors[e.actor]
        sector, role = _entity_sector(self.kb, e, locative)
        dated = a.role_on(self.ctx.date) if a.roles else None
        if dated is not None and a.kind not in _GEO_KINDS:
            sector = dated.sector
        conf = 0.9 if e.type in ("name", "seat", "adj") else 0.75
        if a.kind not in _GEO_KINDS:
            conf = 0.9
        code = a.code
        country = a.country if a.kind not in ("state", "territory") else a.code
        end = x
        if e.type == "adj":
            # "a Turkish ship", "Azerbaijani airfields": the span runs to the noun the adjective modifies
            k = x + 1
            while k < len(self.u) and k - x <= 3 and self.u[k].kind == "other":
                end = k
                k += 1
        self.emit(
            x, end, code=code, name=a.name, kind=a.kind, country=country, sector=sector, conf=conf, role=role
        )

    def person_name_next_to(self, x: int, a: Actor) -> bool:
        """A one-word country name beside an unknown capitalised word: "Jordan Peterson", "Michael Jordan"."""
        it = self.u[x].item
        assert it is not None
        if it.j - it.i != 1:
            return False
        word = self.toks[it.i][3]
        if word not in self.kb.lexicon.get("given_name_countries", ()):
            return False
        nxt = self.u[x + 1] if x + 1 < len(self.u) else None
        prv = self.u[x - 1] if x > 0 else None
        return (nxt is not None and nxt.kind == "name") or (prv is not None and prv.kind == "name")

    def nonactor_head(self, x: int, *, attributive_only: bool = False) -> bool:
        """Is the noun an adjective modifies a cultural word ("Turkish and Russian pop hits")?

        With `attributive_only`, only a head right after the modifier's own words counts (a name used as
        a modifier, "U.S. bond rates"), not one after a conjoined actor."""
        heads = self.ctx.words("nonactor_heads")
        if attributive_only and not (x + 1 < len(self.u) and self.u[x + 1].kind in ("other", "name")):
            return False
        k = x + 1
        last_word = None
        while k < len(self.u):
            u = self.u[k]
            if u.kind in ("other", "name"):
                last_word = u.word
            elif u.kind == "cc" or (
                u.kind == "item"
                and u.item is not None
                and u.item.entries
                and self.is_entity(u.item)
                and last_word is None
            ):
                pass
            else:
                break
            k += 1
        return last_word is not None and last_word in heads


# ---------------------------------------------------------------------------------------------- API
def cue_votes(kb: ActorKB, text: str) -> dict[str, float]:
    """Votes from the lexicon's context cues ("Atlanta", "Republican" for the US; "Tbilisi" for Georgia)."""
    out: dict[str, float] = {}
    if not text:
        return out
    for country, cues in kb.lexicon.get("context_cues", {}).items():
        # the plain substring test first: most cues are absent, and it is a hundred times cheaper
        n = sum(1 for c in cues if c in text and re.search(r"(?<!\w)" + re.escape(c) + r"(?!\w)", text))
        if n:
            out[country] = float(n)
    return out


def context_countries(text: str | None, kb: ActorKB) -> dict[str, float]:
    """Countries a context string names (each state-like mention counts 1), and its context cues."""
    if not text:
        return {}
    toks = spans(text)
    out: dict[str, float] = {}
    for it in match_items(toks, kb, case_free=_is_case_free(text)):
        for e in it.entries:
            a = kb.actors[e.actor]
            if a.country and e.type != "surname":
                out[a.country] = out.get(a.country, 0.0) + 1.0
                break
    return out


def _is_case_free(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and (all(c.islower() for c in letters) or all(c.isupper() for c in letters))


def resolve_tokens(
    toks: Sequence[Tok],
    ctx: Ctx,
    *,
    items: list[Item] | None = None,
    lo: int = 0,
    hi: int | None = None,
    pos: Sequence[str] | None = None,
) -> list[Resolution]:
    """Compose the tokens [lo, hi) into resolutions (spans are character offsets of the token source)."""
    if items is None:
        items = match_items(toks, ctx.kb, case_free=ctx.case_free)
    hi = len(toks) if hi is None else hi
    units = units_of(toks, items, ctx, lo, hi, pos)
    return Composer(toks, units, ctx).run()


def resolve_phrase(
    text: str, *, date: str | _dt.date | None = None, context: str | None = None, kb: ActorKB | None = None
) -> list[Resolution]:
    """The actors a short phrase names, resolved on `date` (ISO; default today), helped by `context`
    (a country name, an adjective or a sentence). Spans are offsets into `text`."""
    kb = kb or get_kb()
    toks = spans(text)
    if not toks:
        return []
    ctx = Ctx(
        kb=kb,
        date=normalise_date(date),
        countries=context_countries(context, kb),
        cues=cue_votes(kb, context or ""),
        case_free=_is_case_free(text),
    )
    matched = match_items(toks, kb, case_free=ctx.case_free)
    items = without_named_things(toks, matched, kb, case_free=ctx.case_free)
    kept = {id(it) for it in items}
    named = {k for it in matched if id(it) not in kept for k in range(it.i, it.j)}
    out = resolve_tokens(toks, ctx, items=items)
    if not any(r.country for r in out):
        extra = fuzzy_items(toks, items, kb, skip=named)
        if extra:
            taken = {k for it in extra for k in range(it.i, it.j)}
            items = sorted(
                [it for it in items if not taken & set(range(it.i, it.j))] + extra, key=lambda it: it.i
            )
            fuzzy_out = resolve_tokens(toks, ctx, items=items)
            if any(r.country for r in fuzzy_out):
                for r in fuzzy_out:
                    r.confidence *= 0.8
                out = fuzzy_out
    for r in out:
        r.text = text[r.start : r.end]
    return out


def fuzzy_items(
    toks: Sequence[Tok], items: list[Item], kb: ActorKB, *, skip: Iterable[int] = ()
) -> list[Item]:
    """Items for runs of unmatched capitalised words that are close misspellings of a KB name (not
    the tokens in `skip`: names known to be parts of a named thing)."""
    covered = set(skip)
    for it in items:
        if it.agent is None and it.entries and all(e.type == "surname" for e in it.entries):
            continue  # a bare surname may be the end of a misspelt name ("... Wa-Jama")
        covered.update(range(it.i, it.j))
    out: list[Item] = []
    k = 0
    n = len(toks)
    while k < n:
        if k in covered or not toks[k][3][:1].isupper() or not toks[k][2].isalpha():
            k += 1
            continue
        j = k
        while j < n and j not in covered and (toks[j][3][:1].isupper() or toks[j][2] in ("-", "'")):
            j += 1
        while j > k:
            found = kb.fuzzy(" ".join(t[2] for t in toks[k:j]))
            if found and found[1]:
                out.append(Item(k, j, tuple(found[1])))
                break
            j -= 1
        k = max(j, k + 1)
    return out


def resolve_many(
    phrases: Iterable[str], *, date: str | None = None, kb: ActorKB | None = None
) -> list[list[Resolution]]:
    kb = kb or get_kb()
    return [resolve_phrase(p, date=date, kb=kb) for p in phrases]
