"""The affine coupling block for any half-width m (seed 003, question 1): each general
step of ``flow.coupling.*`` is checked, and wrong versions of each are not."""

from __future__ import annotations

import dataclasses
import re

import pytest
import sympy as sp
from sympy.core.function import AppliedUndef

from probproof.checks.catalog import check_steps
from probproof.checks.engine import check_relation
from probproof.derivations import flow, load_all
from probproof.derivations.vocabulary import Jacobian

RESULTS = load_all()
IDS = ("flow.coupling.inverse", "flow.coupling.jacobian", "flow.coupling.det")
GOOD = {"proved", "confirmed"}
k, i = flow.K_, flow.I_


def _check(lhs, rhs) -> str:
    return str(check_relation(lhs, rhs, "==", flow.GENERAL_DOMAINS, timeout=30).status)


@pytest.mark.parametrize("rid", IDS)
def test_every_step_is_checked_for_a_symbolic_m(rid):
    result = RESULTS[rid]
    # stated for any m, not at d = 4: symbolic indices, no coordinate with a number
    stated = {str(x) for x in result.statement.lhs.free_symbols
              | result.statement.rhs.free_symbols}
    assert stated & {"i", "m", "a_i"}, stated
    assert not [x for x in stated if re.fullmatch(r"[abuvs]_\d+", x)], stated
    verdicts = check_steps(result)
    for step in verdicts.steps:
        assert str(step.verdict.status) in GOOD, (step.label, step.verdict)


def _lower_pair() -> sp.ImmutableMatrix:
    """The rows of u_i and v_i with the off-diagonal block moved below the diagonal."""
    m = sp.Matrix(flow.pair_entries())
    m[1, 0], m[1, 1], m[0, 2], m[0, 3] = m[0, 2], m[0, 3], 0, 0
    return sp.ImmutableMatrix(m)


def _without_a_i() -> sp.ImmutableMatrix:
    m = sp.Matrix(flow.pair_entries())
    m[0, 3] = m[0, 3].subs(flow.a_i, 1)
    return sp.ImmutableMatrix(m)


_G_SUM = sp.Sum(flow.G_AT[k], (k, 1, flow.M))
_S_SUM = sp.Sum(flow.S[k], (k, 1, flow.M))

WRONG = {
    "inverse: shift added back": (
        flow.round_trip(inv_a=(flow.U[i] + flow.F_I) * sp.exp(-flow.G_I)), flow.B, flow.A),
    "inverse: exp(+s)": (flow.round_trip(inv_b=flow.V[k] * sp.exp(flow.S[k])), flow.B, flow.A),
    "inverse: exp(-F) as the scale": (
        flow.round_trip(inv_a=(flow.U[i] - flow.F_I) * sp.exp(-flow.F_I)), flow.B, flow.A),
    "jacobian: a_i missing off the diagonal": (flow.rows_of_pair(), _without_a_i()),
    "jacobian: block lower triangular": (flow.rows_of_pair(), _lower_pair()),
    "det: sum of G missing": (flow.DIAG_PRODUCT, sp.exp(_S_SUM)),
    "det: F in place of G": (
        flow.DIAG_PRODUCT, sp.exp(sp.Sum(flow.F_AT[k] + flow.S[k], (k, 1, flow.M)))),
    "det: the sums' exponentials added": (flow.DIAG_PRODUCT, sp.exp(_G_SUM) + sp.exp(_S_SUM)),
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_a_wrong_general_step_is_refuted(name):
    lhs, *rest = WRONG[name]
    rhs = rest[0] if len(rest) == 1 else sp.ImmutableMatrix([rest[0][k], rest[1][i]])
    assert _check(lhs, rhs) == "refuted", name


@pytest.mark.parametrize("name", ["inverse", "jacobian", "det"])
def test_the_right_general_step_passes(name):
    """The same checks as above with the right formulas: the wrong ones fail for being
    wrong, not for being unevaluable."""
    lhs, rhs = {
        "inverse": (flow.round_trip(), sp.ImmutableMatrix([flow.B[k], flow.A[i]])),
        "jacobian": (flow.rows_of_pair(), flow.pair_entries()),
        "det": (flow.DIAG_PRODUCT, sp.exp(flow.LOG_DET)),
    }[name]
    assert _check(lhs, rhs) in GOOD


def test_a_wrong_statement_fails_verify():
    """A result whose statement is not where its derivation ends is not passed."""
    det = RESULTS["flow.coupling.det"]
    wrong = dataclasses.replace(det, statement=dataclasses.replace(
        det.statement, rhs=sp.exp(sp.Sum(flow.F_AT[k] + flow.S[k], (k, 1, flow.M)))))
    statement = next(s for s in check_steps(wrong).steps if s.kind == "statement")
    assert str(statement.verdict.status) == "refuted"


@pytest.mark.parametrize("m", [1, 2, 3])
def test_the_general_entries_placed_at_every_coordinate_are_the_jacobian(m):
    """``jacobian_at`` (what the confirmations and the figure use) puts the general
    entries where SymPy's own Jacobian of the written-out block has them, and a wrong
    general entry lands in the written-out matrix."""
    jac, placed = flow.jacobian_at(m, flow.pair_entries())
    assert isinstance(jac, Jacobian)
    assert (sp.Matrix(jac.doit()) - placed).applyfunc(sp.simplify) == sp.zeros(2 * m)
    _, lower = flow.jacobian_at(m, _lower_pair())
    assert (sp.Matrix(jac.doit()) - lower).applyfunc(sp.simplify) != sp.zeros(2 * m)


def test_round_trip_and_det_at_a_width_are_the_block_written_out():
    trip, x = flow.round_trip_at(3, flow.round_trip())
    assert list(trip.doit().applyfunc(sp.simplify)) == list(x)
    matrix, value = flow.det_at(3, sp.exp(flow.LOG_DET))
    assert sp.simplify(matrix.det() - value) == 0
    _, wrong = flow.det_at(3, sp.exp(_S_SUM))
    assert sp.simplify(matrix.det() - wrong) != 0


def test_the_misprint_and_the_volume_stay_as_they_were():
    claim = flow.misread_inverse_claim()
    assert str(check_relation(claim.lhs, claim.rhs, claim.relation,
                              {"a": "real", "b": "real", "s": "real"}, timeout=60).status) \
        == "refuted"
    (fact,) = RESULTS["flow.coupling.det"].facts
    assert fact.rhs == sp.E and sp.simplify(fact.lhs.doit() - sp.E) == 0


@pytest.mark.parametrize("rid", IDS)
def test_the_legend_defines_and_no_derivative_is_printed_in_a_matrix(rid):
    from probproof.reports.latex import result_snippet

    result = RESULTS[rid]
    for let in result.legend:
        # a name for a derivative, never ``G_1 = G_1(b_1, b_2)``, which says nothing
        assert not isinstance(let.rhs, AppliedUndef), let
        assert isinstance(let.rhs, sp.Derivative), let
    snippet = result_snippet(result)
    matrices = re.findall(r"\\begin\{matrix\}(.*?)\\end\{matrix\}", snippet, re.S)
    assert all(r"\partial" not in body for body in matrices), rid
