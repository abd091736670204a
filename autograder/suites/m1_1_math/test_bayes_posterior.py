"""Hidden tests of bayes_posterior(prior, likelihood): P(A_i given B) over k hypotheses."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.suites.checks import array, close
from autograder.suites.m1_1_math.data import probs
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("bayes_posterior")


@pytest.mark.points(2)
@pytest.mark.parametrize("k", [2, 5, 12], ids=lambda k: f"{k}-hypotheses")
def test_normalises_prior_times_likelihood(student: Student, rng: np.random.Generator, k: int) -> None:
    """computes the posterior on random priors and likelihoods"""
    if k == 2:  # one hypothesis has posterior [1]: checked beside a case whose answer is not the prior
        one = array(student(np.array([1.0]), np.array([0.3])), "the posterior over 1 hypothesis", shape=(1,))
        close(one, [1.0], "the posterior over 1 hypothesis", hint="divide by the evidence P(B)")
    prior, like = probs(rng, k), rng.uniform(0.0, 1.0, k)
    got = array(student(prior, like), f"the posterior over {k} hypotheses", shape=(k,))
    close(
        got,
        prior * like / np.sum(prior * like),
        f"the posterior over {k} hypotheses",
        hint="multiply prior by likelihood, then divide by the evidence P(B), their sum",
    )


@pytest.mark.points(1)
def test_solves_the_disease_test_example(student: Student) -> None:
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


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("prior", "why"),
    [
        pytest.param([0.5, 0.6, -0.1], "the prior has a negative entry", id="negative-entry"),
        pytest.param([0.5, 0.6], "the prior sums to 1.1", id="sums-to-1.1"),
        pytest.param([0.2, 0.2], "the prior sums to 0.4", id="sums-to-0.4"),
        pytest.param([0.5, 0.500001], "the prior sums to 1.000001 (more than 1e-8 off)", id="sums-to-1.000001"),
    ],
)
def test_raises_value_error_for_an_invalid_prior(student: Student, prior: list[float], why: str) -> None:
    """raises ValueError for a negative prior or one that does not sum to 1"""
    student.raises_value_error(prior, [0.2] * len(prior), why=why)


@pytest.mark.points(1)
@pytest.mark.parametrize(
    ("prior", "likelihood", "why"),
    [
        pytest.param([0.5, 0.5], [0.1, 0.2, 0.3], "prior and likelihood have different lengths", id="lengths-2-and-3"),
        pytest.param([1.0], [0.2, 0.3], "prior and likelihood have different lengths (1 and 2)", id="lengths-1-and-2"),
    ],
)
def test_raises_value_error_when_the_shapes_differ(
    student: Student, prior: list[float], likelihood: list[float], why: str
) -> None:
    """raises ValueError when the shapes differ"""
    student.raises_value_error(prior, likelihood, why=why)


@pytest.mark.points(1)
def test_raises_value_error_when_the_evidence_is_zero(student: Student) -> None:
    """raises ValueError when P(B) = 0"""
    student.raises_value_error([0.5, 0.5, 0.0], [0.0, 0.0, 1.0], why="P(B) is 0")
