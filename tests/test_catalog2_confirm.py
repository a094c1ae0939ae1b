"""The numeric confirmations of catalog 2: each passes on its result, and each REJECTS
wrong versions of the formula (the confirmations read the formula from the result)."""

from __future__ import annotations

import dataclasses
import warnings

import pytest
import sympy as sp
from _catalog2 import CONFIRMATIONS, MINE, RESULTS

from probproof.derivations.result import Statement


def with_rhs(rid, rhs):
    r = RESULTS[rid]
    return dataclasses.replace(r, statement=dataclasses.replace(r.statement, rhs=rhs))


def with_lhs(rid, lhs):
    r = RESULTS[rid]
    return dataclasses.replace(r, statement=dataclasses.replace(r.statement, lhs=lhs))


def S(rid, name):
    r = RESULTS[rid]
    syms = r.statement.lhs.free_symbols | r.statement.rhs.free_symbols
    for f in r.facts:
        syms |= f.lhs.free_symbols | f.rhs.free_symbols
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


def _sup_rhs(rid, fn):
    return lambda: with_rhs(rid, fn(RESULTS[rid].statement.rhs))


#: result id -> list of (what is wrong, factory of the wrong result)
WRONG = {
    **{f"pixelcnn.receptive_field.{k}": [("mask of another case", lambda k=k, o=o: _pix(k, o))]
       for k, o in [("AA", "AB"), ("AB", "BB"), ("BA", "AA"), ("BB", "BA")]},
    "gan.discriminator.optimal": [("D* = f0/(f0 + f1)", _gan_swapped)],
    "fdiv.conjugate.kl": [("exp(t) instead of exp(t - 1)",
                           lambda: with_rhs("fdiv.conjugate.kl", sp.exp(S("fdiv.conjugate.kl", "t"))))],
    "fdiv.biconjugate.kl": [("sign flip", _sup_rhs("fdiv.biconjugate.kl", lambda e: -e))],
    "fdiv.kl.sup_r1": [("swapped KL direction", lambda: with_rhs(
        "fdiv.kl.sup_r1", S("fdiv.kl.sup_r1", "q") * sp.log(S("fdiv.kl.sup_r1", "q")
                                                            / S("fdiv.kl.sup_r1", "p"))))],
    "fdiv.r2.normalised": [("r q with a factor 2", lambda: with_lhs(
        "fdiv.r2.normalised", sp.Integral(2 * RESULTS["fdiv.r2.normalised"].statement.lhs.function,
                                          *RESULTS["fdiv.r2.normalised"].statement.lhs.limits)))],
    "fdiv.kl.r2_bound": [("reversed inequality", lambda: _flip_relation("fdiv.kl.r2_bound"))],
    "fdiv.kl.r2_ge_r1": [("R1 >= R2 claimed", lambda: _flip_relation("fdiv.kl.r2_ge_r1"))],
}


CASES = [pytest.param(rid, m, fn, id=f"{rid}:{m}") for rid in MINE
         for (m, fn) in CONFIRMATIONS.get(rid, [])]


def test_every_result_has_two_confirmations():
    few = [rid for rid in MINE if len(CONFIRMATIONS.get(rid, [])) < 2]
    assert not few, f"fewer than two numeric confirmations: {few}"


@pytest.mark.parametrize(("rid", "method", "fn"), CASES)
def test_confirmation_passes(rid, method, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        c = fn(RESULTS[rid], 0)
    assert c.passed, c.detail
    assert c.method and c.detail


WRONG_CASES = [pytest.param(rid, m, fn, label, make, id=f"{rid}:{m}:{label}")
               for rid in MINE for (m, fn) in CONFIRMATIONS.get(rid, [])
               for (label, make) in WRONG.get(rid, [])]


def test_every_result_has_a_wrong_version():
    assert not [rid for rid in MINE if rid not in WRONG]


@pytest.mark.parametrize(("rid", "method", "fn", "label", "make"), WRONG_CASES)
def test_confirmation_rejects_wrong_formula(rid, method, fn, label, make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        c = fn(make(), 0)
    assert not c.passed, f"{method} accepted the wrong version ({label}): {c.detail}"

