"""Importance-weighted bounds L_K: IFT6135 question 3 (seed 002), checked at
K = 1, 2 on the linear-Gaussian model whose evidence is known."""

from __future__ import annotations

import sympy as sp

from probproof.derivations._gauss import MARGINAL, MODEL_NOTE, PRIOR, Q, x
from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
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
    "Checked for observations $x \\in (-2, 2)$ and $q = \\mathcal N(\\mu, \\sigma^2)$ with "
    "$\\mu \\in (-2, 2)$ and "
    "$\\sigma \\in (4/5, 3)$, where the importance weights have finite fourth moments and "
    "Monte Carlo error bars are reliable (for $\\sigma \\le 1/2$ their variance is infinite)."
)


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
        title="The importance-weighted bound is a lower bound on log p(x)",
        sources=(Source(SEED, "Q3.1"),),
        statement=Statement(
            bound(2),
            sp.log(pdf(MARGINAL, x)),
            "<=",
            "$\\mathcal L_K \\le \\log p(x)$ (checked at K = 2)",
        ),
        derivations=(
            Derivation(
                bound(2),
                (
                    Step(
                        sp.log(Expect((weight(h1) + weight(h2)) / 2, [h1, h2], [Q, Q])),
                        "Jensen: log is concave",
                        "<=",
                    ),
                    Step(
                        sp.log(Expect(weight(h), h, Q)),
                        "linearity; $h_1, h_2$ identically distributed",
                    ),
                    Step(
                        sp.log(pdf(MARGINAL, x)),
                        "importance sampling: $\\mathbb{E}_q[p(x,h)/q(h)] = "
                        "\\int p(x, h)\\, dh = p(x)$",
                    ),
                ),
            ),
        ),
        answer=(
            "$\\mathcal L_K = \\mathbb{E}[\\log \\frac1K \\sum_j w_j] \\le \\log \\mathbb{E}"
            "[\\frac1K \\sum_j w_j] = \\log \\mathbb{E}_q[p(x,h)/q(h)] = \\log p(x)$ with "
            "$w_j = p(x, h_j)/q(h_j)$, by Jensen's inequality, for every K."
        ),
        domains=DOMAINS,
        notes=(MODEL_NOTE.replace("z", "h"), IWAE_NOTE),
    )


@register
def iwae_monotone() -> Result:
    mean_log = Expect((sp.log(weight(h1)) + sp.log(weight(h2))) / 2, [h1, h2], [Q, Q])
    return Result(
        id="iwae.bound.monotone",
        title="L_K is at least the ELBO L_1, and increases with K",
        sources=(Source(SEED, "Q3.2"),),
        statement=Statement(
            bound(2),
            bound(1),
            ">=",
            "$\\mathcal L_K \\ge \\mathcal L_1$ (checked at K = 2; the numeric "
            "check also shows $\\mathcal L_{K+1} \\ge \\mathcal L_K$ for K = 1..4)",
        ),
        derivations=(
            Derivation(
                bound(2),
                (
                    Step(
                        mean_log,
                        "concavity of log, pointwise: "
                        "$\\log\\frac{w_1 + w_2}2 \\ge \\frac{\\log w_1 + \\log w_2}2$",
                        ">=",
                    ),
                    Step(bound(1), "linearity; $h_1, h_2$ identically distributed"),
                ),
            ),
        ),
        facts=(
            Statement(
                sp.log((a + b) / 2),
                (sp.log(a) + sp.log(b)) / 2,
                ">=",
                "the pointwise inequality (arithmetic vs geometric mean)",
            ),
        ),
        answer=(
            "For any K, $\\log\\frac1K\\sum_j w_j \\ge \\frac1K\\sum_j \\log w_j$ (concavity), "
            "and the expectation of the right side is $\\mathcal L_1$, so "
            "$\\mathcal L_K \\ge \\mathcal L_1$. Likewise $\\frac1{K+1}\\sum_{j=1}^{K+1} w_j$ is "
            "the average over the $K+1$ subsets $I$ of size K of $\\frac1K\\sum_{j\\in I} w_j$; "
            "concavity of log and exchangeability give $\\mathcal L_{K+1} \\ge \\mathcal L_K$."
        ),
        domains=DOMAINS,
        notes=(MODEL_NOTE.replace("z", "h"), IWAE_NOTE),
    )
