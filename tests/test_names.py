"""Name words (`briefing/kernels/names.py`): runs of capitalised words split into the words that name
someone or somewhere, and the compiled pair cosines checked against scipy's sparse product."""

import numpy as np
from scipy import sparse

from briefing.kernels.names import MIN_NAME_WORDS, NameRows, name_word_rows, pair_cosines

from briefing.cluster import stories as cluster

REPORTS = [
    "President Enrique Pena Nieto flew to Puebla on Tuesday, where the earthquake destroyed the old church of "
    "San Andres Cholula, and met the governor of Puebla, Jose Antonio Gali.",
    "Pena Nieto promised Puebla and Morelos that the state would rebuild. Gali said San Andres would get help first.",
    "Chilean President Sebastian Pinera flew to Tocopilla on Tuesday and met the governor of Antofagasta, "
    "Marco Antonio Diaz, after the earthquake destroyed houses in Maria Elena.",
    "Pinera promised Tocopilla and Maria Elena that the state would rebuild. Diaz said Antofagasta needed tents.",
    "The earthquake destroyed houses. The state would rebuild, the governor said on Tuesday.",
]


def _names_of(texts):
    return cluster.article_vectors([None] * len(texts), texts).names


def test_runs_of_names_are_compared_word_by_word_leaving_out_titles_and_days():
    rows = NameRows.of(_names_of(REPORTS))
    pairs = np.array([[0, 1], [2, 3], [0, 2], [1, 3], [0, 4]])
    same_mexico, same_chile, mexico_chile, again, unnamed = pair_cosines(rows, pairs[:, 0], pairs[:, 1]).tolist()
    # "President Enrique Pena Nieto" and "Pena Nieto" name one man; "President" and "Tuesday" name no one
    assert same_mexico > 0.5 and same_chile > 0.5
    # the two governors share a first name ("Antonio"), and nothing else is named in both
    assert mexico_chile < cluster.NAMES_FULL / 2 and again < cluster.NAMES_FULL / 2
    assert np.isnan(unnamed)  # the last report names nothing: no evidence either way


def test_pair_cosines_are_the_sparse_products_of_the_rows():
    rng = np.random.default_rng(3)
    texts = [" ".join(rng.choice(["Alder", "Brook", "Carver", "Dunmore", "Elm", "Fenwick", "Garrow", "Hale"], 6))
             + f" met in Port {k}. They spoke of the harbour and Alder Brook." for k in range(40)]
    words = _names_of(texts)
    assert isinstance(words, sparse.csr_matrix)
    rows, cols = rng.integers(0, 40, 300), rng.integers(0, 40, 300)
    got = pair_cosines(NameRows.of(words), rows, cols)
    want = np.asarray(words[rows].multiply(words[cols]).sum(axis=1)).ravel()
    few = np.minimum(np.diff(words.indptr)[rows], np.diff(words.indptr)[cols]) < MIN_NAME_WORDS
    assert np.array_equal(np.isnan(got), few)
    assert np.allclose(got[~few], want[~few], atol=1e-6)
    assert np.allclose(np.asarray(words.multiply(words).sum(axis=1)).ravel()[np.diff(words.indptr) > 0], 1.0)


def test_no_names_give_empty_rows():
    words = name_word_rows(sparse.csr_matrix((3, 2), dtype=np.float32), ["e_tuesday", "e_mr"])
    assert words.shape[0] == 3 and words.nnz == 0
    assert np.isnan(pair_cosines(NameRows.of(words), np.array([0]), np.array([1]))).all()
