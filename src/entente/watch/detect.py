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

Shifts need the relations analysis (`entente.graph.shifts`: a significance test over the evidence
of two windows), which must not run inside the ingest transaction. So detection only queues the
windows a new article touched (`shift_checks`, in the transaction); `check_shifts`, run by
`deliver_pending` after the commit, turns them into alerts. Queue rows outlive a crash.
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
from .watches import connection, get_watch, insert_alert, list_watches, transaction, utcnow, with_retries

log = logging.getLogger(__name__)

Connection = duckdb.DuckDBPyConnection

#: Characters of the evidence sentence kept in an alert.
MAX_EVIDENCE = 600
_WINDOW_LENGTH = {"day": 10, "month": 7, "year": 4}


def alert_id(watch_id: str, kind: str, key: str) -> str:
    return hashlib.sha256(f"{watch_id}|{kind}|{key}".encode()).hexdigest()[:24]


def detect_alerts(con: Connection, article_ids: Sequence[str], *, now: datetime | None = None,
                  watches: Sequence[Watch] | None = None) -> int:
    """Record the alerts the events of these (newly stored) articles raise; return how many are new.

    Runs in the caller's transaction and writes `alerts`, `deliveries` and `shift_checks` only
    (shift alerts come from `check_shifts`, after the commit). Articles are
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
            _queue_shift_checks(con, watch, ids, now=now)
    if new:
        log.info("%d new alert(s) from %d article(s)", new, len(ids))
    return new


def on_fresh(con: Connection, article_ids: list[str]) -> None:
    """The `with_fresh` hook of `Store.add_batch`: `store.add_batch(..., with_fresh=on_fresh)`."""
    detect_alerts(con, article_ids)


def preview(con: Connection, watch: Watch, *, limit: int = 50,
            article_ids: Sequence[str] | None = None) -> list[Alert]:
    """The alerts the watch would raise from stored events (all articles, or these), newest first.

    Writes nothing and delivers nothing: what `entente watch test` shows. Articles are read in
    the order they were stored, with near-duplicate copies skipped as detection skips them, and
    the `limit` most recent alerts are returned.
    """
    if watch.is_shift:
        a, b = watch.dyad or ("", "")
        return [shift_alert(watch, s) for s in shifts_of(con, a, b, watch.shift_window,
                                                         watch.shift_threshold or 0.0)][:limit]
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
    return found[::-1][:limit]


# -- events ----------------------------------------------------------------------------------
def load_events(con: Connection, article_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """article id -> its events as match rows (with `source`/`target` references), in text order."""
    if not article_ids:
        return {}
    cur = con.execute(
        """SELECT id, article_id, type, cameo, quad, intensity, mode, date, date_precision, dimensions,
                  sentence_start, sentence_end, field, reported_by, denies, denied_by, confidence, extractor
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
    cur = con.execute("""SELECT id, title, subtitle, url, source, published, text, near_duplicate_of FROM articles
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
    field = event.get("field") or "text"  # headline events index into the title or the dek
    sentence = _evidence(article.get(field) or "", event.get("sentence_start"), event.get("sentence_end"))
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
    return _evidence_text(text[start:end])


def _evidence_text(sentence: str) -> str:
    sentence = " ".join(sentence.split())
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
    rows = con.execute(f"SELECT article_id FROM ({sql}) ORDER BY ingested_at, article_id", params).fetchall()
    return [r[0] for r in rows]


# -- shifts ----------------------------------------------------------------------------------
def _queue_shift_checks(con: Connection, watch: Watch, article_ids: Sequence[str], *, now: datetime) -> None:
    """Record which windows of the watch's dyad these articles touched, for `check_shifts`."""
    if watch.dyad is None:
        return
    a, b = watch.dyad
    rows = _touched_windows(con, a, b, article_ids, watch.shift_window)
    if rows:
        con.executemany("""INSERT INTO shift_checks (watch_id, window_label, article_id, created_at)
                           VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        [(watch.id, label, article_id, now) for label, article_id in sorted(rows)])


def check_shifts(store: Any, *, now: datetime | None = None) -> int:
    """Turn the queued shift checks into shift alerts (with pending deliveries); return how many are new.

    Call it outside any transaction: the relations analysis (`entente.graph.shifts`) runs first,
    on its own statements; then each watch's alerts and the removal of its checks are committed
    together. A check whose analysis fails stays queued and is tried again next time.
    """
    con = connection(store)
    now = now or utcnow()
    queued: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for watch_id, label, article_id in con.execute(
            "SELECT watch_id, window_label, article_id FROM shift_checks ORDER BY created_at, watch_id").fetchall():
        queued[watch_id].append((label, article_id))
    new = 0
    for watch_id, checks in queued.items():
        watch = get_watch(con, watch_id)
        alerts: list[Alert] = []
        if watch is not None and watch.is_shift and watch.dyad is not None:
            touched = {label for label, _ in checks}
            try:
                shifts = shifts_of(con, *watch.dyad, watch.shift_window, watch.shift_threshold or 0.0)
            except (duckdb.Error, ValueError, ArithmeticError) as exc:
                log.warning("watch %s: shift analysis failed (%s: %s); it is retried on the next run",
                            watch_id, type(exc).__name__, exc)
                continue
            alerts = [shift_alert(watch, sh) for sh in shifts
                      if sh["from_window"] in touched or sh["to_window"] in touched]
        channels = watch.push_channels if watch is not None else []

        def commit(alerts: list[Alert] = alerts, checks: list[tuple[str, str]] = checks,
                   channels: list[str] = channels, watch_id: str = watch_id) -> int:
            with transaction(con):
                made = sum(insert_alert(con, alert, channels, now=now) for alert in alerts)
                con.executemany("DELETE FROM shift_checks WHERE watch_id = ? AND window_label = ? AND article_id = ?",
                                [(watch_id, label, article_id) for label, article_id in checks])
            return made

        new += int(with_retries(commit))
    if new:
        log.info("%d new shift alert(s)", new)
    return new


def shift_alert(watch: Watch, shift: dict[str, Any]) -> Alert:
    """The alert of one shift (a dict of `entente.graph.shifts.Shift.as_dict()`) for a watch."""
    a, b = shift["a"], shift["b"]
    direction = "warmer" if shift["delta"] > 0 else "cooler"
    title = (f"{actor_name(a)}–{actor_name(b)} turned {direction}: {shift['before']:+.2f} → {shift['after']:+.2f} "
             f"({shift['from_window']} → {shift['to_window']})")
    drivers = [d for d in shift.get("drivers") or [] if d.get("sentence")]
    summary = (f"The score of {actor_name(a)}–{actor_name(b)} moved by {shift['delta']:+.2f} from "
               f"{shift['from_window']} to {shift['to_window']} ({shift['n_before']} then {shift['n_after']} "
               f"events; adjusted p = {shift.get('q', 'n/a')}), past the watch's threshold of "
               f"{watch.shift_threshold:g}.")
    if drivers:
        summary += " Driven by: " + " / ".join(_evidence_text(str(d["sentence"])) for d in drivers[:3])
    key = f"{a}|{b}|{watch.shift_window}|{shift['from_window']}|{shift['to_window']}"
    payload = {"kind": "shift", "watch": {"id": watch.id, "name": watch.name},
               "shift": {**shift, "window": watch.shift_window, "threshold": watch.shift_threshold}}
    return Alert(id=alert_id(watch.id, "shift", key), watch_id=watch.id, kind="shift", title=title,
                 summary=summary, payload=payload, equivalent=key)


def shifts_of(con: Connection, a: str, b: str, window: str, threshold: float) -> list[dict[str, Any]]:
    """Significant moves of the A–B score by at least `threshold` between windows (`entente.graph.shifts`).

    Runs the relations analysis: call it outside a transaction (see `check_shifts`).
    """
    from ..graph.shifts import detect_shifts

    return [s.as_dict() for s in detect_shifts(con, window=window, pair=(a, b), min_delta=threshold)]


def _touched_windows(con: Connection, a: str, b: str, article_ids: Sequence[str],
                     window: str) -> set[tuple[str, str]]:
    """(window, article) of the events and stances of these articles naming A or B (a superset is harmless)."""
    n = _WINDOW_LENGTH[window]
    rows = con.execute(
        f"""SELECT substr(CASE WHEN e.date_precision IN ('day', 'month', 'year') AND e.date IS NOT NULL
                              THEN e.date ELSE ar.published END, 1, {n}), e.article_id
            FROM events e JOIN articles ar ON ar.id = e.article_id
            JOIN event_actors x ON x.event_id = e.id
            WHERE e.article_id IN (SELECT unnest($ids)) AND (x.actor IN ($a, $b) OR x.country IN ($a, $b))
            UNION
            SELECT substr(ar.published, 1, {n}), st.article_id FROM stances st JOIN articles ar ON ar.id = st.article_id
            WHERE st.article_id IN (SELECT unnest($ids)) AND (st.a IN ($a, $b) OR st.b IN ($a, $b))""",
        {"ids": list(article_ids), "a": a, "b": b}).fetchall()
    return {(r[0], r[1]) for r in rows if r[0] and len(r[0]) == n}
