"""Numeric laws of the families added to the language (DESIGN.md, "More of the field's
vocabulary"), from ``scipy.stats`` where SciPy has them, with their supports as interval
end points so that quadrature knows where a density starts and stops.

Parameters come in the vocabulary's (torch's) order; each builder rejects a parameter
outside its domain with :class:`~probproof.numeric.distributions.InvalidPoint`. The
Kumaraswamy, continuous Bernoulli and von Mises densities are written out with numpy
(SciPy has no Kumaraswamy or continuous Bernoulli, and its von Mises lives on
``(mu - pi, mu + pi]`` while ours lives on ``(-pi, pi]``); the Dirichlet density takes
points as rows, like every multivariate point here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special, stats

from probproof.numeric import distributions as D


@dataclass
class ExplicitDist(D.NumericDist):
    """A law whose log density and sampler are given as functions."""

    logpdf_fn: Callable[[np.ndarray], np.ndarray] | None = None
    sample_fn: Callable[[np.random.Generator, int], np.ndarray] | None = None
    cdf_fn: Callable[[np.ndarray], np.ndarray] | None = None

    def cdf(self, x):
        if self.cdf_fn is None:
            return super().cdf(x)
        return self.cdf_fn(np.asarray(x, dtype=float))

    def logpdf(self, x):
        with np.errstate(all="ignore"):
            return self.logpdf_fn(np.asarray(x, dtype=float))  # type: ignore[misc]

    def sample(self, rng, n):
        return self.sample_fn(rng, n)  # type: ignore[misc]


def _bulk(frozen) -> tuple[float, float]:
    """A location and scale of the bulk of the mass: the median, and half the central 50%
    or the reciprocal of the density at the median, whichever is smaller.

    Of a heavy tail the central 50% spans far more than its core: StudentT(0.001)'s
    quartiles are at 2e152, its density falls from its peak within 0.03 of 0, and a scan
    in units of 1e152 never saw the core (its entropy came out 3.2 +- 5.1 against 1004).
    The smaller scale leaves the tail to the scan's decay test instead."""
    q1, med, q3 = (float(frozen.ppf(q)) for q in (0.25, 0.5, 0.75))
    scale = (q3 - q1) / 2
    with np.errstate(all="ignore"):
        core = 1.0 / float(frozen.pdf(med))
    if math.isfinite(core) and 0 < core < scale:
        scale = core
    if not (math.isfinite(scale) and scale > 0):
        scale = max(abs(med), 1.0)
    return med, scale


def _continuous(kind: str, frozen, lo: float = -math.inf, hi: float = math.inf):
    loc, scale = _bulk(frozen)
    return D.NumericDist(kind, False, 1, frozen, loc=loc, scale=scale, lo=lo, hi=hi)


def _p(params, i: int, name: str) -> float:
    return D._pos(D._real(params[i], name), name)


def _lognormal(ps):
    mu, s = D._real(ps[0], "mu"), _p(ps, 1, "sigma")
    return _continuous("LogNormal", stats.lognorm(s, scale=math.exp(mu)) if mu < 700 else
                       _raise("LogNormal mu too large for float64"), lo=0.0)


def _raise(message: str):
    raise D.InvalidPoint(message)


def _studentt(ps):
    nu, mu, s = _p(ps, 0, "df"), D._real(ps[1], "mu"), _p(ps, 2, "sigma")
    return _continuous("StudentT", stats.t(nu, mu, s))


def _cauchy(ps):
    return _continuous("Cauchy", stats.cauchy(D._real(ps[0], "mu"), _p(ps, 1, "gamma")))


def _gumbel(ps):
    return _continuous("Gumbel", stats.gumbel_r(D._real(ps[0], "mu"), _p(ps, 1, "beta")))


def _logistic(ps):
    return _continuous("Logistic", stats.logistic(D._real(ps[0], "mu"), _p(ps, 1, "s")))


def _weibull(ps):
    lam, k = _p(ps, 0, "scale"), _p(ps, 1, "shape")
    return _continuous("Weibull", stats.weibull_min(k, scale=lam), lo=0.0)


def _pareto(ps):
    m, a = _p(ps, 0, "scale"), _p(ps, 1, "alpha")
    law = _continuous("Pareto", stats.pareto(a, scale=m), lo=m)
    law.log_density = lambda x: _pareto_logpdf(x, m, a)
    return law


def _pareto_logpdf(x: np.ndarray, m, a) -> np.ndarray:
    """``log a + a log m - (a + 1) log x`` for ``x >= m``: SciPy 1.17's ``logpdf`` is the
    log of its ``pdf``, -inf where ``x^-(a+1)`` underflows."""
    x = np.asarray(x, dtype=float)
    with np.errstate(all="ignore"):
        out = np.where(x >= m, np.log(a) + a * np.log(m) - (a + 1) * np.log(x), -np.inf)
        return np.where(np.isnan(m) | np.isnan(a), np.nan, out)  # invalid parameters


def _halfnormal(ps):
    return _continuous("HalfNormal", stats.halfnorm(scale=_p(ps, 0, "sigma")), lo=0.0)


def _halfcauchy(ps):
    return _continuous("HalfCauchy", stats.halfcauchy(scale=_p(ps, 0, "gamma")), lo=0.0)


def _chi2(ps):
    return _continuous("Chi2", stats.chi2(_p(ps, 0, "df")), lo=0.0)


def _inverse_gamma(ps):
    a, b = _p(ps, 0, "shape"), _p(ps, 1, "rate")
    return _continuous("InverseGamma", stats.invgamma(a, scale=b), lo=0.0)


def _kumaraswamy(ps):
    a, b = _p(ps, 0, "a"), _p(ps, 1, "b")

    def logpdf(x):
        inside = (x > 0) & (x < 1)
        xs = np.where(inside, x, 0.5)
        v = (math.log(a * b) + (a - 1) * np.log(xs)
             + (b - 1) * np.log1p(-np.power(xs, a)))
        return np.where(inside, v, -np.inf)

    def sample(rng, n):
        u = rng.random(n)
        # inverse of the cdf 1 - (1 - x^a)^b
        return (-np.expm1(np.log1p(-u) / b)) ** (1 / a)

    def cdf(x):
        xs = np.clip(x, 0.0, 1.0)
        return -np.expm1(b * np.log1p(-np.power(xs, a)))

    def logpdf_below_one(d):
        # at x = 1 - d: 1 - x**a is -expm1(a log1p(-d)), with every digit of d
        ds = np.asarray(d, dtype=float)
        inside = (ds > 0) & (ds < 1)
        dd = np.where(inside, ds, 0.5)
        with np.errstate(all="ignore"):
            v = (math.log(a * b) + (a - 1) * np.log1p(-dd)
                 + (b - 1) * np.log(-np.expm1(a * np.log1p(-dd))))
        return np.where(inside, v, -np.inf)

    # As for Beta: the whole unit interval is the scale (a median near an end, where the
    # density may be singular, would make the scan miss the mass).
    return ExplicitDist("Kumaraswamy", False, 1, None, loc=0.0, scale=1.0, lo=0.0, hi=1.0,
                        logpdf_fn=logpdf, sample_fn=sample, cdf_fn=cdf,
                        logpdf_below_hi=logpdf_below_one)


def _vonmises(ps):
    mu, k = D._real(ps[0], "mu"), _p(ps, 1, "kappa")
    log_norm = math.log(2 * math.pi) + math.log(special.i0e(k)) + k

    def logpdf(x):
        inside = (x > -math.pi) & (x <= math.pi)
        return np.where(inside, k * np.cos(x - mu) - log_norm, -np.inf)

    def sample(rng, n):
        z = stats.vonmises(k, loc=mu).rvs(size=n, random_state=rng)
        return np.mod(z + math.pi, 2 * math.pi) - math.pi

    loc = math.remainder(mu, 2 * math.pi)
    return ExplicitDist("VonMises", False, 1, None, loc=loc,
                        scale=min(1.0, 1 / math.sqrt(k)), lo=-math.pi, hi=math.pi,
                        logpdf_fn=logpdf, sample_fn=sample)


def _cb_logit(lam):
    """``log(lam/(1 - lam))`` from both logs, so that neither end loses digits."""
    return np.log(lam) - np.log1p(-lam)


def _cb_log_norm(eta):
    """``log(eta/expm1(eta))``, the log density at 0 of the continuous Bernoulli of logit
    ``eta`` (its density is ``exp(log_norm + eta x)`` on [0, 1]); written with numpy
    rather than from the SymPy form: near ``eta = 0`` both ``eta`` and ``expm1`` vanish,
    and the series keeps every digit there."""
    eta = np.asarray(eta, dtype=float)
    small = np.abs(eta) < 1e-2
    e = np.where(small, 1.0, eta)
    with np.errstate(all="ignore"):
        # eta > 0: log(expm1(eta)) = eta + log(-expm1(-eta)) does not overflow
        big = np.where(e > 0, np.log(e) - e - np.log(-np.expm1(-np.abs(e))),
                       np.log(e / np.expm1(e)))
    # -sum B_2n eta^2n / (2n (2n)!); the first term left out is below 1e-17 here
    series = -eta / 2 - eta**2 / 24 + eta**4 / 2880
    return np.where(small, series, big)


def _cb_logpdf(x, lam):
    lam = np.where((lam > 0) & (lam < 1), lam, np.nan)
    eta = _cb_logit(lam)
    with np.errstate(all="ignore"):
        v = _cb_log_norm(eta) + eta * x
    return np.where(np.isnan(lam), np.nan, np.where((x >= 0) & (x <= 1), v, -np.inf))


def _continuous_bernoulli(ps):
    lam = D._real(ps[0], "probs")
    if not 0 < lam < 1:
        raise D.InvalidPoint(f"ContinuousBernoulli probs must be in (0, 1), got {lam}")
    eta = float(_cb_logit(lam))
    flat = abs(eta) < 1e-12

    def logpdf(x):
        return _cb_logpdf(x, lam)

    def sample(rng, n):
        u = rng.random(n)
        # inverse of the cdf expm1(eta x)/expm1(eta)
        return u if flat else np.log1p(u * np.expm1(eta)) / eta

    def cdf(x):
        xs = np.clip(x, 0.0, 1.0)
        return xs if flat else np.expm1(eta * xs) / np.expm1(eta)

    return ExplicitDist("ContinuousBernoulli", False, 1, None, loc=0.5, scale=0.5, lo=0.0,
                        hi=1.0, logpdf_fn=logpdf, sample_fn=sample, cdf_fn=cdf)


def _fisher_snedecor(ps):
    return _continuous("FisherSnedecor", stats.f(_p(ps, 0, "df1"), _p(ps, 1, "df2")), lo=0.0)


def _generalized_pareto(ps):
    loc, scale = D._real(ps[0], "loc"), _p(ps, 1, "scale")
    xi = D._real(ps[2], "concentration")
    hi = loc - scale / xi if xi < 0 else math.inf
    return _continuous("GeneralizedPareto", stats.genpareto(xi, loc, scale), lo=loc, hi=hi)


def _genpareto_logpdf(x, loc, scale, xi):
    return stats.genpareto.logpdf(x, xi, loc, _pos_or_nan(scale))


def _geometric(ps):
    p = D._prob(D._real(ps[0], "p"), "p")
    if p == 0:
        raise D.InvalidPoint("Geometric p must be > 0")
    return D.NumericDist("Geometric", True, 1, stats.geom(p, loc=-1))


def _negative_binomial(ps):
    r = _p(ps, 0, "r")
    p = D._prob(D._real(ps[1], "p"), "p")
    if p == 1:
        raise D.InvalidPoint("NegativeBinomial p must be < 1")
    return D.NumericDist("NegativeBinomial", True, 1, stats.nbinom(r, 1 - p))


def _integer(v: float, what: str) -> int:
    v = D._real(v, what)
    if v != int(v):
        raise D.InvalidPoint(f"{what} must be an integer, got {v}")
    return int(v)


def _discrete_uniform(ps):
    a, b = _integer(ps[0], "a"), _integer(ps[1], "b")
    if b < a:
        raise D.InvalidPoint(f"DiscreteUniform needs a <= b, got {a}, {b}")
    if b - a > 10_000_000:
        raise D.InvalidPoint("DiscreteUniform too wide to enumerate")
    return D.NumericDist("DiscreteUniform", True, 1, stats.randint(a, b + 1),
                         atoms=np.arange(a, b + 1, dtype=float))


def _dirichlet(ps):
    alpha = np.array([_p([v], 0, "concentration") for v in ps[0]], dtype=float)
    log_norm = float(special.gammaln(alpha.sum()) - special.gammaln(alpha).sum())
    frozen = stats.dirichlet(alpha)

    def logpdf(x):
        x = np.atleast_2d(x)
        inside = np.all(x > 0, axis=-1) & (np.abs(x.sum(axis=-1) - 1) < 1e-9)
        xs = np.where(inside[..., None], x, 1.0 / len(alpha))
        return np.where(inside, log_norm + np.sum((alpha - 1) * np.log(xs), axis=-1), -np.inf)

    def sample(rng, n):
        return frozen.rvs(size=n, random_state=rng)

    return ExplicitDist("Dirichlet", False, len(alpha), frozen, logpdf_fn=logpdf,
                        sample_fn=sample)


def _multinomial(ps):
    n = _integer(ps[0], "n")
    if n < 0:
        raise D.InvalidPoint(f"Multinomial n must be >= 0, got {n}")
    probs = D._weights(ps[1], "Multinomial probabilities")
    frozen = stats.multinomial(n, probs)

    def logpdf(x):
        x = np.atleast_2d(x)
        ok = np.all((x >= 0) & (x == np.rint(x)), axis=-1) & (x.sum(axis=-1) == n)
        with np.errstate(divide="ignore"):
            v = (special.gammaln(n + 1) - np.sum(special.gammaln(np.where(ok[..., None], x, 0)
                                                               + 1), axis=-1)
                 + np.sum(special.xlogy(np.where(ok[..., None], x, 0), probs), axis=-1))
        return np.where(ok, v, -np.inf)

    def sample(rng, size):
        return rng.multinomial(n, probs, size=size).astype(float)

    count = math.comb(n + len(probs) - 1, len(probs) - 1)
    return ExplicitDist("Multinomial", True, len(probs), frozen, logpdf_fn=logpdf,
                        sample_fn=sample,
                        atoms=_compositions(n, len(probs)) if count <= 200_000 else None)


def _compositions(n: int, k: int) -> np.ndarray:
    """Every vector of k nonnegative integers summing to n (the Multinomial's support),
    one per row: the outcomes to enumerate for an exact expectation."""
    rows: list[tuple[int, ...]] = []

    def extend(prefix: tuple[int, ...], left: int) -> None:
        if len(prefix) == k - 1:
            rows.append((*prefix, left))
            return
        for v in range(left + 1):
            extend((*prefix, v), left - v)

    extend((), n)
    return np.array(rows, dtype=float)


#: vocabulary name -> builder from numeric parameters
FAMILIES: dict[str, Callable[[list], D.NumericDist]] = {
    "LogNormal": _lognormal, "StudentT": _studentt, "Cauchy": _cauchy, "Gumbel": _gumbel,
    "Logistic": _logistic, "Weibull": _weibull, "Pareto": _pareto, "HalfNormal": _halfnormal,
    "HalfCauchy": _halfcauchy, "Chi2": _chi2, "InverseGamma": _inverse_gamma,
    "Kumaraswamy": _kumaraswamy, "VonMises": _vonmises,
    "ContinuousBernoulli": _continuous_bernoulli, "FisherSnedecor": _fisher_snedecor,
    "GeneralizedPareto": _generalized_pareto, "Geometric": _geometric,
    "NegativeBinomial": _negative_binomial, "DiscreteUniform": _discrete_uniform,
    "Dirichlet": _dirichlet, "Multinomial": _multinomial,
}


def _pos_or_nan(v: np.ndarray) -> np.ndarray:
    return np.where(v > 0, v, np.nan)


def _prob_or_nan(v: np.ndarray) -> np.ndarray:
    return np.where((v >= 0) & (v <= 1), v, np.nan)


#: kind -> logpdf(x, *params) with array parameters (invalid parameters give NaN)
VECTOR_LOGPDF_FAMILIES = {
    "LogNormal": lambda x, mu, s: stats.lognorm.logpdf(x, _pos_or_nan(s), scale=np.exp(mu)),
    "StudentT": lambda x, nu, mu, s: stats.t.logpdf(x, _pos_or_nan(nu), mu, _pos_or_nan(s)),
    "Cauchy": lambda x, mu, g: stats.cauchy.logpdf(x, mu, _pos_or_nan(g)),
    "Gumbel": lambda x, mu, b: stats.gumbel_r.logpdf(x, mu, _pos_or_nan(b)),
    "Logistic": lambda x, mu, s: stats.logistic.logpdf(x, mu, _pos_or_nan(s)),
    "Weibull": lambda x, lam, k: stats.weibull_min.logpdf(x, _pos_or_nan(k),
                                                          scale=_pos_or_nan(lam)),
    "Pareto": lambda x, m, a: _pareto_logpdf(x, _pos_or_nan(m), _pos_or_nan(a)),
    "HalfNormal": lambda x, s: stats.halfnorm.logpdf(x, scale=_pos_or_nan(s)),
    "HalfCauchy": lambda x, g: stats.halfcauchy.logpdf(x, scale=_pos_or_nan(g)),
    "Chi2": lambda x, k: stats.chi2.logpdf(x, _pos_or_nan(k)),
    "InverseGamma": lambda x, a, b: stats.invgamma.logpdf(x, _pos_or_nan(a),
                                                          scale=_pos_or_nan(b)),
    "ContinuousBernoulli": _cb_logpdf,
    "FisherSnedecor": lambda x, d1, d2: stats.f.logpdf(x, _pos_or_nan(d1), _pos_or_nan(d2)),
    "GeneralizedPareto": _genpareto_logpdf,
    "Geometric": lambda x, p: stats.geom.logpmf(x, np.where((p > 0) & (p <= 1), p, np.nan),
                                                loc=-1),
    "NegativeBinomial": lambda x, r, p: stats.nbinom.logpmf(
        x, _pos_or_nan(r), 1 - np.where((p >= 0) & (p < 1), p, np.nan)),
}

__all__ = ["FAMILIES", "VECTOR_LOGPDF_FAMILIES", "ExplicitDist", "_prob_or_nan"]
