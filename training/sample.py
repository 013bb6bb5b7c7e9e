"""Sample news sentences to annotate, the way the shared newswire gold was sampled.

    .venv/bin/python training/sample.py --n 1200 --batches 6 --out /tmp/to_annotate --seed 7

Sentences are drawn at random from articles of `../shared/data/news/` that neither split of the
shared gold uses (never the dev articles), half from all sentences ("random") and half from sentences
that name two or more countries or nationalities ("two_countries"). Each batch folder holds
`articles.jsonl` (the articles, as `entente read` reads them) and `todo.jsonl` (one sentence per line:
its article, offsets, title, date and the sentence before it), ready for an annotator who follows
`../shared/data/events/newswire_gold/GUIDELINES.md` and writes `gold.jsonl` in the gold's format.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import CORPORA, gold_documents, gold_titles, iter_corpus, normal_title  # noqa: E402

#: Share of sentences per corpus: close to the dev gold's mix, with some outlet samples as in train.
MIX = {"wikinews": 0.32, "reuters1996": 0.32, "agnews2004": 0.24, "outlets": 0.12}
#: Sentences taken from one article at most, so that a few long articles do not dominate.
PER_ARTICLE = 3


def admitted_articles(records: list[dict]) -> list[dict]:
    """The records `entente read` accepts as articles (not tables of figures, not too short)."""
    from entente.ingest import IngestOptions, iter_articles
    from entente.records import Rejected

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps({"id": r["id"], "title": r["title"], "date": r["date"], "text": r["text"]},
                                    ensure_ascii=False) + "\n")
        kept = {item.external_id: item for item in iter_articles([str(path)], IngestOptions())
                if not isinstance(item, Rejected)}
    out = []
    for r in records:
        article = kept.get(r["id"])
        if article is not None and article.text == r["text"]:
            out.append(r)
    return out


def sentences(records: list[dict]) -> list[dict]:
    """Every sentence of the articles, with the countries the actor stage finds in it."""
    from entente.nlp import load_pipeline

    nlp = load_pipeline(stages=("entente_actors",))
    out = []
    docs = nlp.pipe(((r["text"], r) for r in records), as_tuples=True, batch_size=32)
    for doc, r in docs:
        mentions = doc._.mentions or []
        previous = ""
        for sent in doc.sents:
            text = sent.text.strip()
            if not any(ch.isalpha() for ch in text):
                continue
            start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            end = start + len(text)
            countries = {m.country for m in mentions if m.country and start <= m.start < end}
            out.append({"article": r["id"], "corpus": r["corpus"], "doc": r["doc"], "start": start, "end": end,
                        "title": r["title"], "date": r["date"], "context_before": previous, "sentence": text,
                        "countries": len(countries)})
            previous = text
    return out


def annotated_sentences() -> set[tuple[str, int]]:
    """(article, start) of every sentence already annotated under training/newswire/."""
    out = set()
    for path in sorted((Path(__file__).resolve().parent / "newswire").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    out.add((r["article"], int(r["start"])))
    return out


def sample(n: int, seed: int) -> tuple[list[dict], dict[str, dict]]:
    rng = random.Random(seed)
    done = annotated_sentences()
    used = gold_documents("dev") | gold_documents("train")
    used_titles = gold_titles("dev") | gold_titles("train")
    picked: list[dict] = []
    articles: dict[str, dict] = {}
    for corpus in CORPORA:
        quota = round(n * MIX[corpus])
        records = [r for r in iter_corpus(corpus)
                   if (corpus, r["doc"]) not in used and normal_title(r["title"]) not in used_titles]
        rng.shuffle(records)
        records = admitted_articles(records[: max(quota * 3, 60)])
        pool = sentences(records)
        rng.shuffle(pool)
        per_article: dict[str, int] = {}
        halves = {"two_countries": [s for s in pool if s["countries"] >= 2], "random": pool}
        chosen: list[dict] = []
        seen: set[tuple[str, int]] = set()
        for stratum, share in (("two_countries", 0.5), ("random", 0.5)):
            want = round(quota * share)
            for s in halves[stratum]:
                if want <= 0:
                    break
                key = (s["article"], s["start"])
                if key in seen or key in done or per_article.get(s["article"], 0) >= PER_ARTICLE:
                    continue
                seen.add(key)
                per_article[s["article"]] = per_article.get(s["article"], 0) + 1
                chosen.append({**{k: v for k, v in s.items() if k != "countries"}, "stratum": stratum})
                want -= 1
        by_id = {r["id"]: r for r in records}
        for s in chosen:
            articles[s["article"]] = by_id[s["article"]]
        picked.extend(chosen)
        print(f"{corpus}: {len(chosen)} sentences from {len({s['article'] for s in chosen})} articles",
              file=sys.stderr)
    rng.shuffle(picked)
    for s in picked:
        s["id"] = hashlib.sha1(f"{s['article']}/{s['start']}".encode()).hexdigest()[:12]
    return picked, articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1200, help="sentences in all")
    ap.add_argument("--batches", type=int, default=6, help="folders to split them into, one per annotator")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    picked, articles = sample(a.n, a.seed)
    for b in range(a.batches):
        folder = a.out / f"batch{b + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        part = picked[b::a.batches]
        with open(folder / "todo.jsonl", "w", encoding="utf-8") as fh:
            for s in part:
                fh.write(json.dumps(s, ensure_ascii=False) + "\n")
        with open(folder / "articles.jsonl", "w", encoding="utf-8") as fh:
            for aid in dict.fromkeys(s["article"] for s in part):
                r = articles[aid]
                fh.write(json.dumps({"id": r["id"], "title": r["title"], "date": r["date"], "text": r["text"]},
                                    ensure_ascii=False) + "\n")
        print(f"{folder}: {len(part)} sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
