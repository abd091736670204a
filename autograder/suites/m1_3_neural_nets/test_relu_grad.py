"""Hidden tests of relu_grad (1 where x > 0, else 0; 0 at x = 0 as in PyTorch)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_3_neural_nets.data import SHAPES, any_array, shape_id, torch_tensor
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("relu_grad")


@pytest.mark.points(1.5)
@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_matches_autograd(student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]) -> None:
    """matches PyTorch autograd of torch.relu"""
    import torch

    x = rng.standard_normal(shape)
    t = torch_tensor(x, grad=True)
    torch.relu(t).sum().backward()
    got = any_array(student(x), f"relu_grad of a {shape} array", shape)
    close(got, t.grad.numpy(), f"relu_grad of a random {shape} array (against autograd)", hint="1 where x > 0, else 0")
    close(got, ref.relu_grad(x), f"relu_grad of a random {shape} array")


@pytest.mark.points(1)
def test_is_zero_at_zero(student: Student, ref: ModuleType) -> None:
    """is 0 at x = 0, as in PyTorch"""
    x = np.array([[0.0, -0.0, 1e-300], [-1e-300, 0.0, 5.0]])
    got = any_array(student(x), "relu_grad at zeros", (2, 3))
    close(
        got,
        [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]],
        "relu_grad at and around x = 0",
        hint="use x > 0 (strict): the derivative at exactly 0 is taken as 0",
    )


@pytest.mark.points(0.5)
def test_returns_float64_from_lists_and_readonly_input(
    student: Student, ref: ModuleType, rng: np.random.Generator
) -> None:
    """returns float64, accepts lists and leaves read-only input untouched"""
    x = rng.standard_normal(9)
    got = array(
        student(x, readonly=True), "relu_grad's result", shape=(9,), hint="convert the boolean mask with .astype(float)"
    )
    close(got, ref.relu_grad(x), "relu_grad of read-only input")
    close(
        any_array(student(x.tolist()), "relu_grad of a list", (9,)),
        ref.relu_grad(x),
        "relu_grad of a list",
        hint="convert with np.asarray",
    )
