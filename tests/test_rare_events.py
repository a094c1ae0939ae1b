"""Monte Carlo estimates of rare events.

The probability that the second of two standard Gumbel draws beats the first by 14 is
``sigmoid(-14)``, 8.3e-7: 2**17 draws see it no time, the sample mean is 0 and its CLT
standard error 0, and the second witness's 2**19 draws see it no time either. The true
Gumbel-max formula was refuted there, and ``... == 0`` was confirmed (found by the
field-identities hunt, with the same for normal and exponential draws and ``MvNormal``).
A sample with fewer than ``MIN_RARE_DRAWS`` draws off its median gives no estimate.

References: the logistic law of the difference of two Gumbel draws and the normal law of
the difference of two normal draws (SciPy), and Erlang's tail for a sum of exponentials.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special, stats

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.numeric.evaluate import MIN_RARE_DRAWS, Unevaluable, _mc_estimate


def test_the_references() -> None:
    # G1 - G2 is logistic: P(G2 - G1 > 14) = sigmoid(-14)
    assert math.isclose(stats.logistic.sf(14), special.expit(-14), rel_tol=1e-12)
    assert 8.3e-7 < special.expit(-14) < 8.4e-7
    # Z1 - Z2 ~ N(0, 2): P(Z1 - Z2 > 7) = Phi(-7/sqrt(2))
    assert math.isclose(stats.norm.sf(7, scale=math.sqrt(2)), stats.norm.cdf(-7 / math.sqrt(2)))
    # E1 + E2 ~ Gamma(2): P(> 20) = 21 e^-20
    assert math.isclose(stats.gamma(2).sf(20), 21 * math.exp(-20), rel_tol=1e-12)
    # at 2**17 draws the expected number of hits is below one
    assert (1 << 17) * special.expit(-14) < 1


def test_a_sample_with_too_few_hits_gives_no_estimate() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(Unevaluable, match="rare event"):
        _mc_estimate(np.zeros(1 << 17))
    few = np.zeros(1 << 17)
    few[rng.choice(few.size, MIN_RARE_DRAWS - 1, replace=False)] = 1.0
    with pytest.raises(Unevaluable):  # (the heavy-tail diagnostic may see it first)
        _mc_estimate(few)
    # ... unless the caller knows the body cannot hide one (a smooth body of continuous
    # draws that is constant on the sample is constant: -log p of Dirichlet([1, 1, 1]))
    assert complex(_mc_estimate(np.full(1 << 17, 2.0), constant_ok=True).value) == 2
    with pytest.raises(Unevaluable):
        _mc_estimate(few, constant_ok=True)
    many = (rng.random(1 << 17) < 0.01).astype(float)
    est = _mc_estimate(many)
    assert abs(complex(est.value).real - 0.01) < 6 * est.stderr


RARE = [
    ("Expect(Heaviside(g[1] - g[0] - 14), g, IID(Gumbel(0, 1), 2))", "sigmoid(-14)"),
    ("Expect(Heaviside(g[0] - 7 - g[1]), g, IID(Normal(0, 1), 2))",
     "cdf(Normal(0, 1), -7/sqrt(2))"),
    ("Expect(Heaviside(u + v - 20), [u, v], [Exponential(1), Exponential(1)])", "21*exp(-20)"),
    ("Expect(Heaviside(z[0] - 5), z, MvNormal([0, 0], [[1, 0], [0, 1]]))",
     "cdf(Normal(0, 1), -5)"),
]


@pytest.mark.parametrize(("side", "truth"), RARE)
def test_a_rare_event_is_neither_refuted_nor_called_impossible(side, truth) -> None:
    assert check(f"{side} == {truth}", {}, timeout=30).status is not Status.REFUTED
    assert check(f"{side} == 0", {}, timeout=30).status not in (Status.CONFIRMED,
                                                                Status.PROVED)
