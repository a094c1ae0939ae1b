"""LaTeX for the catalog: one snippet per result, and the answer-key document.

Everything is rendered from the :class:`~probproof.derivations.result.Result`
objects that ``verify`` checks, so the answer key says exactly what was verified.
Long expressions are split at top-level ``+`` / ``-`` into several rows of an
``align*``; every row is then set in a box scaled down to the width left for it
(``\\ppfit``, from the adjustbox package) when it is still too wide, so that
no line runs into the margin: the width estimate of the split is only rough,
and a matrix or an integral cannot be split at a sum.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter, _between_two_numbers_p
from sympy.printing.precedence import PRECEDENCE

from probproof.derivations.result import (
    Derivation,
    Divergence,
    Expectation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    Text,
    plain,
    prose_parts,
    relation_of,
    text_parts,
)

# IID through vocabulary: importing transforms first would enter the
# vocabulary <-> transforms cycle from the wrong end.
from probproof.derivations.vocabulary import (
    IID,
    Distribution,
    Expect,
    Functional,
    Mixture,
    MvNormal,
    Normal,
    Sup,
    logpdf,
    pdf,
)
from probproof.reports import legend, legend_shown
from probproof.reports.coefficients import (
    kept_whole_over_count,
    sum_over_count,
    wide_over_number,
)
from probproof.reports.factor_order import (
    ClosingOperators,
    factor_order,
    is_bare,
    opens_right,
    printed_as,
)
from probproof.reports.gauss_print import covariance_shape, split_normal
from probproof.reports.grids import receptive_grid
from probproof.reports.prose_answers import ProseAnswer
from probproof.reports.questions import question_key as _question_key
from probproof.reports.sums import as_indexed_sum, vector_coordinate
from probproof.reports.term_order import ReaderOrder, matrix_terms

_RELATION_TEX = {"==": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}

#: Visible characters of one expression row before it is split (a row has the line:
#: the justification goes below a step that needs it).
ROW_WIDTH = 56

#: Width of a derivation step's expression when its justification is set beside it,
#: of that justification, and of a step's expression when it is wider and the
#: justification goes below it (``\ppstep``).
EXPR_WIDTH, JUSTIFICATION_WIDTH = r"0.6\linewidth", r"0.28\linewidth"
WIDE_EXPR_WIDTH = r"0.88\linewidth"
#: Width of a displayed claim.
CLAIM_WIDTH = r"0.92\linewidth"

#: ``\ppfit{width}{math}``: display-style math, shrunk to ``width`` only if wider.
#: A shrunk formula writes ``ppfit scaled: WIDTH into TARGET in ID`` to the log (ID
#: the result's, set by its snippet), so that a test can hold every scale to 85%.
#: ``\ppstep{math}{justification}``: a derivation step. The justification is set in a
#: column beside the formula when the formula fits in ``EXPR_WIDTH``; a wider formula
#: gets the whole line (its rows fitted to ``WIDE_EXPR_WIDTH``) and the justification
#: goes below it, right-aligned, instead of shrinking the formula to half its size.
FIT_MACRO = (
    r"\ifdefined\ppfitbox\else\newsavebox\ppfitbox\newsavebox\ppstepbox\fi"
    r"\providecommand{\ppfit}[2]{\sbox\ppfitbox{$\displaystyle #2$}"
    r"\ifdim\wd\ppfitbox>#1\relax\typeout{ppfit scaled: \the\wd\ppfitbox\space into "
    r"\the\dimexpr#1\relax\space in \ppfitresult}\resizebox{#1}{!}{\usebox\ppfitbox}"
    r"\else\usebox\ppfitbox\fi}\providecommand{\ppfitresult}{?}"
    r"\providecommand{\ppstep}[2]{\sbox\ppstepbox{$\displaystyle #1$}"
    r"\ifdim\wd\ppstepbox>" + EXPR_WIDTH + r"\relax"
    r"\vtop{\hbox{\usebox\ppstepbox}\hbox to " + WIDE_EXPR_WIDTH + r"{\hfill"
    r"\parbox[t]{0.6\linewidth}{\raggedleft\footnotesize #2}}}"
    r"\else\hbox to " + EXPR_WIDTH + r"{\usebox\ppstepbox\hfil}\ "
    r"\parbox[t]{" + JUSTIFICATION_WIDTH + r"}{\raggedright\footnotesize #2}\fi}"
    # \ppeither{width}{formula on one line}{the same split over rows}: the line if it fits
    r"\providecommand{\ppeither}[3]{\sbox\ppfitbox{$\displaystyle #2$}"
    r"\ifdim\wd\ppfitbox>#1\relax #3\else\usebox\ppfitbox\fi}"
    # \ppclaim{claim on one line}{the same split over rows}: a displayed claim
    r"\providecommand{\ppclaim}[2]{\sbox\ppfitbox{$\displaystyle #1$}"
    r"\ifdim\wd\ppfitbox>" + CLAIM_WIDTH + r"\relax #2\else\[\usebox\ppfitbox\]\fi}"
)

_TEXT_SPECIALS = {
    "_": r"\_",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def escape_text(text: str) -> str:
    r"""Escape LaTeX specials in running text, leaving ``$...$`` math untouched."""
    parts = text.split("$")
    for i in range(0, len(parts), 2):  # even parts are outside math
        parts[i] = "".join(_TEXT_SPECIALS.get(c, c) for c in parts[i])
    return "$".join(parts)


def _braced(latex: str, start: int) -> tuple[str, int]:
    """The group ``{...}`` that opens at ``latex[start]``, and the index after it."""
    depth = 0
    for i in range(start, len(latex)):
        depth += {"{": 1, "}": -1}.get(latex[i], 0)
        if depth == 0:
            return latex[start + 1:i], i + 1
    return latex[start + 1:], len(latex)


#: What makes a fraction's numerator or denominator tall: another fraction, an
#: integral, a matrix (a plain sum over a count, sum_i x_i / n, reads well inline).
_TALL_PARTS = (r"\frac", r"\int", r"\begin{matrix}")


def is_tall(latex: str) -> bool:
    """Whether inline ``latex`` would stretch its line: a fraction of fractions or
    integrals (the tiny stacked fractions of an answer box), or a matrix."""
    if r"\begin{matrix}" in latex:
        return True
    at = latex.find(r"\frac{")
    while at >= 0:
        num, end = _braced(latex, at + len(r"\frac"))
        den, _ = _braced(latex, end)
        if any(t in num or t in den for t in _TALL_PARTS):
            return True
        at = latex.find(r"\frac{", at + 1)
    return False


#: Visible characters of the widest formula set inline in a paragraph: a wider one cannot
#: be broken by TeX and stretches the spaces of its line, so it is displayed.
INLINE_WIDTH = 40


#: Visible characters of the widest part of an inline formula that TeX cannot break (a
#: bracket's content, between two signs): a wider one that does not fit at the end of a
#: line leaves it stretched (an expectation E_q[...] of three logarithms).
UNBREAKABLE_WIDTH = 20


def _unbreakable_parts(latex: str) -> Iterator[str]:
    """The parts of ``latex`` between the signs where TeX may break an inline formula:
    ``= + - < >`` outside every brace group and ``\\left ... \\right`` pair."""
    part, depth, i = "", 0, 0
    while i < len(latex):
        for word, step in ((r"\left", 1), (r"\right", -1)):
            if latex.startswith(word, i) and not latex[i + len(word):i + len(word) + 1].isalpha():
                depth += step
                part += word
                i += len(word)
                break
        else:
            c = latex[i]
            depth += {"{": 1, "}": -1}.get(c, 0)
            if depth == 0 and c in "=+-<>":
                yield part
                part = ""
            else:
                part += c
            i += 1
    yield part


def needs_display(latex: str) -> bool:
    """Whether a formula of a paragraph reads better displayed than inline: it
    :func:`is_tall`, it is a fraction whose numerator or denominator holds a sum or a
    product (or a sum after its coefficient, ``(1/K) sum_k``), or a sum, product or
    integral of fractions (inline, their limits and
    fractions shrink to script size), or it is wider than :data:`INLINE_WIDTH`, or a part
    that TeX cannot break is wider than :data:`UNBREAKABLE_WIDTH`."""
    return (is_tall(latex) or visible_width(latex) > INLINE_WIDTH
            or max(visible_width(p) for p in _unbreakable_parts(latex)) > UNBREAKABLE_WIDTH
            # an integral's limits set above and below it stretch the line's height
            or r"\int\limits" in latex
            or any(op in part for part in _fraction_parts(latex) for op in (r"\sum", r"\prod"))
            or re.search(r"\\(sum|prod|int)(?![a-zA-Z]).*\\frac", latex) is not None
            # a mean written (1/K) sum_k ...: as read when it was sum_k ... over K
            or re.search(r"\\frac\{[^{}]*\}\{[^{}]*\}\s*\\(sum|prod)", latex) is not None)


def text_tex(text: Text, display_tall: bool = False) -> str:
    """LaTeX of a result's :data:`~probproof.derivations.result.Text`: prose escaped,
    every object printed by SymPy's LaTeX printer as inline math, a lone letter of the
    prose as a variable (:func:`~probproof.derivations.result.prose_parts`). A bare string
    with ``$...$`` math is the older form (:func:`escape_text`).

    With ``display_tall`` (paragraphs: claims, answers, notes), a formula that
    :func:`needs_display` is displayed on its own line at full size instead of being set
    inline in script-size fractions or stretching its line."""
    if isinstance(text, str) and "$" in text:
        return escape_text(text)
    out = []
    parts = list(prose_parts((text,) if isinstance(text, str) else text))
    for i, part in enumerate(parts):
        if isinstance(part, str):
            out.append("".join(_TEXT_SPECIALS.get(c, c) for c in part).replace("$", r"\$"))
        elif display_tall and needs_display(tex(part)):
            # the punctuation that follows goes into the display, not to the next line's start
            after, mark = parts[i + 1] if i + 1 < len(parts) else "", ""
            if isinstance(after, str) and after[:1] in _DISPLAY_PUNCTUATION:
                mark = _DISPLAY_PUNCTUATION[after[0]]
                parts[i + 1] = after[1:].lstrip()
            out.append(_displayed(part, mark))
        else:
            out.append(inline_math(tex(part)))
    return "".join(out)


def _displayed(obj: sp.Basic, after: str) -> str:
    """A formula of a paragraph displayed: an equation on one line where it fits, else
    split over rows like a claim (not shrunk); ``after`` its punctuation."""
    relation = relation_of(obj) or ("==" if isinstance(obj, Let) else None)
    if relation is not None:
        # a definition of a name in the legend is not to print as pi_k = pi_k
        sides = {obj.lhs, obj.rhs}
        with legend.using([e for e in legend.ACTIVE.get() if e.lhs not in sides]):
            return claim_tex(obj.lhs, relation, obj.rhs, after)
    mark = r"\," + after if after else ""
    if len(split_rows(obj)) == 1:
        return rf"\[{fit(tex(obj) + mark, CLAIM_WIDTH)}\]"
    return rf"\[{_stack(obj, CLAIM_WIDTH)}{mark}\]"


#: Punctuation after a displayed formula, as set inside it.
_DISPLAY_PUNCTUATION = {".": ".", ",": ",", ";": ";", ":": "{:}"}


def heading_tex(text: Text) -> str:
    """A heading's LaTeX: the typeset title, and plain text for the PDF's bookmarks."""
    if isinstance(text, str):
        return escape_text(text)
    # bookmarks are plain text: LaTeX's specials are dropped from the terminal form
    bookmark = re.sub(r"[\\{}$%&#~^_]", "", plain(text))
    return rf"\texorpdfstring{{{text_tex(text)}}}{{{bookmark}}}"


class _Printer(ClosingOperators, ReaderOrder, legend.Naming, LatexPrinter):
    """SymPy's LaTeX printer; powers of the vocabulary's functionals are
    parenthesised (their printers take no ``exp`` argument)."""

    def _print_unnamed(self, expr, **kwargs) -> str:
        if isinstance(expr, sp.Add) and (summed := as_indexed_sum(expr)) is not None:
            return self._print(summed)
        if isinstance(expr, Expectation):  # SymPy's dispatch skips an undefined function's bases
            return self._expectation(expr)
        if isinstance(expr, Divergence) and len(expr.args) == 2:
            p, q = (self._print(a) for a in expr.args)
            return rf"D_{{\mathrm{{KL}}}}\left({p} \,\middle\|\, {q}\right)"
        if isinstance(expr, (pdf, logpdf)) and (name := legend.name_of(expr.args[0])):
            # the density of a law named q_1 is q_1(z_1)
            at = rf"{self._print(name)}\left({self._print(expr.args[1])}\right)"
            return at if isinstance(expr, pdf) else rf"\log {at}"
        # A distribution's own printer lists every covariance entry; an 8 x 8
        # diagonal covariance would run pages wide.
        if isinstance(expr, MvNormal):
            return self._mvnormal(expr)
        if isinstance(expr, Normal):
            return self._normal(expr)
        if isinstance(expr, IID):
            # K independent draws of P: the product law P^{(x)K}, as the field writes it
            base = self._print(expr.base)
            if isinstance(expr.base, Mixture):
                base = rf"\left({base}\right)"
            return rf"{base}^{{\otimes {self._print(expr.args[1])}}}"
        if isinstance(expr, Mixture):
            mixture = self._mixture(expr)
            # an argument (KL(p || w_1 A + w_2 B), x ~ (w_1 A + w_2 B)) is one law: bracketed,
            # and braced: TeX puts a thin space between a \left...\right group and the comma
            # that follows it (H((A + B) ,Q))
            return rf"{{\left({mixture}\right)}}" if self._in_argument else mixture
        if isinstance(expr, (pdf, logpdf)) and (
                isinstance(expr.args[0], (Normal, MvNormal, Mixture))
                or getattr(expr.args[0], "short_name", None)):
            density = self._density(*expr.args)
            return density if isinstance(expr, pdf) else rf"\log {density}"
        if isinstance(expr, Expect) or (isinstance(expr, Functional) and len(expr.args) > 1):
            outer, self._in_argument = self._in_argument, True
            try:
                return LatexPrinter._print(self, expr, **kwargs)
            finally:
                self._in_argument = outer
        return LatexPrinter._print(self, expr, **kwargs)

    #: whether a law printed now is the argument of a functional or an expectation
    _in_argument = False

    def _weighted(self, d: Mixture, show: object) -> str:
        """``w_1 A_1 + ... + w_k A_k`` with ``A_i = show(i, component_i)``: the first and last
        terms only of a mixture longer than :attr:`Mixture.PRINTED_COMPONENTS`."""
        k = len(d.components)
        shown = range(1, k + 1) if k <= d.PRINTED_COMPONENTS else (1, None, k)
        terms = []
        for i in shown:
            if i is None:
                terms.append(r"\dots")
                continue
            w = d.weights[i - 1]
            weight = "" if w == 1 else self.parenthesize(w, PRECEDENCE["Mul"], strict=True) + r"\,"
            terms.append(weight + show(i, d.components[i - 1]))
        return " + ".join(terms)

    def _family(self, d: sp.Basic) -> str:
        """A distribution's family name as printed (``\\mathcal{N}``), without parameters."""
        return self._print(d).split(r"\left")[0]

    def _mixture(self, d: Mixture) -> str:
        # as the field writes a mixture: the weighted sum of its components' laws
        if len(d.components) > d.PRINTED_COMPONENTS:
            return self._weighted(d, lambda i, c: rf"{self._family(c)}_{{{i}}}")
        return self._weighted(d, lambda i, c: self._print(c))

    def _density(self, d: Distribution, x: sp.Basic) -> str:
        # N(x; mu, sigma^2) for a normal density; a mixture's is the weighted sum of its
        # components' densities, in parentheses (it is one factor wherever it stands)
        # a point of the plane is printed without a second pair of parentheses
        xs = ", ".join(self._print(c) for c in x) if isinstance(x, sp.Tuple) else self._print(x)
        if isinstance(d, Normal):
            mu, sigma = d.args
            return (rf"\mathcal{{N}}\left({xs}; {self._print(mu)}, "
                    rf"{self._print(sigma**2)}\right)")
        if isinstance(d, MvNormal):
            return self._mvnormal(d).replace(r"\mathcal{N}\left(", rf"\mathcal{{N}}\left({xs}; ", 1)
        if not isinstance(d, Mixture):
            # a family the field abbreviates, Bern(x; p), not p_{Bern(p)}(x)
            params = ", ".join(self._print(a) for a in d.printed_params())
            return rf"{self._family(d)}\left({xs}; {params}\right)"

        def component(i: int, c: sp.Basic) -> str:
            if isinstance(c, (Normal, MvNormal, Mixture)) or getattr(c, "short_name", None):
                return self._density(c, x)
            if len(d.components) > d.PRINTED_COMPONENTS:
                return rf"{self._family(c)}_{{{i}}}\left({xs}\right)"
            return rf"p_{{{self._print(c)}}}\left({xs}\right)"

        return r"\left(" + self._weighted(d, component) + r"\right)"

    def _normal(self, d: Normal) -> str:
        # The claim language's Normal(mu, sigma) takes the standard deviation; the
        # reader's notation N(mu, sigma^2) takes the variance (seeds, answer boxes).
        mu, sigma = d.args
        return rf"\mathcal{{N}}\left({self._print(mu)}, {self._print(sigma**2)}\right)"

    def _sequence(self, items: Sequence[sp.Basic]) -> str:
        items = list(items)
        if len(items) > 4:
            shown = [self._print(items[0]), self._print(items[1]), r"\dots", self._print(items[-1])]
        else:
            shown = [self._print(i) for i in items]
        return r"\left(" + ", ".join(shown) + r"\right)"

    def _mvnormal(self, d: MvNormal) -> str:
        # immutable: a Basic, which a legend may name
        mean, cov = list(d.mean_vector), sp.ImmutableMatrix(d.cov_matrix)
        n = cov.shape[0]
        mean_tex = "0" if all(m == 0 for m in mean) else self._sequence(mean)
        kind, detail = covariance_shape(cov)
        if kind == "identity":
            cov_tex = f"I_{{{n}}}"
        elif kind == "scaled":
            cov_tex = self.parenthesize(detail, PRECEDENCE["Mul"], strict=True) + f" I_{{{n}}}"
        elif kind == "diagonal":
            cov_tex = r"\operatorname{diag}" + self._sequence(detail)
        else:
            cov_tex = self._print(cov)
        return rf"\mathcal{{N}}\left({mean_tex}, {cov_tex}\right)"

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        # coordinate j of a sequence of vectors, IndexedBase "mu1" at k: mu_{k,1}
        if (found := vector_coordinate(expr)) is not None:
            name, index, coordinate = found
            return f"{self._print(name)}_{{{self._print(index)},{coordinate}}}"
        return f"{self._print(expr.base.label)}_{{{self._print(expr.indices[0])}}}" if len(
            expr.indices) == 1 else super()._print_Indexed(expr)

    def _print_ImmutableDenseMatrix(self, expr: sp.MatrixBase) -> str:
        # a vector of expressions all evaluated at one point (the round trip of a map)
        # prints the point once, after the vector, not under every entry
        subs = [e for e in expr if isinstance(e, sp.Subs)]
        if expr.cols == 1 and len(subs) == len(expr) > 1 and len(
                {(e.variables, e.point) for e in subs}) == 1:
            marker = sp.Dummy("ppmatrix")
            point = self._print(sp.Subs(marker, subs[0].variables, subs[0].point))
            inner = self._print(sp.ImmutableMatrix([e.expr for e in subs]))
            return point.replace(self._print(marker), inner, 1)
        return super()._print_MatrixBase(expr)

    def _expectation(self, expr: Expectation) -> str:
        # the text's E_q(f) in the notation of the checked expectations: blackboard E_q[f]
        under = type(expr).__name__[2:]
        sub = f"_{{{self._print(sp.Symbol(under))}}}" if under else ""
        inner = ", ".join(self._print(a) for a in expr.args)
        return rf"\mathbb{{E}}{sub}\left[{inner}\right]"

    def _print_Jacobian(self, expr: sp.Basic) -> str:
        # as the field writes a Jacobian matrix, d(f_1, f_2)/d(x_1, ..., x_n), not the
        # class name applied to two tuples
        fs, xs = (", ".join(self._print(e) for e in part) for part in expr.args)
        return rf"\frac{{\partial \left({fs}\right)}}{{\partial \left({xs}\right)}}"

    def _print_Abs(self, expr: sp.Abs, exp: str | None = None) -> str:
        # SymPy writes det M as |M|, so |det M| came out as ||M||, read as a norm
        arg = expr.args[0]
        if not isinstance(arg, sp.Determinant):
            return super()._print_Abs(expr, exp)
        matrix = arg.args[0]
        inner = (rf"\det {self._print(matrix)}" if isinstance(matrix, sp.MatrixBase)
                 else rf"\det {{{self._print(matrix)}}}")
        tex = rf"\left|{inner}\right|"
        return rf"{tex}^{{{exp}}}" if exp else tex

    def _print_Determinant(self, expr: sp.Determinant) -> str:
        # the determinant of a named matrix reads det S, as in |det S| beside it (SymPy's
        # |S| reads as an absolute value there); an explicit matrix keeps its bars
        if isinstance(expr.arg, sp.MatrixSymbol):
            return rf"\det {self._print(expr.arg)}"
        if not isinstance(expr.arg, sp.MatrixBase):
            # of a product of named matrices: det(S S^T), not |S S^T| (an absolute value)
            return rf"\det\left({self._print(expr.arg)}\right)"
        return super()._print_Determinant(expr)

    def _print_Subs(self, expr: sp.Subs) -> str:
        # An evaluation bar closes what it evaluates: a sum gets brackets (SymPy's
        # invisible \left. leaves the bar seemingly on the last term). Several
        # substitutions, or a long one, stacked under the bar shrink to script size:
        # they follow the formula at full size instead, one a row.
        body, olds, news = expr.args
        shown = self._print(body)
        if isinstance(body, sp.Add) or (isinstance(body, sp.Mul)
                                        and body.could_extract_minus_sign()):
            shown = rf"\left({shown}\right)"
        pairs = [f"{self._print(o)} = {self._print(n)}" for o, n in zip(olds, news, strict=True)]
        if len(pairs) == 1 and visible_width(pairs[0]) <= SUBS_WIDTH:
            return rf"\left. {shown} \right|_{{{pairs[0]}}}"
        # one substitution a row, beside the formula: a matrix is as tall as its list
        rows = r", \\ & ".join(pairs)
        return (rf"{shown}\ \left(\begin{{array}}{{@{{}}r@{{\ }}l@{{}}}}\text{{at}} & {rows}"
                r"\end{array}\right)")

    def _print_Integral(self, expr: sp.Integral) -> str:
        # an expectation under a Gaussian written as an integral: its density as the
        # seeds write it, N(z; mu, sigma^2), not a fraction with an exponential in it
        if len(expr.limits) == 1 and len(expr.limits[0]) == 3:
            t, lo, hi = expr.limits[0]
            if lo == -sp.oo and hi == sp.oo and (
                    found := split_normal(expr.function, t)) is not None:
                mean, variance, rest = found
                density = (rf"\mathcal{{N}}\left({self._print(t)}; {self._print(mean)}, "
                           rf"{self._print(variance)}\right)")
                if rest == 1:
                    body = density
                elif isinstance(rest, sp.Add) or rest.could_extract_minus_sign():
                    body = rf"{density} \left({self._print(rest)}\right)"
                else:
                    body = rf"{density}\, {self._print(rest)}"
                return rf"\int\limits_{{-\infty}}^{{\infty}} {body}\, d{self._print(t)}"
        return super()._print_Integral(expr)

    def _print_Mul(self, expr: sp.Mul) -> str:
        # exp(...) of a long exponent in a fraction's numerator is set at text size, its
        # exponent's fractions at script size: the fraction goes before it instead,
        # (2 pi)^{-1} exp(-q/2) as a density is written, not exp(-q/2) over 2 pi.
        tall = [f for f in expr.args if isinstance(f, sp.exp)
                and _tall_exponent(self._print(f.args[0]))]
        if len(expr.args) == 2 and expr.args[0] == -1 and isinstance(expr.args[1], sp.Add):
            # minus a sum that a derivation kept whole: brackets that grow with the sum
            return rf"- \left({self._print(expr.args[1])}\right)"
        if (kept := kept_whole_over_count(expr)) is not None:
            return rf"{self._print(kept[0])} \left({self._print(kept[1])}\right)"
        if (summed := sum_over_count(expr)) is not None:
            # a sum over a number or a count: stacked, the sum's limits and fractions shrink
            # to text size; the reciprocal goes before it, (1/n) sum_i ..., as it is written
            body = self._print(summed)
            rest = sp.Mul(*[f for f in expr.args if f is not summed])
            factor = "- " + self._closed(-rest) if rest.could_extract_minus_sign() else (
                self._closed(rest))
            return rf"{factor} {body}"
        if (law := wide_over_number(expr)) is not None:
            # KL(P, M)/2: the divergence stacked over 2 shrinks its laws; half of it is
            # written (1/2) KL(P, M)
            coeff, sign = expr / law, ""
            if coeff.could_extract_minus_sign():
                coeff, sign = -coeff, "- "
            return rf"{sign}{self._print(coeff)} {self._print(law)}"
        if len(tall) == 1 and sp.fraction(expr)[1] != 1:
            rest = sp.Mul(*[f for f in expr.args if f is not tall[0]])
            if rest == 1 or rest == -1:
                return ("- " if rest == -1 else "") + self._print(tall[0])
            factor = self._closed(rest)
            if isinstance(rest, sp.Add):
                factor = rf"\left({factor}\right)"
            return rf"{factor} {self._print(tall[0])}"
        return self._product(expr)

    def _product(self, expr: sp.Mul) -> str:
        """SymPy's product (sign, fraction, factors), its factors in :func:`factor_order`:
        ``gamma_{ik} log pi_k``, not ``log(pi_k) gamma_{ik}``."""
        if expr.args[0] is sp.S.One or any(isinstance(a, sp.Number) for a in expr.args[1:]):
            return super()._print_Mul(expr)  # unevaluated: every factor as written
        sign = ""
        if expr.could_extract_minus_sign():
            expr, sign = -expr, "- "
            if expr.is_Add:
                return rf"- \left({self._print(expr)}\right)"
        numer, denom = sp.fraction(expr, exact=True)
        if denom is sp.S.One and sp.Pow(1, -1, evaluate=False) not in expr.args:
            return sign + self._factors(expr)
        return sign + rf"\frac{{{self._factors(numer)}}}{{{self._factors(denom)}}}"

    def _factors(self, expr: sp.Basic) -> str:
        """The factors of ``expr`` side by side, bracketed as SymPy brackets them; a bare
        operator that another factor follows keeps its brackets (:func:`opens_right`)."""
        if not isinstance(expr, sp.Mul):
            return self._print(expr)
        args = factor_order(list(expr.as_ordered_factors()))
        out = last = ""
        for i, term in enumerate(args):
            final = i == len(args) - 1
            printed = self._print(term) if final or not opens_right(term) else (
                self._closed(term))
            if self._needs_mul_brackets(term, first=i == 0, last=final):
                printed = rf"\left({printed}\right)"
            if out:
                between = (_between_two_numbers_p[0].search(last)
                           and _between_two_numbers_p[1].match(printed))
                out += self._settings["mul_symbol_latex_numbers" if between
                                      else "mul_symbol_latex"]
            out += printed
            last = printed
        return out

    def _print_log(self, expr: sp.Basic, exp: str | None = None) -> str:
        # log pi_k, log 2, log p(x) as a textbook writes them (factor_order); a power,
        # log^2(x), and an argument that is a sum, a product or a fraction keep brackets
        if exp is None and not self._closing and is_bare(expr):
            return rf"\log {self._print(expr.args[0])}"
        return super()._print_log(expr, exp)

    def _print_operator(self, expr: sp.Basic, exp: str | None = None) -> str:
        # sin x, tanh x as log x (SymPy's _print_Function would call this method again)
        name = self._hprint_Function(type(expr).__name__)
        if exp is None and not self._closing and is_bare(expr):
            return rf"{name} {self._print(expr.args[0])}"
        head = name if exp is None else rf"{name}^{{{exp}}}"
        return rf"{head}{{\left({self._print(expr.args[0])} \right)}}"

    _print_sin = _print_cos = _print_tan = _print_operator
    _print_sinh = _print_cosh = _print_tanh = _print_operator

    def _print_ExpBase(self, expr: sp.Basic, exp: str | None = None) -> str:
        # A long or stacked exponent set as a superscript shrinks to script size, a
        # quadratic form to an unreadable line: such an exponent is written exp(...).
        power = self._print(expr.args[0])
        if not _tall_exponent(power):
            return super()._print_ExpBase(expr, exp)
        return self._do_exponent(rf"\exp\left({power}\right)", exp)

    def _needs_mul_brackets(self, expr: sp.Basic, first: bool = False,
                            last: bool = False) -> bool:
        # SymPy brackets every factor holding a sum that is not the last one, so a square
        # (x_i - m)^2 whose m is a sum by name printed as ((x_i - m)^2): a power of a
        # bracketed sum is closed already
        if isinstance(expr, sp.Pow) and isinstance(expr.base, sp.Add) and expr.exp.is_positive:
            return False
        if super()._needs_mul_brackets(expr, first=first, last=True):
            return True
        # (and a factor whose sum the legend names, log pi_k for a softmax pi_k, shows none)
        return super()._needs_mul_brackets(expr, first=first, last=last) and any(
            op in self._print(expr) for op in (r"\sum", r"\int", r"\prod"))

    def _print_MatAdd(self, expr: sp.MatAdd) -> str:
        # a difference of explicit matrices kept unevaluated (J - R, a complement) prints
        # as written: the sum printer negates the term, which computes the matrix
        out = []
        for i, (negated, term) in enumerate(matrix_terms(expr)):
            sign = ("- " if negated else "") if i == 0 else (" - " if negated else " + ")
            out.append(sign + self._print(term))
        return "".join(out)

    def _print_HadamardPower(self, expr: sp.HadamardPower) -> str:
        # the elementwise reciprocal of a vector of scales: sigma^{-1}, as the field writes
        # (z - mu) sigma^{-1}, not SymPy's sigma^{o(-1)}
        if expr.exp == -1:
            return rf"{self.parenthesize(expr.base, PRECEDENCE['Pow'])}^{{-1}}"
        return super()._print_HadamardPower(expr)

    def _print_Pow(self, expr: sp.Pow) -> str:
        # a base that the legend names is bracketed as its name (z_{02}^2), not as what the
        # name stands for ((z_{02})^2, brackets around one letter)
        named = printed_as(expr.base)
        if named != expr.base:
            return self._print(sp.Pow(named, expr.exp, evaluate=False))
        if isinstance(expr.base, sp.Determinant) and expr.exp.is_Integer and not isinstance(
                expr.base.arg, sp.MatrixBase):
            # (det S)^2, not det S^2 (a root stays a root, sqrt(det Sigma))
            return rf"\left({self._print(expr.base)}\right)^{{{self._print(expr.exp)}}}"
        if isinstance(expr.base, Functional):
            return rf"\left({self._print(expr.base)}\right)^{{{self._print(expr.exp)}}}"
        return super()._print_Pow(expr)


#: Visible characters of an exponent set as a superscript; a longer one is written exp(...).
EXPONENT_WIDTH = 10
#: ... and of one that holds a fraction (e^{-x^2/2} stays a superscript).
FRACTION_EXPONENT_WIDTH = 7
#: Visible characters of one substitution set under an evaluation bar; a longer one (or
#: several) is written after the formula at full size.
SUBS_WIDTH = 12


def _fraction_parts(latex: str) -> Iterator[str]:
    """The numerators and denominators of the fractions in ``latex``."""
    at = latex.find(r"\frac{")
    while at >= 0:
        num, end = _braced(latex, at + len(r"\frac"))
        yield num
        yield _braced(latex, end)[0]
        at = latex.find(r"\frac{", at + 1)


def _tall_exponent(latex: str) -> bool:
    """Whether an exponent reads badly as a superscript: a sum or product sign, a
    fraction of fractions or of a function's value, or wider than :data:`EXPONENT_WIDTH`."""
    return (any(t in latex for t in (r"\sum", r"\prod", r"\int")) or is_tall(latex)
            or any(r"\left(" in part for part in _fraction_parts(latex))
            or visible_width(latex) > EXPONENT_WIDTH
            # a fraction beside other terms (v tanh(a t + c) - t^2/2): script size twice
            or (r"\frac" in latex and visible_width(latex) > FRACTION_EXPONENT_WIDTH))


def tall_exponent(exponent: sp.Basic) -> bool:
    """Whether the key writes ``e^{exponent}`` as ``exp(exponent)`` (:func:`_tall_exponent`),
    the one rule that the report's MathML asks too."""
    return _tall_exponent(tex(exponent))


def mul_brackets(term: sp.Basic, first: bool, last: bool) -> bool:
    """Whether the key brackets ``term`` as a factor of a product (first or last of it):
    the one rule, which the report's MathML asks too."""
    return _Printer({"ln_notation": False})._needs_mul_brackets(term, first=first, last=last)


def tex(expr: sp.Basic) -> str:
    """SymPy's LaTeX of an expression, with natural logs written ``\\log``."""
    return _Printer({"ln_notation": False}).doprint(expr)


def visible_width(latex: str) -> int:
    """A rough width of typeset LaTeX in characters (commands and braces dropped)."""
    stripped = re.sub(r"\\(left|right|mathrm|operatorname|frac|mathcal|cdot|,|;|!)", "", latex)
    stripped = re.sub(r"\\[a-zA-Z]+", "x", stripped)
    width = len(re.sub(r"[{}^_ ]", "", stripped))
    if r"\frac" in latex:  # fractions stack, so they are narrower than their source
        width = int(width * 0.8)
    return width


def _chunks(terms: Sequence[str], width: int) -> list[str]:
    """Greedily join signed LaTeX terms into rows of at most ``width``."""
    rows: list[str] = []
    current = ""
    for t in terms:
        if current and visible_width(current + t) > width:
            rows.append(current)
            current = ""
        current += t
    if current:
        rows.append(current)
    return rows


def _signed_terms(expr: sp.Add) -> list[str]:
    # in the order the whole line prints them (a sum left unevaluated, as written)
    terms = []
    for i, term in enumerate(_Printer({"ln_notation": False})._as_ordered_terms(expr)):
        t = tex(term)
        if i == 0:
            terms.append(t)
        elif t.startswith("-"):
            terms.append(" - " + t[1:])
        else:
            terms.append(" + " + t)
    return terms


def expression_rows(expr: sp.Basic, width: int = ROW_WIDTH) -> list[str]:
    """The LaTeX of ``expr`` as one or more rows, split at top-level sums.

    A product ``c * (a + b + ...)`` whose sum is long is split inside big
    parentheses; everything else stays on one row.
    """
    latex = tex(expr)
    if visible_width(latex) <= width or isinstance(expr, sp.MatrixBase):
        return [latex]
    if isinstance(expr, sp.Add):
        return _chunks(_signed_terms(expr), width)
    if isinstance(expr, Expect) and isinstance(expr.body, sp.Add):
        # a long expectation of a sum: the sum split inside the brackets
        draws = ", ".join(f"{tex(v)} \\sim {tex(d)}"
                          for v, d in zip(expr.variables, expr.distributions, strict=True))
        head = rf"\mathbb{{E}}_{{{draws}}}\Bigl["
        # the rows are measured with the head that the first one carries
        rows = _chunks(_signed_terms(expr.body), width - visible_width(head))
        rows[0] = head + rows[0]
        rows[-1] += r"\Bigr]"
        return rows
    if isinstance(expr, Sup):
        # a long supremum: its body split inside big brackets, the operator on the first row
        head = rf"\{expr.extreme}_{{{tex(expr.variable)}}} \Bigl("
        rows = expression_rows(expr.body, width - visible_width(head))
        if len(rows) > 1:
            return [head + rows[0], *rows[1:-1], rows[-1] + r"\Bigr)"]
    if isinstance(expr, sp.Mul):
        # the widest sum among the factors is split; the others, (f_0 + f_1), go before it
        sums = sorted((a for a in expr.args if isinstance(a, sp.Add)),
                      key=lambda a: -visible_width(tex(a)))
        if sums:
            rest = sp.Mul(*[a for a in expr.args if a is not sums[0]])
            prefix = "-" if rest == -1 else ("" if rest == 1 else tex(rest))
            if isinstance(rest, sp.Add):
                prefix = rf"\left({prefix}\right)"
            rows = _chunks(_signed_terms(sums[0]), width - visible_width(prefix))
            rows[0] = prefix + r"\Bigl(" + rows[0]
            rows[-1] += r"\Bigr)"
            return rows
    return [latex]


def fit(latex: str, width: str = EXPR_WIDTH) -> str:
    """Math ``latex`` in a box no wider than ``width`` (scaled down only if wider), its
    fractions of fractions at full size (:func:`full_size_fractions`)."""
    return rf"\ppfit{{{width}}}{{{full_size_fractions(latex)}}}"


def full_size_fractions(latex: str) -> str:
    """``latex`` with the numerator and denominator of every fraction that holds another
    fraction set in display style: TeX sets a fraction's parts one size down, so a
    fraction in a fraction (an expectation of a ratio over another) came out at script
    size, and a derivative's d/da in it smaller still."""
    out, at = [], 0
    while (found := latex.find(r"\frac{", at)) >= 0:
        num, end = _braced(latex, found + len(r"\frac"))
        den, stop = _braced(latex, end)
        if r"\frac" not in num + den:
            out.append(latex[at:end])
            at = end
            continue
        parts = [full_size_fractions(p) for p in (num, den)]
        out.append(latex[at:found] + r"\frac{" + "}{".join(
            (r"\displaystyle " + p if r"\frac" in p else p) for p in parts) + "}")
        at = stop
    return "".join(out) + latex[at:]


def shrinks_inline(latex: str) -> bool:
    """Whether a fraction in ``latex`` holds a function's value, a sum, an integral or
    another fraction (a ratio of expectations, G_k over a sum): set inline, those parts
    shrink to script size, unreadable in a justification's small type."""
    return any(t in part for part in _fraction_parts(latex)
               for t in (r"\left", r"\sum", r"\prod", r"\int", r"\frac", r"\mathbb"))


def inline_math(latex: str) -> str:
    """``$latex$`` for a formula in running text, in display style where it
    :func:`shrinks_inline`."""
    return rf"$\displaystyle {full_size_fractions(latex)}$" if shrinks_inline(latex) else (
        f"${latex}$")


#: Visible characters of a row when a formula is split because TeX found its line too wide:
#: the split of :data:`ROW_WIDTH` rests on a rough estimate, and a row it leaves a little
#: too wide was shrunk to fit (below 90% at times); rows this short fit at full size.
SPLIT_ROW_WIDTH = 44


def split_rows(expr: sp.Basic) -> list[str]:
    """The rows of ``expr`` to set where its one line does not fit: split at the finer
    :data:`SPLIT_ROW_WIDTH` (TeX measures the line and picks, :func:`_stack`)."""
    rows = expression_rows(expr, SPLIT_ROW_WIDTH)
    # a row that opens with a sign continues a sum: {} makes it a binary sign (+ E, not +E)
    return rows[:1] + ["{}" + r if r.lstrip()[:1] in "+-" else r for r in rows[1:]]


def _stack(expr: sp.Basic, width: str) -> str:
    """One formula in one cell: on one line where TeX finds that it fits in ``width``,
    else its :func:`split_rows`, each fitted to ``width``, stacked (the rows after the first
    indented): the unit that ``\\ppstep`` measures and places."""
    rows = split_rows(expr)
    one_line = tex(expr)
    if len(rows) == 1:
        return fit(one_line, width)
    fitted = [fit(r, width) for r in rows]
    return (rf"\ppeither{{{width}}}{{{full_size_fractions(one_line)}}}"
            rf"{{\begin{{array}}[t]{{@{{}}l@{{}}}}" + " \\\\ \\quad ".join(fitted)
            + r"\end{array}}")


def _step(expr: sp.Basic, why: Text) -> str:
    return rf"\ppstep{{{_stack(expr, WIDE_EXPR_WIDTH)}}}{{({text_tex(why)})}}"


def _join(first: Text, second: Text) -> Text:
    if isinstance(first, str) and isinstance(second, str):
        return f"{first}; then {second}"
    return (*text_parts(first), "; then ", *text_parts(second))


def printed_steps(derivation: Derivation) -> list[tuple[Step, Text]]:
    """The steps a reader sees, each with its justification: a step that prints exactly
    like the expression before it (SymPy evaluated the rewriting away) is checked but not
    printed again; its justification joins the neighbouring printed step's (and its
    relation, if not ``==``, replaces an ``==``)."""
    out: list[tuple[Step, Text]] = []
    pending: Text | None = None  # steps equal to the start, before any printed step
    previous = tex(derivation.start)
    for step in derivation.steps:
        printed = tex(step.expr)
        if printed != previous:
            why = step.justification if pending is None else _join(pending, step.justification)
            out.append((step, why))
            pending = None
        elif out:
            last, why = out[-1]
            rel = step.relation if last.relation == "==" else last.relation
            out[-1] = (Step(last.expr, last.justification, rel), _join(why, step.justification))
        else:
            pending = (step.justification if pending is None
                       else _join(pending, step.justification))
        previous = printed
    return out


def unprinted_justification(derivation: Derivation) -> Text | None:
    """The joined justifications when every step prints like the start (nothing new to
    show: the start is printed once, with them), else None."""
    if printed_steps(derivation) or not derivation.steps:
        return None
    why: Text = derivation.steps[0].justification
    for step in derivation.steps[1:]:
        why = _join(why, step.justification)
    return why


def derivation_tex(derivation: Derivation) -> str:
    """An ``align*`` of a derivation: one row per step, its justification beside it, or
    below it when the step's formula needs the line (``\\ppstep``)."""
    start = derivation.start
    alone = unprinted_justification(derivation)
    rows = ["&" + (_stack(start, CLAIM_WIDTH) if alone is None else _step(start, alone))]
    for step, why in printed_steps(derivation):
        rows.append(f"{_RELATION_TEX[step.relation]}\\ & {_step(step.expr, why)}")
    title = (r"\noindent\emph{" + text_tex(derivation.title) + "}\n") if derivation.title else ""
    return title + "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n"


def claim_tex(lhs: sp.Basic, relation: str, rhs: sp.Basic, after: str = "") -> str:
    """A displayed claim ``lhs relation rhs``, split over rows when long; ``after`` is the
    punctuation that follows it in a sentence (set inside the display)."""
    left = [fit(r, CLAIM_WIDTH) for r in split_rows(lhs)]
    right = [fit(r, CLAIM_WIDTH) for r in split_rows(rhs)]
    rows = [f"&{r}" for r in left[:-1]] + [f"&{left[-1]}"]
    rows.append(f"{_RELATION_TEX[relation]}\\ & {right[0]}")
    rows += [r"&\quad " + r for r in right[1:]]
    if after:
        rows[-1] += r"\," + after
    one_line = full_size_fractions(f"{tex(lhs)} {_RELATION_TEX[relation]} {tex(rhs)}") + (
        r"\," + after if after else "")
    split = "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n"
    # the rough width estimate is settled by TeX: one line where it fits, else the rows
    return f"\\ppclaim{{{one_line}}}{{{split}}}\n"


def sources_tex(sources: Sequence[Source]) -> str:
    """``seed, question 1.1``; the questions of one seed after it once (``seed, questions
    1.1 and 1.2``): the seed's file name cannot be hyphenated, and written twice it
    stretched the spaces of its line."""
    by_seed: dict[str, list[str]] = {}
    for s in sources:
        by_seed.setdefault(s.seed, []).append(escape_text(s.question))
    out = []
    for seed, questions in by_seed.items():
        listed = (questions[0] if len(questions) == 1
                  else ", ".join(questions[:-1]) + " and " + questions[-1])
        out.append(f"\\texttt{{{escape_text(seed)}}}, question{'s' if len(questions) > 1 else ''}"
                   f" {listed}")
    return "; ".join(out)


def id_line(kind: str, result_id: str, sources: Sequence[Source]) -> str:
    """``Result gmm.density. Source: seed, question 1.1.``, the first line under a result's
    or a written answer's heading."""
    # \sloppy: file names in \texttt cannot be hyphenated, so let the spaces stretch;
    # \nopagebreak: the line is not left alone at the foot of a page
    return (f"{{\\sloppy\\noindent\\textbf{{{kind}}} \\texttt{{{escape_text(result_id)}}}. "
            f"\\textbf{{Source:}} {sources_tex(sources)}.\\par}}\\nopagebreak\n\n")


def result_snippet(result: Result, heading: str = r"\subsection") -> str:
    """The LaTeX snippet of one result: title, sources, statement, derivations,
    facts, boxed answer and notes."""
    out = [
        FIT_MACRO + "\n",
        f"\\renewcommand{{\\ppfitresult}}{{{result.id}}}\n",
        f"{heading}{{{heading_tex(result.title)}}}\n\\label{{res:{result.id}}}\n",
        id_line("Result", result.id, result.sources),
    ]
    with legend.using(result.legend):
        _result_body(result, out)
    return "".join(out)


def _as_normal(let: Let) -> Let:
    """``q(x) = N(x; m, s^2)`` for a definition of a function of one variable ``x`` that is
    exactly a normal density in ``x`` written out; any other definition unchanged."""
    args = getattr(let.lhs, "args", ())
    if isinstance(let.lhs, AppliedUndef) and len(args) == 1 and args[0].is_Symbol:
        found = split_normal(let.rhs, args[0])
        if found is not None and found[2] == 1:
            mean, variance, _ = found
            return Let(let.lhs, pdf(Normal(mean, sp.sqrt(variance)), args[0]))
    return let


def legend_tex(entries: Sequence[Let], stated: Collection[Let] = ()) -> str:
    """The definitions of a result's legend that the claim (``stated``) does not state,
    each printed without its own name; nothing if the claim states them all."""
    shown = []
    for let, others in legend_shown.shown(entries, stated):
        with legend.using(others):
            shown.append(fit(tex(_as_normal(let)), CLAIM_WIDTH))
    if not shown:
        return ""
    return ("\\noindent where\n\\begin{align*}\n&" + ",\\\\\n&".join(shown)
            + ".\n\\end{align*}\n")


def statement_tex(st: Statement) -> str:
    """A result's displayed claim or fact. An equation whose sides print alike (a
    computed matrix equal to the claimed one) is displayed once, not as ``M = M``: the
    equality is what the check proves, the reader needs to see the object."""
    if st.relation == "==" and tex(st.lhs) == tex(st.rhs):
        return f"\\[{fit(tex(st.rhs), CLAIM_WIDTH)}\\]\n"
    return claim_tex(st.lhs, st.relation, st.rhs)


def _result_body(result: Result, out: list[str]) -> None:
    st = result.statement
    # no blank line after a text that ends in a display: the claim's display would start
    # a paragraph of its own, an empty line above it
    out.append(r"\noindent\textbf{Claim.} " + text_tex(st.text, display_tall=True).rstrip("\n")
               + "\n")
    out.append(statement_tex(st))
    if result.legend:
        out.append(legend_tex(result.legend, legend.stated_in(st.text)))
    for d in result.derivations:
        out.append(r"\noindent\textbf{Derivation.} " if not d.title else "")
        out.append(derivation_tex(d))
    if result.facts:
        # The list's own penalty before it (\@beginparpenalty, negative: it invites a page
        # break) is lifted in a group, so the heading is not left at the foot of a page.
        out.append(r"{\noindent\textbf{Facts used (each checked).}\par\nopagebreak"
                   r"\csname @beginparpenalty\endcsname=10000\relax"
                   + "\n\\begin{itemize}\n")
        for f in result.facts:
            out.append(r"\item " + text_tex(f.text) + "\n" + statement_tex(f))
        out.append("\\end{itemize}}\n")
    grid = receptive_grid(result)
    answer = text_tex(result.answer, display_tall=True)
    out.append(
        # One unbreakable box: the heading is never left alone at the foot of a page
        # (``\\*[2pt]`` still let TeX break at its glue, before the framed answer).
        "\\noindent\\begin{minipage}{\\linewidth}\\textbf{Answer.}\\\\[2pt]\n"
        "\\fbox{\\parbox{0.96\\linewidth}{"
        + (grid_tex(grid) if grid is not None else "")
        + answer
        + "}}\\end{minipage}\n\n"
    )
    for note in result.notes:
        out.append(r"\noindent\textbf{Note.} " + text_tex(note, display_tall=True) + "\n\n")


PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper,margin=2cm]{geometry}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\DeclareUnicodeCharacter{2212}{\ensuremath{-}}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage{adjustbox}
\usepackage[table]{xcolor}
\usepackage{longtable}
\usepackage[hidelinks]{hyperref}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\title{probproof: answer key}
\author{generated from the verified catalog}
\begin{document}
\maketitle
\tableofcontents
\bigskip\noindent\textbf{Notation.} $\mathcal{N}(\mu, \sigma^{2})$ is the normal law with mean
$\mu$ and \emph{variance} $\sigma^{2}$, as the problem sets write it. Claim files and
\texttt{probproof show} use the claim language, whose \texttt{Normal(mu, sigma)} takes the
standard deviation; only the printed mathematics squares it.
"""


def prose_snippet(answer: ProseAnswer, text: str, figures: str = "",
                  heading: str = r"\subsection") -> str:
    """The LaTeX of an answer in words: title, sources, the text in the answer
    box, then its figures (``figures``, already LaTeX)."""
    return (f"{heading}{{{escape_text(answer.title)}}}\n\\label{{res:{answer.id}}}\n"
            + id_line("Answer", answer.id, answer.sources)
            + "\\noindent\\fbox{\\parbox{0.96\\linewidth}{" + escape_text(text) + "}}\n\n"
            + figures)


def questions_tex(rows: Sequence[tuple[str, str, Sequence[str]]]) -> str:
    """The table of every question and the ids that answer it (seed, label, ids)."""
    lines = [f"\\texttt{{{escape_text(seed[:3])}}} & {escape_text(label)} & "
             + ", ".join(f"\\hyperref[res:{i}]{{\\texttt{{{escape_text(i)}}}}}" for i in ids)
             + " \\\\"
             for seed, label, ids in rows]
    return ("\\section{Questions and the answers to them}\n"
            "Every question of the five problem sets that asks for something, and the "
            "results (derived and checked) or answers in words (numbers from the experiments) "
            "that answer it.\n\n{\\small\\begin{longtable}{@{}llp{0.7\\linewidth}@{}}\n"
            "seed & question & answered by \\\\ \\hline\\endhead\n"
            + "\n".join(lines) + "\n\\end{longtable}}\n")


def document(results: Iterable[Result], extras: Mapping[str, str] | None = None,
             prose: Sequence[tuple[ProseAnswer, str]] = (), questions: str = "") -> str:
    """The answer key: results grouped by seed (the seed of their first source),
    in question order, with a table of contents. ``extras`` maps a result id to
    LaTeX placed after its snippet (the report's checks and figures); ``prose``
    holds the answers in words with their LaTeX, placed among the results by
    question; ``questions`` (LaTeX) ends the document."""
    by_seed: dict[str, list[tuple[str, str]]] = {}
    for r in results:
        by_seed.setdefault(r.sources[0].seed, []).append(
            (r.sources[0].question, result_snippet(r) + (extras or {}).get(r.id, "")))
    for a, latex in prose:
        by_seed.setdefault(a.sources[0].seed, []).append((a.sources[0].question, latex))
    body = [PREAMBLE]
    for seed in sorted(by_seed):
        body.append(f"\\section{{Seed \\texttt{{{escape_text(seed)}}}}}\n")
        # sorted is stable: at one label, the checked results come first
        for _, latex in sorted(by_seed[seed], key=lambda item: _question_key(item[0])):
            body.append(latex)
    body.append(questions)
    body.append("\\end{document}\n")
    return "".join(body)


def grid_tex(grid: sp.MatrixBase) -> str:
    """A receptive field as the seed's Figure 2 draws it: a 5 x 5 table of the
    pixel labels ``rc``, the pixels in the field shaded."""
    rows = []
    for r in range(grid.rows):
        cells = [(r"\cellcolor{gray!40}\textbf{" if grid[r, c] else r"\textcolor{gray}{")
                 + f"{r + 1}{c + 1}}}" for c in range(grid.cols)]
        rows.append(" & ".join(cells) + r" \\ \hline")
    return ("\\begin{center}\\begin{tabular}{|" + "c|" * grid.cols + "}\\hline\n"
            + "\n".join(rows) + "\n\\end{tabular}\\end{center}\n")
