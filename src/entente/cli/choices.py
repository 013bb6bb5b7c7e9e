"""The option values and defaults the commands show in `--help`, without importing the libraries.

click builds every option of every command when `entente.cli` is imported, so a choice list taken
from `entente.graph` or `entente.ingest` would import DuckDB, networkx, scipy and spaCy before
`entente --help` could answer (issue 14: three seconds of CPU). The few values the options need are
therefore written here; `tests/cli/test_cli_startup.py` checks that each still equals the one the
library uses, so they cannot drift apart.
"""
from __future__ import annotations

#: The store file when no --db is given (`entente.store.DEFAULT_PATH`).
DEFAULT_DB = "entente.duckdb"
#: The readers `--format` can force (`entente.ingest.options.FORMATS`).
INGEST_FORMATS = ("auto", "text", "html", "jsonl", "csv", "feed", "warc")
#: The largest article, record or page accepted (`entente.ingest.options.DEFAULT_MAX_BYTES`).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: Articles per transaction of an ingest (`entente.pipeline.DEFAULT_BATCH`).
DEFAULT_BATCH = 200

#: Time windows of the relations (`tuple(entente.graph.rules.WINDOWS)`).
WINDOWS = ("year", "month", "day")
#: Which actors a network holds (`entente.graph.dyads.KINDS`).
KINDS = ("states", "all")
#: Export formats of the network (`entente.graph.network.FORMATS`).
NETWORK_FORMATS = ("graphml", "gexf", "json")
#: Fewest counted events in each window of a shift (`entente.graph.rules.SHIFT_MIN_EVENTS`).
SHIFT_MIN_EVENTS = 3
#: False discovery rate of the shift test (`entente.graph.rules.SHIFT_ALPHA`).
SHIFT_ALPHA = 0.05

#: Modalities a watch can filter on (`entente.watch.records.MODES`).
WATCH_MODES = ("asserted", "reported", "alleged", "denied", "negated", "planned", "hypothetical", "historical")
#: Windows a shift watch compares (`entente.watch.records.WINDOWS`).
WATCH_WINDOWS = ("day", "month", "year")
