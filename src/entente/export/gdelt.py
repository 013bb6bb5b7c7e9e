"""Events as rows of GDELT 2.0's event table: tab-separated, its 61 columns in its order.

GDELT has one Actor1 and one Actor2 per row; an entente event may have several sources and targets
("the US and the EU condemned ..."), so an event gives one row per (source, target) pair, as CAMEO
coders do with compound actors. The first row's GLOBALEVENTID is the event id's first 15 hex digits
read as an integer (stable across exports, and within a signed 64-bit integer); a further pair's id
comes from the event id and the pair's place, hashed the same way.

What entente does not know is left empty: the religion, ethnic and second and third type codes,
AvgTone (entente reads no tone), and every geography column (entente does not geocode events).
NumMentions, NumSources and NumArticles are 1: each entente event is read from one sentence of one
article (near-duplicate articles are stored once).

Dates: SQLDATE, MonthYear, Year and FractionDate come from the event's own date when the text gives
one to the year or finer, else from the article's publication date (`when` of the event). GDELT has
no partial dates, so a date known to the month or year only is placed on its first day (the
precision is in `entente events --format csv` and `plover`). FractionDate is GDELT's approximation,
year + (month * 30 + day) / 365.
"""
from __future__ import annotations

import functools
import hashlib
import re
from typing import Any

from . import DATA, read_table

#: The year, month and day of an ISO date of any precision (2012, 2012-05, 2012-05-17).
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@functools.cache
def columns() -> tuple[str, ...]:
    """GDELT 2.0's event-table column names, in order (`data/gdelt_event_columns.txt`)."""
    names = tuple(line.strip() for line in (DATA / "gdelt_event_columns.txt").read_text(encoding="utf-8").splitlines()
                  if line.strip())
    if len(names) != 61:
        raise RuntimeError(f"data/gdelt_event_columns.txt lists {len(names)} columns, not GDELT 2.0's 61")
    return names


@functools.cache
def _goldstein_table() -> dict[str, float]:
    return {row["CAMEOEVENTCODE"]: float(row["GOLDSTEINSCALE"]) for row in read_table("goldstein.tsv")}


def goldstein(code: str | None) -> float | None:
    """The Goldstein score of a CAMEO event code, or of its nearest parent code that has one."""
    if not code:
        return None
    table = _goldstein_table()
    for length in range(len(code), 1, -1):
        score = table.get(code[:length])
        if score is not None:
            return score
    return None


@functools.cache
def _igos() -> dict[str, tuple[str, str]]:
    return {row["code"]: (row["cameo"], row["known_group"]) for row in read_table("cameo_igo.tsv")}


@functools.cache
def _sector_types() -> dict[str, str]:
    return {row["sector"]: row["cameo_type"] for row in read_table("sector_types.tsv")}


def global_event_id(event_id: str, pair: int = 0) -> int:
    """A stable integer id: the event id's first 15 hex digits (its hash for another pair, or a non-hex id)."""
    head = event_id[:15]
    if pair == 0 and len(head) == 15 and all(c in "0123456789abcdefABCDEF" for c in head):
        return int(head, 16)
    digest = hashlib.sha1(f"{event_id}/{pair}".encode()).hexdigest()
    return int(digest[:15], 16)


def actor_columns(actor: dict[str, Any] | None) -> dict[str, str]:
    """Code, Name, CountryCode, KnownGroupCode and Type1Code of one actor (without the Actor1/2 prefix).

    The code is CAMEO's concatenation: the country (a state's ISO alpha-3) or the IGO's CAMEO code,
    then the type of the sector: Israel's government is ISRGOV, the United Nations IGOUNO.
    """
    if not actor:
        return {"Code": "", "Name": "", "CountryCode": "", "KnownGroupCode": "", "Type1Code": ""}
    from ..graph.rules import is_state

    country = actor.get("country") or ""
    code = actor.get("actor") or ""
    igo = _igos().get(code) or _igos().get(country)
    kind = _sector_types().get(actor.get("sector") or "", "")
    if is_state(country):
        base, group, country_code = country, "", country
    elif igo is not None:
        base, group, country_code = igo[0], igo[1], ""
        kind = "" if kind == "IGO" else kind
    else:
        base, group, country_code = "", "", ""
    return {"Code": base + kind, "Name": (actor.get("name") or code).upper(), "CountryCode": country_code,
            "KnownGroupCode": group, "Type1Code": kind}


def date_columns(when: str | None) -> dict[str, str]:
    """SQLDATE, MonthYear, Year and FractionDate of an ISO date of any precision (empty when None)."""
    found = _DATE.match(when or "")
    if found is None:
        return {"SQLDATE": "", "MonthYear": "", "Year": "", "FractionDate": ""}
    year = int(found.group(1))
    month = int(found.group(2) or 1)
    day = int(found.group(3) or 1)
    return {"SQLDATE": f"{year:04d}{month:02d}{day:02d}", "MonthYear": f"{year:04d}{month:02d}",
            "Year": f"{year:04d}", "FractionDate": f"{year + (month * 30 + day) / 365:.4f}"}


def gdelt_rows(event: dict[str, Any], *, lead: bool = False, added: str | None = None) -> list[list[str]]:
    """The event's rows, each a list of 61 strings in `columns()` order.

    `lead`: the event was read from the article's headline or first paragraph (IsRootEvent: GDELT marks
    the events of a story's lead); `added`: when entente stored the article, YYYYMMDDHHMMSS (DATEADDED).
    """
    names = columns()
    sources = list(event.get("source") or []) or [None]
    targets = list(event.get("target") or []) or [None]
    code = event.get("cameo") or ""
    score = goldstein(code)
    article = event.get("article") or {}
    common = {
        **date_columns(event.get("when")),
        "IsRootEvent": "1" if lead else "0", "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
        "QuadClass": "" if event.get("quad") is None else str(event["quad"]),
        "GoldsteinScale": "" if score is None else f"{score:g}",
        "NumMentions": "1", "NumSources": "1", "NumArticles": "1",
        "DATEADDED": added or "", "SOURCEURL": article.get("url") or "",
    }
    rows = []
    for pair, (source, target) in enumerate((s, t) for s in sources for t in targets):
        values = dict(common, GLOBALEVENTID=str(global_event_id(event["id"], pair)))
        for prefix, actor in (("Actor1", source), ("Actor2", target)):
            values.update({prefix + key: value for key, value in actor_columns(actor).items()})
        rows.append([_cell(values.get(name, "")) for name in names])
    return rows


def _cell(value: str) -> str:
    """A cell with no tab or line break, which would break the row."""
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


__all__ = ["actor_columns", "columns", "date_columns", "gdelt_rows", "global_event_id", "goldstein"]
