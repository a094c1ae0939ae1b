"""Shared SymPy pieces of the Gaussian derivations (not a topic module)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Let
from probproof.derivations.vocabulary import Normal

z = sp.Symbol("z", real=True)
e = sp.Symbol("epsilon", real=True)
#: The observed data point of the model-based identities (ELBO, free energy), symbolic:
#: the identities are checked for every x.
x = sp.Symbol("x", real=True)
mu = sp.Symbol("mu", real=True)
sigma = sp.Symbol("sigma", positive=True)


def gauss_pdf(t: sp.Expr, m: sp.Expr, s: sp.Expr) -> sp.Expr:
    """The N(m, s^2) density at ``t``, written out."""
    return sp.exp(-((t - m) ** 2) / (2 * s**2)) / (sp.sqrt(2 * sp.pi) * s)


def gauss_log(t: sp.Expr, m: sp.Expr, s: sp.Expr) -> sp.Expr:
    """The N(m, s^2) log density at ``t``, written out."""
    return Normal(m, s).logpdf(t)


def expect(body: sp.Expr, t: sp.Symbol, m: sp.Expr, s: sp.Expr) -> sp.Integral:
    """``E_{t ~ N(m, s^2)}[body]`` as an explicit integral."""
    return sp.Integral(gauss_pdf(t, m, s) * body, (t, -sp.oo, sp.oo))


#: Linear-Gaussian model used wherever an abstract identity must be evaluated:
#: p(z) = N(0, 1), p(x | z) = N(z, 1), so p(x) = N(0, sqrt 2), p(z | x) = N(x/2, 1/sqrt 2),
#: observed at x = 3/2.
PRIOR = Normal(0, 1)
MARGINAL = Normal(0, sp.sqrt(2))
POSTERIOR = Normal(x / 2, 1 / sp.sqrt(2))
Q = Normal(mu, sigma)

#: The sample size L of a Monte Carlo average and its index l (questions 1.4 and 1.5 of
#: seed 004), and N, the seed's misprinted divisor.
L, N = sp.symbols("L N", integer=True, positive=True)
l_ = sp.Symbol("l", integer=True, positive=True)
#: Weight of each sample in the Monte Carlo average of question 1.4 / 1.5.
MC_WEIGHT = 1 / L


def model_note(latent: sp.Symbol = z, q_stated: bool = False) -> tuple:
    """The note on the linear-Gaussian model, as prose and objects, with the latent
    variable called ``latent``; without q where the claim states it (``q_stated``)."""
    p = sp.Function("p")
    given = sp.Symbol(f"x|{latent.name}"), sp.Symbol(f"{latent.name}|x")
    with_q = () if q_stated else (", with ", Let(sp.Function("q")(latent), Q))
    return ("Evaluated on the linear-Gaussian model ", Let(p(latent), Normal(0, 1)), " and ",
            Let(p(given[0]), Normal(latent, 1)), ", for which ", Let(p(x), MARGINAL), " and ",
            Let(p(given[1]), POSTERIOR.xreplace({z: latent})), *with_q,
            "; the steps are the general ones.")
