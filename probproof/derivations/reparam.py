"""The reparameterisation trick, ``reparam.*``: the change of variables of IFT6135
question 1 (seed 002, in French; answered in English; stated at K = 2) and the moments
of ``z = mu + sigma epsilon`` of ETH CIL series 9, 1.5 (seed 004)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations._gauss import MC_WEIGHT, L, e, expect, l_, mu, sigma
from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import MvNormal, pdf

SEED = "002_744d3837ef1c38b7.txt"
SEED_004 = "004_ed75a671ee0e2e4a.txt"
K = 2
zs = sp.symbols("z_1:3", real=True)  # the point at which the density is evaluated
ws = sp.symbols("w_1:3", real=True)  # z_0, the standard-normal input
mus = sp.symbols("mu_1:3", real=True)
sigmas = sp.symbols("sigma_1:3", positive=True)
S = sp.ImmutableMatrix(2, 2, sp.symbols("s_11 s_12 s_21 s_22", real=True))
STANDARD = MvNormal([0, 0], [[1, 0], [0, 1]])


def _cov(m: sp.Matrix) -> list[list[sp.Expr]]:
    return [[m[i, j] for j in range(K)] for i in range(K)]


@register
def diagonal_scale() -> Result:
    g = sp.ImmutableMatrix([mus[k] + sigmas[k] * ws[k] for k in range(K)])
    jac = g.jacobian(ws)
    z0 = [(zs[k] - mus[k]) / sigmas[k] for k in range(K)]
    target = MvNormal(list(mus), _cov(sp.diag(*[s**2 for s in sigmas])))
    lhs = STANDARD.pdf(z0) * sp.Abs(sp.Determinant(jac)) ** -1
    return Result(
        id="reparam.change_of_variables.diagonal",
        title="mu + sigma * z0 is N(mu, diag(sigma^2)) by the change of variables",
        sources=(Source(SEED, "Q1.1"),),
        statement=Statement(
            lhs,
            pdf(target, sp.Tuple(*zs)),
            "==",
            "with $z_0 = g^{-1}(z) = (z - \\mu) \\oslash \\sigma$, "
            "$q(z_0)\\,|\\det \\partial g/\\partial z_0|^{-1}$ is the "
            "$\\mathcal N(\\mu, \\operatorname{diag}(\\sigma^2))$ density (K = 2)",
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        STANDARD.pdf(z0) / sp.Mul(*sigmas),
                        "$\\partial g/\\partial z_0 = \\operatorname{diag}(\\sigma)$, "
                        "$\\det = \\prod_k \\sigma_k > 0$",
                    ),
                    Step(
                        target.pdf(list(zs)),
                        "write $\\sum_k (z_k - \\mu_k)^2/\\sigma_k^2$ as "
                        "$(z-\\mu)^T \\operatorname{diag}(\\sigma^2)^{-1} (z-\\mu)$",
                    ),
                    Step(pdf(target, sp.Tuple(*zs)), "the Gaussian density"),
                ),
            ),
        ),
        answer=(
            "$q(z) = \\mathcal N\\bigl((z-\\mu)\\oslash\\sigma; 0, I_K\\bigr) "
            "\\prod_k \\sigma_k^{-1} = (2\\pi)^{-K/2} \\prod_k \\sigma_k^{-1} "
            "\\exp\\bigl(-\\tfrac12 \\sum_k (z_k - \\mu_k)^2/\\sigma_k^2\\bigr) = "
            "\\mathcal N(z; \\mu, \\operatorname{diag}(\\sigma^2))$, for every K."
        ),
        domains={**{str(v): "real" for v in (*zs, *mus)}, **{str(v): "positive" for v in sigmas}},
        notes=(
            "Equation (1) is used at $z_0 = g^{-1}(z)$; $g$ is a bijection because $\\sigma > 0$.",
        ),
    )


@register
def full_scale() -> Result:
    zvec = sp.Matrix(zs)
    muv = sp.Matrix(mus)
    z0 = list(S.inv() * (zvec - muv))
    cov = S * S.T
    target = MvNormal(list(mus), _cov(cov))
    lhs = STANDARD.pdf(z0) * sp.Abs(sp.Determinant(S)) ** -1
    quad = ((zvec - muv).T * cov.inv() * (zvec - muv))[0, 0]
    explicit = sp.exp(-quad / 2) / (2 * sp.pi * sp.sqrt(sp.Determinant(cov)))
    return Result(
        id="reparam.change_of_variables.full",
        title="mu + S z0 is N(mu, S S^T) by the change of variables",
        sources=(Source(SEED, "Q1.2"),),
        statement=Statement(
            lhs,
            pdf(target, sp.Tuple(*zs)),
            "==",
            "with $z_0 = S^{-1}(z - \\mu)$, $q(z_0)|\\det S|^{-1}$ is the "
            "$\\mathcal N(\\mu, S S^T)$ density (K = 2, general non-singular S)",
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        explicit,
                        "$\\|S^{-1}(z-\\mu)\\|^2 = (z-\\mu)^T (S S^T)^{-1} (z-\\mu)$ and "
                        "$|\\det S| = \\sqrt{\\det(S S^T)}$",
                    ),
                    Step(
                        pdf(target, sp.Tuple(*zs)), "the Gaussian density with covariance $S S^T$"
                    ),
                ),
            ),
        ),
        answer=(
            "$\\partial g/\\partial z_0 = S$, so $q(z) = \\mathcal N(S^{-1}(z-\\mu); 0, I) "
            "|\\det S|^{-1} = (2\\pi)^{-K/2} \\det(S S^T)^{-1/2} \\exp\\bigl(-\\tfrac12 "
            "(z-\\mu)^T (S S^T)^{-1} (z - \\mu)\\bigr)$: $g(z_0) \\sim \\mathcal N(\\mu, S S^T)$ "
            "(not $S^T S$)."
        ),
        domains={str(v): "real" for v in (*zs, *mus, *S)},
    )


@register
def reparam_moments() -> Result:
    zz = mu + sigma * e
    lhs = sp.ImmutableMatrix([expect(zz, e, 0, 1), expect((zz - mu) ** 2, e, 0, 1)])
    return Result(
        id="reparam.gaussian.moments",
        title="Mean and variance of z = mu + sigma * epsilon",
        sources=(Source(SEED_004, "1.5"),),
        statement=Statement(
            lhs,
            sp.ImmutableMatrix([mu, sigma**2]),
            "==",
            "$z = \\mu + \\sigma\\epsilon$, $\\epsilon \\sim \\mathcal N(0,1)$, has "
            "mean $\\mu$ and variance $\\sigma^2$",
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        sp.ImmutableMatrix(
                            [mu + sigma * expect(e, e, 0, 1), sigma**2 * expect(e**2, e, 0, 1)]
                        ),
                        "linearity of expectation",
                    ),
                    Step(
                        sp.ImmutableMatrix([mu, sigma**2]),
                        "$\\mathbb{E}\\epsilon = 0$, $\\mathbb{E}\\epsilon^2 = 1$",
                    ),
                ),
            ),
        ),
        facts=(
            Statement(
                sp.Sum(MC_WEIGHT, (l_, 1, L)),
                sp.S.One,
                "==",
                "the Monte Carlo average must weight each of its $L$ terms by $1/L$",
            ),
        ),
        answer=(
            "$\\mathbb{E} z = \\mu$, $\\operatorname{Var} z = \\sigma^2 \\mathrm{Var}\\,\\epsilon"
            " = \\sigma^2$; since an affine map of a Gaussian is Gaussian, "
            "$z \\sim \\mathcal N(\\mu, \\sigma^2)$ and "
            "$\\mathbb{E}_{\\mathcal N(z;\\mu,\\sigma^2)}[f(z)] = "
            "\\mathbb{E}_{\\mathcal N(\\epsilon; 0, 1)}[f(\\mu + \\sigma\\epsilon)] \\approx "
            "\\frac1L\\sum_{l=1}^L f(\\mu + \\sigma\\epsilon^{(l)})$."
        ),
        domains={
            "mu": "real",
            "sigma": "positive",
            "L": "positive integer",
            "N": "positive integer",
        },
        notes=(
            "Slip in the seed: its estimator sums $l = 1, \\dots, L$ but divides by $N$; "
            "$\\frac1N\\sum_{l=1}^L f$ has mean $\\frac LN \\mathbb{E} f$, biased unless "
            "$N = L$. The average is $\\frac1L\\sum_{l=1}^L$.",
        ),
    )
