"""Shifts: a Welch test between consecutive windows, with the events that drove the change."""

from __future__ import annotations

import numpy as np
import pytest

from entente.graph import shifts
from entente.store import Store

from .builders import StoreBuilder


def _fill(store: Store, plan: dict[str, list[float]], pair: tuple[str, str] = ("CHN", "IND")) -> None:
    b = StoreBuilder(store)
    for month, values in plan.items():
        for i, value in enumerate(values):
            text = f"China and India, {month}, item {i}: {'talks' if value > 0 else 'clash'}."
            art = b.article(text, published=f"{month}-{i % 28 + 1:02d}", source=f"outlet{i % 3}")
            b.event(
                art, pair[0], "CONSULT" if value > 0 else "ASSAULT", pair[1], intensity=value, sentence=text
            )


def test_a_turn_to_conflict_is_a_shift_with_its_drivers() -> None:
    with Store(":memory:") as store:
        _fill(
            store,
            {
                "2020-04": [4.0, 3.0, 5.0, 2.0, 4.0, 3.5],
                "2020-05": [3.0, 4.0, 2.5, 3.0],
                "2020-06": [-10.0, -9.0, -8.0, -10.0, -7.0, 1.0],
            },
        )
        found = shifts.detect_shifts(store.con, window="month")
    assert len(found) == 1
    s = found[0]
    assert (s.a, s.b, s.from_window, s.to_window) == ("CHN", "IND", "2020-05", "2020-06")
    assert s.adjacent and s.delta < -1 and s.q < 0.05 and s.n_before == 4 and s.n_after == 6
    assert s.drivers and all(d.contribution < 0 and "clash" in (d.sentence or "") for d in s.drivers)
    assert s.as_dict()["drivers"][0]["sentence"]


def test_no_shift_when_stable_or_too_few_events() -> None:
    with Store(":memory:") as store:
        _fill(
            store, {"2020-01": [3.0, 4.0, 5.0, 3.0], "2020-02": [4.0, 3.0, 5.0, 4.0], "2020-03": [-9.0, -9.0]}
        )  # a sharp turn, but on two events only
        assert shifts.detect_shifts(store.con, window="month") == []
        assert len(shifts.detect_shifts(store.con, window="month", min_events=2)) == 1


def test_skipped_window_is_flagged() -> None:
    with Store(":memory:") as store:
        _fill(store, {"2020-01": [5.0, 4.0, 5.0, 4.0], "2020-03": [-8.0, -9.0, -7.0, -9.0]})
        (s,) = shifts.detect_shifts(store.con, window="month", actor="IND")
    assert s.from_window == "2020-01" and s.to_window == "2020-03" and not s.adjacent


def test_welch_and_t_distribution_against_reference_values() -> None:
    # reference values computed once with scipy.stats (ttest_ind, equal_var=False; t.sf)
    assert shifts.t_two_sided(0.5, 3) == pytest.approx(0.651447964848151, rel=1e-9)
    assert shifts.t_two_sided(2.1, 10.5) == pytest.approx(0.060778456960822666, rel=1e-9)
    assert shifts.t_two_sided(-4, 2.2) == pytest.approx(0.04873062672776398, rel=1e-9)
    assert shifts.t_two_sided(10, 50) == pytest.approx(1.6077334688335447e-13, rel=1e-6)
    rng = np.random.default_rng(0)
    x, y = rng.normal(0, 1, 8), rng.normal(1, 2, 5)
    t, df, p = shifts.welch(x, y)
    assert (t, df, p) == pytest.approx(
        (-1.5891994082752066, 4.571175572536458, 0.17830734962694608), rel=1e-9
    )
    assert shifts.welch(np.array([1.0, 1.0]), np.array([2.0, 2.0]))[2] == 0.0
    assert shifts.welch(np.array([1.0, 1.0]), np.array([1.0, 1.0]))[2] == 1.0


def test_benjamini_hochberg() -> None:
    assert shifts.benjamini_hochberg([0.01, 0.04, 0.03, 0.5]) == pytest.approx(
        [0.04, 0.16 / 3, 0.16 / 3, 0.5]
    )
    assert shifts.benjamini_hochberg([]) == []
