"""Reference solutions of m1_2_classical_ml, generated from its source notebook by `make release`.

Do not edit: edit the answer cells of source/m1_2_classical_ml/m1_2_classical_ml.ipynb and run `make release`.
"""

import math

import numpy as np


# --- LEARNING_PARADIGMS ------------------------------------------------------------------------
# Each value must be exactly "supervised", "unsupervised" or "self-supervised".
# Fill in the dictionary below (keep every key), then delete the `raise NotImplementedError()` line.
LEARNING_PARADIGMS = {
    "spam_filter": None,
    "customer_segments": None,
    "llm_pretraining": None,
    "house_prices": None,
    "masked_words": None,
    "fraud_density": None,
    "tumour_scans": None,
    "image_inpainting": None,
    "embedding_pca": None,
}
LEARNING_PARADIGMS = {
    "spam_filter": "supervised",
    "customer_segments": "unsupervised",
    "llm_pretraining": "self-supervised",
    "house_prices": "supervised",
    "masked_words": "self-supervised",
    "fraud_density": "unsupervised",
    "tumour_scans": "supervised",
    "image_inpainting": "self-supervised",
    "embedding_pca": "unsupervised",
}
### END SOLUTION


# --- mse_loss ----------------------------------------------------------------------------------
def mse_loss(y_pred, y_true):
    """Mean squared error over all elements.

    Parameters
    ----------
    y_pred, y_true : array-like of float, the same shape (any number of dimensions)

    Returns
    -------
    float
        mean((y_pred - y_true) ** 2) over every element.

    Raises
    ------
    ValueError
        If the two shapes differ (no broadcasting).
    """
    y_pred = np.asarray(y_pred, dtype=float)
    y_true = np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"shape mismatch: y_pred {y_pred.shape} vs y_true {y_true.shape}")
    return float(np.mean((y_pred - y_true) ** 2))
    ### END SOLUTION


# --- mse_grad ----------------------------------------------------------------------------------
def mse_grad(y_pred, y_true):
    """Gradient of mse_loss with respect to y_pred.

    Parameters
    ----------
    y_pred, y_true : array-like of float, the same shape (any number of dimensions)

    Returns
    -------
    ndarray, shaped like y_pred, float64
        2 * (y_pred - y_true) / N, where N is the total number of elements.
    """
    y_pred = np.asarray(y_pred, dtype=float)
    y_true = np.asarray(y_true, dtype=float)
    return 2.0 * (y_pred - y_true) / y_pred.size
    ### END SOLUTION


# --- softmax_cross_entropy ---------------------------------------------------------------------
def softmax_cross_entropy(logits, labels):
    """Mean softmax cross-entropy of a batch and its gradient with respect to the logits.

    Parameters
    ----------
    logits : array-like, shape (N, C), float
    labels : array-like of int, shape (N,), each in {0, ..., C-1}

    Returns
    -------
    (loss, dlogits) : (float, ndarray of shape (N, C), float64)
        loss = mean over the batch of -log softmax(logits)[i, labels[i]];
        dlogits = (softmax(logits) - onehot(labels)) / N.
        Finite and warning-free for logits up to +-1e4.

    Raises
    ------
    ValueError
        If a label is outside {0, ..., C-1} (negative labels included),
        or if the number of labels differs from the number of rows of logits.
    """
    logits = np.asarray(logits, dtype=float)
    labels = np.asarray(labels)
    if logits.ndim != 2:
        raise ValueError(f"logits must be 2-D (N, C), got shape {logits.shape}")
    n, c = logits.shape
    if labels.shape != (n,):
        raise ValueError(f"expected {n} labels (one per row of logits), got shape {labels.shape}")
    if np.any(labels < 0) or np.any(labels >= c):
        raise ValueError(f"labels must lie in 0..{c - 1}")
    labels = labels.astype(int)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    rows = np.arange(n)
    loss = -np.mean(log_probs[rows, labels])
    dlogits = np.exp(log_probs)
    dlogits[rows, labels] -= 1.0
    return float(loss), dlogits / n
    ### END SOLUTION


# --- sgd_step ----------------------------------------------------------------------------------
def sgd_step(w, grad, lr):
    """One step of plain gradient descent.

    Parameters
    ----------
    w, grad : array-like of the same shape, float
    lr : float, the learning rate

    Returns
    -------
    ndarray shaped like w, float64
        w - lr * grad, as a new array (w is not modified).
    """
    w = np.asarray(w, dtype=float)
    grad = np.asarray(grad, dtype=float)
    return w - lr * grad
    ### END SOLUTION


# --- rmsprop_step ------------------------------------------------------------------------------
def rmsprop_step(w, grad, cache, lr=0.01, decay=0.99, eps=1e-8):
    """One RMSprop step (stateless: the caller keeps the cache).

    Parameters
    ----------
    w, grad, cache : array-like of the same shape, float
        cache is the running average of squared gradients (start it at zeros).
    lr, decay, eps : float

    Returns
    -------
    (new_w, new_cache) : two ndarrays shaped like w, float64
        new_cache = decay * cache + (1 - decay) * grad**2
        new_w = w - lr * grad / (sqrt(new_cache) + eps)
        Matches torch.optim.RMSprop(lr=lr, alpha=decay, eps=eps) step for step.
    """
    w = np.asarray(w, dtype=float)
    grad = np.asarray(grad, dtype=float)
    cache = np.asarray(cache, dtype=float)
    new_cache = decay * cache + (1.0 - decay) * grad ** 2
    new_w = w - lr * grad / (np.sqrt(new_cache) + eps)
    return new_w, new_cache
    ### END SOLUTION


# --- adam_step ---------------------------------------------------------------------------------
def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step (stateless: the caller keeps m, v and the step counter t).

    Parameters
    ----------
    w, grad, m, v : array-like of the same shape, float
        m and v are the first and second moment estimates (start them at zeros).
    t : int, the 1-based number of this step (1 for the first step)
    lr, beta1, beta2, eps : float

    Returns
    -------
    (new_w, new_m, new_v) : three ndarrays shaped like w, float64
        new_m = beta1 * m + (1 - beta1) * grad
        new_v = beta2 * v + (1 - beta2) * grad**2
        new_w = w - lr * m_hat / (sqrt(v_hat) + eps),
        with m_hat = new_m / (1 - beta1**t) and v_hat = new_v / (1 - beta2**t).
        Matches torch.optim.Adam step for step.

    Raises
    ------
    ValueError
        If t < 1.
    """
    if t < 1:
        raise ValueError(f"t is the 1-based step number and must be at least 1, got {t}")
    w = np.asarray(w, dtype=float)
    grad = np.asarray(grad, dtype=float)
    m = np.asarray(m, dtype=float)
    v = np.asarray(v, dtype=float)
    new_m = beta1 * m + (1.0 - beta1) * grad
    new_v = beta2 * v + (1.0 - beta2) * grad ** 2
    m_hat = new_m / (1.0 - beta1 ** t)
    v_hat = new_v / (1.0 - beta2 ** t)
    new_w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_w, new_m, new_v
    ### END SOLUTION


# --- train_linear_model ------------------------------------------------------------------------
def train_linear_model(X, y, optimizer="adam", lr=0.01, num_steps=500, l2=0.0):
    """Minimise J(w) = mean((X w - y)**2) + l2 * sum(w**2) by full-batch gradient steps from w = 0.

    Parameters
    ----------
    X : array-like, shape (n, d), float
    y : array-like, shape (n,), float
    optimizer : "sgd", "rmsprop" or "adam" -- uses sgd_step, rmsprop_step or adam_step
        (only lr is passed; every other setting is the step function's default)
    lr : float
    num_steps : int >= 0
    l2 : float >= 0, the lambda of J

    Returns
    -------
    (w, losses) : (ndarray (d,), ndarray (num_steps,)), both float64
        losses[t] is J evaluated BEFORE step t (so losses[0] = J(0)).

    Raises
    ------
    ValueError
        If optimizer is not one of "sgd", "rmsprop", "adam" (even when num_steps is 0).
    """
    if optimizer not in ("sgd", "rmsprop", "adam"):
        raise ValueError(f"unknown optimizer {optimizer!r}; choose 'sgd', 'rmsprop' or 'adam'")
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    first = np.zeros(d)
    second = np.zeros(d)
    losses = np.zeros(num_steps)
    for t in range(num_steps):
        residual = X @ w - y
        losses[t] = np.mean(residual ** 2) + l2 * np.sum(w ** 2)
        grad = 2.0 * (X.T @ residual) / n + 2.0 * l2 * w
        if optimizer == "sgd":
            w = sgd_step(w, grad, lr)
        elif optimizer == "rmsprop":
            w, first = rmsprop_step(w, grad, first, lr=lr)
        else:
            w, first, second = adam_step(w, grad, first, second, t + 1, lr=lr)
    return w, losses
    ### END SOLUTION


# --- l1_penalty --------------------------------------------------------------------------------
def l1_penalty(w, lam):
    """L1 penalty lam * sum(|w|) over every entry of w.

    Parameters
    ----------
    w : array-like of any shape, float
    lam : float >= 0

    Returns
    -------
    float
    """
    w = np.asarray(w, dtype=float)
    return float(lam * np.sum(np.abs(w)))
    ### END SOLUTION


# --- l2_penalty --------------------------------------------------------------------------------
def l2_penalty(w, lam):
    """L2 penalty lam * sum(w**2) over every entry of w (no factor 1/2).

    Parameters
    ----------
    w : array-like of any shape, float
    lam : float >= 0

    Returns
    -------
    float
    """
    w = np.asarray(w, dtype=float)
    return float(lam * np.sum(w ** 2))
    ### END SOLUTION


# --- ridge_closed_form -------------------------------------------------------------------------
def ridge_closed_form(X, y, lam):
    """Minimiser of J(w) = mean((X w - y)**2) + lam * sum(w**2), in closed form.

    Parameters
    ----------
    X : array-like, shape (n, d), float
    y : array-like, shape (n,), float
    lam : float >= 0 (lam > 0, or n > d with independent columns)

    Returns
    -------
    ndarray, shape (d,), float64
        The w that solves (X^T X + n * lam * I) w = X^T y.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    return np.linalg.solve(X.T @ X + n * lam * np.eye(d), X.T @ y)
    ### END SOLUTION


# --- polynomial_features -----------------------------------------------------------------------
def polynomial_features(x, degree):
    """Columns x**0, x**1, ..., x**degree of a 1-D input.

    Parameters
    ----------
    x : array-like, shape (n,), float
    degree : int >= 0

    Returns
    -------
    ndarray, shape (n, degree + 1), float64
        Column k holds x**k (column 0 is all ones).
    """
    x = np.asarray(x, dtype=float)
    return x[:, None] ** np.arange(degree + 1)
    ### END SOLUTION
