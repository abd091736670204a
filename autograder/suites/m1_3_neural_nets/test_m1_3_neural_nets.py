"""Hidden suite of m1_3_neural_nets (Section 1.3, Neural Network Fundamentals)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np
import pytest

from autograder.suites.checks import array, close, equal, fail, scalar, tuple_of
from autograder.suites.student import Student

PARAM_KEYS = ("W1", "b1", "W2", "b2")
TRAIN_TIMEOUT = 60.0  # the contract promises 30 s on one core; leave room for slow graders


def rng(seed: int) -> np.random.Generator:
    """Seeded inputs: the same submission always sees the same data."""
    return np.random.default_rng(3_000 + seed)


def torch_tensor(value: Any, grad: bool = False) -> Any:
    """A float64 torch tensor (imported lazily: only the tests that need PyTorch load it)."""
    import torch

    return torch.tensor(np.asarray(value, dtype=np.float64), dtype=torch.float64, requires_grad=grad)


def any_array(value: Any, what: str, shape: tuple[int, ...]) -> np.ndarray:
    """An ndarray of the given shape, whatever its dtype (the dtype is checked by its own test)."""
    return array(value, what, shape=shape, kind="")


def with_extremes(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random values with a share of huge ones (±1e4, ±1000, ±710) mixed in."""
    x = r.standard_normal(shape) * 3.0
    flat = x.reshape(-1)
    picks = r.choice(flat.size, size=max(1, flat.size // 3), replace=False)
    flat[picks] = r.choice([-1e4, 1e4, -1000.0, 1000.0, -710.0, 710.0, -50.0, 50.0], size=picks.size)
    return x


SHAPES = ((7,), (4, 5), (2, 3, 4))


# --- perceptron_predict ----------------------------------------------------------------------
@pytest.mark.grades("perceptron_predict")
@pytest.mark.points(1.5)
def test_predict_random(student: Student, ref: ModuleType) -> None:
    """matches X·w + b > 0 on random data"""
    r = rng(1)
    for n, d in ((1, 1), (10, 2), (50, 5)):
        X, w, b = r.standard_normal((n, d)), r.standard_normal(d), float(r.standard_normal())
        got = any_array(student(X, w, b), f"perceptron_predict on ({n},{d}) data", (n,))
        equal(
            got,
            ref.perceptron_predict(X, w, b),
            f"perceptron_predict on random ({n},{d}) data",
            hint="predict 1 where X·w + b > 0 and 0 elsewhere; do not forget the bias",
        )
        equal(got, (X @ w + b > 0).astype(int), f"perceptron_predict on random ({n},{d}) data")


@pytest.mark.grades("perceptron_predict")
@pytest.mark.points(1)
def test_predict_boundary(student: Student, ref: ModuleType) -> None:
    """puts points exactly on the boundary in class 0"""
    r = rng(2)
    X = r.integers(-3, 4, (40, 3)).astype(float)
    w, b = np.array([1.0, -2.0, 1.0]), 1.0
    scores = X @ w + b
    if not (scores == 0).any():
        raise AssertionError("test data should contain boundary points")
    got = any_array(student(X, w, b), "perceptron_predict on integer data", (40,))
    equal(
        got,
        (scores > 0).astype(int),
        "perceptron_predict with points exactly on the boundary",
        hint="w·x + b = 0 is class 0: compare with > 0, not >= 0",
    )


@pytest.mark.grades("perceptron_predict")
@pytest.mark.points(1)
def test_predict_dtype(student: Student, ref: ModuleType) -> None:
    """returns an integer array (not bool, not float)"""
    X = rng(3).standard_normal((6, 2))
    array(
        student(X, np.array([1.0, -1.0]), 0.5),
        "perceptron_predict's result",
        shape=(6,),
        kind="i",
        hint="convert the boolean mask with .astype(np.int64)",
    )


@pytest.mark.grades("perceptron_predict")
@pytest.mark.points(0.5)
def test_predict_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    got = any_array(student([[1.0, 2.0], [-3.0, 1.0]], [1.0, 1.0], -0.5), "perceptron_predict on lists", (2,))
    equal(got, [1, 0], "perceptron_predict on lists", hint="convert the inputs with np.asarray first")
    X, w = rng(4).standard_normal((8, 3)), rng(5).standard_normal(3)
    got = any_array(student(X, w, 0.1, readonly=True), "perceptron_predict on read-only inputs", (8,))
    equal(got, ref.perceptron_predict(X, w, 0.1), "perceptron_predict on read-only inputs")


# --- perceptron_train ------------------------------------------------------------------------
def integer_separable(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer points on both sides of an integer hyperplane (none on it)."""
    r = rng(seed)
    w_true = r.integers(1, 4, d) * r.choice([-1, 1], d)
    b_true = int(r.integers(-3, 4))
    X = r.integers(-5, 6, (4 * n, d))
    scores = X @ w_true + b_true
    X = X[scores != 0][:n]
    return X.astype(float), (X @ w_true + b_true > 0).astype(np.int64)


def float_separable(seed: int, n: int, d: int, margin: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Random points at least ``margin`` away from a random hyperplane."""
    r = rng(seed)
    normal = r.standard_normal(d)
    normal /= np.linalg.norm(normal)
    offset = float(r.uniform(-0.5, 0.5))
    X = r.uniform(-3.0, 3.0, (6 * n, d))
    distance = X @ normal + offset
    X = X[np.abs(distance) > margin][:n]
    return X, (X @ normal + offset > 0).astype(np.int64)


def check_trained(
    student: Student, ref: ModuleType, X: np.ndarray, y: np.ndarray, what: str, readonly: bool = False, **kwargs: Any
) -> tuple[np.ndarray, float]:
    result = tuple_of(student(X, y, readonly=readonly, **kwargs), 2, "perceptron_train")
    w = any_array(result[0], f"w learned on {what}", (X.shape[1],))
    b = scalar(result[1], f"b learned on {what}")
    w_ref, b_ref = ref.perceptron_train(X, y, **kwargs)
    hint = (
        "start from w = 0 and b = 0, visit the samples in the given order (no shuffling), predict with "
        "w·x + b > 0, and on a mistake add lr·(y − ŷ)·x to w and lr·(y − ŷ) to b"
    )
    equal(w, w_ref, f"w learned on {what}", hint=hint)
    equal(b, b_ref, f"b learned on {what}", hint=hint)
    return w, b


@pytest.mark.grades("perceptron_train")
@pytest.mark.points(3)
def test_train_integer_sets(student: Student, ref: ModuleType) -> None:
    """learns exactly the reference (w, b) on separable integer data"""
    for seed, n, d in ((10, 30, 2), (11, 60, 3), (12, 80, 5), (13, 12, 1)):
        X, y = integer_separable(seed, n, d)
        check_trained(student, ref, X, y, f"separable integer data ({n} points, {d} features)")


@pytest.mark.grades("perceptron_train")
@pytest.mark.points(2)
def test_train_float_sets(student: Student, ref: ModuleType) -> None:
    """learns exactly the reference (w, b) on separable float data with other learning rates"""
    for seed, n, d, lr in ((14, 50, 2, 0.1), (15, 80, 4, 0.5), (16, 40, 3, 2.0)):
        X, y = float_separable(seed, n, d)
        check_trained(student, ref, X, y, f"separable float data ({n} points, {d} features, lr={lr})", lr=lr)


@pytest.mark.grades("perceptron_train")
@pytest.mark.points(1)
def test_train_separates(student: Student, ref: ModuleType) -> None:
    """returns weights that classify every training point correctly"""
    X, y = float_separable(17, 120, 2, margin=0.3)
    result = tuple_of(student(X, y), 2, "perceptron_train")
    w = any_array(result[0], "w", (2,))
    b = scalar(result[1], "b")
    wrong = int(np.sum((X @ w + b > 0).astype(int) != y))
    if wrong:
        fail(
            f"the trained perceptron misclassifies {wrong} of {len(y)} separable training points. Hint: keep "
            "looping over epochs until one passes without a mistake, and check the sign of the update."
        )


@pytest.mark.grades("perceptron_train")
@pytest.mark.points(1)
def test_train_max_epochs(student: Student, ref: ModuleType) -> None:
    """stops after max_epochs epochs"""
    X, y = integer_separable(18, 40, 3)
    for epochs in (1, 2):
        check_trained(student, ref, X, y, f"integer data with max_epochs={epochs}", max_epochs=epochs)


@pytest.mark.grades("perceptron_train")
@pytest.mark.points(0.5)
def test_train_types(student: Student, ref: ModuleType) -> None:
    """returns w as a float64 array and b as a float"""
    X, y = integer_separable(19, 20, 2)
    result = tuple_of(student(X, y), 2, "perceptron_train")
    array(result[0], "w", shape=(2,), hint="start from np.zeros(d), which is float64")
    scalar(result[1], "b", hint="return b as a float")


@pytest.mark.grades("perceptron_train")
@pytest.mark.points(0.5)
def test_train_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    X, y = integer_separable(20, 15, 2)
    result = tuple_of(student(X.tolist(), y.tolist()), 2, "perceptron_train")
    w_ref, _ = ref.perceptron_train(X, y)
    equal(
        any_array(result[0], "w learned from lists", (2,)),
        w_ref,
        "w learned from lists",
        hint="convert the inputs with np.asarray first",
    )
    check_trained(student, ref, X, y, "read-only data", readonly=True)


# --- sigmoid ---------------------------------------------------------------------------------
@pytest.mark.grades("sigmoid")
@pytest.mark.points(2)
def test_sigmoid_random(student: Student, ref: ModuleType) -> None:
    """matches torch.sigmoid on random arrays of several ranks"""
    import torch

    r = rng(30)
    for shape in SHAPES:
        x = r.standard_normal(shape) * 4.0
        got = array(student(x), f"sigmoid of a {shape} array", shape=shape)
        close(
            got,
            torch.sigmoid(torch_tensor(x)).numpy(),
            f"sigmoid of a random {shape} array",
            hint="σ(x) = 1 / (1 + exp(−x)), elementwise",
        )
        close(got, ref.sigmoid(x), f"sigmoid of a random {shape} array")


@pytest.mark.grades("sigmoid")
@pytest.mark.points(2)
def test_sigmoid_extremes(student: Student, ref: ModuleType) -> None:
    """is finite, inside [0, 1] and warning-free for |x| up to 1e4"""
    import torch

    r = rng(31)
    for shape in ((12,), (3, 8)):
        x = with_extremes(r, shape)
        got = array(student(x), f"sigmoid of a {shape} array with huge entries", shape=shape)
        if not (np.all(got >= 0.0) and np.all(got <= 1.0)):
            fail(
                "sigmoid returned values outside [0, 1] for inputs up to ±1e4. "
                "Hint: use exp(x) / (1 + exp(x)) for negative x and 1 / (1 + exp(−x)) for the others."
            )
        close(
            got,
            torch.sigmoid(torch_tensor(x)).numpy(),
            "sigmoid of inputs up to ±1e4",
            hint="never exponentiate a large positive number",
        )


@pytest.mark.grades("sigmoid")
@pytest.mark.points(1)
def test_sigmoid_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    got = array(student([0.0, 1.0, -1.0]), "sigmoid of a list", shape=(3,))
    close(got, ref.sigmoid(np.array([0.0, 1.0, -1.0])), "sigmoid of a list", hint="convert with np.asarray")
    x = with_extremes(rng(32), (4, 4))
    close(
        array(student(x, readonly=True), "sigmoid", shape=(4, 4)),
        ref.sigmoid(x),
        "sigmoid of read-only input",
        hint="compute into a new array instead of writing into x",
    )


# --- sigmoid_grad ----------------------------------------------------------------------------
@pytest.mark.grades("sigmoid_grad")
@pytest.mark.points(1.5)
def test_sigmoid_grad_autograd(student: Student, ref: ModuleType) -> None:
    """matches PyTorch autograd of torch.sigmoid"""
    import torch

    r = rng(33)
    for shape in SHAPES:
        x = r.standard_normal(shape) * 4.0
        t = torch_tensor(x, grad=True)
        torch.sigmoid(t).sum().backward()
        got = array(student(x), f"sigmoid_grad of a {shape} array", shape=shape)
        close(
            got,
            t.grad.numpy(),
            f"sigmoid_grad of a random {shape} array (against autograd)",
            hint="σ'(x) = σ(x)·(1 − σ(x)), not x·(1 − x)",
        )
        close(got, ref.sigmoid_grad(x), f"sigmoid_grad of a random {shape} array")


@pytest.mark.grades("sigmoid_grad")
@pytest.mark.points(0.5)
def test_sigmoid_grad_shape(student: Student, ref: ModuleType) -> None:
    """peaks at 1/4 at 0 and is symmetric (given a list)"""
    x = np.linspace(-6.0, 6.0, 25)
    got = array(student(x.tolist()), "sigmoid_grad of a list on [-6, 6]", shape=(25,), hint="convert with np.asarray")
    close(got[12], 0.25, "sigmoid_grad(0)", hint="σ(0) = 1/2")
    close(got, got[::-1], "sigmoid_grad(x) compared with sigmoid_grad(−x)", hint="σ' is an even function")


@pytest.mark.grades("sigmoid_grad")
@pytest.mark.points(1)
def test_sigmoid_grad_extremes(student: Student, ref: ModuleType) -> None:
    """is finite and warning-free for |x| up to 1e4, and leaves read-only input untouched"""
    x = with_extremes(rng(34), (20,))
    got = array(student(x, readonly=True), "sigmoid_grad of huge inputs", shape=(20,))
    close(
        got, ref.sigmoid_grad(x), "sigmoid_grad of inputs up to ±1e4", hint="build it on a numerically stable sigmoid"
    )


# --- relu ------------------------------------------------------------------------------------
@pytest.mark.grades("relu")
@pytest.mark.points(1.5)
def test_relu_random(student: Student, ref: ModuleType) -> None:
    """matches torch.relu on random arrays of several ranks"""
    import torch

    r = rng(35)
    for shape in SHAPES:
        x = with_extremes(r, shape)
        got = array(student(x), f"relu of a {shape} array", shape=shape)
        close(
            got,
            torch.relu(torch_tensor(x)).numpy(),
            f"relu of a random {shape} array",
            hint="max(0, x) elementwise: negatives become 0, positives pass unchanged",
        )
        close(got, ref.relu(x), f"relu of a random {shape} array")


@pytest.mark.grades("relu")
@pytest.mark.points(0.5)
def test_relu_values(student: Student, ref: ModuleType) -> None:
    """keeps zeros and large positives, accepts lists"""
    got = array(student([-1e4, -1.0, 0.0, 2.5, 1e4]), "relu of a list", shape=(5,))
    close(got, [0.0, 0.0, 0.0, 2.5, 1e4], "relu([-1e4, -1, 0, 2.5, 1e4])", hint="convert with np.asarray")


@pytest.mark.grades("relu")
@pytest.mark.points(1)
def test_relu_readonly(student: Student, ref: ModuleType) -> None:
    """leaves read-only input untouched"""
    x = rng(36).standard_normal((5, 3))
    close(
        array(student(x, readonly=True), "relu", shape=(5, 3)),
        ref.relu(x),
        "relu of read-only input",
        hint="return a new array (np.maximum) instead of zeroing x in place",
    )


# --- relu_grad -------------------------------------------------------------------------------
@pytest.mark.grades("relu_grad")
@pytest.mark.points(1.5)
def test_relu_grad_autograd(student: Student, ref: ModuleType) -> None:
    """matches PyTorch autograd of torch.relu"""
    import torch

    r = rng(37)
    for shape in SHAPES:
        x = r.standard_normal(shape)
        t = torch_tensor(x, grad=True)
        torch.relu(t).sum().backward()
        got = any_array(student(x), f"relu_grad of a {shape} array", shape)
        close(
            got, t.grad.numpy(), f"relu_grad of a random {shape} array (against autograd)", hint="1 where x > 0, else 0"
        )
        close(got, ref.relu_grad(x), f"relu_grad of a random {shape} array")


@pytest.mark.grades("relu_grad")
@pytest.mark.points(1)
def test_relu_grad_zero(student: Student, ref: ModuleType) -> None:
    """is 0 at x = 0, as in PyTorch"""
    x = np.array([[0.0, -0.0, 1e-300], [-1e-300, 0.0, 5.0]])
    got = any_array(student(x), "relu_grad at zeros", (2, 3))
    close(
        got,
        [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]],
        "relu_grad at and around x = 0",
        hint="use x > 0 (strict): the derivative at exactly 0 is taken as 0",
    )


@pytest.mark.grades("relu_grad")
@pytest.mark.points(0.5)
def test_relu_grad_dtype(student: Student, ref: ModuleType) -> None:
    """returns float64, accepts lists and leaves read-only input untouched"""
    x = rng(38).standard_normal(9)
    got = array(
        student(x, readonly=True), "relu_grad's result", shape=(9,), hint="convert the boolean mask with .astype(float)"
    )
    close(got, ref.relu_grad(x), "relu_grad of read-only input")
    close(
        any_array(student(x.tolist()), "relu_grad of a list", (9,)),
        ref.relu_grad(x),
        "relu_grad of a list",
        hint="convert with np.asarray",
    )


# --- gelu ------------------------------------------------------------------------------------
def torch_gelu(x: np.ndarray, approximate: str) -> np.ndarray:
    import torch.nn.functional as F

    return F.gelu(torch_tensor(x), approximate=approximate).numpy()


@pytest.mark.grades("gelu")
@pytest.mark.points(2)
def test_gelu_exact(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.gelu(approximate='none')"""
    r = rng(40)
    for shape in SHAPES:
        x = r.standard_normal(shape) * 3.0
        got = array(student(x, approximate="none"), f"gelu of a {shape} array", shape=shape)
        close(
            got,
            torch_gelu(x, "none"),
            f"gelu(approximate='none') of a random {shape} array",
            hint="0.5·x·(1 + erf(x / √2)); the division by √2 is easy to forget",
        )
        close(got, ref.gelu(x), f"gelu(approximate='none') of a random {shape} array")


@pytest.mark.grades("gelu")
@pytest.mark.points(1.5)
def test_gelu_tanh(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.gelu(approximate='tanh')"""
    r = rng(41)
    for shape in SHAPES:
        x = r.standard_normal(shape) * 3.0
        got = array(student(x, approximate="tanh"), f"gelu(approximate='tanh') of a {shape} array", shape=shape)
        close(
            got,
            torch_gelu(x, "tanh"),
            f"gelu(approximate='tanh') of a random {shape} array",
            hint="0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))",
        )
        close(got, ref.gelu(x, approximate="tanh"), f"gelu(approximate='tanh') of a random {shape} array")


@pytest.mark.grades("gelu")
@pytest.mark.points(1)
def test_gelu_default_and_extremes(student: Student, ref: ModuleType) -> None:
    """defaults to the exact form and is finite and warning-free for |x| up to 1e4"""
    x = with_extremes(rng(42), (5, 6))
    close(
        array(student(x), "gelu with the default approximate", shape=(5, 6)),
        torch_gelu(x, "none"),
        "gelu(x) with the default approximate='none', inputs up to ±1e4",
        hint="the default is the exact erf form",
    )
    close(
        array(student(x, approximate="tanh"), "gelu(approximate='tanh')", shape=(5, 6)),
        torch_gelu(x, "tanh"),
        "gelu(approximate='tanh') of inputs up to ±1e4",
    )


@pytest.mark.grades("gelu")
@pytest.mark.points(1)
def test_gelu_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError for an unknown approximate, accepts lists, and leaves read-only input untouched"""
    x = rng(43).standard_normal(4)
    for bad in ("exact", "sigmoid", "", "TANH"):
        student.raises_value_error(x, approximate=bad, why=f"approximate={bad!r}")
    close(array(student(x, readonly=True), "gelu", shape=(4,)), ref.gelu(x), "gelu of read-only input")
    close(
        array(student(x.tolist()), "gelu of a list", shape=(4,)),
        ref.gelu(x),
        "gelu of a list",
        hint="convert with np.asarray",
    )


@pytest.mark.grades("gelu")
@pytest.mark.points(0.5)
def test_gelu_uses_approximate(student: Student, ref: ModuleType) -> None:
    """uses its approximate argument: 'none' and 'tanh' give different results"""
    x = np.array([-3.0, -1.5, -0.5, 0.7, 2.0])
    exact = array(student(x, approximate="none"), "gelu(approximate='none')", shape=(5,))
    tanh = array(student(x, approximate="tanh"), "gelu(approximate='tanh')", shape=(5,))
    if np.allclose(exact, tanh, rtol=1e-6, atol=1e-8):
        fail(
            "gelu gives the same output whatever approximate is: it ignores approximate. "
            "Hint: use the erf form for approximate='none' and the tanh form for approximate='tanh'."
        )
    close(exact, torch_gelu(x, "none"), "gelu(approximate='none')", hint="0.5·x·(1 + erf(x / √2))")
    close(tanh, torch_gelu(x, "tanh"), "gelu(approximate='tanh')", hint="0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))")


# --- softmax ---------------------------------------------------------------------------------
def torch_softmax(z: np.ndarray, axis: int) -> np.ndarray:
    import torch

    return torch.softmax(torch_tensor(z), dim=axis).numpy()


@pytest.mark.grades("softmax")
@pytest.mark.points(1.5)
def test_softmax_default_axis(student: Student, ref: ModuleType) -> None:
    """matches torch.softmax along the last axis by default"""
    r = rng(50)
    for shape in ((6,), (5, 4), (2, 3, 7)):
        z = r.standard_normal(shape) * 3.0
        got = array(student(z), f"softmax of a {shape} array", shape=shape)
        close(
            got,
            torch_softmax(z, -1),
            f"softmax of a random {shape} array with the default axis",
            hint="normalise every slice along the last axis separately (keepdims=True)",
        )
        close(got, ref.softmax(z), f"softmax of a random {shape} array")


@pytest.mark.grades("softmax")
@pytest.mark.points(2)
def test_softmax_axes(student: Student, ref: ModuleType) -> None:
    """matches torch.softmax along every axis of 2-D, 3-D and 4-D arrays"""
    r = rng(51)
    for shape in ((5, 4), (2, 3, 4), (2, 3, 2, 3)):
        z = r.standard_normal(shape) * 3.0
        for axis in range(-len(shape), len(shape)):
            got = array(student(z, axis=axis), f"softmax of a {shape} array along axis {axis}", shape=shape)
            close(
                got,
                torch_softmax(z, axis),
                f"softmax of a random {shape} array along axis={axis}",
                hint="take the max and the sum along `axis` (with keepdims=True), not along a fixed axis",
            )


@pytest.mark.grades("softmax")
@pytest.mark.points(2)
def test_softmax_extremes(student: Student, ref: ModuleType) -> None:
    """is finite and warning-free for scores up to ±1e4, on slices of very different scales"""
    r = rng(52)
    z = with_extremes(r, (6, 5))
    z[0] = -1e4  # a whole slice far below the others
    z[1] = [1e4, 1e4, -1e4, 0.0, 1e4]
    for axis in (-1, 0):
        got = array(student(z, axis=axis), f"softmax along axis {axis} of scores up to ±1e4", shape=z.shape)
        close(
            got,
            torch_softmax(z, axis),
            f"softmax along axis={axis} of scores up to ±1e4",
            hint="subtract the maximum of each slice along `axis` (not the global maximum) before exp",
        )
    z3 = with_extremes(r, (3, 4, 5))
    close(
        array(student(z3, axis=1), "softmax of a 3-D array with huge scores", shape=(3, 4, 5)),
        torch_softmax(z3, 1),
        "softmax along axis=1 of a 3-D array of scores up to ±1e4",
    )


@pytest.mark.grades("softmax")
@pytest.mark.points(0.5)
def test_softmax_properties(student: Student, ref: ModuleType) -> None:
    """sums to 1 along the axis and ignores a constant added along it"""
    z = rng(53).standard_normal((4, 6)) * 5.0
    got = array(student(z, axis=0), "softmax along axis 0", shape=(4, 6))
    close(got.sum(axis=0), np.ones(6), "column sums of softmax(z, axis=0)", hint="divide by the sum along axis")
    shifted = array(student(z + rng(54).standard_normal(6) * 100.0, axis=0), "softmax along axis 0", shape=(4, 6))
    close(shifted, got, "softmax after adding a constant to every column", hint="softmax(z + c) = softmax(z)")


@pytest.mark.grades("softmax")
@pytest.mark.points(1)
def test_softmax_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only input untouched"""
    close(
        array(student([1.0, 2.0, 3.0]), "softmax of a list", shape=(3,)),
        ref.softmax(np.array([1.0, 2.0, 3.0])),
        "softmax of a list",
        hint="convert with np.asarray",
    )
    z = with_extremes(rng(55), (3, 5))
    close(
        array(student(z, readonly=True), "softmax", shape=(3, 5)),
        ref.softmax(z),
        "softmax of read-only input",
        hint="subtract the maximum into a new array instead of writing into z",
    )


# --- affine_forward --------------------------------------------------------------------------
AFFINE_SHAPES = ((1, 1, 1), (4, 3, 5), (10, 7, 2), (3, 6, 6))


@pytest.mark.grades("affine_forward")
@pytest.mark.points(2)
def test_affine_forward_random(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.linear on random shapes"""
    import torch.nn.functional as F

    r = rng(60)
    for n, d, m in AFFINE_SHAPES:
        x, W, b = r.standard_normal((n, d)), r.standard_normal((d, m)), r.standard_normal(m)
        got = array(
            student(x, W, b),
            f"affine_forward of ({n},{d}) inputs with ({d},{m}) weights",
            shape=(n, m),
            hint="the output is (n, m): x @ W",
        )
        expected = F.linear(torch_tensor(x), torch_tensor(W.T), torch_tensor(b)).numpy()
        close(
            got,
            expected,
            f"affine_forward with x ({n},{d}), W ({d},{m})",
            hint="x @ W, then add b to every row (not x @ W.T, and do not forget b)",
        )
        close(got, ref.affine_forward(x, W, b), f"affine_forward with x ({n},{d}), W ({d},{m})")


@pytest.mark.grades("affine_forward")
@pytest.mark.points(1)
def test_affine_forward_lists(student: Student, ref: ModuleType) -> None:
    """accepts lists"""
    got = array(
        student([[1.0, 2.0]], [[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]], [0.5, 0.0, -0.5]),
        "affine_forward of lists",
        shape=(1, 3),
    )
    close(got, [[5.5, 2.0, -1.5]], "affine_forward of lists", hint="convert the inputs with np.asarray")


@pytest.mark.grades("affine_forward")
@pytest.mark.points(1)
def test_affine_forward_readonly(student: Student, ref: ModuleType) -> None:
    """leaves read-only inputs untouched"""
    r = rng(61)
    x, W, b = r.standard_normal((5, 4)), r.standard_normal((4, 3)), r.standard_normal(3)
    close(
        array(student(x, W, b, readonly=True), "affine_forward", shape=(5, 3)),
        ref.affine_forward(x, W, b),
        "affine_forward of read-only inputs",
    )


# --- affine_backward -------------------------------------------------------------------------
def affine_autograd(dout: np.ndarray, x: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, ...]:
    """(dx, dW, db) of sum(dout * (x·W + b)) by PyTorch autograd."""
    xt, Wt = torch_tensor(x, grad=True), torch_tensor(W, grad=True)
    bt = torch_tensor(np.zeros(W.shape[1]), grad=True)
    (torch_tensor(dout) * (xt @ Wt + bt)).sum().backward()
    return xt.grad.numpy(), Wt.grad.numpy(), bt.grad.numpy()


def affine_cases(seed: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    r = rng(seed)
    return [
        (r.standard_normal((n, m)), r.standard_normal((n, d)), r.standard_normal((d, m))) for n, d, m in AFFINE_SHAPES
    ]


def student_affine_grads(
    student: Student, dout: np.ndarray, x: np.ndarray, W: np.ndarray, readonly: bool = False, as_list: bool = False
) -> tuple[np.ndarray, ...]:
    n, d, m = x.shape[0], x.shape[1], W.shape[1]
    args = (dout.tolist(), x.tolist(), W.tolist()) if as_list else (dout, x, W)
    result = tuple_of(student(*args, readonly=readonly), 3, "affine_backward")
    return (
        array(result[0], f"dx for x of shape ({n},{d})", shape=(n, d), hint="dx has x's shape: dout @ W.T"),
        array(result[1], f"dW for W of shape ({d},{m})", shape=(d, m), hint="dW has W's shape: x.T @ dout"),
        array(result[2], f"db for b of shape ({m},)", shape=(m,), hint="db has b's shape: sum over the batch"),
    )


def affine_backward_part(student: Student, ref: ModuleType, index: int, seed: int, hint: str) -> None:
    name = ("dx", "dW", "db")[index]
    for dout, x, W in affine_cases(seed):
        got = student_affine_grads(student, dout, x, W)[index]
        what = f"{name} for x {x.shape}, W {W.shape}"
        close(got, affine_autograd(dout, x, W)[index], f"{what} (against autograd)", hint=hint)
        close(got, ref.affine_backward(dout, x, W)[index], what, hint=hint)


@pytest.mark.grades("affine_backward")
@pytest.mark.points(1.5)
def test_affine_backward_dx(student: Student, ref: ModuleType) -> None:
    """dx matches PyTorch autograd"""
    affine_backward_part(student, ref, 0, 62, "dx = dout @ W.T")


@pytest.mark.grades("affine_backward")
@pytest.mark.points(1.5)
def test_affine_backward_dW(student: Student, ref: ModuleType) -> None:
    """dW matches PyTorch autograd"""
    affine_backward_part(student, ref, 1, 63, "dW = x.T @ dout (not dout.T @ x, and not divided by n)")


@pytest.mark.grades("affine_backward")
@pytest.mark.points(1)
def test_affine_backward_db(student: Student, ref: ModuleType) -> None:
    """db matches PyTorch autograd"""
    affine_backward_part(student, ref, 2, 64, "db = dout summed over the batch axis (axis 0), not averaged")


@pytest.mark.grades("affine_backward")
@pytest.mark.points(2)
def test_affine_backward_central_differences(student: Student, ref: ModuleType) -> None:
    """agrees with central differences of L = Σ dout ⊙ (x·W + b)"""
    r = rng(65)
    n, d, m = 3, 4, 2
    dout, x = r.standard_normal((n, m)), r.standard_normal((n, d))
    W, b = r.standard_normal((d, m)), r.standard_normal(m)
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


@pytest.mark.grades("affine_backward")
@pytest.mark.points(1)
def test_affine_backward_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    dout, x, W = affine_cases(66)[1]
    got = student_affine_grads(student, dout, x, W, readonly=True)
    for name, g, e in zip(("dx", "dW", "db"), got, ref.affine_backward(dout, x, W)):
        close(g, e, f"{name} with read-only inputs")
    got = student_affine_grads(student, dout, x, W, as_list=True)
    for name, g, e in zip(("dx", "dW", "db"), got, ref.affine_backward(dout, x, W)):
        close(g, e, f"{name} from lists", hint="convert the inputs with np.asarray first")


# --- relu_backward ---------------------------------------------------------------------------
@pytest.mark.grades("relu_backward")
@pytest.mark.points(1.5)
def test_relu_backward_autograd(student: Student, ref: ModuleType) -> None:
    """matches PyTorch autograd through torch.relu"""
    import torch

    r = rng(70)
    for shape in SHAPES:
        dout, x = r.standard_normal(shape), r.standard_normal(shape)
        t = torch_tensor(x, grad=True)
        (torch.relu(t) * torch_tensor(dout)).sum().backward()
        got = array(student(dout, x), f"relu_backward for a {shape} array", shape=shape)
        close(
            got,
            t.grad.numpy(),
            f"relu_backward for a random {shape} array (against autograd)",
            hint="pass dout where the forward input x > 0; mask with x, not with dout",
        )
        close(got, ref.relu_backward(dout, x), f"relu_backward for a random {shape} array")


@pytest.mark.grades("relu_backward")
@pytest.mark.points(0.5)
def test_relu_backward_zero(student: Student, ref: ModuleType) -> None:
    """blocks the gradient where x = 0"""
    dout = np.array([1.0, -2.0, 3.0, 4.0])
    got = array(student(dout, np.array([0.0, 0.0, 1.0, -1.0])), "relu_backward at x = 0", shape=(4,))
    close(got, [0.0, 0.0, 3.0, 0.0], "relu_backward where x = 0", hint="use x > 0 (strict), as PyTorch does")


@pytest.mark.grades("relu_backward")
@pytest.mark.points(1)
def test_relu_backward_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    r = rng(71)
    dout, x = r.standard_normal((4, 5)), r.standard_normal((4, 5))
    close(
        array(student(dout, x, readonly=True), "relu_backward", shape=(4, 5)),
        ref.relu_backward(dout, x),
        "relu_backward with read-only inputs",
        hint="build a new array instead of zeroing dout in place",
    )
    close(
        array(student(dout.tolist(), x.tolist()), "relu_backward of lists", shape=(4, 5)),
        ref.relu_backward(dout, x),
        "relu_backward of lists",
        hint="convert the inputs with np.asarray first",
    )


# --- mlp_loss_and_grads ----------------------------------------------------------------------
def mlp_case(
    seed: int, n: int, d: int, h: int, c: int, scale: float = 1.0, labels_below: int | None = None
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    r = rng(seed)
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


MLP_CASES = ((80, 1, 4, 3, 2), (81, 6, 3, 5, 4), (82, 20, 5, 8, 3), (83, 1, 2, 1, 2))


@pytest.mark.grades("mlp_loss_and_grads")
@pytest.mark.points(2)
def test_mlp_loss_values(student: Student, ref: ModuleType) -> None:
    """the loss matches PyTorch's cross_entropy plus the L2 penalty"""
    for seed, n, d, h, c in MLP_CASES:
        X, y, params = mlp_case(seed, n, d, h, c)
        for reg in (0.0, 0.05):
            what = f"a ({d},{h},{c}) network on {n} samples with reg={reg}"
            loss, _ = student_mlp(student, X, y, params, reg, what)
            close(
                loss,
                mlp_autograd(X, y, params, reg)[0],
                f"the loss of {what}",
                hint="mean (not sum) of −ln softmax at the true class, plus reg·(ΣW1² + ΣW2²) (no biases)",
            )
            close(loss, ref.mlp_loss_and_grads(X, y, params, reg=reg)[0], f"the loss of {what}")


@pytest.mark.grades("mlp_loss_and_grads")
@pytest.mark.points(2.5)
def test_mlp_grads_autograd(student: Student, ref: ModuleType) -> None:
    """the gradients match PyTorch autograd without regularisation"""
    for seed, n, d, h, c in MLP_CASES:
        X, y, params = mlp_case(seed, n, d, h, c)
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


@pytest.mark.grades("mlp_loss_and_grads")
@pytest.mark.points(2)
def test_mlp_grads_reg(student: Student, ref: ModuleType) -> None:
    """the gradients match PyTorch autograd with an L2 penalty"""
    for seed, n, d, h, c in MLP_CASES[1:3]:
        X, y, params = mlp_case(seed + 10, n, d, h, c)
        for reg in (0.01, 0.5):
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


@pytest.mark.grades("mlp_loss_and_grads")
@pytest.mark.points(1.5)
def test_mlp_central_differences(student: Student, ref: ModuleType) -> None:
    """the gradients agree with central differences of the student's own loss"""
    X, y, params = mlp_case(84, 5, 2, 3, 2)
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


@pytest.mark.grades("mlp_loss_and_grads")
@pytest.mark.points(1)
def test_mlp_class_count(student: Student, ref: ModuleType) -> None:
    """takes the number of classes from W2, even when a batch lacks some classes"""
    X, y, params = mlp_case(85, 6, 3, 4, 5, labels_below=2)
    what = "a network with 5 classes on a batch whose labels are only 0 and 1"
    loss, grads = student_mlp(student, X, y, params, 0.0, what)
    expected_loss, expected = mlp_autograd(X, y, params, 0.0)
    close(loss, expected_loss, f"the loss of {what}", hint="the number of classes is W2.shape[1], not y.max() + 1")
    for k in PARAM_KEYS:
        close(grads[k], expected[k], f"grads['{k}'] of {what}")


@pytest.mark.grades("mlp_loss_and_grads")
@pytest.mark.points(1)
def test_mlp_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs and parameters untouched"""
    X, y, params = mlp_case(87, 7, 3, 4, 3)
    expected_loss, expected = ref.mlp_loss_and_grads(X, y, params, reg=0.1)
    for what, readonly, as_list, hint in (
        ("read-only inputs", True, False, "work on copies: do not modify X or the parameter arrays in place"),
        ("lists", False, True, "convert X, y and every parameter with np.asarray first"),
    ):
        loss, grads = student_mlp(student, X, y, params, 0.1, what, readonly=readonly, as_list=as_list)
        close(loss, expected_loss, f"the loss with {what}", hint=hint)
        for k in PARAM_KEYS:
            close(grads[k], expected[k], f"grads['{k}'] with {what}", hint=hint)


@pytest.mark.grades("mlp_loss_and_grads")
@pytest.mark.points(1)
def test_mlp_extreme_scores(student: Student, ref: ModuleType) -> None:
    """the loss and gradients stay finite, warning-free and exact when scores reach ±1e4"""
    for seed, reg in ((88, 0.0), (89, 1e-3)):
        X, y, params = mlp_case(seed, 6, 3, 4, 3)
        if seed == 88:  # output biases of ±1e4; every class is somebody's label
            params["b2"] = np.array([1e4, -1e4, 0.0])
            y = np.array([0, 1, 2, 1, 0, 2])
        else:  # large output weights
            params["W2"] = params["W2"] * 4e3
        scores = np.maximum(X @ params["W1"] + params["b1"], 0.0) @ params["W2"] + params["b2"]
        if not np.abs(scores).max() >= 5e3:
            raise AssertionError("test data should reach scores in the thousands")
        what = f"a network whose scores reach {np.abs(scores).max():.0f} in magnitude (reg={reg})"
        hint = (
            "subtract each row's maximum score before exp and compute −ln softmax as logsumexp(s) − s[y], "
            "never as −ln of a probability that can round to 0"
        )
        loss, grads = student_mlp(student, X, y, params, reg, what)
        expected_loss, expected = mlp_autograd(X, y, params, reg)
        close(loss, expected_loss, f"the loss of {what} (against autograd)", hint=hint)
        for k in PARAM_KEYS:
            close(grads[k], expected[k], f"grads['{k}'] of {what} (against autograd)", hint=hint)


@pytest.mark.grades("mlp_loss_and_grads")
@pytest.mark.points(1)
def test_mlp_relu_at_zero(student: Student, ref: ModuleType) -> None:
    """the gradients match PyTorch autograd where a pre-activation is exactly 0"""
    r = rng(80)  # this seed gives 10 exact zeros among the 48 pre-activations
    n, d, h, c = 8, 3, 6, 3
    X = r.integers(-2, 3, (n, d)).astype(float)
    W1 = r.integers(-2, 3, (d, h)).astype(float)
    b1 = r.integers(-1, 2, h).astype(float)
    params = {"W1": W1, "b1": b1, "W2": r.standard_normal((h, c)), "b2": r.standard_normal(c)}
    y = r.integers(0, c, n)
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


# --- train_mlp -------------------------------------------------------------------------------
def spirals(
    seed: int, n: int = 240, classes: int = 3, turns: float = 1.0, noise: float = 0.08
) -> tuple[np.ndarray, np.ndarray]:
    r = rng(seed)
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
    seed: int, n: int = 240, radii: tuple[float, ...] = (0.9, 2.3), noise: float = 0.12
) -> tuple[np.ndarray, np.ndarray]:
    r = rng(seed)
    per = n // len(radii)
    X, y = [], []
    for k, radius in enumerate(radii):
        angle = r.uniform(0.0, 2 * np.pi, per)
        rr = radius + noise * r.standard_normal(per)
        X.append(np.c_[rr * np.cos(angle), rr * np.sin(angle)])
        y.append(np.full(per, k))
    return np.concatenate(X), np.concatenate(y)


def xor(seed: int, n: int = 240, margin: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    r = rng(seed)
    X = r.uniform(-3.0, 3.0, (4 * n, 2))
    X = X[(np.abs(X) > margin).all(axis=1)][:n]
    return X, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(np.int64)


def trained_params(
    student: Student, X: Any, y: Any, what: str, hidden: int = 64, **kwargs: Any
) -> dict[str, np.ndarray]:
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


@pytest.mark.grades("train_mlp")
@pytest.mark.points(4)
@pytest.mark.call_timeout(TRAIN_TIMEOUT)
def test_train_mlp_spirals(student: Student, ref: ModuleType) -> None:
    """reaches 95% training accuracy on three-armed spirals"""
    X, y = spirals(90, classes=3, turns=1.0)
    check_accuracy(student, X, y, "three spirals of one turn", seed=5)


@pytest.mark.grades("train_mlp")
@pytest.mark.points(2.5)
@pytest.mark.call_timeout(TRAIN_TIMEOUT)
def test_train_mlp_circles(student: Student, ref: ModuleType) -> None:
    """reaches 95% training accuracy on concentric circles"""
    X, y = circles(92, n=240, radii=(0.7, 1.7, 2.7), noise=0.1)
    check_accuracy(student, X, y, "three concentric circles", seed=11)


@pytest.mark.grades("train_mlp")
@pytest.mark.points(2.5)
@pytest.mark.call_timeout(TRAIN_TIMEOUT)
def test_train_mlp_xor(student: Student, ref: ModuleType) -> None:
    """reaches 95% training accuracy on XOR"""
    X, y = xor(93)
    check_accuracy(student, X, y, "XOR", seed=13)


@pytest.mark.grades("train_mlp")
@pytest.mark.points(1)
@pytest.mark.call_timeout(TRAIN_TIMEOUT)
def test_train_mlp_shapes(student: Student, ref: ModuleType) -> None:
    """respects hidden_dim and sizes the output layer as y.max() + 1 (from read-only arrays and from lists)"""
    X, y = spirals(94, n=90, classes=3)
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
    X2, y2 = xor(95, n=60)
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


@pytest.mark.grades("train_mlp")
@pytest.mark.points(1)
@pytest.mark.call_timeout(TRAIN_TIMEOUT)
def test_train_mlp_deterministic(student: Student, ref: ModuleType) -> None:
    """is deterministic for a seed"""
    X, y = circles(96, n=120)
    first = trained_params(student, X, y, "circles", hidden=32, hidden_dim=32, num_steps=100, seed=21)
    second = trained_params(student, X, y, "circles", hidden=32, hidden_dim=32, num_steps=100, seed=21)
    for k in PARAM_KEYS:
        equal(
            second[k],
            first[k],
            f"{k} of a second call with the same seed",
            hint="draw every random number from np.random.default_rng(seed) created inside train_mlp",
        )


# --- batch_norm_forward ----------------------------------------------------------------------
def torch_batch_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    import torch.nn.functional as F

    return F.batch_norm(
        torch_tensor(x), None, None, weight=torch_tensor(gamma), bias=torch_tensor(beta), training=True, eps=eps
    ).numpy()


def norm_inputs(seed: int, shape: tuple[int, ...], spread: float = 1.0) -> tuple[np.ndarray, ...]:
    r = rng(seed)
    d = shape[-1]
    x = r.standard_normal(shape) * r.uniform(0.5, 3.0, d) * spread + r.uniform(-4.0, 4.0, d)
    return x, r.uniform(0.5, 2.0, d) * r.choice([-1.0, 1.0], d), r.standard_normal(d)


BN_HINT = (
    "normalise each feature over the batch (axis 0) with the biased variance (np.var's default), "
    "put eps inside the square root, then apply gamma and beta"
)
LN_HINT = (
    "normalise every vector over the last axis (axis=-1, keepdims=True) with the biased variance, "
    "put eps inside the square root, then apply gamma and beta"
)


@pytest.mark.grades("batch_norm_forward")
@pytest.mark.points(2)
def test_batch_norm_random(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.batch_norm(training=True) on random batches"""
    for seed, (n, d) in enumerate(((8, 3), (32, 10), (5, 1), (3, 7))):
        x, gamma, beta = norm_inputs(100 + seed, (n, d))
        got = array(student(x, gamma, beta), f"batch_norm_forward of a ({n},{d}) batch", shape=(n, d))
        close(
            got, torch_batch_norm(x, gamma, beta, 1e-5), f"batch_norm_forward of a random ({n},{d}) batch", hint=BN_HINT
        )
        close(got, ref.batch_norm_forward(x, gamma, beta), f"batch_norm_forward of a random ({n},{d}) batch")


@pytest.mark.grades("batch_norm_forward")
@pytest.mark.points(1.5)
def test_batch_norm_eps(student: Student, ref: ModuleType) -> None:
    """handles small variances and a custom eps like PyTorch"""
    for seed, eps in ((110, 1e-5), (111, 0.1), (112, 1e-3)):
        x, gamma, beta = norm_inputs(seed, (6, 4), spread=0.01)
        got = array(student(x, gamma, beta, eps=eps), f"batch_norm_forward with eps={eps}", shape=(6, 4))
        close(
            got,
            torch_batch_norm(x, gamma, beta, eps),
            f"batch_norm_forward of low-variance data with eps={eps}",
            hint="divide by sqrt(var + eps), not by sqrt(var) + eps, and use the eps argument",
        )


@pytest.mark.grades("batch_norm_forward")
@pytest.mark.points(1)
def test_batch_norm_edge(student: Student, ref: ModuleType) -> None:
    """works for a batch of two and a constant feature"""
    x = np.array([[1.0, 5.0, -2.0], [3.0, 5.0, 4.0]])
    gamma, beta = np.array([1.0, 2.0, 0.5]), np.array([0.0, 1.0, -1.0])
    got = array(student(x, gamma, beta), "batch_norm_forward of a batch of two", shape=(2, 3))
    close(
        got,
        torch_batch_norm(x, gamma, beta, 1e-5),
        "batch_norm_forward of a batch of two with a constant feature",
        hint="a constant feature normalises to 0, so its output is beta; keep eps inside the square root",
    )


@pytest.mark.grades("batch_norm_forward")
@pytest.mark.points(0.5)
def test_batch_norm_statistics(student: Student, ref: ModuleType) -> None:
    """gives every feature a batch mean of beta"""
    x, gamma, beta = norm_inputs(113, (50, 6))
    got = array(student(x, gamma, beta), "batch_norm_forward", shape=(50, 6))
    close(
        got.mean(axis=0),
        beta,
        "the batch mean of each output feature",
        rtol=1e-6,
        atol=1e-7,
        hint="the statistics are per feature, over the batch axis (axis 0)",
    )


@pytest.mark.grades("batch_norm_forward")
@pytest.mark.points(1)
def test_batch_norm_large_mean(student: Student, ref: ModuleType) -> None:
    """matches PyTorch for features with a large mean (1e6 plus unit noise)"""
    r = rng(115)
    for n, d in ((16, 3), (64, 5)):
        x = r.standard_normal((n, d)) + 1e6 * r.choice([-1.0, 1.0, 2.0], d)
        gamma, beta = r.uniform(0.5, 2.0, d), r.standard_normal(d)
        got = array(
            student(x, gamma, beta), f"batch_norm_forward of a ({n},{d}) batch with means near 1e6", shape=(n, d)
        )
        close(
            got,
            torch_batch_norm(x, gamma, beta, 1e-5),
            f"batch_norm_forward of a ({n},{d}) batch whose features have means around 1e6",
            hint="compute the variance from the centred data, mean((x − mean)²) or np.var; E[x²] − E[x]² loses "
            "every significant digit when the mean is large",
        )


@pytest.mark.grades("batch_norm_forward")
@pytest.mark.points(1)
def test_batch_norm_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    got = array(student([[1.0, 2.0], [3.0, 6.0]], [1.0, 1.0], [0.0, 0.0]), "batch_norm_forward of lists", shape=(2, 2))
    close(
        got,
        ref.batch_norm_forward(np.array([[1.0, 2.0], [3.0, 6.0]]), np.ones(2), np.zeros(2)),
        "batch_norm_forward of lists",
        hint="convert with np.asarray",
    )
    x, gamma, beta = norm_inputs(114, (7, 3))
    close(
        array(student(x, gamma, beta, readonly=True), "batch_norm_forward", shape=(7, 3)),
        ref.batch_norm_forward(x, gamma, beta),
        "batch_norm_forward of read-only inputs",
        hint="compute into new arrays instead of modifying x in place",
    )


# --- layer_norm_forward ----------------------------------------------------------------------
def torch_layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    import torch.nn.functional as F

    return F.layer_norm(
        torch_tensor(x), (x.shape[-1],), weight=torch_tensor(gamma), bias=torch_tensor(beta), eps=eps
    ).numpy()


@pytest.mark.grades("layer_norm_forward")
@pytest.mark.points(2)
def test_layer_norm_2d(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.layer_norm on random 2-D inputs"""
    for seed, shape in enumerate(((4, 8), (16, 5), (1, 6), (6, 6))):
        x, gamma, beta = norm_inputs(120 + seed, shape)
        got = array(student(x, gamma, beta), f"layer_norm_forward of a {shape} input", shape=shape)
        close(
            got, torch_layer_norm(x, gamma, beta, 1e-5), f"layer_norm_forward of a random {shape} input", hint=LN_HINT
        )
        close(got, ref.layer_norm_forward(x, gamma, beta), f"layer_norm_forward of a random {shape} input")


@pytest.mark.grades("layer_norm_forward")
@pytest.mark.points(2)
def test_layer_norm_ranks(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.layer_norm on 1-D, 3-D and 4-D inputs"""
    for seed, shape in enumerate(((9,), (2, 5, 4), (2, 3, 2, 6))):
        x, gamma, beta = norm_inputs(130 + seed, shape)
        got = array(student(x, gamma, beta), f"layer_norm_forward of a {shape} input", shape=shape)
        close(
            got,
            torch_layer_norm(x, gamma, beta, 1e-5),
            f"layer_norm_forward of a random {shape} input",
            hint="use axis=-1 with keepdims=True so that any number of dimensions works",
        )


@pytest.mark.grades("layer_norm_forward")
@pytest.mark.points(1.5)
def test_layer_norm_eps(student: Student, ref: ModuleType) -> None:
    """handles small variances and a custom eps like PyTorch"""
    for seed, eps in ((140, 1e-5), (141, 0.1), (142, 1e-3)):
        x, gamma, beta = norm_inputs(seed, (3, 5), spread=0.01)
        x = x - x.mean(axis=-1, keepdims=True) + rng(seed).standard_normal((3, 1))
        got = array(student(x, gamma, beta, eps=eps), f"layer_norm_forward with eps={eps}", shape=(3, 5))
        close(
            got,
            torch_layer_norm(x, gamma, beta, eps),
            f"layer_norm_forward of low-variance data with eps={eps}",
            hint="divide by sqrt(var + eps), not by sqrt(var) + eps, and use the eps argument",
        )


@pytest.mark.grades("layer_norm_forward")
@pytest.mark.points(0.5)
def test_layer_norm_independent(student: Student, ref: ModuleType) -> None:
    """normalises every example independently of the rest of the batch"""
    x, gamma, beta = norm_inputs(143, (5, 4))
    alone = array(student(x[:1], gamma, beta), "layer_norm_forward of one example", shape=(1, 4))
    together = array(student(x, gamma, beta), "layer_norm_forward of five examples", shape=(5, 4))
    close(
        together[:1],
        alone,
        "example 0 normalised alone and within a batch",
        hint="layer norm uses only each example's own features (the last axis)",
    )


@pytest.mark.grades("layer_norm_forward")
@pytest.mark.points(1)
def test_layer_norm_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    got = array(student([1.0, 2.0, 4.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]), "layer_norm_forward of lists", shape=(3,))
    close(
        got,
        ref.layer_norm_forward(np.array([1.0, 2.0, 4.0]), np.ones(3), np.zeros(3)),
        "layer_norm_forward of lists",
        hint="convert with np.asarray",
    )
    x, gamma, beta = norm_inputs(144, (4, 6))
    close(
        array(student(x, gamma, beta, readonly=True), "layer_norm_forward", shape=(4, 6)),
        ref.layer_norm_forward(x, gamma, beta),
        "layer_norm_forward of read-only inputs",
        hint="compute into new arrays instead of modifying x in place",
    )
