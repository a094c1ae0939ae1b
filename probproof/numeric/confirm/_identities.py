"""Generic confirmations of results stated with Gaussian functionals (KL,
expectations, log densities): both sides of the statement are evaluated at
random parameter points by the shared evaluator, by quadrature and,
independently, by Monte Carlo with CLT standard errors.

Not a topic module: each topic module registers its results with
:func:`register_identity_checks` (``confirm/kl.py`` for ``kl.gaussian.standard``)."""

from __future__ import annotations

from probproof.numeric.confirm._common import check_points
from probproof.numeric.confirmations import Confirmation, confirms

POINTS = 4


def _statement(result):
    st = result.statement
    return [(st.lhs, st.rhs, st.relation)]


def by_quadrature(result, seed: int) -> Confirmation:
    """Both sides by quadrature at random parameter points."""
    ok, detail, worst = check_points(result, _statement(result), "quadrature", seed, POINTS)
    return Confirmation("quadrature", ok, detail, worst)


def by_monte_carlo(result, seed: int) -> Confirmation:
    """Both sides by Monte Carlo at random parameter points; equality passes iff the
    difference is within the shared tolerance (its z-bound on the standard errors)."""
    ok, detail, worst = check_points(result, _statement(result), "monte-carlo", seed + 1,
                                     POINTS, monte_carlo=True)
    return Confirmation("monte-carlo", ok, detail, worst)


def register_identity_checks(result_id: str, quadrature: bool = True) -> None:
    """Register the two generic confirmations of ``result_id``: both sides by quadrature
    and by Monte Carlo. ``quadrature=False`` registers Monte Carlo only (statements over
    multivariate Gaussians, beyond the quadrature of this check)."""
    if quadrature:
        confirms(result_id, "quadrature")(by_quadrature)
    confirms(result_id, "monte-carlo")(by_monte_carlo)
