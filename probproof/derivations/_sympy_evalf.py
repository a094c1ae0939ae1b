"""A cap on the working precision SymPy's ``evalf`` raises for a sum that cancels.

SymPy (1.14) evaluates a sum (``evalf_add``) and, where its terms cancel, evaluates them
again with as many more bits as were lost, then stops once it is ``maxprec`` bits past the
target. The increase is taken in one step and the stop is tested only before the next
one: ``1 + erf(-707106.78)`` (a normal law's tail at a million standard deviations,
``m (1 + erf(m/(s sqrt 2)))/2`` at ``m = -1e6``, ``s = 1``) loses about 7e11 bits, and
the next round asked mpmath for ``sqrt(2)`` to 7e11 bits: a ``MemoryError`` (or
``OverflowError: too many digits in integer``), reported as "memory limit reached", and
the true claim ``E[max(x, 0)] == ...`` over a normal law was undecided.

Here one step never takes the precision past the target plus ``maxprec`` (SymPy's own
limit, 333 bits by default), after which SymPy's loop stops as it always did and the sum
comes back with the accuracy it reached; the numeric layer turns that accuracy into an
error bound. Patched in place for the same reason as ``_sympy_order``: the loop is inside
SymPy, called by SymPy's own ``evalf`` of every sum.

Imported by the modules that build expressions (``vocabulary``, ``result``).
"""

from __future__ import annotations

from sympy.core import evalf as _evalf
from sympy.core.add import Add
from sympy.core.numbers import S


def _evalf_add(v: Add, prec: int, options: dict):
    # SymPy 1.14's evalf_add, but for the marked line.
    res = _evalf.pure_complex(v)
    if res:
        h, c = res
        re, _, re_acc, _ = _evalf.evalf(h, prec, options)
        im, _, im_acc, _ = _evalf.evalf(c, prec, options)
        return re, im, re_acc, im_acc

    oldmaxprec = options.get("maxprec", _evalf.DEFAULT_MAXPREC)

    i = 0
    target_prec = prec
    while 1:
        options["maxprec"] = min(oldmaxprec, 2 * prec)

        terms = [_evalf.evalf(arg, prec + 10, options) for arg in v.args]
        n = terms.count(S.ComplexInfinity)
        if n >= 2:
            return _evalf.fnan, None, prec, None
        re, re_acc = _evalf.add_terms(
            [a[0::2] for a in terms if isinstance(a, tuple) and a[0]], prec, target_prec)
        im, im_acc = _evalf.add_terms(
            [a[1::2] for a in terms if isinstance(a, tuple) and a[1]], prec, target_prec)
        if n == 1:
            if re in (_evalf.finf, _evalf.fninf, _evalf.fnan) or im in (
                    _evalf.finf, _evalf.fninf, _evalf.fnan):
                return _evalf.fnan, None, prec, None
            return S.ComplexInfinity
        acc = _evalf.complex_accuracy((re, im, re_acc, im_acc))
        if acc >= target_prec:
            break
        if (prec - target_prec) > options["maxprec"]:
            break
        # the marked line: SymPy adds target_prec - acc bits at once, unbounded
        prec = min(prec + max(10 + 2**i, target_prec - acc),
                   target_prec + options["maxprec"] + 1)
        i += 1

    options["maxprec"] = oldmaxprec
    if _evalf.iszero(re, scaled=True):
        re = _evalf.scaled_zero(re)
    if _evalf.iszero(im, scaled=True):
        im = _evalf.scaled_zero(im)
    return re, im, re_acc, im_acc


def _install() -> None:
    if not _evalf.evalf_table:
        _evalf._create_evalf_table()
    _evalf.evalf_table[Add] = _evalf_add
    _evalf.evalf_add = _evalf_add


_install()
