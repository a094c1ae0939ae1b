"""Integrals over a half line ``(-inf, b]``: SciPy's cubature (1.17) integrates the mirror
image of the integrand there, with a confident error estimate. The expected values are
scipy.stats' distribution functions, never probproof's."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from scipy import stats

from probproof.checks.engine import check_relation
from probproof.checks.verdict import Status
from probproof.numeric.quadrature import integrate, integrate_nd


@pytest.mark.parametrize("b", [3.0, -3.0, 10.0, 4.5])
def test_one_dimension(b):
    value, err = integrate(lambda x: stats.norm.pdf(x, 4, 1), -math.inf, b)
    truth = stats.norm.cdf(b, 4, 1)
    assert abs(value.real - truth) <= max(10 * err, 1e-12 * truth) + 1e-300


def test_several_dimensions():
    def f(p):
        return stats.norm.pdf(p[:, 0], 4, 1) * stats.norm.pdf(p[:, 1], -2, 0.5)

    value, err = integrate_nd(f, [-math.inf, -math.inf], [3.0, -1.0], [0.0, 0.0], [1.0, 1.0])
    truth = stats.norm.cdf(3, 4, 1) * stats.norm.cdf(-1, -2, 0.5)
    assert abs(value.real - truth) <= 10 * err + 1e-12


def test_mixture_of_narrow_kernels_over_the_plane():
    """Three narrow kernels (the kde.density step): the mirrored half lines added 0.8%."""
    a, b, s = [2.0, 0.0, -1.05], [-1.12, 3.0, -1.0], 0.05

    def f(p):
        return sum(stats.multivariate_normal.pdf(p, [ai, bi], s) for ai, bi in zip(a, b,
                                                                                  strict=True)) / 3

    value, err = integrate_nd(f, [-math.inf] * 2, [math.inf] * 2, [0.0] * 2, [1.0] * 2)
    assert abs(value.real - 1) <= 10 * err + 1e-12


def test_claims_over_a_half_line_are_decided():
    """A true closed form is confirmed or proved, and a version that forgets the half line
    (the whole Gaussian integral) is refuted; both were undecided, the two witnesses
    disagreeing with each other."""
    x = sp.Symbol("x", real=True)
    a = sp.Symbol("a", real=True)
    body = sp.exp(-(x - a) ** 2 / 2) * (2 + sp.sin(x))
    lhs = sp.Integral(body, (x, -sp.oo, 0))
    truth = sp.Integral(body, (x, -sp.oo, sp.oo)) - sp.Integral(body, (x, 0, sp.oo))
    ok = check_relation(lhs, truth, "==", {"a": "interval(1, 4)"}, seed=0, timeout=60)
    assert ok.status in (Status.CONFIRMED, Status.PROVED), ok.message
    wrong = check_relation(lhs, sp.Integral(body, (x, -sp.oo, sp.oo)), "==",
                           {"a": "interval(1, 4)"}, seed=0, timeout=60)
    assert wrong.status == Status.REFUTED, wrong.message
