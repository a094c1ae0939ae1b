"""Jensen-Shannon divergence of distributions with disjoint supports (seed 002, Q7)."""

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
from probproof.derivations.vocabulary import JSD, KL, Categorical, Expect, Mixture, Uniform

SEED = "002_744d3837ef1c38b7.txt"

a = sp.Symbol("a", real=True)
w1, w2 = sp.symbols("w1 w2", positive=True)
g = sp.Symbol("g", nonnegative=True)
p1, p2 = sp.symbols("p1 p2", positive=True)
x = sp.Symbol("x", real=True)
#: The densities and their mixture, as named in the text.
P_, Q_, R_ = sp.symbols("p q r", positive=True)

#: Half of log 2, kept unevaluated so that the answer can show the two halves adding up.
_HALF_LOG2 = sp.Mul(sp.Rational(1, 2), sp.log(2), evaluate=False)


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
        title=("The Jensen-Shannon divergence of distributions with disjoint supports is ",
               sp.log(2)),
        sources=(Source(SEED, "Q7"),),
        statement=Statement(JSD(P, Q), sp.log(2), "==",
                            ("the divergence is ", sp.log(2), " nats when p and q have disjoint "
                             "supports, shown for uniform densities on disjoint intervals")),
        derivations=(Derivation(JSD(P, Q), (
            Step(KL(P, M) / 2 + KL(Q, M) / 2, ("the definition, with the mixture ",
                                               Let(R_, (P_ + Q_) / 2))),
            Step(Expect(sp.log(2), x, P) / 2 + Expect(sp.log(2), x, Q) / 2,
                 ("on the support of p the other density vanishes, so ", Let(P_ / R_, 2),
                  "; likewise on the support of q")),
            Step(sp.log(2), "the expectation of a constant"),
        ), "where one density is positive the other vanishes"),),
        answer=("Where p is positive q vanishes, so the mixture is half of p and ",
                Let(sp.log(P_ / R_), sp.log(2)), "; likewise where q is positive. Hence the "
                "divergence is ", Let(sp.Add(_HALF_LOG2, _HALF_LOG2, evaluate=False), sp.log(2)),
                ", about 0.693 "
                "nats, 1 bit with base-2 logarithms, whatever the distributions and however far "
                "apart: the largest value of the divergence. It is constant in the parameters, "
                "so its gradient vanishes: the reason the original GAN loss saturates when the "
                "data and model supports do not overlap."),
        domains={"a": "real", "w1": "positive", "w2": "positive", "g": "nonnegative",
                 "p1": "positive", "p2": "positive"},
        facts=(
            Statement(JSD(P, Q) / sp.log(2), sp.S.One, "==", "one bit"),
            Statement(JSD(Pd, Qd), sp.log(2), "==", "discrete disjoint supports"),
        ),
        # the two laws and their mixture by the text's names: written out, the mixture
        # inside both divergences made a line too wide to print at full size
        legend=(Let(P_, P), Let(Q_, Q), Let(R_, M), Let(sp.Symbol("p'"), Pd),
                Let(sp.Symbol("q'"), Qd)),
    )
