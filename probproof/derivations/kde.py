"""The kernel density estimator of seed 000, 1.3."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register

SEED = "000_ff966f29da14a2c6.txt"

x1, x2, u1, u2 = sp.symbols("x1 x2 u1 u2", real=True)
a = sp.symbols("a1:4", real=True)
b = sp.symbols("b1:4", real=True)
s = sp.Symbol("s", positive=True)  # the seed's sigma: kernel covariance s * I_2
n = 3


def kernel(z1, z2, c1, c2):
    return sp.exp(-((z1 - c1) ** 2 + (z2 - c2) ** 2) / (2 * s)) / (2 * sp.pi * s)


def phat(z1, z2):
    return sp.Add(*[kernel(z1, z2, ai, bi) for ai, bi in zip(a, b, strict=True)]) / n


@register
def density() -> Result:
    whole = (x1, -sp.oo, sp.oo), (x2, -sp.oo, sp.oo)
    lhs = sp.Integral(phat(x1, x2), *whole)
    sq = [((u1 - ai) ** 2 + (u2 - bi) ** 2) for ai, bi in zip(a, b, strict=True)]
    loglik = sp.log(sp.Add(*[sp.exp(-d / (2 * s)) for d in sq])) - sp.log(n) - sp.log(2 * sp.pi * s)
    return Result(
        id="kde.density",
        title="The kernel density estimator is a density; its log-likelihood",
        sources=(Source(SEED, "1.3"),),
        statement=Statement(lhs, sp.S.One, "==",
                            "p_hat(x) = (1/n) sum_i phi_s(x - x_i) integrates to 1 over R^2 "
                            "(n = 3 points shown; phi_s = N(0, s I_2))"),
        derivations=(Derivation(lhs, (
            Step(sp.Add(*[sp.Integral(kernel(x1, x2, ai, bi), *whole)
                          for ai, bi in zip(a, b, strict=True)]) / n, "linearity"),
            Step(sp.S.One, "each kernel is a normal density (integral 1); n of them over n"),
        ), "linearity of the integral"),),
        answer=(r"$\hat p(x) = \frac1n\sum_{i=1}^n\varphi_\sigma(x-x_i)\ge 0$ and "
                r"$\int\hat p = \frac1n\sum_i\int\varphi_\sigma = 1$: a mixture of $n$ Gaussians "
                r"with equal weights. With covariance $\sigma I_2$, "
                r"$\frac1m\sum_{j}\log\hat p(\tilde x_j) = "
                r"\frac1m\sum_j\Big[\operatorname{logsumexp}_i"
                r"\big(-\tfrac{\|\tilde x_j-x_i\|^2}{2\sigma}\big)\Big] - \log n - "
                r"\log(2\pi\sigma)$ "
                r"(computed with logsumexp to avoid underflow far from the data); $\sigma$ is "
                r"chosen to maximise it on the validation set."),
        domains={**{v.name: "real" for v in (x1, x2, u1, u2, *a, *b)}, "s": "positive"},
        facts=(
            Statement(sp.log(phat(u1, u2)), loglik, "==", "log p_hat as a log-sum-exp"),
            Statement(phat(u1, u2), sp.S.Zero, ">", "positive everywhere"),
        ),
        notes=("The seed says 'isotropic Gaussian with covariance sigma I_2': sigma is a "
               "variance here (scikit-learn's bandwidth is its square root).",),
    )
