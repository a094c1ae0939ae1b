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
