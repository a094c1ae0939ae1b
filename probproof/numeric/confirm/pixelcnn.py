"""Confirmations of ``pixelcnn.receptive_field.*``: the claimed 5x5 grid (the result's
``statement.rhs``) against (1) the gradient of output pixel 33 with respect to the input of
a two-layer masked convolution in torch (float64, random positive weights) and (2) finite
perturbations of each input pixel through scipy's cross-correlation.

The masks are rebuilt here from the seed's definition, independently of the derivation.
"""

from __future__ import annotations

import numpy as np
import torch

from probproof.numeric.confirmations import Confirmation, confirms

KEYS = ("AA", "AB", "BA", "BB")


def _mask(kind: str) -> np.ndarray:
    m = np.zeros((3, 3))
    m[0, :] = 1  # i < 2 (1-based row 1)
    m[1, 0] = 1  # i = 2, j < 2
    if kind == "B":
        m[1, 1] = 1  # i = 2, j <= 2
    return m


def _claimed(result) -> np.ndarray:
    return np.array(result.statement.rhs.tolist(), dtype=float)


def _torch_field(first: str, second: str, seed: int) -> np.ndarray:
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(1, 1, 5, 5, dtype=torch.float64, generator=g, requires_grad=True)
    w1 = torch.rand(1, 1, 3, 3, dtype=torch.float64, generator=g) + 0.5
    w1 = w1 * torch.tensor(_mask(first))
    w2 = torch.rand(1, 1, 3, 3, dtype=torch.float64, generator=g) + 0.5
    w2 = w2 * torch.tensor(_mask(second))
    h = torch.nn.functional.conv2d(x, w1, padding=1)  # cross-correlation, no flip
    y = torch.nn.functional.conv2d(h, w2, padding=1)
    (grad,) = torch.autograd.grad(y[0, 0, 2, 2], x)
    return (grad[0, 0].abs() > 0).numpy().astype(float)


def _perturb_field(first: str, second: str, seed: int) -> np.ndarray:
    # imported here: scipy.signal's import is a serial cost of every `probproof verify`
    # (before the workers start), and only the worker that runs this check needs it
    from scipy.signal import correlate2d

    rng = np.random.default_rng(seed)
    w1 = (rng.uniform(0.5, 1.5, (3, 3))) * _mask(first)
    w2 = (rng.uniform(0.5, 1.5, (3, 3))) * _mask(second)

    def out(x):
        h = correlate2d(x, w1, mode="same", boundary="fill")
        return correlate2d(h, w2, mode="same", boundary="fill")[2, 2]

    x0 = rng.uniform(0, 1, (5, 5))
    base = out(x0)
    field = np.zeros((5, 5))
    for r in range(5):
        for c in range(5):
            x = x0.copy()
            x[r, c] += 1.0
            field[r, c] = float(abs(out(x) - base) > 1e-12)
    return field


def _compare(result, field: np.ndarray, method: str) -> Confirmation:
    claimed = _claimed(result)
    wrong = int((claimed != field).sum())
    cells = [f"{r + 1}{c + 1}" for r, c in zip(*np.nonzero(claimed != field), strict=True)]
    detail = (f"5x5 dependency pattern of output 33 by {method}; "
              + ("agrees with the claimed grid" if not wrong else f"disagrees at {cells}"))
    return Confirmation(method, wrong == 0, detail, float(wrong),
                        {"field": field.astype(int).tolist()})


def _register(key: str) -> None:
    rid = f"pixelcnn.receptive_field.{key}"

    @confirms(rid, "torch-autograd")
    def by_gradient(result, seed: int = 0) -> Confirmation:
        return _compare(result, _torch_field(key[0], key[1], seed), "torch-autograd")

    @confirms(rid, "perturbation")
    def by_perturbation(result, seed: int = 0) -> Confirmation:
        return _compare(result, _perturb_field(key[0], key[1], seed), "perturbation")


for _k in KEYS:
    _register(_k)
