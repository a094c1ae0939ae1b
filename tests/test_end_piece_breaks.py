"""A break point close to a finite end is not inside the end piece of the quadrature.

JSD(Uniform(e, e + w), Uniform(e, e + w + v)) at e = 1.26, w = 0.001, v = 1 came out
7e-6 off with an error bound of 1e-14: the end piece at e (integrated in the logarithm of
the distance, 0.001001 wide) held the jump of the mixture's density at e + w, 1e-6 before
its far end, where its rule has no node. The second witness happened to fail there too;
had it not, the first witness's value was a wrong number with a confident bound."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import integrate as scipy_integrate

from probproof.checks.domains import parse_domain
from probproof.checks.parser import parse_statement
from probproof.numeric.evaluate import Context, evaluate
from probproof.numeric.quadrature import integrate


@pytest.mark.parametrize("e", [0.0, 1.2601539395502197, -7.5])
def test_a_jump_just_inside_the_end_piece_is_integrated(e: float) -> None:
    jump = e + 0.001
    f = lambda x: np.where(np.asarray(x) < jump, -6.2, 0.69)  # noqa: E731
    got, err = integrate(f, e, e + 1.001, e, 1.001, breaks=[jump])
    want = scipy_integrate.quad(lambda x: float(f(x)), e, e + 1.001, points=[jump])[0]
    assert abs(got - want) <= 1e-12 + err and err < 1e-9


def test_the_jsd_of_nested_uniform_laws_at_the_point_that_failed() -> None:
    doms = {k: parse_domain(v) for k, v in {"e": "real", "w": "positive",
                                            "v": "positive"}.items()}
    rel = parse_statement("KL(Uniform(e, e + w + v), Mixture([1/2, 1/2], [Uniform(e, e + w), "
                          "Uniform(e, e + w + v)])) == 0", doms)
    e, w, v = 1.2601539395502197, 0.001, 1.0
    point = {rel.symbols["e"]: e, rel.symbols["w"]: w, rel.symbols["v"]: v}
    got = evaluate(rel.lhs, point, Context())
    q, m_low, m_high = 1 / (w + v), (1 / w + 1 / (w + v)) / 2, 1 / (2 * (w + v))
    want = scipy_integrate.quad(
        lambda x: q * (np.log(q) - np.log(m_low if x < e + w else m_high)), e, e + w + v,
        points=[e + w], epsabs=1e-14)[0]
    assert got.methods == {"quadrature"}
    assert abs(complex(got.value) - want) <= 1e-12 + got.abserr, (got, want)
    assert sp.Float(got.abserr) < 1e-9
