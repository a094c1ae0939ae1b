"""The energy-based model of seed 000, 1.4-1.7, shared by ``ebm.*`` (``ebm.py``) and
``is.*`` (``is_.py``); not a topic module.

The energy is a small neural network in 2-D (one tanh unit) plus a quartic confinement
to the circle of radius 10 where the data of 1.1 live:

    E(x) = v tanh(a1 x1 + a2 x2 + c) - (x1^2 + x2^2 - 100)^2 / 800,

with A(theta) = log of the integral of exp(E) over R^2 and p_theta = exp(E - A). The base
measure q of the importance sampler is the K = 10, R = 10 mixture of 1.1.
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations import gmm
from probproof.derivations.result import Let

v, a1, a2, c = sp.symbols("v a1 a2 c", real=True)
x1, x2 = sp.symbols("x1 x2", real=True)
y = sp.symbols("y11 y12 y21 y22", real=True)
X = sp.Symbol("X")  # bound variable of the expectations over q (a point of R^2)
Xi = sp.IndexedBase(X)
PARAMS = {"v": "real", "a1": "real", "a2": "real", "c": "real"}
WHOLE = ((x1, -sp.oo, sp.oo), (x2, -sp.oo, sp.oo))


def energy(z1, z2):
    return v * sp.tanh(a1 * z1 + a2 * z2 + c) - (z1**2 + z2**2 - 100) ** 2 / 800


def integral(f):
    return sp.Integral(f, *WHOLE)


def q_mixture():
    """The base measure q: the ring mixture of 1.1 with R = 10."""
    return gmm.mixture().xreplace({gmm.R: sp.Integer(10)})


E = energy(x1, x2)
A = sp.log(integral(sp.exp(E)))
dE = sp.diff(E, a1)

#: Names for print (a result's legend): the energy and its derivative at any point, and
#: the log-partition function; written out, they fill the width of a line each time.
E_NAME = sp.Function("E_theta")
LEGEND = (Let(E_NAME(x1, x2), E), Let(sp.Derivative(E_NAME(x1, x2), a1), dE),
          Let(sp.Function("A")(sp.Symbol("theta")), A))
