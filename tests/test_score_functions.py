"""A density differentiated by a parameter inside an expectation over its own variable:
the score ``d/dmu log p(z; mu)``, the REINFORCE and Fisher-information identities.

The derivative was taken by central differences of the whole node at ``mu +- h``, which
holds the expectation's bound variable: "free symbols left after substitution: _z", and
every such claim, true or false, was undecided. The references are the textbook values
(score mean 0, Fisher information of a normal mean ``1/s**2``), checked by scipy
quadrature here.
"""

from __future__ import annotations

import math

from scipy import integrate, stats

from probproof.checks.api import check
from probproof.checks.verdict import Status

SYMBOLS = {"mu": "real", "s": "positive"}


def test_the_reference() -> None:
    mu, s = 0.7, 1.9
    law = stats.norm(mu, s)
    fisher, _ = integrate.quad(lambda z: ((z - mu) / s**2) ** 2 * law.pdf(z), -60, 60)
    assert math.isclose(fisher, 1 / s**2, rel_tol=1e-10)


def test_score_identities() -> None:
    score = "diff(logpdf(Normal(mu, s), z), mu)"
    assert check(f"Expect({score}, z, Normal(mu, s)) == 0", SYMBOLS,
                 timeout=30).status in (Status.PROVED, Status.CONFIRMED)
    assert check(f"Expect({score}**2, z, Normal(mu, s)) == 1/s**2", SYMBOLS,
                 timeout=30).status in (Status.PROVED, Status.CONFIRMED)
    # log s for log s**2: the Fisher information of the mean is not 1/s
    assert check(f"Expect({score}**2, z, Normal(mu, s)) == 1/s", SYMBOLS,
                 timeout=30).status is Status.REFUTED
    # the score under another law than its own
    assert check("Expect(diff(logpdf(Normal(mu, 1), z), mu), z, Normal(0, 1)) == 1",
                 {"mu": "real"}, timeout=30).status is Status.REFUTED
