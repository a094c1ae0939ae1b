"""The ``probproof`` command line.

Each subcommand lives in its own module, which defines ``add_arguments(parser)``
and ``run(args) -> int``. Modules are imported only when their subcommand runs,
so ``probproof check`` does not pay for torch or matplotlib.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("probproof.checks.check_command", "verify the claims of a TOML claim file"),
    "list": ("probproof.checks.catalog_commands.list_results", "list the results of the catalog"),
    "show": ("probproof.checks.catalog_commands.show_result", "show one result of the catalog"),
    "verify": ("probproof.checks.catalog_commands.verify_results", "check the catalog"),
    "latex": ("probproof.reports.latex_command", "LaTeX snippets and the answer key"),
    "report": ("probproof.reports.report_command", "HTML report and answer key"),
    "run": ("probproof.numeric.experiments.run_command", "run one of the seeds' experiments"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="probproof",
        description="Derive, check and confirm the mathematics of generative models.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._module.run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
