"""The MNIST loaders read IDX files (raw and gzipped) and mnist.npz written here."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import struct
from pathlib import Path
from unittest import mock

import numpy as np
import pytest

from probproof import cli
from probproof.numeric.experiments.digits import (
    downsample_2x2,
    load_mnist,
    mnist_digits,
    read_idx,
)


def write_idx(path: Path, array: np.ndarray, type_code: int, compress: bool) -> None:
    """Write ``array`` in LeCun's IDX layout, independently of the reader under test."""
    header = bytes([0, 0, type_code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    big_endian = array.astype(array.dtype.newbyteorder(">"), copy=False)
    payload = header + big_endian.tobytes(order="C")
    path.write_bytes(gzip.compress(payload) if compress else payload)


def fake_mnist(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Images whose 2x2 blocks are constant, so their 14x14 binarisation is known."""
    small = rng.integers(0, 256, size=(n, 14, 14)).astype(np.uint8)
    small[:, 0, 0] = 128  # exactly the threshold: must become 0 ("> 128")
    small[:, 0, 1] = 129
    images = small.repeat(2, axis=1).repeat(2, axis=2)
    labels = np.arange(n) % 10
    return images, labels.astype(np.uint8)


@pytest.fixture
def idx_folder(tmp_path: Path) -> tuple[Path, dict[str, np.ndarray]]:
    rng = np.random.default_rng(0)
    x_tr, y_tr = fake_mnist(rng, 60)
    x_te, y_te = fake_mnist(rng, 24)
    write_idx(tmp_path / "train-images-idx3-ubyte.gz", x_tr, 0x08, compress=True)
    write_idx(tmp_path / "train-labels-idx1-ubyte.gz", y_tr, 0x08, compress=True)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", x_te, 0x08, compress=False)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", y_te, 0x08, compress=False)
    return tmp_path, {"x_train": x_tr, "y_train": y_tr, "x_test": x_te, "y_test": y_te}


@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize(("type_code", "dtype"), [(0x08, np.uint8), (0x0C, np.int32),
                                                  (0x0E, np.float64)])
def test_read_idx_round_trip(tmp_path: Path, compress: bool, type_code: int,
                             dtype: type) -> None:
    array = (np.arange(2 * 3 * 5) - 7).reshape(2, 3, 5).astype(dtype)
    if dtype is np.uint8:
        array = np.arange(30, dtype=np.uint8).reshape(2, 3, 5)
    path = tmp_path / "a.idx"
    write_idx(path, array, type_code, compress)
    got = read_idx(path)
    assert got.shape == array.shape and np.array_equal(got, array)


def test_read_idx_rejects_other_files(tmp_path: Path) -> None:
    (tmp_path / "bad").write_bytes(b"PK\x03\x04 not an idx file")
    with pytest.raises(ValueError, match="not an IDX"):
        read_idx(tmp_path / "bad")
    short = tmp_path / "short"
    short.write_bytes(bytes([0, 0, 8, 1]) + struct.pack(">I", 100) + b"\x00" * 10)
    with pytest.raises(ValueError, match="shorter"):
        read_idx(short)


def test_load_mnist_from_idx_folder(idx_folder: tuple[Path, dict[str, np.ndarray]]) -> None:
    folder, ref = idx_folder
    x_tr, y_tr, x_te, y_te = load_mnist(folder)
    assert np.array_equal(x_tr, ref["x_train"]) and np.array_equal(y_tr, ref["y_train"])
    assert np.array_equal(x_te, ref["x_test"]) and np.array_equal(y_te, ref["y_test"])


def test_load_mnist_npz(tmp_path: Path, idx_folder: tuple[Path, dict[str, np.ndarray]]) -> None:
    _, ref = idx_folder
    np.savez(tmp_path / "mnist.npz", **ref)
    loaded = load_mnist(tmp_path / "mnist.npz")
    for got, key in zip(loaded, ("x_train", "y_train", "x_test", "y_test"), strict=True):
        assert np.array_equal(got, ref[key])


def test_mnist_digits_14x14_binarised(idx_folder: tuple[Path, dict[str, np.ndarray]]) -> None:
    folder, ref = idx_folder
    data = mnist_digits(folder, np.random.default_rng(0), n_per_class=3)
    assert data.side == 14 and data.x_train.shape == (30, 196)
    assert np.array_equal(np.bincount(data.y_train), np.full(10, 3))
    assert set(np.unique(data.x_train)) <= {0.0, 1.0}
    assert np.all(data.x_train[:, 0] == 0) and np.all(data.x_train[:, 1] == 1)
    # Each training image is one of the originals, pooled and thresholded.
    expected = (downsample_2x2(ref["x_train"]) > 128).reshape(60, -1)
    assert all((expected == row).all(axis=1).any() for row in data.x_train)
    assert data.x_val.shape[0] + data.x_test.shape[0] == 24


def test_vae_runs_on_local_mnist(idx_folder: tuple[Path, dict[str, np.ndarray]],
                                 tmp_path: Path) -> None:
    folder, _ = idx_folder
    stdout = io.StringIO()
    with mock.patch.dict(cli.COMMANDS, {"run": cli.COMMANDS["run"]}, clear=True), \
            contextlib.redirect_stdout(stdout):
        rc = cli.main(["run", "vae", "--quick", "--json", "--device", "cpu",
                       "--mnist", str(folder), "-o", str(tmp_path / "out")])
    assert rc == 0
    metrics = json.loads(stdout.getvalue())
    assert metrics["dataset"].startswith("MNIST") and metrics["input_dim"] == 196
    assert metrics["final_elbo"] > metrics["initial_elbo"]
