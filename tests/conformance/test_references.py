"""The references and labels of the conformance suite, checked without probproof.

A wrong closed form in ``table.py`` is caught here, by scipy / torch / mpmath:
every row's own claim must be labelled true, and every row must have at least
three wrong versions that the references label false.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter
from pathlib import Path

import mpmath as mp
import pytest
import references as R
from generate import ROW_BY_ID, claims, compare, evaluate_rhs, label
from regression_truth import TRUTH
from table import ROWS

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def suite():
    return claims()


@pytest.mark.parametrize(
    "law, xs",
    [
        (R.normal(0.4, 2.0), [-3.0, 0.4, 9.0]),
        (R.laplace(-1.0, 0.3), [-1.5, 0.0, 4.0]),
        (R.uniform(-1.0, 2.5), [-0.5, 2.0]),
        (R.exponential(0.05), [0.1, 30.0]),
        (R.gamma(0.05, 2.0), [1e-6, 0.3, 5.0]),
        (R.gamma(1000.0, 0.3), [3000.0, 3500.0]),
        (R.beta(0.05, 7.5), [1e-5, 0.5, 0.99]),
        (R.beta(1000.0, 2.0), [0.99, 0.999]),
    ],
)
@R.precise
def test_mpmath_densities_agree_with_scipy(law, xs) -> None:
    for x in xs:
        assert float(law.logpdf(mp.mpf(x))) == pytest.approx(float(law.scipy.logpdf(x)), rel=1e-9)


@pytest.mark.parametrize(
    "law, ks",
    [
        (R.bernoulli(0.3), [0, 1]),
        (R.binomial(40, 0.77), [0, 20, 40]),
        (R.poisson(1000.0), [0, 990, 1500]),
        (R.categorical([0.2, 0.5, 0.3]), [0, 1, 2]),
    ],
)
@R.precise
def test_mpmath_pmfs_agree_with_scipy(law, ks) -> None:
    for k in ks:
        assert float(law.logpdf(k)) == pytest.approx(float(law.scipy.logpmf(k)), rel=1e-9)


@R.precise
def test_expectation_at_a_singular_end_point_is_exact() -> None:
    # E log X for X ~ Gamma(0.05, 1) is digamma(0.05); plain tanh-sinh is off by 0.25 here.
    assert float(R.expect(mp.log, R.gamma(0.05, 1.0))) == pytest.approx(
        float(mp.digamma(0.05)), rel=1e-10
    )


def test_suite_size_and_every_row_true(suite) -> None:
    cs, dropped = suite
    assert len(cs) >= 400
    assert not dropped, f"claims the references could not decide: {dropped}"
    own = {c.row: c.expect for c in cs if c.mutation == ""}
    assert set(own) == {r.id for r in ROWS}
    assert [r for r, e in own.items() if e != "true"] == []


def test_every_row_has_three_wrong_versions(suite) -> None:
    cs, _ = suite
    wrong = Counter(c.row for c in cs if c.expect == "false")
    assert {r.id: wrong[r.id] for r in ROWS if wrong[r.id] < 3} == {}


def test_prepared_rows_of_the_next_families_are_labelled_by_scipy() -> None:
    from table_next import NEXT_ROWS

    cs, dropped = claims(NEXT_ROWS)
    assert not dropped
    assert {c.row for c in cs if c.mutation == "" and c.expect == "true"} == {
        r.id for r in NEXT_ROWS
    }
    assert all(c.expect == "false" for c in cs if c.mutation)


def test_symbols_of_one_domain_never_share_a_value() -> None:
    # With y == mu at every point, "+ 2*rho" for "- 2*rho" in the MvNormal
    # logpdf agreed everywhere and was labelled true.
    from generate import points

    row = ROW_BY_ID["mvnormal.logpdf"]
    for pt in points(row):
        assert pt["y"] != pt["mu"] and pt["v"] != pt["nu"] and pt["s"] != pt["r"]
    assert label(row, row.rhs.replace("- 2*rho", "+ 2*rho")) == "false"


def test_ids_are_unique(suite) -> None:
    cs, _ = suite
    ids = [c.id for c in cs]
    assert len(ids) == len(set(ids))


def test_labels_reject_wrong_forms() -> None:
    row = ROW_BY_ID["kl.normal.normal2"]
    assert label(row, row.rhs) == "true"
    assert label(row, row.rhs.replace("- 1/2", "- 1/3")) == "false"
    assert label(ROW_BY_ID["gamma.mean"], "a/b") == "true"
    assert label(ROW_BY_ID["gamma.mean"], "a*b") == "false"  # rate read as scale


def test_compare_is_strict_only_where_clear() -> None:
    assert compare(1.0 + 1e-10, 1.0) == "agree"
    assert compare(1.0 + 1e-4, 1.0) == "differ"
    assert compare(1.0 + 1e-7, 1.0) == "unclear"
    assert compare(math.inf, math.inf) == "agree"
    assert compare(5.0, math.inf) == "differ"
    assert evaluate_rhs("oo", {}) == math.inf


def _regression_claims() -> list[dict]:
    return tomllib.loads((HERE / "regressions.toml").read_text())["claim"]


def test_every_regression_claim_has_a_reference() -> None:
    assert {c["id"] for c in _regression_claims()} == set(TRUTH)


@pytest.mark.parametrize("claim", _regression_claims(), ids=lambda c: c["id"])
def test_regression_expectation_matches_reference(claim) -> None:
    assert TRUTH[claim["id"]]() == (claim.get("expect", "true") == "true")


def test_references_leave_mpmaths_precision_alone() -> None:
    # The suite once set mp.mp.dps = 30 at import, for every test of the run (probproof's
    # own mpmath witness included): precision is now set per reference computation.
    before = mp.mp.dps
    R.expect(mp.log, R.gamma(0.5, 1.0))
    assert mp.mp.dps == before == 15
