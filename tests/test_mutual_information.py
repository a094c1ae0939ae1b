"""MutualInformation of a Dirichlet and a Multinomial: the expected truths are entropies of
their marginals computed by scipy.stats, never by probproof."""

from __future__ import annotations

from fractions import Fraction

import pytest
from scipy import stats

from probproof.checks.api import check
from probproof.derivations.divergences import mutual_information
from probproof.derivations.families import Dirichlet
from probproof.derivations.vocabulary import Normal

DIRICHLETS = [[2.0, 3.0, 5.0], [0.5, 1.5, 4.0]]
MULTINOMIALS = [(4, ["1/5", "3/10", "1/2"]), (6, ["1/2", "1/8", "3/8"])]


def _status(statement: str) -> str:
    return check(statement, {}, seed=0, timeout=60).status


def _dirichlet_entropies(a: list[float]) -> tuple[float, float, float]:
    """``H(Z_0)``, ``H(Z_1)`` and ``H(Z)`` of ``Z ~ Dirichlet(a)``, by scipy."""
    a0 = sum(a)
    return (float(stats.beta(a[0], a0 - a[0]).entropy()),
            float(stats.beta(a[1], a0 - a[1]).entropy()),
            float(stats.dirichlet(a).entropy()))


def _multinomial_entropies(n: int, p: list[float]) -> tuple[float, float, float]:
    return (float(stats.binom(n, p[0]).entropy()), float(stats.binom(n, p[1]).entropy()),
            float(stats.multinomial(n, p).entropy()))


def _wrong_values(h0: float, h1: float, joint: float) -> dict[str, float]:
    truth = h0 + h1 - joint
    return {"sign flipped": -truth, "one marginal entropy missing": h0 - joint,
            "joint entropy only": joint}


#: Only Monte Carlo evaluates a Dirichlet's mutual information (the simplex quadrature
#: does not converge on the logs of the marginal densities), and Monte Carlo cannot confirm
#: an equality (tests/test_monte_carlo_resolution.py): the true value must not be refuted,
#: and a bound that holds beyond Monte Carlo's error bars is confirmed.
DECIDED_OR_UNRESOLVED = ("proved", "confirmed", "undecided")


@pytest.mark.parametrize("a", DIRICHLETS, ids=str)
def test_dirichlet_true_value_is_not_refuted(a: list[float]) -> None:
    h0, h1, joint = _dirichlet_entropies(a)
    claim = f"MutualInformation(Dirichlet({a}), [0], [1])"
    assert _status(f"{claim} == {h0 + h1 - joint!r}") in DECIDED_OR_UNRESOLVED
    assert _status(f"{claim} >= {0.5 * (h0 + h1 - joint)!r}") == "confirmed"


@pytest.mark.parametrize("a", DIRICHLETS, ids=str)
def test_dirichlet_wrong_values_are_refuted(a: list[float]) -> None:
    for why, value in _wrong_values(*_dirichlet_entropies(a)).items():
        claim = f"MutualInformation(Dirichlet({a}), [0], [1]) == {value!r}"
        assert _status(claim) == "refuted", why


@pytest.mark.parametrize(("n", "p"), MULTINOMIALS, ids=str)
def test_multinomial_true_value_is_confirmed(n: int, p: list[str]) -> None:
    h0, h1, joint = _multinomial_entropies(n, [float(Fraction(q)) for q in p])
    truth = h0 + h1 - joint
    claim = f"MutualInformation(Multinomial({n}, [{', '.join(p)}]), [0], [1]) == {truth!r}"
    assert _status(claim) in ("proved", "confirmed")


@pytest.mark.parametrize(("n", "p"), MULTINOMIALS, ids=str)
def test_multinomial_wrong_values_are_refuted(n: int, p: list[str]) -> None:
    probs = [float(Fraction(q)) for q in p]
    for why, value in _wrong_values(*_multinomial_entropies(n, probs)).items():
        claim = f"MutualInformation(Multinomial({n}, [{', '.join(p)}]), [0], [1]) == {value!r}"
        assert _status(claim) == "refuted", why


def test_dirichlet_set_of_two_coordinates() -> None:
    # (Z_0, Z_1) ~ Dirichlet([a0, a1, a2 + a3]) and Z_2 ~ Beta(a2, a0 + a1 + a3).
    a = [2.0, 3.0, 1.5, 2.5]
    truth = (stats.dirichlet([2.0, 3.0, 4.0]).entropy() + stats.beta(1.5, 7.5).entropy()
             - stats.dirichlet(a).entropy())
    claim = f"MutualInformation(Dirichlet({a}), [0, 1], [2])"
    assert _status(f"{claim} == {float(truth)!r}") in DECIDED_OR_UNRESOLVED
    assert _status(f"{claim} <= {1.5 * float(truth)!r}") == "confirmed"
    assert _status(f"{claim} == {-float(truth)!r}") == "refuted"


def test_multinomial_covering_every_coordinate() -> None:
    # (X_1, X_2) determines X_0 = n - X_1 - X_2 and conversely up to X_0: I(X_0; X_1, X_2)
    # is H(X_0), the Binomial's entropy.
    truth = float(stats.binom(5, 0.25).entropy())
    claim = "MutualInformation(Multinomial(5, [1/4, 1/4, 1/2]), [0], [1, 2])"
    assert _status(f"{claim} == {truth!r}") in ("proved", "confirmed")
    assert _status(f"{claim} == {truth / 2!r}") == "refuted"


def test_dirichlet_covering_every_coordinate_is_infinite() -> None:
    # Z_1 = 1 - Z_0 is a function of the continuous Z_0: no finite value is true.
    assert mutual_information(Dirichlet([2, 3]), [0], [1]) == float("inf")
    assert _status("MutualInformation(Dirichlet([2, 3]), [0], [1]) == 1") == "refuted"


def test_other_laws_get_one_clear_error() -> None:
    with pytest.raises(TypeError, match=r"MvNormal.*Dirichlet.*Multinomial"):
        mutual_information(Normal(0, 1), [0], [1])

