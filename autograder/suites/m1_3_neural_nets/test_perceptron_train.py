"""Hidden tests of perceptron_train (the perceptron learning rule, samples in order, from w = 0, b = 0)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from autograder.suites.checks import array, equal, fail, scalar, tuple_of
from autograder.suites.m1_3_neural_nets.data import any_array
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("perceptron_train")

RULE_HINT = (
    "start from w = 0 and b = 0, visit the samples in the given order (no shuffling), predict with "
    "w·x + b > 0, and on a mistake add lr·(y − ŷ)·x to w and lr·(y − ŷ) to b"
)


def integer_separable(r: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer points on both sides of an integer hyperplane (none on it)."""
    w_true = r.integers(1, 4, d) * r.choice([-1, 1], d)
    b_true = int(r.integers(-3, 4))
    X = r.integers(-5, 6, (4 * n, d))
    scores = X @ w_true + b_true
    X = X[scores != 0][:n]
    return X.astype(float), (X @ w_true + b_true > 0).astype(np.int64)


def float_separable(r: np.random.Generator, n: int, d: int, margin: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Random points at least ``margin`` away from a random hyperplane."""
    normal = r.standard_normal(d)
    normal /= np.linalg.norm(normal)
    offset = float(r.uniform(-0.5, 0.5))
    X = r.uniform(-3.0, 3.0, (6 * n, d))
    distance = X @ normal + offset
    X = X[np.abs(distance) > margin][:n]
    return X, (X @ normal + offset > 0).astype(np.int64)


def check_trained(
    student: Student, ref: ModuleType, X: np.ndarray, y: np.ndarray, what: str, readonly: bool = False, **kwargs: Any
) -> tuple[np.ndarray, float]:
    """Train the student's perceptron on (X, y) and require exactly the reference's (w, b)."""
    result = tuple_of(student(X, y, readonly=readonly, **kwargs), 2, "perceptron_train")
    w = any_array(result[0], f"w learned on {what}", (X.shape[1],))
    b = scalar(result[1], f"b learned on {what}")
    w_ref, b_ref = ref.perceptron_train(X, y, **kwargs)
    equal(w, w_ref, f"w learned on {what}", hint=RULE_HINT)
    equal(b, b_ref, f"b learned on {what}", hint=RULE_HINT)
    return w, b


@pytest.mark.points(3)
@pytest.mark.parametrize(
    ("n", "d"), [(30, 2), (60, 3), (80, 5), (12, 1)], ids=["n=30,d=2", "n=60,d=3", "n=80,d=5", "n=12,d=1"]
)
def test_learns_the_rule_on_integer_sets(
    student: Student, ref: ModuleType, rng: np.random.Generator, n: int, d: int
) -> None:
    """learns exactly the reference (w, b) on separable integer data"""
    X, y = integer_separable(rng, n, d)
    check_trained(student, ref, X, y, f"separable integer data ({n} points, {d} features)")


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("n", "d", "lr"),
    [(50, 2, 0.1), (80, 4, 0.5), (40, 3, 2.0), (60, 2, 0.25)],
    ids=["n=50,d=2,lr=0.1", "n=80,d=4,lr=0.5", "n=40,d=3,lr=2.0", "n=60,d=2,lr=0.25"],
)
def test_learns_the_rule_on_float_sets_with_other_rates(
    student: Student, ref: ModuleType, rng: np.random.Generator, n: int, d: int, lr: float
) -> None:
    """learns exactly the reference (w, b) on separable float data with other learning rates"""
    X, y = float_separable(rng, n, d)
    check_trained(student, ref, X, y, f"separable float data ({n} points, {d} features, lr={lr})", lr=lr)


@st.composite
def small_separable_sets(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, float]:
    """A few integer points off an integer hyperplane: possibly one point, one feature or one class."""
    d = draw(st.integers(1, 3))
    w_true = np.array(draw(st.lists(st.integers(-3, 3), min_size=d, max_size=d)))
    b_true = draw(st.integers(-4, 4))
    points = draw(st.lists(st.lists(st.integers(-4, 4), min_size=d, max_size=d), min_size=1, max_size=10))
    X = np.array(points, dtype=float)
    scores = X @ w_true + b_true
    assume(bool(np.all(scores != 0)))
    lr = draw(st.sampled_from([1.0, 0.5, 2.0]))
    return X, (scores > 0).astype(np.int64), lr


ONE_CLASS = np.array([[1.0, 2.0], [3.0, -1.0], [-2.0, 0.0]])


@pytest.mark.points(1)
@given(data=small_separable_sets())
@example(data=(ONE_CLASS, np.zeros(3, dtype=np.int64), 1.0))  # every draw covers a single class of either label
@example(data=(ONE_CLASS, np.ones(3, dtype=np.int64), 1.0))
def test_separates_small_sets(student: Student, ref: ModuleType, data: tuple[np.ndarray, np.ndarray, float]) -> None:
    """returns weights that classify every training point correctly"""
    X, y, lr = data
    w_ref, b_ref = ref.perceptron_train(X, y, lr=lr)
    assume(bool(np.all((X @ w_ref + b_ref > 0).astype(int) == y)))  # the contract: sets that converge
    result = tuple_of(student(X, y, lr=lr), 2, "perceptron_train")
    w = any_array(result[0], "w", (X.shape[1],))
    b = scalar(result[1], "b")
    wrong = int(np.sum((X @ w + b > 0).astype(int) != y))
    if wrong:
        fail(
            f"the trained perceptron misclassifies {wrong} of {len(y)} points of a small separable training set "
            "(a single point, a single feature or a single class are all possible). Hint: keep looping over "
            "epochs until one passes without a mistake, check the sign of the update, and use the labels 0 and 1 "
            "as given (do not remap them from the classes present)."
        )
    equal(w, w_ref, "w learned on a small separable set", hint=RULE_HINT)
    equal(b, b_ref, "b learned on a small separable set", hint=RULE_HINT)


@pytest.mark.points(1)
@pytest.mark.parametrize("epochs", [1, 2], ids=lambda e: f"max_epochs={e}")
def test_stops_after_max_epochs(student: Student, ref: ModuleType, rng: np.random.Generator, epochs: int) -> None:
    """stops after max_epochs epochs"""
    X, y = integer_separable(rng, 40, 3)
    check_trained(student, ref, X, y, f"integer data with max_epochs={epochs}", max_epochs=epochs)


@pytest.mark.points(0.5)
def test_returns_float_weights_and_bias(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """returns w as a float64 array and b as a float"""
    X, y = integer_separable(rng, 20, 2)
    result = tuple_of(student(X, y), 2, "perceptron_train")
    array(result[0], "w", shape=(2,), hint="start from np.zeros(d), which is float64")
    scalar(result[1], "b", hint="return b as a float")


@pytest.mark.points(0.5)
def test_accepts_lists_and_readonly_inputs(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    X, y = integer_separable(rng, 15, 2)
    result = tuple_of(student(X.tolist(), y.tolist()), 2, "perceptron_train")
    w_ref, _ = ref.perceptron_train(X, y)
    equal(
        any_array(result[0], "w learned from lists", (2,)),
        w_ref,
        "w learned from lists",
        hint="convert the inputs with np.asarray first",
    )
    check_trained(student, ref, X, y, "read-only data", readonly=True)
