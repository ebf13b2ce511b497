"""Clustering's compiled row normalisation gives scikit-learn's normalize() bit for bit."""
import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize as sklearn_normalize

from briefing.kernels.rownorm import normalize


def _random_csr(rng, rows, cols, density):
    m = sparse.random(rows, cols, density=density, format="csr", dtype=np.float32, random_state=rng)
    m.data = (m.data * rng.choice([1e-6, 1.0, 30.0, 1e4], size=m.data.shape)).astype(np.float32)
    return m


def test_rows_are_normalised_exactly_as_scikit_learn_does():
    rng = np.random.default_rng(7)
    for rows, cols, density in [(1, 1, 1.0), (50, 300, 0.05), (400, 2000, 0.01), (30, 10, 0.0)]:
        X = _random_csr(rng, rows, cols, density)
        keep = np.ones(rows, dtype=np.float32)
        keep[0] = 0  # an empty row stays empty
        X = (sparse.diags(keep) @ X).tocsr()
        X.eliminate_zeros()
        ours, theirs = normalize(X), sklearn_normalize(X)
        assert ours.dtype == theirs.dtype == np.float32
        assert np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(ours.indices, theirs.indices)
        assert ours.data.tobytes() == theirs.data.tobytes()


def test_the_input_is_left_unchanged():
    X = sparse.csr_matrix(np.array([[3.0, 4.0], [0.0, 2.0]], dtype=np.float32))
    before = X.data.copy()
    Y = normalize(X)
    assert np.array_equal(X.data, before)
    assert np.allclose(Y.toarray(), [[0.6, 0.8], [0.0, 1.0]])


def test_other_types_are_refused():
    import pytest

    with pytest.raises(TypeError):
        normalize(sparse.csr_matrix(np.eye(2)))  # float64
