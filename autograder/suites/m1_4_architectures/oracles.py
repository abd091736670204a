"""The PyTorch oracles of m1_4_architectures (float64), with the student's weight layout mapped onto PyTorch's.

torch is imported inside each function: only the grader's process has it, never the sandbox.
"""

from __future__ import annotations

import math

import numpy as np


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
