"""The search for counterexamples, driven by Hypothesis.

Parameter values are drawn from each symbol's domain (moderate values, edges
and far-out values, see :mod:`probproof.checks.domains`); a point counts as a
counterexample only when the two sides disagree *and* still disagree when
re-evaluated in precise mode (fresh, 4x larger Monte Carlo samples, tighter
quadrature, more digits). Hypothesis then shrinks the counterexample towards
simple values. With the same seed, the same points are tried.
"""

from __future__ import annotations

import contextlib
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from hypothesis import HealthCheck, Phase, Verbosity, find, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from probproof.checks.compare import AGREE, DISAGREE, TIE, Comparison, compare
from probproof.checks.domains import Domain
from probproof.checks.messages import plain_reason
from probproof.numeric.distributions import InvalidPoint
from probproof.numeric.evaluate import ND_QUADRATURE, Context, TimeUp, Unevaluable, evaluate


@dataclass
class SearchReport:
    """What a search saw.

    ``counterexample`` maps names to values (set only when a disagreement was
    confirmed in precise mode); ``comparison`` is its precise comparison.
    ``max_gap`` is the largest gap among agreeing points, relative to
    ``max(1, |lhs|, |rhs|)``.
    """

    counterexample: dict[str, Any] | None = None
    comparison: Comparison | None = None
    agreed: int = 0
    ties: int = 0
    invalid: int = 0
    unevaluable: int = 0
    unconfirmed: int = 0
    max_gap: float = float("-inf")
    max_tolerance: float = 0.0
    methods: set[str] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)
    timed_out: bool = False


def _sides(lhs: sp.Basic, rhs: sp.Basic) -> list[tuple[sp.Basic, sp.Basic]]:
    if isinstance(lhs, sp.MatrixBase):
        return list(zip(list(lhs), list(rhs), strict=True))
    return [(lhs, rhs)]


def compare_at(lhs: sp.Basic, rhs: sp.Basic, relation: str, point: Mapping[sp.Symbol, Any],
               ctx: Context) -> Comparison:
    """Evaluate both sides at ``point`` and compare them (matrices elementwise; the first
    disagreeing element decides)."""
    worst: Comparison | None = None
    for a, b in _sides(lhs, rhs):
        la, rb = evaluate(a, point, ctx), evaluate(b, point, ctx)
        if la.is_nan or rb.is_nan:
            raise Unevaluable("a side evaluates to NaN")
        c = compare(la, rb, relation)
        if c.outcome == DISAGREE:
            return c
        if worst is None or c.outcome == TIE or c.gap > worst.gap:
            worst = c
    assert worst is not None
    return worst


def search(
    lhs: sp.Basic,
    rhs: sp.Basic,
    relation: str,
    symbols: Mapping[str, sp.Symbol],
    domains: Mapping[str, Domain],
    *,
    seed: int,
    deadline: float,
    max_examples: int = 40,
    recheck_deadline: float | None = None,
) -> SearchReport:
    """Search for a counterexample of ``lhs relation rhs``."""
    report = SearchReport()
    names = sorted(symbols)
    cache: dict[tuple, bool] = {}
    found: list[tuple[dict[str, Any], Comparison]] = []

    def ctx(precise: bool) -> Context:
        limit = recheck_deadline if (precise and recheck_deadline) else deadline
        return Context(domains=domains, seed=seed, precise=precise, deadline=limit)

    def point_of(values: Mapping[str, Any]) -> dict[sp.Symbol, Any]:
        return {symbols[n]: values[n] for n in names}

    def disagrees(values: dict[str, Any]) -> bool:
        key = tuple(values[n] for n in names)
        if key in cache:
            return cache[key]
        if time.monotonic() > deadline:
            report.timed_out = True
            return False
        result = _judge(values)
        cache[key] = result
        return result

    def _judge(values: dict[str, Any]) -> bool:
        try:
            c = compare_at(lhs, rhs, relation, point_of(values), ctx(False))
        except InvalidPoint:
            report.invalid += 1
            return False
        except TimeUp:
            report.timed_out = True
            return False
        except Exception as exc:
            report.unevaluable += 1
            _note(report, exc)
            return False
        report.methods |= set(c.lhs.methods | c.rhs.methods)
        if c.outcome == AGREE:
            report.agreed += 1
            scale = max(1.0, abs(c.lhs.python_value()), abs(c.rhs.python_value()))
            if math.isfinite(scale) and math.isfinite(c.gap):
                report.max_gap = max(report.max_gap, c.gap / scale)
            report.max_tolerance = max(report.max_tolerance, c.tolerance)
            return False
        if c.outcome == TIE:
            report.ties += 1
            return False
        try:
            again = compare_at(lhs, rhs, relation, point_of(values), ctx(True))
        except Exception as exc:
            report.unconfirmed += 1
            _note(report, exc)
            return False
        if again.outcome != DISAGREE:
            # The two evaluations disagree with each other: this point proves nothing.
            report.unconfirmed += 1
            return False
        if ND_QUADRATURE in (again.lhs.methods | again.rhs.methods):
            report.unconfirmed += 1
            _note(report, Unevaluable("a disagreement found by n-dimensional quadrature alone "
                                      "is not taken as a counterexample"))
            return False
        found.append((dict(values), again))
        return True

    if not names:
        disagrees({})
    else:
        strategy = st.fixed_dictionaries({n: domains[n].strategy() for n in names})
        # NoSuchExample (no counterexample) or a search that ran out of time: not errors.
        with contextlib.suppress(HypothesisException):
            find(strategy, disagrees, random=random.Random(seed), settings=settings(
                max_examples=max_examples, database=None, deadline=None,
                phases=[Phase.generate, Phase.shrink], verbosity=Verbosity.quiet,
                suppress_health_check=list(HealthCheck)))
    if found:
        # Hypothesis shrinks towards simpler values; the last confirmed one is the smallest.
        report.counterexample, report.comparison = found[-1]
    return report


def _note(report: SearchReport, exc: BaseException) -> None:
    msg = plain_reason(exc)
    if msg not in report.reasons and len(report.reasons) < 5:
        report.reasons.append(msg)


#: For type checkers: the judge function signature.
Judge = Callable[[dict[str, Any]], bool]
