"""No sign for a closed number whose two-digit evaluation rounds to 0 or to infinity.

SymPy (1.14) decides ``is_positive`` and ``is_negative`` of a closed number expression
(``Expr._eval_is_extended_positive_negative``) from the expression evaluated to two
digits. A function without an evaluation rule of its own (``loggamma``, ``acosh``, ...)
is evaluated by ``Function._eval_evalf``, which first rounds its arguments to that
precision: ``loggamma(2 + 5e-7)`` becomes ``loggamma(2)``, an exact ``Zero``, which the
check takes for the value. The number is then neither positive nor negative, hence zero,
and every automatic simplification acts on it: ``exp(loggamma(4000001/2000000))`` is
built as 1 (it is 1 + 2.1e-7), ``exp(loggamma(1 + a)) == gamma(1 + a)`` was refuted at
``a = 2e-8`` (both witnesses evaluate the same wrongly simplified expression), and the
Fisher-Snedecor density at ``df1 = 1e-6`` lost its factor ``exp(loggamma(2 + 5e-7))``.
The same rounding sends ``atanh(1 - 2e-9)`` to ``atanh(1) = oo``, which the check finds
neither positive nor negative either: zero again, and the continuous Bernoulli density at
``probs = 1e-9`` (``log(atanh(1 - 2 probs)/(1 - 2 probs))``) was built as ``zoo``.

Here a number that is not a literal and whose two-digit value is an exact zero or not
finite has no sign known (``None``), so ``is_zero`` stays unknown and nothing is
simplified away. An exact zero or infinity that SymPy recognises as one is built as such
in the first place (``loggamma(2)``, ``sqrt(2) - sqrt(2)``, ``atanh(1)``), so this loses
no simplification that SymPy made by construction. Patched in place for the same reason as
``_sympy_order``: the query is made inside SymPy, on SymPy's own classes.

Imported by the modules that build expressions (``vocabulary``, ``result``).
"""

from __future__ import annotations

from sympy.core.expr import Expr

_sign_from_two_digits = Expr._eval_is_extended_positive_negative


def _sign_unless_rounded_to_zero(self: Expr, positive: bool) -> bool | None:
    sign = _sign_from_two_digits(self, positive)
    # Only a "no" can be the rounded zero's (True needs a nonzero value of that sign):
    # the value is looked at again only then, which keeps the cost of the many
    # queries SymPy answers "yes" to.
    if sign is False and self.is_number and not self.is_Number:
        try:
            rough = self.evalf(2)  # the value SymPy's check decided on
        except ValueError:
            return None
        if rough.is_Number and (not rough or not rough.is_finite):
            return None
    return sign


Expr._eval_is_extended_positive_negative = _sign_unless_rounded_to_zero  # type: ignore[method-assign]
