"""Hidden tests of mse_loss (the mean squared error; oracles: the reference and PyTorch)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import close, scalar
from autograder.suites.m1_2_classical_ml.data import shape_id
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("mse_loss")


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(1,), (7,), (5, 3), (2, 3, 4)], ids=shape_id)
def test_matches_the_mean_squared_error(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """matches the mean squared error (reference and PyTorch)"""
    import torch

    a, b = rng.standard_normal(shape), rng.standard_normal(shape)
    got = scalar(student(a, b), f"mse_loss of two arrays of shape {shape}")
    expected = torch.nn.functional.mse_loss(torch.tensor(a), torch.tensor(b)).item()
    close(
        got,
        ref.mse_loss(a, b),
        f"mse_loss of arrays of shape {shape}",
        hint="square every error and average over ALL elements (np.mean, not np.sum or a mean over one axis)",
    )
    close(got, expected, f"mse_loss of arrays of shape {shape} (against torch.nn.functional.mse_loss)")


@pytest.mark.points(1)
def test_accepts_lists_and_is_zero_for_a_perfect_prediction(student: Student, rng: np.random.Generator) -> None:
    """accepts lists, returns a float, and is zero for a perfect prediction"""
    close(
        scalar(student([1.0, 2.0, 4.0], [1.0, 0.0, 1.0]), "mse_loss"),
        13.0 / 3.0,
        "mse_loss([1, 2, 4], [1, 0, 1])",
        hint="convert with np.asarray, then mean((y_pred - y_true) ** 2)",
    )
    x = rng.standard_normal(6)
    close(scalar(student(x, x.copy()), "mse_loss"), 0.0, "mse_loss of a perfect prediction")


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("pred_shape", "true_shape", "why"),
    [
        ((4,), (4, 1), "the shapes are (4,) and (4, 1)"),
        ((3,), (5,), "the lengths are 3 and 5"),
        ((2, 3), (3, 2), "the shapes are (2, 3) and (3, 2)"),
        ((1,), (5,), "the shapes are (1,) and (5,), which numpy would broadcast"),
    ],
    ids=["4-vs-4x1", "3-vs-5", "2x3-vs-3x2", "1-vs-5"],
)
def test_rejects_different_shapes(
    student: Student, pred_shape: tuple[int, ...], true_shape: tuple[int, ...], why: str
) -> None:
    """raises ValueError when the shapes differ (no broadcasting)"""
    student.raises_value_error(np.ones(pred_shape), np.ones(true_shape), why=why)


@pytest.mark.points(1)
def test_leaves_readonly_inputs_untouched(student: Student, rng: np.random.Generator) -> None:
    """leaves read-only inputs untouched"""
    a, b = rng.standard_normal((2, 4, 2))
    close(scalar(student(a, b, readonly=True), "mse_loss"), np.mean((a - b) ** 2), "mse_loss of read-only inputs")
