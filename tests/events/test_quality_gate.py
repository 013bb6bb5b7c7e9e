"""The quality gate: the event extractor's scores on fixed dev subsets of the gold files must not fall
below the floors pinned in `eval_floors.json` (see the note there; floors are raised, never lowered).

Each subset is the file's 'dev' split (four sentences in five, by hash) taken every N-th item; its
fingerprint (SHA-256 of the sentences) is pinned too, so a floor always refers to the same sentences.
The whole gate runs in well under two minutes on two cores.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from entente.events.evaluate import evaluate_items, fingerprint, gate_subset, read_gold

from .conftest import SHARED, actor_stage

pytestmark = [pytest.mark.model, pytest.mark.slow]

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8"))


def _metric(report: dict[str, Any], name: str) -> float | None:
    section, key = name.split(".", 1)
    value = report.get(section, {}).get(key)
    return float(value) if value is not None else None


@pytest.mark.parametrize("name", sorted(FLOORS["subsets"]))
def test_quality_gate(events_nlp: Language, name: str) -> None:
    spec = FLOORS["subsets"][name]
    path = SHARED / spec["file"]
    if not path.exists():
        pytest.skip(f"{path} is not available")
    items = gate_subset(read_gold(path), every=spec["every"])
    assert len(items) == spec["n"], "the gold file or the split changed: re-measure and re-pin the floors"
    assert fingerprint(items) == spec["fingerprint"], "the subset's sentences changed: re-measure and re-pin"
    report = evaluate_items(items, events_nlp, examples=3)
    same_actors = actor_stage() == FLOORS["actor_stage"]
    failures = []
    for metric, floor in spec["floors"].items():
        if metric in FLOORS["actor_metrics"] and not same_actors:
            continue   # actor figures were measured with another actor stage
        value = _metric(report, metric)
        if value is None or value < floor:
            failures.append(f"{metric} = {value} < floor {floor}")
    assert not failures, f"{name}: " + "; ".join(failures) + f"\nmisses: {json.dumps(report['misses'])[:3000]}"
