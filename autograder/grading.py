"""Grade one submission: the hidden suite runs through pytest in this process (see ``pytest_plugin``)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from autograder.config import GradeOptions
from autograder.pytest_plugin.session import SuiteSession, catalog, suite_session
from autograder.pytest_plugin.submission import grader_error_reason
from autograder.report.results import GradeReport, TestResult
from autograder.sandbox.policy import SandboxUnavailable
from autograder.suites.assignment import load_assignment


def grade_submission(
    assignment: str,
    path: Path,
    options: GradeOptions | None = None,
    select: Sequence[str] = (),
    junit: Path | None = None,
) -> GradeReport:
    """Grade the notebook (or folder) at ``path`` with ``assignment``'s hidden suite; ``select`` takes
    pytest's selection options (``["-k", "dot"]``), ``junit`` is where pytest writes its JUnit XML.

    Whatever the submission holds, this returns a report: an error inside the grader scores 0 what it
    left ungraded, with the error's class as the reason. Only a missing isolation layer
    (:class:`SandboxUnavailable`) stops grading."""
    return _graded(assignment, path, options or GradeOptions(), select, "", junit)


def refused_report(
    assignment: str, path: Path, reason: str, options: GradeOptions | None = None, junit: Path | None = None
) -> GradeReport:
    """A submission the grader refuses to read (e.g. a symbolic link out of it): every test scores 0."""
    return _graded(assignment, path, options or GradeOptions(), (), reason, junit)


def _graded(
    assignment: str, path: Path, options: GradeOptions, select: Sequence[str], refused: str, junit: Path | None
) -> GradeReport:
    started = time.perf_counter()
    try:
        if junit is None:
            report = suite_session(assignment, select).grade(Path(path), options, refused)
        else:  # pytest writes JUnit when its session ends: a session of its own
            session = SuiteSession(assignment, select, ["--junitxml", str(junit)])
            try:
                report = session.grade(Path(path), options, refused)
            finally:
                session.close()
    except SandboxUnavailable:
        raise
    except Exception as exc:  # the last line of defence: no submission breaks the grader
        report = grader_failure_report(assignment, path, exc)
    report.execution_time = time.perf_counter() - started
    return report


def grader_failure_report(assignment: str, path: Path, exc: BaseException, reason: str = "") -> GradeReport:
    """A report for a submission whose grading or reporting failed as a whole (every test 0)."""
    declared = load_assignment(assignment)
    reason = reason or grader_error_reason(exc)
    report = GradeReport(assignment=assignment, submission=str(path), manual=dict(declared.manual))
    report.grader_error = type(exc).__name__
    report.tests = [
        TestResult(
            t.function,
            t.title,
            0.0,
            t.points,
            f"{t.function} could not be graded: {reason}. Tell your instructor.",
            "grader_error",
        )
        for t in catalog(assignment)
    ]
    report.notes.append(
        f"{reason}; every function scored 0 for it. Tell your instructor: re-grading after the grader is fixed "
        "gives the points this code earns."
    )
    return report
