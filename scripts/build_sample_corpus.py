#!/usr/bin/env python3
"""Rebuild the bundled sample corpus from ../shared/data/news/wikinews/wikinews_en.jsonl.

Wikinews is CC BY 2.5. Each record keeps its title, date, URL and text unchanged and gains
`source` ("Wikinews") and `licence`; ATTRIBUTION.md lists every article's URL.
Run from the repository root: python3 scripts/build_sample_corpus.py
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "news" / "wikinews" / "wikinews_en.jsonl"
TARGET = ROOT / "src" / "entente" / "data" / "sample"
LICENCE = "CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/)"

HEADER = """# Sample corpus: attribution

`wikinews_en.jsonl.gz` holds {n} English news articles from **Wikinews** (https://en.wikinews.org),
published {first} to {last}, by Wikinews contributors.

- Licence: Creative Commons Attribution 2.5 Generic (CC BY 2.5),
  https://creativecommons.org/licenses/by/2.5/
- Changes: the text was edited. The articles were converted from wiki pages to plain text (markup,
  images, infoboxes, source lists and categories removed, whitespace normalised) before they reached
  this project; entente adds the fields `source` and `licence` and changes nothing else.
- Credit: each article is the work of the Wikinews contributors named in its page history at the URL
  below.

## Articles

| date | title | URL |
|---|---|---|
"""


def main() -> None:
    rows = [json.loads(line) for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.sort(key=lambda r: (r["date"], r["url"]))
    TARGET.mkdir(parents=True, exist_ok=True)
    lines = []
    for row in rows:
        record = {"title": row["title"], "date": row["date"], "url": row["url"], "text": row["text"],
                  "source": "Wikinews", "licence": LICENCE}
        lines.append(json.dumps(record, ensure_ascii=False))
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    # mtime=0 keeps the gzip bytes identical between rebuilds
    with gzip.GzipFile(TARGET / "wikinews_en.jsonl.gz", "wb", mtime=0) as out:
        out.write(payload)
    table = "".join(f"| {r['date']} | {r['title'].replace('|', '/')} | {r['url']} |\n" for r in rows)
    (TARGET / "ATTRIBUTION.md").write_text(
        HEADER.format(n=len(rows), first=rows[0]["date"], last=rows[-1]["date"]) + table, encoding="utf-8")
    print(f"wrote {len(rows)} articles to {TARGET}")


if __name__ == "__main__":
    main()
