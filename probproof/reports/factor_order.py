"""The order of a product's factors and the brackets of ``log``, shared by both printers.

A textbook writes ``gamma_ik log pi_k``, ``q(k) (log q(k) - log p(k|x))``, ``(1 - theta)
log(1 - theta)`` and ``w_m d/dtheta E(x_m)``: the coefficients first (numbers, then
letters), then the functions, the bracketed sums and the operators (sum, integral,
derivative) that reach to the end of the product, the logarithms last.
SymPy orders factors by its own key (``log(pi_k) gamma_ik``, ``(x_i - m)^2 gamma_i``).

A textbook also drops the brackets of ``log pi_k``, ``log 2``, ``log p(x)``, ``log E[w]``:
an argument that is one symbol, a number or a bracketed application reads as the whole
argument. Only where nothing follows it in the product: ``log pi_k gamma_ik`` would read as
the logarithm of the product. So a bare operator goes last (:func:`factor_order`), and one
that is still followed by a factor keeps its brackets (:func:`opens_right`). The checked
object is not changed, only its printing.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from probproof.derivations.result import Divergence, Expectation
from probproof.derivations.vocabulary import Expect, Functional, logpdf, pdf
from probproof.reports import legend

#: The functions written as operators before their argument (``log x``, ``tanh x``).
OPERATORS = (sp.log, sp.sin, sp.cos, sp.tan, sp.sinh, sp.cosh, sp.tanh)

#: Arguments that close themselves: an application ``p(x)``, a law's density ``N(x; m, s^2)``,
#: an expectation ``E[w]`` or a divergence; the determinant of a named matrix, ``det S``.
_CLOSED = (AppliedUndef, pdf, logpdf, Expect, Expectation, Functional, Divergence, sp.Abs)


def printed_as(expr: sp.Basic) -> sp.Basic:
    """``expr`` with the names of the legend in force, as the printers rewrite it: again
    and again, as a name may stand in another's definition (``p_w = e^{-beta Phi_w} / Z``
    once ``Z`` is named)."""
    entries = legend.ACTIVE.get()
    for _ in range(8):  # a legend is a few definitions deep; this bounds a cycle
        named = legend.rewrite(expr, entries)
        if named is None or named == expr:
            break
        expr = named
    return expr


def bare_argument(arg: sp.Basic) -> bool:
    """Whether an operator's argument reads whole without brackets: one symbol (``pi_k``,
    ``hat pi_k``), a positive integer or a named constant (``2``, ``pi``), or an argument
    that closes itself (:data:`_CLOSED`, ``det S``). Sums, products, powers and fractions
    keep their brackets. An argument is read as printed: by its name where the legend in
    force names it (``pi_k`` for a softmax)."""
    arg = printed_as(arg)
    if isinstance(arg, (sp.Symbol, sp.Indexed)) or (arg.is_Integer and arg.is_positive):
        return True
    if isinstance(arg, sp.NumberSymbol):
        return True
    if isinstance(arg, sp.Determinant):
        return isinstance(arg.arg, sp.MatrixSymbol)
    # a function's value in its brackets (I_0(x), Gamma(x)); not one written as an
    # operator (log sin x) or a power (log e^x)
    return isinstance(arg, _CLOSED) or (isinstance(arg, sp.Function)
                                         and not isinstance(arg, (*OPERATORS, sp.exp)))


def is_bare(expr: sp.Basic) -> bool:
    """Whether ``expr`` is an operator applied to a :func:`bare_argument` (``log pi_k``)."""
    return isinstance(expr, OPERATORS) and len(expr.args) == 1 and bare_argument(expr.args[0])


def opens_right(expr: sp.Basic) -> bool:
    """Whether ``expr`` printed bare would take in what follows it in a product: a bare
    operator, or an (unevaluated) product holding one."""
    if is_bare(expr):
        return True
    return isinstance(expr, sp.Mul) and any(opens_right(a) for a in expr.args)


def _coefficient(f: sp.Basic) -> bool:
    """A number written as a coefficient (``2``, ``pi``, ``sqrt(2)``); a function of numbers,
    ``log(2 pi)``, is a function."""
    if isinstance(f, sp.Pow):
        return _coefficient(f.base) and f.exp.is_Rational
    return f.is_Rational or isinstance(f, sp.NumberSymbol) or f is sp.I


def _simple(f: sp.Basic) -> bool:
    """A letter or a power of one with a number for exponent (``gamma_ik``, ``sigma^2``)."""
    if isinstance(f, sp.Pow):
        return isinstance(f.base, (sp.Symbol, sp.Indexed)) and f.exp.is_number
    return isinstance(f, (sp.Symbol, sp.Indexed))


#: Operators that reach over what follows them (a sum sign, an integral, a derivative, an
#: expectation or a divergence): they come after the letters, the functions, the bracketed
#: sums and the exponentials (``e^{A(theta)} E_p[f]``, ``w_m d/dtheta E(x_m)``).
_BIG = (sp.Sum, sp.Product, sp.Integral, sp.Derivative, Expect, Expectation, Functional,
        Divergence)


def _rank(f: sp.Basic) -> int:
    # a bare operator last of all; an operator or an exponential after its bracketed
    # coefficient ((1 - theta) log(1 - theta), (t - 1) e^{t - 1}, as the seeds write
    # (y_1 - F(x_2)) e^{-G(x_2)})
    if is_bare(f):
        return 6
    if isinstance(f, _BIG) or (isinstance(f, sp.Pow) and isinstance(f.base, _BIG)):
        return 5
    if isinstance(f, (*OPERATORS, sp.exp)):
        return 4
    if isinstance(f, sp.Add):
        return 3
    if _coefficient(f):
        return 0
    return 1 if _simple(f) else 2


def factor_order(factors: list[sp.Basic]) -> list[sp.Basic]:
    """``factors`` (in SymPy's order) as a textbook orders them: numbers, letters and their
    powers, other factors, bracketed sums, logarithms and exponentials (``(1 - theta)
    log(1 - theta)``, ``(t - 1) e^{t - 1}``), the operators that reach to the end (sum,
    integral, derivative, expectation), a bare ``log x`` last (each group in its order).
    Non-commuting factors (matrices) keep their order."""
    if not all(f.is_commutative for f in factors):
        return list(factors)
    return sorted(factors, key=_rank)


class ClosingOperators:
    """A mixin for SymPy printers: :meth:`_closed` prints a factor that another follows
    with every operator's brackets (the printer's operators ask :attr:`_closing`)."""

    #: whether an operator printed now keeps its brackets (something follows it)
    _closing = False

    def _closed(self, expr: sp.Basic):
        outer, self._closing = self._closing, True
        try:
            return self._print(expr)
        finally:
            self._closing = outer
