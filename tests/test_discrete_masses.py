"""Sums over SciPy's masses carry the masses' own error.

At a Poisson rate of 1e4 or 1e6 every mass SciPy returns is off by the same share
(5e-10 at 1e6: ``exp`` of ``k log l - l - lgamma(k + 1)``, terms of 1e7), and so is
every moment summed with them. The float64 summation bounded its error by 1e-14 of
the terms: the variance at 1e6 came out 1000550 +- 0.03, at 1e4 9999.9986 +- 3e-6.
The total of the masses misses 1 by the same share; twice that share is now the
relative error (``evaluate._masses_rounding``), and the truth lies inside the bound.
The truths are the textbook moments (the variance of a Poisson law is its rate),
not probproof's.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
import scipy.stats as ss

from probproof.checks.api import check
from probproof.checks.domains import parse_domain
from probproof.checks.parser import parse_statement
from probproof.numeric.evaluate import Context, _masses_rounding, evaluate


def _value(text: str, domains: dict[str, str], point: dict[str, float],
           independent: bool = False):
    rel = parse_statement(text, {n: parse_domain(d) for n, d in domains.items()})
    syms = {s.name: s for s in rel.lhs.free_symbols}
    return evaluate(rel.lhs, {syms[n]: v for n, v in point.items()},
                    Context(deadline=time.monotonic() + 30, independent=independent))


@pytest.mark.parametrize("rate", [300.0, 1e4, 1e6])
def test_the_variance_of_a_poisson_law_lies_within_its_bound(rate):
    est = _value("Var(j, j, Poisson(l)) == l", {"l": "positive"}, {"l": rate})
    assert "summation" in est.methods
    assert abs(float(est.value.real) - rate) <= est.abserr


@pytest.mark.parametrize("rate", [1e4, 1e6])
def test_the_second_moment_of_a_poisson_law_lies_within_its_bound(rate):
    est = _value("Expect(j**2, j, Poisson(l)) == l**2 + l", {"l": "positive"}, {"l": rate})
    assert abs(float(est.value.real) - (rate**2 + rate)) <= est.abserr


def test_masses_that_sum_to_one_keep_the_floor():
    w = ss.binom(40, 0.3).pmf(np.arange(41.0))
    assert _masses_rounding(w, 0.0) == 1e-14


def test_masses_that_miss_one_give_twice_the_miss():
    assert _masses_rounding(np.array([0.5, 0.5 + 1e-9]), 0.0) == pytest.approx(2e-9)


def test_the_true_variance_is_not_refuted():
    assert check("Var(j, j, Poisson(l)) == l", {"l": "positive"},
                 timeout=20).status.value in ("proved", "confirmed")


def test_a_zero_term_does_not_end_the_second_witness_sum():
    # p log(p/q) vanishes at k = 1, where Geometric(p) and NegativeBinomial(1, p) have the
    # same mass; the sum stopped there (-0.254). KL = (2p - 1)/p log(p/(1 - p)), from the
    # two mass functions (torch's conventions): 1.1297 at p = 0.3.
    est = _value("KL(Geometric(p), NegativeBinomial(1, p)) == 0", {"p": "probability"},
                 {"p": 0.3}, independent=True)
    truth = (2 * 0.3 - 1) / 0.3 * math.log(0.3 / 0.7)
    assert abs(float(est.value.real) - truth) <= est.abserr + 1e-12


def test_the_false_version_of_that_kl_is_refuted():
    assert check("KL(Geometric(p), NegativeBinomial(1, p)) == (2*p - 1)/p*log(p/(1 - p))"
                 " + 1/1000", {"p": "probability"}, timeout=20).status.value == "refuted"
