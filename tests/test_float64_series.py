"""The float64 witness of infinite series (:mod:`probproof.numeric.series`).

Both witnesses of an infinite sum used to call the same mpmath summation
(``mp_witness.sum_form``), so a wrong convergence test or extrapolation there was
"confirmed by an independent second witness": seven true series were refuted that way
(``Sum(j*w**j, (j, 0, oo)) == w/(1 - w)**2`` at w = 0.999999). The first witness now
sums in float64 with a bound on the rest; where it cannot, the mpmath value may agree
but never refute. Every expected value below comes from mpmath's special functions
(zeta, Hurwitz zeta, polylog, closed forms), never from probproof.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from probproof.checks.api import check
from probproof.numeric import mp_witness
from probproof.numeric.series import (
    SeriesDivergent,
    SeriesNoValue,
    SeriesUnevaluable,
    sum_series,
)

W = 1 - 1e-6  # a float, so that mpmath's reference is at the same w

CONVERGENT = [
    # (name, term, start, reference, argument expected)
    ("geometric", lambda k: 0.5**k, 0, mpmath.mpf(2), "ratio"),
    ("exponential series", lambda k: 3.0**k / special.gamma(k + 1), 0, mpmath.exp(3), "ratio"),
    ("k w**k near w = 1", lambda k: k * W**k, 0, mpmath.mpf(W) / (1 - mpmath.mpf(W)) ** 2,
     "ratio"),
    ("log series", lambda k: 0.9999**k / k, 1, -mpmath.log(1 - mpmath.mpf(0.9999)), "ratio"),
    ("sub-geometric", lambda k: np.exp(-np.sqrt(k)), 0,
     mpmath.nsum(lambda k: mpmath.exp(-mpmath.sqrt(k)), [0, mpmath.inf]), "ratio"),
    ("Basel", lambda k: 1 / k**2, 1, mpmath.zeta(2), "power law"),
    ("zeta(1.1)", lambda k: k**-1.1, 1, mpmath.zeta(1.1), "power law"),
    ("zeta(1.01)", lambda k: k**-1.01, 1, mpmath.zeta(1.01), "power law"),
    ("negative terms", lambda k: -(k**-3.0), 1, -mpmath.zeta(3), "power law"),
    ("1/(k**2 + 1)", lambda k: 1 / (k**2 + 1), 0,
     (1 + mpmath.pi / mpmath.tanh(mpmath.pi)) / 2, "power law"),
    ("alternating harmonic", lambda k: (-1.0) ** k / (k + 1), 0, mpmath.log(2), "alternating"),
    ("Leibniz", lambda k: (-1.0) ** k / (2 * k + 1), 0, mpmath.pi / 4, "alternating"),
    ("eta(1/2)", lambda k: (-1.0) ** k / np.sqrt(k + 1), 0, mpmath.altzeta(0.5), "alternating"),
    ("finite support", lambda k: np.where(k < 100, 1.0 / (k + 1) ** 2, 0.0), 0,
     mpmath.zeta(2) - mpmath.zeta(2, 101), "terms vanish"),
]


def _reference_k15_plus_k() -> mpmath.mpf:
    """``sum 1/(k**1.5 + k)``: the first 1e7 terms exactly, the rest by Euler-Maclaurin
    with the exact integral ``2 log(1 + 1/sqrt(N))``. (mpmath's ``nsum`` says 1.67073 and
    its ``sumem`` 1.68232; the sum is 1.6840095.)"""
    n = 10**7
    k = np.arange(1, n, dtype=float)
    head = mpmath.mpf(math.fsum(1 / (k**1.5 + k)))
    f = lambda x: 1 / (x ** mpmath.mpf(1.5) + x)  # noqa: E731
    return head + 2 * mpmath.log(1 + 1 / mpmath.sqrt(n)) + f(n) / 2 - mpmath.diff(f, n) / 12


def test_a_series_mpmath_extrapolates_wrongly() -> None:
    s = sum_series(lambda k: 1 / (k**1.5 + k), 1)
    reference = complex(_reference_k15_plus_k())
    assert abs(s.value - reference) <= s.abserr <= 1e-6


@pytest.mark.parametrize(("name", "term", "start", "reference", "test"), CONVERGENT,
                         ids=[c[0] for c in CONVERGENT])
def test_a_convergent_series_is_summed_within_its_error_bar(name, term, start, reference, test):
    s = sum_series(term, start)
    assert s.test == test
    assert abs(s.value - complex(reference)) <= s.abserr
    assert s.abserr <= 1e-9 * abs(complex(reference))


@given(p=st.floats(1.05, 4.0), a=st.floats(0.01, 50.0))
@settings(max_examples=25, deadline=None)
def test_hurwitz_zeta_sums_carry_honest_error_bars(p, a):
    s = sum_series(lambda k: (k + a) ** -p, 0)
    assert abs(s.value - complex(mpmath.zeta(p, a))) <= s.abserr


@given(x=st.floats(-0.999, 0.999), s_=st.floats(0.5, 3.0))
@settings(max_examples=25, deadline=None)
def test_polylog_sums_carry_honest_error_bars(x, s_):
    s = sum_series(lambda k: x**k / k**s_, 1)
    assert abs(s.value - complex(mpmath.polylog(s_, x))) <= s.abserr + 1e-300


DIVERGENT = [
    ("1/sqrt(k)", lambda k: 1 / np.sqrt(k), 1, 1),
    ("a constant", lambda k: 1 + 0 * k, 0, 1),
    ("negative, to a floor", lambda k: -(1 + 1 / k), 1, -1),
    # geometric decay up to k = 64, then a floor: must not stop at the ratio bound
    ("a floor under exp(-k)", lambda k: np.exp(-k) + 1e-30, 0, 1),
]


@pytest.mark.parametrize(("name", "term", "start", "sign"), DIVERGENT,
                         ids=[c[0] for c in DIVERGENT])
def test_a_divergent_series_is_divergent(name, term, start, sign):
    with pytest.raises(SeriesDivergent) as exc:
        sum_series(term, start)
    assert exc.value.sign == sign


NO_BOUND = [
    # diverges, but only like log: float64 cannot tell it from a slow power law
    ("harmonic", lambda k: 1 / k, 1),
    # converges like 1/log(k): a power law with the local exponent would put the rest
    # at half its value
    ("1/(k log(k)**2)", lambda k: 1 / (k * np.log(k) ** 2), 2),
    ("cos(k)/k**2", lambda k: np.cos(k) / k**2, 1),
    ("peak at 1e9", lambda k: k * (1 - 1e-9) ** k, 0),
    # alternating signs and decreasing magnitudes, but the one-signed part's rest (4e-8)
    # is not what averaging partial sums sees
    ("alternating plus a power", lambda k: (-1.0) ** k / k + k**-2.5, 1),
    ("overflowing terms", lambda k: 100.0**k / special.gamma(k + 1), 0),
]


@pytest.mark.parametrize(("name", "term", "start"), NO_BOUND, ids=[c[0] for c in NO_BOUND])
def test_a_series_without_a_float64_bound_has_no_value(name, term, start):
    with pytest.raises(SeriesUnevaluable):
        sum_series(term, start)


def test_a_broken_mpmath_summation_cannot_refute_a_true_series(monkeypatch):
    """The regression: with ``sum_form`` wrong on infinite ranges (as it was, by its
    divergence test, at w = 0.999999), the true claim was refuted by two "witnesses"
    that were the same code."""
    real_sum_form = mp_witness.sum_form

    def wrong(expr, k, lo, hi, dps=30):
        v, err = real_sum_form(expr, k, lo, hi, dps)
        return (v * (1 + mpmath.mpf("1e-3")) if math.isinf(hi) else v), err

    monkeypatch.setattr(mp_witness, "sum_form", wrong)
    verdict = check("Sum(j*w**j, (j, 0, oo)) == w/(1 - w)**2", {"w": "interval(0, 1)"},
                    timeout=30)
    assert verdict.status.value != "refuted"
    # ... while a false one is still refuted, by the float64 witness and mpmath
    monkeypatch.setattr(mp_witness, "sum_form", real_sum_form)
    verdict = check("Sum(j*w**j, (j, 0, oo)) == w/(1 - w)**2 + 1/1000", {"w": "interval(0, 1)"},
                    timeout=30)
    assert verdict.status.value == "refuted"


@pytest.mark.parametrize(("statement", "symbols", "status"), [
    ("Sum(1/k**s, (k, 1, oo)) == zeta(s)", {"s": "interval(1, 10)"}, "confirmed"),
    ("Sum(1/k**s, (k, 1, oo)) == zeta(s)*(1 + 1e-6)", {"s": "interval(1, 10)"}, "refuted"),
    ("Sum(1/(k**2 + a**2), (k, -oo, oo)) == pi/a/tanh(pi*a)", {"a": "positive"}, "confirmed"),
    ("Sum(1/(k**2 + a**2), (k, -oo, oo)) == pi/a/tanh(pi*a) + 1e-5", {"a": "positive"},
     "refuted"),
    ("Sum(w**k/k, (k, 1, oo)) == log(1 - w)", {"w": "interval(-1, 1)"}, "refuted"),
    ("Sum(1/k**s, (k, 1, oo)) == 1/(s - 1)", {"s": "interval(0, 1)"}, "refuted"),
])
def test_series_claims(statement, symbols, status):
    assert check(statement, symbols, timeout=30).status.value == status


@pytest.mark.parametrize(("name", "term"), [
    ("(-1)**k", lambda k: (-1.0) ** k),
    ("(-3)**k", lambda k: (-3.0) ** k),
    ("(-1)**k (1 + 1/(k + 1))", lambda k: (-1.0) ** k * (1 + 1 / (k + 1))),
])
def test_terms_of_both_signs_that_do_not_vanish_have_no_value(name, term) -> None:
    with pytest.raises(SeriesNoValue):
        sum_series(term, 0)


@pytest.mark.parametrize(("statement", "symbols"), [
    # diverges for w >= 1, two thirds of the range: 18 points agreed and it was confirmed
    ("Sum((-w)**k, (k, 0, oo)) == 1/(1 + w)", {"w": "interval(0, 3)"}),
    ("Sum((-1)**(k + 1)*w**k/k, (k, 1, oo)) == log(1 + w)", {"w": "interval(-1, 2)"}),
    # the mean of a Student law is oo - oo for df <= 1
    ("Expect(z, z, StudentT(nu, 0, 1)) == 0", {"nu": "positive"}),
    ("Sum(k, (k, -oo, oo)) == oo", {}),
    ("integrate(x/sqrt(1 + x**2), (x, -oo, oo)) == -oo", {}),
])
def test_a_claim_where_a_side_has_no_value_is_not_confirmed(statement, symbols) -> None:
    verdict = check(statement, symbols, timeout=30)
    assert verdict.status.value == "undecided", verdict
    assert "no value" in verdict.message
