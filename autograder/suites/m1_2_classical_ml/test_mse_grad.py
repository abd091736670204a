"""Hidden tests of mse_grad (the gradient of the mean squared error; oracle: PyTorch autograd)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_2_classical_ml.data import shape_id
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("mse_grad")


def torch_mse_grad(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The gradient of torch.nn.functional.mse_loss with respect to the prediction ``a``."""
    import torch

    pred = torch.tensor(a, requires_grad=True)
    torch.nn.functional.mse_loss(pred, torch.tensor(b)).backward()
    return pred.grad.numpy()


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 4, 25, 1000], ids=lambda n: f"n={n}")
def test_matches_torch_autograd_on_vectors(student: Student, ref: ModuleType, rng: np.random.Generator, n: int) -> None:
    """matches PyTorch autograd of the mean squared error on vectors"""
    a, b = rng.standard_normal(n), rng.standard_normal(n)
    got = array(student(a, b), f"mse_grad of length-{n} vectors", shape=(n,))
    close(
        got,
        ref.mse_grad(a, b),
        f"mse_grad of length-{n} vectors",
        hint="2 * (y_pred - y_true) / N: keep the factor 2 and the sign (prediction minus target)",
    )
    close(got, torch_mse_grad(a, b), f"mse_grad of length-{n} vectors (against torch autograd)")


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(6, 3), (2, 3, 4)], ids=shape_id)
def test_divides_by_the_number_of_elements(student: Student, rng: np.random.Generator, shape: tuple[int, ...]) -> None:
    """divides by the total number of elements for 2-D and 3-D arrays"""
    a, b = rng.standard_normal(shape), rng.standard_normal(shape)
    got = array(
        student(a, b),
        f"mse_grad of arrays of shape {shape}",
        shape=shape,
        hint="return an array shaped like y_pred",
    )
    close(
        got,
        torch_mse_grad(a, b),
        f"mse_grad of arrays of shape {shape} (against torch autograd)",
        hint="N is the number of ELEMENTS (y_pred.size), not the number of rows",
    )


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_inputs(student: Student, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    a, b = rng.standard_normal((2, 3, 3))
    got = array(student(a, b, readonly=True), "mse_grad of read-only inputs", shape=(3, 3))
    close(got, 2.0 * (a - b) / 9.0, "mse_grad of read-only (3, 3) inputs")
    got = array(student(a.tolist(), b.tolist()), "mse_grad of nested lists", shape=(3, 3))
    close(got, 2.0 * (a - b) / 9.0, "mse_grad of nested lists", hint="convert the inputs with np.asarray first")
