"""Hidden tests of lstm_step (one LSTM step, gates i, f, g, o), against torch.nn.LSTMCell and the reference."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, fail, tuple_of
from autograder.suites.m1_4_architectures.data import check_lstm_step, ignores, lstm_weights, same_output
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("lstm_step")

SIZES = [(1, 1, 1), (3, 4, 5), (2, 6, 3), (5, 3, 8)]  # N, D, H
by_sizes = pytest.mark.parametrize(("N", "D", "H"), SIZES, ids=[f"N={N},D={D},H={H}" for N, D, H in SIZES])


def step_inputs(rng: np.random.Generator, N: int, D: int, H: int) -> tuple[np.ndarray, ...]:
    """Random (x_t, h_prev, c_prev, Wx, Wh, b), with a cell state larger than the hidden state."""
    Wx, Wh, b = lstm_weights(rng, D, H)
    return rng.standard_normal((N, D)), rng.standard_normal((N, H)), 2.0 * rng.standard_normal((N, H)), Wx, Wh, b


@pytest.mark.points(2)
@by_sizes
def test_cell_state_matches_torch(
    student: Student, ref: ModuleType, rng: np.random.Generator, N: int, D: int, H: int
) -> None:
    """the new cell state c matches torch.nn.LSTMCell with mapped weights"""
    check_lstm_step(
        student,
        ref,
        *step_inputs(rng, N, D, H),
        f"lstm_step with N={N}, D={D}, H={H}",
        parts="c",
        hint="z = x_t @ Wx + h_prev @ Wh + b split into i, f, g, o (in that order); c = σ(f)·c_prev + σ(i)·tanh(g)",
    )


@pytest.mark.points(2)
@by_sizes
def test_hidden_state_matches_torch(
    student: Student, ref: ModuleType, rng: np.random.Generator, N: int, D: int, H: int
) -> None:
    """the new hidden state h matches torch.nn.LSTMCell with mapped weights"""
    check_lstm_step(
        student,
        ref,
        *step_inputs(rng, N, D, H),
        f"lstm_step with N={N}, D={D}, H={H}",
        parts="h",
        hint="h = σ(o)·tanh(c) with o the last block of z and c the NEW cell state",
    )


@pytest.mark.points(2)
def test_reads_the_gates_in_order(student: Student, ref: ModuleType) -> None:
    """reads the gates in the order i, f, g, o (biases only)"""
    N, D, H = 2, 2, 3
    b = np.concatenate([[2.0, -1.0, 0.5], [-2.0, 1.5, 0.0], [1.0, -0.5, 2.0], [0.3, -3.0, 1.0]])
    c = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    check_lstm_step(
        student,
        ref,
        np.zeros((N, D)),
        np.zeros((N, H)),
        c,
        np.zeros((D, 4 * H)),
        np.zeros((H, 4 * H)),
        b,
        "lstm_step with zero weights and distinct gate biases",
        hint="columns [0:H] are i, [H:2H] f, [2H:3H] g and [3H:4H] o; g goes through tanh, the others σ",
    )


@pytest.mark.points(3)
@pytest.mark.parametrize("large", ["inputs", "biases"])
def test_stays_finite_for_huge_pre_activations(
    student: Student, ref: ModuleType, rng: np.random.Generator, large: str
) -> None:
    """stays finite and warning-free when pre-activations reach ±1e4"""
    N, D, H = 3, 4, 3
    c = rng.standard_normal((N, H))
    if large == "inputs":
        Wx, Wh, b = lstm_weights(rng, D, H)
        x_t = 1e4 * np.sign(rng.standard_normal((N, D))) / D
        check_lstm_step(
            student,
            ref,
            x_t,
            rng.standard_normal((N, H)),
            c,
            np.sign(Wx),
            Wh,
            b,
            "lstm_step with pre-activations near ±1e4",
            unstable_hint="1 / (1 + exp(-z)) overflows for z near -1e4; use a stable sigmoid "
            "(exp(-|z|), or 0.5 * (1 + tanh(z / 2)))",
        )
    else:
        check_lstm_step(
            student,
            ref,
            np.zeros((N, D)),
            np.zeros((N, H)),
            c,
            np.zeros((D, 4 * H)),
            np.zeros((H, 4 * H)),
            1e4 * np.sign(rng.standard_normal(4 * H)),
            "lstm_step with biases of ±1e4",
            hint="saturated gates are exactly 0 or 1: keep the gate order i, f, g, o and start from c_prev",
            unstable_hint="saturated gates must be exactly 0 or 1 without overflow: use a stable sigmoid",
        )


@pytest.mark.points(2)
def test_returns_h_then_c(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """returns (h, c) in that order, with N different from H"""
    N, D, H = 4, 2, 3
    Wx, Wh, b = lstm_weights(rng, D, H)
    x_t, h, c = rng.standard_normal((N, D)), rng.standard_normal((N, H)), 5.0 + rng.standard_normal((N, H))
    first, second = tuple_of(student(x_t, h, c, Wx, Wh, b), 2, "lstm_step")
    first = array(first, "the first value returned by lstm_step", shape=(N, H))
    if np.any(np.abs(first) > 1.0):
        fail(
            "the first value lstm_step returns has entries outside [-1, 1], so it cannot be h = σ(o)·tanh(c). "
            "Hint: return (h, c) in that order."
        )
    array(second, "the second value returned by lstm_step", shape=(N, H))
    check_lstm_step(student, ref, x_t, h, c, Wx, Wh, b, "lstm_step with N=4, H=3")


# The previous state set to zero, what it is, and what the failure says about it.
STATES = {
    "c_prev": ("the previous cell state", "the new cell state is σ(f)·c_prev + σ(i)·tanh(g)"),
    "h_prev": ("the previous hidden state", "the gates read x_t @ Wx + h_prev @ Wh + b"),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("state", list(STATES))
def test_uses_the_previous_state(student: Student, ref: ModuleType, rng: np.random.Generator, state: str) -> None:
    """uses the previous state: changing h_prev or c_prev changes (h, c)"""
    N, D, H = 2, 3, 4
    x_t, h, c, Wx, Wh, b = step_inputs(rng, N, D, H)

    def outputs(h_prev: np.ndarray, c_prev: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray]:
        got_h, got_c = tuple_of(student(x_t, h_prev, c_prev, Wx, Wh, b), 2, "lstm_step")
        return array(got_h, f"h from {what}"), array(got_c, f"c from {what}")

    given = outputs(h, c, "a non-zero state")
    zeros = np.zeros((N, H))
    changed = outputs(h, zeros, "c_prev = 0") if state == "c_prev" else outputs(zeros, c, "h_prev = 0")
    if all(map(same_output, changed, given)):
        ignores("lstm_step", state, *STATES[state])
    check_lstm_step(student, ref, x_t, h, c, Wx, Wh, b, "lstm_step from a non-zero state")


@pytest.mark.points(2)
@pytest.mark.parametrize("given_as", ["read-only", "lists"])
def test_accepts_lists_and_read_only_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, given_as: str
) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    Wx, Wh, b = lstm_weights(rng, 3, 2)
    x_t, h, c = rng.standard_normal((2, 3)), rng.standard_normal((2, 2)), rng.standard_normal((2, 2))
    what = "lstm_step of lists" if given_as == "lists" else "lstm_step of read-only inputs"
    check_lstm_step(
        student, ref, x_t, h, c, Wx, Wh, b, what, readonly=given_as == "read-only", as_list=given_as == "lists"
    )
