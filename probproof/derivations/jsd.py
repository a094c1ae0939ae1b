"""Jensen-Shannon divergence of distributions with disjoint supports (seed 002, Q7)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import JSD, KL, Categorical, Expect, Mixture, Uniform

SEED = "002_744d3837ef1c38b7.txt"

a = sp.Symbol("a", real=True)
w1, w2 = sp.symbols("w1 w2", positive=True)
g = sp.Symbol("g", nonnegative=True)
p1, p2 = sp.symbols("p1 p2", positive=True)
x = sp.Symbol("x", real=True)


@register
def disjoint() -> Result:
    P = Uniform(a, a + w1)
    Q = Uniform(a + w1 + g, a + w1 + g + w2)
    half = sp.Rational(1, 2)
    M = Mixture([half, half], [P, Q])
    # discrete example: p on {0, 1}, q on {2, 3}
    Pd = Categorical([p1 / (p1 + 1), 1 / (p1 + 1), 0, 0])
    Qd = Categorical([0, 0, p2 / (p2 + 1), 1 / (p2 + 1)])
    return Result(
        id="jsd.disjoint",
        title="JSD of distributions with disjoint supports is log 2",
        sources=(Source(SEED, "Q7"),),
        statement=Statement(JSD(P, Q), sp.log(2), "==",
                            "JSD(p||q) = log 2 (nats) when p and q have disjoint supports "
                            "(shown for uniform densities on disjoint intervals)"),
        derivations=(Derivation(JSD(P, Q), (
            Step(KL(P, M) / 2 + KL(Q, M) / 2, "definition, r = (p + q)/2"),
            Step(Expect(sp.log(2), x, P) / 2 + Expect(sp.log(2), x, Q) / 2,
                 "on the support of p, q = 0 so p/r = p/(p/2) = 2; likewise q/r = 2 on the "
                 "support of q"),
            Step(sp.log(2), "the expectation of a constant"),
        ), "where one density is positive the other vanishes"),),
        answer=(r"On $\{p>0\}$ we have $q=0$, so $r = p/2$ and $\log\frac{p}{r} = \log 2$; "
                r"likewise $\log\frac{q}{r}=\log 2$ on $\{q>0\}$. Hence "
                r"$D_{JS}(p\|q) = \tfrac12\log 2 + \tfrac12\log 2 = \log 2 \approx 0.693$ nats "
                r"($=1$ bit with base-2 logarithms), whatever the distributions and however "
                r"far apart: the maximal value of the JSD. It is constant in the parameters, so "
                r"its gradient vanishes -- the reason the original GAN loss saturates when the "
                r"data and model supports do not overlap."),
        domains={"a": "real", "w1": "positive", "w2": "positive", "g": "nonnegative",
                 "p1": "positive", "p2": "positive"},
        facts=(
            Statement(JSD(P, Q) / sp.log(2), sp.S.One, "==", "1 bit"),
            Statement(JSD(Pd, Qd), sp.log(2), "==", "discrete disjoint supports"),
        ),
    )
