"""Evidence that a name in the text is a person of the knowledge base, and which of their offices is meant.

A surname alone names many people: "Warren" is a prime minister of Pitcairn and a US senator, "Costa"
a dozen officials on three continents. A knowledge-base person is therefore taken only with evidence:

* the full name, or a given name and surname that spell it ("Alexander Lukashenko" is Aleksandr
  Lukashenko; "Bernie Sanders" is not Ronald Sanders) - `given_name_fits`;
* a title that fits one of the person's offices ("Prime Minister Costa"; not "Senator Warren" for a
  prime minister, not "King Hassan" for a minister) - `title_fits`;
* the person's country named in the article or the phrase's context - `country_named`;
* or a surname that, around the article's date, one salient person bears and no official of another
  country shares ("Obama" in 2019, "Netanyahu" in 2013; not "Costa" in 2020, not "Masri", a prime
  minister of 1991) - `stands_alone`.

A monarch of several realms holds several head-of-state offices at once; `choose_role` picks the
realm the context points to, else the one where the monarch resides (the person's own country).
No spaCy here: the rules read the knowledge base and plain strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher

from ._text import tokens
from .kb import ActorKB, Agent
from .records import Actor, Role

#: How many years around the date a leader's office keeps the bare surname salient ("Trump" in 2015,
#: "Obama" in 2019), and another bearer's office makes it ambiguous.
SALIENT_YEARS = 5
#: Offices that make a person salient enough to be named by surname alone.
_LEADING_OFFICES = frozenset({"head_of_state", "head_of_government", "foreign_minister", "defence_minister"})
#: Offices a title of the `office=` kind can name, and the offices it fits.
_OFFICE_FITS = {
    "president": frozenset({"head_of_state", "head_of_government"}),
    "prime_minister": frozenset({"head_of_government"}),
    "chancellor": frozenset({"head_of_government"}),
    "monarch": frozenset({"head_of_state"}),
    "supreme_leader": frozenset({"head_of_state"}),
    "foreign_minister": frozenset({"foreign_minister"}),
    "defence_minister": frozenset({"defence_minister"}),
    "vice_president": frozenset({"vice_president"}),
}
#: Given names this similar are spellings of one name ("Alexander", "Aleksandr"; "Binyamin", "Benjamin").
_GIVEN_NAME_SIMILARITY = 0.7


# ---------------------------------------------------------------------------------------------- titles
def title_fits(kb: ActorKB, title: Agent, person: Actor) -> bool:
    """Does a title before a surname fit one of the person's offices?

    A title that names an office ("King", "President", "Prime Minister") needs that office, by its
    office code or its title; a relational title ("Chairman", "Director", "Secretary") fits any office;
    another title needs an office of a matching sector ("Senator": legislature; "Professor": education).
    Former-elite roles (ELI) fit no title."""
    roles = [r for r in person.roles if r.sector != "ELI"]
    if title.office:
        return any(_role_names_office(kb, r, title.office) for r in roles)
    if "rel" in title.flags:
        return bool(roles)
    fits = frozenset(kb.lexicon.get("title_sector_fits", {}).get(title.sector, (title.sector,)))
    return any(r.sector in fits or r.subsector in fits for r in roles)


def _role_names_office(kb: ActorKB, role: Role, office: str) -> bool:
    words = kb.lexicon.get("title_office_words", {}).get(office, ())
    title = (role.title or "").lower()
    if title and any(w in title for w in words):
        return True
    if office == "monarch":
        return False  # a president is a head of state too: only a royal title makes a monarch
    return role.office in _OFFICE_FITS.get(office, ())


# ---------------------------------------------------------------------------------------------- given names
def given_name_fits(kb: ActorKB, given: str, person: Actor) -> bool:
    """Are `given` and the surname that follows it a spelling of one of the person's names in full?

    One of the person's names must be exactly a given name and the surname, and the given names must
    be spellings of one name ("Alexander Lukashenko" is Aleksandr Lukashenko; "Muhammad Amin" is not
    Muhammad VIII al-Amin, "Bernie Sanders" not Ronald Sanders)."""
    g = " ".join(tokens(given))
    surname_words = {w for s in kb.forms_of(person.code).get("surnames", ()) for w in tokens(s)}
    for alias in (person.name, *kb.forms_of(person.code).get("aliases", ())):
        rest = [w for w in tokens(alias) if w.isalpha() and w not in surname_words]
        if len(rest) == 1 and same_given_name(rest[0], g):
            return True
    return False


def same_given_name(a: str, b: str) -> bool:
    """Two spellings of one given name: equal, or alike and with the same first three letters."""
    return a == b or (a[:3] == b[:3] and SequenceMatcher(None, a, b).ratio() >= _GIVEN_NAME_SIMILARITY)


# ---------------------------------------------------------------------------------------------- support
def country_named(person: Actor, votes: Mapping[str, float]) -> bool:
    """Is the person's country, or the country of one of their offices, named in the context?"""
    countries = {person.country, *(r.country for r in person.roles if r.sector != "ELI")}
    return any(c in votes for c in countries if c)


def salient_on(person: Actor, date: str) -> bool:
    """Does the person hold a leading office on the date, or one that ended or begins within a few years?"""
    for r in person.roles:
        if r.sector == "ELI" or r.office not in _LEADING_OFFICES:
            continue
        if _active_around(r, date, SALIENT_YEARS):
            return True
    return False


def active_around(person: Actor, date: str, years: int = SALIENT_YEARS) -> bool:
    """Did the person hold any office (not ELI) within `years` of the date? Undated offices count."""
    return any(r.sector != "ELI" and _active_around(r, date, years) for r in person.roles)


def _active_around(role: Role, date: str, years: int) -> bool:
    year = int(date[:4])
    lo, hi = f"{year - years:04d}", f"{year + years:04d}"
    if role.start is None and role.end is None:
        return role.seen is None or lo <= role.seen[:4] <= hi
    start = (role.start or "0000")[:4]
    end = (role.end or "9999")[:4]
    return start <= hi and end >= lo


def stands_alone(person: Actor, bearers: Iterable[Actor], date: str) -> bool:
    """May a bare surname name this person without other evidence?

    Only if the person is salient on the date and no official of another country who bears the same
    surname was active around that date (namesakes of the same country are the same family or the
    same person under two spellings, and the date picks among them)."""
    if not salient_on(person, date):
        return False
    home = person.country
    return not any(
        b.code != person.code and b.country != home and active_around(b, date) for b in bearers
    )


# ---------------------------------------------------------------------------------------------- realms
def realms_on(person: Actor, date: str) -> list[Role]:
    """Head-of-state offices the person holds in several countries at once on the date (a monarch of
    several realms); empty when there are fewer than two."""
    held = [r for r in person.roles if r.office == "head_of_state" and r.holds_on(date)]
    if len({r.country for r in held}) < 2:
        return []
    return held


def choose_role(person: Actor, date: str, votes: Mapping[str, float] | None = None) -> Role | None:
    """The office in force on the date; among simultaneous realms, the one the context votes for, else
    the one where the person resides (their own country)."""
    realms = realms_on(person, date)
    if not realms:
        return person.role_on(date)
    votes = votes or {}
    voted = [r for r in realms if votes.get(r.country, 0.0) > 0.0]
    if voted:
        return max(voted, key=lambda r: (votes[r.country], r.country == person.country))
    home = [r for r in realms if r.country == person.country]
    return home[0] if home else person.role_on(date)
