"""The actor knowledge base: loaded once from the package data, indexed for dict lookups.

The shipped data (`data/actors.jsonl.gz`, built by `scripts/build_actor_kb.py`) holds one actor per
line. A user's own file in the same format (JSON Lines, optionally gzipped) extends it without
editing the package: name it with the `ENTENTE_ACTORS` environment variable (several paths joined by
the OS path separator) or pass `extra=` to `load_kb`. A line with an existing `code` adds to that
actor (names, roles) and overrides the scalar fields it gives; a line with a new code adds an actor.

Each line looks like::

    {"code": "ISR", "name": "Israel", "kind": "state", "country": "ISR",
     "aliases": ["Israel", "State of Israel"], "adjectives": ["Israeli", "Israelis"],
     "seats": ["the Jewish state"], "capitals": ["Jerusalem"], "places": ["Haifa"]}
    {"code": "AZE.ILHAM_ALIYEV", "name": "Ilham Aliyev", "kind": "person", "country": "AZE",
     "aliases": ["Ilham Aliyev"], "surnames": ["Aliyev"],
     "roles": [{"title": "President", "office": "head_of_state", "country": "AZE", "sector": "GOV",
                "start": "2003-10-31"}]}

Alias types: `aliases` (names), `adjectives` (nationality adjectives and demonyms), `seats` (seats of
power and epithets used for the government: the Kremlin, the Jewish state), `capitals` (the
government when an actor, a place after "in"), `places` (cities and regions: the country, as a
location), `surnames` (a person's surname, used with a title, a date or an earlier full mention).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..cache import collector_paused, load_or_build, source_hash
from ..errors import ConfigError
from ._text import is_acronym, key, tokens
from .records import Actor, Role

log = logging.getLogger(__name__)

ALIAS_FIELDS = ("aliases", "adjectives", "seats", "capitals", "places", "surnames")
#: Alias type stored in the index for each field.
FIELD_TYPE = {
    "aliases": "name",
    "adjectives": "adj",
    "seats": "seat",
    "capitals": "capital",
    "places": "place",
    "surnames": "surname",
}
ENV_VAR = "ENTENTE_ACTORS"
_CAP_WORDS = frozenset(
    {
        "the",
        "of",
        "and",
        "for",
        "de",
        "la",
        "le",
        "al",
        "el",
        "in",
        "on",
        "to",
        "bin",
        "ibn",
        "van",
        "von",
        "der",
        "du",
        "des",
        "da",
        "di",
        "del",
        "a",
        "an",
        "'s",
        "'",
        "-",
        ".",
        ",",
    }
)


@dataclass(slots=True, frozen=True)
class Entry:
    """One way of naming one actor: the actor's position in the KB, the alias type and its case rule.

    `caps` lists the token positions that must be capitalised in the text; `acronym` requires the
    text to be in capitals (so that "US" never matches "us")."""

    actor: int
    type: str
    caps: tuple[int, ...]
    acronym: bool

    def __reduce__(self) -> tuple[type[Entry], tuple[int, str, tuple[int, ...], bool]]:
        # pickled by its constructor: dataclasses' generic state functions cost three times as much
        # on the KB's ~70,000 entries
        return Entry, (self.actor, self.type, self.caps, self.acronym)


@dataclass(slots=True, frozen=True)
class Agent:
    """A role noun ("ambassador", "Azerbaijani officials" -> officials): sector and behaviour flags."""

    sector: str
    subsector: str | None
    flags: frozenset[str]
    office: str | None

    @property
    def is_title(self) -> bool:
        return "title" in self.flags


class ActorKB:
    """Actors with an alias index (normalised token keys) and an office index (who held which office when)."""

    def __init__(
        self,
        records: Iterable[dict[str, Any]],
        agents: dict[str, Agent],
        offices: dict[str, str],
        lexicon: dict[str, Any],
    ) -> None:
        self._records: list[dict[str, Any]] = []
        self.actors = _LazyActors(self._records)
        self._by_code: dict[str, int] = {}
        self.index: dict[str, list[Entry]] = defaultdict(list)
        self.maxlen: dict[str, int] = {}
        self.agents = agents
        self.agent_maxlen: dict[str, int] = {}
        self.office_titles = offices
        self.lexicon = lexicon
        self.lowercase_words = frozenset(lexicon.get("lowercase_words", ()))
        self._fuzzy: dict[str, list[str]] | None = None
        self._words: dict[str, frozenset[str]] = {}
        self._holders: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(list)
        merged: dict[str, dict[str, Any]] = {}
        order: list[str] = []
        for rec in records:
            code = rec.get("code")
            if not code:
                raise ConfigError(f"actor record without a code: {rec!r}")
            if code in merged:
                if not merged[code].get("_extended"):
                    merged[code] = _copy_record(merged[code])
                _merge_record(merged[code], rec)
                merged[code]["_extended"] = True
            else:
                merged[code] = rec
                order.append(code)
        for code in order:
            self._add(merged[code])
        for k in agents:
            first = k.split(" ", 1)[0]
            self.agent_maxlen[first] = max(self.agent_maxlen.get(first, 0), k.count(" ") + 1)
        self.index = dict(self.index)

    # ------------------------------------------------------------------ building
    def _add(self, rec: dict[str, Any]) -> None:
        idx = len(self._records)
        self._records.append(rec)
        self._by_code[rec["code"]] = idx
        seen: dict[tuple[str, str], int] = {}
        rows = rec.get("keys")
        if rows is None or rec.get("_extended"):
            rows = []
            for f in ALIAS_FIELDS:
                for alias in rec.get(f, ()):
                    row = alias_index_row(alias)
                    if row is not None:
                        rows.append([f, *row])
        index, maxlen = self.index, self.maxlen
        for f, k, caps, acronym in rows:
            typ = FIELD_TYPE[f]
            entry = Entry(idx, typ, _intern_caps(caps), bool(acronym))
            at = seen.get((k, typ))
            if at is not None:
                old = index[k][at]
                if (len(entry.caps), entry.acronym) < (len(old.caps), old.acronym):
                    index[k][at] = entry  # the most permissive spelling wins ("Washington state")
                continue
            seen[(k, typ)] = len(index[k])
            index[k].append(entry)
            first, _, rest = k.partition(" ")
            n = rest.count(" ") + 2 if rest else 1
            if n > maxlen.get(first, 0):
                maxlen[first] = n
        for r in rec.get("roles", ()):
            office, country = r.get("office"), r.get("country")
            if office and country:
                self._holders[(country, office)].append((r.get("start") or "", r.get("end") or "9999", idx))

    # ------------------------------------------------------------------ lookups
    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Actor | None:
        i = self._by_code.get(code)
        return None if i is None else self.actors[i]

    def index_of(self, code: str) -> int | None:
        return self._by_code.get(code)

    def forms_of(self, code: str) -> dict[str, list[str]]:
        """The actor's names by alias type (aliases, adjectives, seats, capitals, places, surnames)."""
        i = self._by_code.get(code)
        if i is None:
            return {}
        rec = self._records[i]
        return {f: list(rec[f]) for f in ALIAS_FIELDS if rec.get(f)}

    def lookup(self, alias: str) -> list[Actor]:
        """Actors named exactly `alias` (after normalisation), any alias type, no case rule."""
        seen: dict[int, None] = {}
        for e in self.index.get(key(alias), ()):
            seen.setdefault(e.actor)
        return [self.actors[i] for i in seen]

    def fuzzy(self, k: str, *, cutoff: float = 0.86) -> tuple[str, list[Entry]] | None:
        """The closest alias key to `k` (a misspelling: "Kazahks", "Dehli"), with its entries, or None.

        Only names, adjectives, places and capitals are considered (not surnames), among keys sharing the
        first letter and of similar length; built on first use."""
        import difflib

        if len(k) < 5:
            return None
        if self._fuzzy is None:
            buckets: dict[str, list[str]] = defaultdict(list)
            for key_, entries in self.index.items():
                if len(key_) >= 5 and any(e.type != "surname" for e in entries):
                    buckets[key_[0]].append(key_)
            self._fuzzy = dict(buckets)
        single = " " not in k
        if not single and len(k) >= 15:
            cutoff = min(cutoff, 0.82)
        best, score = None, cutoff
        for cand in self._fuzzy.get(k[0], ()):
            if abs(len(cand) - len(k)) > 3:
                continue
            if single and " " not in cand and _osa_le1(k, cand, swaps_only=len(k) < 7):
                return cand, [e for e in self.index[cand] if e.type != "surname"]
            sm = difflib.SequenceMatcher(None, k, cand)
            if sm.real_quick_ratio() < score or sm.quick_ratio() < score:
                continue
            r = sm.ratio()
            if r > score or (r == score and best is not None and cand < best):
                best, score = cand, r
        if best is None:
            return None
        return best, [e for e in self.index[best] if e.type != "surname"]

    def words(self, name: str) -> frozenset[str]:
        """A word list of the lexicon (`data/lexicon.json`), lower-cased, cached."""
        got = self._words.get(name)
        if got is None:
            got = self._words[name] = frozenset(w.lower() for w in self.lexicon.get(name, ()))
        return got

    def agent(self, phrase: str) -> Agent | None:
        return self.agents.get(key(phrase))

    def holders(self, country: str, office: str, date: str) -> list[Actor]:
        """Who held `office` (head_of_state, foreign_minister ...) of `country` on `date`."""
        out = []
        for start, end, idx in self._holders.get((country, office), ()):
            if start[: len(date)] <= date <= end[: len(date)] or (not start and date <= end[: len(date)]):
                out.append(self.actors[idx])
        return out

    def office_for(self, country: str, title: str) -> list[str]:
        """The offices a title names in `country`: "president" is the head of state in France, the head of
        government in Iran, both in the United States."""
        hos = self.office_titles.get(f"{country}:head_of_state")
        hog = self.office_titles.get(f"{country}:head_of_government")
        if title in ("foreign_minister", "defence_minister", "vice_president"):
            return [title]
        if title == "president":
            out = [o for o, t in (("head_of_state", hos), ("head_of_government", hog)) if t == "president"]
            return out or ["head_of_state"]
        if title == "prime_minister":
            out = [
                o
                for o, t in (("head_of_government", hog),)
                if t in ("prime minister", "premier", "taoiseach")
            ]
            return out or ["head_of_government"]
        if title == "chancellor":
            return ["head_of_government"] if hog == "chancellor" else []
        if title == "monarch":
            return (
                ["head_of_state"]
                if hos in ("king", "queen", "emir", "sultan", "monarch", "grand duke", "prince")
                else []
            )
        if title == "supreme_leader":
            return ["head_of_state"] if hos == "supreme leader" else []
        return []

    def search(
        self, text: str, *, kind: str | None = None, country: str | None = None, limit: int = 50
    ) -> list[Actor]:
        """Actors whose code, name or an alias contains `text` (case-insensitive), for browsing."""
        k = key(text) if text else ""
        out = []
        for a in self.actors:
            if kind and a.kind != kind:
                continue
            if country and a.country != country:
                continue
            if k and not (
                k in key(a.name) or k in a.code.lower() or any(k in key(x) for x in a.aliases[:20])
            ):
                continue
            out.append(a)
            if len(out) >= limit:
                break
        return out

    def stats(self) -> dict[str, Any]:
        kinds: dict[str, int] = defaultdict(int)
        for a in self.actors:
            kinds[a.kind] += 1
        return {
            "actors": len(self.actors),
            "by_kind": dict(sorted(kinds.items())),
            "aliases": sum(map(len, self.index.values())),
            "agents": len(self.agents),
            "roles": sum(len(a.roles) for a in self.actors),
        }


def _osa_le1(a: str, b: str, *, swaps_only: bool = False) -> bool:
    """True if `a` and `b` differ by at most one edit (insert, delete, substitute, swap of neighbours);
    with `swaps_only`, only by a swap ("Dehli"/"Delhi", not "Human"/"Hunan")."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1 or (swaps_only and la != lb):
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return not swaps_only
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


class _LazyActors:
    """`Actor` records made on first access (most of the KB is never touched by one run)."""

    __slots__ = ("_records", "_made")

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self._records = records
        self._made: dict[int, Actor] = {}

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, i: int) -> Actor:
        a = self._made.get(i)
        if a is None:
            a = self._made[i] = _make_actor(self._records[i])
        return a

    def __iter__(self) -> Iterator[Actor]:
        for i in range(len(self._records)):
            yield self[i]


def _make_actor(rec: dict[str, Any]) -> Actor:
    surface: list[str] = []
    for f in ALIAS_FIELDS:
        surface.extend(rec.get(f, ()))
    return Actor(
        code=rec["code"],
        name=rec.get("name") or rec["code"],
        kind=rec.get("kind", "org"),
        country=rec.get("country"),
        sector=rec.get("sector"),
        aliases=tuple(dict.fromkeys(surface)),
        valid_from=rec.get("valid_from"),
        valid_to=rec.get("valid_to"),
        parent=rec.get("parent"),
        subsector=rec.get("subsector"),
        roles=tuple(Role.from_dict(r) for r in rec.get("roles", ())),
        wikidata=rec.get("wikidata"),
        sources=tuple(rec.get("sources", ())),
    )


_CAPS: dict[tuple[int, ...], tuple[int, ...]] = {}


def _intern_caps(caps: Any) -> tuple[int, ...]:
    t = tuple(caps)
    return _CAPS.setdefault(t, t)


def alias_index_row(alias: str) -> list[Any] | None:
    """[key, caps, acronym] of one alias, or None if it has no tokens."""
    toks = tokens(alias)
    if not toks:
        return None
    return [" ".join(toks), list(_caps(alias, toks)), 1 if is_acronym(alias) else 0]


def _caps(alias: str, toks: list[str]) -> tuple[int, ...]:
    """Positions of the alias tokens written with a capital, ignoring function words."""
    from ._text import spans

    out = []
    for i, (_, _, low, orig) in enumerate(spans(alias)):
        if i >= len(toks):
            break
        if low in _CAP_WORDS:
            continue
        if orig[:1].isupper():
            out.append(i)
    return tuple(out[:3])


def _copy_record(rec: dict[str, Any]) -> dict[str, Any]:
    out = dict(rec)
    for f in (*ALIAS_FIELDS, "roles", "sources"):
        if f in out:
            out[f] = list(out[f])
    return out


def _merge_record(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for f, v in extra.items():
        if f in (*ALIAS_FIELDS, "roles", "sources"):
            lst = base.setdefault(f, [])
            for x in v:
                if x not in lst:
                    lst.append(x)
        elif f == "drop":
            drop = {key(x) for x in v}
            for g in ALIAS_FIELDS:
                if g in base:
                    base[g] = [a for a in base[g] if key(a) not in drop]
        elif v is not None:
            base[f] = v


# ---------------------------------------------------------------------- loading
def read_records(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Actor records from a JSON Lines file (optionally .gz)."""
    p = Path(path)
    if not p.exists():
        raise ConfigError(f"actor file not found: {p} (set {ENV_VAR} or pass an existing path)")
    opener = gzip.open if p.suffix == ".gz" else open
    out = []
    with opener(p, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{p}:{n}: not a JSON object: {exc}") from exc
            if not isinstance(rec, dict) or not rec.get("code"):
                raise ConfigError(f'{p}:{n}: each line must be a JSON object with a "code"')
            out.append(rec)
    return out


def _data_file(name: str) -> Any:
    return resources.files("entente.actors") / "data" / name


def _read_agents() -> dict[str, Agent]:
    agents: dict[str, Agent] = {}
    text = _data_file("agents.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        k, sector, sub, flags = (line.split("\t") + ["", "", ""])[:4]
        fl = frozenset(f for f in flags.split(",") if f)
        office = next((f.split("=", 1)[1] for f in fl if f.startswith("office=")), None)
        agents[k] = Agent(sector, sub or None, fl, office)
    return agents


def _shipped_records() -> list[dict[str, Any]]:
    with _data_file("actors.jsonl.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_kb(*, extra: Iterable[str | os.PathLike[str]] = (), use_env: bool = True) -> ActorKB:
    """The KB of the shipped data plus user files (`extra`, then `ENTENTE_ACTORS`).

    Without user files it comes from a pickled copy in the user's cache directory when that copy
    was made from the same shipped data and code (see `cached_kb`); otherwise it is built afresh.
    """
    paths = list(extra)
    if use_env and os.environ.get(ENV_VAR):
        paths.extend(p for p in os.environ[ENV_VAR].split(os.pathsep) if p)
    if not paths:
        return cached_kb()
    return build_kb([read_records(p) for p in paths])


def build_kb(extensions: Iterable[list[dict[str, Any]]] = ()) -> ActorKB:
    """Build the KB from the shipped data, extended by each list of user records in turn."""
    with collector_paused():
        records = _shipped_records()
        for more in extensions:
            records.extend(more)
        offices = json.loads(_data_file("offices.json").read_text(encoding="utf-8"))
        lexicon = json.loads(_data_file("lexicon.json").read_text(encoding="utf-8"))
        return ActorKB(records, _read_agents(), offices, lexicon)


#: The files and modules a cached KB is made from: a change to any of them makes the cache stale.
_KB_DATA = ("actors.jsonl.gz", "agents.tsv", "offices.json", "lexicon.json")
_KB_CODE = ("kb.py", "_text.py", "records.py")


def kb_source_hash() -> str:
    """SHA-256 of the shipped KB data and of the code that builds it."""
    return source_hash(*(_data_file(name).read_bytes() for name in _KB_DATA),
                       *((resources.files("entente.actors") / name).read_bytes() for name in _KB_CODE))


def cached_kb() -> ActorKB:
    """The shipped KB, unpickled from the user's cache when it was made from the same sources, else
    built and cached (see `entente.cache`)."""
    return load_or_build("actors", kb_source_hash(), lambda: build_kb(), ActorKB)


_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _loaded(env: str | None, extra: tuple[str, ...]) -> ActorKB:
    return load_kb(extra=extra, use_env=env is not None)


def get_kb(path: str | os.PathLike[str] | None = None) -> ActorKB:
    """The shared KB (loaded once per process and per extension set), extended by `path` if given and by
    the files named in `ENTENTE_ACTORS`."""
    extra = (str(path),) if path else ()
    with _LOCK:
        return _loaded(os.environ.get(ENV_VAR) or None, extra)
