"""`entente.open`: a store as data frames, read through the API's query layer (`entente.frames`).

A store filled by the real pipeline from the seed article (Israel and Azerbaijan's ties, Iran's
objections): the frames must hold what `entente.api.queries` and `entente network` give for the
same filters, as DataFrames or as Arrow tables, from a DuckDB file or a Parquet dataset.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from click.testing import CliRunner

import entente
from entente.api.queries import EventFilter, QuoteFilter, list_events, list_quotes
from entente.cli import cli
from entente.errors import StoreError
from entente.frames import EDGE_COLUMNS, EVENT_COLUMNS, QUOTE_COLUMNS, EntenteStore
from entente.store import Store

from .conftest import shared_file
from .export import ingest_seed

pytestmark = pytest.mark.model

HEAVY = ("duckdb", "spacy", "pandas", "pyarrow", "networkx", "entente.store", "entente.frames", "entente.graph")


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_seed(tmp_path_factory.mktemp("frames") / "seed.duckdb")


@pytest.fixture(scope="module")
def store(seed_db: Path) -> Iterator[EntenteStore]:
    with entente.open(seed_db) as opened:
        yield opened


def _ids(events: list[dict[str, object]]) -> list[object]:
    return [e["id"] for e in events]


def _between(row: pd.Series, a: str, b: str) -> bool:
    """The event's source is A's and its target B's (or the other way round), by actor or country."""
    sources = set(row.source_actors) | set(row.source_countries)
    targets = set(row.target_actors) | set(row.target_countries)
    return (a in sources and b in targets) or (b in sources and a in targets)


# ------------------------------------------------------------------------------------------------ events
def test_dyad_events_are_the_query_layers_and_lie_between_the_two(store: EntenteStore) -> None:
    frame = store.events(dyad="ISR-AZE")
    expected = list_events(store.con, EventFilter(a="ISR", b="AZE"), limit=10_000)[1]
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert list(frame.id) == _ids(expected)
    assert list(frame.columns) == list(EVENT_COLUMNS)
    assert all(_between(row, "ISR", "AZE") for row in frame.itertuples())
    assert {tuple(sorted((r.source_countries[0], r.target_countries[0]))) for r in frame.itertuples()} == {
        ("AZE", "ISR")}
    assert isinstance(frame.source_actors.iloc[0], list)  # plain lists, not numpy arrays
    assert frame.sentence.str.len().min() > 0 and (frame.article_id == frame.article_id.iloc[0]).all()


def test_a_dyad_is_a_string_or_a_pair_in_either_order_and_any_case(store: EntenteStore) -> None:
    ids = set(store.events(dyad="ISR-AZE").id)
    assert set(store.events(dyad=("AZE", "ISR")).id) == ids
    assert set(store.events(dyad="isr-aze").id) == ids


def test_every_event_is_listed_when_no_filter_is_given(store: EntenteStore) -> None:
    total, first_page = list_events(store.con, EventFilter(), limit=10_000)
    assert list(store.events().id) == _ids(first_page) and len(first_page) == total


def test_filters_narrow_the_events(store: EntenteStore) -> None:
    every = store.events()
    dyad = store.events(dyad="ISR-AZE")
    support = store.events(dyad="ISR-AZE", type="support")
    assert 0 < len(support) < len(dyad) < len(every)
    assert set(support.id) <= set(dyad.id) and set(support.type) == {"SUPPORT"}

    iran = store.events(actor="IRN")
    assert 0 < len(iran) < len(every)
    assert all("IRN" in r.source_countries + r.target_countries for r in iran.itertuples())

    confident = store.events(min_confidence=0.2)
    assert 0 < len(confident) < len(every) and (confident.confidence >= 0.2).all()
    assert set(store.events(quad=1).quad) == {1}
    assert len(store.events(limit=3)) == 3 and list(store.events(limit=3).id) == list(every.id[:3])
    assert list(store.events(min_confidence=0.2, limit=2).id) == list(confident.id[:2])


def test_no_match_is_an_empty_frame_with_every_column(store: EntenteStore) -> None:
    empty = store.events(dyad="ISR-AZE", since="2999")
    assert empty.empty and list(empty.columns) == list(EVENT_COLUMNS)
    table = store.events(since="2999", arrow=True)
    assert table.num_rows == 0 and table.schema.field("source_actors").type == pa.list_(pa.string())


def test_arrow_gives_a_table_with_the_same_rows(store: EntenteStore) -> None:
    table = store.events(dyad="ISR-AZE", arrow=True)
    assert isinstance(table, pa.Table)
    assert table.column("id").to_pylist() == list(store.events(dyad="ISR-AZE").id)
    assert table.schema.field("quad").type == pa.int8() and table.schema.field("confidence").type == pa.float64()
    assert table.to_pandas().shape == store.events(dyad="ISR-AZE").shape
    for method in (store.network, store.dyads, store.quotes):
        assert isinstance(method(arrow=True), pa.Table)


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"dyad": "ISR"}, "no dyad"),
    ({"dyad": ("ISR", "AZE", "IRN")}, "no dyad"),
    ({"since": "last year"}, "no date"),
    ({"quad": 5}, "quad must be"),
    ({"min_confidence": 2.0}, "min_confidence"),
    ({"limit": -1}, "limit must be"),
])
def test_a_malformed_filter_says_what_to_give(store: EntenteStore, kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        store.events(**kwargs)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------- network and dyads
def test_network_holds_what_entente_network_exports(store: EntenteStore, seed_db: Path) -> None:
    edges = store.network()
    assert list(edges.columns) == list(EDGE_COLUMNS)
    result = CliRunner().invoke(cli, ["network", "--db", str(seed_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    links = json.loads(result.stdout)["links"]
    exported = {tuple(sorted((e["source"], e["target"]))): (e["sign"], e["weight"], e["n_events"]) for e in links}
    assert {(r.source, r.target): (r.sign, r.weight, r.n_events) for r in edges.itertuples()} == exported


def test_the_seed_network_has_israel_and_azerbaijan_friendly_and_iran_hostile(store: EntenteStore) -> None:
    edges = store.network().set_index(["source", "target"])
    isr_aze = edges.loc[("AZE", "ISR")]
    assert isr_aze.sign == 1 and isr_aze.weight > 0 and isr_aze.n_events == 4
    assert isr_aze.source_name == "Azerbaijan" and isr_aze.target_name == "Israel"
    assert edges.loc[("AZE", "IRN")].sign == -1 and edges.loc[("IRN", "ISR")].sign == -1
    iran = store.network(actors=["IRN"])
    assert set(iran.source) | set(iran.target) == {"AZE", "IRN", "ISR"} and (iran.sign == -1).all()


def test_dyads_agree_with_the_network_and_give_a_pairs_series(store: EntenteStore) -> None:
    dyads = store.dyads().set_index(["a", "b"])
    edges = store.network().set_index(["source", "target"])
    for pair, edge in edges.iterrows():
        assert dyads.loc[pair].sign == edge.sign and dyads.loc[pair].n_events == edge.n_events
    aze_isr = dyads.loc[("AZE", "ISR")]
    assert aze_isr.quad_1 + aze_isr.quad_2 + aze_isr.quad_3 + aze_isr.quad_4 > 0 and "SUPPORT" in aze_isr.types
    series = store.dyads(dyad="ISR-AZE", window="month")
    assert len(series) >= 1 and set(zip(series.a, series.b)) == {("AZE", "ISR")}
    assert series.window.notna().all()
    assert set(store.dyads(actor="IRN").a) | set(store.dyads(actor="IRN").b) >= {"IRN"}


# ------------------------------------------------------------------------------------------------ quotes
def test_quotes_are_the_query_layers_with_their_claims(store: EntenteStore) -> None:
    quotes = store.quotes()
    total, expected = list_quotes(store.con, QuoteFilter(), limit=10_000)
    assert list(quotes.columns) == list(QUOTE_COLUMNS)
    assert list(quotes.id) == [q["id"] for q in expected] and len(quotes) == total > 0
    claimed = {i for ids in quotes.asserts for i in ids} | {i for ids in quotes.denies for i in ids}
    assert claimed and claimed <= set(store.events().id)
    harpaz = store.quotes(speaker="harpaz")
    assert 0 < len(harpaz) < len(quotes) and harpaz.speaker.str.contains("Harpaz").all()
    assert len(store.quotes(limit=2)) == 2


# ----------------------------------------------------------------------------------------------- opening
def test_a_parquet_dataset_opens_as_the_store_does(store: EntenteStore, tmp_path: Path) -> None:
    """The dataset a Dask ingest writes (one unit, run here as a Dask worker would run it)."""
    from entente.distributed import plan_units, run_unit
    from entente.ingest import IngestOptions

    seed = shared_file("seed", "000_5add44aad795eaac.txt")
    for unit in plan_units([str(seed)]):
        run_unit(unit, str(tmp_path / "dataset"), IngestOptions())
    with entente.open(tmp_path / "dataset") as dataset:
        assert sorted(dataset.events(dyad="ISR-AZE").id) == sorted(store.events(dyad="ISR-AZE").id)
        assert dataset.network().equals(store.network())
        assert sorted(dataset.quotes().id) == sorted(store.quotes().id)


def test_opening_what_is_no_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="entente ingest"):
        entente.open(tmp_path / "missing.duckdb")
    with pytest.raises(StoreError, match="no Parquet dataset"):
        entente.open(tmp_path)


def test_a_store_open_for_writing_in_this_process_is_named(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with Store(db), pytest.raises(StoreError, match="close it first"):
        entente.open(db)
    with entente.open(db) as opened:  # closed: it opens
        assert opened.events().empty


@pytest.mark.slow
def test_a_store_another_process_writes_to_names_that_process(tmp_path: Path) -> None:
    db = tmp_path / "busy.duckdb"
    with Store(db):
        pass
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time, duckdb
        con = duckdb.connect({str(db)!r})
        print("open", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match=f"process {holder.pid}"):
            entente.open(db)
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_import_entente_stays_light_and_open_loads_on_first_use() -> None:
    script = (f"import json, sys, entente\nbefore = [m for m in {HEAVY!r} if m in sys.modules]\n"
              "opener = entente.open\n"
              "print(json.dumps([before, opener.__module__, 'open' in entente.__all__]))")
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [[], "entente.frames", False]
