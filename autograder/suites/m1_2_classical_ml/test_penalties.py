"""Hidden tests of l1_penalty and l2_penalty: the same properties, each test parametrized over the two
functions (each case grades its own function through its ``grades`` mark)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import close, scalar
from autograder.suites.m1_2_classical_ml.data import shape_id
from autograder.suites.student import Student

Penalty = Callable[[np.ndarray, float], float]

# function → (its definition, the hint for a wrong value)
PENALTIES: dict[str, tuple[Penalty, str]] = {
    "l1_penalty": (
        lambda w, lam: lam * np.sum(np.abs(w)),
        "lam * sum(|w|): take the absolute value of every entry before summing",
    ),
    "l2_penalty": (
        lambda w, lam: lam * np.sum(w**2),
        "lam * sum(w**2): the squared entries, without a square root and without a factor 1/2",
    ),
}
BOTH = [pytest.param(f, marks=pytest.mark.grades(f), id=f) for f in PENALTIES]


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("shape", "lam"),
    [((5,), 0.3), ((4, 3), 1.7), ((2, 3, 2), 0.01), ((2, 1, 3, 2), 5.0)],
    ids=lambda v: shape_id(v) if isinstance(v, tuple) else f"lam={v}",
)
@pytest.mark.parametrize("function", BOTH)
def test_matches_the_definition_summing_every_entry(
    student: Student, ref: ModuleType, rng: np.random.Generator, function: str, shape: tuple[int, ...], lam: float
) -> None:
    """matches the definition for several shapes, summing over every entry"""
    oracle, hint = PENALTIES[function]
    w = rng.standard_normal(shape)
    got = scalar(
        student(w, lam),
        f"{function} of an array of shape {shape}",
        hint="sum over every entry so the result is a single float",
    )
    close(got, oracle(w, lam), f"{function} of an array of shape {shape} with lam={lam}", hint=hint)
    close(got, getattr(ref, function)(w, lam), f"{function} of an array of shape {shape}")


@pytest.mark.points(1)
@pytest.mark.parametrize("function", BOTH)
def test_scales_with_lam_and_handles_negative_weights(student: Student, function: str) -> None:
    """scales with lam and handles negative weights"""
    oracle, hint = PENALTIES[function]
    w = np.array([0.5, -2.0, 0.0, 3.0])
    close(scalar(student(w, 0.0), function), 0.0, f"{function} with lam=0", hint="multiply by lam")
    close(scalar(student(w, 2.5), function), oracle(w, 2.5), f"{function}([0.5, -2, 0, 3], 2.5)", hint=hint)
    close(
        scalar(student([-1.0, -1.0], 1.0), function),
        oracle(np.array([-1.0, -1.0]), 1.0),
        f"{function}([-1, -1], 1) (a list of negative weights)",
        hint=hint,
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("function", BOTH)
def test_leaves_a_readonly_input_untouched(student: Student, rng: np.random.Generator, function: str) -> None:
    """leaves a read-only input untouched"""
    oracle, _ = PENALTIES[function]
    w = rng.standard_normal((3, 3))
    close(scalar(student(w, 0.4, readonly=True), function), oracle(w, 0.4), f"{function} of a read-only matrix")
