"""Shared inputs, hints and checkers of the m1_4_architectures suite.

Each ``check_*`` compares the student's result with the PyTorch oracle and with the reference in
``solutions/``; the hints say what the formula is, never what the expected values are.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from autograder.suites.checks import array, close, fail, tuple_of
from autograder.suites.m1_4_architectures.oracles import (
    torch_attention,
    torch_conv2d,
    torch_lstm,
    torch_lstm_cell,
    torch_max_pool2d,
    torch_rnn,
    torch_rnn_cell,
)
from autograder.suites.student import Student


def same_output(first: object, second: object) -> bool:
    """Whether two results agree within the contract's tolerance (results of different shapes differ)."""
    a, b = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-8))


def ignores(function: str, argument: str, meaning: str, hint: str) -> None:
    """Fail: the function's output did not change when only ``argument`` changed."""
    fail(f"{function} gives the same output whatever {argument} is: it ignores {argument} ({meaning}). Hint: {hint}.")


# --- conv2d --------------------------------------------------------------------------------------
CONV_SHAPE_HINT = "H' = (H + 2*padding - KH) // stride + 1, W' likewise, and one output channel per filter"
CONV_VALUE_HINT = (
    "cross-correlation: out[n, f, i, j] = b[f] + Σ_c,p,q w[f, c, p, q]·x_pad[n, c, i·s + p, j·s + q]; "
    "do not flip the kernel, and add one bias per filter"
)


def check_conv(
    student: Student,
    ref: ModuleType,
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray,
    stride: int,
    padding: int,
    hint: str = CONV_VALUE_HINT,
    readonly: bool = False,
) -> None:
    """conv2d(x, w, b, stride=stride, padding=padding) against torch and the reference."""
    what = f"conv2d of x {x.shape} with w {w.shape}, stride {stride}, padding {padding}"
    expected = torch_conv2d(x, w, b, stride, padding)
    got = array(
        student(x, w, b, stride=stride, padding=padding, readonly=readonly),
        what,
        shape=expected.shape,
        hint=CONV_SHAPE_HINT,
    )
    close(got, expected, what, hint=hint)
    close(got, ref.conv2d(x, w, b, stride=stride, padding=padding), what, hint=hint)


def conv_case(
    r: np.random.Generator, N: int, C: int, H: int, W: int, F: int, KH: int, KW: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random x (N, C, H, W), w (F, C, KH, KW) and b (F,)."""
    return r.standard_normal((N, C, H, W)), r.standard_normal((F, C, KH, KW)), r.standard_normal(F)


# --- max_pool2d ----------------------------------------------------------------------------------
POOL_SHAPE_HINT = "the output is (H - k) // stride + 1 by (W - k) // stride + 1; leftover rows and columns are dropped"


def check_pool(
    student: Student, ref: ModuleType, x: np.ndarray, k: int, stride: int | None, hint: str, readonly: bool = False
) -> None:
    """max_pool2d(x, k) (stride None) or max_pool2d(x, k, stride) against torch and the reference."""
    what = f"max_pool2d of x {x.shape} with kernel {k}, stride {stride}"
    expected = torch_max_pool2d(x, k, stride)
    got = array(
        student(x, k, readonly=readonly) if stride is None else student(x, k, stride, readonly=readonly),
        what,
        shape=expected.shape,
        hint=POOL_SHAPE_HINT,
    )
    close(got, expected, what, hint=hint)
    close(got, ref.max_pool2d(x, k, stride), what, hint=hint)


# --- rnn_step and rnn_forward ----------------------------------------------------------------------
def rnn_weights(
    r: np.random.Generator, D: int, H: int, scale: float = 0.6
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random RNN weights Wx (D, H), Wh (H, H), b (H,)."""
    return scale * r.standard_normal((D, H)), scale * r.standard_normal((H, H)), 0.3 * r.standard_normal(H)


RNN_HINT = "h = tanh(x_t @ Wx + h_prev @ Wh + b), with h_prev multiplied by Wh on the right"


def check_rnn_step(
    student: Student,
    ref: ModuleType,
    x_t: np.ndarray,
    h: np.ndarray,
    Wx: np.ndarray,
    Wh: np.ndarray,
    b: np.ndarray,
    what: str,
    hint: str = RNN_HINT,
) -> None:
    """rnn_step(x_t, h, Wx, Wh, b) against torch.nn.RNNCell and the reference."""
    got = array(student(x_t, h, Wx, Wh, b), what, shape=h.shape, hint="the new state is (N, H)")
    close(got, torch_rnn_cell(x_t, h, Wx, Wh, b), what, hint=hint)
    close(got, ref.rnn_step(x_t, h, Wx, Wh, b), what, hint=hint)


RNN_FORWARD_SHAPE = "return every hidden state h_1..h_T batch first, shape (N, T, H); h0 is not included"
RNN_FORWARD_HINT = "feed each new hidden state into the next step, and store h_t in hs[:, t]"


def check_rnn_forward(
    student: Student,
    ref: ModuleType,
    r: np.random.Generator,
    N: int,
    T: int,
    D: int,
    H: int,
    readonly: bool = False,
    zero_h0: bool = False,
    as_list: bool = False,
) -> None:
    """rnn_forward on random inputs of the given sizes against torch.nn.RNN and the reference."""
    x, h0 = r.standard_normal((N, T, D)), r.standard_normal((N, H))
    if zero_h0:
        h0 = np.zeros((N, H))
    Wx, Wh, b = rnn_weights(r, D, H)
    what = f"rnn_forward with (N, T, D) = ({N}, {T}, {D}) and H = {H}" + (" given as lists" if as_list else "")
    args = tuple(a.tolist() for a in (x, h0, Wx, Wh, b)) if as_list else (x, h0, Wx, Wh, b)
    got = array(student(*args, readonly=readonly), what, shape=(N, T, H), hint=RNN_FORWARD_SHAPE)
    close(got, torch_rnn(x, h0, Wx, Wh, b), what, hint=RNN_FORWARD_HINT)
    close(got, ref.rnn_forward(x, h0, Wx, Wh, b), what, hint=RNN_FORWARD_HINT)


# --- lstm_step and lstm_forward --------------------------------------------------------------------
LSTM_HINT = (
    "z = x_t @ Wx + h_prev @ Wh + b split into i, f, g, o (in that order); "
    "c = σ(f)·c_prev + σ(i)·tanh(g), h = σ(o)·tanh(c)"
)


def lstm_weights(
    r: np.random.Generator, D: int, H: int, scale: float = 0.6
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random LSTM weights Wx (D, 4H), Wh (H, 4H), b (4H,), gates in the order i, f, g, o."""
    return scale * r.standard_normal((D, 4 * H)), scale * r.standard_normal((H, 4 * H)), 0.5 * r.standard_normal(4 * H)


def check_lstm_step(
    student: Student,
    ref: ModuleType,
    x_t: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
    Wx: np.ndarray,
    Wh: np.ndarray,
    b: np.ndarray,
    what: str,
    readonly: bool = False,
    hint: str = LSTM_HINT,
    parts: str = "ch",
    as_list: bool = False,
    unstable_hint: str = "",
) -> None:
    """Compare the parts ("c", "h" or both) of the student's (h, c) with LSTMCell and the reference."""
    N, H = h.shape
    args = tuple(a.tolist() for a in (x_t, h, c, Wx, Wh, b)) if as_list else (x_t, h, c, Wx, Wh, b)
    got_h, got_c = tuple_of(student(*args, readonly=readonly), 2, "lstm_step")
    got = {
        "h": array(got_h, f"h from {what}", shape=(N, H), hint="return (h, c), each (N, H)"),
        "c": array(got_c, f"c from {what}", shape=(N, H), hint="return (h, c), each (N, H)"),
    }
    want_h, want_c = torch_lstm_cell(x_t, h, c, Wx, Wh, b)
    ref_h, ref_c = ref.lstm_step(x_t, h, c, Wx, Wh, b)
    names = {"c": "the cell state c", "h": "the hidden state h"}
    for part, want, reference in (("c", want_c, ref_c), ("h", want_h, ref_h)):
        if part in parts:
            close(got[part], want, f"{names[part]} of {what}", hint=hint, unstable_hint=unstable_hint)
            close(got[part], reference, f"{names[part]} of {what}", hint=hint, unstable_hint=unstable_hint)


LSTM_FORWARD_SHAPE = "return the hidden states h_1..h_T batch first, (N, T, H): not h0 and not the cell states"
LSTM_FORWARD_HINT = "carry both h and c from each step to the next, and store h_t in hs[:, t]"


def check_lstm_forward(
    student: Student,
    ref: ModuleType,
    x: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    Wx: np.ndarray,
    Wh: np.ndarray,
    b: np.ndarray,
    what: str,
    readonly: bool = False,
    hint: str = LSTM_FORWARD_HINT,
    as_list: bool = False,
    unstable_hint: str = "",
) -> None:
    """lstm_forward against torch.nn.LSTM and the reference."""
    N, T, _ = x.shape
    H = h0.shape[1]
    args = tuple(a.tolist() for a in (x, h0, c0, Wx, Wh, b)) if as_list else (x, h0, c0, Wx, Wh, b)
    got = array(student(*args, readonly=readonly), what, shape=(N, T, H), hint=LSTM_FORWARD_SHAPE)
    close(got, torch_lstm(x, h0, c0, Wx, Wh, b), what, hint=hint, unstable_hint=unstable_hint)
    close(got, ref.lstm_forward(x, h0, c0, Wx, Wh, b), what, hint=hint, unstable_hint=unstable_hint)


# --- scaled_dot_product_attention -------------------------------------------------------------------
ATTN_HINT = (
    "weights = softmax(Q Kᵀ / sqrt(D)) along the last axis (over the keys), transposing only the last "
    "two axes of K; output = weights @ V"
)
MASK_HINT = (
    "True means 'may attend': set the scores where the mask is False to -inf "
    "(np.where(mask, scores, -np.inf)) before the softmax, and let the mask broadcast"
)


def check_attention(
    student: Student,
    ref: ModuleType,
    Q: np.ndarray,
    K: np.ndarray,
    V: np.ndarray,
    mask: np.ndarray | None,
    what: str,
    hint: str = ATTN_HINT,
    readonly: bool = False,
    as_list: bool = False,
) -> None:
    """(output, weights) of scaled_dot_product_attention against torch and the reference."""
    want_out, want_w = torch_attention(Q, K, V, mask)
    args = (Q, K, V) if mask is None else (Q, K, V, mask)
    sent = tuple(a.tolist() for a in args) if as_list else args
    out, weights = tuple_of(student(*sent, readonly=readonly), 2, "scaled_dot_product_attention")
    weights = array(
        weights,
        f"the weights of {what}",
        shape=want_w.shape,
        hint="weights has shape (..., Tq, Tk); return (output, weights) in that order",
    )
    out = array(out, f"the output of {what}", shape=want_out.shape, hint="output = weights @ V has shape (..., Tq, Dv)")
    close(weights, want_w, f"the weights of {what}", hint=hint)
    close(out, want_out, f"the output of {what}", hint=hint)
    ref_out, ref_w = ref.scaled_dot_product_attention(*args)
    close(weights, ref_w, f"the weights of {what}", hint=hint)
    close(out, ref_out, f"the output of {what}", hint=hint)


def qkv(
    r: np.random.Generator, lead: tuple[int, ...], Tq: int, Tk: int, D: int, Dv: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random Q (..., Tq, D), K (..., Tk, D), V (..., Tk, Dv) with the leading dimensions ``lead``."""
    return (r.standard_normal((*lead, Tq, D)), r.standard_normal((*lead, Tk, D)), r.standard_normal((*lead, Tk, Dv)))


def random_mask(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """A boolean mask with at least one True and (when there are several keys) one False in every row."""
    mask = r.random(shape) < 0.6
    flat = mask.reshape(-1, shape[-1])
    rows = np.arange(flat.shape[0])
    allowed = r.integers(0, shape[-1], flat.shape[0])
    if shape[-1] > 1:
        flat[rows, (allowed + r.integers(1, shape[-1], flat.shape[0])) % shape[-1]] = False
    flat[rows, allowed] = True
    return flat.reshape(shape)
