"""Quality gate: the extractor's scores on a fixed PolNeAR subset stay above the pinned floors.

The floors, the subset and its fingerprint live in `quality_floors.json`. Print the current figures
with `entente eval quotes ../shared/data/quotes/polnear --split dev --limit 20`.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from entente.quotes.evaluate import GoldArticle, predict, read_polnear, score

from .conftest import POLNEAR

pytestmark = pytest.mark.model

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))


def fingerprint(articles: list[GoldArticle]) -> str:
    digest = hashlib.sha256()
    for article in articles:
        digest.update(article.name.encode())
        digest.update(article.text.encode())
        for gold in article.attributions:
            digest.update(repr((gold.content, gold.cue, gold.source)).encode())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="module")
def subset() -> list[GoldArticle]:
    if not POLNEAR.exists():
        pytest.skip(f"{POLNEAR} is not available")
    return read_polnear(POLNEAR, split=FLOORS["split"], limit=FLOORS["limit"])


@pytest.fixture(scope="module")
def result(subset: list[GoldArticle]) -> dict[str, Any]:
    reporting: dict[str, list[bool]] = {}
    predicted = predict(subset, reporting=reporting)
    return score(subset, predicted, threshold=FLOORS["threshold"], reporting=reporting)


def test_quality_gate_subset_is_the_pinned_one(subset: list[GoldArticle]) -> None:
    assert len(subset) == FLOORS["limit"]
    assert fingerprint(subset) == FLOORS["fingerprint"], "the PolNeAR subset changed: measure again"


@pytest.mark.parametrize("measure", ["precision", "recall", "f1", "speaker_accuracy", "recall_reporting"])
def test_quality_gate_floor(result: dict[str, Any], measure: str) -> None:
    value = {"precision": result["precision"], "recall": result["recall"], "f1": result["f1"],
             "speaker_accuracy": result["speaker"]["accuracy"],
             "recall_reporting": result["recall_by_cue"]["reporting"]}[measure]
    assert value >= FLOORS["floors"][measure], f"{measure} {value:.4f} fell below {FLOORS['floors'][measure]}"
