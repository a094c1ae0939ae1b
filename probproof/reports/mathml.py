"""MathML (presentation) for the claim vocabulary, for the HTML reports.

SymPy's presentation printer handles the arithmetic; the vocabulary's nodes
(distributions, KL, expectations, ...) get the notation the LaTeX renderer
uses, instead of SymPy's fallback of lower-cased class names. Browsers render
MathML natively, so the report needs no script and no network.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.pretty.pretty_symbology import greek_unicode

from probproof.derivations import vocabulary as V
from probproof.derivations.result import Divergence, Expectation
from probproof.reports import legend
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
from probproof.reports.latex import mul_brackets, tall_exponent
from probproof.reports.sums import as_indexed_sum, vector_coordinate
from probproof.reports.term_order import ReaderOrder, matrix_terms

#: A name's modifier, as the LaTeX printer reads it (``mhat`` is m with a hat).
_ACCENTS = {"hat": "^", "tilde": "~", "bar": "\u00af"}

_DIST_NAMES = {"Normal": "\U0001d4a9", "MvNormal": "\U0001d4a9", "Uniform": "\U0001d4b0"}


class _Printer(ClosingOperators, ReaderOrder, legend.Naming, MathMLPresentationPrinter):
    """Presentation MathML with the vocabulary's notation (and a result's legend)."""

    def __init__(self) -> None:
        super().__init__({"ln_notation": False})

    def doprint(self, expr) -> str:
        # SymPy's MathML doprint dispatches the top node past self._print, so that the
        # legend's names and the summed coordinates would apply only below it (the LaTeX
        # printer applies them at the top too)
        top = full_size_fractions(self._print(expr))
        return top.toxml().encode("ascii", "xmlcharrefreplace").decode()

    def _print_Mul(self, expr: sp.Mul) -> Any:
        # as in the key: a sum over a number or a count is written (1/n) sum_i ..., the
        # reciprocal before the sum, not the sum stacked over n at a smaller size
        if (kept := kept_whole_over_count(expr)) is not None:
            return self._el("mrow", self._print(kept[0]), self._mo("\u2062"),
                            self._fenced([self._print(kept[1])]))
        if (summed := sum_over_count(expr)) is not None:
            rest = sp.Mul(*[f for f in expr.args if f is not summed])
            body = self._print(summed)
            if rest.could_extract_minus_sign():
                return self._el("mrow", self._mo("-"), self._print(-rest), self._mo("\u2062"),
                                body)
            return self._el("mrow", self._print(rest), self._mo("\u2062"), body)
        if (law := wide_over_number(expr)) is not None:
            coeff = expr / law
            negative = coeff.could_extract_minus_sign()
            shown = self._el("mrow", self._print(-coeff if negative else coeff),
                             self._mo("\u2062"), self._print(law))
            return self._el("mrow", self._mo("-"), shown) if negative else shown
        tall = [f for f in expr.args if isinstance(f, sp.exp) and tall_exponent(f.args[0])]
        if len(tall) == 1 and sp.fraction(expr)[1] != 1:
            # as in the key: 1/(2 pi |det S|) exp(...), not exp(...) stacked over 2 pi |det S|
            rest = sp.Mul(*[f for f in expr.args if f is not tall[0]])
            if rest in (1, -1):
                shown = self._print(tall[0])
                return self._el("mrow", self._mo("-"), shown) if rest == -1 else shown
            factor = self._closed(rest)
            if isinstance(rest, sp.Add):
                factor = self._fenced([factor])
            return self._el("mrow", factor, self._mo("\u2062"), self._print(tall[0]))
        return self._product(expr)

    def _print_exp(self, e: sp.exp) -> Any:
        # as in the key: a long or stacked exponent is written exp(...), not a superscript
        if not tall_exponent(e.args[0]):
            return super()._print_exp(e)
        return self._el("mrow", self._name("exp"), self._mo("\u2061"),
                        self._fenced([self._print(e.args[0])]))

    def _product(self, expr: sp.Mul) -> Any:
        # as in the key: the factors in factor_order (gamma_ik log pi_k), bracketed where the
        # key brackets them (mul_brackets), a bare operator followed by a factor bracketed
        row = self._el("mrow")
        if expr.could_extract_minus_sign():
            row.appendChild(self._mo("-"))
            expr = -expr
            if isinstance(expr, sp.Add):
                row.appendChild(self._fenced([self._print(expr)]))
                return row
        numer, denom = sp.fraction(expr, exact=True)  # as the key: e^{-x} stays a numerator
        if denom is not sp.S.One:
            row.appendChild(self._el("mfrac", self._print(numer), self._print(denom)))
            return row
        args = factor_order(list(expr.as_ordered_factors()))
        for i, term in enumerate(args):
            final = i == len(args) - 1
            if i:
                row.appendChild(self._mo("\u2062"))
            printed = self._print(term) if final or not opens_right(term) else (
                self._closed(term))
            if mul_brackets(term, first=i == 0, last=final):
                printed = self._fenced([printed])
            row.appendChild(printed)
        return row

    def _print_operator(self, e: sp.Function) -> Any:
        # log pi_k, log 2, log p(x), tanh x as in the key (factor_order); a sum, a product,
        # a power or a fraction keeps its brackets
        if self._closing or not is_bare(e):
            return super()._print_Function(e)
        return self._el("mrow", self._name(type(e).__name__), self._mo("\u2061"),
                        self._print(e.args[0]))

    _print_log = _print_sin = _print_cos = _print_tan = _print_operator
    _print_sinh = _print_cosh = _print_tanh = _print_operator

    def _print_Sum(self, e: sp.Sum) -> Any:
        # as in the key: the summand bracketed only where it is a sum (SymPy's presentation
        # printer brackets every product, sum_k (1/K (...)))
        return self._big_operator(e, "&#x2211;")

    def _print_Product(self, e: sp.Product) -> Any:
        return self._big_operator(e, "&#x220F;")

    def _big_operator(self, e: sp.Basic, sign: str) -> Any:
        (var, lo, hi), *more = e.limits
        if more:
            return getattr(super(), f"_print_{type(e).__name__}")(e)
        under = self._el("mrow", self._print(var), self._mo("="), self._print(lo))
        body = self._print(e.function)
        if isinstance(e.function, sp.Add):
            body = self._fenced([body])
        return self._el("mrow", self._el("munderover", self._mo(sign), under, self._print(hi)),
                        body)

    def _print_MatAdd(self, e: sp.MatAdd) -> Any:
        # as in the key: a difference of explicit matrices kept unevaluated prints as
        # written, z - mu in the reader's order
        row = []
        for i, (negated, term) in enumerate(matrix_terms(e)):
            if i or negated:
                row.append(self._mo("-" if negated else "+"))
            row.append(self._print(term))
        return self._el("mrow", *row)

    def _print_HadamardPower(self, e: sp.HadamardPower) -> Any:
        # as in the key: the elementwise reciprocal of the scales reads sigma^{-1}
        if e.exp == -1:
            base = self._print(e.base)
            if not isinstance(e.base, (sp.Symbol, sp.MatrixSymbol)):
                base = self._fenced([base])
            return self._el("msup", base, self._el("mrow", self._mo("-"),
                                                   self._el("mn", text="1")))
        return super()._print_HadamardPower(e)

    def _print_unnamed(self, expr, **kwargs) -> Any:
        if isinstance(expr, sp.Add) and (summed := as_indexed_sum(expr)) is not None:
            return self._print(summed)
        if isinstance(expr, Expectation):  # SymPy's dispatch skips an undefined function's bases
            return self._expectation(expr)
        if isinstance(expr, Divergence) and len(expr.args) == 2:
            return self._divergence("KL", expr, "\u2225")
        return MathMLPresentationPrinter._print(self, expr, **kwargs)

    # -- small builders ----------------------------------------------------
    def _el(self, tag: str, *children: Any, text: str | None = None, **attrs: str) -> Any:
        el = self.dom.createElement(tag)
        if text is not None:
            el.appendChild(self.dom.createTextNode(text))
        for k, v in attrs.items():
            el.setAttribute(k, v)
        for c in children:
            el.appendChild(c)
        return el

    def _mo(self, text: str) -> Any:
        return self._el("mo", text=text)

    def _fenced(self, inner: list[Any], left: str = "(", right: str = ")") -> Any:
        return self._el("mrow", self._mo(left), *inner, self._mo(right))

    def _joined(self, items: list[Any], sep: str = ",") -> list[Any]:
        out: list[Any] = []
        for i, item in enumerate(items):
            if i:
                out.append(self._mo(sep))
            out.append(item)
        return out

    def _name(self, text: str) -> Any:
        return self._el("mi", text=text, mathvariant="normal")

    def _print_Let(self, e: Any) -> Any:
        # a definition (``derivations.result.Let``) reads as an equation
        return self._el("mrow", self._print(e.lhs), self._mo("="), self._print(e.rhs))

    def _print_Symbol(self, sym: sp.Symbol, style: str = "plain") -> Any:
        # as in the key: mhat, pihat, xtilde and ell print as m-hat, pi-hat, x-tilde and
        # the script l (SymPy's MathML printer writes the name as it is spelt)
        el = super()._print_Symbol(sym, style)
        name = el if el.tagName == "mi" else el.firstChild
        text = name.firstChild.data if name.firstChild is not None else ""
        if text == "ell":
            shown = self._el("mi", text="\u2113")
        else:
            found = next((a for a in _ACCENTS if text.endswith(a) and len(text) > len(a)),
                         None)
            if found is None:
                return el
            stem = text[:-len(found)]
            shown = self._el("mover", self._el("mi", text=greek_unicode.get(stem, stem)),
                             self._mo(_ACCENTS[found]), accent="true")
        if name is el:
            return shown
        el.replaceChild(shown, name)
        return el

    def _print_Indexed(self, e: sp.Indexed) -> Any:
        # as in the key: coordinate j of a sequence of vectors, IndexedBase "mu1" at k: mu_{k,1}
        if (found := vector_coordinate(e)) is not None:
            name, index, coordinate = found
            return self._el("msub", self._print(name), self._el(
                "mrow", self._print(index), self._mo(","), self._el("mn", text=coordinate)))
        return MathMLPresentationPrinter._print_Indexed(self, e)

    def _print_AppliedUndef(self, e: Any) -> Any:
        # SymPy lower-cases the names of undefined functions (G_1 became g_1).
        head = self._print(sp.Symbol(e.func.__name__))
        return self._el("mrow", head, self._fenced(self._joined([self._print(a) for a in e.args])))

    # -- vocabulary --------------------------------------------------------
    def _family(self, name: str) -> Any:
        """A distribution family: its calligraphic letter, or its name upright."""
        if name in _DIST_NAMES:
            return self._el("mi", text=_DIST_NAMES[name])
        return self._name(name)

    def _print_Distribution(self, e: V.Distribution) -> Any:
        return self._el("mrow", self._family(e.short_name or type(e).__name__),
                        self._fenced(self._joined([self._print(a)
                                                   for a in e.printed_params()])))

    def _print_Normal(self, e: V.Normal) -> Any:
        # Printed with the variance, N(mu, sigma^2), as the seeds and the answer
        # boxes write it; the claim language's Normal(mu, sigma) takes the scale.
        mu, sigma = e.args
        return self._el("mrow", self._family("Normal"),
                        self._fenced(self._joined([self._print(mu), self._print(sigma**2)])))

    def _mvnormal_args(self, d: V.MvNormal) -> list[Any]:
        """``mean, covariance`` as the key writes them: 0 for a zero mean, ``I_n``,
        ``c I_n`` or ``diag(...)`` for a diagonal covariance."""
        mean, cov = list(d.mean_vector), sp.ImmutableMatrix(d.cov_matrix)
        n = cov.shape[0]
        mean_el = self._el("mn", text="0") if all(m == 0 for m in mean) else self._fenced(
            self._joined([self._print(m) for m in mean]))
        eye = self._el("msub", self._el("mi", text="I"), self._el("mn", text=str(n)))
        kind, detail = covariance_shape(cov)
        if kind == "identity":
            cov_el = eye
        elif kind == "scaled":
            scale = self._print(detail)
            if isinstance(detail, sp.Add):
                scale = self._fenced([scale])
            cov_el = self._el("mrow", scale, self._mo("\u2062"), eye)
        elif kind == "diagonal":
            cov_el = self._el("mrow", self._name("diag"), self._fenced(
                self._joined([self._print(c) for c in detail])))
        else:
            cov_el = self._print(cov)
        return [mean_el, self._mo(","), cov_el]

    def _print_MvNormal(self, e: V.MvNormal) -> Any:
        return self._el("mrow", self._family("MvNormal"), self._fenced(self._mvnormal_args(e)))

    def _print_IID(self, e: Any) -> Any:
        # K independent draws of P: the product law P^{(x)K}
        return self._el("msup", self._print(e.base), self._el(
            "mrow", self._mo("\u2297"), self._print(e.args[1])))

    def _print_Mixture(self, e: V.Mixture) -> Any:
        # as the LaTeX key writes it: the weighted sum of the components' laws (the first
        # and last of a long mixture by family and index), in parentheses, one law
        short = e.abbreviated()
        if short is None:
            short = [(i, w, c) for i, (w, c) in enumerate(zip(e.weights, e.components,
                                                                strict=True), 1)]
        terms: list[Any] = []
        for t in short:
            if t is None:
                terms.append(self._mo("\u2026"))
                continue
            i, w, law = t
            shown = (self._el("msub", self._family(law), self._el("mn", text=str(i)))
                     if isinstance(law, str) else self._print(law))
            terms.append(shown if w == 1 else self._el("mrow", self._print(w),
                                                        self._mo("\u2062"), shown))
        return self._fenced(self._joined(terms, "+"))

    def _divergence(self, label: str, e: Any, sep: str) -> Any:
        head = self._el("msub", self._name("D"), self._name(label)) if label == "KL" else (
            self._name(label))
        return self._el("mrow", head, self._fenced(self._joined([self._print(a) for a in e.args],
                                                                 sep)))

    def _print_Abs(self, e: sp.Abs) -> Any:
        # SymPy writes det M as |M|, so |det M| came out as ||M||, read as a norm (as in
        # the LaTeX printer)
        if not isinstance(e.args[0], sp.Determinant):
            return super()._print_Abs(e)
        det = self._el("mrow", self._el("mi", text="det"), self._mo("\u2061"),
                       self._print(e.args[0].args[0]))
        return self._fenced([det], "|", "|")

    def _print_Determinant(self, e: sp.Determinant) -> Any:
        # as in the key: det S for a named matrix, det(S S^T) for a product of them, bars
        # for an explicit one
        if isinstance(e.arg, sp.MatrixSymbol):
            return self._el("mrow", self._el("mi", text="det"), self._mo("\u2061"),
                            self._print(e.arg))
        if not isinstance(e.arg, sp.MatrixBase):
            return self._el("mrow", self._el("mi", text="det"), self._mo("\u2061"),
                            self._fenced([self._print(e.arg)]))
        return super()._print_Abs(e)

    def _print_Pow(self, e: sp.Pow) -> Any:
        # as in the key: a base the legend names bracketed as its name (z_02^2)
        named = printed_as(e.base)
        if named != e.base:
            return self._print(sp.Pow(named, e.exp, evaluate=False))
        # (det S)^2, not det S^2
        if isinstance(e.base, sp.Determinant) and e.exp.is_Integer and not isinstance(
                e.base.arg, sp.MatrixBase):
            return self._el("msup", self._fenced([self._print(e.base)]), self._print(e.exp))
        return super()._print_Pow(e)

    def _print_KL(self, e: V.KL) -> Any:
        return self._divergence("KL", e, "\u2225")

    def _print_JSD(self, e: V.JSD) -> Any:
        return self._divergence("JSD", e, "\u2225")

    def _print_H(self, e: V.H) -> Any:
        return self._divergence("H", e, ",")

    def _print_CrossEntropy(self, e: V.CrossEntropy) -> Any:
        return self._divergence("H", e, ",")

    def _normal_density(self, d: V.Normal, x: sp.Basic) -> Any:
        """N(x; mu, sigma^2), as the key writes a normal density."""
        mu, sigma = d.args
        return self._el("mrow", self._family("Normal"), self._fenced(
            [self._print(x), self._mo(";"), self._print(mu), self._mo(","),
             self._print(sigma**2)]))

    def _print_pdf(self, e: V.pdf) -> Any:
        return self._density(*e.args)

    def _density(self, d: V.Distribution, x: sp.Basic) -> Any:
        if isinstance(d, V.Normal):
            return self._normal_density(d, x)
        if isinstance(d, V.MvNormal):
            # N(x; mu, Sigma), a point of the plane without a second pair of parentheses
            at = self._joined([self._print(c) for c in x]) if isinstance(x, sp.Tuple) else [
                self._print(x)]
            return self._el("mrow", self._family("MvNormal"), self._fenced(
                [*at, self._mo(";"), *self._mvnormal_args(d)]))
        if getattr(d, "short_name", None):
            # a family the field abbreviates, Bern(x; p), as the key prints it
            return self._el("mrow", self._family(d.short_name), self._fenced(
                [self._print(x), self._mo(";"),
                 *self._joined([self._print(a) for a in d.printed_params()])]))
        return self._el("mrow", self._el("msub", self._el("mi", text="p"), self._print(d)),
                        self._fenced([self._print(x)]))

    def _print_logpdf(self, e: V.logpdf) -> Any:
        return self._el("mrow", self._name("log"), self._mo("\u2061"),
                        self._density(*e.args))

    def _print_Expect(self, e: V.Expect) -> Any:
        subs = [self._el("mrow", self._print(v), self._mo("\u223c"), self._print(d))
                for v, d in zip(e.variables, e.distributions, strict=True)]
        head = self._el("msub", self._el("mi", text="\U0001d53c"),
                        self._el("mrow", *self._joined(subs)))
        return self._el("mrow", head, self._fenced([self._print(e.body)], "[", "]"))

    def _print_Sup(self, e: V.Sup) -> Any:
        op = self._el("munder", self._name(e.extreme), self._print(e.variable))
        return self._el("mrow", op, self._fenced([self._print(e.body)]))

    def _print_Integral(self, e: sp.Integral) -> Any:
        # as in the key: an expectation under a Gaussian written as an integral shows its
        # density as N(z; mu, sigma^2)
        if len(e.limits) == 1 and len(e.limits[0]) == 3:
            t, lo, hi = e.limits[0]
            if lo == -sp.oo and hi == sp.oo and (found := split_normal(e.function, t)):
                mean, variance, rest = found
                density = self._normal_density(V.Normal(mean, sp.sqrt(variance)), t)
                body = [density] if rest == 1 else [density, self._mo("\u2062"), self._fenced(
                    [self._print(rest)]) if isinstance(rest, sp.Add) else self._print(rest)]
                sign = self._el("msubsup", self._mo("\u222b"), self._print(lo), self._print(hi))
                return self._el("mrow", sign, *body, self._mo("\u2146"), self._print(t))
        return MathMLPresentationPrinter._print_Integral(self, e)

    def _print_Dots(self, e: Any) -> Any:
        return self._mo("\u2026")

    def _expectation(self, e: Any) -> Any:
        # as in the key: the text's E_q(f) as the blackboard E_q[f] of the checked expectations
        under = type(e).__name__[2:]
        head = self._el("mi", text="\U0001d53c")
        if under:
            head = self._el("msub", head, self._print(sp.Symbol(under)))
        return self._el("mrow", head, self._fenced(self._joined([self._print(a) for a in e.args]),
                                                   "[", "]"))

    def _print_Subs(self, e: sp.Subs) -> Any:
        # as in the key: an evaluation bar after the bracketed formula, or "(at u = a, ...)"
        # for several substitutions (SymPy's presentation printer writes subs(...))
        body, olds, news = e.args
        shown = self._print(body)
        if isinstance(body, sp.Add) or (isinstance(body, sp.Mul)
                                        and body.could_extract_minus_sign()):
            shown = self._fenced([shown])
        pairs = [self._el("mrow", self._print(o), self._mo("="), self._print(n))
                 for o, n in zip(olds, news, strict=True)]
        if len(pairs) == 1:
            return self._el("msub", self._el("mrow", shown, self._mo("|")), pairs[0])
        return self._el("mrow", shown, self._fenced(
            [self._el("mtext", text="at\u00a0"), *self._joined(pairs)]))

    def _print_Jacobian(self, e: V.Jacobian) -> Any:
        # as in the key: d(f_1, f_2)/d(x_1, ..., x_n)
        fs, xs = ([self._print(a) for a in part] for part in e.args)
        return self._el("mfrac",
                        self._el("mrow", self._mo("\u2202"), self._fenced(self._joined(fs))),
                        self._el("mrow", self._mo("\u2202"), self._fenced(self._joined(xs))))


def full_size_fractions(node: Any) -> Any:
    """``node`` with the numerator and denominator of every ``mfrac`` that holds another
    ``mfrac`` in display style, as the key sets them: a fraction's parts are one size
    down, a fraction in a fraction (a ratio of expectations of ratios) at script size."""
    for frac in node.getElementsByTagName("mfrac"):
        for part in list(frac.childNodes):
            if part.nodeType == part.ELEMENT_NODE and part.getElementsByTagName("mfrac"):
                style = part.ownerDocument.createElement("mstyle")
                style.setAttribute("displaystyle", "true")
                frac.replaceChild(style, part)
                style.appendChild(part)
    return node


def mathml(expr: sp.Basic) -> str:
    """The inner MathML (no ``<math>`` element) of ``expr``."""
    return _Printer().doprint(expr)


def math_block(*parts: str, display: bool = True, full_size: bool = False) -> str:
    """A ``<math>`` element holding the already-rendered ``parts`` in a row; inline, with
    ``full_size`` its fractions and sums at display size (a derivation's cell, a formula of
    the text whose fraction holds a sum or a function's value)."""
    mode = "block" if display else "inline"
    style = ' displaystyle="true"' if full_size and not display else ""
    return (f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}"{style}>'
            f"<mrow>{''.join(parts)}</mrow></math>")


_RELATION_MO = {"==": "=", "<=": "\u2264", ">=": "\u2265", "<": "&lt;", ">": "&gt;"}


def relation_mo(relation: str) -> str:
    """The ``<mo>`` of a claim relation (``==``, ``<=``, ...)."""
    return f"<mo>{_RELATION_MO[relation]}</mo>"


def claim_math(lhs: sp.Basic, relation: str, rhs: sp.Basic, display: bool = True) -> str:
    """``lhs relation rhs`` as one ``<math>`` element; an equation whose sides print
    alike (a computed matrix equal to the claimed one) as its one side, not ``M = M``."""
    left, right = mathml(lhs), mathml(rhs)
    if relation == "==" and left == right:
        return math_block(right, display=display, full_size=True)
    return math_block(left, relation_mo(relation), right, display=display, full_size=True)
