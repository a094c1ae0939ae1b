"""A pushforward whose image is narrower than float64 resolves is unevaluable there.

``H(Pushforward(Normal(0, 1), c*z + 1, z)) == H(Normal(0, 1)) + log|c|`` (the entropy of
an affine flow, an exact identity) was refuted at c = 1e-16: ``1 + c z`` takes a couple
of float64 values, and the density by root finding and the Monte Carlo draws, both on
those values, agreed on -35.22 for -35.42. At c = 1e-266 a Laplace law's came out 1e250.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.numeric import transforms as T
from probproof.numeric.distributions import make

ENTROPY = "log(2*pi*exp(1))/2 + log(Abs(c))"


def test_the_reference() -> None:
    c = 0.37
    assert math.isclose(stats.norm(1, c).entropy(), 0.5 * math.log(2 * math.pi * math.e)
                        + math.log(c), rel_tol=1e-14)


@pytest.mark.parametrize("c", [1e-16, -1e-16, 4.9e-324])
def test_an_unresolved_image_is_refused(c: float) -> None:
    base = make("Normal", [0.0, 1.0])
    with pytest.raises(T.Unresolved):
        T.pushforward(base, lambda x: c * x + 1, lambda x: c + 0 * x)


@pytest.mark.parametrize("statement", [
    f"H(Pushforward(Normal(0, 1), c*z + 1, z)) == {ENTROPY}",
    f"H(Pushforward(Normal(0, 1), c*z, z)) == {ENTROPY}",
    "H(Pushforward(Laplace(0, 1), c*z + 1, z)) == log(2*Abs(c)) + 1",
    "KL(Pushforward(Normal(0, 1), c*z + 1, z), Pushforward(Normal(1, 1), c*z + 1, z)) == 1/2",
])
def test_affine_flow_identities_are_not_refuted(statement: str) -> None:
    assert check(statement, {"c": "real"}, timeout=30).status is not Status.REFUTED


def test_a_wrong_affine_entropy_is_still_refuted() -> None:
    # log(c**2) for log|c|: twice the log-determinant
    assert check("H(Pushforward(Normal(0, 1), c*z + 1, z)) == log(2*pi*exp(1))/2 + log(c**2)",
                 {"c": "real"}, timeout=30).status is Status.REFUTED
    assert np.spacing(1.0) > 1e-16  # the c above is below float64's spacing at 1
