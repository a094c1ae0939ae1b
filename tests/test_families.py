"""The new families: the SymPy density (derivations/families.py) and the numeric one
(numeric/families.py, from scipy.stats) agree, each law's mass is 1 on the support the
quadrature is given, and the sampler draws from the density (its mean is torch's or
scipy's)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from scipy import integrate

from probproof.derivations.vocabulary import DISTRIBUTIONS
from probproof.numeric import distributions as D

#: name -> (parameters, reference mean from scipy's formulas, points to compare densities)
CASES = {
    "LogNormal": ((0.3, 0.5), math.exp(0.3 + 0.125), [0.2, 1.0, 3.0]),
    "StudentT": ((4.0, -1.0, 2.0), -1.0, [-5.0, 0.0, 2.5]),
    "Cauchy": ((0.5, 2.0), None, [-3.0, 0.5, 7.0]),
    "Gumbel": ((1.0, 0.5), 1.0 + 0.5 * 0.5772156649015329, [-1.0, 1.0, 4.0]),
    "Logistic": ((-2.0, 0.7), -2.0, [-4.0, -2.0, 1.0]),
    "Weibull": ((2.0, 1.5), 2.0 * math.gamma(1 + 1 / 1.5), [0.1, 1.0, 5.0]),
    "Pareto": ((0.5, 3.0), 0.75, [0.6, 1.0, 4.0]),
    "HalfNormal": ((1.5,), 1.5 * math.sqrt(2 / math.pi), [0.1, 1.0, 4.0]),
    "HalfCauchy": ((0.8,), None, [0.1, 1.0, 10.0]),
    "Chi2": ((3.0,), 3.0, [0.5, 2.0, 9.0]),
    "InverseGamma": ((3.0, 2.0), 1.0, [0.2, 1.0, 5.0]),
    "Kumaraswamy": ((2.0, 3.0), 3 * math.gamma(1.5) * math.gamma(3) / math.gamma(4.5),
                    [0.1, 0.5, 0.9]),
    "VonMises": ((0.5, 2.0), None, [-3.0, 0.5, 3.1]),
    # means from torch's formula (Loaiza-Ganem and Cunningham), scipy's f and genpareto
    "ContinuousBernoulli": ((0.3,), 0.3 / (0.3 * 2 - 1) + 1 / (2 * math.atanh(1 - 0.6)),
                            [0.0, 0.4, 1.0]),
    "FisherSnedecor": ((3.0, 7.0), 7.0 / 5.0, [0.1, 1.0, 6.0]),
    "GeneralizedPareto": ((1.0, 2.0, -0.4), 1.0 + 2.0 / 1.4, [1.0, 2.0, 5.5]),
    "Geometric": ((0.3,), 0.7 / 0.3, [0, 1, 7]),
    "NegativeBinomial": ((2.5, 0.4), 2.5 * 0.4 / 0.6, [0, 2, 9]),
    "DiscreteUniform": ((-2, 4), 1.0, [-2, 0, 4]),
}


def _sym(v: float) -> sp.Expr:
    return sp.Rational(repr(v)) if isinstance(v, float) else sp.Integer(v)


@pytest.mark.parametrize("name", sorted(CASES))
def test_symbolic_and_numeric_densities_agree(name: str) -> None:
    params, _, points = CASES[name]
    law = DISTRIBUTIONS[name](*[_sym(p) for p in params])
    nd = D.make(name, list(params))
    for x in points:
        want = float(sp.N(law.logpdf(_sym(x)), 20))
        got = float(nd.logpdf(np.array([float(x)]))[0])
        assert math.isclose(got, want, rel_tol=1e-10, abs_tol=1e-12), (name, x, got, want)
    # outside the support both say -oo
    below = nd.lo - 1.0 if math.isfinite(nd.lo) else None
    if law.discrete:
        below = -3.0 if name != "DiscreteUniform" else params[0] - 1
    if below is not None:
        assert law.logpdf(_sym(below)) == -sp.oo
        assert nd.logpdf(np.array([below]))[0] == -np.inf


@pytest.mark.parametrize("name", sorted(CASES))
def test_mass_one_on_the_support_and_sampler_mean(name: str) -> None:
    params, mean, _ = CASES[name]
    nd = D.make(name, list(params))
    if nd.discrete:
        atoms, tail = nd.support_atoms()
        total = float(np.sum(nd.pdf(atoms)))
        assert abs(total - 1) < 1e-12 and tail < 1e-15
    else:
        total = integrate.quad(lambda x: float(nd.pdf(np.array([x]))[0]), nd.lo, nd.hi,
                               limit=200, points=None if math.isinf(nd.lo) or math.isinf(nd.hi)
                               else [nd.loc])[0]
        assert abs(total - 1) < 1e-8, (name, total)
    draws = nd.sample(np.random.default_rng(1), 200_000)
    if math.isfinite(nd.lo):
        assert np.all(draws >= nd.lo) and np.all(draws <= nd.hi)
    if mean is not None:
        se = np.std(draws) / math.sqrt(len(draws))
        assert abs(np.mean(draws) - mean) < 5 * se + 1e-12, (name, np.mean(draws), mean)


@pytest.mark.parametrize("probs", [1e-9, 0.2, 0.499, 0.4999999, 0.5, 0.5000001, 0.501, 0.9,
                                   1 - 1e-12])
def test_continuous_bernoulli_density_near_the_uniform_and_near_the_ends(probs: float) -> None:
    """The numeric density (``eta/expm1(eta) exp(eta x)``, a series near ``eta = 0``)
    against mpmath on the same formula at 40 digits and the SymPy one: at
    ``probs = 0.4999999`` a wrong sign in the series once put it 1.3e-14 off."""
    import mpmath

    nd = D.make("ContinuousBernoulli", [probs])
    law = DISTRIBUTIONS["ContinuousBernoulli"](sp.Rational(probs))  # the float, exactly
    with mpmath.workdps(40):
        lam = mpmath.mpf(probs)
        eta = mpmath.log(lam) - mpmath.log1p(-lam)
        for x in (0.0, 0.3, 1.0):
            want = (mpmath.log(eta / mpmath.expm1(eta)) if eta != 0 else mpmath.mpf(0)) + eta * x
            got = float(nd.logpdf(np.array([x]))[0])
            assert abs(got - float(want)) <= 1e-15 * max(1.0, abs(float(want))), (x, got, want)
            assert abs(float(sp.N(law.logpdf(_sym(x)), 30)) - float(want)) < 1e-14


def test_generalized_pareto_support_ends_for_a_negative_concentration() -> None:
    nd = D.make("GeneralizedPareto", [1.0, 2.0, -0.5])
    assert (nd.lo, nd.hi) == (1.0, 5.0)
    law = DISTRIBUTIONS["GeneralizedPareto"](1, 2, sp.Rational(-1, 2))
    assert law.pdf(sp.Integer(6)) == 0 and law.pdf(sp.Integer(3)) == sp.Rational(1, 4)
    assert D.make("GeneralizedPareto", [1.0, 2.0, 0.0]).hi == math.inf


def test_von_mises_lives_on_minus_pi_to_pi_whatever_its_location() -> None:
    nd = D.make("VonMises", [3.0, 1.0])
    draws = nd.sample(np.random.default_rng(0), 10_000)
    assert draws.min() > -math.pi and draws.max() <= math.pi
    assert nd.logpdf(np.array([3.5]))[0] == -np.inf


def test_dirichlet_and_multinomial() -> None:
    d = D.make("Dirichlet", [[2.0, 3.0, 5.0]])
    draws = d.sample(np.random.default_rng(0), 100_000)
    assert np.allclose(draws.mean(axis=0), [0.2, 0.3, 0.5], atol=0.005)
    assert d.logpdf(np.array([[0.2, 0.3, 0.6]]))[0] == -np.inf  # off the simplex
    m = D.make("Multinomial", [4, [0.2, 0.8]])
    assert np.isclose(np.sum(m.pdf(m.atoms)), 1.0)
    assert len(m.atoms) == 5
    with pytest.raises(D.InvalidPoint):
        D.make("Multinomial", [4, [0.2, 0.7]])
    with pytest.raises(D.InvalidPoint):
        D.make("Geometric", [0.0])
    with pytest.raises(D.InvalidPoint):
        D.make("DiscreteUniform", [3, 1])
