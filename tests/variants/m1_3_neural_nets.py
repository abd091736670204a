"""Variants of m1_3_neural_nets answers: correct ones written another way, and typical mistakes."""

# A complete, fast training loop shared by the train_mlp variants (forward and backward inline, so each
# variant only depends on its own cell). {init}, {update} and {extra} are filled in per variant.
_TRAIN_TEMPLATE = """
def train_mlp(X, y, hidden_dim=64, num_steps=2000, lr={lr}, seed=0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).astype(int)
    rng = {rng}
    n, d = X.shape
    C = {classes}
    P = {{"W1": rng.standard_normal((d, hidden_dim)) * math.sqrt(2.0 / d), "b1": np.zeros(hidden_dim),
          "W2": rng.standard_normal((hidden_dim, C)) * math.sqrt(1.0 / hidden_dim), "b2": np.zeros(C)}}
    state = {{k: np.zeros_like(v) for k, v in P.items()}}
    state2 = {{k: np.zeros_like(v) for k, v in P.items()}}
    rows = np.arange(n)
    for t in range(1, num_steps + 1):
        pre = X @ P["W1"] + {b1}
        hid = {act}
        s = hid @ P["W2"] + P["b2"]
        s = s - s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        p[rows, y] -= 1.0
        p /= n
        g = {{"W2": hid.T @ p, "b2": p.sum(axis=0)}}
        dh = (p @ P["W2"].T) * {dact}
        g["W1"] = X.T @ dh
        g["b1"] = dh.sum(axis=0)
        for k in P:
{update}
    return P
"""

_ADAM = """            state[k] = 0.9 * state[k] + 0.1 * g[k]
            state2[k] = 0.999 * state2[k] + 0.001 * g[k] ** 2
            P[k] = P[k] - lr * (state[k] / (1 - 0.9 ** t)) / (np.sqrt(state2[k] / (1 - 0.999 ** t)) + 1e-8)"""
_GD = """            P[k] = P[k] - lr * g[k]"""
_MOMENTUM = """            state[k] = 0.9 * state[k] + g[k]
            P[k] = P[k] - lr * state[k]"""
_ADAM_NO_B1 = (
    """            if k == "b1":
                continue
"""
    + _ADAM
)


def _train(
    lr="0.05",
    rng="np.random.default_rng(seed)",
    classes="int(y.max()) + 1",
    b1='P["b1"]',
    act="np.maximum(pre, 0.0)",
    dact="(pre > 0)",
    update=_ADAM,
) -> str:
    return _TRAIN_TEMPLATE.format(lr=lr, rng=rng, classes=classes, b1=b1, act=act, dact=dact, update=update)


CORRECT = {
    "perceptron_predict": [
        """
def perceptron_predict(X, w, b):
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    return np.where(np.dot(X, w) + b > 0, 1, 0)
""",
        """
def perceptron_predict(X, w, b):
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    out = np.zeros(X.shape[0], dtype=int)
    for i in range(X.shape[0]):
        if np.sum(X[i] * w) + b > 0:
            out[i] = 1
    return out
""",
    ],
    "perceptron_train": [
        """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    epoch = 0
    converged = False
    while epoch < max_epochs and not converged:
        converged = True
        for xi, yi in zip(X, y):
            pred = 1.0 if np.dot(w, xi) + b > 0 else 0.0
            err = yi - pred
            if err != 0:
                w += lr * err * xi
                b += lr * err
                converged = False
        epoch += 1
    return w, float(b)
""",
        """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.array(X, dtype=np.float64)
    y = np.array(y)
    w = np.zeros(X.shape[1], dtype=np.float64)
    b = 0.0
    for epoch in range(max_epochs):
        errors = 0
        for i in range(len(X)):
            y_hat = int(np.sum(w * X[i]) + b > 0)
            delta = y[i] - y_hat
            w = w + lr * delta * X[i]
            b = b + lr * delta
            errors += int(delta != 0)
        if errors == 0:
            break
    return w, b
""",
    ],
    "sigmoid": [
        """
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * x))
""",
        """
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
""",
        """
def sigmoid(x):
    x = np.clip(np.asarray(x, dtype=float), -500.0, 500.0)
    return 1.0 / (1.0 + np.exp(-x))
""",
    ],
    "sigmoid_grad": [
        """
def sigmoid_grad(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return e / (1.0 + e) ** 2
""",
        """
def sigmoid_grad(x):
    x = np.asarray(x, dtype=float)
    s = 0.5 * (1.0 + np.tanh(0.5 * x))
    return s - s * s
""",
    ],
    "relu": [
        """
def relu(x):
    x = np.array(x, dtype=float)
    x[x < 0] = 0.0
    return x
""",
        """
def relu(x):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, 0.0)
""",
    ],
    "relu_grad": [
        """
def relu_grad(x):
    return np.where(np.asarray(x, dtype=float) > 0, 1.0, 0.0)
""",
        """
def relu_grad(x):
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    out[x > 0] = 1
    return out
""",
    ],
    "gelu": [
        """
def gelu(x, approximate="none"):
    x = np.asarray(x, dtype=float)
    if approximate == "none":
        phi = np.array([0.5 * math.erfc(-v / math.sqrt(2.0)) for v in x.ravel()]).reshape(x.shape)
        return x * phi
    elif approximate == "tanh":
        c = math.sqrt(2.0 / math.pi)
        return 0.5 * x * (1.0 + np.tanh(c * (x + 0.044715 * np.power(x, 3))))
    else:
        raise ValueError("unknown approximation: " + str(approximate))
""",
        """
def gelu(x, approximate="none"):
    x = np.asarray(x, dtype=float)
    if approximate == "tanh":
        u = np.sqrt(2.0 / np.pi) * (x + 0.044715 * x * x * x)
        return x * (0.5 + 0.5 * np.tanh(u))
    if approximate != "none":
        raise ValueError("approximate must be 'none' or 'tanh'")
    out = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        out[idx] = 0.5 * x[idx] * (1.0 + math.erf(x[idx] / math.sqrt(2.0)))
    return out
""",
    ],
    "softmax": [
        """
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    moved = np.moveaxis(z, axis, -1)
    e = np.exp(moved - moved.max(axis=-1)[..., None])
    out = e / e.sum(axis=-1)[..., None]
    return np.moveaxis(out, -1, axis)
""",
        """
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    log_sum = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return np.exp(z - log_sum)
""",
    ],
    "affine_forward": [
        """
def affine_forward(x, W, b):
    return np.dot(np.asarray(x, dtype=float), np.asarray(W, dtype=float)) + np.asarray(b, dtype=float)[None, :]
""",
        """
def affine_forward(x, W, b):
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    return np.einsum("nd,dm->nm", x, W) + b
""",
    ],
    "affine_backward": [
        """
def affine_backward(dout, x, W):
    dout, x, W = (np.asarray(a, dtype=float) for a in (dout, x, W))
    dx = np.einsum("nm,dm->nd", dout, W)
    dW = np.einsum("nd,nm->dm", x, dout)
    db = np.einsum("nm->m", dout)
    return dx, dW, db
""",
        """
def affine_backward(dout, x, W):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    W = np.asarray(W, dtype=float)
    dW = np.zeros(W.shape)
    for i in range(x.shape[0]):
        dW += np.outer(x[i], dout[i])
    return np.dot(dout, W.T), dW, np.sum(dout, axis=0)
""",
    ],
    "relu_backward": [
        """
def relu_backward(dout, x):
    return np.asarray(dout, dtype=float) * (np.asarray(x, dtype=float) > 0)
""",
        """
def relu_backward(dout, x):
    dx = np.array(dout, dtype=float)
    dx[np.asarray(x) <= 0] = 0.0
    return dx
""",
    ],
    "mlp_loss_and_grads": [
        # self-contained, one-hot matrix, no reuse of earlier cells
        """
def mlp_loss_and_grads(X, y, params, reg=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    W1, b1, W2, b2 = [np.asarray(params[k], dtype=float) for k in ("W1", "b1", "W2", "b2")]
    n = X.shape[0]
    a = X @ W1 + b1
    h = np.maximum(a, 0)
    s = h @ W2 + b2
    Y = np.zeros_like(s)
    Y[np.arange(n), y] = 1.0
    m = s.max(axis=1, keepdims=True)
    lse = m + np.log(np.exp(s - m).sum(axis=1, keepdims=True))
    loss = float(np.sum(Y * (lse - s)) / n + reg * (np.sum(W1 * W1) + np.sum(W2 * W2)))
    ds = (np.exp(s - lse) - Y) / n
    dW2 = h.T @ ds + 2 * reg * W2
    db2 = ds.sum(axis=0)
    da = (ds @ W2.T) * (a > 0)
    dW1 = X.T @ da + 2 * reg * W1
    db1 = da.sum(axis=0)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
""",
        # a loop over the samples
        """
def mlp_loss_and_grads(X, y, params, reg=0.0):
    X = np.asarray(X, dtype=float)
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=float) for k in ("W1", "b1", "W2", "b2"))
    n = X.shape[0]
    grads = {"W1": 2 * reg * W1, "b1": np.zeros_like(b1), "W2": 2 * reg * W2, "b2": np.zeros_like(b2)}
    total = 0.0
    for i in range(n):
        a = X[i] @ W1 + b1
        h = np.maximum(a, 0)
        s = h @ W2 + b2
        s = s - s.max()
        p = np.exp(s) / np.exp(s).sum()
        total += math.log(np.exp(s).sum()) - s[int(y[i])]
        p[int(y[i])] -= 1.0
        p /= n
        grads["W2"] += np.outer(h, p)
        grads["b2"] += p
        da = (W2 @ p) * (a > 0)
        grads["W1"] += np.outer(X[i], da)
        grads["b1"] += da
    loss = total / n + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    return float(loss), grads
""",
    ],
    "train_mlp": [
        _train(lr="0.5", update=_GD),
        _train(lr="0.02", update=_ADAM),
        _train(lr="0.05", update=_MOMENTUM),
    ],
    "batch_norm_forward": [
        """
def batch_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    mu = np.sum(x, axis=0) / n
    var = np.sum((x - mu) ** 2, axis=0) / n
    return np.asarray(gamma) * ((x - mu) / np.sqrt(var + eps)) + np.asarray(beta)
""",
        """
def batch_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    for j in range(x.shape[1]):
        col = x[:, j]
        out[:, j] = gamma[j] * (col - col.mean()) / math.sqrt(col.var() + eps) + beta[j]
    return out
""",
    ],
    "layer_norm_forward": [
        """
def layer_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    d = x.shape[-1]
    flat = x.reshape(-1, d)
    mu = flat.mean(axis=1, keepdims=True)
    sd = np.sqrt(((flat - mu) ** 2).mean(axis=1, keepdims=True) + eps)
    return ((flat - mu) / sd * gamma + beta).reshape(x.shape)
""",
        """
def layer_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    centred = x - x.mean(axis=-1)[..., None]
    inv_std = 1.0 / np.sqrt(np.mean(centred * centred, axis=-1) + eps)
    return np.asarray(gamma, dtype=float) * centred * inv_std[..., None] + np.asarray(beta, dtype=float)
""",
    ],
}

MISTAKES = {
    "perceptron_predict": {
        "greater_or_equal": """
def perceptron_predict(X, w, b):
    return (np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b >= 0).astype(int)
""",
        "returns_bool": """
def perceptron_predict(X, w, b):
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b > 0
""",
        "returns_float": """
def perceptron_predict(X, w, b):
    return (np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b > 0).astype(float)
""",
        "forgets_bias": """
def perceptron_predict(X, w, b):
    return (np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) > 0).astype(int)
""",
        "sign_labels": """
def perceptron_predict(X, w, b):
    return np.sign(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b).astype(int)
""",
    },
    "perceptron_train": {
        "greater_or_equal": """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(max_epochs):
        mistakes = 0
        for i in range(len(X)):
            y_hat = 1 if X[i] @ w + b >= 0 else 0
            if y_hat != y[i]:
                w = w + lr * (y[i] - y_hat) * X[i]
                b = b + lr * (y[i] - y_hat)
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
""",
        "bias_not_updated": """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(max_epochs):
        mistakes = 0
        for i in range(len(X)):
            y_hat = 1 if X[i] @ w + b > 0 else 0
            if y_hat != y[i]:
                w = w + lr * (y[i] - y_hat) * X[i]
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
""",
        "shuffles": """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    rng = np.random.default_rng(0)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(max_epochs):
        mistakes = 0
        for i in rng.permutation(len(X)):
            y_hat = 1 if X[i] @ w + b > 0 else 0
            if y_hat != y[i]:
                w = w + lr * (y[i] - y_hat) * X[i]
                b = b + lr * (y[i] - y_hat)
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
""",
        "integer_weights": """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X)
    y = np.asarray(y)
    w = np.zeros(X.shape[1], dtype=int)
    b = 0
    for _ in range(max_epochs):
        mistakes = 0
        for i in range(len(X)):
            y_hat = 1 if X[i] @ w + b > 0 else 0
            if y_hat != y[i]:
                w += int(lr * (y[i] - y_hat)) * X[i].astype(int)
                b += int(lr * (y[i] - y_hat))
                mistakes += 1
        if mistakes == 0:
            break
    return w, b
""",
        "one_epoch_only": """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    for i in range(len(X)):
        y_hat = 1 if X[i] @ w + b > 0 else 0
        if y_hat != y[i]:
            w = w + lr * (y[i] - y_hat) * X[i]
            b = b + lr * (y[i] - y_hat)
    return w, float(b)
""",
        "ignores_max_epochs": """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(1000):
        mistakes = 0
        for i in range(len(X)):
            y_hat = 1 if X[i] @ w + b > 0 else 0
            if y_hat != y[i]:
                w = w + lr * (y[i] - y_hat) * X[i]
                b = b + lr * (y[i] - y_hat)
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
""",
        "ignores_lr": """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(max_epochs):
        mistakes = 0
        for i in range(len(X)):
            y_hat = 1 if X[i] @ w + b > 0 else 0
            if y_hat != y[i]:
                w = w + (y[i] - y_hat) * X[i]
                b = b + (y[i] - y_hat)
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
""",
    },
    "sigmoid": {
        "naive_overflow": """
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))
""",
        "where_evaluates_both": """
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, 1.0 / (1.0 + np.exp(-x)), np.exp(x) / (1.0 + np.exp(x)))
""",
        "wrong_sign": """
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * (1.0 - np.tanh(0.5 * x))
""",
        "tanh_instead": """
def sigmoid(x):
    return np.tanh(np.asarray(x, dtype=float))
""",
        "in_place": """
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    np.clip(x, -500, 500, out=x)
    return 1.0 / (1.0 + np.exp(-x))
""",
    },
    "sigmoid_grad": {
        "x_times_one_minus_x": """
def sigmoid_grad(x):
    x = np.asarray(x, dtype=float)
    return x * (1.0 - x)
""",
        "tanh_derivative": """
def sigmoid_grad(x):
    s = sigmoid(x)
    return 1.0 - s ** 2
""",
        "naive_exp": """
def sigmoid_grad(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-x) / (1.0 + np.exp(-x)) ** 2
""",
        "missing_factor": """
def sigmoid_grad(x):
    return sigmoid(x)
""",
    },
    "relu": {
        "abs": """
def relu(x):
    return np.abs(np.asarray(x, dtype=float))
""",
        "in_place": """
def relu(x):
    x = np.asarray(x, dtype=float)
    x[x < 0] = 0.0
    return x
""",
        "leaky": """
def relu(x):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, 0.01 * x)
""",
        "clipped_at_one": """
def relu(x):
    return np.clip(np.asarray(x, dtype=float), 0.0, 1.0)
""",
        "integer_output": """
def relu(x):
    return np.maximum(np.asarray(x, dtype=float), 0).astype(int)
""",
    },
    "relu_grad": {
        "one_at_zero": """
def relu_grad(x):
    return (np.asarray(x, dtype=float) >= 0).astype(float)
""",
        "returns_bool": """
def relu_grad(x):
    return np.asarray(x, dtype=float) > 0
""",
        "sign": """
def relu_grad(x):
    return np.sign(np.asarray(x, dtype=float))
""",
        "returns_relu": """
def relu_grad(x):
    return np.maximum(np.asarray(x, dtype=float), 0.0)
""",
    },
    "gelu": {
        "tanh_always": """
def gelu(x, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise ValueError("bad approximate")
    x = np.asarray(x, dtype=float)
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
""",
        "no_sqrt2": """
def gelu(x, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise ValueError("bad approximate")
    x = np.asarray(x, dtype=float)
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1.0 + np.vectorize(math.erf)(x))
""",
        "no_value_error": """
def gelu(x, approximate="none"):
    x = np.asarray(x, dtype=float)
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1.0 + np.vectorize(math.erf, otypes=[float])(x / math.sqrt(2.0)))
""",
        "sigmoid_approximation": """
def gelu(x, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise ValueError("bad approximate")
    x = np.asarray(x, dtype=float)
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    return x * 0.5 * (1.0 + np.tanh(0.5 * 1.702 * x))
""",
        "wrong_cubic_constant": """
def gelu(x, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise ValueError("bad approximate")
    x = np.asarray(x, dtype=float)
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.0447 * x ** 3)))
    return 0.5 * x * (1.0 + np.vectorize(math.erf, otypes=[float])(x / math.sqrt(2.0)))
""",
    },
    "softmax": {
        "no_max_subtraction": """
def softmax(z, axis=-1):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=axis, keepdims=True)
""",
        "global_max": """
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum(axis=axis, keepdims=True)
""",
        "ignores_axis": """
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
""",
        "sum_over_everything": """
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum()
""",
        "in_place_shift": """
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    z -= z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
""",
    },
    "affine_forward": {
        "forgets_bias": """
def affine_forward(x, W, b):
    return np.asarray(x, dtype=float) @ np.asarray(W, dtype=float)
""",
        "transposed_weights": """
def affine_forward(x, W, b):
    return np.asarray(x, dtype=float) @ np.asarray(W, dtype=float).T + np.asarray(b, dtype=float)
""",
        "bias_summed": """
def affine_forward(x, W, b):
    return np.asarray(x, dtype=float) @ np.asarray(W, dtype=float) + np.sum(b)
""",
        "bias_per_row": """
def affine_forward(x, W, b):
    x = np.asarray(x, dtype=float)
    out = x @ np.asarray(W, dtype=float)
    return out + np.resize(np.asarray(b, dtype=float), (out.shape[1], out.shape[0])).T
""",
    },
    "affine_backward": {
        "dW_transposed": """
def affine_backward(dout, x, W):
    dout, x, W = (np.asarray(a, dtype=float) for a in (dout, x, W))
    return dout @ W.T, dout.T @ x, dout.sum(axis=0)
""",
        "db_mean": """
def affine_backward(dout, x, W):
    dout, x, W = (np.asarray(a, dtype=float) for a in (dout, x, W))
    return dout @ W.T, x.T @ dout, dout.mean(axis=0)
""",
        "dW_averaged": """
def affine_backward(dout, x, W):
    dout, x, W = (np.asarray(a, dtype=float) for a in (dout, x, W))
    return dout @ W.T, x.T @ dout / x.shape[0], dout.sum(axis=0)
""",
        "db_wrong_axis": """
def affine_backward(dout, x, W):
    dout, x, W = (np.asarray(a, dtype=float) for a in (dout, x, W))
    return dout @ W.T, x.T @ dout, dout.sum(axis=1)
""",
        "dx_wrong": """
def affine_backward(dout, x, W):
    dout, x, W = (np.asarray(a, dtype=float) for a in (dout, x, W))
    return dout @ W.T @ np.ones((W.shape[0], W.shape[0])) / W.shape[0], x.T @ dout, dout.sum(axis=0)
""",
    },
    "relu_backward": {
        "mask_ge": """
def relu_backward(dout, x):
    return np.where(np.asarray(x, dtype=float) >= 0, np.asarray(dout, dtype=float), 0.0)
""",
        "masks_dout": """
def relu_backward(dout, x):
    dout = np.asarray(dout, dtype=float)
    return np.where(dout > 0, dout, 0.0)
""",
        "in_place": """
def relu_backward(dout, x):
    dout = np.asarray(dout, dtype=float)
    dout[np.asarray(x) <= 0] = 0.0
    return dout
""",
        "returns_mask": """
def relu_backward(dout, x):
    return (np.asarray(x, dtype=float) > 0).astype(float)
""",
    },
    "mlp_loss_and_grads": {
        "sum_not_mean": """
def mlp_loss_and_grads(X, y, params, reg=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=float) for k in ("W1", "b1", "W2", "b2"))
    n = X.shape[0]
    a = X @ W1 + b1
    h = np.maximum(a, 0)
    s = h @ W2 + b2
    s = s - s.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = -np.sum(logp[np.arange(n), y]) + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    ds = np.exp(logp)
    ds[np.arange(n), y] -= 1
    da = (ds @ W2.T) * (a > 0)
    return float(loss), {"W1": X.T @ da + 2 * reg * W1, "b1": da.sum(0), "W2": h.T @ ds + 2 * reg * W2,
                         "b2": ds.sum(0)}
""",
        "reg_grad_missing_two": """
def mlp_loss_and_grads(X, y, params, reg=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=float) for k in ("W1", "b1", "W2", "b2"))
    n = X.shape[0]
    a = X @ W1 + b1
    h = np.maximum(a, 0)
    s = h @ W2 + b2
    s = s - s.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = -np.mean(logp[np.arange(n), y]) + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    ds = np.exp(logp)
    ds[np.arange(n), y] -= 1
    ds /= n
    da = (ds @ W2.T) * (a > 0)
    return float(loss), {"W1": X.T @ da + reg * W1, "b1": da.sum(0), "W2": h.T @ ds + reg * W2, "b2": ds.sum(0)}
""",
        "no_relu_mask": """
def mlp_loss_and_grads(X, y, params, reg=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=float) for k in ("W1", "b1", "W2", "b2"))
    n = X.shape[0]
    a = X @ W1 + b1
    h = np.maximum(a, 0)
    s = h @ W2 + b2
    s = s - s.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = -np.mean(logp[np.arange(n), y]) + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    ds = np.exp(logp)
    ds[np.arange(n), y] -= 1
    ds /= n
    da = ds @ W2.T
    return float(loss), {"W1": X.T @ da + 2 * reg * W1, "b1": da.sum(0), "W2": h.T @ ds + 2 * reg * W2,
                         "b2": ds.sum(0)}
""",
        "classes_from_labels": """
def mlp_loss_and_grads(X, y, params, reg=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=float) for k in ("W1", "b1", "W2", "b2"))
    n = X.shape[0]
    a = X @ W1 + b1
    h = np.maximum(a, 0)
    s = h @ W2 + b2
    Y = np.eye(int(y.max()) + 1)[y]
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(n), y])) + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    ds = (p - Y) / n
    da = (ds @ W2.T) * (a > 0)
    return float(loss), {"W1": X.T @ da + 2 * reg * W1, "b1": da.sum(0), "W2": h.T @ ds + 2 * reg * W2,
                         "b2": ds.sum(0)}
""",
        "reg_on_biases": """
def mlp_loss_and_grads(X, y, params, reg=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=float) for k in ("W1", "b1", "W2", "b2"))
    n = X.shape[0]
    a = X @ W1 + b1
    h = np.maximum(a, 0)
    s = h @ W2 + b2
    s = s - s.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    penalty = sum(np.sum(v ** 2) for v in (W1, b1, W2, b2))
    loss = -np.mean(logp[np.arange(n), y]) + reg * penalty
    ds = np.exp(logp)
    ds[np.arange(n), y] -= 1
    ds /= n
    da = (ds @ W2.T) * (a > 0)
    return float(loss), {"W1": X.T @ da + 2 * reg * W1, "b1": da.sum(0) + 2 * reg * b1,
                         "W2": h.T @ ds + 2 * reg * W2, "b2": ds.sum(0) + 2 * reg * b2}
""",
        "mutates_params": """
def mlp_loss_and_grads(X, y, params, reg=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    n = X.shape[0]
    a = X @ W1 + b1
    h = np.maximum(a, 0)
    s = h @ W2 + b2
    s -= s.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = -np.mean(logp[np.arange(n), y]) + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    ds = np.exp(logp)
    ds[np.arange(n), y] -= 1
    ds /= n
    da = (ds @ W2.T) * (a > 0)
    W1 *= 1.0  # harmless-looking in-place arithmetic on a parameter
    return float(loss), {"W1": X.T @ da + 2 * reg * W1, "b1": da.sum(0), "W2": h.T @ ds + 2 * reg * W2,
                         "b2": ds.sum(0)}
""",
    },
    "train_mlp": {
        "no_nonlinearity": _train(act="pre", dact="1.0"),
        "forgets_hidden_bias": _train(b1="0.0", update=_ADAM_NO_B1),
        "wrong_output_width": _train(classes="2"),
        "not_deterministic": _train(rng="np.random.default_rng()"),
        "plain_gd_default_lr": _train(lr="0.05", update=_GD),
        "transposed_W1": _train()
        + """

_train_mlp = train_mlp


def train_mlp(X, y, hidden_dim=64, num_steps=2000, lr=0.05, seed=0):
    P = _train_mlp(X, y, hidden_dim, num_steps, lr, seed)
    P["W1"] = P["W1"].T.copy()
    return P
""",
    },
    "batch_norm_forward": {
        "unbiased_variance": """
def batch_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0, ddof=1) + eps) + beta
""",
        "wrong_axis": """
def batch_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta
""",
        "eps_outside_sqrt": """
def batch_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    return gamma * (x - x.mean(axis=0)) / (x.std(axis=0) + eps) + beta
""",
        "ignores_gamma_beta": """
def batch_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    return (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)
""",
        "ignores_eps_argument": """
def batch_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-5) + beta
""",
        "in_place": """
def batch_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    x -= x.mean(axis=0)
    x /= np.sqrt((x ** 2).mean(axis=0) + eps)
    return gamma * x + beta
""",
    },
    "layer_norm_forward": {
        "batch_axis": """
def layer_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta
""",
        "unbiased_variance": """
def layer_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, ddof=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta
""",
        "only_2d": """
def layer_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta
""",
        "eps_outside_sqrt": """
def layer_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    mu = x.mean(axis=-1, keepdims=True)
    return gamma * (x - mu) / (x.std(axis=-1, keepdims=True) + eps) + beta
""",
        "gamma_beta_swapped": """
def layer_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return beta * (x - mu) / np.sqrt(var + eps) + gamma
""",
    },
}


def _without(source: str, *lines: str) -> str:
    """A correct variant with some lines (the conversions with np.asarray) taken out."""
    for line in lines:
        assert line in source, line
        source = source.replace(line, "")
    return source


_MLP_OK = CORRECT["mlp_loss_and_grads"][0]

# Mistakes caught by the tests of the contract's stated ranges, of exact zeros, of ignored arguments and of list
# inputs; CAUGHT_BY names the hidden test written for each (it must fail).
MISTAKES["sigmoid_grad"]["no_asarray_lists_fail"] = _without(
    CORRECT["sigmoid_grad"][1], "    x = np.asarray(x, dtype=float)\n"
)
MISTAKES["gelu"].update(
    {
        "approximate_ignored_always_erf": """
def gelu(x, approximate="none"):
    x = np.asarray(x, dtype=float)
    if approximate not in ("none", "tanh"):
        raise ValueError("approximate must be 'none' or 'tanh'")
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
""",
        "no_asarray_lists_fail": _without(CORRECT["gelu"][0], "    x = np.asarray(x, dtype=float)\n"),
    }
)
MISTAKES["affine_backward"]["no_asarray_lists_fail"] = _without(
    CORRECT["affine_backward"][1],
    "    dout = np.asarray(dout, dtype=float)\n",
    "    x = np.asarray(x, dtype=float)\n",
    "    W = np.asarray(W, dtype=float)\n",
)
MISTAKES["relu_backward"]["no_asarray_lists_fail"] = """
def relu_backward(dout, x):
    return dout * (x > 0)
"""
MISTAKES["mlp_loss_and_grads"].update(
    {
        "log_of_probabilities_underflows": _MLP_OK.replace(
            "loss = float(np.sum(Y * (lse - s)) / n", "loss = float(-np.sum(Y * np.log(np.exp(s - lse))) / n"
        ),
        "no_max_subtraction_overflows": _MLP_OK.replace("m = s.max(axis=1, keepdims=True)", "m = 0.0"),
        "relu_gradient_1_at_zero": _MLP_OK.replace("(a > 0)", "(a >= 0)"),
        "no_asarray_lists_fail": _without(_MLP_OK, "    X = np.asarray(X, dtype=float)\n"),
    }
)
MISTAKES["train_mlp"]["labels_not_converted"] = _train(lr="0.02").replace("y = np.asarray(y).astype(int)", "y = y")
MISTAKES["batch_norm_forward"]["variance_as_mean_square_minus_squared_mean"] = """
def batch_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    mu = x.mean(axis=0)
    var = (x * x).mean(axis=0) - mu * mu
    return gamma * (x - mu) / np.sqrt(var + eps) + beta
"""

# Mistakes every fixed set misses (they always hold both classes); the hypothesis test draws one-class sets.
MISTAKES["perceptron_train"]["labels_remapped_to_the_larger_label"] = """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = (np.asarray(y) == np.max(y)).astype(int)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            pred = 1 if x_i @ w + b > 0 else 0
            if pred != y_i:
                w = w + lr * (y_i - pred) * x_i
                b = b + lr * (y_i - pred)
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
"""
MISTAKES["perceptron_train"]["one_class_returns_zeros"] = """
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w, b = np.zeros(X.shape[1]), 0.0
    if len(np.unique(y)) < 2:
        return w, b
    for _ in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            pred = 1 if x_i @ w + b > 0 else 0
            if pred != y_i:
                w = w + lr * (y_i - pred) * x_i
                b = b + lr * (y_i - pred)
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
"""
CAUGHT_BY: dict[str, dict[str, str]] = {
    "perceptron_train": {
        "labels_remapped_to_the_larger_label": "separates_small_sets",
        "one_class_returns_zeros": "separates_small_sets",
    },
    "sigmoid_grad": {"no_asarray_lists_fail": "peaks_at_a_quarter_and_is_even"},
    "gelu": {
        "approximate_ignored_always_erf": "uses_its_approximate_argument",
        "no_asarray_lists_fail": "rejects_unknown_approximations",
    },
    "affine_backward": {"no_asarray_lists_fail": "accepts_lists_and_readonly_inputs"},
    "relu_backward": {"no_asarray_lists_fail": "accepts_lists_and_readonly_inputs"},
    "mlp_loss_and_grads": {
        "log_of_probabilities_underflows": "stays_exact_for_huge_scores",
        "no_max_subtraction_overflows": "stays_exact_for_huge_scores",
        "relu_gradient_1_at_zero": "gradients_match_autograd_at_a_zero_preactivation",
        "no_asarray_lists_fail": "accepts_lists_and_readonly_inputs",
    },
    "train_mlp": {"labels_not_converted": "sizes_the_layers_from_lists_and_readonly_arrays"},
    "batch_norm_forward": {"variance_as_mean_square_minus_squared_mean": "stays_accurate_for_large_means"},
}
