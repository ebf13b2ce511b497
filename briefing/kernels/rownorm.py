"""L2 normalisation of the rows of a float32 CSR matrix, compiled with numba.

It computes what `sklearn.preprocessing.normalize(X)` computes, bit for bit (each row's sum of
squares accumulated in double precision in stored order, each value divided by its square root
in double precision and rounded to float32; an all-zero row stays as it is), without importing
scikit-learn, which costs about 2 s of every cluster run. tests/test_rownorm.py compares the two.
"""
from __future__ import annotations

import numpy as np
from numba import njit
from scipy import sparse


@njit(cache=True, nogil=True)
def _normalize_rows(data, indptr):
    for i in range(len(indptr) - 1):
        total = 0.0
        for j in range(indptr[i], indptr[i + 1]):
            total += data[j] * data[j]  # the square in float32, as scikit-learn's loop does
        if total == 0.0:
            continue
        norm = np.sqrt(total)
        for j in range(indptr[i], indptr[i + 1]):
            data[j] = data[j] / norm


def normalize(X: sparse.csr_matrix) -> sparse.csr_matrix:
    """A copy of X (float32 CSR) with each non-zero row scaled to unit L2 norm."""
    if not sparse.isspmatrix_csr(X) or X.dtype != np.float32:
        raise TypeError("normalize needs a float32 CSR matrix")
    Y = X.copy()
    _normalize_rows(Y.data, Y.indptr)
    return Y
