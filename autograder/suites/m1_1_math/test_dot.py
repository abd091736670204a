"""Hidden tests of dot(u, v): Σ u_i v_i of two 1-D vectors of equal length.

What dot may not use (numpy's product routines, the @ operator): autograder/static/rules.py (RESTRICTIONS).
"""

from __future__ import annotations

import math
from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import close, scalar
from autograder.suites.m1_1_math.data import check_every_pair, every_pair_of_dimensions
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("dot")


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 2, 7, 100, 1000], ids=lambda n: f"n={n}")
def test_agrees_with_the_sum_of_products(student: Student, ref: ModuleType, rng: np.random.Generator, n: int) -> None:
    """agrees with the sum of products on random vectors"""
    u, v = rng.standard_normal(n), rng.standard_normal(n)
    got = scalar(student(u, v), f"dot of two length-{n} vectors")
    close(
        got,
        ref.dot(u, v),
        f"dot of two random length-{n} vectors",
        hint="multiply u and v elementwise, then add up every product",
    )
    close(got, math.fsum(u * v), f"dot of two random length-{n} vectors (exact sum)")


@pytest.mark.points(1)
def test_accepts_lists_and_returns_a_float(student: Student) -> None:
    """accepts plain Python lists and returns a float"""
    got = scalar(student([1.0, 2.0, 3.0], [4.0, -5.0, 6.0]), "dot([1, 2, 3], [4, -5, 6])")
    close(got, 12.0, "dot([1, 2, 3], [4, -5, 6])", hint="convert the inputs with np.asarray first")


@pytest.mark.points(1.5)
@pytest.mark.parametrize(
    ("u", "v", "why"),
    [
        pytest.param(np.ones(3), np.ones(4), "the lengths differ (3 and 4)", id="lengths-3-and-4"),
        pytest.param(
            np.ones(1),
            np.ones(3),
            "the lengths differ (1 and 3; broadcasting must not hide it)",
            id="lengths-1-and-3",
        ),
        pytest.param(np.ones((2, 2)), np.ones((2, 2)), "the inputs are 2-D matrices", id="two-matrices"),
        pytest.param(np.ones(4), np.ones((4, 1)), "the second input is 2-D", id="second-is-2-D"),
    ],
)
def test_raises_value_error_for_bad_shapes(student: Student, u: np.ndarray, v: np.ndarray, why: str) -> None:
    """raises ValueError for vectors of different lengths or inputs that are not 1-D"""
    student.raises_value_error(u, v, why=why)


@pytest.mark.points(0.5)
def test_accepts_only_two_vectors_of_one_length(student: Student) -> None:
    """raises ValueError for every other pair of shapes (a single number, a 3-D array, ...)"""
    check_every_pair(
        student,
        every_pair_of_dimensions((3, 2, 2), (3, 2, 2)) + every_pair_of_dimensions((1, 1, 1), (1, 1, 1)),
        ("u", "v"),
        lambda u, v: math.fsum(u * v) if u.ndim == v.ndim == 1 and u.shape == v.shape else None,
        "only two 1-D vectors of one length are valid",
    )


@pytest.mark.points(1)
def test_leaves_read_only_inputs_untouched(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """leaves read-only inputs untouched"""
    u, v = rng.standard_normal((2, 9))
    close(scalar(student(u, v, readonly=True), "dot"), ref.dot(u, v), "dot of read-only vectors")
