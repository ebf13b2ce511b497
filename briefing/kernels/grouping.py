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

The links are flat arrays, not a numba dict per group: one open-addressing table of link sums
keyed by the pair, and a list of neighbours per group, where an absorbed group is left in place
and skipped. Each link sum is still one float, added to in the same order (the edges', then
survivor's sum + absorbed one's on each merge); the order in which an absorbed group's
neighbours are visited only changes the order of pushes, and a heap ordered totally by
(-mean, a, b) pops the same entries whatever order they went in. Entries of absorbed groups,
which popping would skip, are dropped from the heap when they are about half of it. At 100,000
articles (94,557 groups, 2.0 million edges, 87,406 merges) the merges take 3.8 to 4.1 s of CPU
instead of 12.7 to 13.6 (about 1 µs a dict operation), 70% less.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, inline="always")
def _before(k1, p1, k2, p2):
    """(k1, p1) < (k2, p2), as tuples compare."""
    return k1 < k2 or (k1 == k2 and p1 < p2)


@njit(cache=True)
def _push(hk, hp, n, k, p):
    """Adds (k, p) to the binary heap held in hk, hp[:n] (room for one more)."""
    pos = n
    while pos > 0:
        parent = (pos - 1) >> 1
        if _before(k, p, hk[parent], hp[parent]):
            hk[pos], hp[pos] = hk[parent], hp[parent]
            pos = parent
        else:
            break
    hk[pos], hp[pos] = k, p


@njit(cache=True)
def _sift_down(hk, hp, n, pos, k, p):
    """Puts (k, p) at `pos` of the heap hk, hp[:n] or, while a child is less, further down."""
    while True:
        child = 2 * pos + 1
        if child >= n:
            break
        if child + 1 < n and _before(hk[child + 1], hp[child + 1], hk[child], hp[child]):
            child += 1
        if _before(hk[child], hp[child], k, p):
            hk[pos], hp[pos] = hk[child], hp[child]
            pos = child
        else:
            break
    hk[pos], hp[pos] = k, p


@njit(cache=True)
def _pop(hk, hp, n):
    """Removes the least entry of the heap hk, hp[:n] (n > 0) and returns it."""
    k, p = hk[0], hp[0]
    if n > 1:
        _sift_down(hk, hp, n - 1, 0, hk[n - 1], hp[n - 1])
    return k, p


@njit(cache=True)
def _heapify(hk, hp, n):
    """Orders hk, hp[:n] as a heap."""
    for pos in range(n // 2 - 1, -1, -1):
        _sift_down(hk, hp, n, pos, hk[pos], hp[pos])


@njit(cache=True)
def _without_dead(hk, hp, n, alive, n_groups):
    """Drops the entries of absorbed groups from the heap hk, hp[:n]; returns its new length.
    Such an entry would be skipped when popped, changing nothing, so the merges stay the same;
    the heap (the same entries in another arrangement) pops the rest in the same order."""
    kept = 0
    for i in range(n):
        a = hp[i] // n_groups
        if alive[a] and alive[hp[i] - a * n_groups]:
            hk[kept], hp[kept] = hk[i], hp[i]
            kept += 1
    _heapify(hk, hp, kept)
    return kept


@njit(cache=True)
def _grown(hk, hp, n, least):
    """The heap's arrays with room for at least `least` entries (the first n kept)."""
    grown = max(2 * len(hk), least)
    hk2 = np.empty(grown, dtype=np.float64)
    hp2 = np.empty(grown, dtype=np.int64)
    hk2[:n] = hk[:n]
    hp2[:n] = hp[:n]
    return hk2, hp2


@njit(cache=True, inline="always")
def _slot(keys, key):
    """Where the pair `key` is in the open-addressing table `keys` (length a power of two, -1 for
    an empty slot), or the empty slot where it goes."""
    mask = len(keys) - 1
    h = np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)
    s = np.int64((h ^ (h >> np.uint64(29))) & np.uint64(mask))
    while keys[s] != key and keys[s] != -1:
        s = (s + 1) & mask
    return s


@njit(cache=True)
def _rehashed(keys, sums, n_groups, alive, least):
    """The table (keys, sums) without the pairs of absorbed groups (never looked up again), at most
    a quarter full, so half full with `least` more pairs; returns it and its number of pairs."""
    kept = 0
    for s in range(len(keys)):
        if keys[s] != -1 and alive[keys[s] // n_groups] and alive[keys[s] % n_groups]:
            kept += 1
    size = 1024
    while size < 4 * (kept + least):
        size *= 2
    keys2 = np.full(size, -1, dtype=np.int64)
    sums2 = np.empty(size, dtype=np.float64)
    for s in range(len(keys)):
        key = keys[s]
        if key != -1 and alive[key // n_groups] and alive[key % n_groups]:
            t = _slot(keys2, key)
            keys2[t] = key
            sums2[t] = sums[s]
    return keys2, sums2, kept


@njit(cache=True)
def _append(nb, start, count, room, end, g, x):
    """Adds x to group g's neighbour list nb[start[g]:start[g] + count[g]]; a full list moves to
    the end of the pool nb[:end] with twice the room (the pool itself doubling when full).
    Returns the pool and its new end."""
    if count[g] == room[g]:
        grown = max(4, 2 * room[g])
        if end + grown > len(nb):
            nb2 = np.empty(max(2 * len(nb), end + grown), dtype=np.int64)
            nb2[:end] = nb[:end]
            nb = nb2
        nb[end:end + count[g]] = nb[start[g]:start[g] + count[g]]
        start[g] = end
        room[g] = grown
        end += grown
    nb[start[g] + count[g]] = x
    count[g] += 1
    return nb, end


@njit(cache=True)
def _merge_order(n_groups, size, fixed, edge_a, edge_b, edge_v, threshold):
    size = size.copy()
    # the link sums: one per pair of groups, in an open-addressing table keyed by
    # lo * n_groups + hi (lo < hi), so links[a][b] and links[b][a] of a dict per group are one
    # float; each is summed exactly as before (0.0 + the first edge, then the next, in edge order)
    # (`used`: the pairs in the table, those of absorbed groups too until it is rehashed)
    keys, sums, used = _rehashed(np.full(1, -1, dtype=np.int64), np.empty(1), n_groups,
                                 np.ones(1, dtype=np.bool_), len(edge_a))  # empty, room for all edges
    for e in range(len(edge_a)):
        lo, hi = min(edge_a[e], edge_b[e]), max(edge_a[e], edge_b[e])
        key = lo * n_groups + hi
        s = _slot(keys, key)
        if keys[s] == -1:
            keys[s] = key
            sums[s] = 0.0
            used += 1
        sums[s] += edge_v[e]
    # each group's neighbours, in lists within one pool: nb[start[g]:start[g] + count[g]]. An
    # absorbed neighbour stays in the lists (it is skipped: its pairs are gone), and an alive one
    # is in them once, as each pair is made once (by its first edge, or by a merge) and lasts
    # while both its groups are alive
    count = np.zeros(n_groups, dtype=np.int64)
    for s in range(len(keys)):
        if keys[s] != -1:
            count[keys[s] // n_groups] += 1
            count[keys[s] % n_groups] += 1
    start = np.zeros(n_groups, dtype=np.int64)
    for g in range(1, n_groups):
        start[g] = start[g - 1] + count[g - 1]
    room = count.copy()
    end = start[-1] + count[-1] if n_groups else 0
    nb = np.empty(max(2 * end, 1024), dtype=np.int64)
    count[:] = 0  # (filled below, in the table's order: the order of neighbours does not matter)
    alive = np.ones(n_groups, dtype=np.bool_)
    # the heap of candidate merges (-mean, a, b), a < b: as (-mean, pair key), which order alike
    # (b < n_groups), in two arrays grown when full
    capacity = 1024 + used
    hk = np.empty(capacity, dtype=np.float64)
    hp = np.empty(capacity, dtype=np.int64)
    hn = 0
    for s in range(len(keys)):
        key = keys[s]
        if key != -1:
            a, b = key // n_groups, key % n_groups
            nb[start[a] + count[a]] = b
            count[a] += 1
            nb[start[b] + count[b]] = a
            count[b] += 1
            if not (fixed[a] and fixed[b]):
                avg = sums[s] / (size[a] * size[b])
                if avg >= threshold:
                    hk[hn], hp[hn] = -avg, key
                    hn += 1
    _heapify(hk, hp, hn)
    # an estimate of the heap entries of absorbed groups (the lengths of their neighbour lists):
    # they are dropped when it is over half the heap, which costs no more than the merges since
    # the last time took to walk those lists
    dead = 0
    merges = np.empty((max(n_groups - 1, 0), 2), dtype=np.int64)
    m = 0
    while hn > 0:
        neg, key = _pop(hk, hp, hn)
        hn -= 1
        a, b = key // n_groups, key % n_groups
        if not (alive[a] and alive[b]):
            continue
        s = _slot(keys, key)
        if keys[s] == -1:  # (as `b not in links[a]` was; a pair of alive groups is always there)
            continue
        current = sums[s] / (size[a] * size[b])
        if abs(-neg - current) > 1e-9:
            # pushed before a or b grew: its mean can only have fallen since (a pair whose link
            # sum grew was pushed again then), so the entry was an upper bound; back in with the
            # current mean, it comes out again in its true place
            if current >= threshold:
                if hn == len(hk):
                    hk, hp = _grown(hk, hp, hn, hn + 1)
                _push(hk, hp, hn, -current, key)
                hn += 1
            continue
        if fixed[b] and not fixed[a]:
            a, b = b, a  # the fixed group survives, keeping its story id
        elif not fixed[a] and not fixed[b] and b < a:
            a, b = b, a
        # the merge makes at most count[b] pairs; rehashed before b is absorbed, as its pairs are
        # read below
        if 2 * (used + count[b]) > len(keys):
            keys, sums, used = _rehashed(keys, sums, n_groups, alive, count[b])
        alive[b] = False
        size[a] += size[b]
        merges[m, 0] = a
        merges[m, 1] = b
        m += 1
        dead += count[b]
        if 2 * dead > hn:
            hn = _without_dead(hk, hp, hn, alive, n_groups)
            dead = 0
        if hn + count[b] > len(hk):
            hk, hp = _grown(hk, hp, hn, hn + count[b])
        # b's links fold into a's. Each pair (a, c) is a sum of its own, so the order of b's
        # neighbours only changes the order of the pushes, and the heap, ordered totally, pops
        # the same entries whatever order they went in
        for i in range(start[b], start[b] + count[b]):
            c = nb[i]
            if c == a or not alive[c]:  # the pair (a, b) itself, or an absorbed neighbour
                continue
            v = sums[_slot(keys, min(b, c) * n_groups + max(b, c))]
            key = min(a, c) * n_groups + max(a, c)
            s = _slot(keys, key)
            if keys[s] == -1:  # a new pair: 0.0 + v, as la.get(c, 0.0) + v was; new neighbours
                keys[s] = key
                sums[s] = 0.0
                used += 1
                nb, end = _append(nb, start, count, room, end, a, c)
                nb, end = _append(nb, start, count, room, end, c, a)
            total = sums[s] + v
            sums[s] = total
            # only the pairs whose link sum grew are pushed: every other pair of a kept its sum
            # and now has a larger a, so its mean fell and its entry is an upper bound (above)
            if not (fixed[a] and fixed[c]):
                avg = total / (size[a] * size[c])
                if avg >= threshold:
                    _push(hk, hp, hn, -avg, key)
                    hn += 1
    return merges[:m]


def merge_order(sizes: np.ndarray, fixed: np.ndarray, edge_a: np.ndarray, edge_b: np.ndarray, edge_v: np.ndarray,
                threshold: float) -> np.ndarray:
    """(survivor, absorbed) group pairs in merge order. Groups 0..len(sizes)-1 of `sizes` articles;
    edges: article-pair similarities summed into group links in the order given (edge_a != edge_b,
    group indices)."""
    return _merge_order(len(sizes), np.asarray(sizes, dtype=np.int64), np.asarray(fixed, dtype=np.bool_),
                        np.asarray(edge_a, dtype=np.int64), np.asarray(edge_b, dtype=np.int64),
                        np.asarray(edge_v, dtype=np.float64), float(threshold))
