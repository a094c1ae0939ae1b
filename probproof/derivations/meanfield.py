"""Mean-field VI for p(w) proportional to 1 - prod w_i on {0, 1}^N (seed 001, 1c and 1d)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import Inf

SEED = "001_6664ac7dfb33b96a.txt"

N = sp.Symbol("N", positive=True, integer=True)
theta = sp.Symbol("theta", positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)


@register
def q2() -> Result:
    p0 = 1 / (2**N - 1)  # p of any configuration other than all ones
    return Result(
        id="meanfield.q2",
        title="Identical factors (Q2): q* is a point mass, min KL(q||p) = log(2^N - 1)",
        sources=(Source(SEED, "1c"),),
        statement=Statement(-sp.log(p0), sp.log(2**N - 1), "==",
                            "min over Q2 of KL(q||p) = KL(delta_(0..0) || p) = -log p(0..0) "
                            "= log(2^N - 1), attained only at theta = q(w_i = 1) = 0"),
        derivations=(Derivation(-sp.log(p0), (
            Step(sp.log(2**N - 1), "p(0, ..., 0) = 1/(2^N - 1)"),
            Step(N * sp.log(2) + sp.log(1 - 2**(-N)), "2^N - 1 = 2^N (1 - 2^-N)"),
        ), "KL of the point mass at (0, ..., 0)"),),
        answer=(
            r"Write $q(w)=\prod_i\theta^{w_i}(1-\theta)^{1-w_i}$. Then "
            r"$q(1,\dots,1) = \theta^N > 0$ for every $\theta\in(0,1]$ while $p(1,\dots,1)=0$, so "
            r"$\mathrm{KL}(q\|p) = +\infty$: $q$ must not put mass where $p$ has none "
            r"(KL$(q\|p)$ is zero-forcing). The only member of $\mathcal Q_2$ with finite KL is "
            r"$\theta = 0$, the point mass $q^* = \delta_{(0,\dots,0)}$, with "
            r"$\mathrm{KL}(q^*\|p) = -\log p(0,\dots,0) = \log(2^N-1)\approx N\log 2$. "
            r"Does $q^*$ look like $p$? No: $p$ is uniform on $2^N-1$ configurations, $q^*$ "
            r"sits on one of them; the KL grows linearly in $N$ (the minimiser exists only "
            r"because the boundary $\theta=0$ is allowed; on $(0,1)$ the KL is infinite "
            r"everywhere)."),
        domains={"N": "positive integer", "theta": "probability"},
        facts=(Statement(theta**N, sp.S.Zero, ">", "q(1,...,1) = theta^N > 0 for theta > 0"),),
        notes=("theta = q(w_i = 1); the seed's claim that all other configurations have "
               "probability 1/(2^N - 1) is what p(0..0) uses.",),
    )


@register
def q1() -> Result:
    n1 = N - 1
    body = n1 * (theta * sp.log(theta) + (1 - theta) * sp.log(1 - theta)) + sp.log(2**N - 1)
    value = sp.log(2**N - 1) - n1 * sp.log(2)
    enumerated = sp.Sum(
        sp.binomial(n1, k) * theta**k * (1 - theta) ** (n1 - k)
        * (k * sp.log(theta) + (n1 - k) * sp.log(1 - theta) + sp.log(2**N - 1)),
        (k, 0, n1))
    return Result(
        id="meanfield.q1",
        title="Mean field with q1(w1) = 1 - w1 (Q1): q* uniform on {w1 = 0}, "
              "min KL = log(2 - 2^(1-N))",
        sources=(Source(SEED, "1d"),),
        statement=Statement(Inf(body, theta), value, "==",
                            "with q1(w1) = 1 - w1 and q_i(w_i = 1) = theta for i >= 2: "
                            "min_theta KL(q||p) = log(2^N - 1) - (N - 1) log 2, at theta = 1/2"),
        derivations=(
            Derivation(Inf(body, theta), (
                Step(body.subs(theta, sp.Rational(1, 2)),
                     "convex in theta; the derivative (N - 1) log(theta/(1 - theta)) vanishes "
                     "at theta = 1/2"),
                Step(value, "simplify"),
                Step(sp.log(2 - 2 ** (1 - N)), "log(2^N - 1) - (N - 1) log 2"),
            ), "minimise over theta"),
            Derivation(enumerated, (
                Step(body, "sum over the number k of ones among w2..wN: E[k] = (N-1) theta; "
                           "each configuration with w1 = 0 has p = 1/(2^N - 1)"),
            ), "KL(q||p) = sum_w q log q - sum_w q log p over configurations with w1 = 0"),
        ),
        answer=(
            r"$q(1,\dots,1)=0$ is necessary since otherwise $\mathrm{KL}(q\|p)=\infty$ (1c); "
            r"$q_1(w_1) = 1-w_1$ ensures it. Then $q$ lives on $\{w_1=0\}$ where "
            r"$p = 1/(2^N-1)$, so $\mathrm{KL}(q\|p) = -\sum_{i\ge2}H(q_i) + \log(2^N-1)$, "
            r"minimised by $q_i = \mathrm{Bernoulli}(1/2)$ for $i\ge2$: "
            r"$\min\mathrm{KL} = \log(2^N-1) - (N-1)\log 2 = \log(2-2^{1-N})\to\log 2$. "
            r"(Every minimiser over $\mathcal Q_1$ is of this form up to which coordinate is "
            r"pinned to 0.) Does $q^*$ look like $p$? Much more than in 1c: $q^*$ equals $p$ "
            r"conditioned on $w_1=0$ (uniform there), but it ignores the other half of $p$'s "
            r"mass, the $2^{N-1}-1$ configurations with $w_1=1$; the KL stays near $\log 2$ "
            r"for every $N$ instead of growing like $N\log 2$."),
        domains={"N": "positive integer", "theta": "probability"},
        facts=(Statement(sp.diff(body, theta, 2), sp.S.Zero, ">", "strictly convex in theta"),),
    )
