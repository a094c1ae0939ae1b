"""``IID(P, K)`` with a declared positive integer symbol K: K takes an integer value at
each search point. Every expected truth is computed here (numpy, scipy, textbook
moments), never by probproof."""

from __future__ import annotations

import numpy as np
from scipy import stats
from scipy.special import logsumexp

from probproof.checks.api import check

K = {"K": "positive integer", "m": "real", "s": "positive"}
#: L_K of the model z ~ N(0, 1), x | z ~ N(z, 1) at x = 2 with q = N(0, 1): the weight
#: is p(x | z), so L_K = E[logsumexp_k log N(2; z_k, 1)] - log K.
LK = ("Expect(logsumexp(logpdf(Normal(z[k], 1), 2), (k, 0, K - 1)) - log(K), z, "
      "IID(Normal(0, 1), K))")
LOG_EVIDENCE = "logpdf(Normal(0, sqrt(2)), 2)"


def _verdict(statement: str) -> str:
    return check(statement, K, seed=0, timeout=90).status


def _bound(k: int, rows: int = 200_000, log_k: bool = True) -> tuple[float, float]:
    z = np.random.default_rng(k).standard_normal((rows, k))
    vals = logsumexp(stats.norm.logpdf(2.0, z, 1), axis=1) - (np.log(k) if log_k else 0.0)
    return float(vals.mean()), float(vals.std() / np.sqrt(rows))


def test_linearity_over_a_symbolic_number_of_draws() -> None:
    # E[z^2] = m^2 + s^2 for z ~ N(m, s); K draws hold K times that.
    assert np.isclose(stats.norm(0.5, 2.0).moment(2), 0.25 + 4.0)
    assert _verdict("Expect(Sum(z[k]**2, (k, 0, K - 1)), z, IID(Normal(m, s), K)) == "
                    "K*(m**2 + s**2)") in ("proved", "confirmed")
    assert _verdict("Expect(Sum(z[k]**2, (k, 0, K - 1)), z, IID(Normal(m, s), K)) == "
                    "(K - 1)*(m**2 + s**2)") == "refuted"


def test_variance_of_a_sum_of_draws() -> None:
    rng = np.random.default_rng(3)
    sums = rng.normal(0, 1.5, size=(400_000, 4)).sum(axis=1)
    assert abs(sums.var() - 4 * 1.5**2) < 0.05
    assert _verdict("Var(Sum(z[k], (k, 0, K - 1)), z, IID(Normal(0, s), K)) == K*s**2") in (
        "proved", "confirmed")
    assert _verdict("Var(Sum(z[k], (k, 0, K - 1)), z, IID(Normal(0, s), K)) == s**2") == (
        "refuted")


def test_iwae_bound_for_every_k() -> None:
    """L_K <= log p(x) for every K; without the log K it is false from K = 2 on; and L_K
    is not below the ELBO L_1 (it is above it from K = 2 on)."""
    evidence = float(stats.norm(0, np.sqrt(2)).logpdf(2.0))
    for k in (1, 2, 5, 20):
        mean, se = _bound(k)
        assert mean < evidence + 6 * se
    no_log, se = _bound(2, log_k=False)
    assert no_log - evidence > 10 * se
    (l1, se1), (l2, se2) = _bound(1), _bound(2)
    assert l2 - l1 > 10 * np.hypot(se1, se2)
    assert _verdict(f"{LK} <= {LOG_EVIDENCE}") in ("proved", "confirmed")
    assert _verdict(f"{LK.replace(' - log(K)', '')} <= {LOG_EVIDENCE}") == "refuted"
    elbo = "Expect(logpdf(Normal(u, 1), 2), u, Normal(0, 1))"
    assert _verdict(f"{LK} <= {elbo}") == "refuted"


def test_one_draw_of_a_finite_law_is_enumerated_correctly() -> None:
    """K = 1 draws of a Bernoulli law: the enumeration took the points of shape (1,) for
    scalars and found E[z_0] = 0 (a false refutation of a symbolic K at K = 1)."""
    assert stats.bernoulli(0.5).mean() == 0.5
    assert _verdict("Expect(z[0], z, IID(Bernoulli(1/2), 1)) == 1/2") in ("proved",
                                                                          "confirmed")
    assert _verdict("Expect(Product(z[k], (k, 0, K - 1)), z, IID(Bernoulli(1/2), K)) == "
                    "2**(-K)") in ("proved", "confirmed")
    assert _verdict("Expect(Product(z[k], (k, 0, K - 1)), z, IID(Bernoulli(1/2), K)) == "
                    "1/(2*K)") == "refuted"


def test_count_given_as_a_float_integer() -> None:
    """A sampler of integer domains may give K as 3.0 (numeric/sampling.py does): the
    evaluator takes it as 3 draws, not as an invalid count."""
    from probproof.checks.domains import parse_domain
    from probproof.checks.parser import parse_statement
    from probproof.numeric.evaluate import Context, evaluate

    rel = parse_statement("Expect(Sum(z[k], (k, 0, K - 1)), z, IID(Poisson(2), K)) == 0",
                          {"K": parse_domain("positive integer")})
    k = rel.symbols["K"]
    assert 3 * stats.poisson(2).mean() == 6
    for value in (3, 3.0):
        e = evaluate(rel.lhs, {k: value}, Context())
        assert abs(complex(e.value) - 6) < 1e-9


def test_linearity_when_each_draw_has_its_own_parameters() -> None:
    # sum_k E[(mu_k + sigma_k e_k)^2] = sum_k (mu_k^2 + sigma_k^2), e_k ~ N(0, 1): the
    # k-th term depends on k through mu[k] and sigma[k] (the general-D KL of vfe.*).
    # Indexed parameters are not in the claim language: the engine is called directly.
    import sympy as sp

    from probproof.checks.engine import check_relation
    from probproof.derivations import vocabulary as V

    mu_, sig_ = np.array([0.3, -1.2, 2.0]), np.array([0.5, 1.5, 0.7])
    draws = np.random.default_rng(0).standard_normal((400_000, 3))
    assert np.isclose(((mu_ + sig_ * draws) ** 2).sum(axis=1).mean(),
                      (mu_**2 + sig_**2).sum(), rtol=1e-2)
    k, D = sp.Symbol("k", integer=True), sp.Symbol("D", integer=True, positive=True)
    e = sp.Symbol("e", real=True)
    mu, sigma, E = sp.IndexedBase("mu"), sp.IndexedBase("sigma"), sp.IndexedBase(e)
    lhs = V.Expect(sp.Sum((mu[k] + sigma[k] * E[k]) ** 2, (k, 0, D - 1)), [e],
                   [V.IID(V.Normal(0, 1), D)])
    doms = {"D": "positive integer", "mu": "real", "sigma": "positive"}
    right = sp.Sum(mu[k] ** 2 + sigma[k] ** 2, (k, 0, D - 1))
    wrong = sp.Sum(mu[k] ** 2 + sigma[k], (k, 0, D - 1))
    assert check_relation(lhs, right, "==", doms, seed=0, timeout=90).status == "proved"
    assert check_relation(lhs, wrong, "==", doms, seed=0, timeout=90).status == "refuted"
