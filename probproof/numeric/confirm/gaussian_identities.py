"""Generic confirmations of results stated with Gaussian functionals (KL,
expectations, log densities): both sides of the statement are evaluated at
random parameter points by Gauss-Hermite quadrature, and independently by
Monte Carlo with CLT standard errors."""

from __future__ import annotations

import numpy as np
import sympy as sp

from probproof.numeric.confirm._evaluate import Z_BOUND, evaluate, holds, random_point
from probproof.numeric.confirmations import Confirmation, confirms

#: Results whose statements are scalar functionals of 1-D Gaussians.
SCALAR_RESULTS = (
    "vfe.free_energy.posterior_gap",
    "kl.gaussian.standard",
    "elbo.decomposition",
    "elbo.reparam_estimator",
    "vi.amortised.bias",
    "vi.amortised.gap",
    "iwae.bound.upper",
    "iwae.bound.monotone",
)
#: Results over diagonal multivariate Gaussians: Monte Carlo only.
MULTIVARIATE_RESULTS = ("vfe.kl.factorised_sum", "vae.objective.kl_term")
POINTS = 4


def _symbols(result):
    st = result.statement
    return sorted(
        (st.lhs.free_symbols | st.rhs.free_symbols) - {sp.Symbol("_")}, key=lambda s: s.name
    )


def by_quadrature(result, seed: int) -> Confirmation:
    """Both sides by 80-node Gauss-Hermite quadrature (tensor product for two
    variables) at random parameter points; tolerance 1e-7 absolute."""
    rng = np.random.default_rng(seed)
    st = result.statement
    worst, tol = 0.0, 1e-7
    for _ in range(POINTS):
        point = random_point(_symbols(result), result.domains, rng)
        lv, _ = evaluate(st.lhs, point, "hermite")
        rv, _ = evaluate(st.rhs, point, "hermite")
        if not holds(lv, rv, st.relation, tol):
            return Confirmation(
                "quadrature",
                False,
                f"at {_fmt(point)}: lhs = {lv:.10g}, rhs = {rv:.10g}",
                abs(lv - rv),
            )
        worst = max(worst, abs(lv - rv) if st.relation == "==" else 0.0)
    return Confirmation(
        "quadrature",
        True,
        f"Gauss-Hermite ({POINTS} random points, tolerance "
        f"{tol:g}): {st.relation} held; largest |lhs - rhs| = {worst:.2e}",
        worst,
    )


def by_monte_carlo(result, seed: int) -> Confirmation:
    """Both sides by Monte Carlo (400 000 draws per expectation); equality passes
    iff |lhs - rhs| <= z * stderr with z for a 1e-6 two-sided false alarm."""
    rng = np.random.default_rng(seed + 1)
    st = result.statement
    worst = 0.0
    for _ in range(POINTS):
        point = random_point(_symbols(result), result.domains, rng)
        lv, ls = evaluate(st.lhs, point, "mc", rng)
        rv, rs = evaluate(st.rhs, point, "mc", rng)
        se = float(np.hypot(ls, rs)) + 1e-12
        if not holds(lv, rv, st.relation, Z_BOUND * se):
            return Confirmation(
                "monte-carlo",
                False,
                f"at {_fmt(point)}: lhs = {lv:.6g} ± {ls:.2g}, rhs = {rv:.6g} ± "
                f"{rs:.2g} ({abs(lv - rv) / se:.1f} standard errors)",
                abs(lv - rv) / se,
            )
        worst = max(worst, abs(lv - rv) / se if st.relation == "==" else 0.0)
    return Confirmation(
        "monte-carlo",
        True,
        f"{POINTS} random points, 400000 draws per "
        f"expectation, z = {Z_BOUND:.2f}: {st.relation} held; largest "
        f"deviation {worst:.2f} standard errors",
        worst,
    )


def _fmt(point) -> str:
    return ", ".join(f"{k} = {v:.4g}" for k, v in point.items())


for _rid in SCALAR_RESULTS:
    confirms(_rid, "quadrature")(by_quadrature)
for _rid in SCALAR_RESULTS + MULTIVARIATE_RESULTS:
    confirms(_rid, "monte-carlo")(by_monte_carlo)
