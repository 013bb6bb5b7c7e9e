"""Reading stored quotes back from the store (`quotes` and `claims` tables, migration 0003).

`stored_quotes(con, speaker=…, actor=…)` returns JSON-ready dicts: the stored columns, the quoted
words and the cue sliced from the article's text, the article's title and date, and the claims the
quote makes. Filters are case-insensitive: `speaker` matches inside the speaker's words ("harpaz"),
`actor` the speaker's actor code or country ("ISR").
"""
from __future__ import annotations

from typing import Any

import duckdb

_COLUMNS = ("id", "article_id", "content_start", "content_end", "cue_start", "cue_end", "speaker_start",
            "speaker_end", "speaker_text", "speaker_actor", "speaker_country", "speaker_sector", "direct",
            "outlet", "extractor")


def stored_quotes(con: duckdb.DuckDBPyConnection, *, speaker: str | None = None, actor: str | None = None,
                  article: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Stored quotes matching the filters, newest article first, in reading order within an article."""
    where: list[str] = ["TRUE"]
    params: list[object] = []
    if speaker:
        where.append("contains(lower(coalesce(q.speaker_text, '')), ?)")
        params.append(speaker.lower())
    if actor:
        where.append("(upper(coalesce(q.speaker_actor, '')) = ? OR upper(coalesce(q.speaker_country, '')) = ?)")
        params += [actor.upper(), actor.upper()]
    if article:
        where.append("q.article_id = ?")
        params.append(article)
    columns = ", ".join(f"q.{c}" for c in _COLUMNS)
    sql = (f"SELECT {columns}, a.title, a.published, a.text FROM quotes q JOIN articles a ON a.id = q.article_id "
           f"WHERE {' AND '.join(where)} ORDER BY a.published DESC NULLS LAST, q.article_id, q.content_start")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = con.execute(sql, params).fetchall()
    quotes = []
    for row in rows:
        record = dict(zip((*_COLUMNS, "title", "published", "text"), row))
        text = record.pop("text") or ""
        record["content"] = text[record["content_start"]:record["content_end"]]
        record["cue"] = text[record["cue_start"]:record["cue_end"]] if record["cue_start"] is not None else None
        record["claims"] = []
        quotes.append(record)
    if quotes:
        by_id = {q["id"]: q for q in quotes}
        for quote_id, event_id, relation in con.execute(
                "SELECT quote_id, event_id, relation FROM claims WHERE quote_id IN (SELECT unnest(?)) "
                "ORDER BY quote_id, relation, event_id", [list(by_id)]).fetchall():
            by_id[quote_id]["claims"].append({"event_id": event_id, "relation": relation})
    return quotes
