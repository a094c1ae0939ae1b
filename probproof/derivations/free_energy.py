"""Free energy, ``free_energy.*``: log-partition function and the variational bound
(seed 001, 1a and 1b).

A three-state example W = {0, 1, 2} with energies phi0, phi1, phi2 and inverse temperature
beta; q is any distribution on W, parametrised as q_i = c_i / (c0 + c1 + c2).
"""

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
from probproof.derivations.vocabulary import KL, Categorical

SEED = "001_6664ac7dfb33b96a.txt"

beta = sp.Symbol("beta", positive=True)
phi = sp.symbols("phi0:3", real=True)
c = sp.symbols("c0:3", positive=True)
qs = [ci / sum(c) for ci in c]
Z = sum(sp.exp(-beta * f) for f in phi)
ps = [sp.exp(-beta * f) / Z for f in phi]
Q, P = Categorical(qs), Categorical(ps)
#: General notation for the text: states w of W, energy Phi(w), the free energy F(q).
w_ = sp.Symbol("w", integer=True)
PHI_W, Q_W, P_W = sp.Function("Phi")(w_), sp.Function("q")(w_), sp.Function("p")(w_)
Q_, P_ = sp.Symbol("q"), sp.Symbol("p")
Z_B = sp.Function("Z")(beta)
KL_QP, F_Q = sp.Function("KL")(Q_, P_), sp.Function("F")(Q_)
E_Q, E_P, H_ = sp.Function("E_q"), sp.Function("E_p"), sp.Function("H")
PHI_ = sp.Symbol("Phi")


def over_w(expr: sp.Expr) -> sp.Expr:
    """The sum of ``expr`` over the states, numbered 1 to |W|, for the text."""
    return sp.Sum(expr, (w_, 1, sp.Symbol("|W|", integer=True, positive=True)))


DOMAINS = {"beta": "positive", **{f.name: "real" for f in phi}, **{ci.name: "positive" for ci in c}}


def _sum(terms):
    return sp.Add(*terms)


def free_energy(qv):
    return -beta * _sum(qi * f for qi, f in zip(qv, phi, strict=True)) - _sum(
        qi * sp.log(qi) for qi in qv)


@register
def identity() -> Result:
    rhs = beta * _sum(qi * f for qi, f in zip(qs, phi, strict=True)) + _sum(
        qi * sp.log(qi) for qi in qs) + sp.log(Z)
    return Result(
        id="free_energy.identity",
        title=("Equation 2: ", Let(KL_QP, beta * E_Q(PHI_) - H_(Q_) + sp.log(Z_B))),
        sources=(Source(SEED, "1a"),),
        statement=Statement(KL(Q, P), rhs, "==", (
            "on three states, ", Let(KL_QP, beta * over_w(Q_W * PHI_W) + over_w(
                Q_W * sp.log(Q_W)) + sp.log(Z_B)))),
        derivations=(Derivation(KL(Q, P), (
            Step(_sum(qi * (sp.log(qi) - sp.log(pi)) for qi, pi in zip(qs, ps, strict=True)),
                 "definition of KL for distributions on a finite set"),
            Step(_sum(qi * (sp.log(qi) + beta * f + sp.log(Z))
                      for qi, f in zip(qs, phi, strict=True)),
                 ("the Gibbs distribution, ", Let(sp.log(P_W), -beta * PHI_W - sp.log(Z_B)))),
            Step(beta * _sum(qi * f for qi, f in zip(qs, phi, strict=True))
                 + _sum(qi * sp.log(qi) for qi in qs) + sp.log(Z) * _sum(qs),
                 "expand the sum"),
            Step(rhs, "the probabilities of q sum to 1"),
        ), "expand log p"),),
        answer=("With ", Let(KL_QP, over_w(Q_W * sp.log(Q_W)) - over_w(Q_W * sp.log(P_W))),
                " and the Gibbs distribution's ", Let(sp.log(P_W), -beta * PHI_W - sp.log(Z_B)),
                ", the divergence is ", beta * over_w(Q_W * PHI_W) + over_w(Q_W * sp.log(Q_W))
                + sp.log(Z_B) * over_w(Q_W), "; the probabilities of q sum to 1, so it is ",
                Let(KL_QP, sp.log(Z_B) - F_Q), " with the free energy ",
                Let(F_Q, -beta * over_w(Q_W * PHI_W) - over_w(Q_W * sp.log(Q_W))), "."),
        domains=DOMAINS,
        notes=("Checked on a three-state space; the derivation uses nothing about the number "
               "of states.",),
    )


@register
def mean_energy() -> Result:
    lhs = _sum(pi * f for pi, f in zip(ps, phi, strict=True))
    rhs = -sp.diff(sp.log(Z), beta)
    dZ = sp.diff(Z, beta)
    return Result(
        id="free_energy.mean_energy",
        title=("Equation 4: ", Let(E_P(PHI_), -sp.Derivative(sp.log(Z_B), beta))),
        sources=(Source(SEED, "1b"),),
        statement=Statement(lhs, rhs, "==", (
            "the mean energy under the Gibbs distribution is minus the derivative of the "
            "log-partition function in ", beta, " (three states)")),
        derivations=(Derivation(rhs, (
            Step(-dZ / Z, "the derivative of a logarithm"),
            Step(_sum(f * sp.exp(-beta * f) for f in phi) / Z,
                 ("differentiate each term, ", sp.Eq(sp.Derivative(sp.exp(-beta * phi[0]), beta),
                                                     -phi[0] * sp.exp(-beta * phi[0]),
                                                     evaluate=False))),
            Step(lhs, ("the Gibbs probabilities ", Let(P_W, sp.exp(-beta * PHI_W) / Z_B))),
        ), "differentiate the log-partition function"),),
        answer=("Minus the derivative of the logarithm of ", Let(Z_B, over_w(sp.exp(
                    -beta * PHI_W))), " is ", over_w(PHI_W * sp.exp(-beta * PHI_W)) / Z_B,
                ", the mean energy ", E_P(PHI_), " under the Gibbs distribution. The seed's "
                "approximation of it by ", E_Q(PHI_), " is only as good as q is close to p."),
        domains=DOMAINS,
    )


@register
def bound() -> Result:
    F = free_energy(qs)
    return Result(
        id="free_energy.bound",
        title=("Bound 3: the free energy is at most ", sp.log(Z_B),
               ", with equality at the Gibbs distribution"),
        sources=(Source(SEED, "1a"), Source(SEED, "1b")),
        statement=Statement(F, sp.log(Z), "<=", (
            "for every q on three states, the free energy ", F_Q, " is at most ",
            sp.log(Z_B))),
        derivations=(Derivation(F, (
            Step(sp.log(Z) - KL(Q, P), "equation 2"),
            Step(sp.log(Z), "Gibbs' inequality: a divergence is nonnegative", "<="),
        ), "the free energy is the log-partition function minus a divergence"),),
        answer=("By equation 2, ", sp.log(Z_B) - F_Q, " is the divergence ", KL_QP,
                ", which is nonnegative, so the largest free energy over any family of q is at "
                "most ", sp.log(Z_B), ", with equality exactly at ", Let(Q_, P_),
                ": over all distributions the bound is tight."),
        domains=DOMAINS,
        facts=(Statement(free_energy(ps), sp.log(Z), "==",
                         "equality at the Gibbs distribution"),),
    )
