"""What makes a formula of the key readable at full size, for both printers (LaTeX and
MathML): no fraction shrunk to script size, no line scaled down where it can be split, sums
in the order a reader writes them, and derivations that show a computation, not the same
formula twice."""

from __future__ import annotations

import sympy as sp

from probproof.checks.catalog import check_claim
from probproof.derivations import load_all, pixelcnn
from probproof.derivations.result import Let
from probproof.derivations.vocabulary import KL, Expect, Normal, Sup
from probproof.reports import legend
from probproof.reports.html import text_html
from probproof.reports.latex import (
    _stack,
    expression_rows,
    fit,
    printed_steps,
    result_snippet,
    tex,
    text_tex,
    unprinted_justification,
)
from probproof.reports.mathml import mathml

RESULTS = load_all()
x, m, a, b, c, d = sp.symbols("x m a b c d", real=True)
i, n, K = sp.symbols("i n K", integer=True, positive=True)
xs, g = sp.IndexedBase("x"), sp.IndexedBase("gamma")
P, Q = Normal(0, 1), Normal(1, 1)


# -- order of a sum's terms -------------------------------------------------------------

def test_a_difference_starts_with_the_added_term():
    assert tex(x - m) == "x - m"
    assert tex(xs[i] - m) == "x_{i} - m"
    assert tex(a + b - 2 * m) == "a + b - 2 m"  # added terms together, then the subtracted
    assert mathml(x - m) == "<mrow><mi>x</mi><mo>-</mo><mi>m</mi></mrow>"
    # a sum that begins with an added term is left in SymPy's order
    assert tex(1 - x) == "1 - x"
    zv, mv = sp.MatrixSymbol("z", 2, 1), sp.MatrixSymbol("mu", 2, 1)
    assert tex(zv - mv) == r"z - \mu"


# -- fractions at full size ---------------------------------------------------------------

def test_a_fraction_of_fractions_has_its_parts_in_display_style():
    ratio = Expect(x * sp.exp(x) / (1 + x**2), x, P) / Expect(sp.exp(x) / (1 + x**2), x, P)
    shown = fit(tex(ratio))
    assert shown.count(r"\displaystyle") == 2  # the numerator and the denominator
    assert 'displaystyle="true"' in mathml(ratio)
    # a plain fraction is left alone
    assert r"\displaystyle" not in fit(tex(x / (1 + x))).replace(r"{$\displaystyle", "")


def test_an_inline_fraction_of_a_sum_or_a_function_is_set_in_display_style():
    share = g[i] / sp.Sum(g[i], (i, 1, n))
    assert r"$\displaystyle \frac{" in text_tex(("the weights ", share, " sum to one"))
    ratio = sp.Function("q")(x) / sp.Function("p")(x)
    assert r"$\displaystyle \frac{q" in text_tex(("the ratio ", ratio, " of densities"))
    assert 'displaystyle="true"' in text_html(("the ratio ", ratio, " of densities"))
    # a fraction of letters reads well inline
    assert r"$\frac{1}{K}$" in text_tex(("each weight is ", 1 / K))


def test_a_sum_over_a_count_or_a_divergence_over_a_number_puts_the_factor_first():
    assert tex(sp.Sum(xs[i], (i, 1, n)) / n) == r"\frac{1}{n} \sum_{i=1}^{n} x_{i}"
    assert tex(KL(P, Q) / 2).startswith(r"\frac{1}{2} D_{\mathrm{KL}}")
    assert tex(-KL(P, Q) / 3).startswith(r"- \frac{1}{3} D_{\mathrm{KL}}")
    assert mathml(KL(P, Q) / 2).startswith("<mrow><mfrac><mn>1</mn><mn>2</mn></mfrac>")
    # an integer multiple and a quotient by a logarithm print as they are
    assert tex(2 * KL(P, Q)).startswith(r"2 D_{\mathrm{KL}}")
    assert tex(KL(P, Q) / sp.log(2)).startswith(r"\frac{D_{\mathrm{KL}}")
    assert tex(sp.exp(-1) * KL(P, Q)).startswith(r"e^{-1} D_{\mathrm{KL}}")
    # a symbolic factor is no coefficient (e^{A(theta)} E_p[f] has no sign to read)
    assert tex(sp.exp(sp.Function("A")(x)) * KL(P, Q)).startswith(r"e^{A{\left(x \right)}}")
    assert "<mo>-</mo>" in mathml(-KL(P, Q) / 2)


def test_a_sum_kept_whole_over_a_count_is_written_after_its_reciprocal():
    # log pi_k + log N_k - log q_k kept unevaluated so that the weights are seen to cancel:
    # stacked over K, the terms shrink into a numerator
    kept = sp.Add(-sp.log(K), sp.log(xs[i]), sp.log(K), evaluate=False)
    shown = tex(sp.Sum(kept / K, (i, 1, K)))
    assert shown.startswith(r"\sum_{i=1}^{K} \frac{1}{K} \left(")
    assert shown.count(r"\log K") == 2
    assert "<mfrac><mn>1</mn><mi>K</mi></mfrac><mo>&#8290;</mo><mrow><mo>(</mo>" in mathml(
        kept / K)
    # a sum SymPy evaluated, or one over a number, is a fraction as before
    assert tex((x + m) / K) == r"\frac{m + x}{K}"
    assert tex(sp.Add(x, m, -m, evaluate=False) / 2).startswith(r"\frac{")


def test_a_square_of_a_named_sum_has_one_pair_of_brackets():
    mhat = sp.Symbol("mhat")
    mean = sp.Sum(g[i] * xs[i], (i, 1, n)) / sp.Sum(g[i], (i, 1, n))
    spread = sp.Sum(g[i] * (xs[i] - mean) ** 2, (i, 1, n))
    with legend.using([Let(mhat, mean)]):
        shown = tex(spread)
    assert r"\left(\left(" not in shown and r"\left(x_{i} - \hat{m}\right)^{2}" in shown


def test_mathml_names_carry_the_accents_of_the_key():
    assert mathml(sp.Symbol("mhat")) == '<mover accent="true"><mi>m</mi><mo>^</mo></mover>'
    assert "<mi>&#960;</mi><mo>^</mo>" in mathml(sp.IndexedBase("pihat")[i])
    assert mathml(sp.Symbol("ell")) == "<mi>&#8467;</mi>"
    assert "<mo>~</mo>" in mathml(sp.Symbol("xtilde_j"))
    assert mathml(sp.Symbol("hat")) == "<mi>hat</mi>"  # a name that is only the modifier


# -- matrices -----------------------------------------------------------------------------

def test_the_elementwise_reciprocal_reads_as_an_inverse():
    sigma = sp.MatrixSymbol("sigma", 3, 1)
    assert tex(sp.HadamardPower(sigma, -1)) == r"\sigma^{-1}"
    assert "<msup><mi>&#963;</mi><mrow><mo>-</mo><mn>1</mn></mrow></msup>" in mathml(
        sp.HadamardPower(sigma, -1))


def test_the_determinant_of_a_named_matrix_reads_det():
    S = sp.MatrixSymbol("S", 2, 2)
    assert tex(sp.Determinant(S)) == r"\det S"
    assert tex(sp.Determinant(S) ** 2) == r"\left(\det S\right)^{2}"
    assert "det" in mathml(sp.Determinant(S))
    # an explicit matrix keeps its bars
    assert tex(sp.Determinant(sp.ImmutableMatrix([[a, b], [c, d]]))).startswith(r"\left|")


def test_an_unevaluated_matrix_difference_prints_as_written():
    ones, r = sp.ImmutableMatrix.ones(2, 2), sp.ImmutableMatrix([[1, 0], [0, 0]])
    complement = sp.MatAdd(ones, sp.MatMul(-1, r, evaluate=False), evaluate=False)
    names = [Let(sp.MatrixSymbol("J", 2, 2), ones), Let(sp.MatrixSymbol("R", 2, 2), r)]
    with legend.using(names):
        assert tex(complement) == "J - R"
        assert mathml(complement) == "<mrow><mi>J</mi><mo>-</mo><mi>R</mi></mrow>"


# -- line breaking ------------------------------------------------------------------------

def test_a_formula_too_wide_for_its_line_has_rows_to_fall_back_on():
    """The first split rests on a rough width: a formula estimated to fit one line still
    gets rows, which TeX uses where the line does not fit (instead of shrinking it)."""
    terms = KL(P, Q) + KL(Q, P) + sp.log(m) + m**2
    assert len(expression_rows(terms)) == 1  # the rough estimate says it fits
    assert r"\ppeither" in _stack(terms, r"0.88\linewidth")
    body = sum((sp.log(1 + x**2 + k) for k in range(7)), sp.S.Zero)
    assert len(expression_rows(Expect(body, x, Normal(m, 2)), 44)) > 1  # the head counts
    long_sup = Sup((a + b) * (x * sp.log(x) - x * sp.log(x / d) + (1 - x) * sp.log(1 - x)
                              - (1 - x) * sp.log((1 - x) / (1 - d))), d)
    rows = expression_rows(long_sup, 30)
    assert len(rows) > 1 and rows[0].startswith(r"\sup_{d} \Bigl(\left(a + b\right)")


def test_a_wide_equation_in_a_paragraph_is_split_not_shrunk():
    wide = sp.Eq(sp.log(x), Expect(sp.log(x + 1), x, P) - KL(P, Q) + KL(Q, P)
                 + Expect(sp.log(x + 2), x, Q), evaluate=False)
    para = text_tex(("the identity ", wide, "."), display_tall=True)
    assert r"\ppclaim" in para and r"\begin{align*}" in para


def test_a_displayed_definition_of_a_legend_name_is_not_printed_as_name_equals_name():
    pi_k = sp.Symbol("pi_k")
    soft = sp.exp(a) / sp.Sum(sp.exp(xs[i]), (i, 1, n))
    with legend.using([Let(pi_k, soft)]):
        para = text_tex(("any weights ", Let(pi_k, soft), ", and"), display_tall=True)
    assert r"\pi_{k} = \pi_{k}" not in para and r"\pi_{k} = \frac{e^{a}}" in para


# -- derivations that show something ------------------------------------------------------

def test_no_derivation_prints_a_formula_twice_or_only_its_start():
    """A derivation whose steps all print like its start (matrix = matrix), or that comes
    back to a formula it showed already, shows no computation."""
    problems = []
    for rid, result in sorted(RESULTS.items()):
        with legend.using(result.legend):
            for k, d in enumerate(result.derivations):
                shown = [tex(d.start)] + [tex(s.expr) for s, _ in printed_steps(d)]
                if unprinted_justification(d) is not None or len(set(shown)) < len(shown):
                    problems.append(f"{rid} derivation {k + 1}")
    assert not problems, problems


def test_the_receptive_field_is_derived_from_what_the_hidden_pixels_read():
    result = RESULTS["pixelcnn.receptive_field.AB"]
    start = result.derivations[0].start
    with legend.using(result.legend):
        shown = tex(start)
    assert shown.startswith(r"J - \left(J - R_{22}\right) \circ")
    # R_rc is the first layer's mask centred at rc, in words: the mask is written out once,
    # in the first result of the section (tests/test_key_legend.py), no R_rc is
    snippet = result_snippet(result)
    assert r"R_{32} = " not in snippet and r"R_{rc}$, the mask $M_{A}$ centred at rc" in snippet
    # the union is checked, and it tells the masks apart
    assert check_claim(start, result.statement.rhs, "==", {}, seed=0).status.passed
    other = sp.ImmutableMatrix(pixelcnn.HAND["AA"])
    assert check_claim(start, other, "==", {}, seed=0).status.name.lower() == "refuted"


def test_no_formula_splits_the_constant_log_2_pi():
    """SymPy's expand splits log(2 pi) into log(2) + log(pi) (its log hint): a key that
    prints -log(pi)/2 - log(2)/2 leaves the reader to combine them."""
    problems = []
    for rid, r in sorted(RESULTS.items()):
        shown = [r.statement.lhs, r.statement.rhs, *(f.lhs for f in r.facts),
                 *(f.rhs for f in r.facts)]
        for d in r.derivations:
            shown += [d.start, *(s.expr for s in d.steps)]
        for expr in shown:
            for node in sp.preorder_traversal(expr):
                if isinstance(node, sp.Add) and {sp.log(2), sp.log(sp.pi)} <= {
                        f for t in node.args for f in sp.Mul.make_args(t)}:
                    problems.append(f"{rid}: {node}")
    assert not problems, problems
