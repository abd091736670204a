"""Hidden tests of rnn_forward (a vanilla RNN over a batch-first sequence), against
torch.nn.RNN(batch_first=True) and the reference."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_4_architectures.data import (
    RNN_FORWARD_HINT,
    RNN_FORWARD_SHAPE,
    check_rnn_forward,
    ignores,
    rnn_weights,
    same_output,
)
from autograder.suites.m1_4_architectures.oracles import torch_rnn
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("rnn_forward")


def sizes_id(N: int, T: int, D: int, H: int) -> str:
    return f"N={N},T={T},D={D},H={H}"


SIZES = [(2, 5, 3, 4), (3, 7, 4, 3), (4, 2, 2, 6)]  # N, T, D, H


@pytest.mark.points(3)
@pytest.mark.parametrize(("N", "T", "D", "H"), SIZES, ids=[sizes_id(*s) for s in SIZES])
def test_matches_torch_rnn(
    student: Student, ref: ModuleType, rng: np.random.Generator, N: int, T: int, D: int, H: int
) -> None:
    """matches torch.nn.RNN(batch_first=True) with mapped weights"""
    check_rnn_forward(student, ref, rng, N, T, D, H)


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("N", "T", "D", "H", "zero_h0"),
    [
        pytest.param(1, 40, 3, 5, False, id="batch-of-one," + sizes_id(1, 40, 3, 5)),
        pytest.param(3, 25, 1, 2, True, id="zero-h0," + sizes_id(3, 25, 1, 2)),
    ],
)
def test_carries_the_state_through_long_sequences(
    student: Student, ref: ModuleType, rng: np.random.Generator, N: int, T: int, D: int, H: int, zero_h0: bool
) -> None:
    """carries the state through long sequences (a batch of one; a zero initial state)"""
    check_rnn_forward(student, ref, rng, N, T, D, H, zero_h0=zero_h0)


@pytest.mark.points(2)
def test_returns_one_state_for_a_single_step(student: Student, rng: np.random.Generator) -> None:
    """returns one state for a sequence of length 1, computed from h0"""
    x, h0 = rng.standard_normal((3, 1, 2)), rng.standard_normal((3, 4))
    Wx, Wh, b = rnn_weights(rng, 2, 4)
    got = array(student(x, h0, Wx, Wh, b), "rnn_forward with T = 1", shape=(3, 1, 4), hint=RNN_FORWARD_SHAPE)
    close(
        got[:, 0],
        np.tanh(x[:, 0] @ Wx + h0 @ Wh + b),
        "rnn_forward with T = 1",
        hint="h_1 = tanh(x[:, 0] @ Wx + h0 @ Wh + b)",
    )


@pytest.mark.points(1)
def test_uses_h0(student: Student, rng: np.random.Generator) -> None:
    """uses its initial state h0: a zero and a non-zero h0 give different results"""
    N, T, D, H = 2, 3, 2, 3
    x, h0 = rng.standard_normal((N, T, D)), rng.standard_normal((N, H))
    Wx, Wh, b = rnn_weights(rng, D, H)
    zero = array(student(x, np.zeros((N, H)), Wx, Wh, b), "rnn_forward from h0 = 0", hint=RNN_FORWARD_SHAPE)
    given = array(student(x, h0, Wx, Wh, b), "rnn_forward from a non-zero h0", hint=RNN_FORWARD_SHAPE)
    if same_output(zero, given):
        ignores("rnn_forward", "h0", "the initial hidden state", "start the recurrence from h0")
    close(given, torch_rnn(x, h0, Wx, Wh, b), "rnn_forward from a non-zero h0", hint=RNN_FORWARD_HINT)


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("N", "T", "D", "H", "given_as"),
    [pytest.param(2, 6, 3, 3, "read-only", id="read-only"), pytest.param(2, 4, 2, 3, "lists", id="lists")],
)
def test_accepts_lists_and_read_only_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, N: int, T: int, D: int, H: int, given_as: str
) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    check_rnn_forward(student, ref, rng, N, T, D, H, readonly=given_as == "read-only", as_list=given_as == "lists")
