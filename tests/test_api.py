"""The Python API for users' own tests: check() and assert_claim()."""

from __future__ import annotations

import pytest
import sympy as sp

import probproof
from probproof.checks.engine import check_relation
from probproof.checks.verdict import Status
from probproof.derivations.vocabulary import KL, Normal


def test_check_returns_a_verdict_with_evidence() -> None:
    v = probproof.check("KL(Normal(mu, sigma), Normal(0, 1)) >= 0",
                        {"mu": "real", "sigma": "positive"})
    assert v.passed and v.status in (Status.PROVED, Status.CONFIRMED)
    assert v.methods and v.seconds > 0


def test_assert_claim_shows_the_counterexample() -> None:
    with pytest.raises(AssertionError) as info:
        probproof.assert_claim("KL(Normal(mu, sigma), Normal(0, 1)) == "
                               "(mu**2 + sigma**2 - 1)/2 - log(sigma**2)",
                               {"mu": "real", "sigma": "positive"})
    text = str(info.value)
    assert "refuted" in text and "counterexample at" in text and "sigma =" in text


def test_assert_claim_expect_false() -> None:
    v = probproof.assert_claim("exp(x) >= 1 + x + x**2", {"x": "real"}, expect=False)
    assert v.status is Status.REFUTED
    with pytest.raises(AssertionError):
        probproof.assert_claim("exp(x) >= 1 + x", {"x": "real"}, expect=False)


def test_same_seed_same_counterexample() -> None:
    claim, syms = "Expect(z**2, z, Normal(mu, s)) == s**2 + mu", {"mu": "real", "s": "positive"}
    a = probproof.check(claim, syms, seed=7)
    b = probproof.check(claim, syms, seed=7)
    assert a.status is b.status is Status.REFUTED
    assert a.counterexample == b.counterexample


def test_counterexamples_are_shrunk_to_simple_values() -> None:
    v = probproof.check("sqrt(x**2) == x", {"x": "real"})
    assert v.status is Status.REFUTED
    assert v.counterexample.values["x"] == -1.0


def test_check_relation_on_sympy_objects_matches_the_parser() -> None:
    mu, sigma = sp.symbols("mu sigma")
    v = check_relation(KL(Normal(mu, sigma), Normal(0, 1)),
                       (mu**2 + sigma**2 - 1) / 2 - sp.log(sigma), "==",
                       {"mu": "real", "sigma": "positive"})
    assert v.status is Status.PROVED
    w = check_relation(KL(Normal(0, 1), Normal(mu, sigma)),
                       (mu**2 + sigma**2 - 1) / 2 - sp.log(sigma), "==",
                       {"mu": "real", "sigma": "positive"})
    assert w.status is Status.REFUTED


def test_check_relation_reports_undeclared_symbols() -> None:
    x = sp.Symbol("x")
    assert check_relation(x, x, "==", {}).status is Status.ERROR


def test_matrices_compare_elementwise() -> None:
    x, y = sp.symbols("x y")
    m = sp.Matrix([[x, y], [y, x]])
    assert check_relation(m, m.T, "==", {"x": "real", "y": "real"}).status is Status.PROVED
    bad = sp.Matrix([[x, y], [x, y]])
    assert check_relation(m, bad, "==", {"x": "real", "y": "real"}).status is Status.REFUTED


def test_verdict_json_shape() -> None:
    v = probproof.check("log(x) <= x - 1", {"x": "positive"})
    j = v.to_json()
    assert j["verdict"] in ("proved", "confirmed") and j["counterexample"] is None


def test_identities_for_every_function_use_undefined_functions() -> None:
    x = sp.Symbol("x")
    F, G = sp.Function("F"), sp.Function("G")
    chain = check_relation(sp.diff(F(G(x)), x),
                           sp.Subs(sp.Derivative(F(x), x), x, G(x)).doit() * sp.diff(G(x), x),
                           "==", {"x": "real"})
    assert chain.passed
    wrong = check_relation(sp.diff(F(x) ** 2, x), 2 * F(x), "==", {"x": "real"})
    assert wrong.status is Status.REFUTED


def test_jacobian_and_determinant_nodes_are_materialised() -> None:
    from probproof.derivations.vocabulary import Jacobian

    x, y = sp.symbols("x y")
    J = Jacobian([x * y, x + y], [x, y])
    assert check_relation(J, sp.Matrix([[y, x], [1, 1]]), "==",
                          {"x": "real", "y": "real"}).status is Status.PROVED
    det = sp.Determinant(sp.Matrix([[x, 1], [1, y]]))
    assert check_relation(det, x * y - 1, "==", {"x": "real", "y": "real"}).passed
    assert check_relation(det, x * y + 1, "==",
                          {"x": "real", "y": "real"}).status is Status.REFUTED


def test_time_limits_nest() -> None:
    import time

    from probproof.checks.engine import CheckTimeout, time_limit

    t0 = time.monotonic()
    with pytest.raises(CheckTimeout), time_limit(0.5):
        with time_limit(10):  # an inner limit must not cancel the outer one
            pass
        while True:
            time.sleep(0.01)
    assert time.monotonic() - t0 < 2
