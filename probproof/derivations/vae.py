"""The VAE objective, ``vae.*``, of ESE 546 HW5, problem 2 (ii), equation (5) (seed 001):
its Gaussian KL term (8 latent dimensions) and Bernoulli log-likelihood."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.kl import kl_standard_closed_form
from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import KL, Bernoulli, MvNormal, Normal, logpdf

SEED = "001_6664ac7dfb33b96a.txt"
D = 8
mus = sp.symbols(f"mu_1:{D + 1}", real=True)
sigmas = sp.symbols(f"sigma_1:{D + 1}", positive=True)
xb = sp.Symbol("x", real=True)
y = sp.Symbol("y", positive=True)


def seed_kl_term() -> sp.Expr:
    """The seed's ``-1/2 sum_i (1 + log sigma_i^2 - mu_i^2 - sigma_i^2)``."""
    return -sp.Rational(1, 2) * sp.Add(
        *[1 + sp.log(s**2) - m**2 - s**2 for m, s in zip(mus, sigmas, strict=True)]
    )


def bernoulli_term() -> sp.Expr:
    """The seed's per-pixel ``x log y + (1 - x) log(1 - y)``."""
    return xb * sp.log(y) + (1 - xb) * sp.log(1 - y)


@register
def vae_kl_term() -> Result:
    q = MvNormal(list(mus), [[sigmas[i] ** 2 if i == j else 0 for j in range(D)] for i in range(D)])
    p = MvNormal([0] * D, [[1 if i == j else 0 for j in range(D)] for i in range(D)])
    per = [Normal(m, s) for m, s in zip(mus, sigmas, strict=True)]
    return Result(
        id="vae.objective.kl_term",
        title="The Gaussian KL term of the VAE objective (5)",
        sources=(Source(SEED, "2.ii"),),
        statement=Statement(
            KL(q, p),
            seed_kl_term(),
            "==",
            "$\\mathrm{KL}(p_u(z|x) \\| N(0, I)) = -\\frac12 \\sum_{i=1}^8 (1 + "
            "\\log \\sigma_i^2 - \\mu_i^2 - \\sigma_i^2)$",
        ),
        derivations=(
            Derivation(
                KL(q, p),
                (
                    Step(
                        sp.Add(*[KL(n, Normal(0, 1)) for n in per]),
                        "the KL of factorised Gaussians is a sum over coordinates (seed 003, 2.2)",
                    ),
                    Step(
                        sp.Add(
                            *[
                                kl_standard_closed_form(m, s)
                                for m, s in zip(mus, sigmas, strict=True)
                            ]
                        ),
                        "closed form per coordinate (seed 003, 2.3)",
                    ),
                    Step(seed_kl_term(), "collect terms"),
                ),
            ),
        ),
        answer=(
            "The KL term of equation (5) is as written: "
            "$-\\frac12 \\sum_{i=1}^8 (1 + \\log \\sigma_u(x)_i^2 - \\mu_u(x)_i^2 - "
            "\\sigma_u(x)_i^2)$ (note: $\\log \\sigma^2$, not $\\log \\sigma$)."
        ),
        domains={**{str(m): "real" for m in mus}, **{str(s): "positive" for s in sigmas}},
    )


@register
def vae_bernoulli_term() -> Result:
    f = bernoulli_term()
    lhs = sp.ImmutableMatrix([logpdf(Bernoulli(y), 0), logpdf(Bernoulli(y), 1)])
    rhs = sp.ImmutableMatrix([sp.Subs(f, xb, 0), sp.Subs(f, xb, 1)])
    return Result(
        id="vae.objective.bernoulli_loglik",
        title="The Bernoulli log-likelihood of the VAE objective (5)",
        sources=(Source(SEED, "2.ii"),),
        statement=Statement(
            lhs,
            rhs,
            "==",
            "for a pixel $x \\in \\{0, 1\\}$ with decoder output $y \\in (0, 1)$, "
            "$\\log \\mathrm{Bernoulli}(x; y) = x \\log y + (1 - x) \\log(1 - y)$",
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        sp.ImmutableMatrix([sp.log(1 - y), sp.log(y)]),
                        "the Bernoulli mass $y^x (1 - y)^{1 - x}$ at $x = 0$ and $x = 1$",
                    ),
                    Step(rhs, "$x \\log y + (1-x)\\log(1-y)$ at $x = 0$ and $x = 1$"),
                ),
            ),
        ),
        answer=(
            "$\\log p_v(x|z) = \\sum_{i=1}^{196} x_i \\log y_i + (1 - x_i)\\log(1 - y_i)$ is "
            "the sum of the pixels' Bernoulli log masses (pixels independent given $z$), i.e. "
            "minus the summed binary cross-entropy between the image and the decoder output."
        ),
        domains={"y": "probability"},
    )
