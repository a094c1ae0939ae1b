"""Importance sampling, ``is.*``: the self-normalised estimator, the gradient and the
log-partition function of the energy-based model (seed 000, 1.5-1.7; the model is in
``_energy.py``). The file is ``is_.py``, not ``is.py``: ``is`` is a Python keyword, and
PEP 8 gives such a name a trailing underscore.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.containers import Tuple

from probproof.derivations._energy import (
    LEGEND,
    PARAMS,
    A,
    E,
    X,
    Xi,
    a1,
    dE,
    energy,
    integral,
    q_mixture,
    x1,
    x2,
)
from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    expectation,
    recalled,
    register,
)
from probproof.derivations.vocabulary import Expect, pdf

SEED = "000_ff966f29da14a2c6.txt"

#: General notation for the text: a function f, the base density q, the energy, the
#: expectations under q and under the model, M draws x_m with weights w_m.
XP, THETA = sp.Symbol("x"), sp.Symbol("theta")
F_SYM, M_DRAWS = sp.Symbol("F"), sp.Symbol("M", integer=True, positive=True)
m_ = sp.Symbol("m", integer=True, positive=True)
XM, W = sp.IndexedBase("x"), sp.IndexedBase("w")
f_, q_, E_, p_ = (sp.Function(n)(XP) for n in ("f", "q", "E_theta", "p_theta"))
#: The energy's name alone, for the text (its legend entry is a function of two coordinates).
E_THETA = sp.Symbol("E_theta")
E_Q, E_P, A_ = expectation("q"), expectation("p"), sp.Function("A")(THETA)
GRAD_E = sp.Derivative(E_, THETA)


def ratio(g: sp.Expr) -> sp.Expr:
    """``E_q[g e^E / q] / E_q[e^E / q]`` in the general notation."""
    return E_Q(g * sp.exp(E_) / q_) / E_Q(sp.exp(E_) / q_)


def sample_ratio(g: sp.Expr) -> sp.Expr:
    """The estimator of :func:`ratio` from M draws x_m of q with weights w_m."""
    gm = g.xreplace({XP: XM[m_]}) if g.has(XP) else g
    return sp.Sum(W[m_] * gm, (m_, 1, M_DRAWS)) / sp.Sum(W[m_], (m_, 1, M_DRAWS))


#: The base measure q and its density at X by name: written out, each of the ring's ten
#: components carries a mean with nested radicals (and without the second, the density
#: of q at X prints at the point's coordinates, q((X_0, X_1))).
Q_LAW = Let(sp.Symbol("q"), q_mixture())
Q_AT_X = Let(sp.Function("q")(X), pdf(q_mixture(), Tuple(Xi[0], Xi[1])))
#: The importance weight by name, at a draw X and in the general notation: a ratio of
#: expectations of ratios prints as E_q[f w] / E_q[w], not with fractions nested two deep.
W_AT_X = Let(sp.Function("w")(X), sp.exp(energy(Xi[0], Xi[1]))
             / pdf(q_mixture(), Tuple(Xi[0], Xi[1])))
W_GENERAL = Let(sp.Function("w")(XP), sp.exp(E_) / q_)
#: The energy, its derivative and the log-partition function are listed by the first
#: result of the section that uses them, ``ebm.mle.gradient`` (question 1.4), and q and w
#: by the first importance-sampling result (question 1.5): a handout defines them once.
ENERGY_NAMES = dict(zip(("E", "dE", "A"), recalled("ebm.mle.gradient", LEGEND), strict=True))
SAMPLER_NAMES = recalled("is.self_normalised", (Q_LAW, W_AT_X, W_GENERAL))


def _is_ratio(f):
    """E_q[f e^E / q] / E_q[e^E / q], the self-normalised importance-sampling form."""
    Q = q_mixture()
    EX = energy(Xi[0], Xi[1])
    fX = f.xreplace({x1: Xi[0], x2: Xi[1]})
    qX = pdf(Q, Tuple(Xi[0], Xi[1]))
    return Expect(fX * sp.exp(EX) / qX, X, Q) / Expect(sp.exp(EX) / qX, X, Q)


@register
def self_normalised() -> Result:
    f = x1
    lhs = integral(f * sp.exp(E)) / integral(sp.exp(E))
    rhs = _is_ratio(f)
    return Result(
        id="is.self_normalised",
        # the ratio itself is a tall fraction: the claim displays it, the title names it
        title=("Self-normalised importance sampling: the normaliser cancels in a ratio of "
               "two expectations under q",),
        sources=(Source(SEED, "1.5"),),
        statement=Statement(lhs, rhs, "==", (
            "for a base density q positive everywhere, ", Let(F_SYM, E_P(f_)), " equals ",
            ratio(f_), "; here ", Let(f_, x1), " and q is the ring mixture (the energy ",
            E_THETA, " and ", A_, " as in question 1.4)")),
        derivations=(Derivation(rhs, (
            Step(integral(f * sp.exp(E)) / integral(sp.exp(E)),
                 "the expectation under q of a function divided by q is the integral of the "
                 "function, since q is positive everywhere"),
            # exp(E - A) kept whole: evaluated, it is e^E over the integral of e^E, an
            # integral inside the integral
            Step(integral(sp.Mul(f, sp.exp(E - A, evaluate=False), evaluate=False)), (
                "divide both integrals by ", Let(sp.exp(A_), sp.Integral(sp.exp(E_), XP)),
                ": the integrand is f times the model density ", Let(p_, sp.exp(E_ - A_)),
                ", so this is ", E_P(f_))),
        ), "the unknown normaliser cancels in the ratio"),),
        answer=("The numerator is ", Let(E_Q(f_ * sp.exp(E_) / q_), sp.exp(A_) * E_P(f_)),
                " and the denominator ", Let(E_Q(sp.exp(E_) / q_), sp.exp(A_)),
                ", both integrals over the support of q, which must cover that of f times the "
                "model density; the ratio is ", F_SYM, ": the intractable ", A_, " cancels."),
        domains=PARAMS,
        legend=(ENERGY_NAMES["E"], ENERGY_NAMES["A"], Q_LAW, Q_AT_X, W_AT_X, W_GENERAL),
    )


@register
def grad_a() -> Result:
    lhs = sp.Derivative(A, a1)
    rhs = _is_ratio(dE)
    return Result(
        id="is.grad_a",
        title=("Importance-sampling estimator of the gradient of ", A_, " with ",
               Let(M_DRAWS, 5000), " draws from the mixture"),
        sources=(Source(SEED, "1.6"),),
        statement=Statement(lhs, rhs, "==", (
            "the gradient of the log-partition function is the self-normalised ratio of "
            "question 1.5 applied to the gradient of the energy, estimated by a ratio of two "
            "sample means over ", Let(M_DRAWS, 5000), " draws from q (the derivative in ", a1,
            " is shown; ", E_THETA, " and ", A_, " as in question 1.4, q and w as in question "
            "1.5)")),
        derivations=(Derivation(lhs, (
            Step(integral(dE * sp.exp(E)) / integral(sp.exp(E)), "as in question 1.4"),
            Step(rhs, ("question 1.5 with ", Let(f_, GRAD_E))),
        ), "questions 1.4 and 1.5"),),
        answer=("By question 1.4 ", Let(sp.Derivative(A_, THETA), E_P(GRAD_E)), ", and by "
                "question 1.5 the estimator from independent draws of q is ",
                sample_ratio(GRAD_E), " with weights ",
                Let(W[m_], sp.exp(E_.xreplace({XP: XM[m_]})) / q_.xreplace({XP: XM[m_]})),
                ". It is consistent, with a bias of order one over ", M_DRAWS, "; its standard "
                "error (delta method) and the effective sample size ",
                sp.Sum(W[m_], (m_, 1, M_DRAWS)) ** 2 / sp.Sum(W[m_] ** 2, (m_, 1, M_DRAWS)),
                " are reported by the numeric check. The same draws serve every gradient step: "
                "only the weights change."),
        domains=PARAMS,
        legend=(*ENERGY_NAMES.values(), *SAMPLER_NAMES),
    )


@register
def log_partition() -> Result:
    Q = q_mixture()
    EX = energy(Xi[0], Xi[1])
    rhs = sp.log(Expect(sp.exp(EX) / pdf(Q, Tuple(Xi[0], Xi[1])), X, Q))
    return Result(
        id="is.log_partition",
        title=("The log-partition function ", A_, " by importance sampling"),
        sources=(Source(SEED, "1.7"),),
        statement=Statement(A, rhs, "==", (
            "the log-partition function is the logarithm of an expectation under q (", A_,
            " as in question 1.4, q and w as in question 1.5):")),
        derivations=(Derivation(rhs, (
            Step(A, "the expectation under q of the exponential of the energy divided by q is "
                    "its integral, since q is positive everywhere"),
        ), "importance sampling of the partition function"),),
        answer=("The estimate is ", Let(sp.Symbol("A_M"), sp.log(sp.Sum(W[m_], (m_, 1, M_DRAWS))
                                                                / M_DRAWS)),
                " with the weights of question 1.6, computed with a log-sum-exp. By Jensen's "
                "inequality it is biased low, by about the variance of the weights over twice ",
                M_DRAWS, " times their squared mean, which is negligible when the effective "
                "sample size is large. The test log-likelihood of the model is then the mean "
                "energy of the test points minus this estimate, comparable with the kernel "
                "density estimator's; the comparison itself is the experiment."),
        domains=PARAMS,
        legend=(ENERGY_NAMES["A"], *SAMPLER_NAMES[:2]),
    )
