"""Actors: who the news names, coded against a knowledge base of states, organisations and people.

    >>> from entente.actors import resolve_phrase
    >>> [(r.country, r.sector, r.role) for r in resolve_phrase("Israel's ambassador to Azerbaijan")]
    [('ISR', 'DIP', 'posted_to:AZE')]

The spaCy component (`entente_actors`, in `entente.actors.recognize`) codes every mention of an
article; `get_kb()` gives the knowledge base, extended by the files named in `ENTENTE_ACTORS`.
"""

from __future__ import annotations

from .kb import ActorKB, get_kb, load_kb
from .records import Actor, Mention, Resolution, Role
from .resolve import resolve_phrase

__all__ = ["Actor", "ActorKB", "Mention", "Resolution", "Role", "get_kb", "load_kb", "resolve_phrase"]
