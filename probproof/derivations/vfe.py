"""Variational free energy, ``vfe.*``: CSE 891 HW4 question 2 (seed 003). Its question
2.3 is ``kl.gaussian.standard`` (in ``kl.py``)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations._gauss import (
    MARGINAL,
    POSTERIOR,
    PRIOR,
    Q,
    e,
    expect,
    gauss_log,
    model_note,
    mu,
    sigma,
    x,
    z,
)
from probproof.derivations.kl import kl_standard_closed_form
from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    described,
    divergence,
    expectation,
    register,
)
from probproof.derivations.transforms import IID
from probproof.derivations.vocabulary import KL, Expect, Normal, logpdf, pdf

SEED = "003_d7f509f3735f8b89.txt"
DOMAINS = {"mu": "real", "sigma": "positive", "x": "real"}
#: Notation for the text: densities as named functions, the divergence and expectations.
_p, _q = sp.Function("p"), sp.Function("q")
Z_ = sp.Symbol("z")
P_X, P_Z, Q_Z = _p(x), _p(Z_), _q(Z_)
#: The approximate posterior of the linear-Gaussian instance, q = N(mu, sigma^2), by name.
_Q_NAME = sp.Symbol("q")
P_XZ, P_ZX = _p(sp.Symbol("x|z")), _p(sp.Symbol("z|x"))
KL_, E_Q, F_Q = divergence(), expectation("q"), sp.Function("F")(sp.Symbol("q"))
D_ = sp.Symbol("D", integer=True, positive=True)
Z_I = sp.IndexedBase("z")[sp.Symbol("i", integer=True)]
Q_I, P_I = sp.Function("q_i")(Z_I), sp.Function("p_i")(Z_I)
#: The computation graph of question 2.4 and its adjoints (t-bar, ...), for the text.
R_G, S_G, T_G = sp.Function("r")(Z_, mu, sigma), sp.Function("s")(Z_), sp.Symbol("t")
TBAR, RBAR, SBAR, ZBAR, MUBAR, SIGBAR = sp.symbols("tbar rbar sbar zbar mubar sigmabar")
E_ = expectation()
L_S = sp.Symbol("L", integer=True, positive=True)


@register
def free_energy_gap() -> Result:
    # the densities by name (log N(x; z, 1), ...), not written out: the integrands of the
    # explicit integrals ran over several lines in the key
    lq, lp0 = logpdf(Q, z), logpdf(PRIOR, z)
    lik = logpdf(Normal(z, 1), x)
    lpost, lpx = logpdf(POSTERIOR, z), logpdf(MARGINAL, x)
    lhs = Expect(lik, z, Q) - KL(Q, PRIOR)
    rhs = lpx - KL(Q, POSTERIOR)
    return Result(
        id="vfe.free_energy.posterior_gap",
        title="The free energy is the log evidence minus the divergence from the posterior",
        sources=(Source(SEED, "2.1"),),
        statement=Statement(lhs, rhs, "==", (
            "for any model and any q, ", Let(F_Q, sp.log(P_X) - KL_(Q_Z, P_ZX)),
            "; checked on the linear-Gaussian model of the note, with ", Let(_Q_NAME, Q), ":")),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        Expect(lik, z, Q) - Expect(lq - lp0, z, Q),
                        "the definition of the divergence",
                    ),
                    Step(Expect(lik + lp0 - lq, z, Q), "linearity of the expectation"),
                    Step(
                        Expect(lpost + lpx - lq, z, Q),
                        ("Bayes' rule, ", Let(P_XZ * P_Z, P_ZX * P_X)),
                    ),
                    Step(
                        lpx - Expect(lq - lpost, z, Q),
                        ("the log evidence does not depend on ", Z_, " and q integrates to 1"),
                    ),
                    Step(rhs, "the definition of the divergence"),
                ),
            ),
        ),
        answer=(
            "The free energy ", Let(F_Q, E_Q(sp.log(P_XZ) + sp.log(P_Z) - sp.log(Q_Z))),
            " is, by Bayes' rule, ", E_Q(sp.log(P_ZX) + sp.log(P_X) - sp.log(Q_Z)), ", that is ",
            sp.log(P_X) - KL_(Q_Z, P_ZX), "."
        ),
        domains=DOMAINS,
        notes=(model_note(q_stated=True),),
        # q by name, as the claim's words define it: written out, N(mu, sigma^2) in every
        # expectation and divergence
        legend=described((Let(_Q_NAME, Q),)),
    )


#: Question 2.2 for any dimension D: coordinate i of q is N(mu_i, sigma_i^2), drawn as
#: z_i = mu_i + sigma_i epsilon_i with epsilon ~ N(0, 1)^D, the form in which the claim
#: language takes D independent draws of different laws. Coordinates are numbered 0 to
#: D - 1 because the draws of IID(P, D) are (the numeric evaluator indexes them so).
C_ = sp.Symbol("i", integer=True)
MU_I, SIGMA_I = sp.IndexedBase("mu", real=True), sp.IndexedBase("sigma", positive=True)
EPS = sp.IndexedBase(e)
EPS_I = sp.Symbol(f"{e.name}_i", real=True)  # one coordinate's draw, bound alone
Q_COORD, P_COORD = Normal(MU_I[C_], SIGMA_I[C_]), Normal(0, 1)
Z_COORD = sp.IndexedBase("z")[C_]


def over_coordinates(body: sp.Expr) -> sp.Sum:
    """The sum of ``body`` over the coordinates i = 0..D-1."""
    return sp.Sum(body, (C_, 0, D_ - 1))


def _log_ratio(at: sp.Expr) -> sp.Expr:
    """``log q_i(at) - log p_i(at)``."""
    return logpdf(Q_COORD, at) - logpdf(P_COORD, at)


#: KL(q || p) = E_q[log q(z) - log p(z)], both densities products over the coordinates.
KL_FACTORISED = Expect(over_coordinates(_log_ratio(MU_I[C_] + SIGMA_I[C_] * EPS[C_])), e,
                       IID(P_COORD, D_))
KL_SUM = over_coordinates(KL(Q_COORD, P_COORD))


@register
def kl_factorised() -> Result:
    return Result(
        id="vfe.kl.factorised_sum",
        title="The divergence of fully factorised Gaussians is a sum over dimensions",
        sources=(Source(SEED, "2.2"),),
        statement=Statement(
            KL_FACTORISED,
            KL_SUM,
            "==",
            ("for any dimension ", D_, ", with ", Let(Q_Z, sp.Product(Q_I, (C_, 0, D_ - 1))),
             " and ", Let(P_Z, sp.Product(P_I, (C_, 0, D_ - 1))), ", where ",
             Let(P_I, pdf(P_COORD, Z_COORD)), ", the divergence ",
             Let(KL_(Q_Z, P_Z), E_Q(sp.log(Q_Z) - sp.log(P_Z))), " is the sum of the "
             "coordinates' divergences. A draw of q is ", Let(Z_COORD, MU_I[C_] + SIGMA_I[C_]
                                                               * EPS[C_]),
             " with independent standard normal ", EPS[C_], " (coordinates numbered from 0):"),
        ),
        derivations=(
            Derivation(
                KL_FACTORISED,
                (
                    Step(over_coordinates(Expect(_log_ratio(MU_I[C_] + SIGMA_I[C_] * EPS_I),
                                                 EPS_I, P_COORD)),
                         ("linearity of the expectation; term ", C_, " depends on ", EPS[C_],
                          " only, a standard normal")),
                    Step(KL_SUM, ("the definition of the divergence per coordinate: ",
                                  Z_COORD, " is distributed as ", sp.Symbol("q_i"))),
                ),
                ("the densities are products, so their logarithms are sums over the ", D_,
                 " coordinates"),
            ),
        ),
        answer=(
            "For any ", D_, ", the divergence is ", E_Q(sp.Sum(sp.log(Q_I) - sp.log(P_I),
                                                             (C_, 0, D_ - 1))),
            "; term ", C_, " depends on ", Z_I, " alone, whose law under q is ",
            sp.Symbol("q_i"), ", so by linearity the divergence is ",
            sp.Sum(KL_(Q_I, P_I), (C_, 0, D_ - 1)), ", the sum of the coordinates' "
            "divergences."
        ),
        domains={"mu": "real", "sigma": "positive", "D": "positive integer", "i": "integer"},
        # the laws of a coordinate and its draw by name
        legend=(Let(sp.Symbol("q_i"), Q_COORD), Let(Z_COORD, MU_I[C_] + SIGMA_I[C_] * EPS[C_]),
                Let(Z_COORD, MU_I[C_] + SIGMA_I[C_] * EPS_I)),
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
        title="Reparameterised stochastic gradient of the Gaussian divergence",
        sources=(Source(SEED, "2.4"),),
        statement=Statement(
            lhs,
            rhs,
            "==",
            ("with ", Let(Z_, mu + sigma * e), " and ", e, " standard normal, the gradient of "
             "the divergence in ", mu, " and ", sigma, " is the expectation of the gradient of ",
             Let(T_G, sp.log(Q_Z) - sp.log(P_Z)), ":"),
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(
                        backprop,
                        "backpropagation through the computation graph of the answer",
                    ),
                    # (the simplified gradients, mubar = z and sigmabar = z e - 1/sigma, print
                    # as the start: SymPy differentiated t into that form)
                    Step(rhs, ("simplify: ", Let(MUBAR, Z_), " and ",
                               Let(SIGBAR, Z_ * e - 1 / sigma), "; then the standard normal's "
                               "moments ", Let(E_(e), 0), " and ", Let(E_(e**2), 1))),
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
            "Computation graph: ", mu, ", ", sigma, " and ", e, " give ",
            Let(Z_, mu + sigma * e), "; ", Z_, ", ", mu, " and ", sigma, " give ",
            Let(sp.Symbol("r"), sp.log(Q_Z)), "; ", Z_, " gives ",
            Let(sp.Symbol("s"), sp.log(P_Z)), "; the two give ",
            Let(T_G, sp.Symbol("r") - sp.Symbol("s")), ". Backward pass for one sample: ",
            Let(TBAR, 1), ", ", Let(RBAR, 1), ", ", Let(SBAR, -1), ", ",
            Let(ZBAR, RBAR * sp.Derivative(R_G, Z_) + SBAR * sp.Derivative(S_G, Z_)),
            ", which is ", -(Z_ - mu) / sigma**2 + Z_, "; ",
            Let(MUBAR, ZBAR + sp.Derivative(R_G, mu)), ", which is ", Z_, "; ",
            Let(SIGBAR, ZBAR * e + sp.Derivative(R_G, sigma)), ", which is ",
            Z_ * e - 1 / sigma, ". Averaging the two adjoints over ", L_S, " draws of ", e,
            " is an unbiased estimate of the gradient ", rhs, "; the numeric check shows the "
            "Monte Carlo mean converging to it with CLT standard errors."
        ),
        domains={"mu": "real", "sigma": "positive"},
    )
