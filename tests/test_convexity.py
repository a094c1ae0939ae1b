"""Convexity in one positive integral: the accepted form, and the slips next to it."""

from __future__ import annotations

import pytest
import sympy as sp

from probproof.checks.convexity import nonnegative
from probproof.checks.engine import check_relation
from probproof.checks.verdict import Status
from probproof.derivations.vocabulary import Expect, Laplace, Normal

x, u = sp.symbols("x u", real=True)
m = sp.Symbol("m", real=True)
k = sp.Symbol("k", positive=True)
Q = Normal(m, 1)
T = sp.tanh(x)  # a bounded critic: E_q e^T has no closed form
Y = Expect(sp.exp(T), x, Q)

HOLDS = {
    "tangent of log at e": Y / sp.E - sp.log(Y),
    "E e^(T-1) is E e^T / e (a constant out of the integral)":
        Expect(sp.exp(T - 1), x, Q) - sp.log(Y),
    "terms that cancel after renaming": (Expect(T, x, Q) - Expect(sp.tanh(u), u, Q)
                                         + Y / sp.E - sp.log(Y)),
    "scaled: y - log y - 1 >= 0": Y - sp.log(Y) - 1,
    "a Laplace expectation": (Expect(sp.exp(-k * x**2), x, Laplace(0, 1)) / sp.E
                              - sp.log(Expect(sp.exp(-k * x**2), x, Laplace(0, 1)))),
}

SLIPS = {
    "below its minimum by 1/10": Y - sp.log(Y) - 1 - sp.Rational(1, 10),
    "concave, not convex": sp.log(Y) - Y / sp.E,
    "an integrand of unknown sign": Expect(T, x, Q) / sp.E - sp.log(Expect(T, x, Q)),
    "two different integrals": Y / sp.E - sp.log(Expect(sp.exp(2 * T), x, Q)),
}


@pytest.mark.parametrize("name", sorted(HOLDS))
def test_each_form_holds(name: str) -> None:
    assert nonnegative(HOLDS[name])


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_a_slip_is_not_proved(name: str) -> None:
    assert not nonnegative(SLIPS[name])


def test_the_engine_proves_r2_minus_r1_and_refutes_the_shifted_claim() -> None:
    domains = {"m": "interval(-2, 2)"}
    proved = check_relation(Y / sp.E, sp.log(Y), ">=", domains, timeout=30)
    assert proved.status is Status.PROVED and "convexity" in proved.message
    # y/e >= log y + 1/10 fails near y = e, which E_q e^tanh(x) reaches for some m.
    shifted = check_relation(Y / sp.E, sp.log(Y) + sp.Rational(1, 10), ">=", domains, timeout=30)
    assert shifted.status is Status.REFUTED
