"""Importance-weighted bounds L_K: IFT6135 question 3 (seed 002), checked at
K = 1, 2 on the linear-Gaussian model whose evidence is known."""

from __future__ import annotations

import sympy as sp

from probproof.derivations._gauss import MARGINAL, PRIOR, Q, model_note, x
from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    register,
)
from probproof.derivations.vocabulary import Expect, Normal, pdf

SEED = "002_744d3837ef1c38b7.txt"
h, h1, h2 = sp.symbols("h h_1 h_2", real=True)
a, b = sp.symbols("a b", positive=True)
#: x and q are restricted to x, mu in (-2, 2), sigma in (4/5, 3): there the importance weights
#: p(x, h)/q(h) have finite fourth moments (sigma^2 > 3/8 suffices), so the Monte Carlo
#: standard errors the engine relies on are themselves reliable; for sigma <= 1/2 the
#: weights have infinite variance and a true claim could be refuted.
DOMAINS = {
    "x": "interval(-2, 2)",
    "mu": "interval(-2, 2)",
    "sigma": "interval(4/5, 3)",
    "a": "positive",
    "b": "positive",
}
IWAE_NOTE = (
    "Checked for observations and means of q between -2 and 2 and standard deviations of q "
    "between 0.8 and 3, where the importance weights have finite fourth moments and Monte "
    "Carlo error bars are reliable; for standard deviations up to 0.5 their variance is "
    "infinite."
)
#: Notation for the text: the bound with K samples, the weights w_j.
K_, j_ = sp.Symbol("K", integer=True, positive=True), sp.Symbol("j", integer=True, positive=True)
L_K, L_1 = sp.Function("L")(K_), sp.Function("L")(1)
W_J = sp.IndexedBase("w")[j_]
MEAN_W = sp.Sum(W_J, (j_, 1, K_)) / K_
E_ = sp.Function("E")


def weight(t: sp.Symbol) -> sp.Expr:
    """The importance weight ``p(x, h) / q(h)`` at ``h = t``."""
    return pdf(Normal(t, 1), x) * pdf(PRIOR, t) / pdf(Q, t)


def bound(K: int) -> sp.Expr:
    """``L_K`` for K = 1 or 2 as an expectation."""
    if K == 1:
        return Expect(sp.log(weight(h1)), h1, Q)
    return Expect(sp.log((weight(h1) + weight(h2)) / 2), [h1, h2], [Q, Q])


@register
def iwae_upper() -> Result:
    return Result(
        id="iwae.bound.upper",
        title=("The importance-weighted bound is a lower bound on ",
               sp.log(sp.Function("p")(x))),
        sources=(Source(SEED, "Q3.1"),),
        statement=Statement(
            bound(2),
            sp.log(pdf(MARGINAL, x)),
            "<=",
            ("the bound ", L_K, " with ", K_, " samples is at most the log evidence (checked at ",
             Let(K_, 2), ")"),
        ),
        derivations=(
            Derivation(
                bound(2),
                (
                    Step(
                        sp.log(Expect((weight(h1) + weight(h2)) / 2, [h1, h2], [Q, Q])),
                        "Jensen's inequality: the logarithm is concave",
                        "<=",
                    ),
                    Step(
                        sp.log(Expect(weight(h), h, Q)),
                        "linearity; the two samples are identically distributed",
                    ),
                    Step(
                        sp.log(pdf(MARGINAL, x)),
                        "importance sampling: the mean weight under q is the integral of the "
                        "joint density, the evidence",
                    ),
                ),
            ),
        ),
        answer=(
            "For every ", K_, ", ", Let(L_K, E_(sp.log(MEAN_W))), " is at most ",
            sp.log(E_(MEAN_W)), " by Jensen's inequality, and the mean weight is the evidence: "
            "with ", Let(W_J, sp.Function("p")(x, sp.Symbol("h_j")) / sp.Function("q")(
                sp.Symbol("h_j"))), ", its expectation under q is the integral of the joint "
            "density."
        ),
        domains=DOMAINS,
        notes=(model_note(h), IWAE_NOTE),
    )


@register
def iwae_monotone() -> Result:
    mean_log = Expect((sp.log(weight(h1)) + sp.log(weight(h2))) / 2, [h1, h2], [Q, Q])
    return Result(
        id="iwae.bound.monotone",
        title=("The bound ", L_K, " is at least the evidence lower bound ", L_1,
               ", and grows with ", K_),
        sources=(Source(SEED, "Q3.2"),),
        statement=Statement(
            bound(2),
            bound(1),
            ">=",
            ("the bound with two samples is at least the one with one sample; the numeric check "
             "also shows the bound growing with ", K_, " from 1 to 4"),
        ),
        derivations=(
            Derivation(
                bound(2),
                (
                    Step(
                        mean_log,
                        "the concavity of the logarithm, pointwise (fact 1)",
                        ">=",
                    ),
                    Step(bound(1), "linearity; the two samples are identically distributed"),
                ),
            ),
        ),
        facts=(
            Statement(
                sp.log((a + b) / 2),
                (sp.log(a) + sp.log(b)) / 2,
                ">=",
                "the pointwise inequality of the arithmetic and geometric means",
            ),
        ),
        answer=(
            "For any ", K_, ", the logarithm of the mean weight, ", sp.log(MEAN_W),
            ", is at least the mean of the logarithms, ", sp.Sum(sp.log(W_J), (j_, 1, K_)) / K_,
            ", by concavity, and the expectation of the latter is ", L_1, ", so ", L_K,
            " is at least ", L_1, ". Likewise the mean of ", K_ + 1, " weights is the average "
            "over the ", K_ + 1, " subsets of ", K_, " weights of their means; concavity and "
            "exchangeability give that ", sp.Function("L")(K_ + 1), " is at least ", L_K, "."
        ),
        domains=DOMAINS,
        notes=(model_note(h), IWAE_NOTE),
    )
