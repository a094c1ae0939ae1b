"""The answer key compiles with pdflatex (installed on CI via .ci/needs-tex) and
nothing in it runs into the margin."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest
import sympy as sp

from probproof import cli
from probproof.derivations import load_all
from probproof.derivations.vocabulary import MvNormal
from probproof.reports.latex import document, tex

#: Worst tolerated overfull box: a few points are invisible, 20 pt is not.
MAX_OVERFULL_PT = 20.0


@pytest.fixture(scope="module")
def compiled(tmp_path_factory, quick_runs) -> Path:
    """The answer key written by the CLI and compiled twice (for the contents)."""
    out = tmp_path_factory.mktemp("answers")
    tex_file = out / "answers.tex"
    assert cli.main(["latex", "--document", "--runs", str(quick_runs), "-o", str(tex_file)]) == 0
    for _ in range(2):
        run = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "answers.tex"],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert run.returncode == 0, run.stdout[-3000:]
    return out


def test_answer_key_compiles(compiled):
    text = (compiled / "answers.tex").read_text()
    assert "\\tableofcontents" in text and "\\begin{align*}" in text
    assert (compiled / "answers.pdf").stat().st_size > 10_000


def overfull_boxes(log: str) -> list[float]:
    """Widths in pt of every ``Overfull \\hbox (...pt too wide)`` of a pdflatex log."""
    return [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]


#: Headings that introduce what follows them: never the last line of a page.
HEADINGS = ("Answer.", "Answer ", "Result ", "Derivation.", "Facts used (each checked).")


def test_no_page_ends_with_a_heading(compiled):
    """A heading left alone at the foot of a page, its box or list on the next one, was
    found by reading the pages (an answer's ``\\*[2pt]`` let TeX break at its glue)."""
    text = subprocess.run(["pdftotext", "-layout", "answers.pdf", "-"], cwd=compiled,
                          capture_output=True, text=True, timeout=120, check=True).stdout
    pages = text.split("\f")
    assert len(pages) > 20
    for number, page in enumerate(pages, start=1):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        # the last line is the page number
        body = lines[:-1] if lines and lines[-1].isdigit() else lines
        assert not body or not body[-1].startswith(HEADINGS), (number, body[-1])


def test_overfull_parser_reads_widths():
    log = (
        "Overfull \\hbox (2015.24pt too wide) detected at line 25\nUnderfull \\hbox (badness 10000)"
    )
    assert overfull_boxes(log) == [2015.24]


def test_no_line_runs_into_the_margin(compiled):
    log = (compiled / "answers.log").read_text(errors="replace")
    assert "Output written" in log
    too_wide = [w for w in overfull_boxes(log) if w > MAX_OVERFULL_PT]
    assert not too_wide, f"overfull hboxes wider than {MAX_OVERFULL_PT} pt: {too_wide}"


def shrunk_formulas(log: str) -> list[tuple[float, str]]:
    """``(scale, result id)`` of every formula that ``\\ppfit`` shrank, from the log."""
    return [(float(target) / float(width), rid) for width, target, rid in
            re.findall(r"ppfit scaled: ([\d.]+)pt into ([\d.]+)pt in (\S+)", log)]


def test_shrink_parser_reads_scales():
    log = "ppfit scaled: 200.0pt into 170.0pt in a.b\nppfit scaled: 100pt into 50pt in c"
    assert shrunk_formulas(log) == [(0.85, "a.b"), (0.5, "c")]


def test_fit_macro_logs_what_it_shrinks(tmp_path):
    """A formula twice as wide as its box is logged at scale 0.5; one that fits is not."""
    from probproof.reports.latex import FIT_MACRO

    (tmp_path / "t.tex").write_text(
        "\\documentclass{article}\\usepackage{amsmath,graphicx}\\begin{document}\n"
        + FIT_MACRO + "\\renewcommand{\\ppfitresult}{x.y}\n"
        "\\ppfit{100pt}{\\rule{200pt}{1pt}}\\ppfit{100pt}{\\rule{50pt}{1pt}}\n\\end{document}\n")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "t.tex"], cwd=tmp_path,
                   capture_output=True, timeout=120, check=True)
    assert shrunk_formulas((tmp_path / "t.log").read_text(errors="replace")) == [(0.5, "x.y")]


#: Results whose formulas are still printed as expanded SymPy output and shrunk
#: below 85% (issue 15 item 2 states them compactly): the two that the general
#: rewrite of free_energy.* (symbolic K) replaces. The list may only shrink:
#: the second test fails when one of them fits, so that it is removed here.
TOO_WIDE_STILL: set[str] = set()


def _too_small(compiled) -> set[str]:
    scales = shrunk_formulas((compiled / "answers.log").read_text(errors="replace"))
    return {rid for scale, rid in scales if scale < 0.85}


def test_no_formula_is_shrunk_below_85_percent(compiled):
    assert _too_small(compiled) <= TOO_WIDE_STILL, sorted(_too_small(compiled) - TOO_WIDE_STILL)


def test_the_list_of_formulas_still_too_wide_is_current(compiled):
    fits_now = TOO_WIDE_STILL - _too_small(compiled)
    assert not fits_now, f"these now fit at 85% or more: remove them from the list {fits_now}"


def test_wide_results_are_fitted_to_the_page():
    """Every displayed row is in a \\ppfit box, and an 8-dimensional diagonal Gaussian
    is printed with diag(...) and an ellipsis, not its 64 covariance entries."""
    key = document(load_all().values())
    assert "\\usepackage{adjustbox}" in key
    rows = list(re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", key, re.S))
    assert rows and all("\\ppfit" in r for r in rows)
    mus = sp.symbols("m1:9", real=True)
    ss = sp.symbols("s1:9", positive=True)
    d = MvNormal(list(mus), [[ss[i] ** 2 if i == j else 0 for j in range(8)] for i in range(8)])
    printed = tex(d)
    assert "\\operatorname{diag}" in printed and "\\dots" in printed
    assert printed.count("0,") == 0


def test_snippets_per_result(capsys):
    assert cli.main(["latex", "kl.gaussian.standard"]) == 0
    out = capsys.readouterr().out
    assert "\\fbox" in out and "\\texttt{003\\_d7f509f3735f8b89.txt}" in out
    assert "\\providecommand{\\ppfit}" in out


def test_legend_names_sub_expressions_exactly():
    """A name stands for its definition as a sub-sum or at another point, never for an
    expression that only equals it up to a compensating rest."""
    from probproof.derivations.result import Let
    from probproof.reports import legend

    a, b, c, t, u = sp.symbols("a b c t u", real=True)
    E = sp.Function("E")
    entries = [Let(E(u), sp.tanh(u) - u**2 / 2), Let(sp.Function("Z")(), a + b)]
    with legend.using(entries):
        assert tex(sp.log(a + b + c)) == r"\log{\left(c + Z{\left( \right)} \right)}"
        assert "E{\\left(t \\right)}" in tex(sp.exp(sp.tanh(t) - t**2 / 2 + a))
        assert "E{\\left(2 c \\right)}" in tex(sp.tanh(2 * c) - 2 * c**2)
        # tanh(t) + t^2/2 is not E(t) plus a rest t^2 that undoes its square
        assert "E" not in tex(sp.tanh(t) + t**2 / 2)
    assert "E" not in tex(sp.tanh(t) - t**2 / 2)  # only inside the block


def test_mixtures_print_as_weighted_sums():
    from probproof.derivations.vocabulary import KL, Mixture, Normal, pdf

    x = sp.Symbol("x", real=True)
    p = sp.Symbol("p", positive=True)
    m = Mixture([p, 1 - p], [Normal(-4, 1), Normal(4, 2)])
    assert "Mixture" not in tex(KL(m, Normal(0, 1)))
    assert tex(pdf(m, x)) == (r"\left(p\,\mathcal{N}\left(x; -4, 1\right) + \left(1 - p\right)"
                              r"\,\mathcal{N}\left(x; 4, 4\right)\right)")


def test_a_mixture_is_one_law_in_arguments_and_subscripts():
    """A mixture printed as an argument of a divergence or as the law of an expectation
    is bracketed (KL(p || (w_1 A + w_2 B)), not KL(p || w_1 A + w_2 B)), in both reports;
    on its own it is the bare weighted sum."""
    from probproof.derivations.vocabulary import KL, CrossEntropy, Expect, Mixture, Normal
    from probproof.reports.mathml import mathml

    x = sp.Symbol("x", real=True)
    m = Mixture([sp.S.Half, sp.S.Half], [Normal(-4, 1), Normal(4, 1)])
    mix = r"\frac{1}{2}\,\mathcal{N}\left(-4, 1\right) + \frac{1}{2}\,\mathcal{N}\left(4, 1\right)"
    assert tex(m) == mix
    # braced, so that TeX sets no thin space between the bracket and a comma after it
    assert rf"{{\left({mix}\right)}} \,\middle\|" in tex(KL(m, Normal(0, 1)))
    assert rf"{{\left({mix}\right)}}" in tex(CrossEntropy(Normal(0, 1), m))
    assert tex(Expect(x**2, x, m)).startswith(rf"\mathbb{{E}}_{{x \sim {{\left({mix}\right)}}}}")
    printed = mathml(KL(m, Normal(0, 1)))
    assert "Mixture" not in printed
    # the divergence's own parenthesis, then the mixture's
    assert printed.count("<mo>(</mo>") == 5 and "&#8741;" in printed


def test_a_legend_names_a_density_at_another_point_inside_a_product():
    """q(x) = N(x; m, s^2) written out names q(y) too, inside a product with numeric
    factors (SymPy's matcher alone misses it); an expression that only looks alike is
    left written out."""
    from probproof.derivations.result import Let
    from probproof.derivations.vocabulary import Normal
    from probproof.reports import legend

    x, y, m, a = sp.symbols("x y m a", real=True)
    s = sp.Symbol("s", positive=True)
    q = Normal(m, s).pdf
    entries = [Let(sp.Function("q")(x), q(x))]
    assert legend.rewrite(q(y) * sp.exp(sp.tanh(y)) / 3, entries) == sp.Function("q")(
        y) * sp.exp(sp.tanh(y)) / 3
    assert legend.rewrite(q(y) / 3 + a, entries) == a + sp.Function("q")(y) / 3
    # another variance in the exponent: not q at any point
    other = sp.sqrt(2) * sp.exp(-(y - m) ** 2 / s**2) / (2 * sp.sqrt(sp.pi) * s)
    assert legend.rewrite(other * sp.exp(y), entries) is None


def test_copies_of_one_term_over_numbered_coordinates_print_as_a_sum():
    """mu_1^2 + ... + mu_8^2 (and a number spread over the copies) prints as one summed
    term, in both reports; fewer than four copies, terms that couple coordinates, a
    family missing a coordinate or a term that is not a copy stay written out."""
    from probproof.reports.mathml import mathml
    from probproof.reports.sums import as_indexed_sum

    mu = sp.symbols("mu_1:9", real=True)
    s = sp.symbols("sigma_1:9", positive=True)
    kl = sp.Add(*[(m**2 + v**2 - 1 - sp.log(v**2)) / 2 for m, v in zip(mu, s, strict=True)])
    summed = as_indexed_sum(kl)
    assert summed is not None and summed.doit().xreplace(
        {sp.IndexedBase("mu", real=True)[k]: mu[k - 1] for k in range(1, 9)}
        | {sp.IndexedBase("sigma", positive=True)[k]: s[k - 1] for k in range(1, 9)}
    ) .expand() == kl.expand()
    assert r"\sum_{i=1}^{8}" in tex(kl) and "mu_{8}" not in tex(kl)
    assert "&#x2211;" in mathml(kl) or "\u2211" in mathml(kl)
    assert as_indexed_sum(sp.Add(*mu[:3])) is None
    assert as_indexed_sum(sp.Add(*mu[:5]) + mu[0] * mu[1]) is None
    assert as_indexed_sum(sp.Add(*mu[:5]) + s[0]) is None
    assert as_indexed_sum(sp.Add(*mu[:4]) + mu[4] ** 2) is None
    assert as_indexed_sum(sp.Add(*mu[:5]) + sp.Symbol("c")) is None


def test_the_vae_kl_term_is_stated_per_coordinate_once():
    """The eight-coordinate instance is printed as sums over i, not 33 terms written out,
    and no step repeats the one before it."""
    from probproof.reports.latex import result_snippet

    r = load_all()["vae.objective.kl_term"]
    snippet = result_snippet(r)
    assert "sigma_{8}^{2}" not in snippet.replace(r"\dots, \sigma_{8}^{2}", "")
    assert snippet.count(r"\sum_{i=1}^{8}") >= 3
    steps = [r.derivations[0].start, *(st.expr for st in r.derivations[0].steps)]
    assert all(a != b for a, b in itertools.pairwise(steps))


def test_tall_formulas_in_paragraphs_are_displayed_with_their_punctuation():
    """A fraction of sums (or of fractions) or a matrix in an answer is displayed on its
    own line, the comma after it inside the display; a plain fraction stays inline, and
    a title never displays."""
    from probproof.reports.latex import is_tall, text_tex

    k, K = sp.symbols("k K", integer=True, positive=True)
    x = sp.IndexedBase("x")
    # (a sum over a count prints (1/K) sum_k ..., no longer stacked: a ratio of sums is)
    tall = sp.Sum(x[k] / k, (k, 1, K)) / sp.Sum(1 / k, (k, 1, K))
    assert is_tall(tex(tall)) and is_tall(tex(sp.Matrix([1, 2])))
    assert is_tall(tex(sp.exp(-k**2 / 2) / (2 * sp.pi)))
    assert not is_tall(tex(1 / K)) and not is_tall(tex(sp.Sum(x[k] / K, (k, 1, K))))
    assert not is_tall(tex(sp.Sum(x[k], (k, 1, K)) / K))
    text = ("the mean ", tall, ", then ", 1 / K, ".")
    out = text_tex(text, display_tall=True)
    assert out.startswith(r"the mean \[\ppfit") and r"\,,}\]then $\frac{1}{K}$." in out
    assert "\\[" not in text_tex(text)


def test_no_answer_box_sets_a_tall_formula_inline():
    from probproof.reports.latex import is_tall, result_snippet

    for rid in ("vi.gmm_bounds", "gmm.density", "gmm.em.mean", "vi.gmm_limit"):
        snippet = result_snippet(load_all()[rid])
        box = snippet[snippet.index(r"\fbox"):]
        inline = re.findall(r"(?<!\\)\$(.+?)(?<!\\)\$", box.replace(r"\$", ""))
        assert not [m for m in inline if is_tall(m)], rid


def test_a_normal_density_inside_an_integral_prints_as_n_of_z():
    """An expectation under N(mu, sigma^2) written as an integral prints its density as
    N(z; mu, sigma^2), with the rest of the integrand exactly; an exponential that is not a
    normal density alone (a constant left in the exponent, a positive square) stays."""
    from probproof.reports.gauss_print import split_normal

    z, mu = sp.symbols("z mu", real=True)
    sigma = sp.Symbol("sigma", positive=True)
    density = sp.exp(-(z - mu) ** 2 / (2 * sigma**2)) / (sp.sqrt(2 * sp.pi) * sigma)
    integrand = density * (z**2 + sp.log(sigma))
    mean, variance, rest = split_normal(integrand, z)
    assert (mean, variance) == (mu, sigma**2) and sp.simplify(rest - z**2 - sp.log(sigma)) == 0
    printed = tex(sp.Integral(integrand, (z, -sp.oo, sp.oo)))
    assert printed.startswith(r"\int\limits_{-\infty}^{\infty} \mathcal{N}\left(z; \mu, "
                              r"\sigma^{2}\right)") and "e^{" not in printed
    assert split_normal(sp.exp(-z**2 + z + 1) * z, z) is None
    assert split_normal(sp.exp(z**2) * z, z) is None
    assert "e^{" in tex(sp.Integral(sp.exp(-z**2 + z + 1), (z, -sp.oo, sp.oo)))
    # over a half line it is no expectation under the normal
    assert "mathcal{N}" not in tex(sp.Integral(integrand, (z, 0, sp.oo)))


def test_a_legend_keeps_a_sum_left_unevaluated_to_show_a_cancellation():
    """log(1/K) + l - log(1/K), left unevaluated by a derivation, keeps both logarithms
    when l is printed by its name (vi.gmm_bounds' first step)."""
    from probproof.derivations.result import Let
    from probproof.reports import legend

    a, b, K = sp.symbols("a b K", positive=True)
    ell = sp.Symbol("ell")
    shown = sp.Add(sp.log(1 / K), -a**2 / 2 - b, -sp.log(1 / K), evaluate=False)
    with legend.using([Let(ell, -a**2 / 2 - b)]):
        printed = tex(shown)
    assert printed.count(r"\log{\left(\frac{1}{K} \right)}") == 2 and "ell" in printed


def test_a_vector_evaluated_at_one_point_prints_the_point_once():
    """The coupling block's round trip: four entries at the same substitution print it
    once after the vector; entries at different points keep their own."""
    from probproof.derivations.flow import BLOCK

    printed = tex(BLOCK.round_trip())
    assert printed.count(r"\text{at}") == 1 and printed.count("v_{2} = b_{2} e^{s_{2}}") == 1
    u, a = sp.symbols("u a", real=True)
    mixed = sp.ImmutableMatrix([sp.Subs(u**2, u, a), sp.Subs(u**3, u, a + 1)])
    assert tex(mixed).count(r"\right|_{") == 2


def test_a_legend_defines_a_normal_density_as_n_of_x():
    """fdiv.r2.normalised's q(x), a normal density written out, is defined as
    N(x; m_2, s_2^2); a definition that is not exactly a normal density is printed as is."""
    from probproof.derivations.result import Let
    from probproof.reports.latex import legend_tex, result_snippet

    snippet = result_snippet(load_all()["fdiv.r2.normalised"])
    assert r"q{\left(x \right)} = \mathcal{N}\left(x; m_{2}, s_{2}^{2}\right)" in snippet
    x = sp.Symbol("x", real=True)
    half = Let(sp.Function("f")(x), sp.exp(-x**2 / 2) / 2)
    assert "mathcal{N}" not in legend_tex([half])


def test_a_results_legend_is_printed_once_and_used():
    from probproof.reports.latex import result_snippet

    snippet = result_snippet(load_all()["vi.elbo_gap"])
    where = snippet.index("where")
    # q and the posterior defined once, after "where", and used by name everywhere else
    softmax = r"\frac{e^{\theta_{k}}}{\sum_{j=1}^{K} e^{\theta_{j}}}"
    assert snippet.count(softmax) == 1 and snippet.index(softmax) > where
    # (the definition, not the logarithm of the posterior in an equation of the text)
    defined = [m.start() for m in re.finditer(r"(?<!\\log )p\{\\left\(k\|x \\right\)\} = ",
                                              snippet)]
    assert len(defined) == 1 and defined[0] > where
    assert r"\frac{J_{k}}{\sum_{j=1}^{K} J_{j}}" not in snippet
    assert snippet.count(r"\log p{\left(k|x \right)}") >= 3
    assert r"\frac{p{\left(x,k \right)}}{q{\left(k \right)}}" in snippet


def test_a_definition_the_claim_states_is_not_repeated_under_where(tmp_path):
    """free_energy.identity's claim states q_w, p_w and Z(beta) in its words: the legend
    after it would print all three again; free_energy.bound's claim states q_w only."""
    from probproof.reports.html import result_html
    from probproof.reports.latex import result_snippet

    catalog = load_all()
    q_w = r"q_{w} = \frac{c_{w}}{\sum_{j=1}^{M} c_{j}}"
    snippet = result_snippet(catalog["free_energy.identity"])
    assert r"\noindent where" not in snippet and snippet.count(q_w) == 1
    # free_energy.bound's claim states q_w; p_w and Z(beta) are free_energy.identity's,
    # recalled (tests/test_key_legend.py): nothing is left to list
    bound = result_snippet(catalog["free_energy.bound"])
    assert bound.count(q_w) == 1 and r"\noindent where" not in bound
    page = result_html(catalog["free_energy.identity"], None, (), tmp_path)
    assert "<p>where</p>" not in page
