"""Hidden tests of ridge_closed_form (oracles: the optimality condition ∇J(w) = 0, np.linalg.lstsq and the
reference)."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autograder.suites.checks import array, close
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("ridge_closed_form")


def ridge_data(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Well-conditioned data: shifted standard normal features, a random linear target plus noise."""
    X = rng.standard_normal((n, d)) + 0.3
    y = X @ rng.standard_normal(d) + 0.4 * rng.standard_normal(n)
    return X, y


def problems(*cases: tuple[int, int, float]) -> list:
    """(n, d, lam) as parametrized cases named "nxd-lam=..."."""
    return [pytest.param(n, d, lam, id=f"{n}x{d}-lam={lam}") for n, d, lam in cases]


def check_optimal(X: np.ndarray, y: np.ndarray, lam: float, w: np.ndarray, what: str) -> None:
    """The gradient of J at the student's w is zero (to a tolerance scaled by the data)."""
    n = X.shape[0]
    gradient = 2.0 * X.T @ (X @ w - y) / n + 2.0 * lam * w
    scale = float(np.max(np.abs(2.0 * X.T @ y / n))) + 1.0
    close(
        gradient,
        np.zeros_like(gradient),
        f"the gradient of J at your solution ({what})",
        atol=1e-9 * scale,
        hint="at the minimiser (2/n) Xᵀ(Xw - y) + 2 lam w = 0, i.e. (XᵀX + n lam I) w = Xᵀy: the identity is "
        "multiplied by n * lam because the data term is a mean",
    )


@pytest.mark.points(3)
@pytest.mark.parametrize(("n", "d", "lam"), problems((50, 3, 0.1), (200, 8, 0.01), (30, 5, 1.0), (12, 2, 3.0)))
def test_satisfies_the_optimality_condition(
    student: Student, rng: np.random.Generator, n: int, d: int, lam: float
) -> None:
    """satisfies the optimality condition ∇J(w) = 0 on random data"""
    X, y = ridge_data(rng, n, d)
    w = array(student(X, y, lam), f"ridge_closed_form on ({n},{d}) data", shape=(d,), hint="one weight per column of X")
    check_optimal(X, y, lam, w, f"({n},{d}) data, lam={lam}")


@pytest.mark.points(2)
@pytest.mark.parametrize(("n", "d", "lam"), problems((40, 4, 0.05), (100, 6, 0.5)))
def test_agrees_with_the_reference(
    student: Student, ref: ModuleType, rng: np.random.Generator, n: int, d: int, lam: float
) -> None:
    """agrees with the reference solution"""
    X, y = ridge_data(rng, n, d)
    close(
        array(student(X, y, lam), "ridge_closed_form", shape=(d,)),
        ref.ridge_closed_form(X, y, lam),
        f"ridge_closed_form on ({n},{d}) data with lam={lam}",
        hint="solve (XᵀX + n lam I) w = Xᵀy with np.linalg.solve",
    )


@pytest.mark.points(1)
def test_gives_least_squares_when_lam_is_zero(student: Student, rng: np.random.Generator) -> None:
    """with lam = 0 and n > d gives the least-squares solution"""
    X, y = ridge_data(rng, 60, 4)
    close(
        array(student(X, y, 0.0), "ridge_closed_form with lam=0", shape=(4,)),
        np.linalg.lstsq(X, y, rcond=None)[0],
        "ridge_closed_form with lam=0 (against np.linalg.lstsq)",
        hint="with lam = 0 the system is the normal equations XᵀX w = Xᵀy",
    )


@st.composite
def small_problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, float]:
    """(X, y, lam) with 1 to 8 samples and 1 to 8 features (wide, tall, a single sample or feature, zero
    columns), bounded entries and lam > 0: J has one minimiser and the system is well-conditioned."""
    n, d = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    entries = st.floats(-3.0, 3.0, allow_subnormal=False)
    X = draw(arrays(np.float64, (n, d), elements=entries))
    y = draw(arrays(np.float64, (n,), elements=entries))
    return X, y, draw(st.floats(0.05, 3.0))


_WIDE = ridge_data(np.random.default_rng(37), 6, 10)


@pytest.mark.points(1)
@settings(max_examples=15, phases=(Phase.explicit, Phase.generate))  # each example is a sandbox call
@given(problem=small_problems())
@example(problem=(*_WIDE, 0.2))
def test_minimises_j_for_any_small_shape(student: Student, problem: tuple[np.ndarray, np.ndarray, float]) -> None:
    """works for any small shape when lam > 0: more features than samples, one sample, one feature"""
    X, y, lam = problem
    n, d = X.shape
    w = array(student(X, y, lam), f"ridge_closed_form on ({n},{d}) data", shape=(d,), hint="one weight per column of X")
    check_optimal(X, y, lam, w, f"({n},{d}) data, lam > 0")


@pytest.mark.points(1)
def test_accepts_lists_and_readonly_inputs(student: Student, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    X, y = ridge_data(rng, 25, 3)
    w = array(student(X, y, 0.3, readonly=True), "ridge_closed_form of read-only inputs", shape=(3,))
    check_optimal(X, y, 0.3, w, "read-only inputs, lam=0.3")
    w = array(student(X.tolist(), y.tolist(), 0.3), "ridge_closed_form of lists", shape=(3,))
    check_optimal(X, y, 0.3, w, "lists, lam=0.3")
