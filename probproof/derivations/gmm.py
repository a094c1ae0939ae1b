"""The 2-D Gaussian mixture of seed 000 (1.1) and its EM updates (1.2)."""

from __future__ import annotations

import sympy as sp
from sympy.core.containers import Tuple

from probproof.derivations.notation import I_2, VectorNormal
from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    register,
)
from probproof.derivations.vocabulary import Mixture, MvNormal, pdf

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


def unit_normal(at: sp.Basic, mean: sp.Basic) -> pdf:
    """``N(at; mean, I_2)`` in vector notation, as the key writes a component's density."""
    return pdf(VectorNormal(mean, I_2), at)


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


#: The squared distance from x to the centre mu_k, by name (a legend): the density then
#: reads exp(-d^2/2) / (2 pi), not the two coordinates' squares in its exponent.
DIST = sp.Function("d")(X, MU[k]) ** 2


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
        # the component's density in vector notation, N(x; mu_k, I_2): written out, the
        # mean's two coordinates and the point's (x_1, x_2) in every sum
        legend=(Let(DIST, sq_dist()), Let(unit_normal(X, MU[k]), normal_k())),
    )


#: The EM updates for any K components and any n points x_i, responsibilities gamma_ik.
i, j = sp.symbols("i j", integer=True, positive=True)
n_pts = sp.Symbol("n", integer=True, positive=True)
XS, GAMMA = sp.IndexedBase("x", real=True), sp.IndexedBase("gamma", positive=True)



E_STEP = (PI[k] * unit_normal(XS[i], MU[k])
          / sp.Sum(PI[j] * unit_normal(XS[i], MU[j]), (j, 1, Ks)))
M_STEP = sp.Sum(GAMMA[i, k] * XS[i], (i, 1, n_pts)) / sp.Sum(GAMMA[i, k], (i, 1, n_pts))
Q_EM = sp.Sum(sp.Sum(GAMMA[i, k] * (sp.log(PI[k]) - sp.Function("d")(XS[i], MU[k]) ** 2 / 2),
                     (k, 1, Ks)), (i, 1, n_pts))
GS = sp.IndexedBase("G", positive=True)


def over_i(expr: sp.Expr, index: sp.Symbol = i) -> sp.Sum:
    """The sum of ``expr`` over the n data points."""
    return sp.Sum(expr, (index, 1, n_pts))


def over_k(expr: sp.Expr, index: sp.Symbol = k) -> sp.Sum:
    """The sum of ``expr`` over the K components."""
    return sp.Sum(expr, (index, 1, Ks))


#: The M-step for the mean of one component k, one coordinate (the identity covariance
#: separates the coordinates): x_i is that coordinate of point i and gamma_i = gamma_ik.
m = sp.Symbol("m", real=True)
MHAT = sp.Symbol("mhat", real=True)
MEAN_BODY = -over_i(GAMMA[i] * (XS[i] - m) ** 2) / 2
WEIGHTED_MEAN = over_i(GAMMA[j] * XS[j], j) / over_i(GAMMA[j], j)
MEAN_DOMAINS = {"m": "real", "n": "positive integer", "i": "positive integer", "x": "real",
                "gamma": "positive"}


@register
def em_mean() -> Result:
    best = MEAN_BODY.subs(m, WEIGHTED_MEAN)
    spread = -over_i(GAMMA[i] * (XS[i] - WEIGHTED_MEAN) ** 2) / 2
    return Result(
        id="gmm.em.mean",
        title="EM M-step for the means: responsibility-weighted averages",
        sources=(Source(SEED, "1.2"),),
        statement=Statement(MEAN_BODY, best, "<=", (
            "for any number ", n_pts, " of points, the part of the expected complete "
            "log-likelihood that depends on one coordinate ", m, " of the mean of component ",
            k, " (identity covariance; ", XS[i], " the coordinate of point ", i, ", ",
            Let(GAMMA[i], GAMMA[i, k]), " its responsibility) is, for every ", m,
            ", at most its value at the responsibility-weighted mean ", MHAT,
            " (defined below)")),
        derivations=(
            Derivation(MEAN_BODY, (
                Step(spread - over_i(GAMMA[i]) * (m - WEIGHTED_MEAN) ** 2 / 2,
                     ("complete the square around ", MHAT, "; the cross term vanishes, ",
                      sp.Eq(over_i(GAMMA[i] * (XS[i] - WEIGHTED_MEAN)), 0, evaluate=False))),
                Step(best, ("the second term is at most 0, and 0 exactly at ", Let(m, MHAT)),
                     "<="),
            ), "maximise"),
            Derivation(sp.Derivative(MEAN_BODY, m), (
                Step(over_i(GAMMA[i] * (XS[i] - m)), "differentiate the finite sum"),
                Step(over_i(GAMMA[i]) * (WEIGHTED_MEAN - m),
                     ("collect: zero exactly at ", Let(m, MHAT), "; the second derivative "
                      "(fact 1) is negative")),
            ), "first-order condition"),
        ),
        answer=("E-step: the responsibilities ", Let(GAMMA[i, k], E_STEP), ". M-step: the "
                "expected complete log-likelihood is, up to a constant, ", Q_EM, " with ",
                sp.Symbol("d"),
                " the Euclidean distance; it is a sum over the coordinates of ", MU[k],
                ", each a concave quadratic, largest at ", Let(MU[k], M_STEP), ", for any ", Ks,
                " and ", n_pts, "."),
        domains=MEAN_DOMAINS,
        facts=(Statement(sp.Derivative(MEAN_BODY, (m, 2)), -over_i(GAMMA[i]), "==",
                         "the second derivative, negative"),),
        # the weighted mean by name: written out, it is a fraction of sums inside a square
        legend=(Let(MHAT, WEIGHTED_MEAN),),
    )


#: The M-step for the weights: G_k = sum_i gamma_ik is component k's summed responsibility;
#: any weights on the simplex are pi_k = exp(theta_k) / sum_j exp(theta_j).
THETA = sp.IndexedBase("theta", real=True)
SOFTMAX = sp.exp(THETA[k]) / over_k(sp.exp(THETA[j]), j)
G_TOTAL = over_k(GS[j], j)
SHARE = GS[k] / G_TOTAL
#: The best weights by name, pi-hat_k = G_k / sum_j G_j: written out, a fraction of a sum
#: inside every logarithm of the derivation and of its justifications.
PI_HAT = sp.IndexedBase("pihat", positive=True)
WEIGHT_BODY = over_k(GS[k] * sp.log(SOFTMAX))
WEIGHT_BEST = over_k(GS[k] * sp.log(SHARE))
WEIGHT_DOMAINS = {"K": "positive integer", "k": "positive integer", "G": "positive",
                  "theta": "real"}


@register
def em_weights() -> Result:
    return Result(
        id="gmm.em.weights",
        title="EM M-step for the weights: average responsibilities",
        sources=(Source(SEED, "1.2"),),
        statement=Statement(WEIGHT_BODY, WEIGHT_BEST, "<=", (
            "for any number ", Ks, " of components, the part of the expected complete "
            "log-likelihood that depends on the weights, ", over_k(GS[k] * sp.log(PI[k])),
            " with ", Let(GS[k], over_i(GAMMA[i, k])), " the summed responsibilities and any "
            "weights ", Let(PI[k], SOFTMAX), ", is at most its value at ",
            Let(PI[k], SHARE))),
        derivations=(Derivation(WEIGHT_BODY, (
            Step(WEIGHT_BEST + G_TOTAL * over_k(SHARE * (sp.log(SOFTMAX) - sp.log(SHARE))),
                 ("add and subtract ", WEIGHT_BEST)),
            Step(WEIGHT_BEST, ("Gibbs' inequality: the sum is minus the divergence of ", PI[k],
                               " from ", SHARE, ", at most 0, and 0 exactly when they agree"),
                 "<="),
        ), "maximise on the simplex"),),
        answer=("The weights' part ", over_k(GS[k] * sp.log(PI[k])), " is largest at ",
                Let(PI[k], SHARE), " by Gibbs' inequality. Each point's responsibilities sum "
                "to 1, so the summed responsibilities add up to ", Let(G_TOTAL, n_pts), " and ",
                Let(PI[k], over_i(GAMMA[i, k]) / n_pts), ": the average responsibility of "
                "component ", k, ", for any ", Ks, " and ", n_pts, "."),
        domains=WEIGHT_DOMAINS,
        # any weights pi_k and the best ones by name: the claim and its steps then read
        # sum_k G_k log pi_k <= sum_k G_k log pi-hat_k, not softmaxes inside logarithms
        legend=(Let(PI[k], SOFTMAX), Let(PI_HAT[k], SHARE)),
    )
