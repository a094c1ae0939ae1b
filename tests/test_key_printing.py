"""How the answer key prints what a reader must read at full size: long exponents,
sums that a derivation left unevaluated to show terms cancel, named sums times a number."""

from __future__ import annotations

import re

import sympy as sp

from probproof.derivations.result import Let
from probproof.reports import legend
from probproof.reports.latex import tex

a, b, x1, x2, m1, m2 = sp.symbols("a b x1 x2 m1 m2", real=True)
k, K = sp.symbols("k K", integer=True, positive=True)
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


# -- log as a textbook writes it (reports/factor_order.py) ---------------------------

gamma, pi_k, y = sp.symbols("gamma_ik pi_k y", positive=True)


def test_a_log_of_one_symbol_number_or_application_has_no_brackets():
    assert tex(sp.log(pi_k)) == r"\log \pi_{k}"
    assert tex(sp.log(sp.IndexedBase("pi")[sp.Symbol("k")])) == r"\log \pi_{k}"
    assert tex(sp.log(2)) == r"\log 2"
    assert tex(sp.log(sp.Function("p")(y))) == r"\log p{\left(y \right)}"
    assert tex(sp.tanh(y)) == r"\tanh y"


def test_a_log_of_a_sum_product_power_or_fraction_keeps_its_brackets():
    assert tex(sp.log(a + b)) == r"\log{\left(a + b \right)}"
    assert tex(sp.log(a * b)) == r"\log{\left(a b \right)}"
    assert tex(sp.log(a**2)) == r"\log{\left(a^{2} \right)}"
    assert tex(sp.log(1 / a)) == r"\log{\left(\frac{1}{a} \right)}"
    assert tex(sp.tanh(a * y + b)) == r"\tanh{\left(a y + b \right)}"


def test_a_bare_log_comes_last_in_a_product():
    # SymPy prints \log{\left(\pi_{k} \right)} \gamma_{ik}; bare, that reads as log(pi_k gamma)
    assert tex(gamma * sp.log(pi_k)) == r"\gamma_{ik} \log \pi_{k}"
    assert tex(10 * sp.log(2)) == r"10 \log 2"
    assert tex(sp.Sum(sp.IndexedBase("G")[k] * sp.log(sp.IndexedBase("pi")[k]), (k, 1, K))) == (
        r"\sum_{k=1}^{K} G_{k} \log \pi_{k}")


def test_a_bare_log_is_never_followed_by_a_factor():
    # two logs: the first keeps its brackets, log x log y would read as log(x log y)
    assert tex(sp.log(a) * sp.log(y)) == r"\log{\left(a \right)} \log y"
    # written in the other order, still the bare one last
    assert tex(sp.Mul(sp.log(a), y, evaluate=False)) == r"y \log a"
    # a factor printed before an exponential of a long exponent
    bump = sp.exp(-(x1 - m1) ** 2 / 2 - (x2 - m2) ** 2 / 2)
    assert tex(sp.log(a) * bump / (2 * sp.pi)).startswith(r"\frac{\log{\left(a \right)}}{2 \pi}")


def test_letters_come_before_functions_and_bracketed_sums():
    q = sp.Function("q")(k)
    assert tex(q * (sp.log(a) - sp.log(b))) == (
        r"q{\left(k \right)} \left(\log a - \log b\right)")
    assert tex(gamma * (a - b) ** 2) == r"\gamma_{ik} \left(a - b\right)^{2}"
    # w_m d/dtheta E(x_m), not the derivative of a product
    E = sp.Function("E")(a)
    assert tex(sp.Derivative(E, a) * y) == r"y \frac{d}{d a} E{\left(a \right)}"


def test_the_report_prints_logs_and_products_like_the_key():
    from probproof.reports.mathml import mathml

    def tokens(m: str) -> list[str]:
        return re.sub(r"<[^>]+>", " ", m).split()

    assert tokens(mathml(gamma * sp.log(pi_k))) == [
        "&#947;", "ik", "&#8290;", "log", "&#8289;", "&#960;", "k"]
    assert tokens(mathml(sp.log(a + b))) == ["log", "(", "a", "+", "b", ")"]
    assert tokens(mathml(sp.log(a) * sp.log(y))) == [
        "log", "(", "a", ")", "&#8290;", "log", "&#8289;", "y"]


def test_the_reports_summand_has_the_keys_order_and_brackets():
    # vi.gmm_bounds: the HTML wrote sum_k (1/K (log K + l - log K)), the PDF
    # sum_k 1/K (-log K + l + log K)
    from probproof.reports.mathml import mathml

    kept = sp.Add(-sp.log(K), sp.log(y), sp.log(K), evaluate=False)
    shown = mathml(sp.Sum(kept / K, (k, 1, K)))
    text = re.sub(r"<[^>]+>", " ", shown).split()
    assert text[text.index("&#8290;"):] == [
        "&#8290;", "(", "-", "log", "&#8289;", "K", "+", "log", "&#8289;", "y", "+", "log",
        "&#8289;", "K", ")"]
    assert tex(sp.Sum(kept / K, (k, 1, K))).endswith(r"\left(- \log K + \log y + \log K\right)")
    # a product summed is not bracketed, as in the key
    assert "<mo>(</mo>" not in mathml(sp.Sum(a * sp.IndexedBase("x")[k], (k, 1, K)))


# -- powers of names and of determinants ----------------------------------------------

def test_a_named_base_of_a_power_is_bracketed_as_its_name():
    from probproof.reports.mathml import mathml

    z02 = sp.Symbol("z_02")
    with legend.using([Let(z02, a - b * y)]):
        assert tex((a - b * y) ** 2) == r"z_{02}^{2}"
        assert "<mo>(</mo>" not in mathml((a - b * y) ** 2)


def test_a_determinant_power_reads_det_in_brackets():
    from probproof.reports.latex import legend_tex

    S = sp.MatrixSymbol("S", 2, 2)
    assert tex(sp.Determinant(S) ** 2) == r"\left(\det S\right)^{2}"
    assert tex(sp.sqrt(sp.Determinant(S * S.T))) == r"\sqrt{\det\left(S S^{T}\right)}"
    # the square of a defined determinant is not defined again, written out
    s = sp.Matrix(2, 2, sp.symbols("s11 s12 s21 s22"))
    shown = legend_tex([Let(sp.Determinant(S), s.det()),
                        Let(sp.Determinant(S) ** 2, sp.expand(s.det() ** 2))])
    assert r"\det S = " in shown and r"\right)^{2} = " not in shown
    # a name that is no power of another stays
    assert r"\right)^{2} = " in legend_tex([Let(sp.Determinant(S) ** 2, a)])


# -- layout ---------------------------------------------------------------------------

def test_a_claim_whose_text_ends_in_a_display_has_no_empty_line_before_its_formula():
    from probproof.derivations import load_all
    from probproof.reports.latex import result_snippet

    snippet = result_snippet(load_all()["elbo.decomposition"])
    claim = snippet[snippet.index(r"\textbf{Claim.}"):snippet.index(r"\textbf{Derivation.}")]
    assert claim.count(r"\ppclaim") == 2 and "\n\n" not in claim
    # nor is the answer's heading left at the foot of a page: heading and box are one box
    assert r"\begin{minipage}{\linewidth}\textbf{Answer.}" in snippet


def test_the_questions_of_one_seed_name_the_seed_once():
    from probproof.derivations.result import Source
    from probproof.reports.latex import sources_tex

    seed = "004_ed75a671ee0e2e4a.txt"
    assert sources_tex([Source(seed, "1.1"), Source(seed, "1.2")]) == (
        r"\texttt{004\_ed75a671ee0e2e4a.txt}, questions 1.1 and 1.2")
    assert sources_tex([Source(seed, "1.1"), Source("000_x.txt", "2")]) == (
        r"\texttt{004\_ed75a671ee0e2e4a.txt}, question 1.1; \texttt{000\_x.txt}, question 2")


def test_a_jacobian_reads_as_partial_derivatives_of_a_tuple():
    from probproof.derivations.vocabulary import Jacobian
    from probproof.reports.mathml import mathml

    jac = Jacobian([a * sp.exp(b), b], [a, b])
    assert tex(jac) == (r"\frac{\partial \left(a e^{b}, b\right)}{\partial \left(a, b\right)}")
    assert "Jacobian" not in mathml(jac) and mathml(jac).startswith("<mfrac><mrow><mo>&#8706;")


def test_a_log_over_a_number_follows_its_coefficient():
    # the entropy (1/2) log(2 pi e s^2), as a textbook writes it, not stacked over 2
    from probproof.reports.mathml import mathml

    assert tex(sp.log(2 * sp.E * sp.pi * y**2) / 2) == (
        r"\frac{1}{2} \log{\left(2 e \pi y^{2} \right)}")
    assert tex(16 - sp.log(17) / 2) == r"16 - \frac{1}{2} \log 17"
    assert mathml(sp.log(y) / 2).startswith("<mrow><mfrac><mn>1</mn><mn>2</mn></mfrac>")
    # a symbol in the coefficient keeps the fraction, the letter before the function
    assert tex(K * sp.log(2 * sp.pi) / 2) == r"\frac{K \log{\left(2 \pi \right)}}{2}"


def test_a_log_comes_after_its_coefficient_even_with_brackets():
    # SymPy's order gave log(1 - theta) (1 - theta) (meanfield.q1)
    t, N = sp.symbols("theta N", positive=True)
    assert tex((1 - t) * sp.log(1 - t)) == (
        r"\left(1 - \theta\right) \log{\left(1 - \theta \right)}")
    assert tex((N - 1) * sp.log(t / (1 - t))) == (
        r"\left(N - 1\right) \log{\left(\frac{\theta}{1 - \theta} \right)}")


def test_a_log_of_a_name_defined_through_another_name_has_no_brackets():
    # p_w = e^{-beta Phi_w} / Z(beta) with Z(beta) itself a sum: named in two steps
    beta, M = sp.symbols("beta M", positive=True)
    w, j = sp.symbols("w j", integer=True)
    phi, p = sp.IndexedBase("Phi"), sp.IndexedBase("p")
    Z = sp.Function("Z")(beta)
    total = sp.Sum(sp.exp(-beta * phi[j]), (j, 1, M))
    with legend.using([Let(p[w], sp.exp(-beta * phi[w]) / Z), Let(Z, total)]):
        assert tex(sp.log(sp.exp(-beta * phi[w]) / total)) == r"\log p_{w}"


def test_a_sum_over_a_count_plus_one_follows_its_reciprocal():
    n, i = sp.symbols("n i", integer=True, positive=True)
    f = sp.Function("f")
    assert tex(sp.Sum(f(i), (i, 1, n + 1)) / (n + 1)).startswith(
        r"\frac{1}{n + 1} \sum_{i=1}^{n + 1}")


def test_an_inline_formula_with_a_wide_unbreakable_part_is_displayed():
    # F(q) = E_q[log p(x|z) + log p(z) - log q(z)]: TeX cannot break inside the brackets,
    # and the line before it was stretched (vfe.free_energy.posterior_gap)
    from probproof.reports.latex import needs_display

    p, q, F = sp.Function("p"), sp.Function("q"), sp.Function("F")
    z = sp.Symbol("z")
    inner = sp.log(p(z)) + sp.log(q(z)) - sp.log(p(a))
    from probproof.derivations.result import expectation

    assert needs_display(tex(sp.Eq(F(q(z)), expectation("q")(inner), evaluate=False)))
    # the same width in parts that can be broken stays inline
    assert not needs_display(tex(sp.log(p(z)) + sp.log(q(z)) - sp.log(p(a)) + a))


def test_an_exponential_follows_its_bracketed_coefficient():
    # as the seeds write the coupling's inverse, (y_1 - F(x_2)) e^{-G(x_2)}
    t = sp.Symbol("t")
    assert tex((t - 1) * sp.exp(t - 1)) == r"\left(t - 1\right) e^{t - 1}"
    assert tex((y - a) * sp.exp(-b)) == r"\left(y - a\right) e^{- b}"


def test_the_report_writes_a_density_like_the_key():
    # 1/(2 pi) exp(...), not exp(...) stacked over 2 pi; e^{-x^2/2} over pi, not 1 over
    # pi e^{x^2/2}
    from probproof.reports.mathml import mathml

    def tokens(m: str) -> list[str]:
        return re.sub(r"<[^>]+>", " ", m).split()

    bump = sp.exp(-(x1 - m1) ** 2 / 2 - (x2 - m2) ** 2 / 2)
    assert tokens(mathml(bump / (2 * sp.pi)))[:6] == ["1", "2", "&#8290;", "&pi;", "&#8290;",
                                                       "exp"]
    assert tokens(mathml(sp.exp(-(x1**2) / 2) / sp.pi)) == [
        "&ExponentialE;", "-", "x", "1", "2", "2", "&pi;"]


def test_an_exponential_comes_before_an_expectation():
    # e^{A(theta)} E_p[f], the exponential is the coefficient of the expectation
    from probproof.derivations.result import expectation

    f = sp.Function("f")(a)
    A = sp.Function("A")(b)
    assert tex(expectation("p")(f) * sp.exp(A)).startswith(r"e^{A{\left(b \right)}} \mathbb{E}")


def test_a_categorical_law_prints_as_cat_with_its_probabilities_once_bracketed():
    # Textbooks write Cat(p_0, ..., p_{k-1}) (Bishop, Murphy); the claim language's list
    # parameter printed a second pair of brackets, Categorical((p/(p + 1), ...)).
    from probproof.derivations.vocabulary import Categorical, pdf
    from probproof.reports.latex import tex
    from probproof.reports.mathml import mathml

    p, x = sp.Symbol("p", positive=True), sp.Symbol("x")
    law = Categorical([p / (p + 1), 1 / (p + 1)])
    assert tex(law) == r"\operatorname{Cat}\left(\frac{p}{p + 1}, \frac{1}{p + 1}\right)"
    assert tex(pdf(law, x)) == (
        r"\operatorname{Cat}\left(x; \frac{p}{p + 1}, \frac{1}{p + 1}\right)")
    ml = mathml(law)
    assert ">Cat<" in ml and ml.count("<mo>(</mo>") == 1
    # the claim language keeps its own name
    assert str(law).startswith("Categorical(")
