"""Steps of the batch grouping against plain versions of them: the pair cosines, and the
average linkage that groups shared-neighbour counts."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from newsbrief.stories.cluster import _DENSE_ROWS, _average_linkage, _pair_similarities


@pytest.mark.parametrize("seed", range(6))
def test_pair_cosines_are_the_dot_products_of_the_rows(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 3 * _DENSE_ROWS
    matrix = sp.random(n, 400, density=0.05, format="csr", random_state=seed)
    matrix.sort_indices()
    # Rows ascending, spread over more than one dense stretch, one row alone at the end.
    rows = np.sort(np.r_[rng.integers(0, 2 * _DENSE_ROWS, 500), n - 1])
    cols = rng.integers(0, n, len(rows))
    products = matrix[rows].multiply(matrix[cols]).tocsr()
    dots = np.asarray(products.sum(axis=1)).ravel()
    rest = dots - products.max(axis=1).toarray().ravel()
    # A bar halfway between two of the rests (sums in another order differ in the last digit).
    ordered = np.unique(rest)
    least = float(ordered[len(ordered) // 2] + ordered[len(ordered) // 2 + 1]) / 2
    assert np.allclose(_pair_similarities(matrix, rows, cols, 0.0), dots, rtol=1e-12, atol=0.0)
    kept = _pair_similarities(matrix, rows, cols, least)
    assert np.allclose(kept, np.where(rest >= least, dots, 0.0), rtol=1e-12, atol=0.0)
    assert 0 < np.count_nonzero(kept) < len(rows)
    assert _pair_similarities(matrix, rows[:0], cols[:0], 0.0).shape == (0,)


def _greedy(counts: np.ndarray, threshold: float, cap: int) -> list[int]:
    """Join, again and again, the two linked groups of highest average (sum of their
    pairs' counts over the capped sizes' product), ties to the lowest pair of rows."""
    n = len(counts)
    members = {i: [i] for i in range(n)}
    while True:
        best = None
        for a in sorted(members):
            for b in sorted(members):
                if a >= b:
                    continue
                total = counts[np.ix_(members[a], members[b])].sum()
                if total == 0:
                    continue  # not linked
                average = total / (min(len(members[a]), cap) * min(len(members[b]), cap))
                if average >= threshold and (best is None or average > best[0]):
                    best = (average, a, b)
        if best is None:
            break
        members[best[1]] += members.pop(best[2])
    groups = [0] * n
    for root, rows in members.items():
        for row in rows:
            groups[row] = root
    return groups


def UNDATED(n: int) -> np.ndarray:  # noqa: N802 - reads as a constant
    return np.full(n, np.nan)


@pytest.mark.parametrize("seed", range(12))
def test_average_linkage_is_the_greedy_one(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 40))
    # Sparse integer counts (sums stay exact, so ties are real ties), symmetric.
    counts = np.triu(rng.integers(1, 6, (n, n)) * (rng.random((n, n)) < 0.15), k=1)
    counts = counts + counts.T
    threshold, cap = float(rng.choice([0.5, 1.0, 2.0])), int(rng.choice([1, 2, 3, 8]))
    assert _average_linkage(sp.csr_matrix(counts), 1.0, threshold, cap, UNDATED(n), 7.0) == _greedy(counts, threshold, cap)


def test_the_cap_lets_a_big_group_take_an_article_a_plain_average_would_refuse() -> None:
    # Rows 0-3 are all linked (4 each); row 4 is linked to row 0 alone (4).
    counts = np.zeros((5, 5))
    counts[:4, :4] = 4
    counts[0, 4] = counts[4, 0] = 4
    np.fill_diagonal(counts, 0)
    shared = sp.csr_matrix(counts)
    # Plain average 4 / 4 = 1 < 1.5: row 4 stays out; counted as at most one article: 4 / 1.
    assert _average_linkage(shared, 1.0, 1.5, 8, UNDATED(5), 7.0) == [0, 0, 0, 0, 4]
    assert _average_linkage(shared, 1.0, 1.5, 1, UNDATED(5), 7.0) == [0, 0, 0, 0, 0]


def test_groups_dated_more_than_the_window_apart_never_join_through_an_undated_one() -> None:
    # Rows 0-1 (January) and 3-4 (June) are each linked to the undated row 2, and to each other.
    counts = np.zeros((5, 5))
    counts[:3, :3] = counts[2:, 2:] = 4
    np.fill_diagonal(counts, 0)
    days = np.array([0.0, 1.0, np.nan, 160.0, 161.0])
    shared = sp.csr_matrix(counts)
    assert _average_linkage(shared, 1.0, 1.0, 8, UNDATED(5), 7.0) == [0, 0, 0, 0, 0]
    assert _average_linkage(shared, 1.0, 1.0, 8, days, 7.0) == [0, 0, 0, 3, 3]
    # A story that runs longer than the window day after day still joins.
    assert _average_linkage(shared, 1.0, 1.0, 8, np.array([0.0, 5.0, 10.0, 15.0, 20.0]), 7.0) == [0, 0, 0, 0, 0]


def test_a_lower_triangle_alone_links_nothing() -> None:
    # Only the upper triangle is read (the matrix is symmetric wherever it is made).
    assert _average_linkage(sp.csr_matrix(np.tril(np.ones((3, 3)), k=-1)), 1.0, 0.5, 8, UNDATED(3), 7.0) == [0, 1, 2]
