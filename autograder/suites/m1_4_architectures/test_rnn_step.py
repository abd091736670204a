"""Hidden tests of rnn_step (one step of a vanilla RNN), against torch.nn.RNNCell and the reference."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_4_architectures.data import RNN_HINT, check_rnn_step, rnn_weights
from autograder.suites.m1_4_architectures.oracles import torch_rnn_cell
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("rnn_step")


SIZES = [(1, 1, 1), (3, 4, 5), (5, 2, 3), (4, 6, 6)]  # N, D, H


@pytest.mark.points(4)
@pytest.mark.parametrize(("N", "D", "H"), SIZES, ids=[f"N={N},D={D},H={H}" for N, D, H in SIZES])
def test_matches_torch_rnn_cell(
    student: Student, ref: ModuleType, rng: np.random.Generator, N: int, D: int, H: int
) -> None:
    """matches torch.nn.RNNCell with mapped weights"""
    x_t, h = rng.standard_normal((N, D)), rng.standard_normal((N, H))
    check_rnn_step(student, ref, x_t, h, *rnn_weights(rng, D, H), f"rnn_step with N={N}, D={D}, H={H}")


@pytest.mark.points(2)
def test_uses_every_term(student: Student, rng: np.random.Generator) -> None:
    """uses every term: the bias alone, the input alone and the previous state alone"""
    N, D, H = 2, 3, 4
    Wx, Wh, b = rnn_weights(rng, D, H)
    x_t, h = rng.standard_normal((N, D)), rng.standard_normal((N, H))
    zx, zh = np.zeros((N, D)), np.zeros((N, H))
    close(
        array(student(zx, zh, Wx, Wh, b), "rnn_step", shape=(N, H)),
        np.tanh(np.broadcast_to(b, (N, H))),
        "rnn_step from zero input and zero state",
        hint="only tanh(b) is left; add the bias to every row",
    )
    close(
        array(student(x_t, zh, Wx, Wh, np.zeros(H)), "rnn_step", shape=(N, H)),
        np.tanh(x_t @ Wx),
        "rnn_step with zero state and zero bias",
        hint="the input term is x_t @ Wx",
    )
    close(
        array(student(zx, h, Wx, Wh, np.zeros(H)), "rnn_step", shape=(N, H)),
        np.tanh(h @ Wh),
        "rnn_step with zero input and zero bias",
        hint="the recurrent term is h_prev @ Wh (not Wh @ h_prev or Whᵀ)",
    )


@pytest.mark.points(1)
def test_saturates_without_warnings(student: Student, rng: np.random.Generator) -> None:
    """stays in [-1, 1] and warning-free for large pre-activations"""
    Wx, Wh, b = rnn_weights(rng, 3, 4, scale=100.0)
    x_t, h = rng.standard_normal((3, 3)), rng.standard_normal((3, 4))
    close(
        array(student(x_t, h, Wx, Wh, b), "rnn_step", shape=(3, 4)),
        torch_rnn_cell(x_t, h, Wx, Wh, b),
        "rnn_step with pre-activations in the hundreds",
        hint="apply np.tanh to the whole pre-activation",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("given_as", ["read-only", "lists"])
def test_accepts_lists_and_read_only_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, given_as: str
) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    Wx, Wh, b = rnn_weights(rng, 2, 3)
    x_t, h = rng.standard_normal((4, 2)), rng.standard_normal((4, 3))
    if given_as == "lists":
        got = student(*(a.tolist() for a in (x_t, h, Wx, Wh, b)))
        what, hint = "rnn_step of lists", "convert the inputs with np.asarray first"
    else:
        got = student(x_t, h, Wx, Wh, b, readonly=True)
        what, hint = "rnn_step of read-only inputs", RNN_HINT
    close(array(got, what, shape=(4, 3)), ref.rnn_step(x_t, h, Wx, Wh, b), what, hint=hint)
