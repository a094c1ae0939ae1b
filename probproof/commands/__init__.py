"""The subcommands of ``probproof`` (one module each, imported by :mod:`probproof.cli`
only when it runs): the top layer, above ``reports`` (DESIGN.md, Layout)."""
