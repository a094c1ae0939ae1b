"""The tail diagnostic of Monte Carlo samples partitions off the tail it fits instead of
sorting the whole sample (issue 18): the same k-hat, to the last bit, as sorting all of
it, which is written out here as the reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from probproof.numeric import tails


def _khat_by_full_sort(log_w: np.ndarray) -> float:
    log_w = np.sort(np.asarray(log_w, dtype=np.float64))
    m = log_w.size
    m_tail = int(min(0.2 * m, 3.0 * np.sqrt(m)))
    if m_tail < 5:
        return float("nan")
    w = np.exp(log_w - log_w[-1])
    exceed = w[-m_tail:] - w[-m_tail - 1]
    exceed = exceed[exceed > 0]
    if exceed.size < 5:
        return float("nan")
    return tails._zhang_stephens_shape(np.sort(exceed / exceed.max()))


def _levels_by_unique(tail: np.ndarray) -> bool:
    levels = np.unique(tail)
    return (levels.size <= tails.FEW_LEVELS
            and float(levels[-1]) <= tails.LEVEL_SPAN * float(levels[0]))


samples = st.one_of(
    hnp.arrays(float, st.integers(20, 400), elements=st.floats(-50, 50)),
    hnp.arrays(float, st.integers(20, 400), elements=st.sampled_from([-1.0, 0.0, 2.0, 3.5])),
)


@settings(max_examples=200, deadline=None)
@given(samples)
def test_khat_is_the_full_sorts(log_w: np.ndarray) -> None:
    got, want = tails.pareto_khat(log_w), _khat_by_full_sort(log_w)
    assert got == want or (np.isnan(got) and np.isnan(want))


@pytest.mark.parametrize("draw", [
    lambda r: r.standard_t(2, 131_072), lambda r: r.normal(size=131_072),
    lambda r: np.exp(r.normal(0, 3, 131_072)), lambda r: r.poisson(3, 131_072) * 1.0])
def test_khat_of_monte_carlo_sized_samples_is_the_full_sorts(draw) -> None:
    v = np.abs(draw(np.random.default_rng(3))) + 1e-300
    assert tails.pareto_khat(np.log(v)) == _khat_by_full_sort(np.log(v))


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(float, st.integers(1, 60), elements=st.one_of(
    st.floats(1e-3, 1e6), st.sampled_from([1.0, 2.0, 7.0]))))
def test_few_levels_is_uniques(tail: np.ndarray) -> None:
    assert tails._few_levels(tail) == _levels_by_unique(tail)
