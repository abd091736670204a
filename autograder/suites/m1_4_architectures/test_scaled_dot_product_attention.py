"""Hidden tests of scaled_dot_product_attention ((output, weights) with an optional boolean mask), against
torch.nn.functional.scaled_dot_product_attention and the reference."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autograder.suites.checks import array, close, fail, tuple_of
from autograder.suites.m1_4_architectures.data import (
    ATTN_HINT,
    MASK_HINT,
    check_attention,
    ignores,
    qkv,
    random_mask,
    same_output,
)
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("scaled_dot_product_attention")


def sizes_id(sizes: tuple[int, ...], names: str) -> str:
    return ",".join(f"{name}={size}" for name, size in zip(names.split(), sizes, strict=True))


SELF = [(1, 1), (4, 3), (7, 8), (10, 16)]  # T, D


@pytest.mark.points(3)
@pytest.mark.parametrize(("T", "D"), SELF, ids=[sizes_id(s, "T D") for s in SELF])
def test_matches_torch_on_2d_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, T: int, D: int
) -> None:
    """matches torch's scaled_dot_product_attention on 2-D inputs without a mask"""
    check_attention(student, ref, *qkv(rng, (), T, T, D, D), None, f"self-attention with T={T}, D={D}")


CROSS = [(3, 5, 4, 7), (6, 2, 8, 1), (1, 9, 5, 3), (5, 4, 2, 6)]  # Tq, Tk, D, Dv


@pytest.mark.points(3)
@pytest.mark.parametrize(("Tq", "Tk", "D", "Dv"), CROSS, ids=[sizes_id(s, "Tq Tk D Dv") for s in CROSS])
def test_handles_different_widths_and_lengths(
    student: Student, ref: ModuleType, rng: np.random.Generator, Tq: int, Tk: int, D: int, Dv: int
) -> None:
    """handles D different from Dv and Tq different from Tk"""
    check_attention(
        student,
        ref,
        *qkv(rng, (), Tq, Tk, D, Dv),
        None,
        f"attention with Tq={Tq}, Tk={Tk}, D={D}, Dv={Dv}",
        hint=ATTN_HINT + "; scale by sqrt(D), the width of the queries and keys, not of the values",
    )


BATCHED = [((3,), 4, 4, 5, 5), ((2, 3), 5, 6, 4, 7), ((2, 2, 3), 3, 2, 6, 2), ((1,), 2, 5, 3, 4)]


@pytest.mark.points(3)
@pytest.mark.parametrize(
    ("lead", "Tq", "Tk", "D", "Dv"),
    BATCHED,
    ids=[f"lead={'x'.join(map(str, lead))}," + sizes_id(rest, "Tq Tk D Dv") for lead, *rest in BATCHED],
)
def test_handles_leading_dimensions(
    student: Student,
    ref: ModuleType,
    rng: np.random.Generator,
    lead: tuple[int, ...],
    Tq: int,
    Tk: int,
    D: int,
    Dv: int,
) -> None:
    """handles batched leading dimensions (batch, heads, ...)"""
    check_attention(
        student,
        ref,
        *qkv(rng, lead, Tq, Tk, D, Dv),
        None,
        f"attention with leading dimensions {lead}, Tq={Tq}, Tk={Tk}, D={D}, Dv={Dv}",
        hint=ATTN_HINT + "; K.T reverses every axis, np.swapaxes(K, -1, -2) swaps only the last two",
    )


B, HEADS, TQ, TK = 2, 3, 4, 5
MASKS = [  # the leading dimensions of Q, K and V, and the mask's shape
    ((), (TQ, TK)),
    ((), (TK,)),
    ((B,), (B, 1, TK)),
    ((B,), (TQ, TK)),
    ((B, HEADS), (B, 1, 1, TK)),
    ((B, HEADS), (1, HEADS, TQ, TK)),
    ((B, HEADS), (B, HEADS, TQ, TK)),
    ((B, HEADS), (TQ, 1)),
]


def mask_id(lead: tuple[int, ...], mask_shape: tuple[int, ...]) -> str:
    return f"Q={'x'.join(map(str, (*lead, TQ, 6)))},mask={'x'.join(map(str, mask_shape))}"


@pytest.mark.points(3)
@pytest.mark.parametrize(("lead", "mask_shape"), MASKS, ids=[mask_id(*case) for case in MASKS])
def test_applies_broadcast_masks(
    student: Student, ref: ModuleType, rng: np.random.Generator, lead: tuple[int, ...], mask_shape: tuple[int, ...]
) -> None:
    """applies boolean masks of several broadcast shapes"""
    Q, K, V = qkv(rng, lead, TQ, TK, 6, 3)
    # a (Tq, 1) mask broadcasts one value over all keys: it must allow them all
    mask = np.ones(mask_shape, dtype=bool) if mask_shape == (TQ, 1) else random_mask(rng, mask_shape)
    check_attention(
        student, ref, Q, K, V, mask, f"attention on Q {Q.shape} with a mask of shape {mask_shape}", hint=MASK_HINT
    )


@pytest.mark.points(2)
def test_gives_no_weight_to_future_keys(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """under a causal mask gives exactly zero weight to future keys"""
    T = 6
    causal = np.tril(np.ones((T, T), dtype=bool))
    Q, K, V = qkv(rng, (2,), T, T, 4, 4)
    _, weights = tuple_of(student(Q, K, V, causal), 2, "scaled_dot_product_attention")
    weights = array(weights, "the weights under a causal mask", shape=(2, T, T))
    future = np.abs(weights[:, ~causal])
    if not np.all(future <= 1e-12):
        fail("under a causal mask, some weights on hidden (future) keys are not zero. Hint: " + MASK_HINT + ".")
    close(
        weights.sum(axis=-1),
        np.ones((2, T)),
        "the row sums of the weights under a causal mask",
        hint="renormalise over the allowed keys only: take the softmax after masking",
    )
    check_attention(student, ref, Q, K, V, causal, "attention under a causal mask", hint=MASK_HINT)


@st.composite
def huge_scores(draw: st.DrawFn, masked: bool) -> tuple[np.ndarray, ...]:
    """Small Q, K, V whose scores reach the thousands (scale² · q·k / √D), with a key mask if ``masked``
    that keeps at least one key per query: the hidden keys may hold the largest scores of their row."""
    Tq, Tk, D = draw(st.integers(1, 4)), draw(st.integers(1 if not masked else 2, 6)), draw(st.integers(1, 4))
    unit = st.floats(-1.0, 1.0, allow_nan=False, width=64)
    scale = draw(st.floats(20.0, 100.0))
    Q = scale * draw(arrays(np.float64, (2, Tq, D), elements=unit))
    K = scale * draw(arrays(np.float64, (2, Tk, D), elements=unit))
    V = draw(arrays(np.float64, (2, Tk, 3), elements=unit))
    if not masked:
        return Q, K, V, None
    mask = draw(arrays(np.bool_, (Tq, Tk)))
    mask[np.arange(Tq), draw(arrays(np.int64, Tq, elements=st.integers(0, Tk - 1)))] = True
    return Q, K, V, mask


@pytest.mark.points(2)
@pytest.mark.parametrize("masked", [False, True], ids=["no-mask", "mask"])
def test_stays_finite_for_huge_scores(student: Student, ref: ModuleType, masked: bool) -> None:
    """stays finite and warning-free for scores in the thousands"""

    @settings(max_examples=25, phases=[Phase.explicit, Phase.generate])  # no shrinking: nothing is shown
    @given(huge_scores(masked))
    def finite(case: tuple[np.ndarray, ...]) -> None:
        Q, K, V, mask = case
        check_attention(
            student,
            ref,
            Q,
            K,
            V,
            mask,
            "masked attention with very large scores" if masked else "attention with very large scores",
            hint=f"subtract the row maximum of the {'(masked) ' if masked else ''}scores before np.exp",
        )

    finite()


@pytest.mark.points(1)
def test_uses_the_mask(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """uses its mask: a mask that hides keys changes the result"""
    Q, K, V = qkv(rng, (), 4, 5, 3, 2)
    mask = random_mask(rng, (4, 5))
    results = []
    for what, m in (("an all-True mask", np.ones((4, 5), dtype=bool)), ("a mask that hides some keys", mask)):
        out, weights = tuple_of(student(Q, K, V, m), 2, "scaled_dot_product_attention")
        results.append((array(out, f"the output with {what}"), array(weights, f"the weights with {what}")))
    if all(map(same_output, *results)):
        ignores(
            "scaled_dot_product_attention",
            "mask",
            "which keys each query may attend to",
            "set the scores where the mask is False to -inf before the softmax",
        )
    check_attention(student, ref, Q, K, V, mask, "attention with a mask that hides some keys", hint=MASK_HINT)


@pytest.mark.points(1)
@pytest.mark.parametrize("given_as", ["read-only", "lists"])
def test_accepts_lists_and_read_only_inputs(
    student: Student, ref: ModuleType, rng: np.random.Generator, given_as: str
) -> None:
    """accepts lists and leaves read-only inputs and a read-only mask untouched"""
    Q, K, V = qkv(rng, (2,), 3, 4, 5, 2)
    if given_as == "lists":
        check_attention(student, ref, Q, K, V, random_mask(rng, (3, 4)), "attention on nested lists", as_list=True)
    else:
        mask = random_mask(rng, (2, 3, 4))
        check_attention(student, ref, Q, K, V, mask, "attention on read-only inputs", readonly=True)
