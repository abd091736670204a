"""Hidden tests of train_linear_model (full-batch training of a linear model with the student's own step
functions; oracles: the reference path and the closed-form optimum of J)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, equal, fail, tuple_of
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("train_linear_model")


def regression(rng: np.random.Generator, n: int = 200, d: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Well-conditioned data: standard normal features, random weights, Gaussian noise."""
    X = rng.standard_normal((n, d))
    y = X @ rng.uniform(-1.5, 1.5, d) + 0.5 * rng.standard_normal(n)
    return X, y


def objective(X: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float) -> float:
    """J(w) = mean((Xw - y)²) + lam·Σw²."""
    return float(np.mean((X @ w - y) ** 2) + lam * np.sum(w**2))


def optimum(X: np.ndarray, y: np.ndarray, lam: float) -> float:
    """The smallest value of J, at the closed-form minimiser."""
    n, d = X.shape
    return objective(X, y, np.linalg.solve(X.T @ X + n * lam * np.eye(d), X.T @ y), lam)


def train(
    student: Student, X: np.ndarray, y: np.ndarray, steps: int, what: str, **kwargs: object
) -> tuple[np.ndarray, np.ndarray]:
    """The student's (w, losses) after ``steps`` steps, checked for type and shape."""
    out = tuple_of(student(X, y, num_steps=steps, **kwargs), 2, "train_linear_model")
    w = array(out[0], f"w of {what}", shape=(X.shape[1],), hint="w has one entry per column of X")
    losses = array(out[1], f"losses of {what}", shape=(steps,), hint="losses has exactly num_steps entries")
    return w, losses


@pytest.mark.points(3)
@pytest.mark.parametrize(
    ("name", "lr"), [("sgd", 0.1), ("rmsprop", 0.01), ("adam", 0.05)], ids=["sgd", "rmsprop", "adam"]
)
def test_follows_the_reference_path(
    student: Student, ref: ModuleType, rng: np.random.Generator, name: str, lr: float
) -> None:
    """follows the reference path for 30 steps"""
    X, y = regression(rng, n=40, d=3)
    w, losses = train(student, X, y, 30, f"30 steps of {name}", optimizer=name, lr=lr)
    ref_w, ref_losses = ref.train_linear_model(X, y, optimizer=name, lr=lr, num_steps=30)
    close(
        losses,
        ref_losses,
        f"the losses of 30 steps of {name}",
        hint="losses[t] = J(w) BEFORE step t, with the gradient 2 Xᵀ(Xw - y)/n + 2 l2 w, from w = 0; "
        "pass only lr to the step function and keep its state between steps",
    )
    close(w, ref_w, f"w after 30 steps of {name}")


@pytest.mark.points(1)
def test_records_the_loss_before_each_step(student: Student, rng: np.random.Generator) -> None:
    """records J before each step: losses[k] of a longer run is J of the w after k steps"""
    X, y = regression(rng, n=30, d=4)
    _, losses = train(student, X, y, 8, "8 steps of sgd", optimizer="sgd", lr=0.05, l2=0.2)
    close(
        losses[0],
        objective(X, y, np.zeros(4), 0.2),
        "losses[0]",
        hint="losses[0] is J at the starting point w = 0, recorded before the first step",
    )
    for k in (3, 7):
        w_k, _ = train(student, X, y, k, f"{k} steps of sgd", optimizer="sgd", lr=0.05, l2=0.2)
        close(
            losses[k],
            objective(X, y, w_k, 0.2),
            f"losses[{k}] compared with J of the w returned after {k} steps",
            hint="record J(w) + l2 * sum(w**2) BEFORE each update, not after it",
        )


@pytest.mark.points(4)
@pytest.mark.call_timeout(20)
@pytest.mark.parametrize(
    ("name", "lr", "lam"),
    [("sgd", 0.1, 0.0), ("rmsprop", 0.01, 0.0), ("adam", None, 0.0), ("adam", 0.05, 0.3)],
    ids=["sgd", "rmsprop", "adam-default-lr", "adam-l2"],
)
def test_reaches_the_optimum(
    student: Student, rng: np.random.Generator, name: str, lr: float | None, lam: float
) -> None:
    """reaches within 1% of the optimum"""
    X, y = regression(rng)
    kwargs: dict[str, object] = {"optimizer": name}
    if lr is not None:
        kwargs["lr"] = lr
    if lam:
        kwargs["l2"] = lam
    w, losses = train(student, X, y, 500, f"500 steps of {name}", **kwargs)
    best = optimum(X, y, lam)
    reached = objective(X, y, w, lam)
    if not reached <= 1.01 * best:
        fail(
            f"after 500 steps of {name} (lr={lr if lr is not None else 'default'}, l2={lam}) on well-conditioned "
            f"data, J(w) is {reached / best:.3g} times the optimum, not within 1%. Hint: check the gradient "
            "2 Xᵀ(Xw - y)/n + 2 l2 w, that you keep the optimizer state between steps, and that Adam's t "
            "starts at 1."
        )
    if not np.all(np.isfinite(losses)):
        fail(f"the losses of {name} contain inf or NaN.")


@pytest.mark.points(1)
def test_follows_the_reference_path_with_l2(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """follows the reference path with an L2 penalty"""
    X, y = regression(rng, n=50, d=4)
    w, losses = train(student, X, y, 40, "40 steps of rmsprop with l2=0.5", optimizer="rmsprop", lr=0.02, l2=0.5)
    ref_w, ref_losses = ref.train_linear_model(X, y, optimizer="rmsprop", lr=0.02, num_steps=40, l2=0.5)
    close(
        losses,
        ref_losses,
        "the losses with l2=0.5",
        hint="add l2 * sum(w**2) to the loss and 2 * l2 * w to the gradient",
    )
    close(w, ref_w, "w after 40 steps with l2=0.5")


@pytest.mark.points(2)
def test_rejects_an_unknown_optimizer(student: Student, rng: np.random.Generator) -> None:
    """raises ValueError for an unknown optimizer, even when num_steps = 0"""
    X, y = regression(rng, n=10, d=2)
    student.raises_value_error(X, y, optimizer="momentum", num_steps=5, why="optimizer='momentum'")
    student.raises_value_error(
        X, y, optimizer="lbfgs", num_steps=0, why="optimizer='lbfgs' and num_steps=0 (check the name before the loop)"
    )
    student.raises_value_error(X, y, optimizer="", num_steps=0, why="optimizer=''")


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_inputs(student: Student, rng: np.random.Generator) -> None:
    """accepts lists, leaves read-only inputs untouched, and num_steps = 0 returns w = 0 and no losses"""
    X, y = regression(rng, n=20, d=3)
    w, _ = train(student, X, y, 5, "5 steps of adam (read-only inputs)", optimizer="adam", lr=0.1)
    w2, _ = tuple_of(student(X, y, optimizer="adam", lr=0.1, num_steps=5, readonly=True), 2, "train_linear_model")
    close(array(w2, "w (read-only inputs)", shape=(3,)), w, "w trained on read-only inputs")
    w3, _ = tuple_of(student(X.tolist(), y.tolist(), optimizer="adam", lr=0.1, num_steps=5), 2, "train_linear_model")
    close(array(w3, "w trained on lists", shape=(3,)), w, "w trained on lists", hint="convert X and y with np.asarray")
    w0, _ = train(student, X, y, 0, "0 steps", optimizer="sgd")
    equal(w0, np.zeros(3), "w after 0 steps", hint="start from w = 0")
