"""Jensen's inequality by form: each accepted form, and the slips next to it.

``below`` only ever says "holds"; a slip must come back ``False`` (the engine then
goes on to the numeric search, which refutes the false ones), never ``True``.
"""

from __future__ import annotations

import pytest
import sympy as sp

from probproof.checks.engine import check_relation
from probproof.checks.jensen import below
from probproof.checks.verdict import Status
from probproof.derivations.transforms import IID
from probproof.derivations.vocabulary import Expect, Normal, pdf

a, b = sp.symbols("a b", positive=True)
u, v = sp.symbols("u v", real=True)
h1, h2, k1, k2, x = sp.symbols("h_1 h_2 k_1 k_2 x", real=True)
m = sp.Symbol("m", real=True)
s = sp.Symbol("s", positive=True)
Q = Normal(m, s)


def w(h: sp.Symbol) -> sp.Expr:
    """An importance weight p(x, h) / q(h): positive once the densities are written out."""
    return pdf(Normal(h, 1), x) * pdf(Normal(0, 1), h) / pdf(Q, h)


MEAN = (w(h1) + w(h2)) / 2
HOLDS = {
    "AM-GM of two": ((sp.log(a) + sp.log(b)) / 2, sp.log((a + b) / 2)),
    "weights from the coefficients": (sp.log(a) / 3 + 2 * sp.log(b) / 3,
                                      sp.log(a / 3 + 2 * b / 3)),
    "log-sum-exp above the mean": ((u + v) / 2 + sp.log(2), sp.log(sp.exp(u) + sp.exp(v))),
    "E log <= log E": (Expect(sp.log(MEAN), [h1, h2], [Q, Q]),
                       sp.log(Expect(MEAN, [h1, h2], [Q, Q]))),
    "bound variables renamed": (Expect(sp.log(MEAN).xreplace({h1: k1, h2: k2}), [k1, k2], [Q, Q]),
                                sp.log(Expect(MEAN, [h1, h2], [Q, Q]))),
    "monotone: E of the pointwise inequality": (
        Expect((sp.log(w(h1)) + sp.log(w(h2))) / 2, [h1, h2], [Q, Q]),
        Expect(sp.log(MEAN), [h1, h2], [Q, Q])),
}

SLIPS = {
    "reversed": (sp.log((a + b) / 2), (sp.log(a) + sp.log(b)) / 2),
    "weights that do not match the terms": (sp.log(a) / 3 + 2 * sp.log(b) / 3,
                                            sp.log((a + b) / 2)),
    "a missing factor 1/2 inside the log": ((sp.log(a) + sp.log(b)) / 2 + sp.log(2),
                                            sp.log((a + b) / 2)),
    "terms of unknown sign": ((sp.log(u) + sp.log(v)) / 2, sp.log((u + v) / 2)),
    "a body of unknown sign": (Expect(sp.log(h1), h1, Q), sp.log(Expect(h1, h1, Q))),
    "E log f <= log E g with g not f": (Expect(sp.log(MEAN), [h1, h2], [Q, Q]),
                                        sp.log(Expect(w(h1), [h1, h2], [Q, Q]))),
    "other distributions": (Expect(sp.log(MEAN), [h1, h2], [Q, Normal(0, 1)]),
                            sp.log(Expect(MEAN, [h1, h2], [Q, Q]))),
    "renaming would capture a free symbol": (
        Expect(sp.log(w(k1) + w(h1)), k1, Q), sp.log(Expect(w(h1) + w(h1), h1, Q))),
    "monotone, the wrong way round": (
        Expect(sp.log(MEAN), [h1, h2], [Q, Q]),
        Expect((sp.log(w(h1)) + sp.log(w(h2))) / 2, [h1, h2], [Q, Q])),
}


@pytest.mark.parametrize("name", sorted(HOLDS))
def test_each_form_holds(name: str) -> None:
    small, big = HOLDS[name]
    assert below(small, big)


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_a_slip_is_not_proved(name: str) -> None:
    small, big = SLIPS[name]
    assert not below(small, big)


def test_the_engine_names_the_law_and_refutes_the_reversal() -> None:
    domains = {"a": "positive", "b": "positive"}
    small, big = HOLDS["AM-GM of two"]
    proved = check_relation(small, big, "<=", domains)
    assert proved.status is Status.PROVED
    assert "Jensen" in proved.message
    assert check_relation(big, small, ">=", domains).status is Status.PROVED
    # Equality at a = b: Jensen never gives a strict inequality.
    assert check_relation(small, big, "<", domains).status is not Status.PROVED
    assert check_relation(big, small, "<=", domains).status is Status.REFUTED


def test_the_jensen_step_of_the_iwae_bound_is_proved_and_its_reversal_refuted() -> None:
    domains = {"x": "interval(-2, 2)", "m": "interval(-2, 2)", "s": "interval(4/5, 3)"}
    small, big = HOLDS["E log <= log E"]
    assert check_relation(small, big, "<=", domains, timeout=30).status is Status.PROVED
    assert check_relation(small, big, ">=", domains, timeout=30).status is Status.REFUTED


# The mean over a symbolic range of terms and over an interval (issue 18: the catalog's
# Jensen steps of vi.gmm_bounds and vi.gmm_limit were searched at 40 points).
k, j = sp.symbols("k j", integer=True, positive=True)
K = sp.Symbol("K", integer=True, positive=True)
c = sp.IndexedBase(sp.Symbol("c", real=True))
y = sp.IndexedBase(sp.Symbol("y", positive=True))
t = sp.Symbol("t", real=True)
R = sp.Symbol("R", positive=True)
EXPO = -(x - R * sp.cos(t)) ** 2 / 2
# (1/2pi) times the integral of the log of the body over (0, 2pi): E[cos(t)**2] = 1/2.
MEAN_LOG = -R ** 2 / 4 - x ** 2 / 2 - sp.log(2 * sp.pi) / 2

RANGE_HOLDS = {
    "mean of logs of Gaussian terms": (
        sp.Sum(-(x - c[k]) ** 2 / 2, (k, 1, K)) / K,
        sp.log(sp.Sum(sp.exp(-(x - c[k]) ** 2 / 2), (k, 1, K)) / K)),
    "index renamed, constant inside the sum": (
        sp.Sum(sp.log(y[j]) / K, (j, 1, K)), sp.log(sp.Sum(y[k] / K, (k, 1, K)))),
    "mean over an interval": (
        MEAN_LOG, sp.log(sp.Integral(sp.exp(EXPO) / sp.sqrt(2 * sp.pi), (t, 0, 2 * sp.pi))
                         / (2 * sp.pi))),
}
RANGE_SLIPS = {
    # 1/(K + 1) of a sum of K logs: not a mean (false at K = 1, y_1 = 1/4: log(1/4)/2 < ...).
    "not the mean": (sp.Sum(sp.log(y[k]), (k, 1, K)) / (K + 1),
                     sp.log(sp.Sum(y[k], (k, 1, K)) / K)),
    "the sum of logs, not their mean": (sp.Sum(sp.log(y[k]), (k, 1, K)),
                                        sp.log(sp.Sum(y[k], (k, 1, K)) / K)),
    "terms of unknown sign": (sp.Sum(sp.log(c[k]), (k, 1, K)) / K,
                              sp.log(sp.Sum(c[k], (k, 1, K)) / K)),
    "ranges that differ": (sp.Sum(sp.log(y[k]), (k, 2, K + 1)) / K,
                           sp.log(sp.Sum(y[k], (k, 1, K)) / K)),
    # From 3 to K counts K - 2 terms, and runs downwards (a negative sum) at K = 1.
    "a range that may run downwards": (sp.Sum(sp.log(y[k]), (k, 3, K)) / (K - 2),
                                       sp.log(sp.Sum(y[k], (k, 3, K)) / (K - 2))),
    "mean over an interval, a constant off": (
        MEAN_LOG + sp.Rational(1, 10),
        sp.log(sp.Integral(sp.exp(EXPO) / sp.sqrt(2 * sp.pi), (t, 0, 2 * sp.pi))
               / (2 * sp.pi))),
    "an interval of unknown length": (
        MEAN_LOG, sp.log(sp.Integral(sp.exp(EXPO) / sp.sqrt(2 * sp.pi), (t, 0, u)) / u)),
}


@pytest.mark.parametrize("name", sorted(RANGE_HOLDS))
def test_each_mean_form_holds(name: str) -> None:
    assert below(*RANGE_HOLDS[name])


@pytest.mark.parametrize("name", sorted(RANGE_SLIPS))
def test_a_slip_of_a_mean_form_is_not_proved(name: str) -> None:
    assert not below(*RANGE_SLIPS[name])


def test_the_slips_of_the_mean_forms_are_false_somewhere() -> None:
    """The refusals matter: each slip (but the one of unknown length) fails at a point."""
    at = {y[1]: sp.Rational(1, 4), y[2]: 4}
    for name in ("not the mean", "ranges that differ"):
        small, big = RANGE_SLIPS[name]
        assert (small - big).subs(K, 1).doit().subs(at) > 0, name
    small, big = RANGE_SLIPS["mean over an interval, a constant off"]
    gap = (small - big).subs({x: 0, R: 0}).doit()
    assert gap > 0


def test_the_engine_proves_a_mean_over_a_range_and_refutes_its_reversal() -> None:
    domains = {"x": "real", "c": "real", "K": "positive integer", "k": "positive integer"}
    small, big = RANGE_HOLDS["mean of logs of Gaussian terms"]
    proved = check_relation(small, big, "<=", domains, timeout=30)
    assert proved.status is Status.PROVED and "Jensen" in proved.message
    assert check_relation(small, big, ">", domains, timeout=30).status is Status.REFUTED


# The expectation over K draws (iwae.* for every K): monotonicity with the mean form.
hb = sp.IndexedBase(sp.Symbol("hd", real=True))
DRAWS = IID(Q, K)


def _over(body: sp.Basic) -> Expect:
    return Expect(body, hb.label, DRAWS)


DRAW_MEAN_LOG = _over(sp.Sum(sp.log(w(hb[k])), (k, 0, K - 1)) / K)
DRAW_LOG_MEAN = _over(sp.log(sp.Sum(w(hb[k]), (k, 0, K - 1)) / K))


def test_the_mean_of_log_weights_over_k_draws_is_below_the_log_mean() -> None:
    assert below(DRAW_MEAN_LOG, DRAW_LOG_MEAN)


@pytest.mark.parametrize("small, big", [
    pytest.param(DRAW_LOG_MEAN, DRAW_MEAN_LOG, id="reversed"),
    pytest.param(_over(sp.Sum(sp.log(w(hb[k])), (k, 0, K - 1)) / (K + 1)), DRAW_LOG_MEAN,
                 id="not the mean"),
    pytest.param(DRAW_MEAN_LOG, Expect(sp.log(sp.Sum(w(hb[k]), (k, 0, K - 1)) / K), hb.label,
                                       IID(Normal(0, 1), K)), id="other draws"),
])
def test_a_slip_over_k_draws_is_not_proved(small, big) -> None:
    assert not below(small, big)
