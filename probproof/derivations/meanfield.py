"""Mean-field VI for p(w) proportional to 1 - prod w_i on {0, 1}^N (seed 001, 1c and 1d)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import (
    Derivation,
    Dots,
    Let,
    Result,
    Source,
    Statement,
    Step,
    divergence,
    register,
)
from probproof.derivations.vocabulary import Inf

SEED = "001_6664ac7dfb33b96a.txt"

N = sp.Symbol("N", positive=True, integer=True)
theta = sp.Symbol("theta", positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)

#: Notation for the text: the divergence, the target's and q's probabilities of the
#: all-zero and all-ones configurations.
KL_QP = divergence()(sp.Symbol("q"), sp.Symbol("p"))
P_ZEROS, P_ONES = sp.Function("p")(0, Dots(), 0), sp.Function("p")(1, Dots(), 1)
Q_ONES = sp.Function("q")(1, Dots(), 1)
W1 = sp.Symbol("w1")


@register
def q2() -> Result:
    p0 = 1 / (2**N - 1)  # p of any configuration other than all ones
    return Result(
        id="meanfield.q2",
        title=("Identical factors: the best q is a point mass, and the smallest divergence is ",
               sp.log(2**N - 1)),
        sources=(Source(SEED, "1c"),),
        statement=Statement(-sp.log(p0), sp.log(2**N - 1), "==", (
            "over the family of identical factors the smallest divergence ", KL_QP, " is that "
            "of the point mass at the all-zero configuration, ", -sp.log(P_ZEROS),
            ", attained only at ", Let(theta, 0))),
        derivations=(Derivation(-sp.log(p0), (
            Step(sp.log(2**N - 1), ("the all-zero configuration has probability ", p0)),
            Step(N * sp.log(2) + sp.log(1 - 2**(-N)), "factor out the largest power of 2"),
        ), "the divergence of the point mass at the all-zero configuration"),),
        answer=(
            "With ", Let(sp.Function("q")(sp.Symbol("w")), sp.Product(
                theta ** sp.Symbol("w_i") * (1 - theta) ** (1 - sp.Symbol("w_i")),
                (sp.Symbol("i"), 1, N))), ", the all-ones configuration has ",
            Let(Q_ONES, theta**N), ", positive for every positive ", theta, ", while ",
            Let(P_ONES, 0), ": the divergence is then infinite, since q must not put mass where "
            "p has none (the divergence is zero-forcing). The only member of the family with a "
            "finite divergence is ", Let(theta, 0), ", the point mass at the all-zero "
            "configuration, with divergence ", sp.log(2**N - 1), ", about ", N * sp.log(2),
            ". It does not look like p: p is uniform on ", 2**N - 1, " configurations and the "
            "point mass sits on one of them; the divergence grows linearly in ", N,
            ". The minimiser exists only because the boundary ", Let(theta, 0), " is allowed: "
            "inside the unit interval the divergence is infinite everywhere."),
        domains={"N": "positive integer", "theta": "probability"},
        facts=(Statement(theta**N, sp.S.Zero, ">", (
            "the probability of the all-ones configuration under q is positive for every "
            "positive ", theta)),),
        notes=((theta, " is the probability of a one under each factor; the seed's statement "
                "that every other configuration has probability ", p0, " is what the all-zero "
                "configuration's probability uses."),),
    )


@register
def q1() -> Result:
    n1 = N - 1
    body = n1 * (theta * sp.log(theta) + (1 - theta) * sp.log(1 - theta)) + sp.log(2**N - 1)
    value = sp.log(2**N - 1) - n1 * sp.log(2)
    enumerated = sp.Sum(
        sp.binomial(n1, k) * theta**k * (1 - theta) ** (n1 - k)
        * (k * sp.log(theta) + (n1 - k) * sp.log(1 - theta) + sp.log(2**N - 1)),
        (k, 0, n1))
    return Result(
        id="meanfield.q1",
        title=("Mean field with the first factor pinned to zero: the best q is uniform on the "
               "other coordinates, and the smallest divergence is ", sp.log(2 - 2 ** (1 - N))),
        sources=(Source(SEED, "1d"),),
        statement=Statement(Inf(body, theta), value, "==", (
            "with the first factor ", Let(sp.Function("q_1")(W1), 1 - W1), " and every other "
            "factor giving a one probability ", theta, ", the smallest divergence is attained "
            "at ", Let(theta, sp.Rational(1, 2)))),
        derivations=(
            Derivation(Inf(body, theta), (
                Step(value, ("convex in ", theta, " (derivation 3), with a derivative (fact 1) "
                             "that vanishes at ", Let(theta, sp.Rational(1, 2)))),
                Step(sp.log(2 - 2 ** (1 - N)), "combine the logarithms"),
            ), ("minimise over ", theta)),
            Derivation(enumerated, (
                Step(body, ("sum over the number ", k, " of ones among the other coordinates, "
                            "whose mean is ", (N - 1) * theta, "; each configuration with a "
                            "zero first coordinate has probability ", 1 / (2**N - 1),
                            " under p")),
            ), ("the divergence as a sum over the configurations with a zero first "
                "coordinate")),
            # Convex, not strictly: at N = 1 the divergence is the constant 0, every theta a
            # minimiser (the value, 0, is the same).
            Derivation(sp.Derivative(body, (theta, 2)), (
                Step((N - 1) / (theta * (1 - theta)), ("differentiate twice")),
                Step(sp.S.Zero, ("a positive ", N, " and ", theta, " in the unit interval"),
                     ">="),
            ), ("convexity in ", theta)),
        ),
        answer=(
            "The all-ones configuration must have probability zero under q, or the divergence "
            "is infinite (question 1c); the pinned first factor ensures it. Then q lives where ",
            Let(W1, 0), " and p is uniform, ", 1 / (2**N - 1), " each, so the divergence is "
            "minus the entropies of the other factors plus ", sp.log(2**N - 1), ", smallest "
            "when every other factor is a fair coin: the smallest divergence is ",
            Let(sp.log(2**N - 1) - (N - 1) * sp.log(2), sp.log(2 - 2 ** (1 - N))),
            ", which tends to ", sp.log(2), ". Every minimiser over this family is of this form "
            "up to which coordinate is pinned to zero. The best q looks much more like p than "
            "in question 1c: it is p conditioned on a zero first coordinate, uniform there, "
            "but it ignores the other half of p's mass, the ", 2 ** (N - 1) - 1,
            " configurations with a one first; the divergence stays near ", sp.log(2),
            " for every ", N, " instead of growing like ", N * sp.log(2), "."),
        domains={"N": "positive integer", "theta": "probability"},
        facts=(Statement(sp.Derivative(body, theta), (N - 1) * sp.log(theta / (1 - theta)), "==",
                         ("the derivative in ", theta)),),
    )
