"""Claim files as pytest test files: collection, names, locations, selection
(``-k``, ``--lf``), ``--hypothesis-seed``, the ini glob, failure reports, and
pytest-xdist giving the same outcomes as a plain run."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from test_derivations import SQUARE
from test_plugin import PLUGIN, _importable  # noqa: F401  (the fixture is used by pytest)

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

#: The chains of test_derivations, and a wrong claim after them.
SQUARES = SQUARE + """
[[claim]]
id = "wrong-claim"
statement = "(x + 1)**2 == x**2 + 1"
"""


def run(p: pytest.Pytester, *args: str) -> pytest.RunResult:
    return p.runpytest_subprocess(*PLUGIN, *args)


def failures_section(out: str) -> str:
    """The FAILURES part of a pytest report, without the short summary.

    With ``CI`` set (as on the CI machine) pytest prints each failure's whole message
    again in the short summary, so counts over the full output depend on the machine.
    """
    body = out.split("= FAILURES =", 1)[1]
    return body.split("short test summary info", 1)[0]


def test_one_item_per_claim_and_derivation_with_a_readable_failure(pytester) -> None:
    pytester.makefile(".toml", test_squares=SQUARES)
    res = run(pytester, "-v", "-p", "no:cacheprovider")
    res.assert_outcomes(passed=2, failed=2)
    out = res.stdout.str()
    for name, outcome in [("plain-claim", "PASSED"), ("square", "PASSED"),
                          ("wrong-claim", "FAILED"), ("square-slip", "FAILED")]:
        assert f"test_squares.toml::{name} {outcome}" in out
    # the failing derivation: its link, its justification, both sides, the counterexample
    assert "refuted: step 2: expand, forgetting the cross term" in out
    assert "left side (step 1):  (x + 1)*(x + 1)" in out
    assert "right side (step 2): x**2 + 1" in out
    # the failing claim: both sides and the counterexample
    assert "left side:  (x + 1)**2" in out and "right side: x**2 + 1" in out
    assert failures_section(out).count("counterexample at x = ") == 2
    assert "Traceback" not in out and "probproof/checks" not in out


def test_items_point_at_their_header_line(pytester) -> None:
    f = pytester.makefile(".toml", test_squares=SQUARES)
    items, _ = pytester.inline_genitems(*PLUGIN)
    lines = f.read_text().splitlines()
    assert [i.name for i in items] == ["plain-claim", "square", "square-slip", "wrong-claim"]
    for item in items:
        path, line, label = item.reportinfo()
        assert Path(path) == f and lines[line] in ("[[claim]]", "[[derivation]]")
        assert label == item.spec.id
    assert items[1].location[1] == lines.index("[[derivation]]")


def test_k_lf_and_hypothesis_seed(pytester) -> None:
    pytester.makefile(".toml", test_squares=SQUARES)
    res = run(pytester, "-k", "slip or plain", "--hypothesis-seed", "3")
    res.assert_outcomes(passed=1, failed=1, deselected=2)
    assert "collected 4 items / 2 deselected / 2 selected" in res.stdout.str()
    res = run(pytester, "--lf", "-v")
    res.assert_outcomes(failed=1)  # only the last failure runs
    assert "test_squares.toml::square-slip FAILED" in res.stdout.str()


def test_other_globs_by_ini_and_unusable_files_are_collection_errors(pytester) -> None:
    pytester.makeini("[pytest]\nprobproof_files = *.claims.toml\n")
    pytester.makefile(".claims.toml", bank=SQUARE.split("[[derivation]]\nid = \"square-slip\"")[0])
    pytester.makefile(".toml", test_ignored="this is not toml")
    res = run(pytester, "-p", "no:cacheprovider")
    res.assert_outcomes(passed=2)
    pytester.makefile(".claims.toml", broken="[[claim]\nid = 1")
    res = run(pytester, "-p", "no:cacheprovider")
    res.assert_outcomes(errors=1)  # pytest stops on a collection error, as for a .py file
    out = res.stdout.str()
    assert "ERROR collecting broken.claims.toml" in out
    assert "not valid TOML" in out and "Traceback" not in out


def test_the_elbo_file_as_test_elbo_toml_and_in_a_users_test_file(pytester) -> None:
    for kind in ("bank", "mistakes"):
        d = pytester.mkdir(kind)
        shutil.copy(EXAMPLES / kind / "test_elbo.toml", d)
    shutil.copy(EXAMPLES / "bank" / "test_elbo_in_python.py", pytester.path / "bank")
    shutil.copy(EXAMPLES / "mistakes" / "test_elbo_wrong_in_python.py",
                pytester.path / "mistakes")
    res = run(pytester, "-v", "-p", "no:cacheprovider")
    res.assert_outcomes(passed=2, failed=2)
    out = res.stdout.str()
    assert "bank/test_elbo.toml::elbo PASSED" in out
    assert "mistakes/test_elbo.toml::elbo FAILED" in out
    assert "bank/test_elbo_in_python.py::test_elbo_decomposition PASSED" in out
    # both failures name exactly the step with the swapped KL, and no other
    assert failures_section(out).count("refuted: step 3: add and subtract log q(z)") == 2
    assert "KL(Normal(0, 1), Normal(m, s))" in out
    assert "refuted: step 4" not in out and "refuted: step 2" not in out
    assert "site-packages/probproof" not in out and "probproof/checks/api.py" not in out


# --- a problem bank over two cores -------------------------------------------------


def _load_bench() -> ModuleType:
    """bench/bench_bank.py, whose generated bank and outcome reader the test shares."""
    spec = importlib.util.spec_from_file_location("bench_bank", ROOT / "bench" / "bench_bank.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _load_bench()


@pytest.mark.slow
def test_xdist_gives_the_same_outcomes_on_200_claims(pytester) -> None:
    BENCH.write_bank(pytester.path, 200, 4)
    serial = run(pytester, "-p", "no:cacheprovider", "--junitxml=serial.xml")
    parallel = run(pytester, "-p", "no:cacheprovider", "-n", "2", "--junitxml=parallel.xml")
    one, two = (BENCH.outcomes(pytester.path / f) for f in ("serial.xml", "parallel.xml"))
    assert len(one) == 200 and one == two
    failed = {key.split("::")[-1] for key, v in one.items() if v == "failed"}
    assert failed == {f"c{k:03d}" for k in range(3, 200, 10)}
    serial.assert_outcomes(passed=180, failed=20)
    parallel.assert_outcomes(passed=180, failed=20)


@pytest.mark.slow
def test_xdist_over_the_example_bank(pytester) -> None:
    shutil.copytree(EXAMPLES, pytester.path / "examples")
    serial = run(pytester, "examples", "-p", "no:cacheprovider", "--junitxml=serial.xml")
    parallel = run(pytester, "examples", "-p", "no:cacheprovider", "-n", "2",
                   "--junitxml=parallel.xml")
    one, two = (BENCH.outcomes(pytester.path / f) for f in ("serial.xml", "parallel.xml"))
    assert one == two and len(one) >= 8
    failed = {k for k, v in one.items() if v == "failed"}
    assert len(failed) == 2 and all("mistakes" in k for k in failed)
    assert serial.ret == parallel.ret == pytest.ExitCode.TESTS_FAILED
