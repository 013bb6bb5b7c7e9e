"""Scoring on the newswire gold: random news sentences, each annotated with every political event it
reports, or none (`../shared/data/events/newswire_gold/`, rules in its GUIDELINES.md).

Unlike the PLOVER and ConfliBERT golds, most of these sentences hold no event, so the scores say what
a user sees on an ordinary news stream: how many coded events are real (precision), how many real ones
are found (recall), and how often a sentence without an event yields one.

    gold = read_gold("../shared/data/events/newswire_gold/dev")
    candidates = predict(gold)                      # every candidate, with the judge's confidence
    report = score(gold, candidates, threshold=0.5)
    rows = curve(gold, candidates)                  # precision and recall at several thresholds

A predicted event belongs to a gold sentence when its evidence span (in the body) overlaps it, and
matches a gold event when their quad classes agree and their actors agree by country: every gold slot
that names a country shares one with the predicted slot (cooperation is unordered; conflict is
ordered). Matching is one-to-one and greedy, as in the project's reference scorer.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .lexicon import PLOVER_QUAD
from .modes import MODES, parts_of

#: PLOVER types by quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
#: 4 material conflict.
QUAD: dict[str, int] = PLOVER_QUAD
#: PLOVER 0.5b1 names and their PLOVER 2 equivalents.
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
#: Thresholds of the precision/recall curve.
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(slots=True)
class GoldSentence:
    """One annotated sentence: its article, character offsets in the article's body, and its events."""

    id: str
    article: str
    start: int
    end: int
    sentence: str
    events: list[dict[str, Any]]
    corpus: str = ""
    note: str = ""


@dataclass(slots=True)
class Gold:
    """A gold folder: the articles (as `entente read` records) and the annotated sentences."""

    folder: Path
    articles: list[dict[str, Any]]
    sentences: list[GoldSentence] = field(default_factory=list)


def plover(t: str | None) -> str:
    t = str(t or "").upper()
    return RENAMED.get(t, t)


def quad_of(event: Mapping[str, Any]) -> int | None:
    q = event.get("quad")
    if isinstance(q, int) and 1 <= q <= 4:
        return q
    return QUAD.get(plover(event.get("type")))


def countries(actors: Iterable[Mapping[str, Any]] | None) -> set[str]:
    """The countries (ISO alpha-3 or organisation codes) a slot names; "-" and empty are none."""
    out = set()
    for a in actors or []:
        c = str((a or {}).get("country") or "").upper()
        if c and c != "-":
            out.add(c)
    return out


def _slot_agrees(gold: set[str], pred: set[str]) -> bool:
    return not gold or bool(gold & pred)


def matches(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Does a predicted event match a gold one (same quad class, actors agreeing by country)?"""
    if QUAD.get(plover(gold.get("type"))) != quad_of(pred):
        return False
    gs, gt = countries(gold.get("source")), countries(gold.get("target"))
    ps, pt = countries(pred.get("source")), countries(pred.get("target"))
    if not (gs | gt) & (ps | pt):
        return False
    if _slot_agrees(gs, ps) and _slot_agrees(gt, pt):
        return True
    if quad_of(pred) in (1, 2):  # cooperation: either direction, or every actor on one side
        return (_slot_agrees(gs, pt) and _slot_agrees(gt, ps)) or (gs | gt) <= (ps | pt)
    return False


def loosely_matches(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Same quad class and at least one country in common, whatever the roles."""
    return QUAD.get(plover(gold.get("type"))) == quad_of(pred) and bool(
        (countries(gold.get("source")) | countries(gold.get("target")))
        & (countries(pred.get("source")) | countries(pred.get("target"))))


def scorable(events: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Gold events that name at least one country (the others cannot be matched by country)."""
    return [e for e in events if countries(e.get("source")) | countries(e.get("target"))]


def match_sentence(gold_events: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]],
                   fn: Any = matches) -> tuple[set[int], set[int]]:
    """Greedy one-to-one matching: (indices of matched gold events, indices of matched predictions)."""
    used: set[int] = set()
    taken: set[int] = set()
    for gi, ge in enumerate(gold_events):
        for pi, pe in enumerate(predicted):
            if pi not in taken and fn(ge, pe):
                used.add(gi)
                taken.add(pi)
                break
    return used, taken


def in_sentence(events: Iterable[Any], sentence: GoldSentence) -> list[Any]:
    """The events (dicts or `Event` records) whose evidence in the body overlaps the sentence, in order."""
    out = []
    for e in events:
        ev = (e.get("evidence") if isinstance(e, Mapping) else getattr(e, "evidence", None)) or {}
        if ev.get("field", "body") not in (None, "body"):
            continue
        if ev.get("start", -1) < sentence.end and ev.get("end", -1) > sentence.start:
            out.append(e)
    return out


# ------------------------------------------------------------------------------------------------
# reading and predicting
# ------------------------------------------------------------------------------------------------
def read_gold(folder: str | Path) -> Gold:
    """A newswire gold folder (`articles.jsonl`, `gold.jsonl`)."""
    folder = Path(folder)
    for name in ("articles.jsonl", "gold.jsonl"):
        if not (folder / name).exists():
            raise FileNotFoundError(f"{folder / name} is missing: a newswire gold folder holds articles.jsonl "
                                    "and gold.jsonl (see ../shared/data/events/newswire_gold/)")
    articles = list(_jsonl(folder / "articles.jsonl"))
    sentences = [GoldSentence(id=str(g["id"]), article=str(g["article"]), start=int(g["start"]), end=int(g["end"]),
                              sentence=str(g.get("sentence") or ""), events=list(g.get("events") or []),
                              corpus=str(g.get("corpus") or ""), note=str(g.get("note") or ""))
                 for g in _jsonl(folder / "gold.jsonl")]
    return Gold(folder, articles, sentences)


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def predict(gold: Gold, nlp: Any = None, *, batch_size: int = 16) -> dict[str, list[dict[str, Any]]]:
    """Every candidate event of every gold article (article id -> event dicts with `confidence`), as
    the pipeline of `entente read` codes them before the judge's threshold applies."""
    from ..ingest import IngestOptions
    from ..ingest.tabular import read_jsonl
    from ..nlp import annotate, load_pipeline
    from ..records import Article

    nlp = nlp or load_pipeline()
    lines = [json.dumps(a, ensure_ascii=False) for a in gold.articles]
    articles = [a for a in read_jsonl(lines, origin=str(gold.folder), options=IngestOptions())
                if isinstance(a, Article)]
    out: dict[str, list[dict[str, Any]]] = {}
    for article, doc in annotate(nlp, articles, batch_size=batch_size):
        records = doc._.event_candidates if doc.has_extension("event_candidates") and \
            doc._.event_candidates is not None else doc._.events
        out[str(article.external_id or article.id)] = [e.as_dict() for e in (records or [])]
    return out


# ------------------------------------------------------------------------------------------------
# scores
# ------------------------------------------------------------------------------------------------
def score(gold: Gold, predictions: Mapping[str, Sequence[Mapping[str, Any]]], *, threshold: float = 0.0,
          examples: int = 0) -> dict[str, Any]:
    """The reference scorer's figures for the predictions whose confidence is at least `threshold`."""
    n_pred = n_gold = tp_p = tp_g = 0
    empty = spurious = dy_pred = dy_tp = loose_p = loose_g = 0
    pairs = type_same = mode_same = not_asserted = false_asserted = 0
    confusion: Counter[str] = Counter()
    misses: dict[str, list[dict[str, Any]]] = {"spurious": [], "missed": []}
    for s in gold.sentences:
        evs = [e for e in in_sentence(predictions.get(s.article, []), s)
               if float(e.get("confidence", 1.0) or 0.0) >= threshold]
        gevs = scorable(s.events)
        n_gold += len(gevs)
        n_pred += len(evs)
        if not s.events:
            empty += 1
            spurious += len(evs)
        used, taken = match_sentence(gevs, evs)
        for gi, pi in _pairs(gevs, evs):
            pairs += 1
            type_same += plover(gevs[gi].get("type")) == plover(evs[pi].get("type"))
            gold_mode = str(gevs[gi].get("mode", "asserted")).lower()
            predicted_modes = {m.strip().lower() for m in str(evs[pi].get("mode") or "asserted").split("+")}
            mode_same += gold_mode in predicted_modes
            confusion[f"{gold_mode} -> {evs[pi].get('mode') or 'asserted'}"] += 1
            if gold_mode != "asserted":  # an act that did not (plainly) happen, coded as if it did
                not_asserted += 1
                false_asserted += predicted_modes == {"asserted"}
        lg, lp = match_sentence(gevs, evs, loosely_matches)
        loose_g += len(lg)
        loose_p += len(lp)
        tp_g += len(used)
        tp_p += len(taken)
        for pi, pe in enumerate(evs):
            ps, pt = countries(pe.get("source")), countries(pe.get("target"))
            if ps and pt and ps != pt:
                dy_pred += 1
                dy_tp += pi in taken
            if pi not in taken and len(misses["spurious"]) < examples:
                misses["spurious"].append({"sentence": s.sentence, "predicted": _describe(pe),
                                           "gold": [_describe(g) for g in s.events]})
        for gi, ge in enumerate(gevs):
            if gi not in used and len(misses["missed"]) < examples:
                misses["missed"].append({"sentence": s.sentence, "gold": _describe(ge),
                                         "predicted": [_describe(e) for e in evs]})
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    report: dict[str, Any] = {
        "threshold": threshold, "sentences": len(gold.sentences), "gold_events": n_gold, "predicted": n_pred,
        "precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "loose_precision": round(loose_p / n_pred, 3) if n_pred else 0.0,
        "loose_recall": round(loose_g / n_gold, 3) if n_gold else 0.0,
        "sentences_without_event": empty,
        "spurious_per_empty_sentence": round(spurious / empty, 3) if empty else 0.0,
        "dyadic_predicted": dy_pred, "dyadic_precision": round(dy_tp / dy_pred, 3) if dy_pred else 0.0,
        "matched_pairs": pairs, "type_agreement": round(type_same / pairs, 3) if pairs else 0.0,
        "mode_agreement": round(mode_same / pairs, 3) if pairs else 0.0,
        "false_assertions": round(false_asserted / not_asserted, 3) if not_asserted else 0.0,
        "not_asserted_matched": not_asserted,
        "mode_confusion": dict(confusion.most_common()),
    }
    if examples:
        report["misses"] = misses
    return report


def _pairs(gold_events: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    taken: set[int] = set()
    for gi, ge in enumerate(gold_events):
        for pi, pe in enumerate(predicted):
            if pi not in taken and matches(ge, pe):
                taken.add(pi)
                out.append((gi, pi))
                break
    return out


def curve(gold: Gold, predictions: Mapping[str, Sequence[Mapping[str, Any]]],
          thresholds: Sequence[float] = THRESHOLDS) -> list[dict[str, Any]]:
    """Precision, recall, dyadic precision and spurious events at each threshold."""
    keys = ("threshold", "predicted", "precision", "recall", "f1", "dyadic_predicted", "dyadic_precision",
            "spurious_per_empty_sentence")
    return [{k: score(gold, predictions, threshold=t)[k] for k in keys} for t in thresholds]


def mode_table(confusion: Mapping[str, int]) -> list[list[str]]:
    """The confusion of gold mode (rows) against predicted mode (columns), as rows of cells with a
    header row: from `score`'s "mode_confusion" ("gold -> predicted": count)."""
    counts = {tuple(k.split(" -> ", 1)): n for k, n in confusion.items()}
    gold = sorted({g for g, _ in counts}, key=_mode_order)
    predicted = sorted({p for _, p in counts}, key=_mode_order)
    rows = [["gold \\ coded", *predicted, "total"]]
    for g in gold:
        cells = [counts.get((g, p), 0) for p in predicted]
        rows.append([g, *(str(c) if c else "." for c in cells), str(sum(cells))])
    return rows


def _mode_order(mode: str) -> tuple[int, str]:
    """By its outermost part, in the order of `modes.MODES` (most certain first)."""
    first = parts_of(mode)[0]
    return (MODES.index(first) if first in MODES else len(MODES), mode)


def _describe(e: Mapping[str, Any]) -> str:
    return f"{e.get('type')} {sorted(countries(e.get('source')))}->{sorted(countries(e.get('target')))} " \
           f"{e.get('mode') or 'asserted'}"
