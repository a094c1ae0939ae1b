"""One evaluator of the claim language, one tolerance rule, one sampler of domains
(issue 12): the catalog's confirmations share them instead of carrying copies."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from scipy import stats

import probproof.numeric.confirm as confirm_pkg
from probproof.checks import compare as checks_compare
from probproof.checks.domains import parse_domain
from probproof.derivations.vocabulary import KL, Expect, Normal
from probproof.numeric import sampling, tolerance
from probproof.numeric.estimate import Estimate
from probproof.numeric.evaluate import Context, evaluate

CONFIRM_DIR = Path(confirm_pkg.__file__).parent
#: Names that only an evaluator of the claim language of its own would define or import:
#: Gauss-Hermite nodes, and the helpers of the evaluators that were removed.
OWN_EVALUATOR = {"hermgauss", "quad_value", "mc_value", "random_point", "explicit_formulas"}


def _modules():
    return sorted(CONFIRM_DIR.glob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_confirmations_carry_no_evaluator_of_their_own(path):
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in OWN_EVALUATOR:
            found.add(f"defines {node.name}")
        elif isinstance(node, ast.ImportFrom):
            if node.module and node.module.endswith("confirm._evaluate"):
                found.add("imports confirm._evaluate")
            found |= {f"imports {a.name}" for a in node.names if a.name in OWN_EVALUATOR}
        elif isinstance(node, ast.Attribute) and node.attr in OWN_EVALUATOR:
            found.add(f"uses .{node.attr}")
        elif isinstance(node, ast.Assign):
            # A z of its own for Monte Carlo comparisons (the shared one is in
            # numeric.tolerance).
            found |= {f"assigns {t.id}" for t in node.targets
                      if isinstance(t, ast.Name) and t.id in ("Z", "Z_BOUND")}
    assert not found, f"{path.name}: {sorted(found)}"


def test_the_scan_sees_an_evaluator_of_its_own(tmp_path):
    """The scan above is not vacuous: a module like the removed ``_evaluate`` fails it."""
    src = ("import numpy as np\nfrom scipy.stats import norm\nZ_BOUND = float(norm.isf(5e-7))\n"
           "def random_point(s, d, r):\n    return np.polynomial.hermite.hermgauss(80)\n")
    tree = ast.parse(src)
    names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    attrs = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert names & OWN_EVALUATOR and attrs & OWN_EVALUATOR
    assert not (CONFIRM_DIR / "_evaluate.py").exists()


def test_one_tolerance_rule():
    assert checks_compare.Z is tolerance.Z and checks_compare.compare is tolerance.compare
    z = stats.norm.isf(tolerance.ALPHA_PER_COMPARISON / 2)
    assert abs(tolerance.Z - z) <= 1e-12 * z


# -- the Monte Carlo option of the shared evaluator ---------------------------------------

mu, s = sp.Symbol("mu", real=True), sp.Symbol("s", positive=True)
x = sp.Symbol("x", real=True)


def _kl_closed(m, sd):
    return math.log(1 / sd) + (sd**2 + m**2) / 2 - 0.5  # KL(N(m, sd) || N(0, 1)), by hand


def test_monte_carlo_option_samples_every_expectation():
    point = {mu: 0.7, s: 1.3}
    e = evaluate(KL(Normal(mu, s), Normal(0, 1)), point, Context(monte_carlo=True))
    assert e.methods == frozenset(["monte-carlo"]) and e.stderr > 0
    truth = Estimate(_kl_closed(0.7, 1.3))
    assert tolerance.compare(e, truth, "==").outcome == tolerance.AGREE
    # and it tells a missing 1/2 (a plausible wrong closed form) apart
    wrong = Estimate(2 * _kl_closed(0.7, 1.3))
    assert tolerance.compare(e, wrong, "==").outcome == tolerance.DISAGREE
    q = evaluate(Expect(x**2, x, Normal(mu, s)), point, Context())
    assert "monte-carlo" not in q.methods and q.stderr == 0


def test_monte_carlo_draws_depend_on_the_seed():
    point = {mu: 0.2, s: 0.9}
    a, b = (evaluate(Expect(x**3, x, Normal(mu, s)), point, Context(seed=k, monte_carlo=True))
            for k in (0, 1))
    assert a.value != b.value


# -- the one sampler of domains -----------------------------------------------------------

@pytest.mark.parametrize("text", ["real", "positive", "nonnegative", "negative", "probability",
                                  "integer", "positive integer", "interval(-1, 1/2)",
                                  "interval(0, oo)", "interval(-oo, 3)"])
def test_draws_lie_in_the_domain(text):
    b = sampling.bounds(text)
    dom = parse_domain(text)  # the claim files' parser agrees on the bounds
    assert (b.low, b.high, b.integer) == (dom.low, dom.high, dom.integer)
    rng = np.random.default_rng(0)
    vals = np.array([sampling.draw(b.low, b.high, b.integer, rng) for _ in range(2000)])
    assert all(dom.contains(v) for v in vals)
    if b.integer:
        assert np.all(vals == np.round(vals)) and len(set(vals)) >= 5
    else:
        assert len(set(vals)) == len(vals)
    if b.low is not None and b.high is None and not b.integer:  # near the bound and far
        assert (vals - b.low).min() < 0.2 and (vals - b.low).max() > 5


def test_unknown_domain_is_an_error():
    for bad in ("reals", "interval(0)", "interval(exp(1), 2)"):
        with pytest.raises(ValueError):
            sampling.bounds(bad)


def test_points_do_not_depend_on_set_order():
    a, b = sp.Symbol("a", real=True), sp.Symbol("b", positive=True)
    doms = {"a": "real", "b": "positive"}
    p1 = sampling.draw_point({a, b}, doms, np.random.default_rng(3))
    p2 = sampling.draw_point([b, a], doms, np.random.default_rng(3))
    assert p1 == p2 and p1[b] > 0
