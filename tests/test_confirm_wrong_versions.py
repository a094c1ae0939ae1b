"""The numeric confirmations of the energy, divergence, mixture and mean-field topics: each
passes on its result, and each REJECTS
wrong versions of the formula (the confirmations read the formula from the result)."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp
from _confirm_runs import CONFIRMATIONS, IDS, RESULTS, _confirm, run_parallel

from probproof.derivations import free_energy as fe
from probproof.derivations import gmm, vi
from probproof.derivations.result import Statement
from probproof.derivations.vocabulary import KL, Expect


def with_rhs(rid, rhs):
    r = RESULTS[rid]
    return dataclasses.replace(r, statement=dataclasses.replace(r.statement, rhs=rhs))


def with_lhs(rid, lhs):
    r = RESULTS[rid]
    return dataclasses.replace(r, statement=dataclasses.replace(r.statement, lhs=lhs))


def S(rid, name):
    r = RESULTS[rid]
    syms = r.statement.lhs.atoms(sp.Symbol) | r.statement.rhs.atoms(sp.Symbol)
    for f in r.facts:
        syms |= f.lhs.atoms(sp.Symbol) | f.rhs.atoms(sp.Symbol)
    (s,) = [s for s in syms if s.name == name]
    return s


def _pix(key, other):
    return with_rhs(f"pixelcnn.receptive_field.{key}", RESULTS[
        f"pixelcnn.receptive_field.{other}"].statement.rhs)


def _flip_relation(rid):
    r = RESULTS[rid]
    st = r.statement
    return dataclasses.replace(r, statement=Statement(st.rhs, st.lhs, st.relation, st.text),
                               facts=())


def _gan_swapped():
    f0, f1, D = (S("gan.discriminator.optimal", n) for n in ("f0", "f1", "D"))
    body = RESULTS["gan.discriminator.optimal"].statement.lhs.body
    return with_rhs("gan.discriminator.optimal", body.subs(D, f0 / (f0 + f1)))


def _numerator(e):
    (num,) = [a for a in sp.Mul.make_args(e) if isinstance(a, Expect)]
    return num


def _sup_rhs(rid, fn):
    return lambda: with_rhs(rid, fn(RESULTS[rid].statement.rhs))


#: result id -> list of (what is wrong, factory of the wrong result)
WRONG = {
    **{f"pixelcnn.receptive_field.{k}": [("mask of another case", lambda k=k, o=o: _pix(k, o))]
       for k, o in [("AA", "AB"), ("AB", "BB"), ("BA", "AA"), ("BB", "BA")]},
    "gan.discriminator.optimal": [("D* = f0/(f0 + f1)", _gan_swapped)],
    "fdiv.conjugate.kl": [("exp(t) instead of exp(t - 1)",
                           lambda: with_rhs("fdiv.conjugate.kl",
                                            sp.exp(S("fdiv.conjugate.kl", "t"))))],
    "fdiv.biconjugate.kl": [("sign flip", _sup_rhs("fdiv.biconjugate.kl", lambda e: -e))],
    "fdiv.kl.sup_r1": [("swapped KL direction", lambda: with_rhs(
        "fdiv.kl.sup_r1", S("fdiv.kl.sup_r1", "q") * sp.log(S("fdiv.kl.sup_r1", "q")
                                                            / S("fdiv.kl.sup_r1", "p"))))],
    "fdiv.r2.normalised": [("r q with a factor 2", lambda: with_lhs(
        "fdiv.r2.normalised", sp.Integral(2 * RESULTS["fdiv.r2.normalised"].statement.lhs.function,
                                          *RESULTS["fdiv.r2.normalised"].statement.lhs.limits)))],
    "fdiv.kl.r2_bound": [("reversed inequality", lambda: _flip_relation("fdiv.kl.r2_bound"))],
    "fdiv.kl.r2_ge_r1": [("R1 >= R2 claimed", lambda: _flip_relation("fdiv.kl.r2_ge_r1"))],
    "jsd.disjoint": [("bits instead of nats", lambda: with_rhs("jsd.disjoint", sp.S.One))],
    "free_energy.identity": [("sign of log Z", lambda: with_rhs(
        "free_energy.identity", RESULTS["free_energy.identity"].statement.rhs - 2 * sp.log(fe.Z)))],
    "free_energy.mean_energy": [("sign flip", _sup_rhs("free_energy.mean_energy", lambda e: -e))],
    "free_energy.bound": [("bound too low", _sup_rhs("free_energy.bound",
                                                     lambda e: e - sp.Rational(1, 2)))],
    "meanfield.q2": [("log 2^N", lambda: with_rhs("meanfield.q2", S("meanfield.q2", "N")
                                                  * sp.log(2)))],
    "meanfield.q1": [("(N) log 2 instead of (N - 1) log 2", _sup_rhs(
        "meanfield.q1", lambda e: e - sp.log(2)))],
    "gmm.density": [("missing 1/K", _sup_rhs("gmm.density", lambda e: 10 * e))],
    "gmm.em.mean": [("unweighted mean", lambda: with_rhs("gmm.em.mean", gmm.MEAN_BODY.subs(
        gmm.m, gmm.over_i(gmm.XS[gmm.j], gmm.j) / gmm.n_pts)))],
    "gmm.em.weights": [("uniform weights", lambda: with_rhs("gmm.em.weights", gmm.over_k(
        gmm.GS[gmm.k] * sp.log(1 / gmm.Ks))))],
    "kde.density": [("missing 1/n", lambda: with_lhs("kde.density", sp.Integral(
        3 * RESULTS["kde.density"].statement.lhs.function,
        *RESULTS["kde.density"].statement.lhs.limits)))],
    "ebm.mle.gradient": [("sign of the model term", _sup_rhs(
        "ebm.mle.gradient", lambda e: e - 2 * sp.Add(*[t for t in sp.Add.make_args(e)
                                                      if t.has(sp.Integral)])))],
    "is.self_normalised": [("no self-normalisation", _sup_rhs("is.self_normalised", _numerator))],
    "is.grad_a": [("sign flip", _sup_rhs("is.grad_a", lambda e: -e))],
    "is.log_partition": [("factor 2", _sup_rhs("is.log_partition", lambda e: e + sp.log(2)))],
    "vi.elbo_gap": [("swapped KL direction", lambda: with_rhs("vi.elbo_gap", vi.ELBO_K + sp.Sum(
        vi.POST_K * (sp.log(vi.POST_K) - sp.log(vi.Q_K)), (vi.k_, 1, vi.STATES)))),
                    ("sign of the divergence", lambda: with_rhs("vi.elbo_gap",
                                                                vi.ELBO_K - vi.KL_K))],
    "vi.kl_asymmetry": [("swapped directions", lambda: with_lhs("vi.kl_asymmetry", KL(
        *reversed(RESULTS["vi.kl_asymmetry"].statement.lhs.args))) and dataclasses.replace(
        RESULTS["vi.kl_asymmetry"], statement=Statement(
            KL(*reversed(RESULTS["vi.kl_asymmetry"].statement.lhs.args)),
            10 * RESULTS["vi.kl_asymmetry"].statement.lhs, ">")))],
    "vi.gmm_bounds": [("weights pi_k dropped", _sup_rhs("vi.gmm_bounds",
                                                        lambda e: e + sp.log(10)))],
    "vi.gmm_bounds.posterior": [("log-evidence off by log 3", _sup_rhs(
        "vi.gmm_bounds.posterior", lambda e: e + sp.log(3)))],
    "vi.gmm_limit": [("R^2 term missing", _sup_rhs("vi.gmm_limit", lambda e: e + S(
        "vi.gmm_limit", "R") ** 2 / 2))],
}


def test_figure_of_2_2_is_written_only_when_asked(tmp_path):
    from probproof.numeric.confirm.vi import figure

    assert not list(tmp_path.iterdir())
    out = figure(RESULTS["vi.kl_asymmetry"], tmp_path / "figs")
    assert out.exists() and out.stat().st_size > 5000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


CASES = [pytest.param((rid, i, None), id=f"{rid}:{m}") for rid in IDS
         for i, (m, _fn) in enumerate(CONFIRMATIONS.get(rid, []))]
WRONG_CASES = [pytest.param((rid, i, label), id=f"{rid}:{m}:{label}") for rid in IDS
               for i, (m, _fn) in enumerate(CONFIRMATIONS.get(rid, []))
               for (label, _make) in WRONG.get(rid, [])]


@pytest.fixture(scope="module")
def outcomes():
    return run_parallel(_confirm, [c.values[0] for c in CASES + WRONG_CASES])


def test_every_result_has_two_confirmations():
    few = [rid for rid in IDS if len(CONFIRMATIONS.get(rid, [])) < 2]
    assert not few, f"fewer than two numeric confirmations: {few}"


def test_every_result_has_a_wrong_version():
    assert not [rid for rid in IDS if rid not in WRONG]


@pytest.mark.parametrize("key", CASES)
def test_confirmation_passes(key, outcomes):
    passed, detail, method = outcomes[key]
    assert passed, f"{method}: {detail}"
    assert method and detail


@pytest.mark.parametrize("key", WRONG_CASES)
def test_confirmation_rejects_wrong_formula(key, outcomes):
    passed, detail, method = outcomes[key]
    assert not passed, f"{method} accepted the wrong version ({key[2]}): {detail}"
