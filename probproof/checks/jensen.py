"""Inequalities that hold by the concavity of log (Jensen's inequality), by their form.

SymPy decides the sign of a difference only when its assumptions system can, and
``log((a + b)/2) - (log a + log b)/2`` is beyond it; expectations of such
expressions are beyond its integrator too, so the catalog's Jensen steps could only
be confirmed by sampling. :func:`below` recognises the three forms in which the
derivations of the problem sets use the inequality, and proves nothing else:

* **finite**: ``sum_k w_k log(t_k / w_k) <= log(sum_k t_k)`` for terms ``t_k > 0`` and
  numbers ``w_k > 0`` with ``sum_k w_k = 1`` (the weights tried are the uniform ones
  and those proportional to the numeric coefficients of the terms);
* **expectation**: ``E_D[log f] <= log E_D[f]`` for ``f > 0``; when ``E_D[f]`` is
  infinite the right side is ``+oo`` and the inequality still holds;
* **monotonicity of expectation**: ``E_D[g] <= E_D[f]`` when ``g <= f`` holds
  pointwise by one of these forms (same bound variables up to renaming, same
  distributions).

"Positive" means that SymPy's assumptions say so (``t.is_positive is True``, with the
densities written out): a term
whose sign SymPy cannot tell makes the rule not apply, never a false proof. Equality
in Jensen's inequality is possible, so strict inequalities are never proved here.

Example
-------
>>> import sympy as sp
>>> a, b = sp.symbols("a b", positive=True)
>>> below((sp.log(a) + sp.log(b)) / 2, sp.log((a + b) / 2))
True
>>> below(sp.log((a + b) / 2), (sp.log(a) + sp.log(b)) / 2)
False
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from probproof.checks.zero import is_zero
from probproof.derivations import vocabulary as V


def below(small: sp.Basic, big: sp.Basic) -> bool:
    """Whether ``small <= big`` by one of the forms of the module docstring."""
    return _finite(small, big) or _expectation(small, big) or _monotone(small, big)


def _finite(small: sp.Basic, big: sp.Basic) -> bool:
    if not isinstance(big, sp.log):
        return False
    terms = sp.Add.make_args(sp.expand_mul(big.args[0], deep=False))
    if len(terms) < 2 or not all(_positive(t) for t in terms):
        return False
    return any(is_zero(small - sp.Add(*[w * sp.log(t / w)
                                        for w, t in zip(weights, terms, strict=True)]))
               for weights in _weights(terms))


def _weights(terms: tuple[sp.Basic, ...]) -> Iterator[list[sp.Basic]]:
    yield [sp.Rational(1, len(terms))] * len(terms)
    coefficients = [t.as_coeff_Mul()[0] for t in terms]
    if all(c.is_positive for c in coefficients) and len(set(coefficients)) > 1:
        total = sp.Add(*coefficients)
        yield [c / total for c in coefficients]


def _expectation(small: sp.Basic, big: sp.Basic) -> bool:
    if not (isinstance(big, sp.log) and isinstance(big.args[0], V.Expect)
            and isinstance(small, V.Expect)):
        return False
    outer = big.args[0]
    inner = _renamed_like(small, outer)
    return (inner is not None and _positive(outer.body)
            and is_zero(inner - sp.log(outer.body)))


def _monotone(small: sp.Basic, big: sp.Basic) -> bool:
    if not (isinstance(small, V.Expect) and isinstance(big, V.Expect)):
        return False
    inner = _renamed_like(small, big)
    return inner is not None and _finite(inner, big.body)


def _renamed_like(e: V.Expect, like: V.Expect) -> sp.Basic | None:
    """The body of ``e`` with its bound variables renamed to those of ``like``; ``None``
    unless both take the same distributions in the same order (and the renaming captures
    no free symbol of ``e``)."""
    if e.distributions != like.distributions:
        return None
    if e.body.free_symbols & (set(like.variables) - set(e.variables)):
        return None
    return e.body.xreplace(dict(zip(e.variables, like.variables, strict=True)))


def _positive(e: sp.Basic) -> bool:
    # pdf(P, x) is an opaque function to SymPy's assumptions; its formula is not.
    return V.explicit_densities(e).is_positive is True

