"""Hidden tests of cosine_similarity(u, v): u·v / (‖u‖‖v‖), always inside [-1, 1]."""

from __future__ import annotations

import math
from types import ModuleType

import numpy as np
import pytest

from autograder.suites.checks import close, fail, scalar
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("cosine_similarity")
EVERY_PAIR = "def driver(fn, pairs):\n    return [fn(u, v) for u, v in pairs]\n"

SMALL_HINT = (
    "a small vector is not a zero vector: raise only when every entry is exactly 0, and do not add "
    "an epsilon to the denominator (it swamps norms of 1e-9)"
)


@pytest.mark.points(1.5)
@pytest.mark.parametrize("n", [1, 2, 5, 50], ids=lambda n: f"n={n}")
def test_agrees_with_the_normalised_product(
    student: Student, ref: ModuleType, rng: np.random.Generator, n: int
) -> None:
    """agrees with u·v / (‖u‖‖v‖) on random vectors"""
    u, v = rng.standard_normal(n), rng.standard_normal(n)
    got = scalar(student(u, v), f"cosine_similarity of length-{n} vectors")
    close(
        got,
        ref.cosine_similarity(u, v),
        f"cosine_similarity of random length-{n} vectors",
        hint="divide the dot product by the product of the two Euclidean norms",
    )


@pytest.mark.points(1)
def test_stays_inside_minus_one_and_one(student: Student, rng: np.random.Generator) -> None:
    """stays inside [-1, 1] exactly for parallel and opposite vectors"""
    pairs, signs = [], []
    for _ in range(60):
        u = rng.standard_normal(int(rng.integers(2, 6)))
        for sign in (1.0, -1.0):
            pairs.append((u, sign * rng.uniform(0.1, 10.0) * u))
            signs.append(sign)
    results = student.scan(EVERY_PAIR, pairs)  # 120 calls in one round trip to the sandbox
    if not isinstance(results, list) or len(results) != len(pairs):
        fail("cosine_similarity's results for 120 pairs of vectors could not be read back (return a float).")
    for value, sign in zip(results, signs):
        got = scalar(value, "cosine_similarity of parallel vectors")
        if not -1.0 <= got <= 1.0:
            fail(
                f"cosine_similarity returned {got!r} for {'parallel' if sign > 0 else 'opposite'} vectors, "
                "outside [-1, 1]. Hint: rounding can push the ratio just past ±1; clip the result."
            )
        close(got, sign, "cosine_similarity of parallel vectors")


@pytest.mark.points(0.5)
def test_ignores_positive_scaling(student: Student, ref: ModuleType, rng: np.random.Generator) -> None:
    """does not change when either vector is scaled by a positive number"""
    u, v = rng.standard_normal(6), rng.standard_normal(6)
    base = scalar(student(u, v), "cosine_similarity")
    close(base, ref.cosine_similarity(u, v), "cosine_similarity of random length-6 vectors")
    close(
        scalar(student(1e3 * u, 0.25 * v), "cosine_similarity"),
        base,
        "cosine_similarity after scaling u by 1000 and v by 0.25",
        hint="normalise by both norms, not by one of them or by their sum",
    )


@pytest.mark.points(1.5)
@pytest.mark.parametrize(
    ("u", "v", "why"),
    [
        pytest.param(np.zeros(3), np.ones(3), "u is the zero vector", id="u-is-zero"),
        pytest.param(np.ones(3), np.zeros(3), "v is the zero vector", id="v-is-zero"),
        pytest.param(np.ones(3), np.ones(4), "the lengths differ", id="lengths-3-and-4"),
        pytest.param(
            np.ones(1), np.ones(3), "the lengths differ (1 and 3; broadcasting must not hide it)", id="lengths-1-and-3"
        ),
    ],
)
def test_raises_value_error_for_zero_or_mismatched_vectors(
    student: Student, u: np.ndarray, v: np.ndarray, why: str
) -> None:
    """raises ValueError on a zero vector or a length mismatch"""
    student.raises_value_error(u, v, why=why)


@pytest.mark.points(1)
@pytest.mark.parametrize("n", [1, 3, 8], ids=lambda n: f"n={n}")
def test_handles_small_vectors(student: Student, ref: ModuleType, rng: np.random.Generator, n: int) -> None:
    """is correct for small non-zero vectors (entries around 1e-9)"""
    u, v = 1e-9 * rng.standard_normal(n), 1e-9 * rng.standard_normal(n)
    got = scalar(student(u, v), f"cosine_similarity of length-{n} vectors with entries around 1e-9")
    close(got, ref.cosine_similarity(u, v), f"cosine_similarity of length-{n} vectors of size 1e-9", hint=SMALL_HINT)
    w = 1e-9 * rng.standard_normal(n)
    close(
        scalar(student(w, 3.0 * w), "cosine_similarity"),
        1.0,
        f"cosine_similarity of two parallel length-{n} vectors with entries around 1e-9",
        hint=SMALL_HINT,
    )


@pytest.mark.points(0.5)
def test_accepts_lists_and_leaves_read_only_inputs_untouched(
    student: Student, ref: ModuleType, rng: np.random.Generator
) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    close(
        scalar(student([1.0, 2.0, 2.0], [2.0, 0.0, 1.0]), "cosine_similarity of lists"),
        4.0 / 3.0 / math.sqrt(5.0),
        "cosine_similarity of lists",
        hint="convert the inputs with np.asarray first",
    )
    u, v = rng.standard_normal((2, 5))
    close(
        scalar(student(u, v, readonly=True), "cosine_similarity"),
        ref.cosine_similarity(u, v),
        "cosine_similarity of read-only inputs",
        hint="compute into new arrays instead of normalising u or v in place",
    )
