"""Variants of m1_4_architectures answers: correct ones written another way, and typical mistakes."""

CORRECT = {
    "conv2d": [
        # loops over output positions, one tensordot per position
        """def conv2d(x, w, b, stride=1, padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    b = np.asarray(b, dtype=float)
    N, C, H, W = x.shape
    F, C2, KH, KW = w.shape
    if C != C2:
        raise ValueError("channels differ")
    if KH > H + 2 * padding or KW > W + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    xp = np.zeros((N, C, H + 2 * padding, W + 2 * padding))
    xp[:, :, padding:padding + H, padding:padding + W] = x
    Ho = (H + 2 * padding - KH) // stride + 1
    Wo = (W + 2 * padding - KW) // stride + 1
    out = np.zeros((N, F, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            patch = xp[:, :, i * stride:i * stride + KH, j * stride:j * stride + KW]
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out
""",
        # shift and add: one loop over the kernel offsets
        """def conv2d(x, w, b, stride=1, padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    b = np.asarray(b, dtype=float)
    N, C, H, W = x.shape
    F, C2, KH, KW = w.shape
    if C2 != C:
        raise ValueError(f"x has {C} channels, w has {C2}")
    Hp, Wp = H + 2 * padding, W + 2 * padding
    if KH > Hp:
        raise ValueError("kernel too tall")
    if KW > Wp:
        raise ValueError("kernel too wide")
    xp = np.pad(x, [(0, 0), (0, 0), (padding, padding), (padding, padding)], mode="constant")
    Ho = (Hp - KH) // stride + 1
    Wo = (Wp - KW) // stride + 1
    out = np.broadcast_to(b.reshape(1, F, 1, 1), (N, F, Ho, Wo)).copy()
    for p in range(KH):
        for q in range(KW):
            sl = xp[:, :, p:p + stride * (Ho - 1) + 1:stride, q:q + stride * (Wo - 1) + 1:stride]
            out += np.einsum("nchw,fc->nfhw", sl, w[:, :, p, q])
    return out
""",
        # im2col with as_strided and one matrix product
        """def conv2d(x, w, b, stride=1, padding=0):
    from numpy.lib.stride_tricks import as_strided
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    b = np.asarray(b, dtype=float)
    N, C, H, W = x.shape
    F, Cw, KH, KW = w.shape
    if Cw != C or KH > H + 2 * padding or KW > W + 2 * padding:
        raise ValueError("bad shapes for conv2d")
    xp = np.ascontiguousarray(np.pad(x, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2)))
    Ho = (xp.shape[2] - KH) // stride + 1
    Wo = (xp.shape[3] - KW) // stride + 1
    sn, sc, sh, sw = xp.strides
    cols = as_strided(xp, shape=(N, Ho, Wo, C, KH, KW), strides=(sn, sh * stride, sw * stride, sc, sh, sw),
                      writeable=False)
    out = cols.reshape(N * Ho * Wo, C * KH * KW) @ w.reshape(F, -1).T + b
    return out.reshape(N, Ho, Wo, F).transpose(0, 3, 1, 2)
""",
    ],
    "max_pool2d": [
        """def max_pool2d(x, kernel_size, stride=None):
    x = np.asarray(x, dtype=float)
    s = kernel_size if stride is None else stride
    N, C, H, W = x.shape
    Ho = (H - kernel_size) // s + 1
    Wo = (W - kernel_size) // s + 1
    out = np.empty((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s:i * s + kernel_size, j * s:j * s + kernel_size].max(axis=(2, 3))
    return out
""",
        """def max_pool2d(x, kernel_size, stride=None):
    x = np.asarray(x, dtype=float)
    k = kernel_size
    s = stride or k
    H, W = x.shape[2], x.shape[3]
    Ho, Wo = (H - k) // s + 1, (W - k) // s + 1
    out = np.full(x.shape[:2] + (Ho, Wo), -np.inf)
    for p in range(k):
        for q in range(k):
            out = np.maximum(out, x[:, :, p:p + s * (Ho - 1) + 1:s, q:q + s * (Wo - 1) + 1:s])
    return out
""",
    ],
    "rnn_step": [
        """def rnn_step(x_t, h_prev, Wx, Wh, b):
    z = np.einsum("nd,dh->nh", np.asarray(x_t, float), np.asarray(Wx, float))
    z = z + np.einsum("nk,kh->nh", np.asarray(h_prev, float), np.asarray(Wh, float))
    return np.tanh(z + np.asarray(b, float))
""",
        """def rnn_step(x_t, h_prev, Wx, Wh, b):
    xh = np.concatenate([np.asarray(x_t, dtype=float), np.asarray(h_prev, dtype=float)], axis=1)
    W = np.vstack([np.asarray(Wx, dtype=float), np.asarray(Wh, dtype=float)])
    a = xh @ W + np.asarray(b, dtype=float)
    return (np.exp(a) - np.exp(-a)) / (np.exp(a) + np.exp(-a)) if np.all(np.abs(a) < 300) else np.tanh(a)
""",
    ],
    "rnn_forward": [
        """def rnn_forward(x, h0, Wx, Wh, b):
    x = np.asarray(x, dtype=float)
    h = np.array(h0, dtype=float)
    Wx, Wh, b = (np.asarray(a, dtype=float) for a in (Wx, Wh, b))
    states = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        states.append(h)
    return np.stack(states, axis=1)
""",
        """def rnn_forward(x, h0, Wx, Wh, b):
    xs = np.transpose(np.asarray(x, dtype=float), (1, 0, 2))   # time-major
    proj = xs @ np.asarray(Wx, dtype=float) + np.asarray(b, dtype=float)
    h = np.asarray(h0, dtype=float)
    out = np.zeros(proj.shape[:2] + (h.shape[1],))
    for t in range(xs.shape[0]):
        h = np.tanh(proj[t] + h @ np.asarray(Wh, dtype=float))
        out[t] = h
    return out.transpose(1, 0, 2).copy()
""",
    ],
    "lstm_step": [
        """def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    sig = lambda z: 0.5 * (1.0 + np.tanh(0.5 * z))
    z = np.asarray(x_t, float) @ np.asarray(Wx, float) + np.asarray(h_prev, float) @ np.asarray(Wh, float)
    z = z + np.asarray(b, float)
    i, f, g, o = np.split(z, 4, axis=1)
    c = sig(f) * np.asarray(c_prev, float) + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c), c
""",
        """def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    def sigmoid(z):
        return np.exp(-np.logaddexp(0.0, -z))
    x_t = np.asarray(x_t, dtype=float)
    h_prev = np.asarray(h_prev, dtype=float)
    N, H = h_prev.shape
    z = (x_t @ np.asarray(Wx, dtype=float) + h_prev @ np.asarray(Wh, dtype=float) + np.asarray(b, dtype=float))
    gates = z.reshape(N, 4, H)
    c = sigmoid(gates[:, 1]) * np.asarray(c_prev, dtype=float) + sigmoid(gates[:, 0]) * np.tanh(gates[:, 2])
    h = sigmoid(gates[:, 3]) * np.tanh(c)
    return (h, c)
""",
    ],
    "lstm_forward": [
        # reuses the notebook's lstm_step
        """def lstm_forward(x, h0, c0, Wx, Wh, b):
    x = np.asarray(x, dtype=float)
    h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)
    hs = []
    for t in range(x.shape[1]):
        h, c = lstm_step(x[:, t], h, c, Wx, Wh, b)
        hs.append(h)
    return np.stack(hs, axis=1)
""",
        """def lstm_forward(x, h0, c0, Wx, Wh, b):
    def sigmoid(z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0, e) / (1.0 + e)
    x = np.asarray(x, dtype=float)
    Wx, Wh, b = np.asarray(Wx, dtype=float), np.asarray(Wh, dtype=float), np.asarray(b, dtype=float)
    h, c = np.array(h0, dtype=float), np.array(c0, dtype=float)
    N, T, D = x.shape
    H = h.shape[1]
    pre_x = np.einsum("ntd,dk->ntk", x, Wx) + b
    out = np.empty((N, T, H))
    for t in range(T):
        z = pre_x[:, t] + h @ Wh
        c = sigmoid(z[:, H:2 * H]) * c + sigmoid(z[:, :H]) * np.tanh(z[:, 2 * H:3 * H])
        h = sigmoid(z[:, 3 * H:]) * np.tanh(c)
        out[:, t] = h
    return out
""",
    ],
    "scaled_dot_product_attention": [
        """def scaled_dot_product_attention(Q, K, V, mask=None):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    s = np.einsum("...qd,...kd->...qk", Q, K) / np.sqrt(Q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -1e30)
    s = s - np.max(s, axis=-1, keepdims=True)
    w = np.exp(s)
    w /= np.sum(w, axis=-1, keepdims=True)
    return np.einsum("...qk,...kv->...qv", w, V), w
""",
        """def scaled_dot_product_attention(Q, K, V, mask=None):
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    V = np.asarray(V, dtype=float)
    scores = np.matmul(Q, np.swapaxes(K, -2, -1)) * (1.0 / math.sqrt(Q.shape[-1]))
    allowed = np.ones(scores.shape, dtype=bool) if mask is None else np.broadcast_to(np.asarray(mask, bool), scores.shape)
    top = np.max(np.where(allowed, scores, -np.inf), axis=-1, keepdims=True)
    e = np.where(allowed, np.exp(np.where(allowed, scores - top, 0.0)), 0.0)
    weights = e / e.sum(axis=-1, keepdims=True)
    return np.matmul(weights, V), weights
""",
    ],
}

_CONV_OK = """def conv2d(x, w, b, stride=1, padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    b = np.asarray(b, dtype=float)
    N, C, H, W = x.shape
    F, Cw, KH, KW = w.shape
    if C != Cw:
        raise ValueError("channel mismatch")
    if KH > H + 2 * padding or KW > W + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    win = np.lib.stride_tricks.sliding_window_view(xp, (KH, KW), axis=(2, 3))[:, :, ::stride, ::stride]
    return np.einsum("ncijpq,fcpq->nfij", win, w) + b[None, :, None, None]
"""

_LSTM_OK = """def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    sig = lambda z: 0.5 * (1.0 + np.tanh(0.5 * z))
    z = np.asarray(x_t, float) @ np.asarray(Wx, float) + np.asarray(h_prev, float) @ np.asarray(Wh, float)
    z = z + np.asarray(b, float)
    i, f, g, o = np.split(z, 4, axis=1)
    c = sig(f) * np.asarray(c_prev, float) + sig(i) * np.tanh(g)
    h = sig(o) * np.tanh(c)
    return h, c
"""

_LSTM_FORWARD_OK = """def lstm_forward(x, h0, c0, Wx, Wh, b):
    sig = lambda z: 0.5 * (1.0 + np.tanh(0.5 * z))
    x = np.asarray(x, dtype=float)
    Wx, Wh, b = np.asarray(Wx, dtype=float), np.asarray(Wh, dtype=float), np.asarray(b, dtype=float)
    h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)
    H = h.shape[1]
    hs = []
    for t in range(x.shape[1]):
        z = x[:, t] @ Wx + h @ Wh + b
        c = sig(z[:, H:2 * H]) * c + sig(z[:, :H]) * np.tanh(z[:, 2 * H:3 * H])
        h = sig(z[:, 3 * H:]) * np.tanh(c)
        hs.append(h)
    return np.stack(hs, axis=1)
"""

_ATTN_OK = """def scaled_dot_product_attention(Q, K, V, mask=None):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    s = Q @ np.swapaxes(K, -1, -2) / math.sqrt(Q.shape[-1])
    if mask is not None:
        s = np.where(np.asarray(mask, dtype=bool), s, -np.inf)
    s = s - s.max(axis=-1, keepdims=True)
    e = np.exp(s)
    w = e / e.sum(axis=-1, keepdims=True)
    return w @ V, w
"""

_RNN_FORWARD_OK = """def rnn_forward(x, h0, Wx, Wh, b):
    x = np.asarray(x, dtype=float)
    h = np.asarray(h0, dtype=float)
    hs = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        hs.append(h)
    return np.stack(hs, axis=1)
"""

MISTAKES = {
    "conv2d": {
        "flipped kernel (true convolution)": _CONV_OK.replace("(xp, (KH, KW)", "(xp, (KH, KW)").replace(
            "win, w)", "win, w[:, :, ::-1, ::-1])"
        ),
        "no bias": _CONV_OK.replace(" + b[None, :, None, None]", ""),
        "padding on one side only": _CONV_OK.replace(
            "(padding, padding), (padding, padding)", "(0, 2 * padding), (0, 2 * padding)"
        ),
        "stride ignored": _CONV_OK.replace("[:, :, ::stride, ::stride]", ""),
        "output size rounded up": _CONV_OK.replace(
            "[:, :, ::stride, ::stride]",
            "[:, :, ::stride, ::stride]\n    if stride > 1 and (xp.shape[2] - KH) % stride:\n"
            "        win = np.concatenate([win, win[:, :, -1:]], axis=2)",
        ),
        "kernel checked against the unpadded input": _CONV_OK.replace(
            "if KH > H + 2 * padding or KW > W + 2 * padding:", "if KH > H or KW > W:"
        ),
        "rows and columns swapped for the kernel": _CONV_OK.replace("fcpq->nfij", "fcqp->nfij").replace(
            "(xp, (KH, KW)", "(xp, (KW, KH)"
        ),
        "uses np.fft": """def conv2d(x, w, b, stride=1, padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    b = np.asarray(b, dtype=float)
    N, C, H, W = x.shape
    F, Cw, KH, KW = w.shape
    if C != Cw or KH > H + 2 * padding or KW > W + 2 * padding:
        raise ValueError("bad shapes")
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    Hp, Wp = xp.shape[2:]
    X = np.fft.fft2(xp)
    Wf = np.fft.fft2(w, s=(Hp, Wp))
    full = np.real(np.fft.ifft2(np.einsum("nchw,fchw->nfhw", X, np.conj(Wf))))
    return full[:, :, :Hp - KH + 1:stride, :Wp - KW + 1:stride] + b[None, :, None, None]
""",
        "uses numpy.fft imported under another name": """def conv2d(x, w, b, stride=1, padding=0):
    import numpy.fft as nf
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    b = np.asarray(b, dtype=float)
    N, C, H, W = x.shape
    F, Cw, KH, KW = w.shape
    if C != Cw or KH > H + 2 * padding or KW > W + 2 * padding:
        raise ValueError("bad shapes")
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    Hp, Wp = xp.shape[2:]
    X = nf.rfft2(xp)
    Wf = nf.rfft2(w, s=(Hp, Wp))
    full = nf.irfft2(np.einsum("nchw,fchw->nfhw", X, np.conj(Wf)), s=(Hp, Wp))
    return full[:, :, :Hp - KH + 1:stride, :Wp - KW + 1:stride] + b[None, :, None, None]
""",
        "uses np.correlate": """def conv2d(x, w, b, stride=1, padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    b = np.asarray(b, dtype=float)
    N, C, H, W = x.shape
    F, Cw, KH, KW = w.shape
    if C != Cw or KH > H + 2 * padding or KW > W + 2 * padding:
        raise ValueError("bad shapes")
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    Hp, Wp = xp.shape[2:]
    Ho, Wo = (Hp - KH) // stride + 1, (Wp - KW) // stride + 1
    out = np.zeros((N, F, Ho, Wo)) + b[None, :, None, None]
    for n in range(N):
        for f in range(F):
            for c in range(C):
                for i in range(Ho):
                    for p in range(KH):
                        row = np.correlate(xp[n, c, i * stride + p], w[f, c, p], mode="valid")
                        out[n, f, i] += row[::stride]
    return out
""",
    },
    "max_pool2d": {
        "default stride 1 instead of kernel_size": """def max_pool2d(x, kernel_size, stride=None):
    x = np.asarray(x, dtype=float)
    s = 1 if stride is None else stride
    win = np.lib.stride_tricks.sliding_window_view(x, (kernel_size, kernel_size), axis=(2, 3))
    return win[:, :, ::s, ::s].max(axis=(-2, -1))
""",
        "average pooling": """def max_pool2d(x, kernel_size, stride=None):
    x = np.asarray(x, dtype=float)
    s = kernel_size if stride is None else stride
    win = np.lib.stride_tricks.sliding_window_view(x, (kernel_size, kernel_size), axis=(2, 3))
    return win[:, :, ::s, ::s].mean(axis=(-2, -1))
""",
        "running maximum starts at 0": """def max_pool2d(x, kernel_size, stride=None):
    x = np.asarray(x, dtype=float)
    k = kernel_size
    s = k if stride is None else stride
    Ho, Wo = (x.shape[2] - k) // s + 1, (x.shape[3] - k) // s + 1
    out = np.zeros(x.shape[:2] + (Ho, Wo))
    for p in range(k):
        for q in range(k):
            out = np.maximum(out, x[:, :, p:p + s * (Ho - 1) + 1:s, q:q + s * (Wo - 1) + 1:s])
    return out
""",
        "partial windows kept (ceil mode)": """def max_pool2d(x, kernel_size, stride=None):
    x = np.asarray(x, dtype=float)
    k = kernel_size
    s = k if stride is None else stride
    N, C, H, W = x.shape
    Ho, Wo = -(-(H - k) // s) + 1, -(-(W - k) // s) + 1
    out = np.empty((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s:i * s + k, j * s:j * s + k].max(axis=(2, 3))
    return out
""",
        "output width computed from H": """def max_pool2d(x, kernel_size, stride=None):
    x = np.asarray(x, dtype=float)
    k = kernel_size
    s = k if stride is None else stride
    N, C, H, W = x.shape
    Ho = (H - k) // s + 1
    out = np.empty((N, C, Ho, Ho))
    for i in range(Ho):
        for j in range(Ho):
            out[:, :, i, j] = x[:, :, i * s:i * s + k, j * s:j * s + k].max(axis=(2, 3))
    return out
""",
    },
    "rnn_step": {
        "sigmoid instead of tanh": """def rnn_step(x_t, h_prev, Wx, Wh, b):
    z = np.asarray(x_t) @ np.asarray(Wx) + np.asarray(h_prev) @ np.asarray(Wh) + np.asarray(b)
    return 0.5 * (1.0 + np.tanh(0.5 * z))
""",
        "no bias": """def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.tanh(np.asarray(x_t) @ np.asarray(Wx) + np.asarray(h_prev) @ np.asarray(Wh))
""",
        "Wh transposed": """def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.tanh(np.asarray(x_t) @ np.asarray(Wx) + np.asarray(h_prev) @ np.asarray(Wh).T + np.asarray(b))
""",
        "previous state ignored": """def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.tanh(np.asarray(x_t) @ np.asarray(Wx) + np.asarray(b))
""",
        "no activation": """def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.asarray(x_t) @ np.asarray(Wx) + np.asarray(h_prev) @ np.asarray(Wh) + np.asarray(b)
""",
        "ReLU instead of tanh": """def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.maximum(0.0, np.asarray(x_t) @ np.asarray(Wx) + np.asarray(h_prev) @ np.asarray(Wh) + np.asarray(b))
""",
    },
    "rnn_forward": {
        "returns only the last state": _RNN_FORWARD_OK.replace("return np.stack(hs, axis=1)", "return h"),
        "includes h0": _RNN_FORWARD_OK.replace("hs = []", "hs = [h]"),
        "state not carried (h0 at every step)": _RNN_FORWARD_OK.replace(
            "h = np.tanh(x[:, t] @ Wx + h @ Wh + b)\n        hs.append(h)",
            "hs.append(np.tanh(x[:, t] @ Wx + h @ Wh + b))",
        ),
        "time-major output (T, N, H)": _RNN_FORWARD_OK.replace("np.stack(hs, axis=1)", "np.stack(hs, axis=0)"),
        "reads x as time-major": _RNN_FORWARD_OK.replace("x.shape[1]", "x.shape[0]").replace("x[:, t]", "x[t]"),
        "starts from zeros instead of h0": _RNN_FORWARD_OK.replace(
            "h = np.asarray(h0, dtype=float)", "h = np.zeros_like(np.asarray(h0, dtype=float))"
        ),
    },
    "lstm_step": {
        "naive sigmoid overflows": _LSTM_OK.replace(
            "sig = lambda z: 0.5 * (1.0 + np.tanh(0.5 * z))", "sig = lambda z: 1.0 / (1.0 + np.exp(-z))"
        ),
        "np.where sigmoid evaluates both branches": _LSTM_OK.replace(
            "sig = lambda z: 0.5 * (1.0 + np.tanh(0.5 * z))",
            "sig = lambda z: np.where(z >= 0, 1.0 / (1.0 + np.exp(-z)), np.exp(z) / (1.0 + np.exp(z)))",
        ),
        "gate order i, f, o, g": _LSTM_OK.replace("i, f, g, o = np.split", "i, f, o, g = np.split"),
        "gate order f, i, g, o": _LSTM_OK.replace("i, f, g, o = np.split", "f, i, g, o = np.split"),
        "no tanh on the cell state": _LSTM_OK.replace("h = sig(o) * np.tanh(c)", "h = sig(o) * c"),
        "returns (c, h)": _LSTM_OK.replace("return h, c", "return c, h"),
        "sigmoid on the candidate": _LSTM_OK.replace("sig(i) * np.tanh(g)", "sig(i) * sig(g)"),
        "forget gate ignored": _LSTM_OK.replace(
            "c = sig(f) * np.asarray(c_prev, float)", "c = np.asarray(c_prev, float)"
        ),
    },
    "lstm_forward": {
        "returns the cell states": _LSTM_FORWARD_OK.replace("hs.append(h)", "hs.append(c)"),
        "cell state reset every step": _LSTM_FORWARD_OK.replace(
            "c = sig(z[:, H:2 * H]) * c +", "c = sig(z[:, H:2 * H]) * np.asarray(c0, dtype=float) +"
        ),
        "naive sigmoid overflows": _LSTM_FORWARD_OK.replace(
            "sig = lambda z: 0.5 * (1.0 + np.tanh(0.5 * z))", "sig = lambda z: 1.0 / (1.0 + np.exp(-z))"
        ),
        "returns only the last state": _LSTM_FORWARD_OK.replace("return np.stack(hs, axis=1)", "return h"),
        "includes h0": _LSTM_FORWARD_OK.replace("hs = []", "hs = [h]"),
        "ignores c0": _LSTM_FORWARD_OK.replace(
            "np.asarray(c0, dtype=float)", "np.zeros_like(np.asarray(h0, dtype=float))"
        ),
    },
    "scaled_dot_product_attention": {
        "no scaling": _ATTN_OK.replace(" / math.sqrt(Q.shape[-1])", ""),
        "scaled by sqrt(Dv)": _ATTN_OK.replace("math.sqrt(Q.shape[-1])", "math.sqrt(V.shape[-1])"),
        "scaled by D": _ATTN_OK.replace("math.sqrt(Q.shape[-1])", "Q.shape[-1]"),
        "softmax over the queries": _ATTN_OK.replace(
            "s.max(axis=-1, keepdims=True)", "s.max(axis=-2, keepdims=True)"
        ).replace("e.sum(axis=-1, keepdims=True)", "e.sum(axis=-2, keepdims=True)"),
        "inverted mask": _ATTN_OK.replace(
            "np.where(np.asarray(mask, dtype=bool), s, -np.inf)", "np.where(np.asarray(mask, dtype=bool), -np.inf, s)"
        ),
        "mask multiplies the scores": _ATTN_OK.replace(
            "np.where(np.asarray(mask, dtype=bool), s, -np.inf)", "s * np.asarray(mask, dtype=float)"
        ),
        "mask applied after the softmax": _ATTN_OK.replace(
            "        s = np.where(np.asarray(mask, dtype=bool), s, -np.inf)\n", "        pass\n"
        ).replace(
            "    return w @ V, w",
            "    if mask is not None:\n        w = w * np.asarray(mask, dtype=bool)\n    return w @ V, w",
        ),
        "no max subtraction": _ATTN_OK.replace("    s = s - s.max(axis=-1, keepdims=True)\n", ""),
        "K.T instead of swapping the last two axes": _ATTN_OK.replace("np.swapaxes(K, -1, -2)", "K.T"),
        "returns (weights, output)": _ATTN_OK.replace("return w @ V, w", "return w, w @ V"),
        "scales Q in place": """def scaled_dot_product_attention(Q, K, V, mask=None):
    Q = np.asarray(Q, dtype=float)
    K, V = np.asarray(K, dtype=float), np.asarray(V, dtype=float)
    Q /= math.sqrt(Q.shape[-1])
    s = Q @ np.swapaxes(K, -1, -2)
    if mask is not None:
        s = np.where(np.asarray(mask, dtype=bool), s, -np.inf)
    s = s - s.max(axis=-1, keepdims=True)
    e = np.exp(s)
    w = e / e.sum(axis=-1, keepdims=True)
    return w @ V, w
""",
    },
}


def _without(source: str, *lines: str) -> str:
    """A correct variant with some lines (the conversions with np.asarray) taken out."""
    for line in lines:
        assert line in source, line
        source = source.replace(line, "")
    return source


# Mistakes caught by the tests that isolate an ignored argument and by the list-input checks; CAUGHT_BY names
# the hidden test written for each (it must fail: for an ignored argument it is the test whose message says so).
MISTAKES["conv2d"]["padding ignored"] = _CONV_OK.replace(
    "    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))\n", "    xp = x\n"
)
MISTAKES["max_pool2d"].update(
    {
        "stride ignored (always kernel_size)": """def max_pool2d(x, kernel_size, stride=None):
    x = np.asarray(x, dtype=float)
    k = kernel_size
    win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))
    return win[:, :, ::k, ::k].max(axis=(-2, -1))
""",
        "no asarray (lists fail)": _without(CORRECT["max_pool2d"][0], "    x = np.asarray(x, dtype=float)\n"),
    }
)
MISTAKES["rnn_step"]["no asarray (lists fail)"] = """def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.tanh(x_t @ Wx + h_prev @ Wh + b)
"""
MISTAKES["rnn_forward"]["no asarray (lists fail)"] = _without(
    _RNN_FORWARD_OK, "    x = np.asarray(x, dtype=float)\n", "    h = np.asarray(h0, dtype=float)\n"
).replace("    hs = []\n", "    h = h0\n    hs = []\n")
MISTAKES["lstm_step"].update(
    {
        "ignores c_prev": _LSTM_OK.replace("c = sig(f) * np.asarray(c_prev, float) + ", "c = "),
        "ignores h_prev": _LSTM_OK.replace(" + np.asarray(h_prev, float) @ np.asarray(Wh, float)", ""),
        "no asarray (lists fail)": """def lstm_step(x_t, h_prev, c_prev, Wx, Wh, b):
    sig = lambda z: 0.5 * (1.0 + np.tanh(0.5 * z))
    i, f, g, o = np.split(x_t @ Wx + h_prev @ Wh + b, 4, axis=1)
    c = sig(f) * c_prev + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c), c
""",
    }
)
MISTAKES["lstm_forward"].update(
    {
        "ignores h0": _LSTM_FORWARD_OK.replace(
            "h, c = np.asarray(h0, dtype=float), np.asarray(c0, dtype=float)",
            "c = np.asarray(c0, dtype=float)\n    h = np.zeros_like(c)",
        ),
        "no asarray (lists fail)": _without(_LSTM_FORWARD_OK, "    x = np.asarray(x, dtype=float)\n"),
    }
)
MISTAKES["scaled_dot_product_attention"].update(
    {
        "mask ignored": _ATTN_OK.replace(
            "        s = np.where(np.asarray(mask, dtype=bool), s, -np.inf)\n", "        pass\n"
        ),
        "no asarray (lists fail)": _ATTN_OK.replace(
            "    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))\n", ""
        ),
    }
)

LISTS_CASE = "accepts lists and leaves read-only inputs untouched [lists]"
CAUGHT_BY: dict[str, dict[str, str]] = {
    "conv2d": {
        "stride ignored": "uses its stride and padding arguments: two values of either give different results [stride]",
        "padding ignored": "uses its stride and padding arguments: two values of either give different results [padding]",
    },
    "max_pool2d": {
        "stride ignored (always kernel_size)": "uses_its_stride",
        "no asarray (lists fail)": "works_on_all_negative_inputs",
    },
    "rnn_step": {"no asarray (lists fail)": LISTS_CASE},
    "rnn_forward": {"starts from zeros instead of h0": "uses_h0", "no asarray (lists fail)": LISTS_CASE},
    "lstm_step": {
        "ignores c_prev": "uses the previous state: changing h_prev or c_prev changes (h, c) [c_prev]",
        "ignores h_prev": "uses the previous state: changing h_prev or c_prev changes (h, c) [h_prev]",
        "no asarray (lists fail)": LISTS_CASE,
    },
    "lstm_forward": {
        "ignores c0": "uses its initial states: changing h0 or c0 changes the output [c0]",
        "ignores h0": "uses its initial states: changing h0 or c0 changes the output [h0]",
        "no asarray (lists fail)": LISTS_CASE,
    },
    "scaled_dot_product_attention": {
        "mask ignored": "uses_the_mask",
        "no asarray (lists fail)": "accepts lists and leaves read-only inputs and a read-only mask untouched [lists]",
    },
}
