"""Hidden tests of affine_forward (x·W + b)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_3_neural_nets.data import AFFINE_SHAPES, torch_tensor
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("affine_forward")


@pytest.mark.points(2)
@pytest.mark.parametrize(("n", "d", "m"), AFFINE_SHAPES, ids=[f"n={n},d={d},m={m}" for n, d, m in AFFINE_SHAPES])
def test_matches_torch_linear(
    student: Student, ref: ModuleType, rng: np.random.Generator, n: int, d: int, m: int
) -> None:
    """matches torch.nn.functional.linear on random shapes"""
    import torch.nn.functional as F

    x, W, b = rng.standard_normal((n, d)), rng.standard_normal((d, m)), rng.standard_normal(m)
    got = array(
        student(x, W, b),
        f"affine_forward of ({n},{d}) inputs with ({d},{m}) weights",
        shape=(n, m),
        hint="the output is (n, m): x @ W",
    )
    expected = F.linear(torch_tensor(x), torch_tensor(W.T), torch_tensor(b)).numpy()
    close(
        got,
        expected,
        f"affine_forward with x ({n},{d}), W ({d},{m})",
        hint="x @ W, then add b to every row (not x @ W.T, and do not forget b)",
    )
    close(got, ref.affine_forward(x, W, b), f"affine_forward with x ({n},{d}), W ({d},{m})")


@pytest.mark.points(1)
def test_accepts_lists(student: Student, ref: ModuleType) -> None:
    """accepts lists"""
    got = array(
        student([[1.0, 2.0]], [[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]], [0.5, 0.0, -0.5]),
        "affine_forward of lists",
        shape=(1, 3),
    )
    close(got, [[5.5, 2.0, -1.5]], "affine_forward of lists", hint="convert the inputs with np.asarray")


@pytest.mark.points(1)
def test_leaves_readonly_inputs_untouched(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """leaves read-only inputs untouched"""
    x, W, b = rng.standard_normal((5, 4)), rng.standard_normal((4, 3)), rng.standard_normal(3)
    close(
        array(student(x, W, b, readonly=True), "affine_forward", shape=(5, 3)),
        ref.affine_forward(x, W, b),
        "affine_forward of read-only inputs",
    )
