"""Confirmations of ``gan.discriminator.optimal`` with Gaussian f0, f1."""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import integrate, optimize, stats
from scipy.special import expit, log_expit

from probproof.numeric.confirm._common import check_sup, lam
from probproof.numeric.confirmations import Confirmation, confirms

RID = "gan.discriminator.optimal"
PAIRS = [((0.0, 1.0), (1.0, 1.5)), ((-1.0, 0.7), (2.0, 0.9))]  # (mean, std) of f0, f1


@confirms(RID, "pointwise-optimisation")
def pointwise(result, seed: int = 0) -> Confirmation:
    """At densities f0(x), f1(x) of Gaussians on a grid of x (and at random positive
    values), the numeric max over D of f1 log D + f0 log(1 - D) against the claimed value."""
    ok, detail, worst = check_sup(result, "scipy", seed, npoints=20)
    body = lam(result.statement.lhs.body, ["D", "f0", "f1"])
    rhs = lam(result.statement.rhs, ["f0", "f1"])
    bad = 0
    for (m0, s0), (m1, s1) in PAIRS:
        for xv in np.linspace(-3, 4, 15):
            a, b = stats.norm.pdf(xv, m0, s0), stats.norm.pdf(xv, m1, s1)
            r = optimize.minimize_scalar(lambda z, a=a, b=b: -body(expit(z), a, b),
                                         bounds=(-30, 30), method="bounded",
                                         options={"xatol": 1e-12})
            bad += abs(-r.fun - rhs(a, b)) > 1e-8 * max(1, abs(r.fun))
    return Confirmation("pointwise-optimisation", ok and bad == 0,
                        detail + f"; Gaussian f0, f1 on a grid of 15 x for {len(PAIRS)} pairs: "
                        f"{bad} disagreements", worst)


@confirms(RID, "functional-optimisation")
def functional(result, seed: int = 0) -> Confirmation:
    """Maximise J[D] = int f1 log D + f0 log(1 - D) over D(x) = sigmoid(a + b x + c x^2)
    (a family containing the optimum for Gaussians) by quadrature on a grid, and compare
    max J with the integral of the claimed pointwise value; report how well
    f0 D/(1 - D) reproduces f1 with the fitted D."""
    # log arguments over a common denominator: 1 - f1/(f0 + f1) would cancel
    # catastrophically in the tails (same value, stable evaluation)
    stable = result.statement.rhs.replace(sp.log, lambda arg: sp.log(sp.factor(sp.together(arg))))
    rhs = lam(stable, ["f0", "f1"])

    worst, msgs, ok = 0.0, [], True
    xs = np.linspace(-10, 10, 8001)
    for (m0, s0), (m1, s1) in PAIRS:
        f0 = stats.norm.pdf(xs, m0, s0)
        f1 = stats.norm.pdf(xs, m1, s1)

        def negJ(th, f0=f0, f1=f1):
            z = th[0] + th[1] * xs + th[2] * xs**2
            return -integrate.trapezoid(f1 * log_expit(z) + f0 * log_expit(-z), xs)

        res = optimize.minimize(negJ, np.zeros(3), method="BFGS", options={"gtol": 1e-12})
        fitted = -res.fun
        claimed = integrate.quad(lambda t, m0=m0, s0=s0, m1=m1, s1=s1: rhs(
            stats.norm.pdf(t, m0, s0), stats.norm.pdf(t, m1, s1)), -10, 10, limit=200)[0]
        err = abs(fitted - claimed)
        worst = max(worst, err)
        ok &= err <= 1e-6
        z = res.x[0] + res.x[1] * xs + res.x[2] * xs**2
        mid = np.abs(xs) < 4
        ratio_err = float(np.max(np.abs(f0 * np.exp(z) - f1)[mid]))
        msgs.append(f"max J = {fitted:.9f} vs claimed {claimed:.9f}; "
                    f"max |f0 D/(1-D) - f1| on |x|<4: {ratio_err:.1e}")
    return Confirmation("functional-optimisation", bool(ok),
                        "sigmoid-quadratic discriminator fitted by BFGS, trapezoid on [-10, 10] "
                        "with 8001 points, tolerance 1e-6: " + "; ".join(msgs), worst)
