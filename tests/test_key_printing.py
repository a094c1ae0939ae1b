"""How the answer key prints what a reader must read at full size: long exponents,
sums that a derivation left unevaluated to show terms cancel, named sums times a number."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Let
from probproof.reports import legend
from probproof.reports.latex import tex

a, b, x1, x2, m1, m2 = sp.symbols("a b x1 x2 m1 m2", real=True)
F, G = sp.symbols("F G")


def test_a_long_exponent_is_written_exp():
    # two coordinates' squares in a superscript: script size, unreadable
    assert tex(sp.exp(-(x1 - m1) ** 2 / 2 - (x2 - m2) ** 2 / 2)).startswith(r"\exp\left(")
    assert tex(sp.exp(-sp.Function("E")(a) ** 2 / 2)).startswith(r"\exp\left(")
    # a short one stays a superscript
    assert tex(sp.exp(-(x1**2) / 2)) == r"e^{- \frac{x_{1}^{2}}{2}}"
    assert tex(sp.exp(G)) == r"e^{G}"


def test_an_unevaluated_sum_keeps_its_order():
    written = sp.Add(a * sp.exp(G), F, -F, evaluate=False)
    assert tex(written) == r"a e^{G} + F - F"
    # an evaluated sum is printed in SymPy's order, as before
    assert tex(F - a) == r"F - a"


def test_a_name_keeps_the_place_of_its_terms():
    fb = sp.Function("F")(b)
    written = sp.Add(a * sp.exp(G), fb, -fb, evaluate=False)
    with legend.using([Let(F, fb)]):
        assert tex(written) == r"a e^{G} + F - F"


def test_a_named_sum_times_a_number_is_named():
    d2 = sp.Function("d")(a) ** 2
    with legend.using([Let(d2, x1**2 + x2**2)]):
        assert tex(-(x1**2 + x2**2) / 2) == tex(-d2 / 2)
        # not a multiple of the definition: left alone
        assert "d" not in tex(-(x1**2) / 2 - x2**2)


def test_a_density_with_a_long_exponent_puts_the_fraction_first():
    # exp(...) in a numerator is set small, its exponent smaller: 1/(2 pi) exp(...) instead
    bump = sp.exp(-(x1 - m1) ** 2 / 2 - (x2 - m2) ** 2 / 2)
    assert tex(bump / (2 * sp.pi)).startswith(r"\frac{1}{2 \pi} \exp\left(")
    assert tex(-bump / (2 * sp.pi)).startswith(r"- \frac{1}{2 \pi} \exp\left(")
    # a short exponent stays in the fraction
    assert tex(sp.exp(-(x1**2) / 2) / sp.pi) == r"\frac{e^{- \frac{x_{1}^{2}}{2}}}{\pi}"


def test_a_claim_whose_sides_print_alike_is_displayed_once():
    from probproof.derivations.result import Statement
    from probproof.reports.latex import statement_tex

    grid = sp.ImmutableMatrix([[1, 0], [0, 1]])
    once = statement_tex(Statement(sp.eye(2).as_immutable(), grid, "==", ""))
    assert once.count(r"\begin{matrix}") == 1 and "=" not in once.replace(r"\[", "")
    # different sides, or a relation other than equality, keep both sides
    both = statement_tex(Statement(sp.ImmutableMatrix([[a, 0], [0, 1]]), grid, "==", ""))
    assert both.count(r"\begin{matrix}") >= 2
    assert r"\le" in statement_tex(Statement(a, a, "<=", ""))


def test_the_report_displays_such_a_claim_once_too():
    from probproof.reports.mathml import claim_math

    grid = sp.ImmutableMatrix([[1, 0], [0, 1]])
    assert claim_math(sp.eye(2).as_immutable(), "==", grid).count("<mo>=</mo>") == 0
    assert claim_math(sp.ImmutableMatrix([[a, 0], [0, 1]]), "==", grid).count("<mo>=</mo>") == 1


def test_minus_a_kept_sum_has_growing_brackets():
    # SymPy sets -(f0/(D - 1)^2 + f1/D^2) with text-size brackets around stacked fractions
    kept = sp.Mul(-1, a / (b - 1) ** 2 + 1 / b**2, evaluate=False)
    assert tex(kept).startswith(r"- \left(") and tex(kept).endswith(r"\right)")


def test_an_exponent_with_a_fraction_beside_other_terms_is_written_exp():
    # e^{v tanh(a t + c) - t^2/2} set the fraction at script size twice (ebm.mle.gradient);
    # the textbook e^{-x^2/2} stays a superscript.
    t, v, a, c, x = sp.symbols("t v a c x")
    assert tex(sp.exp(v * sp.tanh(a * t + c) - t**2 / 2)).startswith(r"\exp\left(")
    assert tex(sp.exp(-x**2 / 2)).startswith("e^{")
