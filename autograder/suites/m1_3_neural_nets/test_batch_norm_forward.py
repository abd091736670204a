"""Hidden tests of batch_norm_forward (training-mode batch normalisation, as in PyTorch)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_3_neural_nets.data import norm_inputs, torch_tensor
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("batch_norm_forward")

HINT = (
    "normalise each feature over the batch (axis 0) with the biased variance (np.var's default), "
    "put eps inside the square root, then apply gamma and beta"
)


def torch_batch_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    import torch.nn.functional as F

    return F.batch_norm(
        torch_tensor(x), None, None, weight=torch_tensor(gamma), bias=torch_tensor(beta), training=True, eps=eps
    ).numpy()


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("n", "d"), [(8, 3), (32, 10), (5, 1), (3, 7)], ids=["n=8,d=3", "n=32,d=10", "n=5,d=1", "n=3,d=7"]
)
def test_matches_torch_on_random_batches(
    student: Student, ref: ModuleType, rng: np.random.Generator, n: int, d: int
) -> None:
    """matches torch.nn.functional.batch_norm(training=True) on random batches"""
    x, gamma, beta = norm_inputs(rng, (n, d))
    got = array(student(x, gamma, beta), f"batch_norm_forward of a ({n},{d}) batch", shape=(n, d))
    close(got, torch_batch_norm(x, gamma, beta, 1e-5), f"batch_norm_forward of a random ({n},{d}) batch", hint=HINT)
    close(got, ref.batch_norm_forward(x, gamma, beta), f"batch_norm_forward of a random ({n},{d}) batch")


@pytest.mark.points(1.5)
@pytest.mark.parametrize("eps", [1e-5, 0.1, 1e-3], ids=lambda eps: f"eps={eps}")
def test_puts_eps_inside_the_square_root(
    student: Student, ref: ModuleType, rng: np.random.Generator, eps: float
) -> None:
    """handles small variances and a custom eps like PyTorch"""
    x, gamma, beta = norm_inputs(rng, (6, 4), spread=0.01)
    got = array(student(x, gamma, beta, eps=eps), f"batch_norm_forward with eps={eps}", shape=(6, 4))
    close(
        got,
        torch_batch_norm(x, gamma, beta, eps),
        f"batch_norm_forward of low-variance data with eps={eps}",
        hint="divide by sqrt(var + eps), not by sqrt(var) + eps, and use the eps argument",
    )


@pytest.mark.points(1)
def test_handles_two_rows_and_a_constant_feature(student: Student, ref: ModuleType) -> None:
    """works for a batch of two and a constant feature"""
    x = np.array([[1.0, 5.0, -2.0], [3.0, 5.0, 4.0]])
    gamma, beta = np.array([1.0, 2.0, 0.5]), np.array([0.0, 1.0, -1.0])
    got = array(student(x, gamma, beta), "batch_norm_forward of a batch of two", shape=(2, 3))
    close(
        got,
        torch_batch_norm(x, gamma, beta, 1e-5),
        "batch_norm_forward of a batch of two with a constant feature",
        hint="a constant feature normalises to 0, so its output is beta; keep eps inside the square root",
    )


@pytest.mark.points(0.5)
def test_gives_every_feature_a_mean_of_beta(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """gives every feature a batch mean of beta"""
    x, gamma, beta = norm_inputs(rng, (50, 6))
    got = array(student(x, gamma, beta), "batch_norm_forward", shape=(50, 6))
    close(
        got.mean(axis=0),
        beta,
        "the batch mean of each output feature",
        rtol=1e-6,
        atol=1e-7,
        hint="the statistics are per feature, over the batch axis (axis 0)",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize(("n", "d"), [(16, 3), (64, 5)], ids=["n=16,d=3", "n=64,d=5"])
def test_stays_accurate_for_large_means(
    student: Student, ref: ModuleType, rng: np.random.Generator, n: int, d: int
) -> None:
    """matches PyTorch for features with a large mean (1e6 plus unit noise)"""
    x = rng.standard_normal((n, d)) + 1e6 * rng.choice([-1.0, 1.0, 2.0], d)
    gamma, beta = rng.uniform(0.5, 2.0, d), rng.standard_normal(d)
    got = array(student(x, gamma, beta), f"batch_norm_forward of a ({n},{d}) batch with means near 1e6", shape=(n, d))
    close(
        got,
        torch_batch_norm(x, gamma, beta, 1e-5),
        f"batch_norm_forward of a ({n},{d}) batch whose features have means around 1e6",
        hint="compute the variance from the centred data, mean((x − mean)²) or np.var; E[x²] − E[x]² loses "
        "every significant digit when the mean is large",
    )


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_inputs(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    got = array(student([[1.0, 2.0], [3.0, 6.0]], [1.0, 1.0], [0.0, 0.0]), "batch_norm_forward of lists", shape=(2, 2))
    close(
        got,
        ref.batch_norm_forward(np.array([[1.0, 2.0], [3.0, 6.0]]), np.ones(2), np.zeros(2)),
        "batch_norm_forward of lists",
        hint="convert with np.asarray",
    )
    x, gamma, beta = norm_inputs(rng, (7, 3))
    close(
        array(student(x, gamma, beta, readonly=True), "batch_norm_forward", shape=(7, 3)),
        ref.batch_norm_forward(x, gamma, beta),
        "batch_norm_forward of read-only inputs",
        hint="compute into new arrays instead of modifying x in place",
    )
