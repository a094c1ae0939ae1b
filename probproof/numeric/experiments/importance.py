"""Importance-sampling estimates of a log normaliser, with their diagnostics.

For draws x_m ~ q and log weights log w_m = E(x_m) - log q(x_m),

    Z = int exp(E(x)) dx = E_q[w],   hat Z = (1/M) sum_m w_m,

and ``log hat Z = logsumexp(log w) - log M``. The standard error of
``log hat Z`` follows from the delta method, ``sd(w) / (sqrt(M) mean(w))``;
it is only trustworthy when the weights have a finite variance, which the
Pareto k-hat diagnostic checks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp

from probproof.numeric.tails import pareto_khat


@dataclass(frozen=True)
class LogZEstimate:
    """An importance-sampling estimate of log Z.

    Attributes
    ----------
    log_z : float
        ``logsumexp(log w) - log M``.
    stderr : float
        Delta-method standard error of ``log_z``.
    ess : float
        Effective sample size ``(sum w)^2 / sum w^2``.
    pareto_k : float
        Shape of a generalized Pareto fitted to the largest weights
        (Zhang-Stephens estimate, as in PSIS).
    pareto_k_mle : float
        The same shape by maximum likelihood, as a cross-check.
    """

    log_z: float
    stderr: float
    ess: float
    pareto_k: float
    pareto_k_mle: float


def log_z_estimate(log_w: np.ndarray) -> LogZEstimate:
    """Estimate log Z from log importance weights.

    Parameters
    ----------
    log_w : ndarray, shape (M,)
        ``log w_m = log f(x_m) - log q(x_m)`` for x_m ~ q, where f is the
        unnormalised density.

    Returns
    -------
    LogZEstimate
    """
    log_w = np.asarray(log_w, dtype=np.float64)
    m = log_w.size
    # Weights scaled by their largest: ratios are unchanged and nothing overflows.
    w = np.exp(log_w - log_w.max())
    log_z = float(logsumexp(log_w) - np.log(m))
    stderr = float(np.std(w, ddof=1) / (np.sqrt(m) * np.mean(w)))
    ess = float(w.sum() ** 2 / np.sum(w**2))
    return LogZEstimate(log_z=log_z, stderr=stderr, ess=ess,
                        pareto_k=pareto_khat(log_w), pareto_k_mle=pareto_khat(log_w, "mle"))


def grid_log_z(log_f: np.ndarray, cell_area: float) -> float:
    """Midpoint-rule log of ``int f`` from log values on a regular grid.

    Parameters
    ----------
    log_f : ndarray
        ``log f`` at the centres of the cells.
    cell_area : float
        Area (volume) of one cell.

    Returns
    -------
    float
        ``logsumexp(log_f) + log(cell_area)``.
    """
    return float(logsumexp(np.ravel(log_f)) + np.log(cell_area))
