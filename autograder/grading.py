"""Grade one submission: read it, check it statically, run the hidden suite against the sandbox."""

from __future__ import annotations

import time
from pathlib import Path

from autograder.config import GradeOptions
from autograder.notebook.integrity import integrity_notes
from autograder.notebook.reader import Submission, defined_names, read_submission
from autograder.paths import release_notebook
from autograder.references import load_reference
from autograder.report.results import GradeReport, TestResult
from autograder.sandbox.client import Ending, Sandbox
from autograder.sandbox.isolation import Bubblewrap, Isolation, bubblewrap_works, choose_isolation
from autograder.static.rules import RESTRICTIONS, Violation, check_function, explain
from autograder.suites import load_suite
from autograder.suites.checks import Fail, student_text
from autograder.suites.framework import GradedTest, Student, Suite


class SandboxUnavailable(RuntimeError):
    """``require_sandbox`` was asked for and a layer is missing."""


def make_isolation(options: GradeOptions) -> Isolation:
    """The isolation layer the options ask for; raise if a required one is missing."""
    if options.isolation == "bubblewrap" and not bubblewrap_works():
        raise SandboxUnavailable("bubblewrap was asked for but does not work on this host")
    isolation = choose_isolation("process" if options.isolation == "process" else "auto")
    if options.require_sandbox and (isolation.missing or not isinstance(isolation, Bubblewrap)):
        raise SandboxUnavailable(
            "the sandbox is required but these layers are missing: " + "; ".join(isolation.missing)
        )
    return isolation


def static_violations(suite: Suite, submission: Submission) -> dict[str, list[Violation]]:
    """function → the rules broken by the code it can run (its answer cell, the helpers and aliases it
    uses from any cell, and what those cells run when loaded)."""
    found: dict[str, list[Violation]] = {}
    for name in submission.answers:
        broken = check_function(submission.code_cells, name, RESTRICTIONS.get(name), submission.answer_cells)
        if broken:
            found[name] = broken
    return found


def _run_test(test: GradedTest, student: Student, suite: Suite) -> TestResult:
    reference = load_reference(suite.assignment)
    try:
        test.run(student, reference)
    except Fail as exc:
        return TestResult(test.function, test.name, 0.0, test.points, str(exc), "failed")
    except Exception as exc:
        message = (
            f"{test.function} returned something this test could not use "
            f"({type(exc).__name__}: {student_text(str(exc), 200)}). Check the documented return type and shape."
        )
        return TestResult(test.function, test.name, 0.0, test.points, message, "unusable")
    return TestResult(test.function, test.name, test.points, test.points, "", "passed")


def _zero(suite: Suite, function: str, reason: str, verdict: str) -> list[TestResult]:
    return [TestResult(function, t.name, 0.0, t.points, reason, verdict) for t in suite.tests_for(function)]


def cpu_budget(suite: Suite, function: str) -> float:
    """CPU seconds a function's child may use: every test's time-out, plus loading its cells."""
    return sum(t.timeout for t in suite.tests_for(function)) + 5


def _run_function(suite: Suite, function: str, box: Sandbox, submission: Submission) -> list[TestResult]:
    """Run one function's tests in one child; after a time-out the remaining tests are not run."""
    tests = suite.tests_for(function)
    session = box.session(function, cpu_seconds=cpu_budget(suite, function))
    results: list[TestResult] = []
    timed_out: TestResult | None = None
    try:
        for test in tests:
            if timed_out is not None:
                results.append(
                    TestResult(function, test.name, 0.0, test.points, f"not run: {timed_out.output}", "not_run")
                )
                continue
            calls = len(session.endings)
            result = _run_test(test, Student(function, session, test.timeout), suite)
            if Ending.TIMED_OUT in session.endings[calls:]:
                timed_out = result
            results.append(result)
    finally:
        session.close()
    if Ending.MISSING in session.endings:
        problem = box.problem_for(function)
        others = sorted(defined_names(submission.answers[function].source) - {function})
        if problem is not None:
            why = (
                f"{function} is not defined because its answer cell failed when run "
                f"({problem.detail}). Fix that cell first."
            )
        elif others:
            why = (
                f"{function} is not defined: its answer cell defines {', '.join(others)} instead. "
                f"Keep the released name {function}."
            )
        else:
            why = ""
        for result in results:
            if why and not result.passed:
                result.output = why
    return results


def grade_submission(assignment: str, path: Path, options: GradeOptions | None = None) -> GradeReport:
    """Grade the notebook (or folder) at ``path`` against ``assignment``'s hidden suite."""
    options = options or GradeOptions()
    started = time.perf_counter()
    suite = load_suite(assignment)
    isolation = make_isolation(options)
    submission = read_submission(Path(path), suite.notebook, suite.functions)
    report = GradeReport(
        assignment=assignment,
        submission=str(path),
        manual=dict(suite.manual),
        isolation=isolation.name,
        missing_layers=list(isolation.missing),
        visibility=options.visibility,
    )
    report.notes += submission.notes
    if not submission.readable:
        report.notes.insert(0, submission.error)
        for function in suite.functions:
            report.tests += _zero(suite, function, f"not graded: {submission.error}", "unreadable")
        report.execution_time = time.perf_counter() - started
        return report
    if options.check_integrity and submission.notebook is not None:
        report.notes += integrity_notes(submission.notebook, release_notebook(assignment))
    violations = static_violations(suite, submission)
    reasons: dict[str, tuple[str, str]] = {}
    for function in suite.functions:
        if function not in submission.answers:
            reasons[function] = (
                f"{function} was not found in the notebook: keep its answer cell and its name as released.",
                "no_cell",
            )
        elif function in violations:
            reasons[function] = (explain(function, violations[function]), "rule")
    graded = [f for f in suite.functions if not options.only or f in options.only]
    with Sandbox(submission.code_cells, options.limits, isolation, submission.answer_cells) as box:
        box.plan([(f, cpu_budget(suite, f)) for f in graded if f not in reasons])
        for function in graded:
            if function in reasons:
                report.tests += _zero(suite, function, *reasons[function])
            else:
                report.tests += _run_function(suite, function, box, submission)
        for problem in box.problems:
            verb = {"crash": "ended the process", "hang": "hung", "error": "raised an error"}[problem.kind]
            report.notes.append(f"cell {problem.cell!r} {verb} when run: {problem.detail}")
    report.execution_time = time.perf_counter() - started
    return report
