"""The key's notation, one form everywhere: evaluation bars that close what they evaluate,
the text's expectations in the blackboard E of the checked ones, ellipses typeset, figure
captions typeset from objects, and paragraphs whose wide or summed fractions are displayed."""

from __future__ import annotations

import re

import pytest
import sympy as sp
from sympy.core.function import AppliedUndef

from probproof.derivations import load_all
from probproof.derivations.result import Dots, Expectation, Let, expectation, text_parts
from probproof.derivations.vocabulary import Expect, Normal
from probproof.reports import legend
from probproof.reports.html import figures_html, text_html
from probproof.reports.latex import needs_display, tex, text_tex
from probproof.reports.latex_checks import figures_tex
from probproof.reports.mathml import mathml

RESULTS = load_all()
t, u, v, a, x = sp.symbols("t u v a x", real=True)


# -- evaluation bars -------------------------------------------------------------

def test_an_evaluated_sum_is_bracketed_before_its_bar():
    # SymPy's \left. is invisible: the bar then seems to evaluate the last term only
    latex = tex(sp.Subs(t - sp.log(u) - 1, u, sp.exp(t - 1)))
    assert latex.startswith(r"\left. \left(t - ") and r"\right) \right|_{u = e^{t - 1}}" in latex
    # one factor needs no bracket
    assert tex(sp.Subs(sp.log(u), u, 1)) == r"\left. \log u \right|_{u = 1}"


def test_several_substitutions_follow_at_full_size():
    latex = tex(sp.Subs(sp.ImmutableMatrix([u * v, v]), (u, v), (a + sp.exp(t), sp.exp(t))))
    assert r"\substack" not in latex and r"\right|" not in latex
    assert r"\text{at} & u = a + e^{t}, \\ & v = e^{t}" in latex


def test_the_report_prints_an_evaluation_bar_not_subs():
    html = mathml(sp.Subs(t - sp.log(u) - 1, u, sp.exp(t - 1)))
    assert "subs" not in html and "<mo>|</mo>" in html and "<mo>(</mo>" in html
    several = mathml(sp.Subs(sp.ImmutableMatrix([u * v, v]), (u, v), (a, t)))
    assert "subs" not in several and "at" in several


@pytest.mark.parametrize("rid", ["fdiv.conjugate.kl", "flow.coupling.inverse"])
def test_the_keys_bars_are_closed(rid):
    from probproof.reports.latex import result_snippet

    snippet = result_snippet(RESULTS[rid])
    assert r"\substack" not in snippet
    # every bar follows a bracket, a matrix or a derivative: never a bare last term
    for before in re.findall(r"(.{12})\\right\|_", snippet):
        assert before.rstrip().endswith((r"\right)", r"\right]")), before


# -- one notation for expectations -------------------------------------------------

def test_the_texts_expectation_prints_like_the_checked_one():
    f = sp.Function("f")(x)
    assert tex(expectation("q")(f)) == r"\mathbb{E}_{q}\left[f{\left(x \right)}\right]"
    assert tex(expectation()(x**2)) == r"\mathbb{E}\left[x^{2}\right]"
    assert tex(expectation("p_theta")(f)).startswith(r"\mathbb{E}_{p_{\theta}}\left[")
    checked = tex(Expect(x**2, x, Normal(0, 1)))
    assert checked.startswith(r"\mathbb{E}_{") and checked.endswith(r"\right]")
    html = mathml(expectation("q")(f))
    assert "&#120124;" in html and "E_q" not in html  # U+1D53C, the blackboard E


def _expectations_spelled_as_functions(rid: str) -> list[str]:
    out = []
    for _where, text in RESULTS[rid].texts():
        for part in text_parts(text):
            if isinstance(part, str):
                continue
            for f in part.atoms(AppliedUndef):
                # E, E_q, E_p, E_z...: an expectation; E_theta is the energy, not one
                if re.fullmatch(r"E(_[a-z](_i)?)?", type(f).__name__) and not isinstance(
                        f, Expectation):
                    out.append(str(f))
    return out


@pytest.mark.parametrize("rid", sorted(RESULTS))
def test_one_expectation_notation_in_the_text(rid):
    assert _expectations_spelled_as_functions(rid) == []


# -- ellipses ----------------------------------------------------------------------

def test_an_ellipsis_of_coordinates_is_typeset():
    p0 = sp.Function("p")(0, Dots(), 0)
    assert tex(p0) == r"p{\left(0,\dots,0 \right)}"
    assert "&#8230;" in mathml(p0)


@pytest.mark.parametrize("rid", sorted(RESULTS))
def test_no_symbol_name_carries_ascii_maths(rid):
    """A symbol named ``0...0`` prints its name as it is: ASCII in the key."""
    for _where, text in RESULTS[rid].texts():
        for part in text_parts(text):
            if not isinstance(part, str):
                names = [s.name for s in part.atoms(sp.Symbol)]
                assert not [n for n in names if "..." in n or "->" in n], (rid, names)


# -- captions ----------------------------------------------------------------------

#: What gives a formula away in a caption's prose (as in test_catalog_formulas).
CAPTION_MATHS = re.compile(r"[\\$^_=<>|~*]|\w\s*/\s*\w|\b[A-Za-z][A-Za-z0-9]*\([^()]*\)")


def _caption_problems(caption) -> list[str]:
    return [p for p in text_parts(caption) if isinstance(p, str) and CAPTION_MATHS.search(p)]


def test_the_catalogs_figure_captions_typeset_their_maths(tmp_path):
    from probproof.reports.catalog_figures import catalog_figures

    chosen = {rid: RESULTS[rid] for rid in ("kl.gaussian.standard", "vi.kl_asymmetry",
                                             "iwae.bound.monotone", "vfe.kl.reparam_gradient",
                                             "flow.coupling.jacobian")}
    figs = [f for fs in catalog_figures(chosen, tmp_path).values() for f in fs]
    assert len(figs) == 5
    for f in figs:
        assert _caption_problems(f.caption) == [], f.caption
    mc = next(f for f in figs if f.result_id == "kl.gaussian.standard")
    latex = figures_tex([mc])
    assert r"$\mu = " in latex and not re.search(r"(?<![\\\w])mu =", latex)
    html = figures_html([mc], tmp_path)
    assert "<math" in html.split("<figcaption>", 1)[1]


def test_the_experiments_captions_typeset_their_maths():
    from probproof.reports.prose_answers import PROSE_ANSWERS

    for answer in PROSE_ANSWERS:
        for _name, caption in answer.figures:
            assert _caption_problems(caption) == [], (answer.id, caption)
            # and no formula written as words of ASCII: log K, L_K
            assert not re.search(r"\blog [A-Za-z]\b", " ".join(
                p for p in text_parts(caption) if isinstance(p, str))), (answer.id, caption)


def test_a_caption_with_ascii_maths_is_found():
    assert _caption_problems("bounds L_K rise towards log p(x) (z ~ N(0, 1))")
    assert _caption_problems(("at ", "mu = -2.7626"))
    assert not _caption_problems(("at ", Let(sp.Symbol("mu"), sp.Float(-2.76, 3)), "."))


# -- paragraphs -------------------------------------------------------------------

K, k, j = sp.symbols("K k j", integer=True, positive=True)
w = sp.IndexedBase("w")


def test_a_fraction_of_sums_is_displayed_in_a_paragraph():
    mean_log = sp.Sum(sp.log(w[k]), (k, 1, K)) / K
    assert needs_display(tex(mean_log))
    para = text_tex(("the mean of the logarithms, ", mean_log, ", by concavity"),
                    display_tall=True)
    assert r"\[" in para and r"\,,}\]" in para
    # inline where a paragraph is not asked for (titles)
    assert r"\[" not in text_tex(("the mean ", mean_log), display_tall=False)


def test_a_sum_of_fractions_is_displayed_in_a_paragraph():
    xs = sp.IndexedBase("x")
    assert needs_display(tex(sp.Sum(sp.exp(-xs[k] ** 2 / 2), (k, 1, K)) / (2 * sp.pi)))
    assert not needs_display(tex(sp.Sum(xs[k], (k, 1, K))))


def test_a_wide_formula_is_displayed_a_short_one_inline():
    wide = sp.Add(*[sp.Symbol(f"alpha_{i}") * sp.log(sp.Symbol(f"beta_{i}")) for i in range(8)])
    assert needs_display(tex(wide))
    short = sp.Symbol("mu") ** 2 / 2
    assert not needs_display(tex(short))
    assert text_tex(("is ", short, "."), display_tall=True) == r"is $\frac{\mu^{2}}{2}$."


# -- names in the bodies of sums and integrals ---------------------------------------

def test_a_named_body_is_not_bracketed():
    body = -(x - sp.cos(t)) ** 2 / 2 - sp.log(2 * sp.pi)
    ell = sp.Function("ell")
    with legend.using([Let(ell(t), body)]):
        assert tex(sp.Integral(body, (t, 0, 2 * sp.pi))) == (
            r"\int\limits_{0}^{2 \pi} \ell{\left(t \right)}\, dt")
        assert tex(sp.Sum(body.subs(t, k), (k, 1, K))) == (
            r"\sum_{k=1}^{K} \ell{\left(k \right)}")
    # without the legend the sum is written out, in brackets
    assert tex(sp.Integral(body, (t, 0, 2 * sp.pi))).startswith(r"\int\limits_{0}^{2 \pi} \left(")


def test_show_gives_the_names_the_answer_uses(capsys):
    """The iwae answers write the weight by its name w(h_k): `probproof show` says what
    the name stands for, as the key's legend does."""
    from probproof import cli

    assert cli.main(["show", "iwae.bound.upper"]) == 0
    out = capsys.readouterr().out
    assert "w(h[k])" in out
    assert re.search(r"^  name: w\(h\) = pdf\(Normal\(0, 1\), h\)", out, re.M), out


def test_a_sum_over_a_number_or_a_count_puts_the_reciprocal_first():
    """sum_k exp(-x_k^2/2) / (2 pi) stacks the summand's fraction at script size, and any
    sum stacked over a count (sum_i x_i / n) sets the sum at text size with its limits
    beside it; the key writes (1/(2 pi)) sum_k ..., (1/n) sum_i ... instead. A sum over
    another sum (a weighted mean) stays a fraction."""
    xs = sp.IndexedBase("x")
    assert tex(sp.Sum(sp.exp(-xs[k] ** 2 / 2), (k, 1, K)) / (2 * sp.pi)) == (
        r"\frac{1}{2 \pi} \sum_{k=1}^{K} e^{- \frac{x_{k}^{2}}{2}}")
    assert tex(-sp.Sum(xs[k] / k, (k, 1, K)) / 2).startswith(r"- \frac{1}{2} \sum")
    assert tex(sp.Sum(xs[k], (k, 1, K)) / 2) == r"\frac{1}{2} \sum_{k=1}^{K} x_{k}"
    assert tex(sp.Sum(xs[k] / k, (k, 1, K)) / K).startswith(r"\frac{1}{K} \sum")
    assert mathml(sp.Sum(xs[k], (k, 1, K)) / K).startswith("<mrow><mfrac><mn>1</mn><mi>K</mi>")
    ratio = sp.Sum(w[k] * xs[k], (k, 1, K)) / sp.Sum(w[k], (k, 1, K))
    assert tex(ratio).startswith(r"\frac{\sum")


# -- determinants, divergences, brackets -----------------------------------------------

def test_the_absolute_determinant_is_not_printed_as_a_norm():
    m = sp.ImmutableMatrix([[a, 0], [0, x]])
    for shown in (tex(sp.Abs(sp.Determinant(m))), tex(1 / sp.Abs(sp.Determinant(m)))):
        assert r"\det" in shown and r"\left|\left|" not in shown
    assert "<mi>det</mi>" in mathml(sp.Abs(sp.Determinant(m)))
    assert tex(sp.Abs(a)) == r"\left|{a}\right|"  # any other absolute value as before


def test_the_text_divergence_is_printed_as_the_checked_one():
    from probproof.derivations.result import divergence

    q, p = sp.symbols("q p")
    assert tex(divergence()(q, p)) == r"D_{\mathrm{KL}}\left(q \,\middle\|\, p\right)"
    assert "&#8741;" in mathml(divergence()(q, p))  # the parallel sign, as for KL(P, Q)


def test_a_bernoulli_mass_is_printed_like_a_normal_density():
    from probproof.derivations.vocabulary import KL, Bernoulli, Mixture, logpdf, pdf

    p = sp.Symbol("p")
    # Bern(x; p), as N(x; mu, sigma^2): not the subscripted p_{Bernoulli(p)}(x)
    assert tex(logpdf(Bernoulli(p), x)) == r"\log \operatorname{Bern}\left(x; p\right)"
    assert tex(pdf(Bernoulli(p), 0)) == r"\operatorname{Bern}\left(0; p\right)"
    assert tex(KL(Bernoulli(p), Bernoulli(a))) == (
        r"D_{\mathrm{KL}}\left(\operatorname{Bern}\left(p\right) \,\middle\|\, "
        r"\operatorname{Bern}\left(a\right)\right)")
    half = sp.Rational(1, 2)
    mix = Mixture([half, half], [Bernoulli(p), Bernoulli(a)])
    assert r"\operatorname{Bern}\left(x; p\right)" in tex(pdf(mix, x))
    shown = mathml(logpdf(Bernoulli(p), x))
    assert ">Bern</mi>" in shown and "<mo>;</mo>" in shown and "msub" not in shown
    assert ">Bern</mi>" in mathml(Bernoulli(p)) and "Bernoulli" not in mathml(Bernoulli(p))


def test_a_bracketed_mixture_argument_is_not_spaced_from_its_comma():
    from probproof.derivations.vocabulary import CrossEntropy, Mixture

    half = sp.Rational(1, 2)
    mix = Mixture([half, half], [Normal(-4, 1), Normal(4, 1)])
    shown = tex(CrossEntropy(mix, Normal(4, 1)))
    # braced: a \left...\right group followed by a comma gets TeX's inner-punct space
    assert r"{\left(" in shown and r"\right)}, " in shown


def test_no_answer_equates_a_number_with_itself():
    for rid, r in RESULTS.items():
        for part in text_parts(r.answer):
            if isinstance(part, Let):
                assert tex(part.lhs) != tex(part.rhs), (rid, tex(part))


def test_no_negative_number_is_written_with_a_hyphen_in_the_prose():
    # "-2" in prose is a hyphen and a digit, not a minus sign: numbers are objects
    hyphen = re.compile(r"(?<![\w)\]])-\d")
    found = [(rid, part) for rid, r in RESULTS.items() for _where, text in r.texts()
             for part in text_parts(text) if isinstance(part, str) and hyphen.search(part)]
    assert found == []


# -- variables named in prose ---------------------------------------------------------

def test_a_lone_letter_of_the_prose_is_set_as_a_variable():
    from probproof.derivations.result import prose_parts

    parts = prose_parts(("with q the posterior, p(x) and ", sp.Symbol("K"),
                         " states; a mask A then B, the x-axis, i.e. (b) f's value, so q.",))
    assert [p for p in parts if isinstance(p, sp.Symbol)] == [
        sp.Symbol("q"), sp.Symbol("K"), sp.Symbol("q")]
    assert "".join(p if isinstance(p, str) else str(p) for p in parts) == (
        "with q the posterior, p(x) and K states; a mask A then B, the x-axis, i.e. (b) f's "
        "value, so q.")
    assert text_tex(("the law q is ", sp.Symbol("N"))) == "the law $q$ is $N$"
    assert "<mi>q</mi>" in text_html(("under q",))
