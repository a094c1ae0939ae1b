"""Every confirmation rejects a wrong version of its formula (read from the Result)."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from probproof.checks.engine import check_relation
from probproof.derivations import flow, load_all
from probproof.derivations._gauss import POSTERIOR
from probproof.derivations.flow import misread_inverse_claim
from probproof.derivations.result import Statement
from probproof.derivations.vocabulary import KL
from probproof.numeric.confirmations import load_all as load_confirmations

RESULTS = load_all()
CONFIRMATIONS = load_confirmations()
mu, sigma = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)


def _run_all(result):
    return [(method, fn(result, 0)) for method, fn in CONFIRMATIONS[result.id]]


def _with_rhs(rid, rhs):
    r = RESULTS[rid]
    return dataclasses.replace(r, statement=dataclasses.replace(r.statement, rhs=rhs))


def _wrong_versions():
    kl = RESULTS["kl.gaussian.standard"].statement
    yield (
        "kl log sigma vs log sigma^2",
        _with_rhs("kl.gaussian.standard", (mu**2 + sigma**2 - 1 - sp.log(sigma)) / 2),
    )
    yield (
        "kl missing 1/2",
        _with_rhs("kl.gaussian.standard", mu**2 + sigma**2 - 1 - sp.log(sigma**2)),
    )
    p, q = kl.lhs.args
    yield (
        "kl swapped arguments",
        dataclasses.replace(
            RESULTS["kl.gaussian.standard"],
            statement=dataclasses.replace(kl, lhs=type(kl.lhs)(q, p)),
        ),
    )
    vae = RESULTS["vae.objective.kl_term"].statement
    yield "vae kl sign flip", _with_rhs("vae.objective.kl_term", -vae.rhs)
    elbo = RESULTS["elbo.decomposition"].statement
    flipped = elbo.rhs.func(
        *[-t if isinstance(t, KL) and t.args[1] == POSTERIOR else t for t in elbo.rhs.args]
    )
    assert flipped != elbo.rhs, "the posterior KL term was not found"
    yield "elbo sign of posterior KL", _with_rhs("elbo.decomposition", flipped)
    up = RESULTS["iwae.bound.upper"]
    yield (
        "iwae bound reversed",
        dataclasses.replace(up, statement=dataclasses.replace(up.statement, relation=">=")),
    )
    gap = RESULTS["vi.amortised.gap"]
    yield (
        "amortisation gap reversed",
        dataclasses.replace(gap, statement=dataclasses.replace(gap.statement, relation="<")),
    )
    yield from _wrong_coupling_versions()


def _wrong_coupling_versions():
    """The general statements of the coupling block, changed; the confirmations place them
    at every coordinate of the blocks with d = 4 and d = 6."""
    k = flow.K_
    yield "det with exp(F)", _with_rhs(
        "flow.coupling.det", sp.exp(sp.Sum(flow.F_AT[k] + flow.S[k], (k, 1, flow.M))))
    yield "det dropping exp(s)", _with_rhs(
        "flow.coupling.det", sp.exp(sp.Sum(flow.G_AT[k], (k, 1, flow.M))))
    inverse = RESULTS["flow.coupling.inverse"]
    for name, changed in (
        ("inverse dividing by exp(F)",
         flow.round_trip(inv_a=(flow.U[flow.I_] - flow.F_I) * sp.exp(-flow.F_I))),
        ("inverse adding the shift", flow.round_trip(
            inv_a=(flow.U[flow.I_] + flow.F_I) * sp.exp(-flow.G_I))),
        ("inverse scaling by exp(+s)", flow.round_trip(
            inv_b=flow.V[k] * sp.exp(flow.S[k]))),
    ):
        yield name, dataclasses.replace(
            inverse, statement=dataclasses.replace(inverse.statement, lhs=changed))
    jac = RESULTS["flow.coupling.jacobian"].statement
    wrong = sp.Matrix(jac.rhs)
    wrong[0, 0] = 1  # dropped exp(G) factor
    yield "jacobian dropping exp(G)", _with_rhs("flow.coupling.jacobian", sp.ImmutableMatrix(wrong))
    lower = sp.Matrix(jac.rhs)
    lower[1, 0], lower[1, 1], lower[0, 2], lower[0, 3] = lower[0, 2], lower[0, 3], 0, 0
    yield "jacobian block lower", _with_rhs("flow.coupling.jacobian", sp.ImmutableMatrix(lower))


@pytest.mark.parametrize("name,result", list(_wrong_versions()), ids=lambda v: str(v)[:40])
def test_every_confirmation_rejects_wrong_formula(name, result):
    outcomes = _run_all(result)
    assert outcomes, f"no confirmation registered for {result.id}"
    for method, conf in outcomes:
        assert not conf.passed, f"{name}: {method} passed a wrong formula: {conf.detail}"


@pytest.mark.parametrize("rid", sorted(CONFIRMATIONS))
def test_confirmations_pass_the_right_formula(rid):
    for method, conf in _run_all(RESULTS[rid]):
        assert conf.passed, f"{rid}: {method}: {conf.detail}"


def test_misread_inverse_claim_is_refuted():
    claim: Statement = misread_inverse_claim()
    verdict = check_relation(
        claim.lhs, claim.rhs, claim.relation, {"a": "real", "b": "real", "s": "real"}, timeout=60
    )
    assert verdict.status == "refuted", verdict


def test_numeric_results_have_two_confirmations():
    for rid in (
        "kl.gaussian.standard",
        "flow.coupling.det",
        "flow.coupling.jacobian",
        "vfe.free_energy.posterior_gap",
        "iwae.bound.upper",
    ):
        assert len(CONFIRMATIONS[rid]) >= 2, rid
