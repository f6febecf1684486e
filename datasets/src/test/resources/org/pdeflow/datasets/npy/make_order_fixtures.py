"""Writes the .npy fixtures of NpyOrderTest with NumPy (run from this folder: python3 make_order_fixtures.py).

order_<C|F>_<le|be>_<f4|f8>.npy: the (2, 3, 4) array a[i, j, k] = 0.5 * (12 i + 4 j + k) - 3 (exact in
float32), saved from a C-ordered or a Fortran-ordered copy (np.asfortranarray: header fortran_order True),
little- or big-endian.
transposed_f8.npy: np.arange(12.).reshape(3, 4).T, shape (4, 3), b[i, j] = 4 j + i; NumPy saves the
transpose of a C array as Fortran order without copying.
fortran_savez.npz: the transposed array as entry 'b' (np.savez keeps its Fortran order too).
"""
import numpy as np

a = 0.5 * np.arange(24.0).reshape(2, 3, 4) - 3
for order, make in (("C", np.ascontiguousarray), ("F", np.asfortranarray)):
    for endian, prefix in (("le", "<"), ("be", ">")):
        for kind in ("f4", "f8"):
            np.save(f"order_{order}_{endian}_{kind}.npy", make(a.astype(prefix + kind)))
b = np.arange(12.0).reshape(3, 4).T
assert not b.flags.c_contiguous
np.save("transposed_f8.npy", b)
np.savez("fortran_savez.npz", b=b)
