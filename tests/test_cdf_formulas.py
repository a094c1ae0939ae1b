"""The closed-form distribution functions the arbitrary-precision witness uses inside an
integrand (``Distribution.cdf_formula``), against SciPy's ``cdf`` and ``sf``.

A false claim with a ``cdf`` inside an expectation (``E[Phi(a x + b)] = Phi(b/sqrt(1 +
a))``, the probit-normal integral with a for a**2) had no second witness: mpmath could
not print ``cdf(Normal(0, 1), ...)``, and the claim was undecided. References: SciPy's
laws with torch's parameterisations (scale = 1/rate, Weibull's scale and shape, Pareto's
scale and index).
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp
from scipy import stats

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.derivations import vocabulary as V

x = sp.Symbol("x", real=True)

LAWS = [
    (V.DISTRIBUTIONS["Normal"](sp.Rational(1, 2), 2), stats.norm(0.5, 2)),
    (V.DISTRIBUTIONS["Laplace"](-1, sp.Rational(3, 2)), stats.laplace(-1, 1.5)),
    (V.DISTRIBUTIONS["Uniform"](-1, 3), stats.uniform(-1, 4)),
    (V.DISTRIBUTIONS["Exponential"](sp.Rational(5, 2)), stats.expon(scale=0.4)),
    (V.DISTRIBUTIONS["LogNormal"](sp.Rational(1, 3), sp.Rational(3, 4)),
     stats.lognorm(0.75, scale=math.exp(1 / 3))),
    (V.DISTRIBUTIONS["Cauchy"](2, sp.Rational(1, 2)), stats.cauchy(2, 0.5)),
    (V.DISTRIBUTIONS["Gumbel"](1, 2), stats.gumbel_r(1, 2)),
    (V.DISTRIBUTIONS["Logistic"](-2, sp.Rational(1, 2)), stats.logistic(-2, 0.5)),
    (V.DISTRIBUTIONS["Weibull"](2, sp.Rational(3, 2)), stats.weibull_min(1.5, scale=2)),
    (V.DISTRIBUTIONS["Pareto"](1, 3), stats.pareto(3, scale=1)),
    (V.DISTRIBUTIONS["HalfNormal"](2), stats.halfnorm(scale=2)),
    (V.DISTRIBUTIONS["HalfCauchy"](3), stats.halfcauchy(scale=3)),
]


@pytest.mark.parametrize(("law", "ref"), LAWS, ids=lambda v: type(v).__name__)
def test_a_cdf_formula_is_scipys_cdf(law, ref) -> None:
    formula = law.cdf_formula(x)
    f = sp.lambdify(x, formula, modules="mpmath")
    lo, hi = ref.ppf(1e-12), ref.isf(1e-12)
    points = [lo - 1, lo, *(lo + (hi - lo) * k / 40 for k in range(1, 40)), hi, hi + 5]
    with mpmath.workdps(30):
        for p in points:
            got = float(f(mpmath.mpf(p)))
            assert math.isclose(got, ref.cdf(p), rel_tol=1e-9, abs_tol=1e-15), (p, got)
            # in the upper tail the complement: no cancellation beyond 1e-12
            if 0 < ref.sf(p) < 1e-3:
                assert math.isclose(1 - f(mpmath.mpf(p)), ref.sf(p), rel_tol=1e-6), p
    # far in the lower tail the formula keeps its digits (no 1 - 1)
    far = lo - 100 * (hi - lo) if math.isinf(ref.support()[0]) else None
    if far is not None:
        with mpmath.workdps(30):
            assert math.isclose(float(f(mpmath.mpf(far))), ref.cdf(far), rel_tol=1e-6)


def test_every_family_without_a_formula_says_so() -> None:
    assert V.DISTRIBUTIONS["StudentT"](3, 0, 1).cdf_formula(x) is None


def test_a_wrong_expectation_of_a_cdf_is_refuted() -> None:
    # E[Phi(a x + b)] = Phi(b / sqrt(1 + a**2)) for x ~ N(0, 1) (the probit-normal integral)
    symbols = {"a": "positive", "b": "real"}
    right = ("Expect(cdf(Normal(0, 1), a*x + b), x, Normal(0, 1)) == "
             "cdf(Normal(0, 1), b/sqrt(1 + a**2))")
    assert check(right, symbols, timeout=30).status is Status.CONFIRMED
    wrong = right.replace("1 + a**2", "1 + a")
    assert check(wrong, symbols, timeout=30).status is Status.REFUTED  # before: undecided
