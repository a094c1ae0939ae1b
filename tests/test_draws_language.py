"""IID(P, K) and Pushforward(P, f, x): clear errors, and verdicts whose expected truth is
computed here with numpy/scipy (never by probproof)."""

from __future__ import annotations

import numpy as np
import pytest
from claimfiles import assert_one_clear_line
from scipy import integrate, stats

from probproof.checks.api import check
from probproof.checks.domains import parse_domain
from probproof.checks.parser import parse_statement

DOMAINS = {"n": parse_domain("positive integer"), "m": parse_domain("real")}

WRONG = [
    ("Expect(Sum(z[k], (k, 0, n)), z, IID(Normal(0, 1), n)) == 0", "out of range"),
    ("Expect(z[0], z, IID(Normal(0, 1), m)) == 0", "positive integer"),
    ("Expect(Sum(z[k], (k, 2, n - 1)), z, IID(Normal(0, 1), n)) == 0", "for every n >= 1"),
    ("Expect(Sum(z[k], (k, 0, n - 3)), z, IID(Normal(0, 1), n)) == 0", "for every n >= 1"),
    ("Expect(z[0], z, IID(Normal(0, 1), n + 1)) == 0", "not an expression"),
    ("Expect(z[1], z, IID(Normal(0, 1), n)) == 0", "may be out of range"),
    ("KL(IID(Normal(0, 1), n), IID(Normal(1, 1), n)) == 0", "law of Expect, Var or Cov"),
    ("Expect(z[0], z, IID(Normal(0, 1), 0)) == 0", "from 1 to 64"),
    ("Expect(z[0], z, IID(Normal(0, 1), 65)) == 0", "from 1 to 64"),
    ("Expect(Sum(z[k], (k, 0, 3)), z, IID(Normal(0, 1), 3)) == 0", "out of range"),
    ("Expect(Sum(z[k], (k, -1, 2)), z, IID(Normal(0, 1), 3)) == 0", "out of range"),
    ("Expect(z[3], z, IID(Normal(0, 1), 3)) == 0", "index 3 out of range"),
    ("Expect(Sum(z[k], (k, 0, 1)), z, Normal(0, 1)) == 0", "only the draw of an IID law"),
    ("Expect(z[0], z, Normal(0, 1)) == 0", "scalar draw"),
    ("Sum(z[k], (k, 0, 1)) == 0", "only a bound variable"),
    ("Expect(z, z, IID(Normal(0, 1), 3)) == 0", "use z[k]"),
    ("Expect(z[m], z, IID(Normal(0, 1), 3)) == 0", "must be the variable of a Sum"),
    ("Expect(z[0], z, IID(MvNormal([0, 0], [[1, 0], [0, 1]]), 2)) == 0", "one dimension"),
    ("H(Pushforward(Normal(0, 1), 3, x)) == 0", "must depend on x"),
    ("H(Pushforward(Mixture([1/2, 1/2], [Poisson(1), Normal(0, 1)]), x + 1, x)) == 0",
     "not a mixture of both"),
    ("H(Pushforward(Normal(0, 1), x)) == 0", "Pushforward takes 3"),
    ("H(Pushforward(Normal(0, 1), Expect(x*y, y, Normal(0, 1)), x)) == 0", "explicit function"),
    ("H(IID(Normal(0, 1))) == 0", "IID takes 2"),
]


@pytest.mark.parametrize(("statement", "fragment"), WRONG, ids=[w[0] for w in WRONG])
def test_wrong_use_gives_one_clear_line(statement: str, fragment: str) -> None:
    assert_one_clear_line(statement, fragment, DOMAINS)


def _verdict(statement: str, symbols: dict[str, str] | None = None) -> str:
    return check(statement, symbols or {}, seed=0, timeout=60).status


# -- Pushforward ------------------------------------------------------------------------


def test_pushforward_density_by_change_of_variables() -> None:
    # exp(X), X ~ N(0, 1) is scipy's lognorm(1): the Jacobian 1/y is part of the density.
    ys = np.array([0.1, 1.0, 4.0])
    assert np.allclose(stats.lognorm(1).pdf(ys) * 1.0, stats.norm.pdf(np.log(ys)) / ys)
    assert _verdict("pdf(Pushforward(Normal(0, 1), exp(x), x), y) == pdf(LogNormal(0, 1), y)",
                    {"y": "positive"}) in ("proved", "confirmed")


def test_missing_jacobian_is_refuted() -> None:
    y = 4.0  # the two sides differ by a factor y
    assert not np.isclose(stats.lognorm(1).pdf(y), stats.norm.pdf(np.log(y)))
    assert _verdict("pdf(Pushforward(Normal(0, 1), exp(x), x), y) == pdf(Normal(0, 1), log(y))",
                    {"y": "positive"}) == "refuted"


def test_two_branch_density_sums_both_pieces() -> None:
    # X**2, X ~ N(0, 1) is chi-square with one degree of freedom (both branches +-sqrt(y)).
    assert _verdict("pdf(Pushforward(Normal(0, 1), x**2, x), y) == pdf(Chi2(1), y)",
                    {"y": "positive"}) in ("proved", "confirmed")
    # One branch only (half the density) is wrong.
    assert _verdict("pdf(Pushforward(Normal(0, 1), x**2, x), y) == pdf(Chi2(1), y)/2",
                    {"y": "positive"}) == "refuted"


def test_law_of_the_unconscious_statistician() -> None:
    truth = integrate.quad(lambda x: np.sin(x * x - x) * stats.norm.pdf(x), -40, 40)[0]
    assert abs(truth) > 0.1
    assert _verdict("Expect(sin(y), y, Pushforward(Normal(0, 1), x**2 - x, x)) == "
                    "Expect(sin(x**2 - x), x, Normal(0, 1))") in ("proved", "confirmed")
    assert _verdict("Expect(sin(y), y, Pushforward(Normal(0, 1), x**2 - x, x)) == "
                    "Expect(sin(x**2 + x), x, Normal(0, 1)) + 1/10") == "refuted"
    # E[exp(X)] for X ~ N(m, 1) is exp(m + 1/2) (lognormal mean from scipy).
    assert np.isclose(stats.lognorm(1, scale=np.exp(0.3)).mean(), np.exp(0.8))
    assert _verdict("Expect(y, y, Pushforward(Normal(m, 1), exp(x), x)) == exp(m + 1/2)",
                    {"m": "interval(-2, 2)"}) in ("proved", "confirmed")
    assert _verdict("Expect(y, y, Pushforward(Normal(m, 1), exp(x), x)) == exp(m)",
                    {"m": "interval(-2, 2)"}) == "refuted"


def test_pushforward_numeric_density_agrees_with_scipy() -> None:
    from probproof.numeric import distributions as D
    from probproof.numeric import transforms as T

    base = D.make("Normal", [0.0, 1.0])
    nd = T.pushforward(base, lambda x: x**2, lambda x: 2 * x)
    ys = np.array([1e-6, 0.3, 2.5, 12.0, 80.0])
    assert np.allclose(np.exp(nd.logpdf(ys)), stats.chi2(1).pdf(ys), rtol=1e-10)
    draws = nd.sample(np.random.default_rng(0), 200_000)
    assert abs(draws.mean() - 1.0) < 6 * draws.std() / np.sqrt(len(draws))


# -- IID --------------------------------------------------------------------------------


def test_iid_linearity_and_its_wrong_version() -> None:
    assert _verdict("Expect(Sum(z[k]**2, (k, 0, 4)), z, IID(Normal(m, 1), 5)) == 5*(m**2 + 1)",
                    {"m": "real"}) in ("proved", "confirmed")
    assert _verdict("Expect(Sum(z[k]**2, (k, 0, 4)), z, IID(Normal(m, 1), 5)) == m**2 + 1",
                    {"m": "real"}) == "refuted"


def test_iid_small_discrete_law_exactly() -> None:
    p = 0.3  # P(all three successes) = p**3, computed by enumeration here
    outcomes = np.array(np.meshgrid([0, 1], [0, 1], [0, 1])).reshape(3, -1).T
    probs = np.prod(np.where(outcomes == 1, p, 1 - p), axis=1)
    assert np.isclose(np.sum(probs * np.prod(outcomes, axis=1)), p**3)
    assert _verdict("Expect(Product(z[k], (k, 0, 2)), z, IID(Bernoulli(p), 3)) == p**3",
                    {"p": "probability"}) in ("proved", "confirmed")
    assert _verdict("Expect(Product(z[k], (k, 0, 2)), z, IID(Bernoulli(p), 3)) == 3*p",
                    {"p": "probability"}) == "refuted"


def test_iid_order_statistic() -> None:
    rng = np.random.default_rng(1)
    mc = rng.uniform(size=(400_000, 2)).max(axis=1).mean()
    assert abs(mc - 2 / 3) < 0.003
    assert _verdict("Expect(Max(z[0], z[1]), z, IID(Uniform(0, 1), 2)) == 2/3") in (
        "proved", "confirmed")
    assert _verdict("Expect(Max(z[0], z[1]), z, IID(Uniform(0, 1), 2)) == 1/2") == "refuted"
    assert _verdict("Expect(Max(z[0], z[1]), z, IID(Uniform(0, 1), 2)) >= 1/2") == "confirmed"


def test_affine_pushforward_entropy_is_not_a_confident_zero() -> None:
    """The image of N(0, 1) under 2x + 1 reached 2e300 as a finite bound: quadrature saw no
    mass and returned 0 with a zero error bound."""
    from probproof.numeric.evaluate import Context, evaluate

    truth = float(stats.norm(1, 2).entropy())
    rel = parse_statement("H(Pushforward(Normal(0, 1), 2*x + 1, x)) == 0", {})
    e = evaluate(rel.lhs, {}, Context())
    assert abs(complex(e.value).real - truth) < 1e-8
    assert _verdict(f"H(Pushforward(Normal(0, 1), 2*x + 1, x)) == {truth!r}") in (
        "proved", "confirmed")
    assert _verdict("H(Pushforward(Normal(0, 1), 2*x + 1, x)) == log(2*pi*exp(1))/2") == (
        "refuted")


def test_iid_of_an_infinite_discrete_law() -> None:
    # The sum of three Poisson(2) draws is Poisson(6): mean 6 (scipy).
    assert stats.poisson(6).mean() == 6
    assert _verdict("Expect(Sum(z[k], (k, 0, 2)), z, IID(Poisson(2), 3)) == 6") in (
        "proved", "confirmed")
    # Wrong sums are refuted: the second witness is Monte Carlo on the integer draws, whose
    # tail diagnostic read the ties of a count as an infinite tail (undecided before).
    assert _verdict("Expect(Sum(z[k], (k, 0, 2)), z, IID(Poisson(2), 3)) == 5") == "refuted"
    assert _verdict("Expect(Sum(z[k], (k, 0, 2)), z, IID(Poisson(2), 3)) == 7") == "refuted"
    # E[X^2] = (1 - p)(2 - p)/p^2 for failures before the first success (scipy's geom
    # counts trials: X = Y - 1); twice the variance is a plausible slip.
    p = 0.3
    y = stats.geom(p)
    second = y.expect(lambda t: (t - 1) ** 2)
    assert np.isclose(second, (1 - p) * (2 - p) / p**2)
    assert _verdict("Expect(Sum(z[k]**2, (k, 0, 1)), z, IID(Geometric(p), 2)) == "
                    "2*(1 - p)*(2 - p)/p**2", {"p": "probability"}) in ("proved", "confirmed")
    assert _verdict("Expect(Sum(z[k]**2, (k, 0, 1)), z, IID(Geometric(p), 2)) == "
                    "2*(1 - p)/p**2", {"p": "probability"}) == "refuted"


def test_tail_diagnostic_of_integer_samples() -> None:
    """Counts and indicators have bounded or light tails: the Pareto fit must not call
    their ties an infinite tail (it divided by a zero quartile); heavy tails still are."""
    from probproof.numeric.tails import tail_shape

    rng = np.random.default_rng(0)
    for sample in (rng.poisson(2, 131_072), rng.poisson(2, (131_072, 3)).sum(axis=1),
                   rng.geometric(0.3, 131_072), rng.binomial(1, 0.01, 131_072)):
        assert tail_shape(sample.astype(float)) < 0.5
    assert tail_shape(rng.zipf(1.8, 131_072).astype(float)) >= 0.5  # infinite variance


# -- Pushforward of a discrete law --------------------------------------------------------


def test_discrete_pushforward_mass_sums_the_preimages() -> None:
    # (K - 2)^2 = 1 for K = 1 and K = 3, K ~ Binomial(4, p): both masses (scipy).
    p = 0.3
    truth = stats.binom(4, p).pmf(1) + stats.binom(4, p).pmf(3)
    assert np.isclose(truth, 4 * p * (1 - p) * (p**2 + (1 - p) ** 2))
    law = "Pushforward(Binomial(4, p), (k - 2)**2, k)"
    sym = {"p": "probability"}
    assert _verdict(f"pdf({law}, 1) == 4*p*(1 - p)*(p**2 + (1 - p)**2)", sym) in (
        "proved", "confirmed")
    assert _verdict(f"pdf({law}, 1) == 4*p*(1 - p)**3", sym) == "refuted"  # one branch
    assert _verdict(f"pdf({law}, 1) == 8*p*(1 - p)*(p**2 + (1 - p)**2)", sym) == "refuted"


def test_injective_discrete_pushforward_moves_the_mass() -> None:
    r = 1.7  # 2K + 1 = 5 exactly when K = 2 (scipy); 4 is never reached
    assert stats.poisson(r).pmf(2) > 0.1
    law = "Pushforward(Poisson(r), 2*k + 1, k)"
    sym = {"r": "positive"}
    assert _verdict(f"pdf({law}, 5) == pdf(Poisson(r), 2)", sym) in ("proved", "confirmed")
    assert _verdict(f"pdf({law}, 5) == pdf(Poisson(r), 5)", sym) == "refuted"
    assert _verdict(f"pdf({law}, 4) == 0", sym) in ("proved", "confirmed")
    # E[2K + 1] = 2r + 1 (scipy's Poisson mean); values need not be integers: K/2.
    assert np.isclose(2 * stats.poisson(r).mean() + 1, 2 * r + 1)
    assert _verdict(f"Expect(y, y, {law}) == 2*r + 1", sym) in ("proved", "confirmed")
    assert _verdict(f"Expect(y, y, {law}) == 2*r", sym) == "refuted"
    g = stats.geom(0.4)  # trials; failures before the first success are trials - 1
    assert np.isclose(g.pmf(4), 0.4 * 0.6**3)
    half = "Pushforward(Geometric(p), k/2, k)"
    sym = {"p": "probability"}
    assert _verdict(f"logpdf({half}, 3/2) == log(p) + 3*log(1 - p)", sym) in (
        "proved", "confirmed")
    assert _verdict(f"logpdf({half}, 3/2) == log(p) + 2*log(1 - p)", sym) == "refuted"


def test_discrete_pushforward_cdf_and_kl() -> None:
    """The cdf came out 0 (a density integrated over a discrete law): P(2K <= 3) =
    P(K <= 1) was refuted. KL of the law of 2K to Poisson(1) is finite (P << Q)."""
    sym = {"r": "positive"}
    law = "Pushforward(Poisson(r), 2*k, k)"
    assert _verdict(f"cdf({law}, 3) == cdf(Poisson(r), 1)", sym) in ("proved", "confirmed")
    assert _verdict(f"cdf({law}, 3) == cdf(Poisson(r), 3)", sym) == "refuted"
    ks = np.arange(0, 60)
    p = stats.poisson(1.0).pmf(ks)
    kl = float(np.sum(p * (stats.poisson(1.0).logpmf(ks) - stats.poisson(1.0).logpmf(2 * ks))))
    assert 1.0 < kl < 1.3
    statement = "KL(Pushforward(Poisson(1), 2*k, k), Poisson(1))"
    assert _verdict(f"{statement} == {kl!r}") in ("proved", "confirmed")
    assert _verdict(f"{statement} == oo") == "refuted"


def test_the_support_of_a_pushforward_is_the_image_of_every_monotone_piece() -> None:
    """``x**2`` of a normal law had the support Interval(oo, oo), an empty set (the map's
    values at the ends only), and the second witness of its cdf failed with a SymPy
    internal name in the message; of Uniform(-1, 2) it was [1, 4], not [0, 4]."""
    import sympy as sp

    from probproof.derivations import vocabulary as V
    from probproof.derivations.transforms import Pushforward

    x = sp.Symbol("x")
    assert Pushforward(V.Normal(0, 1), x**2, x).support() == sp.Interval(0, sp.oo)
    assert Pushforward(V.Uniform(-1, 2), x**2, x).support() == sp.Interval(0, 4)
    assert Pushforward(V.Exponential(1), sp.exp(-x), x).support() == sp.Interval(0, 1)
    assert _verdict("cdf(Pushforward(Normal(0, 1), x**2, x), 1) == cdf(Normal(0, 1), 1)") == (
        "refuted")
    assert _verdict("cdf(Pushforward(Uniform(-1, 2), x**2, x), 1) == 1/3") == "refuted"
    assert _verdict("cdf(Pushforward(Uniform(-1, 2), x**2, x), 1) == 2/3") in (
        "proved", "confirmed")
