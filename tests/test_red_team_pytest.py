"""Red team of the pytest port (issue #16): what pytest itself adds around the hidden suites (hypothesis's
exception groups, a session reused for many submissions) must not leak hidden inputs nor carry one
submission's grading into the next one's."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.config import GradeOptions
from autograder.grading import grade_submission
from autograder.paths import source_notebook
from autograder.pytest_plugin.session import catalog, suite_session
from tests.conftest import notebook_with

pytestmark = pytest.mark.xdist_group("pytest_suites")  # one worker: these runs share the cores
OPTIONS = GradeOptions(check_integrity=False)

# Wrong on its third call only: hypothesis finds the failure, replays the example, sees it pass and raises
# FlakyFailure, whose text is "Hypothesis test_...(student=..., ref=<module ... from '/.../solutions/...'>,
# x=array([...]), degree=...) produces unreliable results".
FLAKY_POLYNOMIAL = """import numpy as np
_calls = [0]

def polynomial_features(x, degree):
    _calls[0] += 1
    out = np.vander(np.asarray(x, dtype=float), degree + 1, increasing=True)
    return out + 1.0 if _calls[0] == 3 else out
"""


def test_a_function_that_fails_once_under_hypothesis_shows_the_failure_not_the_example(write_notebook) -> None:
    A = "m1_2_classical_ml"
    path = write_notebook(A, notebook_with(A, {"polynomial_features": FLAKY_POLYNOMIAL}))
    report = grade_submission(A, path, OPTIONS, select=["-k", "vandermonde"])
    [result] = report.tests
    assert result.score == 0 and result.verdict == "failed", result
    assert result.output.startswith("polynomial_features of "), result.output
    for leak in ("Hypothesis", "FlakyFailure", "ref=", "x=", "degree=", "solutions", "<module", " at 0x"):
        assert leak not in result.output, (leak, result.output)
    assert not report.grader_error


class _Interrupt:
    """A plugin that stops grading once the third hidden test has run, before its teardown (as Ctrl-C
    there would, or an error in a hook)."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.calls = 0

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.calls += report.when == "call"
        if self.calls == 3 and report.when == "call":
            raise self.error


@pytest.mark.parametrize("error", [KeyboardInterrupt(), RuntimeError("a hook failed")], ids=["ctrl-c", "hook-error"])
def test_grading_stopped_inside_a_test_leaves_the_next_submission_untouched(error: BaseException) -> None:
    """A session reused for many submissions (a grade-all worker, an instructor's Python session) must
    not start the next submission inside the setup of the test where the last one stopped."""
    A = "m1_1_math"
    session = suite_session(A)
    stopper = _Interrupt(error)
    session.config.pluginmanager.register(stopper, "red-team-interrupt")
    try:
        if isinstance(error, KeyboardInterrupt):
            with pytest.raises(KeyboardInterrupt):
                grade_submission(A, source_notebook(A), OPTIONS)
        else:
            assert grade_submission(A, source_notebook(A), OPTIONS).grader_error
    finally:
        session.config.pluginmanager.unregister(stopper)
    report = grade_submission(A, source_notebook(A), OPTIONS)
    assert not report.grader_error, [t.output for t in report.tests if not t.passed]
    assert report.score == report.max_score


ENCODED_ECHO = """import numpy as np

def dot(u, v):
    text = " ".join("%.6f" % x for x in np.ravel(np.asarray(u, dtype=float))[:4])
    raise ValueError("".join("abcdefghij"[int(c)] if c.isdigit() else c for c in text))
"""


ENCODED_CLASS = """import numpy as np

def dot(u, v):
    text = "E" + "_".join("%.6f" % x for x in np.ravel(np.asarray(u, dtype=float))[:4])
    name = "".join("abcdefghij"[int(c)] if c.isdigit() else "x" if not c.isalnum() else c for c in text)
    raise type(name, (ValueError,), {})(name)
"""


@pytest.mark.parametrize("code", [ENCODED_ECHO, ENCODED_CLASS], ids=["message", "class-name"])
def test_a_message_that_spells_the_hidden_inputs_with_letters_does_not_show_them(write_notebook, code: str) -> None:
    """Neither an exception's text nor the name of a class the student made reaches the feedback: only a
    known class, the student's own line and a hint."""
    A = "m1_1_math"
    report = grade_submission(A, write_notebook(A, notebook_with(A, {"dot": code})), OPTIONS, ["-k", "dot"])
    first, test = report.tests[0], catalog(A)[0]
    assert first.name == test.title and test.title.endswith("[n=1]")
    hidden = f"{np.random.default_rng(test.seed).standard_normal(1)[0]:.6f}"  # the u the test draws
    spelled = "".join("abcdefghij"[int(c)] if c.isdigit() else c for c in hidden)
    assert spelled.lstrip("-")[2:] not in first.output, first.output
