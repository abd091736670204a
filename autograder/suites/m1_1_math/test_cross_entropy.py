"""Hidden tests of cross_entropy(p, q, eps): −Σ p_i ln max(q_i, eps)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.suites.checks import close, scalar
from autograder.suites.m1_1_math.data import probs
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("cross_entropy")


@pytest.mark.points(2)
@pytest.mark.parametrize("k", [3, 10], ids=lambda k: f"k={k}")
def test_matches_minus_sum_of_p_ln_q(student: Student, rng: np.random.Generator, k: int) -> None:
    """matches −Σ p ln q on random distributions"""
    if k == 3:  # length 1 has cross-entropy 0: checked beside a case whose answer is not a constant
        one = np.array([1.0])
        close(scalar(student(one, one), "cross_entropy"), 0.0, "cross_entropy of length-1 vectors")
    p, q = probs(rng, k), probs(rng, k)
    close(
        scalar(student(p, q), "cross_entropy"),
        -np.sum(p * np.log(q)),
        f"cross_entropy of length-{k} vectors",
        hint="the log is taken of q (the prediction), weighted by p (the target)",
    )


@pytest.mark.points(1)
def test_with_a_one_hot_target_is_minus_ln_q(student: Student, rng: np.random.Generator) -> None:
    """with a one-hot target is −ln q of the true class"""
    q = probs(rng, 5)
    p = np.eye(5)[3]
    close(scalar(student(p, q), "cross_entropy"), -math.log(q[3]), "cross_entropy with a one-hot target")


@pytest.mark.points(2)
def test_floors_q_at_eps(student: Student) -> None:
    """floors q at eps, without warnings"""
    p = np.array([0.5, 0.5, 0.0])
    q = np.array([1.0, 0.0, 0.0])
    student = student.hints(warning="floor q at eps before the log: np.log(np.maximum(q, eps))")
    close(
        scalar(student(p, q), "cross_entropy"),
        -0.5 * math.log(1e-12),
        "cross_entropy with q containing zeros",
        hint="use np.maximum(q, eps) inside the log",
    )
    close(
        scalar(student(p, q, eps=1e-3), "cross_entropy"),
        -0.5 * math.log(1e-3),
        "cross_entropy with eps=1e-3",
        hint="use the eps argument",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize(
    ("p", "why"),
    [
        pytest.param([0.5, 0.5], "p and q have different lengths", id="lengths-2-and-3"),
        pytest.param([1.0], "p and q have different lengths (1 and 3)", id="lengths-1-and-3"),
    ],
)
def test_raises_value_error_on_a_shape_mismatch(student: Student, p: list[float], why: str) -> None:
    """raises ValueError on a shape mismatch"""
    student.raises_value_error(p, [0.2, 0.3, 0.5], why=why)


@pytest.mark.points(1)
def test_accepts_lists_and_leaves_read_only_inputs_untouched(student: Student, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    p, q = probs(rng, 4), probs(rng, 4)
    close(scalar(student(p, q, readonly=True), "cross_entropy"), -np.sum(p * np.log(q)), "cross_entropy (read-only)")
    close(
        scalar(student(p.tolist(), q.tolist()), "cross_entropy of lists"),
        -np.sum(p * np.log(q)),
        "cross_entropy of lists",
        hint="convert the inputs with np.asarray first",
    )
