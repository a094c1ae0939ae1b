"""Closed-form arithmetic where digits cancel (a true identity was refuted).

``exp(x) (cosh x - sinh x) = 1`` was refuted at x = 27 by both witnesses alike: the point
was put in as a 30-digit ``Float``, SymPy evaluated ``cosh(27.0)`` and the rest at once, at
30 digits, while building the tree, and 24 of them cancelled; the precise re-check and the
second witness asked for 50 digits of a tree that was already a number. Now the point goes
in as the exact binary fraction it is, and ``evalf`` raises its working precision where
digits cancel, or says how few it has."""

from __future__ import annotations

import time

import pytest
import sympy as sp

from probproof.checks.domains import parse_domain
from probproof.checks.search import search
from probproof.numeric.evaluate import Context, Unevaluable, evaluate


def _search(lhs: sp.Basic, rhs: sp.Basic, domain: str):
    x = sp.Symbol("x", **parse_domain(domain).assumptions())
    lhs, rhs = (sp.sympify(side).subs(sp.Symbol("x"), x) for side in (lhs, rhs))
    return search(lhs, rhs, "==", {"x": x}, {"x": parse_domain(domain)}, seed=0,
                  deadline=time.monotonic() + 30)


def test_a_true_identity_with_cancellation_is_not_refuted() -> None:
    x = sp.Symbol("x")
    report = _search(sp.exp(x) * (sp.cosh(x) - sp.sinh(x)), 1, "positive")
    assert report.counterexample is None  # before: {'x': 27.0}
    assert report.agreed >= 30
    report = _search(sp.cosh(x) ** 2 - sp.sinh(x) ** 2, 1, "real")
    assert report.counterexample is None  # before: {'x': 28.0}


def test_a_false_claim_near_the_identity_is_still_refuted() -> None:
    x = sp.Symbol("x")
    report = _search(sp.cosh(x) ** 2 - sp.sinh(x) ** 2, sp.Rational(10000001, 10000000),
                     "real")
    assert report.counterexample is not None


def test_the_value_is_exact_where_digits_cancel_and_honest_where_too_many_do() -> None:
    x = sp.Symbol("x", real=True)
    expr = sp.cosh(x) ** 2 - sp.sinh(x) ** 2
    for ctx in (Context(), Context(precise=True), Context(independent=True)):
        assert evaluate(expr, {x: 28.0}, ctx).value == 1  # before: 0.99999994039535522
    # 260 digits cancel at x = 300: more than evalf's working precision reaches. The value
    # is not exact, and its error bound covers the truth.
    far = evaluate(expr, {x: 300.0}, Context())
    assert far.abserr > 0 and abs(far.value - 1) <= far.abserr


def test_points_keep_their_exact_values() -> None:
    x = sp.Symbol("x", real=True)
    # 0.1 is not 1/10 in binary: the evaluation sees the double it was given
    got = evaluate(x * 10 - 1, {x: 0.1}, Context())
    assert got.value.real == 10 * sp.Rational(0.1) - 1 != 0
    assert evaluate(sp.Integer(2) * x, {x: 3}, Context()).value == 6


def test_a_substitution_node_reports_the_digits_it_lost() -> None:
    # SymPy's internal evalf has no rule for Subs; the plain evalf it fell back to gave
    # -1.07e96 for a true 1 with no error attached, a value that passed for exact.
    x, u = sp.Symbol("x", real=True), sp.Symbol("u")
    inner = sp.Subs(sp.cosh(u) ** 2 - sp.sinh(u) ** 2, u, x)
    far = evaluate(inner, {x: 300.0}, Context())
    assert far.abserr > 0 and abs(far.value - 1) <= far.abserr  # before: abserr 0
    assert evaluate(inner, {x: 28.0}, Context()).value == 1
    # inside a sum it was "not a number" (unevaluable); now it is a value
    assert evaluate(inner + x, {x: 28.0}, Context()).value == 29


def test_a_node_evalf_has_no_rule_for_is_unevaluable_not_exact() -> None:
    class Opaque(sp.Function):
        """Evaluates the way Subs does: its own ``evalf``, no accuracy to check."""

        def evalf(self, *args, **kwargs):
            return sp.Float(2)

    x = sp.Symbol("x", real=True)
    with pytest.raises(Unevaluable):  # before: 2, exact
        evaluate(Opaque(x), {x: 1.0}, Context())


def test_a_logarithm_of_one_plus_a_tiny_number_is_not_zero() -> None:
    """SymPy's ``evalf`` of ``log(1 + a)`` with ``a`` below its working precision gives an
    exact 0 with full accuracy claimed; the true value is about ``a`` (reference: mpmath's
    ``asinh`` and ``log1p`` at 800 digits). True zeros stay exact zeros."""
    import mpmath

    from probproof.numeric.evaluate import _evalf_with_error

    tiny = sp.Rational(1, 10**200)
    got, err = _evalf_with_error(sp.log(tiny + sp.sqrt(tiny**2 + 1)), 30)
    with mpmath.workdps(800):
        want = mpmath.asinh(mpmath.mpf(10) ** -200)
        assert abs(got - want) <= 1e-15 * abs(want) and err == 0
        sub = sp.Rational(1, 2**2148)  # the square of the smallest positive float, rounded
        got, _ = _evalf_with_error(sp.log(1 + sub), 30)
        want = mpmath.log1p(mpmath.mpf(2) ** -2148)
        assert abs(got - want) <= 1e-15 * abs(want)
    t = sp.Rational(7, 3)
    for zero in (sp.log(sp.cos(t)**2 + sp.sin(t)**2), sp.log(sp.cosh(t)**2 - sp.sinh(t)**2),
                 sp.log((sp.sqrt(2) + 1) * (sp.sqrt(2) - 1))):
        assert _evalf_with_error(zero, 30) == (0, 0.0)


@pytest.mark.parametrize(("statement", "truth"), [
    ("asinh(x) == log(x + sqrt(x**2 + 1))", True),
    ("log1p(x**2) == 2*atanh(x**2/(2 + x**2))", True),
    ("asinh(x) == log(2*x + sqrt(x**2 + 1))", False),
])
def test_identities_of_logarithms_near_one_are_decided(statement: str, truth: bool) -> None:
    """Were undecided: at search points near 0 (Hypothesis draws 1e-300) one side was an
    exact 0 and the other not."""
    from probproof.checks.api import check
    from probproof.checks.verdict import Status

    v = check(statement, {"x": "real"}, timeout=30)
    if truth:
        assert v.status in (Status.PROVED, Status.CONFIRMED), v
    else:
        assert v.status is Status.REFUTED, v


def test_a_logarithm_of_one_plus_a_tiny_number_inside_a_sum_is_not_zero() -> None:
    """The zero that SymPy's ``evalf`` gave ``log(1 + a)`` for an ``a`` below its working
    precision was caught only where it was the whole value; inside ``(x - log(1 + x))/x**2``
    (1/2 near 0; reference: mpmath's ``log1p`` at 300 digits) it made ``1/x``, and the true
    ``(x - log(1 + x))/x**2 < 1`` was refuted at x = 1.2e-61."""
    import mpmath

    from probproof.checks.api import check
    from probproof.checks.verdict import Status
    from probproof.numeric.evaluate import _evalf_with_error

    x = sp.Symbol("x", positive=True)
    for tiny in (sp.Rational(1, 10**40), sp.Rational(1, 10**100)):
        got, err = _evalf_with_error(((x - sp.log(1 + x)) / x**2).subs(x, tiny), 30)
        with mpmath.workdps(300):
            a = mpmath.mpf(tiny.p) / tiny.q
            want = (a - mpmath.log1p(a)) / a**2
        assert abs(got - want) <= 1e-15 * abs(want) + err and err < 1e-10
    v = check("(x - log(1 + x))/x**2 < 1", {"x": "interval(1e-61, 1e-60)"}, timeout=30)
    assert v.status is Status.CONFIRMED, v
    v = check("(x - log(1 + x))/x**2 < 1/3", {"x": "interval(1e-61, 1e-60)"}, timeout=30)
    assert v.status is Status.REFUTED, v
