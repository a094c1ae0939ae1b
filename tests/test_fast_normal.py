"""The normal law's log density with array parameters and its sampler, written with
SciPy's own formula to skip its argument handling on Monte Carlo's large arrays (issue
18), held to ``scipy.stats.norm``: the same values, NaN for an invalid scale, the same
draws from the same generator."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats

from probproof.numeric import distributions as D

finite = st.floats(-1e6, 1e6)


@settings(max_examples=200, deadline=None)
@given(x=hnp.arrays(float, st.integers(1, 8), elements=st.floats(-1e6, 1e6)),
       mu=finite, scale=st.floats(1e-6, 1e6))
def test_vector_normal_logpdf_is_scipys(x, mu, scale) -> None:
    got = D.vector_logpdf("Normal", x, [np.full(x.shape, mu), np.full(x.shape, scale)])
    want = stats.norm.logpdf(x, mu, scale)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13)


def test_vector_normal_logpdf_edges_as_scipy() -> None:
    x = np.array([0.0, 1.0, np.inf, -np.inf, np.nan, 2.0, 2.0, 2.0])
    mu = np.array([0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    scale = np.array([1.0, 2.0, 1.0, 1.0, 1.0, 0.0, -1.0, np.nan])
    got = D.vector_logpdf("Normal", x, [mu, scale])
    with np.errstate(all="ignore"):
        want = stats.norm.logpdf(x, mu, scale)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    ok = ~np.isnan(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=1e-15)
    # a wrong formula (log sigma^2 for log sigma, say) would be told apart
    assert abs(got[1] - (-0.5 * 0.0 - np.log(2 * np.pi) / 2 - np.log(4.0))) > 0.5


def test_vector_normal_logpdf_broadcasts_parameters_over_draws() -> None:
    x = np.random.default_rng(0).normal(size=(1000, 5))
    mu, s = np.linspace(-1, 1, 5), np.linspace(0.5, 2, 5)
    np.testing.assert_allclose(D.vector_logpdf("Normal", x, [mu, s]),
                               stats.norm.logpdf(x, mu, s), rtol=1e-14)


def test_normal_draws_are_the_frozen_laws_draws() -> None:
    law = D.make("Normal", [0.3, 2.5])
    ours = law.sample(np.random.default_rng(7), 10_000)
    scipys = stats.norm(0.3, 2.5).rvs(size=10_000, random_state=np.random.default_rng(7))
    np.testing.assert_array_equal(ours, scipys)
    assert abs(ours.mean() - 0.3) < 0.1 and abs(ours.std() - 2.5) < 0.1
