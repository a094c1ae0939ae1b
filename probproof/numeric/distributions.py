"""Numeric distributions with fixed parameters, backed by ``scipy.stats``.

The numeric checkers evaluate densities with SciPy rather than with the SymPy
formulas of :mod:`probproof.derivations.vocabulary`, so that a wrong symbolic
density cannot agree with itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special, stats

_PARAMS_ERROR = "parameter outside its domain"
_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


class InvalidPoint(ValueError):
    """Distribution parameters invalid at this point of the parameter space."""


#: Most atoms of an unbounded discrete law that are listed (80 MB of float64).
MAX_ATOMS = 10_000_000


class TooManyAtoms(Exception):
    """A discrete law whose atoms up to a negligible tail are too many to list."""


@dataclass
class NumericDist:
    """A distribution with numeric parameters.

    Attributes
    ----------
    kind : str
        The vocabulary name (``"Normal"``, ...).
    discrete : bool
    dim : int
    loc, scale : float
        A location and scale that make quadrature well-conditioned
        (the bulk of the mass is within a few scales of ``loc``).
    lo, hi : float
        Support bounds of a continuous scalar distribution.
    atoms : ndarray or None
        The finite support of a discrete distribution (``None``: unbounded).
    """

    kind: str
    discrete: bool
    dim: int
    frozen: object | None = None
    loc: float = 0.0
    scale: float = 1.0
    lo: float = -math.inf
    hi: float = math.inf
    atoms: np.ndarray | None = None
    components: tuple[NumericDist, ...] = ()
    weights: np.ndarray | None = None
    probs: np.ndarray | None = None
    #: High-precision probabilities of a finite discrete distribution (mpmath numbers):
    #: e^-760 is not 0, although it is in float64.
    exact_probs: tuple | None = None
    #: The log density by its formula, where SciPy's ``logpdf`` is the log of its
    #: ``pdf`` (``laplace``, ``pareto`` in SciPy 1.17): -inf once the density
    #: underflows, 800 scales out, which sent every KL to a Laplace law to the
    #: arbitrary-precision fallback, where a disagreement has no second witness.
    log_density: Callable[[np.ndarray], np.ndarray] | None = None
    #: The log density at ``hi - d`` as a function of the distance ``d`` (a finite ``hi``
    #: where the density may be singular: Beta's ``(1 - x)**(b - 1)``). float64 cannot
    #: come closer to 1 than 1e-16, where a singular density still has mass.
    logpdf_below_hi: Callable[[np.ndarray], np.ndarray] | None = None

    # -- densities ----------------------------------------------------------
    def logpdf(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        if self.components:
            parts = np.stack([c.logpdf(x) for c in self.components])
            w = self.weights.reshape((-1,) + (1,) * (parts.ndim - 1))  # type: ignore[union-attr]
            with np.errstate(divide="ignore"):
                return special.logsumexp(parts, axis=0, b=w)
        if self.kind == "Categorical":
            return _categorical_logpmf(self.probs, x)  # type: ignore[arg-type]
        if self.discrete:
            return self.frozen.logpmf(x)  # type: ignore[union-attr]
        if self.log_density is not None:
            with np.errstate(all="ignore"):
                return self.log_density(x)
        if self.kind == "Normal":
            # without the argument checks of a frozen law, which cost more than the
            # arithmetic on the small arrays that adaptive quadrature passes, tens of
            # thousands of times a check
            return _normal_logpdf(x, self.loc, self.scale, math.log(self.scale))
        return self.frozen.logpdf(x)  # type: ignore[union-attr]

    def pdf(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(under="ignore"):
            return np.exp(self.logpdf(x))

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """``P(X <= x)`` of a scalar law."""
        x = np.asarray(x, dtype=float)
        if self.components:
            return sum(w * c.cdf(x) for w, c in zip(self.weights, self.components,  # type: ignore
                                                    strict=True))
        if self.probs is not None:
            cum = np.concatenate([[0.0], np.cumsum(self.probs)])
            k = np.clip(np.floor(x) + 1, 0, len(self.probs)).astype(int)
            return np.minimum(cum[k], 1.0)
        if self.frozen is not None:
            return np.asarray(self.frozen.cdf(x), dtype=float)  # type: ignore[union-attr]
        # A density without a SciPy law: integrate it from the lower end of the support.
        from scipy import integrate

        def one(v: float) -> float:
            if v <= self.lo:
                return 0.0
            hi = min(v, self.hi)
            return float(integrate.quad(lambda t: float(self.pdf(np.array([t]))[0]),
                                        self.lo, hi, limit=200, epsabs=1e-13)[0])

        return np.vectorize(one, otypes=[float])(x)

    # -- supports -----------------------------------------------------------
    def intervals(self) -> list[tuple[float, float]]:
        """The support of a continuous scalar distribution as disjoint intervals."""
        if self.components:
            ivs = sorted(iv for c in self.components for iv in c.intervals())
            merged: list[tuple[float, float]] = []
            for a, b in ivs:
                if merged and a <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], b))
                else:
                    merged.append((a, b))
            return merged
        return [(self.lo, self.hi)]

    def support_atoms(self, tail: float = 1e-20, cut_ok: bool = False
                      ) -> tuple[np.ndarray, float]:
        """Atoms of a discrete distribution, truncated where the tail mass is below ``tail``.

        Returns the atoms and the probability mass left out. At most about
        :data:`MAX_ATOMS` atoms: where the mass below ``tail`` lies beyond, the atoms stop
        there with the larger mass left out if ``cut_ok`` (a caller that bounds the rest
        by its own means), else :class:`TooManyAtoms`.
        """
        if self.components:
            parts = [c.support_atoms(tail, cut_ok) for c in self.components]
            atoms = np.unique(np.concatenate([p[0] for p in parts]))
            return atoms, sum(p[1] for p in parts)
        if self.atoms is not None:
            return self.atoms, 0.0
        frozen = self.frozen
        # isf is unreliable this far in the tail (it can return NaN); grow a bound instead.
        mean, sd = float(frozen.mean()), float(frozen.std())  # type: ignore[union-attr]
        # Capped before any array is made: a Geometric(1e-9) law has its bulk out to 1e10,
        # and np.arange of that asked for 80 GB.
        hi = min(math.ceil(mean + 10 * sd + 20), MAX_ATOMS)
        while float(frozen.sf(hi)) > tail and hi < MAX_ATOMS:  # type: ignore[union-attr]
            hi = min(math.ceil(hi * 1.5), MAX_ATOMS)
        left = float(frozen.sf(hi))  # type: ignore[union-attr]
        if left > tail and not cut_ok:
            raise TooManyAtoms(f"the law's mass reaches beyond {MAX_ATOMS:.0e} atoms")
        return np.arange(0, hi + 1, dtype=float), left

    # -- sampling -----------------------------------------------------------
    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.components:
            which = rng.choice(len(self.components), size=n, p=self.weights)
            out = np.empty((n, self.dim) if self.dim > 1 else n)
            for i, c in enumerate(self.components):
                mask = which == i
                if mask.any():
                    out[mask] = c.sample(rng, int(mask.sum()))
            return out
        if self.kind == "Categorical":
            return rng.choice(len(self.probs), size=n, p=self.probs).astype(float)  # type: ignore
        if self.kind == "Normal":
            # What the frozen law's rvs computes, draw for draw (``loc + scale *
            # standard_normal``), without its argument handling: half the time of a draw
            # of millions of IID normals for Monte Carlo.
            return self.loc + self.scale * rng.standard_normal(n)
        return np.asarray(self.frozen.rvs(size=n, random_state=rng), dtype=float)  # type: ignore


def _categorical_logpmf(probs: np.ndarray, x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    k = np.rint(x)
    ok = (k == x) & (k >= 0) & (k < len(probs))
    idx = np.where(ok, k, 0).astype(int)
    with np.errstate(divide="ignore"):
        logp = np.log(probs)[idx]
    return np.where(ok, logp, -np.inf)


def _pos(v: float, what: str) -> float:
    if not (math.isfinite(v) and v > 0):
        raise InvalidPoint(f"{what} must be > 0, got {v}")
    return v


def _prob(v: float, what: str) -> float:
    if not (math.isfinite(v) and 0 <= v <= 1):
        raise InvalidPoint(f"{what} must be in [0, 1], got {v}")
    return v


def _real(v: complex | float, what: str) -> float:
    if isinstance(v, complex):
        if abs(v.imag) > 1e-12 * max(1.0, abs(v.real)):
            raise InvalidPoint(f"{what} must be real, got {v}")
        v = v.real
    v = float(v)
    if not math.isfinite(v):
        raise InvalidPoint(f"{what} must be finite, got {v}")
    return v


def _weights(ws: list[float], what: str) -> np.ndarray:
    w = np.array([_real(x, what) for x in ws], dtype=float)
    if (w < 0).any() or abs(w.sum() - 1) > 1e-9:
        raise InvalidPoint(f"{what} must be >= 0 and sum to 1, got {w.tolist()}")
    return w / w.sum()


def make(kind: str, params: list) -> NumericDist:
    """Build a :class:`NumericDist` from a vocabulary name and numeric parameters.

    ``params`` holds floats, lists of floats, or (for ``Mixture``) a list of
    weights and a list of :class:`NumericDist`.

    Raises
    ------
    InvalidPoint
        When a parameter is outside its domain.
    """
    if kind == "Normal":
        mu, sigma = _real(params[0], "mu"), _pos(_real(params[1], "sigma"), "sigma")
        return NumericDist(kind, False, 1, stats.norm(mu, sigma), loc=mu, scale=sigma)
    if kind == "Laplace":
        mu, b = _real(params[0], "mu"), _pos(_real(params[1], "b"), "b")
        return NumericDist(kind, False, 1, stats.laplace(mu, b), loc=mu, scale=b,
                           log_density=lambda x: _laplace_logpdf(x, mu, b))
    if kind == "Uniform":
        a, b = _real(params[0], "a"), _real(params[1], "b")
        if not a < b:
            raise InvalidPoint(f"Uniform needs a < b, got {a}, {b}")
        width = b - a
        return NumericDist(kind, False, 1, stats.uniform(a, width), loc=a, scale=width, lo=a,
                           hi=b, logpdf_below_hi=lambda d: np.where(
                               (np.asarray(d) >= 0) & (np.asarray(d) <= width),
                               -math.log(width), -np.inf))
    if kind == "Exponential":
        rate = _pos(_real(params[0], "rate"), "rate")
        return NumericDist(kind, False, 1, stats.expon(scale=1 / rate), loc=0.0, scale=1 / rate,
                           lo=0.0)
    if kind == "Gamma":
        k = _pos(_real(params[0], "shape"), "shape")
        rate = _pos(_real(params[1], "rate"), "rate")
        return NumericDist(kind, False, 1, stats.gamma(k, scale=1 / rate), loc=0.0,
                           scale=max(k, 1.0) / rate, lo=0.0)
    if kind == "Beta":
        a, b = _pos(_real(params[0], "a"), "a"), _pos(_real(params[1], "b"), "b")
        # 1 - X ~ Beta(b, a): SciPy's own density of the reflected law, at the distance
        return NumericDist(kind, False, 1, stats.beta(a, b), loc=0.0, scale=1.0, lo=0.0, hi=1.0,
                           logpdf_below_hi=lambda d: stats.beta.logpdf(d, b, a))
    if kind == "Bernoulli":
        p = _prob(_real(params[0], "p"), "p")
        return NumericDist(kind, True, 1, stats.bernoulli(p), atoms=np.array([0.0, 1.0]))
    if kind == "Binomial":
        n = _real(params[0], "n")
        if n < 0 or n != int(n):
            raise InvalidPoint(f"Binomial n must be a nonnegative integer, got {n}")
        if n > 10_000_000:
            raise InvalidPoint("Binomial n too large to enumerate")
        p = _prob(_real(params[1], "p"), "p")
        return NumericDist(kind, True, 1, stats.binom(int(n), p),
                           atoms=np.arange(0, int(n) + 1, dtype=float))
    if kind == "Poisson":
        rate = _pos(_real(params[0], "rate"), "rate")
        return NumericDist(kind, True, 1, stats.poisson(rate))
    if kind == "Categorical":
        probs = _weights(params[0], "Categorical probabilities")
        return NumericDist(kind, True, 1, None, atoms=np.arange(len(probs), dtype=float),
                           probs=probs)
    if kind == "MvNormal":
        mean = np.array([_real(x, "mean") for x in params[0]], dtype=float)
        cov = np.array([[_real(x, "cov") for x in row] for row in params[1]], dtype=float)
        if cov.shape != (len(mean), len(mean)) or not np.allclose(cov, cov.T):
            raise InvalidPoint("MvNormal covariance must be a symmetric matrix")
        try:
            np.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            raise InvalidPoint("MvNormal covariance must be positive definite") from None
        return NumericDist(kind, False, len(mean), stats.multivariate_normal(mean, cov))
    if kind in FAMILIES:
        return FAMILIES[kind](params)
    if kind == "Mixture":
        w = _weights(params[0], "Mixture weights")
        comps = tuple(params[1])
        loc = float(np.dot(w, [c.loc for c in comps]))
        # A mixture of discrete and continuous components is not discrete: its
        # expectations take each component by its own method (sum or quadrature).
        discrete = all(c.discrete for c in comps)
        return NumericDist(kind, discrete, comps[0].dim, None, loc=loc,
                           scale=max(c.scale for c in comps), components=comps, weights=w,
                           lo=min(c.lo for c in comps), hi=max(c.hi for c in comps))
    raise ValueError(f"unknown distribution {kind}")


def _as_float(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    if np.iscomplexobj(a):
        # A parameter with an imaginary part is invalid: NaN, so the point is not used.
        return np.where(np.abs(a.imag) > 1e-12 * np.maximum(1.0, np.abs(a.real)), np.nan, a.real)
    return a.astype(float)


def _valid_scale(s: np.ndarray) -> np.ndarray:
    return np.where(s > 0, s, np.nan)


def _normal_logpdf(x: np.ndarray, mu: np.ndarray | float, s: np.ndarray | float,
                   log_s: np.ndarray | float) -> np.ndarray:
    """``stats.norm.logpdf(x, mu, s)`` by SciPy's own formula (``_norm_logpdf`` of the
    standardised point, less ``log s``), for a scale already checked to be positive."""
    z = (x - mu) / s
    return -0.5 * z * z - (_LOG_SQRT_2PI + log_s)


def _laplace_logpdf(x: np.ndarray, mu, b) -> np.ndarray:
    """``-|x - mu| / b - log(2 b)``: SciPy's formula, in logarithms throughout."""
    return -np.abs(np.asarray(x, dtype=float) - mu) / b - np.log(2 * b)


def _vector_normal_logpdf(x: np.ndarray, mu: np.ndarray, s: np.ndarray) -> np.ndarray:
    """``stats.norm.logpdf(x, mu, s)`` for array parameters, NaN where ``s <= 0``.

    SciPy's public method broadcasts, checks and copies its arguments through
    ``argsreduce`` before the arithmetic: three times the cost on the large arrays of
    Monte Carlo (2**17 draws of 41 IID normals, the kernel of every importance weight),
    where the claim engine spent most of its sampling time in it.
    ``tests/test_fast_normal.py`` holds it to ``stats.norm.logpdf``."""
    s = _valid_scale(s)
    return _normal_logpdf(x, mu, s, np.log(s))


#: kind -> logpdf(x, *params) with array parameters (invalid parameters give NaN).
VECTOR_LOGPDF = {
    "Normal": _vector_normal_logpdf,
    "Laplace": lambda x, mu, b: _laplace_logpdf(x, mu, _valid_scale(b)),
    "Exponential": lambda x, rate: stats.expon.logpdf(x, scale=1 / _valid_scale(rate)),
    "Gamma": lambda x, k, rate: stats.gamma.logpdf(x, _valid_scale(k),
                                                   scale=1 / _valid_scale(rate)),
    "Beta": lambda x, a, b: stats.beta.logpdf(x, _valid_scale(a), _valid_scale(b)),
    "Uniform": lambda x, a, b: stats.uniform.logpdf(x, a, np.where(b > a, b - a, np.nan)),
    "Poisson": lambda x, rate: stats.poisson.logpmf(x, _valid_scale(rate)),
    "Bernoulli": lambda x, p: stats.bernoulli.logpmf(x, np.where((p >= 0) & (p <= 1), p, np.nan)),
    "Binomial": lambda x, n, p: stats.binom.logpmf(x, n, np.where((p >= 0) & (p <= 1), p, np.nan)),
}


# The families beyond the first dozen have their own module, built on NumericDist.
from probproof.numeric.families import FAMILIES, VECTOR_LOGPDF_FAMILIES  # noqa: E402

VECTOR_LOGPDF.update(VECTOR_LOGPDF_FAMILIES)


def mvnormal_logpdf(x: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """Log density of ``N(mean, cov)`` at ``x`` with array parameters: ``x`` and ``mean`` of
    shape ``(..., d)``, ``cov`` of shape ``(..., d, d)``, broadcast together; NaN where
    ``cov`` is not symmetric positive definite.

    SciPy's ``multivariate_normal`` takes one mean and one covariance per call; a
    mixture whose components depend on an integration variable or a sum's index needs
    one per point, so the batched eigendecomposition is written here (the same
    decomposition SciPy's ``_PSD`` uses)::

        log N(x; m, C) = -(d log(2 pi) + log det C + (x - m)^T C^{-1} (x - m)) / 2
    """
    x, mean, cov = _as_float(x), _as_float(mean), _as_float(cov)
    d = x.shape[-1]
    diff = x - mean
    # decomposed at the covariance's own shape: one kernel's covariance shared by every
    # node of a quadrature is decomposed once, not once per node
    with np.errstate(all="ignore"):
        finite = np.all(np.isfinite(cov), axis=(-2, -1))
        symmetric = np.all(np.abs(cov - np.swapaxes(cov, -1, -2))
                           <= 1e-12 * (1 + np.abs(cov)), axis=(-2, -1))
        safe = np.where((finite & symmetric)[..., None, None], cov, np.eye(d))
        w, v = np.linalg.eigh(safe)
        ok = finite & symmetric & np.all(w > 0, axis=-1)
        w = np.where(ok[..., None], w, 1.0)
        proj = np.einsum("...ji,...j->...i", v, diff)
        out = -0.5 * (d * np.log(2 * np.pi) + np.sum(np.log(w), axis=-1)
                      + np.sum(proj**2 / w, axis=-1))
    return np.where(ok, out, np.nan)


def vector_logpdf(kind: str, x: np.ndarray, params: list[np.ndarray]) -> np.ndarray:
    """Log density of a scalar distribution whose parameters are arrays (broadcast with x)."""
    with np.errstate(all="ignore"):
        return VECTOR_LOGPDF[kind](_as_float(x), *[_as_float(p) for p in params])
