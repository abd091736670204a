"""Grade one submission: the hidden suite runs through pytest in this process (see ``pytest_plugin``)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from autograder.config import GradeOptions
from autograder.pytest_plugin.session import SuiteSession, catalog, suite_session
from autograder.pytest_plugin.submission import NotGraded, SubmissionRun
from autograder.report.results import GradeReport
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
    """A report for a submission whose grading or reporting failed as a whole: every test scores 0, with the
    grader's error as the reason (the same verdicts as a function the grader fails on while grading)."""
    run = SubmissionRun(load_assignment(assignment), Path(path), catalog(assignment), GradeOptions())
    run.grader_error(exc, reason=reason)
    for test in run.tests:
        run.record(test, NotGraded(*run.blocked[test.function]))
    return run.finish()
