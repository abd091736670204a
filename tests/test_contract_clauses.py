"""Every clause of the curriculum contract is checked by a test that exists, and every graded function has clauses."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from autograder.pytest_plugin.session import catalog
from autograder.static.rules import RESTRICTIONS
from autograder.suites.assignment import available, load_assignment
from tests.contract_clauses import CLAUSES, CONVENTIONS

ROOT = Path(__file__).resolve().parent.parent
RULES = "rules:"


@cache
def project_tests(path: str) -> frozenset[str]:
    """The names of the test functions defined in a project test file."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_")
    )


def project_test_exists(target: str) -> bool:
    path, _, name = target.partition("::")
    return path.startswith("tests/") and (ROOT / path).is_file() and name in project_tests(path)


def missing_targets(assignment: str, function: str, targets: tuple[str, ...]) -> list[str]:
    """The targets of one clause that name no existing test."""
    names = {
        n
        for t in catalog(assignment)
        if t.function == function
        for n in (t.name, t.name.removeprefix("test_"), t.title)
    }
    missing = []
    for target in targets:
        if target.startswith(RULES):
            ruled = target.removeprefix(RULES)
            if ruled != function or ruled not in RESTRICTIONS:
                missing.append(target)
        elif "::" in target:
            if not project_test_exists(target):
                missing.append(target)
        elif target not in names:
            missing.append(target)
    return missing


@pytest.mark.parametrize("assignment", available())
def test_every_graded_function_has_clauses(assignment: str) -> None:
    suite = load_assignment(assignment)
    table = CLAUSES.get(assignment, {})
    assert [f for f in suite.functions if not table.get(f)] == []
    assert [f for f in table if f not in suite.functions] == [], "clauses for a function that is not graded"


@pytest.mark.parametrize("assignment", available())
def test_every_clause_names_existing_tests(assignment: str) -> None:
    problems = []
    for function, clauses in CLAUSES.get(assignment, {}).items():
        for clause, targets in clauses.items():
            if not targets:
                problems.append(f"{function}: {clause!r} is checked by no test")
            for target in missing_targets(assignment, function, targets):
                problems.append(f"{function}: {clause!r} names {target!r}, which does not exist")
    assert problems == []


def test_every_convention_names_existing_project_tests() -> None:
    problems = [clause for clause, targets in CONVENTIONS.items() if not targets]
    problems += [
        f"{clause!r} names {target!r}, which does not exist"
        for clause, targets in CONVENTIONS.items()
        for target in targets
        if not project_test_exists(target)
    ]
    assert problems == []


@pytest.mark.parametrize("assignment", available())
def test_every_restricted_function_has_a_rules_clause(assignment: str) -> None:
    suite = load_assignment(assignment)
    table = CLAUSES.get(assignment, {})
    unlisted = [
        function
        for function in RESTRICTIONS
        if function in suite.functions
        and not any(f"{RULES}{function}" in targets for targets in table.get(function, {}).values())
    ]
    assert unlisted == []


def test_a_missing_test_is_reported() -> None:
    """The checker itself: a made-up target, a rule for an unrestricted function, a missing project test."""
    targets = ("test_agrees_with_the_sum_of_products", "dot_no_such_test")
    assert missing_targets("m1_1_math", "dot", targets) == ["dot_no_such_test"]
    assert missing_targets("m1_1_math", "entropy", ("rules:entropy",)) == ["rules:entropy"]
    assert missing_targets("m1_1_math", "dot", ("rules:matmul",)) == ["rules:matmul"]
    assert not project_test_exists("tests/test_grading.py::test_no_such_test")
    assert project_test_exists("tests/test_grading.py::test_same_submission_same_score")
