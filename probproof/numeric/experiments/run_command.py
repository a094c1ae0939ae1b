"""``probproof run NAME``: run one of the seeds' experiments.

Writes the experiment's PNG figures and ``metrics.json`` into the output
folder and prints the metrics (as JSON with ``--json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from probproof.numeric.experiments.registry import load_all


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``probproof run``."""
    experiments = load_all()
    listing = "; ".join(f"{name}: {desc}" for name, (_, desc) in sorted(experiments.items()))
    parser.add_argument("name", choices=sorted(experiments), metavar="NAME",
                        help=f"experiment to run ({listing})")
    parser.add_argument("--json", action="store_true",
                        help="print the metrics as one JSON object, no progress bar")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="DIR",
                        help="folder for figures and metrics.json (default: ./probproof-runs/NAME)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--device", choices=("cpu", "cuda"), default=None,
                        help="torch device (default: cuda when available)")
    parser.add_argument("--quick", action="store_true",
                        help="small version, for tests and CI")
    parser.add_argument("--mnist", type=Path, default=None, metavar="PATH",
                        help="local MNIST: a folder of IDX files (gzipped or not) or mnist.npz; "
                        "without it the digit experiments use scikit-learn's 8x8 digits")


def _format(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list):
        return f"[{len(value)} values]"
    return str(value)


def print_metrics(metrics: dict[str, Any], indent: str = "") -> None:
    """Print metrics as indented ``key: value`` lines; long lists are summarised."""
    for key, value in metrics.items():
        if isinstance(value, dict):
            print(f"{indent}{key}:")
            print_metrics(value, indent + "  ")
        else:
            print(f"{indent}{key}: {_format(value)}")


def run(args: argparse.Namespace) -> int:
    """Run the experiment named in ``args`` and write its outputs."""
    from probproof.numeric.device import resolve_device
    from probproof.numeric.experiments.context import RunContext

    try:
        device = resolve_device(args.device)
    except ValueError as exc:
        print(f"probproof run: {exc}", file=sys.stderr)
        return 2
    if args.mnist is not None and not args.mnist.exists():
        print(f"probproof run: --mnist {args.mnist} does not exist", file=sys.stderr)
        return 2
    out = args.output if args.output is not None else Path("probproof-runs") / args.name
    out.mkdir(parents=True, exist_ok=True)
    ctx = RunContext(
        output_dir=out,
        seed=args.seed,
        device=device,
        quick=args.quick,
        show_progress=sys.stderr.isatty() and not args.json,
        mnist=args.mnist,
    )
    if args.quick and device == "cpu":
        import torch

        # The models are small: a second intra-op thread saves little, and when the
        # cores are busy its spin-waiting tripled the quick runs' CPU time.
        torch.set_num_threads(1)
    fn, _ = load_all()[args.name]
    metrics = {"experiment": args.name, "seed": args.seed, "device": device,
               "quick": bool(args.quick)}
    metrics.update(fn(ctx))
    metrics["figures"] = list(ctx.figures)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    if args.json:
        print(json.dumps(metrics))
    else:
        print_metrics(metrics)
        print(f"figures and metrics.json written to {out}")
    return 0
