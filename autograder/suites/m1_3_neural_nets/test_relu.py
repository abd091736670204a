"""Hidden tests of relu (max(0, x) elementwise)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_3_neural_nets.data import SHAPES, shape_id, torch_tensor, with_extremes
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("relu")


@pytest.mark.points(1.5)
@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_matches_torch_on_random_arrays(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """matches torch.relu on random arrays of several ranks"""
    import torch

    x = with_extremes(rng, shape)
    got = array(student(x), f"relu of a {shape} array", shape=shape)
    close(
        got,
        torch.relu(torch_tensor(x)).numpy(),
        f"relu of a random {shape} array",
        hint="max(0, x) elementwise: negatives become 0, positives pass unchanged",
    )
    close(got, ref.relu(x), f"relu of a random {shape} array")


@pytest.mark.points(0.5)
def test_keeps_zeros_and_large_positives(student: Student, ref: ModuleType) -> None:
    """keeps zeros and large positives, accepts lists"""
    got = array(student([-1e4, -1.0, 0.0, 2.5, 1e4]), "relu of a list", shape=(5,))
    close(got, [0.0, 0.0, 0.0, 2.5, 1e4], "relu([-1e4, -1, 0, 2.5, 1e4])", hint="convert with np.asarray")


@pytest.mark.points(1)
def test_leaves_readonly_input_untouched(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """leaves read-only input untouched"""
    x = rng.standard_normal((5, 3))
    close(
        array(student(x, readonly=True), "relu", shape=(5, 3)),
        ref.relu(x),
        "relu of read-only input",
        hint="return a new array (np.maximum) instead of zeroing x in place",
    )
