"""The structural identities of integrals: each accepted form and the slips next to it.

``same_value`` only ever says "equal"; a slip must come back ``False`` (so that the
engine goes on to the numeric search), never ``True``.
"""

from __future__ import annotations

import pytest
import sympy as sp
from sympy.core.containers import Tuple

from probproof.checks import integral_algebra as IA
from probproof.checks.engine import check_relation
from probproof.derivations.vocabulary import Expect, Mixture, MvNormal, Normal, Uniform, pdf

x, y, t = sp.symbols("x y t", real=True)
a, c = sp.symbols("a c", real=True)
s = sp.Symbol("s", positive=True)
R = (-sp.oo, sp.oo)
f = sp.exp(a * sp.tanh(x) - x**2 / 2)  # no antiderivative: SymPy's integrate gives up
Ix = sp.Integral(f, (x, *R))
Iy = sp.Integral(f.subs(x, y), (y, *R))
X = sp.Symbol("X")
Xi = sp.IndexedBase(X)
Q2 = Mixture([sp.Rational(1, 2), sp.Rational(1, 2)],
             [MvNormal([1, 0], [[1, 0], [0, 1]]), MvNormal([-1, 0], [[1, 0], [0, 2]])])
g2 = sp.exp(a * sp.tanh(Xi[0] + Xi[1]) - Xi[0] ** 2 - Xi[1] ** 2)
G2 = sp.Integral(g2.xreplace({Xi[0]: x, Xi[1]: y}), (x, *R), (y, *R))


TRUE = {
    "rename the bound variable": (Ix, Iy),
    "take a constant out": (sp.Integral(c * f, (x, *R)), c * Ix),
    "a normaliser in the exponent": (sp.Integral(sp.exp(a * sp.tanh(x) - x**2 / 2 - sp.log(Iy)),
                                                 (x, *R)), sp.S.One),
    "Leibniz": (sp.Derivative(sp.log(Ix), a), sp.Integral(sp.tanh(x) * f, (x, *R)) / Ix),
    "E_q[g/q] in 1-D": (Expect(f / pdf(Normal(c, s), x), x, Normal(c, s)), Ix),
    "E_q[g/q] over a bounded support": (
        Expect(x / pdf(Uniform(0, 1), x), x, Uniform(0, 1)), sp.Integral(y, (y, 0, 1))),
    "E_q[g/q] over a 2-D mixture": (Expect(g2 / pdf(Q2, Tuple(Xi[0], Xi[1])), X, Q2), G2),
}

WRONG = {
    "sign flip": (sp.Integral(c * f, (x, *R)), -c * Ix),
    "missing factor 2": (sp.Integral(2 * c * f, (x, *R)), c * Ix),
    "other limits": (Ix, sp.Integral(f, (x, 0, sp.oo))),
    "a factor that depends on x is not a constant": (sp.Integral(x * f, (x, *R)), x * Ix),
    "Leibniz with the derivative of the wrong factor": (
        sp.Derivative(sp.log(Ix), a), sp.Integral(sp.tanh(x) * f, (x, *R))),
    "E_q[g] is not the integral of g": (Expect(f, x, Normal(c, s)), Ix),
    "E_q[g/q] over a bounded support is not over the line": (
        Expect(x / pdf(Uniform(0, 1), x), x, Uniform(0, 1)), sp.Integral(y, (y, -1, 1))),
    "the other mixture's density": (
        Expect(g2 / pdf(Q2, Tuple(Xi[0], Xi[1])), X,
               Mixture([sp.Rational(1, 3), sp.Rational(2, 3)], list(Q2.components))), G2),
}

#: Each part finite: merging by linearity is valid.
MERGEABLE = (Expect(x**2, x, Normal(c, s)) - Expect(sp.tanh(x), x, Normal(c, s)),
             Expect(x**2 - sp.tanh(x), x, Normal(c, s)))
#: log 2 on the left; infinity minus infinity on the right.
DIVERGENT = (sp.Integral(1 / x - 1 / (x + 1), (x, 1, sp.oo)),
             sp.Integral(1 / x, (x, 1, sp.oo)) - sp.Integral(1 / (x + 1), (x, 1, sp.oo)))


@pytest.mark.parametrize("name", TRUE)
def test_accepts(name):
    assert IA.same_value(*TRUE[name]) == IA.EXACT


@pytest.mark.parametrize("name", WRONG)
def test_rejects(name):
    assert IA.same_value(*WRONG[name]) is None


def test_merging_by_linearity_is_marked_as_such():
    assert IA.same_value(*MERGEABLE) == IA.MERGED
    assert IA.same_value(*DIVERGENT) == IA.MERGED


def test_a_merged_identity_is_proved_only_where_the_integrals_are_finite():
    doms = {"c": "interval(-2, 2)", "s": "interval(1/2, 2)"}
    finite = check_relation(*MERGEABLE, "==", doms, timeout=20)
    assert str(finite.status) == "proved" and "linearity" in finite.message
    divergent = check_relation(*DIVERGENT, "==", {}, timeout=10)
    assert str(divergent.status) not in ("proved", "confirmed")


def test_discrete_expectations_are_left_to_the_other_checkers():
    from probproof.derivations.vocabulary import Bernoulli

    with pytest.raises(IA.NotStructural):
        IA.same_value(Expect(x, x, Bernoulli(sp.Rational(1, 3))), sp.Rational(1, 3))


def test_engine_proves_quickly_and_refutes_the_slip():
    """Through the engine: the identity is proved (SymPy's integrate alone gives up on it),
    whole limit on it), and the slip is refuted by the numeric search."""
    doms = {"a": "interval(-2, 2)", "c": "interval(-2, 2)"}
    good = check_relation(sp.Integral(c * f, (x, *R)), c * Ix, "==", doms, timeout=20)
    assert str(good.status) == "proved"
    bad = check_relation(sp.Integral(2 * c * f, (x, *R)), c * Ix, "==", doms, timeout=20)
    assert str(bad.status) == "refuted"


def test_clearly_nonzero_is_never_said_of_an_identity():
    """The shortcut that spares SymPy's simplify on a difference that is visibly not 0:
    it must never call 0 nonzero (that would lose a proof), whatever its assumptions."""
    p, q = sp.symbols("p q", positive=True)
    n = sp.Symbol("n", integer=True, positive=True)
    I_ = sp.Dummy("I")
    zeros = [p * (sp.log(p * q) - sp.log(p) - sp.log(q)),
             sp.exp(1000 * p) * (sp.log(p * q) - sp.log(p) - sp.log(q)),
             sp.sqrt(p**2) - p, sp.sin(t)**2 + sp.cos(t)**2 - 1,
             I_ * (sp.exp(t)**2 - sp.exp(2 * t)), sp.gamma(n + 1) - n * sp.gamma(n),
             sp.Abs(s) - s]
    for z in zeros:
        assert not IA._clearly_nonzero(z), z
    nonzeros = [sp.exp(-(t - p)**2) - sp.exp(-(t - q)**2), I_ + I_,
                sp.sin(t)**2 + sp.cos(t)**2 - 1 + p / 1000, sp.sqrt(t**2) - t - 1]
    for z in nonzeros:
        assert IA._clearly_nonzero(z), z
    # assumptions that no probe value honours: no judgement
    m, z = sp.Symbol("m", even=True), sp.Symbol("z", imaginary=True)
    assert not IA._clearly_nonzero(sp.Pow(-1, m, evaluate=False) - 1)
    assert not IA._clearly_nonzero(z**2 + sp.Abs(z)**2)


# ---------------------------------------------------------- finite sums out of integrals
i_, n_ = sp.symbols("i n", integer=True, positive=True)
mu_ = sp.IndexedBase("mu", real=True)
bump = sp.exp(-(x - mu_[i_]) ** 2 / (2 * s)) / sp.sqrt(2 * sp.pi * s)
KERNEL_MEAN = sp.Integral(sp.Sum(bump, (i_, 1, n_)) / n_, (x, *R))
KERNELS_OUT = sp.Sum(sp.Integral(bump, (x, *R)), (i_, 1, n_)) / n_


def test_a_finite_sum_comes_out_of_an_integral_as_a_merge():
    """``integral(sum_i f_i) = sum_i integral(f_i)`` for any n: valid only when each
    integral is finite, so it is MERGED (the engine needs finite values), never EXACT."""
    assert IA.same_value(KERNEL_MEAN, KERNELS_OUT) == IA.MERGED
    assert IA.same_value(sp.Integral(sp.Sum(bump, (i_, 1, 5)), (x, *R)),
                         sp.Sum(sp.Integral(bump, (x, *R)), (i_, 1, 5))) == IA.MERGED


@pytest.mark.parametrize("wrong", [
    pytest.param(sp.Sum(sp.Integral(bump, (x, *R)), (i_, 1, n_)), id="missing 1/n"),
    pytest.param(sp.Sum(sp.Integral(bump, (x, *R)), (i_, 0, n_)) / n_, id="off by one"),
    pytest.param(sp.Sum(sp.Integral(bump, (x, 0, sp.oo)), (i_, 1, n_)) / n_, id="half line"),
    pytest.param(sp.Integral(bump, (x, *R)), id="one term for all"),
])
def test_sums_out_of_integrals_rejects_the_slips(wrong):
    assert IA.same_value(KERNEL_MEAN, wrong) is None


def test_an_integral_that_depends_on_the_index_is_not_one_number():
    """Naming integrals as numbers: one that varies with a sum's index i is a function of
    i; as one symbol I, ``sum_i I - n I`` would be 0 (with i free on the right)."""
    term = sp.Integral(x ** i_, (x, 0, 1))
    assert IA.same_value(sp.Sum(term, (i_, 1, n_)), n_ * term) is None


def test_an_infinite_series_stays_inside_its_integral():
    """Interchanging an infinite series with an integral needs Fubini's or Tonelli's
    conditions: no structural identity is claimed."""
    series = sp.Sum(x ** i_ / sp.factorial(i_), (i_, 1, sp.oo))
    with pytest.raises(IA.NotStructural):
        IA.same_value(sp.Integral(series * sp.exp(-x), (x, 0, 1)),
                      sp.Sum(sp.Integral(x ** i_ / sp.factorial(i_) * sp.exp(-x), (x, 0, 1)),
                             (i_, 1, sp.oo)))


def test_the_kernel_mean_identity_is_proved_and_its_slip_refuted_through_the_engine():
    doms = {"mu": "real", "s": "interval(1/2, 2)", "n": "positive integer"}
    good = check_relation(KERNEL_MEAN, KERNELS_OUT, "==", doms, timeout=30)
    assert str(good.status) == "proved" and "linearity" in good.message
    bad = check_relation(KERNEL_MEAN, sp.Sum(sp.Integral(bump, (x, *R)), (i_, 1, n_)), "==",
                         doms, timeout=30)
    assert str(bad.status) == "refuted"
