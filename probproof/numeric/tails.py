"""Tail diagnostics of samples: the Pareto k-hat of PSIS.

Used by the importance-sampling experiments (are the weights usable?) and by
the Monte Carlo checker (is the CLT standard error of a sample trustworthy?).
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp
from scipy.stats import genpareto


def pareto_khat(log_w: np.ndarray, method: str = "zhang-stephens") -> float:
    """Pareto k-hat diagnostic of importance weights, as in PSIS.

    Following Vehtari, Simpson, Gelman, Yao and Gabry (Pareto smoothed
    importance sampling, 2015/2024): take the ``M_tail = min(M/5, 3 sqrt(M))``
    largest weights, subtract the largest weight not among them (the
    threshold u), and fit a generalized Pareto distribution with location 0
    to the exceedances ``w - u``. The fitted shape is k-hat. The weights have
    finite variance when k < 1/2; k-hat < 0.7 is the usual bar for a usable
    estimate, above it the estimate and its standard error are unreliable.

    Parameters
    ----------
    log_w : ndarray, shape (M,)
    method : {"zhang-stephens", "mle"}
        ``"zhang-stephens"``: the empirical-Bayes estimate of Zhang and
        Stephens (2009) with PSIS's weak prior pulling k towards 1/2 (weight 10
        points), robust for small tails; ``"mle"``: scipy's maximum likelihood
        ``genpareto.fit(..., floc=0)``.

    Returns
    -------
    float
        k-hat, or NaN when fewer than 5 tail weights exceed the threshold.
    """
    log_w = np.asarray(log_w, dtype=np.float64)
    m = log_w.size
    m_tail = int(min(0.2 * m, 3.0 * np.sqrt(m)))
    if m_tail < 5:
        return float("nan")
    # Only the m_tail + 1 largest are used, in order: partitioned off, then sorted (the
    # same numbers as sorting all m; a Monte Carlo check's sample has 2**17).
    log_w = np.sort(np.partition(log_w, m - m_tail - 1)[m - m_tail - 1:])
    w = np.exp(log_w - log_w[-1])
    threshold = w[-m_tail - 1]
    exceed = w[-m_tail:] - threshold
    # Ties at the threshold (a sample of integers) carry no tail information, and a zero
    # at the fit's first quartile divides by zero: fit the positive exceedances only.
    exceed = exceed[exceed > 0]
    if exceed.size < 5:
        return float("nan")
    # Scaling leaves the shape unchanged and helps the optimiser.
    exceed = np.sort(exceed / exceed.max())
    if method == "mle":
        shape, _, _ = genpareto.fit(exceed, floc=0.0)
        return float(shape)
    if method != "zhang-stephens":
        raise ValueError(f"unknown method {method!r}")
    return _zhang_stephens_shape(exceed)


def _zhang_stephens_shape(x: np.ndarray, prior_k: float = 10.0) -> float:
    """Zhang-Stephens (2009) posterior-mean fit of a GPD shape to sorted ``x > 0``.

    A grid of values of ``b = -k / scale`` is weighted by its profile
    likelihood ``n (log(-b / k(b)) - k(b) - 1)``, ``k(b) = mean log(1 - b x)``;
    the shape at the weighted mean of b is shrunk towards 1/2 as in PSIS.
    """
    n = x.size
    m = 30 + int(np.sqrt(n))
    b = 1.0 - np.sqrt(m / (np.arange(1, m + 1) - 0.5))
    b = b / (3.0 * x[int(n / 4 + 0.5) - 1]) + 1.0 / x[-1]
    k = np.log1p(-b[:, None] * x[None, :]).mean(axis=1)
    profile = n * (np.log(-b / k) - k - 1.0)
    weights = np.exp(profile - logsumexp(profile))
    b_post = float(np.sum(b * weights))
    k_post = float(np.log1p(-b_post * x).mean())
    return (n * k_post + prior_k * 0.5) / (n + prior_k)


#: Largest share of the total absolute deviation one draw may carry in a sample
#: whose standard error is to be trusted (a well-behaved sample of 1e5 draws has ~1e-4).
MAX_SHARE = 0.01


def tail_shape(values: np.ndarray) -> float:
    """The larger Pareto k-hat of the two tails of a sample, around its median.

    A value >= 1/2 says the sample's variance is (close to) infinite, so a
    CLT standard error of its mean cannot be trusted. ``inf`` when one draw
    dominates the sample, or when a tail spans so many orders of magnitude that
    no fit is possible (importance weights from a proposal that misses the
    target's mass look like this); NaN for samples too small to judge.
    """
    v = np.asarray(values, dtype=float).ravel()
    if v.size < 100:
        return float("nan")
    dev = np.abs(v - np.mean(v))
    total = float(np.sum(dev))
    if total > 0 and float(np.max(dev)) > MAX_SHARE * total:
        return float("inf")
    centre = np.median(v)
    shapes = []
    for tail in (v[v > centre] - centre, centre - v[v < centre]):
        if tail.size >= 50:
            if _few_levels(tail) or _atom_at_end(tail):
                shapes.append(-np.inf)  # a bounded tail: no variance problem to fit
                continue
            k = pareto_khat(np.log(tail))
            shapes.append(k if np.isfinite(k) else float("inf"))
    return max(shapes) if shapes else float("nan")


#: A tail that takes at most this many distinct values, within this ratio of each other,
#: is bounded in the sample (the lower tail of a count, a Bernoulli indicator).
FEW_LEVELS = 5
LEVEL_SPAN = 1e3


def _few_levels(tail: np.ndarray) -> bool:
    """Whether a tail of positive deviations sits on a few levels of one magnitude: a
    lattice (a sample of integers), where a Pareto fit has no continuous tail to fit and
    would report an infinite shape from its ties. Importance weights that span many
    orders of magnitude are not of this kind."""
    # The span first, in one pass: a continuous tail fails it without the sort of unique.
    if not float(np.max(tail)) <= LEVEL_SPAN * float(np.min(tail)):
        return False
    return np.unique(tail).size <= FEW_LEVELS


#: Draws equal to a tail's largest deviation that make it an atom at the tail's end.
END_ATOM = 5


def _atom_at_end(tail: np.ndarray) -> bool:
    """Whether a tail ends in an atom: several draws at exactly its largest deviation (the
    zeros of ``max(u1, u2) - u1``, half the sample, below a median just above 0). The
    tail is bounded there; its Pareto fit has nothing but ties to fit (NaN), which read as
    an infinite shape, and the sample was refused as heavy-tailed."""
    return int(np.count_nonzero(tail == np.max(tail))) >= END_ATOM
