"""Tests of the hidden tests: correct variants score full marks, typical mistakes lose points.

Each ``tests/variants/<assignment>.py`` defines ``CORRECT`` (function → list of answer-cell
sources written another way) and ``MISTAKES`` (function → {label: answer-cell source}), and may
define ``CAUGHT_BY`` (function → {label: hidden test}): the test, by Python name or title, that must
fail for that mistake (the one written to catch it).
"""

from __future__ import annotations

import importlib

import pytest

from autograder.config import GradeOptions
from autograder.grading import grade_submission
from autograder.suites import available, load_suite
from tests.conftest import notebook_with


def _caught_by(assignment: str, function: str, label: object) -> str:
    module = importlib.import_module(f"tests.variants.{assignment}")
    return getattr(module, "CAUGHT_BY", {}).get(function, {}).get(label, "")


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
                cases.append(pytest.param(assignment, function, code, label, id=f"{assignment}-{function}-{label}"))
    return cases


def _grade(assignment: str, function: str, code: str, write_notebook) -> tuple[float, float, dict]:
    path = write_notebook(assignment, notebook_with(assignment, {function: code}))
    report = grade_submission(assignment, path, GradeOptions(only=(function,), check_integrity=False))
    score, max_score = report.functions()[function]
    failures = {t.name: t.output for t in report.tests if not t.passed}
    return score, max_score, failures


def _title(assignment: str, function: str, test: str) -> str:
    """A hidden test's title (what the report names) from its Python name or its title."""
    for graded in load_suite(assignment).tests_for(function):
        if test in (graded.run.__name__, graded.name):
            return graded.name
    raise AssertionError(f"{function} has no hidden test {test!r}")


@pytest.mark.parametrize(("assignment", "function", "code", "label"), _cases("CORRECT"))
def test_correct_variant_scores_full_marks(
    assignment: str, function: str, code: str, label: object, write_notebook
) -> None:
    score, max_score, failures = _grade(assignment, function, code, write_notebook)
    assert score == max_score, failures


@pytest.mark.parametrize(("assignment", "function", "code", "label"), _cases("MISTAKES"))
def test_mistake_loses_points(assignment: str, function: str, code: str, label: object, write_notebook) -> None:
    score, max_score, failures = _grade(assignment, function, code, write_notebook)
    assert score < max_score
    catcher = _caught_by(assignment, function, label)
    if catcher:
        assert _title(assignment, function, catcher) in failures, failures


@pytest.mark.parametrize("assignment", available())
def test_caught_by_names_real_mistakes_and_tests(assignment: str) -> None:
    module = importlib.import_module(f"tests.variants.{assignment}")
    for function, labels in getattr(module, "CAUGHT_BY", {}).items():
        for label, test in labels.items():
            assert label in module.MISTAKES.get(function, {}), f"{function}: no mistake {label!r}"
            _title(assignment, function, test)


@pytest.mark.parametrize("assignment", available())
def test_every_function_has_variants(assignment: str) -> None:
    module = importlib.import_module(f"tests.variants.{assignment}")
    suite = load_suite(assignment)
    for function in suite.functions:
        assert len(module.CORRECT.get(function, [])) >= 2, f"{function}: fewer than 2 correct variants"
        assert len(module.MISTAKES.get(function, {})) >= 4, f"{function}: fewer than 4 typical mistakes"
