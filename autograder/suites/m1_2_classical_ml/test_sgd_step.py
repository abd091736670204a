"""Hidden tests of sgd_step (one plain gradient-descent step; oracle: torch.optim.SGD)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_2_classical_ml.data import shape_id
from autograder.suites.m1_2_classical_ml.optimizers import drive, gradient_sequence
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("sgd_step")


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("shape", "lr"),
    [((1,), 0.1), ((6,), 0.01), ((3, 4), 1.5), ((2, 2, 3), 1e-3)],
    ids=lambda v: shape_id(v) if isinstance(v, tuple) else f"lr={v}",
)
def test_steps_against_the_gradient(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...], lr: float
) -> None:
    """computes w - lr * grad for several shapes and learning rates"""
    w, g = rng.standard_normal(shape), rng.standard_normal(shape)
    got = array(student(w, g, lr), f"sgd_step on shape {shape}", shape=shape, hint="return an array shaped like w")
    close(
        got,
        w - lr * g,
        f"sgd_step on shape {shape} with lr={lr}",
        hint="step against the gradient, scaled by lr: w - lr * grad",
    )
    close(got, ref.sgd_step(w, g, lr), f"sgd_step on shape {shape} with lr={lr}")


@pytest.mark.points(2)
@pytest.mark.parametrize(("shape", "lr"), [pytest.param((4,), 0.05, id="4"), pytest.param((2, 3), 0.3, id="2x3")])
def test_matches_torch_over_120_steps(
    student: Student, rng: np.random.Generator, shape: tuple[int, ...], lr: float
) -> None:
    """matches torch.optim.SGD step for step over 120 steps"""
    drive(
        student,
        "sgd",
        rng.standard_normal(shape),
        gradient_sequence(rng, shape, 120) / 50.0,
        {"lr": lr},
        {"lr": lr},
        f"SGD with lr={lr} on shape {shape}",
        hint="w - lr * grad, using the lr argument",
    )


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_inputs(student: Student, rng: np.random.Generator) -> None:
    """returns a new array, accepts lists and leaves read-only inputs untouched"""
    w, g = rng.standard_normal((2, 5))
    got = array(student(w, g, 0.2, readonly=True), "sgd_step of read-only inputs", shape=(5,))
    close(got, w - 0.2 * g, "sgd_step of read-only inputs", hint="return w - lr * grad as a new array; never w -= ...")
    got = array(student(w.tolist(), g.tolist(), 0.2), "sgd_step of lists", shape=(5,))
    close(got, w - 0.2 * g, "sgd_step of lists", hint="convert the inputs with np.asarray first")
