"""The registry of experiments: a name maps to the function that runs it.

Experiments register themselves with :func:`register`, in the manner of
``torch.distributions.kl.register_kl``. :func:`load_all` imports the modules
that hold them, so that the dict is full before it is read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from probproof.numeric.experiments.context import RunContext

ExperimentFn = Callable[["RunContext"], dict[str, Any]]

#: name -> (function, one-line description)
EXPERIMENTS: dict[str, tuple[ExperimentFn, str]] = {}

# The modules whose import fills EXPERIMENTS.
_MODULES = ("em", "kde", "ebm", "vlb", "vae", "latent2d")


def register(name: str, description: str) -> Callable[[ExperimentFn], ExperimentFn]:
    """Register an experiment under ``name``.

    Parameters
    ----------
    name : str
        The name given to ``probproof run``.
    description : str
        One line for ``--help``.

    Returns
    -------
    decorator
        Returns the function unchanged, after recording it.
    """

    def decorator(fn: ExperimentFn) -> ExperimentFn:
        if name in EXPERIMENTS and EXPERIMENTS[name][0] is not fn:
            raise ValueError(f"experiment {name!r} registered twice")
        EXPERIMENTS[name] = (fn, description)
        return fn

    return decorator


def load_all() -> dict[str, tuple[ExperimentFn, str]]:
    """Import every experiment module and return the filled registry."""
    for module in _MODULES:
        importlib.import_module(f"probproof.numeric.experiments.{module}")
    return EXPERIMENTS
