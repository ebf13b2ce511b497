"""Candidate search of the clustering's neighbour graph, compiled with numba.

For each query article i, the candidate score of article j is the sum over i's query terms t
(its QUERY_TERMS strongest, `Q`) of Q[i, t] * X[j, t]; the CANDIDATES best candidates whose
score reaches EDGE_FLOOR (ties by article index) are rescored with the exact cosine X[i] . X[j].

This is the sparse product Q @ X.T row by row, done without building it: one pass over the
posting lists of i's query terms into a dense accumulator, keeping only what passes the floor.
Sums run in float32 in the order scipy's sparse product and `X[rows].multiply(X[cols]).sum(1)`
use (query terms in column order; a pair's products in column order), so the candidates and
cosines are bit for bit those of the scipy formulation (tests/test_neighbours.py checks it on
real articles against that formulation).
"""
from __future__ import annotations

import os

import numpy as np
from numba import njit
from scipy import sparse


@njit(cache=True, nogil=True)
def _block_sum(a, start, stop):
    """numpy's float32 sum of a block of at most 128 values: 8 accumulators (from 8 values on)."""
    n = stop - start
    if n < 8:
        res = np.float32(0.0)
        for i in range(start, stop):
            res += a[i]
        return res
    r0, r1, r2, r3 = a[start], a[start + 1], a[start + 2], a[start + 3]
    r4, r5, r6, r7 = a[start + 4], a[start + 5], a[start + 6], a[start + 7]
    i = start + 8
    end = stop - (n % 8)
    while i < end:
        r0 += a[i]
        r1 += a[i + 1]
        r2 += a[i + 2]
        r3 += a[i + 3]
        r4 += a[i + 4]
        r5 += a[i + 5]
        r6 += a[i + 6]
        r7 += a[i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < stop:
        res += a[i]
        i += 1
    return res


@njit(cache=True, nogil=True)
def _pairwise_sum(a, start, stop):
    """Sum of a[start:stop] in float32 in numpy's pairwise order: blocks of at most 128 values
    (`_block_sum`), larger runs split in halves (rounded down to a multiple of 8) and added.
    Written with an explicit stack: numba's cache cannot hold a recursive function."""
    if stop - start <= 128:
        return _block_sum(a, start, stop)
    starts = np.empty(64, dtype=np.int64)
    stops = np.empty(64, dtype=np.int64)
    states = np.empty(64, dtype=np.int64)
    values = np.empty(64, dtype=np.float32)
    top, nvalues = 0, 0
    starts[0], stops[0], states[0] = start, stop, 0
    while top >= 0:
        s, e = starts[top], stops[top]
        n = e - s
        if n <= 128:
            values[nvalues] = _block_sum(a, s, e)
            nvalues += 1
            top -= 1
            continue
        half = n // 2
        half -= half % 8
        if states[top] == 0:
            states[top] = 1
            top += 1
            starts[top], stops[top], states[top] = s, s + half, 0
        elif states[top] == 1:
            states[top] = 2
            top += 1
            starts[top], stops[top], states[top] = s + half, e, 0
        else:
            nvalues -= 1
            values[nvalues - 1] = values[nvalues - 1] + values[nvalues]
            top -= 1
    return values[0]


@njit(cache=True, nogil=True)
def _search(q_indptr, q_indices, q_data, xt_indptr, xt_indices, xt_data, x_indptr, x_indices, x_data,
            queries, floor, k, width):
    n = len(x_indptr) - 1
    acc = np.zeros(n, dtype=np.float32)
    vals = np.empty(n, dtype=np.float32)
    cols = np.empty(n, dtype=np.int64)
    longest = 1
    for r in range(n):
        longest = max(longest, x_indptr[r + 1] - x_indptr[r])
    prods = np.empty(longest, dtype=np.float32)
    dense = np.zeros(width, dtype=np.float32)
    out_rows = np.empty(len(queries) * k, dtype=np.int64)
    out_cols = np.empty(len(queries) * k, dtype=np.int64)
    out_cos = np.empty(len(queries) * k, dtype=np.float32)
    m = 0
    for qi in range(len(queries)):
        i = queries[qi]
        for p in range(q_indptr[i], q_indptr[i + 1]):
            t = q_indices[p]
            v = q_data[p]
            for r in range(xt_indptr[t], xt_indptr[t + 1]):
                acc[xt_indices[r]] += v * xt_data[r]
        # a dense scan (and reset) of the accumulator beats tracking the touched entries: no
        # unpredictable branch in the inner loop above
        c = 0
        for j in range(n):
            s = acc[j]
            if s >= floor and j != i:
                vals[c] = s
                cols[c] = j
                c += 1
            acc[j] = 0.0
        # key: higher score first, then lower column (scores are positive: their bits sort as they do)
        bits = vals[:c].view(np.int32).astype(np.int64)
        keys = ((np.int64(0x7FFFFFFF) - bits) << 32) | cols[:c]
        if c > k:
            keys = np.partition(keys, k - 1)[:k]
        for a in range(x_indptr[i], x_indptr[i + 1]):
            dense[x_indices[a]] = x_data[a]
        for key in keys:
            j = key & np.int64(0xFFFFFFFF)
            # exact cosine: the products of shared columns, in column order, summed as
            # np.add.reduceat sums them (what scipy's row sums use)
            L = 0
            for b in range(x_indptr[j], x_indptr[j + 1]):
                # every product is written, and kept (L moves on) only for a shared column: no
                # branch that the shared columns' pattern would mispredict
                w = dense[x_indices[b]]
                prods[L] = w * x_data[b]
                L += w != 0.0
            total = np.float32(0.0)
            if L > 0:
                total = prods[0] + _pairwise_sum(prods, 1, L)
            out_rows[m] = i
            out_cols[m] = j
            out_cos[m] = total
            m += 1
        for a in range(x_indptr[i], x_indptr[i + 1]):
            dense[x_indices[a]] = 0.0
    return out_rows[:m], out_cols[:m], out_cos[:m]


def candidate_cosines(X: sparse.csr_matrix, Q: sparse.csr_matrix, XT: sparse.csr_matrix, queries: np.ndarray,
                      floor: float, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, cosines) for each query row i: its k best candidates j != i by Q[i] . X[j]
    among those >= floor (ties: lower j first), with the exact cosine X[i] . X[j] (float32).
    X and Q: float32 CSR with sorted indices; XT: X.T as CSR."""
    for m in (X, Q, XT):
        if m.dtype != np.float32:
            raise TypeError("candidate_cosines needs float32 matrices")
    if not (X.has_sorted_indices and Q.has_sorted_indices):
        raise ValueError("candidate_cosines needs X and Q with sorted indices")
    return _search(Q.indptr, Q.indices, Q.data, XT.indptr, XT.indices, XT.data, X.indptr, X.indices, X.data,
                   np.ascontiguousarray(queries, dtype=np.int64), np.float32(floor), int(k), X.shape[1])


def search_threads() -> int:
    """Threads for the search: the cores this process may use, at most 4 (results do not depend on it)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


@njit(cache=True, nogil=True)
def _strongest(indptr, data, k):
    """Positions (into data) of each row's k highest values, ties to the lower position, in
    position order; and the new indptr."""
    n = len(indptr) - 1
    new_indptr = np.zeros(n + 1, dtype=np.int64)
    for r in range(n):
        new_indptr[r + 1] = new_indptr[r] + min(k, indptr[r + 1] - indptr[r])
    keep = np.empty(new_indptr[n], dtype=np.int64)
    for r in range(n):
        start, stop = indptr[r], indptr[r + 1]
        out = new_indptr[r]
        if stop - start <= k:
            for p in range(start, stop):
                keep[out + p - start] = p
            continue
        # higher value first, then lower position (values are positive: their bits sort as they do)
        bits = data[start:stop].view(np.int32).astype(np.int64)
        keys = ((np.int64(0x7FFFFFFF) - bits) << 32) | np.arange(stop - start)
        best = np.sort(np.partition(keys, k - 1)[:k] & np.int64(0xFFFFFFFF))
        for a in range(k):
            keep[out + a] = start + best[a]
    return keep, new_indptr


def strongest_terms(X: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """X with only each row's k highest weights kept (ties: the lower column, X having sorted
    indices), not renormalised. X: float32 CSR with positive values."""
    if X.dtype != np.float32:
        raise TypeError("strongest_terms needs a float32 matrix")
    if not X.has_sorted_indices:
        raise ValueError("strongest_terms needs sorted indices")
    if np.diff(X.indptr).max(initial=0) <= k:
        return X
    keep, indptr = _strongest(X.indptr.astype(np.int64), X.data, int(k))
    Q = sparse.csr_matrix((X.data[keep], X.indices[keep], indptr), shape=X.shape)
    Q.has_sorted_indices = True
    return Q
