"""Names and kinds of actor codes, for people reading the page (`ISR` -> Israel, state).

Read from the actor knowledge base (`entente.actors.kb.get_kb`), or, when it cannot be loaded,
from the curated files shipped with it (`entente/actors/data/curated/*.jsonl`), with ISO 3166
names from pycountry for the states they do not name. A code found nowhere is shown as itself,
with a kind guessed from its shape (three capitals: a state; `XXX.NAME`: an organ, group or
person of XXX).
"""
from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..actors.records import SECTORS
from ..errors import EntenteError
from ..graph.network import actor_name
from ..graph.rules import is_state

log = logging.getLogger(__name__)

#: Actor kinds the page filters by, and the knowledge-base kinds each covers.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "state": ("state", "territory", "entity"),
    "organisation": ("igo", "organ", "org"),
    "group": ("group", "party"),
    "person": ("person",),
}
_FILE_KIND = {"states.jsonl": "state", "igos.jsonl": "igo", "organs.jsonl": "organ", "groups.jsonl": "group",
              "people.jsonl": "person"}


@dataclass(frozen=True, slots=True)
class ActorName:
    code: str
    name: str
    kind: str
    country: str | None

    @property
    def group(self) -> str:
        """`state`, `organisation`, `group` or `person`: the kind as the page's filter sees it."""
        for group, kinds in KIND_GROUPS.items():
            if self.kind in kinds:
                return group
        return "organisation"

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "kind": self.kind, "group": self.group,
                "country": self.country}


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, ActorName]:
    table: dict[str, ActorName] = {}
    try:
        folder = resources.files("entente.actors") / "data" / "curated"
        files = [f for f in folder.iterdir() if f.name.endswith(".jsonl")]
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover - a broken install
        files = []
    for path in sorted(files, key=lambda f: f.name):
        default_kind = _FILE_KIND.get(path.name, "org")
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            code = row.get("code")
            if not code or not row.get("name"):
                continue
            kind = row.get("kind") or default_kind
            old = table.get(code)
            if old is None or old.name == code:
                table[code] = ActorName(code, row["name"], kind, row.get("country") or code)
    return table


@functools.lru_cache(maxsize=1)
def _kb() -> Any:
    try:
        from ..actors.kb import get_kb
        return get_kb()
    except (OSError, ValueError, ImportError, EntenteError) as exc:  # the page works without the KB; say why once
        log.warning("actor knowledge base unavailable (%s); using the curated names", exc)
        return None


def warm() -> None:
    """Load the knowledge base now (about a second), so that the first request does not wait."""
    _kb()


@functools.lru_cache(maxsize=8192)
def lookup(code: str) -> ActorName:
    """The name and kind of an actor code; never fails."""
    kb = _kb()
    actor = kb.get(code) if kb is not None else None
    if actor is not None and actor.name:
        return ActorName(code, actor.name, actor.kind or "org", actor.country or code)
    found = _table().get(code)
    if found is not None:
        return found
    if len(code) == 3 and code.isalpha() and code.isupper():
        return ActorName(code, _country_name(code) or code, "state", code)
    if "." in code:
        country, _, rest = code.partition(".")
        if rest in SECTORS and is_state(country):
            # people of a state who do not act for it (relations rule 2): "civilians (United Kingdom)"
            return ActorName(code, actor_name(code), "group", country)
        kind = "person" if rest.replace("_", "").isalpha() and "_" in rest else "organ"
        return ActorName(code, rest.replace("_", " ").title(), kind, country)
    return ActorName(code, code, "org", None)


def in_knowledge_base(code: str) -> bool:
    """Whether the knowledge base (or, without it, the curated files) has the code, or it is a state,
    or a sector of a state (`GBR.CVL`, civilians of the United Kingdom: relations rule 2).

    Unlike `lookup`, which names any code, this tells an actor entente knows from an invented one.
    """
    kb = _kb()
    if kb is not None and code in kb:
        return True
    if code in _table() or is_state(code):
        return True
    country, dot, sector = code.partition(".")
    return bool(dot) and sector in SECTORS and is_state(country)


def _country_name(code: str) -> str | None:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a dependency
        return None
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


def kinds_matching(groups: list[str] | tuple[str, ...]) -> set[str]:
    """The knowledge-base kinds covered by the page's kind groups."""
    kinds: set[str] = set()
    for group in groups:
        kinds.update(KIND_GROUPS.get(group, ()))
    return kinds
