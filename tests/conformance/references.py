"""Reference values from outside probproof: scipy.stats, torch.distributions, mpmath.

Nothing here imports probproof. Each family maps a parameter dict to a scipy
frozen distribution, a torch distribution (for ``kl_divergence``) and an
mpmath log-density written from the textbook definition (checked against
scipy in ``test_references.py``), so that expectations which scipy does not
provide (E[log z], moment generating functions) are computed from the
definition at 30 digits rather than from the closed form under test.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import mpmath as mp
import numpy as np
import scipy.stats as st
import torch
import torch.distributions as td

#: Digits of every mpmath reference computation. Set inside ``precise`` only: a global
#: ``mp.mp.dps`` here would change mpmath's precision for every test that imports this
#: module, probproof's own mpmath witness included.
DIGITS = 30


def precise(fn: Callable[..., T]) -> Callable[..., T]:
    """Run ``fn`` with mpmath at :data:`DIGITS` digits, restoring the caller's precision."""

    @functools.wraps(fn)
    def run(*args: object, **kwargs: object) -> T:
        with mp.workdps(DIGITS):
            return fn(*args, **kwargs)

    return run

T = TypeVar("T")
Params = dict[str, float]


@dataclass(frozen=True)
class Law:
    """One distribution of the suite at concrete parameters."""

    scipy: object  # frozen scipy.stats distribution (or None for mixtures)
    torch: td.Distribution | None
    logpdf: Callable[[mp.mpf], mp.mpf]  # mpmath log density / log pmf
    support: tuple[float, float]  # (lo, hi); discrete laws list integers lo..hi
    discrete: bool
    centre: float  # a point where most of the mass sits (a quadrature break)
    spread: float


def _t(x: float) -> torch.Tensor:
    return torch.tensor(float(x), dtype=torch.float64)


def normal(mu: float, s: float) -> Law:
    return Law(
        st.norm(mu, s),
        td.Normal(_t(mu), _t(s)),
        lambda x: -((x - mu) ** 2) / (2 * mp.mpf(s) ** 2) - mp.log(2 * mp.pi * mp.mpf(s) ** 2) / 2,
        (-math.inf, math.inf),
        False,
        mu,
        s,
    )


def laplace(mu: float, b: float) -> Law:
    return Law(
        st.laplace(mu, b),
        td.Laplace(_t(mu), _t(b)),
        lambda x: -abs(x - mu) / mp.mpf(b) - mp.log(2 * mp.mpf(b)),
        (-math.inf, math.inf),
        False,
        mu,
        b,
    )


def uniform(lo: float, hi: float) -> Law:
    return Law(
        st.uniform(lo, hi - lo),
        td.Uniform(_t(lo), _t(hi)),
        lambda x: -mp.log(mp.mpf(hi) - lo),
        (lo, hi),
        False,
        (lo + hi) / 2,
        hi - lo,
    )


def exponential(lam: float) -> Law:
    return Law(
        st.expon(scale=1 / lam),
        td.Exponential(_t(lam)),
        lambda x: mp.log(lam) - lam * x,
        (0.0, math.inf),
        False,
        1 / lam,
        1 / lam,
    )


def gamma(a: float, b: float) -> Law:
    return Law(
        st.gamma(a, scale=1 / b),
        td.Gamma(_t(a), _t(b)),
        lambda x: a * mp.log(b) + (a - 1) * mp.log(x) - b * x - mp.loggamma(a),
        (0.0, math.inf),
        False,
        a / b,
        math.sqrt(a) / b,
    )


def beta(a: float, b: float) -> Law:
    return Law(
        st.beta(a, b),
        td.Beta(_t(a), _t(b)),
        lambda x: (a - 1) * mp.log(x) + (b - 1) * mp.log(1 - x) - mp.log(mp.beta(a, b)),
        (0.0, 1.0),
        False,
        a / (a + b),
        0.5,
    )


def bernoulli(p: float) -> Law:
    return Law(
        st.bernoulli(p),
        td.Bernoulli(probs=_t(p)),
        lambda k: mp.log(p) if k == 1 else mp.log(1 - mp.mpf(p)),
        (0, 1),
        True,
        p,
        1.0,
    )


def binomial(n: int, p: float) -> Law:
    def logpmf(k):
        return mp.log(mp.binomial(n, k)) + k * mp.log(p) + (n - k) * mp.log(1 - mp.mpf(p))

    return Law(
        st.binom(n, p),
        td.Binomial(int(n), probs=_t(p)),
        logpmf,
        (0, int(n)),
        True,
        n * p,
        math.sqrt(n * p * (1 - p)) + 1,
    )


def poisson(lam: float) -> Law:
    return Law(
        st.poisson(lam),
        td.Poisson(_t(lam)),
        lambda k: k * mp.log(lam) - lam - mp.loggamma(k + 1),
        (0, math.inf),
        True,
        lam,
        math.sqrt(lam) + 1,
    )


def categorical(probs: Sequence[float]) -> Law:
    probs = [float(v) for v in probs]
    return Law(
        st.rv_discrete(values=(np.arange(len(probs)), probs)),
        td.Categorical(probs=torch.tensor(probs, dtype=torch.float64)),
        lambda k: mp.log(probs[int(k)]) if probs[int(k)] > 0 else -mp.inf,
        (0, len(probs) - 1),
        True,
        0.0,
        1.0,
    )


def mvnormal(mean: Sequence[float], cov: Sequence[Sequence[float]]) -> Law:
    m = np.asarray(mean, dtype=float)
    c = np.asarray(cov, dtype=float)
    return Law(
        st.multivariate_normal(m, c),
        td.MultivariateNormal(torch.tensor(m), covariance_matrix=torch.tensor(c)),
        lambda x: mp.nan,
        (-math.inf, math.inf),
        False,
        0.0,
        1.0,
    )


# --- expectations from the definition ------------------------------------------------


def expect(g: Callable[[mp.mpf], mp.mpf], law: Law, *, breaks: Sequence[float] = ()) -> mp.mpf:
    """E[g(z)] for z ~ law by tanh-sinh quadrature (continuous) or an exact sum
    over enough of the support that the rest is below 1e-40 (discrete)."""
    if law.discrete:
        lo, hi = law.support
        if math.isinf(hi):
            # Terms of g(k) p(k) for the g of the suite (polynomials, exp(t k))
            # decay like a Poisson of rate at most centre*e^4; cut far past it.
            hi = int(law.centre * 60 + 60 * math.sqrt(law.centre * 60) + 400)
        return mp.fsum(g(mp.mpf(k)) * mp.exp(law.logpdf(k)) for k in range(int(lo), int(hi) + 1))
    lo, hi = law.support
    pts = sorted({lo, hi, *[b for b in breaks if lo < b < hi]} | _inner(law))
    return integrate(lambda x: g(x) * mp.exp(law.logpdf(x)), pts)


#: Pieces of the exponential substitution at a finite end point.
_S_BREAKS = [0, 1, 5, 20, 100, 500, 3000, mp.inf]


def integrate(f: Callable[[mp.mpf], mp.mpf], pts: Sequence[float]) -> mp.mpf:
    """Integral of f over [pts[0], pts[-1]] with breaks at pts.

    A finite end point may carry a power singularity (Beta or Gamma shape
    0.05): tanh-sinh alone is off by 1e-1 there, so the first piece is mapped
    to [0, oo) by x = end + h*exp(-s), which turns x**(a - 1) dx into
    exp(-a*s) ds, a smooth tail. (At an upper end 1 - x would lose every digit;
    a law singular there is reflected by the caller instead.)
    """
    pts = [mp.mpf(v) for v in pts]
    total = mp.mpf(0)
    if mp.isfinite(pts[0]) and len(pts) > 2:
        x0, h = pts[0], pts[1] - pts[0]
        total += mp.quad(lambda s: f(x0 + h * mp.exp(-s)) * h * mp.exp(-s), _S_BREAKS)
        pts = pts[1:]
    return total + mp.quad(f, pts, maxdegree=10)


def _inner(law: Law) -> set[float]:
    lo, hi = law.support
    c, s = law.centre, law.spread
    return {v for v in (c - 8 * s, c - s, c, c + s, c + 8 * s, c + 40 * s) if lo < v < hi}


def kl_torch(p: Law, q: Law) -> float:
    return float(td.kl_divergence(p.torch, q.torch))


def mixture_moment(weights: Sequence[float], laws: Sequence[Law], order: int) -> float:
    return float(sum(w * law.scipy.moment(order) for w, law in zip(weights, laws, strict=True)))


def quad_divergence(
    f: Callable[[mp.mpf, mp.mpf], mp.mpf], p: Law, q: Law, breaks: Sequence[float]
) -> mp.mpf:
    """Integral (or sum) of f(p(x), q(x)) over the union of both supports, with
    break points at every support end (mpmath tanh-sinh on each piece)."""
    if p.discrete:
        hi = int(max(p.support[1], q.support[1]))
        return mp.fsum(
            f(
                mp.exp(p.logpdf(k)) if p.support[0] <= k <= p.support[1] else 0,
                mp.exp(q.logpdf(k)) if q.support[0] <= k <= q.support[1] else 0,
            )
            for k in range(0, hi + 1)
        )

    def dens(law: Law, x):
        return mp.exp(law.logpdf(x)) if law.support[0] <= x <= law.support[1] else mp.mpf(0)

    pts = sorted({*p.support, *q.support, *breaks})
    return mp.quad(lambda x: f(dens(p, x), dens(q, x)), [mp.mpf(v) for v in pts])


def xlogy(x, y):
    return mp.mpf(0) if x == 0 else x * mp.log(y)


def jsd(p: Law, q: Law, breaks: Sequence[float] = ()) -> float:
    def f(a, b):
        m = (a + b) / 2
        return (xlogy(a, a) - xlogy(a, m) + xlogy(b, b) - xlogy(b, m)) / 2

    return float(quad_divergence(f, p, q, breaks))


def cross_entropy(p: Law, q: Law) -> float:
    """H(P) + KL(P, Q): scipy's entropy plus torch's KL."""
    return float(p.scipy.entropy()) + kl_torch(p, q)
