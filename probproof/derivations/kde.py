"""The kernel density estimator of seed 000, 1.3."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    register,
)

SEED = "000_ff966f29da14a2c6.txt"

x1, x2, u1, u2 = sp.symbols("x1 x2 u1 u2", real=True)
a = sp.symbols("a1:4", real=True)
b = sp.symbols("b1:4", real=True)
s = sp.Symbol("s", positive=True)  # the seed's sigma: kernel covariance s * I_2
n = 3

#: The estimator in general notation, for the text: n points x_i, m test points.
X, SIGMA, I2 = sp.Symbol("x"), sp.Symbol("sigma", positive=True), sp.Symbol("I_2")
N_PTS, M_PTS = sp.symbols("n m", integer=True, positive=True)
i, j = sp.symbols("i j", integer=True, positive=True)
XS, XT = sp.IndexedBase("x"), sp.IndexedBase("xt")
P_N, PHI, DIST = sp.Function("p_n"), sp.Function("phi_s"), sp.Function("d")
KDE = sp.Sum(PHI(X - XS[i]), (i, 1, N_PTS)) / N_PTS
LOGLIK = sp.Symbol("ell")
LOGLIK_FORM = (sp.Sum(sp.log(sp.Sum(sp.exp(-DIST(XT[j], XS[i]) ** 2 / (2 * s)), (i, 1, N_PTS))),
                      (j, 1, M_PTS)) / M_PTS - sp.log(N_PTS) - sp.log(2 * sp.pi * s))


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
        statement=Statement(lhs, sp.S.One, "==", (
            "the kernel density estimator ", Let(P_N(X), KDE), ", with ", PHI(X), " the normal "
            "density of covariance ", s * I2, ", integrates to 1 over the plane (three points "
            "shown)")),
        derivations=(Derivation(lhs, (
            Step(sp.Add(*[sp.Integral(kernel(x1, x2, ai, bi), *whole)
                          for ai, bi in zip(a, b, strict=True)]) / n, "linearity"),
            Step(sp.S.One, "each kernel is a normal density, of integral 1, and there are as "
                           "many kernels as the divisor"),
        ), "linearity of the integral"),),
        answer=("The estimator ", Let(P_N(X), KDE), " is a mixture of ", N_PTS, " Gaussians "
                "with equal weights: it is positive and integrates to 1. The mean "
                "log-likelihood of ", M_PTS, " test points is ", Let(LOGLIK, LOGLIK_FORM),
                " with d the Euclidean distance, computed with a log-sum-exp so that it does "
                "not underflow far from the data; ", s, " is chosen to maximise it on the "
                "validation set."),
        domains={**{v.name: "real" for v in (x1, x2, u1, u2, *a, *b)}, "s": "positive"},
        facts=(
            Statement(sp.log(phat(u1, u2)), loglik, "==",
                      "the logarithm of the estimator as a log-sum-exp"),
            Statement(phat(u1, u2), sp.S.Zero, ">", "positive everywhere"),
        ),
        # the kernel by name at each point: written out, a sum of three fills a line
        legend=(Let(PHI(x1, x2), kernel(x1, x2, 0, 0)),),
        notes=(("The seed's kernel is an isotropic Gaussian with covariance ", SIGMA * I2, ": ",
                SIGMA, " is a variance here, written ", s, " above; scikit-learn's bandwidth "
                "is its square root."),),
    )
