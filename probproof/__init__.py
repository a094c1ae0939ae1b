"""probproof: derive, check and confirm the mathematics of generative models."""

from __future__ import annotations

__version__ = "0.1.0"
