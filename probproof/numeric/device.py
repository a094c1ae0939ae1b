"""Which torch device to compute on."""

from __future__ import annotations


def default_device() -> str:
    """Return ``"cuda"`` when torch sees a GPU, else ``"cpu"``."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def resolve_device(requested: str | None) -> str:
    """Validate a ``--device`` value; ``None`` means :func:`default_device`."""
    import torch

    if requested is None:
        return default_device()
    if requested not in ("cpu", "cuda"):
        raise ValueError(f"unknown device {requested!r}: expected 'cpu' or 'cuda'")
    if requested == "cuda" and not torch.cuda.is_available():
        raise ValueError("--device cuda was asked for, but torch sees no GPU")
    return requested
