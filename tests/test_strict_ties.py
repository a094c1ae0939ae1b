"""Strict inequalities that fail only where the sides are equal.

``KL(P, Q) > 0`` is false at ``P = Q``; ``H(Bernoulli(p)) < log 2`` at ``p = 1/2``. The
numeric evaluation ties there (equal within its tolerance, which cannot tell ``1 + e^-100``
from 1), so such claims were undecided. Where SymPy reduces ``lhs - rhs`` to 0 at a tie
point's exact values, the point is a counterexample: the exact reduction and the numeric
tie are its two witnesses. A strict claim that is true, whose sides only come close
(``softplus(x) > max(x, 0)`` far out), must not be refuted that way.

References: SciPy's and torch's values of the sides at the equality points.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from scipy import special, stats

from probproof.checks.api import check
from probproof.checks.verdict import Status


def test_the_references() -> None:
    assert math.isclose(stats.bernoulli(0.5).entropy(), math.log(2), rel_tol=1e-15)
    assert stats.entropy([0.02, 0.98], [0.02, 0.98]) == 0
    normal = torch.distributions.Normal(0.0, 1.0)
    assert torch.distributions.kl_divergence(normal, normal).item() == 0
    assert abs(torch.distributions.ContinuousBernoulli(probs=0.5).entropy().item()) < 1e-6
    assert math.isclose(special.logsumexp([0.0, 0.0]), math.log(2), rel_tol=1e-15)
    assert 0.5 * (1 - 0.5) == 0.25 and math.exp(0.0) == 1 + 0.0
    # the true ones: strictly above wherever they were evaluated
    xs = np.array([-30.0, -1.0, 0.0, 1.0, 30.0])
    assert np.all(np.logaddexp(0, xs) > np.maximum(xs, 0))
    assert np.all(np.expm1(xs[xs > 0]) > xs[xs > 0])


EQUAL_SOMEWHERE = [
    ("H(Bernoulli(p)) < log(2)", {"p": "probability"}),
    ("KL(Normal(m, s), Normal(0, 1)) > 0", {"m": "real", "s": "positive"}),
    ("KL(Bernoulli(p), Bernoulli(q)) > 0", {"p": "probability", "q": "probability"}),
    ("p*(1 - p) < 1/4", {"p": "probability"}),
    ("H(ContinuousBernoulli(l)) < 0", {"l": "probability"}),
    ("logsumexp([a, b]) < Max(a, b) + log(2)", {"a": "real", "b": "real"}),
    ("exp(x) > 1 + x", {"x": "real"}),
]


@pytest.mark.parametrize(("statement", "symbols"), EQUAL_SOMEWHERE)
def test_a_strict_inequality_with_equal_sides_somewhere_is_refuted(statement, symbols) -> None:
    v = check(statement, symbols, timeout=30)
    assert v.status is Status.REFUTED, v  # before: undecided
    assert v.counterexample is not None
    assert math.isclose(v.counterexample.lhs, v.counterexample.rhs, rel_tol=1e-12,
                        abs_tol=1e-12)


@pytest.mark.parametrize(("statement", "symbols"), [
    ("softplus(x) > Max(x, 0)", {"x": "real"}),
    ("exp(x) > 1 + x", {"x": "positive"}),
    ("KL(Normal(m, 1), Normal(0, 1)) > 0", {"m": "positive"}),
])
def test_a_true_strict_inequality_whose_sides_come_close_is_not_refuted(statement,
                                                                      symbols) -> None:
    assert check(statement, symbols, timeout=30).status is not Status.REFUTED
