"""Integrable singularities at a finite end other than 0 (``1/sqrt(1 - x**2)`` towards
1, the arcsine law's density): float64 cannot come closer to 1 than 1e-16, so both
witnesses substitute the distance to the end symbolically. Before, the first witness
fell back to the second one's arbitrary precision (no independent witness: false claims
stayed undecided), and the second found ``1 - (1 - y)**2`` undefined at 30 digits (true
claims stayed undecided too). Reference values: SciPy's QUADPACK with its algebraic end
weights (``weight="alg"``), which integrates ``(x - a)**al (b - x)**be g(x)`` by
modified Chebyshev moments, sharing nothing with either witness."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from scipy import integrate as scipy_integrate

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.derivations import vocabulary as V
from probproof.numeric import mp_witness
from probproof.numeric.evaluate import Context, evaluate

t = sp.Symbol("t", real=True)
HALF = sp.Rational(1, 2)


def _alg(g, a: float, b: float, al: float, be: float) -> float:
    return scipy_integrate.quad(g, a, b, weight="alg", wvar=(al, be))[0]


#: (integrand, a, b, reference by QUADPACK's algebraic weights)
CASES = [
    (1 / sp.sqrt(1 - t**2), -1, 1, _alg(lambda x: 1.0, -1, 1, -0.5, -0.5)),
    ((t - HALF)**2 / (sp.pi * sp.sqrt(t * (1 - t))), 0, 1,
     _alg(lambda x: (x - 0.5)**2 / math.pi, 0, 1, -0.5, -0.5)),
    (1 / sp.sqrt(sp.Rational(1, 4) - t**2), 0, HALF,
     _alg(lambda x: 1 / math.sqrt(0.5 + x), 0, 0.5, 0, -0.5)),
    (t**3 * (1 - t)**sp.Rational(-2, 3), 0, 1, _alg(lambda x: x**3, 0, 1, 0, -2 / 3)),
    (sp.exp(t) / (2 - t)**sp.Rational(9, 10), 1, 2, _alg(math.exp, 1, 2, 0, -0.9)),
]


@pytest.mark.parametrize(("body", "a", "b", "want"), CASES, ids=[str(c[0]) for c in CASES])
def test_float64_witness_reaches_a_singular_end(body, a, b, want) -> None:
    est = evaluate(sp.Integral(body, (t, a, b)), {}, Context())
    assert est.methods == {"quadrature"}  # float64, not the second witness's mpmath
    assert abs(complex(est.value) - want) <= 1e-10 * abs(want) + est.abserr
    backwards = evaluate(sp.Integral(body, (t, b, a)), {}, Context())
    assert abs(complex(backwards.value) + want) <= 1e-10 * abs(want) + backwards.abserr


@pytest.mark.parametrize(("body", "a", "b", "want"), CASES, ids=[str(c[0]) for c in CASES])
def test_second_witness_reaches_a_singular_end(body, a, b, want) -> None:
    value, err = mp_witness.integrate_form(body, t, float(a), float(b))
    assert abs(complex(value) - want) <= 1e-10 * abs(want) + err


def test_a_density_at_the_end_is_left_to_arbitrary_precision() -> None:
    """A density in the integrand would still see x rounded to 1 (its mass within 1e-16
    of the end lost): no distance form for it, and the value is still right."""
    law = V.DISTRIBUTIONS["Beta"](2, HALF)
    est = evaluate(sp.Integral(t * V.pdf(law, t) / (1 - t)**sp.Rational(1, 4), (t, 0, 1)), {},
                   Context())
    want = _alg(lambda x: x * x / math.gamma(2) / math.gamma(0.5) * math.gamma(2.5), 0, 1,
                0, -0.75)
    assert "quadrature" not in est.methods
    assert abs(complex(est.value) - want) <= 1e-9 * want


@pytest.mark.parametrize(("statement", "truth"), [
    ("integrate(1/sqrt(1 - t**2), (t, -1, 1)) == pi", True),
    ("integrate(1/sqrt(1 - t**2), (t, -1, 1)) == pi/2", False),
    ("integrate((t - 1/2)**2/(pi*sqrt(t*(1 - t))), (t, 0, 1)) == 1/8", True),
    ("integrate((t - 1/2)**2/(pi*sqrt(t*(1 - t))), (t, 0, 1)) == 1/12", False),
    ("integrate((1 - t)**(b - 1), (t, 0, 1)) == 1/(b + 1)", False),
    ("integrate(1/sqrt(1/4 - t**2), (t, 1/2, 0)) == pi/2", False),
])
def test_claims_at_singular_ends_are_decided(statement: str, truth: bool) -> None:
    v = check(statement, {"t": "real", "b": "interval(0, 1)"}, timeout=30)
    if truth:
        assert v.status in (Status.PROVED, Status.CONFIRMED), v
    else:
        assert v.status is Status.REFUTED, v
        assert v.counterexample is not None


def _law(text: str):
    from probproof.checks.parser import parse_statement

    return parse_statement(f"H({text}) == 0", {}).lhs.args[0]


#: (law, body in z, reference from scipy.stats / scipy.special, not from probproof)
def _beta_cases():
    from scipy import special, stats

    z = sp.Symbol("z", real=True)
    return z, [
        ("Beta(1/2, 1/2)", z**2, stats.beta(0.5, 0.5).moment(2)),
        ("Beta(2, 1/2)", z, stats.beta(2, 0.5).mean()),
        ("Beta(2, 1/2)", (z - sp.Rational(4, 5))**2, stats.beta(2, 0.5).var()),
        ("Beta(3/2, 1/3)", sp.log(1 - z), special.digamma(1 / 3) - special.digamma(1.5 + 1 / 3)),
        ("Beta(1/2, 1/2)", -V.logpdf(_law("Beta(1/2, 1/2)"), z), stats.beta(0.5, 0.5).entropy()),
        ("Kumaraswamy(2, 1/2)", z, 0.5 * special.beta(1.5, 0.5)),
    ]


@pytest.mark.parametrize("k", range(6))
def test_float64_witness_takes_a_singular_density_at_one(k: int) -> None:
    """E[f(Z)] for laws whose density is infinite at 1: float64 (SciPy's densities, the
    Beta's by its reflection 1 - Z ~ Beta(b, a)) evaluates them, where it fell back to
    the second witness's arbitrary precision before."""
    z, cases = _beta_cases()
    law, body, want = cases[k]
    est = evaluate(V.Expect(body, z, _law(law)), {}, Context())
    assert est.methods == {"quadrature"}, est
    assert abs(complex(est.value) - want) <= 1e-9 * max(1.0, abs(want)), (est, want)
    second = evaluate(V.Expect(body, z, _law(law)), {}, Context(precise=True, independent=True))
    assert abs(complex(second.value) - want) <= 1e-9 * max(1.0, abs(want)), (second, want)


def test_kl_between_a_singular_law_and_the_uniform_one_in_float64() -> None:
    """Both directions of KL(Beta(1/2, 1/2), Uniform(0, 1)): each density in the body is
    taken by its distance to 1 (the Uniform's is constant there)."""
    from scipy import stats

    arcsine, uniform = _law("Beta(1/2, 1/2)"), _law("Uniform(0, 1)")
    wants = {
        (arcsine, uniform): -stats.beta(0.5, 0.5).entropy(),
        (uniform, arcsine): scipy_integrate.quad(lambda x: -stats.beta.logpdf(x, 0.5, 0.5),
                                                 0, 1, epsabs=1e-13, limit=200)[0],
    }
    for (p, q), want in wants.items():
        est = evaluate(V.KL(p, q), {}, Context())
        assert est.methods == {"quadrature"}, est
        assert abs(complex(est.value) - want) <= 1e-9, (p, q, est, want)


@pytest.mark.parametrize(("statement", "truth"), [
    ("KL(Beta(1/2, 1/2), Uniform(0, 1)) == log(pi/4)", False),
    ("KL(Uniform(0, 1), Beta(1/2, 1/2)) == log(pi) - 2 + 2*log(2)", False),
    ("KL(Uniform(0, 1), Beta(1/2, 1/2)) == log(pi) - 1", True),
    ("Expect(z**2, z, Beta(1/2, 1/2)) == 3/8", True),
    ("Expect(z**2, z, Beta(1/2, 1/2)) == 1/3", False),
    ("H(Beta(1/2, 1/2)) == log(pi/4)", True),
    ("H(Beta(1/2, 1/2)) == log(pi)", False),
    ("Var(z, z, Beta(2, 1/2)) == 1/10", False),
    ("Expect(z, z, Kumaraswamy(2, 1/2)) == 1", False),
])
def test_claims_on_singular_laws_are_decided(statement: str, truth: bool) -> None:
    v = check(statement, {}, timeout=30)
    if truth:
        assert v.status in (Status.PROVED, Status.CONFIRMED), v
    else:
        assert v.status is Status.REFUTED, v
        assert v.counterexample is not None
