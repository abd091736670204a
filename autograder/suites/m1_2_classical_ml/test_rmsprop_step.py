"""Hidden tests of rmsprop_step (one RMSprop step; oracles: the reference and torch.optim.RMSprop)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, tuple_of
from autograder.suites.m1_2_classical_ml.data import shape_id
from autograder.suites.m1_2_classical_ml.optimizers import drive, gradient_sequence
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("rmsprop_step")


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(3,), (2, 4)], ids=shape_id)
def test_one_step_matches_the_formula(
    student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple[int, ...]
) -> None:
    """one step from a given cache matches the formula"""
    w, g = rng.standard_normal(shape), rng.standard_normal(shape)
    cache = rng.uniform(0.0, 2.0, shape)
    out = tuple_of(student(w, g, cache, lr=0.05, decay=0.9, eps=1e-6), 2, "rmsprop_step")
    new_w = array(out[0], f"w of rmsprop_step on shape {shape}", shape=shape)
    new_cache = array(out[1], f"cache of rmsprop_step on shape {shape}", shape=shape)
    expected_w, expected_cache = ref.rmsprop_step(w, g, cache, lr=0.05, decay=0.9, eps=1e-6)
    close(
        new_cache,
        expected_cache,
        f"the new cache on shape {shape}",
        hint="decay * cache + (1 - decay) * grad**2, elementwise, with the decay argument",
    )
    close(
        new_w,
        expected_w,
        f"the new w on shape {shape}",
        hint="w - lr * grad / (sqrt(NEW cache) + eps), with eps outside the square root",
    )


@pytest.mark.points(3)
def test_matches_torch_with_the_default_settings(student: Student, rng: np.random.Generator) -> None:
    """matches torch.optim.RMSprop with the default settings over 150 steps"""
    drive(
        student,
        "rmsprop",
        rng.standard_normal(5),
        gradient_sequence(rng, (5,), 150),
        {},
        {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
        "RMSprop with the default settings",
        hint="the defaults are lr=0.01, decay=0.99, eps=1e-8; divide by sqrt(new cache) + eps",
    )


@pytest.mark.points(3)
@pytest.mark.parametrize(
    ("shape", "lr", "decay", "eps"),
    [
        pytest.param((1,), 0.1, 0.9, 1e-8, id="1"),
        pytest.param((3, 4), 0.003, 0.95, 1e-3, id="3x4"),
        pytest.param((2, 3, 2), 0.02, 0.5, 0.5, id="2x3x2"),
        pytest.param((7,), 0.05, 0.999, 1e-6, id="7"),
    ],
)
def test_matches_torch_with_varied_settings(
    student: Student, rng: np.random.Generator, shape: tuple[int, ...], lr: float, decay: float, eps: float
) -> None:
    """matches torch.optim.RMSprop over 110 steps with varied settings and shapes"""
    grads = gradient_sequence(rng, shape, 110)
    drive(
        student,
        "rmsprop",
        rng.standard_normal(shape),
        grads,
        {"lr": lr, "decay": decay, "eps": eps},
        {"lr": lr, "alpha": decay, "eps": eps},
        f"RMSprop with lr={lr}, decay={decay}, eps={eps}, shape {shape}",
        hint="use every argument (lr, decay, eps); eps is added after the square root",
    )


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_inputs(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    w, g = rng.standard_normal((2, 4))
    cache = rng.uniform(0.1, 1.0, 4)
    out = tuple_of(student(w, g, cache, readonly=True), 2, "rmsprop_step")
    expected_w, expected_cache = ref.rmsprop_step(w, g, cache)
    close(
        array(out[1], "cache", shape=(4,)),
        expected_cache,
        "the cache from read-only inputs",
        hint="compute the new cache as a new array; never update cache in place",
    )
    close(array(out[0], "w", shape=(4,)), expected_w, "w from read-only inputs")
    out = tuple_of(student(w.tolist(), g.tolist(), cache.tolist()), 2, "rmsprop_step")
    hint = "convert the inputs with np.asarray first"
    close(array(out[1], "cache from lists", shape=(4,)), expected_cache, "the cache from lists", hint=hint)
    close(array(out[0], "w from lists", shape=(4,)), expected_w, "w from lists", hint=hint)
