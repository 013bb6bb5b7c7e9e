"""Shifts: when the relation of a dyad changes significantly from one window to the next.

The test, for each dyad and each pair of consecutive windows that hold its evidence (the previous
window *with evidence*; `adjacent` says whether none was skipped):

1. Each counted evidence unit (rules 3-7) gives one value, its weighted signed intensity `w * v`.
2. Both windows need at least `rules.SHIFT_MIN_EVENTS` units.
3. Welch's t-test (unequal variances) compares the mean unit value of the two windows, two-sided,
   with the Student t distribution on Welch-Satterthwaite degrees of freedom. When both windows have
   no spread, the p-value is 0 if their means differ and 1 otherwise.
4. The p-values of every pair tested in the call are adjusted together for multiple testing
   (Benjamini-Hochberg): a shift is reported when its adjusted p-value `q` < `rules.SHIFT_ALPHA` and the
   dyad's score moved by at least `rules.SHIFT_MIN_DELTA`.

The events that drove a shift are the later window's records whose contribution points the way the
score moved, strongest first, with their sentences.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np

from . import rules
from .dyads import Evidence, Scope, evidence, period_bounds, relations, unit_values


@dataclass(slots=True)
class Shift:
    a: str
    b: str
    from_window: str
    to_window: str
    adjacent: bool
    before: float
    after: float
    n_before: int
    n_after: int
    t: float
    df: float
    p: float
    q: float = 1.0
    drivers: list[Evidence] = field(default_factory=list)

    @property
    def delta(self) -> float:
        return self.after - self.before

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "from_window": self.from_window,
            "to_window": self.to_window,
            "adjacent": self.adjacent,
            "before": round(self.before, 4),
            "after": round(self.after, 4),
            "delta": round(self.delta, 4),
            "n_before": self.n_before,
            "n_after": self.n_after,
            "t": round(self.t, 4) if math.isfinite(self.t) else None,
            "df": round(self.df, 2),
            "p": float(f"{self.p:.4g}"),
            "q": float(f"{self.q:.4g}"),
            "drivers": [e.as_dict() for e in self.drivers],
        }


# --------------------------------------------------------------------------------------------- statistics
def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny, eps = 1e-300, 3e-15
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < eps:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, 1.0 - x) / b


def t_two_sided(t: float, df: float) -> float:
    """Two-sided p-value of Student's t with `df` degrees of freedom."""
    if not math.isfinite(t):
        return 0.0
    return betainc(df / 2.0, 0.5, df / (df + t * t))


def welch(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Welch's t statistic, degrees of freedom and two-sided p-value for mean(y) - mean(x)."""
    nx_, ny = len(x), len(y)
    vx, vy = float(np.var(x, ddof=1)) / nx_, float(np.var(y, ddof=1)) / ny
    diff = float(np.mean(y) - np.mean(x))
    if vx + vy == 0.0:
        return (math.copysign(math.inf, diff) if diff else 0.0), float(nx_ + ny - 2), (0.0 if diff else 1.0)
    t = diff / math.sqrt(vx + vy)
    df = (vx + vy) ** 2 / ((vx * vx) / (nx_ - 1) + (vy * vy) / (ny - 1))
    return t, df, t_two_sided(t, df)


def benjamini_hochberg(p: list[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the input order."""
    n = len(p)
    if n == 0:
        return []
    order = np.argsort(p)
    ranked = np.asarray(p)[order] * n / np.arange(1, n + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    out = np.empty(n)
    out[order] = adjusted
    return out.tolist()


# --------------------------------------------------------------------------------------------- shifts
def _next_label(label: str, window: str) -> str:
    last = period_bounds(label)[1]
    return (last + dt.timedelta(days=1)).strftime(rules.WINDOW_LABEL[window])


def detect_shifts(
    con: duckdb.DuckDBPyConnection,
    *,
    window: str = "month",
    since: str | None = None,
    until: str | None = None,
    kind: str = "all",
    actor: str | None = None,
    pair: tuple[str, str] | None = None,
    min_events: int = rules.SHIFT_MIN_EVENTS,
    min_delta: float = rules.SHIFT_MIN_DELTA,
    alpha: float = rules.SHIFT_ALPHA,
    n_drivers: int = 3,
) -> list[Shift]:
    """Significant changes of dyad scores between consecutive windows, largest |delta| first."""
    scope = Scope(since=since, until=until, kind=kind, actors=(actor,) if actor else None, pair=pair)
    values: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for a, b, label, value in unit_values(con, scope, window):
        values[(a, b)][label].append(value)
    scores = {
        (r.a, r.b, r.window): r.score
        for r in relations(con, scope, window=window, min_events=1, n_evidence=0, counts=False)
    }
    tested: list[Shift] = []
    for (a, b), per in values.items():
        labels = sorted(per)
        for before, after in itertools.pairwise(labels):
            x, y = np.asarray(per[before]), np.asarray(per[after])
            if len(x) < min_events or len(y) < min_events:
                continue
            t, df, p = welch(x, y)
            tested.append(
                Shift(
                    a=a,
                    b=b,
                    from_window=before,
                    to_window=after,
                    adjacent=_next_label(before, window) == after,
                    before=scores.get((a, b, before)) or 0.0,
                    after=scores.get((a, b, after)) or 0.0,
                    n_before=len(x),
                    n_after=len(y),
                    t=t,
                    df=df,
                    p=p,
                )
            )
    for shift, q in zip(tested, benjamini_hochberg([s.p for s in tested])):
        shift.q = q
    found = [s for s in tested if s.q < alpha and abs(s.delta) >= min_delta]
    found.sort(key=lambda s: (-abs(s.delta), s.q, s.a, s.b, s.to_window))
    for s in found:
        direction = 1 if s.delta > 0 else -1
        s.drivers = [
            e
            for e in evidence(
                con,
                s.a,
                s.b,
                since=s.to_window,
                until=s.to_window,
                limit=n_drivers,
                direction=direction,
                counted_only=True,
            )
            if e.contribution * direction > 0
        ]
    return found
