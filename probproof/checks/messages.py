"""One plain line for an exception that reaches a user as a reason.

Raw exception names ("ZeroDivisionError", "MemoryError") and library messages
("ufunc 'isinf' not supported for the input types ...") say nothing to the
author of a claim; :func:`plain_reason` says what happened in the claim's terms.
"""

from __future__ import annotations

#: Longest reason kept (a library message can quote a whole expression).
MAX_REASON = 160

_PLAIN: tuple[tuple[type[BaseException], str], ...] = (
    (ZeroDivisionError, "division by zero"),
    (OverflowError, "a number too large to represent"),
    (FloatingPointError, "a floating-point error (overflow or an undefined value)"),
    (MemoryError, "memory limit reached"),
    (RecursionError, "expression nested too deeply"),
)


def plain_reason(exc: BaseException) -> str:
    """A one-line reason for ``exc``, without its type's name where that is all it says.

    Examples
    --------
    >>> plain_reason(ZeroDivisionError())
    'division by zero'
    >>> plain_reason(ValueError("bad\\nthings"))
    'bad'
    """
    for kind, words in _PLAIN:
        if isinstance(exc, kind):
            return words
    if isinstance(exc, KeyError) and exc.args:
        # An evaluator's table has no rule for a SymPy class: name what it stands for.
        key = str(exc.args[0])
        if key in ("ComplexInfinity", "NaN", "zoo", "nan"):
            return "an undefined value (a division by zero or an infinite one)"
        return f"could not be evaluated (no numeric rule for {key[:60]})"
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    if "ufunc" in first or "could not convert" in first or "can't convert" in first or (
            "Cannot convert" in first):
        return "a value that is not a real number (symbolic, complex or undefined)"
    if not first:
        return f"could not be evaluated ({type(exc).__name__})"
    return first if len(first) <= MAX_REASON else first[:MAX_REASON - 3] + "..."
