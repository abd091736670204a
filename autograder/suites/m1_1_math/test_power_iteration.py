"""Hidden tests of power_iteration(A): the dominant eigenpair of a symmetric matrix.

What power_iteration may not use (np.linalg.eig, eigh, svd...): autograder/static/rules.py (RESTRICTIONS).
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.suites.checks import array, close, close_up_to_sign, equal, fail, scalar, tuple_of
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("power_iteration")


def symmetric_with_gap(r: np.random.Generator, n: int, negative: bool = False) -> np.ndarray:
    """A random symmetric matrix whose dominant eigenvalue is well separated from the rest."""
    q, _ = np.linalg.qr(r.standard_normal((n, n)))
    top = r.uniform(5.0, 10.0)
    rest = r.uniform(-0.3, 0.3, n - 1) * top
    values = np.concatenate([[-top if negative else top], rest])
    return (q * values) @ q.T


def check_eigenpair(student: Student, A: np.ndarray, what: str, readonly: bool = False, as_list: bool = False) -> None:
    """The student's answer for A is its dominant eigenpair: unit vector, right value, A v = λ v."""
    result = tuple_of(student(A.tolist() if as_list else A, readonly=readonly), 2, "power_iteration")
    lam = scalar(result[0], f"the eigenvalue of {what}")
    vec = array(result[1], f"the eigenvector of {what}", shape=(A.shape[0],))
    values, vectors = np.linalg.eigh(A)
    i = int(np.argmax(np.abs(values)))
    close(np.linalg.norm(vec), 1.0, f"the norm of the eigenvector of {what}", hint="normalise v to unit length")
    close(
        lam,
        values[i],
        f"the dominant eigenvalue of {what}",
        hint="the dominant eigenvalue is the largest in magnitude; estimate it with the Rayleigh quotient vᵀAv",
    )
    close_up_to_sign(
        vec,
        vectors[:, i],
        f"the dominant eigenvector of {what}",
        hint="iterate until the vector itself stops changing, not only the eigenvalue",
    )
    residual = float(np.max(np.abs(A @ vec - lam * vec)))
    if not residual <= 1e-5 * abs(values[i]):
        fail(f"A v differs from λ v for {what} (largest difference {residual:.3g}).")


@pytest.mark.points(3)
@pytest.mark.parametrize("n", [2, 3, 5, 8, 12], ids=lambda n: f"{n}x{n}")
def test_finds_the_dominant_eigenpair(student: Student, rng: np.random.Generator, n: int) -> None:
    """finds the dominant eigenpair of random symmetric matrices"""
    check_eigenpair(student, symmetric_with_gap(rng, n), f"a random symmetric {n}x{n} matrix")


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [3, 6], ids=lambda n: f"{n}x{n}")
def test_keeps_a_negative_eigenvalue_negative(student: Student, rng: np.random.Generator, n: int) -> None:
    """returns a negative dominant eigenvalue as negative"""
    check_eigenpair(
        student, symmetric_with_gap(rng, n, negative=True), f"a {n}x{n} matrix whose dominant eigenvalue is negative"
    )


@pytest.mark.points(1)
def test_handles_a_diagonal_matrix(student: Student) -> None:
    """handles a diagonal matrix"""
    check_eigenpair(student, np.diag([1.0, -7.0, 2.0, 0.5]), "diag(1, -7, 2, 0.5)")


@pytest.mark.points(1)
def test_is_deterministic(student: Student, rng: np.random.Generator) -> None:
    """is deterministic: the same matrix gives the same answer twice"""
    A = symmetric_with_gap(rng, 5)
    first, second = tuple_of(student(A), 2, "power_iteration"), tuple_of(student(A), 2, "power_iteration")
    equal(
        np.asarray(second[1]),
        np.asarray(first[1]),
        "the eigenvector of a second call",
        hint="start from a fixed vector, or seed your generator inside the function",
    )


@pytest.mark.points(1)
def test_raises_value_error_for_a_matrix_that_is_not_square(student: Student) -> None:
    """raises ValueError for a matrix that is not square"""
    student.raises_value_error(np.ones((3, 4)), why="A is 3x4")


@pytest.mark.points(1)
def test_accepts_a_nested_list_and_leaves_a_read_only_matrix_untouched(
    student: Student, rng: np.random.Generator
) -> None:
    """accepts a nested list and leaves a read-only matrix untouched"""
    A = symmetric_with_gap(rng, 4)
    check_eigenpair(student, A, "a read-only 4x4 matrix", readonly=True)
    check_eigenpair(student, A, "a 4x4 matrix given as a nested list", as_list=True)
