"""``pytest --probproof``: a fixture catalog with one good and one deliberately
broken derivation, run through pytester with the plugin loaded by ``-p``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import probproof

pytest_plugins = ["pytester"]

CATALOG = '''
import sympy as sp
from probproof.derivations.result import Derivation, Result, Source, Statement, Step

x = sp.Symbol("x", real=True)

GOOD = Result(
    id="toy.square.good",
    title="The square of a sum",
    sources=(Source("toy", "1"),),
    statement=Statement((x + 1)**2, x**2 + 2*x + 1),
    derivations=(Derivation((x + 1)**2, (
        Step((x + 1)*(x + 1), "write the square as a product"),
        Step(x**2 + 2*x + 1, "expand"),
    )),),
    domains={"x": "real"},
)

BROKEN = Result(
    id="toy.square.broken",
    title="A slip in the expansion",
    sources=(Source("toy", "2"),),
    statement=Statement((x + 1)**2, x**2 + 1),
    derivations=(Derivation((x + 1)**2, (
        Step((x + 1)*(x + 1), "write the square as a product"),
        Step(x**2 + 1, "expand, forgetting the cross term"),
    )),),
    domains={"x": "real"},
)

RESULTS = {r.id: r for r in (GOOD, BROKEN)}
'''


@pytest.fixture(autouse=True)
def _importable(monkeypatch: pytest.MonkeyPatch) -> None:
    # The subprocess runs elsewhere: let it import probproof whether installed or not.
    root = str(Path(probproof.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [root, os.environ.get(
        "PYTHONPATH")])))


@pytest.fixture
def toy(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(toy_catalog=CATALOG)
    pytester.syspathinsert()
    return pytester



def _entry_point_installed() -> bool:
    from importlib.metadata import entry_points

    return any(ep.value == "probproof.checks.pytest_plugin"
               for ep in entry_points(group="pytest11"))


#: Installed, the pytest11 entry point loads the plugin; from a source tree, -p does.
#: Both at once would register it twice.
PLUGIN = () if _entry_point_installed() else ("-p", "probproof.checks.pytest_plugin")


def run(p: pytest.Pytester, *args: str) -> pytest.RunResult:
    return p.runpytest_subprocess(*PLUGIN, "--probproof",
                                  "--probproof-catalog", "toy_catalog", "-p", "no:cacheprovider",
                                  *args)


def test_good_passes_and_broken_fails_naming_the_step(toy):
    res = run(toy, "-v")
    res.assert_outcomes(passed=1, failed=1)
    out = res.stdout.str()
    assert "toy.square.good PASSED" in out
    assert "toy.square.broken FAILED" in out
    # The failure names the step, shows both sides and the counterexample...
    assert "refuted: derivation 1, step 2: expand, forgetting the cross term" in out
    assert "left side:  (x + 1)**2" in out
    assert "right side: x**2 + 1" in out
    assert "counterexample at x = " in out
    # ...and not the checker's internals.
    assert "Traceback" not in out and "verify_result" not in out
    # The first step of the broken derivation is fine and is not reported as failing.
    assert "step 1: write the square as a product" not in out


def test_k_selects_results_and_hypothesis_seed_is_accepted(toy):
    res = run(toy, "-k", "good", "--hypothesis-seed", "7")
    res.assert_outcomes(passed=1, deselected=1)


def test_counts_with_k_and_collect_only(toy):
    # The catalog's items were added without a collect report: pytest said
    # "collected 0 items / 1 deselected / -1 selected" and, under --co, listed
    # the items and then "no tests collected".
    out = run(toy, "-k", "good").stdout.str()
    assert "collected 2 items / 1 deselected / 1 selected" in out
    res = run(toy, "--co")
    out = res.stdout.str()
    assert "toy.square.good" in out and "2 tests collected" in out
    assert "no tests collected" not in out and res.ret == pytest.ExitCode.OK


def test_without_the_flag_nothing_is_collected(toy):
    res = toy.runpytest_subprocess(*PLUGIN,
                                   "--probproof-catalog", "toy_catalog")
    assert res.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_users_own_test_with_assert_claim(pytester):
    pytester.makepyfile(test_mine='''
import probproof


def test_kl_standard():
    probproof.assert_claim("KL(Normal(mu, 1), Normal(0, 1)) == mu**2/2", {"mu": "real"})

def test_wrong_claim_fails():
    probproof.assert_claim("KL(Normal(mu, 1), Normal(0, 1)) == mu**2", {"mu": "real"})
''')
    res = pytester.runpytest_subprocess(*PLUGIN)
    res.assert_outcomes(passed=1, failed=1)
    assert "counterexample at mu = " in res.stdout.str()
