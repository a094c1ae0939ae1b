"""Free energy, ``free_energy.*``: log-partition function and the variational bound
(seed 001, 1a and 1b).

General: a finite set W of ``M`` states w = 1, ..., M (``M`` a symbol), energies
``Phi_w`` and inverse temperature ``beta``; the Gibbs distribution is
``p_w = exp(-beta Phi_w) / Z`` and q is any distribution on W, written
``q_w = c_w / sum_j c_j`` with positive ``c_w`` so that every q is covered and the
probabilities sum to 1 by construction (the step that uses it is then checked, not
assumed).
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
    divergence,
    expectation,
    recalled,
    register,
)

SEED = "001_6664ac7dfb33b96a.txt"

beta = sp.Symbol("beta", positive=True)
#: The number of states, the summation indices, the energies and the weights of q.
M = sp.Symbol("M", integer=True, positive=True)
w, j = sp.symbols("w j", integer=True, positive=True)
PHI = sp.IndexedBase("Phi", real=True)
C = sp.IndexedBase("c", positive=True)


def over_w(expr: sp.Expr) -> sp.Sum:
    """The sum of ``expr`` over the states w = 1..M."""
    return sp.Sum(expr, (w, 1, M))


#: The partition function and the normaliser of q (summed over j: they sit inside sums
#: over w).
Z = sp.Sum(sp.exp(-beta * PHI[j]), (j, 1, M))
q = C[w] / sp.Sum(C[j], (j, 1, M))
p = sp.exp(-beta * PHI[w]) / Z


def free_energy(qw: sp.Expr) -> sp.Expr:
    """The seed's F(q) for the distribution whose probability of state w is ``qw``."""
    return -beta * over_w(qw * PHI[w]) - over_w(qw * sp.log(qw))


def at_gibbs(expr: sp.Expr) -> sp.Expr:
    """``expr`` with q replaced by the Gibbs distribution: ``c_w = exp(-beta Phi_w)``."""
    return expr.replace(lambda e: isinstance(e, sp.Indexed) and e.base == C,
                        lambda e: sp.exp(-beta * PHI[e.indices[0]]))


#: Notation for the text: q_w, p_w, Z(beta), the divergence, the free energy.
Q_W, P_W = sp.IndexedBase("q")[w], sp.IndexedBase("p")[w]
Q_, P_ = sp.Symbol("q"), sp.Symbol("p")
Z_B = sp.Function("Z")(beta)
KL_QP, F_Q = divergence()(Q_, P_), sp.Function("F")(Q_)
E_Q, E_P, H_ = expectation("q"), expectation("p"), sp.Function("H")
PHI_ = sp.Symbol("Phi")

DOMAINS = {"beta": "positive", "M": "positive integer", "w": "positive integer",
           "Phi": "real", "c": "positive"}
GIBBS = ("the Gibbs distribution ", Let(P_W, sp.exp(-beta * PHI[w]) / Z_B), " with ",
         Let(Z_B, Z))
ANY_Q = ("any distribution on the ", M, " states, written ", Let(Q_W, q), " with positive ",
         C[w])

#: q_w, p_w and Z(beta) by name: written out, each sum over w holds a fraction of sums
#: inside a logarithm. The first result of the section, free_energy.identity (question 1a),
#: states them; the others recall p_w and Z(beta) from it (a handout defines them once).
LEGEND = (Let(Q_W, q), Let(P_W, sp.exp(-beta * PHI[w]) / Z_B), Let(Z_B, Z))
GIBBS_RECALLED = recalled("free_energy.identity", LEGEND[1:])

#: The divergence from its definition, and the right side of the seed's equation 2.
KL_DEF = over_w(q * (sp.log(q) - sp.log(p)))
EQ2 = beta * over_w(q * PHI[w]) + over_w(q * sp.log(q)) + sp.log(Z)


@register
def identity() -> Result:
    return Result(
        id="free_energy.identity",
        title=("Equation 2: ", Let(KL_QP, beta * E_Q(PHI_) - H_(Q_) + sp.log(Z_B))),
        sources=(Source(SEED, "1a"),),
        statement=Statement(KL_DEF, EQ2, "==", (
            "for every number ", M, " of states, ", *GIBBS, " and ", *ANY_Q,
            ", the divergence is")),
        derivations=(Derivation(KL_DEF, (
            Step(over_w(q * (sp.log(q) + beta * PHI[w] + sp.log(Z))),
                 ("the Gibbs distribution, ", Let(sp.log(P_W), -beta * PHI[w] - sp.log(Z_B)))),
            Step(beta * over_w(q * PHI[w]) + over_w(q * sp.log(q)) + sp.log(Z) * over_w(q),
                 ("linearity of the sum; ", sp.log(Z_B), " does not depend on ", w)),
            Step(EQ2, ("the probabilities of q sum to 1, ", Let(over_w(Q_W), 1))),
        ), ("the definition of the divergence on a finite set, ",
            Let(KL_QP, over_w(Q_W * (sp.log(Q_W) - sp.log(P_W)))))),),
        answer=("With ", Let(KL_QP, over_w(Q_W * sp.log(Q_W)) - over_w(Q_W * sp.log(P_W))),
                " and the Gibbs distribution's ", Let(sp.log(P_W), -beta * PHI[w] - sp.log(Z_B)),
                ", the divergence is ", beta * over_w(Q_W * PHI[w]) + over_w(Q_W * sp.log(Q_W))
                + sp.log(Z_B) * over_w(Q_W), "; the probabilities of q sum to 1, so it is ",
                Let(KL_QP, sp.log(Z_B) - F_Q), " with the free energy ",
                Let(F_Q, -beta * over_w(Q_W * PHI[w]) - over_w(Q_W * sp.log(Q_W))), "."),
        domains=DOMAINS,
        legend=LEGEND,
    )


@register
def mean_energy() -> Result:
    lhs = over_w(p * PHI[w])
    rhs = -sp.Derivative(sp.log(Z), beta)
    term = sp.exp(-beta * PHI[w])
    return Result(
        id="free_energy.mean_energy",
        title=("Equation 4: ", Let(E_P(PHI_), -sp.Derivative(sp.log(Z_B), beta))),
        sources=(Source(SEED, "1b"),),
        statement=Statement(lhs, rhs, "==", (
            "for every number ", M, " of states, the mean energy under the Gibbs distribution ",
            P_W, " of question 1a is minus the derivative of the log-partition function ",
            sp.log(Z_B), " in ", beta)),
        derivations=(Derivation(rhs, (
            Step(-sp.Derivative(Z, beta) / Z, "the derivative of a logarithm"),
            Step(over_w(PHI[w] * term) / Z,
                 ("differentiate the finite sum term by term, ",
                  sp.Eq(sp.Derivative(term, beta), -PHI[w] * term, evaluate=False))),
            Step(lhs, ("the Gibbs probabilities ", Let(P_W, term / Z_B))),
        ), "differentiate the log-partition function"),),
        answer=("Minus the derivative of the logarithm of ", Let(Z_B, over_w(term)), " is ",
                over_w(PHI[w] * term) / Z_B, ", the mean energy ", E_P(PHI_), " under the Gibbs "
                "distribution. The seed's approximation of it by ", E_Q(PHI_), " is only as "
                "good as q is close to p."),
        domains=DOMAINS,
        legend=GIBBS_RECALLED,  # no q_w in its formulas
    )


@register
def bound() -> Result:
    F = free_energy(q)
    return Result(
        id="free_energy.bound",
        title=("Bound 3: the free energy is at most ", sp.log(Z_B),
               ", with equality at the Gibbs distribution"),
        sources=(Source(SEED, "1a"), Source(SEED, "1b")),
        statement=Statement(F, sp.log(Z), "<=", (
            "for every number ", M, " of states and ", *ANY_Q, ", the free energy ", F_Q,
            " is at most ", sp.log(Z_B), " (", P_W, " and ", Z_B, " as in question 1a)")),
        derivations=(Derivation(F, (
            Step(sp.log(Z) - KL_DEF, ("equation 2, ", Let(F_Q, sp.log(Z_B) - KL_QP))),
            Step(sp.log(Z), "Gibbs' inequality: a divergence is nonnegative", "<="),
        ), "the free energy is the log-partition function minus a divergence"),),
        answer=("By equation 2, ", sp.log(Z_B) - F_Q, " is the divergence ", KL_QP,
                ", which is nonnegative, so the largest free energy over any family of q is at "
                "most ", sp.log(Z_B), ", with equality exactly at ", Let(Q_, P_),
                ": over all distributions the bound is tight."),
        domains=DOMAINS,
        legend=(LEGEND[0], *GIBBS_RECALLED),
        facts=(Statement(at_gibbs(F), sp.log(Z), "==", (
            "equality at the Gibbs distribution, ", Let(C[w], sp.exp(-beta * PHI[w])))),),
    )
