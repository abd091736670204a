"""Hidden tests of kl_divergence(p, q, eps): Σ p_i ln(p_i / max(q_i, eps)) over p_i > 0."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.suites.checks import close, fail, scalar
from autograder.suites.m1_1_math.data import probs
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("kl_divergence")


@pytest.mark.points(2)
@pytest.mark.parametrize("k", [2, 5, 20], ids=lambda k: f"k={k}")
def test_matches_sum_of_p_ln_p_over_q(student: Student, rng: np.random.Generator, k: int) -> None:
    """matches Σ p ln(p/q) on random distributions"""
    p, q = probs(rng, k), probs(rng, k)
    close(
        scalar(student(p, q), "kl_divergence"),
        np.sum(p * np.log(p / q)),
        f"KL of length-{k} distributions",
        hint="the ratio is p / q, weighted by p; KL(p‖q) is not symmetric",
    )


@pytest.mark.points(1)
def test_is_zero_when_p_equals_q(student: Student, rng: np.random.Generator) -> None:
    """is zero when p equals q, and positive when they differ"""
    p = probs(rng, 7)
    got = scalar(student(p, p.copy()), "kl_divergence")
    if not abs(got) <= 1e-12:
        fail(f"kl_divergence(p, p) should be 0, got {got:.3g}. Hint: ln(p/p) = 0 for every term.")
    other = scalar(student(p, probs(rng, 7)), "kl_divergence")
    if not other > 0:
        fail("kl_divergence(p, q) should be positive when q differs from p (Gibbs' inequality). Hint: Σ p ln(p/q).")


@pytest.mark.points(2)
def test_skips_zero_p_and_floors_q_at_eps(student: Student) -> None:
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


@pytest.mark.points(1)
def test_is_the_gap_between_h_pq_and_h_p(student: Student, rng: np.random.Generator) -> None:
    """equals cross-entropy minus entropy"""
    p, q = probs(rng, 6), probs(rng, 6)
    close(
        scalar(student(p, q), "kl_divergence"),
        -np.sum(p * np.log(q)) + np.sum(p * np.log(p)),
        "KL compared with H(p, q) − H(p)",
    )


@pytest.mark.points(1)
def test_accepts_lists_and_leaves_read_only_inputs_untouched(student: Student, rng: np.random.Generator) -> None:
    """accepts lists and leaves read-only inputs untouched"""
    p, q = probs(rng, 4), probs(rng, 4)
    close(scalar(student(p, q, readonly=True), "kl_divergence"), np.sum(p * np.log(p / q)), "KL (read-only)")
    close(
        scalar(student(p.tolist(), q.tolist()), "kl_divergence of lists"),
        np.sum(p * np.log(p / q)),
        "KL of lists",
        hint="convert the inputs with np.asarray first",
    )
