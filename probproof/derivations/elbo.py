"""The ELBO, ``elbo.*``: ETH CIL series 9, problem 1 (seed 004). Its question 1.5 is
``reparam.gaussian.moments`` (in ``reparam.py``), 1.7 ``kl.gaussian.diagonal`` (in ``kl.py``)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations._gauss import (
    MARGINAL,
    MC_WEIGHT,
    MODEL_NOTE,
    POSTERIOR,
    PRIOR,
    L,
    Q,
    e,
    expect,
    gauss_log,
    l_,
    mu,
    sigma,
    x,
    z,
)
from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import KL, Expect, Normal, logpdf

SEED = "004_ed75a671ee0e2e4a.txt"
DOMAINS = {"mu": "real", "sigma": "positive", "x": "real"}

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
        notes=(MODEL_NOTE,),
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
        notes=(MODEL_NOTE,),
    )
