"""Detection: turn the events of newly stored articles into alerts, inside the ingest transaction.

`detect_alerts(con, article_ids)` is handed to `Store.add_batch(..., with_fresh=...)`, so an
article, its events, the alerts they raise and the pending deliveries of those alerts are
committed together or not at all (the outbox pattern): a crash after the commit loses nothing,
since `deliver_pending` finds the pending rows later; a crash before it leaves nothing to find.

Exactly once:

* an alert's id hashes (watch, event id), and a second detection of the same event finds it;
* an event from an article that MinHash marked as a near-duplicate gives no alert when an
  article of the same story (the first article of its near-duplicate chain) already alerted the
  watch for an equivalent event: same type, source, target and date;
* a shift alert's id hashes (watch, dyad, window pair): each move between two windows once.
"""
from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import duckdb

from .match import event_relation
from .records import Alert, Watch
from .watches import insert_alert, list_watches, utcnow

log = logging.getLogger(__name__)

Connection = duckdb.DuckDBPyConnection

#: Characters of the evidence sentence kept in an alert.
MAX_EVIDENCE = 600
_WINDOW_LENGTH = {"day": 10, "month": 7, "year": 4}
#: Weight of an event by the parts of its mode (product), when `entente.graph` cannot score the dyad.
_MODE_WEIGHTS = {"asserted": 1.0, "historical": 0.8, "reported": 0.7, "alleged": 0.5, "planned": 0.5,
                 "hypothetical": 0.25, "denied": 0.2, "negated": 0.0}


def alert_id(watch_id: str, kind: str, key: str) -> str:
    return hashlib.sha256(f"{watch_id}|{kind}|{key}".encode()).hexdigest()[:24]


def detect_alerts(con: Connection, article_ids: Sequence[str], *, now: datetime | None = None,
                  watches: Sequence[Watch] | None = None) -> int:
    """Record the alerts the events of these (newly stored) articles raise; return how many are new.

    Runs in the caller's transaction and writes `alerts` and `deliveries` only. Articles are
    taken in the order given (the batch order), so that within a batch the first article of a
    near-duplicate group alerts and its copies do not.
    """
    watches = list(watches) if watches is not None else list_watches(con)
    if not watches or not article_ids:
        return 0
    now = now or utcnow()
    ids = list(dict.fromkeys(article_ids))
    articles = _articles(con, ids)
    events = load_events(con, ids)
    new = 0
    event_watches = [w for w in watches if not w.is_shift]
    for article_id in ids:
        article = articles.get(article_id)
        if article is None:
            continue
        for event in events.get(article_id, []):
            for watch in event_watches:
                relation = event_relation(watch, event)
                if relation is None:
                    continue
                alert = event_alert(watch, event, article, relation)
                if article["story_id"] != article_id and _story_alerted(con, alert):
                    log.debug("watch %s: event %s repeats its story's alert", watch.id, event["id"])
                    continue
                new += insert_alert(con, alert, watch.push_channels, now=now)
    for watch in watches:
        if watch.is_shift:
            new += _detect_shifts(con, watch, ids, now=now)
    if new:
        log.info("%d new alert(s) from %d article(s)", new, len(ids))
    return new


def preview(con: Connection, watch: Watch, *, limit: int = 50,
            article_ids: Sequence[str] | None = None) -> list[Alert]:
    """The alerts the watch would raise from stored events (all articles, or these), newest first.

    Writes nothing and delivers nothing: what `entente watch test` shows.
    """
    if watch.is_shift:
        a, b = watch.dyad or ("", "")
        return [shift_alert(watch, s) for s in reversed(shifts_of(con, a, b, watch.shift_window,
                                                                  watch.shift_threshold or 0.0))][:limit]
    if article_ids is None:
        rows = _candidate_articles(con, watch)
    else:
        rows = list(article_ids)
    found: list[Alert] = []
    seen_story: set[tuple[str, str]] = set()
    for chunk_start in range(0, len(rows), 500):
        chunk = rows[chunk_start:chunk_start + 500]
        articles = _articles(con, chunk)
        events = load_events(con, chunk)
        for article_id in chunk:
            for event in events.get(article_id, []):
                relation = event_relation(watch, event)
                if relation is None:
                    continue
                alert = event_alert(watch, event, articles[article_id], relation)
                key = (alert.story_id or "", alert.equivalent or "")
                if alert.story_id != article_id and key in seen_story:
                    continue
                seen_story.add(key)
                found.append(alert)
                if len(found) >= limit:
                    return found
    return found


# -- events ----------------------------------------------------------------------------------
def load_events(con: Connection, article_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """article id -> its events as match rows (with `source`/`target` references), in text order."""
    if not article_ids:
        return {}
    cur = con.execute(
        """SELECT id, article_id, type, cameo, quad, intensity, mode, date, date_precision, dimensions,
                  sentence_start, sentence_end, reported_by, denies, denied_by, confidence, extractor
           FROM events WHERE article_id IN (SELECT unnest(?))
           ORDER BY article_id, sentence_start, coalesce(trigger_start, 0), id""", [list(article_ids)])
    names = [d[0] for d in cur.description or []]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    if not rows:
        return {}
    refs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for event_id, role, actor, country, sector, text in con.execute(
            """SELECT event_id, role, actor, country, sector, text FROM event_actors
               WHERE event_id IN (SELECT unnest(?)) ORDER BY event_id, role, start NULLS LAST, actor""",
            [[r["id"] for r in rows]]).fetchall():
        refs[(event_id, role)].append({"actor": actor, "country": country, "sector": sector, "text": text})
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        row["dimensions"] = list(row["dimensions"] or [])
        row["source"] = refs.get((row["id"], "source"), [])
        row["target"] = refs.get((row["id"], "target"), [])
        out[row["article_id"]].append(row)
    return out


def _articles(con: Connection, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """id -> title, url, source, published, text, near_duplicate_of and story_id of the articles."""
    cur = con.execute("""SELECT id, title, url, source, published, text, near_duplicate_of FROM articles
                         WHERE id IN (SELECT unnest(?))""", [list(article_ids)])
    names = [d[0] for d in cur.description or []]
    found = {r[0]: dict(zip(names, r)) for r in cur.fetchall()}
    roots = story_roots(con, [i for i, a in found.items() if a["near_duplicate_of"]])
    for article_id, article in found.items():
        article["story_id"] = roots.get(article_id, article_id)
    return found


def story_roots(con: Connection, article_ids: Iterable[str], *, max_depth: int = 32) -> dict[str, str]:
    """article id -> the first article of its near-duplicate chain (itself when it is no copy)."""
    roots = {a: a for a in article_ids}
    pending = dict(roots)  # article -> current link in its chain
    for _ in range(max_depth):
        if not pending:
            break
        links = dict(con.execute(
            "SELECT id, near_duplicate_of FROM articles WHERE id IN (SELECT unnest(?))",
            [list(set(pending.values()))]).fetchall())
        nxt = {}
        for article, current in pending.items():
            parent = links.get(current)
            if parent and parent != article and parent != current:
                roots[article] = parent
                nxt[article] = parent
        pending = nxt
    return roots


def equivalence_key(event: dict[str, Any]) -> str:
    """What two reports of one event share across near-duplicate articles: type, sides and date."""
    sources = ",".join(sorted({r["actor"] for r in event.get("source") or [] if r.get("actor")}))
    targets = ",".join(sorted({r["actor"] for r in event.get("target") or [] if r.get("actor")}))
    return f"{event.get('type')}|{sources}|{targets}|{event.get('date') or ''}"


def _story_alerted(con: Connection, alert: Alert) -> bool:
    row = con.execute("""SELECT 1 FROM alerts WHERE watch_id = ? AND story_id = ? AND equivalent = ?
                         AND article_id <> ? LIMIT 1""",
                      [alert.watch_id, alert.story_id, alert.equivalent, alert.article_id]).fetchone()
    return row is not None


def event_alert(watch: Watch, event: dict[str, Any], article: dict[str, Any], relation: str) -> Alert:
    """The alert an event raises for a watch: a title, a one-paragraph summary and a JSON payload."""
    sentence = _evidence(article.get("text") or "", event.get("sentence_start"), event.get("sentence_end"))
    sources = [_ref(r) for r in event.get("source") or []]
    targets = [_ref(r) for r in event.get("target") or []]
    mode = event.get("mode") or "asserted"
    who = ", ".join(r["name"] for r in sources) or "someone"
    whom = ", ".join(r["name"] for r in targets)
    title = f"{who} → {whom}: {event['type']}" if whom else f"{who}: {event['type']}"
    if mode != "asserted":
        title += f" ({mode})"
    if event.get("date"):
        title += f", {event['date']}"
    origin = ", ".join(str(x) for x in (article.get("source"), article.get("published")) if x)
    summary = sentence + (f" — {article.get('title') or article['id']}" + (f" ({origin})" if origin else ""))
    payload = {
        "kind": "event",
        "watch": {"id": watch.id, "name": watch.name},
        "relation": relation,
        "event": {
            "id": event["id"], "type": event["type"], "cameo": event.get("cameo"), "quad": event.get("quad"),
            "intensity": event.get("intensity"), "mode": mode, "date": event.get("date"),
            "date_precision": event.get("date_precision"), "dimensions": list(event.get("dimensions") or []),
            "confidence": event.get("confidence"), "source": sources, "target": targets,
            "reported_by": event.get("reported_by"), "evidence": sentence,
            "evidence_span": [event.get("sentence_start"), event.get("sentence_end")],
        },
        "article": {"id": article["id"], "title": article.get("title"), "url": article.get("url"),
                    "source": article.get("source"), "published": article.get("published"),
                    "near_duplicate_of": article.get("near_duplicate_of")},
    }
    return Alert(id=alert_id(watch.id, "event", event["id"]), watch_id=watch.id, kind="event", title=title,
                 summary=summary, payload=payload, event_id=event["id"], article_id=article["id"],
                 story_id=article.get("story_id") or article["id"], equivalent=equivalence_key(event))


def _evidence(text: str, start: Any, end: Any) -> str:
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        return ""
    sentence = " ".join(text[start:end].split())
    return sentence if len(sentence) <= MAX_EVIDENCE else sentence[:MAX_EVIDENCE - 1] + "…"


def _ref(ref: dict[str, Any]) -> dict[str, Any]:
    code = ref.get("actor") or ref.get("country") or ""
    return {"actor": ref.get("actor"), "country": ref.get("country"), "name": actor_name(code),
            "text": ref.get("text")}


def actor_name(code: str) -> str:
    """A readable name for an actor code (`ISR` -> Israel), or the code itself."""
    try:
        from ..api.names import lookup
    except ImportError:  # pragma: no cover - the API package is optional here
        return code
    return lookup(code).name if code else code


def _candidate_articles(con: Connection, watch: Watch) -> list[str]:
    """Ids of the stored articles with an event of the watch's actors (all with events when it names none)."""
    if watch.actors:
        codes = watch.actors + watch.partners
        sql = """SELECT DISTINCT e.article_id, a.ingested_at FROM events e JOIN articles a ON a.id = e.article_id
                 JOIN event_actors x ON x.event_id = e.id
                 WHERE x.actor IN (SELECT unnest(?)) OR x.country IN (SELECT unnest(?))"""
        params: list[Any] = [codes, codes]
    else:
        sql = """SELECT DISTINCT e.article_id, a.ingested_at FROM events e JOIN articles a ON a.id = e.article_id"""
        params = []
    rows = con.execute(f"SELECT article_id FROM ({sql}) ORDER BY ingested_at DESC, article_id", params).fetchall()
    return [r[0] for r in rows]


# -- shifts ----------------------------------------------------------------------------------
def _detect_shifts(con: Connection, watch: Watch, article_ids: Sequence[str], *, now: datetime) -> int:
    """Shift alerts of a dyad watch for the moves into or out of a window these articles touched."""
    if watch.dyad is None or watch.shift_threshold is None:
        return 0
    a, b = watch.dyad
    touched = _touched_windows(con, a, b, article_ids, watch.shift_window)
    if not touched:
        return 0
    new = 0
    for shift in shifts_of(con, a, b, watch.shift_window, watch.shift_threshold):
        if shift["from_window"] in touched or shift["to_window"] in touched:
            new += insert_alert(con, shift_alert(watch, shift), watch.push_channels, now=now)
    return new


def shift_alert(watch: Watch, shift: dict[str, Any]) -> Alert:
    a, b = shift["a"], shift["b"]
    direction = "warmer" if shift["delta"] > 0 else "cooler"
    title = (f"{actor_name(a)}–{actor_name(b)} turned {direction}: {shift['before']:+.2f} → {shift['after']:+.2f} "
             f"({shift['from_window']} → {shift['to_window']})")
    summary = (f"The score of {actor_name(a)}–{actor_name(b)} moved by {shift['delta']:+.2f} from "
               f"{shift['from_window']} to {shift['to_window']} ({shift['n_before']} then {shift['n_after']} "
               f"events), past the watch's threshold of {watch.shift_threshold:g}.")
    key = f"{a}|{b}|{watch.shift_window}|{shift['from_window']}|{shift['to_window']}"
    payload = {"kind": "shift", "watch": {"id": watch.id, "name": watch.name},
               "shift": {**shift, "window": watch.shift_window, "threshold": watch.shift_threshold}}
    return Alert(id=alert_id(watch.id, "shift", key), watch_id=watch.id, kind="shift", title=title,
                 summary=summary, payload=payload, equivalent=key)


def shifts_of(con: Connection, a: str, b: str, window: str, threshold: float) -> list[dict[str, Any]]:
    """Moves of the A–B score by at least `threshold` between consecutive windows, oldest first."""
    series = score_series(con, a, b, window)
    out = []
    for before, after in zip(series, series[1:]):
        if before["score"] is None or after["score"] is None:
            continue
        delta = after["score"] - before["score"]
        if abs(delta) >= threshold:
            out.append({"a": a, "b": b, "from_window": before["window"], "to_window": after["window"],
                        "before": round(before["score"], 4), "after": round(after["score"], 4),
                        "delta": round(delta, 4), "n_before": before["n_events"], "n_after": after["n_events"]})
    return out


def score_series(con: Connection, a: str, b: str, window: str) -> list[dict[str, Any]]:
    """The A–B score per window, oldest first: `{"window", "score" (-1..1), "n_events"}`.

    Uses `entente.graph` when it is installed; otherwise the weighted mean Goldstein intensity of
    the events between A and B (weights by mode), divided by 10, copies of a story left out.
    """
    graph = _graph_series(con, a, b, window)
    if graph is not None:
        return graph
    n = _WINDOW_LENGTH[window]
    rows = con.execute(
        f"""WITH pairs AS (
                SELECT DISTINCT e.id, e.mode, coalesce(e.intensity, 0) AS intensity,
                       CASE WHEN e.date_precision IN ('day', 'month', 'year') AND e.date IS NOT NULL
                            THEN e.date ELSE ar.published END AS "when"
                FROM events e JOIN articles ar ON ar.id = e.article_id
                JOIN event_actors s ON s.event_id = e.id AND s.role = 'source'
                JOIN event_actors t ON t.event_id = e.id AND t.role = 'target'
                WHERE ar.near_duplicate_of IS NULL
                  AND ((coalesce(s.country, s.actor) = ? AND coalesce(t.country, t.actor) = ?)
                    OR (coalesce(s.country, s.actor) = ? AND coalesce(t.country, t.actor) = ?)
                    OR (s.actor = ? AND t.actor = ?) OR (s.actor = ? AND t.actor = ?)))
            SELECT substr("when", 1, {n}) AS win, list(mode), list(intensity) FROM pairs
            WHERE "when" IS NOT NULL AND length("when") >= {n} GROUP BY win ORDER BY win""",
        [a, b, b, a, a, b, b, a]).fetchall()
    series = []
    for win, modes, intensities in rows:
        weights = [_mode_weight(m) for m in modes]
        total = sum(weights)
        score = sum(w * i for w, i in zip(weights, intensities)) / total / 10 if total else None
        series.append({"window": win, "score": score, "n_events": len(modes)})
    return series


def _graph_series(con: Connection, a: str, b: str, window: str) -> list[dict[str, Any]] | None:
    """The dyad series of `entente.graph.dyads` (its rules, its window labels), or None without it.

    `dyad_series` first probes for a temporary cache table with a query that fails when the table
    is missing, and in DuckDB any failed statement aborts the enclosing transaction: the ingest
    batch. So, unless that cache exists, the same query is built without the probe.
    """
    try:
        from ..graph import dyads
    except ImportError:
        return None
    try:
        if _graph_cache_exists(con, getattr(dyads, "_CACHE_META", "")):
            relations = dyads.dyad_series(con, a, b, window=window, n_evidence=0)
        else:
            params: dict[str, Any] = {"min_events": 0}
            scope = dyads.Scope(pair=(a, b))
            sql = ("WITH " + dyads._records_sql(con, scope, params, use_cache=False) + ","
                   + dyads._units_sql(window, 1) + dyads._aggregate_sql(window, 1, 0))
            relations = [dyads._relation(row, window, 0) for row in dyads.run(con, sql, params)]
    except (AttributeError, TypeError) as exc:  # the graph module changed shape: use the stand-in
        log.warning("entente.graph.dyads cannot score a dyad here (%s); using the watch's own score", exc)
        return None
    return [{"window": r.window, "score": r.score, "n_events": r.n_events} for r in relations
            if r.window is not None]


def _graph_cache_exists(con: Connection, name: str) -> bool:
    if not name:
        return False
    row = con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?", [name]).fetchone()
    return bool(row and row[0])


def _mode_weight(mode: str | None) -> float:
    weight = 1.0
    for part in (mode or "asserted").split("+"):
        weight *= _MODE_WEIGHTS.get(part, 0.5)
    return weight


def _touched_windows(con: Connection, a: str, b: str, article_ids: Sequence[str], window: str) -> set[str]:
    """Windows that events or stances of these articles naming A or B fall in (a superset is harmless)."""
    n = _WINDOW_LENGTH[window]
    rows = con.execute(
        f"""SELECT substr(CASE WHEN e.date_precision IN ('day', 'month', 'year') AND e.date IS NOT NULL
                              THEN e.date ELSE ar.published END, 1, {n})
            FROM events e JOIN articles ar ON ar.id = e.article_id
            JOIN event_actors x ON x.event_id = e.id
            WHERE e.article_id IN (SELECT unnest($ids)) AND (x.actor IN ($a, $b) OR x.country IN ($a, $b))
            UNION
            SELECT substr(ar.published, 1, {n}) FROM stances st JOIN articles ar ON ar.id = st.article_id
            WHERE st.article_id IN (SELECT unnest($ids)) AND (st.a IN ($a, $b) OR st.b IN ($a, $b))""",
        {"ids": list(article_ids), "a": a, "b": b}).fetchall()
    return {r[0] for r in rows if r[0] and len(r[0]) == n}
