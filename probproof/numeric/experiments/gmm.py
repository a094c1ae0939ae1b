"""The isotropic Gaussian mixture of seed 000: density, sampler, log-likelihood.

The model is

    p(x) = sum_k pi_k N(x; mu_k, s^2 I_d),

with, in the seed, K = 10, pi_k = 1/K, mu_k = R (cos 2 pi k/K, sin 2 pi k/K)
and s = 1. All arithmetic is float64 and every sum of exponentials goes
through :func:`scipy.special.logsumexp`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp


@dataclass(frozen=True)
class IsotropicGMM:
    """A mixture of Gaussians sharing the covariance ``variance * I``.

    Attributes
    ----------
    weights : ndarray, shape (K,)
        Mixing proportions pi_k, positive and summing to one.
    means : ndarray, shape (K, d)
        Component means mu_k.
    variance : float
        Common variance s^2 of every coordinate.
    """

    weights: np.ndarray
    means: np.ndarray
    variance: float = 1.0

    @property
    def n_components(self) -> int:
        return int(self.means.shape[0])

    @property
    def dim(self) -> int:
        return int(self.means.shape[1])

    def component_log_pdf(self, x: np.ndarray) -> np.ndarray:
        """Log of pi_k N(x_i; mu_k, s^2 I), the joint log p(x_i, z_i = k).

        Parameters
        ----------
        x : ndarray, shape (n, d)

        Returns
        -------
        ndarray, shape (n, K)
            ``log pi_k - ||x_i - mu_k||^2 / (2 s^2) - (d/2) log(2 pi s^2)``.
        """
        x = np.asarray(x, dtype=np.float64)
        sq = ((x[:, None, :] - self.means[None, :, :]) ** 2).sum(axis=-1)
        with np.errstate(divide="ignore"):
            log_w = np.log(self.weights)
        return (
            log_w[None, :]
            - sq / (2.0 * self.variance)
            - 0.5 * self.dim * np.log(2.0 * np.pi * self.variance)
        )

    def log_pdf(self, x: np.ndarray) -> np.ndarray:
        """Log density ``log p(x_i) = logsumexp_k log pi_k N(x_i; mu_k, s^2 I)``."""
        return logsumexp(self.component_log_pdf(x), axis=1)

    def log_posterior(self, x: np.ndarray) -> np.ndarray:
        """Log responsibilities ``log p(z = k | x_i)``, shape (n, K)."""
        joint = self.component_log_pdf(x)
        return joint - logsumexp(joint, axis=1, keepdims=True)

    def mean_loglik(self, x: np.ndarray) -> float:
        """Average log-likelihood per point, ``(1/n) sum_i log p(x_i)``."""
        return float(np.mean(self.log_pdf(x)))

    def sample(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n`` points and their component labels.

        Returns
        -------
        x : ndarray, shape (n, d)
        z : ndarray of int, shape (n,)
        """
        z = rng.choice(self.n_components, size=n, p=self.weights)
        noise = rng.standard_normal((n, self.dim)) * np.sqrt(self.variance)
        return self.means[z] + noise, z


def ring_mixture(n_components: int = 10, radius: float = 10.0) -> IsotropicGMM:
    """The seed's mixture: equal weights, means on a circle, unit covariance.

    Parameters
    ----------
    n_components : int
        K.
    radius : float
        R, so that ``mu_k = R (cos 2 pi k/K, sin 2 pi k/K)``, k = 1..K.

    Returns
    -------
    IsotropicGMM
    """
    k = np.arange(1, n_components + 1)
    angle = 2.0 * np.pi * k / n_components
    means = radius * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    weights = np.full(n_components, 1.0 / n_components)
    return IsotropicGMM(weights=weights, means=means, variance=1.0)


@dataclass(frozen=True)
class Splits:
    """Training, validation and test draws from one mixture."""

    model: IsotropicGMM
    train: np.ndarray
    val: np.ndarray
    test: np.ndarray


def make_splits(
    seed: int, radius: float = 10.0, n_components: int = 10, n: int = 1000
) -> Splits:
    """Draw the seed's training, validation and test sets (n points each).

    The stream depends on (seed, R, K) only, so ``gmm-em``, ``kde`` and
    ``ebm`` share one training set for R = 10, as the seed asks.
    """
    model = ring_mixture(n_components, radius)
    rng = np.random.default_rng([seed, round(radius * 1000), n_components])
    train, _ = model.sample(n, rng)
    val, _ = model.sample(n, rng)
    test, _ = model.sample(n, rng)
    return Splits(model=model, train=train, val=val, test=test)


def grid_log_density(
    log_pdf: object, lim: float, n: int = 200
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evaluate a vectorised log density on an ``n x n`` grid of ``[-lim, lim]^2``."""
    xs = np.linspace(-lim, lim, n)
    gx, gy = np.meshgrid(xs, xs)
    pts = np.stack([gx.ravel(), gy.ravel()], axis=1)
    values = np.asarray(log_pdf(pts)).reshape(gx.shape)  # type: ignore[operator]
    return gx, gy, values
