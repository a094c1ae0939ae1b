"""Suprema: float64's rounding at the maximiser, and bumps between the grid's points.

A supremum whose best value is a difference of large terms carries float64's rounding
of them as its error.

The Fenchel conjugate of the GAN generator ``f(u) = u log u - (u + 1) log(u + 1)`` is
``f*(t) = -log(1 - e^t)`` for ``t < 0`` (Nowozin et al., f-GAN, Table 6). At
``t = -1e-9`` the maximiser is ``u = 1e9``, where ``t u - u log u + (u + 1) log(u + 1)``
(21.7) is a difference of terms near 2e10: the search's best value was 4.6e-6 above the
supremum with a claimed error of 2e-8, and the true identity was refuted.
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

from probproof.checks.api import check
from probproof.checks.verdict import Status

CONJUGATE = "Sup(t*u - u*log(u) + (u + 1)*log(u + 1), u)"


def test_the_reference() -> None:
    # the maximiser u = 1/(e^-t - 1), by mpmath at 50 digits
    with mpmath.workdps(50):
        t = mpmath.mpf("-1e-9")
        u = 1 / (mpmath.exp(-t) - 1)
        value = t * u - u * mpmath.log(u) + (u + 1) * mpmath.log(u + 1)
        assert mpmath.almosteq(value, -mpmath.log(1 - mpmath.exp(t)), 1e-40)
    assert math.isclose(float(value), 20.723265836, rel_tol=1e-9)


def test_the_gan_conjugate_is_not_refuted_by_rounding() -> None:
    verdict = check(f"{CONJUGATE} == -log(1 - exp(t))", {"t": "negative", "u": "positive"},
                    timeout=30)
    assert verdict.status is Status.CONFIRMED, verdict
    verdict = check("Sup(-u/10**9 - u*log(u) + (u + 1)*log(u + 1), u) == "
                    "-log(1 - exp(-1/10**9))", {"u": "positive"}, timeout=30)
    assert verdict.status is not Status.REFUTED, verdict


def test_wrong_conjugates_are_still_refuted() -> None:
    for wrong in ("-log(1 - exp(t)) + 1e-5", "-log(1 - exp(t))*1.001", "-log(1 + exp(t))"):
        verdict = check(f"{CONJUGATE} == {wrong}", {"t": "negative", "u": "positive"},
                        timeout=30)
        assert verdict.status is Status.REFUTED, (wrong, verdict)


def test_a_narrow_bump_between_the_grid_points_is_found() -> None:
    """The search's grid is 3% apart at x = 50: a bump 0.07 wide there was missed by both
    witnesses, and the true claims below were refuted. (The maximum of a Gaussian bump is
    its height, by definition.)"""
    assert check("Sup(exp(-x) + 2*exp(-(x - 50)**2*100), x) > 1.5", {"x": "positive"},
                 timeout=30).status is Status.CONFIRMED
    assert check("Sup(exp(-(x - m)**2/s**2), x) == 1",
                 {"x": "real", "m": "real", "s": "positive"},
                 timeout=30).status is Status.CONFIRMED
    assert check("Sup(exp(-(x - m)**2/s**2), x) == 0.999",
                 {"x": "real", "m": "real", "s": "positive"},
                 timeout=30).status is Status.REFUTED


def _reference_sup(body, u, hi: float, sign: int = 1) -> float:
    """The supremum (sign = 1) or infimum over (0, hi) of a body that cancels near 0, from
    mpmath at 200 digits on a logarithmic grid down to 1e-60 (these bodies are monotone
    there, with their limit at 0)."""
    f = sp.lambdify(u, body, modules="mpmath")
    with mpmath.workdps(200):
        values = [sign * f(mpmath.mpf(hi) * mpmath.mpf(10) ** -k) for k in range(0, 60)]
        return float(sign * max(values))


CANCELLING = [
    # (body, Sup or Inf, domain of u)
    ("(1 - cos(u))/u**2", "Sup", "interval(0, 1e-9)"),
    ("(u - sin(u))/u**3", "Sup", "interval(0, 1e-6)"),
    ("(u - log(1 + u))/u**2", "Sup", "interval(0, 1e-6)"),
    ("(exp(u) - 1 - u)/u**2", "Inf", "interval(0, 1e-6)"),
]


@pytest.mark.parametrize(("body", "extreme", "domain"), CANCELLING)
def test_an_extreme_where_terms_cancel_is_never_a_rounding_artefact(body, extreme, domain):
    """float64 and mpmath's 50 digits lose every digit of these bodies near u = 0, where
    the searches end: the infimum of (exp(u) - 1 - u)/u**2 was confirmed to be 0 and the
    supremum of (u - sin(u))/u**3 refuted as 1/6 (both searches found 1/3 there). The
    best value is now checked by SymPy's evalf, which raises its precision."""
    u = sp.Symbol("u", positive=True)
    hi = float(domain.split(",")[1].rstrip(")"))
    expr = sp.sympify(body, locals={"u": u})
    want = _reference_sup(expr, u, hi, 1 if extreme == "Sup" else -1)
    symbols = {"u": domain}
    right = check(f"{extreme}({body}, u) == {sp.nsimplify(want, tolerance=1e-12)}", symbols,
                  timeout=30)
    assert right.status not in (Status.REFUTED, Status.ERROR), right
    for wrong in (0, 2 * want):
        v = check(f"{extreme}({body}, u) == {wrong}", symbols, timeout=30)
        assert v.status not in (Status.CONFIRMED, Status.PROVED), v


def test_an_extreme_that_float64_rounds_is_still_decided() -> None:
    # 1 - cos(a u) is now 2 sin(a u/2)**2 in both witnesses: the supremum a**2/2 is
    # confirmed and the float64 value a**2 (what the grid found before) refuted
    symbols = {"u": "interval(0, 1e-9)", "a": "positive"}
    assert check("Sup((1 - cos(a*u))/u**2, u) == a**2/2", symbols,
                 timeout=30).status is Status.CONFIRMED
    assert check("Sup((1 - cos(a*u))/u**2, u) == a**2", symbols,
                 timeout=30).status is Status.REFUTED
