"""Hidden tests of gradient_descent(grad_f, x0, lr, num_steps): the path x0, x1, ..., one row per step."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.student import Lambda, Student

pytestmark = pytest.mark.grades("gradient_descent")

# The gradient of a quadratic bowl ½xᵀQx − cᵀx, built in the sandbox.
Q = np.array([[3.0, 0.5], [0.5, 1.0]])
C = np.array([1.0, -2.0])
BOWL_GRAD = Lambda("lambda x: np.array([[3.0, 0.5], [0.5, 1.0]]) @ x - np.array([1.0, -2.0])")


@pytest.mark.points(2)
def test_follows_the_exact_path_on_a_quadratic_bowl(student: Student) -> None:
    """follows the exact path on a quadratic bowl"""
    x0 = np.array([2.0, 1.5])
    got = array(
        student(BOWL_GRAD, x0, 0.1, 25),
        "the gradient-descent path",
        shape=(26, 2),
        hint="the path has num_steps + 1 rows: x0 first, then one row per step",
    )
    expected = [x0]
    for _ in range(25):
        x = expected[-1]
        expected.append(x - 0.1 * (Q @ x - C))
    close(
        got,
        np.array(expected),
        "the gradient-descent path on a quadratic bowl",
        hint="step against the gradient: x_next = x - lr * grad_f(x)",
    )


@pytest.mark.points(1)
def test_starts_at_x0_and_allows_zero_steps(student: Student) -> None:
    """starts the path at x0 and handles num_steps = 0"""
    x0 = np.array([0.5, -0.25])
    got = array(student(BOWL_GRAD, x0, 0.1, 0), "the path with num_steps=0", shape=(1, 2))
    close(got[0], x0, "row 0 of the path", hint="row 0 is x0 itself, before any step")


@pytest.mark.points(2)
def test_works_when_x0_is_a_matrix(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """works when x0 is a matrix"""
    x0 = rng.standard_normal((2, 3))
    got = array(
        student(Lambda("lambda x: 2 * x + np.sin(x)"), x0, 0.05, 10),
        "the path for a (2,3) x0",
        shape=(11, 2, 3),
        hint="the path's shape is (num_steps + 1, *x0.shape)",
    )
    close(got, ref.gradient_descent(lambda x: 2 * x + np.sin(x), x0, 0.05, 10), "the path for a (2,3) x0")


@pytest.mark.points(1)
def test_accepts_a_list_and_leaves_a_read_only_x0_untouched(student: Student) -> None:
    """accepts a list x0 and leaves a read-only x0 untouched"""
    x0 = np.array([1.0, 1.0])
    path = array(
        student(BOWL_GRAD, x0, 0.1, 3, readonly=True),
        "the path from a read-only x0",
        shape=(4, 2),
        hint="start from a copy: x = np.array(x0, dtype=float)",
    )
    close(
        array(student(BOWL_GRAD, [1.0, 1.0], 0.1, 3), "the path from a list x0", shape=(4, 2)),
        path,
        "the path from x0 given as a list",
        hint="convert x0 with np.array(x0, dtype=float) first",
    )
