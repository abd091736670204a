"""Hidden tests of sigmoid_neuron_grad(w, x, b): (dy_dw, dy_db) of y = σ(w·x + b) by the chain rule."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, scalar, tuple_of
from autograder.suites.m1_1_math.data import sigma
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("sigmoid_neuron_grad")

OVERFLOW_HINT = (
    "1 / (1 + exp(-z)) overflows for z far below 0; use a stable sigmoid "
    "(exp(z) / (1 + exp(z)) for z < 0, or 0.5 * (1 + tanh(z / 2)))"
)


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 3, 10], ids=lambda n: f"{n}-inputs")
def test_matches_the_chain_rule(student: Student, rng: np.random.Generator, n: int) -> None:
    """matches the chain rule on random neurons"""
    w, x, b = rng.standard_normal(n), rng.standard_normal(n), float(rng.standard_normal())
    dw, db = tuple_of(student(w, x, b), 2, "sigmoid_neuron_grad")
    dw = array(dw, f"dy_dw for {n} inputs", shape=(n,))
    s = sigma(float(np.sum(w * x)) + b)
    close(
        dw,
        s * (1 - s) * x,
        f"dy_dw for a random neuron with {n} inputs",
        hint="dy/dw = σ'(z)·x with σ'(z) = σ(z)(1 − σ(z))",
    )
    close(
        scalar(db, "dy_db"),
        s * (1 - s),
        f"dy_db for a random neuron with {n} inputs",
        hint="dy/db = σ'(z), since dz/db = 1",
    )


@pytest.mark.points(2)
def test_agrees_with_finite_differences(student: Student, rng: np.random.Generator) -> None:
    """agrees with finite differences of y"""
    w, x, b = rng.standard_normal(4), rng.standard_normal(4), 0.3
    dw, db = tuple_of(student(w, x, b), 2, "sigmoid_neuron_grad")
    h = 1e-6
    numeric = np.array(
        [
            (sigma(float(np.sum((w + h * e) * x)) + b) - sigma(float(np.sum((w - h * e) * x)) + b)) / (2 * h)
            for e in np.eye(4)
        ]
    )
    close(array(dw, "dy_dw", shape=(4,)), numeric, "dy_dw against finite differences", rtol=1e-5, atol=1e-8)
    close(
        scalar(db, "dy_db"),
        (sigma(float(np.sum(w * x)) + b + h) - sigma(float(np.sum(w * x)) + b - h)) / (2 * h),
        "dy_db against finite differences",
        rtol=1e-5,
        atol=1e-8,
    )


@pytest.mark.points(1)
def test_with_zero_weights_is_the_bias_derivative(student: Student) -> None:
    """with zero weights gives σ'(b)·x and σ'(b)"""
    x = np.array([1.0, -2.0, 0.5])
    dw, db = tuple_of(student(np.zeros(3), x, -1.5), 2, "sigmoid_neuron_grad")
    s = sigma(-1.5)
    close(array(dw, "dy_dw", shape=(3,)), s * (1 - s) * x, "dy_dw with zero weights", hint="z = w·x + b = b here")
    close(scalar(db, "dy_db"), s * (1 - s), "dy_db with zero weights")


@pytest.mark.points(1)
@pytest.mark.parametrize("z", [1e4, -1e4, 750.0, -750.0, 40.0, -40.0], ids=lambda z: f"z={z:g}")
def test_stays_finite_and_warning_free_at_extremes(
    student: Student, ref: ModuleType, rng: np.random.Generator, z: float
) -> None:
    """is finite, warning-free and correct when w·x + b reaches ±1e4"""
    x = rng.uniform(0.5, 2.0, 3) * rng.choice([-1.0, 1.0], 3)
    w = np.zeros(3)
    w[0] = (z - 1.0) / x[0]
    b = 1.0
    dw, db = tuple_of(student(w, x, b), 2, "sigmoid_neuron_grad")
    what = f"the gradient of a neuron with w·x + b = {z:g}"
    expected_dw, expected_db = ref.sigmoid_neuron_grad(w, x, b)
    close(array(dw, "dy_dw", shape=(3,)), expected_dw, f"dy_dw, {what}", hint=OVERFLOW_HINT)
    close(scalar(db, "dy_db"), expected_db, f"dy_db, {what}", hint=OVERFLOW_HINT)


@pytest.mark.points(1)
@pytest.mark.parametrize("given_as", ["read-only", "lists"])
def test_accepts_lists_and_leaves_read_only_inputs_untouched(
    student: Student, ref: ModuleType, rng: np.random.Generator, given_as: str
) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    w, x = rng.standard_normal((2, 5))
    if given_as == "lists":
        what, result = "lists", student(w.tolist(), x.tolist(), 0.1)
    else:
        what, result = "read-only inputs", student(w, x, 0.1, readonly=True)
    dw, db = tuple_of(result, 2, "sigmoid_neuron_grad")
    expected_dw, expected_db = ref.sigmoid_neuron_grad(w, x, 0.1)
    close(array(dw, f"dy_dw from {what}", shape=(5,)), expected_dw, f"dy_dw from {what}")
    close(scalar(db, f"dy_db from {what}"), expected_db, f"dy_db from {what}")
