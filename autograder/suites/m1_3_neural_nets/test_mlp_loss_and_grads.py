"""Hidden tests of mlp_loss_and_grads (a two-layer network's cross-entropy loss and its gradients)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, fail, scalar, tuple_of
from autograder.suites.m1_3_neural_nets.data import PARAM_KEYS, torch_tensor
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("mlp_loss_and_grads")

# (n, d, h, c): n samples of d features, h hidden units, c classes
NETWORKS = ((1, 4, 3, 2), (6, 3, 5, 4), (20, 5, 8, 3), (1, 2, 1, 2))
NETWORK_IDS = [f"n={n},d={d},h={h},c={c}" for n, d, h, c in NETWORKS]


def mlp_case(
    r: np.random.Generator, n: int, d: int, h: int, c: int, scale: float = 1.0, labels_below: int | None = None
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Random (X, y, params) of a (d, h, c) network on n samples."""
    X = r.standard_normal((n, d))
    y = r.integers(0, labels_below or c, n)
    params = {
        "W1": r.standard_normal((d, h)) * scale,
        "b1": r.standard_normal(h) * scale,
        "W2": r.standard_normal((h, c)) * scale,
        "b2": r.standard_normal(c) * scale,
    }
    return X, y, params


def mlp_autograd(
    X: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray], reg: float
) -> tuple[float, dict[str, np.ndarray]]:
    """The loss and gradients by PyTorch autograd."""
    import torch
    import torch.nn.functional as F

    t = {k: torch_tensor(v, grad=True) for k, v in params.items()}
    scores = torch.relu(torch_tensor(X) @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    loss = F.cross_entropy(scores, torch.tensor(y, dtype=torch.long)) + reg * (
        (t["W1"] ** 2).sum() + (t["W2"] ** 2).sum()
    )
    loss.backward()
    return float(loss.item()), {k: v.grad.numpy() for k, v in t.items()}


def student_mlp(
    student: Student,
    X: np.ndarray,
    y: np.ndarray,
    params: dict[str, np.ndarray],
    reg: float,
    what: str,
    readonly: bool = False,
    as_list: bool = False,
) -> tuple[float, dict[str, np.ndarray]]:
    """The student's (loss, grads), checked to be a float and a dict of correctly shaped arrays."""
    if as_list:
        args = (X.tolist(), y.tolist(), {k: v.tolist() for k, v in params.items()})
    else:
        args = (X, y, params)
    result = tuple_of(student(*args, reg=reg, readonly=readonly), 2, "mlp_loss_and_grads")
    loss = scalar(result[0], f"the loss of {what}")
    grads = result[1]
    if not isinstance(grads, dict) or set(grads) != set(PARAM_KEYS):
        fail(f"mlp_loss_and_grads should return the gradients as a dict with the keys W1, b1, W2, b2 ({what}).")
    checked = {
        k: array(
            grads[k],
            f"grads['{k}'] of {what}",
            shape=params[k].shape,
            hint="each gradient has the shape of its parameter",
        )
        for k in PARAM_KEYS
    }
    return loss, checked


@pytest.mark.points(2)
@pytest.mark.parametrize("network", NETWORKS, ids=NETWORK_IDS)
@pytest.mark.parametrize("reg", [0.0, 0.05], ids=lambda reg: f"reg={reg}")
def test_loss_matches_cross_entropy_plus_penalty(
    student: Student, ref: ModuleType, rng: np.random.Generator, network: tuple[int, ...], reg: float
) -> None:
    """the loss matches PyTorch's cross_entropy plus the L2 penalty"""
    n, d, h, c = network
    X, y, params = mlp_case(rng, n, d, h, c)
    what = f"a ({d},{h},{c}) network on {n} samples with reg={reg}"
    loss, _ = student_mlp(student, X, y, params, reg, what)
    close(
        loss,
        mlp_autograd(X, y, params, reg)[0],
        f"the loss of {what}",
        hint="mean (not sum) of −ln softmax at the true class, plus reg·(ΣW1² + ΣW2²) (no biases)",
    )
    close(loss, ref.mlp_loss_and_grads(X, y, params, reg=reg)[0], f"the loss of {what}")


@pytest.mark.points(2.5)
@pytest.mark.parametrize("network", NETWORKS, ids=NETWORK_IDS)
def test_gradients_match_autograd(
    student: Student, ref: ModuleType, rng: np.random.Generator, network: tuple[int, ...]
) -> None:
    """the gradients match PyTorch autograd without regularisation"""
    n, d, h, c = network
    X, y, params = mlp_case(rng, n, d, h, c)
    what = f"a ({d},{h},{c}) network on {n} samples"
    _, grads = student_mlp(student, X, y, params, 0.0, what)
    _, expected = mlp_autograd(X, y, params, 0.0)
    for k in PARAM_KEYS:
        close(
            grads[k],
            expected[k],
            f"grads['{k}'] of {what} (against autograd)",
            hint="dscores = (softmax − one_hot(y)) / n; then affine, ReLU (mask with the pre-activation) "
            "and affine backward, in that order",
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("network", NETWORKS[1:3], ids=NETWORK_IDS[1:3])
@pytest.mark.parametrize("reg", [0.01, 0.5], ids=lambda reg: f"reg={reg}")
def test_gradients_with_a_penalty_match_autograd(
    student: Student, ref: ModuleType, rng: np.random.Generator, network: tuple[int, ...], reg: float
) -> None:
    """the gradients match PyTorch autograd with an L2 penalty"""
    n, d, h, c = network
    X, y, params = mlp_case(rng, n, d, h, c)
    what = f"a ({d},{h},{c}) network with reg={reg}"
    _, grads = student_mlp(student, X, y, params, reg, what)
    _, expected = mlp_autograd(X, y, params, reg)
    for k in PARAM_KEYS:
        close(
            grads[k],
            expected[k],
            f"grads['{k}'] of {what} (against autograd)",
            hint="the penalty reg·ΣW² adds 2·reg·W to the weight gradients and nothing to the biases",
        )


@pytest.mark.points(1.5)
def test_gradients_agree_with_central_differences(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """the gradients agree with central differences of the student's own loss"""
    X, y, params = mlp_case(rng, 5, 2, 3, 2)
    reg = 0.1
    _, grads = student_mlp(student, X, y, params, reg, "a (2,3,2) network")
    h = 1e-6
    for k in PARAM_KEYS:
        numeric = np.zeros_like(params[k])
        for idx in np.ndindex(params[k].shape):
            values = []
            for sign in (1.0, -1.0):
                shifted = {key: value.copy() for key, value in params.items()}
                shifted[k][idx] += sign * h
                values.append(scalar(tuple_of(student(X, y, shifted, reg=reg), 2, "mlp_loss_and_grads")[0], "loss"))
            numeric[idx] = (values[0] - values[1]) / (2 * h)
        close(
            grads[k],
            numeric,
            f"grads['{k}'] compared with central differences of your own loss",
            rtol=1e-4,
            atol=1e-6,
            hint="your loss and your gradients disagree: check each backward step",
        )


@pytest.mark.points(1)
def test_takes_the_class_count_from_W2(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """takes the number of classes from W2, even when a batch lacks some classes"""
    X, y, params = mlp_case(rng, 6, 3, 4, 5, labels_below=2)
    what = "a network with 5 classes on a batch whose labels are only 0 and 1"
    loss, grads = student_mlp(student, X, y, params, 0.0, what)
    expected_loss, expected = mlp_autograd(X, y, params, 0.0)
    close(loss, expected_loss, f"the loss of {what}", hint="the number of classes is W2.shape[1], not y.max() + 1")
    for k in PARAM_KEYS:
        close(grads[k], expected[k], f"grads['{k}'] of {what}")


@pytest.mark.points(1)
@pytest.mark.parametrize("given_as", ["read-only arrays", "lists"])
def test_accepts_lists_and_readonly_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, given_as: str
) -> None:
    """accepts lists and leaves read-only inputs and parameters untouched"""
    X, y, params = mlp_case(rng, 7, 3, 4, 3)
    expected_loss, expected = ref.mlp_loss_and_grads(X, y, params, reg=0.1)
    if given_as == "lists":
        what, hint = "lists", "convert X, y and every parameter with np.asarray first"
    else:
        what, hint = "read-only inputs", "work on copies: do not modify X or the parameter arrays in place"
    loss, grads = student_mlp(
        student, X, y, params, 0.1, what, readonly=given_as != "lists", as_list=given_as == "lists"
    )
    close(loss, expected_loss, f"the loss with {what}", hint=hint)
    for k in PARAM_KEYS:
        close(grads[k], expected[k], f"grads['{k}'] with {what}", hint=hint)


@pytest.mark.points(1)
@pytest.mark.parametrize("huge", ["output biases", "output weights"], ids=lambda huge: f"huge {huge}")
def test_stays_exact_for_huge_scores(student: Student, ref: ModuleType, rng: np.random.Generator, huge: str) -> None:
    """the loss and gradients stay finite, warning-free and exact when scores reach ±1e4"""
    X, y, params = mlp_case(rng, 6, 3, 4, 3)
    if huge == "output biases":  # output biases of ±1e4; every class is somebody's label
        reg = 0.0
        params["b2"] = np.array([1e4, -1e4, 0.0])
        y = np.array([0, 1, 2, 1, 0, 2])
    else:  # large output weights
        reg = 1e-3
        params["W2"] = params["W2"] * 4e3
    scores = np.maximum(X @ params["W1"] + params["b1"], 0.0) @ params["W2"] + params["b2"]
    if not np.abs(scores).max() >= 5e3:
        raise AssertionError("test data should reach scores in the thousands")
    what = f"a network whose scores reach the thousands in magnitude (reg={reg})"
    hint = (
        "subtract each row's maximum score before exp and compute −ln softmax as logsumexp(s) − s[y], "
        "never as −ln of a probability that can round to 0"
    )
    loss, grads = student_mlp(student, X, y, params, reg, what)
    expected_loss, expected = mlp_autograd(X, y, params, reg)
    close(loss, expected_loss, f"the loss of {what} (against autograd)", hint=hint)
    for k in PARAM_KEYS:
        close(grads[k], expected[k], f"grads['{k}'] of {what} (against autograd)", hint=hint)


@pytest.mark.points(1)
def test_gradients_match_autograd_at_a_zero_preactivation(
    student: Student, ref: ModuleType, rng: np.random.Generator
) -> None:
    """the gradients match PyTorch autograd where a pre-activation is exactly 0"""
    n, d, h, c = 8, 3, 6, 3
    X = rng.integers(-2, 3, (n, d)).astype(float)
    W1 = rng.integers(-2, 3, (d, h)).astype(float)
    b1 = rng.integers(-1, 2, h).astype(float)
    params = {"W1": W1, "b1": b1, "W2": rng.standard_normal((h, c)), "b2": rng.standard_normal(c)}
    y = rng.integers(0, c, n)
    pre = X @ W1 + b1
    if not ((pre == 0).sum() >= 5 and (pre > 0).any()):
        raise AssertionError("test data should contain pre-activations that are exactly 0")
    what = "a network with some pre-activations X·W1 + b1 exactly 0"
    loss, grads = student_mlp(student, X, y, params, 0.0, what)
    expected_loss, expected = mlp_autograd(X, y, params, 0.0)
    close(loss, expected_loss, f"the loss of {what} (against autograd)")
    for k in PARAM_KEYS:
        close(
            grads[k],
            expected[k],
            f"grads['{k}'] of {what} (against autograd)",
            hint="the ReLU passes the gradient only where the pre-activation is > 0 (strictly): at exactly 0 "
            "its derivative is taken as 0, as in PyTorch",
        )
