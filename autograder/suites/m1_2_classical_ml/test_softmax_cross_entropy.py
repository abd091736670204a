"""Hidden tests of softmax_cross_entropy (the loss and its gradient; oracles: PyTorch's cross_entropy and
autograd, and the reference)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, scalar, tuple_of
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("softmax_cross_entropy")

STABLE = "subtract each row's maximum before exp and use log-sum-exp instead of log(softmax)"


def batches(*sizes: tuple[int, int]) -> list:
    """Batch sizes (N, C) as parametrized cases named "NxC"."""
    return [pytest.param(n, c, id=f"{n}x{c}") for n, c in sizes]


def torch_ce(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """torch.nn.functional.cross_entropy of the batch and its gradient with respect to the logits."""
    import torch

    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(z, torch.tensor(labels, dtype=torch.int64))
    loss.backward()
    return loss.item(), z.grad.numpy()


def check_batch(
    student: Student,
    logits: np.ndarray,
    labels: np.ndarray,
    what: str,
    part: str = "both",
    hint_loss: str = "",
    hint_grad: str = "",
) -> tuple[float, np.ndarray]:
    """Compare the student's (loss, dlogits) of one batch with PyTorch's; ``part`` is "loss", "grad" or "both".
    Returns what the student returned."""
    n, c = logits.shape
    result = tuple_of(student(logits, labels), 2, "softmax_cross_entropy")
    loss = scalar(result[0], f"the loss of {what}")
    grad = array(result[1], f"dlogits of {what}", shape=(n, c), hint="the gradient is shaped like the logits")
    expected_loss, expected_grad = torch_ce(logits, labels)
    if part in ("both", "loss"):
        close(
            loss,
            expected_loss,
            f"the loss of {what} (against torch.nn.functional.cross_entropy)",
            hint=hint_loss
            or "the MEAN over the batch of -log softmax(logits)[i, label_i]; compute it as "
            "(z_y - max) - log(sum(exp(z - max)))",
        )
    if part in ("both", "grad"):
        close(
            grad,
            expected_grad,
            f"dlogits of {what} (against torch autograd)",
            hint=hint_grad
            or "(softmax(logits) - onehot(labels)) / N: subtract 1 at the true class of each "
            "row and divide by the batch size",
        )
    return loss, grad


@pytest.mark.points(3)
@pytest.mark.parametrize(("n", "c"), batches((1, 2), (4, 3), (16, 10), (50, 7)))
def test_loss_matches_torch(student: Student, ref: ModuleType, rng: np.random.Generator, n: int, c: int) -> None:
    """the loss matches torch.nn.functional.cross_entropy on random batches"""
    logits = 3.0 * rng.standard_normal((n, c))
    labels = rng.integers(0, c, n)
    loss, _ = check_batch(student, logits, labels, f"a random ({n},{c}) batch", part="loss")
    close(loss, ref.softmax_cross_entropy(logits, labels)[0], f"the loss of a random ({n},{c}) batch")


@pytest.mark.points(3)
@pytest.mark.parametrize(("n", "c"), batches((1, 2), (5, 4), (20, 10)))
def test_gradient_matches_torch_autograd(student: Student, rng: np.random.Generator, n: int, c: int) -> None:
    """dlogits matches PyTorch autograd on random batches"""
    logits = 2.0 * rng.standard_normal((n, c))
    labels = rng.integers(0, c, n)
    check_batch(student, logits, labels, f"a random ({n},{c}) batch", part="grad")


@pytest.mark.points(2)
@pytest.mark.parametrize("kind", ["mixed", "confident"])
def test_stays_finite_for_large_logits(student: Student, rng: np.random.Generator, kind: str) -> None:
    """stays finite, warning-free and correct for logits of ±1e4"""
    if kind == "mixed":
        logits = rng.uniform(-1e4, 1e4, (6, 5))
        logits[0] = [1e4, -1e4, 1e4, -1e4, 0.0]
        logits[1] = [-1e4, -1e4, -1e4, -1e4, -1e4]
        labels = np.array([1, 3, 0, 4, 2, 2])
        what = "a batch with logits of ±1e4"
    else:
        logits, labels = np.array([[1e4, -1e4], [-1e4, 1e4]]), np.array([0, 1])
        what = "a batch of confident correct predictions (±1e4)"
    check_batch(student, logits, labels, what, hint_loss=STABLE, hint_grad=STABLE)


@pytest.mark.points(1)
def test_is_unchanged_by_shifting_a_row(student: Student, rng: np.random.Generator) -> None:
    """does not change when a constant is added to every logit of a row"""
    logits = rng.standard_normal((4, 6))
    labels = rng.integers(0, 6, 4)
    base = tuple_of(student(logits, labels), 2, "softmax_cross_entropy")
    shifted = tuple_of(
        student(logits + np.array([[800.0], [-800.0], [3000.0], [0.5]]), labels), 2, "softmax_cross_entropy"
    )
    close(
        scalar(shifted[0], "loss"),
        scalar(base[0], "loss"),
        "the loss after shifting each row by a constant",
        hint="softmax is shift-invariant: subtract the row maximum before exp so large logits do not overflow",
    )
    close(
        array(shifted[1], "dlogits", shape=(4, 6)),
        array(base[1], "dlogits", shape=(4, 6)),
        "dlogits after shifting each row by a constant",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize(
    ("labels", "why"),
    [
        ([0, 4, 1], "a label equals C = 4"),
        ([0, -1, 1], "a label is -1"),
        ([7, 0, 1], "a label is 7 with 4 classes"),
        ([0, 1, -4], "a label is -4 (numpy indexing would wrap it around to class 0)"),
    ],
    ids=["label=C", "label=-1", "label>C", "label=-C"],
)
def test_rejects_labels_out_of_range(student: Student, rng: np.random.Generator, labels: list[int], why: str) -> None:
    """raises ValueError for labels out of range, negative ones included"""
    student.raises_value_error(rng.standard_normal((3, 4)), np.array(labels), why=why)


@pytest.mark.points(1)
@pytest.mark.parametrize("count", [2, 4], ids=lambda k: f"{k}-labels-for-3-rows")
def test_rejects_a_batch_size_mismatch(student: Student, rng: np.random.Generator, count: int) -> None:
    """raises ValueError when the number of labels differs from the batch size"""
    student.raises_value_error(
        rng.standard_normal((3, 4)), np.arange(count), why=f"there are {count} labels for 3 rows"
    )


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_inputs(student: Student, rng: np.random.Generator) -> None:
    """accepts logits as a list and leaves read-only inputs untouched"""
    logits = rng.standard_normal((5, 3))
    labels = rng.integers(0, 3, 5)
    result = tuple_of(student(logits, labels, readonly=True), 2, "softmax_cross_entropy")
    loss, grad = torch_ce(logits, labels)
    close(scalar(result[0], "loss"), loss, "the loss of read-only inputs")
    close(
        array(result[1], "dlogits", shape=(5, 3)),
        grad,
        "dlogits of read-only inputs",
        hint="build the gradient in a new array (np.exp(...) or a copy), never in logits itself",
    )
    result = tuple_of(student(logits.tolist(), labels), 2, "softmax_cross_entropy")
    hint = "convert the logits with np.asarray first"
    close(scalar(result[0], "loss from a list of logits"), loss, "the loss from a list of logits", hint=hint)
    close(array(result[1], "dlogits", shape=(5, 3)), grad, "dlogits from a list of logits", hint=hint)
