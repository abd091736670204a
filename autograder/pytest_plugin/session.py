"""Run an assignment's hidden suite in this process: one pytest session, collected once, grades any
number of submissions (a batch worker pays pytest's start-up and collection once, not per student).

Grading is pinned: only ``grading.ini`` and the suites' conftest (the plugin) are read; ``PYTEST_ADDOPTS``,
``PYTEST_PLUGINS``, installed plugins, conftest files outside the suites and the cache are not; failures
keep only the message each test chose to show; assertion rewriting is off.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from _pytest.config import _prepareconfig  # pytest's own way to build a Config from arguments
from _pytest.main import Session

from autograder.config import GradeOptions
from autograder.paths import ROOT
from autograder.pytest_plugin import plugin
from autograder.pytest_plugin.marks import GradedTest
from autograder.report.results import GradeReport
from autograder.suites.assignment import SUITES, load_assignment

GRADING_ARGS = (
    f"--config-file={Path(__file__).with_name('grading.ini')}",
    f"--rootdir={ROOT}",  # node ids and JUnit names as in an instructor's run from the repository
    f"--confcutdir={SUITES}",
    "--assert=plain",
    "--capture=no",
    "-p",
    "no:cacheprovider",
    "-p",
    "no:terminal",
    "-p",
    "no:faulthandler",
    "-p",
    "no:warnings",
    "-p",
    "no:logging",
)


@contextlib.contextmanager
def _pinned_environment() -> Iterator[None]:
    """While pytest reads its configuration: no PYTEST_* variable from outside, no plugin autoloading."""
    saved = {k: v for k, v in os.environ.items() if k.startswith("PYTEST_")}
    for key in saved:
        del os.environ[key]
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        os.environ.update(saved)


class SuiteSession:
    """A pytest session over one assignment's hidden suite. ``select`` takes pytest's selection options
    (``["-k", "dot"]``); ``extra`` any other pytest option (``["--junitxml", "report.xml"]``)."""

    def __init__(self, assignment: str, select: Sequence[str] = (), extra: Sequence[str] = ()) -> None:
        self.assignment = load_assignment(assignment)
        args = [str(self.assignment.suite_dir), *GRADING_ARGS, *select, *extra]
        with _pinned_environment():
            self.config = _prepareconfig(args)
        self.config.stash[plugin.STUDENT_VIEW] = True
        self.config.option.tbstyle = "value"  # the student's message replaces pytest's traceback: don't build one
        self.session: Session | None = None
        try:
            self.config._do_configure()
            self.session = Session.from_config(self.config)
            self.config.hook.pytest_sessionstart(session=self.session)
            self.config.hook.pytest_collection(session=self.session)
        except BaseException:
            self.close()
            raise
        if self.session.testsfailed:  # a hidden module that does not import is the grader's bug, not a grade
            raise RuntimeError(f"the hidden suite of {assignment} has collection errors")
        self.items = list(self.session.items)

    @property
    def tests(self) -> list[GradedTest]:
        """The selected hidden tests, in running order."""
        return plugin.selected_tests(self.items)

    def grade(self, path: Path, options: GradeOptions, refused: str = "") -> GradeReport:
        """Grade the submission at ``path`` (or, when ``refused`` says why it is not read, score it 0)."""
        assert self.session is not None
        plugin.begin(self.config, self.items, path, options, refused)
        hook = self.config.hook
        finished = False
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                for index, item in enumerate(self.items):
                    following = self.items[index + 1] if index + 1 < len(self.items) else None
                    hook.pytest_runtest_protocol(item=item, nextitem=following)
            finished = True
        finally:
            if not finished:
                self._tear_down()
            report = plugin.end(self.config)
        return report

    def _tear_down(self) -> None:
        """After grading stopped inside a test (Ctrl-C, an error in a hook): tear down what that test set
        up, so the next submission this session grades does not start inside the stopped one's setup."""
        assert self.session is not None
        with contextlib.suppress(Exception):
            self.session._setupstate.teardown_exact(None)  # pytest's own: nothing set up remains

    def close(self) -> None:
        """End the session (pytest writes ``--junitxml`` here)."""
        if self.session is not None:
            self.config.hook.pytest_sessionfinish(session=self.session, exitstatus=0)
            self.session = None
        self.config._ensure_unconfigure()


_SESSIONS: dict[tuple[str, tuple[str, ...]], SuiteSession] = {}


def suite_session(assignment: str, select: Sequence[str] = ()) -> SuiteSession:
    """This process's session for ``assignment`` (made on first use, then reused)."""
    key = (assignment, tuple(select))
    if key not in _SESSIONS:
        _SESSIONS[key] = SuiteSession(assignment, select)
    return _SESSIONS[key]


def catalog(assignment: str) -> list[GradedTest]:
    """Every hidden test of ``assignment`` with its points, in running order."""
    return suite_session(assignment).tests


def points(assignment: str) -> dict[str, float]:
    """function → its autograded points (the sum over its hidden tests), in the notebook's order."""
    table = dict.fromkeys(load_assignment(assignment).functions, 0.0)
    for test in catalog(assignment):
        table[test.function] += test.points
    return {function: round(total, 6) for function, total in table.items()}
