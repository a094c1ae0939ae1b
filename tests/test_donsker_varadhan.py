"""The Donsker-Varadhan bound by form, and the look-alikes it must refuse.

``below`` only ever says "holds"; a look-alike comes back not holding (the engine then
searches numerically), never holding.
"""

from __future__ import annotations

import pytest
import sympy as sp

from probproof.checks import symbolic
from probproof.checks.donsker_varadhan import below
from probproof.derivations.vocabulary import KL, Expect, Laplace, Normal, logpdf

x, y, m, a = sp.symbols("x y m a", real=True)
s, b = sp.symbols("s b", positive=True)
u = sp.Symbol("u")  # no assumptions: T = u x need not be real
P, Q = Laplace(m, b), Normal(0, s)
T = a * sp.tanh(x) + sp.sin(x)


def dv(t: sp.Expr = T, p=P, q=Q, t_log: sp.Expr | None = None) -> sp.Expr:
    """E_p[t] - log E_q[exp(t_log)], t_log = t unless given (over another variable)."""
    body = (t if t_log is None else t_log).xreplace({x: y})
    return Expect(t, x, p) - sp.log(Expect(sp.exp(body), y, q))


HOLDS = {
    "the bound as stated": (dv(), KL(P, Q)),
    "the divergence split by linearity": (
        dv(), Expect(T, x, P) + Expect(-T + logpdf(P, x) - logpdf(Q, x), x, P)),
}
LOOK_ALIKES = {
    "another T inside the log": (dv(t_log=2 * T), KL(P, Q)),
    "the divergence against another Q": (dv(), KL(P, Normal(1, s))),
    "E_Q[exp T] with the plus sign": (Expect(T, x, P) + sp.log(Expect(sp.exp(T), x, Q)),
                                      KL(P, Q)),
    "a T not known to be real": (dv(t=u * x), KL(P, Q)),
    "the divergence the other way round": (dv(), KL(Q, P)),
    "a scale of unknown sign": (dv(q=Normal(0, a)), KL(P, Normal(0, a))),
}


@pytest.mark.parametrize("name", sorted(HOLDS))
def test_each_form_holds(name: str) -> None:
    assert below(*HOLDS[name])[0]


@pytest.mark.parametrize("name", sorted(LOOK_ALIKES))
def test_a_look_alike_is_not_proved(name: str) -> None:
    assert not below(*LOOK_ALIKES[name])[0]


def test_look_alikes_are_false_somewhere() -> None:
    """With P = Normal(1, 1), Q = Normal(0, 1) (KL = 1/2), the look-alikes' right sides
    pass the divergence: a rule that accepted them would prove false claims."""
    p, q = Normal(1, 1), Normal(0, 1)
    kl = symbolic.reduce(KL(p, q))
    assert kl == sp.Rational(1, 2)
    # E_P[2x] - log E_Q[exp(x)] = 2 - 1/2 > 1/2
    assert symbolic.reduce(dv(t=2 * x, p=p, q=q, t_log=x)) > kl
    # E_P[x] + log E_Q[exp(x)] = 1 + 1/2 > 1/2
    plus = Expect(x, x, p) + sp.log(Expect(sp.exp(x), x, q))
    assert symbolic.reduce(plus) > kl
    # Against another Q' = Normal(1, 1) (KL(P, P) = 0): E_P[x] - log E_Q[exp(x)] = 1/2 > 0.
    assert symbolic.reduce(dv(t=x, p=p, q=q)) > symbolic.reduce(KL(p, p))


def test_prove_names_the_law_and_never_a_strict_inequality() -> None:
    small, big = HOLDS["the divergence split by linearity"]
    proof = symbolic.prove(big, small, ">=")
    assert proof is not None and "Donsker-Varadhan" in proof.law
    assert proof.needs_finite_values  # merged integrals
    stated = symbolic.prove(*HOLDS["the bound as stated"], "<=")
    assert stated is not None and not stated.needs_finite_values
    # T = log(dP/dQ) + c reaches equality: never strict.
    try:
        strict = symbolic.prove(*HOLDS["the bound as stated"], "<")
    except symbolic.Irreducible:  # what reduce says of E_Q[exp(tanh)]: no proof either
        strict = None
    assert strict is None
