"""Monte Carlo expectations on torch: float64, seeded, on CUDA when torch sees a GPU.

The claim engine's Monte Carlo (joint and multivariate expectations, IID draws) draws
and evaluates its bodies here: the draws come from torch's own generators (a
``torch.Generator`` seeded from the evaluation's seed), the body is compiled from its
SymPy form into torch operations (densities written out from their definitions, with
torch's special functions), and the sample mean and standard error are computed on
the device. A body or law this module does not know raises :class:`NotTorch`, and the
caller uses the numpy path instead, so the torch path never decides what the numpy
path could not.

torch is imported on first use only: ``probproof --help`` must not pay for it.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy as sp

from probproof.derivations import vocabulary as V
from probproof.numeric import distributions as D
from probproof.numeric import transforms as T
from probproof.numeric.compile import HARD as _HARD
from probproof.numeric.compile import draw_reduction as _draw_reduction

#: ``PROBPROOF_MC=torch|numpy|auto``: the claim engine's Monte Carlo backend.
BACKEND_VARIABLE = "PROBPROOF_MC"
#: ``PROBPROOF_MC_DEVICE=cpu`` keeps torch on the CPU although a GPU is present.
DEVICE_VARIABLE = "PROBPROOF_MC_DEVICE"
#: Numbers drawn at once (rows times the dimension of a draw), per block.
BLOCK = 1 << 22

Fn = Callable[[dict], Any]


class NotTorch(Exception):
    """A body or a law outside what the torch path handles (the numpy path takes it)."""


def enabled() -> bool:
    """Whether the claim engine's Monte Carlo runs on torch.

    ``PROBPROOF_MC=torch`` or ``numpy`` decides; by default (``auto``) torch where it sees
    a GPU and numpy on the CPU, where bench/bench_mc.py did not measure torch faster.
    """
    mode = os.environ.get(BACKEND_VARIABLE, "auto").strip().lower()
    if mode in ("torch", "numpy"):
        return mode == "torch"
    return _cuda_present()


@functools.cache
def _cuda_present() -> bool:
    # Without an NVIDIA device node there is no GPU to find: no need to import torch
    # (seconds in a fresh claim worker) to learn that.
    if "torch" not in sys.modules and not os.path.exists("/dev/nvidiactl"):
        return False
    import torch

    return bool(torch.cuda.is_available())


def device() -> str:
    """``cuda`` when torch sees a GPU (unless ``PROBPROOF_MC_DEVICE`` says otherwise)."""
    from probproof.numeric.device import default_device

    asked = os.environ.get(DEVICE_VARIABLE, "").strip().lower()
    return asked if asked in ("cpu", "cuda") else default_device()


# ----------------------------------------------------------------------------- sampling


def _params(nd: D.NumericDist) -> tuple:
    frozen = nd.frozen
    return tuple(getattr(frozen, "args", ())), dict(getattr(frozen, "kwds", {}))


def sampler(nd: D.NumericDist, torch, dev: str) -> Callable[[int, Any], Any]:
    """``draw(n, generator)``: ``n`` draws of ``nd`` as a float64 tensor ((n,) or (n, d))."""
    f64 = torch.float64
    kind = nd.kind
    if isinstance(nd, T.IIDDist):
        one = sampler(nd.base, torch, dev)  # type: ignore[arg-type]
        k = nd.dim
        return lambda n, g: one(n * k, g).reshape(n, k)
    if nd.components:
        parts = [sampler(c, torch, dev) for c in nd.components]
        w = torch.tensor(np.asarray(nd.weights), dtype=f64, device=dev)

        def mixture(n, g):
            which = torch.multinomial(w, n, replacement=True, generator=g)
            out = torch.empty((n, nd.dim) if nd.dim > 1 else (n,), dtype=f64, device=dev)
            for i, draw in enumerate(parts):
                mask = which == i
                m = int(mask.sum())
                if m:
                    out[mask] = draw(m, g)
            return out

        return mixture
    args, kwds = _params(nd)
    if kind == "Normal":
        mu, sigma = (float(a) for a in args)
        return lambda n, g: mu + sigma * torch.randn(n, dtype=f64, device=dev, generator=g)
    if kind == "Uniform":
        a, b = nd.lo, nd.hi
        return lambda n, g: a + (b - a) * torch.rand(n, dtype=f64, device=dev, generator=g)
    if kind == "Laplace":
        mu, b = (float(a) for a in args)

        def laplace(n, g):
            u = torch.rand(n, dtype=f64, device=dev, generator=g) - 0.5
            return mu - b * torch.sign(u) * torch.log1p(-2 * torch.abs(u))

        return laplace
    if kind == "Exponential":
        scale = float(kwds["scale"])
        return lambda n, g: scale * torch.empty(n, dtype=f64, device=dev).exponential_(
            generator=g)
    if kind == "Gamma":
        shape, scale = float(args[0]), float(kwds["scale"])
        return lambda n, g: scale * torch._standard_gamma(
            torch.full((n,), shape, dtype=f64, device=dev), generator=g)
    if kind == "Beta":
        a, b = (float(v) for v in args)

        def beta(n, g):
            x = torch._standard_gamma(torch.full((n,), a, dtype=f64, device=dev), generator=g)
            y = torch._standard_gamma(torch.full((n,), b, dtype=f64, device=dev), generator=g)
            return x / (x + y)

        return beta
    if kind == "Bernoulli":
        p = float(args[0])
        return lambda n, g: (torch.rand(n, dtype=f64, device=dev, generator=g) < p).to(f64)
    if kind == "Poisson":
        rate = float(args[0])
        return lambda n, g: torch.poisson(torch.full((n,), rate, dtype=f64, device=dev),
                                          generator=g)
    if kind == "Categorical":
        probs = torch.tensor(np.asarray(nd.probs), dtype=f64, device=dev)
        return lambda n, g: torch.multinomial(probs, n, replacement=True, generator=g).to(f64)
    if kind == "MvNormal":
        mean = torch.tensor(np.asarray(nd.frozen.mean), dtype=f64, device=dev)  # type: ignore
        chol = torch.linalg.cholesky(torch.tensor(np.asarray(nd.frozen.cov),  # type: ignore
                                                  dtype=f64, device=dev))
        d = nd.dim
        return lambda n, g: mean + torch.randn(n, d, dtype=f64, device=dev,
                                               generator=g) @ chol.T
    raise NotTorch(f"no torch sampler for {kind}")


# ----------------------------------------------------------------------------- bodies


def _log_density(kind: str, x, params: list, torch):
    """Log density (mass) of a scalar law from its definition, with tensor parameters;
    invalid parameters give NaN (the caller falls back to numpy)."""
    nan = math.nan
    if kind == "Normal":
        mu, s = params
        if s.ndim == 0 and mu.ndim == 0:
            # Constant parameters: one fresh tensor, updated in place (four passes, not
            # eight allocations of the size of the sample).
            sv = float(s)
            if not sv > 0:
                return torch.full_like(x, nan)
            out = x - float(mu)
            out.square_().mul_(-0.5 / sv**2).add_(-math.log(sv) - 0.5 * math.log(2 * math.pi))
            return out
        s = torch.where(s > 0, s, nan)
        out = x - mu
        out = out.square_().div_(-2 * s**2) if out.shape == torch.broadcast_shapes(
            out.shape, s.shape) else out.square() / (-2 * s**2)
        return out - torch.log(s) - 0.5 * math.log(2 * math.pi)
    if kind == "Laplace":
        mu, b = params
        b = torch.where(b > 0, b, nan)
        return -torch.abs(x - mu) / b - torch.log(2 * b)
    if kind == "Exponential":
        (rate,) = params
        rate = torch.where(rate > 0, rate, nan)
        return torch.where(x >= 0, torch.log(rate) - rate * x, -math.inf)
    if kind == "Uniform":
        a, b = params
        width = torch.where(b > a, b - a, nan)
        return torch.where((x >= a) & (x <= b), -torch.log(width), -math.inf)
    if kind == "Bernoulli":
        (p,) = params
        p = torch.where((p >= 0) & (p <= 1), p, nan)
        return torch.where(x == 1, torch.log(p), torch.where(x == 0, torch.log1p(-p),
                                                              -math.inf))
    raise NotTorch(f"no torch density for {kind}")


_TORCH_LAWS = ("Normal", "Laplace", "Exponential", "Uniform", "Bernoulli")


class _Compiler:
    def __init__(self, variables: set, torch, dev: str) -> None:
        self.variables = variables
        self.torch = torch
        self.dev = dev
        self.slices: dict[sp.Symbol, tuple[int, int]] = {}

    def const(self, e: sp.Basic):
        value = complex(e.evalf(30)) if e.is_finite is not False else (
            math.inf if e == sp.oo else (-math.inf if e == -sp.oo else math.nan))
        if isinstance(value, complex):
            if value.imag != 0:
                raise NotTorch("a complex constant")
            value = value.real
        return lambda env: value

    def depends(self, e: sp.Basic) -> bool:
        return bool(e.free_symbols & self.variables) or any(
            isinstance(a, sp.Indexed) and a.base.label in self.variables
            for a in e.atoms(sp.Indexed))

    def compile(self, e: sp.Basic) -> Fn:
        torch = self.torch
        reduction = _draw_reduction(e, self.variables)
        if reduction is not None:
            return self.reduce(*reduction)
        if self.slices and not (e.free_symbols & set(self.slices)) and self.depends(e):
            inner = _Compiler(self.variables, torch, self.dev).compile(e)
            return lambda env: _unsqueeze(inner(env), torch)
        if e in self.slices:
            a, b = self.slices[e]
            ks = torch.arange(a, b + 1, dtype=torch.float64, device=self.dev)
            return lambda env: ks
        if e in self.variables:
            return lambda env: env[e]
        if isinstance(e, sp.Indexed) and e.base.label in self.variables:
            lab, idx = e.base.label, e.indices[0]
            if idx in self.slices:
                a, b = self.slices[idx]
                return lambda env: env[lab][..., a:b + 1]
            i = int(idx)
            return lambda env: env[lab][..., i]
        if not self.depends(e):
            if e.has(*_HARD) or not e.is_number:
                raise NotTorch("a functional inside the body")
            return self.const(e)
        if isinstance(e, (sp.Add, sp.Mul)):
            return _fold([self.compile(a) for a in e.args], isinstance(e, sp.Add), torch)
        if isinstance(e, sp.Pow):
            base, ex = self.compile(e.base), self.compile(e.exp)
            if e.exp == sp.Rational(1, 2):
                return lambda env: torch.sqrt(base(env))
            return lambda env: _power(base(env), ex(env), torch)
        if type(e) in _UNARY:
            name = _UNARY[type(e)]
            a = self.compile(e.args[0])
            fn = getattr(torch, name) if "." not in name else getattr(torch.special,
                                                                      name.split(".")[1])
            return lambda env: fn(_tensor(a(env), torch, self.dev))
        if isinstance(e, (sp.Min, sp.Max)):
            parts = [self.compile(a) for a in e.args]
            op = torch.minimum if isinstance(e, sp.Min) else torch.maximum

            def extreme(env):
                out = _tensor(parts[0](env), torch, self.dev)
                for p in parts[1:]:
                    out = op(out, _tensor(p(env), torch, self.dev))
                return out

            return extreme
        if isinstance(e, (V.pdf, V.logpdf)) and type(e.args[0]).__name__ in _TORCH_LAWS and (
                not isinstance(e.args[1], sp.Tuple)):
            kind = type(e.args[0]).__name__
            params = [self.compile(p) for p in e.args[0].args]
            x = self.compile(e.args[1])

            def logdens(env):
                ps = [_tensor(p(env), torch, self.dev) for p in params]
                return _log_density(kind, _tensor(x(env), torch, self.dev), ps, torch)

            if isinstance(e, V.pdf):
                return lambda env: torch.exp(logdens(env))
            return logdens
        raise NotTorch(f"no torch evaluation of {type(e).__name__}")

    def reduce(self, kind: str, body: sp.Basic, k: sp.Symbol, a: int, b: int) -> Fn:
        torch = self.torch
        inner = _Compiler(self.variables, torch, self.dev)
        inner.slices = {**self.slices, k: (a, b)}
        fn = inner.compile(body)
        length = b - a + 1

        def run(env):
            vals = _tensor(fn(env), torch, self.dev)
            vals = vals.expand(torch.broadcast_shapes(vals.shape, (length,)))
            if kind == "sum":
                return vals.sum(-1)
            if kind == "product":
                return vals.prod(-1)
            # logsumexp by hand: torch's own makes several more passes on the CPU.
            top = vals.amax(-1, keepdim=True)
            top = torch.where(torch.isfinite(top), top, torch.zeros_like(top))
            return (vals - top).exp_().sum(-1).log_().add_(top.squeeze(-1))

        return run


_UNARY = {sp.exp: "exp", sp.log: "log", sp.Abs: "abs", sp.sign: "sign", sp.sin: "sin",
          sp.cos: "cos", sp.tan: "tan", sp.tanh: "tanh", sp.sinh: "sinh", sp.cosh: "cosh",
          sp.atan: "atan", sp.asin: "asin", sp.acos: "acos", sp.asinh: "asinh",
          sp.acosh: "acosh", sp.atanh: "atanh", sp.erf: "erf", sp.erfc: "erfc", sp.floor: "floor",
          sp.ceiling: "ceil", sp.digamma: "special.digamma"}


def _fold(parts: list[Fn], add: bool, torch) -> Fn:
    """The sum (product) of the parts: the first operation allocates the result, the
    others update it in place where shapes allow (a part may be a draw itself, which must
    not be written to, so the first result is always fresh)."""

    def fold(env):
        out = parts[0](env)
        fresh = False
        for p in parts[1:]:
            v = p(env)
            if fresh and isinstance(out, torch.Tensor) and (
                    not isinstance(v, torch.Tensor) or torch.broadcast_shapes(
                        out.shape, v.shape) == out.shape):
                out = out.add_(v) if add else out.mul_(v)
            else:
                out = out + v if add else out * v
                fresh = isinstance(out, torch.Tensor)
        return out

    return fold


def _tensor(v, torch, dev):
    return v if isinstance(v, torch.Tensor) else torch.tensor(v, dtype=torch.float64,
                                                              device=dev)


def _unsqueeze(v, torch):
    return v.unsqueeze(-1) if isinstance(v, torch.Tensor) and v.ndim > 0 else v


def _power(base, ex, torch):
    if not isinstance(base, torch.Tensor) and not isinstance(ex, torch.Tensor):
        return base**ex
    return torch.pow(base, ex)


# ----------------------------------------------------------------------------- estimates


def expect(body: sp.Basic, variables: Sequence[sp.Basic], nds: Sequence[D.NumericDist],
           n: int, seed: int, check_time: Callable[[], None]) -> np.ndarray:
    """The values of ``body`` at ``n`` draws of ``nds`` as a numpy array (the caller's
    diagnostics, the tail test above all, need the whole sample); see :func:`values`."""
    return values(body, variables, nds, n, seed, check_time).cpu().numpy()


def values(body: sp.Basic, variables: Sequence[sp.Basic], nds: Sequence[D.NumericDist],
           n: int, seed: int, check_time: Callable[[], None]):
    """The values of ``body`` at ``n`` draws of ``nds`` (one law per variable), as a
    float64 tensor on the device.

    Raises
    ------
    NotTorch
        When a law or a part of the body has no torch form, or a value is not a finite
        real number (log of a negative number, say): the numpy path decides those.
    """
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - torch is a dependency
        raise NotTorch("torch is not installed") from exc
    dev = device()
    threads = torch.get_num_threads()
    if dev == "cpu":
        # One thread: the elementwise passes are memory-bound, and torch's worker threads
        # spin against the other processes of a loaded machine (three times the CPU time).
        torch.set_num_threads(1)
    try:
        return _values(body, variables, nds, n, seed, check_time, torch, dev)
    finally:
        torch.set_num_threads(threads)


def _values(body, variables, nds, n, seed, check_time, torch, dev):
    fn = _Compiler(set(variables), torch, dev).compile(body)
    draws = [sampler(d, torch, dev) for d in nds]
    gen = torch.Generator(device=dev).manual_seed(seed)
    rows = max(1024, BLOCK // max(1, sum(d.dim for d in nds)))
    parts = []
    for start in range(0, n, rows):
        check_time()
        m = min(rows, n - start)
        env = {v: draw(m, gen) for v, draw in zip(variables, draws, strict=True)}
        block = _tensor(fn(env), torch, dev)
        parts.append(block.expand(m) if block.ndim == 0 else block)
    vals = torch.cat(parts)
    if not bool(torch.isfinite(vals).all()):
        raise NotTorch("non-finite values on the torch path")
    return vals
