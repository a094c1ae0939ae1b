"""``vfe.kl.factorised_sum`` (seed 003, 2.2) for any dimension D: the per-coordinate step is
proved, and wrong versions are not passed. Each wrong version is shown false here by scipy,
never by probproof."""

from __future__ import annotations

import sympy as sp
from scipy import integrate, stats

from probproof.checks.engine import check_relation
from probproof.derivations import load_all, vfe
from probproof.derivations.vocabulary import KL

RESULT = load_all()["vfe.kl.factorised_sum"]
STEP_1, STEP_2 = (s.expr for s in RESULT.derivations[0].steps)
Q_I, P_I = vfe.Q_COORD, vfe.P_COORD


def _verdict(lhs: sp.Basic, rhs: sp.Basic) -> str:
    return check_relation(lhs, rhs, "==", RESULT.domains, seed=0, timeout=60).status.value


def _kl_by_quadrature(p, q) -> float:
    """KL(p || q) of two scipy normal laws, by quadrature of its definition."""
    value, _err = integrate.quad(lambda t: p.pdf(t) * (p.logpdf(t) - q.logpdf(t)), -30, 30)
    return value


def test_the_statement_is_general_in_the_dimension():
    st = RESULT.statement
    assert st.lhs.has(vfe.D_) and st.rhs.has(vfe.D_) and isinstance(st.rhs, sp.Sum)
    assert RESULT.domains["D"] == "positive integer"


def test_the_per_coordinate_step_is_proved():
    assert _verdict(STEP_1, STEP_2) == "proved"


def test_a_missing_coordinate_is_refuted():
    """The sum from the second coordinate on: at D = 1 it is empty, 0, while the divergence
    of N(mu, sigma^2) from N(0, 1) is positive unless mu = 0 and sigma = 1."""
    assert _kl_by_quadrature(stats.norm(0.5, 2.0), stats.norm(0, 1)) > 0.1
    ((i, first, last),) = RESULT.statement.rhs.limits
    wrong = sp.Sum(RESULT.statement.rhs.function, (i, first + 1, last))
    assert _verdict(RESULT.statement.lhs, wrong) == "refuted"


def test_swapped_divergences_are_refuted_at_the_sequence_the_counterexample_lists():
    """KL(p_i || q_i) in place of KL(q_i || p_i) in the last step. The second witness sums
    the D divergences term by term (mpmath's summation cannot evaluate one); before, no
    disagreement could be confirmed and the claim ended undecided after 23 s. The
    counterexample lists the terms mu[i], sigma[i] it used, and scipy's quadrature of the
    definition at those terms gives both sides."""
    wrong = sp.Sum(KL(P_I, Q_I), *RESULT.statement.rhs.limits)
    verdict = check_relation(STEP_1, wrong, "==", RESULT.domains, seed=0, timeout=60)
    assert verdict.status.value == "refuted"
    values = verdict.counterexample.values
    terms = range(values["D"])
    laws = [stats.norm(values[f"mu[{i}]"], values[f"sigma[{i}]"]) for i in terms]
    lhs = sum(_kl_by_quadrature(q, stats.norm(0, 1)) for q in laws)
    rhs = sum(_kl_by_quadrature(stats.norm(0, 1), q) for q in laws)
    assert abs(lhs - rhs) > 0.1
    assert abs(verdict.counterexample.lhs - lhs) < 1e-6 * max(1, abs(lhs))
    assert abs(verdict.counterexample.rhs - rhs) < 1e-6 * max(1, abs(rhs))


def test_a_swapped_expectation_is_refuted():
    """The per-coordinate expectation taken of log p_i - log q_i (the sign of the log
    ratio flipped): a finite sum of expectations, which the second witness sums term by
    term too. False: KL(q_i || p_i) > 0 for the searched laws, as scipy shows."""
    assert _kl_by_quadrature(stats.norm(0.5, 2.0), stats.norm(0, 1)) > 0.1
    wrong = STEP_1.replace(lambda e: isinstance(e, vfe.Expect), lambda e: -e)
    assert wrong != STEP_1
    assert _verdict(STEP_1, wrong) == "refuted"
