"""The optimizers' oracle: the student's step function, run in the sandbox over a sequence of gradients
while feeding back its own state, compared step for step with torch.optim driven by the same gradients.
Used by the hidden tests of sgd_step, rmsprop_step and adam_step (not a test module)."""

from __future__ import annotations

import numpy as np

from autograder.suites.checks import array, close, fail, tuple_of
from autograder.suites.student import Student


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
