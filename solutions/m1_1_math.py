"""Reference solutions of m1_1_math, generated from its source notebook by `make release`.

Do not edit: edit the answer cells of source/m1_1_math/m1_1_math.ipynb and run `make release`.
"""

import math

import numpy as np


# --- dot ---------------------------------------------------------------------------------------
def dot(u, v):
    """Dot product of two 1-D vectors, written without numpy's product routines.

    Parameters
    ----------
    u, v : array-like of float, shape (n,)
        Two vectors of the same length (lists or numpy arrays).

    Returns
    -------
    float
        The sum of u[i] * v[i] over every i.

    Raises
    ------
    ValueError
        If u or v is not 1-D, or if their lengths differ.

    Not allowed, under any name (an alias, a name bound in another cell, an ndarray method):
    np.dot, np.matmul, np.inner, np.vdot, np.vecdot, np.matvec, np.vecmat, np.einsum,
    np.tensordot, np.linalg.matmul, np.linalg.vecdot, np.linalg.tensordot,
    np.linalg.multi_dot, ndarray.dot and the @ operator.
    """
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.ndim != 1 or v.ndim != 1:
        raise ValueError(f"dot expects two 1-D vectors, got shapes {u.shape} and {v.shape}")
    if u.shape != v.shape:
        raise ValueError(f"vector lengths differ: {u.shape[0]} vs {v.shape[0]}")
    return float(np.sum(u * v))
    ### END SOLUTION


# --- matmul ------------------------------------------------------------------------------------
def matmul(A, B):
    """Matrix product of A (n, k) and B (k, m), written without numpy's product routines.

    Parameters
    ----------
    A : array-like of float, shape (n, k)
    B : array-like of float, shape (k, m)

    Returns
    -------
    ndarray, shape (n, m), float64
        C[i, j] = sum over t of A[i, t] * B[t, j].

    Raises
    ------
    ValueError
        If A or B is not 2-D, or if A's number of columns differs from B's number of rows.

    Not allowed, under any name (an alias, a name bound in another cell, an ndarray method):
    np.dot, np.matmul, np.inner, np.vdot, np.vecdot, np.matvec, np.vecmat, np.einsum,
    np.tensordot, np.linalg.matmul, np.linalg.vecdot, np.linalg.tensordot,
    np.linalg.multi_dot, ndarray.dot and the @ operator.
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError(f"matmul expects two 2-D arrays, got shapes {A.shape} and {B.shape}")
    if A.shape[1] != B.shape[0]:
        raise ValueError(f"inner sizes differ: A is {A.shape}, B is {B.shape}")
    return np.sum(A[:, :, None] * B[None, :, :], axis=1)
    ### END SOLUTION


# --- cosine_similarity -------------------------------------------------------------------------
def cosine_similarity(u, v):
    """Cosine of the angle between two 1-D vectors: u·v / (‖u‖ ‖v‖).

    Parameters
    ----------
    u, v : array-like of float, shape (n,)
        Two vectors of the same length. Tiny vectors (entries around 1e-9) are valid;
        only a vector whose entries are all exactly 0 is not.

    Returns
    -------
    float
        A value in [-1, 1] (clip rounding errors so it never leaves that range).

    Raises
    ------
    ValueError
        If either vector is all zeros, or if the lengths differ.
    """
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError(f"vector shapes differ: {u.shape} vs {v.shape}")
    nu = np.sqrt(np.sum(u * u))
    nv = np.sqrt(np.sum(v * v))
    if nu == 0 or nv == 0:
        raise ValueError("cosine similarity is undefined for a zero vector")
    return float(np.clip(np.sum((u / nu) * (v / nv)), -1.0, 1.0))
    ### END SOLUTION


# --- power_iteration ---------------------------------------------------------------------------
def power_iteration(A, num_iters=1000, tol=1e-10):
    """Dominant eigenpair of a square symmetric matrix by power iteration.

    Start from a fixed (deterministic) vector, multiply by A and renormalise. Stop after
    ``num_iters`` steps, or earlier once the unit vector changes by less than ``tol`` between
    two steps (or the residual ||A v - lambda v|| falls below tol * |lambda|). Do not stop on
    the change of lambda alone: lambda settles long before the vector does.

    Parameters
    ----------
    A : array-like of float, shape (n, n)
        A symmetric matrix.
    num_iters : int
        The largest number of multiplications by A.
    tol : float
        Relative stopping threshold (on the change of the vector or on the residual).

    Returns
    -------
    (eigenvalue, eigenvector) : (float, ndarray of shape (n,), float64)
        The eigenvalue of largest magnitude (negative if that one is negative) and a
        unit-norm eigenvector (either sign).

    Raises
    ------
    ValueError
        If A is not a square 2-D matrix.

    Not allowed, under any name (an alias, a name bound in another cell, numpy.linalg's
    private modules included): np.linalg.eig, eigh, eigvals, eigvalsh and svd.
    """
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError(f"power_iteration needs a square matrix, got shape {A.shape}")
    n = A.shape[0]
    v = np.ones(n) / np.sqrt(n) + np.arange(n) * 1e-3
    v = v / np.linalg.norm(v)
    lam = float(v @ A @ v)
    for _ in range(num_iters):
        w = A @ v
        norm = np.linalg.norm(w)
        if norm == 0:
            return 0.0, v
        w = w / norm
        if w @ v < 0:  # a negative eigenvalue flips the sign at every step
            w = -w
        new_lam = float(w @ A @ w)
        change = abs(new_lam - lam)
        v, lam = w, new_lam
        if change <= tol * max(abs(lam), 1e-300) and np.linalg.norm(A @ v - lam * v) <= 1e3 * tol * max(abs(lam), 1.0):
            break
    return lam, v
    ### END SOLUTION


# --- pca ---------------------------------------------------------------------------------------
def pca(X, k):
    """Principal component analysis of the rows of X (n samples, d features).

    Parameters
    ----------
    X : array-like of float, shape (n, d)
        One sample per row.
    k : int
        The number of components to keep, 1 <= k <= d.

    Returns
    -------
    (components, projected) : (ndarray (k, d), ndarray (n, k)), both float64
        components: orthonormal rows, the top-k eigenvectors of the covariance of X, in
        order of decreasing variance (any sign per row).
        projected: the centred data (X minus its column means) times components.T.

    Raises
    ------
    ValueError
        Unless 1 <= k <= d.
    """
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    if not 1 <= k <= d:
        raise ValueError(f"k must be between 1 and {d}, got {k}")
    Xc = X - X.mean(axis=0)
    cov = Xc.T @ Xc / (X.shape[0] - 1)
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:k]
    components = vectors[:, order].T
    return components, Xc @ components.T
    ### END SOLUTION


# --- numerical_gradient ------------------------------------------------------------------------
def numerical_gradient(f, x, h=1e-5):
    """Gradient of a scalar function f at x by central differences.

    For every element i: (f(x + h e_i) - f(x - h e_i)) / (2h).

    Parameters
    ----------
    f : callable taking an array shaped like x and returning a float.
    x : array-like of floats, any shape. Never written to, not even for a moment
        (it may be read-only, and f may read it): perturb a copy.

    Returns
    -------
    ndarray shaped like x, float64.
    """
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x, dtype=float)
    work = x.copy()
    for i in np.ndindex(x.shape):
        old = work[i]
        work[i] = old + h
        f_plus = f(work.copy())
        work[i] = old - h
        f_minus = f(work.copy())
        work[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
    ### END SOLUTION


# --- gradient_descent --------------------------------------------------------------------------
def gradient_descent(grad_f, x0, lr, num_steps):
    """Plain gradient descent, returning the whole path.

    Parameters
    ----------
    grad_f : callable
        Takes an array shaped like x0 and returns the gradient, an array of the same shape.
    x0 : array-like of float, any shape
        The starting point (never modified).
    lr : float
        The learning rate.
    num_steps : int >= 0
        The number of updates.

    Returns
    -------
    ndarray of shape (num_steps + 1, *x0.shape), float64
        Row 0 is x0; row t+1 is row t minus lr * grad_f(row t).
    """
    x = np.array(x0, dtype=float)
    path = np.empty((num_steps + 1, *x.shape))
    path[0] = x
    for t in range(num_steps):
        x = x - lr * np.asarray(grad_f(x.copy()), dtype=float)
        path[t + 1] = x
    return path
    ### END SOLUTION


# --- sigmoid_neuron_grad -----------------------------------------------------------------------
def sigmoid_neuron_grad(w, x, b):
    """Gradient of y = sigmoid(w·x + b) with respect to w and b (the chain rule).

    Parameters
    ----------
    w : array-like of float, shape (n,)
        The weights.
    x : array-like of float, shape (n,)
        The input, the same length as w.
    b : float
        The bias.

    Returns
    -------
    (dy_dw, dy_db) : (ndarray shaped like w, float64; float)
        Finite and warning-free even when w·x + b reaches ±1e4 (use a stable sigmoid).
    """
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    z = float(np.sum(w * x) + b)
    y = 1.0 / (1.0 + np.exp(-z)) if z >= 0 else np.exp(z) / (1.0 + np.exp(z))
    local = y * (1.0 - y)
    return local * x, float(local)
    ### END SOLUTION


# --- sigmoid_chain_grad ------------------------------------------------------------------------
def sigmoid_chain_grad(x, depth):
    """Derivative with respect to x of sigmoid applied ``depth`` times: s(s(...s(x))).

    Parameters
    ----------
    x : float
        The input of the first sigmoid.
    depth : int
        How many sigmoids are stacked (at least 1).

    Returns
    -------
    float
        The product of the local derivatives, each taken at the input of its own layer.
        Finite and warning-free for |x| up to 1e4 (use a stable sigmoid).

    Raises
    ------
    ValueError
        If depth < 1.
    """
    if depth < 1:
        raise ValueError(f"depth must be at least 1, got {depth}")
    value = float(x)
    grad = 1.0
    for _ in range(depth):
        s = 1.0 / (1.0 + math.exp(-value)) if value >= 0 else math.exp(value) / (1.0 + math.exp(value))
        grad *= s * (1.0 - s)
        value = s
    return grad
    ### END SOLUTION


# --- bayes_posterior ---------------------------------------------------------------------------
def bayes_posterior(prior, likelihood):
    """Posterior P(A_i | B) over k hypotheses by Bayes' rule.

    Parameters
    ----------
    prior : array-like of float, shape (k,)
        P(A_i); non-negative, sums to 1 (within 1e-8).
    likelihood : array-like of float, shape (k,)
        P(B | A_i).

    Returns
    -------
    ndarray, shape (k,), float64
        P(B | A_i) P(A_i) / P(B), with P(B) = sum_i P(B | A_i) P(A_i).

    Raises
    ------
    ValueError
        If the prior has a negative entry or does not sum to 1, the shapes differ, or P(B) = 0.
    """
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if prior.shape != likelihood.shape:
        raise ValueError(f"prior and likelihood shapes differ: {prior.shape} vs {likelihood.shape}")
    if np.any(prior < 0):
        raise ValueError("the prior has a negative probability")
    if abs(prior.sum() - 1.0) > 1e-8:
        raise ValueError(f"the prior sums to {prior.sum()}, not 1")
    joint = prior * likelihood
    evidence = joint.sum()
    if evidence == 0:
        raise ValueError("P(B) is zero: the evidence is impossible under every hypothesis")
    return joint / evidence
    ### END SOLUTION


# --- entropy -----------------------------------------------------------------------------------
def entropy(p):
    """Shannon entropy -sum p_i ln p_i of a probability vector, in nats (0 ln 0 counts as 0).

    Parameters
    ----------
    p : array-like of float, shape (k,)
        A probability vector.

    Returns
    -------
    float
        The entropy in nats, between 0 and ln k.

    Raises
    ------
    ValueError
        Unless p is a probability vector: no negative entry and a sum of 1 (within 1e-6).
    """
    p = np.asarray(p, dtype=float)
    if np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
        raise ValueError("p must be non-negative and sum to 1")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)))
    ### END SOLUTION


# --- cross_entropy -----------------------------------------------------------------------------
def cross_entropy(p, q, eps=1e-12):
    """Cross-entropy -sum p_i ln max(q_i, eps) of a target p and a prediction q.

    Parameters
    ----------
    p : array-like of float, shape (k,)
        The target distribution.
    q : array-like of float, shape (k,)
        The predicted distribution; entries below eps are floored at eps before the log.
    eps : float
        The floor that keeps ln q finite.

    Returns
    -------
    float
        The cross-entropy in nats.

    Raises
    ------
    ValueError
        If p and q have different shapes.
    """
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError(f"p and q shapes differ: {p.shape} vs {q.shape}")
    return float(-np.sum(p * np.log(np.maximum(q, eps))))
    ### END SOLUTION


# --- kl_divergence -----------------------------------------------------------------------------
def kl_divergence(p, q, eps=1e-12):
    """Kullback-Leibler divergence: sum over p_i > 0 of p_i ln(p_i / max(q_i, eps)).

    Parameters
    ----------
    p : array-like of float, shape (k,)
        The true distribution; terms with p_i = 0 contribute nothing.
    q : array-like of float, shape (k,)
        The approximating distribution; entries below eps are floored at eps.
    eps : float
        The floor that keeps the ratio finite.

    Returns
    -------
    float
        KL(p || q) in nats: zero (up to rounding) when p equals q, never negative for
        probability vectors.
    """
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    mask = p > 0
    return float(np.sum(p[mask] * np.log(p[mask] / np.maximum(q[mask], eps))))
    ### END SOLUTION
