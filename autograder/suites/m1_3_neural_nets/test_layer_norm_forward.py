"""Hidden tests of layer_norm_forward (normalisation over the last axis, as in PyTorch)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_3_neural_nets.data import norm_inputs, shape_id, torch_tensor
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("layer_norm_forward")

HINT = (
    "normalise every vector over the last axis (axis=-1, keepdims=True) with the biased variance, "
    "put eps inside the square root, then apply gamma and beta"
)


def torch_layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    import torch.nn.functional as F

    return F.layer_norm(
        torch_tensor(x), (x.shape[-1],), weight=torch_tensor(gamma), bias=torch_tensor(beta), eps=eps
    ).numpy()


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(4, 8), (16, 5), (1, 6), (6, 6)], ids=shape_id)
def test_matches_torch_on_2d_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """matches torch.nn.functional.layer_norm on random 2-D inputs"""
    x, gamma, beta = norm_inputs(rng, shape)
    got = array(student(x, gamma, beta), f"layer_norm_forward of a {shape} input", shape=shape)
    close(got, torch_layer_norm(x, gamma, beta, 1e-5), f"layer_norm_forward of a random {shape} input", hint=HINT)
    close(got, ref.layer_norm_forward(x, gamma, beta), f"layer_norm_forward of a random {shape} input")


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(9,), (2, 5, 4), (2, 3, 2, 6), (2, 1, 2, 2, 3)], ids=shape_id)
def test_matches_torch_on_other_ranks(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """matches torch.nn.functional.layer_norm on 1-D, 3-D, 4-D and 5-D inputs"""
    x, gamma, beta = norm_inputs(rng, shape)
    got = array(student(x, gamma, beta), f"layer_norm_forward of a {shape} input", shape=shape)
    close(
        got,
        torch_layer_norm(x, gamma, beta, 1e-5),
        f"layer_norm_forward of a random {shape} input",
        hint="use axis=-1 with keepdims=True so that any number of dimensions works",
    )


@pytest.mark.points(1.5)
@pytest.mark.parametrize("eps", [1e-5, 0.1, 1e-3], ids=lambda eps: f"eps={eps}")
def test_puts_eps_inside_the_square_root(
    student: Student, ref: ModuleType, rng: np.random.Generator, eps: float
) -> None:
    """handles small variances and a custom eps like PyTorch"""
    x, gamma, beta = norm_inputs(rng, (3, 5), spread=0.01)
    x = x - x.mean(axis=-1, keepdims=True) + rng.standard_normal((3, 1))
    got = array(student(x, gamma, beta, eps=eps), f"layer_norm_forward with eps={eps}", shape=(3, 5))
    close(
        got,
        torch_layer_norm(x, gamma, beta, eps),
        f"layer_norm_forward of low-variance data with eps={eps}",
        hint="divide by sqrt(var + eps), not by sqrt(var) + eps, and use the eps argument",
    )


@pytest.mark.points(0.5)
def test_normalises_each_example_independently(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """normalises every example independently of the rest of the batch"""
    x, gamma, beta = norm_inputs(rng, (5, 4))
    alone = array(student(x[:1], gamma, beta), "layer_norm_forward of one example", shape=(1, 4))
    together = array(student(x, gamma, beta), "layer_norm_forward of five examples", shape=(5, 4))
    close(together, ref.layer_norm_forward(x, gamma, beta), "layer_norm_forward of five examples")
    close(
        together[:1],
        alone,
        "example 0 normalised alone and within a batch",
        hint="layer norm uses only each example's own features (the last axis)",
    )


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_inputs(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    got = array(student([1.0, 2.0, 4.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]), "layer_norm_forward of lists", shape=(3,))
    close(
        got,
        ref.layer_norm_forward(np.array([1.0, 2.0, 4.0]), np.ones(3), np.zeros(3)),
        "layer_norm_forward of lists",
        hint="convert with np.asarray",
    )
    x, gamma, beta = norm_inputs(rng, (4, 6))
    close(
        array(student(x, gamma, beta, readonly=True), "layer_norm_forward", shape=(4, 6)),
        ref.layer_norm_forward(x, gamma, beta),
        "layer_norm_forward of read-only inputs",
        hint="compute into new arrays instead of modifying x in place",
    )
