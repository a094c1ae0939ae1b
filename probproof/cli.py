"""The ``probproof`` command line.

Each subcommand lives in its own module, which defines ``add_arguments(parser)``
and ``run(args) -> int``. Only the module of the subcommand that runs is
imported: ``probproof --help`` imports none (no SymPy, scipy, torch or
Hypothesis), so it answers at once.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("probproof.commands.check", "verify the claims of a TOML claim file"),
    "list": ("probproof.commands.list", "list the results of the catalog"),
    "show": ("probproof.commands.show", "show one result of the catalog"),
    "verify": ("probproof.commands.verify", "check the catalog"),
    "latex": ("probproof.commands.latex", "LaTeX snippets and the answer key"),
    "report": ("probproof.commands.report", "HTML report and answer key"),
    "run": ("probproof.numeric.experiments.run_command", "run one of the seeds' experiments"),
}


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv``: the top-level parser has no option taking
    a value, so it is the first word that is not an option."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; the arguments of the subcommand named in ``argv`` only (all of
    them when ``argv`` is None)."""
    parser = argparse.ArgumentParser(
        prog="probproof",
        description="Derive, check and confirm the mathematics of generative models.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    chosen = _chosen(argv) if argv is not None else None
    for name, (module_name, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if argv is None or name == chosen:
            module = importlib.import_module(module_name)
            module.add_arguments(p)
            p.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    from probproof.commands.outputs import OutputError

    try:
        return int(args._module.run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except OutputError as exc:
        print(f"probproof: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        # Writing an output that passed the checks before the run (the disk filled up,
        # the directory went away): one line, as for any other bad path.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"probproof: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2


def entry() -> None:
    """The ``probproof`` program: :func:`main`, then an immediate exit.

    The interpreter's own shutdown frees every SymPy expression, cache and module one by
    one: about 0.9 s after a ``verify`` of the catalog, as long as some whole commands.
    Nothing is left for it to do (workers are stopped, temporary folders removed, files
    closed by the commands), so the program flushes its output and leaves with
    ``os._exit``. Tests and other callers use :func:`main`, which returns.
    """
    from probproof.checks.limits import fewer_collections

    fewer_collections()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a closed pipe or stream: nothing more to say
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    entry()
