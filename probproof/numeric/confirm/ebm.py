"""Confirmations of ``ebm.*``: the maximum-likelihood gradient of the energy-based model
(seed 000, 1.4) by torch autograd through a grid rule and by finite differences of
quadratures (the shared machinery is in ``_energy.py``)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from probproof.numeric.confirm._energy import (
    N_GRID,
    autograd_derivative,
    data_subs,
    finite_differences,
    grid_value,
    points,
)
from probproof.numeric.confirmations import Confirmation, confirms


@confirms("ebm.mle.gradient", "torch-autograd")
def mle_autograd(result, seed: int = 0) -> Confirmation:
    """dL/da1 by torch autograd of L (A(theta) by the grid rule, float64) against the
    claimed right-hand side on the same grid, at 3 parameter points."""
    rng = np.random.default_rng(seed)
    st = result.statement
    worst = 0.0
    for p in points(seed):
        data = data_subs(st.lhs, rng)
        ad = autograd_derivative(st.lhs, p, {k: sp.Float(v) for k, v in data.items()})
        claimed = float(grid_value(st.rhs.xreplace({k: sp.Float(v) for k, v in data.items()}), p))
        worst = max(worst, abs(ad - claimed) / max(1.0, abs(ad)))
    return Confirmation("torch-autograd", worst <= 1e-8, f"autograd of L through a "
                        f"{N_GRID}^2 grid rule vs the claimed gradient, 3 points: largest "
                        f"relative error {worst:.2g} (tolerance 1e-8)", worst)


@confirms("ebm.mle.gradient", "quadrature+finite-differences")
def mle_fd(result, seed: int = 0) -> Confirmation:
    """Finite differences of L against the claimed gradient (``_energy.finite_differences``)."""
    return finite_differences(result, seed, 2)
