"""`entente events --format plover|gdelt|csv|parquet` over a store the real pipeline filled from the seed article.

Each export is checked against what it claims to be: PLOVER records against the shipped JSON Schema,
GDELT rows against GDELT's own column list and Goldstein table (read from the shared reference files,
not from the copies the package ships), and every format against the event ids of `--format jsonl`.
"""
from __future__ import annotations

import csv
import io
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import pandas as pd
import pytest
from click.testing import CliRunner

from entente.cli import cli
from entente.export.gdelt import actor_columns, date_columns, global_event_id

from ..conftest import shared_file
from . import ingest_seed

pytestmark = pytest.mark.model

SCHEMA = json.loads((resources.files("entente") / "schema" / "plover_event.v1.schema.json").read_text(
    encoding="utf-8"))
CAMEO_ROOTS = {f"{n:02d}" for n in range(1, 21)}


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_seed(tmp_path_factory.mktemp("events") / "seed.duckdb")


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["events", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def jsonl(db: Path, *args: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in run(db, "--format", "jsonl", *args).splitlines()]


def gdelt_frame(db: Path, *args: str) -> pd.DataFrame:
    text = run(db, "--format", "gdelt", *args)
    return pd.read_csv(io.StringIO(text), sep="\t", dtype=str, keep_default_na=False)


# ------------------------------------------------------------------------------------------------ PLOVER
def test_plover_records_of_the_dyad_validate_against_the_shipped_schema(seed_db: Path) -> None:
    records = [json.loads(line) for line in run(seed_db, "--dyad", "ISR-AZE", "--format", "plover").splitlines()]
    assert records, "the seed article has events between Israel and Azerbaijan"
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for record in records:
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{record['id']}: {[e.message for e in errors]}"
        codes = {a["code"] for a in record["actor"]} | {a["code"] for a in record["recipient"]}
        assert codes <= {"ISR", "AZE"}, codes
    assert {r["id"] for r in records} == {e["id"] for e in jsonl(seed_db, "--dyad", "ISR-AZE")}


def test_every_plover_record_of_the_store_validates_and_keeps_the_event(seed_db: Path) -> None:
    events = {e["id"]: e for e in jsonl(seed_db)}
    records = [json.loads(line) for line in run(seed_db, "--format", "plover").splitlines()]
    assert len(records) == len(events) > 0
    for record in records:
        jsonschema.validate(record, SCHEMA, cls=jsonschema.Draft202012Validator)
        event = events[record["id"]]
        assert record["event_type"] == event["type"] and record["event"] == [event["type"]]
        assert record["entente_mode"] == event["mode"]
        assert record["text"] == event["sentence"]["text"]
        assert record["story_id"] == event["article"]["id"] and record["story_date"] == event["article"]["published"]
        assert [a["identifier_id"] for a in record["actor"]] == [a["actor"] for a in event["source"]]
        if record["event_text"] is not None:
            assert record["event_text"] in record["text"]


def test_a_record_with_an_unknown_field_or_a_bad_quad_fails_the_schema(seed_db: Path) -> None:
    """The schema can fail: it is no `{}` that accepts anything."""
    record = json.loads(run(seed_db, "--format", "plover", "--limit", "1"))
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert validator.is_valid(record)
    assert not validator.is_valid({**record, "tone": 1.0})
    assert not validator.is_valid({**record, "quad_code": 5})
    assert not validator.is_valid({k: v for k, v in record.items() if k != "event_type"})


# ------------------------------------------------------------------------------------------------- GDELT
def _gdelt_reference_columns() -> list[str]:
    path = shared_file("data", "ontology", "gdelt", "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["tableId"] for row in csv.DictReader(handle)]


def _reference_goldstein(code: str) -> float:
    path = shared_file("data", "ontology", "gdelt", "CAMEO.goldsteinscale.txt")
    table = dict(line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip())
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return float(table[code[:length]])
    raise AssertionError(f"no Goldstein score for CAMEO {code}")


def test_gdelt_export_has_gdelt_columns_codes_and_goldstein_scores(seed_db: Path) -> None:
    frame = gdelt_frame(seed_db)
    reference = _gdelt_reference_columns()
    assert len(reference) == 61
    assert list(frame.columns) == reference
    assert len(frame) > 0
    assert set(frame["EventRootCode"]) <= CAMEO_ROOTS
    assert all(code.startswith(base) and base.startswith(root) for code, base, root in
               zip(frame["EventCode"], frame["EventBaseCode"], frame["EventRootCode"], strict=True))
    assert set(frame["QuadClass"].astype(int)) <= {1, 2, 3, 4}
    for code, score in zip(frame["EventCode"], frame["GoldsteinScale"], strict=True):
        assert float(score) == _reference_goldstein(code), code
    for column in ("Actor1CountryCode", "Actor2CountryCode"):
        filled = [c for c in frame[column] if c]
        assert filled and all(re.fullmatch(r"[A-Z]{3}", c) for c in filled), (column, filled)
    assert all(re.fullmatch(r"\d{8}", d) for d in frame["SQLDATE"])
    assert all(re.fullmatch(r"\d{14}", d) for d in frame["DATEADDED"])
    assert (frame[["NumMentions", "NumSources", "NumArticles"]] == "1").all().all()
    assert (frame["AvgTone"] == "").all() and (frame["ActionGeo_Lat"] == "").all()


def test_gdelt_rows_are_the_events_actor_pairs_with_stable_ids(seed_db: Path) -> None:
    events = jsonl(seed_db)
    frame = gdelt_frame(seed_db)
    pairs = sum(max(len(e["source"]), 1) * max(len(e["target"]), 1) for e in events)
    assert len(frame) == pairs
    assert frame["GLOBALEVENTID"].is_unique
    ids = set(frame["GLOBALEVENTID"].astype("int64"))
    assert {int(e["id"][:15], 16) for e in events} <= ids
    for event in events:
        row = frame[frame["GLOBALEVENTID"] == str(global_event_id(event["id"]))].iloc[0]
        assert row["EventCode"] == event["cameo"] and row["QuadClass"] == str(event["quad"])
        assert row["SQLDATE"][:4] == event["when"][:4]
        source = event["source"][0] if event["source"] else None
        if source and len(source["country"] or "") == 3:
            assert row["Actor1CountryCode"] == source["country"]
            assert row["Actor1Code"] == source["country"] + (source["sector"] or "")
            assert row["Actor1Name"] == source["name"].upper()
    assert gdelt_frame(seed_db)["GLOBALEVENTID"].tolist() == frame["GLOBALEVENTID"].tolist()


def test_gdelt_root_events_are_the_headline_and_first_paragraph_ones(seed_db: Path) -> None:
    frame = gdelt_frame(seed_db)
    con = duckdb.connect(str(seed_db), read_only=True)
    try:
        leads = {global_event_id(i): bool(lead) for i, lead in con.execute(
            """SELECT e.id, e.field <> 'text' OR e.sentence_start < strpos(a.text, chr(10)) - 1
               FROM events e JOIN articles a ON a.id = e.article_id""").fetchall()}
    finally:
        con.close()
    assert any(leads.values()), "the seed's headline holds an event"
    for event_id, root in zip(frame["GLOBALEVENTID"].astype("int64"), frame["IsRootEvent"], strict=True):
        if event_id in leads:
            assert root == ("1" if leads[event_id] else "0")


def test_gdelt_codes_of_an_organisation_and_of_a_partial_date() -> None:
    """An IGO gets CAMEO's code and known group, not a country; a year alone is placed on 1 January."""
    eu = actor_columns({"actor": "EU", "country": "EU", "sector": None, "name": "European Union"})
    assert eu == {"Code": "IGOEUREEC", "Name": "EUROPEAN UNION", "CountryCode": "", "KnownGroupCode": "EEC",
                  "Type1Code": ""}
    aliyev = actor_columns({"actor": "AZE.ILHAM_ALIYEV", "country": "AZE", "sector": "GOV", "name": "Ilham Aliyev"})
    assert aliyev["Code"] == "AZEGOV" and aliyev["CountryCode"] == "AZE" and aliyev["Type1Code"] == "GOV"
    assert actor_columns({"actor": "X.SOMEONE", "country": None, "sector": "JRN", "name": "x"})["Code"] == "MED"
    assert date_columns("2012") == {"SQLDATE": "20120101", "MonthYear": "201201", "Year": "2012",
                                    "FractionDate": "2012.0849"}
    assert date_columns("2013-09-17")["FractionDate"] == f"{2013 + (9 * 30 + 17) / 365:.4f}"
    assert date_columns(None)["SQLDATE"] == ""


# ---------------------------------------------------------------------------------- jsonl, csv, parquet
def test_csv_and_parquet_hold_the_same_events_as_jsonl(seed_db: Path, tmp_path: Path) -> None:
    events = jsonl(seed_db)
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)) > 0
    rows = list(csv.DictReader(io.StringIO(run(seed_db, "--format", "csv"))))
    assert [r["id"] for r in rows] == ids
    assert [r["sentence"] for r in rows] == [e["sentence"]["text"] for e in events]
    assert [r["source_actors"] for r in rows] == [";".join(a["actor"] for a in e["source"]) for e in events]
    parquet = tmp_path / "events.parquet"
    result = CliRunner().invoke(cli, ["events", "--db", str(seed_db), "--output", str(parquet)])
    assert result.exit_code == 0, result.output
    assert f"wrote {len(ids)} events" in result.stderr
    frame = pd.read_parquet(parquet)
    assert frame["id"].tolist() == ids
    assert frame["confidence"].tolist() == pytest.approx([e["confidence"] for e in events])
    assert frame["quad"].tolist() == [e["quad"] for e in events]
    import pyarrow.parquet as pq

    assert pq.read_table(parquet).column("type").to_pylist() == [e["type"] for e in events]


def test_an_export_to_a_file_writes_what_standard_output_shows(seed_db: Path, tmp_path: Path) -> None:
    for fmt, name in (("jsonl", "e.jsonl"), ("csv", "e.csv"), ("plover", "e.plover.jsonl"), ("gdelt", "e.tsv")):
        target = tmp_path / name
        result = CliRunner().invoke(cli, ["events", "--db", str(seed_db), "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert target.read_text(encoding="utf-8") == run(seed_db, "--format", fmt), fmt


def test_an_empty_result_still_gives_a_loadable_file(seed_db: Path, tmp_path: Path) -> None:
    nothing = ("--actor", "NOBODY")
    assert run(seed_db, *nothing) == ""
    assert list(gdelt_frame(seed_db, *nothing).columns) == _gdelt_reference_columns()
    assert run(seed_db, "--format", "csv", *nothing).startswith("id,article_id,")
    parquet = tmp_path / "none.parquet"
    assert CliRunner().invoke(cli, ["events", "--db", str(seed_db), "-o", str(parquet), *nothing]).exit_code == 0
    assert len(pd.read_parquet(parquet)) == 0
