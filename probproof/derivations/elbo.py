"""ELBO, reparameterisation and the diagonal-Gaussian KL: ETH CIL series 9,
problem 1 (seed 004)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations._gauss import (
    MARGINAL,
    MODEL_NOTE,
        POSTERIOR,
    PRIOR,
    Q,
    e,
    expect,
    gauss_log,
    mu,
    sigma,
    x,
    z,
)
from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import KL, Expect, MvNormal, Normal, logpdf

SEED = "004_ed75a671ee0e2e4a.txt"
DOMAINS = {"mu": "real", "sigma": "positive", "x": "real"}

L, N = sp.symbols("L N", integer=True, positive=True)
l_ = sp.Symbol("l", integer=True, positive=True)

#: Weight of each sample in the Monte Carlo average of question 1.4 / 1.5.
MC_WEIGHT = 1 / L


@register
def elbo_decomposition() -> Result:
    lik = logpdf(Normal(z, 1), x)
    prior, post, q = logpdf(PRIOR, z), logpdf(POSTERIOR, z), logpdf(Q, z)
    rhs = Expect(lik, z, Q) - KL(Q, PRIOR) + KL(Q, POSTERIOR)
    return Result(
        id="elbo.decomposition",
        title="ELBO derivation: log evidence = ELBO + KL to the posterior",
        sources=(Source(SEED, "1.1"), Source(SEED, "1.2")),
        statement=Statement(
            logpdf(MARGINAL, x),
            rhs,
            "==",
            "$\\log p_\\theta(x) = \\mathbb{E}_z[\\log p_\\theta(x|z)] - "
            "D_{KL}(q_\\phi(z|x) \\| p_\\theta(z)) + "
            "D_{KL}(q_\\phi(z|x) \\| p_\\theta(z|x))$",
        ),
        derivations=(
            Derivation(
                logpdf(MARGINAL, x),
                (
                    Step(Expect(logpdf(MARGINAL, x), z, Q), "$\\log p(x)$ does not depend on $z$"),
                    Step(Expect(lik + prior - post, z, Q), "Bayes' rule in reverse"),
                    Step(
                        Expect(sp.Add(lik, prior, -post, q, -q, evaluate=False), z, Q),
                        "multiply inside the log by $q/q = 1$",
                    ),
                    Step(
                        Expect(lik, z, Q) - Expect(q - prior, z, Q) + Expect(q - post, z, Q),
                        "split the logarithm; linearity of expectation",
                    ),
                    Step(rhs, "definition of the KL divergence"),
                ),
            ),
        ),
        facts=(
            Statement(
                KL(Q, POSTERIOR),
                sp.S.Zero,
                ">=",
                "the last term is a KL divergence, so it is nonnegative and "
                "$\\log p(x) \\ge \\mathcal L$",
            ),
        ),
        answer=(
            "$\\log p_\\theta(x) = \\mathcal L(\\theta, \\phi, x) + "
            "D_{KL}(q_\\phi(z|x) \\| p_\\theta(z|x))$ with "
            "$\\mathcal L = \\mathbb{E}_z[\\log p_\\theta(x|z)] - D_{KL}(q_\\phi(z|x) \\| p(z))$; "
            "since the KL term is $\\ge 0$, $\\mathcal L \\le \\log p_\\theta(x)$."
        ),
        domains=DOMAINS,
        notes=(MODEL_NOTE),
    )


def log_joint(t: sp.Expr) -> sp.Expr:
    """``log p(x, z)`` of the linear-Gaussian model at ``z = t``, written out."""
    return gauss_log(x, t, 1) + gauss_log(t, 0, 1)


@register
def elbo_reparam_estimator() -> Result:
    body = log_joint(z) - gauss_log(z, mu, sigma)
    zz = mu + sigma * e
    # Expanded into a polynomial in epsilon: SymPy integrates it against the Gaussian
    # in about 2 s, the unexpanded squares (x - mu - sigma epsilon)^2 in about 11 s.
    reparam_body = sp.expand(body.subs(z, zz))
    lhs = Expect(logpdf(Normal(z, 1), x) + logpdf(PRIOR, z) - logpdf(Q, z), z, Q)
    rhs = Expect(reparam_body, e, Normal(0, 1))
    return Result(
        id="elbo.reparam_estimator",
        title="Reparameterised Monte Carlo estimator of the ELBO",
        sources=(Source(SEED, "1.4"),),
        statement=Statement(
            lhs,
            rhs,
            "==",
            "$\\mathbb{E}_{z \\sim q}[\\log p(x, z) - \\log q(z)] = "
            "\\mathbb{E}_{\\epsilon \\sim \\mathcal N(0,1)}[\\log p(x, g(\\epsilon)) - "
            "\\log q(g(\\epsilon))]$ with $g(\\epsilon) = \\mu + \\sigma\\epsilon$",
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(expect(body, z, mu, sigma), "the log densities written out"),
                    Step(
                        expect(reparam_body, e, 0, 1),
                        "substitute $z = \\mu + \\sigma\\epsilon$, $dz = \\sigma\\, d\\epsilon$; "
                        "expand the squares",
                    ),
                    Step(rhs, "definition of the expectation"),
                ),
            ),
        ),
        facts=(
            Statement(
                sp.Sum(MC_WEIGHT, (l_, 1, L)),
                sp.S.One,
                "==",
                "the weights $1/L$ of the $L$-sample average sum to one, so "
                "$\\frac1L\\sum_{l=1}^L [\\log p(x, z^{(l)}) - \\log q(z^{(l)})]$ is unbiased",
            ),
        ),
        answer=(
            "$\\mathcal L \\approx \\frac1L \\sum_{l=1}^L [\\log p_\\theta(x, z^{(l)}) - "
            "\\log q_\\phi(z^{(l)}|x)]$, $z^{(l)} = g_\\phi(\\epsilon^{(l)}, x)$, "
            "$\\epsilon^{(l)} \\sim p(\\epsilon)$: unbiased, and differentiable in $\\phi$."
        ),
        domains=DOMAINS | {"L": "positive integer"},
        notes=(MODEL_NOTE),
    )


@register
def reparam_moments() -> Result:
    zz = mu + sigma * e
    lhs = sp.ImmutableMatrix([expect(zz, e, 0, 1), expect((zz - mu) ** 2, e, 0, 1)])
    return Result(
        id="reparam.gaussian.moments",
        title="Mean and variance of z = mu + sigma * epsilon",
        sources=(Source(SEED, "1.5"),),
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


j = sp.Symbol("j", integer=True, positive=True)
J = sp.Symbol("J", integer=True, positive=True)
MU = sp.IndexedBase("mu", real=True)
SIGMA = sp.IndexedBase("sigma", positive=True)


@register
def kl_diagonal() -> Result:
    half = sp.Rational(1, 2)
    log2pi = sp.log(2 * sp.pi)
    entropy_term = -J * log2pi / 2 - half * sp.Sum(sp.log(SIGMA[j] ** 2) + 1, (j, 1, J))
    cross_term = -J * log2pi / 2 - half * sp.Sum(MU[j] ** 2 + SIGMA[j] ** 2, (j, 1, J))
    neg_kl = half * sp.Sum(1 + sp.log(SIGMA[j] ** 2) - MU[j] ** 2 - SIGMA[j] ** 2, (j, 1, J))
    # one coordinate, with plain symbols, where the engine integrates
    lq = gauss_log(z, mu, sigma)
    per_entropy = Derivation(
        expect(lq, z, mu, sigma),
        (
            Step(
                -log2pi / 2
                - sp.log(sigma**2) / 2
                - expect((z - mu) ** 2, z, mu, sigma) / (2 * sigma**2),
                "the Gaussian log density, linearity",
            ),
            Step(
                -log2pi / 2 - half * (sp.log(sigma**2) + 1),
                "$\\mathbb{E}(z_j - \\mu_j)^2 = \\sigma_j^2$",
            ),
        ),
        title="Entropy term, one coordinate $j$ (write $\\mu, \\sigma$ for $\\mu_j, \\sigma_j$)",
    )
    per_cross = Derivation(
        expect(gauss_log(z, 0, 1), z, mu, sigma),
        (
            Step(-log2pi / 2 - expect(z**2, z, mu, sigma) / 2, "the standard normal log density"),
            Step(
                -log2pi / 2 - half * (mu**2 + sigma**2),
                "$\\mathbb{E} z_j^2 = \\mu_j^2 + \\sigma_j^2$",
            ),
        ),
        title="Cross-entropy term, one coordinate $j$",
    )
    general = Derivation(
        cross_term - entropy_term,
        (Step(neg_kl, "the $\\frac J2 \\log 2\\pi$ terms cancel; collect the sums"),),
        title="All J coordinates: $-D_{KL} = \\int q \\log p - \\int q \\log q$ "
        "(the log densities are sums over coordinates)",
    )
    D = 3
    ms = sp.symbols(f"mu_1:{D + 1}", real=True)
    ss = sp.symbols(f"sigma_1:{D + 1}", positive=True)
    q3 = MvNormal(list(ms), [[ss[i] ** 2 if i == k else 0 for k in range(D)] for i in range(D)])
    p3 = MvNormal([0] * D, [[1 if i == k else 0 for k in range(D)] for i in range(D)])
    neg_kl3 = half * sp.Add(*[1 + sp.log(ss[i] ** 2) - ms[i] ** 2 - ss[i] ** 2 for i in range(D)])
    return Result(
        id="kl.gaussian.diagonal",
        title="Entropy, cross-entropy and KL of a J-dimensional diagonal Gaussian",
        sources=(Source(SEED, "1.7"),),
        statement=Statement(
            cross_term - entropy_term,
            neg_kl,
            "==",
            "$-D_{KL}(\\mathcal N(\\mu, \\Sigma) \\| \\mathcal N(0, I)) = "
            "\\frac12 \\sum_{j=1}^J (1 + \\log \\sigma_j^2 - \\mu_j^2 - \\sigma_j^2)$ "
            "for symbolic J",
        ),
        derivations=(general, per_entropy, per_cross),
        facts=(Statement(-KL(q3, p3), neg_kl3, "==", "the same at J = 3 from the definition"),),
        answer=(
            "$\\int q \\log q = -\\frac J2 \\log 2\\pi - \\frac12 \\sum_{j=1}^J "
            "(\\log\\sigma_j^2 + 1)$, $\\int q \\log p = -\\frac J2 \\log 2\\pi - \\frac12 "
            "\\sum_{j=1}^J (\\mu_j^2 + \\sigma_j^2)$, so $-D_{KL} = \\frac12 \\sum_{j=1}^J "
            "(1 + \\log \\sigma_j^2 - \\mu_j^2 - \\sigma_j^2)$."
        ),
        domains={
            "mu": "real",
            "sigma": "positive",
            "J": "positive integer",
            "j": "positive integer",
            "mu[j]": "real",
            "sigma[j]": "positive",
            **{str(s): "real" for s in ms},
            **{str(s): "positive" for s in ss},
        },
        notes=("The seed's last line of the entropy term sums over $i$ but means $j$.",),
    )
