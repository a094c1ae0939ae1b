"""`probproof show` prints terminal text (issue 16): no LaTeX, no unevaluated
derivative of a constant, no formula printed twice in a row, no unused symbol."""

from __future__ import annotations

import itertools
import re

import pytest
import sympy as sp

from probproof import cli
from probproof.commands.plain_text import convert
from probproof.derivations import load_all

CATALOG = load_all()


def _show(result_id: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["show", result_id]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("result_id", sorted(CATALOG))
def test_show_prints_plain_text(result_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = _show(result_id, capsys)
    assert "$" not in out and "\\" not in out, out
    assert not re.search(r"Derivative\(-?\d", out), out
    r = CATALOG[result_id]
    for d in r.derivations:
        exprs = [d.start, *(s.expr for s in d.steps)]
        for before, after in itertools.pairwise(exprs):
            if sp.sstr(before) == sp.sstr(after):
                assert "(the same as printed above)" in out
    where = next((line for line in out.splitlines() if line.startswith("  where ")), "")
    used = set()
    formulas = [r.statement.lhs, r.statement.rhs, *(f.lhs for f in r.facts),
                *(f.rhs for f in r.facts)]
    for d in r.derivations:
        formulas += [d.start, *(s.expr for s in d.steps)]
    for e in formulas:
        used |= {s.name for s in e.free_symbols}
    for name in re.findall(r"(\w+): ", where):
        assert name in used, f"{name} is listed in 'where' but no formula uses it"


def test_the_examples_of_the_issue(capsys: pytest.CaptureFixture[str]) -> None:
    det = _show("flow.coupling.det", capsys)
    assert "a_1*Derivative(0, b_1)" not in det and "Derivative(F_1(b_1, b_2), b_1)" in det
    moments = _show("reparam.gaussian.moments", capsys)
    where = next(line for line in moments.splitlines() if line.startswith("  where "))
    assert "mu: real" in where and "N:" not in where
    kl = _show("kl.gaussian.standard", capsys)
    assert "== (the same as printed above)    (the two Gaussian log densities" in kl


@pytest.mark.parametrize(("tex", "text"), [
    (r"$\mathbb{E}(z-\mu)^2$", "E(z-μ)^2"),
    (r"see \texttt{probproof.derivations.flow.misread\_inverse\_claim}.",
     "see probproof.derivations.flow.misread_inverse_claim."),
    (r"$\frac{a+b}{c}$", "(a+b)/c"),
    (r"$\frac{a}{2\sigma}$", "a/(2σ)"),
    (r"$\frac1L\sum_{l=1}^L f(\epsilon^{(l)})$", "1/L Σ_{l=1}^L f(ε^{(l)})"),
    (r"$\frac{f_1(x)}{f_0(x)+f_1(x)}$", "f_1(x)/(f_0(x)+f_1(x))"),
    (r"$D_{KL}(q \| p) \ge 0$", "D_{KL}(q ‖ p) ≥ 0"),
    (r"$p\log p$, $\log\frac{p}{q}$", "p log p, log p/q"),
    (r"$\bar z = \partial (r - s)/\partial z$", "z̄ = ∂ (r - s)/∂ z"),
    (r"$\sqrt{2\pi}$, $\operatorname{Var} z$", "√(2π), Var z"),
])
def test_latex_to_terminal_text(tex: str, text: str) -> None:
    assert convert(tex) == text
