"""Gibbs' inequality by form: a divergence, or a sum p log(p/q) of two distributions that
are normalised by construction, is nonnegative; and the look-alikes that are not.

``nonnegative`` only ever says "holds"; a look-alike must come back ``False`` (the engine
then searches numerically and refutes the false ones), never ``True``.
"""

from __future__ import annotations

import pytest
import sympy as sp

from probproof.checks import symbolic
from probproof.checks.engine import check_relation
from probproof.checks.gibbs import nonnegative, valid
from probproof.checks.verdict import Status
from probproof.derivations.vocabulary import JSD, KL, Bernoulli, Categorical, Laplace, Normal

k, j, i = sp.symbols("k j i", integer=True, positive=True)
K = sp.Symbol("K", integer=True, positive=True)
G = sp.IndexedBase(sp.Symbol("G", positive=True))
theta = sp.IndexedBase(sp.Symbol("theta", real=True))
r = sp.IndexedBase(sp.Symbol("r", real=True))
m, x = sp.symbols("m x", real=True)
s, a = sp.symbols("s a", positive=True)
u = sp.Symbol("u", real=True)


def norm(term: sp.Expr, index: sp.Symbol, bound: sp.Expr = K, first: int = 1) -> sp.Expr:
    """``term / Sum(term[k -> index], (index, first, bound))``."""
    return term / sp.Sum(term.xreplace({k: index}), (index, first, bound))


P = norm(G[k], j)
Q = norm(sp.exp(theta[k]), j)

HOLDS = {
    "sum p log(p/q)": sp.Sum(P * sp.log(P / Q), (k, 1, K)),
    "as the EM step writes it, times a normaliser": -sp.Sum(
        (sp.log(Q) - sp.log(P)) * G[k] / sp.Sum(G[j], (j, 1, K)), (k, 1, K))
        * sp.Sum(G[i], (i, 1, K)),
    "normalisers with different indices": sp.Sum(P * (sp.log(P) - sp.log(norm(
        sp.exp(theta[k]), i))), (k, 1, K)),
    "KL of two Gaussians": KL(Normal(m, s), Normal(x / 2, sp.sqrt(2) / 2)),
    "KL plus a square, times a positive": a * KL(Laplace(m, s), Normal(0, 1)) + (m - x) ** 2,
    "JSD of Bernoullis": JSD(Bernoulli(sp.Rational(1, 3)), Bernoulli(sp.Rational(1, 2))),
}

LOOK_ALIKES = {
    # q = exp(theta_k) is no distribution: sum p log(p/q) < 0 when every theta_k is large.
    "q not normalised": sp.Sum(P * sp.log(P / sp.exp(theta[k])), (k, 1, K)),
    # q normalised over 2..K sums to more than 1 over 1..K.
    "q normalised over another range": sp.Sum(
        P * sp.log(P / norm(sp.exp(theta[k]), j, K, 2)), (k, 1, K)),
    "weights that can be negative": sp.Sum(
        norm(r[k], j) * sp.log(norm(r[k], j) / Q), (k, 1, K)),
    "a coefficient of unknown sign": u * sp.Sum(P * sp.log(P / Q), (k, 1, K)),
    "the sum the wrong way round": sp.Sum(P * sp.log(Q / P), (k, 1, K)),
    "q's log weighted by q": sp.Sum(P * sp.log(P) - Q * sp.log(Q), (k, 1, K)),
    "a range that may run downwards": sp.Sum(
        norm(G[k], j, K, 3) * sp.log(norm(G[k], j, K, 3) / norm(sp.exp(theta[k]), j, K, 3)),
        (k, 3, K)),
    "-KL": -KL(Normal(m, s), Normal(0, 1)),
    "KL with a coefficient of unknown sign": u * KL(Normal(m, s), Normal(0, 1)),
    "KL of probabilities that need not sum to 1": KL(Categorical([a, 1 - a]),
                                                     Categorical([s, s])),
    "KL with a scale of unknown sign": KL(Normal(m, u), Normal(0, 1)),
}


@pytest.mark.parametrize("name", sorted(HOLDS))
def test_each_form_is_nonnegative(name: str) -> None:
    assert nonnegative(HOLDS[name])


@pytest.mark.parametrize("name", sorted(LOOK_ALIKES))
def test_a_look_alike_is_not(name: str) -> None:
    assert not nonnegative(LOOK_ALIKES[name])


def at_two(e: sp.Expr, values: dict) -> float:
    """``e`` at K = 2 with the indexed values given."""
    return float(e.subs(K, 2).doit().subs(values).evalf())


def test_the_look_alikes_of_sums_are_negative_somewhere() -> None:
    """The refusals matter: a sum rule that accepted them would prove false claims."""
    values = {G[1]: 1, G[2]: 1, G[3]: 1, theta[1]: 3, theta[2]: 3, theta[3]: 0,
              r[1]: -1, r[2]: 3}
    for name in ("q not normalised", "q normalised over another range"):
        assert at_two(LOOK_ALIKES[name], values) < 0, name
    skewed = {G[1]: 1, G[2]: 9, theta[1]: 0, theta[2]: 0}
    assert at_two(LOOK_ALIKES["the sum the wrong way round"], skewed) < 0
    # H(q) - H(p): negative when q is the skewed one.
    skewed_q = {G[1]: 1, G[2]: 1, theta[1]: 0, theta[2]: sp.log(9)}
    assert at_two(LOOK_ALIKES["q's log weighted by q"], skewed_q) < 0
    # r = (-1, 3): p = (-1/2, 3/2); the sum is complex or negative, not a divergence.
    value = complex(LOOK_ALIKES["weights that can be negative"].subs(K, 2).doit()
                    .subs(values).evalf())
    assert value.imag != 0 or value.real < 0
    # Categorical([a, 1 - a]) against Categorical([s, s]) with s = 1: KL = -log 1 + ... < 0.
    kl = sum(p * sp.log(p / q) for p, q in ((sp.Rational(1, 2), 1), (sp.Rational(1, 2), 1)))
    assert kl < 0


def test_valid_needs_the_parameters_valid_by_the_assumptions() -> None:
    assert valid(Normal(m, s)) and not valid(Normal(m, u))
    assert valid(Categorical([a / (a + 1), 1 / (a + 1)]))
    assert not valid(Categorical([a, s]))


def test_prove_names_the_law_and_keeps_strict_inequalities_out() -> None:
    kl = HOLDS["KL of two Gaussians"]
    proof = symbolic.prove(kl, sp.S.Zero, ">=")
    assert proof is not None and "Gibbs" in proof.law and not proof.needs_finite_values
    # KL is 0 at equal laws: a strict inequality never follows from Gibbs' inequality.
    assert symbolic.prove(KL(Normal(m, s), Normal(m, s)), sp.S.Zero, ">") is None
    # Something that cancels in the difference must be finite: a conditional proof.
    shifted = symbolic.prove(kl + KL(Normal(0, 1), Normal(m, s)), KL(Normal(0, 1), Normal(m, s)),
                             ">=")
    assert shifted is not None and shifted.needs_finite_values


def test_the_engine_proves_gibbs_and_refutes_a_look_alike() -> None:
    domains = {"G": "positive", "theta": "real", "K": "positive integer",
               "k": "positive integer", "j": "positive integer", "i": "positive integer"}
    big = sp.Sum(P * sp.log(P), (k, 1, K))
    small = big - HOLDS["sum p log(p/q)"]
    proved = check_relation(small, big, "<=", domains, timeout=30)
    assert proved.status is Status.PROVED and "Gibbs" in proved.message
    wrong = big - LOOK_ALIKES["q not normalised"]
    assert check_relation(wrong, big, "<=", domains, timeout=30).status is Status.REFUTED
