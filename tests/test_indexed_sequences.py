"""Indexed parameters (``a[k]``) are searched as sequences: each parameter's sequence must
be free of the others, or a claim false for almost every pair of sequences is confirmed.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from probproof.checks.domains import parse_domain
from probproof.checks.engine import check_relation, instantiate_indexed
from probproof.checks.verdict import Status

k = sp.Symbol("k", integer=True, positive=True)
K = sp.Symbol("K", integer=True, positive=True)
a, J = sp.IndexedBase("a"), sp.IndexedBase("J")
DOMAINS = {"a": "positive", "J": "positive", "K": "positive integer"}


def test_two_normalised_sequences_are_not_taken_for_equal() -> None:
    # KL(a / sum a, J / sum J) = 0 only when a and J are proportional: false. Two positive
    # parameters had the same linear shape b * (1 + (k - 1)/3), so it was confirmed.
    q, p = a[k] / sp.Sum(a[k], (k, 1, K)), J[k] / sp.Sum(J[k], (k, 1, K))
    kl = sp.Sum(q * sp.log(q / p), (k, 1, K))
    assert check_relation(kl, sp.Integer(0), "==", DOMAINS, seed=0, timeout=30).status == (
        Status.REFUTED)
    # ...and what holds for every pair of sequences still holds.
    assert check_relation(sp.Sum(q, (k, 1, K)), sp.Integer(1), "==", DOMAINS, seed=0,
                          timeout=30).status.passed


def test_sequences_stay_in_their_domains_at_every_index() -> None:
    domains = {"a": parse_domain("positive"), "u": parse_domain("interval(0, 1)"),
               "n": parse_domain("positive integer"), "m": parse_domain("real")}
    u, n, m = (sp.IndexedBase(s) for s in "unm")
    first = {sp.Symbol("a", positive=True): 2, sp.Symbol("u", positive=True): sp.Rational(1, 2),
             sp.Symbol("n", integer=True, positive=True): 1, sp.Symbol("m", real=True): -3}
    for j in range(-2, 12):  # 0-based and 1-based sums, and beyond
        for base, (low, high) in ((a, (0, None)), (u, (0, 1)), (n, (1, None)),
                                  (m, (None, None))):
            value = instantiate_indexed(base[j], domains).subs(
                {s: v for s, v in first.items() if s.name == str(base.label)})
            assert value.is_number
            assert low is None or value > low or (low == 1 and value >= low)
            assert high is None or value < high
            if j == 1:  # the searched value itself at the first index
                assert value == first[next(s for s in first if s.name == str(base.label))]


def test_a_counterexample_lists_the_terms_of_the_sequences_it_used() -> None:
    # The searched value of ``a`` is only the sequence's term at index 1: a counterexample
    # that said "K = 2, a = 1, J = 1" hid the terms that made the sides differ.
    q, p = a[k] / sp.Sum(a[k], (k, 1, K)), J[k] / sp.Sum(J[k], (k, 1, K))
    kl = sp.Sum(q * sp.log(q / p), (k, 1, K))
    verdict = check_relation(kl, sp.Integer(0), "==", DOMAINS, seed=0, timeout=30)
    values = verdict.counterexample.values
    n = values["K"]
    terms_a = np.array([values[f"a[{i}]"] for i in range(1, n + 1)])
    terms_j = np.array([values[f"J[{i}]"] for i in range(1, n + 1)])
    assert f"a[{n + 1}]" not in values and "a[0]" not in values
    assert terms_a[0] == values["a"] and terms_j[0] == values["J"]
    qs, ps = terms_a / terms_a.sum(), terms_j / terms_j.sum()
    assert verdict.counterexample.lhs == pytest.approx(float(np.sum(qs * np.log(qs / ps))),
                                                       rel=1e-8)


def test_a_derivative_with_respect_to_an_indexed_parameter_keeps_its_index() -> None:
    # d(G(x) a_i)/d(a_j) is G(x) when i = j: not 0. The instantiation of G put a dummy in
    # place of a[j], which a[i] did not contain, and "== 0" was confirmed at 36 points.
    i, j = sp.symbols("i j", integer=True, positive=True)
    x = sp.Symbol("x", real=True)
    G = sp.Function("G")
    domains = {"a": "real", "i": "positive integer", "j": "positive integer", "x": "real"}

    def status(lhs, rhs):
        return check_relation(lhs, rhs, "==", domains, seed=0, timeout=30).status

    for body in (G(x) * a[i], x * a[i]):
        assert status(sp.Derivative(body, a[j]), sp.Integer(0)) == Status.REFUTED
        assert status(sp.Derivative(body, a[j]), body.diff(a[i]) * sp.KroneckerDelta(i, j)
                      ).passed
        assert status(sp.Derivative(body, a[i]), body / a[i]).passed
