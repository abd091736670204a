"""Hidden tests of conv2d (2-D cross-correlation with stride and zero padding), against
torch.nn.functional.conv2d and the reference.

conv2d may not use np.convolve, np.correlate or numpy.fft: see autograder/static/rules.py (RESTRICTIONS).
"""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_4_architectures.data import (
    CONV_SHAPE_HINT,
    CONV_VALUE_HINT,
    check_conv,
    conv_case,
    ignores,
    same_output,
)
from autograder.suites.m1_4_architectures.oracles import torch_conv2d
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("conv2d")

Shape = tuple[int, int, int, int, int, int, int]  # N, C, H, W, F, KH, KW


def shape_id(shape: Shape) -> str:
    """x=NxCxHxW,w=FxCxKHxKW: the sizes of one case (never its values)."""
    N, C, H, W, F, KH, KW = shape
    return f"x={N}x{C}x{H}x{W},w={F}x{C}x{KH}x{KW}"


def case_id(shape: Shape, stride: int, padding: int) -> str:
    return f"{shape_id(shape)},stride={stride},padding={padding}"


def geometry(cases: list[tuple[Shape, int, int]]) -> pytest.MarkDecorator:
    """Parametrize ``shape, stride, padding`` over ``cases``, each named by its sizes."""
    return pytest.mark.parametrize(("shape", "stride", "padding"), cases, ids=[case_id(*case) for case in cases])


@pytest.mark.points(4)
@pytest.mark.parametrize(
    "shape",
    [(1, 1, 5, 5, 1, 3, 3), (2, 3, 6, 7, 4, 3, 3), (3, 2, 8, 8, 5, 1, 1), (1, 4, 5, 5, 2, 5, 5)],
    ids=shape_id,
)
def test_matches_torch_without_stride_or_padding(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: Shape
) -> None:
    """matches torch.nn.functional.conv2d with stride 1 and no padding"""
    check_conv(student, ref, *conv_case(rng, *shape), stride=1, padding=0)


@pytest.mark.points(3)
@geometry(
    [
        ((2, 3, 9, 9, 4, 3, 3), 2, 1),
        ((1, 2, 10, 10, 3, 3, 3), 3, 0),
        ((2, 1, 7, 7, 2, 5, 5), 1, 2),
        ((1, 3, 8, 8, 2, 2, 2), 2, 0),
        ((2, 2, 6, 6, 3, 3, 3), 1, 3),
        ((1, 2, 11, 11, 2, 4, 4), 3, 2),
    ]
)
def test_matches_torch_over_strides_and_paddings(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: Shape, stride: int, padding: int
) -> None:
    """matches torch.nn.functional.conv2d over strides and paddings"""
    check_conv(
        student,
        ref,
        *conv_case(rng, *shape),
        stride=stride,
        padding=padding,
        hint=CONV_VALUE_HINT + "; pad every side with `padding` zeros and jump `stride` between windows",
    )


@pytest.mark.points(3)
@geometry(
    [
        ((2, 3, 7, 11, 4, 2, 5), 1, 0),
        ((1, 2, 9, 6, 3, 3, 1), 2, 1),
        ((2, 1, 5, 12, 2, 1, 4), 3, 2),
        ((1, 2, 13, 4, 2, 4, 2), 2, 0),
        ((1, 1, 3, 3, 1, 5, 4), 1, 1),
    ]
)
def test_matches_torch_on_non_square_kernels_and_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: Shape, stride: int, padding: int
) -> None:
    """matches torch.nn.functional.conv2d on non-square kernels and inputs"""
    check_conv(
        student,
        ref,
        *conv_case(rng, *shape),
        stride=stride,
        padding=padding,
        hint=CONV_VALUE_HINT + "; keep rows (H, KH) and columns (W, KW) apart",
    )


@pytest.mark.points(2)
def test_handles_edge_cases(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """handles nested lists, a single output pixel and a kernel that only fits thanks to the padding"""
    x = [[[[1.0, 2.0], [3.0, 4.0]]]]
    w = [[[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 2.0]]]]
    got = array(
        student(x, w, [1.0], stride=1, padding=1),
        "conv2d of nested lists",
        shape=(1, 1, 2, 2),
        hint="convert the inputs with np.asarray and pad before sliding",
    )
    close(
        got,
        torch_conv2d(np.array(x), np.array(w), np.array([1.0]), 1, 1),
        "conv2d of a 2x2 image with a 3x3 kernel and padding 1",
        hint="pad with zeros on all four sides",
    )
    check_conv(student, ref, *conv_case(rng, 2, 3, 4, 6, 3, 4, 6), stride=1, padding=0)
    check_conv(student, ref, *conv_case(rng, 1, 2, 2, 3, 2, 4, 5), stride=2, padding=1)


# Which argument, the two calls that differ only in it, and what the failure says.
USES = {
    "stride": (
        (1, 2, 7, 7, 2, 3, 3),
        {"stride": 1, "padding": 0},
        {"stride": 2, "padding": 0},
        "the step between windows",
        "move each window by `stride` rows and columns",
    ),
    "padding": (
        (1, 2, 5, 5, 2, 3, 3),
        {"stride": 1, "padding": 0},
        {"stride": 1, "padding": 1},
        "the zeros added around the input",
        "pad every side with `padding` zeros",
    ),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("argument", list(USES))
def test_uses_its_argument(student: Student, ref: ModuleType, rng: np.random.Generator, argument: str) -> None:
    """uses its stride and padding arguments: two values of either give different results"""
    shape, first, second, meaning, hint = USES[argument]
    x, w, b = conv_case(rng, *shape)
    one = array(student(x, w, b, **first), f"conv2d with {argument}={first[argument]}", hint=CONV_SHAPE_HINT)
    two = array(student(x, w, b, **second), f"conv2d with {argument}={second[argument]}", hint=CONV_SHAPE_HINT)
    if same_output(one, two):
        ignores("conv2d", argument, meaning, hint)
    check_conv(student, ref, x, w, b, **second)


# Bad inputs: x is (2, 3, 4, 5); the kernel's shape, the padding, and what is wrong.
ERRORS = {
    "channel-mismatch": ((2, 4, 3, 3), 0, "x has 3 channels but w expects 4"),
    "kernel-rows-exceed-input": ((2, 3, 5, 3), 0, "the kernel has 5 rows and the input (no padding) only 4"),
    "kernel-rows-exceed-padded-input": ((2, 3, 7, 3), 1, "the kernel has 7 rows and the padded input only 6"),
    "kernel-columns-exceed-input": ((2, 3, 3, 6), 0, "the kernel has 6 columns and the input (no padding) only 5"),
    "kernel-columns-exceed-padded-input": ((2, 3, 3, 8), 1, "the kernel has 8 columns and the padded input only 7"),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", list(ERRORS))
def test_raises_value_error_on_bad_shapes(student: Student, case: str) -> None:
    """raises ValueError on a channel mismatch or a kernel larger than the padded input"""
    kernel, padding, why = ERRORS[case]
    student.raises_value_error(np.ones((2, 3, 4, 5)), np.ones(kernel), np.zeros(2), padding=padding, why=why)


@pytest.mark.points(3)
@pytest.mark.call_timeout(10)
def test_is_fast_and_leaves_read_only_inputs_alone(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """is fast enough for a batch of 8 (8 channels, 16 filters of 3x3, 32x32), and leaves read-only inputs alone"""
    check_conv(
        student,
        ref,
        *conv_case(rng, 8, 8, 32, 32, 16, 3, 3),
        stride=1,
        padding=1,
        readonly=True,
        hint=CONV_VALUE_HINT + ". If this test timed out, vectorise over the batch, channels and filters",
    )
