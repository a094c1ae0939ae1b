"""The reparameterisation trick, ``reparam.*``: the change of variables of IFT6135
question 1 (seed 002, in French; answered in English; stated at K = 2) and the moments
of ``z = mu + sigma epsilon`` of ETH CIL series 9, 1.5 (seed 004)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations._gauss import MC_WEIGHT, L, N, e, expect, l_, mu, sigma
from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    described,
    expectation,
    register,
)
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

#: Notation for the text, in any dimension Kd: vectors z, z_0, mu, sigma, the matrix S,
#: q the density of z_0 and N the normal density.
Kd = sp.Symbol("K", integer=True, positive=True)
Z_V, Z0_V = sp.MatrixSymbol("z", Kd, 1), sp.MatrixSymbol("z_0", Kd, 1)
MU_V, SIG_V = sp.MatrixSymbol("mu", Kd, 1), sp.MatrixSymbol("sigma", Kd, 1)
S_M = sp.MatrixSymbol("S", Kd, Kd)
Q_, N_ = sp.Function("q"), sp.Function("N")
k_ = sp.Symbol("k", integer=True, positive=True)
SIG_K, MU_K, Z_K = (sp.IndexedBase(n)[k_] for n in ("sigma", "mu", "z"))
#: The covariance S S^T and the quadratic form of its inverse, by name: in any dimension
#: for the text, 2 x 2 for the legend of the checked formulas.
SIGMA_M, SIGMA_2 = sp.MatrixSymbol("Sigma", Kd, Kd), sp.MatrixSymbol("Sigma", 2, 2)
QZ = sp.Function("Q")(Z_V)
#: (z - mu)^T Sigma^{-1} (z - mu), the transpose kept whole (SymPy's .T spreads it over the
#: difference, z^T - mu^T)
QUAD_FORM = sp.MatMul(sp.Transpose(Z_V - MU_V), SIGMA_M.I, Z_V - MU_V)
E_, F_ = expectation(), sp.Function("f")
EPS_L = sp.IndexedBase("epsilon")[sp.Symbol("l", integer=True, positive=True)]


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
        title=("The change of variables: ", Let(Z_V, MU_V + sp.HadamardProduct(SIG_V, Z0_V)),
               " is normal with mean ", MU_V, " and variances ", SIG_K**2),
        sources=(Source(SEED, "Q1.1"),),
        statement=Statement(
            lhs,
            pdf(target, sp.Tuple(*zs)),
            "==",
            ("with ", Let(Z0_V, sp.HadamardProduct(Z_V - MU_V, sp.HadamardPower(SIG_V, -1))),
             " the inverse of the map, the density of the standard normal at it divided by the "
             "absolute determinant of the Jacobian is the normal density with mean ", MU_V,
             " and variances ", SIG_K**2, " (at ", Let(Kd, 2), ")"),
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        STANDARD.pdf(z0) / sp.Mul(*sigmas),
                        ("the Jacobian is the diagonal matrix of the scales, of determinant ",
                         sp.Product(SIG_K, (k_, 1, Kd)), ", positive"),
                    ),
                    Step(
                        target.pdf(list(zs)),
                        "the exponent is minus half the quadratic form of the inverse of the "
                        "diagonal covariance",
                    ),
                    Step(pdf(target, sp.Tuple(*zs)), "the Gaussian density"),
                ),
            ),
        ),
        answer=(
            "For every ", Kd, ", the density of ", Z_V, " is ",
            (2 * sp.pi) ** (-Kd / 2) * sp.exp(-sp.Sum((Z_K - MU_K) ** 2 / SIG_K**2, (k_, 1, Kd))
                                               / 2) / sp.Product(SIG_K, (k_, 1, Kd)),
            ", the normal density with mean ", MU_V, " and variances ", SIG_K**2, "."
        ),
        domains={**{str(v): "real" for v in (*zs, *mus)}, **{str(v): "positive" for v in sigmas}},
        notes=(
            ("Equation 1 is used at the inverse of the map, a bijection because every scale ",
             SIG_K, " is positive."),
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
        title=("The change of variables: ", Let(Z_V, MU_V + S_M * Z0_V),
               " is normal with mean ", MU_V, " and covariance ", S_M * S_M.T),
        sources=(Source(SEED, "Q1.2"),),
        statement=Statement(
            lhs,
            pdf(target, sp.Tuple(*zs)),
            "==",
            ("with ", Let(Z0_V, S_M.I * (Z_V - MU_V)), ", ",
             Q_(Z0_V) / sp.Abs(sp.Determinant(S_M)), " is the normal density with covariance ",
             Let(SIGMA_M, S_M * S_M.T), " (at ", Let(Kd, 2), ", a general non-singular ", S_M,
             ")"),
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        explicit,
                        ("the squared norm of ", Z0_V, " is the quadratic form ",
                         Let(QZ, QUAD_FORM),
                         ", and the absolute determinant of ", S_M,
                         " is the square root of that of ", SIGMA_M),
                    ),
                    Step(
                        pdf(target, sp.Tuple(*zs)), ("the Gaussian density with covariance ",
                                                     S_M * S_M.T)
                    ),
                ),
            ),
        ),
        answer=(
            "The Jacobian of the map is ", S_M, ", so the density of ", Z_V, " is ",
            (2 * sp.pi) ** (-Kd / 2) / sp.sqrt(sp.Determinant(SIGMA_M)) * sp.exp(
                sp.MatMul(sp.Rational(-1, 2), *QUAD_FORM.args, evaluate=False)),
            ": the normal with covariance ", Let(SIGMA_M, S_M * S_M.T), ", not ", S_M.T * S_M,
            "."
        ),
        domains={str(v): "real" for v in (*zs, *mus, *S)},
        # z_0's coordinates, the quadratic form and the covariance by name: written out in
        # the entries of S, the density fills three lines. Only S is listed; the text
        # defines the others in vector notation (Described), which is what the reader
        # needs, not their entries (det S prints so without a name).
        legend=(Let(S_M, S), *described((
            Let(sp.Symbol("z_01"), z0[0]), Let(sp.Symbol("z_02"), z0[1]),
            Let(QZ, quad), Let(SIGMA_2, sp.ImmutableMatrix(cov)),
            # (SymPy prints a determinant's matrix without passing it to the legend)
            Let(sp.Determinant(SIGMA_2), sp.Determinant(cov))))),
    )


@register
def reparam_moments() -> Result:
    zz = mu + sigma * e
    lhs = sp.ImmutableMatrix([expect(zz, e, 0, 1), expect((zz - mu) ** 2, e, 0, 1)])
    return Result(
        id="reparam.gaussian.moments",
        title=("Mean and variance of ", Let(sp.Symbol("z"), mu + sigma * e)),
        sources=(Source(SEED_004, "1.5"),),
        statement=Statement(
            lhs,
            sp.ImmutableMatrix([mu, sigma**2]),
            "==",
            (Let(sp.Symbol("z"), mu + sigma * e), ", with ", e, " standard normal, has mean ",
             mu, " and variance ", sigma**2),
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        sp.ImmutableMatrix(
                            [mu + sigma * expect(e, e, 0, 1), sigma**2 * expect(e**2, e, 0, 1)]
                        ),
                        "linearity of the expectation",
                    ),
                    Step(
                        sp.ImmutableMatrix([mu, sigma**2]),
                        ("the standard normal's moments ", Let(E_(e), 0), " and ",
                         Let(E_(e**2), 1)),
                    ),
                ),
            ),
        ),
        facts=(
            Statement(
                sp.Sum(MC_WEIGHT, (l_, 1, L)),
                sp.S.One,
                "==",
                ("the Monte Carlo average must weight each of its ", L, " terms by ", 1 / L),
            ),
        ),
        answer=(
            "The mean of z is ", mu, " and its variance ", sigma**2, " times that of ", e,
            ", that is ", sigma**2, "; an affine map of a Gaussian is Gaussian, so z is normal "
            "with mean ", mu, " and variance ", sigma**2, ", and the expectation of ", F_(
                sp.Symbol("z")), " under it is ", E_(F_(mu + sigma * e)), ", estimated by ",
            sp.Sum(F_(mu + sigma * EPS_L), (l_, 1, L)) / L, " with independent standard normal "
            "draws ", EPS_L, "."
        ),
        domains={
            "mu": "real",
            "sigma": "positive",
            "L": "positive integer",
            "N": "positive integer",
        },
        notes=(
            ("Slip in the seed: its estimator sums ", L, " terms but divides by ", N, "; ",
             sp.Sum(F_(mu + sigma * EPS_L), (l_, 1, L)) / N, " has mean ", L / N,
             " times the expectation, biased unless ", Let(N, L), ". The average divides by ",
             L, "."),
        ),
    )
