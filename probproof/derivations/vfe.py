"""Variational free energy, ``vfe.*``: CSE 891 HW4 question 2 (seed 003). Its question
2.3 is ``kl.gaussian.standard`` (in ``kl.py``)."""

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
from probproof.derivations.kl import kl_standard_closed_form
from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import KL, Expect, MvNormal, Normal, logpdf

SEED = "003_d7f509f3735f8b89.txt"
DOMAINS = {"mu": "real", "sigma": "positive", "x": "real"}


@register
def free_energy_gap() -> Result:
    lq, lp0 = gauss_log(z, mu, sigma), gauss_log(z, 0, 1)
    lik = gauss_log(x, z, 1)
    lpost, lpx = gauss_log(z, x / 2, 1 / sp.sqrt(2)), gauss_log(x, 0, sp.sqrt(2))
    lhs = Expect(logpdf(Normal(z, 1), x), z, Q) - KL(Q, PRIOR)
    rhs = logpdf(MARGINAL, x) - KL(Q, POSTERIOR)
    return Result(
        id="vfe.free_energy.posterior_gap",
        title="Free energy = log evidence minus KL to the posterior",
        sources=(Source(SEED, "2.1"),),
        statement=Statement(lhs, rhs, "==", "$F(q) = \\log p(x) - D_{KL}(q(z) \\| p(z|x))$"),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        expect(lik, z, mu, sigma) - expect(lq - lp0, z, mu, sigma),
                        "definitions of $\\mathbb{E}_q$ and of the KL divergence",
                    ),
                    Step(expect(lik + lp0 - lq, z, mu, sigma), "linearity of the integral"),
                    Step(
                        expect(lpost + lpx - lq, z, mu, sigma),
                        "Bayes' rule: $p(x|z)\\,p(z) = p(z|x)\\,p(x)$",
                    ),
                    Step(
                        lpx - expect(lq - lpost, z, mu, sigma),
                        "$\\log p(x)$ does not depend on $z$ and $\\int q = 1$",
                    ),
                    Step(rhs, "definition of the KL divergence"),
                ),
            ),
        ),
        answer=(
            "$F(q) = \\mathbb{E}_q[\\log p(x|z) + \\log p(z) - \\log q(z)] = "
            "\\mathbb{E}_q[\\log p(z|x) + \\log p(x) - \\log q(z)] = "
            "\\log p(x) - D_{KL}(q(z) \\| p(z|x))$."
        ),
        domains=DOMAINS,
        notes=(MODEL_NOTE,),
    )


def _diag(D: int):
    ms = sp.symbols(f"mu_1:{D + 1}", real=True)
    ss = sp.symbols(f"sigma_1:{D + 1}", positive=True)
    zs = sp.symbols(f"z_1:{D + 1}", real=True)
    q = MvNormal(list(ms), [[ss[i] ** 2 if i == j else 0 for j in range(D)] for i in range(D)])
    p = MvNormal([0] * D, [[1 if i == j else 0 for j in range(D)] for i in range(D)])
    return ms, ss, zs, q, p


@register
def kl_factorised() -> Result:
    D = 3
    ms, ss, zs, q, p = _diag(D)
    qs = [Normal(ms[i], ss[i]) for i in range(D)]
    per = [logpdf(qs[i], zs[i]) - logpdf(Normal(0, 1), zs[i]) for i in range(D)]
    rhs = sp.Add(*[KL(qs[i], Normal(0, 1)) for i in range(D)])
    return Result(
        id="vfe.kl.factorised_sum",
        title="KL of fully factorised Gaussians is a sum over dimensions",
        sources=(Source(SEED, "2.2"),),
        statement=Statement(
            KL(q, p),
            rhs,
            "==",
            "$D_{KL}(q(z) \\| p(z)) = \\sum_i D_{KL}(q_i(z_i) \\| p_i(z_i))$ (checked at D = 3)",
        ),
        derivations=(
            Derivation(
                KL(q, p),
                (
                    Step(
                        Expect(sp.Add(*per), list(zs), qs),
                        "definition; both densities are products over coordinates, so their logs "
                        "are "
                        "sums, and $z \\sim q$ has independent coordinates",
                    ),
                    Step(
                        sp.Add(*[Expect(per[i], zs[i], qs[i]) for i in range(D)]),
                        "linearity of expectation; term $i$ depends on $z_i$ only",
                    ),
                    Step(rhs, "definition of the KL divergence per coordinate"),
                ),
            ),
        ),
        answer=(
            "$D_{KL}(q \\| p) = \\mathbb{E}_q[\\sum_i (\\log q_i(z_i) - \\log p_i(z_i))] = "
            "\\sum_i \\mathbb{E}_{q_i}[\\log q_i(z_i) - \\log p_i(z_i)] = "
            "\\sum_i D_{KL}(q_i \\| p_i)$, for any D."
        ),
        domains={**{str(s): "real" for s in ms}, **{str(s): "positive" for s in ss}},
    )


def reparam_t(m: sp.Expr = mu, s: sp.Expr = sigma, eps: sp.Expr = e) -> sp.Expr:
    """``t = log q(z) - log p(z)`` at ``z = m + s * eps``."""
    zz = m + s * eps
    return gauss_log(zz, m, s) - gauss_log(zz, 0, 1)


@register
def kl_reparam_gradient() -> Result:
    t = reparam_t()
    zz = mu + sigma * e
    lhs = sp.ImmutableMatrix([expect(sp.diff(t, mu), e, 0, 1), expect(sp.diff(t, sigma), e, 0, 1)])
    dt_dz = -(zz - mu) / sigma**2 + zz  # d(r - s)/dz
    dr_dmu = (zz - mu) / sigma**2  # explicit dependence of r on mu
    dr_dsigma = (zz - mu) ** 2 / sigma**3 - 1 / sigma
    backprop = sp.ImmutableMatrix(
        [expect(dt_dz * 1 + dr_dmu, e, 0, 1), expect(dt_dz * e + dr_dsigma, e, 0, 1)]
    )
    rhs = sp.ImmutableMatrix([mu, sigma - 1 / sigma])
    kl = kl_standard_closed_form()
    return Result(
        id="vfe.kl.reparam_gradient",
        title="Reparameterised stochastic gradient of the Gaussian KL",
        sources=(Source(SEED, "2.4"),),
        statement=Statement(
            lhs,
            rhs,
            "==",
            "$\\nabla_\\theta D_{KL}(q_i \\| p_i) = \\mathbb{E}_e[\\nabla_\\theta t_i] "
            "= (\\mu_i, \\sigma_i - 1/\\sigma_i)$ with $z_i = \\mu_i + \\sigma_i e_i$, "
            "$e_i \\sim \\mathcal N(0, 1)$",
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        backprop,
                        "backpropagation: $\\bar t = 1$, $\\bar z = \\partial (r - s)/\\partial z"
                        "$, $\\bar\\mu = \\bar z + \\partial r/\\partial\\mu$, "
                        "$\\bar\\sigma = \\bar z\\, e + \\partial r/\\partial\\sigma$",
                    ),
                    Step(
                        sp.ImmutableMatrix(
                            [expect(zz, e, 0, 1), expect(zz * e - 1 / sigma, e, 0, 1)]
                        ),
                        "simplify: $\\bar\\mu = z$, $\\bar\\sigma = z e - 1/\\sigma$",
                    ),
                    Step(rhs, "$\\mathbb{E} e = 0$, $\\mathbb{E} e^2 = 1$"),
                ),
            ),
        ),
        facts=(
            Statement(
                sp.ImmutableMatrix([sp.diff(kl, mu), sp.diff(kl, sigma)]),
                rhs,
                "==",
                "the analytic gradient of the closed form of question 2.3 is the same",
            ),
        ),
        answer=(
            "Computation graph: $(\\mu, \\sigma, e) \\to z = \\mu + \\sigma e$; "
            "$(z, \\mu, \\sigma) \\to r = \\log q(z)$; $z \\to s = \\log p(z)$; "
            "$(r, s) \\to t = r - s$. Backward pass for one sample $e$: "
            "$\\bar t = 1$, $\\bar r = 1$, $\\bar s = -1$, "
            "$\\bar z = \\bar r\\,\\partial r/\\partial z + \\bar s\\,\\partial s/\\partial z = "
            "-(z - \\mu)/\\sigma^2 + z$, "
            "$\\bar\\mu = \\bar z + \\partial r/\\partial \\mu = z$, "
            "$\\bar\\sigma = \\bar z\\, e + \\partial r/\\partial\\sigma = z e - 1/\\sigma$. "
            "Averaging $(\\bar\\mu, \\bar\\sigma)$ over $L$ draws of $e$ is an unbiased estimate "
            "of $\\nabla_\\theta D_{KL} = (\\mu, \\sigma - 1/\\sigma)$; the numeric check shows "
            "the Monte Carlo mean converging to it with CLT standard errors."
        ),
        domains={"mu": "real", "sigma": "positive"},
    )
