"""Hidden tests of entropy(p): −Σ p_i ln p_i in nats, with 0·ln 0 = 0."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.suites.checks import close, scalar
from autograder.suites.m1_1_math.data import probs
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("entropy")


@pytest.mark.points(2)
@pytest.mark.parametrize("k", [2, 6, 40], ids=lambda k: f"k={k}")
def test_matches_minus_sum_of_p_ln_p(student: Student, rng: np.random.Generator, k: int) -> None:
    """matches −Σ p ln p on random distributions"""
    if k == 2:  # a single outcome has entropy 0: checked beside a case whose answer is not a constant
        close(scalar(student(np.array([1.0])), "entropy"), 0.0, "entropy of a length-1 distribution")
    p = probs(rng, k)
    close(
        scalar(student(p), "entropy"),
        -np.sum(p * np.log(p)),
        f"entropy of a random length-{k} distribution",
        hint="use the natural log (nats) and mind the minus sign",
    )


@pytest.mark.points(1)
def test_counts_zero_probabilities_as_zero(student: Student, rng: np.random.Generator) -> None:
    """treats 0·ln 0 as 0 without warnings"""
    p = probs(rng, 6, zeros=2)
    nz = p[p > 0]
    student = student.hints(warning="skip the zero entries instead of computing log(0): 0·ln 0 counts as 0")
    close(
        scalar(student(p), "entropy"),
        -np.sum(nz * np.log(nz)),
        "entropy of a distribution with zeros",
        hint="skip the zero entries instead of computing log(0)",
    )
    close(scalar(student([0.0, 1.0, 0.0]), "entropy"), 0.0, "entropy of a certain outcome [0, 1, 0]")


@pytest.mark.points(1)
@pytest.mark.parametrize("k", [2, 7, 8], ids=lambda k: f"k={k}")
def test_is_ln_k_for_a_uniform_distribution(student: Student, k: int) -> None:
    """gives ln k for a uniform distribution (whose sum may be off 1 by rounding), and leaves read-only input alone"""
    close(
        scalar(student(np.full(k, 1.0 / k), readonly=True), "entropy"),
        math.log(k),
        f"entropy of a read-only uniform over {k}",
    )


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("p", "why"),
    [
        pytest.param([0.5, 0.7, -0.2], "p has a negative entry", id="negative-entry"),
        pytest.param([0.5, 0.6], "p sums to 1.1", id="sums-to-1.1"),
        pytest.param([0.2, 0.2], "p sums to 0.4", id="sums-to-0.4"),
        pytest.param([0.5, 0.50001], "p sums to 1.00001 (more than 1e-6 off)", id="sums-to-1.00001"),
    ],
)
def test_raises_value_error_unless_p_is_a_distribution(student: Student, p: list[float], why: str) -> None:
    """raises ValueError unless p is a probability vector"""
    student.raises_value_error(p, why=why)
