"""The numeric checkers on their own: quadrature, complex values, overflow, Monte Carlo errors."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from probproof.checks.compare import AGREE, DISAGREE, Z, compare
from probproof.checks.domains import parse_domain
from probproof.checks.parser import parse_statement
from probproof.numeric.estimate import Estimate
from probproof.numeric.evaluate import Context, evaluate
from probproof.numeric.quadrature import NoMass, Overflow, SlowDecay, integrate


def value(text: str, point: dict[str, float], domains: dict[str, str] | None = None,
          **ctx) -> Estimate:
    doms = {k: parse_domain(v) for k, v in (domains or {}).items()}
    rel = parse_statement(f"{text} == 0", doms)
    return evaluate(rel.lhs, {rel.symbols[k]: v for k, v in point.items()},
                    Context(domains=doms, **ctx))


def test_quadrature_finds_a_narrow_peak_far_out() -> None:
    v, err = integrate(lambda x: np.exp(-((x - 300.0) ** 2) * 50), -np.inf, np.inf)
    assert abs(v - math.sqrt(math.pi / 50)) < 1e-9 and err < 1e-8


def test_a_peak_the_scan_cannot_see_is_not_reported_as_zero() -> None:
    with pytest.raises(NoMass):
        integrate(lambda x: np.exp(-((x - 5000.0) ** 2) * 50), -np.inf, np.inf)
    assert integrate(lambda x: np.zeros_like(x), -np.inf, np.inf, zero_ok=True)[0] == 0


def test_a_divergent_integral_is_not_given_a_value() -> None:
    """Truncated quadrature of 1/x gives a finite number; two such numbers can even
    agree (log 2 = int 1/x - int 1/(x+1) 'holds' for every truncation)."""
    with pytest.raises(SlowDecay):
        integrate(lambda x: 1 / x, 1.0, math.inf)
    with pytest.raises(SlowDecay):
        integrate(lambda x: 1 / (1 + np.abs(x)), -math.inf, math.inf)
    value, err = integrate(lambda x: x**-1.5, 1.0, math.inf)
    assert abs(value - 2) < 1e-6 + err
    value, err = integrate(lambda x: 1 / (math.pi * (1 + x**2)), -math.inf, math.inf)
    assert abs(value - 1) < 1e-8


def test_quadrature_reports_overflow_instead_of_guessing() -> None:
    with pytest.raises(Overflow):
        integrate(lambda x: np.exp(x**2), -np.inf, np.inf)


def test_log_of_a_negative_number_is_a_complex_value() -> None:
    e = value("log(x)", {"x": -1.0}, {"x": "real"})
    # i*pi to float precision at least (more digits when a caller raised mpmath's dps)
    assert abs(e.value - mpmath.mpc(0, mpmath.pi)) < 1e-15


def test_values_beyond_float64_are_kept() -> None:
    e = value("log(Expect(exp(t*z), z, Normal(0, 1)))", {"t": 40.0}, {"t": "real"})
    assert abs(e.value - 800) < 1e-6


def test_cancellation_is_resolved_in_high_precision() -> None:
    e = value("(1 + x)**2 - 1 - 2*x - x**2", {"x": 1e9}, {"x": "real"})
    assert abs(e.value) < 1e-10


def test_kl_is_infinite_without_absolute_continuity() -> None:
    e = value("KL(Uniform(0, 2), Uniform(0, 1))", {})
    assert e.value == mpmath.inf
    e = value("KL(Bernoulli(1/2), Categorical([1, 0]))", {})
    assert e.value == mpmath.inf


def test_sup_detects_an_infinite_supremum() -> None:
    e = value("Sup(u*t, u)", {"t": 0.5}, {"t": "real", "u": "positive"})
    assert e.value == mpmath.inf


def test_discrete_sum_has_a_tail_bound() -> None:
    e = value("Expect(j**3, j, Poisson(lam))", {"lam": 30.0}, {"lam": "positive"})
    lam = 30.0
    assert abs(e.real - (lam**3 + 3 * lam**2 + lam)) <= 1e-8 * lam**3


def test_monte_carlo_errors_are_calibrated() -> None:
    """z-scores of a Monte Carlo estimate against the truth look standard normal."""
    zs = []
    for seed in range(30):
        # Four dimensions: beyond n-dimensional quadrature, so Monte Carlo.
        e = value("Expect(v[0]**2 + v[1] + v[2]*v[3], v, MvNormal([0, 1, 0, 0], "
                  "[[2, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1/2], [0, 0, 1/2, 1]]))", {}, seed=seed)
        assert "monte-carlo" in e.methods and e.stderr > 0
        zs.append((e.real - 3.5) / e.stderr)
    zs = np.array(zs)
    assert abs(zs.mean()) < 1.0 and 0.5 < zs.std() < 1.6
    assert np.abs(zs).max() < Z


def test_compare_rules() -> None:
    a = Estimate(1.0, stderr=0.01)
    assert compare(a, Estimate(1.05), "==").outcome == AGREE  # 5 standard errors < Z
    assert compare(a, Estimate(1.2), "==").outcome == DISAGREE
    assert compare(Estimate(1.0), Estimate(1.0 + 1e-6), "==").outcome == DISAGREE
    assert compare(Estimate(1.0), Estimate(1.0 + 1e-12), "==").outcome == AGREE
    assert compare(Estimate(mpmath.mpc(0, 1)), Estimate(0.0), "<=").outcome == DISAGREE
    assert compare(Estimate(mpmath.inf), Estimate(mpmath.inf), "==").outcome == AGREE
    assert compare(Estimate(1.0), Estimate(1.0), "<").outcome == "tie"


def test_numeric_derivative_of_a_functional() -> None:
    x = sp.Symbol("t", real=True)
    e = value("diff(log(Expect(exp(t*z), z, Normal(0, 1))), t)", {"t": 0.7}, {"t": "real"})
    assert "numeric-diff" in e.methods or "exact" in e.methods
    assert abs(e.real - 0.7) < 1e-6
    del x


def test_tail_diagnostic_separates_finite_from_infinite_variance() -> None:
    from probproof.numeric.tails import tail_shape

    rng = np.random.default_rng(1)
    assert tail_shape(rng.normal(size=100_000)) < 0.2
    assert tail_shape(rng.standard_t(5, size=100_000)) < 0.5
    assert tail_shape(rng.pareto(1.2, size=100_000)) > 0.5  # infinite variance


def test_a_tail_that_ends_in_an_atom_is_bounded() -> None:
    """max(u1, u2) - u1 is 0 for half the draws; where a few more than half are positive the
    median sits just above 0, and the lower tail (deviations below it) ends in an atom of
    65 000 equal values. Its Pareto fit saw only ties, and the sample was called
    heavy-tailed: E[max(U1, U2) - U1] <= 0.2 was undecided."""
    from probproof.numeric.tails import tail_shape

    for seed in range(1, 4):
        u = np.random.default_rng(seed).uniform(size=(131_072, 2))
        v = u.max(axis=1) - u[:, 0]
        assert np.median(v) > 0  # the case above
        assert tail_shape(v) < 0.5
    # a continuous heavy tail beside the same atom is still heavy
    rng = np.random.default_rng(4)
    heavy = np.concatenate([np.zeros(1000), rng.pareto(0.8, size=100_000) + 1])
    assert tail_shape(heavy) > 0.5


def test_heavy_tailed_monte_carlo_is_unevaluable_not_a_number() -> None:
    from probproof.numeric.evaluate import Unevaluable

    # Four weights: beyond n-dimensional quadrature, so Monte Carlo.
    w = " + ".join(f"pdf(Normal(0, 1), h{i})/pdf(Normal(0, s), h{i})" for i in range(4))
    text = (f"Expect(({w})/4, [h0, h1, h2, h3], "
            "[Normal(0, s), Normal(0, s), Normal(0, s), Normal(0, s)])")
    with pytest.raises(Unevaluable, match="heavy-tailed"):
        value(text, {"s": 0.3}, {"s": "positive"})
    ok = value(text, {"s": 1.5}, {"s": "positive"})
    assert "monte-carlo" in ok.methods
    assert abs(ok.real - 1) < 6.11 * ok.stderr + 1e-9


def test_joint_expectations_and_double_integrals_by_quadrature() -> None:
    e = value("Expect(v[0]**2*v[1]**2, v, MvNormal([0, 0], [[1, w], [w, 1]]))", {"w": 0.5},
              {"w": "interval(0, 1)"})
    assert "quadrature-nd" in e.methods and abs(e.real - (1 + 2 * 0.25)) < 1e-8
    e = value("integrate(integrate(exp(-(a**2 + b**2 - a*b)), (a, -oo, oo)), (b, -oo, oo))", {})
    assert abs(e.real - 2 * math.pi / math.sqrt(3)) < 1e-8
    mix = value("Expect(v[0] + v[1], v, Mixture([1/4, 3/4], [MvNormal([2, 0], [[1, 0], [0, 1]]), "
                "MvNormal([0, -4], [[1, 0], [0, 2]])]))", {})
    assert abs(mix.real - (0.25 * 2 + 0.75 * -4)) < 1e-8


def test_a_sample_that_misses_the_mass_is_flagged() -> None:
    """Importance weights from a proposal far from the target: one draw dominates."""
    from probproof.numeric.tails import tail_shape

    rng = np.random.default_rng(2)
    h = rng.normal(36.0, 2.0, size=131_072)
    log_w = -h**2 + (h - 36.0) ** 2 / 8  # log p(0, h) - log q(h), up to constants
    assert tail_shape(np.exp(log_w - log_w.max())) == np.inf


def test_a_discrete_law_with_its_mass_beyond_ten_million_atoms_is_unevaluable() -> None:
    """Geometric(1e-9) has its bulk out to 1e10: listing its atoms asked numpy for 80 GB
    (the helper's claim `Expect(log(1 + j), j, Geometric(p)) <= log(1/p)` hit the memory
    limit at a far point). Now such a point is unevaluable, at once."""
    import resource

    from probproof.numeric.evaluate import Unevaluable

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(Unevaluable):
        value("Expect(log(1 + j), j, Geometric(p))", {"p": 1e-9}, {"p": "probability"})
    with pytest.raises(Unevaluable, match="beyond"):
        value("KL(Geometric(p), Geometric(2*p))", {"p": 1e-9}, {"p": "probability"})
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 2000
