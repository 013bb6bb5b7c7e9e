"""Why do A and B relate as they do? Direct evidence, and the two-step paths around them.

`explain(con, "ISR", "AZE")` gathers

- the **direct relation** of A and B over the range (score, sign, counts) with its strongest records,
  each with its sentence, date and outlet, and the quotes that state or frame them;
- the **two-step paths** A - C - B through every actor C related to both, each classified by the signs
  of its steps and backed by the strongest records of each step:

  ===============  ==========  ====================================================  ===========
  kind             signs       reading                                               predicts
  ===============  ==========  ====================================================  ===========
  common_enemy     -  -        "both in conflict with Iran"                          friendly
  common_friend    +  +        "both with a partner in Turkey"                       friendly
  friend_of_enemy  + -  / - +  "Azerbaijan is close to Israel, at odds with Iran"   hostile
  ===============  ==========  ====================================================  ===========

- the **weights** it used (`weights`): each piece of evidence carries its mode, the weight of that
  mode and how its weight came about (`Evidence.weights`); the explanation carries the legend of the
  mode weights (`rules.legend`) and how many records the rules excluded (weight 0), by mode.

  A path *supports* the direct relation when the sign balance theory predicts (the product of its
  steps' signs) is the direct sign, and *strains* it otherwise. Paths are ordered by strength: the
  weaker of the two steps' |score| x confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from . import rules
from .dyads import Evidence, Relation, Scope, evidence, excluded_text, relation, relations, weights_report
from .network import actor_name

PATH_KINDS = ("common_enemy", "common_friend", "friend_of_enemy")


@dataclass(slots=True)
class Quote:
    """A quote that states or frames the direct evidence."""

    id: str
    article_id: str
    text: str
    speaker: str | None
    speaker_actor: str | None
    outlet: str | None
    published: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "text": self.text,
            "speaker": self.speaker,
            "speaker_actor": self.speaker_actor,
            "outlet": self.outlet,
            "published": self.published,
        }


@dataclass(slots=True)
class Step:
    """One step of a path: the relation of two actors, and its evidence."""

    a: str
    b: str
    relation: Relation
    evidence: list[Evidence] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        r = self.relation
        return {
            "a": self.a,
            "b": self.b,
            "sign": r.sign,
            "score": None if r.score is None else round(r.score, 4),
            "n_events": r.n_events,
            "n_sources": r.n_sources,
            "confidence": round(r.confidence, 4),
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(slots=True)
class Path:
    """A - via - B: how a third actor bears on the relation of A and B."""

    via: str
    kind: str
    predicts: int
    supports: bool | None
    strength: float
    text: str
    steps: tuple[Step, Step]

    def as_dict(self) -> dict[str, Any]:
        return {
            "via": self.via,
            "via_name": actor_name(self.via),
            "kind": self.kind,
            "predicts": self.predicts,
            "supports": self.supports,
            "strength": round(self.strength, 4),
            "text": self.text,
            "steps": [s.as_dict() for s in self.steps],
        }


@dataclass(slots=True)
class Explanation:
    a: str
    b: str
    since: str | None
    until: str | None
    direct: Relation | None
    evidence: list[Evidence]
    quotes: list[Quote]
    paths: list[Path]

    @property
    def summary(self) -> str:
        names = f"{actor_name(self.a)} and {actor_name(self.b)}"
        d = self.direct
        if d is None or d.n_events == 0:
            head = "no direct evidence counts"
        else:
            mood = {1: "friendly", -1: "hostile", 0: "mixed"}[d.sign]
            head = (
                f"{mood} (score {d.score:+.2f}; {d.n_events} event{'s' * (d.n_events != 1)}, "
                f"{d.n_sources} source{'s' * (d.n_sources != 1)})"
            )
        tail = "; ".join(p.text for p in self.paths[:3])
        excluded = excluded_text(weights_report(d)) if d is not None else ""
        head += f" [{excluded}]" if excluded else ""
        return f"{names}: {head}" + (f"; {tail}." if tail else ".")

    @property
    def weights(self) -> dict[str, Any]:
        """The weights used (`dyads.weights_report`) over the direct relation and every listed record."""
        items = list(self.evidence) + [e for p in self.paths for s in p.steps for e in s.evidence]
        return weights_report(self.direct, items)

    def shared_adversaries(self) -> list[str]:
        return [p.via for p in self.paths if p.kind == "common_enemy"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "a_name": actor_name(self.a),
            "b_name": actor_name(self.b),
            "since": self.since,
            "until": self.until,
            "summary": self.summary,
            "weights": self.weights,
            "direct": None if self.direct is None else {**self.direct.as_dict(), "evidence": None},
            "evidence": [e.as_dict() for e in self.evidence],
            "quotes": [q.as_dict() for q in self.quotes],
            "paths": [p.as_dict() for p in self.paths],
        }


def explain(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    n_evidence: int = 3,
    n_paths: int = 5,
    min_events: int = 1,
) -> Explanation:
    """Explain the relation of A and B over `since`..`until` (see the module docstring).

    `kind` chooses the network the paths run through (`states` or `all`); by default `states` when A
    and B are both states, else `all`.
    """
    kind = kind or ("states" if rules.is_state(a) and rules.is_state(b) else "all")
    direct = relation(con, a, b, since=since, until=until, n_evidence=0)
    direct_evidence = evidence(
        con,
        a,
        b,
        since=since,
        until=until,
        limit=n_evidence,
        direction=direct.sign if direct is not None else 0,
    )
    quotes = _quotes(con, direct_evidence)
    around = relations(
        con,
        Scope(since=since, until=until, kind=kind, actors=(a, b)),
        min_events=min_events,
        n_evidence=0,
        counts=False,
    )
    of_a = {r.other(a): r for r in around if a in r.pair and r.sign != 0}
    of_b = {r.other(b): r for r in around if b in r.pair and r.sign != 0}
    paths = []
    for via in sorted((set(of_a) & set(of_b)) - {a, b}):
        ra, rb = of_a[via], of_b[via]
        paths.append(_path(a, b, via, ra, rb, direct))
    paths.sort(key=lambda p: (-p.strength, p.via))
    paths = paths[:n_paths]
    for p in paths:
        for step in p.steps:
            step.evidence = evidence(
                con,
                step.a,
                step.b,
                since=since,
                until=until,
                limit=n_evidence,
                direction=step.relation.sign,
                counted_only=True,
            )
    return Explanation(
        a=a,
        b=b,
        since=since,
        until=until,
        direct=direct,
        evidence=direct_evidence,
        quotes=quotes,
        paths=paths,
    )


def _path(a: str, b: str, via: str, ra: Relation, rb: Relation, direct: Relation | None) -> Path:
    sa, sb = ra.sign, rb.sign
    name_a, name_b, name_c = actor_name(a), actor_name(b), actor_name(via)
    if sa < 0 and sb < 0:
        kind, text = "common_enemy", f"both in conflict with {name_c}"
    elif sa > 0 and sb > 0:
        kind, text = "common_friend", f"both with a partner in {name_c}"
    else:
        friend, foe = (name_a, name_b) if sa > 0 else (name_b, name_a)
        kind, text = "friend_of_enemy", f"{friend} is close to {name_c}, which is at odds with {foe}"
    predicts = sa * sb
    supports = None if direct is None or direct.sign == 0 else predicts == direct.sign
    strength = min(abs(ra.score or 0.0) * ra.confidence, abs(rb.score or 0.0) * rb.confidence)
    return Path(
        via=via,
        kind=kind,
        predicts=predicts,
        supports=supports,
        strength=strength,
        text=text,
        steps=(Step(a, via, ra), Step(b, via, rb)),
    )


def _quotes(con: duckdb.DuckDBPyConnection, items: list[Evidence]) -> list[Quote]:
    """Quotes claiming or denying an evidence event, or whose content overlaps an evidence span."""
    if not items:
        return []
    spans = [
        {
            "article_id": e.article_id,
            "start": e.start if e.start is not None else -1,
            "end": e.end if e.end is not None else -1,
        }
        for e in items
        if e.field == "text"  # quotes are in the body; headline spans share no offsets with them
    ] or [{"article_id": "", "start": -1, "end": -1}]
    event_ids = [e.id for e in items if e.kind == "event"]
    rows = con.execute(
        """WITH spans AS (SELECT unnest($spans, recursive := true))
           SELECT DISTINCT q.id, q.article_id,
                  substr(ar.text, q.content_start + 1, q.content_end - q.content_start) AS text,
                  q.speaker_text, coalesce(q.speaker_actor, q.speaker_country), coalesce(q.outlet, ar.source),
                  ar.published, q.content_start
           FROM quotes q JOIN articles ar ON ar.id = q.article_id
           WHERE q.id IN (SELECT quote_id FROM claims WHERE list_contains($events, event_id))
              OR EXISTS (SELECT 1 FROM spans s WHERE s.article_id = q.article_id
                         AND q.content_start < s."end" AND s.start < q.content_end)
           ORDER BY q.article_id, q.content_start LIMIT 20""",
        {"spans": spans, "events": event_ids or [""]},
    ).fetchall()
    return [
        Quote(
            id=r[0],
            article_id=r[1],
            text=" ".join((r[2] or "").split()),
            speaker=r[3],
            speaker_actor=r[4],
            outlet=r[5],
            published=r[6],
        )
        for r in rows
    ]
