"""Dyad relations: the stored events and stances of each pair of actors, aggregated per window in SQL.

Everything heavy runs in DuckDB: one query turns the `events` x `event_actors` x `articles` rows (and
`stances`) into evidence records, folds them into evidence units and aggregates the units per dyad and
window, following the rules of `entente.graph.rules` (read its docstring for what counts and how much).
Python only wraps the result rows in `Relation` records.

    relations(con, Scope(since="2013-01", until="2013-12", kind="states"))  -> every dyad of the range
    relations(con, window="month")                                           -> every dyad, per month
    dyad_series(con, "ISR", "AZE", window="month")                           -> one dyad's series
    relation(con, "ISR", "AZE")                                              -> one dyad, whole range
    evidence(con, "ISR", "AZE")                        -> its strongest records, with their sentences
    materialize(con)               -> precompute records and units for a long-lived connection

Every function takes a DuckDB connection (`Store.con`), read-only is enough.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import duckdb

from . import rules

KINDS = ("states", "all")


# --------------------------------------------------------------------------------------------- records
@dataclass(slots=True)
class Evidence:
    """One record behind a relation: an event (or stance), where it is told, and what it weighs.

    `value` is the signed intensity in [-1, 1] (rule 6); `weight` the weight it counts with (rules 3-5):
    the weight of its `mode`, times the denial factor when `disputed`, times the extractor's
    `confidence` (`weights` says which, as `rules.explain_weight` does); `contribution` their product. `start`/`end` index the sentence (an event's) or the stance's span
    in the article's `field`: its body `text`, or its `title` or `subtitle` for headline evidence;
    `attach_text` fills `sentence`, `title`, `outlet`, `url` and `published`.
    """

    kind: str
    id: str
    article_id: str
    start: int | None
    end: int | None
    value: float
    weight: float
    type: str | None = None
    mode: str | None = None
    disputed: bool = False
    date: str | None = None
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    sentence: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    field: str = "text"
    confidence: float | None = None

    @property
    def contribution(self) -> float:
        return self.value * self.weight

    @property
    def mode_weight(self) -> float:
        """Rule 3: the weight of the record's mode alone."""
        return rules.mode_weight(self.mode)

    @property
    def weights(self) -> dict[str, Any]:
        """Rules 3-5: how the weight came about (mode parts, denial factor, confidence)."""
        return rules.explain_weight(self.mode, disputed=self.disputed, confidence=self.confidence)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "field": self.field,
            "type": self.type,
            "mode": self.mode,
            "disputed": self.disputed,
            "date": self.date,
            "value": round(self.value, 4),
            "weight": round(self.weight, 4),
            "mode_weight": round(self.mode_weight, 4),
            "weights": self.weights,
            "contribution": round(self.contribution, 4),
            "source": list(self.source),
            "target": list(self.target),
            "sentence": self.sentence,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
        }


@dataclass(slots=True)
class Relation:
    """The relation of actors `a` < `b` over one window (or over a whole range when `window` is None).

    `score` in [-1, 1] and `sign` follow rule 8, `confidence` rule 9; `weight` is the summed weight of
    the evidence units; `n_events` counts the units that count (weight > 0) and `n_excluded` those the
    rules weigh 0 (denied, negated, hypothetical). `quads`, `types` and `dimensions` count the counted
    units; `modes` counts every unit by its mode (a unit's mode is that of its heaviest record) and
    `excluded_modes` the excluded units by mode; `evidence` holds the strongest records. `start`/`end` are the window's first and last day.
    """

    a: str
    b: str
    window: str | None
    score: float | None
    sign: int
    weight: float
    n_events: int
    n_excluded: int
    n_sources: int
    n_articles: int
    confidence: float
    quads: dict[int, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    dimensions: dict[str, int] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    modes: dict[str, int] = field(default_factory=dict)
    excluded_modes: dict[str, int] = field(default_factory=dict)

    @property
    def pair(self) -> tuple[str, str]:
        return self.a, self.b

    def other(self, code: str) -> str:
        return self.b if code == self.a else self.a

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "window": self.window,
            "start": self.start,
            "end": self.end,
            "score": None if self.score is None else round(self.score, 4),
            "sign": self.sign,
            "weight": round(self.weight, 4),
            "n_events": self.n_events,
            "n_excluded": self.n_excluded,
            "n_sources": self.n_sources,
            "n_articles": self.n_articles,
            "confidence": round(self.confidence, 4),
            "quads": {str(k): v for k, v in sorted(self.quads.items())},
            "types": dict(sorted(self.types.items(), key=lambda kv: (-kv[1], kv[0]))),
            "dimensions": dict(sorted(self.dimensions.items(), key=lambda kv: (-kv[1], kv[0]))),
            "modes": dict(sorted(self.modes.items(), key=lambda kv: (-kv[1], kv[0]))),
            "excluded_by_mode": dict(sorted(self.excluded_modes.items(), key=lambda kv: (-kv[1], kv[0]))),
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Scope:
    """Which evidence a query reads: a time range, an actor kind, actors, a pair, a dimension.

    `since`/`until` are ISO dates of any precision ("2013", "2013-09", "2013-09-17"): `since` from the
    first day of its period, `until` to the last day of its period (rule 10). `kind` is `states` (state
    nodes only) or `all`; `rollup` applies rule 2 (agents of a state count as the state, people of a
    state are `GBR.CVL`-style nodes). `actors`
    keeps the records with an end among them; `pair` the records of one dyad; `dimension` the records
    tagged with it.
    """

    since: str | None = None
    until: str | None = None
    kind: str = "all"
    rollup: bool = True
    actors: tuple[str, ...] | None = None
    pair: tuple[str, str] | None = None
    dimension: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        for value in (self.since, self.until):
            if value is not None:
                period_bounds(value)  # raises ValueError on a malformed date

    @property
    def bounded(self) -> bool:
        return self.since is not None or self.until is not None


def period_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period an ISO date of any precision names ("2013" -> the year)."""
    text = value.strip()
    try:
        if len(text) == 4:
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if len(text) == 7:
            first = dt.date(int(text[:4]), int(text[5:7]), 1)
            nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        day = dt.date.fromisoformat(text[:10])
        return day, day
    except ValueError as exc:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}") from exc


# --------------------------------------------------------------------------------------------- SQL
def _mode_case(con: duckdb.DuckDBPyConnection, column: str, table: str) -> str:
    """A CASE giving rule 3's weight of every mode the table holds (computed in Python, once per query)."""
    modes = [r[0] for r in con.execute(f"SELECT DISTINCT mode FROM {table}").fetchall() if r[0] is not None]
    if not modes:
        return "1.0"
    arms = " ".join(f"WHEN {_quote(m)} THEN {rules.mode_weight(m)!r}" for m in modes)
    return f"(CASE {column} {arms} ELSE {rules.mode_weight(None)!r} END)"


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Execute with the named parameters the SQL uses (DuckDB refuses unused ones)."""
    used = {k: v for k, v in params.items() if re.search(rf"\${re.escape(k)}\b", sql)}
    return con.execute(sql, used).fetchall()


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Does the store (or Parquet dataset) hold this table or view? Older stores and datasets lack new ones."""
    return bool(con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ? LIMIT 1", [name]).fetchall())


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _node(alias: str, rollup: bool) -> str:
    """Rule 2 as SQL: the node an `event_actors` row stands for."""
    return node_sql(alias, "$states") if rollup else f"{alias}.actor"


def node_sql(alias: str, states: str) -> str:
    """Rule 2 (`rules.node`) as SQL over the `event_actors` row `alias`, with `states` a list expression of
    state codes: a state, or anyone acting for it, is the state; people of a state who do not act for it
    ("a British man", "Cuban migrants") are the node `GBR.CVL`-style country.sector; a reference that
    is no actor is NULL; anyone else is their own node."""
    sector = f"nullif(upper({alias}.sector), '')"
    acts_for_state = " OR ".join(f"starts_with({sector}, {_quote(s)})" for s in rules.STATE_SECTORS)
    no_actor = ", ".join(_quote(s) for s in sorted(rules.NO_ACTOR_SECTORS))
    people = " ".join(f"WHEN {_quote(k)} THEN {_quote(v)}" for k, v in sorted(rules.PEOPLE_SECTOR_ALIASES.items()))
    return (
        f"(CASE WHEN {sector} IN ({no_actor}) THEN NULL "
        f"WHEN list_contains({states}, {alias}.actor) AND ({sector} IS NULL OR {acts_for_state}) "
        f"THEN {alias}.actor "
        f"WHEN list_contains({states}, {alias}.country) AND ({acts_for_state}) THEN {alias}.country "
        f"WHEN list_contains({states}, {alias}.actor) "
        f"THEN {alias}.actor || '.' || (CASE {sector} {people} ELSE {sector} END) "
        f"ELSE {alias}.actor END)"
    )


def owner_code(code: str) -> str:
    """A code whose `event_actors` rows may stand for the node: `GBR` for `GBR.CVL` (rows of GBR with
    a civilian sector), else the node itself. Only widens a prefilter; the node test stays exact."""
    owner, dot, _ = code.partition(".")
    return owner if dot and rules.is_state(owner) else code


_QUAD_CASE = (
    "(CASE e.quad "
    + " ".join(f"WHEN {q} THEN {v!r}" for q, v in rules.QUAD_INTENSITY.items())
    + " ELSE 0.0 END)"
)

# rank of a time's precision: 0 undated, 1 year, 2 month, 3 day (rule 10)
_RANK = """(CASE WHEN t_str IS NULL OR t_p IN ('decade', 'century') THEN 0
                 ELSE least(CASE t_p WHEN 'year' THEN 1 WHEN 'month' THEN 2 ELSE 3 END,
                            CASE WHEN length(t_str) >= 10 THEN 3 WHEN length(t_str) >= 7 THEN 2
                                 WHEN length(t_str) >= 4 THEN 1 ELSE 0 END) END)"""


#: The temporary tables of `materialize`: every record, every evidence unit, and the store state they reflect.
CACHE_TABLE = "entente_relation_records"
CACHE_UNITS = "entente_relation_units"
_CACHE_META = "entente_relation_records_meta"
_FINGERPRINT = """SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_actors),
                         (SELECT count(*) FROM stances), (SELECT count(*) FROM articles),
                         (SELECT count(*) FROM claims)"""


def materialize(con: duckdb.DuckDBPyConnection) -> int:
    """Compute every evidence record and unit once into temporary tables of this connection.

    Later queries on the same connection (with the default `rollup`) read these tables instead of
    joining events, actors and articles again and regrouping the units: a dyad series on a million
    events drops from about a second to tens of milliseconds. Worth it for long-lived connections (the
    API, notebooks, per-window sweeps); a one-shot command does not need it. The tables are dropped
    automatically - and the queries fall back to the store's tables - as soon as the store's row counts
    change; call again to rebuild. Works on read-only stores (temporary tables live in memory).
    Returns the number of records.
    """
    drop_materialized(con)
    params: dict[str, Any] = {}
    body = _records_sql(con, Scope(), params, use_cache=False)
    run(con, f"CREATE TEMP TABLE {CACHE_TABLE} AS WITH {body} SELECT * FROM records ORDER BY a, b", params)
    run(
        con,
        f"CREATE TEMP TABLE {CACHE_UNITS} AS WITH records AS (SELECT * FROM temp.{CACHE_TABLE}), "
        f"{_unit_groups_sql(evidence=True)} SELECT * FROM unit_groups ORDER BY a, b",
        {},
    )
    fingerprint = con.execute(_FINGERPRINT).fetchone()
    con.execute(f"CREATE TEMP TABLE {_CACHE_META} AS SELECT ? AS fingerprint", [list(fingerprint or ())])
    return int(con.execute(f"SELECT count(*) FROM temp.{CACHE_TABLE}").fetchone()[0])  # type: ignore[index]


def drop_materialized(con: duckdb.DuckDBPyConnection) -> None:
    for table in (CACHE_TABLE, CACHE_UNITS, _CACHE_META):
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _cache_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        stored = con.execute(f"SELECT fingerprint FROM temp.{_CACHE_META}").fetchone()
    except duckdb.CatalogException:
        return False
    current = list(con.execute(_FINGERPRINT).fetchone() or ())
    if stored is None or list(stored[0]) != current:
        drop_materialized(con)
        return False
    return True


def _records_sql(
    con: duckdb.DuckDBPyConnection, scope: Scope, params: dict[str, Any], *, use_cache: bool = True
) -> str:
    """SQL of the CTE `records` (rules 1-7, 10): one row per record of a pair, with weight and value.

    Columns: kind, id, article_id, outlet, a, b (a < b), x_actor, y_actor (source and target as coded),
    type, quad, dimensions, mode, v, w, disputed, conf (the extractor's confidence, NULL when none),
    t_str, t_day, t_last, t_rank, span_start, span_end,
    span_field (which text the span indexes into: 'text', 'title' or 'subtitle').
    """
    params["states"] = sorted(rules.state_codes())
    if use_cache and scope.rollup and _cache_fresh(con):
        return (
            f"records AS MATERIALIZED (SELECT * FROM temp.{CACHE_TABLE} "
            f"WHERE {_record_where(scope, params, 'a', 'b', ordered=True)})"
        )
    node_s, node_t = _node("s", scope.rollup), _node("t", scope.rollup)
    actor_rows = "event_actors"
    stance_filter = ""
    event_filter = ""
    prefilter = ""
    if scope.pair is not None:
        params["pa"], params["pb"] = scope.pair
        # people of a state (`GBR.CVL`) are rows of the state's code with another sector (rule 2)
        params["oa"], params["ob"] = owner_code(scope.pair[0]), owner_code(scope.pair[1])
        prefilter = """ea AS MATERIALIZED (SELECT event_id, role, actor, country, sector FROM event_actors
                             WHERE actor IN ($pa, $pb, $oa, $ob) OR country IN ($pa, $pb)),"""
        actor_rows = "ea"
        stance_filter = "AND st.a IN ($pa, $pb) AND st.b IN ($pa, $pb)"
    if scope.dimension is not None:
        params["dimension"] = scope.dimension
        event_filter += " AND list_contains(e.dimensions, $dimension)"
        stance_filter += " AND list_contains(st.dimensions, $dimension)"
    event_mode = _mode_case(con, "e.mode", "events")
    stance_mode = _mode_case(con, "st.mode", "stances")
    has_claims = con.execute("SELECT 1 FROM claims WHERE relation = 'denies' LIMIT 1").fetchone() is not None
    # rule 7: reports of one pair, type and date (an `entente.store.groups` key) are one unit, whichever
    # articles tell them; an event without a key is a unit of its article
    grouped = has_table(con, "event_groups")
    # (the unit groups by pair, type and date already; a key only lifts the article out of it, and
    # keeps an act that is only expected apart from one that happened)
    unit = ("CASE WHEN g.key IS NULL THEN e.article_id WHEN ends_with(g.key, '|expected') THEN '*expected' "
            "ELSE '*' END") if grouped else "e.article_id"
    groups_join = "LEFT JOIN event_groups g ON g.event_id = e.id" if grouped else ""
    denied_claim = "OR e.id IN (SELECT event_id FROM claims WHERE relation = 'denies')" if has_claims else ""
    # rule 10: the event's own date at any precision; a decade or century ("in World War Two") is in
    # no year, month or day window, never in the publication's
    dated = "e.date IS NOT NULL AND e.date_precision IS NOT NULL"
    # rule 10: a historical event without a date of its own is in no window, never the article's
    historical = f"list_contains(string_split(lower(coalesce(e.mode, '')), '+'), {_quote(rules.HISTORICAL)})"
    return f"""{prefilter}
    pe AS MATERIALIZED (
        SELECT s.event_id, {node_s} AS x, {node_t} AS y, s.actor AS x_actor, t.actor AS y_actor
        FROM {actor_rows} s JOIN {actor_rows} t ON s.event_id = t.event_id AND s.role = 'source' AND t.role = 'target'
    ),
    raw AS (
        SELECT 'event' AS kind, e.id, e.article_id, {unit} AS unit, coalesce(ar.source, ar.id) AS outlet, pe.x, pe.y,
               pe.x_actor, pe.y_actor, e.type, e.quad, e.dimensions, e.mode,
               greatest(-1.0, least(1.0, coalesce(e.intensity, {_QUAD_CASE}) / 10.0)) AS v,
               {event_mode} * (CASE WHEN e.denied_by IS NOT NULL {denied_claim} THEN {rules.DISPUTED_FACTOR!r}
                               ELSE 1.0 END) * coalesce(e.confidence, 1.0) AS w,
               (e.denied_by IS NOT NULL {denied_claim}) AS disputed, e.confidence AS conf,
               CASE WHEN {dated} THEN e.date WHEN {historical} THEN NULL ELSE ar.published END AS t_str,
               CASE WHEN {dated} THEN e.date_precision WHEN {historical} THEN NULL
                    ELSE ar.published_precision END AS t_p,
               e.sentence_start AS span_start, e.sentence_end AS span_end, e.field AS span_field
        FROM pe JOIN events e ON e.id = pe.event_id
        JOIN articles ar ON ar.id = e.article_id {groups_join}
        WHERE pe.x IS NOT NULL AND pe.y IS NOT NULL AND pe.x <> pe.y AND ar.near_duplicate_of IS NULL {event_filter}
        UNION ALL
        SELECT 'stance', st.id, st.article_id, st.article_id, coalesce(ar.source, ar.id), st.a, st.b, st.a, st.b,
               'STANCE', NULL::SMALLINT, st.dimensions, st.mode,
               greatest(-1.0, least(1.0, st.sign * coalesce(st.strength, {rules.STANCE_STRENGTH!r})
                                         * {rules.STANCE_SCALE!r})),
               {stance_mode}, FALSE, NULL::DOUBLE, ar.published, ar.published_precision, st.start, st."end",
               st.field
        FROM stances st JOIN articles ar ON ar.id = st.article_id
        WHERE st.a IS NOT NULL AND st.b IS NOT NULL AND st.a <> st.b AND ar.near_duplicate_of IS NULL
              {stance_filter}
    ),
    ranked AS (
        SELECT *, {_RANK} AS r0 FROM raw
    ),
    parsed AS (
        SELECT *, CASE r0 WHEN 3 THEN try_cast(substr(t_str, 1, 10) AS DATE)
                          WHEN 2 THEN try_cast(substr(t_str, 1, 7) || '-01' AS DATE)
                          WHEN 1 THEN try_cast(substr(t_str, 1, 4) || '-01-01' AS DATE) END AS t_day
        FROM ranked
    ),
    dated AS (
        SELECT * EXCLUDE (r0), CASE WHEN t_day IS NULL THEN 0 ELSE r0 END AS t_rank,
               CASE r0 WHEN 3 THEN t_day WHEN 2 THEN last_day(t_day)
                       WHEN 1 THEN make_date(year(t_day), 12, 31) END AS t_last
        FROM parsed
    ),
    records AS (
        SELECT DISTINCT ON (kind, id, least(x, y), greatest(x, y))
               kind, id, article_id, unit, outlet, least(x, y) AS a, greatest(x, y) AS b, x_actor, y_actor,
               type, quad, dimensions, mode, v, w, disputed, conf, t_str, t_day, t_last, t_rank, span_start,
               span_end, span_field
        FROM dated WHERE {_record_where(scope, params, "x", "y")}
    )"""


def _record_where(scope: Scope, params: dict[str, Any], x: str, y: str, *, ordered: bool = False) -> str:
    """The WHERE of `records` over node columns x and y (`ordered`: x < y already, so filters push down)."""
    where = ["TRUE"]
    if scope.kind == "states":
        params["states"] = sorted(rules.state_codes())
        where.append(f"list_contains($states, {x}) AND list_contains($states, {y})")
    if scope.pair is not None:
        lo, hi = sorted(scope.pair)
        params["lo"], params["hi"] = lo, hi
        where.append(
            f"{x} = $lo AND {y} = $hi" if ordered else f"least({x}, {y}) = $lo AND greatest({x}, {y}) = $hi"
        )
    if scope.actors:
        params["actors"] = list(scope.actors)
        where.append(f"(list_contains($actors, {x}) OR list_contains($actors, {y}))")
    if scope.dimension is not None:
        params["dimension"] = scope.dimension
        where.append("list_contains(dimensions, $dimension)")
    if scope.since is not None:
        params["since"] = period_bounds(scope.since)[0]
        where.append("t_rank > 0 AND t_day >= $since")
    if scope.until is not None:
        params["until"] = period_bounds(scope.until)[1]
        where.append("t_rank > 0 AND t_last <= $until")
    return " AND ".join(where)


def _unit_groups_sql(*, evidence: bool) -> str:
    """Rule 7: one unit per pair, type and date, across articles when the events have a group key, else
    per article (the CTE `unit_groups`, from `records`); a unit keeps every article and outlet that told it."""
    best = (
        "max_by({'kind': kind, 'id': id, 'article_id': article_id, 'start': span_start, 'end': span_end, "
        "'field': span_field, "
        "'value': v, 'weight': w, 'type': type, 'mode': mode, 'disputed': disputed, 'date': t_str, "
        "'confidence': conf, 'x_actor': x_actor, 'y_actor': y_actor}, (abs(w * v), w, kind, id))"
        if evidence
        else "NULL"
    )
    return f"""
    unit_groups AS (
        SELECT a, b, unit, min(article_id) AS article_id, list_distinct(list(article_id)) AS article_ids,
               any_value(outlet) AS outlet, list_distinct(list(outlet)) AS outlets, type, any_value(quad) AS quad,
               max(w) AS w,
               CASE WHEN sum(w) > 0 THEN sum(w * v) / sum(w) ELSE avg(v) END AS v,
               list_distinct(flatten(list(dimensions))) AS dims,
               max_by(coalesce(mode, 'asserted'), (w, abs(v), id)) AS unit_mode,
               t_day, t_rank, any_value(t_last) AS t_last, {best} AS best
        FROM records
        GROUP BY a, b, unit, type, t_day, t_rank
    )"""


def _units_sql(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    params: dict[str, Any],
    window: str | None,
    rolling: int,
    *,
    evidence: bool = True,
) -> str:
    """The CTE `units` (rule 7) with the window key of each unit, from the cache when it can serve."""
    if scope.rollup and scope.dimension is None and _cache_fresh(con):
        where = _record_where(scope, params, "a", "b", ordered=True)
        groups = f"unit_groups AS (SELECT * FROM temp.{CACHE_UNITS} WHERE {where})"
    else:
        groups = _records_sql(con, scope, params) + "," + _unit_groups_sql(evidence=evidence)
    if window is None:
        key, keep = "NULL::DATE", "TRUE"
    else:
        key, keep = f"date_trunc('{window}', t_day)::DATE", f"t_rank >= {rules.WINDOWS[window]}"
    units = f"""{groups},
    units AS MATERIALIZED (SELECT *, {key} AS key FROM unit_groups WHERE {keep})"""
    if window is not None and rolling > 1:
        units += f""",
    rolled_all AS (
        SELECT * EXCLUDE (key), unnest(generate_series(key, key + INTERVAL {rolling - 1} {window},
                                                       INTERVAL 1 {window}))::DATE AS key
        FROM units
    ),
    rolled AS (SELECT * FROM rolled_all WHERE key <= (SELECT max(key) FROM units))"""
    return units


def _aggregate_sql(window: str | None, rolling: int, n_evidence: int, *, counts: bool = True) -> str:
    source = "rolled" if window is not None and rolling > 1 else "units"
    group = "a, b" if window is None else "a, b, key"
    evidence = (
        f"max_by(best, (abs(w * v), w, best.kind, best.id), {n_evidence})" if n_evidence > 0 else "NULL"
    )
    if counts:
        histograms = """histogram(CASE WHEN w > 0 THEN type END) AS types,
           histogram(CASE WHEN w > 0 THEN quad END) AS quads,
           histogram(unit_mode) AS modes, histogram(CASE WHEN w <= 0 THEN unit_mode END) AS excluded_modes,"""
    else:
        histograms = "NULL AS types, NULL AS quads, NULL AS modes, NULL AS excluded_modes,"
    return f"""
    SELECT a, b, {"NULL::DATE" if window is None else "key"} AS key,
           sum(w * v) AS num, sum(w * greatest(abs(v), {rules.VALUE_FLOOR!r})) AS den, sum(w) AS weight,
           count(CASE WHEN w > 0 THEN 1 END) AS n_events, count(CASE WHEN w <= 0 THEN 1 END) AS n_excluded,
           len(list_distinct(flatten(list(outlets) FILTER (WHERE w > 0)))) AS n_sources,
           len(list_distinct(flatten(list(article_ids) FILTER (WHERE w > 0)))) AS n_articles,
           {histograms}
           flatten(list(CASE WHEN w > 0 THEN dims END)) AS dims,
           {evidence} AS evidence
    FROM {source}
    {"" if window is None else "WHERE key IS NOT NULL"}
    GROUP BY {group}
    HAVING count(CASE WHEN w > 0 THEN 1 END) >= $min_events
    ORDER BY a, b{", key" if window is not None else ""}"""


# --------------------------------------------------------------------------------------------- queries
def relations(
    con: duckdb.DuckDBPyConnection,
    scope: Scope | None = None,
    *,
    window: str | None = None,
    rolling: int = 1,
    min_events: int = 1,
    n_evidence: int = 3,
    counts: bool = True,
) -> list[Relation]:
    """Every dyad of the scope, over the whole range (`window=None`) or per window.

    `window` is `day`, `month` or `year`; with `rolling=n` each window's relation covers it and the
    n - 1 windows before it (a rolling window, labelled by its last window). Dyads with fewer than
    `min_events` counted units are left out (`min_events=0` keeps those whose evidence is all excluded).
    `n_evidence` records are kept per relation (0: none); `counts=False` skips the counts by type and
    quad (the network needs neither, and is faster without).
    """
    scope = scope or Scope()
    if window is not None and window not in rules.WINDOWS:
        raise ValueError(f"window must be one of {', '.join(rules.WINDOWS)}, not {window!r}")
    if rolling < 1:
        raise ValueError("rolling must be at least 1")
    params: dict[str, Any] = {"min_events": min_events}
    sql = (
        "WITH "
        + _units_sql(con, scope, params, window, rolling, evidence=n_evidence > 0)
        + _aggregate_sql(window, rolling, n_evidence, counts=counts)
    )
    rows = run(con, sql, params)
    return [_relation(row, window, n_evidence) for row in rows]


def relation(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    since: str | None = None,
    until: str | None = None,
    rollup: bool = True,
    n_evidence: int = 5,
) -> Relation | None:
    """The relation of A and B over a range (None when nothing at all links them)."""
    found = relations(
        con, Scope(since=since, until=until, pair=(a, b), rollup=rollup), min_events=0, n_evidence=n_evidence
    )
    return found[0] if found else None


def dyad_series(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    window: str = "month",
    since: str | None = None,
    until: str | None = None,
    rolling: int = 1,
    rollup: bool = True,
    n_evidence: int = 3,
) -> list[Relation]:
    """A's and B's relation per window (only the windows with evidence), oldest first."""
    return relations(
        con,
        Scope(since=since, until=until, pair=(a, b), rollup=rollup),
        window=window,
        rolling=rolling,
        min_events=0,
        n_evidence=n_evidence,
    )


def window_labels(con: duckdb.DuckDBPyConnection, window: str, scope: Scope | None = None) -> list[str]:
    """The windows of the given granularity that hold any evidence in the scope, oldest first."""
    return sorted(
        {
            r.window
            for r in relations(con, scope, window=window, min_events=1, n_evidence=0, counts=False)
            if r.window is not None
        }
    )


def _relation(row: Sequence[Any], window: str | None, n_evidence: int) -> Relation:
    (a, b, key, num, den, weight, n_events, n_excluded, n_sources, n_articles, types, quads, modes, excluded,
     dims, evidence) = row
    weight = float(weight or 0.0)
    score = float(num) / float(den) if den else None
    start = end = label = None
    if window is not None and key is not None:
        label, start, end = _window_of(key, window)
    items = [_evidence(e) for e in (evidence or [])][:n_evidence] if n_evidence > 0 else []
    return Relation(
        a=a,
        b=b,
        window=label,
        score=score,
        sign=rules.sign_of(score) if weight > 0 else 0,
        weight=weight,
        n_events=int(n_events),
        n_excluded=int(n_excluded),
        n_sources=int(n_sources),
        n_articles=int(n_articles),
        confidence=rules.confidence(int(n_sources), weight),
        quads={int(k): int(v) for k, v in (quads or {}).items()},
        types={str(k): int(v) for k, v in (types or {}).items()},
        dimensions=dict(Counter(d for d in (dims or []) if d)),
        evidence=items,
        start=start,
        end=end,
        modes={str(k): int(v) for k, v in (modes or {}).items()},
        excluded_modes={str(k): int(v) for k, v in (excluded or {}).items()},
    )


@lru_cache(maxsize=65536)
def _window_of(key: dt.date, window: str) -> tuple[str, str, str]:
    label = key.strftime(rules.WINDOW_LABEL[window])
    first, last = period_bounds(label)
    return label, first.isoformat(), last.isoformat()


def _evidence(item: dict[str, Any]) -> Evidence:
    return Evidence(
        kind=item["kind"],
        id=item["id"],
        article_id=item["article_id"],
        start=item["start"],
        end=item["end"],
        value=float(item["value"] or 0.0),
        weight=float(item["weight"] or 0.0),
        type=item["type"],
        mode=item["mode"],
        disputed=bool(item["disputed"]),
        date=item["date"],
        source=[item["x_actor"]] if item.get("x_actor") else [],
        target=[item["y_actor"]] if item.get("y_actor") else [],
        field=item.get("field") or "text",
        confidence=None if item.get("confidence") is None else float(item["confidence"]),
    )


def weights_report(rel: Relation | None, items: Iterable[Evidence] = ()) -> dict[str, Any]:
    """The weights a relation used (rules 3-5), to show beside its evidence.

    Every weight in force (`rules.weights_used`), the `legend` of all modes on one line, `in_use`: the
    legend of the mode parts that occur in the relation or its listed evidence, and the units the
    rules excluded (weight 0), in all (`n_excluded`) and by mode (`excluded_by_mode`).
    """
    items = list(items)
    seen: set[str] = set()
    for mode in list(rel.modes if rel is not None else ()) + [e.mode or "asserted" for e in items]:
        seen.update(part for part, _ in rules.mode_parts(mode))
    excluded = dict(sorted(rel.excluded_modes.items(), key=lambda kv: (-kv[1], kv[0]))) if rel is not None else {}
    return {
        **rules.weights_used(),
        "in_use": rules.legend(seen),
        "n_excluded": rel.n_excluded if rel is not None else 0,
        "excluded_by_mode": excluded,
    }


def excluded_text(report: dict[str, Any]) -> str:
    """"2 not counted (weight 0): 1 denied, 1 reported+planned+hypothetical", or "" when none."""
    n = int(report.get("n_excluded") or 0)
    if not n:
        return ""
    by_mode = ", ".join(f"{v} {k}" for k, v in (report.get("excluded_by_mode") or {}).items())
    return f"{n} not counted (weight 0)" + (f": {by_mode}" if by_mode else "")


def attach_text(con: duckdb.DuckDBPyConnection, items: Iterable[Evidence]) -> list[Evidence]:
    """The evidence with its sentence (the article text at its span), title, outlet, URL and date."""
    items = list(items)
    ids = sorted({e.article_id for e in items})
    if not ids:
        return items
    rows = con.execute(
        "SELECT id, text, title, source, url, published, subtitle FROM articles WHERE list_contains($ids, id)",
        {"ids": ids},
    ).fetchall()
    found = {r[0]: r[1:] for r in rows}
    out = []
    for e in items:
        text, title, outlet, url, published, subtitle = found.get(e.article_id, (None,) * 6)
        # headline evidence indexes into the title or the dek, not the body
        text = {"title": title, "subtitle": subtitle}.get(e.field, text)
        sentence = None
        if (
            text is not None
            and e.start is not None
            and e.end is not None
            and 0 <= e.start < e.end <= len(text)
        ):
            sentence = " ".join(text[e.start : e.end].split())
        out.append(replace(e, sentence=sentence, title=title, outlet=outlet, url=url, published=published))
    return out


def evidence(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int = 10,
    rollup: bool = True,
    direction: int = 0,
    counted_only: bool = False,
) -> list[Evidence]:
    """The strongest records between A and B, with their sentences.

    `direction` +1 (or -1) orders by the most friendly (hostile) contribution first; 0 by strength.
    Records weighted 0 (denied, hypothetical) come last, still listed, unless `counted_only`.
    """
    params: dict[str, Any] = {"limit": limit}
    scope = Scope(since=since, until=until, pair=(a, b), rollup=rollup)
    order = "abs(w * v) DESC, w DESC" if direction == 0 else f"({direction} * w * v) DESC, w DESC"
    sql = (
        "WITH "
        + _records_sql(con, scope, params)
        + f"""
        SELECT {{'kind': kind, 'id': id, 'article_id': article_id, 'start': span_start, 'end': span_end,
                 'field': span_field,
                 'value': v, 'weight': w, 'type': type, 'mode': mode, 'disputed': disputed, 'date': t_str,
                 'confidence': conf, 'x_actor': x_actor, 'y_actor': y_actor}}
        FROM records {"WHERE w > 0" if counted_only else ""}
        ORDER BY {order}, t_day DESC NULLS LAST, id LIMIT $limit"""
    )
    rows = run(con, sql, params)
    return attach_text(con, [_evidence(r[0]) for r in rows])


def unit_values(
    con: duckdb.DuckDBPyConnection, scope: Scope, window: str
) -> list[tuple[str, str, str, float]]:
    """(a, b, window label, w * v) of every evidence unit with weight > 0, for tests over windows."""
    params: dict[str, Any] = {}
    fmt = rules.WINDOW_LABEL[window]
    sql = (
        "WITH "
        + _units_sql(con, scope, params, window, 1, evidence=False)
        + f"""
        SELECT a, b, strftime(key, '{fmt}') AS label, w * v FROM units
        WHERE key IS NOT NULL AND w > 0 ORDER BY a, b, key"""
    )
    return [(r[0], r[1], r[2], float(r[3])) for r in run(con, sql, params)]
