"""One event, many reports: events of different articles that tell the same act share a group.

GDELT counted 366 "kidnappings" in Nigeria over two days of April 2014, nearly all of them reports
of the one Chibok abduction. entente keeps every report (a row of `events`, with its article, its
sentence and its mode) and records in `event_groups` which reports tell one act, so that relations
and watches count acts, not articles, while each report stays as evidence.

Two reports are one act when they share all of:
- the event type (PLOVER);
- the actors: the source actors and the target actors (actor codes); for cooperation (quad 1 and
  2) the two sides unordered, since "Israel and Azerbaijan signed" and "Azerbaijan signed with
  Israel" are one signing;
- whether the act happened or is only expected: a planned or supposed strike is not the strike;
- the date, at the precision the report gives: the same day, month or year. A report without a
  date of its own takes its article's day of publication (as relations do), except a historical one.

One article's reports are never one act: a story that names ten protests by the same groups on the
day it appeared tells ten protests. So the n-th report of a key in one article joins the n-th report
of the same key in every other article (in the order of the text), and a group holds at most one
report per article. Relations count by `key` alone (rule 7 of `entente.graph.rules`): one unit per
pair, type and date, whichever articles tell it.

A report with an empty side, or whose two sides are the same actors (a state's police and its
protesters are both that state's), or dated only to a decade or century, is not grouped (its group is
itself). The place of the event is not part of the key: entente does not code places yet.

Reports of one day split across midnight, or dated to a day by one article and a month by another,
stay apart: the rule prefers two groups for one act to one group for two acts, which is what
inflated counts in GDELT. `key` says why reports were grouped; the table is the whole grouping, so
dropping it undoes it.
"""
from __future__ import annotations

from collections.abc import Sequence

import duckdb

#: The rules' version, stored with each row: a change of rules regroups with `regroup`.
GROUPER = "entente.groups/3"

_KEYS = """
todo AS (
    SELECT e.id, e.article_id, e.sentence_start, e.type, e.quad, e.mode, e.date, e.date_precision, a.published,
           a.published_precision
    FROM events e JOIN articles a ON a.id = e.article_id
    WHERE e.id NOT IN (SELECT event_id FROM event_groups) {only}
),
sides AS (
    SELECT x.event_id,
           list_sort(list_distinct(list(x.actor) FILTER (WHERE x.role = 'source'))) AS src,
           list_sort(list_distinct(list(x.actor) FILTER (WHERE x.role = 'target'))) AS tgt
    FROM event_actors x WHERE x.event_id IN (SELECT id FROM todo)
    GROUP BY x.event_id
),
keyed AS (
    SELECT t.id, t.article_id, t.sentence_start, t.type || '|' ||
           CASE WHEN t.quad IN (1, 2) THEN array_to_string(list_sort(list_distinct(list_concat(s.src, s.tgt))), '~')
                ELSE array_to_string(s.src, ',') || '>' || array_to_string(s.tgt, ',') END || '|' ||
           CASE WHEN t.date IS NOT NULL THEN
                    CASE t.date_precision WHEN 'day' THEN substr(t.date, 1, 10)
                                          WHEN 'month' THEN substr(t.date, 1, 7)
                                          WHEN 'year' THEN substr(t.date, 1, 4) END
                WHEN list_contains(string_split(lower(t.mode), '+'), 'historical') THEN NULL
                WHEN t.published_precision = 'day' THEN substr(t.published, 1, 10) END ||
           -- a strike only planned or supposed is not the strike that happened
           CASE WHEN len(list_intersect(string_split(lower(t.mode), '+'), ['planned', 'hypothetical'])) > 0
                THEN '|expected' ELSE '' END AS key
    FROM todo t JOIN sides s ON s.event_id = t.id
    -- "police arrested protesters" (USA>USA) names the act too loosely to know two reports for one
    WHERE len(s.src) > 0 AND len(s.tgt) > 0 AND s.src <> s.tgt
),
ranked AS (  -- the n-th report of a key in its article joins the n-th of every other article
    SELECT id, key, row_number() OVER (PARTITION BY article_id, key ORDER BY sentence_start, id) AS nth
    FROM keyed WHERE key IS NOT NULL
)"""


def group_events(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str] | None = None) -> int:
    """Give every event without a group row (of `event_ids`, or all) its group; return how many.

    The group of a report depends on the report alone, so adding reports never moves older ones:
    a new report of a known act joins its group, and ingest order does not matter."""
    only = "AND e.id IN (SELECT unnest($ids))" if event_ids is not None else ""
    params = {"ids": list(event_ids)} if event_ids is not None else {}
    before = _count(con)
    con.execute(
        f"""INSERT INTO event_groups (event_id, group_id, key, grouper)
            WITH {_KEYS.format(only=only)}
            SELECT id, substr(md5(key || '#' || nth), 1, 16), key, '{GROUPER}' FROM ranked
            ON CONFLICT DO NOTHING""", params).fetchall()
    return _count(con) - before


def bring_up_to_date(con: duckdb.DuckDBPyConnection) -> int:
    """Regroup a store grouped by older rules, else group the events that lack a group; return rows written."""
    stale = con.execute("SELECT 1 FROM event_groups WHERE grouper <> ? LIMIT 1", [GROUPER]).fetchall()
    return regroup(con) if stale else group_events(con)


def regroup(con: duckdb.DuckDBPyConnection) -> int:
    """Group every event afresh (after a change of rules); return the number of rows written."""
    con.execute("DELETE FROM event_groups").fetchall()
    return group_events(con)


def forget(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    """Drop the group rows of these articles' events (their extractions are being replaced)."""
    con.execute("DELETE FROM event_groups WHERE event_id IN "
                "(SELECT id FROM events WHERE article_id IN (SELECT unnest(?)))", [list(article_ids)]).fetchall()


def _count(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM event_groups").fetchall()[0][0])
