"""The vectorised adaptive Gauss-Kronrod cubature behind :func:`integrate` and
:func:`integrate_nd`: its rule, its values against scipy.stats and scipy.special,
honest error estimates, and fewer integrand calls than one per refined region."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, special, stats

from probproof.numeric import quadrature as Q


def test_the_rules_are_exact_up_to_their_degrees() -> None:
    x = Q.GK_NODES
    for k in range(32):
        exact = (1 - (-1) ** (k + 1)) / (k + 1)
        assert abs(np.sum(Q.GK_WEIGHTS * x**k) - exact) < 1e-14, k
        if k < 20:
            assert abs(np.sum(Q.GAUSS_WEIGHTS * x**k) - exact) < 1e-14, k
    # The Gauss rule alone is not exact at degree 20: the error estimate |K - G| sees it.
    assert abs(np.sum(Q.GAUSS_WEIGHTS * x**20) - 2 / 21) > 1e-8


def _gk(f, a, b, points=None, rtol=1e-10):
    res = Q.gauss_kronrod(f, [(np.array(a, dtype=float), np.array(b, dtype=float))],
                          rtol=rtol, atol=1e-15, max_subdivisions=5000, points=points)
    return float(np.atleast_1d(res.estimate)[0]), float(np.sum(res.error)), res.status


@pytest.mark.parametrize(("a", "b", "want"), [
    (-math.inf, math.inf, 1.0),
    (3.0, math.inf, stats.norm(4, 1).sf(3.0)),
    # SciPy 1.17's cubature gives the mirror image here: 1.0002 instead of 0.159.
    (-math.inf, 3.0, stats.norm(4, 1).cdf(3.0)),
    (-2.0, 5.5, stats.norm(4, 1).cdf(5.5) - stats.norm(4, 1).cdf(-2.0)),
])
def test_values_and_error_estimates_against_scipy_stats(a, b, want) -> None:
    dens = stats.norm(4, 1)
    value, err, status = _gk(lambda p: dens.pdf(p[:, 0]), [a], [b])
    assert status == "converged"
    assert abs(value - want) <= max(err, 1e-15) * 10 + 1e-15
    assert abs(value - want) < 1e-9
    if math.isfinite(a) or math.isfinite(b):
        # A density a hundredth of a scale off is told apart.
        shifted = stats.norm(4.01, 1)
        other, _, _ = _gk(lambda p: shifted.pdf(p[:, 0]), [a], [b])
        assert abs(other - want) > 1e-5


def test_break_points_and_a_jump() -> None:
    # exp(-x) on [0, inf) cut at x = 1: 1 - 1/e.
    value, err, status = _gk(lambda p: np.exp(-p[:, 0]) * (p[:, 0] < 1), [0.0], [math.inf],
                             points=[np.array([1.0])])
    assert status == "converged" and abs(value - (1 - math.exp(-1))) < 1e-10
    assert abs(value - (1 - math.exp(-1))) <= 10 * err + 1e-15
    value, _, _ = _gk(lambda p: np.exp(-(p[:, 0] - 4) ** 2 / 2) * (p[:, 0] < 1),
                      [-math.inf], [3.0], points=[np.array([1.0])])
    assert abs(value - math.sqrt(2 * math.pi) * special.ndtr(-3.0)) < 1e-12


def test_several_boxes_in_two_dimensions_sum_to_the_whole() -> None:
    f = lambda p: np.exp(-np.sum((p - 1) ** 2, axis=1) / 2)  # noqa: E731
    want = 2 * math.pi * special.ndtr(2.0) * special.ndtr(2.0)
    boxes = [(np.array([-math.inf, -1.0]), np.array([0.5, math.inf])),
             (np.array([0.5, -1.0]), np.array([3.0, math.inf]))]
    res = Q.gauss_kronrod(f, boxes, rtol=1e-10, atol=1e-14, max_subdivisions=10_000)
    assert res.status == "converged"
    assert abs(float(res.estimate) - want) < 1e-8
    assert float(res.error) < 1e-8


def test_complex_values_as_two_components() -> None:
    f = lambda p: np.stack([np.cos(p[:, 0]), np.sin(p[:, 0])], -1) * np.exp(  # noqa: E731
        -p[:, 0] ** 2 / 2)[:, None]
    res = Q.gauss_kronrod(f, [(np.array([-math.inf]), np.array([math.inf]))], rtol=1e-10,
                          atol=1e-15, max_subdivisions=5000)
    assert abs(res.estimate[0] - math.sqrt(2 * math.pi) * math.exp(-0.5)) < 1e-10
    assert abs(res.estimate[1]) < 1e-12


def test_a_budget_too_small_is_reported_not_converged() -> None:
    f = lambda p: np.abs(np.sin(50 * p[:, 0]))  # noqa: E731
    res = Q.gauss_kronrod(f, [(np.array([0.0]), np.array([10.0]))], rtol=1e-12, atol=0.0,
                          max_subdivisions=3)
    assert res.status == "not_converged"


def test_refinement_is_batched(monkeypatch) -> None:
    calls = [0]

    def f(p):
        calls[0] += 1
        return np.abs(np.sin(3 * p[:, 0])) * np.exp(-p[:, 0])

    value, err, status = _gk(f, [0.0], [math.inf], points=[np.array([math.pi / 3])])
    # scipy's quad between the kinks, to 40 (the rest is below e^-40).
    want = integrate.quad(lambda x: abs(math.sin(3 * x)) * math.exp(-x), 0, 40, limit=500,
                          points=[k * math.pi / 3 for k in range(1, 39)], epsabs=1e-14)[0]
    assert status == "converged" and abs(value - want) < 1e-9
    assert abs(value - want) <= 10 * err + 1e-13
    # SciPy's cubature needed 283 calls (141 regions split one at a time) for this.
    assert calls[0] < 40


def test_a_box_split_beyond_the_budget_fails_before_evaluating_it() -> None:
    calls = []

    def f(x):
        calls.append(len(x))
        return np.exp(-0.5 * np.sum(x * x, axis=1))

    inf = math.inf
    with pytest.raises(Q.NotConverged):
        Q.integrate_nd(f, [-inf] * 3, [inf] * 3, [0.0] * 3, [1.0] * 3)
    assert len(calls) == 1  # the scan only
    # Precise mode has four times the budget: the same integral converges.
    value, err = Q.integrate_nd(f, [-inf] * 3, [inf] * 3, [0.0] * 3, [1.0] * 3, precise=True)
    assert abs(value - (2 * math.pi) ** 1.5) < 1e-8 and err < 1e-8
