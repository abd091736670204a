"""Hidden tests of max_pool2d (max pooling without padding), against torch.nn.functional.max_pool2d
and the reference."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_4_architectures.data import POOL_SHAPE_HINT, check_pool, ignores, same_output
from autograder.suites.m1_4_architectures.oracles import torch_max_pool2d
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("max_pool2d")

STRIDE_HINT = "window (i, j) starts at row i*stride and column j*stride"
NEGATIVE_HINT = "start each running maximum at the window's first value or -inf, never at 0"


def pool_id(shape: tuple[int, ...], k: int, stride: int | None = None) -> str:
    """x=NxCxHxW,k=..,stride=..: the sizes of one case."""
    return f"x={'x'.join(map(str, shape))},k={k}" + ("" if stride is None else f",stride={stride}")


def pooling(cases: list[tuple[tuple[int, ...], int, int | None]]) -> pytest.MarkDecorator:
    """Parametrize ``shape, k, stride`` over ``cases``, each named by its sizes."""
    return pytest.mark.parametrize(("shape", "k", "stride"), cases, ids=[pool_id(*case) for case in cases])


@pytest.mark.points(3)
@pooling([((2, 3, 8, 8), 2, None), ((1, 2, 9, 9), 3, None), ((1, 1, 7, 7), 2, None), ((2, 2, 4, 4), 4, None)])
def test_matches_torch_with_the_default_stride(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...], k: int, stride: None
) -> None:
    """matches torch.nn.functional.max_pool2d with the default stride"""
    check_pool(
        student,
        ref,
        rng.standard_normal(shape),
        k,
        stride,
        hint="with stride=None the stride equals kernel_size, so the windows do not overlap",
    )


@pytest.mark.points(2)
@pooling([((2, 2, 7, 7), 3, 1), ((1, 3, 9, 9), 3, 2), ((2, 1, 8, 8), 2, 3), ((1, 2, 5, 5), 1, 2), ((1, 1, 6, 6), 2, 1)])
def test_matches_torch_with_overlapping_and_gapped_strides(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...], k: int, stride: int
) -> None:
    """matches torch.nn.functional.max_pool2d with overlapping and gapped strides"""
    check_pool(student, ref, rng.standard_normal(shape), k, stride, hint=STRIDE_HINT)


@pytest.mark.points(2)
@pooling([((2, 2, 6, 10), 2, None), ((1, 3, 5, 9), 3, 2), ((2, 1, 11, 4), 2, 1), ((1, 2, 4, 9), 3, None)])
def test_matches_torch_on_non_square_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...], k: int, stride: int | None
) -> None:
    """matches torch.nn.functional.max_pool2d on non-square inputs"""
    check_pool(student, ref, rng.standard_normal(shape), k, stride, hint="keep the row (H) and column (W) axes apart")


@pytest.mark.points(1)
def test_uses_its_stride(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """uses its stride argument: stride 1 and stride 2 give different results"""
    x = rng.standard_normal((1, 2, 6, 6))
    one = array(student(x, 2, 1), "max_pool2d with stride=1", hint=POOL_SHAPE_HINT)
    two = array(student(x, 2, 2), "max_pool2d with stride=2", hint=POOL_SHAPE_HINT)
    if same_output(one, two):
        ignores(
            "max_pool2d",
            "stride",
            "the step between windows",
            "use the stride you are given and fall back to kernel_size only when it is None",
        )
    check_pool(student, ref, x, 2, 1, hint=STRIDE_HINT)


@pytest.mark.points(2)
def test_works_on_all_negative_inputs(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """works on all-negative inputs, read-only or given as nested lists"""
    x = -5.0 - np.abs(rng.standard_normal((2, 3, 6, 6)))
    check_pool(student, ref, x, 2, None, readonly=True, hint=NEGATIVE_HINT)
    check_pool(student, ref, -1.0 - np.abs(rng.standard_normal((1, 2, 7, 5))), 3, 2, hint=NEGATIVE_HINT)
    x = -1.0 - np.abs(rng.standard_normal((1, 1, 4, 4)))
    close(
        array(student(x.tolist(), 2), "max_pool2d of a nested list", shape=(1, 1, 2, 2)),
        torch_max_pool2d(x, 2, None),
        "max_pool2d of a nested list",
        hint="convert the input with np.asarray first",
    )
