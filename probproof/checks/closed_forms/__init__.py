"""Closed forms of the functionals: a registry filled by decorators, one small function
per family (or pair), the formula in its docstring.

Modelled on ``torch/distributions/kl.py``. The symbolic checker uses these to reduce
``KL``, ``H``, ``CrossEntropy``, ``cdf`` and the expectations of ``x``, ``x**2``,
``log(x)`` and ``exp(t*x)``; the numeric layer never does (it integrates the
definitions), so a wrong entry here is caught by the spot check that follows every
proof. An entry returns ``None`` where it cannot decide (a moment that exists only for
some parameters, say, when those are symbolic); a moment that diverges to +oo on part of
the parameter space is a ``Piecewise`` with ``oo`` there, never a finite value.

Submodules: :mod:`.registry` (the tables and look-ups), :mod:`.moments` (mean,
variance, entropy, E[log x], moment generating function and cdf of each family) and
:mod:`.kl` (KL divergences between families).
"""

from probproof.checks.closed_forms import discrete_cdfs as _discrete_cdfs  # noqa: F401
from probproof.checks.closed_forms import kl as _kl  # noqa: F401  (fills the tables)
from probproof.checks.closed_forms import moments as _moments  # noqa: F401
from probproof.checks.closed_forms.registry import (
    MOMENTS,
    cdf_closed_form,
    entropy_closed_form,
    expectation_closed_form,
    kl_closed_form,
    kl_pairs,
    moment_closed_form,
    register_entropy,
    register_kl,
    register_moment,
)

__all__ = ["MOMENTS", "cdf_closed_form", "entropy_closed_form", "expectation_closed_form",
           "kl_closed_form", "kl_pairs", "moment_closed_form", "register_entropy",
           "register_kl", "register_moment"]
