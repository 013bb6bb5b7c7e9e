#!/usr/bin/env python3
"""entente's commands against bare spaCy on the same long articles, each as its own process.

Runs, one after another and each in a fresh Python process with its load time included:
- bare spaCy: load `en_core_web_sm`, `nlp.pipe(texts, batch_size=32)` over the article bodies;
- `entente read FILE --json`, its output thrown away;
- `entente ingest FILE --workers 1` into a fresh store;
- `entente --help` and `entente actor "Israel's ambassador to Azerbaijan" --json`, for start-up.

The corpus is the first N (default 150) articles of `../shared/data/news/wikinews/wikinews_en.jsonl`.
Each command runs ROUNDS times, alternating, and the fastest run of each counts: on a shared machine
one run can differ from the next by a fifth for reasons of the machine's. Prints JSON with the
seconds of each, and each command's time ratio to bare spaCy (target ≤ 1.3, aim ≤ 1.0).

Run from the repository root: .venv/bin/python bench/bench_speed.py [--articles N] [--rounds R]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIKINEWS = ROOT.parent / "shared" / "data" / "news" / "wikinews" / "wikinews_en.jsonl"
PYTHON = sys.executable
ENTENTE = str(Path(PYTHON).with_name("entente"))

BARE_SPACY = """
import json, sys
from entente.nlp import load_model
nlp = load_model()
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
print(tokens)
"""


def first_articles(n: int, path: Path) -> Path:
    with WIKINEWS.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
        for i, line in enumerate(source):
            if i >= n:
                break
            out.write(line)
    return path


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = first_articles(args.articles, tmp / "wikinews.jsonl")
        tokens = int(subprocess.run([PYTHON, "-c", BARE_SPACY, str(corpus)], check=True,
                                    capture_output=True, text=True).stdout.strip())
        commands = {
            "bare_spacy": lambda: [PYTHON, "-c", BARE_SPACY, str(corpus)],
            "read": lambda: [ENTENTE, "read", str(corpus), "--json"],
            "ingest_workers_1": lambda: [ENTENTE, "ingest", str(corpus), "--workers", "1",
                                         "--db", str(fresh_store(tmp))],
        }
        runs: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                runs[name].append(timed(command()))
        best = {name: min(seconds) for name, seconds in runs.items()}
        startup = {
            "help_s": round(min(timed([ENTENTE, "--help"]) for _ in range(3)), 3),
            "actor_s": round(min(timed([ENTENTE, "actor", "Israel's ambassador to Azerbaijan", "--json"])
                                 for _ in range(3)), 3),
        }
    result = {
        "articles": args.articles, "tokens": tokens, "rounds": args.rounds,
        "seconds": {name: round(s, 2) for name, s in best.items()},
        "all_runs": {name: [round(s, 2) for s in seconds] for name, seconds in runs.items()},
        "time_ratio_to_bare_spacy": {name: round(best[name] / best["bare_spacy"], 3)
                                     for name in ("read", "ingest_workers_1")},
        "target": "<= 1.3 (aim <= 1.0)",
        "startup": {**startup, "targets": {"help_s": "< 0.5", "actor_s": "< 1.5"}},
    }
    print(json.dumps(result, indent=2))
    return 0


_stores = iter(range(1_000_000))


def fresh_store(tmp: Path) -> Path:
    return tmp / f"store{next(_stores)}.duckdb"


if __name__ == "__main__":
    sys.exit(main())
