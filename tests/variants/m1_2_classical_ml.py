"""Tests of the hidden tests of m1_2_classical_ml: correct variants written another way, and typical mistakes.

Every entry is a complete answer cell (the ``def`` plus any helpers, or the assignment of
``LEARNING_PARADIGMS``), with ``np`` and ``math`` in scope. ``CORRECT`` entries must score full marks on
their function; ``MISTAKES`` entries must lose points.
"""

from __future__ import annotations

CORRECT: dict[str, list[str]] = {
    "LEARNING_PARADIGMS": [
        # dict() with keyword arguments is awkward for hyphenated values: build it from pairs
        """
_pairs = [
    ("spam_filter", "supervised"), ("house_prices", "supervised"), ("tumour_scans", "supervised"),
    ("customer_segments", "unsupervised"), ("fraud_density", "unsupervised"), ("embedding_pca", "unsupervised"),
    ("llm_pretraining", "self-supervised"), ("masked_words", "self-supervised"),
    ("image_inpainting", "self-supervised"),
]
LEARNING_PARADIGMS = dict(_pairs)
""",
        # template filled in place, with constants for the three names
        """
SUP, UNSUP, SELF = "supervised", "unsupervised", "self-supervised"
LEARNING_PARADIGMS = {
    "spam_filter": SUP,
    "customer_segments": UNSUP,
    "llm_pretraining": SELF,
    "house_prices": SUP,
    "masked_words": SELF,
    "fraud_density": UNSUP,
    "tumour_scans": SUP,
    "image_inpainting": SELF,
    "embedding_pca": UNSUP,
}
""",
    ],
    "mse_loss": [
        # explicit loop over the flattened arrays
        """
def mse_loss(y_pred, y_true):
    a = np.asarray(y_pred, dtype=float)
    b = np.asarray(y_true, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"y_pred has shape {a.shape} but y_true has shape {b.shape}")
    total = 0.0
    for p, t in zip(a.ravel().tolist(), b.ravel().tolist()):
        total += (p - t) ** 2
    return total / a.size
""",
        # squared norm of the difference divided by the size, numpy float
        """
def mse_loss(y_pred, y_true):
    y_pred, y_true = np.array(y_pred, dtype=np.float64), np.array(y_true, dtype=np.float64)
    if np.shape(y_pred) != np.shape(y_true):
        raise ValueError("shapes differ")
    diff = (y_pred - y_true).reshape(-1)
    return np.sum(diff * diff) / diff.size
""",
    ],
    "mse_grad": [
        # written as a mean-style scaling of the difference
        """
def mse_grad(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=float)
    y_true = np.asarray(y_true, dtype=float)
    n = np.prod(y_pred.shape)
    return (y_pred - y_true) * (2.0 / n)
""",
        # via np.subtract and np.multiply into a fresh array
        """
def mse_grad(y_pred, y_true):
    a = np.array(y_pred, dtype=float)
    diff = np.subtract(a, np.asarray(y_true, dtype=float))
    return np.multiply(diff, 2.0) / a.size
""",
    ],
    "softmax_cross_entropy": [
        # per-row loop with math.log and a max shift
        """
def softmax_cross_entropy(logits, labels):
    logits = np.asarray(logits, dtype=float)
    labels = np.asarray(labels)
    n, c = logits.shape
    if len(labels) != n:
        raise ValueError(f"{len(labels)} labels for {n} rows")
    for lab in labels:
        if lab < 0 or lab >= c:
            raise ValueError(f"label {lab} is outside 0..{c - 1}")
    total = 0.0
    grad = np.zeros((n, c))
    for i in range(n):
        row = logits[i] - np.max(logits[i])
        e = np.exp(row)
        s = e.sum()
        total += -(row[labels[i]] - math.log(s))
        grad[i] = e / s
        grad[i, labels[i]] -= 1.0
    return total / n, grad / n
""",
        # log-softmax via a logsumexp helper and a one-hot matrix
        """
def _logsumexp(z):
    m = z.max(axis=1, keepdims=True)
    return m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))


def softmax_cross_entropy(logits, labels):
    z = np.array(logits, dtype=np.float64)
    y = np.asarray(labels)
    if y.ndim != 1 or y.shape[0] != z.shape[0]:
        raise ValueError("labels must have one entry per row of logits")
    if y.min() < 0 or y.max() > z.shape[1] - 1:
        raise ValueError("a label is out of range")
    onehot = np.eye(z.shape[1])[y]
    log_p = z - _logsumexp(z)
    loss = -np.sum(onehot * log_p) / z.shape[0]
    return np.float64(loss), (np.exp(log_p) - onehot) / z.shape[0]
""",
    ],
    "sgd_step": [
        # copy then in-place update of the copy
        """
def sgd_step(w, grad, lr):
    new_w = np.array(w, dtype=float, copy=True)
    new_w -= lr * np.asarray(grad, dtype=float)
    return new_w
""",
        # np.subtract with a scaled gradient
        """
def sgd_step(w, grad, lr):
    return np.subtract(np.asarray(w, dtype=float), np.multiply(lr, np.asarray(grad, dtype=float)))
""",
    ],
    "rmsprop_step": [
        # cache written as cache + (1 - decay) * (grad**2 - cache)
        """
def rmsprop_step(w, grad, cache, lr=0.01, decay=0.99, eps=1e-8):
    w = np.asarray(w, dtype=float)
    g = np.asarray(grad, dtype=float)
    c = np.asarray(cache, dtype=float)
    c_new = c + (1 - decay) * (g * g - c)
    return w - lr * g / (np.sqrt(c_new) + eps), c_new
""",
        # elementwise loop over flat views
        """
def rmsprop_step(w, grad, cache, lr=0.01, decay=0.99, eps=1e-8):
    w = np.array(w, dtype=float)
    g = np.asarray(grad, dtype=float).ravel()
    c = np.array(cache, dtype=float).ravel()
    flat = w.ravel()
    for i in range(flat.size):
        c[i] = decay * c[i] + (1 - decay) * g[i] ** 2
        flat[i] = flat[i] - lr * g[i] / (math.sqrt(c[i]) + eps)
    return flat.reshape(w.shape), c.reshape(w.shape)
""",
    ],
    "adam_step": [
        # PyTorch's arrangement: step size lr / bc1, denominator sqrt(v) / sqrt(bc2) + eps
        """
def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("t must be >= 1")
    g = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    bc1 = 1 - beta1 ** t
    bc2 = 1 - beta2 ** t
    denom = np.sqrt(v) / math.sqrt(bc2) + eps
    return np.asarray(w, dtype=float) - (lr / bc1) * m / denom, m, v
""",
        # moments written as interpolations, corrections with math.pow
        """
def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if not t >= 1:
        raise ValueError(f"step number t={t} must be at least 1")
    grad = np.asarray(grad, dtype=np.float64)
    m1 = np.asarray(m, dtype=np.float64)
    v1 = np.asarray(v, dtype=np.float64)
    m1 = m1 + (1 - beta1) * (grad - m1)
    v1 = v1 + (1 - beta2) * (np.square(grad) - v1)
    m_hat = m1 / (1 - math.pow(beta1, t))
    v_hat = v1 / (1 - math.pow(beta2, t))
    return np.asarray(w, dtype=np.float64) - lr * m_hat / (np.sqrt(v_hat) + eps), m1, v1
""",
    ],
    "train_linear_model": [
        # dictionary dispatch, loss via mse_loss/l2-style sums, gradient with einsum
        """
def train_linear_model(X, y, optimizer="adam", lr=0.01, num_steps=500, l2=0.0):
    known = {"sgd", "rmsprop", "adam"}
    if optimizer not in known:
        raise ValueError(f"optimizer must be one of {sorted(known)}, got {optimizer!r}")
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    state = {"cache": np.zeros(d), "m": np.zeros(d), "v": np.zeros(d)}
    losses = []
    for step in range(1, num_steps + 1):
        r = np.einsum("ij,j->i", X, w) - y
        losses.append(float(r @ r) / n + l2 * float(w @ w))
        g = 2.0 / n * np.einsum("ij,i->j", X, r) + 2.0 * l2 * w
        if optimizer == "sgd":
            w = sgd_step(w, g, lr)
        elif optimizer == "rmsprop":
            w, state["cache"] = rmsprop_step(w, g, state["cache"], lr)
        else:
            w, state["m"], state["v"] = adam_step(w, g, state["m"], state["v"], step, lr)
    return w, np.array(losses, dtype=float)
""",
        # a small closure per optimizer that hides the state
        """
def train_linear_model(X, y, optimizer="adam", lr=0.01, num_steps=500, l2=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    d = X.shape[1]
    if optimizer == "sgd":
        def update(w, g, t, s):
            return sgd_step(w, g, lr), s
    elif optimizer == "rmsprop":
        def update(w, g, t, s):
            w2, c = rmsprop_step(w, g, s[0], lr=lr)
            return w2, (c, s[1])
    elif optimizer == "adam":
        def update(w, g, t, s):
            w2, m, v = adam_step(w, g, s[0], s[1], t, lr=lr)
            return w2, (m, v)
    else:
        raise ValueError("unknown optimizer: " + str(optimizer))
    w = np.zeros(d)
    s = (np.zeros(d), np.zeros(d))
    losses = np.empty(num_steps, dtype=np.float64)
    for t in range(num_steps):
        pred = X.dot(w)
        losses[t] = np.mean((pred - y) ** 2) + l2 * np.sum(np.square(w))
        g = 2 * X.T.dot(pred - y) / len(y) + 2 * l2 * w
        w, s = update(w, g, t + 1, s)
    return w, losses
""",
    ],
    "l1_penalty": [
        """
def l1_penalty(w, lam):
    return lam * float(np.abs(np.asarray(w, dtype=float)).sum())
""",
        """
def l1_penalty(w, lam):
    total = 0.0
    for value in np.asarray(w, dtype=float).ravel():
        total += abs(value)
    return float(lam * total)
""",
    ],
    "l2_penalty": [
        """
def l2_penalty(w, lam):
    flat = np.asarray(w, dtype=float).ravel()
    return float(lam * (flat @ flat))
""",
        """
def l2_penalty(w, lam):
    return lam * np.linalg.norm(np.asarray(w, dtype=float).ravel()) ** 2
""",
    ],
    "ridge_closed_form": [
        # the mean-scaled system (XᵀX/n + lam I) w = Xᵀy/n
        """
def ridge_closed_form(X, y, lam):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    A = X.T @ X / n + lam * np.eye(d)
    return np.linalg.solve(A, X.T @ y / n)
""",
        # least squares on the augmented system [X; sqrt(n lam) I] w ≈ [y; 0]
        """
def ridge_closed_form(X, y, lam):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    A = np.vstack([X, math.sqrt(n * lam) * np.eye(d)])
    b = np.concatenate([y, np.zeros(d)])
    return np.linalg.lstsq(A, b, rcond=None)[0]
""",
    ],
    "polynomial_features": [
        """
def polynomial_features(x, degree):
    return np.vander(np.asarray(x, dtype=float), degree + 1, increasing=True)
""",
        # column by column, multiplying the previous column by x
        """
def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    out = np.ones((x.shape[0], degree + 1))
    for k in range(1, degree + 1):
        out[:, k] = out[:, k - 1] * x
    return out
""",
    ],
}

MISTAKES: dict[str, dict[str, str]] = {
    "LEARNING_PARADIGMS": {
        "next-token prediction called unsupervised": """
LEARNING_PARADIGMS = {
    "spam_filter": "supervised", "customer_segments": "unsupervised", "llm_pretraining": "unsupervised",
    "house_prices": "supervised", "masked_words": "self-supervised", "fraud_density": "unsupervised",
    "tumour_scans": "supervised", "image_inpainting": "self-supervised", "embedding_pca": "unsupervised",
}
""",
        "self-supervised tasks called supervised": """
LEARNING_PARADIGMS = {
    "spam_filter": "supervised", "customer_segments": "unsupervised", "llm_pretraining": "supervised",
    "house_prices": "supervised", "masked_words": "supervised", "fraud_density": "unsupervised",
    "tumour_scans": "supervised", "image_inpainting": "supervised", "embedding_pca": "unsupervised",
}
""",
        "capitalised names": """
LEARNING_PARADIGMS = {
    "spam_filter": "Supervised", "customer_segments": "Unsupervised", "llm_pretraining": "Self-supervised",
    "house_prices": "Supervised", "masked_words": "Self-supervised", "fraud_density": "Unsupervised",
    "tumour_scans": "Supervised", "image_inpainting": "Self-supervised", "embedding_pca": "Unsupervised",
}
""",
        "missing key and underscore spelling": """
LEARNING_PARADIGMS = {
    "spam_filter": "supervised", "customer_segments": "unsupervised", "llm_pretraining": "self_supervised",
    "house_prices": "supervised", "masked_words": "self_supervised", "fraud_density": "unsupervised",
    "tumour_scans": "supervised", "image_inpainting": "self_supervised",
}
""",
        "density estimation called supervised": """
LEARNING_PARADIGMS = {
    "spam_filter": "supervised", "customer_segments": "unsupervised", "llm_pretraining": "self-supervised",
    "house_prices": "supervised", "masked_words": "self-supervised", "fraud_density": "supervised",
    "tumour_scans": "supervised", "image_inpainting": "self-supervised", "embedding_pca": "unsupervised",
}
""",
    },
    "mse_loss": {
        "sum instead of mean": """
def mse_loss(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape:
        raise ValueError("shape mismatch")
    return float(np.sum((y_pred - y_true) ** 2))
""",
        "no shape check (broadcasts)": """
def mse_loss(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.size != y_true.size:
        raise ValueError("size mismatch")
    return float(np.mean((y_pred - y_true) ** 2))
""",
        "root mean squared error": """
def mse_loss(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape:
        raise ValueError("shape mismatch")
    return float(np.sqrt(np.mean((y_pred - y_true) ** 2)))
""",
        "mean over the first axis only": """
def mse_loss(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape:
        raise ValueError("shape mismatch")
    return np.sum((y_pred - y_true) ** 2) / len(y_pred)
""",
        "mean absolute error": """
def mse_loss(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape:
        raise ValueError("shape mismatch")
    return float(np.mean(np.abs(y_pred - y_true)))
""",
    },
    "mse_grad": {
        "missing factor 2": """
def mse_grad(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    return (y_pred - y_true) / y_pred.size
""",
        "wrong sign": """
def mse_grad(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    return 2.0 * (y_true - y_pred) / y_pred.size
""",
        "divides by the number of rows": """
def mse_grad(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    return 2.0 * (y_pred - y_true) / len(y_pred)
""",
        "not divided by N": """
def mse_grad(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    return 2.0 * (y_pred - y_true)
""",
        "writes into y_pred": """
def mse_grad(y_pred, y_true):
    y_pred = np.asarray(y_pred)
    y_pred -= np.asarray(y_true)
    y_pred *= 2.0 / y_pred.size
    return y_pred
""",
    },
    "softmax_cross_entropy": {
        "no max shift (overflows)": """
def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n, c = z.shape
    if y.shape != (n,) or np.any(y < 0) or np.any(y >= c):
        raise ValueError("bad labels")
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(n), y]))
    g = p.copy()
    g[np.arange(n), y] -= 1
    return float(loss), g / n
""",
        "log of a shifted softmax (log 0 for large logits)": """
def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n, c = z.shape
    if y.shape != (n,) or np.any(y < 0) or np.any(y >= c):
        raise ValueError("bad labels")
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(n), y]))
    g = p.copy()
    g[np.arange(n), y] -= 1
    return float(loss), g / n
""",
        "gradient not divided by N": """
def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n, c = z.shape
    if y.shape != (n,) or np.any(y < 0) or np.any(y >= c):
        raise ValueError("bad labels")
    s = z - z.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    g = np.exp(logp)
    g[np.arange(n), y] -= 1
    return float(-np.mean(logp[np.arange(n), y])), g
""",
        "sum over the batch instead of mean": """
def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n, c = z.shape
    if y.shape != (n,) or np.any(y < 0) or np.any(y >= c):
        raise ValueError("bad labels")
    s = z - z.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    g = np.exp(logp)
    g[np.arange(n), y] -= 1
    return float(-np.sum(logp[np.arange(n), y])), g
""",
        "negative labels accepted": """
def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n, c = z.shape
    if y.shape != (n,) or np.any(y >= c):
        raise ValueError("bad labels")
    s = z - z.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    g = np.exp(logp)
    g[np.arange(n), y] -= 1
    return float(-np.mean(logp[np.arange(n), y])), g / n
""",
        "no batch-size check": """
def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n, c = z.shape
    if np.any(y < 0) or np.any(y >= c):
        raise ValueError("bad labels")
    y = y[:n]
    s = z[: len(y)] - z[: len(y)].max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    g = np.exp(logp)
    g[np.arange(len(y)), y] -= 1
    return float(-np.mean(logp[np.arange(len(y)), y])), g / len(y)
""",
        "gradient sign flipped (onehot - softmax)": """
def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    n, c = z.shape
    if y.shape != (n,) or np.any(y < 0) or np.any(y >= c):
        raise ValueError("bad labels")
    s = z - z.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    g = -np.exp(logp)
    g[np.arange(n), y] += 1
    return float(-np.mean(logp[np.arange(n), y])), g / n
""",
        "shifts the logits in place": """
def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits)
    y = np.asarray(labels)
    n, c = z.shape
    if y.shape != (n,) or np.any(y < 0) or np.any(y >= c):
        raise ValueError("bad labels")
    z -= z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    g = np.exp(logp)
    g[np.arange(n), y] -= 1
    return float(-np.mean(logp[np.arange(n), y])), g / n
""",
    },
    "sgd_step": {
        "updates w in place": """
def sgd_step(w, grad, lr):
    w = np.asarray(w)
    w -= lr * np.asarray(grad)
    return w
""",
        "plus instead of minus": """
def sgd_step(w, grad, lr):
    return np.asarray(w, dtype=float) + lr * np.asarray(grad, dtype=float)
""",
        "ignores lr (fixed 0.01)": """
def sgd_step(w, grad, lr):
    return np.asarray(w, dtype=float) - 0.01 * np.asarray(grad, dtype=float)
""",
        "divides by lr": """
def sgd_step(w, grad, lr):
    return np.asarray(w, dtype=float) - np.asarray(grad, dtype=float) / lr
""",
        "returns a flattened list": """
def sgd_step(w, grad, lr):
    return (np.asarray(w, dtype=float) - lr * np.asarray(grad, dtype=float)).ravel().tolist()
""",
    },
    "rmsprop_step": {
        "eps inside the square root": """
def rmsprop_step(w, grad, cache, lr=0.01, decay=0.99, eps=1e-8):
    w, g, c = (np.asarray(a, dtype=float) for a in (w, grad, cache))
    c = decay * c + (1 - decay) * g ** 2
    return w - lr * g / np.sqrt(c + eps), c
""",
        "decay weights swapped": """
def rmsprop_step(w, grad, cache, lr=0.01, decay=0.99, eps=1e-8):
    w, g, c = (np.asarray(a, dtype=float) for a in (w, grad, cache))
    c = (1 - decay) * c + decay * g ** 2
    return w - lr * g / (np.sqrt(c) + eps), c
""",
        "uses the old cache in the step": """
def rmsprop_step(w, grad, cache, lr=0.01, decay=0.99, eps=1e-8):
    w, g, c = (np.asarray(a, dtype=float) for a in (w, grad, cache))
    new_w = w - lr * g / (np.sqrt(c) + eps)
    return new_w, decay * c + (1 - decay) * g ** 2
""",
        "cache of |grad| instead of grad**2": """
def rmsprop_step(w, grad, cache, lr=0.01, decay=0.99, eps=1e-8):
    w, g, c = (np.asarray(a, dtype=float) for a in (w, grad, cache))
    c = decay * c + (1 - decay) * np.abs(g)
    return w - lr * g / (c + eps), c
""",
        "no (1 - decay) factor": """
def rmsprop_step(w, grad, cache, lr=0.01, decay=0.99, eps=1e-8):
    w, g, c = (np.asarray(a, dtype=float) for a in (w, grad, cache))
    c = decay * c + g ** 2
    return w - lr * g / (np.sqrt(c) + eps), c
""",
        "updates the cache in place": """
def rmsprop_step(w, grad, cache, lr=0.01, decay=0.99, eps=1e-8):
    g = np.asarray(grad, dtype=float)
    cache = np.asarray(cache)
    cache *= decay
    cache += (1 - decay) * g ** 2
    return np.asarray(w, dtype=float) - lr * g / (np.sqrt(cache) + eps), cache.copy()
""",
    },
    "adam_step": {
        "no bias correction": """
def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("t < 1")
    g = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    return np.asarray(w, dtype=float) - lr * m / (np.sqrt(v) + eps), m, v
""",
        "bias correction with t + 1 (off by one)": """
def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("t < 1")
    g = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    return np.asarray(w, dtype=float) - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
""",
        "eps not bias-corrected (paper's efficient form)": """
def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("t < 1")
    g = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    lr_t = lr * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    return np.asarray(w, dtype=float) - lr_t * m / (np.sqrt(v) + eps), m, v
""",
        "eps inside the square root": """
def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("t < 1")
    g = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return np.asarray(w, dtype=float) - lr * m_hat / np.sqrt(v_hat + eps), m, v
""",
        "returns the corrected moments as state": """
def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("t < 1")
    g = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return np.asarray(w, dtype=float) - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat
""",
        "no ValueError for t < 1": """
def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    t = max(t, 1)
    g = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return np.asarray(w, dtype=float) - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
""",
        "betas swapped": """
def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("t < 1")
    g = np.asarray(grad, dtype=float)
    m = beta2 * np.asarray(m, dtype=float) + (1 - beta2) * g
    v = beta1 * np.asarray(v, dtype=float) + (1 - beta1) * g ** 2
    m_hat = m / (1 - beta2 ** t)
    v_hat = v / (1 - beta1 ** t)
    return np.asarray(w, dtype=float) - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
""",
    },
    "train_linear_model": {
        "records the loss after the step": """
def train_linear_model(X, y, optimizer="adam", lr=0.01, num_steps=500, l2=0.0):
    if optimizer not in ("sgd", "rmsprop", "adam"):
        raise ValueError("unknown optimizer")
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    w, a, b = np.zeros(d), np.zeros(d), np.zeros(d)
    losses = np.zeros(num_steps)
    for t in range(num_steps):
        g = 2 * X.T @ (X @ w - y) / n + 2 * l2 * w
        if optimizer == "sgd":
            w = sgd_step(w, g, lr)
        elif optimizer == "rmsprop":
            w, a = rmsprop_step(w, g, a, lr=lr)
        else:
            w, a, b = adam_step(w, g, a, b, t + 1, lr=lr)
        losses[t] = np.mean((X @ w - y) ** 2) + l2 * np.sum(w ** 2)
    return w, losses
""",
        "gradient without the factor 2": """
def train_linear_model(X, y, optimizer="adam", lr=0.01, num_steps=500, l2=0.0):
    if optimizer not in ("sgd", "rmsprop", "adam"):
        raise ValueError("unknown optimizer")
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    w, a, b = np.zeros(d), np.zeros(d), np.zeros(d)
    losses = np.zeros(num_steps)
    for t in range(num_steps):
        r = X @ w - y
        losses[t] = np.mean(r ** 2) + l2 * np.sum(w ** 2)
        g = X.T @ r / n + l2 * w
        if optimizer == "sgd":
            w = sgd_step(w, g, lr)
        elif optimizer == "rmsprop":
            w, a = rmsprop_step(w, g, a, lr=lr)
        else:
            w, a, b = adam_step(w, g, a, b, t + 1, lr=lr)
    return w, losses
""",
        "l2 only in the loss, not in the gradient": """
def train_linear_model(X, y, optimizer="adam", lr=0.01, num_steps=500, l2=0.0):
    if optimizer not in ("sgd", "rmsprop", "adam"):
        raise ValueError("unknown optimizer")
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    w, a, b = np.zeros(d), np.zeros(d), np.zeros(d)
    losses = np.zeros(num_steps)
    for t in range(num_steps):
        r = X @ w - y
        losses[t] = np.mean(r ** 2) + l2 * np.sum(w ** 2)
        g = 2 * X.T @ r / n
        if optimizer == "sgd":
            w = sgd_step(w, g, lr)
        elif optimizer == "rmsprop":
            w, a = rmsprop_step(w, g, a, lr=lr)
        else:
            w, a, b = adam_step(w, g, a, b, t + 1, lr=lr)
    return w, losses
""",
        "optimizer state reset every step": """
def train_linear_model(X, y, optimizer="adam", lr=0.01, num_steps=500, l2=0.0):
    if optimizer not in ("sgd", "rmsprop", "adam"):
        raise ValueError("unknown optimizer")
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    losses = np.zeros(num_steps)
    for t in range(num_steps):
        r = X @ w - y
        losses[t] = np.mean(r ** 2) + l2 * np.sum(w ** 2)
        g = 2 * X.T @ r / n + 2 * l2 * w
        if optimizer == "sgd":
            w = sgd_step(w, g, lr)
        elif optimizer == "rmsprop":
            w, _ = rmsprop_step(w, g, np.zeros(d), lr=lr)
        else:
            w, _, _ = adam_step(w, g, np.zeros(d), np.zeros(d), t + 1, lr=lr)
    return w, losses
""",
        "unknown optimizer only noticed inside the loop": """
def train_linear_model(X, y, optimizer="adam", lr=0.01, num_steps=500, l2=0.0):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    w, a, b = np.zeros(d), np.zeros(d), np.zeros(d)
    losses = np.zeros(num_steps)
    for t in range(num_steps):
        r = X @ w - y
        losses[t] = np.mean(r ** 2) + l2 * np.sum(w ** 2)
        g = 2 * X.T @ r / n + 2 * l2 * w
        if optimizer == "sgd":
            w = sgd_step(w, g, lr)
        elif optimizer == "rmsprop":
            w, a = rmsprop_step(w, g, a, lr=lr)
        elif optimizer == "adam":
            w, a, b = adam_step(w, g, a, b, t + 1, lr=lr)
        else:
            raise ValueError("unknown optimizer")
    return w, losses
""",
        "default lr of the step function used instead of lr": """
def train_linear_model(X, y, optimizer="adam", lr=0.01, num_steps=500, l2=0.0):
    if optimizer not in ("sgd", "rmsprop", "adam"):
        raise ValueError("unknown optimizer")
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    w, a, b = np.zeros(d), np.zeros(d), np.zeros(d)
    losses = np.zeros(num_steps)
    for t in range(num_steps):
        r = X @ w - y
        losses[t] = np.mean(r ** 2) + l2 * np.sum(w ** 2)
        g = 2 * X.T @ r / n + 2 * l2 * w
        if optimizer == "sgd":
            w = sgd_step(w, g, lr)
        elif optimizer == "rmsprop":
            w, a = rmsprop_step(w, g, a)
        else:
            w, a, b = adam_step(w, g, a, b, t + 1)
    return w, losses
""",
        "sum instead of mean in the loss and gradient": """
def train_linear_model(X, y, optimizer="adam", lr=0.01, num_steps=500, l2=0.0):
    if optimizer not in ("sgd", "rmsprop", "adam"):
        raise ValueError("unknown optimizer")
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    w, a, b = np.zeros(d), np.zeros(d), np.zeros(d)
    losses = np.zeros(num_steps)
    for t in range(num_steps):
        r = X @ w - y
        losses[t] = np.sum(r ** 2) + l2 * np.sum(w ** 2)
        g = 2 * X.T @ r + 2 * l2 * w
        if optimizer == "sgd":
            w = sgd_step(w, g, lr)
        elif optimizer == "rmsprop":
            w, a = rmsprop_step(w, g, a, lr=lr)
        else:
            w, a, b = adam_step(w, g, a, b, t + 1, lr=lr)
    return w, losses
""",
    },
    "l1_penalty": {
        "no absolute value": """
def l1_penalty(w, lam):
    return float(lam * np.sum(np.asarray(w, dtype=float)))
""",
        "sum along axis 0 only": """
def l1_penalty(w, lam):
    return lam * np.sum(np.abs(np.asarray(w, dtype=float)), axis=0)
""",
        "squares instead of absolute values": """
def l1_penalty(w, lam):
    return float(lam * np.sum(np.asarray(w, dtype=float) ** 2))
""",
        "lam ignored": """
def l1_penalty(w, lam):
    return float(np.sum(np.abs(np.asarray(w, dtype=float))))
""",
        "mean instead of sum": """
def l1_penalty(w, lam):
    return float(lam * np.mean(np.abs(np.asarray(w, dtype=float))))
""",
    },
    "l2_penalty": {
        "factor one half": """
def l2_penalty(w, lam):
    return float(0.5 * lam * np.sum(np.asarray(w, dtype=float) ** 2))
""",
        "norm instead of squared norm": """
def l2_penalty(w, lam):
    return float(lam * np.linalg.norm(np.asarray(w, dtype=float)))
""",
        "sum along axis 0 only": """
def l2_penalty(w, lam):
    return lam * np.sum(np.asarray(w, dtype=float) ** 2, axis=0)
""",
        "lam squared": """
def l2_penalty(w, lam):
    return float(lam ** 2 * np.sum(np.asarray(w, dtype=float) ** 2))
""",
        "absolute values (L1)": """
def l2_penalty(w, lam):
    return float(lam * np.sum(np.abs(np.asarray(w, dtype=float))))
""",
    },
    "ridge_closed_form": {
        "lam not multiplied by n": """
def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    d = X.shape[1]
    return np.linalg.solve(X.T @ X + lam * np.eye(d), X.T @ y)
""",
        "n * lam / 2 (half penalty)": """
def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    return np.linalg.solve(X.T @ X + 0.5 * n * lam * np.eye(d), X.T @ y)
""",
        "ignores lam (least squares)": """
def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return np.linalg.pinv(X) @ y
""",
        "penalty added to X^T y instead of X^T X": """
def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    return np.linalg.solve(X.T @ X, X.T @ y) / (1 + n * lam)
""",
        "dual form with lam instead of n * lam": """
def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    return X.T @ np.linalg.solve(X @ X.T + lam * np.eye(n), y)
""",
    },
    "polynomial_features": {
        "decreasing powers (np.vander default)": """
def polynomial_features(x, degree):
    return np.vander(np.asarray(x, dtype=float), degree + 1)
""",
        "no column of ones": """
def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return x[:, None] ** np.arange(1, degree + 1)
""",
        "one column short": """
def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return x[:, None] ** np.arange(degree)
""",
        "transposed": """
def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    return x[None, :] ** np.arange(degree + 1)[:, None]
""",
        "integer powers of |x|": """
def polynomial_features(x, degree):
    x = np.abs(np.asarray(x, dtype=float))
    return x[:, None] ** np.arange(degree + 1)
""",
    },
}

# Mistakes caught by the list-input checks; CAUGHT_BY names the hidden test that must fail (the only one).
MISTAKES["mse_grad"]["no asarray (lists fail)"] = """
def mse_grad(y_pred, y_true):
    return 2.0 * (y_pred - y_true) / y_pred.size
"""
MISTAKES["sgd_step"]["no asarray (lists fail)"] = """
def sgd_step(w, grad, lr):
    return w - lr * grad
"""
# Mistakes that pass every fixed case and only the hypothesis tests find (one sample, one feature, n = 1).
MISTAKES["polynomial_features"]["squeezes x (n = 1 breaks)"] = """
def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float).squeeze()
    return x[:, None] ** np.arange(degree + 1)
"""
MISTAKES["polynomial_features"]["squeezes the result (n = 1 breaks)"] = """
def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    out = np.stack([x**k for k in range(degree + 1)], axis=1)
    return out.squeeze() if len(x) == 1 else out
"""
MISTAKES["ridge_closed_form"]["column y, squeezed w (d = 1 breaks)"] = """
def ridge_closed_form(X, y, lam):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1, 1)
    n, d = X.shape
    return np.squeeze(np.linalg.solve(X.T @ X + n * lam * np.eye(d), X.T @ y))
"""
MISTAKES["ridge_closed_form"]["squeezes X (one sample breaks)"] = """
def ridge_closed_form(X, y, lam):
    X = np.atleast_2d(np.squeeze(np.asarray(X, dtype=float)))
    y = np.asarray(y, dtype=float).reshape(-1)
    n, d = X.shape
    return np.linalg.solve(X.T @ X + n * lam * np.eye(d), X.T @ y)
"""
CAUGHT_BY: dict[str, dict[str, str]] = {
    "mse_grad": {"no asarray (lists fail)": "test_accepts_lists_and_readonly_inputs"},
    "sgd_step": {"no asarray (lists fail)": "test_accepts_lists_and_readonly_inputs"},
    "polynomial_features": {
        "squeezes x (n = 1 breaks)": "test_matches_the_increasing_vandermonde_matrix",
        "squeezes the result (n = 1 breaks)": "test_matches_the_increasing_vandermonde_matrix",
    },
    "ridge_closed_form": {
        "column y, squeezed w (d = 1 breaks)": "test_minimises_j_for_any_small_shape",
        "squeezes X (one sample breaks)": "test_minimises_j_for_any_small_shape",
    },
}
