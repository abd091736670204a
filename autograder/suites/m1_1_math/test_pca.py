"""Hidden tests of pca(X, k): the top k principal components of X and the centred data projected on them."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.suites.checks import array, close, close_up_to_sign, tuple_of
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("pca")


def pca_data(r: np.random.Generator, n: int, d: int) -> np.ndarray:
    """Data with well-separated variances along random orthogonal directions, off-centre."""
    q, _ = np.linalg.qr(r.standard_normal((d, d)))
    scales = 3.0 * 0.6 ** np.arange(d)
    return (r.standard_normal((n, d)) * scales) @ q.T + r.uniform(-5, 5, d)


def check_components(
    student: Student, X: np.ndarray, k: int, what: str, readonly: bool = False, as_list: bool = False
) -> None:
    """The student's (components, projected) for X: orthonormal rows, the top k eigenvectors in order,
    and the centred data projected on them."""
    result = tuple_of(student(X.tolist() if as_list else X, k, readonly=readonly), 2, "pca")
    n, d = X.shape
    comps = array(result[0], f"components of {what}", shape=(k, d), hint="one row per component")
    proj = array(result[1], f"projected data of {what}", shape=(n, k))
    close(
        comps @ comps.T,
        np.eye(k),
        f"componentsᵀ·components of {what}",
        hint="the rows must be unit length and orthogonal to each other",
    )
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    top = vectors[:, np.argsort(values)[::-1][:k]].T
    for i in range(k):
        close_up_to_sign(
            comps[i],
            top[i],
            f"component {i} of {what}",
            hint="use the covariance of the centred data, and sort by decreasing variance",
        )
    close(
        proj,
        Xc @ comps.T,
        f"projected data of {what}",
        hint="subtract the column means before projecting onto the components",
    )


@pytest.mark.points(4)
@pytest.mark.parametrize(
    ("n", "d", "k"), [(200, 3, 2), (100, 5, 3), (300, 8, 4)], ids=["200x3-k=2", "100x5-k=3", "300x8-k=4"]
)
def test_recovers_the_top_components(student: Student, rng: np.random.Generator, n: int, d: int, k: int) -> None:
    """recovers the top components and projection of random data"""
    check_components(student, pca_data(rng, n, d), k, f"random ({n},{d}) data with k={k}")


@pytest.mark.points(2)
@pytest.mark.parametrize("k", [1, 4], ids=["k=1", "k=d=4"])
def test_works_for_one_component_and_for_all(student: Student, rng: np.random.Generator, k: int) -> None:
    """works for k = 1 and k = d"""
    X = pca_data(rng, 80, 4)
    check_components(student, X, k, f"(80,4) data with k={k}" if k == 1 else "(80,4) data with k=d=4")


@pytest.mark.points(2)
@pytest.mark.parametrize(("k", "why"), [(0, "k = 0"), (4, "k = 4 is larger than d = 3")], ids=["k=0", "k=4>d"])
def test_raises_value_error_unless_k_is_between_1_and_d(
    student: Student, rng: np.random.Generator, k: int, why: str
) -> None:
    """raises ValueError unless 1 ≤ k ≤ d"""
    student.raises_value_error(pca_data(rng, 30, 3), k, why=why)


@pytest.mark.points(1)
def test_accepts_a_nested_list_and_leaves_read_only_data_untouched(student: Student, rng: np.random.Generator) -> None:
    """accepts a nested list and leaves read-only data untouched"""
    X = pca_data(rng, 50, 3)
    check_components(student, X, 2, "read-only (50,3) data", readonly=True)
    check_components(student, X, 2, "(50,3) data given as a nested list", as_list=True)
