"""Hidden tests of polynomial_features (oracles: np.vander(x, degree + 1, increasing=True) and the reference)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autograder.suites.checks import array, close
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("polynomial_features")


@pytest.mark.points(2)
@settings(max_examples=15, phases=(Phase.explicit, Phase.generate))  # each example is a sandbox call
@given(
    x=arrays(np.float64, st.integers(1, 8), elements=st.floats(-2.0, 2.0, allow_subnormal=False)),
    degree=st.integers(0, 6),
)
def test_matches_the_increasing_vandermonde_matrix(
    student: Student, ref: ModuleType, x: np.ndarray, degree: int
) -> None:
    """matches the increasing Vandermonde matrix for any small input (a single point, zeros and repeats included)"""
    n = x.shape[0]
    what = f"polynomial_features of {n} point{'s' if n > 1 else ''}, degree {degree}"
    got = array(student(x, degree), what, shape=(n, degree + 1), hint="degree + 1 columns: x**0 up to x**degree")
    close(
        got,
        np.vander(x, degree + 1, increasing=True),
        what,
        hint="column k is x**k, in increasing order, starting with the column of ones",
    )
    close(got, ref.polynomial_features(x, degree), what)


@pytest.mark.points(1)
def test_degree_zero_is_a_column_of_ones(student: Student, rng: np.random.Generator) -> None:
    """degree 0 is a single column of ones"""
    x = rng.standard_normal(4)
    close(
        array(
            student(x, 0),
            "polynomial_features of degree 0",
            shape=(4, 1),
            hint="degree 0 still has one column, x**0 = 1",
        ),
        np.ones((4, 1)),
        "polynomial_features of degree 0",
    )


@pytest.mark.points(1)
def test_handles_zeros_and_negative_inputs(student: Student) -> None:
    """handles zeros and negative inputs (0**0 = 1, odd powers keep the sign)"""
    x = np.array([0.0, -1.5, 2.0, -0.5])
    close(
        array(student(x, 4), "polynomial_features", shape=(4, 5)),
        np.vander(x, 5, increasing=True),
        "polynomial_features([0, -1.5, 2, -0.5], 4)",
        hint="use x**k (0**0 is 1); do not take abs or logs",
    )


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_inputs(student: Student, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    close(
        array(student([1.0, 2.0, 3.0], 2), "polynomial_features of a list", shape=(3, 3)),
        [[1.0, 1.0, 1.0], [1.0, 2.0, 4.0], [1.0, 3.0, 9.0]],
        "polynomial_features([1, 2, 3], 2)",
    )
    x = rng.uniform(-1, 1, 6)
    close(
        array(student(x, 3, readonly=True), "polynomial_features of a read-only x", shape=(6, 4)),
        np.vander(x, 4, increasing=True),
        "polynomial_features of a read-only x",
    )
