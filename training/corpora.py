"""The news corpora of `../shared/data/news/`, as article records with stable ids.

The annotations under `training/newswire/` point into these articles by id and character offsets
(`start`, `end`) into the body text that `entente read` makes of them, the same layout as the shared
newswire gold. The texts themselves are not copied into the repository: their licences allow
research use (tests, benchmarks, training) but not redistribution, so the training command rebuilds
them from `../shared/` and checks each annotated sentence against its offsets.

    for record in iter_corpus("reuters1996"):   # {"id", "corpus", "doc", "title", "date", "text"}
        ...
"""
from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NEWS = SHARED / "data" / "news"
NEWSWIRE_GOLD = SHARED / "data" / "events" / "newswire_gold"

CORPORA = ("wikinews", "reuters1996", "agnews2004", "outlets")


def article_id(corpus: str, doc: str) -> str:
    """A short stable id for an article of a corpus, from the corpus's own document key."""
    return f"{corpus}:{hashlib.sha1(f'{corpus}/{doc}'.encode()).hexdigest()[:10]}"


def _record(corpus: str, doc: str, title: str, date: str | None, text: str) -> dict[str, str | None]:
    return {"id": article_id(corpus, doc), "corpus": corpus, "doc": doc, "title": title.strip(),
            "date": date, "text": text.strip()}


def iter_wikinews() -> Iterator[dict[str, str | None]]:
    with open(NEWS / "wikinews" / "wikinews_en.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                yield _record("wikinews", r["url"], r["title"], r.get("date"), r["text"])


def iter_reuters() -> Iterator[dict[str, str | None]]:
    with open(NEWS / "reuters_1996_conll2003_docs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                yield _record("reuters1996", r["doc_id"], r.get("headline") or "", r.get("date"), r["text"])


def iter_agnews() -> Iterator[dict[str, str | None]]:
    with open(NEWS / "ag_news_world_2004.csv", encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)  # header: label, title, description
        for k, row in enumerate(rows):
            if len(row) >= 3:
                yield _record("agnews2004", str(k), row[1], "2004", row[2])


def iter_outlets() -> Iterator[dict[str, str | None]]:
    """Outlet samples: per file, articles separated by a blank line, each a title line then its body."""
    for path in sorted((NEWS / "outlet_samples").glob("*.txt")):
        blocks = [b for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        for k, block in enumerate(blocks):
            lines = block.strip().split("\n")
            if len(lines) >= 2:
                yield _record("outlets", f"{path.stem}#{k}", lines[0], None, "\n".join(lines[1:]))


_READERS = {"wikinews": iter_wikinews, "reuters1996": iter_reuters, "agnews2004": iter_agnews,
            "outlets": iter_outlets}


def iter_corpus(corpus: str) -> Iterator[dict[str, str | None]]:
    """The articles of one corpus (see `CORPORA`), in file order."""
    try:
        return _READERS[corpus]()
    except KeyError:
        raise ValueError(f"unknown corpus {corpus!r}; choose among {', '.join(CORPORA)}") from None


def gold_documents(split: str) -> set[tuple[str, str]]:
    """(corpus, doc) of every article a split of the shared newswire gold uses."""
    path = NEWSWIRE_GOLD / split / "gold.jsonl"
    out = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                g = json.loads(line)
                out.add((g["corpus"], str(g["doc"])))
    return out


def gold_titles(split: str) -> set[str]:
    """Normalised titles of the articles of a split of the shared gold (a second guard against reuse)."""
    path = NEWSWIRE_GOLD / split / "articles.jsonl"
    with open(path, encoding="utf-8") as fh:
        return {normal_title(json.loads(line)["title"]) for line in fh if line.strip()}


def normal_title(title: str | None) -> str:
    return " ".join((title or "").lower().split())
