"""Peaks of a multivariate body narrower than the integration rules see (``numeric/narrow``).

Before: under a bivariate normal, adaptive cubature, Monte Carlo and Gauss-Hermite rules
all missed ``1000 exp(-10^6 (x0 - 0.37)^2)`` (worth about 0.66 at the mean 0.37), so a
false claim that its expectation plus ``x1`` is 0 was *confirmed*, and true claims with
such a peak were *refuted* by two witnesses that missed it alike. The true values here
are the textbook convolution of two normal densities, not probproof's."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from probproof.checks.api import check
from probproof.numeric.narrow import NARROWEST, narrow_peaks_1d, narrowest_width

U, V = sp.symbols("u v", real=True)
LAW = "MvNormal([mu, 0], [[1, 0], [0, 1]])"


def _spike_mean(c: str, dims: int) -> str:
    """``E[(c^2/pi)^(dims/2)... ]``: the expectation of ``c^dims exp(-c^2 |x - a|^2)`` over
    the first ``dims`` coordinates, a = (0.37, 0.2), as the normal convolution gives it."""
    var = f"(1 + 1/(2*({c})**2))"
    first = f"sqrt(pi)*exp(-(37/100 - mu)**2/(2*{var}))/sqrt(2*pi*{var})"
    if dims == 1:
        return first
    return f"{first}*sqrt(pi)*exp(-(1/5)**2/(2*{var}))/sqrt(2*pi*{var})"


@pytest.mark.parametrize("c", ["1000", "10**5"])
@pytest.mark.parametrize("dims", [1, 2])
def test_a_true_claim_with_a_narrow_peak_is_not_refuted(c, dims) -> None:
    body = (f"({c})*exp(-({c})**2*(x[0] - 37/100)**2)" if dims == 1 else
            f"({c})**2*exp(-({c})**2*((x[0] - 37/100)**2 + (x[1] - 1/5)**2))")
    verdict = check(f"Expect({body}, x, {LAW}) == {_spike_mean(c, dims)}", {"mu": "real"},
                    timeout=20)
    assert verdict.status.value != "refuted", verdict.message  # before: refuted
    assert "peak" in verdict.message


def test_a_false_claim_that_misses_a_narrow_peak_is_not_confirmed() -> None:
    verdict = check(f"Expect(1000*exp(-10**6*(x[0] - 37/100)**2) + x[1], x, {LAW}) == 0",
                    {"mu": "real"}, timeout=20)
    assert verdict.status.value not in ("confirmed", "proved"), verdict.message  # before


def test_a_wide_peak_is_still_evaluated() -> None:
    # a peak 0.07 of the law's spread wide is integrated as before
    claim = f"Expect(10*exp(-100*(x[0] - 37/100)**2), x, {LAW}) == {_spike_mean('10', 1)}"
    verdict = check(claim, {"mu": "real"}, timeout=20)
    assert verdict.status.value == "confirmed", verdict.message
    assert "peak" not in verdict.message


FAR = np.random.default_rng(0).normal(size=(256, 2)) + 5  # probes 5 spreads away
ONES = np.ones(2)


@pytest.mark.parametrize("body, width", [
    (sp.exp(-10**6 * (U - sp.Rational(37, 100)) ** 2), 1 / np.sqrt(2e6)),
    (1 / ((U - sp.Rational(37, 100)) ** 2 + sp.Rational(1, 10**6)), 1e-3 / np.sqrt(2)),
    (sp.exp(-(10**4) * (U**2 + V**2)), 1 / np.sqrt(2e4)),
], ids=["gaussian", "lorentzian", "radial"])
def test_a_peak_is_measured_from_probes_far_from_it(body, width) -> None:
    assert narrowest_width(body, [U, V], FAR, ONES) == pytest.approx(width, rel=1e-6)


@pytest.mark.parametrize("body", [1 / U, 1 / (U + 100)], ids=["pole", "far-pole"])
def test_a_pole_has_width_zero(body) -> None:
    assert narrowest_width(body, [U, V], FAR, ONES) == 0


@pytest.mark.parametrize("body", [
    U * V, sp.tanh(1000 * U), 1 / (1 + sp.exp(-100 * U)), 1 / (1 + U**2 + V**2),
    sp.exp(-(U**2 + V**2 - 100) ** 2 / 800) / (sp.exp(-U**2) + sp.exp(-V**2)),
    sp.exp(-(U - 1) ** 2 / 2 - (V + 1) ** 2 / 8),
], ids=["product", "steep-step", "logistic", "wide-lorentzian", "ring-over-mixture",
        "density"])
def test_steps_and_wide_bodies_are_not_narrow(body) -> None:
    # a step changes the integrand over a whole region, which the rules' error
    # estimates see; only a peak hides between their points
    assert narrowest_width(body, [U, V], FAR, ONES) >= NARROWEST


def test_a_bare_integral_that_misses_a_far_peak_is_not_confirmed() -> None:
    # pi + pi/10^4 in truth; the cubature missed the peak at (50, 0) and confirmed pi
    verdict = check("integrate(integrate(exp(-10**4*((x - 50)**2 + y**2)) + exp(-x**2 - y**2),"
                    " (x, -oo, oo)), (y, -oo, oo)) == pi", {}, timeout=20)
    assert verdict.status.value not in ("confirmed", "proved"), verdict.message  # before
    assert "peak" in verdict.message


def test_a_peak_at_the_centre_of_a_large_box_is_still_integrated() -> None:
    verdict = check("integrate(integrate(exp(-100*(x**2 + y**2)), (x, -10, 10)), (y, -10, 10))"
                    " == pi/100*b/b", {"b": "positive"}, timeout=20)
    assert verdict.status.value == "confirmed", verdict.message


def test_a_pole_outside_the_box_is_none() -> None:
    box = (np.array([1.0, 1.0]), np.array([2.0, 2.0]))
    probes = np.random.default_rng(0).uniform(1, 2, size=(256, 2))
    assert narrowest_width(1 / (U - 3), [U, V], probes, ONES / 20, box=box) == np.inf
    assert narrowest_width(1 / (U - sp.Rational(3, 2)), [U, V], probes, ONES / 20,
                           box=box) == 0


@pytest.mark.parametrize("centre", ["37/100", "5"])
def test_a_one_dimensional_peak_missed_by_the_scan_is_not_confirmed(centre) -> None:
    # E[1000 exp(-10^6 (x - a)^2) + x] = mu + 1.77 N(a; mu, 1): the scan missed the peak
    # and confirmed the false claim that it is mu (at a = 5; at 0.37 only for c = 10^5)
    for c in ("1000", "10**5"):
        verdict = check(f"Expect(({c})*exp(-({c})**2*(x - {centre})**2) + x, x, "
                        "Normal(mu, 1)) == mu", {"mu": "real"}, timeout=20)
        assert verdict.status.value not in ("confirmed", "proved"), verdict.message  # before


def test_one_dimensional_quadrature_breaks_at_a_narrow_peak() -> None:
    x = sp.Symbol("x", real=True)
    pts = np.random.default_rng(0).normal(size=256)
    [(centre, width)] = narrow_peaks_1d(1000 * sp.exp(-(10**6) * (x - 5) ** 2) + x, x, pts,
                                        1.0)
    assert centre == pytest.approx(5.0, abs=1e-9)
    assert width == pytest.approx(1e-3 / np.sqrt(2), rel=1e-3)
    [(centre, width)] = narrow_peaks_1d(1 / ((x - 5) ** 2 + sp.Rational(1, 10**8)), x, pts,
                                        1.0)
    assert centre == pytest.approx(5.0, abs=1e-9)
    assert width == pytest.approx(1e-4 / np.sqrt(2), rel=1e-3)
    assert narrow_peaks_1d(x * sp.exp(-(x**2)) + sp.tanh(100 * x), x, pts, 1.0) == []
