"""Energy-based models, ``ebm.*``: the maximum-likelihood gradient (seed 000, 1.4).
The model is in ``_energy.py``; its importance sampling (1.5-1.7) is ``is.*`` in ``is_.py``.
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations._energy import (
    LEGEND,
    PARAMS,
    A,
    E,
    a1,
    c,
    dE,
    energy,
    integral,
    v,
    y,
)
from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    expectation,
    register,
)

SEED = "000_ff966f29da14a2c6.txt"

#: The model in general notation, for the text: parameters theta, n data points x_i.
THETA, XP = sp.Symbol("theta"), sp.Symbol("x")
N_PTS, i = sp.Symbol("n", integer=True, positive=True), sp.Symbol("i", integer=True)
XS = sp.IndexedBase("x")
E_THETA, P_THETA, EXPECT_P = sp.Function("E_theta"), sp.Function("p_theta"), expectation("p")
A_THETA, L_THETA = sp.Function("A")(THETA), sp.Function("L")(THETA)
L_GENERAL = sp.Sum(E_THETA(XS[i]), (i, 1, N_PTS)) / N_PTS - A_THETA
MODEL_TERM = EXPECT_P(sp.Derivative(E_THETA(XP), THETA))
GRAD_L = sp.Sum(sp.Derivative(E_THETA(XS[i]), THETA), (i, 1, N_PTS)) / N_PTS - MODEL_TERM


@register
def mle_gradient() -> Result:
    # the means over the two data points kept as (sum)/2: distributed, they print as
    # four unrelated halves instead of the energy's name at each point (the legend)
    half = sp.Rational(1, 2)
    data = sp.Mul(half, energy(y[0], y[1]) + energy(y[2], y[3]), evaluate=False)
    L = data - A
    grad_data = sp.Mul(half, sp.diff(energy(y[0], y[1]), a1) + sp.diff(energy(y[2], y[3]), a1),
                       evaluate=False)
    rhs = grad_data - integral(dE * sp.exp(E)) / integral(sp.exp(E))
    # the same identity in 1-D, within reach of single integrals
    t = sp.Symbol("t", real=True)
    E1 = v * sp.tanh(a1 * t + c) - t**2 / 2
    I1 = sp.Integral(sp.exp(E1), (t, -sp.oo, sp.oo))
    logp = [energy(y[0], y[1]) - A, energy(y[2], y[3]) - A]
    return Result(
        id="ebm.mle.gradient",
        title=("Energy-based model: the maximum-likelihood estimator maximises ", L_THETA,
               "; its gradient is the data term minus the model term"),
        sources=(Source(SEED, "1.4"),),
        statement=Statement(sp.Derivative(L, a1), rhs, "==", (
            "the derivative of ", Let(L_THETA, L_GENERAL), " in a parameter is the mean "
            "derivative of the energy over the data minus its expectation under the model (two "
            "data points and a two-dimensional neural energy; the derivative in ", a1,
            " is shown)")),
        derivations=(Derivation(sp.Derivative(L, a1), (
            Step(grad_data - sp.Derivative(A, a1), "linearity of the derivative"),
            Step(grad_data - integral(dE * sp.exp(E)) / integral(sp.exp(E)),
                 "the derivative of the logarithm of an integral is the derivative of the "
                 "integral over the integral; differentiating under the integral sign is "
                 "allowed because the derivative of the energy is bounded by a multiple of the "
                 "norm of the point, which is integrable against the exponential of the energy"),
        ), "differentiate the log-partition function"),),
        answer=("The mean log-likelihood of the data is ",
                Let(sp.Sum(sp.log(P_THETA(XS[i])), (i, 1, N_PTS)) / N_PTS, L_GENERAL),
                ", so the maximum-likelihood estimator is by definition the global maximiser of ",
                L_THETA, ". When the energy is linear in the parameters the log-partition "
                "function is convex, its Hessian being the covariance of the energy's gradient "
                "under the model, so ", L_THETA, " is concave and every stationary point is "
                "global; for a neural energy gradient ascent finds local maxima. Differentiating, ",
                Let(sp.Derivative(A_THETA, THETA), MODEL_TERM), ", hence ",
                Let(sp.Derivative(L_THETA, THETA), GRAD_L), ": the data term minus the model "
                "term."),
        domains={**PARAMS, **{s.name: "real" for s in y}},
        legend=LEGEND,
        facts=(
            Statement(sp.Mul(half, logp[0] + logp[1], evaluate=False), L, "==",
                      "L is the mean log-likelihood"),
            Statement(sp.Derivative(sp.log(I1), a1),
                      sp.Integral(sp.diff(E1, a1) * sp.exp(E1), (t, -sp.oo, sp.oo)) / I1, "==",
                      "the gradient identity for a one-dimensional energy"),
        ),
    )
