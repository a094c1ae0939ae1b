"""Remember what a symbolic function of one expression returned, or raised.

The steps of a derivation share their sides (a step's right side is the next one's
left) and most of their sub-expressions, so the symbolic checker reduces and rewrites
the same expressions again and again; :func:`remembered` does each once per process.
Only a call that finished is stored: a time limit that interrupts one stores nothing.
Keys are compared with SymPy's ``==``, which tells apart symbols with different
assumptions and ``2`` from ``2.0``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import sympy as sp

F = TypeVar("F", bound=Callable[[Any], Any])


def remembered(*remembered_errors: type[Exception], size: int = 4096) -> Callable[[F], F]:
    """Decorate ``f(expr)``: each SymPy expression (hashable, not an atom) is computed
    once; an exception of one of ``remembered_errors`` is remembered too, and
    raised again as a fresh copy. The oldest entries go first past ``size``."""

    def decorate(f: F) -> F:
        store: dict[sp.Basic, Any] = {}

        @functools.wraps(f)
        def wrapper(expr: Any) -> Any:
            if not isinstance(expr, sp.Basic) or expr.is_Atom:
                return f(expr)
            try:
                hit = store[expr]
            except TypeError:  # unhashable (a mutable matrix)
                return f(expr)
            except KeyError:
                try:
                    hit = f(expr)
                except remembered_errors as exc:
                    hit = exc
                if len(store) >= size:
                    del store[next(iter(store))]
                store[expr] = hit
            if isinstance(hit, remembered_errors):
                raise type(hit)(*hit.args)
            return hit

        wrapper.cache_clear = store.clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
