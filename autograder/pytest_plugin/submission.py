"""One submission graded by the hidden tests: read it, check it statically, plan its sandbox, hand each
test the student's function, and turn each test's outcome into points with a typed verdict."""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

from autograder.config import GradeOptions
from autograder.notebook.integrity import integrity_notes
from autograder.notebook.reader import Submission, defined_names, read_submission
from autograder.paths import release_notebook, source_notebook
from autograder.pytest_plugin.marks import GradedTest
from autograder.report.results import GradeReport, TestResult
from autograder.sandbox.client import Ending, FunctionSession, Sandbox
from autograder.sandbox.policy import layers_ran, make_isolation
from autograder.static.rules import RESTRICTIONS, Violation, check_function, explain
from autograder.suites.assignment import Assignment
from autograder.suites.checks import Fail
from autograder.suites.student import Student

LOAD_SECONDS = 5.0  # CPU seconds a function's child may spend loading its cells, on top of its calls


class NotGraded(Exception):
    """This test does not run against the submission and scores 0: ``reason`` says why, ``verdict`` as data."""

    def __init__(self, reason: str, verdict: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.verdict = verdict


def static_violations(
    assignment: Assignment, submission: Submission
) -> tuple[dict[str, list[Violation]], dict[str, Exception]]:
    """(function → the rules broken by the code it can run: its answer cell, the helpers and aliases it
    uses from any cell, and what those cells run when loaded; function → the grader's error where its
    code could not be checked)."""
    found: dict[str, list[Violation]] = {}
    errors: dict[str, Exception] = {}
    for name in submission.answers:
        if name not in assignment.functions:
            continue
        try:
            broken = check_function(submission.code_cells, name, RESTRICTIONS.get(name), submission.answer_cells)
        except Exception as exc:  # the rules bound their own work; this is the last line of defence
            errors[name] = exc
            continue
        if broken:
            found[name] = broken
    return found, errors


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


def unusable_message(function: str, exc: BaseException) -> str:
    """A test's own code failed on what the student's function returned (an unexpected type or shape)."""
    return (
        f"{function} returned something this test could not use (the test's check raised {type(exc).__name__}). "
        "Check the documented return type and shape."
    )


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _leaves(inner)]
    return [exc]


def failure_of(exc: BaseException) -> BaseException:
    """The failure a test's outcome stands for. A group (hypothesis's ``FlakyFailure``: an example failed,
    then passed when replayed) stands for the first of its failures, never for its own text, which
    names the test's arguments (hidden inputs, the reference module)."""
    if not isinstance(exc, BaseExceptionGroup):
        return exc
    leaves = _leaves(exc)
    for kind in (Fail, AssertionError):
        for leaf in leaves:
            if isinstance(leaf, kind):
                return leaf
    return leaves[0] if leaves else RuntimeError("an empty exception group")


class SubmissionRun:
    """The state of grading one submission with the selected tests (in running order)."""

    def __init__(
        self,
        assignment: Assignment,
        path: Path,
        tests: list[GradedTest],
        options: GradeOptions,
        refused: str = "",
    ) -> None:
        self.assignment = assignment
        self.path = Path(path)
        self.tests = tests
        self.options = options
        self.started = time.perf_counter()
        self.report = GradeReport(
            assignment=assignment.id,
            submission=str(path),
            manual=dict(assignment.manual),
            visibility=options.visibility,
        )
        self.results: list[TestResult] = []
        self.blocked: dict[str, tuple[str, str]] = {}  # function → (reason, verdict) for each of its tests
        self.timed_out: dict[str, str] = {}  # function → the message of the test whose call ran out of time
        self.submission: Submission | None = None
        self.box: Sandbox | None = None
        self.sessions: dict[str, FunctionSession] = {}
        self._calls_before: dict[str, int] = {}
        if refused:
            self.report.notes.append(f"not graded: {refused}")
            self._block_all(f"not graded: {refused}", "refused")

    # -- before the tests ----------------------------------------------------------------
    def start(self) -> None:
        """Read and check the submission and start its sandbox. A missing isolation layer raises
        :class:`~autograder.sandbox.policy.SandboxUnavailable`; any other error scores what is left 0."""
        isolation = make_isolation(self.options)
        self.report.isolation = isolation.name
        self.report.missing_layers = list(isolation.missing)
        self.report.layers = layers_ran(isolation)
        if len(self.blocked) == len(self.assignment.functions):
            return
        try:
            self._prepare(isolation)
        except Exception as exc:  # the last line of defence: no submission breaks the grader
            self.grader_error(exc)

    def _prepare(self, isolation: object) -> None:
        assignment = self.assignment
        if not self.path.exists():
            why = f"no submission folder {self.path.name}/ for this student"
            self.report.notes.append(why)
            self._block_all("no submission", "no_submission")
            return
        submission = read_submission(self.path, assignment.notebook, list(assignment.functions))
        self.submission = submission
        self.report.notes += submission.notes
        if not submission.readable:
            self.report.notes.insert(0, submission.error)
            self._block_all(f"not graded: {submission.error}", "unreadable")
            return
        if self.options.check_integrity and submission.notebook is not None and not self._is_the_source():
            self.report.notes += integrity_notes(submission.notebook, release_notebook(assignment.id))
        violations, unchecked = static_violations(assignment, submission)
        for function in assignment.functions:
            if function not in submission.answers:
                self.blocked[function] = (
                    f"{function} was not found in the notebook: keep its answer cell and its name as released.",
                    "no_cell",
                )
            elif function in violations:
                self.blocked[function] = (explain(function, violations[function]), "rule")
        for function, exc in unchecked.items():
            self.grader_error(exc, (function,))
        self.box = Sandbox(submission.code_cells, self.options.limits, isolation, submission.answer_cells)
        self.box.start()
        order = list(dict.fromkeys(t.function for t in self.tests))
        self.box.plan([(f, self.cpu_budget(f)) for f in order if f not in self.blocked])

    def _is_the_source(self) -> bool:
        """The instructor's own notebook (its test cells hold the hidden parts: not compared with the release)."""
        source = source_notebook(self.assignment.id).resolve()
        here = self.path.resolve()
        return here == source or here / self.assignment.notebook == source

    def cpu_budget(self, function: str) -> float:
        """CPU seconds a function's child may use: every selected test's call time-out, plus loading."""
        return sum(t.call_timeout for t in self.tests if t.function == function) + LOAD_SECONDS

    def _block_all(self, reason: str, verdict: str) -> None:
        for function in self.assignment.functions:
            self.blocked.setdefault(function, (reason, verdict))

    def grader_error(self, exc: BaseException, functions: tuple[str, ...] = (), reason: str = "") -> None:
        """Score 0 every test of ``functions`` (default: all) not run yet, naming the grader's error."""
        reason = reason or grader_error_reason(exc)
        self.report.grader_error = self.report.grader_error or type(exc).__name__
        done = {r.function for r in self.results}
        hit = [f for f in self.assignment.functions if f not in done and (not functions or f in functions)]
        for function in hit:
            self.blocked[function] = (
                f"{function} could not be graded: {reason}. Tell your instructor.",
                "grader_error",
            )
        self.report.notes.append(
            f"{reason}; {', '.join(hit) or 'no function'} scored 0 for it. Tell your instructor: re-grading "
            "after the grader is fixed gives the points this code earns."
        )

    # -- during the tests ----------------------------------------------------------------
    def check_runnable(self, test: GradedTest) -> None:
        """Raise :class:`NotGraded` when ``test`` must not run against this submission."""
        function = test.function
        if function in self.blocked:
            raise NotGraded(*self.blocked[function])
        if function in self.timed_out:
            raise NotGraded(f"not run: {self.timed_out[function]}", "not_run")
        if function not in self.sessions and time.perf_counter() - self.started > self.options.submission_seconds:
            seconds = f"{self.options.submission_seconds:g}"
            raise NotGraded(f"not run: the submission used all its {seconds} s of grading time", "not_run")

    def student(self, test: GradedTest) -> Student:
        """The student's function for ``test``: calls go to the function's own child in the sandbox."""
        self.check_runnable(test)
        assert self.box is not None
        session = self.sessions.get(test.function)
        if session is None:
            session = self.box.session(test.function, cpu_seconds=self.cpu_budget(test.function))
            self.sessions[test.function] = session
        self._calls_before[test.function] = len(session.endings)
        return Student(test.function, session, test.call_timeout)

    def record(self, test: GradedTest, exc: BaseException | None) -> TestResult:
        """Turn a test's outcome into points: passed, failed (the test's own message), not graded (its
        reason), or a test that could not use what the function returned."""
        function = test.function
        if exc is not None:
            exc = failure_of(exc)
        if exc is None:
            result = TestResult(function, test.title, test.points, test.points, "", "passed")
        elif isinstance(exc, NotGraded):
            result = TestResult(function, test.title, 0.0, test.points, exc.reason, exc.verdict)
        elif isinstance(exc, Fail):
            result = TestResult(function, test.title, 0.0, test.points, str(exc), "failed")
        elif isinstance(exc, AssertionError):  # a bare assert: its text and introspection stay hidden
            message = f"{function} does not pass the hidden test “{test.title}”."
            result = TestResult(function, test.title, 0.0, test.points, message, "failed")
        else:
            result = TestResult(function, test.title, 0.0, test.points, unusable_message(function, exc), "unusable")
        session = self.sessions.get(function)
        if session is not None and Ending.TIMED_OUT in session.endings[self._calls_before.get(function, 0) :]:
            self.timed_out.setdefault(function, result.output)
        self.results.append(result)
        return result

    def done_with(self, function: str) -> None:
        """The tests of ``function`` are over: stop its child."""
        session = self.sessions.get(function)
        if session is not None:
            session.close()

    # -- after the tests -----------------------------------------------------------------
    def finish(self) -> GradeReport:
        """Stop the sandbox and return the report, results in the assignment's order of functions."""
        try:
            for function in list(self.sessions):
                self.done_with(function)
            self._explain_missing()
        finally:
            if self.box is not None:
                for problem in self.box.problems:
                    verb = {"crash": "ended the process", "hang": "hung", "error": "raised an error"}[problem.kind]
                    self.report.notes.append(f"cell {problem.cell!r} {verb} when run: {problem.detail}")
                self.box.close()
        order = {f: i for i, f in enumerate(self.assignment.functions)}
        self.report.tests = sorted(self.results, key=lambda r: order[r.function])
        self.report.execution_time = time.perf_counter() - self.started
        return self.report

    def _explain_missing(self) -> None:
        """A function the submission does not define: say why, from its answer cell."""
        assert self.submission is not None or not self.sessions
        for function, session in self.sessions.items():
            if Ending.MISSING not in session.endings or self.submission is None or self.box is None:
                continue
            problem = self.box.problem_for(function)
            try:
                others = sorted(defined_names(self.submission.answers[function].source) - {function})
            except Exception:  # a cell the parser cannot take: the results stand as they are
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
                continue
            for result in self.results:
                if result.function == function and not result.passed:
                    result.output = why
