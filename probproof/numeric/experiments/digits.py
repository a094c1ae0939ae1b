"""Digit images for the VAE experiments: local MNIST, or scikit-learn's 8x8 digits.

MNIST is read from a local path only (nothing is downloaded):

* a folder with the standard IDX files ``train-images-idx3-ubyte``,
  ``train-labels-idx1-ubyte``, ``t10k-images-idx3-ubyte``,
  ``t10k-labels-idx1-ubyte``, each possibly gzipped (``.gz``), or with dots in
  place of the last dash (``train-images.idx3-ubyte``);
* a Keras-style ``mnist.npz`` with ``x_train, y_train, x_test, y_test``.

For seed 001 the 28 x 28 images are reduced to 14 x 14 by averaging 2 x 2
blocks and binarised with "pixel > 128". Without MNIST, scikit-learn's bundled
8 x 8 digits (intensities 0..16, no download) are binarised at half intensity
("pixel > 8") and used at their own size, 64 inputs.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# IDX type codes -> numpy dtypes, all big-endian (LeCun's format description).
_IDX_DTYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def read_idx(path: str | Path) -> np.ndarray:
    """Read an IDX file (gzipped or not) into an array.

    The format: two zero bytes, a type code, the number of dimensions n, then
    n big-endian uint32 sizes, then the data in row-major order.

    Parameters
    ----------
    path : str or Path
        A raw or gzip-compressed IDX file; gzip is recognised by its magic bytes.

    Returns
    -------
    ndarray
        With the file's shape and dtype (converted to native byte order).

    Raises
    ------
    ValueError
        If the header is not IDX or the data are shorter than announced.
    """
    raw = Path(path).read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"{path}: not an IDX file")
    dtype = _IDX_DTYPES[raw[2]]
    ndim = raw[3]
    header = 4 + 4 * ndim
    shape = tuple(int(s) for s in np.frombuffer(raw[4:header], dtype=">u4"))
    count = int(np.prod(shape)) if shape else 1
    if len(raw) < header + count * dtype.itemsize:
        raise ValueError(f"{path}: IDX data shorter than its header says")
    data = np.frombuffer(raw[header:], dtype=dtype, count=count)
    return data.reshape(shape).astype(dtype.newbyteorder("="))


def _find_idx(folder: Path, stem: str) -> Path:
    variants = [stem, stem.replace("-idx", ".idx")]
    for name in variants:
        for candidate in (folder / name, folder / f"{name}.gz"):
            if candidate.exists():
                return candidate
    raise FileNotFoundError(f"no {stem}[.gz] in {folder}")


def load_mnist(path: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Load MNIST from an IDX folder or an ``mnist.npz`` file.

    Returns
    -------
    x_train, y_train, x_test, y_test : ndarray
        Images as uint8 of shape (n, 28, 28) and labels as int64.
    """
    path = Path(path)
    if path.is_file():
        with np.load(path) as f:
            arrays = [f[k] for k in ("x_train", "y_train", "x_test", "y_test")]
    else:
        arrays = [
            read_idx(_find_idx(path, stem))
            for stem in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                         "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
        ]
    x_train, y_train, x_test, y_test = arrays
    for x, y in ((x_train, y_train), (x_test, y_test)):
        if x.ndim != 3 or x.shape[0] != y.shape[0]:
            raise ValueError(f"{path}: images {x.shape} and labels {y.shape} do not match")
    return (x_train.astype(np.uint8), y_train.astype(np.int64),
            x_test.astype(np.uint8), y_test.astype(np.int64))


def downsample_2x2(images: np.ndarray) -> np.ndarray:
    """Average non-overlapping 2 x 2 blocks: (n, 2h, 2w) -> (n, h, w), float64."""
    n, h, w = images.shape
    return images.reshape(n, h // 2, 2, w // 2, 2).astype(np.float64).mean(axis=(2, 4))


def per_class(labels: np.ndarray, n_per_class: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of ``n_per_class`` random examples of each label (fewer if not available)."""
    picks = []
    for label in np.unique(labels):
        idx = np.flatnonzero(labels == label)
        picks.append(rng.choice(idx, size=min(n_per_class, idx.size), replace=False))
    return np.sort(np.concatenate(picks))


@dataclass(frozen=True)
class DigitData:
    """Binarised, flattened digit images with their labels.

    Attributes
    ----------
    x_train, x_val, x_test : ndarray of float32, shape (n, side*side)
    y_train, y_val, y_test : ndarray of int64
    side : int
        Images are side x side.
    dataset : str
        Where the images came from and how they were prepared.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    side: int
    dataset: str


def mnist_digits(path: str | Path, rng: np.random.Generator, n_per_class: int = 1000,
                 n_val: int = 100, n_test: int = 1000) -> DigitData:
    """Seed 001's data set: ``n_per_class`` training images per digit, 14 x 14, > 128.

    Validation and test images are disjoint draws from the MNIST test set.
    """
    x_tr, y_tr, x_te, y_te = load_mnist(path)
    train = per_class(y_tr, n_per_class, rng)
    # A small test set (as in the tests' tiny IDX files) is split in half.
    n_val = min(n_val, x_te.shape[0] // 2)
    held = rng.permutation(x_te.shape[0])[: n_val + n_test]

    def prep(x: np.ndarray) -> np.ndarray:
        return (downsample_2x2(x) > 128).reshape(x.shape[0], -1).astype(np.float32)

    return DigitData(
        x_train=prep(x_tr[train]), y_train=y_tr[train],
        x_val=prep(x_te[held[:n_val]]), y_val=y_te[held[:n_val]],
        x_test=prep(x_te[held[n_val:]]), y_test=y_te[held[n_val:]],
        side=x_tr.shape[1] // 2,
        dataset=f"MNIST from {path}: {n_per_class} training images per digit, 2x2-averaged "
        "to 14x14, binarised at > 128",
    )


def sklearn_digits(rng: np.random.Generator, n_val: int = 100, n_test: int = 300) -> DigitData:
    """The fallback: scikit-learn's 1797 bundled 8 x 8 digits, binarised at > 8 of 16."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    x = (bunch.images > 8).reshape(len(bunch.images), -1).astype(np.float32)
    y = bunch.target.astype(np.int64)
    order = rng.permutation(x.shape[0])
    val, test, train = np.split(order, [n_val, n_val + n_test])
    return DigitData(
        x_train=x[train], y_train=y[train], x_val=x[val], y_val=y[val],
        x_test=x[test], y_test=y[test], side=8,
        dataset="sklearn-digits-8x8 (no --mnist given: scikit-learn's bundled 8x8 digits, "
        f"binarised at > 8 of 16, 64 inputs; {train.size} train / {n_val} validation / "
        f"{n_test} test)",
    )


def load_digits_data(mnist: str | Path | None, rng: np.random.Generator) -> DigitData:
    """MNIST when a path is given, else scikit-learn's digits."""
    if mnist is not None:
        return mnist_digits(mnist, rng)
    return sklearn_digits(rng)
