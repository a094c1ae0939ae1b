"""Gaussian KL results against a peer library, ``torch.distributions``.

Every ``KL(P, Q)`` node of a side of the statement is replaced by
``torch.distributions.kl_divergence`` of the same distributions (read from the
node) at random parameter values, in float64; what remains, and the other
side, is evaluated by SymPy. Two routes through torch are used, so that one
bug in a peer formula cannot pass a wrong claim twice: diagonal Gaussians as
products of ``Normal`` (``Independent``) and as ``MultivariateNormal`` (its
Cholesky-based KL).

Not a topic module: the topic modules register their results with
:func:`register_torch_kl_checks`.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
import torch

from probproof.derivations.vocabulary import KL, MvNormal, Normal
from probproof.numeric.confirmations import Confirmation, confirms
from probproof.numeric.sampling import draw_point

POINTS = 6
TOL = 1e-9  # relative to max(1, |value|); both routes are exact up to rounding


def _to_torch(dist, route: str) -> torch.distributions.Distribution:
    td = torch.distributions
    f64 = torch.float64
    if isinstance(dist, Normal):
        m, s = (torch.tensor(float(a), dtype=f64) for a in dist.args)
        return td.Normal(m, s)
    if isinstance(dist, MvNormal):
        mean = torch.tensor([float(v) for v in dist.mean_vector], dtype=f64)
        cov = torch.tensor(np.array(dist.cov_matrix.tolist(), dtype=float), dtype=f64)
        if route == "Normal":
            if torch.count_nonzero(cov - torch.diag(torch.diagonal(cov))):
                raise NotImplementedError("the Normal route needs a diagonal covariance")
            return td.Independent(td.Normal(mean, torch.sqrt(torch.diagonal(cov))), 1)
        return td.MultivariateNormal(mean, covariance_matrix=cov)
    raise NotImplementedError(f"no torch counterpart for {type(dist).__name__}")


def torch_value(expr: sp.Basic, point: dict[sp.Symbol, float], route: str) -> float:
    """``expr`` at ``point`` with each ``KL`` node evaluated by torch."""
    # xreplace, not subs: the same numbers put in, without subs' rewriting machinery,
    # which on a KL of two 8-dimensional Gaussians cost 80 ms a point.
    expr = sp.sympify(expr).xreplace({s: sp.Float(v) for s, v in point.items()})
    kls = {
        node: sp.Float(
            float(
                torch.distributions.kl_divergence(
                    _to_torch(node.args[0], route), _to_torch(node.args[1], route)
                )
            ),
            30,
        )
        for node in sp.preorder_traversal(expr)
        if isinstance(node, KL)
    }
    return float(sp.N(expr.xreplace(kls)))


def _symbols(result) -> list[sp.Symbol]:
    st = result.statement
    return sorted(st.lhs.free_symbols | st.rhs.free_symbols, key=lambda s: s.name)


def _confirm(result, seed: int, route: str) -> Confirmation:
    method = f"torch.distributions.{route}"
    rng = np.random.default_rng(seed + (0 if route == "Normal" else 1))
    st = result.statement
    worst = 0.0
    for _ in range(POINTS):
        point = draw_point(_symbols(result), result.domains, rng)
        lv, rv = torch_value(st.lhs, point, route), torch_value(st.rhs, point, route)
        err = abs(lv - rv) / max(1.0, abs(lv), abs(rv))
        worst = max(worst, err)
        if err > TOL:
            shown = ", ".join(f"{k} = {v:.4g}" for k, v in point.items())
            return Confirmation(method, False, f"at {shown}: lhs = {lv:.10g}, rhs = {rv:.10g}", err)
    return Confirmation(
        method,
        True,
        f"{POINTS} random points: every KL node by torch.distributions.kl_divergence "
        f"({route} route, float64), the rest by SymPy; largest relative |lhs - rhs| "
        f"{worst:.2e} (tolerance {TOL:g})",
        worst,
    )


def by_normal_route(result, seed: int) -> Confirmation:
    """KL nodes as sums of 1-D ``Normal`` KLs (``Independent``)."""
    return _confirm(result, seed, "Normal")


def by_multivariate_route(result, seed: int) -> Confirmation:
    """KL nodes through ``MultivariateNormal`` (Cholesky factors)."""
    return _confirm(result, seed, "MultivariateNormal")


def register_torch_kl_checks(result_id: str) -> None:
    """Register both routes through ``torch.distributions`` for ``result_id``."""
    confirms(result_id, "torch.distributions.Normal")(by_normal_route)
    confirms(result_id, "torch.distributions.MultivariateNormal")(by_multivariate_route)
