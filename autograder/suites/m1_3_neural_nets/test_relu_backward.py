"""Hidden tests of relu_backward (dout where the forward input x > 0, else 0)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_3_neural_nets.data import SHAPES, shape_id, torch_tensor
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("relu_backward")


@pytest.mark.points(1.5)
@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_matches_autograd(student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]) -> None:
    """matches PyTorch autograd through torch.relu"""
    import torch

    dout, x = rng.standard_normal(shape), rng.standard_normal(shape)
    t = torch_tensor(x, grad=True)
    (torch.relu(t) * torch_tensor(dout)).sum().backward()
    got = array(student(dout, x), f"relu_backward for a {shape} array", shape=shape)
    close(
        got,
        t.grad.numpy(),
        f"relu_backward for a random {shape} array (against autograd)",
        hint="pass dout where the forward input x > 0; mask with x, not with dout",
    )
    close(got, ref.relu_backward(dout, x), f"relu_backward for a random {shape} array")


@pytest.mark.points(0.5)
def test_blocks_the_gradient_at_zero(student: Student, ref: ModuleType) -> None:
    """blocks the gradient where x = 0"""
    dout = np.array([1.0, -2.0, 3.0, 4.0])
    got = array(student(dout, np.array([0.0, 0.0, 1.0, -1.0])), "relu_backward at x = 0", shape=(4,))
    close(got, [0.0, 0.0, 3.0, 0.0], "relu_backward where x = 0", hint="use x > 0 (strict), as PyTorch does")


@pytest.mark.points(1)
@pytest.mark.parametrize("given_as", ["read-only arrays", "lists"])
def test_accepts_lists_and_readonly_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, given_as: str
) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    dout, x = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    if given_as == "lists":
        got = student(dout.tolist(), x.tolist())
        what, hint = "relu_backward of lists", "convert the inputs with np.asarray first"
    else:
        got = student(dout, x, readonly=True)
        what, hint = "relu_backward with read-only inputs", "build a new array instead of zeroing dout in place"
    close(array(got, what, shape=(4, 5)), ref.relu_backward(dout, x), what, hint=hint)
