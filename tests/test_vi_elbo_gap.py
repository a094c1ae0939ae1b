"""``vi.elbo_gap`` (seed 000, 2.1) for any number K of latent states: every step of the
general derivation is proved by the engine, and wrong versions of its steps are refuted.
Each wrong version is shown false here by numpy at K = 3, never by probproof."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.special import logsumexp, softmax

from probproof.checks.engine import check_relation
from probproof.derivations import load_all, vi

RESULT = load_all()["vi.elbo_gap"]
K, k = vi.STATES, vi.k_
Q, POST, J, EVIDENCE = vi.Q_K, vi.POST_K, vi.JOINT[k], vi.EVIDENCE


def _over_k(body: sp.Expr) -> sp.Sum:
    return sp.Sum(body, (k, 1, K))


def _verdict(lhs: sp.Basic, rhs: sp.Basic) -> str:
    return check_relation(lhs, rhs, "==", RESULT.domains, seed=0, timeout=60).status.value


def _model(seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Joint probabilities, q and the posterior of a 3-state model, by numpy."""
    rng = np.random.default_rng(seed)
    joint, q = np.exp(rng.normal(-2, 1, 3)), softmax(rng.normal(0, 1, 3))
    return joint, q, joint / joint.sum()


def test_the_derivation_is_general_in_the_number_of_states():
    (derivation,) = RESULT.derivations
    for expr in (RESULT.statement.lhs, RESULT.statement.rhs,
                 *[s.expr for s in derivation.steps]):
        assert not expr.free_symbols & {sp.Symbol(f"w{i}", positive=True) for i in range(3)}
        assert (expr.has(K) and expr.has(sp.Sum)) or expr == sp.log(EVIDENCE)
    assert RESULT.domains["K"] == "positive integer"


def test_every_step_is_proved():
    (derivation,) = RESULT.derivations
    for previous, step in derivation.links():
        assert _verdict(previous, step.expr) == "proved", step.justification


def test_sign_of_the_divergence_is_refuted():
    joint, q, post = _model()
    elbo, kl = np.sum(q * np.log(joint / q)), np.sum(q * np.log(q / post))
    assert abs((elbo - kl) - logsumexp(np.log(joint))) > 0.1
    assert _verdict(vi.ELBO_K - vi.KL_K, sp.log(EVIDENCE)) == "refuted"


def test_swapped_divergence_is_refuted():
    """KL(p(z|x) || q) in place of KL(q || p(z|x)). The numeric search gives every indexed
    name a sequence of one shape per domain: with q's weights positive like the joint's,
    q would be the posterior at every point searched, and this false claim confirmed."""
    joint, q, post = _model()
    elbo, swapped = np.sum(q * np.log(joint / q)), np.sum(post * np.log(post / q))
    assert abs(elbo + swapped - np.log(joint.sum())) > 0.01
    wrong = vi.ELBO_K + _over_k(POST * (sp.log(POST) - sp.log(Q)))
    assert _verdict(wrong, sp.log(EVIDENCE)) == "refuted"


def test_dropping_the_weights_of_q_is_refuted():
    """The last step without q: the sum over k of log p(x) is K log p(x)."""
    joint, _q, _post = _model()
    assert abs(3 * np.log(joint.sum()) - np.log(joint.sum())) > 0.1
    assert _verdict(_over_k(sp.log(EVIDENCE)), sp.log(EVIDENCE)) == "refuted"


@pytest.mark.parametrize("slip", ["sum", "reversed"])
def test_bayes_rule_with_a_slip_is_refuted(slip):
    """log p(x, k) + log p(k | x), or log p(k | x) - log p(x, k), is not log p(x)."""
    joint, _q, post = _model()
    numeric = {"sum": np.log(joint) + np.log(post), "reversed": np.log(post) - np.log(joint)}
    assert np.all(np.abs(numeric[slip] - np.log(joint.sum())) > 0.1)
    wrong = {"sum": sp.log(J) + sp.log(POST), "reversed": sp.log(POST) - sp.log(J)}[slip]
    assert _verdict(wrong, sp.log(EVIDENCE)) == "refuted"
