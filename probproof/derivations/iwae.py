"""Importance-weighted bounds L_K: IFT6135 question 3 (seed 002), for any number K of
samples, on the linear-Gaussian model whose evidence is known."""

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
    expectation,
    recalled,
    register,
)
from probproof.derivations.transforms import IID
from probproof.derivations.vocabulary import Expect, Normal, logpdf, pdf

SEED = "002_744d3837ef1c38b7.txt"
h, h1 = sp.symbols("h h_1", real=True)
#: x and q are restricted to x, mu in (-2, 2), sigma in (4/5, 3): there the importance weights
#: p(x, h)/q(h) have finite fourth moments (sigma^2 > 3/8 suffices), so the Monte Carlo
#: standard errors the engine relies on are themselves reliable; for sigma <= 1/2 the
#: weights have infinite variance and a true claim could be refuted.
DOMAINS = {
    "x": "interval(-2, 2)",
    "mu": "interval(-2, 2)",
    "sigma": "interval(4/5, 3)",
    "K": "positive integer",
}
IWAE_NOTE = (
    "Checked for observations and means of q between ", sp.Integer(-2), " and ", sp.Integer(2),
    " and standard deviations of q between ", sp.Float(0.8, 2), " and ", sp.Integer(3),
    ", where the importance weights have finite fourth moments and Monte Carlo error bars "
    "are reliable; for standard deviations up to ", sp.Float(0.5, 2), " their variance is "
    "infinite."
)
#: Notation for the text: the bound with K samples.
K_ = sp.Symbol("K", integer=True, positive=True)
L_K, L_1 = sp.Function("L")(K_), sp.Function("L")(1)
E_ = expectation()


def weight(t: sp.Expr) -> sp.Expr:
    """The importance weight ``p(x, h) / q(h)`` at ``h = t``."""
    return pdf(Normal(t, 1), x) * pdf(PRIOR, t) / pdf(Q, t)


#: The weight by name, w(h), given once in the legend: written out, it is a fraction of
#: three densities inside every sum.
W = sp.Function("w")
LEGEND = (Let(W(h), weight(h)),)

#: The K draws h_0, ..., h_{K-1} of q (the claim language's IID laws count from 0; the
#: text's sums count as the derivation's do).
H = sp.IndexedBase(h)
k_ = sp.Symbol("k", integer=True)
DRAWS = IID(Q, K_)
MEAN_W = sp.Sum(W(H[k_]), (k_, 0, K_ - 1)) / K_


def bound(K: int | sp.Symbol = K_) -> sp.Expr:
    """``L_K = E[log (1/K) sum_k w(h_k)]`` over K independent draws of q."""
    if K == 1:
        return Expect(sp.log(weight(h1)), h1, Q)
    return Expect(sp.log(sp.Sum(weight(H[k_]), (k_, 0, K - 1)) / K), h, IID(Q, K))


def _over_draws(body: sp.Expr) -> sp.Expr:
    """``E[body]`` over the K draws of q."""
    return Expect(body, h, DRAWS)


@register
def iwae_upper() -> Result:
    return Result(
        id="iwae.bound.upper",
        title=("The importance-weighted bound is a lower bound on ",
               sp.log(sp.Function("p")(x))),
        sources=(Source(SEED, "Q3.1"),),
        statement=Statement(
            bound(),
            logpdf(MARGINAL, x),
            "<=",
            ("the bound ", L_K, " with ", K_, " samples is at most the log evidence, for "
             "every ", K_, ":"),
        ),
        derivations=(
            Derivation(
                bound(),
                (
                    Step(
                        sp.log(_over_draws(sp.Sum(weight(H[k_]), (k_, 0, K_ - 1)) / K_)),
                        "Jensen's inequality: the logarithm is concave",
                        "<=",
                    ),
                    Step(
                        sp.log(Expect(weight(h), h, Q)),
                        ("linearity; the ", K_, " samples are identically distributed"),
                    ),
                    Step(
                        logpdf(MARGINAL, x),
                        "importance sampling: the mean weight under q is the integral of the "
                        "joint density, the evidence",
                    ),
                ),
            ),
        ),
        answer=(
            "For every ", K_, ", ", Let(L_K, E_(sp.log(MEAN_W))), " is at most ",
            sp.log(E_(MEAN_W)), " by Jensen's inequality, and the mean weight is the evidence: "
            "the expectation of each weight under q is the integral of the joint density."
        ),
        domains=DOMAINS,
        notes=(model_note(h), IWAE_NOTE),
        legend=LEGEND,
    )


@register
def iwae_monotone() -> Result:
    mean_log = _over_draws(sp.Sum(sp.log(weight(H[k_])), (k_, 0, K_ - 1)) / K_)
    return Result(
        id="iwae.bound.monotone",
        title=("The bound ", L_K, " is at least the evidence lower bound ", L_1,
               ", and grows with ", K_),
        sources=(Source(SEED, "Q3.2"),),
        statement=Statement(
            bound(),
            bound(1),
            ">=",
            ("the bound with ", K_, " samples is at least the one with one sample, for every ",
             K_, " (the weight ", W(h), " as in question Q3.1); the figure also shows the "
             "bound growing with ", K_, " from 1 to 4:"),
        ),
        derivations=(
            Derivation(
                bound(),
                (
                    Step(
                        mean_log,
                        "the logarithm of a mean is at least the mean of the logarithms "
                        "(concavity), at every draw",
                        ">=",
                    ),
                    Step(bound(1), ("linearity; the ", K_, " samples are identically "
                                    "distributed")),
                ),
            ),
        ),
        answer=(
            "For any ", K_, ", the logarithm of the mean weight, ", sp.log(MEAN_W),
            ", is at least the mean of the logarithms, ",
            sp.Sum(sp.log(W(H[k_])), (k_, 0, K_ - 1)) / K_,
            ", by concavity, and the expectation of the latter is ", L_1, ", so ", L_K,
            " is at least ", L_1, ". Likewise the mean of ", K_ + 1, " weights is the average "
            "over the ", K_ + 1, " subsets of ", K_, " weights of their means; concavity and "
            "exchangeability give that ", sp.Function("L")(K_ + 1), " is at least ", L_K, "."
        ),
        domains=DOMAINS,
        # the model and the range of the checks are question Q3.1's: said there once
        notes=(("Evaluated on the linear-Gaussian model of question Q3.1, over the same range "
                "of parameters; the steps are the general ones."),),
        # the weight as iwae.bound.upper (question Q3.1) lists it: defined once
        legend=recalled("iwae.bound.upper", LEGEND),
    )
