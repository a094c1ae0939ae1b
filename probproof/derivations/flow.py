"""Normalising flows, ``flow.*``: the affine coupling block of CSE 891 HW4, question 1 (seed 003).

The block of equation (1) is ``y1 = exp(G(x2)) * x1 + F(x2)``, ``y2 = exp(s) * x2``
with ``x1, x2`` in R^m, ``d = 2m``. The three results hold for any ``m`` and are
derived for a symbolic ``m``, coordinate by coordinate: ``a_i``, ``b_k`` are the
coordinates of ``x1``, ``x2``; ``u_i``, ``v_k`` those of ``y1``, ``y2``; ``F_i`` and
``G_i`` the (arbitrary, undefined) i-th outputs of the networks F and G.

- the inverse: coordinates as ``Indexed`` ``a[i]``, ``b[k]`` with symbolic ``i``, ``k``;
- the Jacobian: every entry of the ``2m x 2m`` matrix differentiates one output
  coordinate in one input coordinate, so the rows of ``u_i`` and ``v_i`` in the columns
  of ``a_i, a_j, b_i, b_j`` for two distinct indices ``i != j`` are every entry. They are
  plain symbols, not ``Indexed``: ``d a[i] / d a[j]`` is ``KroneckerDelta(i, j)``, which
  SymPy cannot reduce to 0 for ``i != j``, and the engine's numeric derivative with respect
  to ``a[j]`` of an expression holding only ``a[i]`` is 0 even where ``i = j`` is sampled;
- the determinant: ``Product`` and ``Sum`` over ``k = 1..m``, the diagonal entries as
  ``Indexed`` values ``G[k]``, ``s[k]``, so that the engine instantiates ``m`` and the
  sequences.

:class:`CouplingBlock` writes the block out at a concrete half-width; the ``*_at``
functions place a general statement's formulas at every coordinate of such an instance,
for the torch confirmations and the figure (an instance of what was stated, not a second
hand-written formula).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    register,
)
from probproof.derivations.vocabulary import Jacobian

SEED = "003_d7f509f3735f8b89.txt"


@dataclass(frozen=True)
class CouplingBlock:
    """Symbols and maps of the coupling block of equation (1) with half-width ``m``."""

    m: int

    def _vec(self, letter: str) -> list[sp.Symbol]:
        if self.m == 1:
            return [sp.Symbol(letter, real=True)]
        return [sp.Symbol(f"{letter}_{k}", real=True) for k in range(1, self.m + 1)]

    @property
    def x1(self) -> list[sp.Symbol]:
        return self._vec("a")

    @property
    def x2(self) -> list[sp.Symbol]:
        return self._vec("b")

    @property
    def y1(self) -> list[sp.Symbol]:
        return self._vec("u")

    @property
    def y2(self) -> list[sp.Symbol]:
        return self._vec("v")

    @property
    def s(self) -> list[sp.Symbol]:
        return self._vec("s")

    def fn(self, name: str, k: int) -> sp.FunctionClass:
        return sp.Function(name if self.m == 1 else f"{name}_{k + 1}", real=True)

    def F(self, point, k: int) -> sp.Expr:
        return self.fn("F", k)(*point)

    def G(self, point, k: int) -> sp.Expr:
        return self.fn("G", k)(*point)

    @property
    def x(self) -> list[sp.Symbol]:
        return self.x1 + self.x2

    def forward(self, scale: str = "G") -> list[sp.Expr]:
        """``y`` of equation (1); ``scale="F"`` gives the misprinted block of the text."""
        b = self.x2
        scaled = [sp.exp(self.fn(scale, k)(*b)) * self.x1[k] + self.F(b, k) for k in range(self.m)]
        return scaled + [sp.exp(self.s[k]) * b[k] for k in range(self.m)]

    def inverse(self, scale: str = "G") -> list[sp.Expr]:
        """``x`` from ``y``: first ``x2 = y2 / exp(s)``, then
        ``x1 = (y1 - F(x2)) / exp(G(x2))``."""
        x2 = [self.y2[k] * sp.exp(-self.s[k]) for k in range(self.m)]
        x1 = [(self.y1[k] - self.F(x2, k)) * sp.exp(-self.fn(scale, k)(*x2)) for k in range(self.m)]
        return x1 + x2

    def round_trip(self, scale: str = "G") -> sp.ImmutableMatrix:
        """``inverse(forward(x))`` kept unevaluated (a ``Subs``), so that both maps
        stay readable in the result."""
        ys = self.y1 + self.y2
        return sp.ImmutableMatrix([sp.Subs(e, ys, self.forward()) for e in self.inverse(scale)])

    def jacobian_blocks(self) -> sp.ImmutableMatrix:
        """The block matrix ``[[diag(e^G), diag(x1 * e^G) J_G + J_F], [0, diag(e^s)]]``."""
        m, a, b = self.m, self.x1, self.x2
        top_left = sp.diag(*[sp.exp(self.G(b, k)) for k in range(m)])
        top_right = sp.Matrix(
            m,
            m,
            lambda i, j: (
                sp.exp(self.G(b, i)) * a[i] * sp.Derivative(self.G(b, i), b[j])
                + sp.Derivative(self.F(b, i), b[j])
            ),
        )
        bottom_right = sp.diag(*[sp.exp(self.s[k]) for k in range(m)])
        return sp.ImmutableMatrix(
            sp.BlockMatrix([[top_left, top_right], [sp.zeros(m, m), bottom_right]]).as_explicit()
        )

    def log_det(self) -> sp.Expr:
        b = self.x2
        return sp.Add(*[self.G(b, k) for k in range(self.m)]) + sp.Add(*self.s)

    @property
    def domains(self) -> dict[str, str]:
        return {v.name: "real" for v in self.x + self.y1 + self.y2 + self.s}


BLOCK = CouplingBlock(2)  # d = 4: the instance the confirmations and the figure use
SMALL = CouplingBlock(1)  # d = 2: the misprint's counterexample

#: Notation for the text: the halves of x and y as vectors, F and G, their Jacobians.
X1, X2, Y1, Y2, S_ = sp.symbols("x_1 x_2 y_1 y_2 s")
F_X2, G_X2 = sp.Function("F")(X2), sp.Function("G")(X2)
DIAG = sp.Function("diag")
# matrices: their products keep their order
J_F, J_G = sp.symbols("J^F J^G", commutative=False)
INV_X2 = Let(X2, Y2 * sp.exp(-S_))
INV_X1 = Let(X1, (Y1 - F_X2) * sp.exp(-G_X2))

# -- any half-width m: indices, coordinates and the networks' outputs -------------------
M = sp.Symbol("m", integer=True, positive=True)
D = sp.Symbol("d")
I_, J_, K_ = sp.symbols("i j k", integer=True, positive=True)
A, B, U, V, S = (sp.IndexedBase(n, real=True) for n in "abuvs")
#: The i-th outputs of the networks, functions of the whole second half x_2.
F_I, G_I = sp.Function("F_i", real=True)(X2), sp.Function("G_i", real=True)(X2)
#: Values at the point: the k-th output of G (the determinant only needs those).
G_AT, F_AT = sp.IndexedBase("G", real=True), sp.IndexedBase("F", real=True)
WIDTH = Let(D, 2 * M)

#: Coordinate k of y_2 and i of y_1 (equation (1)), and of the inverse.
FWD_V = sp.exp(S[K_]) * B[K_]
FWD_U = sp.exp(G_I) * A[I_] + F_I
INV_B = V[K_] * sp.exp(-S[K_])
INV_A = (U[I_] - F_I) * sp.exp(-G_I)

#: Two distinct coordinates i != j (plain symbols, see the module's docstring); the
#: networks' i-th outputs seen through the two coordinates of x_2 an entry can see.
a_i, a_j, b_i, b_j, s_i = sp.symbols("a_i a_j b_i b_j s_i", real=True)
G_IJ = sp.Function("G_i", real=True)(b_i, b_j)
F_IJ = sp.Function("F_i", real=True)(b_i, b_j)
U_I = sp.exp(G_IJ) * a_i + F_IJ
V_I = sp.exp(s_i) * b_i
PAIR = (a_i, a_j, b_i, b_j)


def jacobian_entry(net: str, row: object, col: object) -> sp.Symbol:
    """The name of entry (row, col) of the Jacobian of the network ``net`` in x_2:
    ``J^G_ij``, printed with the network up and the entry down."""
    return sp.Symbol(f"J^{net}_{row}{col}")


#: The entries of the Jacobians of F and G that the rows of u_i use, by name.
JACOBIAN_NAMES = tuple(
    Let(jacobian_entry(net, "i", col), sp.Derivative(f, var))
    for net, f in (("G", G_IJ), ("F", F_IJ))
    for col, var in (("i", b_i), ("j", b_j)))

LOG_DET = sp.Sum(G_AT[K_] + S[K_], (K_, 1, M))
DIAG_PRODUCT = sp.Product(sp.exp(G_AT[K_]), (K_, 1, M)) * sp.Product(sp.exp(S[K_]), (K_, 1, M))

GENERAL_DOMAINS = {
    "a": "real", "b": "real", "u": "real", "v": "real", "s": "real", "x_2": "real",
    "G": "real", "F": "real", "i": "positive integer", "k": "positive integer",
    "m": "positive integer", "a_i": "real", "a_j": "real", "b_i": "real", "b_j": "real",
    "s_i": "real"}

_MISPRINT_NOTE = (
    "The text of question 1 multiplies the first half by the exponential of ", F_X2,
    ", but equation 1 multiplies it by that of ", G_X2, ", F being the shift. We answer for "
    "equation 1. A claim written with F in the scale, the inverse ",
    Let(X1, (Y1 - F_X2) * sp.exp(-F_X2)), " for the block of equation 1, is false: the "
    "verifier refutes it.")
#: The later results of question 1 refer to the note once made (a handout says it once).
_MISPRINT_SEE = ("Equation 1, not the text of question 1, defines the block, as the note of "
                 "question 1.1 explains.",)


def misread_inverse_claim(shift=lambda t: t / 2, scale=lambda t: sp.sin(t)) -> Statement:
    """The inverse written with ``exp(F)`` as the scale (the text's misprint), on a
    concrete instance of ``F`` and ``G`` so that it can be evaluated: it is false."""
    blk = SMALL
    (a,), (b,), (_u,), (_v,), (s,) = blk.x1, blk.x2, blk.y1, blk.y2, blk.s
    y1 = sp.exp(scale(b)) * a + shift(b)  # equation (1): scale exp(G)
    y2 = sp.exp(s) * b
    x2 = y2 * sp.exp(-s)
    x1 = (y1 - shift(x2)) * sp.exp(-shift(x2))  # the misprint: divides by exp(F)
    return Statement(
        sp.Matrix([x1, x2]),
        sp.Matrix([a, b]),
        "==",
        "inverse(forward(x)) = x when the inverse divides by exp(F(x2))",
    )


def round_trip(inv_b: sp.Expr = INV_B, inv_a: sp.Expr = INV_A) -> sp.ImmutableMatrix:
    """Coordinate k of the recovered x_2 and i of the recovered x_1 after the block, the
    forward map kept unevaluated (a ``Subs``) so that both maps stay readable."""
    # one substitution for both rows, printed once after the vector
    ys, fwd = (U[I_], V[K_]), (FWD_U, FWD_V)
    return sp.ImmutableMatrix([sp.Subs(inv_b, ys, fwd), sp.Subs(inv_a, ys, fwd)])


def rows_of_pair() -> Jacobian:
    """The rows of ``u_i`` and ``v_i`` of the Jacobian, in the columns ``a_i, a_j, b_i, b_j``."""
    return Jacobian([U_I, V_I], PAIR)


def pair_entries() -> sp.ImmutableMatrix:
    """What differentiating :func:`rows_of_pair` gives, by the product and chain rules."""
    du_db = [a_i * sp.exp(G_IJ) * sp.Derivative(G_IJ, var) + sp.Derivative(F_IJ, var)
             for var in (b_i, b_j)]
    return sp.ImmutableMatrix([[sp.exp(G_IJ), 0, *du_db], [0, 0, sp.exp(s_i), 0]])


# -- the general statements at a concrete half-width (confirmations, figure) ------------

def _indexed_at(expr: sp.Basic, blk: CouplingBlock, idx: dict, point) -> sp.Basic:
    """``expr`` with the indices ``idx`` (index symbol -> 1-based coordinate) fixed, its
    ``Indexed`` coordinates as ``blk``'s symbols and ``F_i(x_2)``, ``G_i(x_2)`` as the
    instance's networks at ``point``."""
    out = expr.xreplace({k: sp.Integer(v) for k, v in idx.items()})
    coords = {A: blk.x1, B: blk.x2, U: blk.y1, V: blk.y2, S: blk.s}
    row = idx[I_] - 1 if I_ in idx else 0
    out = out.xreplace({F_I: blk.F(point, row), G_I: blk.G(point, row)})
    nets = {F_AT: blk.F, G_AT: blk.G}

    def coordinate(e: sp.Indexed) -> sp.Basic:
        n = int(e.indices[0]) - 1
        if e.base in nets:
            return nets[e.base](blk.x2, n)
        return coords[e.base][n]

    return out.replace(lambda e: isinstance(e, sp.Indexed) and e.base in {**coords, **nets},
                       coordinate)


def round_trip_at(m: int, general: sp.MatrixBase) -> tuple[sp.ImmutableMatrix, list]:
    """The round trip of :func:`round_trip` (or a changed one) at half-width ``m``, in the
    form ``Subs(x(y), y, y(x))`` with every coordinate, and the ``x`` it should give.
    The inverse's networks take the recovered x_2, not the true one."""
    blk = CouplingBlock(m)
    inv_b, inv_a = general[0].expr, general[1].expr
    fwd = dict(zip(general[0].variables, general[0].point, strict=True))
    fwd_u, fwd_v = fwd[U[I_]], fwd[V[K_]]
    x2 = [_indexed_at(inv_b, blk, {K_: r + 1}, blk.x2) for r in range(m)]
    x1 = [_indexed_at(inv_a, blk, {I_: r + 1}, x2) for r in range(m)]
    y = ([_indexed_at(fwd_u, blk, {I_: r + 1}, blk.x2) for r in range(m)]
         + [_indexed_at(fwd_v, blk, {K_: r + 1}, blk.x2) for r in range(m)])
    ys = blk.y1 + blk.y2
    return sp.ImmutableMatrix([sp.Subs(e, ys, y) for e in x1 + x2]), blk.x


def jacobian_at(m: int, entries: sp.MatrixBase) -> tuple[Jacobian, sp.ImmutableMatrix]:
    """The Jacobian of the block at half-width ``m`` and the ``2m x 2m`` matrix whose
    entry (r, c) is the general entry of :func:`pair_entries` (or a changed one) at
    ``i = r``, ``j = c``: the diagonal columns ``a_i, b_i`` where ``r = c``."""
    blk = CouplingBlock(m)

    def at(row: int, col: int, r: int, c: int) -> sp.Expr:
        reps = {a_i: blk.x1[r], a_j: blk.x1[c], b_i: blk.x2[r], b_j: blk.x2[c],
                s_i: blk.s[r], G_IJ: blk.G(blk.x2, r), F_IJ: blk.F(blk.x2, r)}
        return entries[row, col + (0 if r == c else 1)].xreplace(reps)

    top = [[at(0, 0, r, c) for c in range(m)] + [at(0, 2, r, c) for c in range(m)]
           for r in range(m)]
    bottom = [[at(1, 0, r, c) for c in range(m)] + [at(1, 2, r, c) for c in range(m)]
              for r in range(m)]
    return Jacobian(blk.forward(), blk.x), sp.ImmutableMatrix(top + bottom)


def det_at(m: int, claimed: sp.Expr) -> tuple[sp.ImmutableMatrix, sp.Expr]:
    """The block's Jacobian at half-width ``m`` (written out by :class:`CouplingBlock`) and
    the claimed determinant there, its sum over ``k`` written out."""
    blk = CouplingBlock(m)
    value = claimed.xreplace({M: sp.Integer(m)}).doit()
    return blk.jacobian_blocks(), _indexed_at(value, blk, {}, blk.x2)


@register
def coupling_inverse() -> Result:
    start = round_trip()
    return Result(
        id="flow.coupling.inverse",
        title="Inverse of the affine coupling block",
        sources=(Source(SEED, "1.1"),),
        statement=Statement(
            start,
            sp.ImmutableMatrix([B[K_], A[I_]]),
            "==",
            ("for any dimension ", WIDTH, " and any networks F and G, the inverse ", INV_X2,
             " and ", INV_X1, ", elementwise, undoes the block. In coordinates, with ",
             F_I, " and ", G_I, " the ", I_, "-th outputs of the networks, the ", K_,
             "-th coordinate of the second half and the ", I_, "-th of the first come back:"),
        ),
        derivations=(Derivation(start, (
            Step(sp.ImmutableMatrix([
                sp.Mul(sp.exp(S[K_]), B[K_], sp.exp(-S[K_]), evaluate=False),
                sp.Mul(sp.Add(sp.exp(G_I) * A[I_], F_I, -F_I, evaluate=False), sp.exp(-G_I),
                       evaluate=False)]),
                 ("substitute the forward map. The second half comes back first, for every ",
                  K_, ", so the networks are evaluated at the true ", X2)),
            Step(sp.ImmutableMatrix([B[K_], A[I_]]),
                 ("the shift ", F_I, " cancels, then the scale ", sp.exp(G_I), " does")),
        )),),
        answer=(
            "Invert the second half first, then the first, elementwise: ", INV_X2, " and ",
            INV_X1, ". This works for any F and G, which need not be invertible, because ",
            X2, " is recovered before they are needed."
        ),
        domains=GENERAL_DOMAINS,
        notes=(_MISPRINT_NOTE,),
    )


@register
def coupling_jacobian() -> Result:
    start = rows_of_pair()
    return Result(
        id="flow.coupling.jacobian",
        title="Jacobian of the affine coupling block as a block matrix",
        sources=(Source(SEED, "1.2"),),
        statement=Statement(
            start,
            pair_entries(),
            "==",
            ("for any dimension ", WIDTH, ", each entry of the Jacobian differentiates one "
             "output coordinate in one input coordinate. For two distinct indices ", I_,
             " and ", J_, ", the rows of ", Let(sp.Symbol("u_i"), U_I), " and ",
             Let(sp.Symbol("v_i"), V_I), " in the columns of ", a_i, ", ", a_j, ", ", b_i,
             " and ", b_j, " are all of them (", G_IJ, " is the ", I_, "-th output of G, "
             "a function of all of ", X2, ", written with the two coordinates a derivative "
             "can see; the others are held fixed):"),
        ),
        derivations=(Derivation(start, (
            Step(pair_entries(),
                 ("differentiate each coordinate: F and G do not depend on ", X1, ", ", a_i,
                  " on no other coordinate, ", V_I, " only on ", b_i, "; the product rule, "
                  "and the chain rule for the exponential of G")),
        )),),
        answer=(
            "The Jacobian is ", sp.ImmutableMatrix([
                [DIAG(sp.exp(G_X2)), DIAG(X1 * sp.exp(G_X2)) * J_G + J_F],
                [0, DIAG(sp.exp(S_))]]),
            " with the products elementwise, where ", J_F, " and ", J_G, " are the square "
            "Jacobians of F and G in ", X2, ", of size half the dimension. The entries "
            "derived above are the entries ", sp.Tuple(I_, I_), " and ", sp.Tuple(I_, J_),
            " of its four blocks. It is block upper triangular, and even triangular: its "
            "diagonal blocks are diagonal."
        ),
        domains=GENERAL_DOMAINS,
        notes=(_MISPRINT_SEE,),
        legend=JACOBIAN_NAMES,
    )


def _not_volume_preserving() -> tuple[Statement, tuple[Let, ...]]:
    """det = e at d = 4 with G = 0 and both scales 1/2, from the written-out matrix; the
    entries of J_F by name, so that no derivative is printed inside the matrix."""
    blk = BLOCK
    b = blk.x2
    zero_g = {blk.fn("G", k) for k in range(blk.m)}
    matrix = blk.jacobian_blocks().subs({sk: sp.Rational(1, 2) for sk in blk.s}).replace(
        lambda e: isinstance(e, sp.core.function.AppliedUndef) and e.func in zero_g,
        lambda e: sp.S.Zero,
    ).replace(  # the derivative of G = 0 is 0, not printed as d/db 0
        lambda e: isinstance(e, sp.Derivative) and e.expr == 0, lambda e: sp.S.Zero)
    names = tuple(Let(jacobian_entry("F", r + 1, c + 1), sp.Derivative(blk.F(b, r), b[c]))
                  for r in range(blk.m) for c in range(blk.m))
    fact = Statement(
        sp.Determinant(sp.ImmutableMatrix(matrix)), sp.E, "==",
        ("not volume preserving in general: at ", Let(D, 4), ", with G zero and both scales "
         "one half, the determinant is ", sp.E, " whatever F is"))
    return fact, names


@register
def coupling_det() -> Result:
    fact, names = _not_volume_preserving()
    return Result(
        id="flow.coupling.det",
        title="Determinant of the coupling block's Jacobian; volume preservation",
        sources=(Source(SEED, "1.3"),),
        statement=Statement(
            DIAG_PRODUCT,
            sp.exp(LOG_DET),
            "==",
            ("for any dimension ", WIDTH, ", the Jacobian (flow.coupling.jacobian) is "
             "triangular: zero below its diagonal, whose entries are ", sp.exp(G_AT[K_]),
             " and ", sp.exp(S[K_]), " for ", K_, " from 1 to ", M, ", with ", G_AT[K_],
             " the ", K_, "-th output of G at ", X2, ". The determinant of a triangular "
             "matrix is the product of its diagonal:"),
        ),
        derivations=(Derivation(DIAG_PRODUCT, (
            Step(sp.exp(sp.Sum(G_AT[K_], (K_, 1, M))) * sp.exp(sp.Sum(S[K_], (K_, 1, M))),
                 "a product of exponentials is the exponential of the sum"),
            Step(sp.exp(LOG_DET), "the two sums over the same range as one"),
        )),),
        facts=(fact,),
        answer=(
            "The determinant is the product of the diagonal's exponentials, ",
            sp.exp(LOG_DET), ", positive, and its logarithm is ", LOG_DET, ". The block is "
            "not volume preserving in general: the determinant is 1 only where ",
            Let(LOG_DET, 0), ", for every point only if G is constant with that sum, unlike "
            "the additive coupling block whose determinant is 1."
        ),
        domains=GENERAL_DOMAINS | BLOCK.domains,
        notes=(_MISPRINT_SEE,),
        legend=names,
    )
