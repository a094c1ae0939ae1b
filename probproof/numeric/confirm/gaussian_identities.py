"""Generic confirmations of results stated with Gaussian functionals (KL,
expectations, log densities): both sides of the statement are evaluated at
random parameter points by the shared evaluator, by quadrature and,
independently, by Monte Carlo with CLT standard errors."""

from __future__ import annotations

from probproof.numeric.confirm._common import check_points
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


for _rid in SCALAR_RESULTS:
    confirms(_rid, "quadrature")(by_quadrature)
for _rid in SCALAR_RESULTS + MULTIVARIATE_RESULTS:
    confirms(_rid, "monte-carlo")(by_monte_carlo)
