"""Hidden tests of matmul(A, B): the (n,k)·(k,m) matrix product.

What matmul may not use (numpy's product routines, the @ operator): autograder/static/rules.py (RESTRICTIONS).
"""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_1_math.data import check_every_pair, every_pair_of_dimensions
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("matmul")

PRODUCT_SHAPES = ((1, 1, 1), (3, 4, 2), (5, 1, 6), (7, 3, 7), (20, 30, 10))  # (n, k, m): A is (n,k), B (k,m)


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("n", "k", "m"),
    [pytest.param(n, k, m, id=f"({n},{k})x({k},{m})") for n, k, m in PRODUCT_SHAPES],
)
def test_agrees_with_the_matrix_product(
    student: Student, ref: ModuleType, rng: np.random.Generator, n: int, k: int, m: int
) -> None:
    """agrees with the matrix product on random shapes"""
    A, B = rng.standard_normal((n, k)), rng.standard_normal((k, m))
    got = array(
        student(A, B),
        f"matmul of ({n},{k}) and ({k},{m})",
        shape=(n, m),
        hint="the result has A's rows and B's columns",
    )
    close(
        got,
        ref.matmul(A, B),
        f"matmul of ({n},{k}) and ({k},{m})",
        hint="C[i, j] is the sum over t of A[i, t] * B[t, j]",
    )
    close(got, np.matmul(A, B), f"matmul of ({n},{k}) and ({k},{m})")


@pytest.mark.points(1)
def test_accepts_nested_lists_and_returns_float64(student: Student) -> None:
    """accepts nested lists and returns a float64 array"""
    got = array(student([[1.0, 2.0], [3.0, 4.0]], [[5.0], [6.0]]), "matmul of 2x2 and 2x1 lists", shape=(2, 1))
    close(got, [[17.0], [39.0]], "matmul([[1, 2], [3, 4]], [[5], [6]])")


@pytest.mark.points(1)
def test_satisfies_the_identity_and_transpose_rules(student: Student, rng: np.random.Generator) -> None:
    """satisfies A·I = A and (A·B)ᵀ = Bᵀ·Aᵀ"""
    A, B = rng.standard_normal((4, 6)), rng.standard_normal((6, 3))
    close(
        array(student(A, np.eye(6)), "A·I", shape=(4, 6)),
        A,
        "A times the identity",
        hint="multiplying by the identity must give A back",
    )
    left = array(student(A, B), "A·B", shape=(4, 3))
    right = array(student(B.T, A.T), "Bᵀ·Aᵀ", shape=(3, 4))
    close(left.T, right, "(A·B)ᵀ compared with Bᵀ·Aᵀ", hint="check which index you sum over")


@pytest.mark.points(1.5)
@pytest.mark.parametrize(
    ("A", "B", "why"),
    [
        pytest.param(np.ones((2, 3)), np.ones((2, 3)), "the inner sizes differ (3 and 2)", id="inner-3-and-2"),
        pytest.param(
            np.ones((2, 1)),
            np.ones((3, 2)),
            "the inner sizes differ (1 and 3; broadcasting must not hide it)",
            id="inner-1-and-3",
        ),
        pytest.param(np.ones(3), np.ones((3, 2)), "the first input is 1-D", id="first-is-1-D"),
        pytest.param(np.ones((2, 3)), np.ones((3, 2, 2)), "the second input is 3-D", id="second-is-3-D"),
    ],
)
def test_raises_value_error_for_bad_shapes(student: Student, A: np.ndarray, B: np.ndarray, why: str) -> None:
    """raises ValueError when inner sizes differ or an input is not 2-D"""
    student.raises_value_error(A, B, why=why)


@pytest.mark.points(0.5)
def test_accepts_only_matrices_of_matching_inner_size(student: Student) -> None:
    """raises ValueError for every other pair of shapes (a single number, a vector, a 3-D array, ...)"""
    check_every_pair(
        student,
        every_pair_of_dimensions((3, 2, 2), (2, 3, 2)) + every_pair_of_dimensions((1, 1, 1), (1, 1, 1)),
        ("A", "B"),
        lambda a, b: np.matmul(a, b) if a.ndim == b.ndim == 2 and a.shape[1] == b.shape[0] else None,
        "only an (n,k) and a (k,m) matrix are valid",
    )


@pytest.mark.points(1)
def test_leaves_read_only_inputs_untouched(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """leaves read-only inputs untouched"""
    A, B = rng.standard_normal((3, 5)), rng.standard_normal((5, 4))
    close(array(student(A, B, readonly=True), "matmul", shape=(3, 4)), ref.matmul(A, B), "matmul of read-only inputs")
