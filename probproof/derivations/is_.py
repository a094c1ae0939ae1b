"""Importance sampling, ``is.*``: the self-normalised estimator, the gradient and the
log-partition function of the energy-based model (seed 000, 1.5-1.7; the model is in
``_energy.py``). The file is ``is_.py``, not ``is.py``: ``is`` is a Python keyword, and
PEP 8 gives such a name a trailing underscore.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.containers import Tuple

from probproof.derivations._energy import (
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
from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import Expect, pdf

SEED = "000_ff966f29da14a2c6.txt"


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
        title="Self-normalised importance sampling: E_p f = E_q[f e^E/q] / E_q[e^E/q]",
        sources=(Source(SEED, "1.5"),),
        statement=Statement(lhs, rhs, "==",
                            "F = E_{p_theta}[f] = E_q[f e^E / q] / E_q[e^E / q] for a base "
                            "density q > 0 (here f(x) = x1, q the ring mixture)"),
        derivations=(Derivation(rhs, (
            Step(integral(f * sp.exp(E)) / integral(sp.exp(E)),
                 "E_q[g / q] = integral of g wherever q > 0 (q > 0 everywhere here)"),
            Step(integral(f * sp.exp(E - A)), "divide by exp(A) = integral of exp(E)"),
            Step(lhs, "p_theta = exp(E - A)"),
        ), "the unknown normaliser cancels in the ratio"),),
        answer=(r"$\mathbb{E}_q\!\left[\frac{f e^{E}}{q}\right] = \int f e^{E}dx = e^{A(\theta)}"
                r"\,\mathbb{E}_{p_\theta}[f]$ and $\mathbb{E}_q\!\left[\frac{e^{E}}{q}\right] = "
                r"e^{A(\theta)}$ (needs $q>0$ wherever $e^E f\ne0$), so the ratio is "
                r"$F = \mathbb{E}_{p_\theta}f$: the intractable $A(\theta)$ cancels."),
        domains=PARAMS,
    )


@register
def grad_a() -> Result:
    lhs = sp.Derivative(A, a1)
    rhs = _is_ratio(dE)
    return Result(
        id="is.grad_a",
        title="Importance-sampling estimator of grad A(theta) with M = 5000 draws from the GMM",
        sources=(Source(SEED, "1.6"),),
        statement=Statement(lhs, rhs, "==",
                            "dA/da1 = E_q[dE/da1 e^E/q] / E_q[e^E/q], estimated by "
                            "N_hat / D_hat with M = 5000 draws from q"),
        derivations=(Derivation(lhs, (
            Step(integral(dE * sp.exp(E)) / integral(sp.exp(E)), "as in 1.4"),
            Step(rhs, "1.5 with f = dE/da1"),
        ), "1.4 then 1.5"),),
        answer=(r"$\nabla_\theta A = \mathbb{E}_{p_\theta}[\nabla_\theta E]$ (1.4) and, by 1.5 "
                r"with $f=\nabla_\theta E$, $\widehat{\nabla A} = \frac{\sum_m w_m\nabla_\theta "
                r"E(x_m)}{\sum_m w_m}$ with $w_m = e^{E(x_m)}/q(x_m)$, $x_m\sim q$ i.i.d. It is "
                r"consistent with $O(1/M)$ bias; its standard error (delta method) and the "
                r"effective sample size $(\sum w)^2/\sum w^2$ are reported by the numeric check. "
                r"The same draws can be reused at every gradient step (only $w_m$ changes)."),
        domains=PARAMS,
    )


@register
def log_partition() -> Result:
    Q = q_mixture()
    EX = energy(Xi[0], Xi[1])
    rhs = sp.log(Expect(sp.exp(EX) / pdf(Q, Tuple(Xi[0], Xi[1])), X, Q))
    return Result(
        id="is.log_partition",
        title="A(theta) by importance sampling: A = log E_q[e^E / q]",
        sources=(Source(SEED, "1.7"),),
        statement=Statement(A, rhs, "==", "A(theta) = log E_q[exp(E(x)) / q(x)]"),
        derivations=(Derivation(rhs, (
            Step(A, "E_q[e^E / q] = integral of e^E (q > 0 everywhere)"),
        ), "importance sampling of the partition function"),),
        answer=(r"$A(\theta) = \log\int e^{E_\theta} = \log\mathbb{E}_q[e^{E_\theta}/q]\approx"
                r"\log\frac1M\sum_m e^{E_\theta(x_m)}/q(x_m)$ (computed with logsumexp); the "
                r"estimate of $A$ is biased low by about $\mathrm{Var}(w)/(2M\bar w^2)$ "
                r"(Jensen), negligible when the effective sample size is large. The test "
                r"log-likelihood of the EBM is then $\frac1m\sum_j E_\theta(\tilde x_j) - "
                r"\hat A(\theta)$, comparable with the KDE's (the comparison itself is the "
                r"experiment)."),
        domains=PARAMS,
    )
