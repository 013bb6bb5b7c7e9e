"""The gold readers and the `entente eval events` command."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from entente.cli.eval import eval_group
from entente.events.evaluate import (
    fingerprint,
    gate_subset,
    read_conflibert_class,
    read_conflibert_ner,
    read_gold,
    read_petr2,
    read_plover_gold,
    split_of,
)
from entente.events.lexicon import PLOVER_TYPES

from .conftest import SHARED

EVENTS = SHARED / "data" / "events"


def _need(path):  # type: ignore[no-untyped-def]
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def test_plover_reader_maps_old_names_to_plover_2() -> None:
    items = list(read_plover_gold(_need(EVENTS / "plover_gold.json")))
    assert len(items) == 220
    assert {it.plover for it in items} <= set(PLOVER_TYPES)
    assert any(it.source == ["HUN", "ROU"] for it in items)


def test_petr2_reader_is_tolerant() -> None:
    items = list(read_petr2(_need(EVENTS / "petr2_gold_validation.xml")))
    assert len(items) > 70
    coded = [it for it in items if it.cameo]
    assert coded and all(it.penta is not None and it.source for it in coded)
    assert any(it.no_event for it in items)


def test_conflibert_readers() -> None:
    classes = list(read_conflibert_class(_need(EVENTS / "conflibert" / "cameo_class_train.tsv")))
    assert len(classes) == 1349 and {it.penta for it in classes} == {0, 1, 2, 3, 4}
    ner = list(read_conflibert_ner(_need(EVENTS / "conflibert" / "cameo_ner_train.txt")))
    assert len(ner) > 1100
    first = ner[0]
    assert first.text.startswith("In September, a car bomb in Kiev killed")
    assert first.source_spans == ["a car bomb"] and first.target_spans == ["another ethnic Chechen"]


def test_split_and_fingerprint_are_fixed() -> None:
    items = read_gold(_need(EVENTS / "plover_gold.json"))
    dev = gate_subset(items)
    assert {split_of(it) for it in dev} == {"dev"} and 0.7 < len(dev) / len(items) < 0.9
    assert fingerprint(dev) == fingerprint(gate_subset(read_gold(EVENTS / "plover_gold.json")))


@pytest.mark.model
def test_cli_eval_events_prints_json() -> None:
    result = CliRunner().invoke(eval_group, ["events", str(_need(EVENTS / "petr2_gold_validation.xml")),
                                             "--limit", "12", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["sentences"] == 12 and "type" in report and "source" in report and "misses" in report
