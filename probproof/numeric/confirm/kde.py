"""Confirmations of ``kde.density``: 2-D quadrature of the claimed estimator and
scikit-learn's KernelDensity as a peer for its log-density."""

from __future__ import annotations

import numpy as np

from probproof.derivations import kde
from probproof.derivations.vocabulary import explicit_densities
from probproof.numeric.confirm._common import integral_2d, lam
from probproof.numeric.confirmations import Confirmation, confirms

NAMES = ["u1", "u2", "a1", "a2", "a3", "b1", "b2", "b3", "s"]


def _phat(result):
    # the general estimator at three data points (a_k, b_k), each kernel by the normal
    # law's own definition of its density
    return lam(explicit_densities(kde.at_points(result.statement.lhs.function, 3)), NAMES)


def _cases(seed: int, n: int = 3):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        yield rng.normal(0, 3, 3), rng.normal(0, 3, 3), float(np.exp(rng.uniform(-1.5, 1.5)))


@confirms("kde.density", "quadrature")
def integrates(result, seed: int = 0) -> Confirmation:
    f = _phat(result)
    errs, bounds = [], []
    for a, b, s in _cases(seed):
        L = 12 + 10 * np.sqrt(s)
        v, err = integral_2d(lambda x, y, a=a, b=b, s=s: f(x, y, *a, *b, s), -L, L)
        errs.append(abs(v - float(result.statement.rhs)))
        bounds.append(err)
    worst = max(errs)
    return Confirmation("quadrature", worst <= 1e-7 and max(bounds) <= 1e-8,
                        f"adaptive cubature (Gauss-Kronrod 21) of the claimed p_hat for 3 random "
                        f"data sets and variances: largest |integral - 1| {worst:.2g} "
                        f"(tolerance 1e-7), largest error estimate {max(bounds):.2g}", worst)


@confirms("kde.density", "scikit-learn")
def sklearn_peer(result, seed: int = 0) -> Confirmation:
    """log of the claimed p_hat against KernelDensity(bandwidth = sqrt(s)).score_samples at
    50 random points per data set (sklearn's Gaussian kernel has covariance bandwidth^2 I)."""
    # imported here: scikit-learn's import is a serial cost of every `probproof verify`
    # (before the workers start), and only the worker that runs this check needs it
    from sklearn.neighbors import KernelDensity

    f = _phat(result)
    rng = np.random.default_rng(seed)
    worst = 0.0
    for a, b, s in _cases(seed):
        kde = KernelDensity(kernel="gaussian", bandwidth=np.sqrt(s)).fit(np.c_[a, b])
        u = rng.normal(0, 4, (50, 2))
        with np.errstate(divide="ignore"):
            mine = np.log(f(u[:, 0], u[:, 1], *a, *b, s))
        worst = max(worst, float(np.max(np.abs(mine - kde.score_samples(u)))))
    return Confirmation("scikit-learn", worst <= 1e-8, f"log p_hat vs sklearn score_samples at "
                        f"150 points: largest error {worst:.2g} (tolerance 1e-8)", worst)
