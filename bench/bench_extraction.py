"""Body extraction quality on the Scrapinghub article-extraction set: entente's `read_html` against
plain trafilatura `extract()` with its default settings, in one run.

For every page with a gold `articleBody`, both bodies are scored by bag-of-words token overlap
(lower-cased `\\w+` tokens): precision = shared tokens / extracted tokens, recall = shared tokens /
gold tokens, F1 their harmonic mean; a page where an extractor finds nothing scores 0. The
means over pages are printed as one JSON object, with pages/second for `read_html` (decoding
included, gzip excluded).

    .venv/bin/python bench/bench_extraction.py [--limit N] [--data DIR]
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trafilatura import extract

from entente.errors import InputRejected
from entente.ingest.html import read_html

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction" / "scrapinghub"
_TOKEN = re.compile(r"\w+")


def token_scores(extracted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words (precision, recall, F1) of `extracted` against `gold`."""
    ours, theirs = Counter(_TOKEN.findall(extracted.lower())), Counter(_TOKEN.findall(gold.lower()))
    shared = sum((ours & theirs).values())
    if not shared:
        return 0.0, 0.0, 0.0
    precision, recall = shared / sum(ours.values()), shared / sum(theirs.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def _ours(page: bytes, page_id: str, url: str) -> str:
    try:
        return read_html(page, origin=page_id, url=url).text
    except InputRejected:
        return ""


def _baseline(page: bytes, page_id: str, url: str) -> str:
    return extract(page) or ""


def _score(name: str, run: Callable[[bytes, str, str], str], pages: list[tuple[str, str, bytes, str]]) -> dict[str, Any]:
    totals = [0.0, 0.0, 0.0]
    empty = 0
    if pages:  # one untimed page first, so lazy imports and caches do not count as extraction time
        run(pages[0][2], pages[0][0], pages[0][1])
    started = time.perf_counter()
    bodies = [(page_id, run(page, page_id, url), gold) for page_id, url, page, gold in pages]
    elapsed = time.perf_counter() - started
    for _page_id, body, gold in bodies:
        empty += not body.strip()
        for i, value in enumerate(token_scores(body, gold)):
            totals[i] += value
    count = max(1, len(pages))
    return {"extractor": name, "precision": round(totals[0] / count, 4), "recall": round(totals[1] / count, 4),
            "f1": round(totals[2] / count, 4), "empty": empty,
            "pages_per_second": round(len(pages) / elapsed, 2) if elapsed else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages (sorted by id)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the scrapinghub folder")
    args = parser.parse_args(argv)
    gold_path = args.data / "ground-truth.json"
    if not gold_path.exists():
        print(f"no gold file at {gold_path}", file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)  # trafilatura logs every page it discards; the scores say it
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(gold)[: args.limit]:
        path = args.data / "html" / f"{page_id}.html.gz"
        if path.exists():
            record = gold[page_id]
            pages.append((page_id, record.get("url", ""), gzip.decompress(path.read_bytes()), record["articleBody"]))
    result = {
        "pages": len(pages),
        "metric": "mean bag-of-words token precision/recall/F1 vs articleBody (lower-cased \\w+ tokens)",
        "entente_read_html": _score("entente.ingest.html.read_html", _ours, pages),
        "trafilatura_extract_default": _score("trafilatura.extract (defaults)", _baseline, pages),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
