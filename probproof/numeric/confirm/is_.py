"""Confirmations of ``is.*``: importance sampling for the energy-based model (seed 000,
1.5-1.7), by the grid rule, by adaptive cubature and by finite differences (the shared
machinery is in ``_energy.py``). The file is ``is_.py``, not ``is.py``: ``is`` is a
Python keyword, and PEP 8 gives such a name a trailing underscore."""

from __future__ import annotations

import sympy as sp

from probproof.numeric.confirm._common import check_points
from probproof.numeric.confirm._energy import (
    autograd_derivative,
    finite_differences,
    grid_value,
    points,
)
from probproof.numeric.confirmations import Confirmation, confirms


def _lhs_truth(result, p):
    lhs = result.statement.lhs
    if isinstance(lhs, sp.Derivative):
        return autograd_derivative(lhs, p)
    return float(grid_value(lhs, p))


def _grid_confirm(result, seed):
    worst = 0.0
    for p in points(seed):
        truth = _lhs_truth(result, p)
        claimed = float(grid_value(result.statement.rhs, p))
        worst = max(worst, abs(truth - claimed) / max(1.0, abs(truth)))
    return Confirmation("quadrature", worst <= 1e-8, f"left side (grid rule; autograd for a "
                        f"derivative) vs the claimed right side with its expectations over q "
                        f"by the grid rule, 3 parameter points: largest relative error "
                        f"{worst:.2g} (tolerance 1e-8)", worst)


def _cubature_confirm(result, seed: int) -> Confirmation:
    """Both sides by the shared evaluator's adaptive n-dimensional quadrature (the
    expectations over q with q's density cancelled), at random parameter points.
    Monte Carlo is no witness here: importance sampling from q (ten unit Gaussians on a
    ring of circumference 63) leaves the gaps between them to a few draws with huge
    weights, a sample the evaluator's tail diagnostic refuses at most points."""
    st = result.statement
    ok, detail, worst = check_points(result, [(st.lhs, st.rhs, st.relation)], "cubature",
                                     seed, npoints=1)
    return Confirmation("cubature", ok, detail, worst)


for _rid in ("is.self_normalised", "is.grad_a", "is.log_partition"):
    confirms(_rid, "quadrature")(_grid_confirm)
    if _rid != "is.grad_a":
        confirms(_rid, "cubature")(_cubature_confirm)


@confirms("is.grad_a", "quadrature+finite-differences")
def grad_a_fd(result, seed: int = 0) -> Confirmation:
    """Finite differences of A(theta) against the claimed gradient. Monte Carlo is no
    witness here (see :func:`_cubature_confirm`): the old replicated estimator had an
    effective sample size of about 5 in 5000."""
    return finite_differences(result, seed, 2)
