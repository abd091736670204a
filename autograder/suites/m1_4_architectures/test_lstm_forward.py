"""Hidden tests of lstm_forward (an LSTM over a batch-first sequence), against
torch.nn.LSTM(batch_first=True) and the reference."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array
from autograder.suites.m1_4_architectures.data import (
    LSTM_FORWARD_SHAPE,
    check_lstm_forward,
    ignores,
    lstm_weights,
    same_output,
)
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("lstm_forward")


def sizes_id(N: int, T: int, D: int, H: int) -> str:
    return f"N={N},T={T},D={D},H={H}"


def sequence(rng: np.random.Generator, N: int, T: int, D: int, H: int) -> tuple[np.ndarray, ...]:
    """Random (x, h0, c0, Wx, Wh, b) for a batch of N sequences of length T."""
    Wx, Wh, b = lstm_weights(rng, D, H)
    return rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H)), Wx, Wh, b


SIZES = [(2, 5, 3, 4), (3, 8, 2, 3), (1, 3, 5, 2), (4, 12, 3, 5)]  # N, T, D, H


@pytest.mark.points(4)
@pytest.mark.parametrize(("N", "T", "D", "H"), SIZES, ids=[sizes_id(*s) for s in SIZES])
def test_matches_torch_lstm(
    student: Student, ref: ModuleType, rng: np.random.Generator, N: int, T: int, D: int, H: int
) -> None:
    """matches torch.nn.LSTM(batch_first=True) with mapped weights"""
    check_lstm_forward(
        student, ref, *sequence(rng, N, T, D, H), f"lstm_forward with (N, T, D) = ({N}, {T}, {D}), H = {H}"
    )


@pytest.mark.points(2)
def test_stays_finite_for_huge_pre_activations(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """stays finite and warning-free when pre-activations reach ±1e4"""
    N, T, D, H = 2, 6, 3, 3
    Wx, Wh, b = lstm_weights(rng, D, H)
    x = 1e4 * np.sign(rng.standard_normal((N, T, D))) / D
    check_lstm_forward(
        student,
        ref,
        x,
        rng.standard_normal((N, H)),
        rng.standard_normal((N, H)),
        np.sign(Wx),
        Wh,
        b,
        "lstm_forward with pre-activations near ±1e4",
        unstable_hint="use a stable sigmoid: 1 / (1 + exp(-z)) overflows for z near -1e4",
    )


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("N", "T", "D", "H"),
    [pytest.param(3, 1, 2, 4, id="T=1"), pytest.param(2, 40, 2, 3, id="T=40,zero-states")],
)
def test_handles_a_single_step_and_a_long_sequence(
    student: Student, ref: ModuleType, rng: np.random.Generator, N: int, T: int, D: int, H: int
) -> None:
    """handles a sequence of length 1 and a long sequence from zero states"""
    x, h0, c0, Wx, Wh, b = sequence(rng, N, T, D, H)
    if T > 1:  # the usual start: zero hidden and cell states
        h0, c0 = np.zeros((N, H)), np.zeros((N, H))
    check_lstm_forward(student, ref, x, h0, c0, Wx, Wh, b, f"lstm_forward with T = {T}")


@pytest.mark.points(1)
@pytest.mark.parametrize("state", ["c0", "h0"])
def test_uses_the_initial_state(student: Student, ref: ModuleType, rng: np.random.Generator, state: str) -> None:
    """uses its initial states: changing h0 or c0 changes the output"""
    N, T, D, H = 2, 3, 2, 3
    x, h0, _, Wx, Wh, b = sequence(rng, N, T, D, H)
    c0 = 2.0 * rng.standard_normal((N, H))
    zeros = np.zeros((N, H))
    given = array(student(x, h0, c0, Wx, Wh, b), "lstm_forward from non-zero h0 and c0", hint=LSTM_FORWARD_SHAPE)
    if state == "c0":
        changed = array(student(x, h0, zeros, Wx, Wh, b), "lstm_forward from c0 = 0", hint=LSTM_FORWARD_SHAPE)
        meaning = "the initial cell state"
    else:
        changed = array(student(x, zeros, c0, Wx, Wh, b), "lstm_forward from h0 = 0", hint=LSTM_FORWARD_SHAPE)
        meaning = "the initial hidden state"
    if same_output(changed, given):
        ignores("lstm_forward", state, meaning, f"start the recurrence from {state}")
    check_lstm_forward(student, ref, x, h0, c0, Wx, Wh, b, "lstm_forward from non-zero h0 and c0")


@pytest.mark.points(1)
@pytest.mark.parametrize("given_as", ["read-only", "lists"])
def test_accepts_lists_and_read_only_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, given_as: str
) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    what = "lstm_forward of lists" if given_as == "lists" else "lstm_forward of read-only inputs"
    check_lstm_forward(
        student, ref, *sequence(rng, 2, 4, 2, 3), what, readonly=given_as == "read-only", as_list=given_as == "lists"
    )
