"""The kernel density estimator of seed 000, 1.3, for any number n of data points."""

from __future__ import annotations

import sympy as sp
from sympy.core.containers import Tuple

from probproof.derivations.notation import VectorNormal
from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    register,
)
from probproof.derivations.vocabulary import MvNormal, pdf

SEED = "000_ff966f29da14a2c6.txt"

#: The plane's point u = (u1, u2); the n data points x_i = (x_{i,1}, x_{i,2}).
u1, u2 = sp.symbols("u1 u2", real=True)
s = sp.Symbol("s", positive=True)  # the seed's sigma: kernel covariance s * I_2
N_PTS, M_PTS = sp.symbols("n m", integer=True, positive=True)
i, j = sp.symbols("i j", integer=True, positive=True)
XC1, XC2 = sp.IndexedBase("x1", real=True), sp.IndexedBase("x2", real=True)

#: The estimator in the seed's notation, for the text.
#: (I_2 does not commute, so that it prints after its scalar factor: s I_2.)
X, SIGMA = sp.Symbol("x"), sp.Symbol("sigma", positive=True)
I2 = sp.Symbol("I_2", commutative=False)
XS, XT = sp.IndexedBase("x"), sp.IndexedBase("xtilde")
P_N, DIST = sp.Function("p_n"), sp.Function("d")


def kernel_at(at: sp.Basic, k: sp.Expr = i) -> pdf:
    """``N(at; x_k, s I_2)`` in vector notation, as the key writes the kernel."""
    return pdf(VectorNormal(XS[k], s * I2), at)


KDE = sp.Sum(kernel_at(X), (i, 1, N_PTS)) / N_PTS
LOGLIK = sp.Symbol("ell")
LOGLIK_FORM = (sp.Sum(sp.log(sp.Sum(sp.exp(-DIST(XT[j], XS[i]) ** 2 / (2 * s)), (i, 1, N_PTS))),
                      (j, 1, M_PTS)) / M_PTS - sp.log(N_PTS) - sp.log(2 * sp.pi * s))


def kernel(k: sp.Expr = i) -> sp.Basic:
    """``N(u; x_k, s I_2)``, the kernel centred on data point k."""
    return pdf(MvNormal([XC1[k], XC2[k]], [[s, 0], [0, s]]), Tuple(u1, u2))


def sq_dist(k: sp.Expr = i) -> sp.Expr:
    """``|u - x_k|^2``."""
    return (u1 - XC1[k]) ** 2 + (u2 - XC2[k]) ** 2


#: The estimator at u, for any n.
PHAT = sp.Sum(kernel(), (i, 1, N_PTS)) / N_PTS


def at_points(expr: sp.Basic, n: int) -> sp.Basic:
    """``expr`` for ``n`` data points ``x_k = (a_k, b_k)``, sums written out: for
    numeric checks with named coordinates (the printed derivation stays general)."""
    out = expr.xreplace({N_PTS: sp.Integer(n)}).doit()
    return out.replace(
        lambda e: isinstance(e, sp.Indexed) and e.base in (XC1, XC2),
        lambda e: sp.Symbol(("a" if e.base == XC1 else "b") + str(e.indices[0]), real=True))


@register
def density() -> Result:
    whole = (u1, -sp.oo, sp.oo), (u2, -sp.oo, sp.oo)
    lhs = sp.Integral(PHAT, *whole)
    bump = sp.exp(-sq_dist() / (2 * s)) / (2 * sp.pi * s)
    loglik = (sp.log(sp.Sum(sp.exp(-sq_dist() / (2 * s)), (i, 1, N_PTS))) - sp.log(N_PTS)
              - sp.log(2 * sp.pi * s))
    return Result(
        id="kde.density",
        title="The kernel density estimator is a density; its log-likelihood",
        sources=(Source(SEED, "1.3"),),
        statement=Statement(lhs, sp.S.One, "==", (
            "the kernel density estimator ", Let(P_N(X), KDE), " integrates to 1 over the "
            "plane, for any ", N_PTS, " data points ", XS[i], " in the plane:")),
        derivations=(Derivation(lhs, (
            Step(sp.Sum(sp.Integral(kernel(), *whole), (i, 1, N_PTS)) / N_PTS,
                 "linearity: a finite sum and a constant factor come out of the integral"),
            Step(sp.Sum(sp.S.One, (i, 1, N_PTS)) / N_PTS,
                 "each kernel is a normal density, of integral 1 (fact 1)"),
            Step(sp.S.One, ("there are ", N_PTS, " terms")),
        ), "linearity of the integral"),),
        answer=("The estimator ", Let(P_N(X), KDE), " is a mixture of ", N_PTS, " Gaussians "
                "with equal weights: it is positive and integrates to 1. The mean "
                "log-likelihood of ", M_PTS, " test points is ", Let(LOGLIK, LOGLIK_FORM),
                " with ", sp.Symbol("d"), " the Euclidean distance, computed with a log-sum-exp "
                "so that it does not underflow far from the data; ", s, " is chosen to maximise "
                "it on the validation set."),
        domains={"u1": "real", "u2": "real", "x1": "real", "x2": "real", "s": "positive",
                 "n": "positive integer", "i": "positive integer"},
        facts=(
            Statement(sp.Integral(bump, *whole), sp.S.One, "==",
                      ("the normal density of covariance ", s * I2, " integrates to 1")),
            Statement(sp.log(PHAT), loglik, "==",
                      "the logarithm of the estimator as a log-sum-exp"),
            Statement(PHAT, sp.S.Zero, ">", "positive everywhere"),
        ),
        # the kernel in vector notation, N(u; x_i, s I_2): written out, the coordinates of
        # the point and of the data point in every sum
        # and the squared distance from u to x_i by name, as the answer writes d
        legend=(Let(kernel_at(sp.Symbol("u")), kernel()),
                Let(DIST(sp.Symbol("u"), XS[i]) ** 2, sq_dist())),
        notes=(("The seed's kernel is an isotropic Gaussian with covariance ", SIGMA * I2, ": ",
                SIGMA, " is a variance here, written ", s, " above; scikit-learn's bandwidth "
                "is its square root."),),
    )
