"""PixelCNN masks: the receptive field of output pixel 33 after two masked 3x3 convolutions.

Seed 002, Q4.1-Q4.4. The masks (indices from 1, row i, column j of the 3x3 kernel):
``M^A`` keeps rows i < 2 and (i = 2, j < 2); ``M^B`` also keeps the centre (2, 2).
The convolution is a cross-correlation (no kernel flip) with padding 1 on a 5x5 map.

Two computations live here: a layer-by-layer propagation of dependency sets (pure
Python, the claim's left side), and the field as the union of what the hidden pixels
read, a SymPy matrix expression the derivation prints and evaluates. The torch
gradient of the output with respect to the input is in ``numeric/confirm``.
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    described,
    register,
)

SEED = "002_744d3837ef1c38b7.txt"
SIZE = 5
TARGET = (3, 3)  # pixel "33", 1-based (row, column)

#: The masks as 3x3 0/1 lists, exactly as defined in the seed (1-based i, j).
MASKS: dict[str, list[list[int]]] = {
    "A": [[1 if (i < 2 or (i == 2 and j < 2)) else 0 for j in (1, 2, 3)] for i in (1, 2, 3)],
    "B": [[1 if (i < 2 or (i == 2 and j <= 2)) else 0 for j in (1, 2, 3)] for i in (1, 2, 3)],
}


def offsets(mask: list[list[int]]) -> set[tuple[int, int]]:
    """Input offsets (dr, dc) that an output pixel reads through a masked 3x3 kernel."""
    return {(i - 1, j - 1) for i in range(3) for j in range(3) if mask[i][j]}


def _inside(p: tuple[int, int]) -> bool:
    return 1 <= p[0] <= SIZE and 1 <= p[1] <= SIZE


def propagate(first: str, second: str, target: tuple[int, int] = TARGET) -> set[tuple[int, int]]:
    """Dependency sets, layer by layer: the output pixel depends on hidden pixels through
    the second layer's mask, each hidden pixel on input pixels through the first's.
    Positions outside the map are padding zeros and depend on nothing."""
    hidden = {(target[0] + dr, target[1] + dc) for dr, dc in offsets(MASKS[second])}
    hidden = {h for h in hidden if _inside(h)}
    inputs: set[tuple[int, int]] = set()
    for h in hidden:
        inputs |= {(h[0] + dr, h[1] + dc) for dr, dc in offsets(MASKS[first])}
    return {p for p in inputs if _inside(p)}


def grid(cells: set[tuple[int, int]]) -> sp.ImmutableMatrix:
    """5x5 0/1 matrix, entry (r-1, c-1) = 1 iff input pixel rc is in the receptive field."""
    return sp.ImmutableMatrix(SIZE, SIZE, lambda r, c: 1 if (r + 1, c + 1) in cells else 0)


def hidden_pixels(second: str, target: tuple[int, int] = TARGET) -> list[tuple[int, int]]:
    """The pixels of the hidden layer that the output pixel reads through the second
    layer's mask, in raster order."""
    return sorted(h for dr, dc in offsets(MASKS[second])
                  if _inside(h := (target[0] + dr, target[1] + dc)))


def reads(first: str, pixel: tuple[int, int]) -> sp.ImmutableMatrix:
    """The 0/1 grid of the input pixels that hidden ``pixel`` reads through the first
    layer's mask."""
    return grid({p for dr, dc in offsets(MASKS[first])
                 if _inside(p := (pixel[0] + dr, pixel[1] + dc))})


#: The 5x5 matrix of ones: J - R is the complement of a 0/1 grid R.
ONES = sp.ImmutableMatrix.ones(SIZE, SIZE)


def union(first: str, second: str) -> sp.MatrixExpr:
    """The field as the union of what the hidden pixels read, left unevaluated:
    ``J - (J - R_h1) o (J - R_h2) o ...`` (a pixel is outside the field exactly when it
    is outside every R_h; o is the entrywise product)."""
    outside = [sp.MatAdd(ONES, sp.MatMul(-1, reads(first, h), evaluate=False), evaluate=False)
               for h in hidden_pixels(second)]
    return sp.MatAdd(ONES, sp.MatMul(-1, sp.HadamardProduct(*outside, evaluate=False),
                                     evaluate=False), evaluate=False)


def union_legend(first: str, second: str) -> tuple[Let, ...]:
    """Names for :func:`union`'s matrices: ``J`` and ``R_rc`` for hidden pixel rc. Not
    listed (:class:`Described`): the derivation's words say what they are, the ones and
    the first layer's mask centred at rc; written out, four or five 5 x 5 matrices a
    result, which the reader reads off the mask shown once."""
    return described((Let(sp.MatrixSymbol("J", SIZE, SIZE), ONES),
                      *(Let(sp.MatrixSymbol(f"R_{h[0]}{h[1]}", SIZE, SIZE), reads(first, h))
                        for h in hidden_pixels(second))))


#: The masks by name, as 3 x 3 matrices of the taps each keeps: stated once, in the first
#: result of the section (question Q4.1), which the others refer to.
MASK_NAMES = {name: sp.MatrixSymbol(f"M_{name}", 3, 3) for name in MASKS}
FIRST = "Q4.1"


def masks_stated() -> tuple[str | sp.Basic, ...]:
    """The claim's words that define the two masks (the first result's)."""
    return ("The seed's masks keep the kernel taps marked 1: ",
            Let(MASK_NAMES["A"], sp.ImmutableMatrix(MASKS["A"])), " and ",
            Let(MASK_NAMES["B"], sp.ImmutableMatrix(MASKS["B"])), ". ")


#: The receptive fields worked out by hand (rows 1..5 of the 5x5 map; 1 = in the field).
#: These are the claims; the derivation and the confirmations check them.
HAND = {
    "AA": [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0], [0] * 5, [0] * 5],
    "AB": [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0], [1, 1, 0, 0, 0], [0] * 5, [0] * 5],
    "BA": [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0], [1, 1, 0, 0, 0], [0] * 5, [0] * 5],
    "BB": [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0], [1, 1, 1, 0, 0], [0] * 5, [0] * 5],
}

_EXPLAIN = {
    "AA": (
        "Mask A at both layers. Pixel 33 sees only pixels 11 to 15, 21 to 23 and 31. Three "
        "pixels that precede 33 in raster order are missing: 24 and 25 (the blind spot: each "
        "layer reaches at most one column to the right per row upwards, and A cannot stay on "
        "the same row without moving left) and even 32, its left neighbour, because A excludes "
        "the centre at both layers, so no path reaches one column left on the same row. The "
        "model is causal but loses information; mask A belongs only in the first layer."
    ),
    "AB": (
        "Mask A then mask B (the PixelCNN recipe). Pixel 33 sees 11 to 15, 21 to 24, 31 and "
        "32: causal (33 itself is excluded, so no leak), but 25 is a blind spot: reaching one "
        "row up and two columns right needs two steps to the right, and only the step into the "
        "row above may move right. The blind spot grows with depth (the stacked-mask triangle)."
    ),
    "BA": (
        "Mask B then mask A. The same field as A then B (11 to 15, 21 to 24, 31 and 32; 25 is "
        "the blind spot, 33 excluded): away from the border the field is pixel 33 plus the "
        "Minkowski sum of the two offset sets, which does not depend on the order."
    ),
    "BB": (
        "Mask B at both layers. Pixel 33 sees 11 to 15, 21 to 24 and 31 to 33: it sees itself, "
        "since the centre tap is kept at both layers. Autoregressive causality is broken (the "
        "model can copy the pixel it should predict), and 25 is still a blind spot."
    ),
}


def _article(mask: str) -> str:
    """The article before a mask's name as read aloud ("an A", "a B")."""
    return "an" if mask == "A" else "a"


def _make(first: str, second: str, question: str) -> Result:
    key = first + second
    claimed = sp.ImmutableMatrix(HAND[key])
    propagated = grid(propagate(first, second))
    answer = (
        f"Receptive field of output pixel 33 with mask {first} in layer 1 and mask {second} in "
        f"layer 2: the shaded pixels of the grid (the entries 1 of the claimed matrix). "
        f"{_EXPLAIN[key]}"
    )
    return Result(
        id=f"pixelcnn.receptive_field.{key}",
        title=f"Receptive field of pixel 33, masks {first} then {second}",
        sources=(Source(SEED, question),),
        statement=Statement(
            propagated, claimed, "==",
            (*(masks_stated() if question == FIRST else ()),
             f"The input pixels on which output pixel 33 depends after {_article(first)} "
             f"{first}-masked then {_article(second)} {second}-masked convolution with "
             "three-by-three kernels ",
             *(() if question == FIRST else (
                 "(the masks ", MASK_NAMES["A"], " and ", MASK_NAMES["B"],
                 f" of question {FIRST}) ")),
             "are the entries 1 of the matrix (the entry in row r and column c is pixel rc):")),
        derivations=(
            Derivation(
                union(first, second),
                (Step(claimed, "the entrywise products of the complements computed, and the "
                               "complement of the result"),),
                (f"dependency sets, layer by layer: through mask {second}, pixel 33 reads "
                 "the hidden pixels " + ", ".join(f"{r}{c}" for r, c in hidden_pixels(second))
                 + "; hidden pixel rc reads the input pixels marked in ", sp.Symbol("R_rc"),
                 ", the mask ", MASK_NAMES[first], " centred at rc; a pixel is outside the "
                 "field exactly when it is outside every one of them, and ", sp.Symbol("J"),
                 ", the matrix of ones, minus a grid is its complement"),
            ),
        ),
        legend=union_legend(first, second),
        answer=answer,
        domains={},
        # the conventions are the section's: said once, in its first result
        notes=(
            "Indices start at 1 and i is the kernel row, as in the seed; convolution is "
            "cross-correlation (no kernel flip), with one pixel of padding; the same holds "
            "in questions Q4.2 to Q4.4.",
        ) if question == FIRST else (),
    )


@register
def receptive_field_aa() -> Result:
    return _make("A", "A", "Q4.1")


@register
def receptive_field_ab() -> Result:
    return _make("A", "B", "Q4.2")


@register
def receptive_field_ba() -> Result:
    return _make("B", "A", "Q4.3")


@register
def receptive_field_bb() -> Result:
    return _make("B", "B", "Q4.4")
