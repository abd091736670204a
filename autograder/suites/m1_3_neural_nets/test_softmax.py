"""Hidden tests of softmax (along any axis, numerically stable, as torch.softmax)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_3_neural_nets.data import shape_id, torch_tensor, with_extremes
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("softmax")


def torch_softmax(z: np.ndarray, axis: int) -> np.ndarray:
    import torch

    return torch.softmax(torch_tensor(z), dim=axis).numpy()


@pytest.mark.points(1.5)
@pytest.mark.parametrize("shape", [(6,), (5, 4), (2, 3, 7)], ids=shape_id)
def test_uses_the_last_axis_by_default(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """matches torch.softmax along the last axis by default"""
    z = rng.standard_normal(shape) * 3.0
    got = array(student(z), f"softmax of a {shape} array", shape=shape)
    close(
        got,
        torch_softmax(z, -1),
        f"softmax of a random {shape} array with the default axis",
        hint="normalise every slice along the last axis separately (keepdims=True)",
    )
    close(got, ref.softmax(z), f"softmax of a random {shape} array")


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(7,), (5, 4), (2, 3, 4), (2, 3, 2, 3)], ids=shape_id)
def test_matches_torch_along_every_axis(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """matches torch.softmax along every axis of 1-D to 4-D arrays"""
    z = rng.standard_normal(shape) * 3.0
    for axis in range(-len(shape), len(shape)):
        got = array(student(z, axis=axis), f"softmax of a {shape} array along axis {axis}", shape=shape)
        close(
            got,
            torch_softmax(z, axis),
            f"softmax of a random {shape} array along axis={axis}",
            hint="take the max and the sum along `axis` (with keepdims=True), not along a fixed axis",
        )


@pytest.mark.points(2)
def test_is_stable_for_huge_scores(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """is finite and warning-free for scores up to ±1e4, on slices of very different scales"""
    z = with_extremes(rng, (6, 5))
    z[0] = -1e4  # a whole slice far below the others
    z[1] = [1e4, 1e4, -1e4, 0.0, 1e4]
    for axis in (-1, 0):
        got = array(student(z, axis=axis), f"softmax along axis {axis} of scores up to ±1e4", shape=z.shape)
        close(
            got,
            torch_softmax(z, axis),
            f"softmax along axis={axis} of scores up to ±1e4",
            hint="subtract the maximum of each slice along `axis` (not the global maximum) before exp",
        )
    z3 = with_extremes(rng, (3, 4, 5))
    close(
        array(student(z3, axis=1), "softmax of a 3-D array with huge scores", shape=(3, 4, 5)),
        torch_softmax(z3, 1),
        "softmax along axis=1 of a 3-D array of scores up to ±1e4",
    )


@pytest.mark.points(0.5)
def test_sums_to_one_and_ignores_a_shift(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """sums to 1 along the axis and ignores a constant added along it"""
    z = rng.standard_normal((4, 6)) * 5.0
    got = array(student(z, axis=0), "softmax along axis 0", shape=(4, 6))
    close(got.sum(axis=0), np.ones(6), "column sums of softmax(z, axis=0)", hint="divide by the sum along axis")
    shifted = array(student(z + rng.standard_normal(6) * 100.0, axis=0), "softmax along axis 0", shape=(4, 6))
    close(shifted, got, "softmax after adding a constant to every column", hint="softmax(z + c) = softmax(z)")


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_input(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only input untouched"""
    close(
        array(student([1.0, 2.0, 3.0]), "softmax of a list", shape=(3,)),
        ref.softmax(np.array([1.0, 2.0, 3.0])),
        "softmax of a list",
        hint="convert with np.asarray",
    )
    z = with_extremes(rng, (3, 5))
    close(
        array(student(z, readonly=True), "softmax", shape=(3, 5)),
        ref.softmax(z),
        "softmax of read-only input",
        hint="subtract the maximum into a new array instead of writing into z",
    )
