"""Start-up time of the command line beside the import of SymPy.

Run: ``python bench/bench_startup.py [--repeat N]``

Each command runs in a fresh interpreter (``python -m probproof ...``, so the
interpreter's own start is included, as a user sees it); the median and the
worst of ``--repeat`` runs are printed. ``probproof list`` is timed warm (its
listing cached, as after its first run) and cold (cache emptied each run).
The targets (issue 16) are ``--help`` under 0.5 s and ``list`` under 1.5 s on
2 cores; ``python -c "import sympy"`` is the yardstick.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(argv: list[str], env: dict[str, str], before=None) -> float:
    if before:
        before()
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cache = tempfile.mkdtemp(prefix="probproof-bench-cache-")
    env = {**os.environ, "PROBPROOF_CACHE_DIR": cache,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    py = sys.executable

    def empty_cache() -> None:
        for f in Path(cache).glob("*"):
            f.unlink()

    cases = [
        ('python -c "import sympy"', [py, "-c", "import sympy"], None),
        ('python -c "import sympy, scipy, numpy"', [py, "-c", "import sympy, scipy, numpy"],
         None),
        ("probproof --help", [py, "-m", "probproof", "--help"], None),
        ("probproof list (warm)", [py, "-m", "probproof", "list"], None),
        ("probproof list (cold)", [py, "-m", "probproof", "list"], empty_cache),
    ]
    subprocess.run([py, "-m", "probproof", "list"], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fill the cache and the OS's file cache
    print(f"{'command':<40} {'median s':>9} {'worst s':>8}   ({args.repeat} runs, "
          f"{os.cpu_count()} CPUs)")
    for label, argv, before in cases:
        times = [timed(argv, env, before) for _ in range(args.repeat)]
        print(f"{label:<40} {statistics.median(times):>9.2f} {max(times):>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
