"""Reference solutions of m1_4_architectures, generated from its source notebook by `make release`.

Do not edit: edit the answer cells of source/m1_4_architectures/m1_4_architectures.ipynb and run `make release`.
"""

import math

import numpy as np


# --- conv2d ------------------------------------------------------------------------------------
def conv2d(x, w, b, stride=1, padding=0):
    """2-D cross-correlation of a batch of images with a bank of filters (what deep learning calls convolution).

    Parameters
    ----------
    x : array-like of float, shape (N, C, H, W)
        A batch of N images with C channels.
    w : array-like of float, shape (F, C, KH, KW)
        F filters, each spanning all C channels.
    b : array-like of float, shape (F,)
        One bias per filter.
    stride : int >= 1
        Step between neighbouring windows, the same along both axes.
    padding : int >= 0
        Number of zeros added on every side of each image before sliding the filters.

    Returns
    -------
    ndarray, shape (N, F, H', W'), float64
        H' = (H + 2*padding - KH) // stride + 1 and W' likewise;
        out[n, f, i, j] = b[f] + sum over c, p, q of w[f, c, p, q] * x_padded[n, c, i*stride + p, j*stride + q].

    Raises
    ------
    ValueError
        If x and w have different numbers of channels, or if the kernel is larger than the padded
        input in either dimension.

    Not allowed, under any name (an alias, a name bound in another cell, numpy's private modules):
    np.convolve, np.correlate and np.fft.
    """
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    b = np.asarray(b, dtype=float)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(f"conv2d expects x (N,C,H,W) and w (F,C,KH,KW), got shapes {x.shape} and {w.shape}")
    N, C, H, W = x.shape
    F, C_w, KH, KW = w.shape
    if C != C_w:
        raise ValueError(f"channel mismatch: x has {C} channels, the filters expect {C_w}")
    if b.shape != (F,):
        raise ValueError(f"b should have shape ({F},), got {b.shape}")
    if stride < 1 or padding < 0:
        raise ValueError(f"stride must be >= 1 and padding >= 0, got stride={stride}, padding={padding}")
    H_pad, W_pad = H + 2 * padding, W + 2 * padding
    if KH > H_pad or KW > W_pad:
        raise ValueError(f"kernel {KH}x{KW} is larger than the padded input {H_pad}x{W_pad}")
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    # windows[n, c, i, j, p, q] = x_pad[n, c, i + p, j + q]; keep every stride-th window
    windows = np.lib.stride_tricks.sliding_window_view(x_pad, (KH, KW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    out = np.einsum("ncijpq,fcpq->nfij", windows, w, optimize=True)
    return out + b[None, :, None, None]
    ### END SOLUTION


# --- max_pool2d --------------------------------------------------------------------------------
def max_pool2d(x, kernel_size, stride=None):
    """Max pooling over square windows of every channel of a batch of images (no padding).

    Parameters
    ----------
    x : array-like of float, shape (N, C, H, W)
    kernel_size : int, the side k of the square window (k <= H and k <= W).
    stride : int or None, the step between windows; None means stride = kernel_size.

    Returns
    -------
    ndarray, shape (N, C, (H - k) // stride + 1, (W - k) // stride + 1), float64
        out[n, c, i, j] = max of x[n, c, i*stride : i*stride + k, j*stride : j*stride + k].
    """
    x = np.asarray(x, dtype=float)
    k = int(kernel_size)
    s = k if stride is None else int(stride)
    windows = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::s, ::s]
    return windows.max(axis=(-2, -1))
    ### END SOLUTION


# --- rnn_step ----------------------------------------------------------------------------------
def rnn_step(x_t, h_prev, Wx, Wh, b):
    """One step of a vanilla (Elman) RNN for a batch: tanh(x_t Wx + h_prev Wh + b).

    Parameters
    ----------
    x_t : array-like of float, shape (N, D)
        The inputs at this time step (always 2-D: a batch of N).
    h_prev : array-like of float, shape (N, H)
        The previous hidden states.
    Wx : array-like of float, shape (D, H)
    Wh : array-like of float, shape (H, H)
    b : array-like of float, shape (H,)

    Returns
    -------
    ndarray, shape (N, H), float64
        The new hidden states, each entry in [-1, 1].
    """
    x_t = np.asarray(x_t, dtype=float)
    h_prev = np.asarray(h_prev, dtype=float)
    Wx = np.asarray(Wx, dtype=float)
    Wh = np.asarray(Wh, dtype=float)
    b = np.asarray(b, dtype=float)
    return np.tanh(x_t @ Wx + h_prev @ Wh + b)
    ### END SOLUTION


# --- rnn_forward -------------------------------------------------------------------------------
def rnn_forward(x, h0, Wx, Wh, b):
    """Run a vanilla RNN over whole sequences (batch first) and return every hidden state.

    Parameters
    ----------
    x : array-like of float, shape (N, T, D)
        N sequences of T steps, batch first.
    h0 : array-like of float, shape (N, H)
        The initial hidden states.
    Wx : (D, H); Wh : (H, H); b : (H,)
        Float arrays, shared by every step.

    Returns
    -------
    ndarray, shape (N, T, H), float64
        hs[:, t] is the hidden state after reading x[:, t] (h0 itself is not included).
    """
    x = np.asarray(x, dtype=float)
    h = np.asarray(h0, dtype=float)
    N, T, _ = x.shape
    hs = np.empty((N, T, h.shape[1]))
    for t in range(T):
        h = rnn_step(x[:, t, :], h, Wx, Wh, b)
        hs[:, t, :] = h
    return hs
    ### END SOLUTION


# --- lstm_step ---------------------------------------------------------------------------------
def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    """One LSTM step for a batch, gates in the order i, f, g, o (as torch.nn.LSTMCell).

    Parameters
    ----------
    x_t : array-like of float, shape (N, D)
    h_prev, c_prev : array-like of float, shape (N, H)
        The previous hidden state and cell state.
    Wx : array-like of float, shape (D, 4H)
    Wh : array-like of float, shape (H, 4H)
    b : array-like of float, shape (4H,)
        Columns [0:H] belong to the input gate i, [H:2H] to the forget gate f,
        [2H:3H] to the candidate g and [3H:4H] to the output gate o.

    Returns
    -------
    (h, c) : two ndarrays of shape (N, H), float64
        c = sigmoid(f) * c_prev + sigmoid(i) * tanh(g);  h = sigmoid(o) * tanh(c).
        Finite and warning-free even when pre-activations reach +-1e4 (use a stable sigmoid).
    """
    def stable_sigmoid(z):
        e = np.exp(-np.abs(z))  # never overflows
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    x_t = np.asarray(x_t, dtype=float)
    h_prev = np.asarray(h_prev, dtype=float)
    c_prev = np.asarray(c_prev, dtype=float)
    z = x_t @ np.asarray(Wx, dtype=float) + h_prev @ np.asarray(Wh, dtype=float) + np.asarray(b, dtype=float)
    H = h_prev.shape[1]
    i = stable_sigmoid(z[:, :H])
    f = stable_sigmoid(z[:, H:2 * H])
    g = np.tanh(z[:, 2 * H:3 * H])
    o = stable_sigmoid(z[:, 3 * H:])
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return h, c
    ### END SOLUTION


# --- lstm_forward ------------------------------------------------------------------------------
def lstm_forward(x, h0, c0, Wx, Wh, b):
    """Run an LSTM over whole sequences (batch first) and return every hidden state.

    Parameters
    ----------
    x : array-like of float, shape (N, T, D)
        N sequences of T steps, batch first.
    h0, c0 : array-like of float, shape (N, H)
        The initial hidden state and cell state.
    Wx : (D, 4H); Wh : (H, 4H); b : (4H,)
        Float arrays, gates in the order i, f, g, o, shared by every step.

    Returns
    -------
    ndarray, shape (N, T, H), float64
        hs[:, t] is the hidden state after reading x[:, t] (h0 is not included; the cell
        states are not returned). Finite and warning-free like lstm_step.
    """
    x = np.asarray(x, dtype=float)
    h = np.asarray(h0, dtype=float)
    c = np.asarray(c0, dtype=float)
    N, T, _ = x.shape
    hs = np.empty((N, T, h.shape[1]))
    for t in range(T):
        h, c = lstm_step(x[:, t, :], h, c, Wx, Wh, b)
        hs[:, t, :] = h
    return hs
    ### END SOLUTION


# --- scaled_dot_product_attention --------------------------------------------------------------
def scaled_dot_product_attention(Q, K, V, mask=None):
    """Scaled dot-product attention with an optional boolean mask, for any leading (batch/head) dimensions.

    Parameters
    ----------
    Q : array-like of float, shape (..., Tq, D)
        The queries.
    K : array-like of float, shape (..., Tk, D)
        The keys.
    V : array-like of float, shape (..., Tk, Dv)
        The values. Q, K and V share their leading (batch, head) dimensions.
    mask : None or boolean array-like broadcastable to (..., Tq, Tk).
        True = this query may attend to this key; False = hidden (weight exactly 0).

    Returns
    -------
    (output, weights) : (ndarray (..., Tq, Dv), ndarray (..., Tq, Tk)), both float64
        weights = softmax(Q K^T / sqrt(D)) along the last axis, over the allowed keys
        (a hidden key gets a weight of exactly 0); output = weights @ V.
        Finite and warning-free for large scores (subtract the row maximum).
    """
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    V = np.asarray(V, dtype=float)
    D = Q.shape[-1]
    scores = Q @ np.swapaxes(K, -1, -2) / math.sqrt(D)
    if mask is not None:
        scores = np.where(np.asarray(mask, dtype=bool), scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)
    weights = e / e.sum(axis=-1, keepdims=True)
    return weights @ V, weights
    ### END SOLUTION
