"""Scoring quotes against PolNeAR (Newell, Margolin & Ruths, LREC 2018): brat standoff attributions.

PolNeAR (`../shared/data/quotes/polnear/`) holds, per split, `text/<name>.txt` and
`attributions/<name>_<annotator>.ann`: brat text-bound annotations `T<n>\t<Label> <start> <end>[;<start>
<end>…]\t<text>` with labels Source, Cue, Content (and Attribution), tied by events
`E<n>\tAttribution:T<a> Content:T<b> Cue:T<c> [Source:T<d>]`. A content or source may come in several
pieces. A few articles were annotated by several annotators; the first annotator (by id) is used.

The score:

- a predicted quote matches a gold attribution when their contents overlap by at least half of each
  (`threshold` = 0.5 of the shorter measure: overlap ≥ 50% of the gold and ≥ 50% of the prediction,
  counted in characters over all pieces); matching is one-to-one, best overlap first;
- precision, recall and F1 of contents over those matches;
- speaker accuracy over the matched quotes whose gold attribution names a source: the predicted
  speaker is right when its span overlaps the gold source, or when both name the same word (their
  last word, pronouns excepted: "Caddell" said at another place of the article).
"""
from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .records import EXTRACTOR, Quote

Pieces = tuple[tuple[int, int], ...]
SPLITS = ("train", "dev", "test")
_ANNOTATOR = re.compile(r"^(?P<name>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "who", "which", "that"})


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution: content, cue and (when annotated) source, each in character pieces."""

    id: str
    content: Pieces
    cue: Pieces
    source: Pieces | None


@dataclass(slots=True)
class GoldArticle:
    """One annotated article: its name, annotator, text and attributions."""

    name: str
    annotator: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def parse_brat(ann: str) -> list[GoldAttribution]:
    """The attributions of one brat standoff file."""
    spans: dict[str, Pieces] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label_and_offsets = parts[1].split(" ", 1)
            if len(label_and_offsets) != 2:
                continue
            pieces = []
            for piece in label_and_offsets[1].split(";"):
                start, end = piece.split()
                pieces.append((int(start), int(end)))
            spans[parts[0]] = tuple(pieces)
        elif parts[0].startswith("E"):
            roles = dict(item.split(":", 1) for item in parts[1].split() if ":" in item)
            events.append((parts[0], roles))
    found = []
    for event_id, roles in events:
        content = spans.get(roles.get("Content", ""))
        if not content or all(e <= s for s, e in content):
            continue
        found.append(GoldAttribution(event_id, content, spans.get(roles.get("Cue", ""), ()),
                                     spans.get(roles["Source"]) if "Source" in roles else None))
    return found


def polnear_split_dir(root: str | Path, split: str) -> Path:
    """The directory of one split, given the PolNeAR folder, its `data` folder or the split itself."""
    root = Path(root)
    for candidate in (root / "data" / split, root / split, root):
        if (candidate / "attributions").is_dir() and (candidate / "text").is_dir():
            return candidate
    raise FileNotFoundError(f"no PolNeAR split {split!r} under {root} (expected {root}/data/{split}/attributions)")


def read_polnear(root: str | Path, *, split: str = "dev", limit: int | None = None) -> list[GoldArticle]:
    """The articles of one PolNeAR split, in file-name order, one annotator each (the first by id)."""
    base = polnear_split_dir(root, split)
    chosen: dict[str, tuple[str, Path]] = {}
    for path in sorted((base / "attributions").glob("*.ann")):
        match = _ANNOTATOR.match(path.name)
        if match is None:
            continue
        name = match["name"]
        if name not in chosen and (base / "text" / f"{name}.txt").exists():
            chosen[name] = (match["annotator"], path)
    articles = []
    for name in sorted(chosen)[: limit if limit is not None else None]:
        annotator, path = chosen[name]
        text = (base / "text" / f"{name}.txt").read_text(encoding="utf-8")
        articles.append(GoldArticle(name, annotator, text, parse_brat(path.read_text(encoding="utf-8"))))
    return articles


# ------------------------------------------------------------------------------------------
# scoring
# ------------------------------------------------------------------------------------------
def overlap(a: Pieces, b: Pieces) -> int:
    """Characters shared by two sets of pieces."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def length(pieces: Pieces) -> int:
    return sum(max(0, e - s) for s, e in pieces)


def _speaker_right(text: str, quote: Quote, gold: GoldAttribution) -> bool:
    speaker = quote.speaker
    if speaker.start is None or speaker.end is None or gold.source is None:
        return False
    if overlap(((speaker.start, speaker.end),), gold.source) > 0:
        return True
    gold_word = _last_word(" ".join(text[s:e] for s, e in gold.source))
    ours = {_last_word(speaker.text or ""), _last_word(speaker.name or "")}
    return bool(gold_word) and gold_word not in _PRONOUNS and gold_word in ours


def _last_word(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return words[-1] if words else ""


@dataclass(slots=True)
class Tally:
    """Running counts of a scoring run."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_evaluated: int = 0
    speaker_right: int = 0
    direct_gold: int = 0
    direct_matched: int = 0
    reporting_gold: int = 0
    reporting_matched: int = 0

    def as_dict(self) -> dict[str, Any]:
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        indirect_gold = self.gold - self.direct_gold
        return {
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "speaker": {"evaluated": self.speaker_evaluated, "correct": self.speaker_right,
                        "accuracy": round(self.speaker_right / self.speaker_evaluated, 4)
                        if self.speaker_evaluated else 0.0},
            "recall_by_kind": {
                "direct": round(self.direct_matched / self.direct_gold, 4) if self.direct_gold else 0.0,
                "indirect": round((self.matched - self.direct_matched) / indirect_gold, 4) if indirect_gold else 0.0,
            },
            "recall_by_cue": {
                "reporting": _ratio(self.reporting_matched, self.reporting_gold),
                "other": _ratio(self.matched - self.reporting_matched, self.gold - self.reporting_gold),
                "reporting_share_of_gold": _ratio(self.reporting_gold, self.gold),
            },
        }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def score_article(article: GoldArticle, quotes: Sequence[Quote], tally: Tally, *, threshold: float = 0.5,
                  reporting: Sequence[bool] | None = None) -> None:
    """Match one article's quotes to its gold attributions and add the counts to `tally`.

    `reporting` flags the gold attributions whose cue is a reporting word of the cue table (said,
    believes, according to, a report that …), as opposed to PolNeAR's wider attributions of
    attitude ("criticized", "supports", "praised")."""
    gold = article.attributions
    tally.gold += len(gold)
    tally.predicted += len(quotes)
    direct = [article.text[g.content[0][0]: g.content[0][0] + 1] in "\"\u201c" for g in gold]
    reporting = list(reporting) if reporting is not None else [False] * len(gold)
    tally.direct_gold += sum(direct)
    tally.reporting_gold += sum(reporting)
    pairs = []
    for gi, g in enumerate(gold):
        g_len = length(g.content)
        for qi, q in enumerate(quotes):
            shared = overlap(g.content, q.content.pieces)
            q_len = length(q.content.pieces)
            if shared and shared >= threshold * g_len and shared >= threshold * q_len:
                pairs.append((shared / (g_len + q_len - shared), gi, qi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, qi in sorted(pairs, reverse=True):
        if gi in used_gold or qi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(qi)
        tally.matched += 1
        tally.direct_matched += direct[gi]
        tally.reporting_matched += reporting[gi]
        if gold[gi].source is not None:
            tally.speaker_evaluated += 1
            tally.speaker_right += _speaker_right(article.text, quotes[qi], gold[gi])


def score(articles: Sequence[GoldArticle], predicted: Mapping[str, Sequence[Quote]], *,
          threshold: float = 0.5, reporting: Mapping[str, Sequence[bool]] | None = None) -> dict[str, Any]:
    """Content P/R/F1 and speaker accuracy of `predicted` (article name -> quotes) against `articles`."""
    tally = Tally()
    for article in articles:
        score_article(article, predicted.get(article.name, ()), tally, threshold=threshold,
                      reporting=(reporting or {}).get(article.name))
    return {"articles": len(articles), "threshold": threshold, **tally.as_dict()}


def predict(articles: Iterable[GoldArticle], nlp: Any = None, *, batch_size: int = 16,
            reporting: dict[str, list[bool]] | None = None) -> dict[str, list[Quote]]:
    """Run the pipeline (default: spaCy with `entente_quotes` only) over the articles' texts.

    With `reporting`, also fill it: article name -> whether each gold cue is a reporting word."""
    if nlp is None:
        from ..nlp import load_pipeline
        nlp = load_pipeline(stages=("entente_quotes",))
    articles = list(articles)
    found: dict[str, list[Quote]] = {}
    words = None
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=batch_size)):
        found[article.name] = list(doc._.quotes or [])
        if reporting is not None:
            if words is None:
                from .cues import load_cues
                cues = load_cues()
                words = cues.verbs | cues.claim_nouns | {"accord"}
            reporting[article.name] = [_reporting_cue(doc, g.cue, words) for g in article.attributions]
    return found


def _reporting_cue(doc: Any, cue: Pieces, words: frozenset[str] | set[str]) -> bool:
    for start, end in cue:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(t.lemma_.lower() in words for t in span):
            return True
    return False


def evaluate_polnear(root: str | Path, *, split: str = "dev", limit: int | None = None, nlp: Any = None,
                     threshold: float = 0.5) -> dict[str, Any]:
    """Read a PolNeAR split, extract quotes from its texts and score them; a JSON-ready dict.

    Besides the scores, `recall_by_cue` splits recall between gold attributions cued by a reporting
    word of the cue table and the others (PolNeAR also annotates attitudes: "criticized Clinton")."""
    started = time.perf_counter()
    articles = read_polnear(root, split=split, limit=limit)
    reporting: dict[str, list[bool]] = {}
    predicted = predict(articles, nlp, reporting=reporting)
    result = score(articles, predicted, threshold=threshold, reporting=reporting)
    return {"corpus": "polnear", "split": split, "extractor": EXTRACTOR, **result,
            "seconds": round(time.perf_counter() - started, 2)}
