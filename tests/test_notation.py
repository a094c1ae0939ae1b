"""What a reader sees writes a normal law N(mu, sigma^2), with its variance.

The claim language keeps ``Normal(mu, sigma)`` with the standard deviation
(DESIGN.md); only what is printed as mathematics (LaTeX, MathML) squares it.
"""

import sympy as sp

from probproof.derivations.vocabulary import KL, H, Normal, logpdf
from probproof.reports.latex import tex
from probproof.reports.mathml import mathml

x = sp.Symbol("x", real=True)
sigma = sp.Symbol("sigma", positive=True)


def test_entropy_of_a_normal_prints_its_variance():
    out = tex(H(Normal(0, sp.sqrt(17))))
    assert r"\mathcal{N}\left(0, 17\right)" in out
    assert "sqrt" not in out


def test_a_posterior_prints_variance_one_half():
    out = tex(Normal(x / 2, sp.sqrt(2) / 2))
    assert out == r"\mathcal{N}\left(\frac{x}{2}, \frac{1}{2}\right)"


def test_a_symbolic_scale_prints_squared():
    assert tex(KL(Normal(0, sigma), Normal(0, 1))).count(r"\sigma^{2}") == 1
    # a density at a point is written as the field writes it, N(x; mu, sigma^2)
    assert r"\mathcal{N}\left(x; 0, \sigma^{2}\right)" in tex(logpdf(Normal(0, sigma), x))


def test_mathml_prints_the_variance():
    out = mathml(H(Normal(0, sp.sqrt(17))))
    assert "<mn>17</mn>" in out and "msqrt" not in out
    half = mathml(Normal(x / 2, sp.sqrt(2) / 2))
    assert half.count("<mfrac><mn>1</mn><mn>2</mn></mfrac>") == 1 and "msqrt" not in half
    assert "<msup><mi>&#963;</mi><mn>2</mn></msup>" in mathml(Normal(0, sigma))


def test_mathml_writes_a_normal_density_as_the_key_does():
    """N(x; 0, sigma^2) in the HTML report too, for a density, a log density and the
    density inside an expectation written as an integral."""
    from probproof.derivations._gauss import expect
    from probproof.derivations.vocabulary import pdf

    n_x = ("<mi>&#119977;</mi><mrow><mo>(</mo><mi>x</mi><mo>;</mo><mn>0</mn><mo>,</mo>"
           "<msup><mi>&#963;</mi><mn>2</mn></msup><mo>)</mo></mrow>")
    assert n_x in mathml(pdf(Normal(0, sigma), x))
    assert n_x in mathml(logpdf(Normal(0, sigma), x))
    integral = mathml(expect(x**2, x, 0, sigma))
    assert n_x in integral and "ExponentialE" not in integral


def test_the_claim_language_keeps_the_scale():
    # input syntax, as DESIGN.md specifies: sstr is what `show` and error messages print
    assert sp.sstr(Normal(0, sp.sqrt(17))) == "Normal(0, sqrt(17))"


def test_the_key_and_the_report_say_how_they_write_a_normal():
    from probproof.reports.html import NOTATION
    from probproof.reports.latex import PREAMBLE

    assert "variance" in PREAMBLE and "Normal(mu, sigma)" in PREAMBLE
    assert "variance" in NOTATION and "Normal(mu, sigma)" in NOTATION
