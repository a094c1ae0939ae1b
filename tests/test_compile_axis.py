"""Finite sums compiled along an axis, and normal densities whose mean and covariance
vary from point to point (a kernel estimator's n kernels at every node of a quadrature).

Expected values come from SciPy's ``multivariate_normal`` and from the sum written out
term by term, never from the compiled path itself.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import stats
from sympy.core.containers import Tuple

from probproof.derivations.vocabulary import MvNormal, logpdf, pdf
from probproof.numeric.compile import MAX_AXIS_TERMS, compile_expr
from probproof.numeric.distributions import mvnormal_logpdf

u1, u2, a, b, s, r = sp.symbols("u1 u2 a b s r", real=True)
k = sp.Symbol("k", integer=True, positive=True)


def _no_dist(d):
    raise AssertionError("a law with varying parameters must not be frozen")


def test_mvnormal_logpdf_matches_scipy_point_by_point():
    rng = np.random.default_rng(3)
    for d in (1, 2, 3):
        for _ in range(20):
            m = rng.normal(size=d)
            A = rng.normal(size=(d, d))
            cov = A @ A.T + 0.1 * np.eye(d)
            x = rng.normal(size=(7, d)) * 2
            want = stats.multivariate_normal(m, cov).logpdf(x)
            np.testing.assert_allclose(mvnormal_logpdf(x, m, cov), want, rtol=1e-12, atol=1e-12)


def test_mvnormal_logpdf_broadcasts_one_law_per_point():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(5, 2))
    means = rng.normal(size=(5, 2))
    scales = np.exp(rng.normal(size=5))
    covs = scales[:, None, None] * np.eye(2)
    got = mvnormal_logpdf(x, means, covs)
    want = [stats.multivariate_normal(m, c).logpdf(p)
            for p, m, c in zip(x, means, covs, strict=True)]
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("cov", [
    pytest.param([[1.0, 2.0], [2.0, 1.0]], id="indefinite"),
    pytest.param([[1.0, 0.3], [0.0, 1.0]], id="not symmetric"),
    pytest.param([[0.0, 0.0], [0.0, 1.0]], id="singular"),
    pytest.param([[np.nan, 0.0], [0.0, 1.0]], id="nan"),
])
def test_mvnormal_logpdf_is_nan_where_the_covariance_is_not_one(cov):
    assert np.isnan(mvnormal_logpdf(np.zeros(2), np.zeros(2), np.array(cov)))


def test_a_density_with_varying_parameters_is_compiled_not_frozen():
    expr = logpdf(MvNormal([a, b], [[s, r], [r, s]]), Tuple(u1, u2))
    f = compile_expr(expr, [u1, u2, a, b, s, r], _no_dist)
    pts = np.array([[0.3, -1.0, 0.5, 0.2, 2.0, 0.5], [1.0, 2.0, -1.0, 0.0, 1.0, -0.2]])
    got = f(*pts.T)
    want = [stats.multivariate_normal([p[2], p[3]], [[p[4], p[5]], [p[5], p[4]]]).logpdf(p[:2])
            for p in pts]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_a_finite_sum_in_an_integrand_equals_its_terms_written_out():
    kernel = pdf(MvNormal([k / 3, 1 - k], [[s, 0], [0, s]]), Tuple(u1, u2))
    n = 7
    along = compile_expr(sp.Sum(kernel, (k, 1, n)) / n, [u1, u2, s], _no_dist)
    written = compile_expr(sp.Add(*[kernel.xreplace({k: j}) for j in range(1, n + 1)]) / n,
                           [u1, u2, s], _no_dist)
    g = np.random.default_rng(5).normal(size=(3, 40))
    g[2] = np.exp(g[2])
    np.testing.assert_allclose(along(*g), written(*g), rtol=1e-13)
    # a slip in the weight is not hidden by the axis
    assert not np.allclose(along(*g), 2 * written(*g))


def test_a_sum_too_long_for_an_axis_is_left_to_the_evaluator():
    body = sp.exp(-(u1 - k) ** 2)
    total = sp.Sum(body, (k, 1, MAX_AXIS_TERMS + 10))
    calls = []

    def fallback(node, variables):
        calls.append(node)
        return lambda env: np.zeros(np.shape(env[u1]))

    compile_expr(total, [u1], _no_dist, fallback=fallback)
    assert calls == [total]


def test_a_term_the_axis_cannot_carry_goes_back_to_the_point_by_point_path():
    """A body with an integral in k: the axis would hand the fallback a node with k free,
    which it cannot evaluate; the whole sum goes to the fallback instead."""
    t = sp.Symbol("t", real=True)
    total = sp.Sum(sp.Integral(sp.exp(-k * t**2), (t, -sp.oo, sp.oo)) * u1, (k, 1, 3))
    calls = []

    def fallback(node, variables):
        assert k not in node.free_symbols
        calls.append(node)
        return lambda env: np.zeros(np.shape(env[u1]))

    compile_expr(total * sp.exp(-u1**2), [u1], _no_dist, fallback=fallback)
    assert calls == [total]
