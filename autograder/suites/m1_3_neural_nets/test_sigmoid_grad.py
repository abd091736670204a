"""Hidden tests of sigmoid_grad (σ(x)·(1 − σ(x)), numerically stable)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_3_neural_nets.data import SHAPES, shape_id, torch_tensor, with_extremes
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("sigmoid_grad")


@pytest.mark.points(1.5)
@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_matches_autograd(student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]) -> None:
    """matches PyTorch autograd of torch.sigmoid"""
    import torch

    x = rng.standard_normal(shape) * 4.0
    t = torch_tensor(x, grad=True)
    torch.sigmoid(t).sum().backward()
    got = array(student(x), f"sigmoid_grad of a {shape} array", shape=shape)
    close(
        got,
        t.grad.numpy(),
        f"sigmoid_grad of a random {shape} array (against autograd)",
        hint="σ'(x) = σ(x)·(1 − σ(x)), not x·(1 − x)",
    )
    close(got, ref.sigmoid_grad(x), f"sigmoid_grad of a random {shape} array")


@pytest.mark.points(0.5)
def test_peaks_at_a_quarter_and_is_even(student: Student, ref: ModuleType) -> None:
    """peaks at 1/4 at 0 and is symmetric (given a list)"""
    x = np.linspace(-6.0, 6.0, 25)
    got = array(student(x.tolist()), "sigmoid_grad of a list on [-6, 6]", shape=(25,), hint="convert with np.asarray")
    close(got[12], 0.25, "sigmoid_grad(0)", hint="σ(0) = 1/2")
    close(got, got[::-1], "sigmoid_grad(x) compared with sigmoid_grad(−x)", hint="σ' is an even function")


@pytest.mark.points(1)
def test_is_stable_for_huge_readonly_inputs(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """is finite and warning-free for |x| up to 1e4, and leaves read-only input untouched"""
    x = with_extremes(rng, (20,))
    got = array(student(x, readonly=True), "sigmoid_grad of huge inputs", shape=(20,))
    close(
        got, ref.sigmoid_grad(x), "sigmoid_grad of inputs up to ±1e4", hint="build it on a numerically stable sigmoid"
    )
