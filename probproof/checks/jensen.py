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
  pointwise by the finite form or the mean over a range (same bound variables up to
  renaming, same distributions: the mean of the logs of K draws' weights under
  ``IID(q, K)`` is below the log of their mean);
* **mean over a range**: ``(1/N) sum_{k=a}^{b} log(t_k) <= log((1/N) sum_{k=a}^{b} t_k)``
  for ``t_k > 0`` and ``N = b - a + 1 >= 1`` terms, ``b`` a symbol (a constant factor
  ``w`` inside the logarithm is read as ``t_k = w N x_k``);
* **mean over an interval**: ``(1/L) integral_a^b log(t(s)) ds <= log((1/L)
  integral_a^b t(s) ds)`` for ``t > 0`` on a finite interval of length ``L > 0``, where
  the left side is given in closed form: SymPy integrates ``log t`` (only when it is a
  polynomial in ``s``, ``sin s`` and ``cos s``) and the two must agree exactly.

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
    return (_finite(small, big) or _expectation(small, big) or _monotone(small, big)
            or _mean_over_range(small, big) or _mean_over_interval(small, big))


def _finite(small: sp.Basic, big: sp.Basic) -> bool:
    if not isinstance(big, sp.log):
        return False
    terms = sp.Add.make_args(sp.expand_mul(big.args[0], deep=False))
    if len(terms) < 2 or not all(_positive(t) for t in terms):
        return False
    return any(is_zero(small - sp.Add(*[w * sp.log(t / w)
                                        for w, t in zip(weights, terms, strict=True)]))
               for weights in _weights(terms))


def _one_operator(e: sp.Basic, kind: type) -> tuple[sp.Basic, sp.Basic] | None:
    """``(w, op)`` when ``e = w * op`` with ``op`` the only factor of type ``kind`` and
    ``op`` of one variable; factors of its body free of that variable move into ``w``
    (linearity, which holds for finite sums and for integrals alike)."""
    factors = sp.Mul.make_args(e)
    ops = [f for f in factors if isinstance(f, kind)]
    if len(ops) != 1 or len(ops[0].limits) != 1 or len(ops[0].limits[0]) != 3:
        return None
    (op,) = ops
    v = op.limits[0][0]
    const, dep = op.function.as_independent(v, as_Add=False)
    w = sp.Mul(*[f for f in factors if f is not op]) * const
    if w.has(v):
        return None
    return w, kind(dep, op.limits[0])


def _mean_over_range(small: sp.Basic, big: sp.Basic) -> bool:
    if not isinstance(big, sp.log):
        return False
    outer, inner = _one_operator(big.args[0], sp.Sum), _one_operator(small, sp.Sum)
    if outer is None or inner is None:
        return False
    (w, total), (v, mean_of) = outer, inner
    k, a, b = total.limits[0]
    j, a2, b2 = mean_of.limits[0]
    n = b - a + 1
    # A range that runs downwards is a negative sum by SymPy's convention: never here.
    if (a, b) != (a2, b2) or not (a.is_integer is True and b.is_integer is True
                                  and n.is_positive is True):
        return False
    if j != k and mean_of.function.has(k):
        return False  # renaming j to k would capture a free k
    g = mean_of.function.xreplace({j: k})
    t = w * n * total.function
    # small = sum_k (1/n) (v n g_k): the mean of v n g_k, which must be log(t_k).
    return _positive(t) and is_zero(v * n * g - sp.log(t))


def _mean_over_interval(small: sp.Basic, big: sp.Basic) -> bool:
    if not isinstance(big, sp.log) or small.has(sp.Integral):
        return False
    outer = _one_operator(big.args[0], sp.Integral)
    if outer is None:
        return False
    w, integral = outer
    s, a, b = integral.limits[0]
    length = b - a
    if not (length.is_positive is True and a.is_finite is True and b.is_finite is True):
        return False
    t = w * length * integral.function
    # Positive for every real s is more than the interval needs, and what SymPy can tell.
    if not _positive(t.xreplace({s: sp.Dummy("s", real=True)})):
        return False
    log_t = sp.expand(sp.expand_log(sp.log(t), force=False))
    if log_t.has(sp.log) and any(n.has(s) for n in log_t.atoms(sp.log)):
        return False
    sin, cos = sp.Dummy(), sp.Dummy()
    plain = log_t.xreplace({sp.sin(s): sin, sp.cos(s): cos})
    if not plain.is_polynomial(s, sin, cos) or plain.has(sp.sin(s), sp.cos(s)):
        return False
    mean = sp.integrate(log_t, (s, a, b)) / length
    return not mean.has(sp.Integral) and is_zero(small - mean)


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
    return inner is not None and (_finite(inner, big.body)
                                  or _mean_over_range(inner, big.body))


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

