"""Derivations of the seed problems, in SymPy only (no numpy, torch or checks here).

Each topic module registers its results with :func:`result.register`;
:func:`load_all` imports every topic module, so adding a topic is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil

#: The claim language's modules and the data model: no results. Every other module
#: without a leading underscore is a topic, holding the results whose ids start with
#: its name (``kl.py``: ``kl.*``; ``is_.py``: ``is.*``, see :func:`result.topic`).
_NOT_TOPICS = {"vocabulary", "result", "notation", "divergences", "factors", "families",
               "transforms"}


def load_all() -> dict:
    """Import every topic module and return the registry ``id -> Result``."""
    from probproof.derivations.result import RESULTS

    for info in pkgutil.iter_modules(__path__):
        if info.name not in _NOT_TOPICS and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return RESULTS
