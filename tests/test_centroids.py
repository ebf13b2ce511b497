"""The compiled centroid scores are scipy's `X[members] @ mean(X[members])`, bit for bit."""
import numpy as np
import pytest
from scipy import sparse

from briefing.kernels.centroids import centroid_scores


def _scipy_scores(X, members):
    vectors = X[members]
    return vectors @ np.asarray(vectors.mean(axis=0)).ravel()


def _random_csr(rng, rows, cols, density):
    m = sparse.random(rows, cols, density=density, format="csr", dtype=np.float32, random_state=rng)
    m.data = (m.data * rng.choice([1e-4, 1.0, 3.0], size=m.data.shape)).astype(np.float32)
    return m


@pytest.mark.parametrize("rows,cols,density", [(1, 5, 1.0), (60, 400, 0.05), (500, 3000, 0.02)])
def test_scores_are_scipys_bit_for_bit(rows, cols, density):
    rng = np.random.default_rng(rows)
    X = _random_csr(rng, rows, cols, density)
    order = rng.permutation(rows).tolist()
    cuts = sorted(set(rng.integers(1, rows, size=min(rows - 1, 12)).tolist())) if rows > 1 else []
    groups = [order[a:b] for a, b in zip([0] + cuts, cuts + [rows])]
    groups.append(order[:1])  # a group of one (its row also in another group: each group on its own)
    for got, members in zip(centroid_scores(X, groups), groups):
        want = _scipy_scores(X, members)
        assert got.dtype == want.dtype == np.float32
        assert got.tobytes() == want.tobytes()


def test_real_article_vectors_score_as_scipy_does():
    from briefing.cluster.stories import vectorize

    texts = [f"Storm {k} floods the valley. Rescuers reach the town of Millbrook on day {k}. "
             f"The mayor said {'pumps' if k % 2 else 'boats'} arrived." for k in range(40)]
    X = vectorize([None] * len(texts), texts)
    groups = [list(range(0, 40, 3)), list(range(1, 40, 3)), [2, 5, 8]]
    for got, members in zip(centroid_scores(X, groups), groups):
        assert got.tobytes() == _scipy_scores(X, members).tobytes()


def test_bad_input_is_refused():
    X = sparse.csr_matrix(np.eye(3, dtype=np.float32))
    with pytest.raises(ValueError):
        centroid_scores(X, [[0], []])
    with pytest.raises(TypeError):
        centroid_scores(X.astype(np.float64), [[0]])
