"""The validation benchmark's pieces (bench/validate_relations.py): truth loaders, baseline, comparison."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from entente.store import Store

from ..conftest import ROOT, shared_file
from .builders import StoreBuilder


def _load() -> ModuleType:
    path = ROOT / "bench" / "validate_relations.py"
    spec = importlib.util.spec_from_file_location("validate_relations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("validate_relations", module)
    spec.loader.exec_module(module)
    return module


v = _load()


def test_compare_sign_agreement_and_correlation() -> None:
    truth = v.Truth(
        2004,
        allied={("CAN", "USA"), ("FRA", "DEU"), ("GRC", "TUR")},
        rival={("IND", "PAK"), ("GRC", "TUR")},
        un_agreement={("CAN", "USA"): 0.6, ("DEU", "FRA"): 0.9, ("IND", "PAK"): 0.4, ("CHN", "USA"): 0.2},
    )
    truth.allied = {v.pair(*p) for p in truth.allied}
    truth.rival = {v.pair(*p) for p in truth.rival}
    truth.un_agreement = {v.pair(*p): x for p, x in truth.un_agreement.items()}
    scores = {
        v.pair("CAN", "USA"): v.DyadScore(0.8, 5),
        v.pair("FRA", "DEU"): v.DyadScore(-0.2, 3),
        v.pair("IND", "PAK"): v.DyadScore(-0.9, 9),
        v.pair("GRC", "TUR"): v.DyadScore(-0.5, 4),
        v.pair("CHN", "USA"): v.DyadScore(-0.4, 2),
        v.pair("BRA", "ARG"): v.DyadScore(0.5, 1),
    }
    out = v.compare(scores, truth, min_events=2)
    assert truth.label(v.pair("GRC", "TUR")) is None  # mixed: left out
    assert out["dyads_judged"] == 5  # BRA-ARG lacks evidence
    assert out["allied"] == {"n": 2, "agree": 1, "share": 0.5}
    assert out["rival"] == {"n": 1, "agree": 1, "share": 1.0}
    assert out["sign_agreement"] == pytest.approx(2 / 3, abs=1e-4)
    assert out["un_voting"]["n"] == 4 and out["un_voting"]["spearman"] == pytest.approx(
        0.6, abs=1e-4
    )  # 1 - 6*4/60
    assert out["disagreements"] == [{"a": "DEU", "b": "FRA", "truth": 1, "score": -0.2, "n": 3}]


def test_correlations_handle_ties_and_small_samples() -> None:
    assert v.correlations([1, 2], [1, 2]) == {"pearson": None, "spearman": None}
    assert v.correlations([1, 1, 2, 3], [1, 2, 3, 4])["spearman"] == pytest.approx(0.9487, abs=1e-4)
    assert v.correlations([1, 1, 1], [1, 2, 3])["pearson"] is None


def test_baseline_reads_sentences() -> None:
    patterns = v.country_patterns()
    found = dict(
        v.sentence_scores(
            "France and Germany signed a treaty. India accused Pakistan of an attack.", patterns
        )
    )
    assert found[("DEU", "FRA")] > 0 and found[("IND", "PAK")] < 0
    assert not list(v.sentence_scores("France signed a treaty with nobody.", patterns))


def test_evaluate_on_a_synthetic_store() -> None:
    truth = v.Truth(
        2004,
        allied={("DEU", "FRA")},
        rival={("IND", "PAK")},
        un_agreement={("DEU", "FRA"): 0.9, ("IND", "PAK"): 0.3, ("CHN", "USA"): 0.5},
    )
    with Store(":memory:") as store:
        b = StoreBuilder(store)
        texts = {
            ("FRA", "DEU", 5.0): "France and Germany agreed on a defence pact.",
            ("IND", "PAK", -9.0): "India and Pakistan clashed at the border, killing two.",
            ("CHN", "USA", -4.0): "China and the United States traded accusations.",
        }
        for (x, y, value), text in texts.items():
            for day, outlet in enumerate(("AFP", "Reuters"), 1):  # two acts, on two days (one act would be one unit)
                if (x, outlet) == ("CHN", "Reuters"):
                    value = 2.0  # a mixed relation: China and the US also talk
                b.event(
                    b.article(f"{text} ({outlet})", source=outlet, published=f"2004-05-0{day}"),
                    x,
                    "ACT",
                    y,
                    intensity=value,
                )
        report = v.evaluate(store.con, truth, min_events=2)
    ours, base = report["network"], report["baseline"]
    assert report["events"] == 6
    assert ours["sign_agreement"] == 1.0 and ours["allied"]["n"] == 1 and ours["rival"]["n"] == 1
    assert ours["un_voting"]["n"] == 3 and ours["un_voting"]["spearman"] == pytest.approx(1.0)
    assert base["allied"]["n"] == 1 and base["rival"]["share"] == 1.0
    assert report["on_common_dyads"]["n"] >= 2


def test_cow_crosswalk_and_truth_of_1996() -> None:
    shared_file("data", "relations", "crosswalk_unvotes_to_cow.csv")
    cow = v.cow_to_iso()
    assert cow[2] == "USA" and cow[666] == "ISR" and cow[365] == "RUS" and cow[373] == "AZE"
    assert cow[260] == "DEU" and cow[345] == "SRB"
    truth = v.load_truth(1996, cow=cow)
    assert truth.label(("CAN", "USA")) == 1
    assert truth.label(("ISR", "SYR")) == -1
    assert 0 < truth.un_agreement[("CAN", "USA")] < 1
    counts = truth.counts()
    assert counts["allied"] > 1000 and counts["rival"] > 20 and counts["un_dyads"] > 10000


def test_corpora_exist() -> None:
    for corpus in v.CORPORA:
        shared_file(*corpus.path.relative_to(Path(v.SHARED)).parts)
