"""Scale-out: a Dask LocalCluster of several worker processes gives what one process gives."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from entente import pipeline
from entente.distributed import ingest_dask, plan_units
from entente.store import Store
from entente.store.parquet import import_dataset, open_dataset

from .conftest import shared_file

TABLE_KEYS = {
    "articles": "SELECT id FROM articles",
    "events": "SELECT id, type, mode, date FROM events",
    "event_actors": "SELECT event_id, role, actor FROM event_actors",
    "mentions": "SELECT article_id, start, \"end\", actor FROM mentions",
    "quotes": "SELECT id, content_start, content_end, speaker_actor FROM quotes",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty Reuters stories of 1996 and the seed article: several units, real events."""
    reuters = shared_file("data", "news", "reuters_1996_conll2003_docs.jsonl")
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "reuters.jsonl").write_text("\n".join(reuters.read_text(encoding="utf-8").splitlines()[:40]) + "\n",
                                          encoding="utf-8")
    seed = shared_file("seed", "000_5add44aad795eaac.txt")
    (folder / "seed.txt").write_bytes(seed.read_bytes())
    return folder


def _rows(store: Store) -> dict[str, set[tuple[object, ...]]]:
    return {name: set(store.con.execute(sql).fetchall()) for name, sql in TABLE_KEYS.items()}


def test_distributed_plan_cuts_jsonl_at_line_ends(corpus: Path) -> None:
    units = plan_units([str(corpus)], unit_bytes=8 * 1024)
    ranges = [u for u in units if u.kind == "jsonl-range"]
    assert len(ranges) > 3
    data = (corpus / "reuters.jsonl").read_bytes()
    assert ranges[0].start == 0 and ranges[-1].end == len(data)
    for before, after in zip(ranges, ranges[1:]):
        assert before.end == after.start and data[before.end - 1:before.end] == b"\n"
        assert after.first_line == data[:after.start].count(b"\n") + 1
    assert [u.kind for u in units].count("files") == 1


@pytest.mark.slow
@pytest.mark.model
def test_distributed_dask_local_cluster_matches_one_process(corpus: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "one.duckdb") as single:
        pipeline.ingest([str(corpus)], single, workers=1)
        expected = _rows(single)
        assert expected["articles"] and single.count("rejects") >= 0

    dataset = tmp_path / "dataset"
    summary = ingest_dask([str(corpus)], dataset, scheduler="local", workers=2, unit_bytes=16 * 1024)
    assert summary.workers == 2 and summary.units > 2 and summary.skipped_units == 0
    assert any((dataset / "articles").glob("month=1996-*/*.parquet"))

    with open_dataset(dataset) as direct:  # analysis straight on Parquet through DuckDB
        assert _rows(direct) == expected
    with Store(tmp_path / "imported.duckdb") as imported:
        counts = import_dataset(dataset, imported)
        assert counts["stored"] == len(expected["articles"])
        assert _rows(imported) == expected
        again = import_dataset(dataset, imported)
        assert again["stored"] == 0 and _rows(imported) == expected

    rerun = ingest_dask([str(corpus)], dataset, scheduler="local", workers=2, unit_bytes=16 * 1024)
    assert rerun.skipped_units == rerun.units  # finished units are not redone
    json.dumps(rerun.as_dict())
