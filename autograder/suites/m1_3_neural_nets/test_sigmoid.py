"""Hidden tests of sigmoid (1 / (1 + e^−x), elementwise and numerically stable)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, fail
from autograder.suites.m1_3_neural_nets.data import SHAPES, shape_id, torch_tensor, with_extremes
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("sigmoid")


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_matches_torch_on_random_arrays(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """matches torch.sigmoid on random arrays of several ranks"""
    import torch

    x = rng.standard_normal(shape) * 4.0
    got = array(student(x), f"sigmoid of a {shape} array", shape=shape)
    close(
        got,
        torch.sigmoid(torch_tensor(x)).numpy(),
        f"sigmoid of a random {shape} array",
        hint="σ(x) = 1 / (1 + exp(−x)), elementwise",
    )
    close(got, ref.sigmoid(x), f"sigmoid of a random {shape} array")


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(12,), (3, 8)], ids=shape_id)
def test_is_stable_for_huge_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """is finite, inside [0, 1] and warning-free for |x| up to 1e4"""
    import torch

    x = with_extremes(rng, shape)
    got = array(student(x), f"sigmoid of a {shape} array with huge entries", shape=shape)
    if not (np.all(got >= 0.0) and np.all(got <= 1.0)):
        fail(
            "sigmoid returned values outside [0, 1] for inputs up to ±1e4. "
            "Hint: use exp(x) / (1 + exp(x)) for negative x and 1 / (1 + exp(−x)) for the others."
        )
    close(
        got,
        torch.sigmoid(torch_tensor(x)).numpy(),
        "sigmoid of inputs up to ±1e4",
        hint="never exponentiate a large positive number",
    )


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_input(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    got = array(student([0.0, 1.0, -1.0]), "sigmoid of a list", shape=(3,))
    close(got, ref.sigmoid(np.array([0.0, 1.0, -1.0])), "sigmoid of a list", hint="convert with np.asarray")
    x = with_extremes(rng, (4, 4))
    close(
        array(student(x, readonly=True), "sigmoid", shape=(4, 4)),
        ref.sigmoid(x),
        "sigmoid of read-only input",
        hint="compute into a new array instead of writing into x",
    )
