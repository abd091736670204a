"""Hidden suite of m1_4_architectures (Section 1.4, Deep Learning Architectures).

Every function is compared with the reference in ``solutions/`` and with PyTorch (float64, imported
inside the tests): ``torch.nn.functional.conv2d`` / ``max_pool2d``, ``torch.nn.RNNCell`` / ``RNN`` and
``torch.nn.LSTMCell`` / ``LSTM`` with the student's weight layout mapped onto PyTorch's, and
``torch.nn.functional.scaled_dot_product_attention``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, fail, tuple_of
from autograder.suites.student import Student

# conv2d may not use np.convolve, np.correlate or numpy.fft: see autograder/static/rules.py (RESTRICTIONS).


def rng(seed: int) -> np.random.Generator:
    """Seeded inputs: the same submission always sees the same data."""
    return np.random.default_rng(4_000 + seed)


def same_output(first: object, second: object) -> bool:
    """Whether two results agree within the contract's tolerance (results of different shapes differ)."""
    a, b = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-8))


def ignores(function: str, argument: str, meaning: str, hint: str) -> None:
    """Fail: the function's output did not change when only ``argument`` changed."""
    fail(f"{function} gives the same output whatever {argument} is: it ignores {argument} ({meaning}). Hint: {hint}.")


# --- PyTorch oracles (imported lazily: only the grader's process has torch) -----------------------
def torch_conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int, padding: int) -> np.ndarray:
    import torch
    import torch.nn.functional as F

    return F.conv2d(
        torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), stride=stride, padding=padding
    ).numpy()


def torch_max_pool2d(x: np.ndarray, k: int, stride: int | None) -> np.ndarray:
    import torch
    import torch.nn.functional as F

    return F.max_pool2d(torch.from_numpy(x), k, stride=stride).numpy()


def torch_rnn(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> np.ndarray:
    """torch.nn.RNN(batch_first=True) with weight_ih = Wxᵀ, weight_hh = Whᵀ, bias_ih = b, bias_hh = 0."""
    import torch

    D, H = Wx.shape
    rnn = torch.nn.RNN(D, H, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(Wx.T.copy()))
        rnn.weight_hh_l0.copy_(torch.from_numpy(Wh.T.copy()))
        rnn.bias_ih_l0.copy_(torch.from_numpy(b))
        rnn.bias_hh_l0.zero_()
        out, _ = rnn(torch.from_numpy(x), torch.from_numpy(h0)[None])
    return out.numpy()


def torch_rnn_cell(x_t: np.ndarray, h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> np.ndarray:
    import torch

    D, H = Wx.shape
    cell = torch.nn.RNNCell(D, H, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih.copy_(torch.from_numpy(Wx.T.copy()))
        cell.weight_hh.copy_(torch.from_numpy(Wh.T.copy()))
        cell.bias_ih.copy_(torch.from_numpy(b))
        cell.bias_hh.zero_()
        return cell(torch.from_numpy(x_t), torch.from_numpy(h)).numpy()


def torch_lstm_cell(
    x_t: np.ndarray, h: np.ndarray, c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """torch.nn.LSTMCell (gates i, f, g, o) with weight_ih = Wxᵀ, weight_hh = Whᵀ, bias_ih = b, bias_hh = 0."""
    import torch

    D, H4 = Wx.shape
    cell = torch.nn.LSTMCell(D, H4 // 4, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih.copy_(torch.from_numpy(Wx.T.copy()))
        cell.weight_hh.copy_(torch.from_numpy(Wh.T.copy()))
        cell.bias_ih.copy_(torch.from_numpy(b))
        cell.bias_hh.zero_()
        h_new, c_new = cell(torch.from_numpy(x_t), (torch.from_numpy(h), torch.from_numpy(c)))
    return h_new.numpy(), c_new.numpy()


def torch_lstm(
    x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    import torch

    D, H4 = Wx.shape
    lstm = torch.nn.LSTM(D, H4 // 4, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.from_numpy(Wx.T.copy()))
        lstm.weight_hh_l0.copy_(torch.from_numpy(Wh.T.copy()))
        lstm.bias_ih_l0.copy_(torch.from_numpy(b))
        lstm.bias_hh_l0.zero_()
        out, _ = lstm(torch.from_numpy(x), (torch.from_numpy(h0)[None], torch.from_numpy(c0)[None]))
    return out.numpy()


def torch_attention(
    Q: np.ndarray, K: np.ndarray, V: np.ndarray, mask: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """(output, weights): the output from F.scaled_dot_product_attention, the weights from torch.softmax."""
    import torch
    import torch.nn.functional as F

    q, k, v = torch.from_numpy(Q), torch.from_numpy(K), torch.from_numpy(V)
    m = None
    if mask is not None:
        shape = np.broadcast_shapes((*Q.shape[:-1], K.shape[-2]), mask.shape)
        m = torch.from_numpy(np.broadcast_to(mask, shape).copy())
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=m)
    scores = q @ k.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if m is not None:
        scores = scores.masked_fill(~m, float("-inf"))
    return out.numpy(), torch.softmax(scores, dim=-1).numpy()


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
    return r.standard_normal((N, C, H, W)), r.standard_normal((F, C, KH, KW)), r.standard_normal(F)


@pytest.mark.grades("conv2d")
@pytest.mark.points(4)
def test_conv_basic(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.conv2d with stride 1 and no padding"""
    r = rng(1)
    for shape in ((1, 1, 5, 5, 1, 3, 3), (2, 3, 6, 7, 4, 3, 3), (3, 2, 8, 8, 5, 1, 1), (1, 4, 5, 5, 2, 5, 5)):
        check_conv(student, ref, *conv_case(r, *shape), stride=1, padding=0)


@pytest.mark.grades("conv2d")
@pytest.mark.points(3)
def test_conv_stride_padding(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.conv2d over strides and paddings"""
    r = rng(2)
    cases = (
        ((2, 3, 9, 9, 4, 3, 3), 2, 1),
        ((1, 2, 10, 10, 3, 3, 3), 3, 0),
        ((2, 1, 7, 7, 2, 5, 5), 1, 2),
        ((1, 3, 8, 8, 2, 2, 2), 2, 0),
        ((2, 2, 6, 6, 3, 3, 3), 1, 3),
        ((1, 2, 11, 11, 2, 4, 4), 3, 2),
    )
    for shape, stride, padding in cases:
        check_conv(
            student,
            ref,
            *conv_case(r, *shape),
            stride=stride,
            padding=padding,
            hint=CONV_VALUE_HINT + "; pad every side with `padding` zeros and jump `stride` between windows",
        )


@pytest.mark.grades("conv2d")
@pytest.mark.points(3)
def test_conv_non_square(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.conv2d on non-square kernels and inputs"""
    r = rng(3)
    cases = (
        ((2, 3, 7, 11, 4, 2, 5), 1, 0),
        ((1, 2, 9, 6, 3, 3, 1), 2, 1),
        ((2, 1, 5, 12, 2, 1, 4), 3, 2),
        ((1, 2, 13, 4, 2, 4, 2), 2, 0),
        ((1, 1, 3, 3, 1, 5, 4), 1, 1),
    )
    for shape, stride, padding in cases:
        check_conv(
            student,
            ref,
            *conv_case(r, *shape),
            stride=stride,
            padding=padding,
            hint=CONV_VALUE_HINT + "; keep rows (H, KH) and columns (W, KW) apart",
        )


@pytest.mark.grades("conv2d")
@pytest.mark.points(2)
def test_conv_edge_cases(student: Student, ref: ModuleType) -> None:
    """handles nested lists, a single output pixel and a kernel that only fits thanks to the padding"""
    x = [[[[1.0, 2.0], [3.0, 4.0]]]]
    w = [[[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 2.0]]]]
    got = array(
        student(x, w, [1.0], stride=1, padding=1),
        "conv2d of nested lists",
        shape=(1, 1, 2, 2),
        hint="convert the inputs with np.asarray and pad before sliding",
    )
    close(
        got,
        torch_conv2d(np.array(x), np.array(w), np.array([1.0]), 1, 1),
        "conv2d of a 2x2 image with a 3x3 kernel and padding 1",
        hint="pad with zeros on all four sides",
    )
    r = rng(4)
    check_conv(student, ref, *conv_case(r, 2, 3, 4, 6, 3, 4, 6), stride=1, padding=0)
    check_conv(student, ref, *conv_case(r, 1, 2, 2, 3, 2, 4, 5), stride=2, padding=1)


@pytest.mark.grades("conv2d")
@pytest.mark.points(0.5)
def test_conv_uses_stride(student: Student, ref: ModuleType) -> None:
    """uses its stride argument: stride 1 and stride 2 give different results"""
    x, w, b = conv_case(rng(33), 1, 2, 7, 7, 2, 3, 3)
    one = array(student(x, w, b, stride=1, padding=0), "conv2d with stride=1", hint=CONV_SHAPE_HINT)
    two = array(student(x, w, b, stride=2, padding=0), "conv2d with stride=2", hint=CONV_SHAPE_HINT)
    if same_output(one, two):
        ignores("conv2d", "stride", "the step between windows", "move each window by `stride` rows and columns")
    check_conv(student, ref, x, w, b, stride=2, padding=0)


@pytest.mark.grades("conv2d")
@pytest.mark.points(0.5)
def test_conv_uses_padding(student: Student, ref: ModuleType) -> None:
    """uses its padding argument: padding 0 and padding 1 give different results"""
    x, w, b = conv_case(rng(34), 1, 2, 5, 5, 2, 3, 3)
    zero = array(student(x, w, b, stride=1, padding=0), "conv2d with padding=0", hint=CONV_SHAPE_HINT)
    one = array(student(x, w, b, stride=1, padding=1), "conv2d with padding=1", hint=CONV_SHAPE_HINT)
    if same_output(zero, one):
        ignores("conv2d", "padding", "the zeros added around the input", "pad every side with `padding` zeros")
    check_conv(student, ref, x, w, b, stride=1, padding=1)


@pytest.mark.grades("conv2d")
@pytest.mark.points(2)
def test_conv_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError on a channel mismatch or a kernel larger than the padded input"""
    x = np.ones((2, 3, 4, 5))
    student.raises_value_error(x, np.ones((2, 4, 3, 3)), np.zeros(2), why="x has 3 channels but w expects 4")
    student.raises_value_error(
        x, np.ones((2, 3, 7, 3)), np.zeros(2), padding=1, why="the kernel has 7 rows and the padded input only 6"
    )
    student.raises_value_error(
        x, np.ones((2, 3, 3, 6)), np.zeros(2), why="the kernel has 6 columns and the input (no padding) only 5"
    )


@pytest.mark.grades("conv2d")
@pytest.mark.points(3)
@pytest.mark.call_timeout(10)
def test_conv_speed(student: Student, ref: ModuleType) -> None:
    """is fast enough for a batch of 8 (8 channels, 16 filters of 3x3, 32x32), and leaves read-only inputs alone"""
    r = rng(5)
    check_conv(
        student,
        ref,
        *conv_case(r, 8, 8, 32, 32, 16, 3, 3),
        stride=1,
        padding=1,
        readonly=True,
        hint=CONV_VALUE_HINT + ". If this test timed out, vectorise over the batch, channels and filters",
    )


# --- max_pool2d ----------------------------------------------------------------------------------
POOL_SHAPE_HINT = "the output is (H - k) // stride + 1 by (W - k) // stride + 1; leftover rows and columns are dropped"


def check_pool(
    student: Student, ref: ModuleType, x: np.ndarray, k: int, stride: int | None, hint: str, readonly: bool = False
) -> None:
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


@pytest.mark.grades("max_pool2d")
@pytest.mark.points(3)
def test_pool_default_stride(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.max_pool2d with the default stride"""
    r = rng(6)
    for shape, k in (((2, 3, 8, 8), 2), ((1, 2, 9, 9), 3), ((1, 1, 7, 7), 2), ((2, 2, 4, 4), 4)):
        check_pool(
            student,
            ref,
            r.standard_normal(shape),
            k,
            None,
            hint="with stride=None the stride equals kernel_size, so the windows do not overlap",
        )


@pytest.mark.grades("max_pool2d")
@pytest.mark.points(2)
def test_pool_explicit_stride(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.max_pool2d with overlapping and gapped strides"""
    r = rng(7)
    for shape, k, s in (
        ((2, 2, 7, 7), 3, 1),
        ((1, 3, 9, 9), 3, 2),
        ((2, 1, 8, 8), 2, 3),
        ((1, 2, 5, 5), 1, 2),
        ((1, 1, 6, 6), 2, 1),
    ):
        check_pool(
            student,
            ref,
            r.standard_normal(shape),
            k,
            s,
            hint="window (i, j) starts at row i*stride and column j*stride",
        )


@pytest.mark.grades("max_pool2d")
@pytest.mark.points(2)
def test_pool_non_square(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.functional.max_pool2d on non-square inputs"""
    r = rng(8)
    for shape, k, s in (((2, 2, 6, 10), 2, None), ((1, 3, 5, 9), 3, 2), ((2, 1, 11, 4), 2, 1)):
        check_pool(student, ref, r.standard_normal(shape), k, s, hint="keep the row (H) and column (W) axes apart")


@pytest.mark.grades("max_pool2d")
@pytest.mark.points(1)
def test_pool_uses_stride(student: Student, ref: ModuleType) -> None:
    """uses its stride argument: stride 1 and stride 2 give different results"""
    x = rng(35).standard_normal((1, 2, 6, 6))
    one = array(student(x, 2, 1), "max_pool2d with stride=1", hint=POOL_SHAPE_HINT)
    two = array(student(x, 2, 2), "max_pool2d with stride=2", hint=POOL_SHAPE_HINT)
    if same_output(one, two):
        ignores(
            "max_pool2d",
            "stride",
            "the step between windows",
            "use the stride you are given and fall back to kernel_size only when it is None",
        )
    check_pool(student, ref, x, 2, 1, hint="window (i, j) starts at row i*stride and column j*stride")


@pytest.mark.grades("max_pool2d")
@pytest.mark.points(2)
def test_pool_negative(student: Student, ref: ModuleType) -> None:
    """works on all-negative inputs, read-only or given as nested lists"""
    r = rng(9)
    check_pool(
        student,
        ref,
        -5.0 - np.abs(r.standard_normal((2, 3, 6, 6))),
        2,
        None,
        readonly=True,
        hint="start each running maximum at the window's first value or -inf, never at 0",
    )
    check_pool(
        student,
        ref,
        -1.0 - np.abs(r.standard_normal((1, 2, 7, 5))),
        3,
        2,
        hint="start each running maximum at the window's first value or -inf, never at 0",
    )
    x = -1.0 - np.abs(r.standard_normal((1, 1, 4, 4)))
    close(
        array(student(x.tolist(), 2), "max_pool2d of a nested list", shape=(1, 1, 2, 2)),
        torch_max_pool2d(x, 2, None),
        "max_pool2d of a nested list",
        hint="convert the input with np.asarray first",
    )


# --- rnn_step ------------------------------------------------------------------------------------
def rnn_weights(
    r: np.random.Generator, D: int, H: int, scale: float = 0.6
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return scale * r.standard_normal((D, H)), scale * r.standard_normal((H, H)), 0.3 * r.standard_normal(H)


RNN_HINT = "h = tanh(x_t @ Wx + h_prev @ Wh + b), with h_prev multiplied by Wh on the right"


@pytest.mark.grades("rnn_step")
@pytest.mark.points(4)
def test_rnn_step_torch(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.RNNCell with mapped weights"""
    r = rng(10)
    for N, D, H in ((1, 1, 1), (3, 4, 5), (5, 2, 3), (4, 6, 6)):
        x_t, h = r.standard_normal((N, D)), r.standard_normal((N, H))
        Wx, Wh, b = rnn_weights(r, D, H)
        what = f"rnn_step with N={N}, D={D}, H={H}"
        got = array(student(x_t, h, Wx, Wh, b), what, shape=(N, H), hint="the new state is (N, H)")
        close(got, torch_rnn_cell(x_t, h, Wx, Wh, b), what, hint=RNN_HINT)
        close(got, ref.rnn_step(x_t, h, Wx, Wh, b), what, hint=RNN_HINT)


@pytest.mark.grades("rnn_step")
@pytest.mark.points(2)
def test_rnn_step_parts(student: Student, ref: ModuleType) -> None:
    """uses every term: the bias alone, the input alone and the previous state alone"""
    r = rng(11)
    N, D, H = 2, 3, 4
    Wx, Wh, b = rnn_weights(r, D, H)
    x_t, h = r.standard_normal((N, D)), r.standard_normal((N, H))
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


@pytest.mark.grades("rnn_step")
@pytest.mark.points(1)
def test_rnn_step_saturates(student: Student, ref: ModuleType) -> None:
    """stays in [-1, 1] and warning-free for large pre-activations"""
    r = rng(12)
    Wx, Wh, b = rnn_weights(r, 3, 4, scale=100.0)
    x_t, h = r.standard_normal((3, 3)), r.standard_normal((3, 4))
    got = array(student(x_t, h, Wx, Wh, b), "rnn_step", shape=(3, 4))
    close(
        got,
        torch_rnn_cell(x_t, h, Wx, Wh, b),
        "rnn_step with pre-activations in the hundreds",
        hint="apply np.tanh to the whole pre-activation",
    )


@pytest.mark.grades("rnn_step")
@pytest.mark.points(1)
def test_rnn_step_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    r = rng(13)
    Wx, Wh, b = rnn_weights(r, 2, 3)
    x_t, h = r.standard_normal((4, 2)), r.standard_normal((4, 3))
    close(
        array(student(x_t, h, Wx, Wh, b, readonly=True), "rnn_step", shape=(4, 3)),
        ref.rnn_step(x_t, h, Wx, Wh, b),
        "rnn_step of read-only inputs",
        hint=RNN_HINT,
    )
    close(
        array(student(*(a.tolist() for a in (x_t, h, Wx, Wh, b))), "rnn_step of lists", shape=(4, 3)),
        ref.rnn_step(x_t, h, Wx, Wh, b),
        "rnn_step of lists",
        hint="convert the inputs with np.asarray first",
    )


# --- rnn_forward ---------------------------------------------------------------------------------
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
    x, h0 = r.standard_normal((N, T, D)), r.standard_normal((N, H))
    if zero_h0:
        h0 = np.zeros((N, H))
    Wx, Wh, b = rnn_weights(r, D, H)
    what = f"rnn_forward with (N, T, D) = ({N}, {T}, {D}) and H = {H}" + (" given as lists" if as_list else "")
    args = tuple(a.tolist() for a in (x, h0, Wx, Wh, b)) if as_list else (x, h0, Wx, Wh, b)
    got = array(student(*args, readonly=readonly), what, shape=(N, T, H), hint=RNN_FORWARD_SHAPE)
    close(got, torch_rnn(x, h0, Wx, Wh, b), what, hint=RNN_FORWARD_HINT)
    close(got, ref.rnn_forward(x, h0, Wx, Wh, b), what, hint=RNN_FORWARD_HINT)


@pytest.mark.grades("rnn_forward")
@pytest.mark.points(3)
def test_rnn_forward_torch(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.RNN(batch_first=True) with mapped weights"""
    r = rng(14)
    for N, T, D, H in ((2, 5, 3, 4), (3, 7, 4, 3), (4, 2, 2, 6)):
        check_rnn_forward(student, ref, r, N, T, D, H)


@pytest.mark.grades("rnn_forward")
@pytest.mark.points(2)
def test_rnn_forward_long(student: Student, ref: ModuleType) -> None:
    """carries the state through long sequences (a batch of one; a zero initial state)"""
    r = rng(15)
    check_rnn_forward(student, ref, r, 1, 40, 3, 5)
    check_rnn_forward(student, ref, r, 3, 25, 1, 2, zero_h0=True)


@pytest.mark.grades("rnn_forward")
@pytest.mark.points(2)
def test_rnn_forward_single_step(student: Student, ref: ModuleType) -> None:
    """returns one state for a sequence of length 1, computed from h0"""
    r = rng(16)
    x, h0 = r.standard_normal((3, 1, 2)), r.standard_normal((3, 4))
    Wx, Wh, b = rnn_weights(r, 2, 4)
    got = array(student(x, h0, Wx, Wh, b), "rnn_forward with T = 1", shape=(3, 1, 4), hint=RNN_FORWARD_SHAPE)
    close(
        got[:, 0],
        np.tanh(x[:, 0] @ Wx + h0 @ Wh + b),
        "rnn_forward with T = 1",
        hint="h_1 = tanh(x[:, 0] @ Wx + h0 @ Wh + b)",
    )


@pytest.mark.grades("rnn_forward")
@pytest.mark.points(1)
def test_rnn_forward_uses_h0(student: Student, ref: ModuleType) -> None:
    """uses its initial state h0: a zero and a non-zero h0 give different results"""
    r = rng(36)
    N, T, D, H = 2, 3, 2, 3
    x, h0 = r.standard_normal((N, T, D)), r.standard_normal((N, H))
    Wx, Wh, b = rnn_weights(r, D, H)
    zero = array(student(x, np.zeros((N, H)), Wx, Wh, b), "rnn_forward from h0 = 0", hint=RNN_FORWARD_SHAPE)
    given = array(student(x, h0, Wx, Wh, b), "rnn_forward from a non-zero h0", hint=RNN_FORWARD_SHAPE)
    if same_output(zero, given):
        ignores("rnn_forward", "h0", "the initial hidden state", "start the recurrence from h0")
    close(given, torch_rnn(x, h0, Wx, Wh, b), "rnn_forward from a non-zero h0", hint=RNN_FORWARD_HINT)


@pytest.mark.grades("rnn_forward")
@pytest.mark.points(2)
def test_rnn_forward_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    check_rnn_forward(student, ref, rng(17), 2, 6, 3, 3, readonly=True)
    check_rnn_forward(student, ref, rng(37), 2, 4, 2, 3, as_list=True)


# --- lstm_step -----------------------------------------------------------------------------------
LSTM_HINT = (
    "z = x_t @ Wx + h_prev @ Wh + b split into i, f, g, o (in that order); "
    "c = σ(f)·c_prev + σ(i)·tanh(g), h = σ(o)·tanh(c)"
)


def lstm_weights(
    r: np.random.Generator, D: int, H: int, scale: float = 0.6
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def lstm_step_cases(seed: int) -> Iterator[tuple[tuple[np.ndarray, ...], str]]:
    r = rng(seed)
    for N, D, H in ((1, 1, 1), (3, 4, 5), (2, 6, 3), (5, 3, 8)):
        Wx, Wh, b = lstm_weights(r, D, H)
        x_t, h, c = r.standard_normal((N, D)), r.standard_normal((N, H)), 2.0 * r.standard_normal((N, H))
        yield (x_t, h, c, Wx, Wh, b), f"lstm_step with N={N}, D={D}, H={H}"


@pytest.mark.grades("lstm_step")
@pytest.mark.points(2)
def test_lstm_step_torch_c(student: Student, ref: ModuleType) -> None:
    """the new cell state c matches torch.nn.LSTMCell with mapped weights"""
    for args, what in lstm_step_cases(18):
        check_lstm_step(
            student,
            ref,
            *args,
            what,
            parts="c",
            hint="z = x_t @ Wx + h_prev @ Wh + b split into i, f, g, o (in that order); c = σ(f)·c_prev + σ(i)·tanh(g)",
        )


@pytest.mark.grades("lstm_step")
@pytest.mark.points(2)
def test_lstm_step_torch_h(student: Student, ref: ModuleType) -> None:
    """the new hidden state h matches torch.nn.LSTMCell with mapped weights"""
    for args, what in lstm_step_cases(18):
        check_lstm_step(
            student,
            ref,
            *args,
            what,
            parts="h",
            hint="h = σ(o)·tanh(c) with o the last block of z and c the NEW cell state",
        )


@pytest.mark.grades("lstm_step")
@pytest.mark.points(2)
def test_lstm_step_gate_order(student: Student, ref: ModuleType) -> None:
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


@pytest.mark.grades("lstm_step")
@pytest.mark.points(3)
def test_lstm_step_stable(student: Student, ref: ModuleType) -> None:
    """stays finite and warning-free when pre-activations reach ±1e4"""
    r = rng(19)
    N, D, H = 3, 4, 3
    Wx, Wh, b = lstm_weights(r, D, H)
    x_t = 1e4 * np.sign(r.standard_normal((N, D))) / D
    Wx = np.sign(Wx)
    h, c = r.standard_normal((N, H)), r.standard_normal((N, H))
    check_lstm_step(
        student,
        ref,
        x_t,
        h,
        c,
        Wx,
        Wh,
        b,
        "lstm_step with pre-activations near ±1e4",
        unstable_hint="1 / (1 + exp(-z)) overflows for z near -1e4; use a stable sigmoid "
        "(exp(-|z|), or 0.5 * (1 + tanh(z / 2)))",
    )
    b_big = 1e4 * np.sign(r.standard_normal(4 * H))
    check_lstm_step(
        student,
        ref,
        np.zeros((N, D)),
        np.zeros((N, H)),
        c,
        np.zeros((D, 4 * H)),
        np.zeros((H, 4 * H)),
        b_big,
        "lstm_step with biases of ±1e4",
        hint="saturated gates are exactly 0 or 1: keep the gate order i, f, g, o and start from c_prev",
        unstable_hint="saturated gates must be exactly 0 or 1 without overflow: use a stable sigmoid",
    )


@pytest.mark.grades("lstm_step")
@pytest.mark.points(2)
def test_lstm_step_returns(student: Student, ref: ModuleType) -> None:
    """returns (h, c) in that order, with N different from H"""
    r = rng(20)
    N, D, H = 4, 2, 3
    Wx, Wh, b = lstm_weights(r, D, H)
    x_t, h, c = r.standard_normal((N, D)), r.standard_normal((N, H)), 5.0 + r.standard_normal((N, H))
    first, second = tuple_of(student(x_t, h, c, Wx, Wh, b), 2, "lstm_step")
    first = array(first, "the first value returned by lstm_step", shape=(N, H))
    if np.any(np.abs(first) > 1.0):
        fail(
            "the first value lstm_step returns has entries outside [-1, 1], so it cannot be h = σ(o)·tanh(c). "
            "Hint: return (h, c) in that order."
        )
    array(second, "the second value returned by lstm_step", shape=(N, H))
    check_lstm_step(student, ref, x_t, h, c, Wx, Wh, b, "lstm_step with N=4, H=3")


@pytest.mark.grades("lstm_step")
@pytest.mark.points(1)
def test_lstm_step_uses_state(student: Student, ref: ModuleType) -> None:
    """uses the previous state: changing h_prev or c_prev changes (h, c)"""
    r = rng(38)
    N, D, H = 2, 3, 4
    Wx, Wh, b = lstm_weights(r, D, H)
    x_t, h, c = r.standard_normal((N, D)), r.standard_normal((N, H)), 2.0 * r.standard_normal((N, H))
    zeros = np.zeros((N, H))

    def outputs(h_prev: np.ndarray, c_prev: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray]:
        got_h, got_c = tuple_of(student(x_t, h_prev, c_prev, Wx, Wh, b), 2, "lstm_step")
        return array(got_h, f"h from {what}"), array(got_c, f"c from {what}")

    given = outputs(h, c, "a non-zero state")
    if all(map(same_output, outputs(h, zeros, "c_prev = 0"), given)):
        ignores("lstm_step", "c_prev", "the previous cell state", "the new cell state is σ(f)·c_prev + σ(i)·tanh(g)")
    if all(map(same_output, outputs(zeros, c, "h_prev = 0"), given)):
        ignores("lstm_step", "h_prev", "the previous hidden state", "the gates read x_t @ Wx + h_prev @ Wh + b")
    check_lstm_step(student, ref, x_t, h, c, Wx, Wh, b, "lstm_step from a non-zero state")


@pytest.mark.grades("lstm_step")
@pytest.mark.points(2)
def test_lstm_step_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    r = rng(21)
    Wx, Wh, b = lstm_weights(r, 3, 2)
    x_t, h, c = r.standard_normal((2, 3)), r.standard_normal((2, 2)), r.standard_normal((2, 2))
    check_lstm_step(student, ref, x_t, h, c, Wx, Wh, b, "lstm_step of read-only inputs", readonly=True)
    check_lstm_step(student, ref, x_t, h, c, Wx, Wh, b, "lstm_step of lists", as_list=True)


# --- lstm_forward --------------------------------------------------------------------------------
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
    N, T, _ = x.shape
    H = h0.shape[1]
    args = tuple(a.tolist() for a in (x, h0, c0, Wx, Wh, b)) if as_list else (x, h0, c0, Wx, Wh, b)
    got = array(student(*args, readonly=readonly), what, shape=(N, T, H), hint=LSTM_FORWARD_SHAPE)
    close(got, torch_lstm(x, h0, c0, Wx, Wh, b), what, hint=hint, unstable_hint=unstable_hint)
    close(got, ref.lstm_forward(x, h0, c0, Wx, Wh, b), what, hint=hint, unstable_hint=unstable_hint)


@pytest.mark.grades("lstm_forward")
@pytest.mark.points(4)
def test_lstm_forward_torch(student: Student, ref: ModuleType) -> None:
    """matches torch.nn.LSTM(batch_first=True) with mapped weights"""
    r = rng(22)
    for N, T, D, H in ((2, 5, 3, 4), (3, 8, 2, 3), (1, 3, 5, 2), (4, 12, 3, 5)):
        Wx, Wh, b = lstm_weights(r, D, H)
        x, h0, c0 = r.standard_normal((N, T, D)), r.standard_normal((N, H)), r.standard_normal((N, H))
        check_lstm_forward(
            student, ref, x, h0, c0, Wx, Wh, b, f"lstm_forward with (N, T, D) = ({N}, {T}, {D}), H = {H}"
        )


@pytest.mark.grades("lstm_forward")
@pytest.mark.points(2)
def test_lstm_forward_stable(student: Student, ref: ModuleType) -> None:
    """stays finite and warning-free when pre-activations reach ±1e4"""
    r = rng(23)
    N, T, D, H = 2, 6, 3, 3
    Wx, Wh, b = lstm_weights(r, D, H)
    x = 1e4 * np.sign(r.standard_normal((N, T, D))) / D
    check_lstm_forward(
        student,
        ref,
        x,
        r.standard_normal((N, H)),
        r.standard_normal((N, H)),
        np.sign(Wx),
        Wh,
        b,
        "lstm_forward with pre-activations near ±1e4",
        unstable_hint="use a stable sigmoid: 1 / (1 + exp(-z)) overflows for z near -1e4",
    )


@pytest.mark.grades("lstm_forward")
@pytest.mark.points(2)
def test_lstm_forward_lengths(student: Student, ref: ModuleType) -> None:
    """handles a sequence of length 1 and a long sequence from zero states"""
    r = rng(24)
    for N, T, D, H in ((3, 1, 2, 4), (2, 40, 2, 3)):
        Wx, Wh, b = lstm_weights(r, D, H)
        x, h0, c0 = r.standard_normal((N, T, D)), r.standard_normal((N, H)), r.standard_normal((N, H))
        if T > 1:  # the usual start: zero hidden and cell states
            h0, c0 = np.zeros((N, H)), np.zeros((N, H))
        check_lstm_forward(student, ref, x, h0, c0, Wx, Wh, b, f"lstm_forward with T = {T}")


@pytest.mark.grades("lstm_forward")
@pytest.mark.points(1)
def test_lstm_forward_uses_initial_state(student: Student, ref: ModuleType) -> None:
    """uses its initial states: changing h0 or c0 changes the output"""
    r = rng(39)
    N, T, D, H = 2, 3, 2, 3
    Wx, Wh, b = lstm_weights(r, D, H)
    x, h0, c0 = r.standard_normal((N, T, D)), r.standard_normal((N, H)), 2.0 * r.standard_normal((N, H))
    zeros = np.zeros((N, H))
    given = array(student(x, h0, c0, Wx, Wh, b), "lstm_forward from non-zero h0 and c0", hint=LSTM_FORWARD_SHAPE)
    no_c0 = array(student(x, h0, zeros, Wx, Wh, b), "lstm_forward from c0 = 0", hint=LSTM_FORWARD_SHAPE)
    if same_output(no_c0, given):
        ignores("lstm_forward", "c0", "the initial cell state", "start the recurrence from c0")
    no_h0 = array(student(x, zeros, c0, Wx, Wh, b), "lstm_forward from h0 = 0", hint=LSTM_FORWARD_SHAPE)
    if same_output(no_h0, given):
        ignores("lstm_forward", "h0", "the initial hidden state", "start the recurrence from h0")
    check_lstm_forward(student, ref, x, h0, c0, Wx, Wh, b, "lstm_forward from non-zero h0 and c0")


@pytest.mark.grades("lstm_forward")
@pytest.mark.points(1)
def test_lstm_forward_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    r = rng(25)
    Wx, Wh, b = lstm_weights(r, 2, 3)
    x, h0, c0 = r.standard_normal((2, 4, 2)), r.standard_normal((2, 3)), r.standard_normal((2, 3))
    check_lstm_forward(student, ref, x, h0, c0, Wx, Wh, b, "lstm_forward of read-only inputs", readonly=True)
    check_lstm_forward(student, ref, x, h0, c0, Wx, Wh, b, "lstm_forward of lists", as_list=True)


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
    return (r.standard_normal((*lead, Tq, D)), r.standard_normal((*lead, Tk, D)), r.standard_normal((*lead, Tk, Dv)))


@pytest.mark.grades("scaled_dot_product_attention")
@pytest.mark.points(3)
def test_attn_plain(student: Student, ref: ModuleType) -> None:
    """matches torch's scaled_dot_product_attention on 2-D inputs without a mask"""
    r = rng(26)
    for T, D in ((1, 1), (4, 3), (7, 8), (10, 16)):
        check_attention(student, ref, *qkv(r, (), T, T, D, D), None, f"self-attention with T={T}, D={D}")


@pytest.mark.grades("scaled_dot_product_attention")
@pytest.mark.points(3)
def test_attn_shapes(student: Student, ref: ModuleType) -> None:
    """handles D different from Dv and Tq different from Tk"""
    r = rng(27)
    for Tq, Tk, D, Dv in ((3, 5, 4, 7), (6, 2, 8, 1), (1, 9, 5, 3), (5, 4, 2, 6)):
        check_attention(
            student,
            ref,
            *qkv(r, (), Tq, Tk, D, Dv),
            None,
            f"attention with Tq={Tq}, Tk={Tk}, D={D}, Dv={Dv}",
            hint=ATTN_HINT + "; scale by sqrt(D), the width of the queries and keys, not of the values",
        )


@pytest.mark.grades("scaled_dot_product_attention")
@pytest.mark.points(3)
def test_attn_batched(student: Student, ref: ModuleType) -> None:
    """handles batched leading dimensions (batch, heads, ...)"""
    r = rng(28)
    for lead, Tq, Tk, D, Dv in (((3,), 4, 4, 5, 5), ((2, 3), 5, 6, 4, 7), ((2, 2, 3), 3, 2, 6, 2), ((1,), 2, 5, 3, 4)):
        check_attention(
            student,
            ref,
            *qkv(r, lead, Tq, Tk, D, Dv),
            None,
            f"attention with leading dimensions {lead}, Tq={Tq}, Tk={Tk}, D={D}, Dv={Dv}",
            hint=ATTN_HINT + "; K.T reverses every axis, np.swapaxes(K, -1, -2) swaps only the last two",
        )


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


@pytest.mark.grades("scaled_dot_product_attention")
@pytest.mark.points(3)
def test_attn_masks(student: Student, ref: ModuleType) -> None:
    """applies boolean masks of several broadcast shapes"""
    r = rng(29)
    B, Hh, Tq, Tk, D, Dv = 2, 3, 4, 5, 6, 3
    cases = [
        ((), (Tq, Tk)),
        ((), (Tk,)),
        ((B,), (B, 1, Tk)),
        ((B,), (Tq, Tk)),
        ((B, Hh), (B, 1, 1, Tk)),
        ((B, Hh), (1, Hh, Tq, Tk)),
        ((B, Hh), (B, Hh, Tq, Tk)),
        ((B, Hh), (Tq, 1)),
    ]
    for lead, mask_shape in cases:
        Q, K, V = qkv(r, lead, Tq, Tk, D, Dv)
        if mask_shape == (Tq, 1):
            mask = np.ones(mask_shape, dtype=bool)
        else:
            mask = random_mask(r, mask_shape)
        check_attention(
            student, ref, Q, K, V, mask, f"attention on Q {Q.shape} with a mask of shape {mask_shape}", hint=MASK_HINT
        )


@pytest.mark.grades("scaled_dot_product_attention")
@pytest.mark.points(2)
def test_attn_causal(student: Student, ref: ModuleType) -> None:
    """under a causal mask gives exactly zero weight to future keys"""
    r = rng(30)
    T = 6
    causal = np.tril(np.ones((T, T), dtype=bool))
    Q, K, V = qkv(r, (2,), T, T, 4, 4)
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


@pytest.mark.grades("scaled_dot_product_attention")
@pytest.mark.points(2)
def test_attn_stable(student: Student, ref: ModuleType) -> None:
    """stays finite and warning-free for scores in the thousands"""
    r = rng(31)
    Q, K, V = qkv(r, (2,), 4, 5, 4, 3)
    check_attention(
        student,
        ref,
        60.0 * Q,
        60.0 * K,
        V,
        None,
        "attention with very large scores",
        hint="subtract the row maximum of the scores before np.exp",
    )
    mask = random_mask(r, (4, 5))
    check_attention(
        student,
        ref,
        60.0 * Q,
        60.0 * K,
        V,
        mask,
        "masked attention with very large scores",
        hint="subtract the row maximum of the (masked) scores before np.exp",
    )


@pytest.mark.grades("scaled_dot_product_attention")
@pytest.mark.points(1)
def test_attn_uses_mask(student: Student, ref: ModuleType) -> None:
    """uses its mask: a mask that hides keys changes the result"""
    r = rng(40)
    Q, K, V = qkv(r, (), 4, 5, 3, 2)
    mask = random_mask(r, (4, 5))
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


@pytest.mark.grades("scaled_dot_product_attention")
@pytest.mark.points(1)
def test_attn_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs and a read-only mask untouched"""
    r = rng(32)
    Q, K, V = qkv(r, (2,), 3, 4, 5, 2)
    check_attention(student, ref, Q, K, V, random_mask(r, (2, 3, 4)), "attention on read-only inputs", readonly=True)
    check_attention(student, ref, Q, K, V, random_mask(r, (3, 4)), "attention on nested lists", as_list=True)
