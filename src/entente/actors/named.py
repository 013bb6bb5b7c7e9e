"""Named things that contain an actor's name but are no actor: wars, accords, seas, airports, cups.

"Korean War", "Paris Accord", "the Persian Gulf", "Baghdad International Airport", "Lake Chad", "the
Strait of Hormuz": the state, capital or adjective inside is part of the name of a thing, and the
thing is not a political actor. The cue is a capitalised head noun of the lexicon's
`named_thing_heads` closing a run of capitalised words that holds the name (a lower-case head, "the
Israeli war on Gaza", is an ordinary noun phrase and keeps its actor), a head followed by "of" ("the
Strait of Hormuz"), or a prefix of `named_thing_prefixes` ("Lake Chad").

Institutions are actors of the place or nation they are named after ("Cairo University" is Egyptian,
"the Chinese Academy of Sciences" Chinese), but nationality adjectives of two nations in one name say
nothing of its country ("the British American Drama Academy"): before a head of `institution_heads`,
such adjectives are dropped. A world region is no state either ("South America", `region_names`).

Works on tokens alone (phrases and articles alike); `entente.actors.recognize` adds the NER's view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .kb import ActorKB

if TYPE_CHECKING:
    from .resolve import Item, Tok

#: At most this many capitalised words between a name and the head of the named thing.
_MAX_RUN = 4
#: Parts of speech that may sit inside a named thing's run (when the text was tagged).
_RUN_POS = frozenset({"PROPN", "NOUN", "ADJ", "PUNCT", "X"})


def without_named_things(
    toks: Sequence[Tok],
    items: list[Item],
    kb: ActorKB,
    *,
    case_free: bool = False,
    pos: Sequence[str] | None = None,
) -> list[Item]:
    """`items` without the KB names that are part of a named thing (see the module docstring)."""
    if case_free or not items:
        return items
    inside = named_thing_tokens(toks, items, kb, pos=pos)
    if not inside:
        return items
    return [it for it in items if it.i not in inside]


def named_thing_tokens(
    toks: Sequence[Tok], items: list[Item], kb: ActorKB, *, pos: Sequence[str] | None = None
) -> set[int]:
    """Token indexes of the KB names that are part of a named thing."""
    heads = kb.words("named_thing_heads")
    institutions = kb.words("institution_heads")
    prefixes = kb.words("named_thing_prefixes")
    start_of = {it.i: it for it in items}
    item_at = {k: it for it in items for k in range(it.i, it.j)}
    out: set[int] = _in_region_names(toks, item_at, kb)
    for h, (_, _, low, orig) in enumerate(toks):
        if not _capitalised(orig) or (h in item_at and item_at[h].j - item_at[h].i > 1):
            continue  # a head inside a longer KB name is part of it ("Collective Security Treaty ...")
        if low in heads:
            out.update(_run_before(toks, item_at, h, pos, adjectives_only=False))
            out.update(_of_after(toks, start_of, h))
        elif low in institutions:
            adjectives = _run_before(toks, item_at, h, pos, adjectives_only=True)
            if len({_country(start_of[k], kb) for k in adjectives}) > 1:
                out.update(adjectives)  # "British American Drama Academy": two nations name one school
        elif low in prefixes and h + 1 in start_of:
            out.add(h + 1)  # "Lake Chad"
    return out


def _in_region_names(toks: Sequence[Tok], item_at: dict[int, Item], kb: ActorKB) -> set[int]:
    """KB names inside the name of a world region ("South America", "Latin America": not the USA)."""
    names = {tuple(n.split(" ")) for n in kb.words("region_names")}
    lows = [t[2] for t in toks]
    out: set[int] = set()
    for name in names:
        n = len(name)
        for k in range(len(lows) - n + 1):
            if tuple(lows[k : k + n]) == name and _capitalised(toks[k][3]):
                out.update(item_at[m].i for m in range(k, k + n) if m in item_at)
    return out


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def _run_before(
    toks: Sequence[Tok],
    item_at: dict[int, Item],
    h: int,
    pos: Sequence[str] | None,
    *,
    adjectives_only: bool,
) -> set[int]:
    """Starts of the KB names in the capitalised run that ends right before the head at h."""
    out: set[int] = set()
    k = h - 1
    words = 0
    while k >= 0 and words < _MAX_RUN:
        low, orig = toks[k][2], toks[k][3]
        if low == "-":
            k -= 1
            continue
        if not _capitalised(orig) or (pos is not None and pos[k] not in _RUN_POS):
            break
        it = item_at.get(k)
        if it is not None:
            if not adjectives_only or _is_adjective(it):
                out.add(it.i)  # a KB name, or a capitalised role noun ("Taipei City Lantern Festival")
            k = it.i - 1
        else:
            k -= 1
        words += 1
    return out


def _of_after(toks: Sequence[Tok], start_of: dict[int, Item], h: int) -> set[int]:
    """The KB name after "Head of (the)": "the Strait of Hormuz", "the Gulf of Oman"."""
    k = h + 1
    if k >= len(toks) or toks[k][2] != "of":
        return set()
    k += 1
    if k < len(toks) and toks[k][2] == "the":
        k += 1
    return {k} if k in start_of else set()


def _country(it: Item, kb: ActorKB) -> str | None:
    return kb.actors[it.entries[0].actor].country if it.entries else None


def _is_adjective(it: Item) -> bool:
    return bool(it.entries) and all(e.type == "adj" for e in it.entries)
