"""The results of issue 3: seeds 003 (questions 1-2), 004 (problem 1), 002 (questions 1-3)
and 001 (problem 2 (ii)). Every one of them can be evaluated numerically."""

ISSUE3 = (
    "vi.amortised.bias",
    "vi.amortised.gap",
    "reparam.change_of_variables.diagonal",
    "reparam.change_of_variables.full",
    "flow.coupling.inverse",
    "flow.coupling.jacobian",
    "flow.coupling.det",
    "elbo.decomposition",
    "elbo.reparam_estimator",
    "reparam.gaussian.moments",
    "kl.gaussian.diagonal",
    "vfe.free_energy.posterior_gap",
    "vfe.kl.factorised_sum",
    "kl.gaussian.standard",
    "vfe.kl.reparam_gradient",
    "iwae.bound.upper",
    "iwae.bound.monotone",
    "vae.objective.kl_term",
    "vae.objective.bernoulli_loglik",
)
