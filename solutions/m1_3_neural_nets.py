"""Reference solutions of m1_3_neural_nets, generated from its source notebook by `make release`.

Do not edit: edit the answer cells of source/m1_3_neural_nets/m1_3_neural_nets.ipynb and run `make release`.
"""

import math

import numpy as np


# --- perceptron_predict ------------------------------------------------------------------------
def perceptron_predict(X, w, b):
    """Hard-threshold predictions of a perceptron for every row of X.

    Parameters
    ----------
    X : array-like, shape (n, d)
        One sample per row.
    w : array-like, shape (d,)
        Weights.
    b : float
        Bias.

    Returns
    -------
    ndarray, shape (n,), integer dtype
        1 where X·w + b > 0, else 0 (a point exactly on the boundary is 0).
    """
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    return (X @ w + b > 0).astype(np.int64)
    ### END SOLUTION


# --- perceptron_train --------------------------------------------------------------------------
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    """Train a perceptron with Rosenblatt's mistake-driven rule.

    Parameters
    ----------
    X : array-like, shape (n, d)
        Training samples, visited in this order in every epoch.
    y : array-like, shape (n,)
        Integer labels in {0, 1}.
    lr : float
        Learning rate eta.
    max_epochs : int
        Upper bound on the number of passes over the data.

    Returns
    -------
    (w, b) : (ndarray of shape (d,) and dtype float64, float)
        Start from w = 0, b = 0. For each sample predict 1 if w·x + b > 0 else 0; on a mistake
        w += lr·(y − ŷ)·x and b += lr·(y − ŷ). Stop after an epoch with no mistake, or after max_epochs.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(max_epochs):
        mistakes = 0
        for i in range(n):
            y_hat = 1 if X[i] @ w + b > 0 else 0
            if y_hat != y[i]:
                step = lr * (y[i] - y_hat)
                w = w + step * X[i]
                b = b + step
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
    ### END SOLUTION


# --- sigmoid -----------------------------------------------------------------------------------
def sigmoid(x):
    """Logistic sigmoid 1 / (1 + exp(-x)), elementwise and numerically stable.

    Parameters
    ----------
    x : array-like of any shape (float64)

    Returns
    -------
    ndarray, same shape as x, float64
        Values in [0, 1]; finite and warning-free even for |x| up to 1e4.
    """
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    e = np.exp(x[~positive])
    out[~positive] = e / (1.0 + e)
    return out
    ### END SOLUTION


# --- sigmoid_grad ------------------------------------------------------------------------------
def sigmoid_grad(x):
    """Derivative of the sigmoid, σ(x)·(1 − σ(x)), elementwise.

    Parameters
    ----------
    x : array-like of any shape (float64)

    Returns
    -------
    ndarray, same shape as x, float64
        Values in [0, 0.25]; finite and warning-free even for |x| up to 1e4.
    """
    s = sigmoid(x)
    return s * (1.0 - s)
    ### END SOLUTION


# --- relu --------------------------------------------------------------------------------------
def relu(x):
    """Rectified linear unit max(0, x), elementwise.

    Parameters
    ----------
    x : array-like of any shape (float64)

    Returns
    -------
    ndarray, same shape as x, float64
    """
    x = np.asarray(x, dtype=float)
    return np.maximum(x, 0.0)
    ### END SOLUTION


# --- relu_grad ---------------------------------------------------------------------------------
def relu_grad(x):
    """Derivative of ReLU: 1.0 where x > 0, else 0.0 (also 0.0 at x = 0, as in PyTorch).

    Parameters
    ----------
    x : array-like of any shape (float64)

    Returns
    -------
    ndarray, same shape as x, float64
    """
    x = np.asarray(x, dtype=float)
    return (x > 0).astype(float)
    ### END SOLUTION


# --- gelu --------------------------------------------------------------------------------------
def gelu(x, approximate="none"):
    """Gaussian error linear unit, as torch.nn.functional.gelu.

    Parameters
    ----------
    x : array-like of any shape (float64)
    approximate : str
        "none" for the exact x·Φ(x) = 0.5·x·(1 + erf(x / √2));
        "tanh" for 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).

    Returns
    -------
    ndarray, same shape as x, float64

    Raises
    ------
    ValueError
        If approximate is neither "none" nor "tanh".
    """
    if approximate not in ("none", "tanh"):
        raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")
    x = np.asarray(x, dtype=float)
    if approximate == "tanh":
        inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)
        return 0.5 * x * (1.0 + np.tanh(inner))
    erf = np.vectorize(math.erf, otypes=[float])
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
    ### END SOLUTION


# --- softmax -----------------------------------------------------------------------------------
def softmax(z, axis=-1):
    """Softmax of z along `axis`, numerically stable.

    Parameters
    ----------
    z : array-like of any shape (float64)
    axis : int
        The axis along which the outputs sum to 1 (negative values count from the end).

    Returns
    -------
    ndarray, same shape as z, float64
        Non-negative, summing to 1 along `axis`; finite and warning-free for |z| up to 1e4.
    """
    z = np.asarray(z, dtype=float)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)
    ### END SOLUTION


# --- affine_forward ----------------------------------------------------------------------------
def affine_forward(x, W, b):
    """Fully connected layer: x·W + b.

    Parameters
    ----------
    x : array-like of float, shape (n, d)
    W : array-like, shape (d, m)
    b : array-like, shape (m,)

    Returns
    -------
    ndarray, shape (n, m), float64
    """
    x = np.asarray(x, dtype=float)
    W = np.asarray(W, dtype=float)
    b = np.asarray(b, dtype=float)
    return x @ W + b
    ### END SOLUTION


# --- affine_backward ---------------------------------------------------------------------------
def affine_backward(dout, x, W):
    """Gradients of an affine layer out = x·W + b.

    Parameters
    ----------
    dout : array-like, shape (n, m)
        Upstream gradient dL/d(out).
    x : array-like, shape (n, d)
        The layer's input in the forward pass.
    W : array-like, shape (d, m)
        The layer's weights.

    Returns
    -------
    (dx, dW, db) : ndarrays of shapes (n, d), (d, m) and (m,), float64
        dx = dout·Wᵀ, dW = xᵀ·dout, db = dout summed over the batch.
    """
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    W = np.asarray(W, dtype=float)
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)
    ### END SOLUTION


# --- relu_backward -----------------------------------------------------------------------------
def relu_backward(dout, x):
    """Backward pass of ReLU: dout where the forward input x > 0, else 0.

    Parameters
    ----------
    dout : array-like, any shape
        Upstream gradient.
    x : array-like, same shape as dout
        The input of the ReLU in the forward pass.

    Returns
    -------
    ndarray, same shape as x, float64
    """
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, dout, 0.0)
    ### END SOLUTION


# --- mlp_loss_and_grads ------------------------------------------------------------------------
def mlp_loss_and_grads(X, y, params, reg=0.0):
    """Loss and gradients of a two-layer ReLU network with a softmax cross-entropy loss.

    Parameters
    ----------
    X : array-like of float, shape (n, d)
    y : array-like of int, shape (n,)
        Class labels in 0 .. c-1.
    params : dict
        "W1" (d, h), "b1" (h,), "W2" (h, c), "b2" (c,), float arrays; c, the number of classes, is W2's width.
    reg : float
        L2 strength λ: the loss includes λ·(ΣW1² + ΣW2²).

    Returns
    -------
    (loss, grads) : (float, dict)
        scores = relu(X·W1 + b1)·W2 + b2; loss = mean softmax cross-entropy + λ·(ΣW1² + ΣW2²);
        grads has the keys of params, each gradient a float64 array shaped like its parameter.
        ReLU's slope is 0 where a pre-activation is exactly 0 (as in PyTorch). The loss and the
        gradients stay finite and warning-free when scores reach +-1e4 (use log-sum-exp).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=float) for k in ("W1", "b1", "W2", "b2"))
    n = X.shape[0]
    rows = np.arange(n)
    # forward
    pre = affine_forward(X, W1, b1)
    hidden = relu(pre)
    scores = affine_forward(hidden, W2, b2)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = -np.mean(log_probs[rows, y]) + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    # backward
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1.0
    dscores /= n
    dhidden, dW2, db2 = affine_backward(dscores, hidden, W2)
    dpre = relu_backward(dhidden, pre)
    _, dW1, db1 = affine_backward(dpre, X, W1)
    grads = {"W1": dW1 + 2.0 * reg * W1, "b1": db1, "W2": dW2 + 2.0 * reg * W2, "b2": db2}
    return float(loss), grads
    ### END SOLUTION


# --- train_mlp ---------------------------------------------------------------------------------
def train_mlp(X, y, hidden_dim=64, num_steps=2000, lr=0.05, seed=0):
    """Train a two-layer ReLU network (full batch) on 2-D data and return its parameters.

    Parameters
    ----------
    X : array-like, shape (n, 2)
    y : array-like of int, shape (n,)
        Labels 0 .. C-1 with C = y.max() + 1.
    hidden_dim : int
        Width h of the hidden layer.
    num_steps : int
        Number of full-batch updates.
    lr : float
        Learning rate (you may change this default to suit your optimizer).
    seed : int
        Seed of the random initialisation; the same seed must give the same parameters.

    Returns
    -------
    dict
        "W1" (2, h), "b1" (h,), "W2" (h, C), "b2" (C,), float64 arrays, such that
        argmax(relu(X·W1 + b1)·W2 + b2) predicts the labels of the raw X.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).astype(np.int64)
    rng = np.random.default_rng(seed)
    d = X.shape[1]
    classes = int(y.max()) + 1
    params = {"W1": rng.standard_normal((d, hidden_dim)) * math.sqrt(2.0 / d),
              "b1": np.zeros(hidden_dim),
              "W2": rng.standard_normal((hidden_dim, classes)) * math.sqrt(1.0 / hidden_dim),
              "b2": np.zeros(classes)}
    # Adam, with the usual defaults
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(val) for k, val in params.items()}
    for t in range(1, num_steps + 1):
        _, grads = mlp_loss_and_grads(X, y, params)
        for k in params:
            m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
            v[k] = beta2 * v[k] + (1 - beta2) * grads[k] ** 2
            m_hat = m[k] / (1 - beta1 ** t)
            v_hat = v[k] / (1 - beta2 ** t)
            params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return params
    ### END SOLUTION


# --- batch_norm_forward ------------------------------------------------------------------------
def batch_norm_forward(x, gamma, beta, eps=1e-5):
    """Batch normalisation in training mode.

    Parameters
    ----------
    x : array-like of float, shape (n, d), n >= 2
    gamma, beta : array-like, shape (d,)
        Per-feature scale and shift.
    eps : float
        Added to the variance inside the square root.

    Returns
    -------
    ndarray, shape (n, d), float64
        gamma·(x − mean) / sqrt(var + eps) + beta, with the mean and the biased variance of each
        feature taken over the batch axis (axis 0). Accurate also for features with a large
        mean (e.g. 1e6 plus unit noise): take the variance of x - mean, not mean(x**2) - mean**2.
    """
    x = np.asarray(x, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    beta = np.asarray(beta, dtype=float)
    mean = x.mean(axis=0)
    var = x.var(axis=0)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
    ### END SOLUTION


# --- layer_norm_forward ------------------------------------------------------------------------
def layer_norm_forward(x, gamma, beta, eps=1e-5):
    """Layer normalisation over the last axis.

    Parameters
    ----------
    x : array-like of float, shape (..., d), at least 1-D
    gamma, beta : array-like, shape (d,)
        Per-feature scale and shift.
    eps : float
        Added to the variance inside the square root.

    Returns
    -------
    ndarray, same shape as x, float64
        gamma·(x − mean) / sqrt(var + eps) + beta, with the mean and the biased variance of every
        vector along the last axis.
    """
    x = np.asarray(x, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    beta = np.asarray(beta, dtype=float)
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
    ### END SOLUTION
