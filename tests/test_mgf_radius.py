"""Moment generating functions past their radius of convergence.

``E[exp(t x)]`` under ``NegativeBinomial(r, p)`` (torch's meaning) is
``((1 - p)/(1 - p e^t))**r`` for ``p e^t < 1`` and infinite beyond, where the terms
``e^(t k) P(x = k)`` grow like ``(p e^t)^k``. Beyond, the sum doubled its atoms until the
time ran out; those points were unevaluable, and the formula claimed for every ``t`` in
(-3, 3) was confirmed by the points below ``log(1/p)`` (found by the distributions hunt).
References: SciPy's ``nbinom`` and ``geom`` masses, whose terms are shown to grow.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from scipy import stats

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.numeric.distributions import make
from probproof.numeric.evaluate import _terms_do_not_shrink


def test_the_reference_terms_grow_past_the_radius() -> None:
    # torch's NegativeBinomial(r, p) is SciPy's nbinom(r, 1 - p); its Geometric(p) geom(p, -1)
    ks = np.array([10, 100, 1000, 10000])
    for law, t in ((stats.nbinom(1.5, 0.5), 1.0), (stats.geom(0.5, loc=-1), 0.75)):
        log_terms = t * ks + law.logpmf(ks)
        assert np.all(np.diff(log_terms) > 0)


WRONG = [
    # claimed for every t in (-3, 3); infinite for t >= log 2 (p = 1/2)
    ("Expect(exp(t*x), x, NegativeBinomial(r, 1/2)) == ((1/2)/(1 - exp(t)/2))**r",
     {"r": "positive", "t": "interval(-3, 3)"}),
    ("Expect(exp(t*x), x, NegativeBinomial(r, p)) == ((1 - p)/(1 - p*exp(t)))**r",
     {"r": "positive", "p": "probability", "t": "interval(-3, 3)"}),
    ("Expect(exp(t*x), x, Geometric(p)) == p/(1 - (1 - p)*exp(t))",
     {"p": "probability", "t": "real"}),
]


@pytest.mark.parametrize(("statement", "symbols"), WRONG)
def test_a_generating_function_claimed_past_its_radius_is_refuted(statement, symbols) -> None:
    v = check(statement, symbols, timeout=30)
    assert v.status is Status.REFUTED, v  # before: confirmed
    assert v.counterexample is not None and math.isinf(v.counterexample.lhs)


RIGHT = [
    ("Expect(exp(t*x), x, NegativeBinomial(r, 1/2)) == ((1/2)/(1 - exp(t)/2))**r",
     {"r": "positive", "t": "interval(-3, 0.69)"}),
    ("Expect(exp(t*x), x, Geometric(p)) == p/(1 - (1 - p)*exp(t))",
     {"p": "probability", "t": "negative"}),
    ("Expect(exp(t*x), x, Poisson(l)) == exp(l*(exp(t) - 1))", {"l": "positive", "t": "real"}),
]


@pytest.mark.parametrize(("statement", "symbols"), RIGHT)
def test_a_generating_function_within_its_radius_is_still_confirmed(statement, symbols) -> None:
    assert check(statement, symbols, timeout=30).status in (Status.PROVED, Status.CONFIRMED)


def test_terms_that_shrink_eventually_are_not_divergent() -> None:
    x = sp.Symbol("x", integer=True, nonnegative=True)
    # a Poisson(50) law tilted by e^(2 x): the terms grow up to k near 370, then fall
    poisson = make("Poisson", [50.0])
    assert _terms_do_not_shrink(sp.exp(2 * x), x, poisson, 100.0) == 0
    negbin = make("NegativeBinomial", [1.5, 0.5])
    assert _terms_do_not_shrink(sp.exp(x), x, negbin, 100.0) == 1
    assert _terms_do_not_shrink(-sp.exp(x), x, negbin, 100.0) == -1
    # terms of both signs: no verdict of divergence here
    assert _terms_do_not_shrink(sp.exp(x) * sp.cos(x), x, negbin, 100.0) == 0
