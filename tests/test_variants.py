"""Tests of the hidden tests: correct variants score full marks, typical mistakes lose points.

Each ``tests/variants/<assignment>.py`` defines ``CORRECT`` (function → list of answer-cell
sources written another way) and ``MISTAKES`` (function → {label: answer-cell source}).
"""

from __future__ import annotations

import importlib

import pytest

from autograder.config import GradeOptions
from autograder.grading import grade_submission
from autograder.suites import available, load_suite
from tests.conftest import notebook_with


def _cases(kind: str) -> list[pytest.param]:
    cases = []
    for assignment in available():
        try:
            module = importlib.import_module(f"tests.variants.{assignment}")
        except ModuleNotFoundError:
            continue  # test_every_function_has_variants reports it
        table = getattr(module, kind)
        for function, entries in table.items():
            items = entries.items() if isinstance(entries, dict) else enumerate(entries, 1)
            for label, code in items:
                cases.append(pytest.param(assignment, function, code, id=f"{assignment}-{function}-{label}"))
    return cases


def _grade(assignment: str, function: str, code: str, write_notebook) -> tuple[float, float, dict]:
    path = write_notebook(assignment, notebook_with(assignment, {function: code}))
    report = grade_submission(assignment, path, GradeOptions(only=(function,), check_integrity=False))
    score, max_score = report.functions()[function]
    failures = {t.name: t.output for t in report.tests if not t.passed}
    return score, max_score, failures


@pytest.mark.parametrize(("assignment", "function", "code"), _cases("CORRECT"))
def test_correct_variant_scores_full_marks(assignment: str, function: str, code: str, write_notebook) -> None:
    score, max_score, failures = _grade(assignment, function, code, write_notebook)
    assert score == max_score, failures


@pytest.mark.parametrize(("assignment", "function", "code"), _cases("MISTAKES"))
def test_mistake_loses_points(assignment: str, function: str, code: str, write_notebook) -> None:
    score, max_score, _ = _grade(assignment, function, code, write_notebook)
    assert score < max_score


@pytest.mark.parametrize("assignment", available())
def test_every_function_has_variants(assignment: str) -> None:
    module = importlib.import_module(f"tests.variants.{assignment}")
    suite = load_suite(assignment)
    for function in suite.functions:
        assert len(module.CORRECT.get(function, [])) >= 2, f"{function}: fewer than 2 correct variants"
        assert len(module.MISTAKES.get(function, {})) >= 4, f"{function}: fewer than 4 typical mistakes"
