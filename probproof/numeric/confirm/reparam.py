"""Confirmations of the reparameterisation results: the moments of
``mu + sigma * epsilon`` (seed 004, question 1.5) and the change-of-variables
densities of ``mu + sigma * z0`` and ``mu + S z0`` (seed 002, Q1.1 and Q1.2).

Every check reads the claimed formulas from the result it is given: the
moments from the statement, the Monte Carlo weight from the result's fact
``sum_{l=1}^L w = 1``, and both sides of the density identity.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import sympy as sp
import torch
from scipy import integrate
from scipy.stats import norm

from probproof.derivations import reparam as cov_module
from probproof.derivations.vocabulary import explicit_densities
from probproof.numeric.confirmations import Confirmation, confirms
from probproof.numeric.evaluate import Context, evaluate

#: False-alarm bound of one whole Monte Carlo confirmation (Bonferroni over its
#: comparisons): a true formula is refuted with probability < 1e-6.
FALSE_ALARM = 1e-6
MU, SIGMA = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)
EPS = sp.Symbol("epsilon", real=True)


def _z_crit(comparisons: int) -> float:
    return float(norm.isf(FALSE_ALARM / (2 * comparisons)))


# ---------------------------------------------------------------------------
# reparam.gaussian.moments
# ---------------------------------------------------------------------------

#: Samples per estimate (L) and independent replications of the estimator.
L_SAMPLES, REPLICATIONS = 64, 20_000
#: The seed divides by N; N is any size other than L (here a data-set size).
N_OTHER = 100
MOMENT_POINTS = 4


def estimator_weight(result) -> tuple[sp.Expr, sp.Symbol, sp.Expr, sp.Expr]:
    """``(w, l, lower, upper)`` of the result's fact ``Sum(w, (l, lower, upper)) == 1``."""
    for fact in result.facts:
        if isinstance(fact.lhs, sp.Sum):
            ((var, lower, upper),) = fact.lhs.limits
            return fact.lhs.function, var, lower, upper
    raise ValueError(f"{result.id} states no Monte Carlo weights (a fact Sum(w, (l, 1, L)))")


def _moment_points(seed: int) -> list[tuple[float, float]]:
    rng = np.random.default_rng(seed)
    return [
        (float(rng.uniform(-1.5, 1.5)), float(rng.uniform(0.4, 2.0))) for _ in range(MOMENT_POINTS)
    ]


def _claimed_moments(result) -> Callable[[float, float], np.ndarray]:
    f = sp.lambdify((MU, SIGMA), list(sp.Matrix(result.statement.rhs)), "math")
    return lambda m, s: np.array([float(v) for v in f(m, s)])


@confirms("reparam.gaussian.moments", "monte-carlo")
def moments_by_monte_carlo(result, seed: int) -> Confirmation:
    """The result's L-sample estimator of E z and E (z - mu)^2 with z = mu + sigma e,
    replicated; its mean (± standard error) vs the claimed moments."""
    w, var, lower, upper = estimator_weight(result)
    sizes = {s: (L_SAMPLES if s.name == "L" else N_OTHER) for s in w.free_symbols | {upper}}
    lo, hi = int(lower.subs(sizes)), int(upper.subs(sizes))
    weights = np.array([float(w.subs(sizes).subs(var, k)) for k in range(lo, hi + 1)])
    claimed = _claimed_moments(result)
    rng = np.random.default_rng(seed)
    z_crit = _z_crit(2 * MOMENT_POINTS)
    worst = 0.0
    for m, s in _moment_points(seed):
        z = m + s * rng.standard_normal((REPLICATIONS, weights.size))
        est = np.stack([(z * weights).sum(axis=1), ((z - m) ** 2 * weights).sum(axis=1)])
        mean, se = est.mean(axis=1), est.std(axis=1, ddof=1) / math.sqrt(REPLICATIONS)
        dev = np.abs(mean - claimed(m, s)) / se
        worst = max(worst, float(dev.max()))
        if dev.max() > z_crit:
            return Confirmation(
                "monte-carlo",
                False,
                f"at mu = {m:.4g}, sigma = {s:.4g}, L = {L_SAMPLES}, N = {N_OTHER}: estimator "
                f"means {mean.round(5).tolist()} ± {se.round(5).tolist()} vs claimed "
                f"{claimed(m, s).round(5).tolist()} ({dev.max():.1f} standard errors)",
                float(dev.max()),
            )
    return Confirmation(
        "monte-carlo",
        True,
        f"{MOMENT_POINTS} random (mu, sigma): the result's estimator sum_l w f(mu + sigma e_l) "
        f"with L = {L_SAMPLES} (N = {N_OTHER}), {REPLICATIONS} replications, for f = z and "
        f"(z - mu)^2; within z = {z_crit:.2f} standard errors (false alarm < {FALSE_ALARM:g}); "
        f"largest deviation {worst:.2f} standard errors",
        worst,
    )


@confirms("reparam.gaussian.moments", "quadrature")
def moments_by_quadrature(result, seed: int) -> Confirmation:
    """The statement's integrals by the shared evaluator's quadrature vs the claimed
    moments."""
    lhs = sp.Matrix(result.statement.lhs)
    claimed = _claimed_moments(result)
    worst, tol = 0.0, 1e-8
    for m, s in _moment_points(seed + 1):
        got = [evaluate(entry, {MU: m, SIGMA: s}, Context()).real for entry in lhs]
        err = float(np.abs(np.array(got) - claimed(m, s)).max())
        worst = max(worst, err)
        if err > tol:
            return Confirmation(
                "quadrature",
                False,
                f"at mu = {m:.4g}, sigma = {s:.4g}: quad {got} vs claimed {claimed(m, s).tolist()}",
                err,
            )
    return Confirmation(
        "quadrature",
        True,
        f"{MOMENT_POINTS} random (mu, sigma): the statement's integrals by adaptive quadrature "
        f"(probproof.numeric.evaluate) vs the claimed moments, largest error {worst:.2e} "
        f"(tolerance {tol:g})",
        worst,
    )


# ---------------------------------------------------------------------------
# reparam.change_of_variables.diagonal / .full
# ---------------------------------------------------------------------------

K = cov_module.K
DENSITY_POINTS = 3
DRAWS = 100_000
GRID = 401


def _parameters(result_id: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random ``mu`` and scale matrix ``A`` of ``g(z0) = mu + A z0``: ``diag(sigma)``
    with sigma in [0.4, 2], or ``S`` with singular values in [0.5, 1.5], random
    rotations and a random sign of the determinant (so |det S| matters)."""
    mu = rng.uniform(-1.5, 1.5, K)
    if result_id.endswith("diagonal"):
        return mu, np.diag(rng.uniform(0.4, 2.0, K))
    q1, _ = np.linalg.qr(rng.standard_normal((K, K)))
    q2, _ = np.linalg.qr(rng.standard_normal((K, K)))
    return mu, q1 @ np.diag(rng.uniform(0.5, 1.5, K)) @ q2


def _subs(result_id: str, mu: np.ndarray, a: np.ndarray) -> dict[sp.Symbol, float]:
    out = {cov_module.mus[k]: float(mu[k]) for k in range(K)}
    if result_id.endswith("diagonal"):
        out.update({cov_module.sigmas[k]: float(a[k, k]) for k in range(K)})
    else:
        out.update({cov_module.S[i, j]: float(a[i, j]) for i in range(K) for j in range(K)})
    return out


def _density(expr: sp.Basic, values: dict[sp.Symbol, float]) -> Callable[..., np.ndarray]:
    """A side of the statement as a vectorised density ``f(z_1, z_2)``."""
    params = tuple(values)
    f = _compiled_density(expr, params)
    args = [values[p] for p in params]
    return lambda *z: np.broadcast_to(np.asarray(f(*z, *args), dtype=float), np.shape(z[0]))


@functools.lru_cache(maxsize=32)
def _compiled_density(expr: sp.Basic, params: tuple[sp.Symbol, ...]):
    """``expr`` with its densities written out, as a numpy function of ``(z_1, z_2,
    *params)``: compiled once per side, where substituting each parameter set into the
    SymPy form took a third of a second."""
    explicit = explicit_densities(expr).doit()
    return sp.lambdify([*cov_module.zs, *params], explicit, "numpy")


def _reference_log_density(mu: np.ndarray, a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Equation (1) by torch: log N(g^{-1}(z); 0, I) - log|det dg/dz0| with the
    Jacobian of ``g(z0) = mu + A z0`` taken by autograd at each ``z0``."""
    mu_t, a_t = torch.as_tensor(mu), torch.as_tensor(a)

    def g(z0: torch.Tensor) -> torch.Tensor:
        return mu_t + a_t @ z0

    out = []
    for zi in torch.as_tensor(z):
        z0 = torch.linalg.solve(a_t, zi - mu_t)
        jac = torch.autograd.functional.jacobian(g, z0)
        logabsdet = torch.linalg.slogdet(jac).logabsdet
        base = torch.distributions.Normal(0.0, 1.0).log_prob(z0).sum()
        out.append(float(base - logabsdet))
    return np.array(out)


def _by_autograd(result, seed: int) -> Confirmation:
    rng = np.random.default_rng(seed)
    st = result.statement
    worst, tol, n_z = 0.0, 1e-9, 10
    for _ in range(DENSITY_POINTS):
        mu, a = _parameters(result.id, rng)
        values = _subs(result.id, mu, a)
        z = mu + rng.standard_normal((n_z, K)) @ a.T * 1.5
        ref = _reference_log_density(mu, a, z)
        for name, side in (("left", st.lhs), ("right", st.rhs)):
            with np.errstate(divide="ignore", invalid="ignore"):
                got = np.log(_density(side, values)(*z.T))
            err = float(np.max(np.abs(got - ref))) if np.all(np.isfinite(got)) else math.inf
            worst = max(worst, err)
            if err > tol:
                return Confirmation(
                    "torch-autograd",
                    False,
                    f"mu = {mu.round(3).tolist()}, scale = {a.round(3).tolist()}: log of the "
                    f"{name} side differs from log N(g^-1(z); 0, I) - log|det J_g| (autograd) "
                    f"by up to {err:.3g} at {n_z} points z",
                    err,
                )
    return Confirmation(
        "torch-autograd",
        True,
        f"{DENSITY_POINTS} random parameter sets x {n_z} points z (K = {K}): log of both sides vs "
        f"log N(g^-1(z); 0, I) - log|det dg/dz0| with the Jacobian by "
        f"torch.autograd.functional.jacobian and slogdet, largest error {worst:.2e} "
        f"(tolerance {tol:g})",
        worst,
    )


def _grid_moments(f: Callable[..., np.ndarray], centre: np.ndarray, half: float):
    """Mass, mean and covariance of a 2-D density by the trapezoid rule on a square
    grid (spectrally accurate for Gaussians: the grid step is < 1/10 of the
    smallest standard deviation)."""
    axes = [np.linspace(c - half, c + half, GRID) for c in centre]
    z1, z2 = np.meshgrid(*axes, indexing="ij")
    dens = f(z1, z2)

    def integral(values: np.ndarray) -> float:
        return float(integrate.trapezoid(integrate.trapezoid(values, axes[1]), axes[0]))

    mass = integral(dens)
    mean = np.array([integral(z1 * dens), integral(z2 * dens)]) / mass
    d1, d2 = z1 - mean[0], z2 - mean[1]
    cov = np.array(
        [
            [integral(d1 * d1 * dens), integral(d1 * d2 * dens)],
            [integral(d1 * d2 * dens), integral(d2 * d2 * dens)],
        ]
    )
    return mass, mean, cov / mass


def _by_monte_carlo(result, seed: int) -> Confirmation:
    rng = np.random.default_rng(seed + 1)
    st = result.statement
    comparisons = DENSITY_POINTS * 2 * 5  # points x sides x (2 means + 3 covariances)
    z_crit = _z_crit(comparisons)
    worst = 0.0
    for _ in range(DENSITY_POINTS):
        mu, a = _parameters(result.id, rng)
        values = _subs(result.id, mu, a)
        z = mu + rng.standard_normal((DRAWS, K)) @ a.T  # draws of g(z0)
        m_hat = z.mean(axis=0)
        d = z - m_hat
        prods = np.stack([d[:, 0] * d[:, 0], d[:, 0] * d[:, 1], d[:, 1] * d[:, 1]], axis=1)
        stats = np.concatenate([m_hat, prods.mean(axis=0)])
        se = np.concatenate([z.std(axis=0, ddof=1), prods.std(axis=0, ddof=1)]) / math.sqrt(DRAWS)
        half = 10 * float(np.sqrt(np.linalg.eigvalsh(np.cov(z.T)).max()))
        for name, side in (("left", st.lhs), ("right", st.rhs)):
            mass, mean, cov = _grid_moments(_density(side, values), m_hat, half)
            claimed = np.array([*mean, cov[0, 0], cov[0, 1], cov[1, 1]])
            dev = np.abs(stats - claimed) / se
            worst = max(worst, float(dev.max()))
            if abs(mass - 1) > 1e-6 or dev.max() > z_crit:
                return Confirmation(
                    "monte-carlo",
                    False,
                    f"mu = {mu.round(3).tolist()}, scale = {a.round(3).tolist()}: the {name} "
                    f"side has mass {mass:.6g}, mean {mean.round(4).tolist()}, covariance "
                    f"{cov.round(4).tolist()}; {DRAWS} draws of g(z0) have mean "
                    f"{m_hat.round(4).tolist()}, covariance {np.cov(z.T).round(4).tolist()} "
                    f"({dev.max():.1f} standard errors)",
                    float(dev.max()),
                )
    return Confirmation(
        "monte-carlo",
        True,
        f"{DENSITY_POINTS} random parameter sets, {DRAWS} draws of g(z0) each: sample mean and "
        f"covariance (CLT standard errors) vs the mean and covariance of each side's density "
        f"(trapezoid rule on a {GRID}x{GRID} grid; mass 1 within 1e-6); within z = "
        f"{z_crit:.2f} (false alarm < {FALSE_ALARM:g}); largest deviation {worst:.2f} "
        f"standard errors",
        worst,
    )


for _rid in ("reparam.change_of_variables.diagonal", "reparam.change_of_variables.full"):
    confirms(_rid, "torch-autograd")(_by_autograd)
    confirms(_rid, "monte-carlo")(_by_monte_carlo)
