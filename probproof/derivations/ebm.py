"""Energy-based models, ``ebm.*``: the maximum-likelihood gradient (seed 000, 1.4).
The model is in ``_energy.py``; its importance sampling (1.5-1.7) is ``is.*`` in ``is_.py``.
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations._energy import PARAMS, A, E, a1, c, dE, energy, integral, v, y
from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register

SEED = "000_ff966f29da14a2c6.txt"


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
