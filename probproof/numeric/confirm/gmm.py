"""Confirmations of the GMM results (seed 000, 1.1-1.2): 2-D quadrature, a chi-square
goodness-of-fit test of a numpy sampler against the claimed density, and numeric
maximisation of the EM M-steps' objectives at random instances (1 to 8 points or
components), by scipy, a grid search and torch."""

from __future__ import annotations

import numpy as np
from scipy import optimize, stats

from probproof.derivations import gmm
from probproof.numeric.confirm._common import (
    close,
    instance,
    integral_2d,
    lam,
    optimum,
    torch_maximum,
)
from probproof.numeric.confirmations import Confirmation, confirms

K = 10


def sample_ring(n: int, radius: float, rng: np.random.Generator, k: int = K) -> np.ndarray:
    """n draws from the seed's mixture: pi_k = 1/K, mu_k = R(cos 2 pi k/K, sin 2 pi k/K), I_2."""
    comp = rng.integers(1, k + 1, size=n)
    ang = 2 * np.pi * comp / k
    return np.c_[radius * np.cos(ang), radius * np.sin(ang)] + rng.standard_normal((n, 2))


def _density(result):
    # the general density at the seed's instance (K = 10, the ring of radius R)
    return lam(gmm.ring(result.statement.rhs), ["x1", "x2", "R"])


def gauss_legendre_2d(f, lo: float, hi: float, cells: int, nodes: int = 12) -> float:
    """Composite Gauss-Legendre product rule on [lo, hi]^2 (``cells`` per axis)."""
    x, w = np.polynomial.legendre.leggauss(nodes)
    edges = np.linspace(lo, hi, cells + 1)
    h = (hi - lo) / cells
    pts = (edges[:-1, None] + h / 2 * (x[None, :] + 1)).ravel()
    wts = np.tile(w * h / 2, cells)
    X, Y = np.meshgrid(pts, pts, indexing="ij")
    return float(np.sum(np.outer(wts, wts) * f(X, Y)))


@confirms("gmm.density", "quadrature")
def integrates(result, seed: int = 0) -> Confirmation:
    """The claimed density integrated over [-R-10, R+10]^2 for R = 10 and R = 1: scipy's
    adaptive cubature for R = 1, a composite 12-point Gauss-Legendre product rule (1-unit
    cells) for R = 10 (adaptive rules are slow on the ten separated bumps)."""
    f = _density(result)
    v1, err1 = integral_2d(lambda x, y: f(x, y, 1.0), -11, 11)
    v10 = gauss_legendre_2d(lambda X, Y: f(X, Y, 10.0), -20, 20, 40)
    vals = [v10, v1]
    worst = max(abs(v - 1) for v in vals)
    return Confirmation("quadrature", worst <= 1e-7 and err1 <= 1e-8,
                        f"integral of the claimed density: {np.round(vals, 10).tolist()} for "
                        f"R = 10 (Gauss-Legendre), R = 1 (adaptive cubature, error estimate "
                        f"{err1:.2g}); tolerance 1e-7", worst)


@confirms("gmm.density", "goodness-of-fit")
def goodness_of_fit(result, seed: int = 0) -> Confirmation:
    """20000 draws from a numpy sampler of the mixture (R = 10), binned on a 24 x 24 grid
    over [-14, 14]^2 plus one outer cell; expected counts from the claimed density
    integrated per cell (Gauss-Legendre, 8 x 8 nodes per cell); Pearson chi-square, cells
    with expected count < 5 pooled; pass iff p-value > 1e-6 (the false-alarm bound)."""
    f = _density(result)
    rng = np.random.default_rng(seed)
    n, radius, edges = 20000, 10.0, np.linspace(-14, 14, 25)
    pts = sample_ring(n, radius, rng)
    counts, _, _ = np.histogram2d(pts[:, 0], pts[:, 1], bins=[edges, edges])
    nodes, weights = np.polynomial.legendre.leggauss(8)
    probs = np.zeros((24, 24))
    for i in range(24):
        a, b = edges[i], edges[i + 1]
        xs = (b - a) / 2 * nodes + (a + b) / 2
        for j in range(24):
            c, d = edges[j], edges[j + 1]
            ys = (d - c) / 2 * nodes + (c + d) / 2
            X, Y = np.meshgrid(xs, ys, indexing="ij")
            cell = np.sum(np.outer(weights, weights) * f(X, Y, radius))
            probs[i, j] = cell * (b - a) * (d - c) / 4
    obs = np.r_[counts.ravel(), n - counts.sum()]
    exp = n * np.r_[probs.ravel(), 1 - probs.sum()]
    if exp[-1] < 0:  # the claimed density has more than mass 1 inside the box
        return Confirmation("goodness-of-fit", False, f"claimed mass in the box "
                            f"{probs.sum():.4f} > 1", float(probs.sum() - 1))
    big = exp >= 5
    o = np.r_[obs[big], obs[~big].sum()]
    e = np.r_[exp[big], exp[~big].sum()]
    if e[-1] == 0:
        o, e = o[:-1], e[:-1]
    chi2 = float(np.sum((o - e) ** 2 / e))
    dof = len(o) - 1
    pval = float(stats.chi2.sf(chi2, dof))
    return Confirmation("goodness-of-fit", pval > 1e-6, f"n = {n}, {dof + 1} cells, chi2 = "
                        f"{chi2:.1f} on {dof} dof, p = {pval:.3g} (pass iff > 1e-6)", chi2 / dof,
                        {"p_value": pval})


SIZES = (1, 2, 3, 5, 8)


def _mean_instances(result, seed: int, npoints: int):
    """The M-step for a mean at random instances: n points, positive responsibilities
    (some tiny, some large), coordinates spread over [-30, 30]."""
    st = result.statement
    rng = np.random.default_rng(seed)
    for k in range(npoints):
        n = SIZES[k % len(SIZES)]
        gamma = np.exp(rng.uniform(-4, 2, n))
        x = rng.normal(0, 1, n) * rng.choice([0.1, 3.0, 30.0])
        body = instance(st.lhs, "n", n, ["m"], ["gamma", "x"])
        best = instance(st.rhs, "n", n, [], ["gamma", "x"])
        yield (lambda v, body=body, gamma=gamma, x=x: body(v, gamma, x)), float(best(gamma, x))


def _mean_check(result, seed: int, method: str) -> Confirmation:
    """The largest value of the claimed objective over the real line, found by ``method``,
    against the claimed largest value (the claim is that the objective never exceeds it
    and reaches it)."""
    worst, bad, npoints = 0.0, [], 15
    for body, claimed in _mean_instances(result, seed, npoints):
        num = optimum(body, "real", True, method)
        worst = max(worst, abs(num - claimed) / max(1.0, abs(num)))
        if not close(num, claimed, rtol=1e-6, atol=1e-8):
            bad.append(f"numeric {num:.10g}, claimed {claimed:.10g}")
    return Confirmation(f"{method}-optimisation", not bad,
                        f"{method} maximisation over m at {npoints} random instances with 1 to "
                        f"8 points; largest relative error {worst:.2g} (tolerance 1e-6)"
                        + ("; " + "; ".join(bad[:3]) if bad else ""), worst)


@confirms("gmm.em.mean", "scipy-optimisation")
def mean_scipy(result, seed: int = 0) -> Confirmation:
    return _mean_check(result, seed, "scipy")


@confirms("gmm.em.mean", "grid-optimisation")
def mean_grid(result, seed: int = 0) -> Confirmation:
    return _mean_check(result, seed, "grid")


def _weights_check(result, seed: int, method: str, maximise) -> Confirmation:
    """At random instances (1 to 8 components, summed responsibilities spread over six
    orders of magnitude): the claimed objective at random weights (Dirichlet draws) never
    above the claimed largest value, and its maximum over the simplex, found by
    ``maximise(f, K)``, equal to it."""
    st = result.statement
    rng = np.random.default_rng(seed)
    worst, bad, below, tried, npoints = 0.0, [], 0, 0, 10
    for k in range(npoints):
        size = SIZES[k % len(SIZES)]
        G = np.exp(rng.uniform(-3, 3, size))
        body = instance(st.lhs, "K", size, [], ["G", "theta"],
                        "torch" if method == "torch" else "numpy")
        claimed = float(instance(st.rhs, "K", size, [], ["G"])(G))
        plain = instance(st.lhs, "K", size, [], ["G", "theta"])
        for _ in range(20):
            w = rng.dirichlet(np.full(size, rng.choice([0.1, 1.0, 10.0]))) + 1e-300
            below += plain(G, np.log(w)) <= claimed + 1e-9 * max(1.0, abs(claimed))
            tried += 1
        num = maximise(lambda th, body=body, G=G: body(G, th), size)
        worst = max(worst, abs(num - claimed) / max(1.0, abs(num)))
        if not close(num, claimed, rtol=1e-6, atol=1e-8):
            bad.append(f"K = {size}: numeric {num:.10g}, claimed {claimed:.10g}")
    return Confirmation(f"{method}-optimisation", not bad and below == tried,
                        f"objective at or below the claimed maximum at {below}/{tried} random "
                        f"weights; {method} maximisation over the simplex at {npoints} instances "
                        f"with 1 to 8 components: largest relative error {worst:.2g} "
                        "(tolerance 1e-6)" + ("; " + "; ".join(bad[:3]) if bad else ""), worst)


@confirms("gmm.em.weights", "scipy-optimisation")
def weights_scipy(result, seed: int = 0) -> Confirmation:
    def maximise(f, size):
        r = optimize.minimize(lambda th: -f(th), np.zeros(size), method="BFGS",
                              options={"gtol": 1e-10})
        return -float(r.fun)
    return _weights_check(result, seed, "scipy", maximise)


@confirms("gmm.em.weights", "torch-optimisation")
def weights_torch(result, seed: int = 0) -> Confirmation:
    return _weights_check(result, seed, "torch", torch_maximum)
