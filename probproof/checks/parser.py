"""The safe parser of claim statements.

A statement is parsed with :func:`ast.parse` and walked with a whitelist of
node types, names and functions; SymPy objects are built directly from the
nodes. Nothing of the text is ever handed to ``eval``, ``exec``, ``sympify``
or ``parse_expr``. Sizes are bounded (text length, nesting depth, integer and
exponent magnitude) so that no statement can hang or exhaust the parser.

Examples
--------
>>> from probproof.checks.domains import parse_domain
>>> rel = parse_statement("KL(Normal(mu, 1), Normal(0, 1)) == mu**2/2",
...                       {"mu": parse_domain("real")})
>>> rel.relation, str(rel.rhs)
('==', 'mu**2/2')
"""

from __future__ import annotations

import ast
import difflib
import math
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.core.containers import Tuple

from probproof.checks.domains import Domain
from probproof.checks.draws import parameter_problem, sample_points
from probproof.checks.messages import plain_reason
from probproof.derivations import divergences as Div
from probproof.derivations import vocabulary as V

MAX_TEXT = 10_000  #: characters of one statement
MAX_DEPTH = 60  #: nesting of the expression tree (a chain a + b - c + ... is one level)
#: Operators that chain, by family: a chain of one family is one level of nesting.
_CHAINED = {ast.Add: "sum", ast.Sub: "sum", ast.Mult: "product", ast.Div: "product"}
MAX_INT_DIGITS = 100  #: digits of an integer literal
MAX_POW_BITS = 100_000  #: bits of an exact power of numbers
MAX_EXACT_ARG = 1000  #: largest integer argument of factorial/gamma/binomial evaluated exactly
MAX_MATRIX = 8  #: rows/columns of a matrix or Jacobian
MAX_DIFF_ORDER = 10


class ClaimSyntaxError(ValueError):
    """A statement outside the claim language; the message says where and why."""


@dataclass(frozen=True)
class Relation:
    """A parsed statement ``lhs relation rhs`` and the declared symbols it uses."""

    lhs: sp.Basic
    rhs: sp.Basic
    relation: str
    symbols: dict[str, sp.Symbol]


_RELATIONS = {ast.Eq: "==", ast.LtE: "<=", ast.GtE: ">=", ast.Lt: "<", ast.Gt: ">"}

# name -> (min args, max args, builder(*args))
_ELEMENTARY: dict[str, tuple[int, int, Callable[..., sp.Basic]]] = {
    "exp": (1, 1, sp.exp),
    "log": (1, 2, sp.log),
    "sqrt": (1, 1, sp.sqrt),
    "Abs": (1, 1, sp.Abs),
    "sign": (1, 1, sp.sign),
    "sin": (1, 1, sp.sin),
    "cos": (1, 1, sp.cos),
    "tan": (1, 1, sp.tan),
    "tanh": (1, 1, sp.tanh),
    "sinh": (1, 1, sp.sinh),
    "cosh": (1, 1, sp.cosh),
    "atan": (1, 1, sp.atan),
    "asin": (1, 1, sp.asin),
    "acos": (1, 1, sp.acos),
    "asinh": (1, 1, sp.asinh),
    "acosh": (1, 1, sp.acosh),
    "atanh": (1, 1, sp.atanh),
    # SymPy's convention, Heaviside(0) = 1/2: one argument only, so that a claim cannot
    # pick another value at the jump without saying so in the expression.
    "Heaviside": (1, 1, sp.Heaviside),
    "zeta": (1, 1, sp.zeta),
    "erf": (1, 1, sp.erf),
    "gamma": (1, 1, sp.gamma),
    "loggamma": (1, 1, sp.loggamma),
    "digamma": (1, 1, sp.digamma),
    "floor": (1, 1, sp.floor),
    "ceiling": (1, 1, sp.ceiling),
    "Min": (2, 16, sp.Min),
    "Max": (2, 16, sp.Max),
    "binomial": (2, 2, sp.binomial),
    "factorial": (1, 1, sp.factorial),
    "sigmoid": (1, 1, V.sigmoid),
    "softplus": (1, 1, V.softplus),
    "det": (1, 1, None),  # type: ignore[dict-item]  # handled specially
    "log1p": (1, 1, lambda x: sp.log(1 + x)),
    "expm1": (1, 1, lambda x: sp.exp(x) - 1),
    "erfc": (1, 1, sp.erfc),
    "beta": (2, 2, sp.beta),
    "polygamma": (2, 2, sp.polygamma),
    "besseli": (2, 2, sp.besseli),
    "lowergamma": (2, 2, sp.lowergamma),
    "uppergamma": (2, 2, sp.uppergamma),
    "logit": (1, 1, lambda p: sp.log(p / (1 - p))),
}
_EXACT_GUARDED = {"factorial", "gamma", "loggamma", "digamma", "binomial", "beta", "polygamma",
                  "besseli", "lowergamma", "uppergamma", "zeta"}
_BINDERS = {"integrate", "Sum", "Product", "limit", "Sup", "Inf", "Expect", "Var", "Cov", "FDiv"}
_OTHER = {"diff", "jacobian", "Matrix", "KL", "JSD", "H", "CrossEntropy", "pdf", "logpdf", "cdf",
          "logsumexp", "TV", "Hellinger", "Renyi", "ChiSquare", "MutualInformation",
          "transpose", "inverse", "trace", "diag", "eye"}
_CONSTANTS = {"pi": sp.pi, "oo": sp.oo, "EulerGamma": sp.EulerGamma}
MAX_POLYGAMMA_ORDER = 10
MAX_LOGSUMEXP = 64  #: terms of a logsumexp
MAX_IID = 64  #: draws of an IID law (DESIGN.md)
_FUNCTIONAL_NODES = (sp.Integral, sp.Sum, sp.Product, sp.Limit, sp.Derivative, V.Expect, V.Sup,
                     V.Functional)
VOCABULARY = frozenset(_ELEMENTARY) | _BINDERS | _OTHER | frozenset(V.DISTRIBUTIONS) | frozenset(
    _CONSTANTS
)


class _List(list):
    """A list literal, allowed only as an argument."""


def parse_statement(text: str, domains: Mapping[str, Domain]) -> Relation:
    """Parse ``text`` into a :class:`Relation`.

    Parameters
    ----------
    text : str
        One relation (``==``, ``<=``, ``>=``, ``<`` or ``>``) between two
        expressions of the claim language (DESIGN.md).
    domains : mapping
        Declared symbols and their domains.

    Raises
    ------
    ClaimSyntaxError
        For anything outside the language, with a one-line message.
    """
    if not isinstance(text, str):
        raise ClaimSyntaxError("the statement must be a string")
    if len(text) > MAX_TEXT:
        raise ClaimSyntaxError(f"statement too long ({len(text)} characters; at most {MAX_TEXT})")
    text = unicodedata.normalize("NFKC", text)
    if len(text) > MAX_TEXT:  # NFKC can lengthen text 18-fold (U+FDFA)
        raise ClaimSyntaxError(f"statement too long once normalised ({len(text)} characters; "
                               f"at most {MAX_TEXT})")
    # Inside parentheses a statement may span lines (a multi-line TOML string) with any
    # indentation; the opening line is added so that line 2 is the statement's line 1.
    source = "(\n" + text.strip() + "\n)"
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        msg = exc.msg if "nested" not in (exc.msg or "") else "statement nested too deeply"
        raise ClaimSyntaxError(f"not a valid expression: {msg}"
                               f"{_where(exc.lineno, exc.offset, source)}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ClaimSyntaxError("statement nested too deeply or too large") from None
    builder = _Builder(source, domains)
    try:
        return builder.statement(tree.body)
    except RecursionError:
        raise ClaimSyntaxError("statement nested too deeply") from None
    except V.InvalidParameter as exc:
        raise ClaimSyntaxError(str(exc)) from None
    except ClaimSyntaxError:
        raise
    except (ArithmeticError, MemoryError, TypeError, ValueError) as exc:
        raise ClaimSyntaxError(plain_reason(exc)) from None


def _where(lineno: int | None, offset: int | None, source: str) -> str:
    """`` (column C)``, or `` (line L, column C)`` for a statement of several lines, in
    the user's numbering (the parser's source has one line before the statement)."""
    if offset is None:
        return ""
    line = (lineno or 2) - 1
    if source.count("\n") <= 2 or line < 1:
        return f" (column {offset})"
    return f" (line {line}, column {offset})"


def suggestion(name: str, known: list[str]) -> str:
    """``"; did you mean 'X'?"`` for the known name nearest ``name``, or ``""``."""
    lower = {k.lower(): k for k in known}
    if name.lower() in lower:
        return f"; did you mean {lower[name.lower()]!r}?"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class _Builder:
    def __init__(self, text: str, domains: Mapping[str, Domain]) -> None:
        self.text = text
        self.domains = dict(domains)
        self.declared = {name: d.symbol(name) for name, d in self.domains.items()}
        self.used: dict[str, sp.Symbol] = {}
        # Bound variables: a stack of scopes name -> Symbol.
        self.scopes: list[dict[str, sp.Symbol]] = []
        # Bound variables of Expect: the dimension of their draw (what x[i] may index)
        # and a few points of their range (to check parameters that depend on them).
        self.draw_dims: dict[sp.Symbol, int | sp.Expr] = {}
        self.draw_points: dict[sp.Symbol, list[sp.Expr]] = {}
        #: Bound variables of IID draws and their number of draws; the ranges of the
        #: integer variables of Sum/Product/logsumexp (what z[k] may index).
        self.iid_draws: dict[sp.Symbol, int | sp.Expr] = {}
        self.index_ranges: dict[sp.Symbol, tuple[sp.Expr, sp.Expr]] = {}
        #: Whether the law being parsed may be an IID of a symbolic number of draws (only
        #: the law of Expect/Var/Cov: elsewhere its dimension would be needed as a number).
        self.symbolic_iid_ok = False
        self.depth = 0

    # -- helpers ------------------------------------------------------------
    def fail(self, node: ast.AST, message: str) -> ClaimSyntaxError:
        col = getattr(node, "col_offset", None)
        where = "" if col is None else _where(getattr(node, "lineno", None), col + 1,
                                              self.text)
        return ClaimSyntaxError(message + where)

    def lookup(self, name: str) -> sp.Symbol | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    # -- the statement ------------------------------------------------------
    def statement(self, node: ast.AST) -> Relation:
        if not isinstance(node, ast.Compare):
            raise self.fail(node, "a statement needs a relation: ==, <=, >=, < or >")
        if len(node.ops) != 1:
            raise self.fail(node, "a statement holds exactly one relation (found "
                                  f"{len(node.ops)})")
        op = type(node.ops[0])
        if op not in _RELATIONS:
            raise self.fail(node, "unsupported relation: use ==, <=, >=, < or >")
        lhs = self.expr(node.left)
        rhs = self.expr(node.comparators[0])
        relation = _RELATIONS[op]
        for side in (lhs, rhs):
            if isinstance(side, V.Distribution):
                raise self.fail(node, "a distribution is not a value: compare numbers "
                                      "(e.g. KL, pdf, Expect of it)")
            if isinstance(side, _List):
                raise self.fail(node, "a list is not a value: compare numbers or matrices")
        lm, rm = isinstance(lhs, sp.MatrixBase), isinstance(rhs, sp.MatrixBase)
        if lm or rm:
            if relation != "==":
                raise self.fail(node, "matrices can only be compared with ==")
            if not (lm and rm) or lhs.shape != rhs.shape:
                raise self.fail(node, "both sides must be matrices of the same shape")
        return Relation(lhs, rhs, relation, dict(self.used))

    # -- expressions --------------------------------------------------------
    def expr(self, node: ast.AST) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(node, f"expression nested too deeply (more than {MAX_DEPTH} levels)")
        try:
            return self._expr(node)
        finally:
            self.depth -= 1

    def value(self, node: ast.AST) -> sp.Expr:
        """An expression that must be a scalar value."""
        out = self.expr(node)
        if isinstance(out, V.Distribution):
            raise self.fail(node, "a distribution is not a value here")
        if isinstance(out, _List):
            raise self.fail(node, "a list is only allowed as an argument")
        return out

    def _expr(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.value(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self.value(node.operand)
            raise self.fail(node, "only unary - and + are allowed")
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.List):
            return _List(self.expr(e) for e in node.elts)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.Compare):
            raise self.fail(node, "a statement holds exactly one relation")
        if isinstance(node, ast.Attribute):
            raise self.fail(node, "attribute access is not allowed")
        if isinstance(node, ast.Lambda):
            raise self.fail(node, "lambdas are not allowed")
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            raise self.fail(node, "comprehensions are not allowed")
        if isinstance(node, ast.Tuple):
            raise self.fail(node, "tuples are only allowed as (x, a, b) limits")
        if isinstance(node, (ast.BoolOp, ast.IfExp)):
            raise self.fail(node, "logical operators are not allowed")
        raise self.fail(node, f"{type(node).__name__} is not allowed in a statement")

    def constant(self, node: ast.Constant) -> sp.Expr:
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            kind = "strings" if isinstance(v, (str, bytes)) else f"{type(v).__name__} values"
            raise self.fail(node, f"{kind} are not allowed")
        if isinstance(v, int):
            if len(str(abs(v))) > MAX_INT_DIGITS:
                raise self.fail(node, f"integer literal too large (more than {MAX_INT_DIGITS} "
                                      "digits)")
            return sp.Integer(v)
        # A decimal literal means the exact decimal number the user wrote.
        literal = ast.get_source_segment(self.text, node) or repr(v)
        literal = literal.replace("_", "")
        if not math.isfinite(v) or abs(v) > 1e300:
            raise self.fail(node, "number literal out of range")
        try:
            return sp.Rational(literal)
        except (TypeError, ValueError):
            return sp.Rational(repr(v))

    def name(self, node: ast.Name) -> Any:
        name = unicodedata.normalize("NFKC", node.id)
        bound = self.lookup(name)
        if bound is not None:
            return bound
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in self.declared:
            self.used[name] = self.declared[name]
            return self.declared[name]
        if name == "E":
            raise self.fail(node, "there is no E: write exp(1)")
        if name in VOCABULARY:
            raise self.fail(node, f"{name} is a function: call it with arguments")
        if name.startswith("_"):
            raise self.fail(node, f"name {name!r} is not allowed")
        near = suggestion(name, sorted({*self.declared, *_CONSTANTS,
                                        *(n for scope in self.scopes for n in scope)}))
        raise self.fail(node, f"undeclared symbol {name!r}: declare it in [symbols] "
                              f"with a domain{near}")

    def binop(self, node: ast.BinOp) -> sp.Expr:
        if isinstance(node.op, ast.BitXor):
            raise self.fail(node, "^ is not a power: write **")
        ops = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
        if type(node.op) not in ops:
            raise self.fail(node, f"operator {type(node.op).__name__} is not allowed")
        if type(node.op) in _CHAINED:
            return self.chain(node)
        a, b = self.expr(node.left), self.expr(node.right)
        for x, n in ((a, node.left), (b, node.right)):
            if isinstance(x, (V.Distribution, _List)):
                raise self.fail(n, "distributions and lists cannot take part in arithmetic")
        if isinstance(node.op, ast.Pow):
            self.check_power(node, a, b)
            if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
                raise self.fail(node, "matrix powers are not supported")
            return a**b
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        if isinstance(b, sp.MatrixBase):
            raise self.fail(node, "cannot divide by a matrix")
        return a / b

    def chain(self, node: ast.BinOp) -> sp.Expr:
        """``a + b - c + ...`` (or ``a * b / c ...``) as one level of nesting: Python's
        tree nests such a chain one level per operator, and a diagonal Gaussian's KL
        written term by term was "nested too deeply" at 61 terms."""
        family = _CHAINED[type(node.op)]
        links: list[tuple[ast.BinOp, ast.AST]] = []
        first: ast.AST = node
        while isinstance(first, ast.BinOp) and _CHAINED.get(type(first.op)) == family:
            links.append((first, first.right))
            first = first.left
        out = self.expr(first)
        self.no_arithmetic(out, first)
        for link, right in reversed(links):
            b = self.expr(right)
            self.no_arithmetic(b, right)
            if isinstance(link.op, ast.Add):
                out = out + b
            elif isinstance(link.op, ast.Sub):
                out = out - b
            elif isinstance(link.op, ast.Mult):
                out = out * b
            else:
                if isinstance(b, sp.MatrixBase):
                    raise self.fail(link, "cannot divide by a matrix")
                out = out / b
        return out

    def no_arithmetic(self, value: Any, node: ast.AST) -> None:
        if isinstance(value, (V.Distribution, _List)):
            raise self.fail(node, "distributions and lists cannot take part in arithmetic")

    def check_power(self, node: ast.AST, base: sp.Basic, exponent: sp.Basic) -> None:
        """Refuse exact powers of numbers whose result would be astronomically large."""
        if not (isinstance(base, sp.Number) and isinstance(exponent, sp.Number)):
            if isinstance(exponent, sp.Integer) and abs(int(exponent)) > 10**6:
                raise self.fail(node, "exponent too large (more than 1e6)")
            return
        if isinstance(base, sp.Float) or isinstance(exponent, sp.Float):
            return
        e = abs(exponent.p) if isinstance(exponent, sp.Rational) else 0
        num = abs(base.p) if isinstance(base, sp.Rational) else 0
        den = base.q if isinstance(base, sp.Rational) else 1
        bits = e * max(num.bit_length(), den.bit_length())
        if bits > MAX_POW_BITS:
            raise self.fail(node, "number too large to compute exactly (a power of more than "
                                  f"{MAX_POW_BITS} bits)")

    def subscript(self, node: ast.Subscript) -> sp.Expr:
        if not isinstance(node.value, ast.Name):
            raise self.fail(node, "only x[i] indexing of a bound variable is allowed")
        name = unicodedata.normalize("NFKC", node.value.id)
        sym = self.lookup(name)
        if sym is None:
            raise self.fail(node, "only a bound variable of Expect over a multivariate "
                                  "distribution can be indexed")
        idx = node.slice
        if isinstance(idx, ast.Name):
            return self.draw_index(node, name, sym, idx)
        if not (isinstance(idx, ast.Constant) and type(idx.value) is int and 0 <= idx.value < 64):
            raise self.fail(node, "an index must be a small non-negative integer literal")
        dim = self.draw_dims.get(sym, 1)
        if not isinstance(dim, int):
            # K draws, K a symbol: only z[0] exists whatever K is.
            if idx.value > 0:
                raise self.fail(node, f"{name}[{idx.value}] may be out of range: {name} holds "
                                      f"{dim} draws, and {dim} may be 1; use {name}[0] or "
                                      f"{name}[k] inside Sum(..., (k, 0, {dim} - 1))")
            return sp.IndexedBase(sym)[idx.value]
        if dim <= 1 and not (sym in self.iid_draws and idx.value == 0):  # IID(P, 1): z[0]
            what = "a scalar draw" if sym in self.draw_dims else "a scalar variable"
            raise self.fail(node, f"{name}[{idx.value}]: {name} is {what} and cannot be indexed")
        if idx.value >= dim:
            raise self.fail(node, f"index {idx.value} out of range in {name}[{idx.value}]: "
                                  f"{name} is a {dim}-dimensional draw ({name}[0] to "
                                  f"{name}[{dim - 1}])")
        return sp.IndexedBase(sym)[idx.value]

    def draw_index(self, node: ast.Subscript, name: str, sym: sp.Symbol,
                   idx: ast.Name) -> sp.Expr:
        """``z[k]``: draw ``k`` of an IID law, ``k`` the variable of a ``Sum``, ``Product``
        or ``logsumexp`` whose range lies in ``0 .. K - 1``."""
        kname = unicodedata.normalize("NFKC", idx.id)
        if sym not in self.iid_draws:
            what = ("a draw of " + ("several dimensions" if self.draw_dims.get(sym, 1) > 1
                                    else "one dimension")) if sym in self.draw_dims else (
                "not a draw")
            raise self.fail(node, f"{name}[{kname}]: only the draw of an IID law can be indexed "
                                  f"by a variable ({name} is {what})")
        count = self.iid_draws[sym]
        k = self.lookup(kname)
        if k is None or k not in self.index_ranges:
            raise self.fail(node, f"{name}[{kname}]: {kname} must be the variable of a Sum, "
                                  f"Product or logsumexp over ({kname}, 0, {count - 1})")
        a, b = self.index_ranges[k]
        # With a symbolic K the upper end must be K - c for a literal c >= 1, so that the
        # range lies in 0 .. K - 1 whatever K is.
        shortfall = sp.expand(count - 1 - b)
        if not (a.is_Integer and shortfall.is_Integer):
            raise self.fail(node, f"{name}[{kname}]: the range of {kname} must be integer "
                                  f"literals within 0 .. {count - 1}")
        if not isinstance(count, int) and a + shortfall > 1:
            # At K = 1 the range would run backwards (SymPy's Sum then subtracts terms).
            raise self.fail(node, f"{name}[{kname}]: with {count} draws the range of {kname} "
                                  f"must be ({kname}, 0, {count} - 1), ({kname}, 0, {count} - 2) "
                                  f"or ({kname}, 1, {count} - 1), which hold for every "
                                  f"{count} >= 1")
        if a < 0 or shortfall < 0:
            raise self.fail(node, f"{name}[{kname}] out of range: {kname} runs from {a} to {b} "
                                  f"but {name} holds {count} draws ({name}[0] to "
                                  f"{name}[{count - 1}])")
        return sp.IndexedBase(sym)[k]

    # -- calls --------------------------------------------------------------
    def call(self, node: ast.Call) -> Any:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only named functions of the vocabulary can be called")
        if node.keywords:
            raise self.fail(node, "keyword arguments are not allowed")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(node, "starred arguments are not allowed")
        fname = unicodedata.normalize("NFKC", node.func.id)
        if self.lookup(fname) is not None or fname in self.declared:
            raise self.fail(node, f"{fname} is a symbol, not a function")
        if fname in _BINDERS:
            return getattr(self, f"bind_{fname}")(node)
        if fname in V.DISTRIBUTIONS:
            return self.distribution(node, fname)
        if fname in _ELEMENTARY:
            return self.elementary(node, fname)
        method = getattr(self, f"call_{fname}", None)
        if fname in _OTHER and method is not None:
            return method(node)
        near = suggestion(fname, sorted(n for n in VOCABULARY if n not in _CONSTANTS))
        raise self.fail(node, f"unknown function {fname!r}{near}")

    def arity(self, node: ast.Call, name: str, lo: int, hi: int | None = None) -> None:
        hi = lo if hi is None else hi
        n = len(node.args)
        if not lo <= n <= hi:
            want = str(lo) if lo == hi else f"{lo} to {hi}"
            raise self.fail(node, f"{name} takes {want} argument(s), got {n}")

    def elementary(self, node: ast.Call, fname: str) -> sp.Expr:
        lo, hi, fn = _ELEMENTARY[fname]
        self.arity(node, fname, lo, hi)
        if fname == "det":
            m = self.expr(node.args[0])
            if not isinstance(m, sp.MatrixBase) or m.shape[0] != m.shape[1]:
                raise self.fail(node, "det takes a square matrix")
            return m.det(method="berkowitz")
        args = [self.value(a) for a in node.args]
        for a, n in zip(args, node.args, strict=True):
            if isinstance(a, sp.MatrixBase):
                raise self.fail(n, f"{fname} takes a scalar, not a matrix")
        top = MAX_POLYGAMMA_ORDER
        if fname == "polygamma" and not (args[0].is_Integer and 0 <= args[0] <= top):
            raise self.fail(node, f"polygamma: the order must be an integer 0..{top}")
        if fname in _EXACT_GUARDED:
            for a in args:
                if a.is_number and a.is_real and abs(float(a)) > MAX_EXACT_ARG:
                    raise self.fail(node, f"{fname} of a number larger than {MAX_EXACT_ARG} "
                                          "is beyond the exact-evaluation limit")
        return fn(*args)

    def distribution(self, node: ast.Call, fname: str) -> V.Distribution:
        cls = V.DISTRIBUTIONS[fname]
        self.arity(node, fname, cls.nparams)
        if fname == "IID":
            return self.iid(node)
        if fname == "Pushforward":
            return self.pushforward(node)
        args = [self.expr(a) for a in node.args]
        if fname == "Categorical":
            if not isinstance(args[0], _List):
                raise self.fail(node, "Categorical takes a list: Categorical([p0, p1, ...])")
            args = [[self.scalar(x, node) for x in args[0]]]
        elif fname == "MvNormal":
            mean, cov = args
            if isinstance(cov, sp.MatrixBase):
                # diag([1, 2]), eye(2), Matrix([[...]]): the rows of the matrix
                cov = _List(_List(cov.row(i)) for i in range(cov.rows))
            if isinstance(mean, sp.MatrixBase) and 1 in mean.shape:
                mean = _List(mean)
            if not isinstance(mean, _List) or not isinstance(cov, _List) or not all(
                isinstance(r, _List) for r in cov
            ):
                raise self.fail(node, "MvNormal takes a mean list and a covariance (a list of "
                                      "rows, diag([...]), eye(n) or Matrix([...]))")
            if len(mean) > MAX_MATRIX:
                raise self.fail(node, f"MvNormal of more than {MAX_MATRIX} dimensions")
            args = [[self.scalar(x, node) for x in mean],
                    [[self.scalar(x, node) for x in r] for r in cov]]
        elif fname == "Mixture":
            w, comps = args
            if not isinstance(w, _List) or not isinstance(comps, _List):
                raise self.fail(node, "Mixture takes a list of weights and a list of "
                                      "distributions")
            if not all(isinstance(c, V.Distribution) for c in comps):
                raise self.fail(node, "Mixture components must be distributions")
            args = [[self.scalar(x, node) for x in w], list(comps)]
        elif fname in ("Dirichlet", "Multinomial"):
            vec = args[-1]
            if not isinstance(vec, _List):
                raise self.fail(node, f"{fname} takes a list: " + (
                    "Dirichlet([a1, ..., ak])" if fname == "Dirichlet"
                    else "Multinomial(n, [p1, ..., pk])"))
            args = [self.scalar(a, node) for a in args[:-1]] + [[self.scalar(x, node)
                                                                  for x in vec]]
        else:
            args = [self.scalar(a, node) for a in args]
            problem = parameter_problem(cls, args, self.draw_points)
            if problem is not None:
                raise self.fail(node, problem)
        return cls(*args)

    def iid(self, node: ast.Call) -> V.Distribution:
        """``IID(P, K)``: K a positive integer literal, or (as the law of ``Expect``, ``Var``
        or ``Cov``) a declared positive integer symbol; P a law of one dimension."""
        symbol_ok, self.symbolic_iid_ok = self.symbolic_iid_ok, False
        base = self.dist(node.args[0])
        k_node = node.args[1]
        if isinstance(k_node, ast.Name):
            count = self.iid_count_symbol(node, k_node, symbol_ok)
        else:
            if not (isinstance(k_node, ast.Constant) and type(k_node.value) is int):
                raise self.fail(node, "IID(P, K): K must be a positive integer literal (1 to "
                                      f"{MAX_IID}) or a declared positive integer symbol, not "
                                      "an expression")
            if not 1 <= k_node.value <= MAX_IID:
                raise self.fail(node, f"IID(P, K): K must be from 1 to {MAX_IID}, got "
                                      f"{k_node.value}")
            count = sp.Integer(k_node.value)
        if base.dim != 1:
            raise self.fail(node, "IID(P, K): P must be a law of one dimension")
        return V.IID(base, count)

    def iid_count_symbol(self, node: ast.Call, k_node: ast.Name, symbol_ok: bool) -> sp.Symbol:
        """The declared positive integer symbol ``K`` of ``IID(P, K)``; each search point
        gives it an integer value (points beyond the cap are skipped as invalid)."""
        kname = unicodedata.normalize("NFKC", k_node.id)
        domain = self.domains.get(kname)
        if self.lookup(kname) is not None or domain is None:
            raise self.fail(node, f"IID(P, {kname}): {kname} must be declared as a "
                                  "\"positive integer\" symbol (or K an integer literal)")
        sym = self.declared[kname]
        if not (sym.is_integer and sym.is_positive):
            raise self.fail(node, f"IID(P, {kname}): {kname} must be declared as a "
                                  "\"positive integer\" symbol")
        if not symbol_ok:
            raise self.fail(node, f"IID(P, {kname}): a symbolic number of draws only as the "
                                  "law of Expect, Var or Cov of a single bound variable "
                                  "(Expect(f, z, IID(P, K)))")
        self.used[kname] = sym
        return sym

    def pushforward(self, node: ast.Call) -> V.Distribution:
        """``Pushforward(P, f, x)``: ``f`` an expression in the bound variable ``x``."""
        base = self.dist(node.args[0])
        if base.dim != 1:
            raise self.fail(node, "Pushforward(P, f, x): P must be a law of one dimension")
        if V.is_mixed(base):
            raise self.fail(node, "Pushforward(P, f, x): P must be a continuous or a discrete "
                                  "law, not a mixture of both")
        name = self.bound_name(node.args[2], "Pushforward")
        x = sp.Dummy(name, integer=True) if base.discrete else sp.Dummy(name, real=True)
        self.draw_points[x] = sample_points(_support(base))
        f = self.with_scope({name: x}, lambda: self.value(node.args[1]))
        if isinstance(f, sp.MatrixBase):
            raise self.fail(node, "Pushforward(P, f, x): f must be a scalar expression")
        if not f.has(x):
            raise self.fail(node, f"Pushforward(P, f, x): f must depend on {name} (a constant "
                                  "map has no density)")
        if f.has(*_FUNCTIONAL_NODES):
            raise self.fail(node, "Pushforward(P, f, x): f must be an explicit function of "
                                  f"{name} (no integrals, sums or functionals)")
        return V.Pushforward(base, f, x)

    def scalar(self, x: Any, node: ast.AST) -> sp.Expr:
        if isinstance(x, (V.Distribution, _List, sp.MatrixBase)):
            raise self.fail(node, "expected a number or expression here")
        return x

    def dist(self, node: ast.AST) -> V.Distribution:
        d = self.expr(node)
        if not isinstance(d, V.Distribution):
            raise self.fail(node, "expected a distribution here, e.g. Normal(0, 1)")
        return d

    def call_KL(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "KL", 2)
        return V.KL(self.dist(node.args[0]), self.dist(node.args[1]))

    def call_JSD(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "JSD", 2)
        return V.JSD(self.dist(node.args[0]), self.dist(node.args[1]))

    def call_CrossEntropy(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "CrossEntropy", 2)
        return V.CrossEntropy(self.dist(node.args[0]), self.dist(node.args[1]))

    def call_H(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "H", 1)
        return V.H(self.dist(node.args[0]))

    def _density(self, node: ast.Call, cls: type) -> sp.Expr:
        name = cls.__name__
        self.arity(node, name, 2)
        d = self.dist(node.args[0])
        x = self.expr(node.args[1])
        if d.dim > 1:
            if not isinstance(x, _List) or len(x) != d.dim:
                raise self.fail(node, f"{name} of a {d.dim}-dimensional distribution takes a "
                                      f"point as a list of {d.dim} values")
            return cls(d, Tuple(*[self.scalar(v, node) for v in x]))
        return cls(d, self.scalar(x, node))

    def call_pdf(self, node: ast.Call) -> sp.Expr:
        return self._density(node, V.pdf)

    def call_logpdf(self, node: ast.Call) -> sp.Expr:
        return self._density(node, V.logpdf)

    def call_diff(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "diff", 2, 3)
        f = self.value(node.args[0])
        x = self.value(node.args[1])
        if not isinstance(x, sp.Symbol):
            raise self.fail(node, "diff: the second argument must be a symbol")
        n = 1
        if len(node.args) == 3:
            a = node.args[2]
            if not (isinstance(a, ast.Constant) and type(a.value) is int
                    and 1 <= a.value <= MAX_DIFF_ORDER):
                raise self.fail(node, f"diff: the order must be an integer 1..{MAX_DIFF_ORDER}")
            n = a.value
        return sp.Derivative(f, (x, n))

    def call_jacobian(self, node: ast.Call) -> sp.ImmutableMatrix:
        self.arity(node, "jacobian", 2)
        fs, xs = self.expr(node.args[0]), self.expr(node.args[1])
        if not isinstance(fs, _List) or not isinstance(xs, _List):
            raise self.fail(node, "jacobian takes two lists: jacobian([f1, ...], [x1, ...])")
        if len(fs) > MAX_MATRIX or len(xs) > MAX_MATRIX:
            raise self.fail(node, f"jacobian larger than {MAX_MATRIX} x {MAX_MATRIX}")
        if not all(isinstance(x, sp.Symbol) for x in xs):
            raise self.fail(node, "jacobian: the variables must be symbols")
        fs = [self.scalar(f, node) for f in fs]
        return sp.ImmutableMatrix(fs).jacobian(sp.Matrix(xs)).as_immutable()

    def call_Matrix(self, node: ast.Call) -> sp.ImmutableMatrix:
        self.arity(node, "Matrix", 1)
        rows = self.expr(node.args[0])
        if not isinstance(rows, _List) or not rows or not all(isinstance(r, _List) for r in rows):
            raise self.fail(node, "Matrix takes a list of rows: Matrix([[a, b], [c, d]])")
        if len(rows) > MAX_MATRIX or len({len(r) for r in rows}) != 1 or len(rows[0]) > MAX_MATRIX:
            raise self.fail(node, f"Matrix: rows of equal length, at most {MAX_MATRIX} x "
                                  f"{MAX_MATRIX}")
        return sp.ImmutableMatrix([[self.scalar(x, node) for x in r] for r in rows])

    # -- binders --------------------------------------------------------------
    def bound_name(self, node: ast.AST, fname: str) -> str:
        if not isinstance(node, ast.Name):
            raise self.fail(node, f"{fname}: the bound variable must be a name")
        name = unicodedata.normalize("NFKC", node.id)
        if name in VOCABULARY or name.startswith("_"):
            raise self.fail(node, f"{fname}: {name!r} cannot be a variable name")
        return name

    def with_scope(self, names: dict[str, sp.Symbol], fn: Callable[[], Any]) -> Any:
        self.scopes.append(names)
        try:
            return fn()
        finally:
            self.scopes.pop()

    def limits(self, node: ast.Call, fname: str, integer: bool):
        self.arity(node, fname, 2)
        lim = node.args[1]
        if not (isinstance(lim, ast.Tuple) and len(lim.elts) == 3):
            raise self.fail(node, f"{fname} takes limits as a tuple (x, a, b)")
        name = self.bound_name(lim.elts[0], fname)
        sym = sp.Dummy(name, integer=True) if integer else sp.Dummy(name, real=True)
        a, b = self.value(lim.elts[1]), self.value(lim.elts[2])
        if integer:
            self.index_ranges[sym] = (a, b)
        body = self.with_scope({name: sym}, lambda: self.value(node.args[0]))
        return body, sym, a, b

    def bind_integrate(self, node: ast.Call) -> sp.Expr:
        body, x, a, b = self.limits(node, "integrate", integer=False)
        return sp.Integral(body, (x, a, b))

    def bind_Sum(self, node: ast.Call) -> sp.Expr:
        body, k, a, b = self.limits(node, "Sum", integer=True)
        return sp.Sum(body, (k, a, b))

    def bind_Product(self, node: ast.Call) -> sp.Expr:
        body, k, a, b = self.limits(node, "Product", integer=True)
        return sp.Product(body, (k, a, b))

    def bind_limit(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "limit", 3)
        name = self.bound_name(node.args[1], "limit")
        x = sp.Dummy(name, real=True)
        a = self.value(node.args[2])
        body = self.with_scope({name: x}, lambda: self.value(node.args[0]))
        # A two-sided limit at a finite point, as in mathematics.
        return sp.Limit(body, x, a, dir="+-" if a.is_finite else "+")

    def _extreme(self, node: ast.Call, cls: type) -> sp.Expr:
        fname = cls.__name__
        self.arity(node, fname, 2)
        name = self.bound_name(node.args[1], fname)
        if name not in self.domains:
            raise self.fail(node, f"{fname}({'...'}, {name}) ranges over the declared domain of "
                                  f"{name}: declare {name} in [symbols]")
        # A fresh Dummy: u may also occur free in the statement (Sup(f(u), u) >= f(u)).
        u = sp.Dummy(name, **self.domains[name].assumptions())
        body = self.with_scope({name: u}, lambda: self.value(node.args[0]))
        return cls(body, u)

    def bind_Sup(self, node: ast.Call) -> sp.Expr:
        return self._extreme(node, V.Sup)

    def bind_Inf(self, node: ast.Call) -> sp.Expr:
        return self._extreme(node, V.Inf)

    def bind_Expect(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "Expect", 3)
        (body,), variables, dists = self.expectation(node, "Expect", node.args[:1])
        return V.Expect(body, variables, dists)

    def expectation(self, node: ast.Call, fname: str, bodies: list[ast.AST]):
        """The bodies, bound variables and laws of ``fname(body..., x, P)`` (shaped like
        ``Expect``: the variable and the law are the last two arguments)."""
        var_node, dist_node = node.args[-2], node.args[-1]
        if isinstance(var_node, ast.List):
            names = [self.bound_name(v, fname) for v in var_node.elts]
            if not names:
                raise self.fail(node, f"{fname}: no bound variables")
            dists = self.expr(dist_node)
            if not isinstance(dists, _List) or len(dists) != len(names):
                raise self.fail(node, f"{fname}: give one distribution per bound variable")
            dists = [d if isinstance(d, V.Distribution) else None for d in dists]
            if None in dists:
                raise self.fail(node, f"{fname}: expected distributions")
        else:
            names = [self.bound_name(var_node, fname)]
            self.symbolic_iid_ok = True
            try:
                dists = [self.dist(dist_node)]
            finally:
                self.symbolic_iid_ok = False
        if len(set(names)) != len(names):
            raise self.fail(node, f"{fname}: bound variables must be distinct")
        syms = {}
        for n, d in zip(names, dists, strict=True):
            # The values of a discrete pushforward (k/2) need not be integers.
            integer = d.discrete and d.dim == 1 and not isinstance(d, V.Pushforward)
            syms[n] = sp.Dummy(n, integer=True) if integer else sp.Dummy(n, real=True)
            dim = d.dim if isinstance(d.dim, int) else 1
            if isinstance(d, V.IID):
                self.iid_draws[syms[n]] = d.count
                dim = d.count if not isinstance(d.count, int) else dim
            self.draw_dims[syms[n]] = dim
            if dim == 1:
                self.draw_points[syms[n]] = sample_points(_support(d))
        values = self.with_scope(syms, lambda: [self.value(b) for b in bodies])
        for n, d in zip(names, dists, strict=True):
            if isinstance(d, V.IID) and any(_bare(v, syms[n]) for v in values):
                raise self.fail(node, f"{fname}: {n} holds {d.count} draws: use {n}[k] inside "
                                      f"Sum(..., (k, 0, {d.count - 1})), Product or logsumexp")
        return values, [syms[n] for n in names], dists

    def bind_Var(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "Var", 3)
        (f,), variables, dists = self.expectation(node, "Var", node.args[:1])
        return Div.variance(f, variables, dists)

    def bind_Cov(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "Cov", 4)
        (f, g), variables, dists = self.expectation(node, "Cov", node.args[:2])
        return Div.covariance(f, g, variables, dists)

    def bind_FDiv(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "FDiv", 4)
        name = self.bound_name(node.args[1], "FDiv")
        u = sp.Dummy(name, positive=True)
        f = self.with_scope({name: u}, lambda: self.value(node.args[0]))
        return Div.f_divergence(f, u, self.dist(node.args[2]), self.dist(node.args[3]))

    # -- the functionals defined by others, functions of lists, matrices ------------------
    def _two_laws(self, node: ast.Call, fname: str, extra: int = 0):
        self.arity(node, fname, 2 + extra)
        return self.dist(node.args[0]), self.dist(node.args[1])

    def call_TV(self, node: ast.Call) -> sp.Expr:
        return Div.total_variation(*self._two_laws(node, "TV"))

    def call_Hellinger(self, node: ast.Call) -> sp.Expr:
        return Div.hellinger(*self._two_laws(node, "Hellinger"))

    def call_ChiSquare(self, node: ast.Call) -> sp.Expr:
        return Div.chi_square(*self._two_laws(node, "ChiSquare"))

    def call_Renyi(self, node: ast.Call) -> sp.Expr:
        p, q = self._two_laws(node, "Renyi", extra=1)
        return Div.renyi(p, q, self.value(node.args[2]))

    def _indices(self, node: ast.AST, fname: str) -> list[int]:
        if not (isinstance(node, ast.List) and node.elts and all(
                isinstance(e, ast.Constant) and type(e.value) is int and 0 <= e.value < 64
                for e in node.elts)):
            raise self.fail(node, f"{fname}: coordinates as a list of small integers, e.g. [0]")
        return [e.value for e in node.elts]  # type: ignore[attr-defined]

    def call_MutualInformation(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "MutualInformation", 3)
        p = self.dist(node.args[0])
        return Div.mutual_information(p, self._indices(node.args[1], "MutualInformation"),
                                      self._indices(node.args[2], "MutualInformation"))

    def call_cdf(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "cdf", 2)
        d = self.dist(node.args[0])
        if d.dim > 1:
            raise self.fail(node, "cdf takes a distribution of one dimension")
        return V.cdf(d, self.scalar(self.expr(node.args[1]), node))

    def call_logsumexp(self, node: ast.Call) -> sp.Expr:
        self.arity(node, "logsumexp", 1, 2)
        if len(node.args) == 2:
            # logsumexp(f, (k, a, b)): log of the sum of exp(f) over k = a .. b.
            body, k, a, b = self.limits(node, "logsumexp", integer=True)
            return sp.log(sp.Sum(sp.exp(body), (k, a, b)))
        terms = self.expr(node.args[0])
        if not isinstance(terms, _List) or not terms:
            raise self.fail(node, "logsumexp takes a list: logsumexp([a, b, ...])")
        if len(terms) > MAX_LOGSUMEXP:
            raise self.fail(node, f"logsumexp of more than {MAX_LOGSUMEXP} terms")
        return sp.log(sp.Add(*[sp.exp(self.scalar(t, node)) for t in terms]))

    def matrix(self, node: ast.Call, fname: str, square: bool = False) -> sp.ImmutableMatrix:
        self.arity(node, fname, 1)
        m = self.expr(node.args[0])
        if not isinstance(m, sp.MatrixBase):
            raise self.fail(node, f"{fname} takes a matrix, e.g. Matrix([[1, 2], [3, 4]])")
        if square and m.shape[0] != m.shape[1]:
            raise self.fail(node, f"{fname} takes a square matrix, got {m.shape[0]} x "
                                  f"{m.shape[1]}")
        return m

    def call_transpose(self, node: ast.Call) -> sp.ImmutableMatrix:
        return self.matrix(node, "transpose").T.as_immutable()

    def call_trace(self, node: ast.Call) -> sp.Expr:
        return self.matrix(node, "trace", square=True).trace()

    def call_inverse(self, node: ast.Call) -> sp.ImmutableMatrix:
        m = self.matrix(node, "inverse", square=True)
        det = m.det(method="berkowitz")
        if det.is_zero:
            raise self.fail(node, "inverse of a singular matrix (determinant 0)")
        return (m.adjugate(method="berkowitz") / det).as_immutable()

    def call_diag(self, node: ast.Call) -> sp.ImmutableMatrix:
        self.arity(node, "diag", 1)
        entries = self.expr(node.args[0])
        if not isinstance(entries, _List) or not entries or len(entries) > MAX_MATRIX:
            raise self.fail(node, f"diag takes a list of 1 to {MAX_MATRIX} entries")
        return sp.ImmutableMatrix(sp.diag(*[self.scalar(x, node) for x in entries]))

    def call_eye(self, node: ast.Call) -> sp.ImmutableMatrix:
        self.arity(node, "eye", 1)
        n = node.args[0]
        if not (isinstance(n, ast.Constant) and type(n.value) is int
                and 1 <= n.value <= MAX_MATRIX):
            raise self.fail(node, f"eye takes an integer literal 1..{MAX_MATRIX}")
        return sp.ImmutableMatrix(sp.eye(n.value))


def _bare(expr: sp.Basic, z: sp.Symbol) -> bool:
    """Whether ``expr`` uses the draw ``z`` other than as ``z[k]``."""
    if not isinstance(expr, sp.Basic):
        return False
    marker = sp.Dummy("i")
    return z in expr.replace(lambda e: isinstance(e, sp.Indexed) and e.base.label == z,
                             lambda e: marker).free_symbols


def _support(d: V.Distribution) -> object:
    try:
        return d.support()
    except (NotImplementedError, TypeError, ValueError):
        return None
