"""Amortised inference: IFT6135 question 2 (seed 002), on a linear-Gaussian
model ``z ~ N(0, 1)``, ``x | z ~ N(theta z, 1)`` whose posterior is known."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import KL, CrossEntropy, Expect, H, Normal, logpdf

SEED = "002_744d3837ef1c38b7.txt"
x, z, theta, phi = sp.symbols("x z theta phi", real=True)
mu = sp.Symbol("mu", real=True)
sigma, s = sp.symbols("sigma s", positive=True)
PRIOR = Normal(0, 1)
Q = Normal(mu, sigma)


def posterior(t: sp.Expr = theta) -> Normal:
    """``p_theta(z | x)`` of the model."""
    return Normal(t * x / (1 + t**2), 1 / sp.sqrt(1 + t**2))


def marginal(t: sp.Expr = theta) -> Normal:
    """``p_theta(x)`` of the model."""
    return Normal(0, sp.sqrt(1 + t**2))


MODEL = (
    "Checked on $z \\sim \\mathcal N(0, 1)$, $x \\mid z \\sim \\mathcal N(\\theta z, 1)$, so "
    "$p_\\theta(x) = \\mathcal N(0, 1 + \\theta^2)$ and $p_\\theta(z \\mid x) = \\mathcal N("
    "\\theta x/(1 + \\theta^2), 1/(1 + \\theta^2))$ (variances), with a fixed "
    "$q = \\mathcal N(\\mu, \\sigma^2)$."
)


@register
def biased_likelihood() -> Result:
    # The likelihood is written out and expanded in z, and the other expectations are
    # taken as cross-entropies: SymPy integrates the unexpanded cross terms
    # (x - theta z)^2 and the posterior's theta-dependent coefficients against q only
    # in tens of seconds, while cross-entropies and entropies have closed forms.
    lik = sp.expand(Normal(theta * z, 1).logpdf(x))
    post = posterior()
    B = -KL(Q, post)
    rhs = logpdf(marginal(), x) + B + KL(Q, PRIOR)
    return Result(
        id="vi.amortised.bias",
        title="Maximising the expected complete-data log-likelihood maximises log p + B",
        sources=(Source(SEED, "Q2.1"),),
        statement=Statement(
            Expect(lik, z, Q),
            rhs,
            "==",
            "$\\mathbb{E}_q[\\log p_\\theta(x|z)] = \\log p_\\theta(x) + B(\\theta) + "
            "D_{KL}(q \\| p(z))$ with $B(\\theta) = -D_{KL}(q(z|x) \\| "
            "p_\\theta(z|x))$; the last term does not depend on $\\theta$",
        ),
        derivations=(
            Derivation(
                Expect(lik, z, Q),
                (
                    Step(
                        logpdf(marginal(), x) - CrossEntropy(Q, post) + CrossEntropy(Q, PRIOR),
                        "Bayes: $\\log p_\\theta(x|z) = \\log p_\\theta(z|x) + "
                        "\\log p_\\theta(x) - \\log p(z)$; linearity, and "
                        "$\\mathbb{E}_q[-\\log r] = \\mathrm{H}(q, r)$",
                    ),
                    Step(
                        logpdf(marginal(), x) - (H(Q) + KL(Q, post)) + (H(Q) + KL(Q, PRIOR)),
                        "cross-entropy = entropy + KL divergence",
                    ),
                    Step(rhs, "the entropies of $q$ cancel; definition of $B$"),
                ),
            ),
        ),
        facts=(
            Statement(B, sp.S.Zero, "<=", "$B(\\theta) \\le 0$: a KL divergence is nonnegative"),
        ),
        answer=(
            "$\\mathbb{E}_q[\\log p_\\theta(x|z)] = \\log p_\\theta(x) - D_{KL}(q(z|x) \\| "
            "p_\\theta(z|x)) + D_{KL}(q(z|x) \\| p(z))$. The prior $p(z) = \\mathcal N(0, I)$ "
            "and $q$ are fixed, so the last term is a constant in $\\theta$ and the maximiser "
            "is $\\arg\\max_\\theta\\{\\log p_\\theta(x) + B(\\theta)\\}$ with "
            "$B(\\theta) = -D_{KL}(q(z|x) \\| p_\\theta(z|x)) \\le 0$."
        ),
        domains={"x": "real", "theta": "real", "mu": "real", "sigma": "positive"},
        notes=(
            MODEL,
            "The log-likelihood is written out and expanded in $z$, $\\log p_\\theta(x|z) = "
            "-\\tfrac12 (x - \\theta z)^2 - \\tfrac12 \\log 2\\pi$, so that every step "
            "is proved symbolically.",
        ),
    )


@register
def amortisation_gap() -> Result:
    post = posterior(1)
    lhs = KL(Normal(phi, s), post)
    closed = sp.log(1 / (sp.sqrt(2) * s)) + s**2 + (phi - x / 2) ** 2 - sp.Rational(1, 2)
    return Result(
        id="vi.amortised.gap",
        title="The amortised encoder's KL is at least the instance-wise optimum's",
        sources=(Source(SEED, "Q2.2"),),
        statement=Statement(
            lhs,
            KL(post, post),
            ">=",
            "for $\\theta = 1$: any $q = \\mathcal N(\\phi, s^2)$ (in particular "
            "$q_{\\phi^*}(z|x_i)$) has $D_{KL}(q \\| p(z|x_i)) \\ge "
            "D_{KL}(q_i^* \\| p(z|x_i))$, where $q_i^* = p(z|x_i)$ is the "
            "instance-wise optimum in the Gaussian family",
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(closed, "KL between Gaussians, posterior variance 1/2"),
                    Step(
                        sp.S.Zero,
                        "$\\log u \\le u - 1$ with $u = 2 s^2$, and a square is $\\ge 0$",
                        ">=",
                    ),
                    Step(KL(post, post), "the KL of a distribution from itself"),
                ),
            ),
        ),
        answer=(
            "$D_{KL}(q_{\\phi^*}(z|x_i) \\| p_\\theta(z|x_i)) \\ge "
            "D_{KL}(q_i^*(z) \\| p_\\theta(z|x_i))$: for fixed $\\theta$, maximising the ELBO "
            "of $x_i$ over $\\mathcal Q$ is minimising this KL over $\\mathcal Q$ (they add up "
            "to $\\log p_\\theta(x_i)$), $q_i^*$ is the minimiser and "
            "$q_{\\phi^*}(\\cdot|x_i) \\in \\mathcal Q$. The difference is the amortisation gap; "
            "it is zero only if the encoder can output $\\pi(q_i^*)$ for every $i$."
        ),
        domains={"x": "real", "phi": "real", "s": "positive"},
        notes=(
            "The numeric check fits a restricted encoder (a mean that ignores $x$) on a data "
            "set and compares its KL at each $x_i$ with that of the per-instance optimum.",
        ),
    )
