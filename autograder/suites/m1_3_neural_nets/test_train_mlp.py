"""Hidden tests of train_mlp (a two-layer network trained to 95% accuracy on small 2-D data sets)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np
import pytest

from autograder.suites.checks import array, equal, fail
from autograder.suites.m1_3_neural_nets.data import PARAM_KEYS, TRAIN_TIMEOUT
from autograder.suites.student import Student

pytestmark = [pytest.mark.grades("train_mlp"), pytest.mark.call_timeout(TRAIN_TIMEOUT)]


def spirals(
    r: np.random.Generator, n: int = 240, classes: int = 3, turns: float = 1.0, noise: float = 0.08
) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms of ``turns`` turns within [-3, 3]²."""
    per = n // classes
    X, y = [], []
    for k in range(classes):
        t = np.sort(r.uniform(0.0, 1.0, per))
        radius = 0.4 + 2.3 * t
        angle = 2 * np.pi * turns * t + 2 * np.pi * k / classes + 0.7
        X.append(np.c_[radius * np.cos(angle), radius * np.sin(angle)] + noise * r.standard_normal((per, 2)))
        y.append(np.full(per, k))
    return np.concatenate(X), np.concatenate(y)


def circles(
    r: np.random.Generator, n: int = 240, radii: tuple[float, ...] = (0.9, 2.3), noise: float = 0.12
) -> tuple[np.ndarray, np.ndarray]:
    """Concentric noisy circles, one class per radius."""
    per = n // len(radii)
    X, y = [], []
    for k, radius in enumerate(radii):
        angle = r.uniform(0.0, 2 * np.pi, per)
        rr = radius + noise * r.standard_normal(per)
        X.append(np.c_[rr * np.cos(angle), rr * np.sin(angle)])
        y.append(np.full(per, k))
    return np.concatenate(X), np.concatenate(y)


def xor(r: np.random.Generator, n: int = 240, margin: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """Points of [-3, 3]² away from the axes, labelled by the XOR of their signs."""
    X = r.uniform(-3.0, 3.0, (4 * n, 2))
    X = X[(np.abs(X) > margin).all(axis=1)][:n]
    return X, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(np.int64)


def trained_params(
    student: Student, X: Any, y: Any, what: str, hidden: int = 64, **kwargs: Any
) -> dict[str, np.ndarray]:
    """Train the student's network and check that it returns the four parameters with their shapes."""
    params = student(X, y, **kwargs)
    if not isinstance(params, dict) or not set(PARAM_KEYS) <= set(params):
        fail(f"train_mlp should return a dict with the keys W1, b1, W2, b2 ({what}).")
    c = int(np.max(y)) + 1
    shapes = {"W1": (2, hidden), "b1": (hidden,), "W2": (hidden, c), "b2": (c,)}
    return {
        k: array(
            params[k],
            f"{k} trained on {what}",
            shape=shapes[k],
            hint="W1 (2, hidden_dim), b1 (hidden_dim,), W2 (hidden_dim, C), b2 (C,) with C = y.max() + 1",
        )
        for k in PARAM_KEYS
    }


def check_accuracy(student: Student, X: np.ndarray, y: np.ndarray, what: str, seed: int) -> None:
    """Train with ``seed`` and require 95% accuracy on the raw training data."""
    params = trained_params(student, X, y, what, seed=seed)
    with np.errstate(all="ignore"):
        scores = np.maximum(X @ params["W1"] + params["b1"], 0.0) @ params["W2"] + params["b2"]
    if not np.isfinite(scores).all():
        fail(f"the network trained on {what} produces non-finite scores. Hint: lower the learning rate.")
    accuracy = float(np.mean(scores.argmax(axis=1) == y))
    if accuracy < 0.95:
        fail(
            f"training accuracy on {what} is {accuracy:.1%}, below the required 95%. Hint: check the ReLU "
            "between the layers, the biases and the learning rate; Adam with lr around 0.01–0.05 or gradient "
            "descent with lr around 0.5 works. If you rescale X, fold the scaling into W1 and b1."
        )


@pytest.mark.points(4)
def test_fits_three_spirals(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """reaches 95% training accuracy on three-armed spirals"""
    X, y = spirals(rng, classes=3, turns=1.0)
    check_accuracy(student, X, y, "three spirals of one turn", seed=5)


@pytest.mark.points(2.5)
def test_fits_concentric_circles(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """reaches 95% training accuracy on concentric circles"""
    X, y = circles(rng, n=240, radii=(0.7, 1.7, 2.7), noise=0.1)
    check_accuracy(student, X, y, "three concentric circles", seed=11)


@pytest.mark.points(2.5)
def test_fits_xor(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """reaches 95% training accuracy on XOR"""
    X, y = xor(rng)
    check_accuracy(student, X, y, "XOR", seed=13)


@pytest.mark.points(1)
def test_sizes_the_layers_from_lists_and_readonly_arrays(
    student: Student, ref: ModuleType, rng: np.random.Generator
) -> None:
    """respects hidden_dim and sizes the output layer as y.max() + 1 (from read-only arrays and from lists)"""
    X, y = spirals(rng, n=90, classes=3)
    trained_params(
        student,
        X,
        y,
        "read-only spirals with hidden_dim=16",
        hidden=16,
        hidden_dim=16,
        num_steps=5,
        seed=1,
        readonly=True,
    )
    X2, y2 = xor(rng, n=60)
    trained_params(
        student,
        X2.tolist(),
        y2.tolist(),
        "XOR given as lists with hidden_dim=8",
        hidden=8,
        hidden_dim=8,
        num_steps=5,
        seed=2,
    )


@pytest.mark.points(1)
def test_is_deterministic_for_a_seed(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """is deterministic for a seed"""
    X, y = circles(rng, n=120)
    first = trained_params(student, X, y, "circles", hidden=32, hidden_dim=32, num_steps=100, seed=21)
    second = trained_params(student, X, y, "circles", hidden=32, hidden_dim=32, num_steps=100, seed=21)
    for k in PARAM_KEYS:
        equal(
            second[k],
            first[k],
            f"{k} of a second call with the same seed",
            hint="draw every random number from np.random.default_rng(seed) created inside train_mlp",
        )
