"""The arbitrary-precision quadrature does not leave out the rest of a slowly decaying
integrand beyond its last probe.

``mp_witness._piece`` stopped its nodes at the last probe (``10**128`` out, ``10**-512``
from an end) when ``|t f(t)|`` was still decaying, and left the rest out of both the
value and the error: ``x**-1.05`` on ``(1, oo)`` came out 19.999992 (the truth is 20)
with an error bound of 5e-17, a Pareto(1, 1.015) mean was 1.2% short, and the false
claims equal to those values were confirmed. The probes now reach ``10**4096``, and
the rest beyond the last one (``|t f| / p``, ``p`` its decay rate) is added to the
error, so that what cannot be reached is unevaluable, not a number.
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

from probproof.checks.api import check
from probproof.numeric import mp_witness as W

x = sp.Symbol("x", positive=True)


@pytest.mark.parametrize("rule", ["tanh-sinh", "gauss-legendre"])
@pytest.mark.parametrize(("expr", "lo", "hi", "truth"), [
    (x ** sp.Rational(-105, 100), 1.0, math.inf, 20.0),
    (x ** sp.Rational(-102, 100), 1.0, math.inf, 50.0),
    (x ** sp.Rational(-985, 1000), 0.0, 1.0, 1000 / 15),
    (x ** sp.Rational(-99, 100) * sp.exp(-x), 0.0, math.inf, float(mpmath.gamma(0.01))),
])
def test_slow_power_laws_integrate_to_the_truth_within_the_bound(expr, lo, hi, truth, rule):
    value, err = W.integrate_form(expr, x, lo, hi, rule=rule)
    assert abs(float(value.real) - truth) <= err + 1e-12 * truth
    assert err < 1e-9 * truth


def test_the_rest_beyond_the_last_probe_is_the_power_law_tail():
    # |t f| = t**-0.5 at t = 10**8 and 10**16: rate 0.5 in log t, rest 1e-8 / 0.5.
    values = [mpmath.mpc(mpmath.mpf(10) ** -4), mpmath.mpc(mpmath.mpf(10) ** -8)]
    assert float(W._beyond(values, (8, 16))) == pytest.approx(2e-8, rel=1e-12)


def test_a_rest_that_does_not_decay_counts_at_the_slowest_convergent_rate():
    values = [mpmath.mpc(mpmath.mpf(10) ** -50), mpmath.mpc(mpmath.mpf(10) ** -45)]
    rest = W._beyond(values, (4, 8))
    assert rest == mpmath.mpf(10) ** -45 / (W.CONVERGENCE_EXPONENT * mpmath.log(10))


def test_a_rest_too_large_to_neglect_makes_the_piece_unevaluable(monkeypatch):
    # With the probes of before (out to 10**128), x**-1.05 leaves 4e-7 of its mass out.
    monkeypatch.setattr(W, "_FAR", (2, 4, 8, 16, 32, 64, 96, 128))
    with pytest.raises(W.NoWitness, match="decays too slowly towards x = \\+oo"):
        W.integrate_form(x ** sp.Rational(-105, 100), x, 1.0, math.inf)


@pytest.mark.parametrize("statement", [
    "Expect(x, x, Pareto(1, 1015/1000)) == 66.85628856358228",
    "integrate(x**(-105/100), (x, 1, oo)) == 19.99999203785659",
    "Expect(1/x, x, Gamma(1015/1000, 1)) == 66.66666526194857",
])
def test_the_truncated_values_are_not_confirmed(statement):
    # Each right side is what the truncated quadrature gave; the truths are 1015/15, 20
    # and 1000/15.
    assert check(statement, {}, timeout=20).status.value in ("refuted", "undecided")


@pytest.mark.parametrize("statement", [
    "Expect(x, x, Pareto(1, 1015/1000)) == 1015/15",
    "Expect(1/x, x, Gamma(a + 1, b)) == b/a",
])
def test_the_true_values_pass(statement):
    assert check(statement, {"a": "positive", "b": "positive"},
                 timeout=20).status.value in ("proved", "confirmed")
