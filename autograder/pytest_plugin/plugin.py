"""The pytest plugin: the grading engine's face to the hidden suites.

It adds ``--submission PATH`` and the grader's options, reads each test's marks, checks the submission
and plans its sandbox before the tests, gives the tests the ``student``, ``ref`` and ``rng`` fixtures,
turns each test's outcome into points with a typed verdict, and writes results.json and the Markdown
summary (JUnit is pytest's own ``--junitxml``). ``autograder/suites/conftest.py`` loads it, so
``python -m pytest autograder/suites/<id> --submission PATH`` grades like ``python -m autograder grade``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from autograder.config import GradeOptions, fallback_from_environment
from autograder.pytest_plugin.marks import GRADED, MARKERS, GradedTest, definition_key, graded_test
from autograder.pytest_plugin.submission import NotGraded, SubmissionRun
from autograder.references import load_reference
from autograder.report.escape import plain
from autograder.report.render import console_table, write_outputs
from autograder.report.results import GradeReport
from autograder.suites.student import Student

RUN = pytest.StashKey["SubmissionRun | None"]()
REPORT = pytest.StashKey[GradeReport]()
STUDENT_VIEW = pytest.StashKey[bool]()  # failures show only what a student may see (set when grading)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("autograder", "grading a submission with the hidden suite")
    group.addoption("--submission", type=Path, help="the notebook (or a folder holding it) to grade")
    group.addoption(
        "--grades",
        action="append",
        default=[],
        metavar="NAME",
        help="run only the tests of this graded function (repeatable; unlike -k, no substring matches)",
    )
    group.addoption("--json", dest="results_json", type=Path, help="write Gradescope's results.json here")
    group.addoption("--markdown", dest="results_markdown", type=Path, help="write the Markdown summary here")
    group.addoption(
        "--isolation", choices=("auto", "bubblewrap", "process"), default="auto", help="how student code is isolated"
    )
    group.addoption(
        "--allow-process-fallback",
        action="store_true",
        help="where bubblewrap cannot start, run student code in a plain process",
    )
    group.addoption("--require-sandbox", action="store_true", help="refuse unless every isolation layer runs")
    group.addoption(
        "--student-view", action="store_true", help="show each failure as the student sees it (no traceback)"
    )


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    config.stash[RUN] = None
    config.stash.setdefault(STUDENT_VIEW, bool(config.getoption("student_view", False)))
    _hypothesis_profile()


def _hypothesis_profile() -> None:
    """Hypothesis, where a suite uses it: the same examples every run, no database, nothing printed, and no
    shrinking or explaining of a failing example (no student ever sees it: the first failure is enough)."""
    try:
        from hypothesis import HealthCheck, Phase, Verbosity, settings
    except ImportError:  # a suite without hypothesis does not need it
        return
    settings.register_profile(
        "grading",
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
        max_examples=20,
        phases=(Phase.explicit, Phase.generate),
    )
    settings.load_profile("grading")


def options_from(config: pytest.Config) -> GradeOptions:
    """The grader's options given on pytest's command line."""
    return GradeOptions(
        isolation=config.getoption("isolation"),
        require_sandbox=config.getoption("require_sandbox"),
        allow_process_fallback=config.getoption("allow_process_fallback") or fallback_from_environment(),
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Read every test's marks (before ``-k`` or ``--lf`` deselect any: parametrized cases share their
    test's points), and order the tests by graded function as the notebook does."""
    cases = Counter(definition_key(item) for item in items)
    for item in items:
        item.stash[GRADED] = graded_test(item, cases[definition_key(item)])
    order = {}
    for item in items:
        test = item.stash[GRADED]
        order.setdefault(test.assignment.id, len(order))
    items.sort(key=lambda item: (order[item.stash[GRADED].assignment.id], _function_index(item.stash[GRADED])))
    wanted = config.getoption("grades")
    if wanted:
        dropped = [item for item in items if item.stash[GRADED].function not in wanted]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if item.stash[GRADED].function in wanted]


def _function_index(test: GradedTest) -> int:
    return test.assignment.functions.index(test.function)


def selected_tests(items: list[pytest.Item]) -> list[GradedTest]:
    """The graded tests of the collected items, in running order."""
    return [item.stash[GRADED] for item in items]


def begin(
    config: pytest.Config, items: list[pytest.Item], path: Path, options: GradeOptions, refused: str = ""
) -> None:
    """Start grading the submission at ``path`` with ``items`` (the tests of one assignment)."""
    tests = selected_tests(items)
    assignments = {t.assignment.id: t.assignment for t in tests}
    if len(assignments) != 1:
        raise pytest.UsageError(
            "grade one assignment at a time: collect autograder/suites/<id> (collected: "
            f"{', '.join(sorted(assignments)) or 'no hidden test'})"
        )
    run = SubmissionRun(next(iter(assignments.values())), path, tests, options, refused)
    run.start()
    config.stash[RUN] = run


def end(config: pytest.Config) -> GradeReport:
    """Finish grading the current submission: stop its sandbox and return its report."""
    run = config.stash[RUN]
    assert run is not None
    config.stash[RUN] = None
    return run.finish()


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session: pytest.Session) -> Generator[None, object, object]:
    """With ``--submission``: check it and start its sandbox before the tests, write its reports after."""
    config = session.config
    path = config.getoption("submission")
    if session.config.option.collectonly or config.stash[RUN] is not None or not session.items:
        return (yield)
    if path is None:
        raise pytest.UsageError(
            "the hidden tests grade a submission: add --submission PATH (a notebook, or a folder holding it)"
        )
    begin(config, session.items, path, options_from(config))
    try:
        return (yield)
    finally:
        report = end(config)
        config.stash[REPORT] = report
        write_outputs(report, config.getoption("results_json"), config.getoption("results_markdown"))


def _run(config: pytest.Config) -> SubmissionRun:
    run = config.stash[RUN]
    if run is None:
        raise pytest.UsageError("no submission is being graded (add --submission PATH)")
    return run


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> None:
    """A test whose function cannot be graded (a broken rule, no answer cell, an earlier time-out...)
    does not run: it fails with the reason."""
    _run(pyfuncitem.config).check_runnable(pyfuncitem.stash[GRADED])


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """After a function's last test, stop its child in the sandbox."""
    run = item.config.stash[RUN]
    function = item.stash[GRADED].function
    if run is not None and (nextitem is None or nextitem.stash[GRADED].function != function):
        run.done_with(function)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, object, object]:
    """Score the test once its outcome is known, and keep hidden details out of what students read."""
    report = yield
    assert isinstance(report, pytest.TestReport)
    run = item.config.stash[RUN]
    if run is None or not (call.when == "call" or (call.when == "setup" and report.failed)):
        return report
    test = item.stash[GRADED]
    exc = call.excinfo.value if call.excinfo is not None else None
    if call.when == "setup" or isinstance(exc, pytest.skip.Exception):
        exc = NotGraded(
            f"{test.function} could not be graded: this hidden test could not start "
            f"({type(exc).__name__}). Tell your instructor.",
            "grader_error",
        )
        run.report.grader_error = run.report.grader_error or "setup"
        report.outcome = "failed"
    result = run.record(test, exc)
    # JUnit's properties come from the item (its items are reused for every submission: replace, never append)
    points = ("points", f"{result.score:g}/{result.max_score:g}")
    item.user_properties[:] = [p for p in item.user_properties if p[0] != "points"] + [points]
    report.user_properties[:] = item.user_properties
    if report.failed:
        if item.config.stash[STUDENT_VIEW]:
            report.longrepr = plain(result.output)
        else:
            report.sections.append(("what the student reads", result.output))
    return report


# -- fixtures --------------------------------------------------------------------------------------------------
@pytest.fixture
def graded(request: pytest.FixtureRequest) -> GradedTest:
    """This test's grading: the function it grades, its points, its seed."""
    return request.node.stash[GRADED]


@pytest.fixture
def student(request: pytest.FixtureRequest) -> Student | None:
    """The submission's graded function: calling it runs the student's code in the sandbox."""
    try:
        return _run(request.config).student(request.node.stash[GRADED])
    except NotGraded:
        return None  # the test does not run (pytest_pyfunc_call fails it with the reason)


@pytest.fixture
def ref(request: pytest.FixtureRequest) -> ModuleType:
    """The reference solutions of the assignment (``solutions/<id>.py``)."""
    return load_reference(request.node.stash[GRADED].assignment.id)


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> np.random.Generator:
    """Random inputs seeded from the test's name: the same test always draws the same inputs."""
    return np.random.default_rng(request.node.stash[GRADED].seed)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    report = config.stash.get(REPORT, None)
    if report is not None:
        terminalreporter.write_sep("=", "grade")
        terminalreporter.write_line(console_table(report))
