#!/usr/bin/env python3
"""Ingest throughput and HTML body extraction quality, in one run.

Prints JSON with
- articles per second for `entente ingest` of the bundled sample corpus (317 Wikinews articles,
  JSON Lines) and of the outlet samples (plain text, ~200 articles), storing articles only
  (`--no-extract`) and with every extractor (one worker), each into a fresh store;
- the Scrapinghub token F1 of entente's HTML reader beside plain trafilatura's on the same pages
  (see bench_extraction.py).

Run from the repository root: .venv/bin/python bench/bench_ingest.py [--pages N]
"""
from __future__ import annotations

import argparse
import json
import logging
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_extraction  # noqa: E402

from entente import pipeline  # noqa: E402
from entente.data import sample_corpus_path  # noqa: E402
from entente.nlp import load_pipeline  # noqa: E402
from entente.store import Store  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def time_ingest(inputs: list[str], *, extract: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        started = time.perf_counter()
        summary = pipeline.ingest(inputs, store, extract=extract, workers=1)
        seconds = time.perf_counter() - started
    return {"read": summary.read, "stored": summary.stored, "rejected": summary.rejected,
            "seconds": round(seconds, 2), "articles_per_second": round(summary.read / seconds, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None, help="Scrapinghub pages to score (default: all)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    load_pipeline()  # model loading is a one-off cost, not ingest throughput
    corpora = {"wikinews_sample_jsonl": [str(sample_corpus_path())],
               "outlet_samples_text": [str(SHARED / "data" / "news" / "outlet_samples")]}
    result: dict[str, object] = {"machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
                                 "python": platform.python_version()}
    for name, inputs in corpora.items():
        result[name] = {"articles_only": time_ingest(inputs, extract=False),
                        "with_extraction": time_ingest(inputs, extract=True)}
    print(json.dumps(result, indent=2))
    sys.stdout.flush()
    return bench_extraction.main(["--limit", str(args.pages)] if args.pages else [])


if __name__ == "__main__":
    sys.exit(main())
