"""The tolerance rule of the numeric checkers. It lives in :mod:`probproof.numeric.tolerance`
so that the catalog's confirmations (in ``numeric``, which may not import ``checks``) use
the same z and the same formula; this module re-exports it for the checkers."""

from probproof.numeric.tolerance import (
    AGREE,
    ALPHA_PER_COMPARISON,
    DISAGREE,
    MAX_COMPARISONS,
    RESOLUTION,
    TIE,
    Comparison,
    Z,
    compare,
    tolerance,
)

__all__ = [
    "AGREE",
    "ALPHA_PER_COMPARISON",
    "DISAGREE",
    "MAX_COMPARISONS",
    "RESOLUTION",
    "TIE",
    "Comparison",
    "Z",
    "compare",
    "tolerance",
]
