"""Ingest: every form news arrives in, read into `Article` records.

`iter_articles(inputs, options)` is the one entry point: it expands paths, directories, globs,
`-` (standard input) and URLs, chooses a reader by content and extension, and yields an
`Article` or a `Rejected` for every input, so that one bad file never stops a batch.

Readers, one module each: `text` (scraped plain-text pages and collections), `html`
(trafilatura), `tabular` (JSON Lines and CSV), `feeds` (RSS/Atom), `warc` (web archives),
`fetch` (HTTP with a size cap and an address check). Boilerplate patterns are data, in
`patterns/boilerplate.toml`.
"""
from __future__ import annotations

from .options import ColumnMap, IngestOptions
from .sources import iter_articles

__all__ = ["ColumnMap", "IngestOptions", "iter_articles"]
