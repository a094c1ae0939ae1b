"""SymPy's assumption queries in a fixed order.

SymPy (1.12 and later) shuffles the facts it tries when a query such as ``is_positive``
is not answered by the object's own handler (``sympy.core.assumptions._ask``), with a
random generator that is not seeded. Its comment says why: the order must not matter if
every handler is consistent with the inference rules, and a random one exposes the
handlers that are not. For a verifier the other side weighs more: the same claim must
take the same path on every run, so that a verdict, its time and its message are
reproducible. The shuffle also took about a tenth of the CPU time of the catalog's
steps (``random.shuffle`` on every query of a new expression), so the facts are tried
in SymPy's own order, the one its rules list them in.

Imported by the modules that build expressions (`vocabulary`, `result`), which every
layer above uses.
"""

from __future__ import annotations

import importlib

# ``import sympy.core.assumptions as m`` would give the function ``assumptions`` that
# ``sympy.core`` exports under the module's name.
_assumptions = importlib.import_module("sympy.core.assumptions")


def _keep_order(facts: list) -> None:
    """In place of ``random.shuffle``: leave the list as SymPy built it."""


_assumptions.shuffle = _keep_order
