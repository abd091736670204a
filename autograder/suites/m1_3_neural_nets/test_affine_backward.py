"""Hidden tests of affine_backward ((dx, dW, db) of x·W + b, shaped like x, W and b)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, tuple_of
from autograder.suites.m1_3_neural_nets.data import AFFINE_SHAPES, torch_tensor
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("affine_backward")

AFFINE_IDS = [f"n={n},d={d},m={m}" for n, d, m in AFFINE_SHAPES]


def affine_autograd(dout: np.ndarray, x: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, ...]:
    """(dx, dW, db) of sum(dout * (x·W + b)) by PyTorch autograd."""
    xt, Wt = torch_tensor(x, grad=True), torch_tensor(W, grad=True)
    bt = torch_tensor(np.zeros(W.shape[1]), grad=True)
    (torch_tensor(dout) * (xt @ Wt + bt)).sum().backward()
    return xt.grad.numpy(), Wt.grad.numpy(), bt.grad.numpy()


def affine_case(r: np.random.Generator, n: int, d: int, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random (dout, x, W) for x (n,d) and W (d,m)."""
    return r.standard_normal((n, m)), r.standard_normal((n, d)), r.standard_normal((d, m))


def student_affine_grads(
    student: Student, dout: np.ndarray, x: np.ndarray, W: np.ndarray, readonly: bool = False, as_list: bool = False
) -> tuple[np.ndarray, ...]:
    """The student's (dx, dW, db), each checked to have the shape of its variable."""
    n, d, m = x.shape[0], x.shape[1], W.shape[1]
    args = (dout.tolist(), x.tolist(), W.tolist()) if as_list else (dout, x, W)
    result = tuple_of(student(*args, readonly=readonly), 3, "affine_backward")
    return (
        array(result[0], f"dx for x of shape ({n},{d})", shape=(n, d), hint="dx has x's shape: dout @ W.T"),
        array(result[1], f"dW for W of shape ({d},{m})", shape=(d, m), hint="dW has W's shape: x.T @ dout"),
        array(result[2], f"db for b of shape ({m},)", shape=(m,), hint="db has b's shape: sum over the batch"),
    )


def check_part(student: Student, ref: ModuleType, r: np.random.Generator, index: int, shape: tuple, hint: str) -> None:
    """One of dx, dW, db (by ``index``) against autograd and the reference."""
    name = ("dx", "dW", "db")[index]
    dout, x, W = affine_case(r, *shape)
    got = student_affine_grads(student, dout, x, W)[index]
    what = f"{name} for x {x.shape}, W {W.shape}"
    close(got, affine_autograd(dout, x, W)[index], f"{what} (against autograd)", hint=hint)
    close(got, ref.affine_backward(dout, x, W)[index], what, hint=hint)


@pytest.mark.points(1.5)
@pytest.mark.parametrize("shape", AFFINE_SHAPES, ids=AFFINE_IDS)
def test_dx_matches_autograd(student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple) -> None:
    """dx matches PyTorch autograd"""
    check_part(student, ref, rng, 0, shape, "dx = dout @ W.T")


@pytest.mark.points(1.5)
@pytest.mark.parametrize("shape", AFFINE_SHAPES, ids=AFFINE_IDS)
def test_dW_matches_autograd(student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple) -> None:
    """dW matches PyTorch autograd"""
    check_part(student, ref, rng, 1, shape, "dW = x.T @ dout (not dout.T @ x, and not divided by n)")


@pytest.mark.points(1)
@pytest.mark.parametrize("shape", AFFINE_SHAPES, ids=AFFINE_IDS)
def test_db_matches_autograd(student: Student, ref: ModuleType, rng: np.random.Generator, shape: tuple) -> None:
    """db matches PyTorch autograd"""
    check_part(student, ref, rng, 2, shape, "db = dout summed over the batch axis (axis 0), not averaged")


@pytest.mark.points(2)
def test_agrees_with_central_differences(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """agrees with central differences of L = Σ dout ⊙ (x·W + b)"""
    n, d, m = 3, 4, 2
    dout, x = rng.standard_normal((n, m)), rng.standard_normal((n, d))
    W, b = rng.standard_normal((d, m)), rng.standard_normal(m)
    dx, dW, db = student_affine_grads(student, dout, x, W)
    h = 1e-6

    def loss(x_: np.ndarray, W_: np.ndarray, b_: np.ndarray) -> float:
        return float(np.sum(dout * (x_ @ W_ + b_)))

    for name, value, got in (("dx", x, dx), ("dW", W, dW), ("db", b, db)):
        numeric = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            plus, minus = value.copy(), value.copy()
            plus[idx] += h
            minus[idx] -= h
            args_plus = {"dx": (plus, W, b), "dW": (x, plus, b), "db": (x, W, plus)}[name]
            args_minus = {"dx": (minus, W, b), "dW": (x, minus, b), "db": (x, W, minus)}[name]
            numeric[idx] = (loss(*args_plus) - loss(*args_minus)) / (2 * h)
        close(
            got,
            numeric,
            f"{name} compared with central differences",
            rtol=1e-5,
            atol=1e-7,
            hint="every gradient has the shape of its variable; check the transposes",
        )


@pytest.mark.points(1)
@pytest.mark.parametrize("given_as", ["read-only arrays", "lists"])
def test_accepts_lists_and_readonly_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, given_as: str
) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    dout, x, W = affine_case(rng, *AFFINE_SHAPES[1])
    if given_as == "lists":
        got = student_affine_grads(student, dout, x, W, as_list=True)
        where, hint = "from lists", "convert the inputs with np.asarray first"
    else:
        got = student_affine_grads(student, dout, x, W, readonly=True)
        where, hint = "with read-only inputs", ""
    for name, g, e in zip(("dx", "dW", "db"), got, ref.affine_backward(dout, x, W)):
        close(g, e, f"{name} {where}", hint=hint)
