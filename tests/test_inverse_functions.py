"""The float64 evaluator's inverse trigonometric and hyperbolic functions, Heaviside and
zeta give mpmath's values (the second witness's and SymPy's convention), branch cuts
included: a first witness on NumPy's side of a cut would disagree with a correct second
one on every claim evaluated there."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from probproof.numeric.compile import _UNARY

REAL_POINTS = [-7.5, -3.0, -1.5, -1.0, -0.5, -1e-9, 0.0, 1e-9, 0.25, 0.5, 1.0, 1.5, 3.0, 40.0]
COMPLEX_POINTS = [0.3 + 0.4j, -2.0 + 0.5j, 2.0 - 0.5j, -0.1 - 3.0j]

INVERSES = {sp.asin: mpmath.asin, sp.acos: mpmath.acos, sp.atanh: mpmath.atanh,
            sp.acosh: mpmath.acosh, sp.asinh: mpmath.asinh}


def _close(got: complex, want: complex) -> bool:
    if cmath_inf(want):
        return cmath_inf(got) and np.sign(got.real) == np.sign(want.real)
    return abs(got - want) <= 1e-13 * max(1.0, abs(want))


def cmath_inf(z: complex) -> bool:
    return math.isinf(z.real) or math.isinf(z.imag)


@pytest.mark.parametrize("fn", list(INVERSES), ids=str)
def test_inverse_functions_take_mpmaths_branch_on_the_real_line(fn) -> None:
    got = np.asarray(_UNARY[fn](np.array(REAL_POINTS)), dtype=complex)
    for x, g in zip(REAL_POINTS, got, strict=True):
        try:
            want = complex(INVERSES[fn](x))
        except (ZeroDivisionError, ValueError):  # atanh(+-1): a pole
            want = complex(math.copysign(math.inf, x), 0)
        assert _close(complex(g), want), (fn, x, g, want)


@pytest.mark.parametrize("fn", list(INVERSES), ids=str)
def test_inverse_functions_of_complex_arguments(fn) -> None:
    got = _UNARY[fn](np.array(COMPLEX_POINTS))
    for z, g in zip(COMPLEX_POINTS, got, strict=True):
        assert _close(complex(g), complex(INVERSES[fn](z))), (fn, z, g)


def test_real_values_inside_the_domain_stay_real() -> None:
    """No complex detour (and no imaginary zero of either sign) where the value is real."""
    inside = np.array([-0.9, 0.0, 0.9])
    for fn in (sp.asin, sp.acos, sp.atanh):
        assert not np.iscomplexobj(_UNARY[fn](inside))
    assert not np.iscomplexobj(_UNARY[sp.acosh](np.array([1.0, 2.0, 50.0])))


def test_a_point_outside_the_domain_is_not_nan() -> None:
    """NumPy's real arcsin gives nan at 2; the evaluator gives the complex value (and a
    claim that is false there is refuted, not left unevaluable)."""
    v = _UNARY[sp.asin](np.array([0.5, 2.0]))
    assert np.iscomplexobj(v) and not np.any(np.isnan(v))
    assert v[1] == pytest.approx(complex(mpmath.asin(2)))
    assert v[1].imag < 0  # SymPy's and mpmath's side of the cut; NumPy's own is > 0


def test_heaviside_is_one_half_at_zero() -> None:
    got = _UNARY[sp.Heaviside](np.array([-2.0, -1e-300, 0.0, 1e-300, 3.0]))
    assert list(got) == [0.0, 0.0, 0.5, 1.0, 1.0]
    assert sp.Heaviside(0) == sp.Rational(1, 2)  # the symbolic side agrees


def test_heaviside_and_zeta_of_a_complex_argument_are_unevaluable() -> None:
    for fn in (sp.Heaviside, sp.zeta):
        got = _UNARY[fn](np.array([2.0 + 0.0j, 2.0 + 1.0j]))
        assert not np.isnan(got[0]) and np.isnan(got[1])


@pytest.mark.parametrize("s", [-7.5, -2.0, -0.5, 0.0, 0.5, 1.5, 2.0, 4.0, 30.0])
def test_zeta_is_riemanns_on_the_whole_line(s: float) -> None:
    got = float(_UNARY[sp.zeta](np.array([s]))[0])
    want = float(mpmath.zeta(s))
    assert got == pytest.approx(want, rel=1e-12, abs=1e-15)
    assert math.isinf(float(_UNARY[sp.zeta](np.array([1.0]))[0]))  # the pole
