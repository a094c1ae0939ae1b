"""Energy-based models and importance sampling (seed 000, 1.4-1.7).

The energy is a small neural network in 2-D (one tanh unit) plus a quartic confinement
to the circle of radius 10 where the data of 1.1 live:

    E(x) = v tanh(a1 x1 + a2 x2 + c) - (x1^2 + x2^2 - 100)^2 / 800,

with A(theta) = log of the integral of exp(E) over R^2 and p_theta = exp(E - A). The base
measure q of the importance sampler is the K = 10, R = 10 mixture of 1.1.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.containers import Tuple

from probproof.derivations import gmm
from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import Expect, pdf

SEED = "000_ff966f29da14a2c6.txt"

v, a1, a2, c = sp.symbols("v a1 a2 c", real=True)
x1, x2 = sp.symbols("x1 x2", real=True)
y = sp.symbols("y11 y12 y21 y22", real=True)
X = sp.Symbol("X")  # bound variable of the expectations over q (a point of R^2)
Xi = sp.IndexedBase(X)
PARAMS = {"v": "real", "a1": "real", "a2": "real", "c": "real"}
WHOLE = ((x1, -sp.oo, sp.oo), (x2, -sp.oo, sp.oo))


def energy(z1, z2):
    return v * sp.tanh(a1 * z1 + a2 * z2 + c) - (z1**2 + z2**2 - 100) ** 2 / 800


def integral(f):
    return sp.Integral(f, *WHOLE)


def q_mixture():
    """The base measure q: the ring mixture of 1.1 with R = 10."""
    return gmm.mixture().xreplace({gmm.R: sp.Integer(10)})


E = energy(x1, x2)
A = sp.log(integral(sp.exp(E)))
dE = sp.diff(E, a1)


@register
def mle_gradient() -> Result:
    data = (energy(y[0], y[1]) + energy(y[2], y[3])) / 2
    L = data - A
    grad_data = (sp.diff(energy(y[0], y[1]), a1) + sp.diff(energy(y[2], y[3]), a1)) / 2
    rhs = grad_data - integral(dE * sp.exp(E)) / integral(sp.exp(E))
    # the same identity in 1-D, within reach of single integrals
    t = sp.Symbol("t", real=True)
    E1 = v * sp.tanh(a1 * t + c) - t**2 / 2
    I1 = sp.Integral(sp.exp(E1), (t, -sp.oo, sp.oo))
    logp = [energy(y[0], y[1]) - A, energy(y[2], y[3]) - A]
    return Result(
        id="ebm.mle.gradient",
        title="EBM: the MLE maximises L(theta); grad L = mean grad E - E_p[grad E]",
        sources=(Source(SEED, "1.4"),),
        statement=Statement(sp.Derivative(L, a1), rhs, "==",
                            "dL/da1 = (1/n) sum_i dE(x_i)/da1 - E_{x ~ p_theta}[dE(x)/da1] "
                            "(n = 2 data points, 2-D neural energy)"),
        derivations=(Derivation(sp.Derivative(L, a1), (
            Step(grad_data - sp.Derivative(A, a1), "linearity of the derivative"),
            Step(grad_data - integral(dE * sp.exp(E)) / integral(sp.exp(E)),
                 "d log I = dI / I and differentiation under the integral sign "
                 "(dominated: |dE/da1| <= |v| |x|, integrable against exp(E))"),
        ), "differentiate the log-partition function"),),
        answer=(r"The likelihood of the data is $\prod_i p_\theta(x_i)$, and "
                r"$\frac1n\sum_i\log p_\theta(x_i) = \frac1n\sum_i E_\theta(x_i) - A(\theta) = "
                r"L(\theta)$: the MLE is by definition the global maximiser of $L$. (When "
                r"$E_\theta$ is linear in $\theta$, $A$ is convex -- its Hessian is "
                r"$\mathrm{Cov}_{p_\theta}(\nabla_\theta E)$ -- so $L$ is concave and every "
                r"stationary point is global; for a neural energy gradient ascent finds local "
                r"maxima.) Differentiating, $\nabla_\theta A = \frac{\int\nabla_\theta E\,"
                r"e^{E}dx}{\int e^{E}dx} = \mathbb{E}_{p_\theta}[\nabla_\theta E]$, hence "
                r"$\nabla_\theta L = \frac1n\sum_i\nabla_\theta E_\theta(x_i) - "
                r"\mathbb{E}_{x\sim p_\theta}[\nabla_\theta E_\theta(x)]$: data term minus "
                r"model term."),
        domains={**PARAMS, **{s.name: "real" for s in y}},
        facts=(
            Statement((logp[0] + logp[1]) / 2, L, "==", "L is the mean log-likelihood"),
            Statement(sp.Derivative(sp.log(I1), a1),
                      sp.Integral(sp.diff(E1, a1) * sp.exp(E1), (t, -sp.oo, sp.oo)) / I1, "==",
                      "the gradient identity for a 1-D energy"),
        ),
    )


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
