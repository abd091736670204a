"""Tests of the hidden tests: correct variants score full marks, typical mistakes lose points.

Each ``tests/variants/<assignment>.py`` defines ``CORRECT`` (function → list of answer-cell
sources written another way) and ``MISTAKES`` (function → {label: answer-cell source}), and may
define ``CAUGHT_BY`` (function → {label: hidden test}): the test, by Python name or title, that must
fail for that mistake (the one written to catch it).

``variants/before_port.json`` holds what the registry-based grader gave every variant and sample before the
hidden suites became pytest modules: the port keeps every verdict and every function's points.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from autograder.config import GradeOptions
from autograder.grading import grade_submission
from autograder.pytest_plugin.session import catalog
from autograder.suites.assignment import available, load_assignment
from tests.conftest import notebook_with

BEFORE_PORT = json.loads((Path(__file__).parent / "variants" / "before_port.json").read_text(encoding="utf-8"))


def _before(kind: str, assignment: str, function: str, label: object) -> dict:
    for row in BEFORE_PORT["variants"]:
        if (row["kind"], row["assignment"], row["function"], row["label"]) == (kind, assignment, function, str(label)):
            return row
    return {}


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
    report = grade_submission(assignment, path, GradeOptions(check_integrity=False), select=["--grades", function])
    score, max_score = report.functions()[function]
    failures = {t.name: t.output for t in report.tests if not t.passed}
    return score, max_score, failures


def _titles(assignment: str, function: str, test: str) -> set[str]:
    """The titles (what the report names) of a hidden test's cases, from its Python name or its title."""
    found = {
        graded.title
        for graded in catalog(assignment)
        if graded.function == function and test in (graded.name, graded.title, graded.name.removeprefix("test_"))
    }
    assert found, f"{function} has no hidden test {test!r}"
    return found


@pytest.mark.parametrize(("assignment", "function", "code", "label"), _cases("CORRECT"))
def test_correct_variant_scores_full_marks(
    assignment: str, function: str, code: str, label: object, write_notebook
) -> None:
    score, max_score, failures = _grade(assignment, function, code, write_notebook)
    assert score == max_score, failures
    before = _before("CORRECT", assignment, function, label)
    assert not before or before["score"] == before["max"] == max_score  # full marks before the port too


@pytest.mark.parametrize(("assignment", "function", "code", "label"), _cases("MISTAKES"))
def test_mistake_loses_points(assignment: str, function: str, code: str, label: object, write_notebook) -> None:
    score, max_score, failures = _grade(assignment, function, code, write_notebook)
    assert score < max_score
    before = _before("MISTAKES", assignment, function, label)
    assert not before or before["score"] < before["max"] == max_score  # lost points before the port too
    catcher = _caught_by(assignment, function, label)
    if catcher:
        assert _titles(assignment, function, catcher) & failures.keys(), failures


@pytest.mark.parametrize("assignment", available())
def test_caught_by_names_real_mistakes_and_tests(assignment: str) -> None:
    module = importlib.import_module(f"tests.variants.{assignment}")
    for function, labels in getattr(module, "CAUGHT_BY", {}).items():
        for label, test in labels.items():
            assert label in module.MISTAKES.get(function, {}), f"{function}: no mistake {label!r}"
            _titles(assignment, function, test)


@pytest.mark.parametrize("assignment", available())
def test_every_function_has_variants(assignment: str) -> None:
    module = importlib.import_module(f"tests.variants.{assignment}")
    suite = load_assignment(assignment)
    for function in suite.functions:
        assert len(module.CORRECT.get(function, [])) >= 2, f"{function}: fewer than 2 correct variants"
        assert len(module.MISTAKES.get(function, {})) >= 4, f"{function}: fewer than 4 typical mistakes"


CONSTANT_ANSWERS = {
    "zero": "def {f}(*args, **kwargs):\n    return 0.0\n",
    "first argument": "def {f}(*args, **kwargs):\n    return args[0] if args else 0.0\n",
    "zeros like the first argument": (
        "def {f}(*args, **kwargs):\n    return np.zeros_like(np.asarray(args[0], dtype=float)) if args else 0.0\n"
    ),
}


@pytest.mark.parametrize("kind", list(CONSTANT_ANSWERS))
@pytest.mark.parametrize("assignment", available())
def test_a_constant_answer_earns_nothing(assignment: str, kind: str, write_notebook) -> None:
    """No hidden test gives points to a function that ignores its input: a case whose answer happens to be
    0 (or the input itself) is checked beside one whose answer is not."""
    functions = [f for f in load_assignment(assignment).functions if not f.isupper()]  # not the graded values
    answers = {f: CONSTANT_ANSWERS[kind].format(f=f) for f in functions}
    report = grade_submission(assignment, write_notebook(assignment, notebook_with(assignment, answers)))
    earned = {t.name: t.score for t in report.tests if t.function in functions and t.score > 0}
    assert earned == {}
