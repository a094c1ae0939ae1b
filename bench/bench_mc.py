"""The claim engine's Monte Carlo: torch against numpy, like for like.

Run: ``python bench/bench_mc.py [--repeats N] [--device cpu|cuda] [--draws N]``

For each expectation (a joint one, a multivariate normal one, IWAE bounds over
IID draws), the engine's Monte Carlo estimate is computed through both paths
with the same number of draws (the precise re-check's 2**19 per expectation),
interleaved, warm (torch imported and the expression parsed before timing).
Printed: the median seconds of each path, the ratio torch / numpy, and whether
the two estimates agree within their error bars (6.11 combined standard errors).

``--device cuda`` (where torch sees a GPU) also times the draws per second of a
Gaussian expectation of a smooth body, ``E[exp(-z**2/2) cos(z)]``, z ~ N(0, 1), on
the GPU: 2**26 draws per block, blocks until a second has passed.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time

CASES = {
    "joint N x Laplace": "Expect(exp(-x**2)*sin(y), [x, y], [Normal(0, 1), Laplace(1, 2)])",
    "MvNormal 2-d": "Expect(x[0]*x[1] + exp(x[0]/3), x, MvNormal([0, 1], [[1, 1/2], [1/2, 2]]))",
    "IWAE K = 5": ("Expect(logsumexp(logpdf(Normal(0, 1), z[k]) + logpdf(Normal(z[k], 1), 2) "
                   "- logpdf(Normal(0, 1), z[k]), (k, 0, 4)) - log(5), z, IID(Normal(0, 1), 5))"),
    "IWAE K = 50": ("Expect(logsumexp(logpdf(Normal(z[k], 1), 2), (k, 0, 49)) - log(50), z, "
                    "IID(Normal(0, 1), 50))"),
}
Z = 6.1094102048693975


def _time(expr, backend: str):
    from probproof.numeric.evaluate import Context, evaluate

    os.environ["PROBPROOF_MC"] = backend
    t0 = time.perf_counter()
    est = evaluate(expr, {}, Context(precise=True, monte_carlo=True))
    return time.perf_counter() - t0, est


def compare_backends(repeats: int) -> None:
    import torch

    from probproof.checks.parser import parse_statement

    os.environ["PROBPROOF_MC_DEVICE"] = "cpu"
    load = os.getloadavg()[0]
    print(f"CPU: {os.cpu_count()} cores, load {load:.1f}; torch {torch.__version__} with "
          f"{torch.get_num_threads()} threads; 2**19 draws per expectation, warm")
    print(f"{'case':<20} {'numpy s':>9} {'torch s':>9} {'ratio':>7}  same estimate?")
    for name, text in CASES.items():
        expr = parse_statement(text + " == 0", {}).lhs
        _time(expr, "numpy"), _time(expr, "torch")  # warm both
        times: dict[str, list[float]] = {"numpy": [], "torch": []}
        ests = {}
        for _ in range(repeats):
            for backend in ("numpy", "torch"):
                t, ests[backend] = _time(expr, backend)
                times[backend].append(t)
        a, b = ests["numpy"], ests["torch"]
        gap = abs(complex(a.value) - complex(b.value))
        tol = Z * math.hypot(a.stderr, b.stderr)
        tn, tt = statistics.median(times["numpy"]), statistics.median(times["torch"])
        print(f"{name:<20} {tn:9.3f} {tt:9.3f} {tt / tn:7.2f}  "
              f"{'yes' if gap <= tol else 'NO'} (|diff| {gap:.2e}, 6.11 se {tol:.2e})")


def cuda_rate(draws: int) -> None:
    import torch

    if not torch.cuda.is_available():
        print("--device cuda: torch sees no GPU here; nothing measured")
        return
    from probproof.checks.parser import parse_statement
    from probproof.numeric import distributions as D
    from probproof.numeric import torch_mc

    os.environ["PROBPROOF_MC_DEVICE"] = "cuda"
    expr = parse_statement("Expect(exp(-z**2/2)*cos(z), z, Normal(0, 1)) == 0", {}).lhs
    body, (z,) = expr.body, expr.variables
    nd = D.make("Normal", [0.0, 1.0])
    exact = 1 / math.sqrt(2) * math.exp(-1 / 4)  # E[exp(-z^2/2) cos z], z ~ N(0, 1)
    for label, run in (("on the device (mean and variance there)",
                        lambda s: torch_mc.values(body, [z], [nd], draws, s, lambda: None)),
                       ("as the engine runs it (values copied to the host for the tail test)",
                        lambda s: torch_mc.expect(body, [z], [nd], draws, s, lambda: None))):
        run(0)  # warm up the kernels
        torch.cuda.synchronize()
        total, t0, means = 0, time.perf_counter(), []
        while time.perf_counter() - t0 < 1.0:
            vals = run(total + 1)
            means.append(float(vals.mean()))
            total += draws
        torch.cuda.synchronize()
        seconds = time.perf_counter() - t0
        print(f"GPU {torch.cuda.get_device_name()}, {label}: {total / seconds:.3e} draws/s "
              f"({total} draws in {seconds:.2f} s); mean {sum(means) / len(means):.6f} vs "
              f"exact {exact:.6f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--draws", type=int, default=1 << 26)
    args = parser.parse_args()
    if args.device == "cuda":
        cuda_rate(args.draws)
        return 0
    compare_backends(args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
