"""A store as data frames, for notebooks: events, dyads, the signed network and quotes.

    import entente

    with entente.open("entente.duckdb") as store:      # or the folder of a Parquet dataset
        events = store.events(dyad="ISR-AZE")           # a pandas DataFrame, one row per event
        edges = store.network()                         # who sides with whom, one row per edge
        table = store.quotes(actor="ISR", arrow=True)   # a pyarrow Table instead

Every method reads through the functions the REST API and the CLI read commands use
(`entente.api.queries` for events and quotes, `entente.graph` for dyads and the network), so a
frame holds exactly the rows `entente events`, `entente network` or `GET /api/events` show for the
same filters; there is no second query layer to drift from the first. For questions these
methods do not answer, `EntenteStore.con` is the store's DuckDB connection (read-only).

The store is opened read-only, so a notebook never changes it. DuckDB lets no other process open a
store file while one writes to it (an `entente ingest`, an `entente serve`): `open` then says which
process holds it and what to do.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self, overload

from .errors import StoreError

if TYPE_CHECKING:
    import duckdb
    import networkx as nx
    import pandas as pd
    import pyarrow as pa

    from .graph.dyads import Relation
    from .store import Store

#: Rows asked of the query layer at a time, as `entente events` pages its exports.
PAGE = 1000
#: The columns of `EntenteStore.events`, in order: those of `entente events --format csv`
#: (`entente.export.FLAT_COLUMNS`), with lists where the CSV joins them by ";".
EVENT_COLUMNS = ("id", "article_id", "when", "date", "date_precision", "type", "cameo", "quad", "quad_label",
                 "intensity", "mode", "real", "confidence", "dimensions", "source_actors", "source_countries",
                 "source_sectors", "target_actors", "target_countries", "target_sectors", "sentence", "title",
                 "published", "outlet", "url", "near_duplicate_of", "extractor")
DYAD_COLUMNS = ("a", "b", "a_name", "b_name", "window", "start", "end", "score", "sign", "weight", "n_events",
                "n_excluded", "n_sources", "n_articles", "confidence", "quad_1", "quad_2", "quad_3", "quad_4",
                "types", "dimensions", "modes")
EDGE_COLUMNS = ("source", "target", "source_name", "target_name", "sign", "weight", "n_events", "n_sources",
                "confidence", "dimensions")
QUOTE_COLUMNS = ("id", "article_id", "speaker", "speaker_actor", "speaker_country", "speaker_sector",
                 "speaker_name", "cue", "content", "direct", "spoken_to", "asserts", "denies", "title",
                 "published", "outlet", "url", "near_duplicate_of", "extractor")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

Dyad = str | tuple[str, str]


def open(path: str | os.PathLike[str]) -> EntenteStore:
    """Open a store read-only: a DuckDB store file, or the folder of a Parquet dataset.

    A dataset is what `entente ingest --dask ... --parquet DIR` or `entente export --parquet DIR`
    writes; it is read in place through DuckDB views, nothing is copied.

        >>> with entente.open("entente.duckdb") as store:
        ...     store.events(actor="ISR", limit=5)
    """
    target = Path(path)
    if not target.exists():
        raise StoreError(f"no store at {target}; create one with `entente ingest ... --db {target}`, "
                         "or pass the folder of a Parquet dataset")
    from .store import open_store

    if target.is_dir():
        from .store.parquet import TABLES, present_tables

        if not present_tables(target):
            raise StoreError(f"{target} is a folder but no Parquet dataset: it has none of the tables "
                             f"{', '.join(TABLES)} as <table>/**/*.parquet. Pass the folder given to "
                             "`entente ingest --parquet`, or a DuckDB store file.")
    try:
        store = open_store(target, read_only=True)
    except StoreError as exc:
        raise _unopenable(str(target), exc) from exc
    return EntenteStore(store)


def _unopenable(path: str, exc: StoreError) -> StoreError:
    """What to do when DuckDB will not open the file: who holds it, or which connection is in the way."""
    detail = str(exc.__cause__ or exc)
    if "different configuration" in detail:  # this process has the file open for writing
        return StoreError(f"{path} is open for writing in this process (a `Store` or an ingest that is "
                          "still open); close it first (leave its `with` block, or call .close()), then "
                          "open the store again.")
    from .cli.access import busy_message, is_lock_error

    if not is_lock_error(detail):
        return exc
    from .api import discovery

    server = discovery.claimed(path)
    if server is not None:
        return StoreError(f"{path} is held by `entente serve` (pid {server.pid}, {server.url}), and while it "
                          f"runs DuckDB lets no other process open the file. Read it through the server's API "
                          f"({server.url}/api/events), or stop the server (Ctrl+C in its terminal, or "
                          f"`kill {server.pid}`) and open the store again.")
    return StoreError(busy_message(path, detail))


class EntenteStore:
    """A read-only store whose events, dyads, network and quotes come back as data frames.

    Made by `entente.open`; use it as a context manager, or call `close()` when done. Every method
    returns a pandas DataFrame, or a pyarrow Table with `arrow=True` (same rows, same columns, with
    the types fixed even when no row matches).
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def path(self) -> str:
        """The store file, or the dataset folder."""
        return self._store.path

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The store's DuckDB connection, for SQL of your own (`store.con.sql("...").df()`)."""
        return self._store.con

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EntenteStore({self.path!r})"

    # -- events ---------------------------------------------------------------------------------
    @overload
    def events(self, *, actor: str | None = ..., dyad: Dyad | None = ..., type: str | None = ...,
               quad: int | None = ..., mode: str | None = ..., dimension: str | None = ...,
               since: str | None = ..., until: str | None = ..., min_confidence: float | None = ...,
               article: str | None = ..., outlet: str | None = ..., limit: int | None = ...,
               arrow: Literal[False] = ...) -> pd.DataFrame: ...

    @overload
    def events(self, *, actor: str | None = ..., dyad: Dyad | None = ..., type: str | None = ...,
               quad: int | None = ..., mode: str | None = ..., dimension: str | None = ...,
               since: str | None = ..., until: str | None = ..., min_confidence: float | None = ...,
               article: str | None = ..., outlet: str | None = ..., limit: int | None = ...,
               arrow: Literal[True]) -> pa.Table: ...

    def events(self, *, actor: str | None = None, dyad: Dyad | None = None, type: str | None = None,
               quad: int | None = None, mode: str | None = None, dimension: str | None = None,
               since: str | None = None, until: str | None = None, min_confidence: float | None = None,
               article: str | None = None, outlet: str | None = None, limit: int | None = None,
               arrow: bool = False) -> pd.DataFrame | pa.Table:
        """The stored events matching every filter given, newest first (all of them by default).

        The filters are those of `entente events` and `GET /api/events`: `actor` an actor code (its
        own events and those of whoever acts for it), `dyad` two codes ("ISR-AZE" or ("ISR", "AZE"),
        either direction), `type` a PLOVER type (ASSAULT), `quad` 1-4, `mode` (reported also matches
        reported+alleged), `dimension` (security), `since`/`until` ISO dates of any precision
        ("2013" to "2013-09-17"; `until="2013"` includes all of 2013), `min_confidence` in [0, 1]
        (events without a confidence are left out then, as `entente events` does), `article` an
        article id, `outlet` part of the publisher's name.

        One row per event: `when` is the event's own date when the text gives one (`date`, to
        `date_precision`), else the article's publication date; `source_actors`, `source_countries`
        and `source_sectors` are lists that line up (the n-th country is the n-th actor's), the
        same for the target; `sentence` is the sentence the event was read from, `title`,
        `published`, `outlet` and `url` its article's.

            >>> df = store.events(dyad="ISR-AZE", since="2012")
            >>> df.groupby("type").size()
        """
        from .api.queries import EventFilter, list_events

        a, b = _pair(dyad) if dyad is not None else (None, None)
        _check_dates(since, until)
        if quad is not None and quad not in (1, 2, 3, 4):
            raise ValueError(f"quad must be 1, 2, 3 or 4 (verbal/material cooperation, verbal/material conflict), "
                             f"not {quad!r}")
        if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence is in [0, 1], not {min_confidence!r}")
        f = EventFilter(actor=_code(actor), a=a, b=b, type=type.upper() if type else None, quad=quad, mode=mode,
                        dimension=dimension, since=since, until=until, source=outlet, article=article)
        keep = None if min_confidence is None else (
            lambda e: e["confidence"] is not None and e["confidence"] >= min_confidence)
        found = _paged(lambda page, offset: list_events(self.con, f, limit=page, offset=offset), limit, keep)
        return _frame([_event_row(e) for e in found], _event_schema(), arrow)

    # -- dyads ----------------------------------------------------------------------------------
    @overload
    def dyads(self, *, actor: str | None = ..., dyad: Dyad | None = ..., since: str | None = ...,
              until: str | None = ..., window: str | None = ..., kind: str | None = ...,
              dimension: str | None = ..., min_events: int = ..., arrow: Literal[False] = ...) -> pd.DataFrame: ...

    @overload
    def dyads(self, *, actor: str | None = ..., dyad: Dyad | None = ..., since: str | None = ...,
              until: str | None = ..., window: str | None = ..., kind: str | None = ...,
              dimension: str | None = ..., min_events: int = ..., arrow: Literal[True]) -> pa.Table: ...

    def dyads(self, *, actor: str | None = None, dyad: Dyad | None = None, since: str | None = None,
              until: str | None = None, window: str | None = None, kind: str | None = None,
              dimension: str | None = None, min_events: int = 1, arrow: bool = False) -> pd.DataFrame | pa.Table:
        """The relation of every pair of actors (`entente.graph.dyads.relations`), one row per dyad.

        With `window` ("day", "month" or "year") one row per dyad and window, oldest first: with
        `dyad="ISR-AZE"` that is the series `entente dyad ISR AZE` prints. `actor` keeps the dyads
        of one actor; `kind` is "states" (agents of a state count as the state; the default) or
        "all" (every actor; the default when `dyad` is given, so that a pair with a group or a
        person is found); `min_events=0` also keeps the dyads whose evidence the rules all
        exclude (denied, negated, hypothetical).

        Columns: `a` < `b` and their names; `score` in [-1, 1] and `sign` (+1 friendly, -1
        hostile, 0 neither), `confidence` in [0, 1); `n_events` counted evidence units,
        `n_excluded` those weighed 0, `n_sources` distinct outlets; `quad_1`..`quad_4` the counted
        units per quad class; `types`, `dimensions` and `modes` most frequent first. The rules
        behind each number are in `entente.graph.rules`.

            >>> store.dyads(dyad="ISR-AZE", window="year")[["window", "score", "n_events"]]
        """
        from .graph.dyads import Scope, relations

        pair = _pair(dyad) if dyad is not None else None
        scope = Scope(since=since, until=until, kind=kind or ("all" if pair else "states"), dimension=dimension,
                      actors=(_code(actor) or "",) if actor else None, pair=pair)
        found = relations(self.con, scope, window=window, min_events=min_events, n_evidence=0)
        return _frame([_dyad_row(r) for r in found], _dyad_schema(), arrow)

    # -- the network ----------------------------------------------------------------------------
    def graph(self, *, since: str | None = None, until: str | None = None, kind: str = "states",
              min_events: int = 1, dimension: str | None = None, actors: Iterable[str] | None = None,
              keep_neutral: bool = False) -> nx.Graph:
        """The signed network as a networkx Graph: what `entente network` exports, before export.

        Node and edge attributes are documented in `entente.graph.network`; the graph goes
        straight into `entente.graph.balance_report(graph)` or networkx's own algorithms.

            >>> g = store.graph(since="2013")
            >>> sorted(g.neighbors("ISR"))
        """
        from .graph.network import network

        return network(self.con, since=since, until=until, kind=kind, min_events=min_events, dimension=dimension,
                       actors=[_code(a) or "" for a in actors] if actors else None, keep_neutral=keep_neutral)

    @overload
    def network(self, *, since: str | None = ..., until: str | None = ..., kind: str = ...,
                min_events: int = ..., dimension: str | None = ..., actors: Iterable[str] | None = ...,
                keep_neutral: bool = ..., arrow: Literal[False] = ...) -> pd.DataFrame: ...

    @overload
    def network(self, *, since: str | None = ..., until: str | None = ..., kind: str = ...,
                min_events: int = ..., dimension: str | None = ..., actors: Iterable[str] | None = ...,
                keep_neutral: bool = ..., arrow: Literal[True]) -> pa.Table: ...

    def network(self, *, since: str | None = None, until: str | None = None, kind: str = "states",
                min_events: int = 1, dimension: str | None = None, actors: Iterable[str] | None = None,
                keep_neutral: bool = False, arrow: bool = False) -> pd.DataFrame | pa.Table:
        """The edges of the signed network of a range, one row per pair: `entente network` as a table.

        `source` < `target` (codes) and their names; `sign` +1 friendly or -1 hostile (pairs that
        are neither are left out unless `keep_neutral`), `weight` the signed score in [-1, 1],
        `n_events` counted evidence units (at least `min_events`), `n_sources` distinct outlets,
        `confidence` in [0, 1), `dimensions` most frequent first. `kind="all"` keeps every actor,
        not only states; `actors` keeps the edges touching one of them.

            >>> edges = store.network(since="2013-01", until="2013-12")
            >>> edges[edges.sign < 0]
        """
        graph = self.graph(since=since, until=until, kind=kind, min_events=min_events, dimension=dimension,
                           actors=actors, keep_neutral=keep_neutral)
        return _frame(_edge_rows(graph), _edge_schema(), arrow)

    # -- quotes ---------------------------------------------------------------------------------
    @overload
    def quotes(self, *, speaker: str | None = ..., actor: str | None = ..., article: str | None = ...,
               text: str | None = ..., since: str | None = ..., until: str | None = ...,
               limit: int | None = ..., arrow: Literal[False] = ...) -> pd.DataFrame: ...

    @overload
    def quotes(self, *, speaker: str | None = ..., actor: str | None = ..., article: str | None = ...,
               text: str | None = ..., since: str | None = ..., until: str | None = ...,
               limit: int | None = ..., arrow: Literal[True]) -> pa.Table: ...

    def quotes(self, *, speaker: str | None = None, actor: str | None = None, article: str | None = None,
               text: str | None = None, since: str | None = None, until: str | None = None,
               limit: int | None = None, arrow: bool = False) -> pd.DataFrame | pa.Table:
        """The stored quotes matching every filter given, newest article first (all by default).

        `speaker` matches inside the speaker's words ("aliyev", any case), `actor` the speaker's
        actor code or country (ISR), `text` inside the quoted words, `since`/`until` the article's
        publication date, `article` an article id: the filters of `GET /api/quotes`.

        One row per quote: `speaker` as the text names them, with the actor, country, sector and
        name entente gave them; `cue` the verb that introduces the quote, `content` its words,
        `direct` whether they are in quotation marks, `spoken_to` the outlet the speaker told;
        `asserts` and `denies` list the ids of the events the quote claims or denies (rows of
        `events()`); `title`, `published`, `outlet` and `url` are the article's.

            >>> store.quotes(actor="AZE")[["speaker", "content"]]
        """
        from .api.queries import QuoteFilter, list_quotes

        _check_dates(since, until)
        f = QuoteFilter(speaker=speaker, actor=_code(actor), article=article, q=text, since=since, until=until)
        found = _paged(lambda page, offset: list_quotes(self.con, f, limit=page, offset=offset), limit)
        return _frame([_quote_row(q) for q in found], _quote_schema(), arrow)


# -- filters ----------------------------------------------------------------------------------------
def _code(value: str | None) -> str | None:
    return value.strip().upper() if value else None


def _pair(dyad: Dyad) -> tuple[str, str]:
    """("ISR", "AZE") from "ISR-AZE", "isr-aze" or ("ISR", "AZE")."""
    if isinstance(dyad, str):
        a, sep, b = dyad.strip().partition("-")
        parts = [a, b] if sep else []
    else:
        parts = list(dyad)
    codes = [_code(p) for p in parts if isinstance(p, str)]
    if len(parts) != 2 or len(codes) != 2 or not all(codes):
        raise ValueError(f"{dyad!r} is no dyad; give two actor codes as 'ISR-AZE' or ('ISR', 'AZE')")
    return codes[0] or "", codes[1] or ""


def _check_dates(*values: str | None) -> None:
    """A malformed date would silently match nothing (dates compare as text): refuse it instead."""
    for value in values:
        if value is not None and not _DATE.match(value):
            raise ValueError(f"{value!r} is no date; give YYYY, YYYY-MM or YYYY-MM-DD (e.g. '2013-09')")


def _paged(fetch: Callable[[int, int], tuple[int, list[dict[str, Any]]]], limit: int | None,
           keep: Callable[[dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
    """Every row `fetch(page, offset)` gives (at most `limit`), asked for a page at a time.

    `keep` drops rows the query layer cannot filter (an event's confidence); the next page starts
    after the dropped rows all the same, as `entente events` pages its export.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more (None: every row), not {limit!r}")
    rows: list[dict[str, Any]] = []
    offset = 0
    while limit is None or len(rows) < limit:
        want = PAGE if limit is None or keep is not None else min(PAGE, limit - len(rows))
        _total, page = fetch(want, offset)
        offset += len(page)
        rows += page if keep is None else [r for r in page if keep(r)]
        if len(page) < want:
            break
    return rows if limit is None else rows[:limit]


# -- rows -------------------------------------------------------------------------------------------
def _event_row(event: dict[str, Any]) -> dict[str, Any]:
    """An event as `list_events` shapes it (the API's dict), flattened to the frame's columns."""
    article = event.get("article") or {}
    row: dict[str, Any] = {
        "id": event["id"], "article_id": article.get("id"), "when": event.get("when"), "date": event.get("date"),
        "date_precision": event.get("date_precision"), "type": event.get("type"), "cameo": event.get("cameo"),
        "quad": event.get("quad"), "quad_label": event.get("quad_label"), "intensity": event.get("intensity"),
        "mode": event.get("mode"), "real": event.get("real"), "confidence": event.get("confidence"),
        "dimensions": list(event.get("dimensions") or []),
        "sentence": (event.get("sentence") or {}).get("text"), "title": article.get("title"),
        "published": article.get("published"), "outlet": article.get("source"), "url": article.get("url"),
        "near_duplicate_of": article.get("near_duplicate_of"), "extractor": event.get("extractor"),
    }
    for role in ("source", "target"):
        actors = event.get(role) or []
        row[f"{role}_actors"] = [a.get("actor") for a in actors]
        row[f"{role}_countries"] = [a.get("country") for a in actors]
        row[f"{role}_sectors"] = [a.get("sector") for a in actors]
    return row


def _by_count(counts: dict[Any, int]) -> list[str]:
    return [str(k) for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))]


def _dyad_row(r: Relation) -> dict[str, Any]:
    """A `Relation` as one row: its numbers as `Relation.as_dict` rounds them, counts as columns or lists."""
    from .graph.network import actor_name

    data = r.as_dict()
    row = {k: data[k] for k in ("a", "b", "window", "start", "end", "score", "sign", "weight", "n_events",
                                "n_excluded", "n_sources", "n_articles", "confidence")}
    row.update(a_name=actor_name(r.a), b_name=actor_name(r.b), types=_by_count(r.types),
               dimensions=_by_count(r.dimensions), modes=_by_count(r.modes))
    for quad in (1, 2, 3, 4):
        row[f"quad_{quad}"] = int(r.quads.get(quad, 0))
    return row


def _edge_rows(graph: nx.Graph) -> list[dict[str, Any]]:
    """The graph's edges, `source` < `target`, in order; attributes as `entente.graph.network` sets them."""
    rows = []
    for u, v, d in graph.edges(data=True):
        source, target = sorted((u, v))
        rows.append({"source": source, "target": target, "source_name": graph.nodes[source].get("name"),
                     "target_name": graph.nodes[target].get("name"), "sign": int(d["sign"]),
                     "weight": float(d["weight"]), "n_events": int(d["n_events"]), "n_sources": int(d["n_sources"]),
                     "confidence": float(d.get("confidence", 0.0)), "dimensions": list(d.get("dimensions") or [])})
    return sorted(rows, key=lambda r: (r["source"], r["target"]))


def _quote_row(quote: dict[str, Any]) -> dict[str, Any]:
    """A quote as `list_quotes` shapes it (the API's dict), flattened to the frame's columns."""
    article = quote.get("article") or {}
    speaker = quote.get("speaker") or {}
    claims = quote.get("claims") or []
    return {
        "id": quote["id"], "article_id": article.get("id"), "speaker": speaker.get("text"),
        "speaker_actor": speaker.get("actor"), "speaker_country": speaker.get("country"),
        "speaker_sector": speaker.get("sector"), "speaker_name": speaker.get("name"),
        "cue": (quote.get("cue") or {}).get("text"), "content": (quote.get("content") or {}).get("text"),
        "direct": quote.get("direct"), "spoken_to": quote.get("outlet"),
        "asserts": [c["event_id"] for c in claims if c.get("relation") == "asserts"],
        "denies": [c["event_id"] for c in claims if c.get("relation") == "denies"],
        "title": article.get("title"), "published": article.get("published"), "outlet": article.get("source"),
        "url": article.get("url"), "near_duplicate_of": article.get("near_duplicate_of"),
        "extractor": quote.get("extractor"),
    }


# -- frames -----------------------------------------------------------------------------------------
def _schema(columns: tuple[str, ...], types: dict[str, Any]) -> pa.Schema:
    """Every column a string unless `types` says otherwise: one schema, so an empty frame has its columns."""
    import pyarrow as pa

    return pa.schema([pa.field(name, types.get(name, pa.string())) for name in columns])


def _event_schema() -> pa.Schema:
    import pyarrow as pa

    strings = pa.list_(pa.string())
    return _schema(EVENT_COLUMNS, {"quad": pa.int8(), "intensity": pa.float64(), "real": pa.bool_(),
                                   "confidence": pa.float64(), **{c: strings for c in _list_columns(EVENT_COLUMNS)}})


def _dyad_schema() -> pa.Schema:
    import pyarrow as pa

    ints = {c: pa.int64() for c in ("sign", "n_events", "n_excluded", "n_sources", "n_articles", "quad_1",
                                    "quad_2", "quad_3", "quad_4")}
    return _schema(DYAD_COLUMNS, {**ints, "score": pa.float64(), "weight": pa.float64(), "confidence": pa.float64(),
                                  "types": pa.list_(pa.string()), "dimensions": pa.list_(pa.string()),
                                  "modes": pa.list_(pa.string())})


def _edge_schema() -> pa.Schema:
    import pyarrow as pa

    return _schema(EDGE_COLUMNS, {"sign": pa.int8(), "weight": pa.float64(), "n_events": pa.int64(),
                                  "n_sources": pa.int64(), "confidence": pa.float64(),
                                  "dimensions": pa.list_(pa.string())})


def _quote_schema() -> pa.Schema:
    import pyarrow as pa

    return _schema(QUOTE_COLUMNS, {"direct": pa.bool_(), "asserts": pa.list_(pa.string()),
                                   "denies": pa.list_(pa.string())})


def _list_columns(columns: tuple[str, ...]) -> list[str]:
    return [c for c in columns if c == "dimensions" or c.endswith(("_actors", "_countries", "_sectors"))]


def _frame(rows: list[dict[str, Any]], schema: pa.Schema, arrow: bool) -> pd.DataFrame | pa.Table:
    """The rows as a pyarrow Table of `schema`, or as a pandas DataFrame whose list cells are Python lists."""
    import pyarrow as pa

    table = pa.Table.from_pylist(rows, schema=schema)
    if arrow:
        return table
    frame = table.to_pandas()
    for field in schema:
        if pa.types.is_list(field.type):  # Arrow hands lists over as numpy arrays; lists print and compare plainly
            frame[field.name] = [list(v) if v is not None else [] for v in frame[field.name]]
    return frame


__all__ = ["DYAD_COLUMNS", "EDGE_COLUMNS", "EVENT_COLUMNS", "QUOTE_COLUMNS", "EntenteStore", "open"]
