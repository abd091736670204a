"""Hidden tests of adam_step (one Adam step; oracles: the reference and torch.optim.Adam)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, tuple_of
from autograder.suites.m1_2_classical_ml.optimizers import drive, gradient_sequence
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("adam_step")


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("shape", "t"),
    [pytest.param(shape, t, id=f"t={t}") for shape, t in (((3,), 1), ((4,), 2), ((2, 3), 10), ((5,), 1000))],
)
def test_one_step_matches_the_formula(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...], t: int
) -> None:
    """one step from given moments at several step numbers t matches the formula"""
    w, g = rng.standard_normal(shape), rng.standard_normal(shape)
    m, v = 0.1 * rng.standard_normal(shape), rng.uniform(0.0, 0.5, shape)
    out = tuple_of(student(w, g, m, v, t, lr=0.01), 3, "adam_step")
    expected = ref.adam_step(w, g, m, v, t, lr=0.01)
    close(array(out[1], "m", shape=shape), expected[1], f"m at step t={t}", hint="m' = beta1 * m + (1 - beta1) * grad")
    close(
        array(out[2], "v", shape=shape),
        expected[2],
        f"v at step t={t}",
        hint="v' = beta2 * v + (1 - beta2) * grad**2",
    )
    close(
        array(out[0], "w", shape=shape),
        expected[0],
        f"w at step t={t}",
        hint="bias-correct with 1 - beta**t (t is 1-based), then w - lr * m_hat / (sqrt(v_hat) + eps)",
    )


@pytest.mark.points(3)
def test_matches_torch_with_the_default_settings(student: Student, rng: np.random.Generator) -> None:
    """matches torch.optim.Adam with the default settings over 200 steps"""
    drive(
        student,
        "adam",
        rng.standard_normal(6),
        gradient_sequence(rng, (6,), 200),
        {},
        {"lr": 0.001, "betas": (0.9, 0.999), "eps": 1e-8},
        "Adam with the default settings",
        hint="bias-correct both moments with 1 - beta**t, t counted from 1; eps after the square root of v_hat",
    )


@pytest.mark.points(3)
@pytest.mark.parametrize(
    ("shape", "lr", "b1", "b2", "eps"),
    [
        pytest.param((1,), 0.1, 0.9, 0.999, 1e-8, id="1"),
        pytest.param((3, 4), 0.01, 0.8, 0.99, 0.1, id="3x4"),
        pytest.param((2, 3, 2), 0.003, 0.5, 0.9, 1e-3, id="2x3x2"),
        pytest.param((7,), 0.05, 0.95, 0.9999, 1e-6, id="7"),
    ],
)
def test_matches_torch_with_varied_settings(
    student: Student,
    rng: np.random.Generator,
    shape: tuple[int, ...],
    lr: float,
    b1: float,
    b2: float,
    eps: float,
) -> None:
    """matches torch.optim.Adam over 120 steps with varied settings and shapes"""
    grads = gradient_sequence(rng, shape, 120)
    drive(
        student,
        "adam",
        rng.standard_normal(shape),
        grads,
        {"lr": lr, "beta1": b1, "beta2": b2, "eps": eps},
        {"lr": lr, "betas": (b1, b2), "eps": eps},
        f"Adam with lr={lr}, beta1={b1}, beta2={b2}, eps={eps}, shape {shape}",
        hint="use every argument; add eps to sqrt(v_hat), the bias-CORRECTED second moment",
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("t", [0, -2], ids=lambda t: f"t={t}")
def test_rejects_a_step_number_below_one(student: Student, t: int) -> None:
    """raises ValueError for t < 1"""
    z = np.zeros(3)
    why = "t = 0 (steps are counted from 1)" if t == 0 else f"t = {t}"
    student.raises_value_error(z, np.ones(3), z, z, t, why=why)


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_inputs(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    w, g, m = rng.standard_normal((3, 4))
    v = rng.uniform(0.1, 1.0, 4)
    out = tuple_of(student(w, g, m, v, 3, readonly=True), 3, "adam_step")
    expected = ref.adam_step(w, g, m, v, 3)
    close(
        array(out[1], "m", shape=(4,)),
        expected[1],
        "m from read-only inputs",
        hint="compute new arrays for m and v; never update them in place",
    )
    close(array(out[2], "v", shape=(4,)), expected[2], "v from read-only inputs")
    close(array(out[0], "w", shape=(4,)), expected[0], "w from read-only inputs")
    out = tuple_of(student(w.tolist(), g.tolist(), m.tolist(), v.tolist(), 3), 3, "adam_step")
    for i, name in enumerate(("w", "m", "v")):
        close(
            array(out[i], f"{name} from lists", shape=(4,)),
            expected[i],
            f"{name} from lists",
            hint="convert the inputs with np.asarray first",
        )
