"""Tests of the hidden tests of m1_1_math: correct variants written another way, and typical mistakes.

Every entry is a complete answer cell (the ``def`` plus any helpers), with ``np`` and ``math`` in scope.
``CORRECT`` entries must score full marks on their function; ``MISTAKES`` entries must lose points.
"""

from __future__ import annotations

CORRECT: dict[str, list[str]] = {
    "dot": [
        # explicit loop over Python floats
        """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.ndim != 1 or v.ndim != 1:
        raise ValueError(f"dot needs 1-D vectors, got {u.ndim}-D and {v.ndim}-D")
    if len(u) != len(v):
        raise ValueError(f"lengths differ: {len(u)} and {len(v)}")
    total = 0.0
    for i in range(len(u)):
        total += u[i] * v[i]
    return float(total)
""",
        # exactly rounded sum with math.fsum over a generator of products
        """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.ndim != 1 or v.ndim != 1 or u.shape[0] != v.shape[0]:
        raise ValueError(f"dot needs two 1-D vectors of the same length, got shapes {u.shape} and {v.shape}")
    return math.fsum(a * b for a, b in zip(u.tolist(), v.tolist()))
""",
        # numpy reduction on the product, returned as a numpy float64
        """
def dot(u, v):
    u, v = np.array(u, dtype=np.float64), np.array(v, dtype=np.float64)
    if u.ndim != 1:
        raise ValueError("u is not 1-D")
    if v.ndim != 1:
        raise ValueError("v is not 1-D")
    if u.size != v.size:
        raise ValueError("u and v have different lengths")
    return np.multiply(u, v).sum()
""",
    ],
    "matmul": [
        # three explicit loops
        """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError("both inputs must be 2-D")
    n, k = A.shape
    k2, m = B.shape
    if k != k2:
        raise ValueError(f"inner sizes differ: {k} vs {k2}")
    C = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            s = 0.0
            for t in range(k):
                s += A[i, t] * B[t, j]
            C[i, j] = s
    return C
""",
        # sum of k rank-one (outer) products
        """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError(f"cannot multiply shapes {A.shape} and {B.shape}")
    C = np.zeros((A.shape[0], B.shape[1]))
    for t in range(A.shape[1]):
        C += A[:, t][:, None] * B[t, :][None, :]
    return C
""",
        # broadcasting against B transposed, summing over the last axis
        """
def matmul(A, B):
    A = np.array(A, dtype=float)
    B = np.array(B, dtype=float)
    if len(A.shape) != 2 or len(B.shape) != 2:
        raise ValueError("matmul takes two matrices")
    if A.shape[1] != B.shape[0]:
        raise ValueError("A's columns must match B's rows")
    return (A[:, None, :] * B.T[None, :, :]).sum(axis=2)
""",
    ],
    "cosine_similarity": [
        # np.linalg.norm and min/max clipping
        """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError("u and v must have the same length")
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0.0 or nv == 0.0:
        raise ValueError("zero vector")
    c = float(np.sum(u * v) / (nu * nv))
    return max(-1.0, min(1.0, c))
""",
        # plain loops with math.fsum and math.sqrt
        """
def cosine_similarity(u, v):
    u = [float(a) for a in np.asarray(u, dtype=float)]
    v = [float(b) for b in np.asarray(v, dtype=float)]
    if len(u) != len(v):
        raise ValueError(f"lengths differ: {len(u)} and {len(v)}")
    uu = math.fsum(a * a for a in u)
    vv = math.fsum(b * b for b in v)
    if uu == 0.0 or vv == 0.0:
        raise ValueError("cosine similarity of a zero vector is undefined")
    c = math.fsum(a * b for a, b in zip(u, v)) / (math.sqrt(uu) * math.sqrt(vv))
    if c > 1.0:
        c = 1.0
    elif c < -1.0:
        c = -1.0
    return c
""",
        # one square root of the product of squared norms
        """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError("shape mismatch")
    if not np.any(u) or not np.any(v):
        raise ValueError("a zero vector has no direction")
    c = np.sum(u * v) / np.sqrt(np.sum(u ** 2) * np.sum(v ** 2))
    return float(np.clip(c, -1, 1))
""",
    ],
    "power_iteration": [
        # Not listed on either side: stopping on the relative change of the eigenvalue alone. The Rayleigh
        # quotient converges twice as fast as the vector, so at tol=1e-10 the vector is only ~sqrt(tol) accurate:
        # one such variant fails the 1e-6 per-element check by a hair (errors 1.0e-6 to 1.4e-6, 3/9 points),
        # another (v·Av taken before renormalising, one step later) passes. Open question for the contract.
        # stop when the (sign-aligned) vector stops changing; Rayleigh quotient at the end
        """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError(f"A must be square, got shape {A.shape}")
    n = A.shape[0]
    v = np.linspace(1.0, 2.0, n)
    v = v / np.linalg.norm(v)
    for _ in range(num_iters):
        w = A @ v
        w = w / np.linalg.norm(w)
        if np.sum(w * v) < 0:
            w = -w
        change = np.linalg.norm(w - v)
        v = w
        if change < tol:
            break
    return float(v @ (A @ v)), v
""",
        # stop on the relative residual ||A v - lam v|| <= tol |lam|
        """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("power_iteration needs a square matrix")
    n = A.shape[0]
    v = np.ones(n) + 0.01 * np.arange(n)
    v /= np.linalg.norm(v)
    lam = float(v @ A @ v)
    for _ in range(num_iters):
        w = A @ v
        v = w / np.linalg.norm(w)
        lam = float(v @ A @ v)
        if np.linalg.norm(A @ v - lam * v) <= tol * abs(lam):
            break
    return lam, v
""",
        # seeded random start (deterministic), both eigenvalue and vector change must be small
        """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError(f"expected an (n, n) matrix, got {A.shape}")
    v = np.random.default_rng(42).standard_normal(A.shape[0])
    v = v / np.sqrt(np.sum(v * v))
    lam = 0.0
    for _ in range(num_iters):
        w = A.dot(v)
        new_lam = float(np.sum(v * w))
        w = w / np.sqrt(np.sum(w * w))
        w = w * np.sign(np.sum(w * v) or 1.0)
        done = abs(new_lam - lam) <= tol * abs(new_lam) and np.max(np.abs(w - v)) <= tol
        v, lam = w, new_lam
        if done:
            break
    return float(np.sum(v * A.dot(v))), v
""",
    ],
    "pca": [
        # eigh of the biased covariance X^T X / n (the 1/n does not change the eigenvectors)
        """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    if k < 1 or k > d:
        raise ValueError(f"k must satisfy 1 <= k <= {d}, got {k}")
    mu = X.mean(axis=0)
    Xc = X - mu
    values, vectors = np.linalg.eigh(Xc.T @ Xc / n)
    components = vectors[:, ::-1][:, :k].T
    return components, Xc @ components.T
""",
        # SVD of the centred data, projection as U * S
        """
def pca(X, k):
    X = np.array(X, dtype=float)
    if not (1 <= k <= X.shape[1]):
        raise ValueError("k out of range")
    Xc = X - X.mean(axis=0, keepdims=True)
    U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    return Vt[:k].copy(), U[:, :k] * S[:k]
""",
        # np.cov and eigh, explicit sort of the eigenvalues
        """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    if k < 1 or k > d:
        raise ValueError(f"k={k} is not between 1 and d={d}")
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    idx = np.argsort(-values)[:k]
    components = np.ascontiguousarray(vectors[:, idx].T)
    projected = (X - np.mean(X, axis=0)) @ components.T
    return components, projected
""",
        # SVD-free and eig-free: power iteration with deflation on the covariance
        """
def _top_eigvec(C, iters=5000, tol=1e-14):
    v = np.linspace(1.0, 2.0, C.shape[0])
    v /= np.linalg.norm(v)
    for _ in range(iters):
        w = C @ v
        w /= np.linalg.norm(w)
        if np.linalg.norm(w - v) < tol:
            return w
        v = w
    return v


def pca(X, k):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    if not 1 <= k <= d:
        raise ValueError(f"need 1 <= k <= {d}")
    Xc = X - X.mean(axis=0)
    C = Xc.T @ Xc / (n - 1)
    comps = []
    for _ in range(k):
        v = _top_eigvec(C)
        comps.append(v)
        C = C - (v @ C @ v) * np.outer(v, v)
    components = np.array(comps)
    return components, Xc @ components.T
""",
    ],
    "numerical_gradient": [
        # a fresh perturbation array e for every element, through .flat
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in range(x.size):
        e = np.zeros(x.shape)
        e.flat[i] = h
        grad.flat[i] = (f(x + e) - f(x - e)) / (2 * h)
    return grad
""",
        # flattened copy, reshaped for every call of f
        """
def numerical_gradient(f, x, h=1e-5):
    shape = np.shape(x)
    flat = np.array(x, dtype=float).ravel()
    out = np.empty(flat.size)
    for i in range(flat.size):
        plus = flat.copy()
        minus = flat.copy()
        plus[i] += h
        minus[i] -= h
        out[i] = (f(plus.reshape(shape)) - f(minus.reshape(shape))) / (2.0 * h)
    return out.reshape(shape)
""",
        # rows of the identity as directions
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    values = []
    for e in np.eye(x.size):
        step = h * e.reshape(x.shape)
        values.append((f(x + step) - f(x - step)) / (2 * h))
    return np.array(values, dtype=float).reshape(x.shape)
""",
    ],
    "gradient_descent": [
        # list of rows, stacked at the end
        """
def gradient_descent(grad_f, x0, lr, num_steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(num_steps):
        x = x - lr * np.asarray(grad_f(x))
        path.append(x)
    return np.stack(path)
""",
        # preallocated path, each step reads the previous row
        """
def gradient_descent(grad_f, x0, lr, num_steps):
    x0 = np.asarray(x0, dtype=float)
    path = np.zeros((num_steps + 1,) + x0.shape)
    path[0] = x0
    for t in range(1, num_steps + 1):
        prev = path[t - 1].copy()
        path[t] = prev - lr * grad_f(prev)
    return path
""",
        # while loop with an explicit counter
        """
def gradient_descent(grad_f, x0, lr, num_steps):
    current = np.array(x0, dtype=np.float64)
    rows = [current.copy()]
    t = 0
    while t < num_steps:
        g = np.array(grad_f(current), dtype=float)
        current = current - lr * g
        rows.append(current.copy())
        t += 1
    return np.array(rows)
""",
    ],
    "sigmoid_neuron_grad": [
        # sigma via tanh
        """
def sigmoid_neuron_grad(w, x, b):
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    z = np.sum(w * x) + b
    s = 0.5 * (1.0 + np.tanh(z / 2.0))
    ds = s * (1.0 - s)
    return ds * x, float(ds)
""",
        # sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2, an even function, with a loop for z
        """
def sigmoid_neuron_grad(w, x, b):
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    z = float(b)
    for wi, xi in zip(w, x):
        z += wi * xi
    e = math.exp(-abs(z))
    ds = e / (1.0 + e) ** 2
    dy_dw = np.array([ds * xi for xi in x], dtype=float).reshape(w.shape)
    return dy_dw, ds
""",
        # explicit chain rule: dy/dz * dz/dw with dz/dw = x and dz/db = 1
        """
def _sig(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def sigmoid_neuron_grad(w, x, b):
    w = np.array(w, dtype=float)
    x = np.array(x, dtype=float)
    z = math.fsum((w * x).tolist()) + b
    y = _sig(z)
    dy_dz = y * (1 - y)
    dz_dw = x
    dz_db = 1.0
    return dy_dz * dz_dw, dy_dz * dz_db
""",
    ],
    "sigmoid_chain_grad": [
        # forward pass storing pre-activations, then the product of local derivatives
        """
def sigmoid_chain_grad(x, depth):
    if depth < 1:
        raise ValueError("depth must be >= 1")
    def sig(z):
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    inputs = []
    a = float(x)
    for _ in range(depth):
        inputs.append(a)
        a = sig(a)
    grad = 1.0
    for z in reversed(inputs):
        s = sig(z)
        grad *= s * (1.0 - s)
    return grad
""",
        # recursion: d/dx s^depth(x) = s'(x) * (d/du s^(depth-1))(s(x))
        """
def _sigmoid(z):
    return 0.5 * (1.0 + math.tanh(0.5 * z))


def sigmoid_chain_grad(x, depth):
    if depth < 1:
        raise ValueError(f"depth must be at least 1, got {depth}")
    s = _sigmoid(x)
    local = s * (1.0 - s)
    if depth == 1:
        return local
    return local * sigmoid_chain_grad(s, depth - 1)
""",
        # log-space product with numpy
        """
def sigmoid_chain_grad(x, depth):
    if depth < 1:
        raise ValueError("need depth >= 1")
    a = np.float64(x)
    log_grad = 0.0
    for _ in range(int(depth)):
        # ln σ(a) = −ln(1 + e^−a) and ln(1 − σ(a)) = −ln(1 + e^a), both without overflow
        log_grad -= np.logaddexp(0.0, -a) + np.logaddexp(0.0, a)
        a = np.exp(-np.logaddexp(0.0, -a))
    return float(np.exp(log_grad))
""",
    ],
    "bayes_posterior": [
        # loops with math.fsum
        """
def bayes_posterior(prior, likelihood):
    prior = [float(p) for p in np.asarray(prior, dtype=float)]
    like = [float(p) for p in np.asarray(likelihood, dtype=float)]
    if np.shape(likelihood) != np.shape(prior) or len(prior) != len(like):
        raise ValueError("prior and likelihood must have the same shape")
    if min(prior) < 0:
        raise ValueError("negative prior probability")
    if abs(math.fsum(prior) - 1.0) > 1e-8:
        raise ValueError("prior must sum to 1")
    joint = [p * l for p, l in zip(prior, like)]
    evidence = math.fsum(joint)
    if evidence == 0.0:
        raise ValueError("P(B) = 0")
    return np.array([j / evidence for j in joint])
""",
        # np.isclose for the sum check and np.divide for the normalisation
        """
def bayes_posterior(prior, likelihood):
    prior = np.array(prior, dtype=float)
    likelihood = np.array(likelihood, dtype=float)
    if prior.shape != likelihood.shape:
        raise ValueError(f"shapes differ: {prior.shape} and {likelihood.shape}")
    if (prior < 0).any() or not np.isclose(prior.sum(), 1.0, rtol=0.0, atol=1e-8):
        raise ValueError("the prior is not a probability distribution")
    evidence = np.sum(likelihood * prior)
    if not evidence > 0:
        raise ValueError("the evidence P(B) is zero")
    return np.divide(likelihood * prior, evidence)
""",
        # log space (zeros handled by errstate), normalised with a log-sum-exp
        """
def bayes_posterior(prior, likelihood):
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if prior.shape != likelihood.shape:
        raise ValueError("prior and likelihood have different shapes")
    if np.min(prior) < 0 or abs(np.sum(prior) - 1) > 1e-8:
        raise ValueError("prior must be non-negative and sum to 1")
    if np.sum(prior * likelihood) == 0:
        raise ValueError("P(B) is zero")
    with np.errstate(divide="ignore"):
        log_joint = np.log(prior) + np.log(likelihood)
    top = np.max(log_joint)
    log_evidence = top + np.log(np.sum(np.exp(log_joint - top)))
    return np.exp(log_joint - log_evidence)
""",
    ],
    "entropy": [
        # loop with math.log, skipping zeros
        """
def entropy(p):
    p = np.asarray(p, dtype=float)
    if np.any(p < 0):
        raise ValueError("p has a negative entry")
    if abs(np.sum(p) - 1.0) > 1e-6:
        raise ValueError("p does not sum to 1")
    return -math.fsum(pi * math.log(pi) for pi in p.tolist() if pi > 0)
""",
        # log of np.where(p > 0, p, 1) so that zero entries contribute 0 * ln 1 = 0
        """
def entropy(p):
    p = np.array(p, dtype=float)
    if p.min() < 0 or not abs(p.sum() - 1) <= 1e-6:
        raise ValueError(f"not a probability vector: {p}")
    return float(-np.sum(p * np.log(np.where(p > 0, p, 1.0))))
""",
        # np.log with where= and out= (an xlogy by hand)
        """
def entropy(p):
    p = np.asarray(p, dtype=float)
    if (p < 0).any() or not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-6):
        raise ValueError("p must be a probability vector")
    logs = np.log(p, out=np.zeros_like(p), where=p > 0)
    return float(-(p * logs).sum())
""",
    ],
    "cross_entropy": [
        # loop with math.log(max(q, eps))
        """
def cross_entropy(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError(f"shape mismatch: {p.shape} vs {q.shape}")
    total = 0.0
    for pi, qi in zip(p.tolist(), q.tolist()):
        total -= pi * math.log(max(qi, eps))
    return total
""",
        # np.clip from below
        """
def cross_entropy(p, q, eps=1e-12):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("p and q must have the same shape")
    return float(-(p * np.log(np.clip(q, eps, None))).sum())
""",
        # H(p, q) as a mean-free weighted sum of the negative log with np.where
        """
def cross_entropy(p, q, eps=1e-12):
    p = np.array(p, dtype=float)
    q = np.array(q, dtype=float)
    if len(p) != len(q) or p.ndim != q.ndim:
        raise ValueError("p and q differ in length")
    neg_log = -np.log(np.where(q > eps, q, eps))
    return float(np.sum(p * neg_log))
""",
    ],
    "kl_divergence": [
        # loop over the support of p
        """
def kl_divergence(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    total = 0.0
    for pi, qi in zip(p.tolist(), q.tolist()):
        if pi > 0:
            total += pi * math.log(pi / max(qi, eps))
    return total
""",
        # difference of logs, masked with np.where
        """
def kl_divergence(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    safe_p = np.where(p > 0, p, 1.0)
    terms = np.where(p > 0, p * (np.log(safe_p) - np.log(np.maximum(q, eps))), 0.0)
    return float(np.sum(terms))
""",
        # boolean indexing with np.fmax and np.log of the ratio
        """
def kl_divergence(p, q, eps=1e-12):
    p = np.array(p, dtype=float)
    q = np.array(q, dtype=float)
    support = np.nonzero(p > 0)[0]
    ps = p[support]
    qs = np.fmax(q[support], eps)
    return float((ps * np.log(ps / qs)).sum())
""",
    ],
}

MISTAKES: dict[str, dict[str, str]] = {
    "dot": {
        "uses_np_dot": """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.ndim != 1 or v.ndim != 1 or u.shape != v.shape:
        raise ValueError("bad shapes")
    return float(np.dot(u, v))
""",
        "uses_matmul_operator": """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.ndim != 1 or v.ndim != 1 or u.shape != v.shape:
        raise ValueError("bad shapes")
    return float(u @ v)
""",
        "no_ndim_check": """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if len(u) != len(v):
        raise ValueError("lengths differ")
    return float(np.sum(u * v))
""",
        "length_check_left_to_broadcasting": """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.ndim != 1 or v.ndim != 1:
        raise ValueError("dot needs 1-D vectors")
    return float(np.sum(u * v))
""",
        "no_asarray_for_lists": """
def dot(u, v):
    if np.ndim(u) != 1 or np.ndim(v) != 1 or len(u) != len(v):
        raise ValueError("bad shapes")
    return float(np.sum(u * v))
""",
        "returns_products_not_sum": """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.ndim != 1 or v.ndim != 1 or u.shape != v.shape:
        raise ValueError("bad shapes")
    return u * v
""",
        "mutates_input_in_place": """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.ndim != 1 or v.ndim != 1 or u.shape != v.shape:
        raise ValueError("bad shapes")
    u *= v
    return float(u.sum())
""",
        "assert_instead_of_value_error": """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    assert u.ndim == 1 and v.ndim == 1 and u.shape == v.shape, "bad shapes"
    return float(np.sum(u * v))
""",
        "integer_cast": """
def dot(u, v):
    u = np.asarray(u, dtype=int)
    v = np.asarray(v, dtype=int)
    if u.ndim != 1 or v.ndim != 1 or u.shape != v.shape:
        raise ValueError("bad shapes")
    return float(np.sum(u * v))
""",
    },
    "matmul": {
        "uses_np_matmul": """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    return np.matmul(A, B)
""",
        "uses_einsum": """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    return np.einsum("ik,kj->ij", A, B)
""",
        "elementwise_product": """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    return A * B
""",
        "sums_over_wrong_axis": """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    return np.sum(A[:, :, None] * B[None, :, :], axis=0)
""",
        "row_times_row": """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    C = np.zeros((A.shape[0], B.shape[1]))
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            C[i, j] = np.sum(A[i, :] * B[:, i])
    return C
""",
        "inner_check_left_to_broadcasting": """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError("matmul needs 2-D inputs")
    return np.sum(A[:, :, None] * B[None, :, :], axis=1)
""",
        "no_ndim_check": """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.shape[-1] != B.shape[0]:
        raise ValueError("inner sizes differ")
    return np.sum(A[..., :, None] * B[None, :, :], axis=-2)
""",
        "returns_nested_list": """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    return [[float(np.sum(A[i] * B[:, j])) for j in range(B.shape[1])] for i in range(A.shape[0])]
""",
        "integer_accumulator": """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    C = np.zeros((A.shape[0], B.shape[1]), dtype=int)
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            C[i, j] = np.sum(A[i] * B[:, j])
    return C
""",
    },
    "cosine_similarity": {
        "no_clipping": """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError("shape mismatch")
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0 or nv == 0:
        raise ValueError("zero vector")
    return float(np.sum(u * v) / (nu * nv))
""",
        "no_zero_vector_check": """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError("shape mismatch")
    c = np.sum(u * v) / (np.linalg.norm(u) * np.linalg.norm(v))
    return float(np.clip(c, -1.0, 1.0))
""",
        "divides_by_one_norm_squared": """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError("shape mismatch")
    if not u.any() or not v.any():
        raise ValueError("zero vector")
    return float(np.clip(np.sum(u * v) / np.sum(u * u), -1.0, 1.0))
""",
        "divides_by_sum_of_norms": """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError("shape mismatch")
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0 or nv == 0:
        raise ValueError("zero vector")
    return float(np.clip(np.sum(u * v) / (nu + nv), -1.0, 1.0))
""",
        "length_check_left_to_broadcasting": """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0 or nv == 0:
        raise ValueError("zero vector")
    return float(np.clip(np.sum(u * v) / (nu * nv), -1.0, 1.0))
""",
        "clips_to_zero_one": """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError("shape mismatch")
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0 or nv == 0:
        raise ValueError("zero vector")
    return float(np.clip(np.sum(u * v) / (nu * nv), 0.0, 1.0))
""",
        "returns_angle_not_cosine": """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError("shape mismatch")
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0 or nv == 0:
        raise ValueError("zero vector")
    return float(np.arccos(np.clip(np.sum(u * v) / (nu * nv), -1.0, 1.0)))
""",
    },
    "power_iteration": {
        "uses_eigh": """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    values, vectors = np.linalg.eigh(A)
    i = int(np.argmax(np.abs(values)))
    return float(values[i]), vectors[:, i]
""",
        "eigenvalue_as_norm_loses_sign": """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    v = np.ones(A.shape[0]) / math.sqrt(A.shape[0])
    lam = 0.0
    for _ in range(num_iters):
        w = A @ v
        new_lam = np.linalg.norm(w)
        v = w / new_lam
        if abs(new_lam - lam) < tol * new_lam:
            lam = new_lam
            break
        lam = new_lam
    return float(lam), v
""",
        "unseeded_random_start": """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    v = np.random.standard_normal(A.shape[0])
    v /= np.linalg.norm(v)
    for _ in range(num_iters):
        w = A @ v
        w /= np.linalg.norm(w)
        if np.sum(w * v) < 0:
            w = -w
        done = np.linalg.norm(w - v) < tol
        v = w
        if done:
            break
    return float(v @ A @ v), v
""",
        "too_few_iterations": """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    v = np.ones(A.shape[0]) / math.sqrt(A.shape[0])
    for _ in range(10):
        v = A @ v
        v /= np.linalg.norm(v)
    return float(v @ A @ v), v
""",
        "forgets_to_normalise_result": """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    v = np.ones(A.shape[0]) / math.sqrt(A.shape[0])
    lam = 0.0
    for _ in range(num_iters):
        w = A @ v
        lam = float(v @ w)
        v = w / np.linalg.norm(w)
    w = A @ v
    return lam, w
""",
        "assert_instead_of_value_error": """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    assert A.ndim == 2 and A.shape[0] == A.shape[1], "A must be square"
    v = np.ones(A.shape[0]) / math.sqrt(A.shape[0])
    for _ in range(num_iters):
        w = A @ v
        w /= np.linalg.norm(w)
        if np.sum(w * v) < 0:
            w = -w
        done = np.linalg.norm(w - v) < tol
        v = w
        if done:
            break
    return float(v @ A @ v), v
""",
        "returns_vector_as_list": """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    v = np.ones(A.shape[0]) / math.sqrt(A.shape[0])
    for _ in range(num_iters):
        w = A @ v
        w /= np.linalg.norm(w)
        if np.sum(w * v) < 0:
            w = -w
        done = np.linalg.norm(w - v) < tol
        v = w
        if done:
            break
    return float(v @ A @ v), v.tolist()
""",
        "normalises_in_place_on_input": """
def power_iteration(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    A /= np.abs(A).max()
    v = np.ones(A.shape[0]) / math.sqrt(A.shape[0])
    for _ in range(num_iters):
        w = A @ v
        w /= np.linalg.norm(w)
        if np.sum(w * v) < 0:
            w = -w
        done = np.linalg.norm(w - v) < tol
        v = w
        if done:
            break
    return float(v @ A @ v), v
""",
    },
    "pca": {
        "does_not_centre": """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    if not 1 <= k <= X.shape[1]:
        raise ValueError("bad k")
    values, vectors = np.linalg.eigh(X.T @ X / (X.shape[0] - 1))
    components = vectors[:, np.argsort(values)[::-1][:k]].T
    return components, X @ components.T
""",
        "projects_uncentred_data": """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    if not 1 <= k <= X.shape[1]:
        raise ValueError("bad k")
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc / (X.shape[0] - 1))
    components = vectors[:, np.argsort(values)[::-1][:k]].T
    return components, X @ components.T
""",
        "ascending_order_from_eigh": """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    if not 1 <= k <= X.shape[1]:
        raise ValueError("bad k")
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(Xc, rowvar=False))
    components = vectors[:, :k].T
    return components, Xc @ components.T
""",
        "components_as_columns": """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    if not 1 <= k <= X.shape[1]:
        raise ValueError("bad k")
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(Xc, rowvar=False))
    components = vectors[:, np.argsort(values)[::-1][:k]]
    return components, Xc @ components
""",
        "eigenvectors_read_as_rows": """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    if not 1 <= k <= X.shape[1]:
        raise ValueError("bad k")
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(Xc, rowvar=False))
    components = vectors[np.argsort(values)[::-1][:k], :]
    return components, Xc @ components.T
""",
        "standardises_features": """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    if not 1 <= k <= X.shape[1]:
        raise ValueError("bad k")
    Xc = (X - X.mean(axis=0)) / X.std(axis=0)
    values, vectors = np.linalg.eigh(np.cov(Xc, rowvar=False))
    components = vectors[:, np.argsort(values)[::-1][:k]].T
    return components, (X - X.mean(axis=0)) @ components.T
""",
        "no_k_check": """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(Xc, rowvar=False))
    components = vectors[:, np.argsort(values)[::-1][:k]].T
    return components, Xc @ components.T
""",
        "centres_input_in_place": """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    if not 1 <= k <= X.shape[1]:
        raise ValueError("bad k")
    X -= X.mean(axis=0)
    values, vectors = np.linalg.eigh(X.T @ X / (X.shape[0] - 1))
    components = vectors[:, np.argsort(values)[::-1][:k]].T
    return components, X @ components.T
""",
        "uses_gram_matrix_eigenvectors": """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    if not 1 <= k <= X.shape[1]:
        raise ValueError("bad k")
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc @ Xc.T)
    U = vectors[:, np.argsort(values)[::-1][:k]]
    components = U.T @ Xc
    return components, Xc @ components.T
""",
    },
    "numerical_gradient": {
        "forward_difference": """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    fx = f(x)
    for i in np.ndindex(x.shape):
        xp = x.copy()
        xp[i] += h
        grad[i] = (f(xp) - fx) / h
    return grad
""",
        "perturbs_x_in_place_and_restores": """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f(x)
        x[i] = old - h
        fm = f(x)
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad
""",
        "ignores_h_argument": """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += 1e-5
        xm[i] -= 1e-5
        grad[i] = (f(xp) - f(xm)) / 2e-5
    return grad
""",
        "divides_by_h_not_2h": """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        grad[i] = (f(xp) - f(xm)) / h
    return grad
""",
        "only_handles_1d": """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(len(x)):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        grad[i] = (f(xp) - f(xm)) / (2 * h)
    return grad
""",
        "returns_flat_list": """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = []
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        grad.append((f(xp) - f(xm)) / (2 * h))
    return grad
""",
        "perturbs_every_element_at_once": """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))
""",
    },
    "gradient_descent": {
        "path_without_x0": """
def gradient_descent(grad_f, x0, lr, num_steps):
    x = np.array(x0, dtype=float)
    path = []
    for _ in range(num_steps):
        x = x - lr * grad_f(x)
        path.append(x)
    return np.array(path)
""",
        "one_step_too_many": """
def gradient_descent(grad_f, x0, lr, num_steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(num_steps + 1):
        x = x - lr * grad_f(x)
        path.append(x)
    return np.array(path[1:])
""",
        "steps_uphill": """
def gradient_descent(grad_f, x0, lr, num_steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(num_steps):
        x = x + lr * grad_f(x)
        path.append(x)
    return np.array(path)
""",
        "in_place_update_aliases_rows": """
def gradient_descent(grad_f, x0, lr, num_steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(num_steps):
        x -= lr * grad_f(x)
        path.append(x)
    return np.array(path)
""",
        "updates_x0_in_place": """
def gradient_descent(grad_f, x0, lr, num_steps):
    x = np.asarray(x0, dtype=float)
    path = [x.copy()]
    for _ in range(num_steps):
        x -= lr * grad_f(x)
        path.append(x.copy())
    return np.array(path)
""",
        "returns_list_of_rows": """
def gradient_descent(grad_f, x0, lr, num_steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(num_steps):
        x = x - lr * grad_f(x)
        path.append(x)
    return path
""",
        "flattens_matrix_x0": """
def gradient_descent(grad_f, x0, lr, num_steps):
    x = np.array(x0, dtype=float)
    path = np.zeros((num_steps + 1, x.size))
    path[0] = x.ravel()
    for t in range(num_steps):
        x = x - lr * grad_f(x)
        path[t + 1] = x.ravel()
    return path
""",
        "gradient_at_start_only": """
def gradient_descent(grad_f, x0, lr, num_steps):
    x = np.array(x0, dtype=float)
    g = grad_f(x)
    path = [x]
    for _ in range(num_steps):
        x = x - lr * g
        path.append(x)
    return np.array(path)
""",
    },
    "sigmoid_neuron_grad": {
        "dw_uses_w_not_x": """
def sigmoid_neuron_grad(w, x, b):
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    s = 1.0 / (1.0 + np.exp(-(np.sum(w * x) + b)))
    return s * (1 - s) * w, float(s * (1 - s))
""",
        "db_is_sigma_not_its_derivative": """
def sigmoid_neuron_grad(w, x, b):
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    s = 1.0 / (1.0 + np.exp(-(np.sum(w * x) + b)))
    return s * (1 - s) * x, float(s)
""",
        "derivative_sign_error": """
def sigmoid_neuron_grad(w, x, b):
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    s = 1.0 / (1.0 + np.exp(-(np.sum(w * x) + b)))
    return s * (1 + s) * x, float(s * (1 + s))
""",
        "forgets_bias": """
def sigmoid_neuron_grad(w, x, b):
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    s = 1.0 / (1.0 + np.exp(-np.sum(w * x)))
    return s * (1 - s) * x, float(s * (1 - s))
""",
        "forgets_local_derivative": """
def sigmoid_neuron_grad(w, x, b):
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    return x.copy(), 1.0
""",
        "db_as_one_element_array": """
def sigmoid_neuron_grad(w, x, b):
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    z = np.sum(w * x, keepdims=True) + b
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1 - s) * x, s * (1 - s)
""",
        "derivative_at_z_not_sigma": """
def sigmoid_neuron_grad(w, x, b):
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    z = np.sum(w * x) + b
    return z * (1 - z) * x, float(z * (1 - z))
""",
    },
    "sigmoid_chain_grad": {
        "derivative_at_x_every_layer": """
def sigmoid_chain_grad(x, depth):
    if depth < 1:
        raise ValueError("depth must be >= 1")
    s = 1.0 / (1.0 + math.exp(-x))
    return (s * (1 - s)) ** depth
""",
        "adds_instead_of_multiplies": """
def sigmoid_chain_grad(x, depth):
    if depth < 1:
        raise ValueError("depth must be >= 1")
    grad, a = 0.0, float(x)
    for _ in range(depth):
        s = 1.0 / (1.0 + math.exp(-a))
        grad += s * (1 - s)
        a = s
    return grad
""",
        "one_layer_too_few": """
def sigmoid_chain_grad(x, depth):
    if depth < 1:
        raise ValueError("depth must be >= 1")
    grad, a = 1.0, float(x)
    for _ in range(depth - 1):
        s = 1.0 / (1.0 + math.exp(-a))
        grad *= s * (1 - s)
        a = s
    return grad
""",
        "derivative_at_layer_output": """
def sigmoid_chain_grad(x, depth):
    if depth < 1:
        raise ValueError("depth must be >= 1")
    grad, a = 1.0, float(x)
    for _ in range(depth):
        a = 1.0 / (1.0 + math.exp(-a))
        s = 1.0 / (1.0 + math.exp(-a))
        grad *= s * (1 - s)
    return grad
""",
        "no_depth_check": """
def sigmoid_chain_grad(x, depth):
    grad, a = 1.0, float(x)
    for _ in range(depth):
        s = 1.0 / (1.0 + math.exp(-a))
        grad *= s * (1 - s)
        a = s
    return grad
""",
        "assert_for_depth": """
def sigmoid_chain_grad(x, depth):
    assert depth >= 1, "depth must be >= 1"
    grad, a = 1.0, float(x)
    for _ in range(depth):
        s = 1.0 / (1.0 + math.exp(-a))
        grad *= s * (1 - s)
        a = s
    return grad
""",
        "returns_composed_sigma_not_gradient": """
def sigmoid_chain_grad(x, depth):
    if depth < 1:
        raise ValueError("depth must be >= 1")
    a = float(x)
    for _ in range(depth):
        a = 1.0 / (1.0 + math.exp(-a))
    return a * (1 - a)
""",
    },
    "bayes_posterior": {
        "not_normalised": """
def bayes_posterior(prior, likelihood):
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if prior.shape != likelihood.shape:
        raise ValueError("shapes differ")
    if np.any(prior < 0) or abs(prior.sum() - 1) > 1e-8:
        raise ValueError("bad prior")
    if np.sum(prior * likelihood) == 0:
        raise ValueError("P(B) = 0")
    return prior * likelihood
""",
        "divides_by_likelihood_sum": """
def bayes_posterior(prior, likelihood):
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if prior.shape != likelihood.shape:
        raise ValueError("shapes differ")
    if np.any(prior < 0) or abs(prior.sum() - 1) > 1e-8:
        raise ValueError("bad prior")
    if np.sum(likelihood) == 0:
        raise ValueError("P(B) = 0")
    return prior * likelihood / np.sum(likelihood)
""",
        "only_checks_the_sum": """
def bayes_posterior(prior, likelihood):
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if prior.shape != likelihood.shape:
        raise ValueError("shapes differ")
    if abs(prior.sum() - 1) > 1e-8:
        raise ValueError("prior must sum to 1")
    joint = prior * likelihood
    if joint.sum() == 0:
        raise ValueError("P(B) = 0")
    return joint / joint.sum()
""",
        "exact_float_sum_check": """
def bayes_posterior(prior, likelihood):
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if prior.shape != likelihood.shape:
        raise ValueError("shapes differ")
    if np.any(prior < 0) or prior.sum() != 1.0:
        raise ValueError("bad prior")
    joint = prior * likelihood
    if joint.sum() == 0:
        raise ValueError("P(B) = 0")
    return joint / joint.sum()
""",
        "isclose_default_tolerance": """
def bayes_posterior(prior, likelihood):
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if prior.shape != likelihood.shape:
        raise ValueError("shapes differ")
    if np.any(prior < 0) or not np.isclose(prior.sum(), 1.0):
        raise ValueError("bad prior")
    joint = prior * likelihood
    if joint.sum() == 0:
        raise ValueError("P(B) = 0")
    return joint / joint.sum()
""",
        "no_zero_evidence_check": """
def bayes_posterior(prior, likelihood):
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if prior.shape != likelihood.shape:
        raise ValueError("shapes differ")
    if np.any(prior < 0) or abs(prior.sum() - 1) > 1e-8:
        raise ValueError("bad prior")
    joint = prior * likelihood
    return joint / joint.sum()
""",
        "shape_check_left_to_broadcasting": """
def bayes_posterior(prior, likelihood):
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if np.any(prior < 0) or abs(prior.sum() - 1) > 1e-8:
        raise ValueError("bad prior")
    joint = prior * likelihood
    if joint.sum() == 0:
        raise ValueError("P(B) = 0")
    return joint / joint.sum()
""",
        "returns_list": """
def bayes_posterior(prior, likelihood):
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if prior.shape != likelihood.shape:
        raise ValueError("shapes differ")
    if np.any(prior < 0) or abs(prior.sum() - 1) > 1e-8:
        raise ValueError("bad prior")
    joint = prior * likelihood
    if joint.sum() == 0:
        raise ValueError("P(B) = 0")
    return (joint / joint.sum()).tolist()
""",
    },
    "entropy": {
        "log2_bits_not_nats": """
def entropy(p):
    p = np.asarray(p, dtype=float)
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("not a probability vector")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log2(nz)))
""",
        "missing_minus_sign": """
def entropy(p):
    p = np.asarray(p, dtype=float)
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("not a probability vector")
    nz = p[p > 0]
    return float(np.sum(nz * np.log(nz)))
""",
        "log_of_zero": """
def entropy(p):
    p = np.asarray(p, dtype=float)
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("not a probability vector")
    return float(-np.nansum(p * np.log(p)))
""",
        "nan_to_num_after_log_zero": """
def entropy(p):
    p = np.asarray(p, dtype=float)
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("not a probability vector")
    return float(-np.sum(np.nan_to_num(p * np.log(p))))
""",
        "no_validation": """
def entropy(p):
    p = np.asarray(p, dtype=float)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)))
""",
        "only_checks_the_sum": """
def entropy(p):
    p = np.asarray(p, dtype=float)
    if abs(p.sum() - 1) > 1e-6:
        raise ValueError("p must sum to 1")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)))
""",
        "isclose_default_tolerance": """
def entropy(p):
    p = np.asarray(p, dtype=float)
    if np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError("not a probability vector")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)))
""",
        "exact_float_sum_check": """
def entropy(p):
    p = np.asarray(p, dtype=float)
    if np.any(p < 0) or p.sum() != 1.0:
        raise ValueError("not a probability vector")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)))
""",
        "mean_instead_of_sum": """
def entropy(p):
    p = np.asarray(p, dtype=float)
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("not a probability vector")
    nz = p[p > 0]
    return float(-np.mean(nz * np.log(nz)))
""",
    },
    "cross_entropy": {
        "swaps_p_and_q": """
def cross_entropy(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    return float(-np.sum(q * np.log(np.maximum(p, eps))))
""",
        "adds_eps_instead_of_flooring": """
def cross_entropy(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    return float(-np.sum(p * np.log(q + eps)))
""",
        "hardcoded_eps": """
def cross_entropy(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    return float(-np.sum(p * np.log(np.maximum(q, 1e-12))))
""",
        "no_floor_log_zero": """
def cross_entropy(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    return float(-np.sum(p * np.log(q)))
""",
        "missing_minus_sign": """
def cross_entropy(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    return float(np.sum(p * np.log(np.maximum(q, eps))))
""",
        "mean_instead_of_sum": """
def cross_entropy(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    return float(-np.mean(p * np.log(np.maximum(q, eps))))
""",
        "shape_check_left_to_broadcasting": """
def cross_entropy(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return float(-np.sum(p * np.log(np.maximum(q, eps))))
""",
        "floors_q_in_place": """
def cross_entropy(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    np.maximum(q, eps, out=q)
    return float(-np.sum(p * np.log(q)))
""",
    },
    "kl_divergence": {
        "reversed_arguments": """
def kl_divergence(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    mask = q > 0
    return float(np.sum(q[mask] * np.log(q[mask] / np.maximum(p[mask], eps))))
""",
        "no_mask_for_zero_p": """
def kl_divergence(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return float(np.nansum(p * np.log(p / np.maximum(q, eps))))
""",
        "no_eps_floor": """
def kl_divergence(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    mask = p > 0
    return float(np.sum(p[mask] * np.log(p[mask] / q[mask])))
""",
        "adds_eps_to_q": """
def kl_divergence(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    mask = p > 0
    return float(np.sum(p[mask] * np.log(p[mask] / (q[mask] + eps))))
""",
        "ratio_upside_down": """
def kl_divergence(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    mask = p > 0
    return float(np.sum(p[mask] * np.log(np.maximum(q[mask], eps) / p[mask])))
""",
        "log2_bits_not_nats": """
def kl_divergence(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    mask = p > 0
    return float(np.sum(p[mask] * np.log2(p[mask] / np.maximum(q[mask], eps))))
""",
        "hardcoded_eps": """
def kl_divergence(p, q, eps=1e-12):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    mask = p > 0
    return float(np.sum(p[mask] * np.log(p[mask] / np.maximum(q[mask], 1e-12))))
""",
    },
}


def _without(source: str, *lines: str) -> str:
    """A correct variant with some lines (the conversions with np.asarray) taken out."""
    for line in lines:
        assert line in source, line
        source = source.replace(line, "")
    return source


_STABLE_SIGMA = "1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))"

# Mistakes caught by the tests of the contract's stated ranges, of small inputs and of list inputs;
# CAUGHT_BY names the hidden test written for each (it must fail; in these cases it is the only one).
MISTAKES["cosine_similarity"].update(
    {
        "eps_added_to_denominator": """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError("lengths differ")
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0.0 or nv == 0.0:
        raise ValueError("zero vector")
    return float(np.clip(np.sum(u * v) / (nu * nv + 1e-8), -1.0, 1.0))
""",
        "small_norm_treated_as_zero": """
def cosine_similarity(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.shape != v.shape:
        raise ValueError("lengths differ")
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu < 1e-8 or nv < 1e-8:
        raise ValueError("zero vector")
    return float(np.clip(np.sum(u * v) / (nu * nv), -1.0, 1.0))
""",
        "no_asarray_lists_fail": _without(
            CORRECT["cosine_similarity"][0],
            "    u = np.asarray(u, dtype=float)\n",
            "    v = np.asarray(v, dtype=float)\n",
        ),
    }
)
MISTAKES["power_iteration"]["no_asarray_lists_fail"] = _without(
    CORRECT["power_iteration"][0], "    A = np.asarray(A, dtype=float)\n"
)
MISTAKES["pca"]["no_asarray_lists_fail"] = _without(CORRECT["pca"][0], "    X = np.asarray(X, dtype=float)\n")
MISTAKES["gradient_descent"]["no_asarray_lists_fail"] = _without(
    CORRECT["gradient_descent"][1], "    x0 = np.asarray(x0, dtype=float)\n"
)
MISTAKES["sigmoid_neuron_grad"].update(
    {
        "naive_sigmoid_overflows": """
def sigmoid_neuron_grad(w, x, b):
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    s = 1.0 / (1.0 + np.exp(-(np.sum(w * x) + b)))
    return s * (1 - s) * x, float(s * (1 - s))
""",
        "no_asarray_lists_fail": _without(
            CORRECT["sigmoid_neuron_grad"][0],
            "    w = np.asarray(w, dtype=float)\n",
            "    x = np.asarray(x, dtype=float)\n",
        ),
    }
)
MISTAKES["sigmoid_chain_grad"]["math_exp_overflows"] = """
def sigmoid_chain_grad(x, depth):
    if depth < 1:
        raise ValueError("depth must be >= 1")
    grad, a = 1.0, float(x)
    for _ in range(depth):
        s = 1.0 / (1.0 + math.exp(-a))
        grad *= s * (1 - s)
        a = s
    return grad
"""
MISTAKES["sigmoid_chain_grad"]["np_exp_overflow_warns"] = """
def sigmoid_chain_grad(x, depth):
    if depth < 1:
        raise ValueError("depth must be >= 1")
    grad, a = 1.0, float(x)
    for _ in range(depth):
        s = float(1.0 / (1.0 + np.exp(-a)))
        grad *= s * (1 - s)
        a = s
    return grad
"""
MISTAKES["cross_entropy"]["no_asarray_lists_fail"] = _without(
    CORRECT["cross_entropy"][0], "    p = np.asarray(p, dtype=float)\n", "    q = np.asarray(q, dtype=float)\n"
)
MISTAKES["kl_divergence"]["no_asarray_lists_fail"] = _without(
    CORRECT["kl_divergence"][0], "    p = np.asarray(p, dtype=float)\n", "    q = np.asarray(q, dtype=float)\n"
)

# Shape mistakes every fixed case misses; the hypothesis tests draw every pair of dimensions.
MISTAKES["dot"]["ndim_greater_than_one"] = """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.ndim > 1 or v.ndim > 1:
        raise ValueError("dot needs vectors, not matrices")
    if u.size != v.size:
        raise ValueError("lengths differ")
    return float(np.sum(u * v))
"""
MISTAKES["dot"]["len_on_scalars"] = """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if len(u) != len(v):
        raise ValueError("lengths differ")
    if u.ndim == 2 or v.ndim == 2:
        raise ValueError("not 1-D")
    return float(np.sum(u * v))
"""
MISTAKES["dot"]["only_rejects_matrices"] = """
def dot(u, v):
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    if u.ndim == 2 or v.ndim == 2:
        raise ValueError("not 1-D")
    if u.shape[0] != v.shape[0]:
        raise ValueError("lengths differ")
    return float(np.sum(u * v))
"""
MISTAKES["matmul"]["checks_only_for_vectors"] = """
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim < 2 or B.ndim < 2:
        raise ValueError("need matrices")
    if B.ndim != 2:
        raise ValueError("B must be 2-D")
    if A.shape[1] != B.shape[0]:
        raise ValueError("inner sizes differ")
    return np.sum(A[:, :, None] * B[None, :, :], axis=1)
"""
CAUGHT_BY: dict[str, dict[str, str]] = {
    "dot": {
        "ndim_greater_than_one": "test_accepts_only_two_vectors_of_one_length",
        "len_on_scalars": "test_accepts_only_two_vectors_of_one_length",
        "only_rejects_matrices": "test_accepts_only_two_vectors_of_one_length",
    },
    "matmul": {"checks_only_for_vectors": "test_accepts_only_matrices_of_matching_inner_size"},
    "cosine_similarity": {
        "eps_added_to_denominator": "test_handles_small_vectors",
        "small_norm_treated_as_zero": "test_handles_small_vectors",
        "no_asarray_lists_fail": "test_accepts_lists_and_leaves_read_only_inputs_untouched",
    },
    "power_iteration": {"no_asarray_lists_fail": "test_accepts_a_nested_list_and_leaves_a_read_only_matrix_untouched"},
    "pca": {"no_asarray_lists_fail": "test_accepts_a_nested_list_and_leaves_read_only_data_untouched"},
    "gradient_descent": {"no_asarray_lists_fail": "test_accepts_a_list_and_leaves_a_read_only_x0_untouched"},
    "sigmoid_neuron_grad": {
        "naive_sigmoid_overflows": "test_stays_finite_and_warning_free_at_extremes",
        "no_asarray_lists_fail": "accepts lists and leaves read-only inputs untouched [lists]",
    },
    "sigmoid_chain_grad": {
        "math_exp_overflows": "test_stays_finite_and_warning_free_at_extremes",
        "np_exp_overflow_warns": "test_stays_finite_and_warning_free_at_extremes",
    },
    "cross_entropy": {"no_asarray_lists_fail": "test_accepts_lists_and_leaves_read_only_inputs_untouched"},
    "kl_divergence": {"no_asarray_lists_fail": "test_accepts_lists_and_leaves_read_only_inputs_untouched"},
}
