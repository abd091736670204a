"""Grade one submission: read it, check it statically, run the hidden suite against the sandbox."""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

from autograder.config import FALLBACK_ENV, GradeOptions
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
    """An isolation layer the options require is missing on this host."""


FALLBACK_HINT = (
    "Install bubblewrap (apt-get install bubblewrap) and allow unprivileged user namespaces "
    "(sysctl kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04), or, knowing that student "
    "code then runs as a plain process that can read every file the grader can read, allow the process "
    f"fallback with --allow-process-fallback or {FALLBACK_ENV}=1 (see autograder/SECURITY.md)."
)


def make_isolation(options: GradeOptions) -> Isolation:
    """The isolation layer the options ask for. Fails closed: without bubblewrap, raise unless the process
    fallback is allowed; with ``require_sandbox``, raise whenever any layer is missing."""
    if options.isolation == "bubblewrap" and not bubblewrap_works():
        raise SandboxUnavailable("bubblewrap was asked for but does not work on this host. " + FALLBACK_HINT)
    isolation = choose_isolation("process" if options.isolation == "process" else "auto")
    missing = "; ".join(isolation.missing)
    if options.require_sandbox and (isolation.missing or not isinstance(isolation, Bubblewrap)):
        raise SandboxUnavailable(f"the sandbox is required but these layers are missing: {missing}")
    if not isinstance(isolation, Bubblewrap) and not options.allow_process_fallback:
        if options.isolation == "process":
            raise SandboxUnavailable(
                f"--isolation process runs student code without these layers: {missing}. Add "
                f"--allow-process-fallback (or {FALLBACK_ENV}=1) to confirm that this is wanted."
            )
        raise SandboxUnavailable(
            f"grading stopped: bubblewrap cannot start on this host, so student code would run without these "
            f"layers: {missing}. {FALLBACK_HINT}"
        )
    return isolation


def layers_ran(isolation: Isolation) -> list[str]:
    """The isolation layers that run student code with this ``isolation``, for the report."""
    layers = ["separate process per function, rlimits"]
    if isinstance(isolation, Bubblewrap):
        layers.append("bubblewrap (user, PID, network, IPC, mount namespaces; read-only runtime only)")
    else:
        layers.append("no bubblewrap (process fallback allowed by the instructor)")
    if not any("cgroup" in m for m in isolation.missing):
        layers.append("cgroup caps (processes, memory, an equal CPU share)")
    return layers


def static_violations(suite: Suite, submission: Submission) -> tuple[dict[str, list[Violation]], dict[str, Exception]]:
    """(function → the rules broken by the code it can run: its answer cell, the helpers and aliases it
    uses from any cell, and what those cells run when loaded; function → the grader's error where its
    code could not be checked)."""
    found: dict[str, list[Violation]] = {}
    errors: dict[str, Exception] = {}
    for name in submission.answers:
        try:
            broken = check_function(submission.code_cells, name, RESTRICTIONS.get(name), submission.answer_cells)
        except Exception as exc:  # the rules bound their own work; this is the last line of defence
            errors[name] = exc
            continue
        if broken:
            found[name] = broken
    return found, errors


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
        try:
            others = sorted(defined_names(submission.answers[function].source) - {function})
        except Exception:  # a cell the parser cannot take: the results above still stand
            others = []
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
    """Grade the notebook (or folder) at ``path`` against ``assignment``'s hidden suite.

    Whatever the submission holds, this returns a report: an error inside the grader while grading it
    scores 0 what it left ungraded, with the error's class as the reason (see :func:`record_grader_error`).
    Only a missing isolation layer (:class:`SandboxUnavailable`) stops grading."""
    options = options or GradeOptions()
    started = time.perf_counter()
    suite = load_suite(assignment)
    isolation = make_isolation(options)
    report = GradeReport(
        assignment=assignment,
        submission=str(path),
        manual=dict(suite.manual),
        isolation=isolation.name,
        missing_layers=list(isolation.missing),
        layers=layers_ran(isolation),
        visibility=options.visibility,
    )
    try:
        _grade_into(report, suite, Path(path), options, isolation)
    except SandboxUnavailable:
        raise
    except Exception as exc:  # the last line of defence: no submission breaks the grader
        record_grader_error(report, suite, exc, options.only)
    report.execution_time = time.perf_counter() - started
    return report


def _grade_into(report: GradeReport, suite: Suite, path: Path, options: GradeOptions, isolation: Isolation) -> None:
    started = time.perf_counter()
    submission = read_submission(path, suite.notebook, suite.functions)
    report.notes += submission.notes
    if not submission.readable:
        report.notes.insert(0, submission.error)
        for function in suite.functions:
            report.tests += _zero(suite, function, f"not graded: {submission.error}", "unreadable")
        return
    if options.check_integrity and submission.notebook is not None:
        report.notes += integrity_notes(submission.notebook, release_notebook(suite.assignment))
    violations, unchecked = static_violations(suite, submission)
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
        box.plan([(f, cpu_budget(suite, f)) for f in graded if f not in reasons and f not in unchecked])
        for function in graded:
            if function in reasons:
                report.tests += _zero(suite, function, *reasons[function])
                continue
            if time.perf_counter() - started > options.submission_seconds:
                why = f"not run: the submission used all its {options.submission_seconds:g} s of grading time"
                report.tests += _zero(suite, function, why, "not_run")
                continue
            if function in unchecked:
                record_grader_error(report, suite, unchecked[function], (function,))
                continue
            try:
                report.tests += _run_function(suite, function, box, submission)
            except Exception as exc:  # this function could not be graded; the others still are
                record_grader_error(report, suite, exc, (function,))
        for problem in box.problems:
            verb = {"crash": "ended the process", "hang": "hung", "error": "raised an error"}[problem.kind]
            report.notes.append(f"cell {problem.cell!r} {verb} when run: {problem.detail}")


def grader_error_reason(exc: BaseException) -> str:
    """Why a function could not be graded: the error's class and the grader's line, never its message
    (a message can hold the submission's text)."""
    where = ""
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    ours = [f for f in frames if f"{os.sep}autograder{os.sep}" in f.filename] or frames
    if ours:
        frame = ours[-1]
        where = f" in {Path(frame.filename).name}:{frame.lineno}"
    return f"the grader failed on this submission ({type(exc).__name__}{where})"


def record_grader_error(
    report: GradeReport, suite: Suite, exc: BaseException, only: tuple[str, ...] = (), reason: str = ""
) -> None:
    """Score 0 every function of ``only`` (default: all) not graded yet, naming the grader's error."""
    reason = reason or grader_error_reason(exc)
    report.grader_error = report.grader_error or type(exc).__name__
    done = {t.function for t in report.tests}
    missing = [f for f in suite.functions if f not in done and (not only or f in only)]
    for function in missing:
        report.tests += _zero(
            suite, function, f"{function} could not be graded: {reason}. Tell your instructor.", "grader_error"
        )
    report.notes.append(
        f"{reason}; {', '.join(missing) or 'no function'} scored 0 for it. Tell your instructor: re-grading "
        "after the grader is fixed gives the points this code earns."
    )


def grader_failure_report(assignment: str, path: Path, exc: BaseException, reason: str = "") -> GradeReport:
    """A report for a submission whose grading or reporting failed as a whole (every function 0)."""
    suite = load_suite(assignment)
    report = GradeReport(assignment=assignment, submission=str(path), manual=dict(suite.manual))
    record_grader_error(report, suite, exc, reason=reason)
    return report


def refused_report(assignment: str, path: Path, reason: str, options: GradeOptions | None = None) -> GradeReport:
    """A report for a submission the grader refuses to read (e.g. a symbolic link out of it): every function 0."""
    suite = load_suite(assignment)
    report = GradeReport(
        assignment=assignment,
        submission=str(path),
        manual=dict(suite.manual),
        visibility=(options or GradeOptions()).visibility,
    )
    report.notes.append(f"not graded: {reason}")
    for function in suite.functions:
        report.tests += _zero(suite, function, f"not graded: {reason}", "refused")
    return report
