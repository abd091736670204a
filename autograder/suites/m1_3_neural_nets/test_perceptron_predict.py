"""Hidden tests of perceptron_predict (1 where X·w + b > 0, else 0)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, equal
from autograder.suites.m1_3_neural_nets.data import any_array
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("perceptron_predict")


@pytest.mark.points(1.5)
@pytest.mark.parametrize(("n", "d"), [(1, 1), (10, 2), (50, 5)], ids=["n=1,d=1", "n=10,d=2", "n=50,d=5"])
def test_matches_the_sign_of_the_score(
    student: Student, ref: ModuleType, rng: np.random.Generator, n: int, d: int
) -> None:
    """matches X·w + b > 0 on random data"""
    X, w, b = rng.standard_normal((n, d)), rng.standard_normal(d), float(rng.standard_normal())
    got = any_array(student(X, w, b), f"perceptron_predict on ({n},{d}) data", (n,))
    equal(
        got,
        ref.perceptron_predict(X, w, b),
        f"perceptron_predict on random ({n},{d}) data",
        hint="predict 1 where X·w + b > 0 and 0 elsewhere; do not forget the bias",
    )
    equal(got, (X @ w + b > 0).astype(int), f"perceptron_predict on random ({n},{d}) data")


@pytest.mark.points(1)
def test_puts_boundary_points_in_class_0(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """puts points exactly on the boundary in class 0"""
    X = rng.integers(-3, 4, (40, 3)).astype(float)
    w, b = np.array([1.0, -2.0, 1.0]), 1.0
    scores = X @ w + b
    if not (scores == 0).any():
        raise AssertionError("test data should contain boundary points")
    got = any_array(student(X, w, b), "perceptron_predict on integer data", (40,))
    equal(
        got,
        (scores > 0).astype(int),
        "perceptron_predict with points exactly on the boundary",
        hint="w·x + b = 0 is class 0: compare with > 0, not >= 0",
    )


@pytest.mark.points(1)
def test_returns_an_integer_array(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """returns an integer array (not bool, not float)"""
    X = rng.standard_normal((6, 2))
    array(
        student(X, np.array([1.0, -1.0]), 0.5),
        "perceptron_predict's result",
        shape=(6,),
        kind="i",
        hint="convert the boolean mask with .astype(np.int64)",
    )


@pytest.mark.points(0.5)
def test_accepts_lists_and_readonly_inputs(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    got = any_array(student([[1.0, 2.0], [-3.0, 1.0]], [1.0, 1.0], -0.5), "perceptron_predict on lists", (2,))
    equal(got, [1, 0], "perceptron_predict on lists", hint="convert the inputs with np.asarray first")
    X, w = rng.standard_normal((8, 3)), rng.standard_normal(3)
    got = any_array(student(X, w, 0.1, readonly=True), "perceptron_predict on read-only inputs", (8,))
    equal(got, ref.perceptron_predict(X, w, 0.1), "perceptron_predict on read-only inputs")
