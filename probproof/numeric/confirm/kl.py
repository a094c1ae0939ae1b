"""Confirmations of ``kl.*``: the J-dimensional diagonal-Gaussian KL (seed 004, question 1.7)
and the KL of a Gaussian from the standard normal (seed 003, 2.3; the generic checks).

The statement is symbolic in ``J``; both of its sides are evaluated at
concrete ``J`` and random ``mu_j``, ``sigma_j`` and compared with ``-KL``
computed (1) by ``torch.distributions.kl_divergence`` and (2) by Monte Carlo
from ``scipy.stats.norm`` log densities, with CLT standard errors.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
import torch
from scipy.stats import norm

from probproof.numeric.confirm._identities import register_identity_checks
from probproof.numeric.confirmations import Confirmation, confirms

POINTS = 5
DRAWS = 200_000
#: False-alarm bound of the Monte Carlo confirmation (Bonferroni over sides x points).
FALSE_ALARM = 1e-6
TOL = 1e-9


def _indexed(expr: sp.Basic) -> tuple[sp.Symbol, sp.IndexedBase, sp.IndexedBase]:
    """The dimension ``J`` and the bases ``mu``, ``sigma`` of the statement."""
    bases = {b.label.name: b for b in expr.atoms(sp.IndexedBase)}
    dims = [s for s in expr.free_symbols if isinstance(s, sp.Symbol) and s.name == "J"]
    if not dims or {"mu", "sigma"} - set(bases):
        raise ValueError("expected a statement in J, mu[j], sigma[j]")
    return dims[0], bases["mu"], bases["sigma"]


def _sides_at(result, dim: int, mus: np.ndarray, sigmas: np.ndarray) -> tuple[float, float]:
    st = result.statement
    J, mu, sigma = _indexed(st.lhs - st.rhs)
    values = {mu[k + 1]: float(mus[k]) for k in range(dim)}
    values |= {sigma[k + 1]: float(sigmas[k]) for k in range(dim)}
    out = []
    for side in (st.lhs, st.rhs):
        concrete = side.subs(J, dim).doit()
        out.append(float(sp.N(concrete.xreplace(values))))
    return out[0], out[1]


def _draw(rng: np.random.Generator) -> tuple[int, np.ndarray, np.ndarray]:
    dim = int(rng.integers(1, 7))
    return dim, rng.uniform(-1.5, 1.5, dim), rng.uniform(0.4, 2.0, dim)


@confirms("kl.gaussian.diagonal", "torch.distributions")
def by_peer_library(result, seed: int) -> Confirmation:
    """Both sides vs ``-kl_divergence`` of ``Independent(Normal)`` distributions."""
    rng = np.random.default_rng(seed)
    td = torch.distributions
    worst = 0.0
    for _ in range(POINTS):
        dim, mus, sigmas = _draw(rng)
        q = td.Independent(td.Normal(torch.tensor(mus), torch.tensor(sigmas)), 1)
        p = td.Independent(td.Normal(torch.zeros(dim, dtype=torch.float64), 1.0), 1)
        ref = -float(td.kl_divergence(q, p))
        lv, rv = _sides_at(result, dim, mus, sigmas)
        err = max(abs(lv - ref), abs(rv - ref)) / max(1.0, abs(ref))
        worst = max(worst, err)
        if err > TOL:
            return Confirmation(
                "torch.distributions",
                False,
                f"J = {dim}, mu = {mus.round(3).tolist()}, sigma = {sigmas.round(3).tolist()}: "
                f"lhs = {lv:.10g}, rhs = {rv:.10g}, -kl_divergence = {ref:.10g}",
                err,
            )
    return Confirmation(
        "torch.distributions",
        True,
        f"{POINTS} random (J in 1..6, mu_j, sigma_j): both sides vs -kl_divergence of "
        f"torch Independent(Normal) in float64, largest relative error {worst:.2e} "
        f"(tolerance {TOL:g})",
        worst,
    )


@confirms("kl.gaussian.diagonal", "monte-carlo")
def by_monte_carlo(result, seed: int) -> Confirmation:
    """Both sides vs a Monte Carlo estimate of ``E_q[log p(z) - log q(z)]``."""
    rng = np.random.default_rng(seed + 1)
    z_crit = float(norm.isf(FALSE_ALARM / (2 * 2 * POINTS)))
    worst = 0.0
    for _ in range(POINTS):
        dim, mus, sigmas = _draw(rng)
        z = mus + sigmas * rng.standard_normal((DRAWS, dim))
        terms = (norm.logpdf(z) - norm.logpdf(z, mus, sigmas)).sum(axis=1)
        est, se = float(terms.mean()), float(terms.std(ddof=1) / math.sqrt(DRAWS))
        lv, rv = _sides_at(result, dim, mus, sigmas)
        dev = max(abs(lv - est), abs(rv - est)) / se
        worst = max(worst, dev)
        if dev > z_crit:
            return Confirmation(
                "monte-carlo",
                False,
                f"J = {dim}: lhs = {lv:.6g}, rhs = {rv:.6g}, Monte Carlo -KL = {est:.6g} ± "
                f"{se:.2g} ({dev:.1f} standard errors)",
                dev,
            )
    return Confirmation(
        "monte-carlo",
        True,
        f"{POINTS} random (J in 1..6, mu_j, sigma_j), {DRAWS} draws each: both sides vs the "
        f"mean of log N(z; 0, I) - log q(z) (scipy.stats), within z = {z_crit:.2f} standard "
        f"errors (false alarm < {FALSE_ALARM:g}); largest deviation {worst:.2f} standard errors",
        worst,
    )


register_identity_checks("kl.gaussian.standard")
