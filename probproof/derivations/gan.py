"""The optimal GAN discriminator (seed 002, Q5)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import KL, Bernoulli, Sup

SEED = "002_744d3837ef1c38b7.txt"

f0, f1 = sp.symbols("f0 f1", positive=True)
D = sp.Symbol("D", positive=True)


@register
def discriminator_optimal() -> Result:
    objective = f1 * sp.log(D) + f0 * sp.log(1 - D)  # the integrand at one point x
    d_star = f1 / (f0 + f1)
    a = d_star  # P(sample came from P1 | x) under equal priors
    value = objective.subs(D, d_star)
    grad = sp.diff(objective, D)
    return Result(
        id="gan.discriminator.optimal",
        title="The optimal discriminator D* = f1/(f0 + f1) and f1 = f0 D*/(1 - D*)",
        sources=(Source(SEED, "Q5"),),
        statement=Statement(
            Sup(objective, D), value, "==",
            "Pointwise in x, with f0 = f0(x), f1 = f1(x) > 0: the supremum over D in (0, 1) of "
            "f1 log D + f0 log(1 - D) is attained at D* = f1/(f0 + f1)."),
        derivations=(
            Derivation(
                Sup(objective, D),
                (
                    Step(Sup((f0 + f1) * (a * sp.log(a) + (1 - a) * sp.log(1 - a)
                                          - (a * sp.log(a / D)
                                             + (1 - a) * sp.log((1 - a) / (1 - D)))),
                             D),
                         "add and subtract (f0 + f1)(a log a + (1 - a) log(1 - a)) with "
                         "a = f1/(f0 + f1): the rest is -(f0 + f1) KL(Bern(a) || Bern(D))"),
                    Step(value, "KL >= 0 with equality iff D = a (Gibbs), so the sup is "
                                "attained at D* = a = f1/(f0 + f1)"),
                ),
                "pointwise maximisation (the sup over functions D is taken x by x)",
            ),
            Derivation(
                grad,
                (
                    Step(f1 / D - f0 / (1 - D), "differentiate"),
                    Step((f1 - (f0 + f1) * D) / (D * (1 - D)),
                         "common denominator: zero exactly at D = f1/(f0 + f1)"),
                ),
                "first-order condition",
            ),
            Derivation(
                f0 * d_star / (1 - d_star),
                (
                    Step(f0 * (f1 / (f0 + f1)) * ((f0 + f1) / f0), "1 - D* = f0/(f0 + f1)"),
                    Step(f1, "cancel f0 + f1 and f0"),
                ),
                "the density identity",
            ),
        ),
        answer=(
            r"Maximising $\int f_1\log D + f_0\log(1-D)\,dx$ pointwise gives "
            r"$D^*(x) = \frac{f_1(x)}{f_0(x)+f_1(x)}$ (the objective is strictly concave in $D$: "
            r"$\partial_D^2 = -f_1/D^2 - f_0/(1-D)^2 < 0$). Then $1 - D^* = f_0/(f_0+f_1)$, so "
            r"$\frac{D^*}{1-D^*} = \frac{f_1}{f_0}$ and $f_1(x) = f_0(x)\frac{D^*(x)}{1-D^*(x)}$: "
            r"a trained discriminator $D\approx D^*$ turns the known density $f_0$ into an "
            r"estimate $f_0 D/(1-D)$ of $f_1$ (equal supports make $D^*\in(0,1)$ everywhere)."
        ),
        domains={"f0": "positive", "f1": "positive", "D": "probability"},
        facts=(
            Statement(grad.subs(D, d_star), sp.S.Zero, "==", "D* is a stationary point"),
            Statement(sp.diff(objective, D, 2), sp.S.Zero, "<", "strict concavity in D"),
            Statement(f0 * d_star / (1 - d_star), f1, "==", "f1 = f0 D*/(1 - D*)"),
            Statement(KL(Bernoulli(a), Bernoulli(D)),
                      a * sp.log(a / D) + (1 - a) * sp.log((1 - a) / (1 - D)), "==",
                      "the remainder in the first step is a KL divergence"),
        ),
        notes=("The seed names P1, P0 with densities 'f0 and f1 respectively'; we follow the "
               "objective: x ~ P1 has density f1, x ~ P0 has density f0.",),
    )
