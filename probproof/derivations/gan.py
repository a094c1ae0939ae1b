"""The optimal GAN discriminator (seed 002, Q5)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    register,
)
from probproof.derivations.vocabulary import KL, Bernoulli, Sup

SEED = "002_744d3837ef1c38b7.txt"

f0, f1 = sp.symbols("f0 f1", positive=True)
D = sp.Symbol("D", positive=True)
D_STAR = sp.Symbol("D^*", positive=True)  # the optimum, as named in the text


@register
def discriminator_optimal() -> Result:
    objective = f1 * sp.log(D) + f0 * sp.log(1 - D)  # the integrand at one point x
    d_star = f1 / (f0 + f1)
    a = d_star  # P(sample came from P1 | x) under equal priors
    value = objective.subs(D, d_star)
    grad = sp.diff(objective, D)
    return Result(
        id="gan.discriminator.optimal",
        title=("The optimal discriminator ", Let(D_STAR, f1 / (f0 + f1)), ", and ",
               Let(f1, f0 * D_STAR / (1 - D_STAR))),
        sources=(Source(SEED, "Q5"),),
        statement=Statement(
            Sup(objective, D), value, "==",
            ("pointwise in x, with the densities ", f0, " and ", f1, " positive there, the "
             "supremum over the unit interval of ", objective, " is attained at ",
             Let(D_STAR, d_star))),
        derivations=(
            Derivation(
                Sup(objective, D),
                (
                    Step(Sup((f0 + f1) * (a * sp.log(a) + (1 - a) * sp.log(1 - a)
                                          - (a * sp.log(a / D)
                                             + (1 - a) * sp.log((1 - a) / (1 - D)))),
                             D),
                         ("add and subtract the negative entropy of the Bernoulli law of "
                          "parameter ", D_STAR, ", times ", f0 + f1, ": the rest is minus that "
                          "factor times a divergence of Bernoulli laws (fact 4)")),
                    Step(value, ("a divergence is nonnegative, zero only at ", Let(D, D_STAR),
                                 " (Gibbs), so the supremum is attained at ", D_STAR)),
                ),
                "pointwise maximisation: the supremum over functions is taken point by point",
            ),
            Derivation(
                grad,
                (
                    Step(f1 / D - f0 / (1 - D), "differentiate"),
                    Step((f1 - (f0 + f1) * D) / (D * (1 - D)),
                         ("common denominator: zero exactly at ", Let(D, d_star))),
                ),
                "first-order condition",
            ),
            Derivation(
                f0 * d_star / (1 - d_star),
                (
                    Step(f0 * (f1 / (f0 + f1)) * ((f0 + f1) / f0),
                         ("the complement ", Let(1 - D_STAR, f0 / (f0 + f1)))),
                    Step(f1, "cancel the common factors"),
                ),
                "the density identity",
            ),
        ),
        answer=(
            "Maximising the integral of ", objective, " point by point gives ",
            Let(D_STAR, d_star), ", the objective being strictly concave in ", D, " (fact 2). "
            "Then ", Let(1 - D_STAR, f0 / (f0 + f1)), ", so ", Let(D_STAR / (1 - D_STAR), f1 / f0),
            " and ", Let(f1, f0 * D_STAR / (1 - D_STAR)), ": a trained discriminator close to "
            "the optimum turns the known density ", f0, " into an estimate ",
            f0 * D / (1 - D), " of ", f1, "; equal supports keep the optimum strictly between "
            "0 and 1 everywhere."
        ),
        domains={"f0": "positive", "f1": "positive", "D": "probability"},
        facts=(
            Statement(grad.subs(D, d_star), sp.S.Zero, "==", ("the optimum ", D_STAR,
                                                              " is a stationary point")),
            Statement(sp.diff(objective, D, 2), sp.S.Zero, "<", ("strict concavity in ", D)),
            Statement(f0 * d_star / (1 - d_star), f1, "==", "the density identity"),
            Statement(KL(Bernoulli(a), Bernoulli(D)),
                      a * sp.log(a / D) + (1 - a) * sp.log((1 - a) / (1 - D)), "==",
                      "the remainder in the first step is a KL divergence"),
        ),
        notes=(("The seed gives the two laws the densities in the opposite order; we follow the "
                "objective: samples of the first law have density ", f1, " and those of the "
                "second ", f0, "."),),
        # the optimum by name: written out, 1 - f1/(f0 + f1) fills the steps
        legend=(Let(D_STAR, d_star),),
    )
