"""Hidden tests of numerical_gradient(f, x, h): central differences, element by element, on a copy of x."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.student import Lambda, Student

pytestmark = pytest.mark.grades("numerical_gradient")

# A smooth function of x of any shape, built in the sandbox, and its exact gradient.
SMOOTH = Lambda(
    "lambda x: float(np.sum(np.sin(x) * np.arange(1, x.size + 1).reshape(x.shape)) + np.sum(x ** 2) ** 1.5)"
)


def smooth_gradient(x: np.ndarray) -> np.ndarray:
    """The exact gradient of SMOOTH at x."""
    w = np.arange(1, x.size + 1).reshape(x.shape)
    return np.cos(x) * w + 3.0 * np.sqrt(np.sum(x**2)) * x


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 4, 9], ids=lambda n: f"n={n}")
def test_matches_the_exact_gradient_of_a_vector(student: Student, rng: np.random.Generator, n: int) -> None:
    """matches central differences and the analytic gradient on a 1-D input"""
    x = rng.standard_normal(n)
    got = array(student(SMOOTH, x), f"numerical_gradient at a length-{n} x", shape=(n,))
    close(
        got,
        smooth_gradient(x),
        f"numerical_gradient at a length-{n} x (against the exact gradient)",
        rtol=1e-5,
        atol=1e-6,
        hint="divide f(x + h e_i) - f(x - h e_i) by 2h, one element at a time",
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(2, 3), (2, 2, 2)], ids=["2x3", "2x2x2"])
def test_works_for_inputs_of_any_shape(student: Student, rng: np.random.Generator, shape: tuple[int, ...]) -> None:
    """works for inputs of any shape"""
    x = rng.standard_normal(shape)
    got = array(
        student(SMOOTH, x),
        f"numerical_gradient at x of shape {shape}",
        shape=shape,
        hint="return an array shaped like x (np.ndindex visits every index)",
    )
    close(got, smooth_gradient(x), f"numerical_gradient at x of shape {shape}", rtol=1e-5, atol=1e-6)


@pytest.mark.points(1)
def test_uses_the_step_it_is_given(student: Student, rng: np.random.Generator) -> None:
    """uses the step size h it is given"""
    x = rng.standard_normal(3)
    f = Lambda("lambda x: float(np.sum(x ** 3))")
    got = array(student(f, x, h=0.1), "numerical_gradient with h=0.1", shape=(3,))
    close(
        got,
        3 * x**2 + 0.01,
        "numerical_gradient of sum(x³) with h=0.1",
        hint="with h=0.1 the central difference of x³ is 3x² + h²; use the h argument, not a constant",
    )


@pytest.mark.points(2)
def test_never_writes_to_x(student: Student, rng: np.random.Generator) -> None:
    """never writes to x, not even temporarily"""
    x = rng.standard_normal(5)
    got = array(
        student(SMOOTH, x, readonly=True),
        "numerical_gradient at a read-only x",
        shape=(5,),
        hint="perturb a copy: xp = np.array(x, dtype=float); xp[i] += h",
    )
    close(got, smooth_gradient(x), "numerical_gradient at a read-only x", rtol=1e-5, atol=1e-6)
