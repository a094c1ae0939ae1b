"""Laws in the text's vector notation, for print only: not part of the claim language.

A derivation checks a normal density with its coordinates written out
(``MvNormal([mu_{k,1}, mu_{k,2}], I_2)`` at ``(x_1, x_2)``); the key prints it as the
field writes it, ``N(x; mu_k, I_2)``, through a legend entry whose name is the density
of a :class:`VectorNormal` (see ``probproof.reports.legend``).
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations.vocabulary import Distribution

#: The identity covariance of the plane, as the key prints it (``MvNormal``'s ``I_2``).
I_2 = sp.Symbol("I_2")


class VectorNormal(Distribution):
    """``N(mu, Sigma)`` with a mean vector and a covariance given by name (``mu_k``,
    ``s I_2``): notation for a normal law whose coordinates a legend names, never
    evaluated (it has no density formula)."""

    nparams = 2
    param_names = ("mean", "cov")
    #: printed with the normal family's letter, as MvNormal is
    short_name = "Normal"

    @property
    def dim(self) -> int:
        raise TypeError("VectorNormal is notation: its dimension is not known")

    def _latex(self, printer) -> str:
        mean, cov = (printer._print(a) for a in self.args)
        return rf"\mathcal{{N}}\left({mean}, {cov}\right)"
