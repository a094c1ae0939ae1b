"""Normalising flows, ``flow.*``: the affine coupling block of CSE 891 HW4, question 1 (seed 003).

The block of equation (1) is ``y1 = exp(G(x2)) * x1 + F(x2)``,
``y2 = exp(s) * x2`` with ``x1, x2`` in R^(d/2). Everything below is built for
a block half-width ``m = d/2``: the coordinates of ``x1`` are ``a_k``, of
``x2`` are ``b_k``, of ``y1`` are ``u_k`` and of ``y2`` are ``v_k``; ``F_k``
and ``G_k`` are the (arbitrary, undefined) coordinate functions of ``F`` and
``G``, each a function of all of ``x2``. The results are stated at ``d = 4``
(``m = 2``, so the off-diagonal blocks are full 2 x 2 matrices) and derived
again at ``d = 2``.
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

    def round_trip_by_hand(self) -> sp.ImmutableMatrix:
        """The round trip after substituting ``y``, before cancelling."""
        b, a, s = self.x2, self.x1, self.s
        x2 = [sp.Mul(sp.exp(s[k]), b[k], sp.exp(-s[k]), evaluate=False) for k in range(self.m)]
        x1 = [
            sp.Mul(
                sp.Add(sp.exp(self.G(b, k)) * a[k], self.F(b, k), -self.F(b, k), evaluate=False),
                sp.exp(-self.G(b, k)),
                evaluate=False,
            )
            for k in range(self.m)
        ]
        return sp.ImmutableMatrix(x1 + x2)

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


BLOCK = CouplingBlock(2)  # d = 4: the stated case
SMALL = CouplingBlock(1)  # d = 2: derived again

#: Notation for the text: the halves of x and y as vectors, F and G, their Jacobians.
X1, X2, Y1, Y2, S_ = sp.symbols("x_1 x_2 y_1 y_2 s")
F_X2, G_X2 = sp.Function("F")(X2), sp.Function("G")(X2)
DIAG = sp.Function("diag")
# matrices: their products keep their order
J_F, J_G = sp.symbols("J_F J_G", commutative=False)
K_ = sp.Symbol("k", integer=True, positive=True)
LOG_DET = sp.Sum(sp.Function("G_k")(X2), (K_, 1, sp.Symbol("m"))) + sp.Sum(
    sp.IndexedBase("s")[K_], (K_, 1, sp.Symbol("m")))
DET_FORM = sp.exp(LOG_DET)
INV_X2 = Let(X2, Y2 * sp.exp(-S_))
INV_X1 = Let(X1, (Y1 - F_X2) * sp.exp(-G_X2))

_MISPRINT_NOTE = (
    "The text of question 1 multiplies the first half by the exponential of ", F_X2,
    ", but equation 1 multiplies it by that of ", G_X2, ", F being the shift. We answer for "
    "equation 1. A claim written with F in the scale, the inverse ",
    Let(X1, (Y1 - F_X2) * sp.exp(-F_X2)), " for the block of equation 1, is refuted: the "
    "module probproof.derivations.flow states that claim too, and the tests check it false.")


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


def _inverse_derivation(blk: CouplingBlock) -> Derivation:
    return Derivation(
        blk.round_trip(),
        (
            Step(
                blk.round_trip_by_hand(),
                ("substitute the forward map; the second half, ", INV_X2, " elementwise, comes "
                 "first, so F and G are evaluated at the true ", X2),
            ),
            Step(
                sp.ImmutableMatrix(blk.x), ("the shift ", F_X2, " cancels, then ",
                                            sp.exp(G_X2), " does")
            ),
        ),
        title=("Derivation at ", Let(sp.Symbol("d"), 2 * blk.m)),
    )


def _networks_by_name(*blocks: CouplingBlock) -> tuple[Let, ...]:
    """``G_1 = G_1(b_1, b_2)``, ...: the networks by name at the point ``x_2 = b`` where the
    Jacobian is taken; written with their arguments, the 4 x 4 matrix did not fit the page."""
    return tuple(Let(sp.Symbol(blk.fn(name, k).__name__), getattr(blk, name)(blk.x2, k))
                 for blk in blocks for name in ("G", "F") for k in range(blk.m))


@register
def coupling_inverse() -> Result:
    blk = BLOCK
    return Result(
        id="flow.coupling.inverse",
        title="Inverse of the affine coupling block",
        sources=(Source(SEED, "1.1"),),
        statement=Statement(
            blk.round_trip(),
            sp.ImmutableMatrix(blk.x),
            "==",
            ("with ", INV_X2, " and ", INV_X1, " elementwise, the inverse undoes the block "
             "(stated at ", Let(sp.Symbol("d"), 4), ", for arbitrary F and G)"),
        ),
        derivations=(_inverse_derivation(BLOCK), _inverse_derivation(SMALL)),
        answer=(
            "Invert the second half first, then the first, elementwise: ", INV_X2, " and ",
            INV_X1, ". This works for any F and G, which need not be invertible, because ",
            X2, " is recovered before they are needed."
        ),
        domains=blk.domains | SMALL.domains,
        notes=(_MISPRINT_NOTE,),
        legend=_networks_by_name(blk, SMALL),
    )


@register
def coupling_jacobian() -> Result:
    blk = BLOCK
    return Result(
        id="flow.coupling.jacobian",
        title="Jacobian of the affine coupling block as a block matrix",
        sources=(Source(SEED, "1.2"),),
        statement=Statement(
            Jacobian(blk.forward(), blk.x),
            blk.jacobian_blocks(),
            "==",
            ("the Jacobian of the block is block upper triangular (stated at ",
             Let(sp.Symbol("d"), 4), ")"),
        ),
        derivations=(
            Derivation(
                Jacobian(blk.forward(), blk.x),
                (
                    Step(
                        blk.jacobian_blocks(),
                        ("differentiate each coordinate; ", Y2, " does not depend on ", X1),
                    ),
                ),
                title=("Derivation at ", Let(sp.Symbol("d"), 4)),
            ),
            Derivation(
                Jacobian(SMALL.forward(), SMALL.x),
                (Step(SMALL.jacobian_blocks(), "the same in two dimensions"),),
                title=("Derivation at ", Let(sp.Symbol("d"), 2)),
            ),
        ),
        answer=(
            "The Jacobian is ", sp.ImmutableMatrix([
                [DIAG(sp.exp(G_X2)), DIAG(X1 * sp.exp(G_X2)) * J_G + J_F],
                [0, DIAG(sp.exp(S_))]]),
            " with the products elementwise, where ", J_F, " and ", J_G, " are the square "
            "Jacobians of F and G in ", X2, ", of size half the dimension."
        ),
        domains=blk.domains | SMALL.domains,
        notes=(_MISPRINT_NOTE,),
        legend=_networks_by_name(blk, SMALL),
    )


@register
def coupling_det() -> Result:
    blk = BLOCK
    J = blk.jacobian_blocks()
    m = blk.m
    top = sp.ImmutableMatrix(J[:m, :m])
    bottom = sp.ImmutableMatrix(J[m:, m:])
    b = blk.x2
    instance = {blk.fn("G", k): sp.Lambda(tuple(b), 0) for k in range(m)}
    det_instance = sp.Determinant(
        sp.ImmutableMatrix(
            J.subs({sk: sp.Rational(1, 2) for sk in blk.s}).replace(
                lambda e: isinstance(e, sp.core.function.AppliedUndef) and e.func in instance,
                lambda e: sp.S.Zero,
            ).replace(  # the derivative of G = 0 is 0, not printed as d/db 0
                lambda e: isinstance(e, sp.Derivative) and e.expr == 0, lambda e: sp.S.Zero)
        )
    )
    return Result(
        id="flow.coupling.det",
        title="Determinant of the coupling block's Jacobian; volume preservation",
        sources=(Source(SEED, "1.3"),),
        statement=Statement(
            sp.Determinant(J),
            sp.exp(blk.log_det()),
            "==",
            ("the determinant of the Jacobian is ", DET_FORM, " (stated at ",
             Let(sp.Symbol("d"), 4), ")"),
        ),
        derivations=(
            Derivation(
                sp.Determinant(J),
                (
                    Step(
                        sp.Determinant(top) * sp.Determinant(bottom),
                        "the matrix is block upper triangular",
                    ),
                    Step(
                        sp.Mul(*[sp.exp(blk.G(b, k)) for k in range(m)])
                        * sp.Mul(*[sp.exp(s) for s in blk.s]),
                        "both diagonal blocks are diagonal",
                    ),
                    Step(
                        sp.exp(blk.log_det()),
                        "a product of exponentials is the exponential of the sum",
                    ),
                ),
            ),
        ),
        facts=(
            Statement(
                det_instance,
                sp.E,
                "==",
                ("not volume preserving in general: with G zero and both scales one half the "
                 "determinant is ", sp.E),
            ),
        ),
        answer=(
            "The determinant is the product of the diagonal's exponentials, ", DET_FORM,
            ", positive, and its logarithm is ", LOG_DET, ". The block is not volume "
            "preserving in general: the determinant is 1 only where ", Let(LOG_DET, 0),
            ", for every point only if G is constant with that sum, unlike the additive "
            "coupling block whose determinant is 1."
        ),
        domains=blk.domains,
        notes=(_MISPRINT_NOTE,),
        legend=_networks_by_name(blk),
    )
