"""Hidden suite of m1_2_classical_ml (Section 1.2, Classical ML Refresher).

Oracles besides the reference: PyTorch (losses, autograd, and torch.optim driven step for step with the
same gradients), the optimality condition ∇J(w) = 0 for ridge regression, and np.vander.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, equal, fail, scalar, tuple_of
from autograder.suites.student import Student


def rng(seed: int) -> np.random.Generator:
    """Seeded inputs: the same submission always sees the same data."""
    return np.random.default_rng(2_000 + seed)


# --- LEARNING_PARADIGMS ----------------------------------------------------------------------------
PARADIGMS = ("supervised", "unsupervised", "self-supervised")
SCENARIOS = (
    "spam_filter",
    "customer_segments",
    "llm_pretraining",
    "house_prices",
    "masked_words",
    "fraud_density",
    "tumour_scans",
    "image_inpainting",
    "embedding_pca",
)


def paradigm_test(key: str):
    def run(student: Student, ref: ModuleType) -> None:
        value = student()
        if not isinstance(value, dict):
            fail(
                "LEARNING_PARADIGMS should be a dict from scenario keys to paradigm names. "
                "Hint: keep the dictionary of the answer cell and fill in its values."
            )
        if key not in value:
            fail(f"LEARNING_PARADIGMS has no entry for the scenario {key!r}. Hint: keep every key of the template.")
        answer = value[key]
        if answer is None:
            fail(
                f"the scenario {key!r} has no answer yet (its value is None). Hint: replace None with "
                "'supervised', 'unsupervised' or 'self-supervised'."
            )
        if answer not in PARADIGMS:
            fail(
                f"the answer for {key!r} is not one of 'supervised', 'unsupervised' or 'self-supervised'. "
                "Hint: use exactly one of those strings (lower case, with the hyphen)."
            )
        if answer != ref.LEARNING_PARADIGMS[key]:
            fail(
                f"the scenario {key!r} is not classified correctly. Hint: ask who produces the training "
                "target: people or records (supervised), the data itself by hiding a part of it "
                "(self-supervised), or nobody, because there is only structure to find (unsupervised)."
            )

    return run


@pytest.mark.grades("LEARNING_PARADIGMS")
@pytest.mark.points(len(SCENARIOS))
@pytest.mark.parametrize("key", SCENARIOS)
def test_paradigm(student: Student, ref: ModuleType, key: str) -> None:
    """classifies the scenario"""
    paradigm_test(key)(student, ref)


# --- mse_loss --------------------------------------------------------------------------------------
@pytest.mark.grades("mse_loss")
@pytest.mark.points(2)
def test_mse_random(student: Student, ref: ModuleType) -> None:
    """matches the mean squared error (reference and PyTorch) for several shapes"""
    import torch

    r = rng(1)
    for shape in ((1,), (7,), (5, 3), (2, 3, 4)):
        a, b = r.standard_normal(shape), r.standard_normal(shape)
        got = scalar(student(a, b), f"mse_loss of two arrays of shape {shape}")
        expected = torch.nn.functional.mse_loss(torch.tensor(a), torch.tensor(b)).item()
        close(
            got,
            ref.mse_loss(a, b),
            f"mse_loss of arrays of shape {shape}",
            hint="square every error and average over ALL elements (np.mean, not np.sum or a mean over one axis)",
        )
        close(got, expected, f"mse_loss of arrays of shape {shape} (against torch.nn.functional.mse_loss)")


@pytest.mark.grades("mse_loss")
@pytest.mark.points(1)
def test_mse_lists(student: Student, ref: ModuleType) -> None:
    """accepts lists, returns a float, and is zero for a perfect prediction"""
    close(
        scalar(student([1.0, 2.0, 4.0], [1.0, 0.0, 1.0]), "mse_loss"),
        13.0 / 3.0,
        "mse_loss([1, 2, 4], [1, 0, 1])",
        hint="convert with np.asarray, then mean((y_pred - y_true) ** 2)",
    )
    x = rng(2).standard_normal(6)
    close(scalar(student(x, x.copy()), "mse_loss"), 0.0, "mse_loss of a perfect prediction")


@pytest.mark.grades("mse_loss")
@pytest.mark.points(2)
def test_mse_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError when the shapes differ (no broadcasting)"""
    student.raises_value_error(np.ones(4), np.ones((4, 1)), why="the shapes are (4,) and (4, 1)")
    student.raises_value_error(np.ones(3), np.ones(5), why="the lengths are 3 and 5")
    student.raises_value_error(np.ones((2, 3)), np.ones((3, 2)), why="the shapes are (2, 3) and (3, 2)")


@pytest.mark.grades("mse_loss")
@pytest.mark.points(1)
def test_mse_readonly(student: Student, ref: ModuleType) -> None:
    """leaves read-only inputs untouched"""
    a, b = rng(3).standard_normal((2, 4, 2))
    close(scalar(student(a, b, readonly=True), "mse_loss"), np.mean((a - b) ** 2), "mse_loss of read-only inputs")


# --- mse_grad --------------------------------------------------------------------------------------
def torch_mse_grad(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    import torch

    pred = torch.tensor(a, requires_grad=True)
    torch.nn.functional.mse_loss(pred, torch.tensor(b)).backward()
    return pred.grad.numpy()


@pytest.mark.grades("mse_grad")
@pytest.mark.points(2)
def test_mse_grad_vector(student: Student, ref: ModuleType) -> None:
    """matches PyTorch autograd of the mean squared error on vectors"""
    r = rng(4)
    for n in (1, 4, 25):
        a, b = r.standard_normal(n), r.standard_normal(n)
        got = array(student(a, b), f"mse_grad of length-{n} vectors", shape=(n,))
        close(
            got,
            ref.mse_grad(a, b),
            f"mse_grad of length-{n} vectors",
            hint="2 * (y_pred - y_true) / N: keep the factor 2 and the sign (prediction minus target)",
        )
        close(got, torch_mse_grad(a, b), f"mse_grad of length-{n} vectors (against torch autograd)")


@pytest.mark.grades("mse_grad")
@pytest.mark.points(2)
def test_mse_grad_shapes(student: Student, ref: ModuleType) -> None:
    """divides by the total number of elements for 2-D and 3-D arrays"""
    r = rng(5)
    for shape in ((6, 3), (2, 3, 4)):
        a, b = r.standard_normal(shape), r.standard_normal(shape)
        got = array(
            student(a, b),
            f"mse_grad of arrays of shape {shape}",
            shape=shape,
            hint="return an array shaped like y_pred",
        )
        close(
            got,
            torch_mse_grad(a, b),
            f"mse_grad of arrays of shape {shape} (against torch autograd)",
            hint="N is the number of ELEMENTS (y_pred.size), not the number of rows",
        )


@pytest.mark.grades("mse_grad")
@pytest.mark.points(1)
def test_mse_grad_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    a, b = rng(6).standard_normal((2, 3, 3))
    got = array(student(a, b, readonly=True), "mse_grad of read-only inputs", shape=(3, 3))
    close(got, 2.0 * (a - b) / 9.0, "mse_grad of read-only (3, 3) inputs")
    got = array(student(a.tolist(), b.tolist()), "mse_grad of nested lists", shape=(3, 3))
    close(got, 2.0 * (a - b) / 9.0, "mse_grad of nested lists", hint="convert the inputs with np.asarray first")


# --- softmax_cross_entropy -------------------------------------------------------------------------
def torch_ce(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    import torch

    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(z, torch.tensor(labels, dtype=torch.int64))
    loss.backward()
    return loss.item(), z.grad.numpy()


def ce_case(
    student: Student,
    logits: np.ndarray,
    labels: np.ndarray,
    what: str,
    part: str = "both",
    hint_loss: str = "",
    hint_grad: str = "",
) -> None:
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


@pytest.mark.grades("softmax_cross_entropy")
@pytest.mark.points(3)
def test_ce_loss_random(student: Student, ref: ModuleType) -> None:
    """the loss matches torch.nn.functional.cross_entropy on random batches"""
    r = rng(7)
    for n, c in ((1, 2), (4, 3), (16, 10), (50, 7)):
        logits = 3.0 * r.standard_normal((n, c))
        labels = r.integers(0, c, n)
        ce_case(student, logits, labels, f"a random ({n},{c}) batch", part="loss")
        close(
            scalar(student(logits, labels)[0], "loss"),
            ref.softmax_cross_entropy(logits, labels)[0],
            f"the loss of a random ({n},{c}) batch",
        )


@pytest.mark.grades("softmax_cross_entropy")
@pytest.mark.points(3)
def test_ce_grad_random(student: Student, ref: ModuleType) -> None:
    """dlogits matches PyTorch autograd on random batches"""
    r = rng(8)
    for n, c in ((1, 2), (5, 4), (20, 10)):
        logits = 2.0 * r.standard_normal((n, c))
        labels = r.integers(0, c, n)
        ce_case(student, logits, labels, f"a random ({n},{c}) batch", part="grad")


@pytest.mark.grades("softmax_cross_entropy")
@pytest.mark.points(2)
def test_ce_large_logits(student: Student, ref: ModuleType) -> None:
    """stays finite, warning-free and correct for logits of ±1e4"""
    r = rng(9)
    logits = r.uniform(-1e4, 1e4, (6, 5))
    logits[0] = [1e4, -1e4, 1e4, -1e4, 0.0]
    logits[1] = [-1e4, -1e4, -1e4, -1e4, -1e4]
    labels = np.array([1, 3, 0, 4, 2, 2])
    hint = "subtract each row's maximum before exp and use log-sum-exp instead of log(softmax)"
    ce_case(student, logits, labels, "a batch with logits of ±1e4", hint_loss=hint, hint_grad=hint)
    ce_case(
        student,
        np.array([[1e4, -1e4], [-1e4, 1e4]]),
        np.array([0, 1]),
        "a batch of confident correct predictions (±1e4)",
        hint_loss=hint,
        hint_grad=hint,
    )


@pytest.mark.grades("softmax_cross_entropy")
@pytest.mark.points(1)
def test_ce_shift(student: Student, ref: ModuleType) -> None:
    """does not change when a constant is added to every logit of a row"""
    r = rng(10)
    logits = r.standard_normal((4, 6))
    labels = r.integers(0, 6, 4)
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


@pytest.mark.grades("softmax_cross_entropy")
@pytest.mark.points(1)
def test_ce_label_range(student: Student, ref: ModuleType) -> None:
    """raises ValueError for labels out of range, negative ones included"""
    logits = rng(11).standard_normal((3, 4))
    student.raises_value_error(logits, np.array([0, 4, 1]), why="a label equals C = 4")
    student.raises_value_error(logits, np.array([0, -1, 1]), why="a label is -1")
    student.raises_value_error(logits, np.array([7, 0, 1]), why="a label is 7 with 4 classes")


@pytest.mark.grades("softmax_cross_entropy")
@pytest.mark.points(1)
def test_ce_batch_mismatch(student: Student, ref: ModuleType) -> None:
    """raises ValueError when the number of labels differs from the batch size"""
    logits = rng(12).standard_normal((3, 4))
    student.raises_value_error(logits, np.array([0, 1]), why="there are 2 labels for 3 rows")
    student.raises_value_error(logits, np.array([0, 1, 2, 3]), why="there are 4 labels for 3 rows")


@pytest.mark.grades("softmax_cross_entropy")
@pytest.mark.points(1)
def test_ce_readonly(student: Student, ref: ModuleType) -> None:
    """accepts logits as a list and leaves read-only inputs untouched"""
    r = rng(13)
    logits = r.standard_normal((5, 3))
    labels = r.integers(0, 3, 5)
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


# --- optimizers: PyTorch driven by the same gradients ----------------------------------------------
def gradient_sequence(r: np.random.Generator, shape: tuple[int, ...], steps: int) -> np.ndarray:
    """Noisy gradients whose scale differs per coordinate (1e-3 to 1e2) and that change sign over time."""
    scale = 10.0 ** r.uniform(-3, 2, shape)
    drift = r.standard_normal(shape)
    t = np.arange(steps).reshape((steps,) + (1,) * len(shape))
    return scale * (drift * np.cos(t / 15.0) + 0.7 * r.standard_normal((steps, *shape)))


def torch_trajectory(kind: str, w0: np.ndarray, grads: np.ndarray, **hyper: float) -> list[dict[str, np.ndarray]]:
    """Parameters and optimizer state after every step of torch.optim.<kind> fed with ``grads``."""
    import torch

    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = {"sgd": torch.optim.SGD, "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam}[kind]([p], **hyper)
    states = []
    for g in grads:
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        state = opt.state[p]
        snap = {"w": p.detach().numpy().copy()}
        for key in ("square_avg", "exp_avg", "exp_avg_sq"):
            if key in state:
                snap[key] = state[key].numpy().copy()
        states.append(snap)
    return states


OPTIMIZER_DRIVER = """
def driver(step, kind, w0, grads, kwargs):
    # Runs in the sandbox: feed each gradient to the step function, pass its state back in, record each output.
    size = {"sgd": 1, "rmsprop": 2, "adam": 3}[kind]
    w, first, second = w0.copy(), np.zeros(w0.shape), np.zeros(w0.shape)
    outputs = []
    for t, g in enumerate(grads, start=1):
        if kind == "sgd":
            out = (step(w.copy(), g.copy(), kwargs["lr"]),)
        elif kind == "rmsprop":
            out = step(w.copy(), g.copy(), first.copy(), **kwargs)
        else:
            out = step(w.copy(), g.copy(), first.copy(), second.copy(), t, **kwargs)
        well_formed = isinstance(out, tuple) and len(out) == size and all(
            type(p) is np.ndarray and p.shape == w0.shape for p in out)
        outputs.append(tuple(p.copy() for p in out) if well_formed else (out[0] if kind == "sgd" else out))
        if not well_formed:
            break
        w = out[0]
        first = out[1] if size > 1 else first
        second = out[2] if size > 2 else second
    return outputs
"""


def drive(
    student: Student,
    kind: str,
    w0: np.ndarray,
    grads: np.ndarray,
    kwargs: dict[str, float],
    torch_hyper: dict[str, float],
    what: str,
    hint: str,
) -> None:
    """Run the student's step function once per gradient, feeding back its state, and compare with torch.

    The loop runs inside the sandbox (one round trip for the whole run); every step is checked here."""
    expected = torch_trajectory(kind, w0, grads, **torch_hyper)
    outputs = student.scan(OPTIMIZER_DRIVER, kind, w0, grads, kwargs)
    if not isinstance(outputs, list) or not outputs:
        fail(f"{what}: the step function's outputs could not be read back (return numpy arrays).")
    shape = w0.shape
    for t, (out, exp) in enumerate(zip(outputs, expected), start=1):
        label = f"{what}, step {t}"
        if kind == "sgd":
            w = array(out[0] if isinstance(out, tuple) else out, f"sgd_step ({label})", shape=shape)
            close(w, exp["w"], f"w after {label} (against torch.optim.SGD)", hint=hint)
        elif kind == "rmsprop":
            out = tuple_of(out, 2, "rmsprop_step")
            w = array(out[0], f"w ({label})", shape=shape)
            first = array(out[1], f"cache ({label})", shape=shape)
            close(
                first,
                exp["square_avg"],
                f"the cache after {label} (against torch's square_avg)",
                hint="cache' = decay * cache + (1 - decay) * grad**2",
            )
            close(w, exp["w"], f"w after {label} (against torch.optim.RMSprop)", hint=hint)
        else:
            out = tuple_of(out, 3, "adam_step")
            w = array(out[0], f"w ({label})", shape=shape)
            first = array(out[1], f"m ({label})", shape=shape)
            second = array(out[2], f"v ({label})", shape=shape)
            close(
                first,
                exp["exp_avg"],
                f"m after {label} (against torch's exp_avg)",
                hint="m' = beta1 * m + (1 - beta1) * grad (store the uncorrected average)",
            )
            close(
                second,
                exp["exp_avg_sq"],
                f"v after {label} (against torch's exp_avg_sq)",
                hint="v' = beta2 * v + (1 - beta2) * grad**2 (store the uncorrected average)",
            )
            close(w, exp["w"], f"w after {label} (against torch.optim.Adam)", hint=hint)
    if len(outputs) < len(expected):
        fail(f"{what}: the run stopped after step {len(outputs)}.")


# --- sgd_step --------------------------------------------------------------------------------------
@pytest.mark.grades("sgd_step")
@pytest.mark.points(2)
def test_sgd_single(student: Student, ref: ModuleType) -> None:
    """computes w - lr * grad for several shapes and learning rates"""
    r = rng(14)
    for shape, lr in (((1,), 0.1), ((6,), 0.01), ((3, 4), 1.5), ((2, 2, 3), 1e-3)):
        w, g = r.standard_normal(shape), r.standard_normal(shape)
        got = array(student(w, g, lr), f"sgd_step on shape {shape}", shape=shape, hint="return an array shaped like w")
        close(
            got,
            w - lr * g,
            f"sgd_step on shape {shape} with lr={lr}",
            hint="step against the gradient, scaled by lr: w - lr * grad",
        )
        close(got, ref.sgd_step(w, g, lr), f"sgd_step on shape {shape} with lr={lr}")


@pytest.mark.grades("sgd_step")
@pytest.mark.points(2)
def test_sgd_torch(student: Student, ref: ModuleType) -> None:
    """matches torch.optim.SGD step for step over 120 steps"""
    r = rng(15)
    for shape, lr in (((4,), 0.05), ((2, 3), 0.3)):
        drive(
            student,
            "sgd",
            r.standard_normal(shape),
            gradient_sequence(r, shape, 120) / 50.0,
            {"lr": lr},
            {"lr": lr},
            f"SGD with lr={lr} on shape {shape}",
            hint="w - lr * grad, using the lr argument",
        )


@pytest.mark.grades("sgd_step")
@pytest.mark.points(1)
def test_sgd_readonly(student: Student, ref: ModuleType) -> None:
    """returns a new array, accepts lists and leaves read-only inputs untouched"""
    w, g = rng(16).standard_normal((2, 5))
    got = array(student(w, g, 0.2, readonly=True), "sgd_step of read-only inputs", shape=(5,))
    close(got, w - 0.2 * g, "sgd_step of read-only inputs", hint="return w - lr * grad as a new array; never w -= ...")
    got = array(student(w.tolist(), g.tolist(), 0.2), "sgd_step of lists", shape=(5,))
    close(got, w - 0.2 * g, "sgd_step of lists", hint="convert the inputs with np.asarray first")


# --- rmsprop_step ----------------------------------------------------------------------------------
@pytest.mark.grades("rmsprop_step")
@pytest.mark.points(2)
def test_rmsprop_single(student: Student, ref: ModuleType) -> None:
    """one step from a given cache matches the formula"""
    r = rng(17)
    for shape in ((3,), (2, 4)):
        w, g = r.standard_normal(shape), r.standard_normal(shape)
        cache = r.uniform(0.0, 2.0, shape)
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


@pytest.mark.grades("rmsprop_step")
@pytest.mark.points(3)
def test_rmsprop_torch_defaults(student: Student, ref: ModuleType) -> None:
    """matches torch.optim.RMSprop with the default settings over 150 steps"""
    r = rng(18)
    drive(
        student,
        "rmsprop",
        r.standard_normal(5),
        gradient_sequence(r, (5,), 150),
        {},
        {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
        "RMSprop with the default settings",
        hint="the defaults are lr=0.01, decay=0.99, eps=1e-8; divide by sqrt(new cache) + eps",
    )


@pytest.mark.grades("rmsprop_step")
@pytest.mark.points(3)
def test_rmsprop_torch_varied(student: Student, ref: ModuleType) -> None:
    """matches torch.optim.RMSprop over 100+ steps with varied settings and shapes"""
    r = rng(19)
    configs = (
        ((1,), 0.1, 0.9, 1e-8),
        ((3, 4), 0.003, 0.95, 1e-3),
        ((2, 3, 2), 0.02, 0.5, 0.5),
        ((7,), 0.05, 0.999, 1e-6),
    )
    for shape, lr, decay, eps in configs:
        grads = gradient_sequence(r, shape, 110)
        drive(
            student,
            "rmsprop",
            r.standard_normal(shape),
            grads,
            {"lr": lr, "decay": decay, "eps": eps},
            {"lr": lr, "alpha": decay, "eps": eps},
            f"RMSprop with lr={lr}, decay={decay}, eps={eps}, shape {shape}",
            hint="use every argument (lr, decay, eps); eps is added after the square root",
        )


@pytest.mark.grades("rmsprop_step")
@pytest.mark.points(1)
def test_rmsprop_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    r = rng(20)
    w, g = r.standard_normal((2, 4))
    cache = r.uniform(0.1, 1.0, 4)
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


# --- adam_step -------------------------------------------------------------------------------------
@pytest.mark.grades("adam_step")
@pytest.mark.points(2)
def test_adam_single(student: Student, ref: ModuleType) -> None:
    """one step from given moments at several step numbers t matches the formula"""
    r = rng(21)
    for shape, t in (((3,), 1), ((4,), 2), ((2, 3), 10), ((5,), 1000)):
        w, g = r.standard_normal(shape), r.standard_normal(shape)
        m, v = 0.1 * r.standard_normal(shape), r.uniform(0.0, 0.5, shape)
        out = tuple_of(student(w, g, m, v, t, lr=0.01), 3, "adam_step")
        expected = ref.adam_step(w, g, m, v, t, lr=0.01)
        close(
            array(out[1], "m", shape=shape), expected[1], f"m at step t={t}", hint="m' = beta1 * m + (1 - beta1) * grad"
        )
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


@pytest.mark.grades("adam_step")
@pytest.mark.points(3)
def test_adam_torch_defaults(student: Student, ref: ModuleType) -> None:
    """matches torch.optim.Adam with the default settings over 200 steps"""
    r = rng(22)
    drive(
        student,
        "adam",
        r.standard_normal(6),
        gradient_sequence(r, (6,), 200),
        {},
        {"lr": 0.001, "betas": (0.9, 0.999), "eps": 1e-8},
        "Adam with the default settings",
        hint="bias-correct both moments with 1 - beta**t, t counted from 1; eps after the square root of v_hat",
    )


@pytest.mark.grades("adam_step")
@pytest.mark.points(3)
def test_adam_torch_varied(student: Student, ref: ModuleType) -> None:
    """matches torch.optim.Adam over 100+ steps with varied settings and shapes"""
    r = rng(23)
    configs = (
        ((1,), 0.1, 0.9, 0.999, 1e-8),
        ((3, 4), 0.01, 0.8, 0.99, 0.1),
        ((2, 3, 2), 0.003, 0.5, 0.9, 1e-3),
        ((7,), 0.05, 0.95, 0.9999, 1e-6),
    )
    for shape, lr, b1, b2, eps in configs:
        grads = gradient_sequence(r, shape, 120)
        drive(
            student,
            "adam",
            r.standard_normal(shape),
            grads,
            {"lr": lr, "beta1": b1, "beta2": b2, "eps": eps},
            {"lr": lr, "betas": (b1, b2), "eps": eps},
            f"Adam with lr={lr}, beta1={b1}, beta2={b2}, eps={eps}, shape {shape}",
            hint="use every argument; add eps to sqrt(v_hat), the bias-CORRECTED second moment",
        )


@pytest.mark.grades("adam_step")
@pytest.mark.points(2)
def test_adam_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError for t < 1"""
    z = np.zeros(3)
    student.raises_value_error(z, np.ones(3), z, z, 0, why="t = 0 (steps are counted from 1)")
    student.raises_value_error(z, np.ones(3), z, z, -2, why="t = -2")


@pytest.mark.grades("adam_step")
@pytest.mark.points(1)
def test_adam_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    r = rng(24)
    w, g, m = r.standard_normal((3, 4))
    v = r.uniform(0.1, 1.0, 4)
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


# --- train_linear_model ----------------------------------------------------------------------------
def regression(seed: int, n: int = 200, d: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Well-conditioned data: standard normal features, random weights, Gaussian noise."""
    r = rng(seed)
    X = r.standard_normal((n, d))
    y = X @ r.uniform(-1.5, 1.5, d) + 0.5 * r.standard_normal(n)
    return X, y


def objective(X: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float) -> float:
    return float(np.mean((X @ w - y) ** 2) + lam * np.sum(w**2))


def optimum(X: np.ndarray, y: np.ndarray, lam: float) -> float:
    n, d = X.shape
    return objective(X, y, np.linalg.solve(X.T @ X + n * lam * np.eye(d), X.T @ y), lam)


def train(
    student: Student, X: np.ndarray, y: np.ndarray, steps: int, what: str, **kwargs: object
) -> tuple[np.ndarray, np.ndarray]:
    out = tuple_of(student(X, y, num_steps=steps, **kwargs), 2, "train_linear_model")
    w = array(out[0], f"w of {what}", shape=(X.shape[1],), hint="w has one entry per column of X")
    losses = array(out[1], f"losses of {what}", shape=(steps,), hint="losses has exactly num_steps entries")
    return w, losses


def short_run_test(name: str, lr: float):
    def run(student: Student, ref: ModuleType) -> None:
        X, y = regression(25, n=40, d=3)
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

    return run


@pytest.mark.grades("train_linear_model")
@pytest.mark.points(3)
@pytest.mark.parametrize(
    ("name", "lr"), [("sgd", 0.1), ("rmsprop", 0.01), ("adam", 0.05)], ids=["sgd", "rmsprop", "adam"]
)
def test_short_run(student: Student, ref: ModuleType, name: str, lr: float) -> None:
    """follows the reference path for 30 steps"""
    short_run_test(name, lr)(student, ref)


@pytest.mark.grades("train_linear_model")
@pytest.mark.points(1)
def test_train_records_before_step(student: Student, ref: ModuleType) -> None:
    """records J before each step: losses[k] of a longer run is J of the w after k steps"""
    X, y = regression(26, n=30, d=4)
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


def optimum_test(name: str, lr: float | None, lam: float):
    def run(student: Student, ref: ModuleType) -> None:
        X, y = regression(27 if lam == 0 else 28)
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

    return run


@pytest.mark.grades("train_linear_model")
@pytest.mark.points(4)
@pytest.mark.call_timeout(20)
@pytest.mark.parametrize(
    ("name", "lr", "lam"),
    [("sgd", 0.1, 0.0), ("rmsprop", 0.01, 0.0), ("adam", None, 0.0), ("adam", 0.05, 0.3)],
    ids=["sgd", "rmsprop", "adam-default-lr", "adam-l2"],
)
def test_optimum(student: Student, ref: ModuleType, name: str, lr: float | None, lam: float) -> None:
    """reaches within 1% of the optimum"""
    optimum_test(name, lr, lam)(student, ref)


@pytest.mark.grades("train_linear_model")
@pytest.mark.points(1)
def test_train_l2_reference(student: Student, ref: ModuleType) -> None:
    """follows the reference path with an L2 penalty"""
    X, y = regression(29, n=50, d=4)
    w, losses = train(student, X, y, 40, "40 steps of rmsprop with l2=0.5", optimizer="rmsprop", lr=0.02, l2=0.5)
    ref_w, ref_losses = ref.train_linear_model(X, y, optimizer="rmsprop", lr=0.02, num_steps=40, l2=0.5)
    close(
        losses,
        ref_losses,
        "the losses with l2=0.5",
        hint="add l2 * sum(w**2) to the loss and 2 * l2 * w to the gradient",
    )
    close(w, ref_w, "w after 40 steps with l2=0.5")


@pytest.mark.grades("train_linear_model")
@pytest.mark.points(2)
def test_train_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError for an unknown optimizer, even when num_steps = 0"""
    X, y = regression(30, n=10, d=2)
    student.raises_value_error(X, y, optimizer="momentum", num_steps=5, why="optimizer='momentum'")
    student.raises_value_error(
        X, y, optimizer="lbfgs", num_steps=0, why="optimizer='lbfgs' and num_steps=0 (check the name before the loop)"
    )
    student.raises_value_error(X, y, optimizer="", num_steps=0, why="optimizer=''")


@pytest.mark.grades("train_linear_model")
@pytest.mark.points(1)
def test_train_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists, leaves read-only inputs untouched, and num_steps = 0 returns w = 0 and no losses"""
    X, y = regression(31, n=20, d=3)
    w, _ = train(student, X, y, 5, "5 steps of adam (read-only inputs)", optimizer="adam", lr=0.1)
    w2, _ = tuple_of(student(X, y, optimizer="adam", lr=0.1, num_steps=5, readonly=True), 2, "train_linear_model")
    close(array(w2, "w (read-only inputs)", shape=(3,)), w, "w trained on read-only inputs")
    w3, _ = tuple_of(student(X.tolist(), y.tolist(), optimizer="adam", lr=0.1, num_steps=5), 2, "train_linear_model")
    close(array(w3, "w trained on lists", shape=(3,)), w, "w trained on lists", hint="convert X and y with np.asarray")
    w0, _ = train(student, X, y, 0, "0 steps", optimizer="sgd")
    equal(w0, np.zeros(3), "w after 0 steps", hint="start from w = 0")


# --- l1_penalty and l2_penalty ---------------------------------------------------------------------
def penalty_tests(function: str, oracle, hint: str) -> tuple:
    def random_shapes(student: Student, ref: ModuleType) -> None:
        r = rng(32)
        for shape, lam in (((5,), 0.3), ((4, 3), 1.7), ((2, 3, 2), 0.01)):
            w = r.standard_normal(shape)
            got = scalar(
                student(w, lam),
                f"{function} of an array of shape {shape}",
                hint="sum over every entry so the result is a single float",
            )
            close(got, oracle(w, lam), f"{function} of an array of shape {shape} with lam={lam}", hint=hint)
            close(got, getattr(ref, function)(w, lam), f"{function} of an array of shape {shape}")

    def lam_scaling(student: Student, ref: ModuleType) -> None:
        w = np.array([0.5, -2.0, 0.0, 3.0])
        close(scalar(student(w, 0.0), function), 0.0, f"{function} with lam=0", hint="multiply by lam")
        close(scalar(student(w, 2.5), function), oracle(w, 2.5), f"{function}([0.5, -2, 0, 3], 2.5)", hint=hint)
        close(
            scalar(student([-1.0, -1.0], 1.0), function),
            oracle(np.array([-1.0, -1.0]), 1.0),
            f"{function}([-1, -1], 1) (a list of negative weights)",
            hint=hint,
        )

    def readonly(student: Student, ref: ModuleType) -> None:
        w = rng(33).standard_normal((3, 3))
        close(scalar(student(w, 0.4, readonly=True), function), oracle(w, 0.4), f"{function} of a read-only matrix")

    return random_shapes, lam_scaling, readonly


PENALTIES = {}
PENALTIES["l1_penalty"] = penalty_tests(
    "l1_penalty",
    lambda w, lam: lam * np.sum(np.abs(w)),
    "lam * sum(|w|): take the absolute value of every entry before summing",
)
PENALTIES["l2_penalty"] = penalty_tests(
    "l2_penalty",
    lambda w, lam: lam * np.sum(w**2),
    "lam * sum(w**2): the squared entries, without a square root and without a factor 1/2",
)
BOTH_PENALTIES = [pytest.param(f, marks=pytest.mark.grades(f), id=f) for f in PENALTIES]


@pytest.mark.points(2)
@pytest.mark.parametrize("function", BOTH_PENALTIES)
def test_penalty_random_shapes(student: Student, ref: ModuleType, function: str) -> None:
    """matches the definition for several shapes, summing over every entry"""
    PENALTIES[function][0](student, ref)


@pytest.mark.points(1)
@pytest.mark.parametrize("function", BOTH_PENALTIES)
def test_penalty_lam_scaling(student: Student, ref: ModuleType, function: str) -> None:
    """scales with lam and handles negative weights"""
    PENALTIES[function][1](student, ref)


@pytest.mark.points(1)
@pytest.mark.parametrize("function", BOTH_PENALTIES)
def test_penalty_readonly(student: Student, ref: ModuleType, function: str) -> None:
    """leaves a read-only input untouched"""
    PENALTIES[function][2](student, ref)


# --- ridge_closed_form -----------------------------------------------------------------------------
def ridge_data(r: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    X = r.standard_normal((n, d)) + 0.3
    y = X @ r.standard_normal(d) + 0.4 * r.standard_normal(n)
    return X, y


def check_optimal(X: np.ndarray, y: np.ndarray, lam: float, w: np.ndarray, what: str) -> None:
    n = X.shape[0]
    gradient = 2.0 * X.T @ (X @ w - y) / n + 2.0 * lam * w
    scale = float(np.max(np.abs(2.0 * X.T @ y / n))) + 1.0
    close(
        gradient,
        np.zeros_like(gradient),
        f"the gradient of J at your solution ({what})",
        atol=1e-9 * scale,
        hint="at the minimiser (2/n) Xᵀ(Xw - y) + 2 lam w = 0, i.e. (XᵀX + n lam I) w = Xᵀy: the identity is "
        "multiplied by n * lam because the data term is a mean",
    )


@pytest.mark.grades("ridge_closed_form")
@pytest.mark.points(3)
def test_ridge_optimality(student: Student, ref: ModuleType) -> None:
    """satisfies the optimality condition ∇J(w) = 0 on random data"""
    r = rng(34)
    for n, d, lam in ((50, 3, 0.1), (200, 8, 0.01), (30, 5, 1.0), (12, 2, 3.0)):
        X, y = ridge_data(r, n, d)
        w = array(
            student(X, y, lam), f"ridge_closed_form on ({n},{d}) data", shape=(d,), hint="one weight per column of X"
        )
        check_optimal(X, y, lam, w, f"({n},{d}) data, lam={lam}")


@pytest.mark.grades("ridge_closed_form")
@pytest.mark.points(2)
def test_ridge_reference(student: Student, ref: ModuleType) -> None:
    """agrees with the reference solution"""
    r = rng(35)
    for n, d, lam in ((40, 4, 0.05), (100, 6, 0.5)):
        X, y = ridge_data(r, n, d)
        close(
            array(student(X, y, lam), "ridge_closed_form", shape=(d,)),
            ref.ridge_closed_form(X, y, lam),
            f"ridge_closed_form on ({n},{d}) data with lam={lam}",
            hint="solve (XᵀX + n lam I) w = Xᵀy with np.linalg.solve",
        )


@pytest.mark.grades("ridge_closed_form")
@pytest.mark.points(1)
def test_ridge_least_squares(student: Student, ref: ModuleType) -> None:
    """with lam = 0 and n > d gives the least-squares solution"""
    X, y = ridge_data(rng(36), 60, 4)
    close(
        array(student(X, y, 0.0), "ridge_closed_form with lam=0", shape=(4,)),
        np.linalg.lstsq(X, y, rcond=None)[0],
        "ridge_closed_form with lam=0 (against np.linalg.lstsq)",
        hint="with lam = 0 the system is the normal equations XᵀX w = Xᵀy",
    )


@pytest.mark.grades("ridge_closed_form")
@pytest.mark.points(1)
def test_ridge_wide(student: Student, ref: ModuleType) -> None:
    """works with more features than samples when lam > 0"""
    X, y = ridge_data(rng(37), 6, 10)
    w = array(student(X, y, 0.2), "ridge_closed_form on (6,10) data", shape=(10,))
    check_optimal(X, y, 0.2, w, "(6,10) data, lam=0.2")


@pytest.mark.grades("ridge_closed_form")
@pytest.mark.points(1)
def test_ridge_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    X, y = ridge_data(rng(38), 25, 3)
    w = array(student(X, y, 0.3, readonly=True), "ridge_closed_form of read-only inputs", shape=(3,))
    check_optimal(X, y, 0.3, w, "read-only inputs, lam=0.3")
    w = array(student(X.tolist(), y.tolist(), 0.3), "ridge_closed_form of lists", shape=(3,))
    check_optimal(X, y, 0.3, w, "lists, lam=0.3")


# --- polynomial_features ---------------------------------------------------------------------------
@pytest.mark.grades("polynomial_features")
@pytest.mark.points(2)
def test_poly_random(student: Student, ref: ModuleType) -> None:
    """matches the increasing Vandermonde matrix for several degrees"""
    r = rng(39)
    for n, degree in ((5, 1), (10, 3), (7, 6)):
        x = r.uniform(-2, 2, n)
        got = array(
            student(x, degree),
            f"polynomial_features of {n} points, degree {degree}",
            shape=(n, degree + 1),
            hint="degree + 1 columns: x**0 up to x**degree",
        )
        close(
            got,
            np.vander(x, degree + 1, increasing=True),
            f"polynomial_features of {n} points, degree {degree}",
            hint="column k is x**k, in increasing order, starting with the column of ones",
        )
        close(got, ref.polynomial_features(x, degree), f"polynomial_features of {n} points, degree {degree}")


@pytest.mark.grades("polynomial_features")
@pytest.mark.points(1)
def test_poly_degree_zero(student: Student, ref: ModuleType) -> None:
    """degree 0 is a single column of ones"""
    x = rng(40).standard_normal(4)
    close(
        array(
            student(x, 0),
            "polynomial_features of degree 0",
            shape=(4, 1),
            hint="degree 0 still has one column, x**0 = 1",
        ),
        np.ones((4, 1)),
        "polynomial_features of degree 0",
    )


@pytest.mark.grades("polynomial_features")
@pytest.mark.points(1)
def test_poly_zeros_negatives(student: Student, ref: ModuleType) -> None:
    """handles zeros and negative inputs (0**0 = 1, odd powers keep the sign)"""
    x = np.array([0.0, -1.5, 2.0, -0.5])
    close(
        array(student(x, 4), "polynomial_features", shape=(4, 5)),
        np.vander(x, 5, increasing=True),
        "polynomial_features([0, -1.5, 2, -0.5], 4)",
        hint="use x**k (0**0 is 1); do not take abs or logs",
    )


@pytest.mark.grades("polynomial_features")
@pytest.mark.points(1)
def test_poly_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    close(
        array(student([1.0, 2.0, 3.0], 2), "polynomial_features of a list", shape=(3, 3)),
        [[1.0, 1.0, 1.0], [1.0, 2.0, 4.0], [1.0, 3.0, 9.0]],
        "polynomial_features([1, 2, 3], 2)",
    )
    x = rng(41).uniform(-1, 1, 6)
    close(
        array(student(x, 3, readonly=True), "polynomial_features of a read-only x", shape=(6, 4)),
        np.vander(x, 4, increasing=True),
        "polynomial_features of a read-only x",
    )
