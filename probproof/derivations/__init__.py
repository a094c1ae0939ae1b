"""Derivations of the seed problems, in SymPy only (no numpy, torch or checks here)."""
