"""The VAE objective, ``vae.*``, of ESE 546 HW5, problem 2 (ii), equation (5) (seed 001):
its Gaussian KL term (8 latent dimensions) and Bernoulli log-likelihood."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.kl import kl_standard_closed_form
from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    register,
)
from probproof.derivations.vocabulary import KL, Bernoulli, MvNormal, Normal, logpdf

SEED = "001_6664ac7dfb33b96a.txt"
D = 8
mus = sp.symbols(f"mu_1:{D + 1}", real=True)
sigmas = sp.symbols(f"sigma_1:{D + 1}", positive=True)
xb = sp.Symbol("x", real=True)
y = sp.Symbol("y", positive=True)

#: Notation for the text: coordinate i of the encoder's mean and standard deviation,
#: pixel i of the image and of the decoder's output.
i_ = sp.Symbol("i", integer=True, positive=True)
MU_I, SIGMA_I = sp.IndexedBase("mu"), sp.IndexedBase("sigma")
X_I, Y_I = sp.IndexedBase("x"), sp.IndexedBase("y")
KL_TERM = -sp.Sum(1 + sp.log(SIGMA_I[i_] ** 2) - MU_I[i_] ** 2 - SIGMA_I[i_] ** 2,
                  (i_, 1, D)) / 2


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
            ("the divergence of the encoder's Gaussian, eight coordinates, from the standard "
             "normal is ", KL_TERM),
        ),
        derivations=(
            Derivation(
                KL(q, p),
                (
                    Step(
                        sp.Add(*[KL(n, Normal(0, 1)) for n in per]),
                        "the divergence of factorised Gaussians is a sum over coordinates, "
                        "seed 003 question 2.2",
                    ),
                    Step(
                        sp.Add(
                            *[
                                kl_standard_closed_form(m, s)
                                for m, s in zip(mus, sigmas, strict=True)
                            ]
                        ),
                        # (already the seed's form: SymPy distributes the halves, so a
                        # "collect terms" step would print the same formula twice)
                        "closed form per coordinate, seed 003 question 2.3",
                    ),
                ),
            ),
        ),
        answer=(
            "The divergence term of equation 5 is as written, ", KL_TERM, ", with the "
            "encoder's outputs for the image as ", MU_I[i_], " and ", SIGMA_I[i_],
            "; note the logarithm of the variance, not of the standard deviation."
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
            ("for a binary pixel ", xb, " with decoder output ", y, " in the unit interval, ",
             Let(logpdf(Bernoulli(y), xb), bernoulli_term())),
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        sp.ImmutableMatrix([sp.log(1 - y), sp.log(y)]),
                        ("the Bernoulli mass ", y**xb * (1 - y) ** (1 - xb),
                         " at both values of the pixel"),
                    ),
                    Step(rhs, ("the seed's ", bernoulli_term(), " at both values of the pixel")),
                ),
            ),
        ),
        answer=(
            "The log-likelihood ", Let(sp.log(sp.Function("p_v")(sp.Symbol("x|z"))), sp.Sum(
                X_I[i_] * sp.log(Y_I[i_]) + (1 - X_I[i_]) * sp.log(1 - Y_I[i_]), (i_, 1, 196))),
            " is the sum of the pixels' Bernoulli log masses, the pixels being independent "
            "given the latent code: minus the summed binary cross-entropy between the image "
            "and the decoder output."
        ),
        domains={"y": "probability"},
    )
