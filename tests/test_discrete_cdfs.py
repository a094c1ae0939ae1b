"""Closed-form cdfs of the discrete families (checks/closed_forms/discrete_cdfs.py) against
scipy.stats, and claims about them decided."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import stats

from probproof.checks.api import check
from probproof.checks.closed_forms import moment_closed_form
from probproof.derivations import families as F
from probproof.derivations import vocabulary as V

R = sp.Rational
LAWS = [
    (V.Bernoulli(R(3, 10)), stats.bernoulli(0.3)),
    (V.Binomial(7, R(2, 5)), stats.binom(7, 0.4)),
    (V.Binomial(1, R(9, 10)), stats.binom(1, 0.9)),
    (V.Poisson(R(1, 20)), stats.poisson(0.05)),
    (V.Poisson(R(37, 10)), stats.poisson(3.7)),
    (V.Poisson(400), stats.poisson(400)),
    (F.DiscreteUniform(-3, 5), stats.randint(-3, 6)),
    (V.Categorical([R(1, 2), R(1, 3), R(1, 6)]), stats.rv_discrete(values=([0, 1, 2],
                                                                          [0.5, 1 / 3, 1 / 6]))),
]


@pytest.mark.parametrize(("law", "frozen"), LAWS, ids=[str(law) for law, _ in LAWS])
def test_cdf_against_scipy(law, frozen) -> None:
    lo, hi = frozen.support()
    top = min(hi, frozen.ppf(1 - 1e-12))
    for x in [lo - 1.5, lo - 0.5, lo, lo + 0.5, (lo + top) / 2, top - 0.25, top, top + 3.5]:
        form = moment_closed_form("cdf", law, sp.nsimplify(x))
        assert form is not None
        got = float(sp.N(form, 30))
        assert abs(got - float(frozen.cdf(x))) <= 1e-12 + 1e-10 * float(frozen.cdf(x)), x


def test_symbolic_trials_have_no_entry() -> None:
    n = sp.Symbol("n", integer=True, positive=True)
    assert moment_closed_form("cdf", V.Binomial(n, R(1, 2)), sp.Integer(3)) is None


def test_cdf_claims_decided() -> None:
    r = 2.3  # P(X <= 3) = Gamma(4, r)/3! (scipy's gammaincc is the regularised form)
    from scipy.special import gammaincc

    assert np.isclose(stats.poisson(r).cdf(3), gammaincc(4, r))
    sym = {"r": "positive", "p": "probability"}
    ok = ("proved", "confirmed")
    assert check("cdf(Poisson(r), 3) == uppergamma(4, r)/6", sym, seed=0, timeout=60).status in ok
    assert check("cdf(Poisson(r), 3) == uppergamma(3, r)/2", sym, seed=0,
                 timeout=60).status == "refuted"
    assert np.isclose(stats.binom(2, 0.3).cdf(1), 1 - 0.3**2)
    assert check("cdf(Binomial(2, p), 1) == 1 - p**2", sym, seed=0, timeout=60).status in ok
    assert check("cdf(Binomial(2, p), 1) == 1 - p", sym, seed=0,
                 timeout=60).status == "refuted"
