"""Scoring the event extractor on gold files: readers for four gold formats and one scorer.

    report = evaluate_file("../shared/data/events/plover_gold.json")
    print(json.dumps(report, indent=2))

Readers (each yields `GoldItem`s, one per sentence):

- `read_plover_gold`     PLOVER-coded sentences (JSON list): actors with codes, event type, mode, context;
  PLOVER 0.5b1 names are mapped to PLOVER 2 (DEMAND -> REQUEST, DISAPPROVE/INVESTIGATE -> ACCUSE,
  FIGHT -> ASSAULT);
- `read_conflibert_class` sentence TAB label 0-4 (the penta classes of `lexicon.penta_of`);
- `read_conflibert_ner`   token TAB tag with B/I-S (source), B/I-T (target), B/I-R (both);
- `read_petr2`            PETRARCH2 validation records, read tolerantly (split on `<Sentence`).

The scorer runs the pipeline over the sentences, takes each sentence's main event (the one whose
trigger is highest in the parse, ties to the earliest) and compares it with the gold: PLOVER type
(accuracy, per-type precision/recall/F1, macro-F1), quad and penta class, PLOVER mode, and the
source and target actors (codes, or spans for the NER file). Actor accuracy is given two ways:
`on_predicted` (among sentences where the extractor named a source, how often it is right) and
`overall` (a sentence without a prediction counts as wrong). Misses come with examples.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .extract import extract_events, token_depth
from .lexicon import PLOVER_TYPES, normalise_plover, normalise_plover_mode, penta_of, quad_of
from .records import Event

#: CAMEO-style country codes of the gold files that are not ISO 3166-1 alpha-3.
GOLD_CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "GER": "DEU", "ROM": "ROU", "SER": "SRB", "UK": "GBR",
                   "BUL": "BGR", "MAL": "MYS", "TAW": "TWN", "SUD": "SDN"}
#: Gold codes that name a kind of actor rather than a country.
GOLD_KINDS = {"IGO", "NGO", "IMG", "MNC"}
KNOWN_IGOS = {"UN", "EU", "NATO", "AU", "ASEAN", "OPEC", "IAEA", "WHO", "IMF", "WB", "OSCE", "ICC", "ICJ",
              "INTERPOL", "ECOWAS", "SADC", "GCC", "OAS", "OIC", "ARAB_LEAGUE", "CIS", "SCO", "G7", "G20",
              "EUR", "WTO", "UNSC", "UNHCR", "UNICEF", "WFP"}

PLOVER_PENTA = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
                "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3, "PROTEST": 4,
                "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
#: Quad classes in the convention of the PLOVER and PETRARCH2 gold files (CAMEO's: demands and protests
#: are conflict), used on both sides of their quad accuracy; entente's own `Event.quad` follows the
#: newswire guidelines (`lexicon.PLOVER_QUAD`).
CAMEO_STYLE_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
               "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 4, "PROTEST": 4,
               "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}


@dataclass(slots=True)
class GoldItem:
    """One gold sentence; fields a format does not give are None."""

    id: str
    text: str
    dataset: str
    plover: str | None = None
    cameo: str | None = None
    penta: int | None = None
    quad: int | None = None
    mode: str | None = None
    source: list[str] | None = None          # actor codes
    target: list[str] | None = None
    source_spans: list[str] | None = None    # actor phrases (NER gold)
    target_spans: list[str] | None = None
    date: str | None = None
    no_event: bool = False


# ------------------------------------------------------------------------------------------------
# readers
# ------------------------------------------------------------------------------------------------
def _cameo_style_quad(event: Event) -> int:
    return CAMEO_STYLE_QUAD.get(event.type) or quad_of(event.cameo)


def read_plover_gold(path: str | Path) -> Iterator[GoldItem]:
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    for rec in records:
        event = rec.get("event")
        if not rec.get("text") or event == "DOCUMENT":
            continue
        plover = normalise_plover(event)
        yield GoldItem(
            id=str(rec.get("id")), text=str(rec["text"]).strip(), dataset="plover", plover=plover,
            penta=PLOVER_PENTA.get(plover or ""), quad=CAMEO_STYLE_QUAD.get(plover or ""),
            # the gold names modes as PLOVER 0.5b1 did ("strike-hun", "demo-org"); events carry the
            # codebook's names ("hunger", "demo"): compare in the codebook's terms
            mode=normalise_plover_mode(plover, rec.get("mode")), source=_gold_codes(rec.get("source")),
            target=_gold_codes(rec.get("target")), date=_iso(rec.get("date")))


def _gold_codes(value: Any) -> list[str] | None:
    if not value:
        return None
    items = value if isinstance(value, list) else [value]
    codes = []
    for item in items:
        code = item.get("code") if isinstance(item, dict) else item
        if isinstance(code, str) and code.strip():
            codes.append(code.strip().upper())
    return codes or None


def _iso(value: Any) -> str | None:
    if not value:
        return None
    text = str(value)
    if re.fullmatch(r"\d{8}", text):
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    return None


def read_conflibert_class(path: str | Path) -> Iterator[GoldItem]:
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            line = line.rstrip("\n")
            if "\t" not in line:
                continue
            text, label = line.rsplit("\t", 1)
            if not label.strip().isdigit():
                continue
            yield GoldItem(id=f"conflibert-class-{n}", text=text.strip(), dataset="conflibert-class",
                           penta=int(label))


def read_conflibert_ner(path: str | Path) -> Iterator[GoldItem]:
    tokens: list[str] = []
    tags: list[str] = []
    n = 0

    def flush() -> GoldItem | None:
        if not tokens:
            return None
        text = _detokenize(tokens)
        sources = _spans(tokens, tags, ("S", "R"))
        targets = _spans(tokens, tags, ("T", "R"))
        return GoldItem(id=f"conflibert-ner-{n}", text=text, dataset="conflibert-ner",
                        source_spans=sources or None, target_spans=targets or None)

    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                item = flush()
                if item is not None:
                    yield item
                    n += 1
                tokens, tags = [], []
                continue
            parts = line.split("\t") if "\t" in line else line.rsplit(" ", 1)
            if len(parts) != 2:
                continue
            tokens.append(parts[0])
            tags.append(parts[1].strip())
    item = flush()
    if item is not None:
        yield item


def _detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)\]’”])", r"\1", text)
    text = re.sub(r"([(\[“‘$]) ", r"\1", text)
    text = re.sub(r" ('s|n't|'re|'ve|'ll|'d|’s)\b", r"\1", text)
    text = re.sub(r" - ", "-", text)
    return text


def _spans(tokens: list[str], tags: list[str], kinds: tuple[str, ...]) -> list[str]:
    spans: list[str] = []
    current: list[str] = []
    for tok, tag in zip(tokens, tags):
        kind = tag[2:] if len(tag) > 2 else ""
        if tag.startswith("B-") and kind in kinds:
            if current:
                spans.append(" ".join(current))
            current = [tok]
        elif tag.startswith("I-") and kind in kinds and current:
            current.append(tok)
        else:
            if current:
                spans.append(" ".join(current))
            current = []
    if current:
        spans.append(" ".join(current))
    return spans


def read_petr2(path: str | Path) -> Iterator[GoldItem]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    for chunk in text.split("<Sentence")[1:]:
        head = chunk.split(">", 1)[0]
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', head))
        body = re.search(r"<Text>(.*?)</Text>", chunk, re.S)
        if not body or not body.group(1).strip():
            continue
        sentence = re.sub(r"\s+", " ", body.group(1)).strip()
        codings = [dict(re.findall(r'(\w+)="([^"]*)"', c)) for c in re.findall(r"<EventCoding([^>]*)/?>", chunk)]
        events = [c for c in codings if c.get("eventcode")]
        no_event = any(c.get("noevents", "").lower() == "true" for c in codings) or not events
        first = events[0] if events else {}
        cameo = first.get("eventcode")
        plover = None
        if cameo:
            from .lexicon import lexicon

            plover = lexicon().plover_of(cameo)
        yield GoldItem(
            id=attrs.get("id", f"petr2-{len(sentence)}"), text=sentence, dataset="petr2", cameo=cameo,
            plover=plover, penta=penta_of(cameo) if cameo else None,
            quad=(CAMEO_STYLE_QUAD.get(plover or "") or quad_of(cameo)) if cameo else None,
            source=sorted({c["sourcecode"][:3] for c in events if c.get("sourcecode")}) or None,
            target=sorted({c["targetcode"][:3] for c in events if c.get("targetcode")}) or None,
            date=_iso(attrs.get("date")), no_event=no_event)


def read_gold(path: str | Path) -> list[GoldItem]:
    """Read any of the four gold formats, chosen by the file's name and content."""
    p = Path(path)
    name = p.name.lower()
    if name.endswith(".json"):
        return list(read_plover_gold(p))
    if name.endswith(".xml"):
        return list(read_petr2(p))
    if name.endswith(".tsv"):
        return list(read_conflibert_class(p))
    with p.open(encoding="utf-8") as fh:
        head = fh.read(4000)
    if re.search(r"\t[BIO](-[STR])?\n", head) or re.search(r"\s[BI]-[STR]\n", head):
        return list(read_conflibert_ner(p))
    raise ValueError(f"cannot tell the gold format of {p}; expected PLOVER JSON, PETRARCH2 XML, "
                     "ConfliBERT class TSV or NER token file")


# ------------------------------------------------------------------------------------------------
# subsets
# ------------------------------------------------------------------------------------------------
def split_of(item: GoldItem) -> str:
    """A fixed split by the sentence's hash: four in five 'dev', one in five 'heldout'."""
    h = int(hashlib.sha256(item.text.encode("utf-8")).hexdigest()[:8], 16)
    return "heldout" if h % 5 == 0 else "dev"


def fingerprint(items: Iterable[GoldItem]) -> str:
    """SHA-256 of the sentences, in order: pins which sentences a score was measured on."""
    h = hashlib.sha256()
    for item in items:
        h.update(item.text.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def gate_subset(items: list[GoldItem], every: int = 1, limit: int | None = None) -> list[GoldItem]:
    """A deterministic subset: every `every`-th dev item, at most `limit`."""
    dev = [it for it in items if split_of(it) == "dev"]
    chosen = dev[::every]
    return chosen[:limit] if limit else chosen


# ------------------------------------------------------------------------------------------------
# prediction
# ------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Prediction:
    event: Event | None
    events: list[Event] = field(default_factory=list)


def main_event(doc: Doc, events: list[Event]) -> Event | None:
    """The sentence's main event: the trigger highest in the parse (ties to the earliest), preferring
    events that name an actor."""
    if not events:
        return None

    def key(ev: Event) -> tuple[int, int, int]:
        start = ev.evidence.get("anchor_start", ev.evidence["trigger_start"])
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        depth = token_depth(span[0]) if span is not None and len(span) else 99
        has_actor = 0 if (ev.source or ev.target) else 1
        return (depth, has_actor, start)

    return min(events, key=key)


def predict(nlp: Language, items: list[GoldItem], *, batch_size: int = 64) -> list[Prediction]:
    """Run the pipeline over the gold sentences and pick each sentence's main event."""
    def docs() -> Iterator[tuple[Doc, GoldItem]]:
        for item in items:
            doc = nlp.make_doc(item.text)
            if Doc.has_extension("published"):
                doc._.published = item.date
            yield doc, item

    out: list[Prediction] = []
    for doc, _item in _pipe(nlp, docs(), batch_size):
        events = extract_events(doc, require_actors=False, include_statements=True)
        main = main_event(doc, events)
        out.append(Prediction(main if main is not None and main.type else None, events))
    return out


def _pipe(nlp: Language, pairs: Iterator[tuple[Doc, GoldItem]], batch_size: int) -> Iterator[tuple[Doc, GoldItem]]:
    """nlp.pipe over pre-made Docs (so that doc._.published is set before the components run)."""
    batch: list[tuple[Doc, GoldItem]] = []
    for pair in pairs:
        batch.append(pair)
        if len(batch) >= batch_size:
            yield from _run(nlp, batch)
            batch = []
    if batch:
        yield from _run(nlp, batch)


def _run(nlp: Language, batch: list[tuple[Doc, GoldItem]]) -> Iterator[tuple[Doc, GoldItem]]:
    docs = [d for d, _ in batch]
    for name, proc in nlp.pipeline:
        if name == "entente_events":
            continue   # the scorer extracts with require_actors=False itself
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=len(docs)))
        else:
            docs = [proc(d) for d in docs]
    for doc, (_, item) in zip(docs, batch):
        yield doc, item


# ------------------------------------------------------------------------------------------------
# scoring
# ------------------------------------------------------------------------------------------------
def _pred_codes(refs: list[dict[str, Any]]) -> set[str]:
    codes: set[str] = set()
    for ref in refs:
        for key in ("actor", "country"):
            value = ref.get(key)
            if isinstance(value, str) and value:
                codes.add(value.upper())
                codes.add(value.split(".")[0].upper())
        sector = ref.get("sector")
        actor = str(ref.get("actor") or "")
        kind = ref.get("kind")
        if sector == "IGO" or kind in ("igo", "organ") or actor.split(".")[0] in KNOWN_IGOS:
            codes.add("IGO")
        if sector == "NGO" or kind == "org":
            codes.add("NGO")
        if sector in ("REB", "UAF", "IMG") and not re.fullmatch(r"[A-Z]{3}", str(ref.get("country") or "")):
            codes.add("IMG")
    return codes


def _gold_set(codes: list[str] | None) -> set[str]:
    out = set()
    for code in codes or []:
        code = GOLD_CODE_FIXES.get(code, code)
        if code and not code.startswith("---"):
            out.add(code)
    return out


def _span_match(refs: list[dict[str, Any]], spans: list[str] | None) -> bool:
    if not spans:
        return False
    gold_words = [set(_words(s)) for s in spans]
    for ref in refs:
        words = set(_words(str(ref.get("text", ""))))
        if any(words & g for g in gold_words):
            return True
    return False


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text.lower()) if w not in ("the", "a", "an", "of", "s")]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def score(items: list[GoldItem], predictions: list[Prediction], *, examples: int = 5) -> dict[str, Any]:
    """Scores of predictions against gold items (see the module doc for each figure)."""
    n = len(items)
    report: dict[str, Any] = {"sentences": n, "with_event": sum(1 for p in predictions if p.event is not None)}
    misses: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def miss(kind: str, item: GoldItem, pred: Prediction, gold: Any, got: Any) -> None:
        if len(misses[kind]) < examples:
            misses[kind].append({"id": item.id, "text": item.text, "gold": gold, "predicted": got,
                                 "trigger": pred.event.trigger if pred.event else None})

    # event type
    typed = [(it, p) for it, p in zip(items, predictions) if it.plover or it.no_event]
    if typed:
        tp: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        fn: Counter[str] = Counter()
        correct = 0
        for it, p in typed:
            gold = it.plover if not it.no_event else None
            got = p.event.type if p.event else None
            if gold == got:
                correct += 1
                if gold:
                    tp[gold] += 1
            else:
                if got:
                    fp[got] += 1
                if gold:
                    fn[gold] += 1
                miss("type", it, p, gold, got)
        per_type = {t: _prf(tp[t], fp[t], fn[t]) for t in PLOVER_TYPES if tp[t] + fp[t] + fn[t]}
        present = [t for t in PLOVER_TYPES if tp[t] + fn[t]]
        macro = sum(per_type[t]["f1"] for t in present) / len(present) if present else 0.0
        report["type"] = {"accuracy": round(correct / len(typed), 4), "macro_f1": round(macro, 4),
                          "n": len(typed), "per_type": per_type}
    # penta and quad classes
    for name, gold_of, pred_of in (
            ("penta", lambda it: it.penta, lambda p: penta_of(p.event.cameo) if p.event else 0),
            ("quad", lambda it: it.quad, lambda p: _cameo_style_quad(p.event) if p.event else None)):
        pairs = [(it, p) for it, p in zip(items, predictions) if gold_of(it) is not None]
        if not pairs:
            continue
        correct = 0
        confusion: Counter[str] = Counter()
        for it, p in pairs:
            g, got = gold_of(it), pred_of(p)
            confusion[f"{g}->{got}"] += 1
            if g == got:
                correct += 1
            else:
                miss(name, it, p, g, got)
        report[name] = {"accuracy": round(correct / len(pairs), 4), "n": len(pairs),
                        "confusion": dict(sorted(confusion.items()))}
    # PLOVER mode (the sub-type), where the type is right
    moded = [(it, p) for it, p in zip(items, predictions) if it.mode and p.event and p.event.type == it.plover]
    if moded:
        right = sum(1 for it, p in moded if (p.event.plover_mode or "") == it.mode)
        report["plover_mode"] = {"accuracy": round(right / len(moded), 4), "n": len(moded)}
    # actors by code
    for role in ("source", "target"):
        pairs = [(it, p) for it, p in zip(items, predictions) if _gold_set(getattr(it, role))]
        if pairs:
            on_pred = [(it, p) for it, p in pairs if p.event and getattr(p.event, role)]
            right = 0
            for it, p in on_pred:
                gold = _gold_set(getattr(it, role))
                if gold & _pred_codes(getattr(p.event, role)):
                    right += 1
                else:
                    miss(role, it, p, sorted(gold), sorted(_pred_codes(getattr(p.event, role))))
            for it, p in pairs:
                if not (p.event and getattr(p.event, role)):
                    miss(f"{role}_missing", it, p, sorted(_gold_set(getattr(it, role))), None)
            report[role] = {"on_predicted": round(right / len(on_pred), 4) if on_pred else 0.0,
                            "overall": round(right / len(pairs), 4), "predicted": len(on_pred), "n": len(pairs)}
    # actors by span (NER gold)
    for role, attr in (("source_span", "source_spans"), ("target_span", "target_spans")):
        pairs = [(it, p) for it, p in zip(items, predictions) if getattr(it, attr)]
        if pairs:
            ev_role = role.split("_")[0]
            on_pred = [(it, p) for it, p in pairs if p.event and getattr(p.event, ev_role)]
            right = 0
            for it, p in on_pred:
                if _span_match(getattr(p.event, ev_role), getattr(it, attr)):
                    right += 1
                else:
                    miss(role, it, p, getattr(it, attr), [r.get("text") for r in getattr(p.event, ev_role)])
            report[role] = {"on_predicted": round(right / len(on_pred), 4) if on_pred else 0.0,
                            "overall": round(right / len(pairs), 4), "predicted": len(on_pred), "n": len(pairs)}
    report["misses"] = dict(misses)
    return report


def evaluate_items(items: list[GoldItem], nlp: Language | None = None, *, examples: int = 5) -> dict[str, Any]:
    nlp = nlp if nlp is not None else default_pipeline()
    predictions = predict(nlp, items)
    report = score(items, predictions, examples=examples)
    report["fingerprint"] = fingerprint(items)
    return report


def evaluate_file(path: str | Path, nlp: Language | None = None, *, limit: int | None = None,
                  split: str | None = None, examples: int = 5) -> dict[str, Any]:
    """Score the extractor on one gold file; `split` 'dev' or 'heldout' keeps that part only."""
    items = read_gold(path)
    if split:
        items = [it for it in items if split_of(it) == split]
    if limit:
        items = items[:limit]
    report = evaluate_items(items, nlp, examples=examples)
    report = {"gold": str(path), "dataset": items[0].dataset if items else None, "split": split or "all",
              **report}
    return report


def default_pipeline() -> Language:
    """The English pipeline with the actor and event stages (what `entente read` runs)."""
    from ..nlp import load_pipeline

    return load_pipeline(stages=("entente_actors", "entente_events"))
