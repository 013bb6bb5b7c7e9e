"""The orchestrator: extraction stored with its article, parallel workers, re-coding."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from entente import pipeline
from entente.nlp import extractor_signature
from entente.records import Rejected
from entente.store import Store

from .conftest import shared_file


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wikinews = shared_file("data", "news", "wikinews", "wikinews_en.jsonl")
    path = tmp_path_factory.mktemp("corpus") / "wikinews_12.jsonl"
    path.write_text("\n".join(wikinews.read_text(encoding="utf-8").splitlines()[:12]), encoding="utf-8")
    return path


def _extraction_rows(store: Store) -> dict[str, set[tuple[object, ...]]]:
    return {
        "mentions": set(store.con.execute('SELECT article_id, start, "end", actor FROM mentions').fetchall()),
        "events": set(store.con.execute("SELECT id, type, mode FROM events").fetchall()),
        "quotes": set(store.con.execute("SELECT id, speaker_actor FROM quotes").fetchall()),
    }


@pytest.mark.model
@pytest.mark.slow
def test_pipeline_two_workers_store_what_one_stores(small_corpus: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "one.duckdb") as one, Store(tmp_path / "two.duckdb") as two:
        first = pipeline.ingest([str(small_corpus)], one, workers=1, batch_size=5)
        second = pipeline.ingest([str(small_corpus)], two, workers=2, batch_size=5)
        assert first.stored == second.stored == 12
        assert _extraction_rows(one) == _extraction_rows(two)
        runs = one.con.execute("SELECT DISTINCT extractors FROM extraction_runs").fetchall()
        assert runs == [(extractor_signature(),)]


@pytest.mark.model
def test_pipeline_recode_replaces_only_stale_extractions(small_corpus: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        pipeline.ingest([str(small_corpus)], store, workers=1)
        before = _extraction_rows(store)
        assert pipeline.recode(store).articles == 0  # everything is current
        # pretend four articles were coded by an older extractor version
        stale = [row[0] for row in store.con.execute("SELECT id FROM articles ORDER BY id LIMIT 4").fetchall()]
        store.con.execute("UPDATE extraction_runs SET extractors = 'entente.events/0.0.1' "
                          "WHERE article_id IN (SELECT unnest(?))", [stale])
        assert sorted(store.stale_articles(extractor_signature())) == sorted(stale)
        summary = pipeline.recode(store)
        assert summary.articles == 4
        assert _extraction_rows(store) == before
        assert store.stale_articles(extractor_signature()) == []
        assert pipeline.recode(store, everything=True).articles == 12
        assert _extraction_rows(store) == before


# ------------------------------------------------------------------ no input loses another
@pytest.fixture()
def marked_corpus(small_corpus: Path, tmp_path: Path) -> Path:
    """The 12 Wikinews articles, the fifth of which makes an extractor raise."""
    lines = small_corpus.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[4])
    record["text"] += "\n\nEXPLODE"
    lines[4] = json.dumps(record)
    path = tmp_path / "marked.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _failed_rejects(store: Store) -> list[tuple[str, str]]:
    return store.con.execute("SELECT reason, detail FROM rejects").fetchall()


@pytest.mark.model
@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_pipeline_an_extractor_failure_is_a_reject_and_the_batch_goes_on(
        marked_corpus: Path, tmp_path: Path, explode_on_marker: None, workers: int) -> None:
    # forked spaCy workers inherit the patched extractor
    with Store(tmp_path / "s.duckdb") as store:
        summary = pipeline.ingest([str(marked_corpus)], store, workers=workers, batch_size=5)
        assert (summary.stored, summary.rejected) == (11, 1)
        assert _failed_rejects(store) == [("extraction_failed",
                                           "ValueError in entente_quotes: boom on a marked article")]
        assert store.con.execute("SELECT count(DISTINCT article_id) FROM extraction_runs").fetchone() == (11,)


@pytest.mark.model
def test_api_store_items_turns_an_extractor_failure_into_a_reject(
        marked_corpus: Path, tmp_path: Path, explode_on_marker: None) -> None:
    from entente.api.service import store_items
    from entente.ingest import IngestOptions, iter_articles

    items = list(iter_articles([str(marked_corpus)], IngestOptions()))
    with Store(tmp_path / "s.duckdb") as store:
        summary = store_items(store, items, extract=True, batch_size=5)
        assert (summary.stored, summary.rejected) == (11, 1)
        assert [r for r, _ in _failed_rejects(store)] == ["extraction_failed"]


@pytest.mark.model
def test_dask_unit_turns_an_extractor_failure_into_a_reject(
        marked_corpus: Path, tmp_path: Path, explode_on_marker: None) -> None:
    from entente.distributed import plan_units, run_unit
    from entente.ingest import IngestOptions
    from entente.store.parquet import open_dataset

    dataset = tmp_path / "dataset"
    counts = [run_unit(unit, str(dataset), IngestOptions()) for unit in plan_units([str(marked_corpus)])]
    assert sum(c["articles"] for c in counts) == 11
    assert sum(c["rejected"] for c in counts) == 1
    with open_dataset(dataset) as reader:
        assert reader.con.execute("SELECT reason FROM rejects").fetchall() == [("extraction_failed",)]


@pytest.mark.model
def test_read_streams_in_batches_and_keeps_the_input_order_with_its_rejections(
        marked_corpus: Path, tmp_path: Path, explode_on_marker: None) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    last = tmp_path / "last.txt"
    last.write_text("Azerbaijan and Israel signed an arms deal in Baku on Tuesday, officials of both governments "
                    "told reporters in the Azerbaijani capital after the talks.\n", encoding="utf-8")
    out = list(pipeline.read([str(marked_corpus), str(empty), str(last)]))
    kinds = ["reject" if isinstance(item, Rejected) else "article" for item in out]
    assert kinds == ["article"] * 4 + ["reject"] + ["article"] * 7 + ["reject", "article"]
    assert out[4].reason.value == "extraction_failed"  # the fifth article, where it came
    assert out[12].reason.value == "empty"
    expected = [json.loads(line)["title"] for line in marked_corpus.read_text(encoding="utf-8").splitlines()]
    titles = [item["title"] for item in out[:12] if not isinstance(item, Rejected)]
    assert titles == expected[:4] + expected[5:]
    assert out[13]["text"].startswith("Azerbaijan and Israel signed")
    assert any(e["type"] for e in out[13]["events"])  # the batch after a failure is still extracted
