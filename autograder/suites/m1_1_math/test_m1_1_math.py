"""Hidden suite of m1_1_math (Section 1.1, Math Prerequisites)."""

from __future__ import annotations

import itertools
import math
from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import array, close, close_up_to_sign, equal, fail, scalar, tuple_of
from autograder.suites.student import Lambda, Student

# What dot, matmul and power_iteration may not use: autograder/static/rules.py (RESTRICTIONS).


def rng(seed: int) -> np.random.Generator:
    """Seeded inputs: the same submission always sees the same data."""
    return np.random.default_rng(1_000 + seed)


def probs(r: np.random.Generator, k: int, zeros: int = 0) -> np.ndarray:
    """A random probability vector of length k with ``zeros`` exact zeros."""
    p = r.uniform(0.05, 1.0, k)
    p[:zeros] = 0.0
    r.shuffle(p)
    return p / p.sum()


# --- dot -------------------------------------------------------------------------------------
@pytest.mark.grades("dot")
@pytest.mark.points(2)
def test_dot_random(student: Student, ref: ModuleType) -> None:
    """agrees with the sum of products on random vectors"""
    r = rng(1)
    for n in (1, 2, 7, 100, 1000):
        u, v = r.standard_normal(n), r.standard_normal(n)
        got = scalar(student(u, v), f"dot of two length-{n} vectors")
        close(
            got,
            ref.dot(u, v),
            f"dot of two random length-{n} vectors",
            hint="multiply u and v elementwise, then add up every product",
        )
        close(got, math.fsum(u * v), f"dot of two random length-{n} vectors (exact sum)")


@pytest.mark.grades("dot")
@pytest.mark.points(1)
def test_dot_lists(student: Student, ref: ModuleType) -> None:
    """accepts plain Python lists and returns a float"""
    got = scalar(student([1.0, 2.0, 3.0], [4.0, -5.0, 6.0]), "dot([1, 2, 3], [4, -5, 6])")
    close(got, 12.0, "dot([1, 2, 3], [4, -5, 6])", hint="convert the inputs with np.asarray first")


@pytest.mark.grades("dot")
@pytest.mark.points(2)
def test_dot_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError for vectors of different lengths or inputs that are not 1-D"""
    student.raises_value_error(np.ones(3), np.ones(4), why="the lengths differ (3 and 4)")
    student.raises_value_error(
        np.ones(1), np.ones(3), why="the lengths differ (1 and 3; broadcasting must not hide it)"
    )
    student.raises_value_error(np.ones((2, 2)), np.ones((2, 2)), why="the inputs are 2-D matrices")
    student.raises_value_error(np.ones(4), np.ones((4, 1)), why="the second input is 2-D")


@pytest.mark.grades("dot")
@pytest.mark.points(1)
def test_dot_no_mutation(student: Student, ref: ModuleType) -> None:
    """leaves read-only inputs untouched"""
    u, v = rng(2).standard_normal((2, 9))
    close(scalar(student(u, v, readonly=True), "dot"), ref.dot(u, v), "dot of read-only vectors")


# --- matmul ----------------------------------------------------------------------------------
@pytest.mark.grades("matmul")
@pytest.mark.points(2)
def test_matmul_random(student: Student, ref: ModuleType) -> None:
    """agrees with the matrix product on random shapes"""
    r = rng(3)
    for n, k, m in ((1, 1, 1), (3, 4, 2), (5, 1, 6), (7, 3, 7), (20, 30, 10)):
        A, B = r.standard_normal((n, k)), r.standard_normal((k, m))
        got = array(
            student(A, B),
            f"matmul of ({n},{k}) and ({k},{m})",
            shape=(n, m),
            hint="the result has A's rows and B's columns",
        )
        close(
            got,
            ref.matmul(A, B),
            f"matmul of ({n},{k}) and ({k},{m})",
            hint="C[i, j] is the sum over t of A[i, t] * B[t, j]",
        )
        close(got, np.matmul(A, B), f"matmul of ({n},{k}) and ({k},{m})")


@pytest.mark.grades("matmul")
@pytest.mark.points(1)
def test_matmul_lists(student: Student, ref: ModuleType) -> None:
    """accepts nested lists and returns a float64 array"""
    got = array(student([[1.0, 2.0], [3.0, 4.0]], [[5.0], [6.0]]), "matmul of 2x2 and 2x1 lists", shape=(2, 1))
    close(got, [[17.0], [39.0]], "matmul([[1, 2], [3, 4]], [[5], [6]])")


@pytest.mark.grades("matmul")
@pytest.mark.points(1)
def test_matmul_identities(student: Student, ref: ModuleType) -> None:
    """satisfies A·I = A and (A·B)ᵀ = Bᵀ·Aᵀ"""
    r = rng(4)
    A, B = r.standard_normal((4, 6)), r.standard_normal((6, 3))
    close(
        array(student(A, np.eye(6)), "A·I", shape=(4, 6)),
        A,
        "A times the identity",
        hint="multiplying by the identity must give A back",
    )
    left = array(student(A, B), "A·B", shape=(4, 3))
    right = array(student(B.T, A.T), "Bᵀ·Aᵀ", shape=(3, 4))
    close(left.T, right, "(A·B)ᵀ compared with Bᵀ·Aᵀ", hint="check which index you sum over")


@pytest.mark.grades("matmul")
@pytest.mark.points(2)
def test_matmul_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError when inner sizes differ or an input is not 2-D"""
    student.raises_value_error(np.ones((2, 3)), np.ones((2, 3)), why="the inner sizes differ (3 and 2)")
    student.raises_value_error(
        np.ones((2, 1)), np.ones((3, 2)), why="the inner sizes differ (1 and 3; broadcasting must not hide it)"
    )
    student.raises_value_error(np.ones(3), np.ones((3, 2)), why="the first input is 1-D")
    student.raises_value_error(np.ones((2, 3)), np.ones((3, 2, 2)), why="the second input is 3-D")


@pytest.mark.grades("matmul")
@pytest.mark.points(1)
def test_matmul_no_mutation(student: Student, ref: ModuleType) -> None:
    """leaves read-only inputs untouched"""
    r = rng(5)
    A, B = r.standard_normal((3, 5)), r.standard_normal((5, 4))
    close(array(student(A, B, readonly=True), "matmul", shape=(3, 4)), ref.matmul(A, B), "matmul of read-only inputs")


# --- cosine_similarity -------------------------------------------------------------------------
@pytest.mark.grades("cosine_similarity")
@pytest.mark.points(1.5)
def test_cosine_random(student: Student, ref: ModuleType) -> None:
    """agrees with u·v / (‖u‖‖v‖) on random vectors"""
    r = rng(6)
    for n in (1, 2, 5, 50):
        u, v = r.standard_normal(n), r.standard_normal(n)
        got = scalar(student(u, v), f"cosine_similarity of length-{n} vectors")
        close(
            got,
            ref.cosine_similarity(u, v),
            f"cosine_similarity of random length-{n} vectors",
            hint="divide the dot product by the product of the two Euclidean norms",
        )


@pytest.mark.grades("cosine_similarity")
@pytest.mark.points(1)
def test_cosine_bounded(student: Student, ref: ModuleType) -> None:
    """stays inside [-1, 1] exactly for parallel and opposite vectors"""
    r = rng(7)
    for _ in range(60):
        u = r.standard_normal(int(r.integers(2, 6)))
        for sign in (1.0, -1.0):
            v = sign * r.uniform(0.1, 10.0) * u
            got = scalar(student(u, v), "cosine_similarity of parallel vectors")
            if not -1.0 <= got <= 1.0:
                fail(
                    f"cosine_similarity returned {got!r} for {'parallel' if sign > 0 else 'opposite'} vectors, "
                    "outside [-1, 1]. Hint: rounding can push the ratio just past ±1; clip the result."
                )
            close(got, sign, "cosine_similarity of parallel vectors")


@pytest.mark.grades("cosine_similarity")
@pytest.mark.points(0.5)
def test_cosine_scale_invariant(student: Student, ref: ModuleType) -> None:
    """does not change when either vector is scaled by a positive number"""
    r = rng(8)
    u, v = r.standard_normal(6), r.standard_normal(6)
    base = scalar(student(u, v), "cosine_similarity")
    close(
        scalar(student(1e3 * u, 0.25 * v), "cosine_similarity"),
        base,
        "cosine_similarity after scaling u by 1000 and v by 0.25",
        hint="normalise by both norms, not by one of them or by their sum",
    )


@pytest.mark.grades("cosine_similarity")
@pytest.mark.points(1.5)
def test_cosine_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError on a zero vector or a length mismatch"""
    student.raises_value_error(np.zeros(3), np.ones(3), why="u is the zero vector")
    student.raises_value_error(np.ones(3), np.zeros(3), why="v is the zero vector")
    student.raises_value_error(np.ones(3), np.ones(4), why="the lengths differ")
    student.raises_value_error(
        np.ones(1), np.ones(3), why="the lengths differ (1 and 3; broadcasting must not hide it)"
    )


@pytest.mark.grades("cosine_similarity")
@pytest.mark.points(1)
def test_cosine_small(student: Student, ref: ModuleType) -> None:
    """is correct for small non-zero vectors (entries around 1e-9)"""
    r = rng(36)
    hint = (
        "a small vector is not a zero vector: raise only when every entry is exactly 0, and do not add "
        "an epsilon to the denominator (it swamps norms of 1e-9)"
    )
    for n in (1, 3, 8):
        u, v = 1e-9 * r.standard_normal(n), 1e-9 * r.standard_normal(n)
        got = scalar(student(u, v), f"cosine_similarity of length-{n} vectors with entries around 1e-9")
        close(got, ref.cosine_similarity(u, v), f"cosine_similarity of length-{n} vectors of size 1e-9", hint=hint)
    u = 1e-9 * r.standard_normal(4)
    close(
        scalar(student(u, 3.0 * u), "cosine_similarity"),
        1.0,
        "cosine_similarity of two parallel vectors with entries around 1e-9",
        hint=hint,
    )


@pytest.mark.grades("cosine_similarity")
@pytest.mark.points(0.5)
def test_cosine_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    close(
        scalar(student([1.0, 2.0, 2.0], [2.0, 0.0, 1.0]), "cosine_similarity of lists"),
        4.0 / 3.0 / math.sqrt(5.0),
        "cosine_similarity of lists",
        hint="convert the inputs with np.asarray first",
    )
    u, v = rng(37).standard_normal((2, 5))
    close(
        scalar(student(u, v, readonly=True), "cosine_similarity"),
        ref.cosine_similarity(u, v),
        "cosine_similarity of read-only inputs",
        hint="compute into new arrays instead of normalising u or v in place",
    )


# --- power_iteration ---------------------------------------------------------------------------
def symmetric_with_gap(r: np.random.Generator, n: int, negative: bool = False) -> np.ndarray:
    """A random symmetric matrix whose dominant eigenvalue is well separated from the rest."""
    q, _ = np.linalg.qr(r.standard_normal((n, n)))
    top = r.uniform(5.0, 10.0)
    rest = r.uniform(-0.3, 0.3, n - 1) * top
    values = np.concatenate([[-top if negative else top], rest])
    return (q * values) @ q.T


def check_eigenpair(student: Student, A: np.ndarray, what: str, readonly: bool = False, as_list: bool = False) -> None:
    result = tuple_of(student(A.tolist() if as_list else A, readonly=readonly), 2, "power_iteration")
    lam = scalar(result[0], f"the eigenvalue of {what}")
    vec = array(result[1], f"the eigenvector of {what}", shape=(A.shape[0],))
    values, vectors = np.linalg.eigh(A)
    i = int(np.argmax(np.abs(values)))
    close(np.linalg.norm(vec), 1.0, f"the norm of the eigenvector of {what}", hint="normalise v to unit length")
    close(
        lam,
        values[i],
        f"the dominant eigenvalue of {what}",
        hint="the dominant eigenvalue is the largest in magnitude; estimate it with the Rayleigh quotient vᵀAv",
    )
    close_up_to_sign(
        vec,
        vectors[:, i],
        f"the dominant eigenvector of {what}",
        hint="iterate until the vector itself stops changing, not only the eigenvalue",
    )
    residual = float(np.max(np.abs(A @ vec - lam * vec)))
    if not residual <= 1e-5 * abs(values[i]):
        fail(f"A v differs from λ v for {what} (largest difference {residual:.3g}).")


@pytest.mark.grades("power_iteration")
@pytest.mark.points(3)
def test_power_random(student: Student, ref: ModuleType) -> None:
    """finds the dominant eigenpair of random symmetric matrices"""
    r = rng(9)
    for n in (2, 3, 5, 8, 12):
        check_eigenpair(student, symmetric_with_gap(r, n), f"a random symmetric {n}x{n} matrix")


@pytest.mark.grades("power_iteration")
@pytest.mark.points(2)
def test_power_negative(student: Student, ref: ModuleType) -> None:
    """returns a negative dominant eigenvalue as negative"""
    r = rng(10)
    for n in (3, 6):
        check_eigenpair(
            student, symmetric_with_gap(r, n, negative=True), f"a {n}x{n} matrix whose dominant eigenvalue is negative"
        )


@pytest.mark.grades("power_iteration")
@pytest.mark.points(1)
def test_power_diagonal(student: Student, ref: ModuleType) -> None:
    """handles a diagonal matrix"""
    check_eigenpair(student, np.diag([1.0, -7.0, 2.0, 0.5]), "diag(1, -7, 2, 0.5)")


@pytest.mark.grades("power_iteration")
@pytest.mark.points(1)
def test_power_deterministic(student: Student, ref: ModuleType) -> None:
    """is deterministic: the same matrix gives the same answer twice"""
    A = symmetric_with_gap(rng(11), 5)
    first, second = tuple_of(student(A), 2, "power_iteration"), tuple_of(student(A), 2, "power_iteration")
    equal(
        np.asarray(second[1]),
        np.asarray(first[1]),
        "the eigenvector of a second call",
        hint="start from a fixed vector, or seed your generator inside the function",
    )


@pytest.mark.grades("power_iteration")
@pytest.mark.points(1)
def test_power_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError for a matrix that is not square"""
    student.raises_value_error(np.ones((3, 4)), why="A is 3x4")


@pytest.mark.grades("power_iteration")
@pytest.mark.points(1)
def test_power_no_mutation(student: Student, ref: ModuleType) -> None:
    """accepts a nested list and leaves a read-only matrix untouched"""
    A = symmetric_with_gap(rng(12), 4)
    check_eigenpair(student, A, "a read-only 4x4 matrix", readonly=True)
    check_eigenpair(student, A, "a 4x4 matrix given as a nested list", as_list=True)


# --- pca ---------------------------------------------------------------------------------------
def pca_data(r: np.random.Generator, n: int, d: int) -> np.ndarray:
    """Data with well-separated variances along random orthogonal directions, off-centre."""
    q, _ = np.linalg.qr(r.standard_normal((d, d)))
    scales = 3.0 * 0.6 ** np.arange(d)
    return (r.standard_normal((n, d)) * scales) @ q.T + r.uniform(-5, 5, d)


def check_pca(
    student: Student, X: np.ndarray, k: int, what: str, readonly: bool = False, as_list: bool = False
) -> None:
    result = tuple_of(student(X.tolist() if as_list else X, k, readonly=readonly), 2, "pca")
    n, d = X.shape
    comps = array(result[0], f"components of {what}", shape=(k, d), hint="one row per component")
    proj = array(result[1], f"projected data of {what}", shape=(n, k))
    close(
        comps @ comps.T,
        np.eye(k),
        f"componentsᵀ·components of {what}",
        hint="the rows must be unit length and orthogonal to each other",
    )
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    top = vectors[:, np.argsort(values)[::-1][:k]].T
    for i in range(k):
        close_up_to_sign(
            comps[i],
            top[i],
            f"component {i} of {what}",
            hint="use the covariance of the centred data, and sort by decreasing variance",
        )
    close(
        proj,
        Xc @ comps.T,
        f"projected data of {what}",
        hint="subtract the column means before projecting onto the components",
    )


@pytest.mark.grades("pca")
@pytest.mark.points(4)
def test_pca_random(student: Student, ref: ModuleType) -> None:
    """recovers the top components and projection of random data"""
    r = rng(13)
    for n, d, k in ((200, 3, 2), (100, 5, 3), (300, 8, 4)):
        check_pca(student, pca_data(r, n, d), k, f"random ({n},{d}) data with k={k}")


@pytest.mark.grades("pca")
@pytest.mark.points(2)
def test_pca_extremes(student: Student, ref: ModuleType) -> None:
    """works for k = 1 and k = d"""
    r = rng(14)
    X = pca_data(r, 80, 4)
    check_pca(student, X, 1, "(80,4) data with k=1")
    check_pca(student, X, 4, "(80,4) data with k=d=4")


@pytest.mark.grades("pca")
@pytest.mark.points(2)
def test_pca_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError unless 1 ≤ k ≤ d"""
    X = pca_data(rng(15), 30, 3)
    student.raises_value_error(X, 0, why="k = 0")
    student.raises_value_error(X, 4, why="k = 4 is larger than d = 3")


@pytest.mark.grades("pca")
@pytest.mark.points(1)
def test_pca_no_mutation(student: Student, ref: ModuleType) -> None:
    """accepts a nested list and leaves read-only data untouched"""
    X = pca_data(rng(16), 50, 3)
    check_pca(student, X, 2, "read-only (50,3) data", readonly=True)
    check_pca(student, X, 2, "(50,3) data given as a nested list", as_list=True)


# --- numerical_gradient ------------------------------------------------------------------------
SMOOTH = Lambda(
    "lambda x: float(np.sum(np.sin(x) * np.arange(1, x.size + 1).reshape(x.shape)) + np.sum(x ** 2) ** 1.5)"
)


def smooth_gradient(x: np.ndarray) -> np.ndarray:
    w = np.arange(1, x.size + 1).reshape(x.shape)
    return np.cos(x) * w + 3.0 * np.sqrt(np.sum(x**2)) * x


@pytest.mark.grades("numerical_gradient")
@pytest.mark.points(2)
def test_numgrad_vector(student: Student, ref: ModuleType) -> None:
    """matches central differences and the analytic gradient on a 1-D input"""
    r = rng(17)
    for n in (1, 4, 9):
        x = r.standard_normal(n)
        got = array(student(SMOOTH, x), f"numerical_gradient at a length-{n} x", shape=(n,))
        close(
            got,
            smooth_gradient(x),
            f"numerical_gradient at a length-{n} x (against the exact gradient)",
            rtol=1e-5,
            atol=1e-6,
            hint="divide f(x + h e_i) - f(x - h e_i) by 2h, one element at a time",
        )


@pytest.mark.grades("numerical_gradient")
@pytest.mark.points(2)
def test_numgrad_shapes(student: Student, ref: ModuleType) -> None:
    """works for inputs of any shape"""
    r = rng(18)
    for shape in ((2, 3), (2, 2, 2)):
        x = r.standard_normal(shape)
        got = array(
            student(SMOOTH, x),
            f"numerical_gradient at x of shape {shape}",
            shape=shape,
            hint="return an array shaped like x (np.ndindex visits every index)",
        )
        close(got, smooth_gradient(x), f"numerical_gradient at x of shape {shape}", rtol=1e-5, atol=1e-6)


@pytest.mark.grades("numerical_gradient")
@pytest.mark.points(1)
def test_numgrad_step(student: Student, ref: ModuleType) -> None:
    """uses the step size h it is given"""
    x = rng(19).standard_normal(3)
    f = Lambda("lambda x: float(np.sum(x ** 3))")
    got = array(student(f, x, h=0.1), "numerical_gradient with h=0.1", shape=(3,))
    close(
        got,
        3 * x**2 + 0.01,
        "numerical_gradient of sum(x³) with h=0.1",
        hint="with h=0.1 the central difference of x³ is 3x² + h²; use the h argument, not a constant",
    )


@pytest.mark.grades("numerical_gradient")
@pytest.mark.points(2)
def test_numgrad_readonly(student: Student, ref: ModuleType) -> None:
    """never writes to x, not even temporarily"""
    x = rng(20).standard_normal(5)
    got = array(
        student(SMOOTH, x, readonly=True),
        "numerical_gradient at a read-only x",
        shape=(5,),
        hint="perturb a copy: xp = np.array(x, dtype=float); xp[i] += h",
    )
    close(got, smooth_gradient(x), "numerical_gradient at a read-only x", rtol=1e-5, atol=1e-6)


# --- gradient_descent --------------------------------------------------------------------------
BOWL_GRAD = Lambda("lambda x: np.array([[3.0, 0.5], [0.5, 1.0]]) @ x - np.array([1.0, -2.0])")


@pytest.mark.grades("gradient_descent")
@pytest.mark.points(2)
def test_gd_bowl(student: Student, ref: ModuleType) -> None:
    """follows the exact path on a quadratic bowl"""
    x0 = np.array([2.0, 1.5])
    got = array(
        student(BOWL_GRAD, x0, 0.1, 25),
        "the gradient-descent path",
        shape=(26, 2),
        hint="the path has num_steps + 1 rows: x0 first, then one row per step",
    )
    expected = [x0]
    for _ in range(25):
        x = expected[-1]
        expected.append(x - 0.1 * (np.array([[3.0, 0.5], [0.5, 1.0]]) @ x - np.array([1.0, -2.0])))
    close(
        got,
        np.array(expected),
        "the gradient-descent path on a quadratic bowl",
        hint="step against the gradient: x_next = x - lr * grad_f(x)",
    )


@pytest.mark.grades("gradient_descent")
@pytest.mark.points(1)
def test_gd_first_row(student: Student, ref: ModuleType) -> None:
    """starts the path at x0 and handles num_steps = 0"""
    x0 = np.array([0.5, -0.25])
    got = array(student(BOWL_GRAD, x0, 0.1, 0), "the path with num_steps=0", shape=(1, 2))
    close(got[0], x0, "row 0 of the path", hint="row 0 is x0 itself, before any step")


@pytest.mark.grades("gradient_descent")
@pytest.mark.points(2)
def test_gd_matrix(student: Student, ref: ModuleType) -> None:
    """works when x0 is a matrix"""
    x0 = rng(21).standard_normal((2, 3))
    got = array(
        student(Lambda("lambda x: 2 * x + np.sin(x)"), x0, 0.05, 10),
        "the path for a (2,3) x0",
        shape=(11, 2, 3),
        hint="the path's shape is (num_steps + 1, *x0.shape)",
    )
    close(got, ref.gradient_descent(lambda x: 2 * x + np.sin(x), x0, 0.05, 10), "the path for a (2,3) x0")


@pytest.mark.grades("gradient_descent")
@pytest.mark.points(1)
def test_gd_readonly(student: Student, ref: ModuleType) -> None:
    """accepts a list x0 and leaves a read-only x0 untouched"""
    x0 = np.array([1.0, 1.0])
    path = array(
        student(BOWL_GRAD, x0, 0.1, 3, readonly=True),
        "the path from a read-only x0",
        shape=(4, 2),
        hint="start from a copy: x = np.array(x0, dtype=float)",
    )
    close(
        array(student(BOWL_GRAD, [1.0, 1.0], 0.1, 3), "the path from a list x0", shape=(4, 2)),
        path,
        "the path from x0 given as a list",
        hint="convert x0 with np.array(x0, dtype=float) first",
    )


# --- sigmoid_neuron_grad -----------------------------------------------------------------------
def sigma(z: float) -> float:
    return 0.5 * (1.0 + math.tanh(z / 2.0))


@pytest.mark.grades("sigmoid_neuron_grad")
@pytest.mark.points(2)
def test_neuron_random(student: Student, ref: ModuleType) -> None:
    """matches the chain rule on random neurons"""
    r = rng(22)
    for n in (1, 3, 10):
        w, x, b = r.standard_normal(n), r.standard_normal(n), float(r.standard_normal())
        dw, db = tuple_of(student(w, x, b), 2, "sigmoid_neuron_grad")
        dw = array(dw, f"dy_dw for {n} inputs", shape=(n,))
        s = sigma(float(np.sum(w * x)) + b)
        close(
            dw,
            s * (1 - s) * x,
            f"dy_dw for a random neuron with {n} inputs",
            hint="dy/dw = σ'(z)·x with σ'(z) = σ(z)(1 − σ(z))",
        )
        close(
            scalar(db, "dy_db"),
            s * (1 - s),
            f"dy_db for a random neuron with {n} inputs",
            hint="dy/db = σ'(z), since dz/db = 1",
        )


@pytest.mark.grades("sigmoid_neuron_grad")
@pytest.mark.points(2)
def test_neuron_finite_differences(student: Student, ref: ModuleType) -> None:
    """agrees with finite differences of y"""
    r = rng(23)
    w, x, b = r.standard_normal(4), r.standard_normal(4), 0.3
    dw, db = tuple_of(student(w, x, b), 2, "sigmoid_neuron_grad")
    h = 1e-6
    numeric = np.array(
        [
            (sigma(float(np.sum((w + h * e) * x)) + b) - sigma(float(np.sum((w - h * e) * x)) + b)) / (2 * h)
            for e in np.eye(4)
        ]
    )
    close(array(dw, "dy_dw", shape=(4,)), numeric, "dy_dw against finite differences", rtol=1e-5, atol=1e-8)
    close(
        scalar(db, "dy_db"),
        (sigma(float(np.sum(w * x)) + b + h) - sigma(float(np.sum(w * x)) + b - h)) / (2 * h),
        "dy_db against finite differences",
        rtol=1e-5,
        atol=1e-8,
    )


@pytest.mark.grades("sigmoid_neuron_grad")
@pytest.mark.points(1)
def test_neuron_zero_weights(student: Student, ref: ModuleType) -> None:
    """with zero weights gives σ'(b)·x and σ'(b)"""
    x = np.array([1.0, -2.0, 0.5])
    dw, db = tuple_of(student(np.zeros(3), x, -1.5), 2, "sigmoid_neuron_grad")
    s = sigma(-1.5)
    close(array(dw, "dy_dw", shape=(3,)), s * (1 - s) * x, "dy_dw with zero weights", hint="z = w·x + b = b here")
    close(scalar(db, "dy_db"), s * (1 - s), "dy_db with zero weights")


@pytest.mark.grades("sigmoid_neuron_grad")
@pytest.mark.points(1)
def test_neuron_extremes(student: Student, ref: ModuleType) -> None:
    """is finite, warning-free and correct when w·x + b reaches ±1e4"""
    r = rng(38)
    for z in (1e4, -1e4, 750.0, -750.0, 40.0, -40.0):
        x = r.uniform(0.5, 2.0, 3) * r.choice([-1.0, 1.0], 3)
        w = np.zeros(3)
        w[0] = (z - 1.0) / x[0]
        b = 1.0
        dw, db = tuple_of(student(w, x, b), 2, "sigmoid_neuron_grad")
        what = f"the gradient of a neuron with w·x + b = {z:g}"
        hint = (
            "1 / (1 + exp(-z)) overflows for z far below 0; use a stable sigmoid "
            "(exp(z) / (1 + exp(z)) for z < 0, or 0.5 * (1 + tanh(z / 2)))"
        )
        expected_dw, expected_db = ref.sigmoid_neuron_grad(w, x, b)
        close(array(dw, "dy_dw", shape=(3,)), expected_dw, f"dy_dw, {what}", hint=hint)
        close(scalar(db, "dy_db"), expected_db, f"dy_db, {what}", hint=hint)


@pytest.mark.grades("sigmoid_neuron_grad")
@pytest.mark.points(1)
def test_neuron_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    w, x = rng(24).standard_normal((2, 5))
    for what, args, readonly in (("read-only inputs", (w, x), True), ("lists", (w.tolist(), x.tolist()), False)):
        dw, db = tuple_of(student(*args, 0.1, readonly=readonly), 2, "sigmoid_neuron_grad")
        expected_dw, expected_db = ref.sigmoid_neuron_grad(w, x, 0.1)
        close(array(dw, f"dy_dw from {what}", shape=(5,)), expected_dw, f"dy_dw from {what}")
        close(scalar(db, f"dy_db from {what}"), expected_db, f"dy_db from {what}")


# --- sigmoid_chain_grad -------------------------------------------------------------------------
def chain_grad(x: float, depth: int) -> float:
    grad, value = 1.0, x
    for _ in range(depth):
        s = sigma(value)
        grad *= s * (1 - s)
        value = s
    return grad


@pytest.mark.grades("sigmoid_chain_grad")
@pytest.mark.points(1)
def test_chain_depth_one(student: Student, ref: ModuleType) -> None:
    """with depth 1 is σ'(x)"""
    for x in (-2.0, 0.0, 0.7, 3.0):
        close(
            scalar(student(x, 1), "sigmoid_chain_grad"),
            sigma(x) * (1 - sigma(x)),
            f"sigmoid_chain_grad({x}, 1)",
            hint="the derivative of σ is σ(x)(1 − σ(x))",
        )


@pytest.mark.grades("sigmoid_chain_grad")
@pytest.mark.points(2)
def test_chain_deep(student: Student, ref: ModuleType) -> None:
    """multiplies the local derivatives along the chain"""
    r = rng(25)
    for depth in (2, 3, 5, 10, 25):
        x = float(r.uniform(-4, 4))
        close(
            scalar(student(x, depth), "sigmoid_chain_grad"),
            chain_grad(x, depth),
            f"sigmoid_chain_grad at depth {depth}",
            hint="evaluate each σ'(·) at the input of that layer (the previous layer's output), and multiply",
        )


@pytest.mark.grades("sigmoid_chain_grad")
@pytest.mark.points(1)
def test_chain_vanishes(student: Student, ref: ModuleType) -> None:
    """shrinks towards zero as the depth grows"""
    values = [scalar(student(0.5, d), "sigmoid_chain_grad") for d in (1, 5, 10, 20)]
    if not all(a > b > 0 for a, b in itertools.pairwise(values)):
        fail(
            "sigmoid_chain_grad should shrink (and stay positive) as depth grows: each layer multiplies by "
            "σ' ≤ 0.25. Hint: multiply the derivatives, don't add them."
        )


@pytest.mark.grades("sigmoid_chain_grad")
@pytest.mark.points(1)
def test_chain_extremes(student: Student, ref: ModuleType) -> None:
    """is finite, warning-free and correct for |x| up to 1e4"""
    for x in (1e4, -1e4, 800.0, -800.0, 30.0, -30.0):
        for depth in (1, 3):
            close(
                scalar(student(x, depth), f"sigmoid_chain_grad({x:g}, {depth})"),
                chain_grad(x, depth),
                f"sigmoid_chain_grad({x:g}, {depth})",
                hint="math.exp(-x) overflows (OverflowError, or a warning with np.exp) for x far below 0; use a "
                "stable sigmoid: exp(x) / (1 + exp(x)) for x < 0, or 0.5 * (1 + tanh(x / 2))",
            )


@pytest.mark.grades("sigmoid_chain_grad")
@pytest.mark.points(1)
def test_chain_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError for depth < 1"""
    student.raises_value_error(0.5, 0, why="depth = 0")
    student.raises_value_error(0.5, -3, why="depth = -3")


# --- bayes_posterior ----------------------------------------------------------------------------
@pytest.mark.grades("bayes_posterior")
@pytest.mark.points(2)
def test_bayes_random(student: Student, ref: ModuleType) -> None:
    """computes the posterior on random priors and likelihoods"""
    r = rng(26)
    for k in (1, 2, 5, 12):
        prior, like = probs(r, k), r.uniform(0.0, 1.0, k)
        got = array(student(prior, like), f"the posterior over {k} hypotheses", shape=(k,))
        close(
            got,
            prior * like / np.sum(prior * like),
            f"the posterior over {k} hypotheses",
            hint="multiply prior by likelihood, then divide by the evidence P(B), their sum",
        )


@pytest.mark.grades("bayes_posterior")
@pytest.mark.points(1)
def test_bayes_known(student: Student, ref: ModuleType) -> None:
    """solves the textbook disease-test example from lists, and from read-only arrays"""
    expected = [0.009 / 0.0585, 0.0495 / 0.0585]
    got = array(student([0.01, 0.99], [0.9, 0.05]), "the disease-test posterior", shape=(2,))
    close(got, expected, "the posterior for a 1% prior and a 90%/5% test", hint="convert with np.asarray")
    got = array(
        student(np.array([0.01, 0.99]), np.array([0.9, 0.05]), readonly=True),
        "the disease-test posterior from read-only arrays",
        shape=(2,),
    )
    close(got, expected, "the posterior from read-only arrays", hint="compute into a new array")


@pytest.mark.grades("bayes_posterior")
@pytest.mark.points(2)
def test_bayes_bad_prior(student: Student, ref: ModuleType) -> None:
    """raises ValueError for a negative prior or one that does not sum to 1"""
    student.raises_value_error([0.5, 0.6, -0.1], [0.2, 0.2, 0.2], why="the prior has a negative entry")
    student.raises_value_error([0.5, 0.6], [0.2, 0.2], why="the prior sums to 1.1")
    student.raises_value_error([0.2, 0.2], [0.2, 0.2], why="the prior sums to 0.4")
    student.raises_value_error([0.5, 0.500001], [0.2, 0.2], why="the prior sums to 1.000001 (more than 1e-8 off)")


@pytest.mark.grades("bayes_posterior")
@pytest.mark.points(1)
def test_bayes_shape_mismatch(student: Student, ref: ModuleType) -> None:
    """raises ValueError when the shapes differ"""
    student.raises_value_error([0.5, 0.5], [0.1, 0.2, 0.3], why="prior and likelihood have different lengths")
    student.raises_value_error([1.0], [0.2, 0.3], why="prior and likelihood have different lengths (1 and 2)")


@pytest.mark.grades("bayes_posterior")
@pytest.mark.points(1)
def test_bayes_zero_evidence(student: Student, ref: ModuleType) -> None:
    """raises ValueError when P(B) = 0"""
    student.raises_value_error([0.5, 0.5, 0.0], [0.0, 0.0, 1.0], why="P(B) is 0")


# --- entropy -----------------------------------------------------------------------------------
@pytest.mark.grades("entropy")
@pytest.mark.points(2)
def test_entropy_random(student: Student, ref: ModuleType) -> None:
    """matches −Σ p ln p on random distributions"""
    r = rng(27)
    for k in (1, 2, 6, 40):
        p = probs(r, k)
        close(
            scalar(student(p), "entropy"),
            -np.sum(p * np.log(p)),
            f"entropy of a random length-{k} distribution",
            hint="use the natural log (nats) and mind the minus sign",
        )


@pytest.mark.grades("entropy")
@pytest.mark.points(1)
def test_entropy_zeros(student: Student, ref: ModuleType) -> None:
    """treats 0·ln 0 as 0 without warnings"""
    p = probs(rng(28), 6, zeros=2)
    nz = p[p > 0]
    student = student.hints(warning="skip the zero entries instead of computing log(0): 0·ln 0 counts as 0")
    close(
        scalar(student(p), "entropy"),
        -np.sum(nz * np.log(nz)),
        "entropy of a distribution with zeros",
        hint="skip the zero entries instead of computing log(0)",
    )
    close(scalar(student([0.0, 1.0, 0.0]), "entropy"), 0.0, "entropy of a certain outcome [0, 1, 0]")


@pytest.mark.grades("entropy")
@pytest.mark.points(1)
def test_entropy_uniform(student: Student, ref: ModuleType) -> None:
    """gives ln k for a uniform distribution (whose sum may be off 1 by rounding), and leaves read-only input alone"""
    for k in (2, 7, 8):
        close(
            scalar(student(np.full(k, 1.0 / k), readonly=True), "entropy"),
            math.log(k),
            f"entropy of a read-only uniform over {k}",
        )


@pytest.mark.grades("entropy")
@pytest.mark.points(2)
def test_entropy_errors(student: Student, ref: ModuleType) -> None:
    """raises ValueError unless p is a probability vector"""
    student.raises_value_error([0.5, 0.7, -0.2], why="p has a negative entry")
    student.raises_value_error([0.5, 0.6], why="p sums to 1.1")
    student.raises_value_error([0.2, 0.2], why="p sums to 0.4")
    student.raises_value_error([0.5, 0.50001], why="p sums to 1.00001 (more than 1e-6 off)")


# --- cross_entropy -----------------------------------------------------------------------------
@pytest.mark.grades("cross_entropy")
@pytest.mark.points(2)
def test_ce_random(student: Student, ref: ModuleType) -> None:
    """matches −Σ p ln q on random distributions"""
    r = rng(29)
    for k in (1, 3, 10):
        p, q = probs(r, k), probs(r, k)
        close(
            scalar(student(p, q), "cross_entropy"),
            -np.sum(p * np.log(q)),
            f"cross_entropy of length-{k} vectors",
            hint="the log is taken of q (the prediction), weighted by p (the target)",
        )


@pytest.mark.grades("cross_entropy")
@pytest.mark.points(1)
def test_ce_one_hot(student: Student, ref: ModuleType) -> None:
    """with a one-hot target is −ln q of the true class"""
    q = probs(rng(30), 5)
    p = np.eye(5)[3]
    close(scalar(student(p, q), "cross_entropy"), -math.log(q[3]), "cross_entropy with a one-hot target")


@pytest.mark.grades("cross_entropy")
@pytest.mark.points(2)
def test_ce_eps(student: Student, ref: ModuleType) -> None:
    """floors q at eps, without warnings"""
    p = np.array([0.5, 0.5, 0.0])
    q = np.array([1.0, 0.0, 0.0])
    student = student.hints(warning="floor q at eps before the log: np.log(np.maximum(q, eps))")
    close(
        scalar(student(p, q), "cross_entropy"),
        -0.5 * math.log(1e-12),
        "cross_entropy with q containing zeros",
        hint="use np.maximum(q, eps) inside the log",
    )
    close(
        scalar(student(p, q, eps=1e-3), "cross_entropy"),
        -0.5 * math.log(1e-3),
        "cross_entropy with eps=1e-3",
        hint="use the eps argument",
    )


@pytest.mark.grades("cross_entropy")
@pytest.mark.points(1)
def test_ce_shape(student: Student, ref: ModuleType) -> None:
    """raises ValueError on a shape mismatch"""
    student.raises_value_error([0.5, 0.5], [0.2, 0.3, 0.5], why="p and q have different lengths")
    student.raises_value_error([1.0], [0.2, 0.3, 0.5], why="p and q have different lengths (1 and 3)")


@pytest.mark.grades("cross_entropy")
@pytest.mark.points(1)
def test_ce_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    r = rng(31)
    p, q = probs(r, 4), probs(r, 4)
    close(scalar(student(p, q, readonly=True), "cross_entropy"), -np.sum(p * np.log(q)), "cross_entropy (read-only)")
    close(
        scalar(student(p.tolist(), q.tolist()), "cross_entropy of lists"),
        -np.sum(p * np.log(q)),
        "cross_entropy of lists",
        hint="convert the inputs with np.asarray first",
    )


# --- kl_divergence -----------------------------------------------------------------------------
@pytest.mark.grades("kl_divergence")
@pytest.mark.points(2)
def test_kl_random(student: Student, ref: ModuleType) -> None:
    """matches Σ p ln(p/q) on random distributions"""
    r = rng(32)
    for k in (2, 5, 20):
        p, q = probs(r, k), probs(r, k)
        close(
            scalar(student(p, q), "kl_divergence"),
            np.sum(p * np.log(p / q)),
            f"KL of length-{k} distributions",
            hint="the ratio is p / q, weighted by p; KL(p‖q) is not symmetric",
        )


@pytest.mark.grades("kl_divergence")
@pytest.mark.points(1)
def test_kl_identical(student: Student, ref: ModuleType) -> None:
    """is zero when p equals q"""
    p = probs(rng(33), 7)
    got = scalar(student(p, p.copy()), "kl_divergence")
    if not abs(got) <= 1e-12:
        fail(f"kl_divergence(p, p) should be 0, got {got:.3g}. Hint: ln(p/p) = 0 for every term.")


@pytest.mark.grades("kl_divergence")
@pytest.mark.points(2)
def test_kl_zeros(student: Student, ref: ModuleType) -> None:
    """skips p_i = 0 and floors q at eps, without warnings"""
    p = np.array([0.0, 0.3, 0.7])
    q = np.array([0.5, 0.5, 0.0])
    student = student.hints(warning="sum only over p_i > 0 and floor q at eps, so no log(0) or division by 0 happens")
    close(
        scalar(student(p, q), "kl_divergence"),
        0.3 * math.log(0.6) + 0.7 * math.log(0.7 / 1e-12),
        "KL with zeros in p and q",
        hint="sum only over p_i > 0, and use max(q_i, eps) in the ratio",
    )
    close(
        scalar(student(p, q, eps=1e-3), "kl_divergence"),
        0.3 * math.log(0.6) + 0.7 * math.log(0.7 / 1e-3),
        "KL with zeros in q and eps=1e-3",
        hint="use the eps argument",
    )


@pytest.mark.grades("kl_divergence")
@pytest.mark.points(1)
def test_kl_identity(student: Student, ref: ModuleType) -> None:
    """equals cross-entropy minus entropy"""
    r = rng(34)
    p, q = probs(r, 6), probs(r, 6)
    close(
        scalar(student(p, q), "kl_divergence"),
        -np.sum(p * np.log(q)) + np.sum(p * np.log(p)),
        "KL compared with H(p, q) − H(p)",
    )


@pytest.mark.grades("kl_divergence")
@pytest.mark.points(1)
def test_kl_readonly(student: Student, ref: ModuleType) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    r = rng(35)
    p, q = probs(r, 4), probs(r, 4)
    close(scalar(student(p, q, readonly=True), "kl_divergence"), np.sum(p * np.log(p / q)), "KL (read-only)")
    close(
        scalar(student(p.tolist(), q.tolist()), "kl_divergence of lists"),
        np.sum(p * np.log(p / q)),
        "KL of lists",
        hint="convert the inputs with np.asarray first",
    )
