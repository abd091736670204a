"""Hidden tests of sigmoid_chain_grad(x, depth): d/dx of σ(σ(…σ(x))), σ applied depth times."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from autograder.suites.checks import close, fail, scalar
from autograder.suites.m1_1_math.data import sigma
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("sigmoid_chain_grad")


def chain_grad(x: float, depth: int) -> float:
    """The exact answer: the product of σ' at each layer's input."""
    grad, value = 1.0, x
    for _ in range(depth):
        s = sigma(value)
        grad *= s * (1 - s)
        value = s
    return grad


@pytest.mark.points(1)
@pytest.mark.parametrize("x", [-2.0, 0.0, 0.7, 3.0], ids=lambda x: f"x={x:g}")
def test_with_depth_one_is_the_derivative_of_sigma(student: Student, x: float) -> None:
    """with depth 1 is σ'(x)"""
    close(
        scalar(student(x, 1), "sigmoid_chain_grad"),
        sigma(x) * (1 - sigma(x)),
        f"sigmoid_chain_grad({x}, 1)",
        hint="the derivative of σ is σ(x)(1 − σ(x))",
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("depth", [2, 3, 5, 10, 25], ids=lambda depth: f"depth={depth}")
def test_multiplies_the_local_derivatives(student: Student, rng: np.random.Generator, depth: int) -> None:
    """multiplies the local derivatives along the chain"""
    x = float(rng.uniform(-4, 4))
    close(
        scalar(student(x, depth), "sigmoid_chain_grad"),
        chain_grad(x, depth),
        f"sigmoid_chain_grad at depth {depth}",
        hint="evaluate each σ'(·) at the input of that layer (the previous layer's output), and multiply",
        atol=0.0,  # relative: at depth 25 the gradient is about 1e-15, and 0 is not it
    )


@pytest.mark.points(1)
def test_shrinks_towards_zero_with_depth(student: Student) -> None:
    """shrinks towards zero as the depth grows"""
    values = [scalar(student(0.5, d), "sigmoid_chain_grad") for d in (1, 5, 10, 20)]
    if not all(a > b > 0 for a, b in itertools.pairwise(values)):
        fail(
            "sigmoid_chain_grad should shrink (and stay positive) as depth grows: each layer multiplies by "
            "σ' ≤ 0.25. Hint: multiply the derivatives, don't add them."
        )


@pytest.mark.points(1)
@pytest.mark.parametrize("x", [1e4, -1e4, 800.0, -800.0, 30.0, -30.0], ids=lambda x: f"x={x:g}")
def test_stays_finite_and_warning_free_at_extremes(student: Student, x: float) -> None:
    """is finite, warning-free and correct for |x| up to 1e4"""
    # The gradient out there is (nearly) 0: it only counts beside an ordinary point, where it is not.
    close(scalar(student(0.5, 2), "sigmoid_chain_grad(0.5, 2)"), chain_grad(0.5, 2), "sigmoid_chain_grad(0.5, 2)")
    for depth in (1, 3):
        close(
            scalar(student(x, depth), f"sigmoid_chain_grad({x:g}, {depth})"),
            chain_grad(x, depth),
            f"sigmoid_chain_grad({x:g}, {depth})",
            hint="math.exp(-x) overflows (OverflowError, or a warning with np.exp) for x far below 0; use a "
            "stable sigmoid: exp(x) / (1 + exp(x)) for x < 0, or 0.5 * (1 + tanh(x / 2))",
        )


@pytest.mark.points(1)
@pytest.mark.parametrize("depth", [0, -3], ids=lambda depth: f"depth={depth}")
def test_raises_value_error_for_depth_below_one(student: Student, depth: int) -> None:
    """raises ValueError for depth < 1"""
    student.raises_value_error(0.5, depth, why=f"depth = {depth}")
