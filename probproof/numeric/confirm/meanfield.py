"""Confirmations of the mean-field results (seed 001, 1c-1d): exhaustive enumeration of
all 2^N configurations for N = 2..12, and numeric optimisation over the families."""

from __future__ import annotations

import itertools

import numpy as np
from scipy import optimize
from scipy.special import rel_entr

from probproof.numeric.confirm._common import lam
from probproof.numeric.confirmations import Confirmation, confirms

NS = range(2, 13)


def _configs(n: int) -> np.ndarray:
    return np.array(list(itertools.product((0, 1), repeat=n)), dtype=float)


def _p(w: np.ndarray) -> np.ndarray:
    un = 1 - np.prod(w, axis=1)
    return un / un.sum()


def _q(w: np.ndarray, thetas: np.ndarray) -> np.ndarray:
    """Product of Bernoulli(theta_i) (theta_i = q_i(w_i = 1))."""
    return np.prod(np.where(w == 1, thetas, 1 - thetas), axis=1)


def kl(w, thetas):
    """KL(q||p) by enumeration (rel_entr gives +inf where q > 0 = p)."""
    return float(np.sum(rel_entr(_q(w, thetas), _p(w))))


def _rhs_of_n(result):
    return lam(result.statement.rhs, ["N"])


@confirms("meanfield.q2", "enumeration")
def q2_enumeration(result, seed: int = 0) -> Confirmation:
    rhs = _rhs_of_n(result)
    worst, infinite = 0.0, True
    for n in NS:
        w = _configs(n)
        worst = max(worst, abs(kl(w, np.zeros(n)) - float(rhs(n))))
        infinite &= all(np.isinf(kl(w, np.full(n, th))) for th in (1e-9, 0.01, 0.3, 0.5, 0.99, 1))
    ok = worst <= 1e-9 and infinite
    return Confirmation("enumeration", ok, "KL(delta_0||p) over all 2^N configurations, "
                        f"N = 2..12, "
                        f"against the claim: largest error {worst:.2g}; KL = inf for theta > 0: "
                        f"{infinite}", worst)


@confirms("meanfield.q2", "optimisation")
def q2_optimisation(result, seed: int = 0) -> Confirmation:
    """Grid search over theta in [0, 1] (201 points including both ends) of the
    enumerated KL: the minimum and where it is attained."""
    rhs = _rhs_of_n(result)
    worst, at_zero = 0.0, True
    for n in NS:
        w = _configs(n)
        grid = np.linspace(0, 1, 201)
        vals = np.array([kl(w, np.full(n, th)) for th in grid])
        worst = max(worst, abs(vals.min() - float(rhs(n))))
        at_zero &= int(np.argmin(vals)) == 0
    ok = worst <= 1e-9 and at_zero
    return Confirmation("optimisation", ok, f"min over a 201-point theta grid vs the claim, "
                        f"N = 2..12: largest error {worst:.2g}; argmin theta = 0: {at_zero}", worst)


@confirms("meanfield.q1", "enumeration")
def q1_enumeration(result, seed: int = 0) -> Confirmation:
    """KL(q||p) by enumeration with theta_1 = 0, theta_i = theta, minimised over theta by
    bounded Brent, N = 2..12, against the claimed minimum; and the claimed body (the KL
    as a function of theta) against the enumeration at random theta."""
    rhs = _rhs_of_n(result)
    body = lam(result.statement.lhs.body, ["theta", "N"])
    rng = np.random.default_rng(seed)
    worst = 0.0
    for n in NS:
        w = _configs(n)

        def f(th, n=n, w=w):
            return kl(w, np.r_[0.0, np.full(n - 1, th)])
        r = optimize.minimize_scalar(f, bounds=(1e-9, 1 - 1e-9), method="bounded",
                                     options={"xatol": 1e-10})
        worst = max(worst, abs(r.fun - float(rhs(n))))
        for th in rng.uniform(0.01, 0.99, 3):
            worst = max(worst, abs(f(th) - float(body(th, n))))
    ok = worst <= 1e-8
    return Confirmation("enumeration", ok, f"N = 2..12, 2^N configurations: largest error "
                        f"{worst:.2g} (tolerance 1e-8)", worst)


@confirms("meanfield.q1", "optimisation")
def q1_optimisation(result, seed: int = 0) -> Confirmation:
    """The whole family Q1 with q1(w1) = 1 - w1: all theta_2..theta_N free, L-BFGS-B on
    [0, 1]^(N-1) from random starts (N = 2..8), enumerated KL, against the claim."""
    rhs = _rhs_of_n(result)
    rng = np.random.default_rng(seed)
    worst = 0.0
    for n in range(2, 9):
        w = _configs(n)
        best = np.inf
        for _ in range(3):
            r = optimize.minimize(lambda th, w=w: kl(w, np.r_[0.0, th]),
                                  rng.uniform(0.05, 0.95, n - 1), method="L-BFGS-B",
                                  bounds=[(1e-9, 1 - 1e-9)] * (n - 1),
                                  options={"ftol": 1e-15, "gtol": 1e-12})
            best = min(best, r.fun)
        worst = max(worst, abs(best - float(rhs(n))))
    ok = worst <= 1e-7
    return Confirmation("optimisation", ok, f"N = 2..8, free factors: largest error {worst:.2g} "
                        "(tolerance 1e-7)", worst)
