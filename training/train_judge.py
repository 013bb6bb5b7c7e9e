"""Train the event judge (`entente_event_judge`) and install it into the package.

    .venv/bin/python training/train_judge.py            # build the examples, train, install
    .venv/bin/python training/train_judge.py --cv 5     # also report 5-fold cross-validated scores

Training data, never the dev articles of the newswire gold:
  * `../shared/data/events/newswire_gold/train/` (693 annotated sentences from 550 articles);
  * `training/newswire/*.jsonl`: further sentences annotated by the same guidelines, pointing into the
    news corpora of `../shared/data/news/` by article id and offsets (`training/corpora.py` rebuilds
    the texts; each sentence is checked against its offsets).

Steps: run the pipeline of `entente read` without the judge over every annotated article; label each
candidate event inside an annotated sentence by whether it matches a gold event (the newswire rule:
same quad class, actors agreeing by country); write each candidate as the judge's short document
(`entente.events.judge.candidate_words`) into spaCy DocBins, one article in eight held out for early
stopping; train `training/judge.cfg` with spaCy's trainer; copy the best model to
`src/entente/events/data/judge/` with its version and training figures in `meta.json`.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import CORPORA, NEWSWIRE_GOLD, iter_corpus  # noqa: E402

ANNOTATIONS = HERE / "newswire"
CONFIG = HERE / "judge.cfg"
#: Bump when the features, the data or the config change, so stores know which judge coded them.
VERSION = "0.1.0"


# ------------------------------------------------------------------------------------------------
# the annotated sentences
# ------------------------------------------------------------------------------------------------
def training_golds() -> list[Any]:
    """The shared train split and our own annotations, as `entente.events.newswire.Gold` objects."""
    from entente.events.newswire import Gold, GoldSentence, read_gold

    golds = [read_gold(NEWSWIRE_GOLD / "train")]
    rows = []
    for path in sorted(ANNOTATIONS.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    if rows:
        wanted = {r["article"] for r in rows}
        texts = {}
        for corpus in CORPORA:
            for rec in iter_corpus(corpus):
                if rec["id"] in wanted:
                    texts[rec["id"]] = rec
        sentences = []
        for r in rows:
            art = texts.get(r["article"])
            if art is None or art["text"][r["start"]:r["end"]] != r["sentence"]:
                print(f"skipped {r['id']}: its article text no longer matches the offsets", file=sys.stderr)
                continue
            sentences.append(GoldSentence(id=r["id"], article=r["article"], start=r["start"], end=r["end"],
                                          sentence=r["sentence"], events=r.get("events") or [],
                                          corpus=r.get("corpus", ""), note=r.get("note", "")))
        articles = [{"id": a["id"], "title": a["title"], "date": a["date"], "text": a["text"]}
                    for a in texts.values() if any(s.article == a["id"] for s in sentences)]
        golds.append(Gold(ANNOTATIONS, articles, sentences))
    dev = {s.article for s in read_gold(NEWSWIRE_GOLD / "dev").sentences}
    for g in golds:
        leaked = {s.article for s in g.sentences} & dev
        if leaked:
            raise SystemExit(f"{g.folder}: {len(leaked)} articles of the dev gold; never train on them")
    return golds


# ------------------------------------------------------------------------------------------------
# candidates as examples
# ------------------------------------------------------------------------------------------------
def examples(golds: list[Any]) -> list[dict[str, Any]]:
    """One example per reading of each candidate event inside an annotated sentence (the candidate as
    the rules read it, and its completions from context, `entente.events.judge.completions`): its
    words, whether it matches a gold event of the sentence, and its article."""
    from entente.events.judge import _sentence_events, actor_spans, candidate_words, completions
    from entente.events.newswire import in_sentence, matches, scorable
    from entente.ingest import IngestOptions
    from entente.ingest.tabular import read_jsonl
    from entente.nlp import annotate, load_pipeline
    from entente.records import Article

    nlp = load_pipeline(stages=("entente_actors", "entente_events"))
    out: list[dict[str, Any]] = []
    for gold in golds:
        by_article: dict[str, list[Any]] = {}
        for sentence in gold.sentences:
            by_article.setdefault(sentence.article, []).append(sentence)
        lines = [json.dumps(a, ensure_ascii=False) for a in gold.articles]
        articles = [a for a in read_jsonl(lines, origin=str(gold.folder), options=IngestOptions())
                    if isinstance(a, Article)]
        before = len(out)
        for article, doc in annotate(nlp, articles, batch_size=16):
            key = str(article.external_id or article.id)
            events = list(doc._.events or [])
            siblings = _sentence_events(doc, events)
            actors = actor_spans(doc)  # once per Doc, as the judge itself does
            setting = doc._.setting
            for sentence in by_article.get(key, []):
                gold_events = scorable(sentence.events)
                for event in in_sentence(events, sentence):
                    for reading in completions(doc, event, setting):
                        out.append({"article": key, "sentence": sentence.id, "event": event.id,
                                    "reading": reading.id, "words": candidate_words(doc, reading, siblings, actors=actors),
                                    "holds": any(matches(g, reading.as_dict()) for g in gold_events)})
        print(f"{gold.folder}: {len(gold.sentences)} sentences, {len(out) - before} readings of candidates",
              file=sys.stderr)
    return out


def _fold(article: str, k: int) -> int:
    return int(hashlib.sha1(article.encode()).hexdigest(), 16) % k


def write_docbin(rows: list[dict[str, Any]], path: Path) -> None:
    import spacy
    from spacy.tokens import Doc, DocBin

    from entente.events.judge import LABEL

    vocab = spacy.blank("en").vocab
    db = DocBin(store_user_data=False)
    for r in rows:
        doc = Doc(vocab, words=r["words"] or ["F:empty"])
        doc.cats = {LABEL: float(r["holds"]), "NOT": float(not r["holds"])}
        db.add(doc)
    db.to_disk(path)


def train(rows: list[dict[str, Any]], dev_rows: list[dict[str, Any]], output: Path, config: Path = CONFIG) -> Path:
    """Train with spaCy's trainer; the path of the best model."""
    from spacy.cli.train import train as spacy_train

    with tempfile.TemporaryDirectory() as tmp:
        write_docbin(rows, Path(tmp) / "train.spacy")
        write_docbin(dev_rows, Path(tmp) / "dev.spacy")
        spacy_train(config, output, overrides={"paths.train": str(Path(tmp) / "train.spacy"),
                                              "paths.dev": str(Path(tmp) / "dev.spacy")})
    return output / "model-best"


def scores(model: Path, rows: list[dict[str, Any]]) -> list[float]:
    import spacy
    from spacy.tokens import Doc

    from entente.events.judge import LABEL

    nlp = spacy.load(model)
    docs = [Doc(nlp.vocab, words=r["words"] or ["F:empty"]) for r in rows]
    return [d.cats[LABEL] for d in nlp.get_pipe("textcat").pipe(docs)]


def cross_validate(rows: list[dict[str, Any]], k: int, work: Path, config: Path = CONFIG) -> dict[str, Any]:
    """k-fold by article: each held-out candidate takes its most probable reading (as the component
    does); precision and recall of those readings at each threshold."""
    chosen: dict[tuple[str, str], tuple[float, bool]] = {}
    holdable: set[tuple[str, str]] = {(r["article"], r["event"]) for r in rows if r["holds"]}
    for fold in range(k):
        test = [r for r in rows if _fold(r["article"], k) == fold]
        rest = [r for r in rows if _fold(r["article"], k) != fold]
        dev = [r for r in rest if _fold(r["article"], 8 * k) == fold]
        fit = [r for r in rest if _fold(r["article"], 8 * k) != fold]
        best = train(fit, dev, work / f"fold{fold}", config)
        for r, p in zip(test, scores(best, test), strict=True):
            key = (r["article"], r["event"])
            if key not in chosen or p > chosen[key][0]:
                chosen[key] = (p, r["holds"])
    table = []
    for t in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        kept = [y for p, y in chosen.values() if p >= t]
        tp = sum(kept)
        table.append({"threshold": t, "kept": len(kept), "precision": round(tp / len(kept), 3) if kept else 0.0,
                      "recall_of_holdable": round(tp / len(holdable), 3) if holdable else 0.0})
    return {"folds": k, "candidates": len(chosen), "holdable": len(holdable), "curve": table}


def install(best: Path, target: Path, meta_extra: dict[str, Any]) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({"name": "entente_event_judge", "version": VERSION,
                 "description": "entente's event judge: does a candidate event hold? (training/train_judge.py)",
                 **meta_extra})
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv", type=int, default=0, help="also report k-fold cross-validated scores")
    ap.add_argument("--work", type=Path, default=HERE / "build", help="scratch folder for examples and models")
    ap.add_argument("--reuse", action="store_true", help="reuse the examples of an earlier run in --work")
    ap.add_argument("--no-install", action="store_true", help="train, but leave the package's model as it is")
    ap.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config (default: training/judge.cfg)")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    cache = a.work / "examples.jsonl"
    if a.reuse and cache.exists():
        rows = [json.loads(line) for line in open(cache, encoding="utf-8")]
    else:
        rows = examples(training_golds())
        with open(cache, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = Counter(r["holds"] for r in rows)
    print(f"{len(rows)} readings of {len({(r['article'], r['event']) for r in rows})} candidates, "
          f"{counts[True]} hold, {counts[False]} do not", file=sys.stderr)
    report: dict[str, Any] = {"readings": len(rows), "holding": counts[True]}
    if a.cv:
        report["cross_validation"] = cross_validate(rows, a.cv, a.work / "cv", a.config)
        print(json.dumps(report["cross_validation"], indent=1))
    random.seed(7)
    dev = [r for r in rows if _fold(r["article"], 8) == 0]
    fit = [r for r in rows if _fold(r["article"], 8) != 0]
    best = train(fit, dev, a.work / "final", a.config)
    if not a.no_install:
        from entente.events.judge import MODEL_DIR

        install(best, MODEL_DIR, {"training": report})
        print(f"installed {MODEL_DIR}", file=sys.stderr)


if __name__ == "__main__":
    main()
