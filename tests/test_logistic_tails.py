"""``log(1 - sigmoid(y))`` (the GAN discriminator's loss on generated samples) and
``log(1 - tanh(y))`` far in a law's tail.

``1 - sigmoid(y)`` is ``1 - 1 = 0`` in float64 from y = 37 and in mpmath's 50 digits from
y = 116, where its logarithm became -inf: both witnesses called
``E_N(0,1)[log(1 - sigmoid(y))]`` -oo and the true ``> -1`` was refuted. Both now see
``1/(1 + exp(y))`` and ``-log1p(exp(y))`` (softplus in float64). References: mpmath on the
stable forms, ``-E[softplus(y)] = -0.80605918334744`` and
``log 2 - E[softplus(2 y)] = -0.37456720749144``.
"""

from __future__ import annotations

import mpmath
import pytest

from probproof.checks.api import check
from probproof.checks.verdict import Status


def _normal_mean(f) -> mpmath.mpf:
    with mpmath.workdps(30):
        return mpmath.quad(lambda y: f(y) * mpmath.npdf(y), [-mpmath.inf, 0, mpmath.inf])


def test_the_references() -> None:
    softplus = _normal_mean(lambda y: mpmath.log(1 + mpmath.exp(y)))
    assert mpmath.almosteq(-softplus, mpmath.mpf("-0.80605918334744"), 1e-13)
    tanh_form = mpmath.log(2) - _normal_mean(lambda y: mpmath.log(1 + mpmath.exp(2 * y)))
    assert mpmath.almosteq(tanh_form, mpmath.mpf("-0.37456720749144"), 1e-13)


@pytest.mark.parametrize(("statement", "symbols"), [
    ("Expect(log(1 - sigmoid(y)), y, Normal(0, 1)) > -1", {}),
    ("Expect(log(1 - sigmoid(y)), y, Normal(0, 1)) == -0.80605918334744", {}),
    ("Expect(log(1 - tanh(y)), y, Normal(0, 1)) == -0.37456720749144", {}),
    ("Expect(log(1 - sigmoid(a*y)), y, Normal(0, 1)) >= "
     "-Expect(Abs(a*y), y, Normal(0, 1)) - log(2)", {"a": "real"}),
    ("Expect(log(sigmoid(y)), y, Normal(m, 1)) == Expect(log(1 - sigmoid(y)), y, Normal(-m, 1))",
     {"m": "real"}),
])
def test_logistic_losses_are_finite(statement, symbols) -> None:
    assert check(statement, symbols, timeout=30).status in (Status.PROVED, Status.CONFIRMED)


@pytest.mark.parametrize("statement", [
    "Expect(log(1 - sigmoid(y)), y, Normal(0, 1)) == -oo",
    "Expect(log(1 - sigmoid(y)), y, Normal(0, 1)) == -0.806",
    # log(1 + tanh) for log(1 - tanh): equal by symmetry, so the sign slip is the constant
    "Expect(log(1 - tanh(y)), y, Normal(0, 1)) == 0.37456720749144",
])
def test_wrong_values_are_refuted(statement) -> None:
    assert check(statement, {}, timeout=30).status is Status.REFUTED
