"""The marks a hidden test states its grading with, and what they mean for one collected test.

```
pytestmark = pytest.mark.grades("dot")      # every test of this module grades the notebook's dot

@pytest.mark.points(2)                        # worth 2 points, shared equally by its parametrized cases
@pytest.mark.call_timeout(20)                 # optional: CPU seconds per call of the student's function
@pytest.mark.parametrize("n", [1, 7, 1000])
def test_agrees_with_the_sum_of_products(student, ref, rng, n): ...
```
"""

from __future__ import annotations

import importlib
import zlib
from dataclasses import dataclass

import pytest

from autograder.suites.assignment import Assignment

DEFAULT_CALL_TIMEOUT = 5.0
MARKERS = (
    "grades(name): the graded function (or value) of the notebook that this test grades",
    "points(n): the points this test is worth, shared equally by its parametrized cases",
    "call_timeout(seconds): CPU seconds one call of the student's function may take (default 5)",
)
GRADED = pytest.StashKey["GradedTest"]()


@dataclass(frozen=True)
class GradedTest:
    """One collected hidden test as the grader sees it."""

    assignment: Assignment
    function: str
    name: str  # the test's Python name (without its parametrized case)
    title: str  # what the report names: the docstring's first line, and the parametrized case
    points: float
    call_timeout: float
    seed: int  # derived from the module and test name: the same test always draws the same inputs


def _one_value(item: pytest.Item, name: str) -> object:
    mark = item.get_closest_marker(name)
    if mark is None:
        return None
    if len(mark.args) != 1 or mark.kwargs:
        raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{name} takes exactly one argument")
    return mark.args[0]


def assignment_of(item: pytest.Item) -> Assignment:
    """The assignment whose suite package holds ``item``'s module."""
    package = getattr(item.module, "__package__", "") or ""
    while package:
        found = getattr(importlib.import_module(package), "ASSIGNMENT", None)
        if isinstance(found, Assignment):
            return found
        package = package.rpartition(".")[0]
    raise pytest.UsageError(f"{item.nodeid}: not inside a suite package (autograder/suites/<id>/ with ASSIGNMENT)")


def graded_test(item: pytest.Item, cases: int) -> GradedTest:
    """Read ``item``'s marks; ``cases`` is how many parametrized cases share its points."""
    assignment = assignment_of(item)
    function = _one_value(item, "grades")
    points = _one_value(item, "points")
    timeout = _one_value(item, "call_timeout") or DEFAULT_CALL_TIMEOUT
    if function not in assignment.functions:
        raise pytest.UsageError(
            f"{item.nodeid}: @pytest.mark.grades(...) must name one of {assignment.id}'s graded names "
            f"({', '.join(assignment.functions)}), got {function!r}"
        )
    if not isinstance(points, (int, float)) or points <= 0:
        raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.points(n) with n > 0 is required, got {points!r}")
    if not isinstance(timeout, (int, float)) or timeout <= 0:
        raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.call_timeout(seconds) needs seconds > 0")
    doc = (getattr(getattr(item, "function", None), "__doc__", None) or "").strip()
    title = doc.splitlines()[0] if doc else item.name
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        title = f"{title} [{callspec.id}]"
    seed = zlib.crc32(f"{item.module.__name__}::{item.name}".encode())
    name = getattr(item, "originalname", item.name)
    return GradedTest(assignment, str(function), name, title, float(points) / cases, float(timeout), seed)


def definition_key(item: pytest.Item) -> tuple[str, str, object]:
    """Which test definition (and graded function) an item comes from: its parametrized cases share it."""
    grades = item.get_closest_marker("grades")
    function = grades.args[0] if grades is not None and grades.args else None
    return (item.parent.nodeid if item.parent else "", getattr(item, "originalname", item.name), function)
