"""The mpmath witness's compiled integrand (constants evaluated once, common
subexpressions shared) computes what a plain ``lambdify`` computes, and evaluates no
branch of a ``Piecewise`` that the plain form would not."""

import mpmath
import pytest
import sympy as sp

from probproof.numeric.mp_witness import mp_compile

x = sp.Symbol("x", real=True)
HALF, THIRD = sp.Rational(1, 2), sp.Rational(1, 3)

CASES = [
    # a two-component mixture against a normal: the density appears twice
    sp.sqrt(2) * sp.exp(-x**2 / 2) / sp.sqrt(sp.pi)
    * sp.log(sp.Rational(1, 4) * sp.exp(-(x - sp.Float("1.25", 40))**2) + sp.exp(-x**2)),
    sp.Piecewise((x**THIRD, x < sp.Rational(3, 2)), (1 / (x - 1), True)),
    sp.sqrt(x) * sp.gamma(sp.Rational(5, 2)) + sp.I * x,
    sp.besseli(HALF, x) * sp.factorial(3) + sp.floor(x / 3),
    sp.Abs(x - sp.pi) + sp.Max(x, sp.E),
    x**-2 + sp.Heaviside(x - HALF) + sp.exp(-sp.oo * (x - 10)**2),
    sp.log(1 + sp.exp(-x)) * sp.Float("0.1", 40) ** x,
]


@pytest.mark.parametrize("expr", CASES, ids=str)
def test_compiled_form_matches_plain_lambdify(expr):
    plain = sp.lambdify(x, expr, modules=["mpmath"])
    fast = mp_compile(x, expr, 30)
    with mpmath.workdps(30):
        for t in ("0.3", "1.7", "2.5", "-0.4", "7"):
            t = mpmath.mpf(t)
            try:
                want = plain(t)
            except (ZeroDivisionError, ValueError) as exc:
                with pytest.raises(type(exc)):
                    fast(t)
                continue
            got = fast(t)
            assert abs(got - want) <= mpmath.mpf(10) ** -27 * max(1, abs(want)), (t, got, want)


def test_constants_are_as_precise_as_the_working_precision():
    # pi to 50 digits: a constant taken at float precision would be off by 1e-17
    fast = mp_compile(x, sp.pi * x, 50)
    with mpmath.workdps(50):
        assert abs(fast(mpmath.mpf(1)) - mpmath.pi) < mpmath.mpf(10) ** -48


def test_no_shared_subexpression_out_of_a_branch_not_taken():
    # 1/x appears twice; shared, it would be computed at x = 0 on the branch not taken
    expr = sp.Piecewise((1 / x + sp.log(1 + 1 / x**2) / x, x > 0), (0, True))
    fast = mp_compile(x, expr, 30)
    with mpmath.workdps(30):
        assert fast(mpmath.mpf(0)) == 0
        assert abs(fast(mpmath.mpf(2)) - (mpmath.mpf(1) / 2 + mpmath.log(1.25) / 2)) < 1e-25
