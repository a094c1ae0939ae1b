"""The claim engine's Monte Carlo on torch (float64, seeded, CUDA where torch sees a GPU)
passes what the numpy path passes: every test here runs through both backends, with
truths computed by numpy/scipy or by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from probproof.checks.domains import parse_domain
from probproof.checks.parser import parse_statement
from probproof.numeric import distributions as D
from probproof.numeric import torch_mc
from probproof.numeric.evaluate import Context, Unevaluable, evaluate

Z = 6.1094102048693975


@pytest.fixture(params=["numpy", "torch"])
def backend(request, monkeypatch):
    monkeypatch.setenv(torch_mc.BACKEND_VARIABLE, request.param)
    monkeypatch.setenv(torch_mc.DEVICE_VARIABLE, "cpu")  # the CPU path, as on CI
    return request.param


def _value(text: str, point=None, domains=None, **ctx):
    doms = {k: parse_domain(v) for k, v in (domains or {}).items()}
    rel = parse_statement(text + " == 0", doms)
    pt = {rel.symbols[k]: v for k, v in (point or {}).items()}
    e = evaluate(rel.lhs, pt, Context(**ctx))
    return e


def test_torch_path_is_taken_when_asked(monkeypatch) -> None:
    """The torch path evaluates these bodies itself (no silent fallback to numpy)."""
    monkeypatch.setenv(torch_mc.DEVICE_VARIABLE, "cpu")
    rel = parse_statement("Expect(logsumexp(logpdf(Normal(z[k], 1), 2), (k, 0, 4)) - log(5), "
                          "z, IID(Normal(0, 1), 5)) == 0", {})
    e = rel.lhs
    nd = D.make("Normal", [0.0, 1.0])
    from probproof.numeric.transforms import iid

    vals = torch_mc.expect(e.body, list(e.variables), [iid(nd, 5)], 4096, 0, lambda: None)
    assert vals.shape == (4096,) and np.all(np.isfinite(vals))
    with pytest.raises(torch_mc.NotTorch):  # a law without a torch sampler
        torch_mc.expect(e.body, list(e.variables), [iid(D.make("Chi2", [3.0]), 5)], 16, 0,
                        lambda: None)


def test_monte_carlo_errors_are_calibrated(backend) -> None:
    zs = []
    for seed in range(16):
        e = _value("Expect(v[0]**2 + v[1] + v[2]*v[3], v, MvNormal([0, 1, 0, 0], "
                   "[[2, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1/2], [0, 0, 1/2, 1]]))", seed=seed)
        assert "monte-carlo" in e.methods and e.stderr > 0
        zs.append((complex(e.value).real - 3.5) / e.stderr)
    zs = np.array(zs)
    assert abs(zs.mean()) < 1.2 and 0.4 < zs.std() < 1.7 and np.abs(zs).max() < Z


def test_heavy_tails_are_unevaluable(backend) -> None:
    w = " + ".join(f"pdf(Normal(0, 1), h{i})/pdf(Normal(0, s), h{i})" for i in range(4))
    text = (f"Expect(({w})/4, [h0, h1, h2, h3], "
            "[Normal(0, s), Normal(0, s), Normal(0, s), Normal(0, s)])")
    with pytest.raises(Unevaluable, match="heavy-tailed"):
        _value(text, {"s": 0.3}, {"s": "positive"})
    ok = _value(text, {"s": 1.5}, {"s": "positive"})
    assert abs(complex(ok.value).real - 1) < Z * ok.stderr


def test_joint_expectation_matches_quadrature(backend) -> None:
    from scipy import integrate, stats

    ex = integrate.quad(lambda x: math.exp(-x * x) * stats.norm.pdf(x), -30, 30)[0]
    ey = integrate.quad(lambda y: math.sin(y) * stats.laplace(1, 2).pdf(y), -80, 80,
                        limit=400)[0]
    e = _value("Expect(exp(-x**2)*sin(y), [x, y], [Normal(0, 1), Laplace(1, 2)])",
               monte_carlo=True)
    assert abs(complex(e.value).real - ex * ey) < Z * e.stderr
    assert abs(complex(e.value).real - (ex * ey + 0.05)) > Z * e.stderr  # resolves 0.05


def test_iid_bound_matches_numpy(backend) -> None:
    from scipy import stats
    from scipy.special import logsumexp

    z = np.random.default_rng(3).standard_normal((400_000, 5))
    truth = float(np.mean(logsumexp(stats.norm.logpdf(2, z, 1), axis=1) - np.log(5)))
    e = _value("Expect(logsumexp(logpdf(Normal(z[k], 1), 2), (k, 0, 4)) - log(5), z, "
               "IID(Normal(0, 1), 5))", precise=True)
    assert abs(complex(e.value).real - truth) < Z * e.stderr + 0.002


def test_inverse_functions_match_quadrature(backend) -> None:
    """asinh, atanh, acos of draws: torch's functions (on its path) and NumPy's agree with
    SciPy's quadrature of the same one-dimensional expectations."""
    from scipy import integrate, stats

    e1 = integrate.quad(lambda x: math.asinh(x) * stats.norm.pdf(x, 0.5, 1), -40, 40)[0]
    e2 = integrate.quad(lambda y: math.atanh(math.tanh(y) / 2) * math.acos(math.tanh(y) / 3)
                        * stats.laplace.pdf(y, 1, 2), -80, 80, limit=400)[0]
    e = _value("Expect(asinh(x) + atanh(tanh(y)/2)*acos(tanh(y)/3), [x, y], "
               "[Normal(1/2, 1), Laplace(1, 2)])", monte_carlo=True)
    assert "monte-carlo" in e.methods
    assert abs(complex(e.value).real - (e1 + e2)) < Z * e.stderr
    assert abs(complex(e.value).real - (e1 + e2 + 0.05)) > Z * e.stderr  # resolves 0.05
    x, y = sp.Dummy("x", real=True), sp.Dummy("y", real=True)
    body = sp.asinh(x) + sp.atanh(sp.tanh(y) / 2) * sp.acos(sp.tanh(y) / 3)
    laws = [D.make("Normal", [0.5, 1.0]), D.make("Laplace", [1.0, 2.0])]
    vals = torch_mc.values(body, [x, y], laws, 4096, 0, lambda: None)  # no NotTorch
    assert np.all(np.isfinite(vals.cpu().numpy()))


def test_draws_are_seeded(backend) -> None:
    a, b, c = (_value("Expect(x**3*y, [x, y], [Normal(0.2, 0.9), Uniform(0, 1)])", seed=k,
                      monte_carlo=True) for k in (0, 1, 0))
    assert a.value != b.value and a.value == c.value


@pytest.mark.skipif(not __import__("torch").cuda.is_available(),
                    reason="no CUDA device: the GPU path runs only where torch sees a GPU")
def test_cuda_path(monkeypatch) -> None:
    import torch

    monkeypatch.setenv(torch_mc.DEVICE_VARIABLE, "cuda")
    x = sp.Dummy("x", real=True)
    body = sp.exp(-x**2 / 2) * sp.cos(x)
    vals = torch_mc.values(body, [x], [D.make("Normal", [0.0, 1.0])], 1 << 22, 0, lambda: None)
    assert vals.device.type == "cuda" and vals.dtype == torch.float64
    exact = math.exp(-0.25) / math.sqrt(2)
    se = float(vals.std()) / math.sqrt(len(vals))
    assert abs(float(vals.mean()) - exact) < Z * se
    monkeypatch.setenv(torch_mc.BACKEND_VARIABLE, "torch")
    e = _value("Expect(logsumexp(logpdf(Normal(z[k], 1), 2), (k, 0, 49)) - log(50), z, "
               "IID(Normal(0, 1), 50))", precise=True)
    assert "monte-carlo" in e.methods and e.stderr > 0
