"""Hidden tests of gelu (the exact erf form and the tanh approximation, as in PyTorch)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, fail
from autograder.suites.m1_3_neural_nets.data import SHAPES, shape_id, torch_tensor, with_extremes
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("gelu")

EXACT_HINT = "0.5·x·(1 + erf(x / √2))"
TANH_HINT = "0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))"


def torch_gelu(x: np.ndarray, approximate: str) -> np.ndarray:
    import torch.nn.functional as F

    return F.gelu(torch_tensor(x), approximate=approximate).numpy()


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_exact_form_matches_torch(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """matches torch.nn.functional.gelu(approximate='none')"""
    x = rng.standard_normal(shape) * 3.0
    got = array(student(x, approximate="none"), f"gelu of a {shape} array", shape=shape)
    close(
        got,
        torch_gelu(x, "none"),
        f"gelu(approximate='none') of a random {shape} array",
        hint=f"{EXACT_HINT}; the division by √2 is easy to forget",
    )
    close(got, ref.gelu(x), f"gelu(approximate='none') of a random {shape} array")


@pytest.mark.points(1.5)
@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_tanh_form_matches_torch(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """matches torch.nn.functional.gelu(approximate='tanh')"""
    x = rng.standard_normal(shape) * 3.0
    got = array(student(x, approximate="tanh"), f"gelu(approximate='tanh') of a {shape} array", shape=shape)
    close(got, torch_gelu(x, "tanh"), f"gelu(approximate='tanh') of a random {shape} array", hint=TANH_HINT)
    close(got, ref.gelu(x, approximate="tanh"), f"gelu(approximate='tanh') of a random {shape} array")


@pytest.mark.points(1)
def test_defaults_to_the_exact_form_and_is_stable(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """defaults to the exact form and is finite and warning-free for |x| up to 1e4"""
    x = with_extremes(rng, (5, 6))
    close(
        array(student(x), "gelu with the default approximate", shape=(5, 6)),
        torch_gelu(x, "none"),
        "gelu(x) with the default approximate='none', inputs up to ±1e4",
        hint="the default is the exact erf form",
    )
    close(
        array(student(x, approximate="tanh"), "gelu(approximate='tanh')", shape=(5, 6)),
        torch_gelu(x, "tanh"),
        "gelu(approximate='tanh') of inputs up to ±1e4",
    )


@pytest.mark.points(1)
def test_rejects_unknown_approximations(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """raises ValueError for an unknown approximate, accepts lists, and leaves read-only input untouched"""
    x = rng.standard_normal(4)
    for bad in ("exact", "sigmoid", "", "TANH"):
        student.raises_value_error(x, approximate=bad, why=f"approximate={bad!r}")
    close(array(student(x, readonly=True), "gelu", shape=(4,)), ref.gelu(x), "gelu of read-only input")
    close(
        array(student(x.tolist()), "gelu of a list", shape=(4,)),
        ref.gelu(x),
        "gelu of a list",
        hint="convert with np.asarray",
    )


@pytest.mark.points(0.5)
def test_uses_its_approximate_argument(student: Student, ref: ModuleType) -> None:
    """uses its approximate argument: 'none' and 'tanh' give different results"""
    x = np.array([-3.0, -1.5, -0.5, 0.7, 2.0])
    exact = array(student(x, approximate="none"), "gelu(approximate='none')", shape=(5,))
    tanh = array(student(x, approximate="tanh"), "gelu(approximate='tanh')", shape=(5,))
    if np.allclose(exact, tanh, rtol=1e-6, atol=1e-8):
        fail(
            "gelu gives the same output whatever approximate is: it ignores approximate. "
            "Hint: use the erf form for approximate='none' and the tanh form for approximate='tanh'."
        )
    close(exact, torch_gelu(x, "none"), "gelu(approximate='none')", hint=EXACT_HINT)
    close(tanh, torch_gelu(x, "tanh"), "gelu(approximate='tanh')", hint=TANH_HINT)
