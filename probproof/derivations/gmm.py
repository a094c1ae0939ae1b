"""The 2-D Gaussian mixture of seed 000 (1.1) and its EM updates (1.2)."""

from __future__ import annotations

import sympy as sp
from sympy.core.containers import Tuple

from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    register,
)
from probproof.derivations.vocabulary import Mixture, MvNormal, Sup, pdf

SEED = "000_ff966f29da14a2c6.txt"
K = 10

x1, x2 = sp.symbols("x1 x2", real=True)
R = sp.Symbol("R", positive=True)
#: The point x and the vector mu_k, as printed in the text (their coordinates are symbols).
X = sp.Symbol("x")
MU = sp.IndexedBase("mu")


def centre(k: int, radius: sp.Expr = R, n: int = K) -> tuple[sp.Expr, sp.Expr]:
    """mu_k = R (cos(2 pi k/K), sin(2 pi k/K)), k = 1..K."""
    return radius * sp.cos(2 * sp.pi * k / n), radius * sp.sin(2 * sp.pi * k / n)


def component(k: int) -> MvNormal:
    return MvNormal(list(centre(k)), [[1, 0], [0, 1]])


def mixture() -> Mixture:
    return Mixture([sp.Rational(1, K)] * K, [component(k) for k in range(1, K + 1)])


def gaussian_term(k: int) -> sp.Expr:
    m1, m2 = centre(k)
    return sp.exp(-((x1 - m1) ** 2 + (x2 - m2) ** 2) / 2)


#: The general mixture of K components: weights pi_k and means mu_k = (mu1_k, mu2_k),
#: symbolic, so that the density is derived once for every K.
Ks = sp.Symbol("K", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
PI = sp.IndexedBase("pi", positive=True)
MU1, MU2 = sp.IndexedBase("mu1", real=True), sp.IndexedBase("mu2", real=True)


def sq_dist(j: sp.Expr = k) -> sp.Expr:
    """``|x - mu_j|^2`` with symbolic centre coordinates."""
    return (x1 - MU1[j]) ** 2 + (x2 - MU2[j]) ** 2


def normal_k(j: sp.Expr = k) -> sp.Basic:
    """``N(x; mu_j, I_2)``."""
    return pdf(MvNormal([MU1[j], MU2[j]], [[1, 0], [0, 1]]), Tuple(x1, x2))


def ring(expr: sp.Basic, n: int = K, radius: sp.Expr = R) -> sp.Basic:
    """The seed's instance of a general expression: ``K = n``, ``pi_k = 1/K`` and the
    centres ``mu_k = R (cos 2 pi k/K, sin 2 pi k/K)``, sums written out. For numeric
    checks only (the printed derivations stay general)."""
    out = expr.xreplace({Ks: sp.Integer(n)}).replace(
        lambda e: isinstance(e, sp.Indexed) and e.base in (PI, MU1, MU2),
        lambda e: {PI: sp.Integer(1) / n,
                   MU1: radius * sp.cos(2 * sp.pi * e.indices[0] / n),
                   MU2: radius * sp.sin(2 * sp.pi * e.indices[0] / n)}[e.base])
    return out.doit()


@register
def density() -> Result:
    mix = sp.Sum(PI[k] * normal_k(), (k, 1, Ks))
    closed = sp.Sum(PI[k] * sp.exp(-sq_dist() / 2), (k, 1, Ks)) / (2 * sp.pi)
    bump = sp.exp(-sq_dist() / 2) / (2 * sp.pi)
    whole = ((x1, -sp.oo, sp.oo), (x2, -sp.oo, sp.oo))
    return Result(
        id="gmm.density",
        title=("Density of the ring mixture of ", Let(Ks, 10), " Gaussians"),
        sources=(Source(SEED, "1.1"),),
        statement=Statement(mix, closed, "==", (
            "the mixture of ", Ks, " Gaussians with weights ", PI[k], ", means ", MU[k],
            " and identity covariances, for any ", Ks, ":")),
        derivations=(Derivation(mix, (
            Step(sp.Sum(PI[k] * bump, (k, 1, Ks)),
                 "the bivariate normal density with identity covariance (fact 1)"),
            Step(closed, "the constant factor out of the sum"),
        )),),
        answer=("For any ", Ks, ", ", Let(sp.Function("p")(X), closed),
                ". The seed's model has ", Let(Ks, 10), ", ", Let(PI[k], 1 / Ks), ", ",
                Let(MU[k], R * sp.Matrix([sp.cos(2 * sp.pi * k / Ks), sp.sin(2 * sp.pi * k / Ks)])),
                " and ", Let(R, 10), ": ten unit Gaussian bumps evenly spaced on a circle of "
                "radius 10, well separated: neighbouring centres are ",
                2 * R * sp.sin(sp.pi / Ks), " apart, about 6.2 at the seed's values."),
        domains={"x1": "real", "x2": "real", "R": "positive", "K": "positive integer",
                 "k": "positive integer", "pi": "positive", "mu1": "real", "mu2": "real"},
        facts=(Statement(normal_k(), bump, "==",
                         "the bivariate normal density with identity covariance"),
               Statement(sp.Integral(bump, *whole), sp.S.One, "==", (
            "each component integrates to 1, so the mixture does when the weights sum to 1",)),),
        notes=("The seed writes the index range after the covariance; we read the weights as "
               "one tenth and every covariance as the identity, for all ten components.",),
    )


#: The EM updates in general notation, for the answers: n points x_i, responsibilities
#: gamma_ik; N is the normal density with identity covariance.
i, j = sp.symbols("i j", integer=True, positive=True)
n_pts = sp.Symbol("n", integer=True, positive=True)
XS, GAMMA = sp.IndexedBase("x"), sp.IndexedBase("gamma")
NORMAL = sp.Function("N")
E_STEP = (PI[k] * NORMAL(XS[i], MU[k])
          / sp.Sum(PI[j] * NORMAL(XS[i], MU[j]), (j, 1, Ks)))
M_STEP = sp.Sum(GAMMA[i, k] * XS[i], (i, 1, n_pts)) / sp.Sum(GAMMA[i, k], (i, 1, n_pts))
Q_EM = sp.Sum(sp.Sum(GAMMA[i, k] * (sp.log(PI[k]) - sp.Function("d")(XS[i], MU[k]) ** 2 / 2),
                     (k, 1, Ks)), (i, 1, n_pts))

GS, LAM = sp.IndexedBase("G"), sp.Symbol("lambda")
LAGRANGIAN = (sp.Sum(GS[k] * sp.log(PI[k]), (k, 1, Ks))
              - LAM * (sp.Sum(PI[k], (k, 1, Ks)) - 1))

g = sp.symbols("g1:4", positive=True)  # responsibilities gamma_{ik} of three points
xs = sp.symbols("y1:4", real=True)  # one coordinate of three data points
m = sp.Symbol("m", real=True)
G1, G2 = sp.symbols("G1 G2", positive=True)
pi_ = sp.Symbol("pi_1", positive=True)


@register
def em_mean() -> Result:
    body = sp.Add(*[gi * (-(xi - m) ** 2 / 2) for gi, xi in zip(g, xs, strict=True)])
    mhat = sp.Add(*[gi * xi for gi, xi in zip(g, xs, strict=True)]) / sp.Add(*g)
    return Result(
        id="gmm.em.mean",
        title="EM M-step for the means: responsibility-weighted averages",
        sources=(Source(SEED, "1.2"),),
        statement=Statement(Sup(body, m), body.subs(m, mhat), "==", (
            "the part of the expected complete log-likelihood that depends on the mean ", m,
            " of one component, ", body, " (one coordinate, identity covariance, three points "
            "with responsibilities ", g[0], ", ", g[1], ", ", g[2], "), is largest at the "
            "responsibility-weighted mean ", Let(m, mhat))),
        derivations=(
            Derivation(Sup(body, m), (
                Step(body.subs(m, mhat), (
                    "a concave quadratic in ", m, ", its second derivative being ",
                    sp.Lt(sp.diff(body, m, 2), 0, evaluate=False),
                    ": the stationary point is the maximum")),
            ), "maximise"),
            Derivation(sp.diff(body, m), (
                Step(sp.Add(*[gi * (xi - m) for gi, xi in zip(g, xs, strict=True)]),
                     "differentiate"),
                Step(sp.Add(*g) * (mhat - m), "collect: zero exactly at the weighted mean"),
            ), "first-order condition"),
        ),
        answer=("E-step: the responsibilities ", Let(GAMMA[i, k], E_STEP), ", with ",
                sp.Symbol("N"), " the normal density of identity covariance. M-step: the expected "
                "complete log-likelihood is, up to a constant, ", Q_EM, " with d the Euclidean "
                "distance; its gradient in ",
                MU[k], " is zero at ", Let(MU[k], M_STEP), ", a maximum because the objective is "
                "a concave quadratic in it. The coordinates separate because the covariance is "
                "the identity; the derivation is shown for three points and one coordinate."),
        domains={**{s.name: "positive" for s in g}, **{s.name: "real" for s in xs}, "m": "real"},
        facts=(Statement(sp.diff(body, m).subs(m, mhat), sp.S.Zero, "==", "stationary"),),
    )


@register
def em_weights() -> Result:
    body = G1 * sp.log(pi_) + G2 * sp.log(1 - pi_)
    value = body.subs(pi_, G1 / (G1 + G2))
    return Result(
        id="gmm.em.weights",
        title="EM M-step for the weights: average responsibilities",
        sources=(Source(SEED, "1.2"),),
        statement=Statement(Sup(body, pi_), value, "==", (
            "the part of the expected complete log-likelihood that depends on the weights, with "
            "two components, ", body, ", where ", G1, " and ", G2, " are the summed "
            "responsibilities, is largest at ", Let(pi_, G1 / (G1 + G2)))),
        derivations=(Derivation(Sup(body, pi_), (
            Step(value, ("strictly concave on the unit interval; its derivative (fact 1) "
                         "vanishes at ", Let(pi_, G1 / (G1 + G2)))),
            Step(G1 * sp.log(G1) + G2 * sp.log(G2) - (G1 + G2) * sp.log(G1 + G2),
                 "expand the logarithms"),
        ), "maximise on the simplex"),),
        answer=("With a Lagrange multiplier ", LAM, " for the constraint ",
                Let(sp.Sum(PI[k], (k, 1, Ks)), 1), ", the derivative of ", LAGRANGIAN, " in ",
                PI[k], " is ", GS[k] / PI[k] - LAM, ", zero at ", Let(PI[k], GS[k] / LAM),
                "; the constraint gives ", Let(LAM, n_pts), ", so ",
                Let(PI[k], sp.Sum(GAMMA[i, k], (i, 1, n_pts)) / n_pts), ". For two components "
                "this is the one-variable maximisation checked here."),
        domains={"G1": "positive", "G2": "positive", "pi_1": "probability"},
        facts=(Statement(sp.Derivative(body, pi_), G1 / pi_ - G2 / (1 - pi_), "==",
                         "the derivative of the weight part"),),
    )
