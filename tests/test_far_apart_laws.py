"""Expectations whose body holds the density of another law that lives far from the
measure: ``E_Q[f(p/q)]`` has mass where ``p`` lives, however small ``q`` is there.

Both witnesses looked only where ``Q`` lives. ``FDiv(|u - 1|/2, u, N(0, 1), N(m, 1))`` is
the total variation, 1 at ``m = 1e6``; both gave 1/2 (the half where ``q`` lives), and the
true ``FDiv(...) == TV(...)`` was refuted. A chi-square divergence between Poisson laws
summed ``Q``'s atoms only, dropped the atoms where ``q`` underflows, and gave 1 for
``exp((a - b)**2/b) - 1``.

References: SciPy's normal cdf for the total variation (``2 Phi(m/2) - 1``), and the
Poisson masses' logarithms for the terms of the chi-square sum.
"""

from __future__ import annotations

import math
import time

import mpmath
import numpy as np
import pytest
from scipy import stats

from probproof.checks.api import check
from probproof.checks.parser import parse_statement
from probproof.checks.verdict import Status
from probproof.numeric.evaluate import Context, TimeUp, Unevaluable, evaluate

FAR = 1_000_000.25


def test_the_references() -> None:
    # the total variation of N(0, 1) and N(m, 1) is 2 Phi(m/2) - 1, and the half of
    # int |p - q|/2 that lies where q lives is 1/2: the rest is where p lives
    assert 2 * stats.norm.cdf(FAR / 2) - 1 == 1.0
    half = stats.norm.sf(FAR / 2) + 0.5 * (stats.norm.cdf(FAR / 2) - stats.norm.sf(FAR / 2))
    assert abs(half - 0.5) < 1e-12
    # chi-square terms p(k)^2/q(k) of Poisson(300) against Poisson(1/20) grow past k = 300,
    # where q(k) underflows float64 although the terms are far above 1
    ks = np.arange(300, 310)
    log_terms = 2 * stats.poisson.logpmf(ks, 300) - stats.poisson.logpmf(ks, 0.05)
    assert np.all(np.diff(log_terms) > 0) and log_terms[0] > 700
    assert np.all(stats.poisson.pmf(ks, 0.05) == 0)
    assert math.log(np.finfo(float).max) < (300 - 0.05) ** 2 / 0.05


@pytest.mark.parametrize("ctx", [Context(), Context(precise=True),
                                 Context(precise=True, independent=True)],
                         ids=["first", "precise", "second"])
def test_an_f_divergence_sees_the_mass_where_p_lives(ctx) -> None:
    rel = parse_statement(f"FDiv(Abs(u - 1)/2, u, Normal(0, 1), Normal({FAR}, 1)) == 1", {})
    v = evaluate(rel.lhs, {}, ctx)
    assert abs(complex(v.value) - 1) <= 1e-9 + v.abserr  # before: 1/2 by every witness


@pytest.mark.parametrize("ctx", [Context(), Context(precise=True, independent=True)],
                         ids=["first", "second"])
def test_a_chi_square_sum_does_not_drop_terms_where_q_underflows(ctx) -> None:
    # the truth is exp((a - b)**2/b) - 1 = exp(17940.05) - 1, beyond float64
    rel = parse_statement("FDiv((u - 1)**2, u, Poisson(30), Poisson(1/20)) == 1", {})
    v = evaluate(rel.lhs, {}, ctx)
    assert abs(float(mpmath.log(abs(v.value))) - (30 - 0.05) ** 2 / 0.05) < 1e-9 * 17940


@pytest.mark.parametrize("rate", ["300", "1000000.25"])
def test_a_chi_square_sum_past_what_is_summed_has_no_value(rate) -> None:
    # exp(1.8e6) and beyond: its terms peak near k = a**2/b, out of reach; within a few
    # seconds the evaluation gives up or runs out of time, and never answers 1 (before)
    rel = parse_statement(f"FDiv((u - 1)**2, u, Poisson({rate}), Poisson(1/20)) == 1", {})
    with pytest.raises((Unevaluable, TimeUp)):
        evaluate(rel.lhs, {}, Context(deadline=time.monotonic() + 5))


@pytest.mark.parametrize(("statement", "symbols"), [
    ("FDiv(Abs(u - 1)/2, u, Normal(0, 1), Normal(m, 1)) == TV(Normal(0, 1), Normal(m, 1))",
     {"m": "real"}),
    ("FDiv((u - 1)**2, u, Poisson(a), Poisson(b)) == exp((a - b)**2/b) - 1",
     {"a": "positive", "b": "positive"}),
])
def test_true_divergences_between_far_apart_laws_are_not_refuted(statement, symbols) -> None:
    assert check(statement, symbols, timeout=30).status is not Status.REFUTED
