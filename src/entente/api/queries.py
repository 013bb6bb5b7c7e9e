"""Reads over the store's tables for the API and the page: articles, events, quotes, actors.

Plain functions of a DuckDB connection (a request thread's cursor) returning JSON-ready dicts.
Every event and quote carries what a person needs to judge it: the sentence it was read from (with
the trigger and the actors' spans as offsets into that sentence), its mode, its date and the
article's title, date, source and URL.

Dates: an event's *when* is its own date when the text gives one to the year or finer, else the
article's publication date; filters `since`/`until` compare ISO prefixes, so `until=2013`
includes all of 2013.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from ..graph.dyads import has_table, owner_code
from ..graph.dyads import node_sql as graph_node_sql
from .names import kinds_matching, lookup

QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
#: Modes in which the text does not say the event happened.
UNREAL_MODES = ("denied", "negated", "hypothetical", "planned")

EVENT_WHEN = ("CASE WHEN e.date_precision IN ('day', 'month', 'year') AND e.date IS NOT NULL "
              "THEN e.date ELSE a.published END")


@functools.lru_cache(maxsize=1)
def _states_literal() -> str:
    from ..graph import rules
    return "[" + ", ".join(f"'{c}'" for c in sorted(rules.state_codes())) + "]"


def node_sql(alias: str) -> str:
    """The network node an `event_actors` row stands for: rule 2 of `entente.graph.rules`.

    A state is its own node; an actor acting for a state (its `country` a state, its sector one of
    `STATE_SECTORS`) is that state's; people of a state who do not act for it are `GBR.CVL`-style
    nodes; anyone else is its own node. So the events of a dyad listed here are the ones its relation
    is computed from.
    """
    return graph_node_sql(alias, _states_literal())


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _until_clause(expr: str) -> str:
    """`expr` is on or before the ISO prefix given as the parameter (`2013` includes 2013-12-31)."""
    return f"substr({expr}, 1, length(?)) <= ?"


def article_brief(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["article_id"] if "article_id" in row else row["id"], "title": row.get("title"),
            "published": row.get("published"), "source": row.get("source"), "url": row.get("url")}


# -- articles -------------------------------------------------------------------------------------
def search_articles(con: duckdb.DuckDBPyConnection, *, q: str | None = None, source: str | None = None,
                    since: str | None = None, until: str | None = None, actor: str | None = None,
                    limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Articles whose title or body contains `q` (case-insensitive), title matches first."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    needle = (q or "").strip().lower()
    if needle:
        where.append("(contains(lower(coalesce(a.title, '')), ?) OR contains(lower(a.text), ?))")
        params += [needle, needle]
    if source:
        where.append("contains(lower(coalesce(a.source, '')), ?)")
        params.append(source.lower())
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append(_until_clause("a.published"))
        params += [until, until]
    if actor:
        where.append("a.id IN (SELECT article_id FROM mentions WHERE actor = ? OR country = ?)")
        params += [actor, actor]
    sql_where = " AND ".join(where)
    total = con.execute(f"SELECT count(*) FROM articles a WHERE {sql_where}", params).fetchone()[0]  # type: ignore[index]
    rank = "contains(lower(coalesce(a.title, '')), ?) DESC, " if needle else ""
    cur = con.execute(
        f"""SELECT a.id, a.title, a.published, a.source, a.url, a.format, length(a.text) AS length,
                   {"substr(a.text, greatest(1, instr(lower(a.text), ?) - 80), 240)" if needle else "substr(a.text, 1, 240)"}
                   AS snippet,
                   (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n_events,
                   (SELECT count(*) FROM quotes qq WHERE qq.article_id = a.id) AS n_quotes
            FROM articles a WHERE {sql_where}
            ORDER BY {rank} a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?""",
        ([needle] if needle else []) + params + ([needle] if needle else []) + [limit, offset])
    return int(total), _rows(cur)


def article_detail(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """The article with everything extracted from it, every span an offset into `text`."""
    rows = _rows(con.execute(
        """SELECT id, title, subtitle, authors, published, published_precision, source, url, language,
                  text, removed, origin, format, near_duplicate_of, CAST(ingested_at AS VARCHAR) AS ingested_at
           FROM articles WHERE id = ?""", [article_id]))
    if not rows:
        return None
    article = rows[0]
    article["authors"] = list(article["authors"] or [])
    article["removed"] = _json(article["removed"]) or {}
    mentions = _rows(con.execute(
        """SELECT start, "end", text, actor, country, sector, role, confidence, extractor
           FROM mentions WHERE article_id = ? ORDER BY start, "end" """, [article_id]))
    for m in mentions:
        code = m["actor"] or m["country"]
        m["name"] = lookup(code).name if code else None
    events = list_events(con, EventFilter(article=article_id), limit=10_000, offset=0, order="position")[1]
    quotes = list_quotes(con, QuoteFilter(article=article_id), limit=10_000, offset=0, order="position")[1]
    stances = _rows(con.execute(
        """SELECT id, a, b, sign, strength, dimensions, mode, start, "end", extractor,
                  substr(?, start + 1, "end" - start) AS sentence
           FROM stances WHERE article_id = ? ORDER BY start""", [article["text"], article_id]))
    for s in stances:
        s["dimensions"] = list(s["dimensions"] or [])
        s["a_name"], s["b_name"] = lookup(s["a"]).name, lookup(s["b"]).name
    duplicates = [r[0] for r in con.execute(
        "SELECT article_id FROM near_duplicates WHERE duplicate_of = ? ORDER BY article_id", [article_id]).fetchall()]
    sightings = _rows(con.execute(
        "SELECT origin, format, CAST(seen_at AS VARCHAR) AS seen_at FROM sightings WHERE article_id = ? ORDER BY seen_at",
        [article_id]))
    article.update(mentions=mentions, events=events, quotes=quotes, stances=stances,
                   near_duplicates=duplicates, sightings=sightings)
    return article


def _json(value: Any) -> Any:
    import json
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# -- events ---------------------------------------------------------------------------------------
@dataclass(slots=True)
class EventFilter:
    """What `GET /api/events` filters by; every field is optional."""

    actor: str | None = None
    a: str | None = None          # with `b`: events between the two, either direction
    b: str | None = None
    type: str | None = None
    quad: int | None = None
    mode: str | None = None
    dimension: str | None = None
    since: str | None = None
    until: str | None = None
    source: str | None = None     # the outlet (articles.source), contains, case-insensitive
    article: str | None = None
    ids: Sequence[str] | None = None


def _event_where(f: EventFilter) -> tuple[str, list[Any]]:
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if f.ids is not None:
        where.append("e.id IN (SELECT unnest(?))")
        params.append(list(f.ids))
    if f.article:
        where.append("e.article_id = ?")
        params.append(f.article)
    if f.actor or (bool(f.a) != bool(f.b)):
        where.append(f"""e.id IN (
            WITH ea AS (SELECT event_id, {node_sql('x')} AS node FROM event_actors x
                        WHERE x.actor IN (?, ?) OR x.country = ?)
            SELECT event_id FROM ea WHERE node = ?)""")
        one = f.actor or f.a or f.b
        params += [one, owner_code(one), one, one]
    if f.a and f.b:
        where.append(f"""e.id IN (
            WITH ea AS MATERIALIZED (SELECT event_id, role, {node_sql('x')} AS node FROM event_actors x
                                     WHERE x.actor IN (?, ?, ?, ?) OR x.country IN (?, ?))
            SELECT s.event_id FROM ea s JOIN ea t ON s.event_id = t.event_id AND s.role = 'source'
                   AND t.role = 'target'
            WHERE (s.node = ? AND t.node = ?) OR (s.node = ? AND t.node = ?))""")
        params += [f.a, f.b, owner_code(f.a), owner_code(f.b), f.a, f.b, f.a, f.b, f.b, f.a]
    if f.type:
        where.append("e.type = ?")
        params.append(f.type.upper())
    if f.quad is not None:
        where.append("e.quad = ?")
        params.append(f.quad)
    if f.mode:
        where.append("(e.mode = ? OR starts_with(e.mode, ? || '+') OR contains(e.mode, '+' || ?))")
        params += [f.mode, f.mode, f.mode]
    if f.dimension:
        where.append("list_contains(e.dimensions, ?)")
        params.append(f.dimension)
    if f.since:
        where.append(f"{EVENT_WHEN} >= ?")
        params.append(f.since)
    if f.until:
        where.append(_until_clause(EVENT_WHEN))
        params += [f.until, f.until]
    if f.source:
        where.append("contains(lower(coalesce(a.source, '')), ?)")
        params.append(f.source.lower())
    return " AND ".join(where), params


def list_events(con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int = 50, offset: int = 0,
                order: str = "date") -> tuple[int, list[dict[str, Any]]]:
    """Events matching the filter, newest first (or in text order with `order="position"`)."""
    where, params = _event_where(f)
    order_by = ("e.article_id, e.sentence_start, e.trigger_start, e.id" if order == "position"
                else '"when" DESC NULLS LAST, e.id')
    columns = """e.id, e.article_id, e.type, e.cameo, e.quad, e.intensity, e.mode, e.date, e.date_precision,
                 e.dimensions, e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end,
                 e.reported_by, e.denies, e.denied_by, e.confidence, e.extractor, e.plover_mode,
                 substr(CASE e.field WHEN 'title' THEN a.title WHEN 'subtitle' THEN a.subtitle ELSE a.text END,
                        e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence,
                 a.title, a.published, a.source, a.url, a.near_duplicate_of"""
    if f.ids is not None:  # a lookup: no count, no window
        cur = con.execute(f"""SELECT {columns}, {EVENT_WHEN} AS "when", 0 AS total
                              FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}
                              ORDER BY {order_by} LIMIT ? OFFSET ?""", params + [limit, offset])
    else:  # the page's ids and the total in one pass, then the page's rows
        cur = con.execute(
            f"""WITH page AS (
                    SELECT e.id, {EVENT_WHEN} AS "when", count(*) OVER () AS total
                    FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}
                    ORDER BY {order_by} LIMIT ? OFFSET ?)
                SELECT {columns}, p."when", p.total
                FROM page p JOIN events e ON e.id = p.id JOIN articles a ON a.id = e.article_id
                ORDER BY {order_by.replace('"when"', 'p."when"')}""", params + [limit, offset])
    rows = _rows(cur)
    if f.ids is not None:
        total = len(rows) if offset == 0 and len(rows) < limit else \
            int(con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0])  # type: ignore[index]
    elif rows:
        total = int(rows[0]["total"])
    else:
        total = int(con.execute(f"SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}",
                                params).fetchone()[0])  # type: ignore[index]
    for r in rows:
        r.pop("total")
    return total, _shape_events(con, rows)


def event_ids(con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int = 10_000) -> list[str]:
    """Ids of the events matching the filter (no shaping)."""
    where, params = _event_where(f)
    return [r[0] for r in con.execute(
        f"SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id WHERE {where} LIMIT ?",
        params + [limit]).fetchall()]


def event_detail(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    found = list_events(con, EventFilter(ids=[event_id]), limit=1)[1]
    if not found:
        return None
    event = found[0]
    claims = _rows(con.execute(
        "SELECT quote_id, relation FROM claims WHERE event_id = ? ORDER BY quote_id NULLS LAST", [event_id]))
    event["claims"] = claims
    quote_ids = [c["quote_id"] for c in claims if c["quote_id"]]
    event["quotes"] = list_quotes(con, QuoteFilter(ids=quote_ids), limit=100)[1] if quote_ids else []
    related = [i for i in (event.get("denies"), event.get("denied_by")) if i]
    ids = [x for r in related for x in str(r).split(",") if x]
    event["related"] = list_events(con, EventFilter(ids=ids), limit=20)[1] if ids else []
    return event


def _shape_events(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rows:
        return []
    actors: dict[str, dict[str, list[dict[str, Any]]]] = {r["id"]: {"source": [], "target": []} for r in rows}
    for ea in _rows(con.execute(
            """SELECT event_id, role, actor, country, sector, start, "end", text FROM event_actors
               WHERE event_id IN (SELECT unnest(?)) ORDER BY event_id, role, start NULLS LAST, actor""",
            [list(actors)])):
        role = ea.pop("role")
        event_id = ea.pop("event_id")
        ea["name"] = lookup(ea["actor"]).name
        if role in ("source", "target"):
            actors[event_id][role].append(ea)
    out = []
    for r in rows:
        start = r.pop("sentence_start")
        end = r.pop("sentence_end")
        sentence = r.pop("sentence") or ""
        highlights = []
        if r["trigger_start"] is not None and r["trigger_end"] is not None:
            highlights.append({"start": r["trigger_start"] - start, "end": r["trigger_end"] - start, "kind": "trigger"})
        for role in ("source", "target"):
            for ref in actors[r["id"]][role]:
                if ref["start"] is not None and ref["end"] is not None and start <= ref["start"] < ref["end"] <= end:
                    highlights.append({"start": ref["start"] - start, "end": ref["end"] - start, "kind": role})
        highlights = [h for h in highlights if 0 <= h["start"] < h["end"] <= len(sentence)]
        out.append({
            "id": r["id"], "type": r["type"], "cameo": r["cameo"], "quad": r["quad"],
            "quad_label": QUAD_LABELS.get(r["quad"] or 0), "intensity": r["intensity"], "mode": r["mode"],
            "real": not any(m in UNREAL_MODES for m in (r["mode"] or "").split("+")),
            "date": r["date"], "date_precision": r["date_precision"], "when": r["when"],
            "dimensions": list(r["dimensions"] or []),
            "source": actors[r["id"]]["source"], "target": actors[r["id"]]["target"],
            "sentence": {"start": start, "end": end, "text": sentence, "highlights": sorted(
                highlights, key=lambda h: (h["start"], -h["end"]))},
            "reported_by": r["reported_by"], "denies": r["denies"], "denied_by": r["denied_by"],
            "confidence": r["confidence"], "extractor": r["extractor"],
            "article": {"id": r["article_id"], "title": r["title"], "published": r["published"],
                        "source": r["source"], "url": r["url"], "near_duplicate_of": r["near_duplicate_of"]},
        })
    return out


# -- quotes ---------------------------------------------------------------------------------------
@dataclass(slots=True)
class QuoteFilter:
    speaker: str | None = None    # the speaker's words, contains, case-insensitive
    actor: str | None = None      # the speaker's actor code or country
    article: str | None = None
    q: str | None = None          # words of the quote
    since: str | None = None
    until: str | None = None
    ids: Sequence[str] | None = None


def list_quotes(con: duckdb.DuckDBPyConnection, f: QuoteFilter, *, limit: int = 50, offset: int = 0,
                order: str = "date") -> tuple[int, list[dict[str, Any]]]:
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if f.ids is not None:
        where.append("q.id IN (SELECT unnest(?))")
        params.append(list(f.ids))
    if f.article:
        where.append("q.article_id = ?")
        params.append(f.article)
    if f.speaker:
        where.append("contains(lower(coalesce(q.speaker_text, '')), ?)")
        params.append(f.speaker.lower())
    if f.actor:
        where.append("(q.speaker_actor = ? OR q.speaker_country = ?)")
        params += [f.actor, f.actor]
    if f.q:
        where.append("contains(lower(substr(a.text, q.content_start + 1, q.content_end - q.content_start)), ?)")
        params.append(f.q.lower())
    if f.since:
        where.append("a.published >= ?")
        params.append(f.since)
    if f.until:
        where.append(_until_clause("a.published"))
        params += [f.until, f.until]
    sql_where = " AND ".join(where)
    total = con.execute(f"SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {sql_where}",
                        params).fetchone()[0]  # type: ignore[index]
    order_by = "q.article_id, q.content_start" if order == "position" else "a.published DESC NULLS LAST, q.id"
    rows = _rows(con.execute(
        f"""SELECT q.*, substr(a.text, q.content_start + 1, q.content_end - q.content_start) AS content_text,
                   CASE WHEN q.cue_start IS NOT NULL THEN substr(a.text, q.cue_start + 1, q.cue_end - q.cue_start)
                   END AS cue_text, a.title, a.published, a.source, a.url, a.near_duplicate_of
            FROM quotes q JOIN articles a ON a.id = q.article_id
            WHERE {sql_where} ORDER BY {order_by} LIMIT ? OFFSET ?""", params + [limit, offset]))
    claims: dict[str, list[dict[str, Any]]] = {}
    if rows:
        for c in _rows(con.execute(
                """SELECT c.quote_id, c.event_id, c.relation, e.type, e.mode FROM claims c
                   LEFT JOIN events e ON e.id = c.event_id WHERE c.quote_id IN (SELECT unnest(?))""",
                [[r["id"] for r in rows]])):
            claims.setdefault(c.pop("quote_id"), []).append(c)
    out = []
    for r in rows:
        speaker_code = r["speaker_actor"] or r["speaker_country"]
        out.append({
            "id": r["id"], "direct": r["direct"], "outlet": r["outlet"], "extractor": r["extractor"],
            "content": {"start": r["content_start"], "end": r["content_end"], "text": r["content_text"]},
            "cue": {"start": r["cue_start"], "end": r["cue_end"], "text": r["cue_text"]},
            "speaker": {"start": r["speaker_start"], "end": r["speaker_end"], "text": r["speaker_text"],
                        "actor": r["speaker_actor"], "country": r["speaker_country"], "sector": r["speaker_sector"],
                        "name": lookup(speaker_code).name if speaker_code else None},
            "claims": claims.get(r["id"], []),
            "article": {"id": r["article_id"], "title": r["title"], "published": r["published"],
                        "source": r["source"], "url": r["url"], "near_duplicate_of": r["near_duplicate_of"]},
        })
    return int(total), out


# -- actors ---------------------------------------------------------------------------------------
_ACTOR_COUNTS = """
    WITH seen AS (
        SELECT actor, count(*) AS n_mentions, 0 AS n_events, 0 AS n_quotes, min(a.published) AS first, max(a.published) AS last
        FROM mentions m JOIN articles a ON a.id = m.article_id WHERE actor IS NOT NULL GROUP BY actor
        UNION ALL
        SELECT ea.actor, 0, count(DISTINCT ea.event_id), 0, min(a.published), max(a.published)
        FROM event_actors ea JOIN events e ON e.id = ea.event_id JOIN articles a ON a.id = e.article_id
        GROUP BY ea.actor
        UNION ALL
        SELECT speaker_actor, 0, 0, count(*), min(a.published), max(a.published)
        FROM quotes q JOIN articles a ON a.id = q.article_id WHERE speaker_actor IS NOT NULL GROUP BY speaker_actor
    )
    SELECT actor AS code, sum(n_mentions)::BIGINT AS n_mentions, sum(n_events)::BIGINT AS n_events,
           sum(n_quotes)::BIGINT AS n_quotes, min(first) AS first_seen, max(last) AS last_seen
    FROM seen GROUP BY actor
"""


def list_actors(con: duckdb.DuckDBPyConnection, *, q: str | None = None, kinds: list[str] | tuple[str, ...] = (),
                limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Actors the store has seen, most events first; `q` matches code or name, `kinds` the kind groups."""
    rows = _rows(con.execute(_ACTOR_COUNTS))
    needle = (q or "").strip().lower()
    wanted = kinds_matching(kinds) if kinds else None
    out = []
    for r in rows:
        info = lookup(r["code"])
        if needle and needle not in r["code"].lower() and needle not in info.name.lower():
            continue
        if wanted is not None and info.kind not in wanted:
            continue
        out.append({**info.as_dict(), **{k: r[k] for k in ("n_mentions", "n_events", "n_quotes", "first_seen",
                                                              "last_seen")}})
    exact = [a for a in out if needle and (a["code"].lower() == needle or a["name"].lower() == needle)]
    out.sort(key=lambda a: (a not in exact, -a["n_events"], -a["n_mentions"], a["code"]))
    return len(out), out[offset:offset + limit]


def actor_counts(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any] | None:
    """How often the store has seen one actor; None when never."""
    row = _rows(con.execute(
        """SELECT
             (SELECT count(*) FROM mentions WHERE actor = $code) AS n_mentions,
             (SELECT count(DISTINCT event_id) FROM event_actors WHERE actor = $code) AS n_events,
             (SELECT count(DISTINCT event_id) FROM event_actors WHERE actor = $code AND role = 'source') AS n_as_source,
             (SELECT count(DISTINCT event_id) FROM event_actors WHERE actor = $code AND role = 'target') AS n_as_target,
             (SELECT count(*) FROM quotes WHERE speaker_actor = $code) AS n_quotes,
             (SELECT count(*) FROM stances WHERE a = $code OR b = $code) AS n_stances,
             (SELECT count(DISTINCT article_id) FROM mentions WHERE actor = $code OR country = $code) AS n_articles,
             (SELECT min(a.published) FROM mentions m JOIN articles a ON a.id = m.article_id
               WHERE m.actor = $code) AS first_seen,
             (SELECT max(a.published) FROM mentions m JOIN articles a ON a.id = m.article_id
               WHERE m.actor = $code) AS last_seen""", {"code": code}))[0]
    if not any(row[k] for k in ("n_mentions", "n_events", "n_quotes", "n_stances")):
        return None
    return row


def actor_seen(con: duckdb.DuckDBPyConnection, code: str) -> bool:
    """Whether any extraction of the store names the actor (as `actor_counts` counts them), cheaply."""
    row = con.execute(
        """SELECT EXISTS (SELECT 1 FROM event_actors WHERE actor = $code)
               OR EXISTS (SELECT 1 FROM mentions WHERE actor = $code)
               OR EXISTS (SELECT 1 FROM quotes WHERE speaker_actor = $code)
               OR EXISTS (SELECT 1 FROM stances WHERE a = $code OR b = $code)""", {"code": code}).fetchone()
    return bool(row and row[0])


def event_types(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _rows(con.execute("SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC, type"))


def dimensions(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _rows(con.execute(
        """SELECT d AS dimension, count(*) AS n FROM (SELECT unnest(dimensions) AS d FROM events)
           GROUP BY d ORDER BY n DESC, d"""))


def date_range(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    row = con.execute(f"""SELECT min({EVENT_WHEN}), max({EVENT_WHEN}) FROM events e
                          JOIN articles a ON a.id = e.article_id WHERE {EVENT_WHEN} IS NOT NULL""").fetchone()
    first, last = (row or (None, None))
    if first is None:
        row = con.execute("SELECT min(published), max(published) FROM articles").fetchone()
        first, last = row or (None, None)
    return {"first": first, "last": last}


# -- event groups (one act, many reports: entente.store.groups) -------------------------------------
#: How a report stands to its act, by its mode's parts: it tells it as fact (asserted, reported,
#: historical), as an allegation, denies it, or only expects it (planned, hypothetical).
_STANDS = (("denies", {"denied", "negated"}), ("alleges", {"alleged"}), ("expects", {"planned", "hypothetical"}))


def report_stance(mode: str | None) -> str:
    """`asserts`, `alleges`, `denies` or `expects`: what a report of an act says of it."""
    parts = set((mode or "asserted").split("+"))
    return next((name for name, modes in _STANDS if parts & modes), "asserts")


def list_event_groups(con: duckdb.DuckDBPyConnection, f: EventFilter, *, min_reports: int = 1, limit: int = 50,
                      offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Groups of reports of one act that hold an event matching the filter, most reported first.

    Each group: `group_id`, `key` (what its reports share: type, actors, date), `reports` (count),
    `articles`, `sources` (distinct outlets), `stances` (how many reports assert, allege, deny or
    only expect the act), `agreement` (the share of reports taking the commonest of those stances),
    and `report_list` (article, outlet, date, mode, sentence of each report, oldest first).
    """
    if not has_table(con, "event_groups"):  # a store of an older version, opened read-only
        return 0, []
    where, params = _event_where(f)
    sentence = """substr(CASE e.field WHEN 'title' THEN a.title WHEN 'subtitle' THEN a.subtitle ELSE a.text END,
                         e.sentence_start + 1, e.sentence_end - e.sentence_start)"""
    rows = _rows(con.execute(
        f"""WITH hit AS (SELECT DISTINCT g.group_id FROM events e JOIN articles a ON a.id = e.article_id
                         JOIN event_groups g ON g.event_id = e.id WHERE {where}),
            grouped AS (
                SELECT g.group_id, any_value(g.key) AS key, count(*) AS reports,
                       count(DISTINCT e.article_id) AS articles, count(DISTINCT coalesce(a.source, a.id)) AS sources,
                       list({{'event_id': e.id, 'article_id': e.article_id, 'source': a.source, 'title': a.title,
                              'published': a.published, 'mode': e.mode, 'date': e.date,
                              'sentence': {sentence}}} ORDER BY a.published NULLS LAST, e.id) AS report_list
                FROM event_groups g JOIN events e ON e.id = g.event_id JOIN articles a ON a.id = e.article_id
                WHERE g.group_id IN (SELECT group_id FROM hit)
                GROUP BY g.group_id HAVING count(*) >= ?)
            SELECT *, count(*) OVER () AS total FROM grouped
            ORDER BY reports DESC, sources DESC, group_id LIMIT ? OFFSET ?""",
        params + [min_reports, limit, offset]))
    total = int(rows[0]["total"]) if rows else 0
    for row in rows:
        row.pop("total")
        stances = {name: 0 for name in ("asserts", "alleges", "denies", "expects")}
        for report in row["report_list"]:
            stances[report_stance(report["mode"])] += 1
        row["stances"] = stances
        row["agreement"] = round(max(stances.values()) / row["reports"], 3)
    return total, rows
