"""The orchestrator: extraction stored with its article, parallel workers, re-coding."""
from __future__ import annotations

from pathlib import Path

import pytest

from entente import pipeline
from entente.nlp import extractor_signature
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
