"""Whether an expression is identically 0: the zero test of the symbolic proofs.

SymPy's ``simplify`` alone misses differences that only cancel once logarithms of
products are split (``log(a b) - log a - log b`` with positive ``a, b``), and is slow
where plain expansion already gives 0; the steps go from cheap to thorough. A ``True``
is always right; a ``False`` only means that none of the steps found the 0.

Example
-------
>>> import sympy as sp
>>> a, b = sp.symbols("a b", positive=True)
>>> is_zero(sp.log(a * b) - sp.log(a) - sp.log(b))
True
>>> is_zero(sp.log(a + b) - sp.log(a) - sp.log(b))
False
"""

from __future__ import annotations

import sympy as sp


def is_zero(e: sp.Basic) -> bool:
    """Whether ``e`` (a scalar or a matrix, entry by entry) is identically 0."""
    if isinstance(e, sp.MatrixBase):
        return all(is_zero(x) for x in e)
    if e == 0:
        return True
    for step in (sp.expand, _log_expand, sp.simplify, lambda z: sp.simplify(_log_expand(z))):
        if step(e) == 0:
            return True
    return False


def _log_expand(e: sp.Basic) -> sp.Basic:
    return sp.expand(sp.expand_log(e, force=False))
