"""The confirmations of the Gaussian latent-variable topics reject the plausible slips of
their formulas.

Each wrong version is built by editing the Result the confirmation is given
(its statement or its facts), so a confirmation that compared against a copy
of its own formula would fail these tests.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp
from gaussian_model_ids import GAUSSIAN_MODEL_IDS

from probproof.checks.engine import check_relation
from probproof.derivations import load_all, vae
from probproof.derivations import reparam as cov
from probproof.derivations.vocabulary import KL, MvNormal, pdf
from probproof.numeric.confirmations import load_all as load_confirmations

RESULTS = load_all()
CONFIRMATIONS = load_confirmations()
mu, sigma = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)

#: Every result of these topics can be evaluated numerically: each has two confirmations.
GAUSSIAN_NUMERIC = GAUSSIAN_MODEL_IDS


def _replace(rid: str, **changes) -> object:
    r = RESULTS[rid]
    return dataclasses.replace(r, statement=dataclasses.replace(r.statement, **changes))


def _outcomes(result):
    return [(method, fn(result, 0)) for method, fn in CONFIRMATIONS[result.id]]


def _full_target(cov_matrix: sp.Matrix) -> sp.Basic:
    target = MvNormal(list(cov.mus), cov_matrix.tolist())
    return pdf(target, sp.Tuple(*cov.zs))


def _log_sigma_slip(expr: sp.Expr) -> sp.Expr:
    """``log sigma^2`` -> ``log sigma`` everywhere (the classic slip)."""
    wrong = expr.replace(lambda e: isinstance(e, sp.log), lambda e: sp.log(sp.sqrt(e.args[0])))
    assert wrong != expr, "no log(sigma^2) found"
    return wrong


def _slips():
    grad = "vfe.kl.reparam_gradient"
    yield (
        "gradient sigma + 1/sigma",
        _replace(grad, rhs=sp.ImmutableMatrix([mu, sigma + 1 / sigma])),
    )
    yield "gradient without -1/sigma", _replace(grad, rhs=sp.ImmutableMatrix([mu, sigma]))
    yield "gradient sign flip", _replace(grad, rhs=sp.ImmutableMatrix([-mu, 1 / sigma - sigma]))

    mom = "reparam.gaussian.moments"
    yield "variance sigma, not sigma^2", _replace(mom, rhs=sp.ImmutableMatrix([mu, sigma]))

    full = "reparam.change_of_variables.full"
    yield "covariance S^T S", _replace(full, rhs=_full_target(cov.S.T * cov.S))
    lhs = RESULTS[full].statement.lhs
    dropped = lhs.xreplace({a: 1 for a in lhs.atoms(sp.Pow) if a.exp == -1 and a.base.is_Function})
    assert dropped != lhs, "the Jacobian factor was not found"
    yield "full: Jacobian factor dropped", _replace(full, lhs=dropped)

    diag = "reparam.change_of_variables.diagonal"
    lhs = RESULTS[diag].statement.lhs
    dropped = lhs.xreplace({a: 1 for a in lhs.atoms(sp.Pow) if a.exp == -1 and a.base.is_Function})
    assert dropped != lhs, "the Jacobian factor was not found"
    yield "diagonal: Jacobian factor dropped", _replace(diag, lhs=dropped)
    yield (
        "diagonal: covariance diag(sigma)",
        _replace(diag, rhs=_full_target(sp.diag(*cov.sigmas))),
    )

    kl = "vae.objective.kl_term"
    rhs = RESULTS[kl].statement.rhs
    yield "vae kl sign flip", _replace(kl, rhs=-rhs)
    yield "vae kl log sigma", _replace(kl, rhs=_log_sigma_slip(rhs))
    swapped = sp.Add(
        *[
            (1 / s**2 + m**2 / s**2 - 1 + sp.log(s**2)) / 2
            for m, s in zip(vae.mus, vae.sigmas, strict=True)
        ]
    )  # KL(N(0, I) || q): the arguments swapped
    yield "vae kl swapped arguments", _replace(kl, rhs=swapped)
    q, p = RESULTS[kl].statement.lhs.args
    yield "vae kl swapped on the left", _replace(kl, lhs=KL(p, q))

    bern = "vae.objective.bernoulli_loglik"
    rhs = RESULTS[bern].statement.rhs
    y = vae.y
    yield "bernoulli sign flip", _replace(bern, rhs=-rhs)
    yield "bernoulli log y swapped", _replace(bern, rhs=rhs.subs(y, 1 - y))

    yield (
        "diagonal kl log sigma",
        _replace(
            "kl.gaussian.diagonal",
            rhs=_log_sigma_slip(RESULTS["kl.gaussian.diagonal"].statement.rhs),
        ),
    )
    fs = "vfe.kl.factorised_sum"
    rhs = RESULTS[fs].statement.rhs
    ((i, first, last),) = rhs.limits
    yield "factorised sum missing a term", _replace(fs, rhs=sp.Sum(rhs.function, (i, first + 1,
                                                                                 last)))
    q_i, p_i = rhs.function.args
    yield "factorised sum of swapped divergences", _replace(fs, rhs=sp.Sum(KL(p_i, q_i),
                                                                           *rhs.limits))
    yield "factorised sum with a factor 2", _replace(fs, rhs=2 * rhs)


@pytest.mark.parametrize("name,result", list(_slips()), ids=lambda v: str(v)[:40])
def test_every_confirmation_rejects_the_slip(name, result):
    outcomes = _outcomes(result)
    assert len(outcomes) >= 2, result.id
    for method, conf in outcomes:
        assert not conf.passed, f"{name}: {method} passed a wrong formula: {conf.detail}"


def _with_weight(weight: sp.Expr):
    r = RESULTS["reparam.gaussian.moments"]
    (fact,) = [f for f in r.facts if isinstance(f.lhs, sp.Sum)]
    ((l_, lower, upper),) = fact.lhs.limits
    wrong = dataclasses.replace(fact, lhs=sp.Sum(weight, (l_, lower, upper)))
    return dataclasses.replace(r, facts=(wrong,)), wrong


def test_sum_to_L_divided_by_N_is_rejected():
    """The seed's estimator sums L terms but divides by N: the Monte Carlo check of
    the estimator and the claim engine both reject it; 1/L passes both."""
    monte_carlo = next(
        fn for m, fn in CONFIRMATIONS["reparam.gaussian.moments"] if m == "monte-carlo"
    )
    L, N = sp.symbols("L N", integer=True, positive=True)
    domains = {"L": "positive integer", "N": "positive integer"}
    slip, slip_fact = _with_weight(1 / N)
    right, right_fact = _with_weight(1 / L)
    assert not monte_carlo(slip, 0).passed
    assert monte_carlo(right, 0).passed
    verdict = check_relation(slip_fact.lhs, slip_fact.rhs, "==", domains, timeout=30)
    assert verdict.status == "refuted", verdict
    assert check_relation(right_fact.lhs, right_fact.rhs, "==", domains, timeout=30).passed


@pytest.mark.parametrize("rid", GAUSSIAN_NUMERIC)
def test_two_confirmations_each(rid):
    methods = [m for m, _ in CONFIRMATIONS.get(rid, [])]
    assert len(set(methods)) >= 2, (rid, methods)


# ---------------------------------------------------------------- general derivations
# The steps of the derivations stated for any number of states, points or components
# (sums up to a symbol over indexed parameters): the step checker of ``verify`` must
# refute a missing factor, a wrong index and a sign flip in each of them.

def _fe_slips():
    from probproof.derivations import free_energy as fe

    q, w, M, Z = fe.q, fe.w, fe.M, fe.Z
    phi, beta, over = fe.PHI, fe.beta, fe.over_w
    term = sp.exp(-beta * phi[w])
    yield "free_energy.identity", 0, 0, "sign of log Z", over(
        q * (sp.log(q) + beta * phi[w] - sp.log(Z)))
    yield "free_energy.identity", 0, 1, "missing factor beta", (
        over(q * phi[w]) + over(q * sp.log(q)) + sp.log(Z) * over(q))
    yield "free_energy.identity", 0, 2, "energies in reverse order", (
        beta * over(q * phi[M + 1 - w]) + over(q * sp.log(q)) + sp.log(Z))
    yield "free_energy.mean_energy", 0, 1, "sign flip", -over(phi[w] * term) / Z
    yield "free_energy.mean_energy", 0, 1, "missing factor Phi_w", over(term) / Z
    yield "free_energy.mean_energy", 0, 2, "Phi_1 for Phi_w", over(fe.p * phi[1])
    yield "free_energy.bound", 0, 0, "sign of the divergence", sp.log(Z) + fe.KL_DEF


def _gmm_slips():
    from probproof.derivations import gmm

    g, x, m, i, over = gmm.GAMMA, gmm.XS, gmm.m, gmm.i, gmm.over_i
    mhat = gmm.WEIGHTED_MEAN
    spread = -over(g[i] * (x[i] - mhat) ** 2) / 2
    yield "gmm.em.mean", 0, 0, "sign of the square", spread + over(g[i]) * (m - mhat) ** 2 / 2
    yield "gmm.em.mean", 0, 0, "missing factor sum gamma", spread - (m - mhat) ** 2 / 2
    yield "gmm.em.mean", 1, 0, "gamma_(i+1) for gamma_i", over(g[i + 1] * (x[i] - m))
    yield "gmm.em.mean", 1, 1, "sign flip", over(g[i]) * (m - mhat)
    k, G, total, share = gmm.k, gmm.GS, gmm.G_TOTAL, gmm.SHARE
    rest = gmm.over_k(share * (sp.log(gmm.SOFTMAX) - sp.log(share)))
    yield "gmm.em.weights", 0, 0, "missing factor sum G", gmm.WEIGHT_BEST + rest
    yield "gmm.em.weights", 0, 0, "sign flip", gmm.WEIGHT_BEST - total * rest
    yield "gmm.em.weights", 0, 0, "G_1 for G_k", gmm.over_k(
        G[k] * sp.log(G[1] / total)) + total * rest


GENERAL_SLIPS = [*_fe_slips(), *_gmm_slips()]


@pytest.mark.parametrize("rid,d,s,name,wrong", GENERAL_SLIPS,
                         ids=[f"{r}:{n}" for r, _, _, n, _ in GENERAL_SLIPS])
def test_general_step_slip_is_refuted(rid, d, s, name, wrong):
    """The link into step ``s`` of derivation ``d`` with the slipped expression in place of
    the step's own: the catalog's step checker refutes it."""
    from probproof.checks.catalog import check_derivation
    from probproof.derivations.result import Derivation, Step

    derivation = RESULTS[rid].derivations[d]
    previous, step = list(derivation.links())[s]
    assert wrong != step.expr
    slipped = Derivation(previous, (Step(wrong, step.justification, step.relation),))
    (verdict,) = check_derivation(slipped, RESULTS[rid].domains, seed=0, timeout=60)
    assert verdict.verdict.status == "refuted", (name, verdict.verdict)
