"""Two repairs of SymPy's ``evalf``: a cap on the working precision it raises for a sum that
cancels, and the logarithm of an argument that rounds to 1.

**The cap.**
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

**The logarithm.** SymPy's ``evalf_log`` evaluates ``log(1 + a)`` from ``1 + a`` at the
working precision; where that is not exactly 1 it notices the cancellation and computes
``a`` accurately, but where ``a`` is below the precision (1e-40 at 30 digits) ``1 + a``
rounds to 1 and the logarithm is 0 with full accuracy claimed. ``(x - log(1 + x))/x**2``,
1/2 near 0, was evaluated as ``1/x`` (1e60 at x = 1e-60), and ``< 1`` was refuted. Here
such a 0 is computed again from ``a = arg - 1``, whose sum SymPy does evaluate to its
relative accuracy.

Imported by the modules that build expressions (``vocabulary``, ``result``).
"""

from __future__ import annotations

from mpmath.libmp import fone, fzero, mpf_add, mpf_log
from sympy.core import evalf as _evalf
from sympy.core.add import Add
from sympy.core.numbers import S
from sympy.functions.elementary.exponential import log

_sympy_evalf_log = _evalf.evalf_log
#: Most bits past the target that the logarithm's rescue may cancel (see ``_evalf_log``).
LOG_RESCUE_BITS = 2400
#: Fewest correct bits of ``arg - 1`` that the rescue takes for a value.
RESCUE_MIN_BITS = 10


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


def _evalf_log(expr: log, prec: int, options: dict):
    out = _sympy_evalf_log(expr, prec, options)
    if (len(expr.args) != 1 or not isinstance(out, tuple) or out[0] not in (None, fzero)
            or out[1] is not None or expr.args[0] == S.One):
        return out
    # A 0 from an argument that is not 1: it rounded to 1 (see the module's docstring).
    # (arg - 1 evaluated: the 1 of 1 + a cancels exactly, before any rounding; and with
    # bits enough for an a as small as the square of the smallest float, 2**-2148, where
    # 1 + a is a sum that cancels, such as sqrt(1 + a**2) + a)
    rescue = {**options, "maxprec": max(options.get("maxprec", _evalf.DEFAULT_MAXPREC),
                                        LOG_RESCUE_BITS)}
    d_re, d_im, d_acc, _ = _evalf.evalf(expr.args[0] - S.One, prec, rescue)
    if (d_im or _evalf.iszero(d_re) or _evalf.iszero(d_re, scaled=True) or d_acc is None
            or d_acc < RESCUE_MIN_BITS):
        # arg - 1 is 0 to its accuracy (cos(t)**2 + sin(t)**2 - 1 comes back as 2**-2774
        # with 0 bits right), or complex: SymPy's answer stands
        return out
    work = prec + 10 - _evalf.fastlog(d_re)  # enough bits to hold 1 + a exactly
    re = mpf_log(mpf_add(d_re, fone, work), prec, _evalf.rnd)
    return re, None, prec if d_acc is None else min(prec, d_acc), None


def _install() -> None:
    if not _evalf.evalf_table:
        _evalf._create_evalf_table()
    _evalf.evalf_table[Add] = _evalf_add
    _evalf.evalf_add = _evalf_add
    _evalf.evalf_table[log] = _evalf_log


_install()
