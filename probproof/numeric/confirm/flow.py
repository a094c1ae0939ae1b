"""Torch confirmations of the affine coupling block (seed 003, question 1):
random neural networks stand in for F and G, in float64. The results are stated for any
half-width m; each confirmation places the statement's formulas at every coordinate of
the block at ``WIDTHS`` (``probproof.derivations.flow``'s ``*_at``) and compares them
with the block of equation (1) there."""

from __future__ import annotations

import numpy as np
import sympy as sp
import torch

from probproof.numeric.confirmations import Confirmation, confirms

TRIALS = 20
#: The half-widths m (d = 2m) at which the general statements are confirmed.
WIDTHS = (2, 3)


def _networks(m: int, seed: int) -> dict[str, torch.nn.Module]:
    torch.manual_seed(seed)
    nets = {}
    for name in ("F", "G"):
        nets[name] = torch.nn.Sequential(
            torch.nn.Linear(m, 16), torch.nn.Tanh(), torch.nn.Linear(16, m)
        ).double()
    return nets


class _SineFeatures(torch.nn.Module):
    """``x -> A sin(B x + c)`` with large random weights: a second, non-tanh family
    of maps for F and G, whose outputs reach magnitudes of several units."""

    def __init__(self, m: int, gen: torch.Generator) -> None:
        super().__init__()
        self.b = 2 * torch.randn(8, m, generator=gen, dtype=torch.float64)
        self.c = torch.randn(8, generator=gen, dtype=torch.float64)
        self.a = torch.randn(m, 8, generator=gen, dtype=torch.float64)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.a @ torch.sin(self.b @ x + self.c)


def _sine_networks(m: int, seed: int) -> dict[str, torch.nn.Module]:
    gen = torch.Generator().manual_seed(seed + 101)
    return {name: _SineFeatures(m, gen) for name in ("F", "G")}


def _namespace(m: int, nets) -> dict:
    """SymPy function names -> torch: ``F_k`` is coordinate k of network F and
    ``d_F_k_j`` its partial derivative in argument j."""
    ns: dict = {"exp": torch.exp, "log": torch.log}
    for name, net in nets.items():
        for k in range(m):
            label = name if m == 1 else f"{name}_{k + 1}"
            ns[label] = lambda *a, net=net, k=k: net(torch.stack(a))[k]
            for j in range(m):
                ns[f"d_{label}_{j}"] = lambda *a, net=net, k=k, j=j: (
                    torch.autograd.functional.jacobian(net, torch.stack(a))[k, j]
                )
    return ns


def _derivatives_as_functions(expr: sp.Basic) -> sp.Basic:
    def rename(d: sp.Derivative) -> sp.Basic:
        f = d.expr
        ((var, _),) = d.variable_count
        j = list(f.args).index(var)
        return sp.Function(f"d_{f.func.__name__}_{j}")(*f.args)

    return expr.replace(lambda e: isinstance(e, sp.Derivative), rename)


def _compile(exprs, args, ns):
    fns = [sp.lambdify(args, _derivatives_as_functions(e), modules=[ns, "math"]) for e in exprs]
    return lambda values: torch.stack(
        [torch.as_tensor(f(*values), dtype=torch.float64) for f in fns]
    )


def _round_trip_at(result, m: int, seed: int, nets) -> float:
    """Largest error of inverse(forward(x)) = x and forward(inverse(y)) = y at ``m``."""
    from probproof.derivations.flow import CouplingBlock, round_trip_at

    blk = CouplingBlock(m)
    subs, target_x = round_trip_at(m, result.statement.lhs)
    subs = list(subs)
    ns = _namespace(blk.m, nets)
    inv = _compile([s.expr for s in subs], list(subs[0].variables) + blk.s, ns)
    fwd = _compile(list(subs[0].point), blk.x + blk.s, ns)
    target = _compile(list(target_x), blk.x, ns)
    gen = torch.Generator().manual_seed(seed)
    worst = 0.0
    with torch.no_grad():
        for _ in range(TRIALS):
            x = torch.randn(2 * blk.m, generator=gen, dtype=torch.float64)
            s = torch.randn(blk.m, generator=gen, dtype=torch.float64)
            y = fwd(list(x) + list(s))
            back = inv(list(y) + list(s))
            worst = max(worst, float((back - target(list(x))).abs().max()))
            y_rand = torch.randn(2 * blk.m, generator=gen, dtype=torch.float64)
            again = fwd(list(inv(list(y_rand) + list(s))) + list(s))
            worst = max(worst, float((again - y_rand).abs().max()))
    return worst


def _round_trip(result, seed: int, family) -> float:
    return max(_round_trip_at(result, m, seed, family(m, seed)) for m in WIDTHS)


_DIMS = " and ".join(f"d = {2 * m}" for m in WIDTHS)


@confirms("flow.coupling.inverse", "torch-networks")
def inverse_round_trip(result, seed: int) -> Confirmation:
    """inverse(forward(x)) = x with the result's two maps, random tanh networks F, G."""
    worst = _round_trip(result, seed, _networks)
    return Confirmation(
        "torch-networks",
        worst <= 1e-10,
        f"{TRIALS} random x and y at each of {_DIMS}, "
        f"tanh networks F, G in float64: inverse(forward(x)) = x and "
        f"forward(inverse(y)) = y, largest error {worst:.2e} (tolerance 1e-10)",
        worst,
    )


@confirms("flow.coupling.inverse", "torch-sine-features")
def inverse_round_trip_sines(result, seed: int) -> Confirmation:
    """The same round trips with a different family: F, G = A sin(B x2 + c)."""
    worst = _round_trip(result, seed + 1, lambda m, _seed: _sine_networks(m, seed))
    return Confirmation(
        "torch-sine-features",
        worst <= 1e-9,
        f"{TRIALS} random x and y at each of {_DIMS}, F and G random sine features "
        f"A sin(B x2 + c) in float64: both round trips, largest error {worst:.2e} "
        f"(tolerance 1e-9)",
        worst,
    )


def _jacobian_check(result, seed: int, method: str) -> tuple[float, str]:
    worst = max(_jacobian_check_at(result, m, seed, method) for m in WIDTHS)
    return worst, f"{_DIMS}, {TRIALS // 2} random points each, tanh networks F, G in float64"


def _jacobian_check_at(result, m: int, seed: int, method: str) -> float:
    from probproof.derivations.flow import CouplingBlock, jacobian_at

    blk = CouplingBlock(m)
    jac, claimed = jacobian_at(m, result.statement.rhs)
    nets = _networks(blk.m, seed)
    ns = _namespace(blk.m, nets)
    fwd = _compile(list(jac.functions), list(jac.variables) + blk.s, ns)
    entries = _compile(list(claimed), list(jac.variables) + blk.s, ns)
    gen = torch.Generator().manual_seed(seed)
    worst = 0.0
    n = len(jac.variables)
    for _ in range(TRIALS // 2):
        x = torch.randn(n, generator=gen, dtype=torch.float64)
        s = list(torch.randn(blk.m, generator=gen, dtype=torch.float64))
        if method == "autograd":
            ref = torch.autograd.functional.jacobian(lambda v, s=s: fwd(list(v) + s), x)
        else:  # central differences, step 1e-6
            h = 1e-6
            cols = [
                (fwd(list(x + h * e) + s) - fwd(list(x - h * e) + s)) / (2 * h)
                for e in torch.eye(n, dtype=torch.float64)
            ]
            ref = torch.stack(cols, dim=1)
        got = entries(list(x) + s).reshape(n, n)
        worst = max(worst, float((got - ref).detach().abs().max()))
    return worst


@confirms("flow.coupling.jacobian", "torch-autograd")
def jacobian_autograd(result, seed: int) -> Confirmation:
    """The block matrix against torch.autograd.functional.jacobian."""
    worst, where = _jacobian_check(result, seed, "autograd")
    return Confirmation(
        "torch-autograd",
        worst <= 1e-10,
        f"{where}: block matrix vs autograd Jacobian, largest error {worst:.2e} (tolerance 1e-10)",
        worst,
    )


@confirms("flow.coupling.jacobian", "finite-differences")
def jacobian_finite_differences(result, seed: int) -> Confirmation:
    """The block matrix against central finite differences."""
    worst, where = _jacobian_check(result, seed + 1, "fd")
    return Confirmation(
        "finite-differences",
        worst <= 1e-6,
        f"{where}: block matrix vs central "
        f"differences (h = 1e-6), largest error {worst:.2e} (tolerance 1e-6)",
        worst,
    )


def _det_check(result, seed: int, method: str) -> float:
    return max(_det_check_at(result, m, seed, method) for m in WIDTHS)


def _det_check_at(result, m: int, seed: int, method: str) -> float:
    from probproof.derivations.flow import CouplingBlock, det_at

    blk = CouplingBlock(m)
    block_matrix, value_at = det_at(m, result.statement.rhs)
    nets = _networks(blk.m, seed)
    ns = _namespace(blk.m, nets)
    claimed = _compile([value_at], blk.x + blk.s, ns)
    matrix = _compile(list(block_matrix), blk.x + blk.s, ns)
    fwd = _compile(blk.forward(), blk.x + blk.s, ns)
    gen = torch.Generator().manual_seed(seed)
    worst = 0.0
    for _ in range(TRIALS // 2):
        x = torch.randn(2 * blk.m, generator=gen, dtype=torch.float64)
        s = list(torch.randn(blk.m, generator=gen, dtype=torch.float64))
        value = claimed(list(x) + s)[0].detach()
        if method == "slogdet":  # equation (1) differentiated by autograd
            ref_jac = torch.autograd.functional.jacobian(lambda v, s=s: fwd(list(v) + s), x)
            sign, logabs = torch.linalg.slogdet(ref_jac.detach())
            err = abs(float(torch.log(torch.abs(value)) - logabs)) + (
                0.0 if float(sign * value) > 0 else np.inf
            )
        else:  # the determinant of the written-out block matrix, by LU
            err = abs(
                float(value - torch.linalg.det(
                    matrix(list(x) + s).reshape(2 * blk.m, 2 * blk.m).detach()))
            ) / max(1.0, abs(float(value)))
        worst = max(worst, err)
    return worst


@confirms("flow.coupling.det", "torch.linalg.slogdet")
def det_slogdet(result, seed: int) -> Confirmation:
    """log|det| and sign against slogdet of the autograd Jacobian of equation (1)."""
    worst = _det_check(result, seed, "slogdet")
    return Confirmation(
        "torch.linalg.slogdet",
        worst <= 1e-10,
        f"{_DIMS}, {TRIALS // 2} points each: "
        f"log|det| of the claim vs slogdet(autograd Jacobian), largest error "
        f"{worst:.2e} (tolerance 1e-10)",
        worst,
    )


@confirms("flow.coupling.det", "torch.linalg.det")
def det_lu(result, seed: int) -> Confirmation:
    """The claimed determinant against LU of the block matrix, evaluated with networks."""
    worst = _det_check(result, seed + 1, "lu")
    return Confirmation(
        "torch.linalg.det",
        worst <= 1e-10,
        f"{_DIMS}, {TRIALS // 2} points each: "
        f"claim vs det of the written-out Jacobian, largest relative error {worst:.2e}",
        worst,
    )
