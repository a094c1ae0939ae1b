"""SymPy's evalf of a sum that cancels raises its working precision in one unbounded step
(``probproof/derivations/_sympy_evalf.py``): ``1 + erf(-707106.78)`` asked mpmath for
``sqrt(2)`` to 7e11 bits, a MemoryError, and the true claim below was undecided ("memory
limit reached"). The reference for the claim is scipy: ``E[max(X, 0)]`` of a normal law
by quadrature, against the formula at ordinary points.
"""

from __future__ import annotations

import math
import resource

import sympy as sp
from scipy import integrate, stats

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.numeric.evaluate import _evalf_with_error

RELU_MEAN = "m*(1 + erf(m/(s*sqrt(2))))/2 + s*exp(-m**2/(2*s**2))/sqrt(2*pi)"


def test_a_sum_that_cancels_to_e_to_the_minus_5e11_is_a_value_with_its_error() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    m, s = sp.Integer(-10**6), sp.Integer(1)
    relu_mean = (m * (1 + sp.erf(m / (s * sp.sqrt(2)))) / 2
                 + s * sp.exp(-m**2 / (2 * s**2)) / sp.sqrt(2 * sp.pi))
    value, err = _evalf_with_error(relu_mean, 30)
    # the true value is about -1e6 erfc(707106.78)/2, of the order of e^-5e11: what is
    # left of it is within the error
    assert abs(value) <= err < 1e-100
    value, err = _evalf_with_error(sp.cosh(300)**2 - sp.sinh(300)**2, 30)
    assert abs(value - 1) <= err  # SymPy's own limit, as before: no value, not 0
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 500


def test_the_mean_of_a_rectified_normal() -> None:
    for m, s in ((0.3, 1.7), (-2.0, 0.5)):
        law = stats.norm(m, s)
        q, _ = integrate.quad(lambda x, law=law: max(x, 0.0) * law.pdf(x), -50, 50,
                              points=[0.0], limit=200)
        formula = (m * (1 + math.erf(m / (s * math.sqrt(2)))) / 2
                   + s * math.exp(-m**2 / (2 * s**2)) / math.sqrt(2 * math.pi))
        assert abs(q - formula) < 1e-10
    symbols = {"m": "real", "s": "positive"}
    assert check(f"Expect(Max(x, 0), x, Normal(m, s)) == {RELU_MEAN}", symbols,
                 timeout=30).status is Status.CONFIRMED
    assert check(f"Expect(Max(x, 0), x, Normal(m, s)) == {RELU_MEAN} + 1e-7", symbols,
                 timeout=30).status is Status.REFUTED
